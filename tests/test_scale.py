"""A big site stays small page by page (issue 14) and every page carries its policy (issue
16): each page's navigation, the paged case index, and the page policy's HTML."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.synthetic import write_site
from generator import case_index
from generator.build import build, collect_cases
from generator.derive import listing
from generator.page_policy import apply_page_policy, content_security_policy

from .conftest import SHAPES, make_project
from .factories import mkdocs_build


def _nav_links(html: str) -> list[str]:
    """Every link in the page's navigation (Material's primary sidebar)."""
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")
    assert nav is not None
    return [str(a["href"]) for a in nav.select("a[href]")]


@pytest.fixture(scope="module")
def shapes_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("shapes") / "project", cases=SHAPES)
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_an_explainers_pages_list_that_explainer_and_the_sites_pages_only(
    shapes_site: Path,
) -> None:
    for slug in SHAPES:
        html = (shapes_site / "cases" / slug / "chronology" / "index.html").read_text("utf-8")
        links = _nav_links(html)
        others = [link for link in links for s in SHAPES if s != slug and s in link]
        assert not others, others
        assert "../sources/" in links and "./" in links, links
        assert any(link.endswith("about/") for link in links), links


def test_the_home_and_404_pages_list_no_explainer_in_their_navigation(shapes_site: Path) -> None:
    for page in ("index.html", "404.html", "about/index.html"):
        links = _nav_links((shapes_site / page).read_text("utf-8"))
        assert not [link for link in links if "cases/" in link], (page, links)
    home = (shapes_site / "index.html").read_text("utf-8")
    table = home.split('<div class="ce-index">', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == len(SHAPES) + 1  # the heading row and one per explainer
    for slug in SHAPES:
        assert f'href="cases/{slug}/"' in table, slug


def test_the_case_index_pages_and_links_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path, 5)
    listings = [listing(page) for page in collect_cases(tmp_path).pages]
    pages = case_index.index_pages(listings, per_page=2)
    assert [p.path for p in pages] == ["index.md", "explainers/2.md", "explainers/3.md"]
    assert [len(p.listings) for p in pages] == [2, 2, 1]
    assert [item for p in pages for item in p.listings] == listings  # each once, in order
    assert pages[1].pages == (
        (1, "../index.md"),
        (2, "../explainers/2.md"),
        (3, "../explainers/3.md"),
    )
    rows = json.loads(case_index.index_json(listings))["explainers"]
    assert [r["title"] for r in rows] == [item.title for item in listings]

    # a site that shrinks loses the pages it no longer needs
    monkeypatch.setattr(case_index, "PER_PAGE", 2)
    out = tmp_path / "out"
    build(tmp_path, out, jobs=1)
    assert sorted(p.name for p in (out / "explainers").iterdir()) == ["2.md", "3.md", "index.json"]
    for extra in sorted((tmp_path / "data" / "cases").glob("*.yaml"))[:2]:
        extra.unlink()
    result = build(tmp_path, out, jobs=1)
    assert "explainers/3.md" in result.removed and not (out / "explainers" / "3.md").exists()
    assert "Page [1](../index.md) **2**" in (out / "explainers" / "2.md").read_text("utf-8")


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>
<script id="__config" type="application/json">{"base": "."}</script>
<script type="application/ld+json">{"@type": "Article"}</script>
<script>var palette=1</script>
<table><tr><th style="text-align: right;">A</th><td style="text-align: center;">1</td></tr></table>
<a href="https://example.org/x">out</a> <a href="https://site.test/repo/about/">in</a>
<a href="https://example.org/y" rel="nofollow" class="c">out</a> <a href="../glossary/">rel</a>
</body></html>"""


def test_the_policy_allows_the_pages_own_scripts_by_hash_and_nothing_inline_else() -> None:
    policy = content_security_policy(PAGE)
    digest = base64.b64encode(hashlib.sha256(b"var palette=1").digest()).decode()
    assert re.search(rf"script-src 'self' 'wasm-unsafe-eval' 'sha256-{re.escape(digest)}';", policy)
    assert policy.count("'sha256-") == 1  # the JSON data blocks never run: not allowed
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy
    for directive in ("default-src 'none'", "style-src 'self'", "connect-src 'self'"):
        assert directive in policy
    assert "http" not in policy  # no other origin, anywhere


def test_the_page_policy_marks_outbound_links_and_moves_alignment_to_classes() -> None:
    html = apply_page_policy(PAGE, "https://site.test/repo/")
    head = html.split("<title>", 1)[0]
    assert head.index("<meta charset") < head.index('http-equiv="Content-Security-Policy"')
    assert '<meta name="referrer" content="same-origin">' in head
    assert 'style="' not in html
    assert '<th class="ce-align-right">A</th><td class="ce-align-center">' in html
    assert '<a href="https://example.org/x" rel="noopener noreferrer">' in html
    assert '<a href="https://example.org/y" rel="nofollow noopener noreferrer" class="c">' in html
    assert '<a href="https://site.test/repo/about/">in</a>' in html
    assert '<a href="../glossary/">rel</a>' in html
    served = apply_page_policy(PAGE, "https://site.test/repo/", csp=False)
    assert "Content-Security-Policy" not in served and 'name="referrer"' in served
