"""Legal citations in the data, found with `eyecite` and linked to CourtListener's lookup.

`49 F.4th 759 (2d Cir. 2022)` becomes a link to
`https://www.courtlistener.com/c/f4th/49/759/`, CourtListener's citation redirector
(`cl/opinion_page/urls.py`: `c/<reporter>/<volume>/<page>/`), which takes the reader to the
opinion. The reporter is written as CourtListener's canonical slug (`slugify_reporter` in
`cl/citations/utils.py`), so the link is the address the redirector itself settles on. The link is built from the citation's own text: nothing is requested while building.
Text eyecite does not recognise as a full case citation stays plain text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

LOOKUP = "https://www.courtlistener.com/c/"
"""CourtListener's citation lookup; `<reporter>/<volume>/<page>/` follows."""


@dataclass(frozen=True)
class Citation:
    """One recognised citation: where it is in the text, and the link to it."""

    start: int
    end: int
    url: str


_MAYBE = re.compile(r"\d\s+\S.*?\s\d")
"""A quick first look: a citation has a volume, a reporter and a page."""


@cache
def _eyecite() -> tuple[Any, Any]:
    """eyecite, imported on first use: it takes a second or more to load its reporter tables."""
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation

    return get_citations, FullCaseCitation


@lru_cache(maxsize=2048)
def find_citations(text: str) -> tuple[Citation, ...]:
    """The full case citations in `text` (`49 F.4th 759`, `2023 WL 5600316`), in order."""
    if not _MAYBE.search(text):
        return ()  # no digits on both sides of a word: nothing eyecite could find
    get_citations, full_case = _eyecite()
    found: list[Citation] = []
    for cite in get_citations(text):
        if not isinstance(cite, full_case):
            continue  # short forms ("id.", "supra") and statutes have no one opinion to open
        groups = cite.groups
        volume, page = groups.get("volume"), groups.get("page")
        reporter = cite.corrected_reporter() or groups.get("reporter")
        if not (volume and page and reporter) or not page.isdigit():
            continue  # "___ F.4th ___" and the like: not yet paged, nothing to look up
        start, end = cite.span()
        url = f"{LOOKUP}{reporter_slug(reporter)}/{quote(volume)}/{page}/"
        if all(end <= c.start or start >= c.end for c in found):
            found.append(Citation(start, end, url))
    return tuple(sorted(found, key=lambda c: c.start))


_LOOKS_LIKE = re.compile(r"\b\d{1,4} (?:[A-Z][A-Za-z0-9.']*\.? ?){1,4} ?\d{1,6}\b")
"""What reads like `volume reporter page` (`49 F.4th 759`, `2023 WL 5600316`)."""


def unrecognised(text: str) -> list[str]:
    """Parts of `text` that read like a reporter citation but that eyecite cannot parse,
    such as `49 F.5th 759`. Docket references (`No. 1:22-cv-10016-LAK, Dkt 212`) are fine."""
    found = find_citations(text)
    return [
        m.group().strip()
        for m in _LOOKS_LIKE.finditer(text)
        if all(m.end() <= c.start or m.start() >= c.end for c in found)
    ]


def _slugify(text: str) -> str:
    """Django's `slugify`, which CourtListener's addresses use: `F. Supp. 3d` -> `f-supp-3d`."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text.lower())).strip("-_")


@cache
def _reporters() -> tuple[dict[str, str], dict[str, Any]]:
    from reporters_db import EDITIONS, REPORTERS  # type: ignore[import-untyped]

    return {_slugify(edition): edition for edition in EDITIONS}, REPORTERS


@lru_cache(maxsize=512)
def reporter_slug(reporter: str) -> str:
    """CourtListener's slug for a reporter, avoiding its collisions (`Vt.` and `VT`)."""
    naive, reporters = _reporters()
    slug = _slugify(reporter)
    if naive.get(slug) == reporter or reporter not in reporters:
        return slug
    return _slugify(f"{reporter} {reporters[reporter][0]['cite_type']}")
