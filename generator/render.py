"""Stage 4, render: the Markdown pages of every explainer, from Jinja2 templates.

Templates live in `generator/templates/` and only loop and format; every figure arrives
computed (see `derive.py`). Data text reaches a page only through the `md` filter, which
backslash-escapes every ASCII punctuation character (the site enables
`pymdownx.escapeall`), so no Markdown, HTML or extension syntax in the data takes effect.
"""

from __future__ import annotations

import re
import string
from functools import cache, lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from .case_index import index_pages
from .chart import chart_verdict
from .citations import find_citations
from .derive import SECTIONS, CasePage, Listing, listing
from .glossary import GLOSSARY_PAGE, GlossaryPage, TermLinker
from .words import long_date, usd, usd_words

__all__ = ["long_date", "md", "render_pages", "usd", "usd_words"]

CASE_SECTIONS = SECTIONS
"""The pages an explainer can have, in reading order (`derive.SECTIONS`)."""

_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation} | {"<": "&lt;"})
"""What `md` replaces: every ASCII punctuation mark, by itself after a backslash."""


CORRECTIONS_PAGE = "corrections.md"
"""The site-wide log of every explainer's corrections and updates, newest first."""


def render_pages(pages: list[CasePage], glossary: GlossaryPage | None = None) -> dict[str, str]:
    """Render the home page, the glossary and every page of each explainer: {path: Markdown}."""
    out = render_site_pages([listing(page) for page in pages], glossary)
    for page in pages:
        out.update(render_case_pages(page, glossary))
    return out


def render_site_pages(listings: list[Listing], glossary: GlossaryPage | None) -> dict[str, str]:
    """The pages that are not one explainer's: the home page, the glossary and the
    corrections log."""
    env = _environment()
    first, *others = index_pages(listings)
    out = {"index.md": env.get_template("home.md.j2").render(index=first, glossary=glossary)}
    for index in others:
        out[index.path] = env.get_template("case_index.md.j2").render(index=index)
    if glossary is not None:
        out[GLOSSARY_PAGE] = env.get_template("glossary.md.j2").render(glossary=glossary)
    logged = sorted(
        ((item, c) for item in listings for c in item.corrections),
        key=lambda pair: (-pair[1].date.toordinal(), pair[0].sort_key),
    )
    if logged:
        out[CORRECTIONS_PAGE] = env.get_template("corrections.md.j2").render(logged=logged)
    return out


def render_case_pages(page: CasePage, glossary: GlossaryPage | None) -> dict[str, str]:
    """The pages of one explainer: {`cases/<slug>/<section>.md`: Markdown}."""
    env = _environment()
    out = {}
    for section, path in zip(page.sections, case_page_paths(page.slug, page.sections), strict=True):
        # `terms` links each glossary term's first appearance on the page to its definition.
        terms = TermLinker(glossary, f"../../{GLOSSARY_PAGE}")
        template = env.get_template(f"{section}.md.j2")
        out[path] = template.render(page=page, case=page.case, terms=terms)
    return out


def case_page_paths(slug: str, sections: tuple[str, ...] = SECTIONS) -> list[str]:
    return [f"cases/{slug}/{section}.md" for section in sections]


def template_environment(trim: bool = True, autoescape: bool = False) -> Environment:
    """A Jinja2 environment on `generator/templates/`, as every template here expects it.

    Markdown and YAML outputs escape for their own language (the pages through `md`), so
    HTML autoescaping is only for markup templates (`autoescape=True`: the feed, the head).
    `trim=False` keeps block tags' whitespace.
    """
    return Environment(
        loader=PackageLoader("generator"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=trim,
        lstrip_blocks=trim,
        autoescape=autoescape,
    )


@cache
def _environment() -> Environment:
    env = template_environment()
    env.filters.update(md=md, cite=cite, usd=usd, usd_words=usd_words, long_date=long_date)
    env.globals.update(chart_verdict=chart_verdict)
    return env


def _md(text: object) -> str:
    """Escape text so Markdown shows it literally: every ASCII punctuation mark gets a backslash."""
    # Even escaped, a "<" with no ">" after it derails Python-Markdown's HTML block parser,
    # so that the template's own `<div markdown>` blocks are left unprocessed; so "<" becomes
    # an entity, plain text to Markdown and HTML alike (tests/test_hostile.py).
    return " ".join(str(text).split()).translate(_ESCAPES)


md = lru_cache(maxsize=4096)(_md)
"""`_md`, cached: an explainer repeats its names and labels hundreds of times. (Wrapped here,
not decorated, so that `make mutation` can mutate `_md`: mutmut skips decorated functions.)"""


def cite(text: object) -> str:
    """`md`, with each legal citation that eyecite recognises a link to CourtListener's lookup."""
    raw = " ".join(str(text).split())
    out, last = [], 0
    for citation in find_citations(raw):
        out += [raw[last : citation.start].translate(_ESCAPES)]
        out.append(f"[{raw[citation.start : citation.end].translate(_ESCAPES)}]")
        out.append(f"({citation.url})")
        last = citation.end
    return "".join([*out, raw[last:].translate(_ESCAPES)])


def unescape_markdown(text: str) -> str:
    """Undo `md`: the plain text of an escaped string."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text.replace("&lt;", "<"))
