"""The `import courtlistener` subcommand: its options, and the run from files or from the API."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .importer import (
    ImportFailure,
    check_docket,
    check_results,
    choose_slug,
    map_docket,
    read_json,
    render_import,
    site_of,
    write_case,
)
from .importer_fetch import API_BASE, TOKEN_VARIABLE, FetchError, fetch_docket


def add_import(commands: Any) -> None:
    sub = commands.add_parser("import", help="start an explainer from a court docket")
    sources = sub.add_subparsers(dest="source", required=True)
    cl = sources.add_parser(
        "courtlistener",
        help="from a CourtListener docket (REST API v4): saved files, or --id to fetch it",
        description="Write data/cases/<slug>.yaml from a CourtListener docket, its entries "
        "and its parties. Give the saved answers of the API as files, or --id N to fetch "
        f"them (token from {TOKEN_VARIABLE}).",
    )
    cl.add_argument("docket", nargs="?", type=Path, help="DOCKET.json: /api/rest/v4/dockets/<id>/")
    cl.add_argument("--entries", type=Path, help="ENTRIES.json: /api/rest/v4/docket-entries/")
    cl.add_argument("--parties", type=Path, help="PARTIES.json: /api/rest/v4/parties/")
    cl.add_argument("--attorneys", type=Path, help="ATTORNEYS.json: /api/rest/v4/attorneys/")
    cl.add_argument("--id", type=_whole, metavar="N", help="fetch docket N from the API instead")
    cl.add_argument("--api-base", default=API_BASE, help=f"API address (default: {API_BASE})")
    cl.add_argument("--slug", help="the explainer's URL name (default: from the case name)")
    cl.add_argument(
        "--force", action="store_true", help="replace an existing file (keeps a backup)"
    )
    cl.add_argument(
        "--entries-since", type=_day, metavar="YYYY-MM-DD", help="only entries filed on or after it"
    )
    cl.add_argument("--max-entries", type=_whole, metavar="N", help="at most N docket entries")


def run_import(project: Path, args: argparse.Namespace) -> int:
    try:
        if args.id is not None:
            if args.docket or args.entries or args.parties or args.attorneys:
                raise ImportFailure("give either --id or saved files, not both")
            name = f"docket {args.id}"
            fetched = fetch_docket(args.id, os.environ.get(TOKEN_VARIABLE), args.api_base)
            docket = check_docket(fetched.docket, name)
            entries = check_results(fetched.entries, name, "docket entries", "entry_number")
            parties = check_results(fetched.parties, name, "parties", "name")
            attorneys = check_results(fetched.attorneys, name, "attorneys", "name")
            site = site_of(args.api_base)
        elif args.docket is None:
            raise ImportFailure("give DOCKET.json (the saved docket), or --id N to fetch it")
        else:
            name = str(args.docket)
            docket = check_docket(read_json(args.docket), name)
            entries = _results(args.entries, "docket entries", "entry_number")
            parties = _results(args.parties, "parties", "name")
            attorneys = _results(args.attorneys, "attorneys", "name")
            site = site_of(args.api_base)
        imported = map_docket(
            docket, entries, parties, args.entries_since, args.max_entries, site, attorneys
        )
        slug = choose_slug(args.slug, imported, name)
        written, backup = write_case(project, slug, render_import(slug, imported, name), args.force)
    except (ImportFailure, FetchError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for note in imported.notes:
        print(f"{written.as_posix()}: {note}", file=sys.stderr)
    if backup:
        print(f"{written.as_posix()}: the file it replaced is kept as {backup.name}")
    left = f" ({imported.left_out} left out)" if imported.left_out else ""
    print(
        f"{written.as_posix()}: written from {name}: {len(imported.parties)} parties, "
        f"{len(imported.events)} candidate events{left}; fill in each placeholder, "
        "keep the events that matter, then run `make check`"
    )
    return 0


def _results(path: Path | None, what: str, required: str) -> list[dict[str, Any]]:
    return [] if path is None else check_results(read_json(path), str(path), what, required)


def _whole(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {text!r}") from None
