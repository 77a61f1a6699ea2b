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


def test_search_index_has_the_chronology(built: Path) -> None:
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = [doc["location"] for doc in index["docs"] if "Bergdorf" in doc["text"] + doc["title"]]
    assert any(loc.startswith("cases/carroll-v-trump/chronology/#") for loc in hits), hits


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
    assert "Carroll v. Trump" in home and "$83,300,000" in home


def test_site_requests_no_google_fonts(built: Path) -> None:
    for html in built.rglob("*.html"):
        assert "fonts.googleapis.com" not in html.read_text(encoding="utf-8"), html


def test_bad_data_fails_the_mkdocs_build(project: Path) -> None:
    write_case(project, edited("amount_usd: 250_000", "amount_usd: -5"))
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "verdicts[0].awards[1].amount_usd: must be a positive amount, got -5" in result.stderr
    assert "Traceback" not in result.stderr


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
