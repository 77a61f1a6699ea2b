"""Open data: each explainer's figures and dates as files to download, beside its pages.

`export_files` turns derived explainers into `case.json` (the validated data plus every
computed figure), `awards.csv`, `chronology.ics`, `timeline.json` (Knight Lab TimelineJS) and
`feed.xml` (Atom), all from the same `CasePage` the pages are rendered from, so a download
can never disagree with a page. `render_head` is the `<head>` of an explainer's page: a
link to its feed and a schema.org description (JSON-LD); the MkDocs hook inserts it.

Every file is byte-stable (no clock is read: time stamps come from `as_of` and the
corrections log) and starts with
the mark `write.GENERATED_MARKS` holds for its suffix, so a stale one can be removed safely.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, Literal

from jinja2 import Environment
from pydantic import BaseModel, ConfigDict, Field

from .derive import CasePage, Cite, EventEntry, LedgerRow, VerdictSummary
from .models import SCHEMA_VERSION, Case, LedgerStepKind, MoneyKind, Quote, Source
from .render import template_environment
from .words import long_date, usd_words

EXPORT_SCHEMA_VERSION = "2"
"""Bumped when a field of the export is removed, renamed or changes meaning."""

EXPORT_SCHEMA_ID = f"case-explainers/export/{EXPORT_SCHEMA_VERSION}"
"""The value of `schema` in every `case.json`; `data/schema/export.schema.json` describes it."""

EXPORTS = ("case.json", "awards.csv", "counts.csv", "chronology.ics", "timeline.json", "feed.xml")
"""The files an explainer can have, under `cases/<slug>/`, in the order the overview lists
them: `awards.csv` for civil suits, `counts.csv` for prosecutions (both for a matter with both)."""

COUNTS_CSV_HEADER = (
    "count",
    "proceeding",
    "charge",
    "offence",
    "statute",
    "grade",
    "offence_class",
    "defendant",
    "plea",
    "disposition",
    "decided_by",
    "disposition_date",
    "sentence",
    "source_ids",
)
"""`counts.csv`: one row per count (a run of counts is one row per count in it)."""

CSV_HEADER = (
    "verdict_date",
    "proceeding",
    "claim",
    "component",
    "kind",
    "amount_usd",
    "awarded_to",
    "owed_by",
    "shared",
    "decision",
    "source_ids",
)

PRODID = "-//Case Explainers//Chronology//EN"

SECTION_HEADLINES = {
    "index": "{title}",
    "awards": "Awards in {title}",
    "charges": "Charges and verdict in {title}",
    "chronology": "Chronology of {title}",
    "sources": "Sources for {title}",
}
"""The heading of each page of an explainer, as its template writes it."""

# XML 1.0 allows neither C0 controls (but tab and newline) nor U+FFFE/U+FFFF nor surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FEED_NAMESPACE = uuid.UUID("6b1f5c0e-8f1e-5d2a-9c1e-3c6173652d65")
"""Entry ids are UUIDs derived from this one and the slug and event id: stable forever."""


# --- the shape of case.json; `python -m generator schema` publishes its JSON Schema -------


_Day = date  # a field named `date` would shadow the type in a class body


class _Export(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Licence(_Export):
    """The terms under which the compiled data may be reused."""

    name: str = Field(description="The licence's short name.")
    url: str = Field(description="Where its terms are published.")
    note: str = Field(description="What it covers, and what it does not.")


LICENCE = Licence(
    name="CC BY 4.0",
    url="https://creativecommons.org/licenses/by/4.0/",
    note=(
        "Covers the data as compiled here: the selection, dates, figures and our own "
        "sentences. Quoted words and the source documents belong to their authors and "
        "publishers."
    ),
)


class ClaimFigures(_Export):
    """A decision's award for one claim, or for the whole case."""

    claim: str | None = Field(
        description="Id of the claim in the decision's proceeding; null for the whole case."
    )
    name: str = Field(description="The claim's name.")
    total_usd: int = Field(description="Sum of the claim's award lines, whole US dollars.")
    compensatory_usd: int = Field(description="Sum of its compensatory lines.")
    punitive_usd: int = Field(description="Sum of its punitive lines.")


class StatedCheck(_Export):
    """A figure a source states, beside the sum computed from the award lines."""

    measure: Literal["total", MoneyKind] = Field(description="What it measures.")
    claim: str | None = Field(description="The claim it is limited to, if any.")
    party: str | None = Field(description="The recipient it is limited to, if any.")
    stated_usd: int = Field(description="The figure as the source states it.")
    computed_usd: int = Field(description="The same measure summed from the award lines.")
    agrees: bool = Field(description="Whether the two are equal.")
    discrepancy: str | None = Field(description="Why they differ, where they do.")
    sources: list[str] = Field(description="Ids of the sources that state it.")


class Share(_Export):
    """A decision's money for one recipient (or joint group) or one kind."""

    name: str = Field(description="The recipient(s) as the pages name them, or the kind.")
    amount_usd: int = Field(description="Whole US dollars.")
    joint: bool = Field(default=False, description="Whether one amount is shared by several.")


class LedgerFigure(_Export):
    """One step of what became of the money, with the award that stands after it."""

    date: _Day = Field(description="The day of the step.")
    step: LedgerStepKind = Field(description="What happened.")
    amount_usd: int | None = Field(description="The money the step concerns, if any.")
    stands_usd: int | None = Field(description="The award standing after it; null if unknown.")
    event: str | None = Field(description="Id of its chronology event, if any.")


class VerdictFigures(_Export):
    """The totals of one decision."""

    verdict: str = Field(description="Id of the decision.")
    proceeding: str = Field(description="Id of its proceeding.")
    decision: str = Field(description="How it was decided, e.g. `jury verdict`.")
    date: _Day = Field(description="The day it was given.")
    amount_disclosed: bool = Field(description="False for a settlement of undisclosed amount.")
    total_usd: int = Field(description="Sum of all its award lines, whole US dollars.")
    compensatory_usd: int = Field(description="Sum of its compensatory lines.")
    punitive_usd: int = Field(description="Sum of its punitive lines.")
    other_usd: int = Field(description="Sum of its lines of every other kind.")
    stands_usd: int | None = Field(
        description="The award that stands as of `as_of`, after the ledger; null if unknown."
    )
    claims: list[ClaimFigures] = Field(description="Per claim, in the proceeding's order.")
    recipients: list[Share] = Field(description="Per recipient; empty with a single one.")
    kinds: list[Share] = Field(description="Per kind of money.")
    ledger: list[LedgerFigure] = Field(description="What became of the money, by date.")
    stated: list[StatedCheck] = Field(description="Figures sources state, reconciled.")


class CountFigure(_Export):
    """One count of a prosecution, with what became of it."""

    count: int = Field(description="The count's number in the indictment.")
    charge: str = Field(description="Id of the charge (a count or run of counts) it belongs to.")
    defendant: str = Field(description="Id of the defendant charged.")
    plea: str | None = Field(description="The latest plea recorded, e.g. `not guilty`.")
    disposition: str | None = Field(
        description="What became of it (`guilty`, `not_guilty`, ...); null while undecided."
    )
    decided: str | None = Field(description="How and when, e.g. `jury verdict, May 30, 2024`.")
    sentence: str | None = Field(description="The sentence on it in words, if any.")


class ProsecutionFigures(_Export):
    """A criminal proceeding's counts, outcomes and sentence, as the pages read them."""

    proceeding: str = Field(description="Id of the proceeding.")
    counts: int = Field(description="How many counts were charged.")
    charges_brief: str = Field(description="The charges in one phrase.")
    verdict: str = Field(description="The outcome in one phrase.")
    sentence: str = Field(description="The sentence in one phrase; empty if none.")
    per_count: list[CountFigure] = Field(description="Every count, in number order.")


class EventDate(_Export):
    """One chronology entry's place in time, in reading order."""

    event: str = Field(description="Id of the event (the anchor on the chronology page).")
    date: str = Field(description="The date as the data gives it (EDTF level 0).")
    label: str = Field(description="How the pages write the date.")
    earliest: _Day = Field(description="The first day the date can mean.")
    latest: _Day = Field(description="The last day the date can mean.")
    precision: Literal["day", "month", "year", "range"] = Field(description="How precise.")


class Figures(_Export):
    """Everything the generator computes from the data."""

    total_usd: int = Field(description="All verdicts' award lines, whole US dollars.")
    compensatory_usd: int = Field(description="All compensatory lines.")
    punitive_usd: int = Field(description="All punitive lines.")
    other_usd: int = Field(description="All lines of every other kind.")
    stage: str = Field(
        description="The status badge: pending, verdict, on appeal, upheld on appeal, settled, closed."
    )
    verdicts: list[VerdictFigures] = Field(description="Per decision, in the data's order.")
    prosecutions: list[ProsecutionFigures] = Field(
        default_factory=list, description="Per criminal proceeding, in the data's order."
    )
    chronology: list[EventDate] = Field(description="Every event, sorted by date.")
    source_numbers: dict[str, int] = Field(
        description="The number each source has on the sources page, by source id."
    )


class CaseExport(_Export):
    """`/cases/<slug>/case.json`: one explainer's validated data and computed figures."""

    model_config = ConfigDict(title="Case explainer export")

    comment: str = Field(alias="$comment", description="Where the file comes from.")
    schema_id: str = Field(
        alias="schema",
        description="The name and version of this format.",
        json_schema_extra={"const": EXPORT_SCHEMA_ID},
    )
    data_schema_version: str = Field(description="Version of the case data format (`case`).")
    as_of: _Day = Field(description="The day the facts were last checked.")
    licence: Licence = Field(description="Terms of reuse.")
    case: Case = Field(description="The case data, as validated.")
    figures: Figures = Field(description="Totals, the sorted chronology and source numbers.")


def export_json_schema() -> dict[str, Any]:
    """The JSON Schema of `case.json`, published as `data/schema/export.schema.json`."""
    schema = CaseExport.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = (
        f"Case Explainers export format {EXPORT_SCHEMA_ID}. Generated from generator/export.py."
    )
    return schema


# --- the files ---------------------------------------------------------------------------


def export_files(pages: list[CasePage]) -> dict[str, str]:
    """The data files of every explainer: {path under docs/: text}."""
    return {path: text for page in pages for path, text in export_case(page).items()}


def export_case(page: CasePage) -> dict[str, str]:
    """The data files of one explainer: {`cases/<slug>/<name>`: text}."""
    makers = {
        "case.json": _case_json,
        "awards.csv": _awards_csv,
        "counts.csv": _counts_csv,
        "chronology.ics": _chronology_ics,
        "timeline.json": _timeline_json,
        "feed.xml": _feed_xml,
    }
    return {f"cases/{page.slug}/{name}": makers[name](page) for name in export_names(page.kind)}


def export_names(kind: str = "civil") -> list[str]:
    """The data files of an explainer of this kind (`civil`, `criminal`, or both)."""
    leave = {"awards.csv"} if kind == "criminal" else set()
    leave |= {"counts.csv"} if kind == "civil" else set()
    return [name for name in EXPORTS if name not in leave]


def export_paths(slug: str, kind: str = "civil") -> list[str]:
    return [f"cases/{slug}/{name}" for name in export_names(kind)]


def _comment(page: CasePage) -> str:
    return f"generated from {page.source_file}; edit the data, not this file"


def _dumps(value: object) -> str:
    # Compact: `indent` would send every file through json's pure-Python encoder, which cost
    # more than rendering the pages. Any JSON viewer re-indents it.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def _case_json(page: CasePage) -> str:
    case = page.case
    figures = Figures(
        total_usd=page.total_usd,
        compensatory_usd=page.compensatory_usd,
        punitive_usd=page.punitive_usd,
        other_usd=page.other_usd,
        stage=page.stage,
        verdicts=[
            VerdictFigures(
                verdict=v.verdict.id,
                proceeding=v.proceeding.id,
                decision=v.decision_label,
                date=v.verdict.date,
                amount_disclosed=v.verdict.amount_disclosed,
                total_usd=v.total_usd,
                compensatory_usd=v.compensatory_usd,
                punitive_usd=v.punitive_usd,
                other_usd=v.other_usd,
                stands_usd=v.stands_usd,
                claims=[
                    ClaimFigures(
                        claim=c.claim.id if c.claim else None,
                        name=c.claim.name if c.claim else c.label,
                        total_usd=c.subtotal_usd,
                        compensatory_usd=sum(
                            r.amount_usd for r in c.rows if r.kind == "compensatory"
                        ),
                        punitive_usd=sum(r.amount_usd for r in c.rows if r.kind == "punitive"),
                    )
                    for c in v.claims
                ],
                recipients=[
                    Share(name=r.label, amount_usd=r.amount_usd, joint=r.joint)
                    for r in v.recipients
                ],
                kinds=[Share(name=k.label, amount_usd=k.amount_usd) for k in v.kinds],
                ledger=[
                    LedgerFigure(
                        date=r.step.date,
                        step=r.step.step,
                        amount_usd=r.step.amount_usd,
                        stands_usd=r.stands_usd,
                        event=r.step.event,
                    )
                    for r in v.ledger
                ],
                stated=[
                    StatedCheck(
                        measure=s.figure.measure,
                        claim=s.figure.claim,
                        party=s.figure.party,
                        stated_usd=s.figure.amount_usd,
                        computed_usd=s.computed_usd,
                        agrees=s.agrees,
                        discrepancy=s.figure.discrepancy,
                        sources=list(s.figure.sources),
                    )
                    for s in v.stated
                ],
            )
            for v in page.verdicts
        ],
        prosecutions=[
            ProsecutionFigures(
                proceeding=p.proceeding.id,
                counts=p.counts,
                charges_brief=p.charges_brief,
                verdict=p.verdict_brief,
                sentence=p.sentence_brief,
                per_count=[
                    CountFigure(
                        count=number,
                        charge=r.charge.id,
                        defendant=r.defendant_id,
                        plea=r.plea or None,
                        disposition=r.result,
                        decided=r.decided or None,
                        sentence=r.sentence or None,
                    )
                    for g in p.groups
                    for r in g.rows
                    for number in r.numbers
                ],
            )
            for p in page.prosecutions
        ],
        chronology=[
            EventDate(
                event=e.event.id,
                date=e.event.date.text,
                label=e.date_label,
                earliest=e.event.date.earliest,
                latest=e.event.date.latest,
                precision=e.event.date.precision,
            )
            for e in page.events
        ],
        source_numbers={
            entry.source.id: entry.number for group in page.sources for entry in group.entries
        },
    )
    export = CaseExport(
        comment=_comment(page),
        schema_id=EXPORT_SCHEMA_ID,
        data_schema_version=SCHEMA_VERSION,
        as_of=case.as_of,
        licence=LICENCE,
        case=case,
        figures=figures,
    )
    return export.model_dump_json(by_alias=True) + "\n"


def _awards_csv(page: CasePage) -> str:
    buffer = io.StringIO(newline="")
    # The csv module's default dialect is RFC 4180: commas, CRLF, quotes doubled when needed.
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for v in page.verdicts:
        for c in v.claims:
            for row in c.rows:
                writer.writerow(
                    (
                        v.verdict.date.isoformat(),
                        _cell(v.proceeding.name),
                        _cell(c.claim.name if c.claim else ""),
                        _cell(row.component),
                        row.kind,
                        row.amount_usd,
                        " ".join(row.to_ids),
                        " ".join(row.by_ids),
                        row.shared or "",
                        v.verdict.decision,
                        " ".join(cite.source_id for cite in row.cites),
                    )
                )
    return buffer.getvalue()


def _counts_csv(page: CasePage) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COUNTS_CSV_HEADER)
    rows = [
        (number, p, r)
        for p in page.prosecutions
        for g in p.groups
        for r in g.rows
        for number in r.numbers
    ]
    for number, p, r in sorted(
        rows, key=lambda item: (item[1].proceeding.id, item[2].defendant_id, item[0])
    ):
        charge = r.charge
        writer.writerow(
            (
                number,
                _cell(p.proceeding.name),
                charge.id,
                _cell(charge.offence),
                _cell(charge.statute),
                charge.grade,
                charge.offence_class or "",
                r.defendant_id,
                r.plea,
                r.result or "",
                r.decided_by,
                r.decided_on.isoformat() if r.decided_on else "",
                _cell(r.sentence),
                " ".join(cite.source_id for cite in r.cites),
            )
        )
    return buffer.getvalue()


def _cell(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's
    advice for CSV injection); spreadsheets show the apostrophe-prefixed text as typed."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _parts(text: str) -> list[tuple[int, ...]]:
    """`2019-06-21/2019-06-22` -> [(2019, 6, 21), (2019, 6, 22)]: each end as precise as written."""
    return [tuple(int(n) for n in part.split("-")) for part in text.split("/")]


def _day_bounds(entry: EventEntry) -> tuple[date, date] | None:
    """The first and last day of an event dated to the day (or a range of days), else None."""
    span = entry.event.date
    if all(len(part) == 3 for part in _parts(span.text)):
        return span.earliest, span.latest
    return None


def _stamp(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _suits(entry: EventEntry) -> str:
    return ", ".join(entry.proceedings) if entry.proceedings else "Background"


def _plain_summary(
    entry: EventEntry, titles: dict[str, str], money: dict[str, list[str]] | None = None
) -> str:
    event = entry.event
    lines = [f"{entry.date_label} · {event.status} · {_suits(entry)}"]
    if event.description:
        lines.append(event.description)
    lines += [_quote_line(q) for q in event.quotes]
    lines += (money or {}).get(event.id, [])
    lines.append(_sources_line(entry.cites, titles))
    return "\n\n".join(lines)


def _sources_line(cites: tuple[Cite, ...], titles: dict[str, str]) -> str:
    return "Sources: " + "; ".join(titles[c.source_id] for c in cites)


def _money_steps(page: CasePage) -> dict[str, list[str]]:
    """{event id: what the ledger steps linked to that event did to the money}."""
    out: dict[str, list[str]] = {}
    for v in page.verdicts:
        for row in v.ledger:
            if row.event_anchor is not None:
                out.setdefault(row.event_anchor, []).append(_money_step(v, row))
    return out


def _money_step(v: VerdictSummary, row: LedgerRow) -> str:
    stands = "not disclosed" if row.stands_usd is None else usd_words(row.stands_usd)
    return (
        f"The money ({v.proceeding.name}, {v.decision_label} of "
        f"{long_date(v.verdict.date)}): {row.label.lower()}; {row.phrase}. "
        f"Award standing after this step: {stands}."
    )


def _quote_line(quote: Quote) -> str:
    """A quote as plain text, never without the words that decide its meaning."""
    return f"\u201c{quote.text}\u201d ({quote.speaker}). In context: {quote.context}"


def _source_titles(page: CasePage) -> dict[str, str]:
    return {
        entry.source.id: f"[{entry.number}] {entry.source.title} ({entry.source.publisher})"
        for group in page.sources
        for entry in group.entries
    }


def _chronology_ics(page: CasePage) -> str:
    """RFC 5545, written directly: all-day events for the day-dated entries.

    (The `icalendar` package built this first; it cost more than rendering all four pages,
    so it now only reads the file back in the tests.)
    """
    case = page.case
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "DESCRIPTION:"
        + _ics_text(
            f"Day-dated events of {case.title}, as of {case.as_of.isoformat()}. "
            f"Data: {LICENCE.name} ({LICENCE.url})."
        ),
        f"NAME:{_ics_text(case.title)}",
        f"X-WR-CALNAME:{_ics_text(case.title)}",
    ]
    titles = _source_titles(page)
    stamp = _stamp(case.as_of).strftime("%Y%m%dT%H%M%SZ")
    for entry in page.events:
        bounds = _day_bounds(entry)
        if bounds is None:
            continue
        end = date.fromordinal(bounds[1].toordinal() + 1)  # DTEND is exclusive
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{_ics_text(entry.event.title)}",
            f"DTSTART;VALUE=DATE:{bounds[0]:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"DTSTAMP:{stamp}",
            f"UID:{entry.event.id}.{page.slug}@case-explainers",
            f"CATEGORIES:{_ics_text(entry.event.kind)}",
            f"DESCRIPTION:{_ics_text(_plain_summary(entry, titles))}",
            f"STATUS:{'TENTATIVE' if entry.event.status == 'scheduled' else 'CONFIRMED'}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _ics_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545, section 3.1)."""
    data = line.encode("utf-8")
    parts, limit = [], 75
    while len(data) > limit:
        cut = limit
        while data[cut] & 0xC0 == 0x80:  # never inside a UTF-8 sequence
            cut -= 1
        if data[cut - 1] == 0x5C:  # nor right after a backslash, as icalendar does
            cut -= 1
        parts.append(data[:cut])
        data, limit = data[cut:], 74  # a continuation line starts with a space
    parts.append(data)
    return b"\r\n ".join(parts).decode("utf-8")


def _html(text: str) -> str:
    """Escape text for TimelineJS, which shows its fields as HTML."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def _timeline_date(part: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(("year", "month", "day"), part, strict=False))


def _timeline_json(page: CasePage) -> str:
    case = page.case
    sources = {entry.source.id: entry.source for group in page.sources for entry in group.entries}
    events = []
    for entry in page.events:
        event = entry.event
        parts = _parts(event.date.text)
        cited = []
        for cite in entry.cites:
            source = sources[cite.source_id]
            label = f"{_html(source.title)} ({_html(source.publisher)})"
            cited.append(f'<a href="{_html(source.url)}">{label}</a>' if source.url else label)
        text = f"<p>{_html(event.description)}</p>" if event.description else ""
        text += "".join(f"<p>{_html(_quote_line(q))}</p>" for q in event.quotes)
        slide: dict[str, Any] = {"unique_id": event.id, "start_date": _timeline_date(parts[0])}
        if len(parts) > 1:
            slide["end_date"] = _timeline_date(parts[1])
        slide.update(
            display_date=_html(entry.date_label),
            text={
                "headline": _html(event.title),
                "text": text + "<p>Sources: " + "; ".join(cited) + "</p>",
            },
            group=_html(_suits(entry)),
        )
        events.append(slide)
    timeline = {
        "$comment": _comment(page),
        "title": {
            "text": {
                "headline": _html(case.title),
                "text": f"<p>{_html(case.summary)}</p><p>Facts as of {case.as_of.isoformat()}. "
                f'Data: <a href="{LICENCE.url}">{LICENCE.name}</a>.</p>',
            }
        },
        "events": events,
    }
    return _dumps(timeline)


@dataclass(frozen=True)
class _FeedEntry:
    id: str
    title: str
    updated: str
    href: str
    kind: str
    content: str


def _atom_time(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _ledger_entries(page: CasePage, titles: dict[str, str]) -> list[_FeedEntry]:
    """A step of the money with no chronology event of its own is news on its own day."""
    entries: list[_FeedEntry] = []
    seen: Counter[str] = Counter()
    for v in page.verdicts:
        for row in v.ledger:
            if row.event_anchor is not None:
                continue  # told in its event's entry
            # stable while steps are added around it; a second step of a kind on a day gets /2
            key = f"{page.slug}/{v.anchor}/{row.step.date.isoformat()}/{row.step.step}"
            seen[key] += 1
            if seen[key] > 1:
                key += f"/{seen[key]}"
            when = long_date(row.step.date)
            entries.append(
                _FeedEntry(
                    id=f"urn:uuid:{uuid.uuid5(_FEED_NAMESPACE, key)}",
                    title=f"{when}: {row.label} ({v.proceeding.name})",
                    updated=_atom_time(min(row.step.date, page.case.as_of)),
                    href=f"awards/#{v.anchor}-after",
                    kind=row.step.step,
                    content="\n\n".join(
                        [
                            f"{when} · {v.proceeding.name}",
                            row.step.text,
                            _money_step(v, row),
                            _sources_line(row.cites, titles),
                        ]
                    ),
                )
            )
    return entries


def _feed_xml(page: CasePage) -> str:
    case = page.case
    titles = _source_titles(page)
    money = _money_steps(page)
    entries = [
        _FeedEntry(
            id=f"urn:uuid:{uuid.uuid5(_FEED_NAMESPACE, f'{page.slug}/{entry.event.id}')}",
            title=f"{entry.date_label}: {entry.event.title}",
            # a scheduled event is news as of `as_of`, not on its future date
            updated=_atom_time(min(entry.event.date.earliest, case.as_of)),
            href=f"chronology/#{entry.event.id}",
            kind=entry.event.kind,
            content=_plain_summary(entry, titles, money),
        )
        for entry in reversed(page.events)
    ]
    entries += _ledger_entries(page, titles)
    # Each correction and update is news on the day the explainer changed.
    entries += [
        _FeedEntry(
            id=f"urn:uuid:{uuid.uuid5(_FEED_NAMESPACE, f'{page.slug}/{c.anchor}')}",
            title=f"{c.correction.kind.capitalize()}, {long_date(c.correction.date)}",
            updated=_atom_time(c.correction.date),
            href=f"./#{c.anchor}",
            kind=c.correction.kind,
            content=c.correction.text,
        )
        for c in page.corrections
    ]
    entries.sort(key=lambda e: e.updated, reverse=True)  # newest first (stable for ties)
    text = (
        _environment()
        .get_template("feed.xml.j2")
        .render(
            case=case,
            source_file=re.sub(r"-(?=-)", "- ", page.source_file),  # no `--` in a comment
            feed_id=f"urn:uuid:{uuid.uuid5(_FEED_NAMESPACE, page.slug)}",
            updated=_atom_time(page.updated_on),
            licence=LICENCE,
            entries=entries,
        )
    )
    return _NOT_XML.sub("", text)


# --- the <head> of each explainer page ---------------------------------------------------


def render_head(
    page: CasePage,
    section: str,
    *,
    feed_href: str,
    page_url: str | None = None,
    description: str | None = None,
) -> str:
    """The feed link and JSON-LD for one page of an explainer, to insert before `</head>`."""
    case = page.case
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": SECTION_HEADLINES.get(section, "{title}").format(title=case.title),
        "description": description or case.summary,
    }
    if page_url:
        article["url"] = page_url
    article.update(
        {
            "inLanguage": "en",
            "dateModified": page.updated_on.isoformat(),
            "license": LICENCE.url,
            "about": [
                {
                    "@type": "Thing",
                    "name": f"{p.caption} ({p.name})",
                    "identifier": p.docket,
                    "description": p.summary,
                }
                for p in case.proceedings
            ],
            "mentions": [
                {"@type": "Person", "name": party.name, "description": party.description}
                for party in case.parties
            ],
            "citation": [
                _citation(entry.source) for group in page.sources for entry in group.entries
            ],
        }
    )
    if section == "awards" and page.verdicts:
        article["mainEntity"] = {
            "@type": "ItemList",
            "name": f"Decisions in {case.title}",
            "itemListElement": [_decision_ld(v, i) for i, v in enumerate(page.verdicts, 1)],
        }
    return (
        _environment()
        .get_template("head.html.j2")
        .render(
            title=f"{case.title}: chronology", feed_href=feed_href, json_ld=_script_json(article)
        )
    )


def _decision_ld(v: VerdictSummary, position: int) -> dict[str, Any]:
    """One decision as a schema.org MonetaryAmount: what it awarded, who decided, what
    became of it; without `value` where the amount was not disclosed."""
    amount: dict[str, Any] = {
        "@type": "MonetaryAmount",
        "name": f"{v.proceeding.name}: {v.decision_label}, {long_date(v.verdict.date)}",
        "currency": "USD",
        "description": " ".join(s for s in (v.reading, v.ledger_reading) if s),
    }
    if v.verdict.amount_disclosed:
        amount["value"] = v.total_usd
    return {"@type": "ListItem", "position": position, "item": amount}


def _citation(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "NewsArticle" if source.kind == "press" else "CreativeWork",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.author:
        work["author"] = source.author
    if source.date:
        work["datePublished"] = source.date.text
    if source.citation:
        work["identifier"] = source.citation
    if source.url:
        work["url"] = source.url
    return work


def _script_json(value: object) -> str:
    """JSON that cannot end its `<script>` element or open a comment: `<`, `>`, `&` escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _environment() -> Environment:
    return template_environment(autoescape=True)  # feed.xml.j2 and head.html.j2 are markup
