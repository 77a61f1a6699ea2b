"""One-line descriptions of the generated pages, for search engines and link previews.

The MkDocs hook puts each into the page's `description` meta, which the theme override
(`generator/theme/main.html`) writes, HTML-escaped, into `<meta name="description">` and the
Open Graph and Twitter card tags. The text is plain: no Markdown, no HTML.
"""

from __future__ import annotations

from .derive import CasePage
from .render import long_date, usd_words

MAX_CHARS = 300
"""Longer descriptions are cut at a word boundary: previews show about this much."""


def describe_pages(pages: list[CasePage]) -> dict[str, str]:
    """{path under docs/: description} for the home page and every page of each explainer."""
    titles = ", ".join(page.case.title for page in pages)
    out = {"index.md": _shorten(f"Clear, sourced explainers of court cases: {titles}.")}
    for page in pages:
        case, base = page.case, f"cases/{page.slug}/"
        out[base + "index.md"] = _shorten(case.summary)
        if "awards" in page.sections:
            out[base + "awards.md"] = _shorten(_awards(page))
        if "charges" in page.sections:
            out[base + "charges.md"] = _shorten(
                f"Charges and verdict in {case.title}: "
                + "; ".join(f"{p.charges_brief}. {p.verdict_brief}" for p in page.prosecutions)
                + "."
            )
        events = page.events
        out[base + "chronology.md"] = _shorten(
            f"Chronology of {case.title}: {len(events)} events, each with its sources. The "
            f"earliest: {events[0].date_label}; the latest: {events[-1].date_label}. "
            f"Facts as of {long_date(case.as_of)}."
        )
        count = sum(len(group.entries) for group in page.sources)
        out[base + "sources.md"] = _shorten(
            f"Sources for {case.title}: the {count} court records and reports that every "
            "fact in the explainer links to."
        )
    return out


def _awards(page: CasePage) -> str:
    title = page.case.title
    count = len(page.verdicts)
    decisions = "1 decision" if count == 1 else f"{count} decisions"
    if not page.total_usd:
        return f"Awards in {title}: {decisions}, what each decided, with its sources."
    return (
        f"Awards in {title}: {decisions}, {usd_words(page.total_usd)} in all, every line of "
        "each award with its source, and what became of the money; totals computed from the parts."
    )


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_CHARS:
        return text
    cut = text[: MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
