"""Legal citations become links to CourtListener's citation lookup, on the built pages.

Recognised by eyecite; the link is made from the citation itself (no request while building);
what eyecite cannot read stays plain text, and `check` warns where a court source's
`citation` reads like one but cannot be linked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.citations import find_citations, reporter_slug, unrecognised

from .conftest import make_project
from .factories import edited, fixture_text, line_of, mkdocs_build, run_generator, write_case

CITED = "Doe v. Roe, 49 F.4th 759 (2d Cir. 2022); also 2023 WL 5600316"
SUMMARY = "Roe's appeal relies on Smith v. Jones, 590 F. Supp. 3d 575 (S.D.N.Y. 2022)."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("citations") / "project")
    text = edited("citation: No. 1:23-cv-00001, Dkt 1", f"citation: {CITED}")
    text = edited(
        "    summary: Doe's suit over Roe's statement and a shove.",
        f"    summary: Doe's suit over Roe's statement and a shove. {SUMMARY}",
        text,
    )
    write_case(project, text)
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def _soup(site: Path, page: str) -> BeautifulSoup:
    html = (site / "cases" / "doe-v-roe" / page / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_a_source_citation_links_to_the_courtlistener_lookup(site: Path) -> None:
    soup = _soup(site, "sources")
    links = {a.get_text(): a["href"] for a in soup.select("article a[href*='courtlistener']")}
    assert links == {
        "49 F.4th 759": "https://www.courtlistener.com/c/f4th/49/759/",
        "2023 WL 5600316": "https://www.courtlistener.com/c/wl/2023/5600316/",
    }
    entry = next(p for p in soup.select("article p") if "49 F.4th 759" in p.get_text())
    # The rest of the citation is still there, as plain text around the link.
    assert "Doe v. Roe, 49 F.4th 759 (2d Cir. 2022); also 2023 WL 5600316" in entry.get_text()


def test_a_citation_in_prose_on_the_overview_is_a_link(site: Path) -> None:
    soup = _soup(site, "")
    (link,) = soup.select("article a[href*='courtlistener']")
    assert link.get_text() == "590 F. Supp. 3d 575"
    assert link["href"] == "https://www.courtlistener.com/c/f-supp-3d/590/575/"
    assert "Smith v. Jones, 590 F. Supp. 3d 575 (S.D.N.Y. 2022)." in soup.get_text()


def test_a_docket_number_is_not_a_link(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    assert mkdocs_build(project, "--strict").returncode == 0
    soup = _soup(project / "site", "sources")
    assert "No. 1:23-cv-00001, Dkt 1" in soup.get_text()
    assert not soup.select("a[href*='courtlistener']")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("49 F.4th 759 (2d Cir. 2022)", ["https://www.courtlistener.com/c/f4th/49/759/"]),
        ("292 A.3d 220 (D.C. 2023)", ["https://www.courtlistener.com/c/a3d/292/220/"]),
        ("410 U.S. 113 (1973)", ["https://www.courtlistener.com/c/us/410/113/"]),
        ("No. 1:22-cv-10016-LAK (S.D.N.Y.), Dkt 212", []),
        ("Carroll v. Trump (2d Cir. Dec. 30, 2024)", []),
        ("___ F.4th ___ (2d Cir. 2025)", []),
        ("49 F.5th 759", []),
    ],
)
def test_what_is_linked(text: str, found: list[str]) -> None:
    assert [c.url for c in find_citations(text)] == found


def test_reporter_slugs_follow_courtlistener() -> None:
    assert reporter_slug("F. Supp. 3d") == "f-supp-3d"
    assert reporter_slug("So. 2d") == "so-2d"
    assert unrecognised("Carroll v. Trump, 49 F.4th 759 (2d Cir. 2022), No. 20-3977") == []
    assert unrecognised("Carroll v. Trump, 49 F.5th 759 (2d Cir. 2022)") == ["49 F.5th 759"]


def test_check_warns_on_a_court_citation_that_cannot_be_linked(project: Path) -> None:
    text = edited("citation: No. 1:23-cv-00001, Dkt 1", "citation: Doe v. Roe, 49 F.5th 759")
    write_case(project, text)
    result = run_generator(project, "check")
    assert result.returncode == 0, result.stderr
    line = line_of(text, "49 F.5th 759")
    assert (
        f"data/cases/doe-v-roe.yaml:{line}: sources[0].citation: '49 F.5th 759' reads like a "
        "legal citation, but it is not one that can be linked (check the volume, reporter "
        "and page) (warning)"
    ) in result.stderr
    assert run_generator(project, "check", "--strict").returncode == 1


def test_no_warning_for_the_fixture_and_press_sources(project: Path) -> None:
    assert "citation" not in run_generator(project, "check").stderr
    assert fixture_text().count("citation:") == 1
