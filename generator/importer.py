"""`python -m generator import courtlistener`: start an explainer from a CourtListener docket.

Reads what the CourtListener REST API v4 returns for a docket (`/dockets/<id>/`), its docket
entries (`/docket-entries/?docket=<id>`) and its parties (`/parties/?docket=<id>`), saved
as files or fetched by `importer_fetch.py`, and writes `data/cases/<slug>.yaml` from
`templates/imported_case.yaml.j2`. What the docket states (caption, court, docket number,
judge, filing date, parties and their roles, each entry with its document) is filled in;
what it cannot tell is a placeholder that `check` reports, as in `generator new`.

Field names are the API's (`cl/search/api_serializers.py`, `cl/people_db/api_serializers.py`
in freelawproject/courtlistener): a docket's `case_name`, `case_name_short`,
`docket_number`, `court_id`, `assigned_to_str`, `date_filed`, `cause`, `nature_of_suit`,
`absolute_url`; an entry's `entry_number`, `date_filed`, `description` and `recap_documents`
(each with `description`, `document_number`, `document_type`, `absolute_url`); a party's
`name` and `party_types` (each with `name` and `criminal_counts`); an attorney's `name` and
`parties_represented` (each with `party`, the party's API address). Of an attorney only the
name is copied: never the contact details the API also holds.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment

from .importer_courts import FEDERAL_COURTS
from .load import MAX_FILE_BYTES
from .render import template_environment
from .scaffold import SLUG_MAX_CHARS, SLUG_PATTERN, _doc
from .write import write_if_changed

SITE = "https://www.courtlistener.com"
TITLE_CHARS = 150
"""A docket entry's title is its first sentence, cut at a word to at most this many characters."""
TEXT_CHARS = 4000
"""The model's limit on one text field (`models.Text`)."""

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ImportFailure(Exception):
    """The input cannot be imported; the message starts with the file it is about."""


@dataclass
class Imported:
    """A docket mapped to what the case file needs; `imported_case.yaml.j2` writes it."""

    docket_id: int | None
    caption: str
    name: str
    court: str
    court_id: str
    docket: str
    judge: str
    filed: str
    url: str
    cause: str
    nature_of_suit: str
    parties: list[dict[str, str]] = field(default_factory=list)
    claims: list[dict[str, str]] = field(default_factory=list)
    charges: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, str]] = field(default_factory=list)
    left_out: int = 0
    notes: list[str] = field(default_factory=list)


# --- reading the files -------------------------------------------------------------------


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFailure(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailure(f"{path}: cannot read it: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ImportFailure(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None


def check_docket(data: Any, name: str) -> dict[str, Any]:
    """The docket, or a clear error if `data` is not what `/dockets/<id>/` returns."""
    if isinstance(data, dict) and "results" in data:
        raise ImportFailure(
            f"{name}: this is a list of results (docket entries or parties?), not a docket; "
            "give the answer of /api/rest/v4/dockets/<id>/"
        )
    if not isinstance(data, dict) or not ({"docket_number", "case_name"} & data.keys()):
        raise ImportFailure(
            f"{name}: not a CourtListener docket (no `docket_number` or `case_name`); "
            "give the answer of /api/rest/v4/dockets/<id>/"
        )
    return data


def check_results(data: Any, name: str, what: str, required: str) -> list[dict[str, Any]]:
    """The `results` of a saved page (or a plain list of them), each checked to be one."""
    results = data.get("results") if isinstance(data, dict) else data
    if not isinstance(results, list):
        raise ImportFailure(f"{name}: not a list of {what} (expected the API's `results`)")
    for i, item in enumerate(results):
        if not isinstance(item, dict) or required not in item:
            raise ImportFailure(f"{name}: results[{i}]: not one of the {what} (no `{required}`)")
    if isinstance(data, dict) and data.get("next"):
        raise ImportFailure(
            f"{name}: this is one page of several (`next` is set); save every page's "
            "`results` into one list, or use --id to fetch them all"
        )
    return results


# --- mapping ---------------------------------------------------------------------------


def map_docket(
    docket: dict[str, Any],
    entries: list[dict[str, Any]],
    parties: list[dict[str, Any]],
    since: date | None = None,
    max_entries: int | None = None,
    site: str = SITE,
    attorneys: list[dict[str, Any]] | None = None,
) -> Imported:
    """What the case file says, from the API's docket, entries, parties and attorneys."""
    caption = plain(docket.get("case_name")) or plain(docket.get("case_name_full"))
    court_id = _str(docket.get("court_id")) or _court_from_url(docket.get("court"))
    court = FEDERAL_COURTS.get(court_id, "")
    notes = []
    if court_id and not court:
        notes.append(
            f"court id '{court_id}' is not in the table of federal courts "
            "(generator/importer_courts.py): write the court's full name in `court`"
        )
    number = plain(docket.get("docket_number"))
    docket_ref = f"No. {number}" if number and not number.lower().startswith("no") else number
    path = _str(docket.get("absolute_url"))
    docket_id = docket.get("id") if isinstance(docket.get("id"), int) else None
    if not path and docket_id is not None:
        path = f"/docket/{docket_id}/"
    imported = Imported(
        docket_id=docket_id,
        caption=caption,
        name=plain(docket.get("case_name_short")) or caption,
        court=court,
        court_id=court_id,
        docket=docket_ref,
        judge=plain(docket.get("assigned_to_str")),
        filed=_day(docket.get("date_filed")) or "YYYY-MM-DD",
        url=_absolute(site, path),
        cause=plain(docket.get("cause")),
        nature_of_suit=plain(docket.get("nature_of_suit")),
        notes=notes,
    )
    _map_parties(imported, parties)
    _map_counsel(imported, parties, attorneys or [])
    _map_entries(imported, entries, docket_ref, site, since, max_entries)
    return imported


_ROLES = {
    "plaintiff": "plaintiff",
    "petitioner": "plaintiff",
    "appellant": "plaintiff",
    "defendant": "defendant",
    "respondent": "defendant",
    "appellee": "defendant",
    "counter-claimant": "counterclaimant",
    "counter claimant": "counterclaimant",
    "counterclaimant": "counterclaimant",
}


def _map_parties(imported: Imported, parties: list[dict[str, Any]]) -> None:
    used: set[str] = set()
    for party in parties:
        name = plain(party.get("name"))
        if not name:
            continue
        types = [t for t in party.get("party_types") or [] if isinstance(t, dict)]
        docket_role = ", ".join(plain(t.get("name")) for t in types if plain(t.get("name")))
        first = docket_role.split(",")[0].strip().lower()
        imported.parties.append(
            {
                "id": _unique(_slugify(name) or "party", used),
                "name": name,
                "role": _ROLES.get(first, "other"),
                "docket_role": docket_role or "no role given",
            }
        )
        for kind in types:
            for count in kind.get("criminal_counts") or []:
                if isinstance(count, dict) and plain(count.get("name")):
                    imported.charges.append(
                        charge(
                            plain(count.get("name")),
                            f"charge-{len(imported.charges) + 1}",
                            imported.parties[-1]["id"],
                            plain(count.get("disposition")),
                        )
                    )
    if imported.charges:  # a prosecution: the docket's "Plaintiff" is the government
        for party in imported.parties:
            if party["role"] == "plaintiff":
                party["role"] = "prosecutor"


# PACER's count text: "18:1343.F WIRE FRAUD (1-2)" is title 18, section 1343, a felony, and
# counts 1 to 2; a section may carry a sub-code ("18:1956-7499.F").
_COUNT = re.compile(
    r"^(?P<title>\d+):(?P<section>[0-9A-Za-z]+(?:\([0-9A-Za-z]+\))*)(?:-\d+)?"
    r"(?:\.(?P<grade>[A-Z]))?\s+(?P<offence>.+?)(?:\s*\((?P<counts>[0-9][0-9,\s-]*)\))?$"
)
_GRADES = {"F": "felony", "M": "misdemeanor"}


def charge(text: str, charge_id: str, defendant: str, disposition: str) -> dict[str, Any]:
    """One `charges` entry from the docket's count text; what it does not say stays a
    placeholder (`""`), and the docket's own words are kept beside it."""
    found = _COUNT.match(text)
    written = (found and found["counts"]) or ""
    counts = re.findall(r"\d+", written)
    first = int(counts[0]) if counts else None
    last = int(counts[-1]) if len(counts) > 1 and "," not in written else None
    return {
        "id": charge_id,
        "count": first,
        "last_count": last if last and first and last > first else None,
        "offence": _cut(found["offence"].strip(), TEXT_CHARS) if found else _cut(text, TEXT_CHARS),
        "statute": f"{found['title']} U.S.C. § {found['section']}" if found else "",
        "grade": _GRADES.get((found and found["grade"]) or "", ""),
        "defendant": defendant,
        "docket_text": text,
        "disposition": disposition,
    }


def _map_counsel(
    imported: Imported, parties: list[dict[str, Any]], attorneys: list[dict[str, Any]]
) -> None:
    """Each attorney as `counsel`, with the names of the parties the docket says they represent."""
    by_id = {
        party.get("id"): plain(party.get("name")) for party in parties if plain(party.get("name"))
    }
    used = {p["id"] for p in imported.parties}
    for attorney in attorneys:
        name = plain(attorney.get("name"))
        if not name:
            continue
        clients = []
        for role in attorney.get("parties_represented") or []:
            if isinstance(role, dict):
                client = by_id.get(_id_from_url(role.get("party")))
                if client and client not in clients:
                    clients.append(client)
        imported.parties.append(
            {
                "id": _unique(_slugify(name) or "counsel", used),
                "name": name,
                "role": "counsel",
                "docket_role": f"counsel for {', '.join(clients)}" if clients else "counsel",
            }
        )


def _id_from_url(value: object) -> int | None:
    """`https://…/api/rest/v4/parties/31/` -> 31."""
    parts = [p for p in urlsplit(_str(value)).path.split("/") if p]
    return int(parts[-1]) if parts and parts[-1].isdigit() else None


_KINDS = (
    ("NOTICE OF APPEAL", "appeal"),
    ("JURY VERDICT", "verdict"),
    ("VERDICT", "verdict"),
    ("JUDGMENT", "judgment"),
    ("ORDER", "ruling"),
    ("OPINION", "ruling"),
    ("MEMORANDUM OPINION", "ruling"),
    ("MEMORANDUM AND ORDER", "ruling"),
    ("MINUTE ENTRY", "other"),
    ("MINUTE ORDER", "ruling"),
)


def entry_kind(description: str) -> str:
    """A first guess at the event's kind, from how the entry's text begins; else `filing`."""
    head = description.upper().lstrip("*( ")
    return next((kind for start, kind in _KINDS if head.startswith(start)), "filing")


def _map_entries(
    imported: Imported,
    entries: list[dict[str, Any]],
    docket_ref: str,
    site: str,
    since: date | None,
    max_entries: int | None,
) -> None:
    kept = [e for e in entries if since is None or _after(e.get("date_filed"), since)]
    if max_entries is not None:
        kept = kept[:max_entries]
    imported.left_out = len(entries) - len(kept)
    used: set[str] = set()
    for entry in kept:
        number = entry.get("entry_number")
        number = number if isinstance(number, int) and number > 0 else None
        day = _day(entry.get("date_filed"))
        documents = [d for d in entry.get("recap_documents") or [] if isinstance(d, dict)]
        main = next((d for d in documents if d.get("document_type") in (1, "1", None)), None)
        text = plain(entry.get("description")) or plain((main or {}).get("description"))
        base_id = f"entry-{number}" if number is not None else f"entry-{day or 'undated'}"
        event_id = _unique(base_id, used)
        sources = ["docket"]
        doc_url = _absolute(site, _str((main or {}).get("absolute_url")))
        if doc_url:
            doc_id = "doc" + event_id.removeprefix("entry")
            title = plain((main or {}).get("description")) or _title(text) or "Docket entry"
            ref = f"{docket_ref}, Dkt {number}" if number is not None else docket_ref
            imported.documents.append(
                {
                    "id": doc_id,
                    "title": _cut(title, TEXT_CHARS),
                    "date": day or "YYYY-MM-DD",
                    "url": doc_url,
                    "citation": ref or "",
                }
            )
            sources.append(doc_id)
        title = _title(text)
        imported.events.append(
            {
                "id": event_id,
                "number": number,
                "date": day or "YYYY-MM-DD",
                "kind": entry_kind(text),
                "title": title,
                "description": _cut(text, TEXT_CHARS) if text != title else "",
                "sources": sources,
            }
        )


# --- writing ---------------------------------------------------------------------------


def render_import(slug: str, imported: Imported, name: str) -> str:
    """The case file's text; refused if it would be larger than `check` reads."""
    text = _environment().get_template("imported_case.yaml.j2").render(slug=slug, d=imported)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise ImportFailure(
            f"{name}: {len(imported.events):,} docket entries make a case file of {size:,} "
            f"bytes, over the {MAX_FILE_BYTES:,} a case file may have; import fewer with "
            "--entries-since DATE or --max-entries N"
        )
    return text


def choose_slug(slug: str | None, imported: Imported, name: str) -> str:
    chosen = slug or _slugify(imported.caption)[:SLUG_MAX_CHARS].strip("-")
    if not chosen or not SLUG_PATTERN.fullmatch(chosen) or len(chosen) > SLUG_MAX_CHARS:
        raise ImportFailure(
            f"{name}: '{chosen}' is not a URL slug: give one with --slug (lowercase letters, "
            f"digits and single hyphens, at most {SLUG_MAX_CHARS} characters)"
        )
    return chosen


def write_case(project: Path, slug: str, text: str, force: bool) -> tuple[Path, Path | None]:
    """Write `data/cases/<slug>.yaml`; never over a file, unless `force` (which keeps a backup)."""
    rel = Path("data") / "cases" / f"{slug}.yaml"
    target = project / rel
    backup = None
    if target.exists():
        if not force:
            raise ImportFailure(
                f"{rel.as_posix()}: already exists; choose another --slug, "
                "or --force to replace it (a backup is kept)"
            )
        backup = target.with_name(f"{target.name}.{_stamp(target)}.bak")
        shutil.copy2(target, backup)
    write_if_changed(target, text)
    return rel, backup


def _stamp(target: Path) -> str:
    n = 1
    while target.with_name(f"{target.name}.{n}.bak").exists():
        n += 1
    return str(n)


# --- text --------------------------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "div", "li", "tr"):
            self.parts.append(" ")


def plain(value: object) -> str:
    """Text from the API as one line of plain text: HTML tags dropped, entities decoded."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    parser = _Text()
    parser.feed(str(value))
    parser.close()
    return " ".join("".join(parser.parts).split())


def _title(text: str) -> str:
    """The first sentence of an entry's text, cut at a word to `TITLE_CHARS`."""
    first = re.split(r"(?<=[a-z)\]])\. (?=[A-Z(])", text, maxsplit=1)[0]
    return _cut(first, TITLE_CHARS)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"


def _slugify(text: str) -> str:
    text = re.sub(r"\bv\.", "v", text.lower())
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", text)).strip("-")[:60].strip("-")


def _unique(base: str, used: set[str]) -> str:
    chosen, n = base, 2
    while chosen in used:
        chosen, n = f"{base}-{n}", n + 1
    used.add(chosen)
    return chosen


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _day(value: object) -> str:
    text = _str(value)[:10]
    return text if _DAY.fullmatch(text) else ""


def _after(value: object, since: date) -> bool:
    day = _day(value)
    return bool(day) and date.fromisoformat(day) >= since


def _absolute(site: str, path: str) -> str:
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return site.rstrip("/") + "/" + path.lstrip("/")


def _court_from_url(value: object) -> str:
    """`https://…/api/rest/v4/courts/nysd/` -> `nysd` (older answers give only the URL)."""
    parts = [p for p in urlsplit(_str(value)).path.split("/") if p]
    return parts[-1] if parts and "courts" in parts else ""


def site_of(api_base: str) -> str:
    """The web site of an API base: `https://host/api/rest/v4/` -> `https://host`."""
    split = urlsplit(api_base)
    return f"{split.scheme}://{split.netloc}" if split.scheme and split.netloc else SITE


@cache
def _environment() -> Environment:
    env = template_environment()
    env.filters.update(q=_quote, oneline=lambda text: " ".join(str(text).split()))
    env.globals.update(doc=_doc)
    return env


def _quote(value: object) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)
