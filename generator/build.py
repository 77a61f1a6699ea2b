"""The order of the stages: load, validate, derive (all files, all errors), then render, write.

Like `mkdocs build`, one bad file stops the whole build, and the pages already on disk stay
as they were: `build` stages each explainer's changed files beside their targets as it goes
(in worker processes on a big site), and renames them into place only once every file has
passed.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from .case_index import INDEX_JSON, index_json
from .derive import CasePage, Listing, derive_page, listing
from .errors import DataError, DataErrors
from .export import export_case, export_paths
from .glossary import GlossaryPage, collect_glossary
from .load import load_yaml
from .render import case_page_paths, render_case_pages, render_site_pages
from .state import BuildState, fingerprint_inputs
from .validate import currency_reminders, validate_case
from .write import check_owned, commit, discard, missing_folder, remove_stale, stage


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


_Passed = tuple[Path, str, str]
"""A data file that passed its own checks: its path, the name it is shown by, its slug."""

CheckCache = dict[str, _Checked]
"""Files already checked, by name: `mkdocs serve` keeps one, so that a rebuild after an edit
loads and validates only the file that changed."""


def _check_file(
    path: Path, name: str, cache: CheckCache | None, today: date | None = None
) -> _Checked:
    stat = path.stat()
    signature = (stat.st_mtime_ns, stat.st_size)
    hit = cache.get(name) if cache is not None else None
    if hit is not None and hit.signature == signature:
        return hit
    loaded = load_yaml(path, name)
    case, warnings = validate_case(loaded)
    if today is not None:
        warnings += currency_reminders(loaded, case, today)
    checked = _Checked(signature, derive_page(case, name), warnings)
    if cache is not None:
        cache[name] = checked
    return checked


@_cycle_collector_paused()
def collect_cases(
    project: Path,
    only: str | None = None,
    cache: CheckCache | None = None,
    today: date | None = None,
) -> Collected:
    """Load, validate and derive every `data/cases/*.yaml`; raise `DataErrors` with all problems.

    With `today` (`generator check`), the warnings include reminders of what may be out of
    date on that day (`validate.currency_reminders`).

    `generator check` and the MkDocs hook use this; `build` does the same checks file by file
    in its workers (`_stage_files`) and renders each explainer as soon as it has passed.
    """
    files, names = _case_files(project)
    if cache is not None:
        for gone in set(cache) - set(names):
            del cache[gone]
    errors: list[DataError] = []
    result = Collected(pages=[])
    passed: list[_Passed] = []
    for path, name in zip(files, names, strict=True):
        try:
            checked = _check_file(path, name, cache, today)
        except DataErrors as exc:
            errors.extend(exc.errors)
            result.warnings.extend(exc.warnings)
            continue
        result.warnings.extend(checked.warnings)
        passed.append((path, name, checked.page.slug))
        if only is None or checked.page.slug == only:
            result.pages.append(checked.page)
    result.glossary = _glossary(project, errors, result.warnings)
    errors += _slug_errors(passed, only, found_errors=bool(errors))
    if errors:
        raise DataErrors(errors, result.warnings)
    result.pages.sort(key=lambda page: listing(page).sort_key)
    return result


RenderCache = dict[str, tuple[CasePage, GlossaryPage | None, dict[str, str]]]
"""Each explainer's files as last rendered, by slug, with the page and glossary they came
from: `mkdocs serve` keeps one (with a `CheckCache`), so that a rebuild after an edit renders
only the explainer that changed."""


def render_all(collected: Collected, cache: RenderCache | None = None) -> dict[str, str]:
    """Every page and data file of the site, in memory: {path under docs/: text}. An
    explainer is rendered again only if its checked page or the glossary changed."""
    glossary = collected.glossary
    listings = [listing(page) for page in collected.pages]
    out = {**render_site_pages(listings, glossary), INDEX_JSON: index_json(listings)}
    fresh: RenderCache = {}
    for page in collected.pages:
        hit = cache.get(page.slug) if cache is not None else None
        if hit is not None and hit[0] is page and hit[1] == glossary:
            fresh[page.slug] = hit
        else:
            files = {**render_case_pages(page, glossary), **export_case(page)}
            fresh[page.slug] = (page, glossary, files)
        out.update(fresh[page.slug][2])
    if cache is not None:
        cache.clear()
        cache.update(fresh)
    return out


def _case_files(project: Path) -> tuple[list[Path], list[str]]:
    files = sorted((project / "data" / "cases").glob("*.yaml"))
    return files, [path.relative_to(project).as_posix() for path in files]


def _glossary(
    project: Path, errors: list[DataError], warnings: list[DataError]
) -> GlossaryPage | None:
    try:
        glossary, found = collect_glossary(project)
    except DataErrors as exc:
        errors.extend(exc.errors)
        warnings.extend(exc.warnings)
        return None
    warnings.extend(found)
    return glossary


def _slug_errors(passed: list[_Passed], only: str | None, found_errors: bool) -> list[DataError]:
    """Slugs used twice, and an `--only` slug that no file has. `passed` holds each file that
    passed its own checks, in file order."""
    errors = []
    slugs: dict[str, str] = {}
    for path, name, slug in passed:
        if slug in slugs:
            line = load_yaml(path, name).line_of(("slug",))
            message = f"'{slug}' is already used by {slugs[slug]}"
            errors.append(DataError(name, line, "slug", message))
        else:
            slugs[slug] = name
    if only is not None and only not in slugs and not (errors or found_errors):
        known = ", ".join(sorted(slugs)) or "none"
        errors.append(
            DataError("data/cases", 0, "", f"no explainer has the slug '{only}'; known: {known}")
        )
    return errors


@_cycle_collector_paused()
def build(
    project: Path,
    out_dir: Path | None = None,
    only: str | None = None,
    strict: bool = False,
    jobs: int | None = None,
) -> BuildResult:
    """Check every data file, then write the pages that changed and remove stale ones.

    Each explainer is checked, rendered and staged (its changed files written to temporary
    files beside their targets) by one of `jobs` worker processes (default: one per CPU).
    Only when every file has passed are the staged files renamed into place; otherwise they
    are deleted, and the output stays as it was. Nothing is held in memory but a listing of
    each explainer, so memory does not grow with the site.

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
    glossary_errors: list[DataError] = []
    glossary_warnings: list[DataError] = []
    glossary = _glossary(project, glossary_errors, glossary_warnings)
    files, names = _case_files(project)
    outcomes = _stage_files(out, list(zip(files, names, strict=True)), glossary, only, jobs)
    site_staged: list[tuple[str, Path]] = []
    try:
        errors = [e for outcome in outcomes for e in outcome.errors] + glossary_errors
        warnings = [w for outcome in outcomes for w in outcome.warnings] + glossary_warnings
        passed = [(o.path, o.name, o.listing.slug) for o in outcomes if o.listing]
        errors += _slug_errors(passed, only, found_errors=bool(errors))
        if errors:
            raise DataErrors(errors, warnings)
        if strict and warnings:
            raise DataErrors(warnings)
        chosen = sorted(
            (o for o in outcomes if o.listing and only in (None, o.listing.slug)),
            key=_Outcome.sort_key,
        )
        listings = [o.listing for o in chosen if o.listing]
        site = render_site_pages(listings, glossary)
        site[INDEX_JSON] = index_json(listings)
        blocked = check_owned(out, list(site)) + [e for o in chosen for e in o.blocked]
        if blocked:
            raise DataErrors(list(dict.fromkeys(blocked)))
        pages = [
            *(p for p in site if p != INDEX_JSON),
            *(p for item in listings for p in case_page_paths(item.slug, item.sections)),
        ]
        exports = [
            INDEX_JSON,
            *(path for item in listings for path in export_paths(item.slug, item.kind)),
        ]
        for rel, text in site.items():
            if (tmp := stage(out / rel, text)) is not None:
                site_staged.append((rel, tmp))
    except BaseException:
        discard([tmp for _, tmp in site_staged])
        _discard(outcomes)
        raise
    staged = site_staged + [(rel, tmp) for outcome in chosen for rel, tmp in outcome.staged]
    commit([(tmp, out / rel) for rel, tmp in staged])
    written = [rel for rel, _ in staged]
    removed = remove_stale(out, {*pages, *exports}, only=only)
    result = BuildResult(pages, warnings, written, removed, exports)
    state.save(result)
    return result


@dataclass
class _Outcome:
    """One data file after a worker's pass: its problems, or its listing and staged files."""

    path: Path
    name: str
    errors: list[DataError]
    warnings: list[DataError]
    listing: Listing | None = None
    staged: list[tuple[str, Path]] = field(default_factory=list)
    """(path under the output folder, temporary file) for each file whose text changed."""
    blocked: list[DataError] = field(default_factory=list)
    """What stops its files being written (`check_owned`); then nothing is staged."""
    created: Path | None = None
    """The folder that staging made, if the explainer's folder did not exist."""

    def sort_key(self) -> tuple[str, str]:
        return self.listing.sort_key if self.listing else ("", "")


_Task = tuple[Path, str]
"""A data file and the name it is shown by."""

PARALLEL_FROM = 8
"""With fewer data files, and no `jobs` asked for, the build stays in this process: starting
workers would cost more than it saves. (Measured on 2 cores, median of 5: 2 explainers take
21 ms in one process and 30 ms with two workers; 6 take 58 and 52 ms; 8 take 79 and 61 ms.)"""


def workers(files: int, jobs: int | None = None) -> int:
    """How many processes build `files` data files: `jobs` if given, else one per CPU from
    `PARALLEL_FROM` files on; 1 means this process alone (also where `fork` is missing)."""
    if jobs is None:
        jobs = _cpus() if files >= PARALLEL_FROM else 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs, files))


def _stage_files(
    out: Path, tasks: list[_Task], glossary: GlossaryPage | None, only: str | None, jobs: int | None
) -> list[_Outcome]:
    """Check, render and stage every file, in worker processes when there are many; the
    outcomes come back in the order of `tasks`."""
    work = partial(_stage_chunk, out, glossary, only)
    jobs = workers(len(tasks), jobs)
    if jobs == 1:
        return work(tasks)
    size = -(-len(tasks) // (jobs * 4))  # a few chunks per worker evens out their loads
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_leave_interrupts) as pool:
        futures = [pool.submit(work, chunk) for chunk in chunks]
        try:
            wait(futures)
        except BaseException:  # Ctrl-C: the running chunks finish, then all is undone
            for future in futures:
                future.cancel()
            wait(futures)
            _discard(_results(futures)[0])
            raise
    outcomes, failure = _results(futures)
    if failure is not None:  # a bug, not the data
        _discard(outcomes)
        raise failure
    return outcomes


def _results(futures: list[Future[list[_Outcome]]]) -> tuple[list[_Outcome], Exception | None]:
    """The outcomes of the chunks that finished, in order, and the first failure."""
    outcomes: list[_Outcome] = []
    failure = None
    for future in futures:
        if future.cancelled():
            continue
        try:
            outcomes += future.result()
        except Exception as exc:
            failure = failure or exc
    return outcomes, failure


def _leave_interrupts() -> None:
    """In a worker: Ctrl-C is for the main process, which stops the build and cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stage_chunk(
    out: Path, glossary: GlossaryPage | None, only: str | None, tasks: list[_Task]
) -> list[_Outcome]:
    outcomes: list[_Outcome] = []
    try:
        for path, name in tasks:
            outcomes.append(_stage_file(out, glossary, only, path, name))
    except BaseException:
        _discard(outcomes)
        raise
    return outcomes


def _discard(outcomes: list[_Outcome]) -> None:
    """Undo the staging: delete the temporary files, and the folders made for them."""
    discard(
        [tmp for outcome in outcomes for _, tmp in outcome.staged],
        [outcome.created for outcome in outcomes if outcome.created],
    )


def _stage_file(
    out: Path, glossary: GlossaryPage | None, only: str | None, path: Path, name: str
) -> _Outcome:
    try:
        checked = _check_file(path, name, None)
    except DataErrors as exc:
        return _Outcome(path, name, exc.errors, exc.warnings)
    page = checked.page
    outcome = _Outcome(path, name, [], checked.warnings, listing(page))
    if only is None or page.slug == only:
        # The explainer's text is staged and dropped before the next one is made.
        files = {**render_case_pages(page, glossary), **export_case(page)}
        outcome.blocked = check_owned(out, list(files))
        if outcome.blocked:
            return outcome
        outcome.created = missing_folder((out / next(iter(files))).parent)
        try:
            for rel, text in files.items():
                tmp = stage(out / rel, text)
                if tmp is not None:
                    outcome.staged.append((rel, tmp))
        except BaseException:
            _discard([outcome])
            raise
    return outcome


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
