"""The case index: the home page's table of every explainer, paged so that no page grows
with the site, and the same rows as JSON for the filter box (`docs/assets/javascripts/`).

The home page (`index.md`) is the first page of the index; the others are
`explainers/<n>.md`. Without JavaScript each page is a plain table, by title; with it, the
filter box reads `explainers/index.json` and filters and sorts every explainer at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .derive import Listing

PER_PAGE = 50
"""Explainers on one page of the index: at 1,000 explainers, 20 pages of about 30 KB."""

INDEX_JSON = "explainers/index.json"


@dataclass(frozen=True)
class IndexPage:
    """One page of the case index."""

    number: int
    path: str
    """Where the page goes: `index.md` for the first, `explainers/<n>.md` for the others."""
    root: str
    """The way from this page back to the site's root, for links: `""` or `"../"`."""
    listings: tuple[Listing, ...]
    first: int
    """The position of its first explainer, from 1."""
    pages: tuple[tuple[int, str], ...]
    """Every page's number and its link from this page (the pager)."""
    total: int


def index_pages(listings: list[Listing], per_page: int | None = None) -> list[IndexPage]:
    """Cut the listings (already in title order) into pages of `per_page` (`PER_PAGE`)."""
    per_page = per_page or PER_PAGE
    count = max(1, -(-len(listings) // per_page))
    out = []
    for number in range(1, count + 1):
        root = "" if number == 1 else "../"
        links = tuple(
            (n, f"{root}index.md" if n == 1 else f"{root}explainers/{n}.md")
            for n in range(1, count + 1)
        )
        start = (number - 1) * per_page
        out.append(
            IndexPage(
                number=number,
                path="index.md" if number == 1 else f"explainers/{number}.md",
                root=root,
                listings=tuple(listings[start : start + per_page]),
                first=start + 1,
                pages=links,
                total=len(listings),
            )
        )
    return out


def index_json(listings: list[Listing]) -> str:
    """Every explainer's row of the index, for the filter box: compact, one key a column."""
    rows = [
        {
            "title": item.title,
            "url": f"cases/{item.slug}/",
            "summary": item.summary_line,
            "courts": list(item.courts),
            "kind": item.kind,
            "status": item.stage,
            "latest": item.latest.label if item.latest else "",
            "latest_sort": item.latest.earliest.isoformat() if item.latest else "",
            "year": item.latest.earliest.year if item.latest else None,
            "outcome": item.outcome,
            "awarded_usd": item.outcome_usd,
        }
        for item in listings
    ]
    data = {"$comment": "generated from data/cases/; edit the data, not this file"}
    return (
        json.dumps({**data, "explainers": rows}, ensure_ascii=False, separators=(",", ":")) + "\n"
    )
