"""The sources page links each source's original and its archived copy, with the day the
original was last seen working, in the built HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .factories import FIXTURE_NAME, edited, line_of, mkdocs_build, run_generator, write_case

pytestmark = pytest.mark.slow


def test_sources_page_links_original_and_archived_copy(project: Path) -> None:
    archived = "https://web.archive.org/web/20231121000000/https://example.org/gazette/jury"
    only_archive = "https://web.archive.org/web/20240201000000/https://example.org/appeal"
    text = edited(
        "    url: https://example.org/gazette/jury\n",
        f"    url: https://example.org/gazette/jury\n    archive_url: {archived}\n"
        "    last_seen: 2024-03-05\n",
    )
    text = edited(
        '    date: "2024-02"\n', f'    date: "2024-02"\n    archive_url: {only_archive}\n', text
    )
    write_case(project, text)
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "cases" / "doe-v-roe" / "sources" / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")

    def entry(anchor: str) -> tuple[str, list[tuple[str, str]]]:
        div = soup.find(id=anchor)
        assert div is not None
        links = [
            (a.get_text(), a["href"]) for a in div.find_all("a") if a["href"].startswith("http")
        ]
        return " ".join(div.get_text().split()), links

    text_shown, links = entry("src-gazette-2023-11-21")
    assert links == [("original", "https://example.org/gazette/jury"), ("archived copy", archived)]
    assert text_shown.endswith("original · archived copy (last seen working March 5, 2024).")
    text_shown, links = entry("src-gazette-2024-02-01")
    assert links == [("archived copy", only_archive)]
    assert text_shown.endswith("February 2024. archived copy.")
    _, links = entry("src-verdict-form")
    assert links == [("original", "https://example.org/verdict.pdf")]


def test_last_seen_must_be_a_day(project: Path) -> None:
    text = edited(
        "    url: https://example.org/verdict.pdf\n",
        "    url: https://example.org/verdict.pdf\n    last_seen: 2024-03\n",
    )
    write_case(project, text)
    result = run_generator(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{FIXTURE_NAME}:{line_of(text, 'last_seen')}: sources[1].last_seen: "
        "must be a single day (YYYY-MM-DD), got '2024-03'"
    )
