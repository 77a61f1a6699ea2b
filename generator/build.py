"""The order of the stages: load, validate, derive (all files, all errors), then render, write.

Like `mkdocs build`, everything is checked before anything is written: one bad file stops
the whole build, and the pages already on disk stay as they were.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .derive import CasePage, derive_page
from .errors import DataError, DataErrors
from .export import export_case, export_paths
from .glossary import GlossaryPage, collect_glossary
from .load import load_yaml
from .render import case_page_paths, render_case_pages, render_site_pages
from .state import BuildState, fingerprint_inputs
from .validate import validate_case
from .write import check_owned, remove_stale, write_if_changed


@dataclass
class Collected:
    """Every explainer, validated and derived, with the warnings found on the way."""

    pages: list[CasePage]
    warnings: list[DataError] = field(default_factory=list)
    glossary: GlossaryPage | None = None


@dataclass
class BuildResult:
    pages: list[str]
    """The Markdown pages, as paths under the output folder."""
    warnings: list[DataError]
    written: list[str]
    removed: list[str]
    exports: list[str] = field(default_factory=list)
    """The data files beside the pages (`export.py`)."""


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the stages run. They keep hundreds of thousands of
    objects alive, and each full collection walks them all: at 1,000 explainers that doubled
    the build time. Reference counting still frees everything; the few cycles wait until the
    end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class _Checked:
    """One data file, validated and derived, and the stat signature it had then."""

    signature: tuple[int, int]
    page: CasePage
    warnings: list[DataError]
    slug_line: int


CheckCache = dict[str, _Checked]
"""Files already checked, by name: `mkdocs serve` keeps one, so that a rebuild after an edit
loads and validates only the file that changed."""


def _check_file(path: Path, name: str, cache: CheckCache | None) -> _Checked:
    stat = path.stat()
    signature = (stat.st_mtime_ns, stat.st_size)
    hit = cache.get(name) if cache is not None else None
    if hit is not None and hit.signature == signature:
        return hit
    loaded = load_yaml(path, name)
    case, warnings = validate_case(loaded)
    checked = _Checked(signature, derive_page(case, name), warnings, loaded.line_of(("slug",)))
    if cache is not None:
        cache[name] = checked
    return checked


@_cycle_collector_paused()
def collect_cases(
    project: Path, only: str | None = None, cache: CheckCache | None = None
) -> Collected:
    """Load, validate and derive every `data/cases/*.yaml`; raise `DataErrors` with all problems."""
    files = sorted((project / "data" / "cases").glob("*.yaml"))
    errors: list[DataError] = []
    result = Collected(pages=[])
    slugs: dict[str, str] = {}
    names = [path.relative_to(project).as_posix() for path in files]
    if cache is not None:
        for gone in set(cache) - set(names):
            del cache[gone]
    for path, name in zip(files, names, strict=True):
        try:
            checked = _check_file(path, name, cache)
        except DataErrors as exc:
            errors.extend(exc.errors)
            result.warnings.extend(exc.warnings)
            continue
        result.warnings.extend(checked.warnings)
        slug = checked.page.slug
        if slug in slugs:
            message = f"'{slug}' is already used by {slugs[slug]}"
            errors.append(DataError(name, checked.slug_line, "slug", message))
            continue
        slugs[slug] = name
        if only is None or slug == only:
            result.pages.append(checked.page)
    try:
        result.glossary, glossary_warnings = collect_glossary(project)
        result.warnings.extend(glossary_warnings)
    except DataErrors as exc:
        errors.extend(exc.errors)
        result.warnings.extend(exc.warnings)
    if only is not None and only not in slugs and not errors:
        known = ", ".join(sorted(slugs)) or "none"
        errors.append(
            DataError("data/cases", 0, "", f"no explainer has the slug '{only}'; known: {known}")
        )
    if errors:
        raise DataErrors(errors, result.warnings)
    result.pages.sort(key=lambda page: (page.case.title.casefold(), page.slug))
    return result


@_cycle_collector_paused()
def build(
    project: Path, out_dir: Path | None = None, only: str | None = None, strict: bool = False
) -> BuildResult:
    """Check every data file, then write the pages that changed and remove stale ones.

    When nothing that goes into the output has changed since the last build (the same data,
    templates and generator) and the output is as that build left it, nothing is redone.
    """
    out = out_dir or project / "docs"
    state = BuildState(out, fingerprint_inputs(project, only))
    previous = state.unchanged()
    if previous is not None:
        if strict and previous.warnings:
            raise DataErrors(previous.warnings)
        return previous
    collected = collect_cases(project, only=only)
    if strict and collected.warnings:
        raise DataErrors(collected.warnings)
    site = render_site_pages(collected.pages, collected.glossary)
    pages = [*site, *(p for case in collected.pages for p in case_page_paths(case.slug))]
    exports = [path for case in collected.pages for path in export_paths(case.slug)]
    check_owned(out, pages + exports)
    written = [rel for rel, text in site.items() if write_if_changed(out / rel, text)]
    for case in collected.pages:
        # One explainer at a time: its text is written and dropped before the next is made,
        # so memory holds the validated cases, never the whole site's text.
        files = {**render_case_pages(case, collected.glossary), **export_case(case)}
        written += [rel for rel, text in files.items() if write_if_changed(out / rel, text)]
    removed = remove_stale(out, {*pages, *exports}, only=only)
    result = BuildResult(pages, collected.warnings, written, removed, exports)
    state.save(result)
    return result
