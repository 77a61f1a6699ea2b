"""End to end: the real site built by `mkdocs build --strict`, read as a reader would."""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from . import factories
from .factories import edited, write_case

pytestmark = pytest.mark.slow


def mkdocs_build(project: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return factories.mkdocs_build(project, "--strict", env=extra_env)


def text_of(html: str) -> str:
    """The visible text of a page's article, with tags removed and whitespace folded."""
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split(
        "</article>", 1
    )[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", article)).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import ROOT, make_project

    project = make_project(tmp_path_factory.mktemp("site") / "project", ROOT / "data")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return project / "site"


def text_of_fragment(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def page(site: Path, path: str) -> str:
    return text_of((site / path / "index.html").read_text(encoding="utf-8"))


def test_awards_page_shows_both_verdicts_and_every_component(built: Path) -> None:
    awards = page(built, "cases/carroll-v-trump/awards")
    assert "Total $5,000,000" in awards
    assert "Total $83,300,000" in awards
    for amount in (
        "$2,000,000",
        "$20,000",
        "$1,000,000",
        "$1,700,000",
        "$280,000",
        "$7,300,000",
        "$11,000,000",
        "$65,000,000",
    ):
        assert amount in awards
    # the known discrepancy is explained, not dropped
    assert "$17.3 million" in awards and "$18.3 million" in awards


def test_chronology_runs_from_the_allegation_to_the_verdict_and_beyond(built: Path) -> None:
    html = (built / "cases/carroll-v-trump/chronology/index.html").read_text(encoding="utf-8")
    text = text_of(html)
    first_event = re.search(r"<h3 id=\"([^\"]+)\"", html)
    assert first_event is not None
    assert "late 1995 or early 1996" in text.split("Bergdorf")[0] + "Bergdorf"
    assert "January 26, 2024" in text
    assert text.index("late 1995 or early 1996") < text.index("January 26, 2024")


def test_pagefind_indexes_every_page_but_the_404(built: Path) -> None:
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = [p for p in built.rglob("*.html") if p.name != "404.html"]
    assert entry["languages"]["en"]["page_count"] == len(pages)
    assert not (built / "search" / "search_index.json").exists()  # no Material search


def test_every_generated_page_is_built(built: Path) -> None:
    for path in (
        "",
        "cases/carroll-v-trump",
        "cases/carroll-v-trump/awards",
        "cases/carroll-v-trump/chronology",
        "cases/carroll-v-trump/sources",
        "about",
    ):
        assert (built / path / "index.html").is_file(), path
    home = page(built, "")
    # the case index's row: title, court, kind, status, latest event, total awarded
    row = "Carroll v. Trump In 2019 the writer E. Jean Carroll publicly alleged"
    assert row in home, home
    for cell in ("Southern District of New York", "civil", "upheld on appeal", "$88,300,000"):
        assert cell in home, cell


def test_the_money_ledger_links_its_terms_to_the_glossary(built: Path) -> None:
    """The ledger's reading sentence and table, built as HTML, link to glossary entries."""
    html = (built / "cases/carroll-v-trump/awards/index.html").read_text(encoding="utf-8")
    readings = re.findall(r'<p class="ce-reading">(.*?)</p>', html, re.S)
    ledger = next(p for p in readings if "posted a bond of" in text_of_fragment(p))
    links = dict(
        re.findall(
            r'<a class="ce-term" href="(?:\.\./)+glossary/#([a-z-]+)"[^>]*>([^<]+)</a>', ledger
        )
    )
    assert links == {"stay": "stayed enforcement"}, ledger
    deposit = next(p for p in readings if "deposited" in text_of_fragment(p))
    assert re.search(r'href="(?:\.\./)+glossary/#supersedeas-bond"', deposit)
    glossary = (built / "glossary/index.html").read_text(encoding="utf-8")
    for term in ("stay", "supersedeas-bond", "stipulation", "verdict"):
        assert f'id="{term}"' in glossary


def test_site_requests_no_google_fonts(built: Path) -> None:
    for html in built.rglob("*.html"):
        assert "fonts.googleapis.com" not in html.read_text(encoding="utf-8"), html


def test_bad_data_fails_the_mkdocs_build(project: Path) -> None:
    write_case(project, edited("amount_usd: 250_000", "amount_usd: -5"))
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "verdicts[0].awards[1].amount_usd: must be a positive amount, got -5" in result.stderr
    assert "Traceback" not in result.stderr


def test_make_check_and_make_site_agree_on_a_warning(project: Path) -> None:
    """What `make check` passes, `make site` builds, and a warning fails both."""
    from .factories import run_generator
    from .test_supply_chain import _make_dry_run

    assert _make_dry_run("check").splitlines()[-1].endswith("-m generator check --strict")
    assert _make_dry_run("site").splitlines()[-1].endswith("mkdocs build --strict")
    unused = "  - id: unused\n    kind: other\n    title: T\n    publisher: P\n"
    write_case(project, factories.fixture_text() + unused)
    check = run_generator(project, "check", "--strict")
    site = mkdocs_build(project)
    assert (check.returncode, site.returncode) == (1, 1)
    warning = "sources[4].id: source 'unused' is not cited by any fact (warning)"
    assert warning in check.stderr and warning in site.stderr


def test_fixture_site_builds_without_anything_written_to_docs(project: Path) -> None:
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert not (project / "docs" / "cases").exists()
    assert (project / "site" / "cases" / "doe-v-roe" / "awards" / "index.html").is_file()


def test_site_follows_a_changed_amount(project: Path) -> None:
    # a maintainer changes one award line (and the stated total with it); the pages follow
    text = edited("amount_usd: 250_000", "amount_usd: 350_000")
    text = edited("    amount_usd: 1_270_000", "    amount_usd: 1_370_000", text)
    write_case(project, text)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    awards = page(project / "site", "cases/doe-v-roe/awards")
    assert "$350,000" in awards and "Total $1,370,000" in awards
    assert "$1,270,000" not in awards


def test_about_page_links_corrections_to_the_issue_tracker(project: Path) -> None:
    url = "https://github.com/example/explainers/issues/new"
    assert mkdocs_build(project, CORRECTIONS_URL=url).returncode == 0
    about = (project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert f'href="{url}"' in about


# --- the corrections log ----------------------------------------------------------------


def test_corrections_page_lists_every_entry_linked_to_its_line_on_the_overview(
    built: Path,
) -> None:
    from generator.build import collect_cases

    from .conftest import ROOT

    (carroll,) = [p for p in collect_cases(ROOT).pages if p.slug == "carroll-v-trump"]
    assert carroll.corrections, "the shipped explainer logs its corrections"
    html = (built / "corrections/index.html").read_text(encoding="utf-8")
    text = text_of(html)
    overview_html = (built / "cases/carroll-v-trump/index.html").read_text(encoding="utf-8")
    overview = text_of(overview_html)
    for entry in carroll.corrections:
        said = " ".join(entry.correction.text.split())
        assert said in text  # on the site-wide page, whole
        assert said in overview.split("Corrections and updates", 1)[1]  # at the foot
        assert f'href="../cases/carroll-v-trump/#{entry.anchor}"' in html
        assert f'id="{entry.anchor}"' in overview_html
    # newest first: the first date heading is the newest day
    days = re.findall(r'<h2 id="corrections-(\d{4}-\d{2}-\d{2})"', html)
    assert days == sorted(days, reverse=True) and days
    # and every page's navigation reaches it
    home = (built / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="corrections/"[^>]*>(.*?)</a>', home, re.S)
    assert link is not None and text_of_fragment(link.group(1)) == "Corrections"


def test_july_2023_quotes_keep_the_negation_that_decides_their_meaning(built: Path) -> None:
    chronology = page(built, "cases/carroll-v-trump/chronology")
    july = chronology.split("July 19, 2023", 1)[1].split("August 7, 2023", 1)[0]
    assert "did not reach a 'seriously erroneous result'" in july
    assert "is not a 'miscarriage of justice'" in july
    # never the bare standard as if it were the judge's finding
    bare = re.findall(
        r"\u201c(?:a )?(?:miscarriage of justice|seriously erroneous result)\u201d", july
    )
    assert bare == []
