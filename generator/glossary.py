"""The glossary: `data/glossary.yaml`, validated like a case file, and the links from the
explainers' prose to it.

The glossary is optional: a project without `data/glossary.yaml` gets no glossary page and
no term links. Where a term's phrase first appears on a page, it becomes a link to its
definition whose title is the one-sentence `short` definition: browsers show it on hover,
Material's `content.tooltips` shows it on hover and on keyboard focus, and without
JavaScript the link still leads to the full definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from pydantic import ValidationError

from .derive import Cite, SourceEntry
from .errors import DataError, DataErrors, Severity
from .load import FieldPath, load_yaml
from .models import Glossary, GlossaryTerm
from .validate import format_path

GLOSSARY_FILE = "data/glossary.yaml"
GLOSSARY_PAGE = "glossary.md"
"""Where the glossary page is written under the output folder (`/glossary/`)."""


@dataclass(frozen=True)
class TermEntry:
    term: GlossaryTerm
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class GlossaryPage:
    """The glossary ready to render: terms in reading order, sources numbered."""

    source_file: str
    terms: tuple[TermEntry, ...]
    sources: tuple[SourceEntry, ...]

    @cached_property
    def any_term(self) -> re.Pattern[str]:
        """Matches wherever some term's pattern does: most text names no term, and one scan
        tells."""
        phrases = tuple(p for entry in self.terms for p in entry.term.matches)
        return _pattern(phrases) if phrases else re.compile(r"(?!)")


def collect_glossary(project: Path) -> tuple[GlossaryPage | None, list[DataError]]:
    """Load and check `data/glossary.yaml`; return it (None if absent) and its warnings."""
    path = project / GLOSSARY_FILE
    if not path.is_file():
        return None, []
    loaded = load_yaml(path, GLOSSARY_FILE)
    try:
        glossary = Glossary.model_validate(loaded.data)
    except ValidationError as exc:
        problems = [
            DataError(
                GLOSSARY_FILE,
                loaded.line_of(_path(err["loc"])),
                format_path(_path(err["loc"])),
                _message(err),
            )
            for err in exc.errors()
        ]
        # Every problem at once: unknown sources too, not only once the fields are fixed.
        problems += [
            DataError(GLOSSARY_FILE, loaded.line_of(p), format_path(p), message)
            for p, message in _raw_source_refs(loaded.data)
        ]
        raise DataErrors(problems) from None
    errors, warnings = _cross_check(glossary)
    located = [
        DataError(GLOSSARY_FILE, loaded.line_of(p), format_path(p), message, severity)
        for severity, items in ((Severity.ERROR, errors), (Severity.WARNING, warnings))
        for p, message in items
    ]
    if errors:
        raise DataErrors(
            [e for e in located if e.severity is Severity.ERROR],
            [e for e in located if e.severity is Severity.WARNING],
        )
    return derive_glossary(glossary, GLOSSARY_FILE), located


def derive_glossary(glossary: Glossary, source_file: str) -> GlossaryPage:
    """Number the sources in the order the terms first cite them."""
    by_id = {s.id: s for s in glossary.sources}
    order: dict[str, Cite] = {}
    for term in glossary.terms:
        for ref in term.sources:
            if ref not in order:
                order[ref] = Cite(len(order) + 1, f"src-{ref}", by_id[ref].title, ref)
    terms = tuple(
        TermEntry(t, tuple(sorted({order[r] for r in t.sources}, key=lambda c: c.number)))
        for t in glossary.terms
    )
    sources = tuple(SourceEntry(c.number, c.anchor, by_id[ref]) for ref, c in order.items())
    return GlossaryPage(source_file, terms, sources)


@dataclass
class TermLinker:
    """Links the first appearance of each glossary term on one page to its definition.

    Called on text already escaped by the `md` filter; returns Markdown. One linker per page.
    """

    glossary: GlossaryPage | None
    href: str
    """The glossary page relative to the page being rendered, e.g. `../../glossary.md`."""
    seen: set[str] = field(default_factory=set)

    def __call__(self, escaped: str) -> str:
        if self.glossary is None or not self.glossary.any_term.search(escaped):
            return escaped
        # Matches are found in the text as given, so a phrase inside a link made here (its
        # text or its title) can never match again.
        spans: list[tuple[int, int, GlossaryTerm]] = []
        for entry in self.glossary.terms:
            term = entry.term
            if term.id in self.seen or not term.matches:
                continue
            for match in _pattern(tuple(term.matches)).finditer(escaped):
                start, end = match.span()
                if all(end <= s or start >= e for s, e, _ in spans):
                    spans.append((start, end, term))
                    self.seen.add(term.id)
                    break
        out, last = [], 0
        for start, end, term in sorted(spans, key=lambda span: span[0]):
            title = _escape_title(term.short)
            out.append(escaped[last:start])
            out.append(f'[{escaped[start:end]}]({self.href}#{term.id} "{title}"){{ .ce-term }}')
            last = end
        out.append(escaped[last:])
        return "".join(out)


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    # In escaped text a hyphen reads `\-`, so "summary judgment" also finds "summary-judgment".
    words = [
        r"(?:\s+|\\-)".join(re.escape(_escape_text(w)) for w in phrase.split())
        for phrase in phrases
    ]
    alternatives = "|".join(sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w\\])(?:{alternatives})(?!\w)", re.IGNORECASE)


def _escape_text(text: str) -> str:
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def _escape_title(text: str) -> str:
    return _escape_text(" ".join(text.split()))


# --- checks -------------------------------------------------------------------------------

_Problem = tuple[FieldPath, str]


def _cross_check(glossary: Glossary) -> tuple[list[_Problem], list[_Problem]]:
    errors: list[_Problem] = []
    warnings: list[_Problem] = []
    for name, ids in (
        ("terms", [t.id for t in glossary.terms]),
        ("sources", [s.id for s in glossary.sources]),
    ):
        seen: set[str] = set()
        for i, value in enumerate(ids):
            if value in seen:
                errors.append(((name, i, "id"), f"duplicate id '{value}'"))
            seen.add(value)
    known = [s.id for s in glossary.sources]
    cited: set[str] = set()
    phrases: dict[str, str] = {}
    for i, term in enumerate(glossary.terms):
        for j, ref in enumerate(term.sources):
            cited.add(ref)
            if ref not in known:
                errors.append((("terms", i, "sources", j), _unknown_source(ref, known)))
        for j, phrase in enumerate(term.matches):
            key = " ".join(phrase.casefold().split())
            if key in phrases and phrases[key] != term.id:
                errors.append(
                    (("terms", i, "matches", j), f"'{phrase}' already marks '{phrases[key]}'")
                )
            phrases.setdefault(key, term.id)
    for i, source in enumerate(glossary.sources):
        if source.id not in cited:
            warnings.append(
                (("sources", i, "id"), f"source '{source.id}' is not cited by any term")
            )
    return errors, warnings


def _raw_source_refs(data: object) -> list[_Problem]:
    """Unknown source ids in a glossary that failed its field checks, read from the raw data."""
    if not isinstance(data, dict):
        return []
    sources, terms = data.get("sources"), data.get("terms")
    known = (
        [s["id"] for s in sources if isinstance(s, dict) and isinstance(s.get("id"), str)]
        if isinstance(sources, list)
        else []
    )
    problems: list[_Problem] = []
    for i, term in enumerate(terms if isinstance(terms, list) else []):
        refs = term.get("sources") if isinstance(term, dict) else None
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str) and ref not in known:
                problems.append((("terms", i, "sources", j), _unknown_source(ref, known)))
    return problems


def _unknown_source(ref: str, known: list[str]) -> str:
    shown = ", ".join(f"'{k}'" for k in known[:6]) + (", ..." if len(known) > 6 else "")
    return f"unknown source '{ref}'; known: {shown}"


def _path(loc: tuple[str | int, ...]) -> FieldPath:
    # pydantic adds the names of function validators to `loc`; they are not YAML keys.
    return tuple(p for p in loc if isinstance(p, int) or "[" not in p)


def _message(err: object) -> str:
    assert isinstance(err, dict)
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field '{err['loc'][-1]}'"
    if kind == "string_type":
        return f"expected text, got {err.get('input')!r}"
    return str(err["msg"])
