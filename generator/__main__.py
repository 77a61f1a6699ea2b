"""Command line: `python -m generator check | build | schema`. A thin layer over `build.py`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .build import build, collect_cases
from .errors import DataErrors
from .models import case_json_schema
from .write import write_if_changed

SCHEMA_PATH = Path("data/schema/case.schema.json")


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
    commands.add_parser("schema", help=f"write the JSON Schema of case files to {SCHEMA_PATH}")
    args = parser.parse_args(argv)

    project: Path = args.project
    if args.command == "schema":
        text = json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n"
        changed = write_if_changed(project / SCHEMA_PATH, text)
        print(f"{SCHEMA_PATH}: {'written' if changed else 'up to date'}")
        return 0
    try:
        if args.command == "check":
            collected = collect_cases(project)
            if args.strict and collected.warnings:
                raise DataErrors(collected.warnings)
            warnings, summary = collected.warnings, f"{len(collected.pages)} explainer(s) checked"
        else:
            result = build(project, args.out, only=args.only, strict=args.strict)
            warnings = result.warnings
            summary = f"{len(result.pages)} page(s): {len(result.written)} written, {len(result.removed)} removed"
    except DataErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        problems = (
            _count(len(exc.errors), "problem") if args.strict else _count(len(exc.errors), "error")
        )
        print(f"{problems}; nothing was written", file=sys.stderr)
        return 1
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(summary + (f"; {_count(len(warnings), 'warning')}" if warnings else ""))
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


if __name__ == "__main__":
    sys.exit(main())
