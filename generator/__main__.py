"""Command line: `python -m generator check | build | schema | new | import | docs | migrate |
links`.

A thin layer over `build.py`, `scaffold.py`, `reference.py`, `migrate.py` and `links.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from .build import build, collect_cases
from .errors import DataError, DataErrors, Severity
from .export import export_json_schema
from .importer_cli import add_import as _add_import
from .importer_cli import run_import
from .links import CACHE_FILE, WAYBACK_API, Checker, check_links, find_links
from .migrate import migrate_files
from .models import SCHEMA_VERSION, case_json_schema
from .reference import AUTHORING_PAGE, update_reference
from .scaffold import SHAPES, ScaffoldError, scaffold_case
from .write import write_if_changed

SCHEMA_PATH = Path("data/schema/case.schema.json")
EXPORT_SCHEMA_PATH = Path("data/schema/export.schema.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument(
        "--project", type=Path, default=Path("."), help="project folder (default: here)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every data file; write nothing")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    make = commands.add_parser("build", help="validate, then write the Markdown pages")
    make.add_argument("--out", type=Path, help="output folder (default: docs/)")
    make.add_argument("--only", metavar="SLUG", help="build the home page and this explainer alone")
    make.add_argument("--strict", action="store_true", help="treat warnings as errors")
    make.add_argument(
        "--jobs", type=_positive, metavar="N", help="worker processes (default: one per CPU)"
    )
    commands.add_parser(
        "schema", help=f"write the JSON Schemas of case files and case.json to {SCHEMA_PATH.parent}"
    )
    new = commands.add_parser("new", help="start a new explainer: data/cases/<slug>.yaml")
    new.add_argument("slug", help="the URL name, e.g. smith-v-jones")
    new.add_argument(
        "--shape",
        choices=SHAPES,
        default="verdict",
        help="what the file starts with: a jury verdict (default), several parties with "
        "joint awards, a settlement, or a case with no decision yet",
    )
    _add_import(commands)
    docs = commands.add_parser("docs", help=f"refresh the field reference in {AUTHORING_PAGE}")
    docs.add_argument("--check", action="store_true", help="fail if it is out of date")
    migrate = commands.add_parser(
        "migrate", help=f"rewrite case files in an older format to format {SCHEMA_VERSION}"
    )
    migrate.add_argument("files", nargs="*", help="case files (default: data/cases/*.yaml)")
    links = commands.add_parser(
        "links", help="check that every source's url and archive_url still answer (network)"
    )
    links.add_argument("--slug", help="check this explainer alone")
    links.add_argument(
        "--suggest-archive",
        action="store_true",
        help="print the Wayback Machine snapshot to use as archive_url, where it has one",
    )
    links.add_argument(
        "--timeout", type=_seconds, default=10.0, help="seconds to wait per request (default: 10)"
    )
    links.add_argument(
        "--delay",
        type=_seconds,
        default=1.0,
        help="seconds between two requests to the same host (default: 1)",
    )
    links.add_argument(
        "--wayback-api",
        default=os.environ.get("WAYBACK_API", WAYBACK_API),
        help=f"the availability API's address (default: $WAYBACK_API or {WAYBACK_API})",
    )
    args = parser.parse_args(argv)

    project: Path = args.project
    if args.command == "schema":
        for path, schema in (
            (SCHEMA_PATH, case_json_schema()),
            (EXPORT_SCHEMA_PATH, export_json_schema()),
        ):
            text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            changed = write_if_changed(project / path, text)
            print(f"{path}: {'written' if changed else 'up to date'}")
        return 0
    if args.command == "new":
        try:
            written = scaffold_case(project, args.slug, args.shape)
        except ScaffoldError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"{written.as_posix()}: written; fill in each placeholder, then run `make check`")
        return 0
    if args.command == "import":
        return run_import(project, args)
    if args.command == "docs":
        changed = update_reference(project, check=args.check)
        if args.check and changed:
            print(
                f"{AUTHORING_PAGE}: field reference is out of date; run `python -m generator docs`",
                file=sys.stderr,
            )
            return 1
        print(f"{AUTHORING_PAGE}: {'written' if changed else 'up to date'}")
        return 0
    if args.command == "migrate":
        return _migrate(project, args.files)
    if args.command == "links":
        return _links(project, args)
    try:
        if args.command == "check":
            collected = collect_cases(project, today=_today())
            # Reminders are about today's date, not the data: strict or not, they never fail.
            failing = [w for w in collected.warnings if w.severity is Severity.WARNING]
            if args.strict and failing:
                raise DataErrors(failing)
            warnings, summary = collected.warnings, f"{len(collected.pages)} explainer(s) checked"
        else:
            result = build(project, args.out, args.only, args.strict, args.jobs)
            warnings = result.warnings
            summary = (
                f"{len(result.pages)} page(s), {len(result.exports)} data file(s): "
                f"{len(result.written)} written, {len(result.removed)} removed"
            )
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # the output folder, not the data: unwritable, full, missing
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: cannot write the output: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except DataErrors as exc:
        # Errors first, then the warnings found on the way, apart and marked as such.
        for problem in [*exc.errors, *exc.warnings]:
            print(problem, file=sys.stderr)
        problems = (
            _count(len(exc.errors), "problem") if args.strict else _count(len(exc.errors), "error")
        )
        also = "".join(f" and {count}" for count in _tally(exc.warnings))
        print(f"{problems}{also}; nothing was written", file=sys.stderr)
        return 1
    for warning in warnings:
        print(warning, file=sys.stderr)
    print("; ".join([summary, *_tally(warnings)]))
    return 0


def _tally(warnings: list[DataError]) -> list[str]:
    """ "2 warnings", "1 reminder": each severity counted apart (a reminder is not a warning)."""
    reminders = sum(w.severity is Severity.REMINDER for w in warnings)
    return [
        _count(n, what)
        for n, what in ((len(warnings) - reminders, "warning"), (reminders, "reminder"))
        if n
    ]


def _migrate(project: Path, files: list[str]) -> int:
    results = migrate_files(project, files or None)
    failed = False
    for result in results:
        for line in result.changes:
            print(line)
        for line in result.todo:
            print(line, file=sys.stderr)
        if result.error:
            failed = True
            print(f"{result.name}: {result.error}", file=sys.stderr)
    written = sum(r.written for r in results)
    todo = sum(len(r.todo) for r in results)
    left = (
        f"; {_count(todo, 'quote')} {'needs' if todo == 1 else 'need'} a `context` (listed above)"
        if todo
        else ""
    )
    print(
        f"{_count(len(results), 'file')} checked, {written} rewritten to format {SCHEMA_VERSION}{left}"
    )
    return 1 if failed else 0


def _links(project: Path, args: argparse.Namespace) -> int:
    try:
        found = find_links(project, args.slug)
    except DataErrors as exc:
        for problem in exc.errors:
            print(problem, file=sys.stderr)
        print(f"{_count(len(exc.errors), 'error')} in the data; no link checked", file=sys.stderr)
        return 1
    checker = Checker(
        project / CACHE_FILE, timeout=args.timeout, delay=args.delay, wayback_api=args.wayback_api
    )
    try:
        report = check_links(found, checker, args.suggest_archive)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    for problem in report.problems:
        print(problem, file=sys.stderr)
    for line in report.suggestions:
        print(line)
    moved = len(report.problems) - report.dead
    print(
        f"{report.checked} address{'' if report.checked == 1 else 'es'} checked ({report.from_cache} from the cache, "
        f"{CACHE_FILE.as_posix()}): {report.dead} dead, {moved} moved"
    )
    return 1 if report.dead else 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 600:
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds from 0 to 600, got {text!r}"
        )
    return value


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _today() -> date:
    """Today, or the day `SOURCE_DATE_EPOCH` names (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch else date.today()


if __name__ == "__main__":
    sys.exit(main())
