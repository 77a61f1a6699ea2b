"""Stage 3, derive: compute everything the pages show, so templates only loop and format.

Totals per verdict, per claim and per kind of damages; totals across verdicts; the
chronology sorted and grouped by year; the bibliography numbered; each citation resolved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from .models import (
    AmountSought,
    Case,
    Claim,
    Event,
    Party,
    Proceeding,
    Quote,
    Source,
    StatedFigure,
    Verdict,
)

_Cites = Callable[[list[str]], tuple["Cite", ...]]

SOURCE_GROUPS = (("court", "Court records"), ("press", "News reports"), ("other", "Other sources"))


@dataclass(frozen=True)
class Cite:
    """A link from a fact to its entry on the sources page."""

    number: int
    anchor: str
    title: str
    source_id: str


@dataclass(frozen=True)
class SourceEntry:
    number: int
    anchor: str
    source: Source


@dataclass(frozen=True)
class SourceGroup:
    heading: str
    entries: tuple[SourceEntry, ...]


@dataclass(frozen=True)
class AwardRow:
    component: str
    kind: str
    amount_usd: int
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class ClaimAwards:
    claim: Claim
    rows: tuple[AwardRow, ...]
    subtotal_usd: int


@dataclass(frozen=True)
class StatedCheck:
    """A figure a source states, beside the sum computed from the award lines."""

    figure: StatedFigure
    computed_usd: int
    cites: tuple[Cite, ...]

    @property
    def agrees(self) -> bool:
        return self.computed_usd == self.figure.amount_usd


@dataclass(frozen=True)
class SoughtEntry:
    sought: AmountSought
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class VerdictSummary:
    verdict: Verdict
    proceeding: Proceeding
    anchor: str
    claims: tuple[ClaimAwards, ...]
    total_usd: int
    compensatory_usd: int
    punitive_usd: int
    stated: tuple[StatedCheck, ...]
    sought: tuple[SoughtEntry, ...]
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class QuoteEntry:
    quote: Quote
    cite: Cite


@dataclass(frozen=True)
class AccountEntry:
    text: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class EventEntry:
    event: Event
    date_label: str
    proceedings: tuple[str, ...]
    """Names of the suits it belongs to; empty for background to all of them."""
    quotes: tuple[QuoteEntry, ...]
    accounts: tuple[AccountEntry, ...]
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class YearGroup:
    year: int
    events: tuple[EventEntry, ...]


@dataclass(frozen=True)
class PartyEntry:
    party: Party
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class ProceedingEntry:
    proceeding: Proceeding
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class CasePage:
    """A case with every figure computed and every list in reading order."""

    case: Case
    source_file: str
    status_cites: tuple[Cite, ...]
    next_step_cites: tuple[Cite, ...]
    parties: tuple[PartyEntry, ...]
    proceedings: tuple[ProceedingEntry, ...]
    verdicts: tuple[VerdictSummary, ...]
    total_usd: int
    compensatory_usd: int
    punitive_usd: int
    discrepancies: tuple[StatedCheck, ...]
    years: tuple[YearGroup, ...]
    rulings: tuple[EventEntry, ...]
    sources: tuple[SourceGroup, ...]

    @property
    def slug(self) -> str:
        return self.case.slug

    @property
    def events(self) -> tuple[EventEntry, ...]:
        return tuple(entry for group in self.years for entry in group.events)


@dataclass(frozen=True)
class VerdictLine:
    proceeding: str
    decided_by: str
    date: date
    total_usd: int


@dataclass(frozen=True)
class Listing:
    """What the home page shows of one explainer: small enough for a build worker to send."""

    slug: str
    title: str
    summary: str
    as_of: date
    verdicts: tuple[VerdictLine, ...]

    @property
    def sort_key(self) -> tuple[str, str]:
        """The home page and the navigation list explainers by title."""
        return (self.title.casefold(), self.slug)


def listing(page: CasePage) -> Listing:
    case = page.case
    verdicts = tuple(
        VerdictLine(v.proceeding.name, v.verdict.decided_by, v.verdict.date, v.total_usd)
        for v in page.verdicts
    )
    return Listing(case.slug, case.title, case.summary, case.as_of, verdicts)


def derive_page(case: Case, source_file: str) -> CasePage:
    """Compute the totals, order the chronology and number the sources of a valid case."""
    groups, by_id = _number_sources(case.sources)

    def cites(ids: list[str]) -> tuple[Cite, ...]:
        unique = sorted({by_id[i] for i in ids}, key=lambda c: c.number)
        return tuple(unique)

    proceedings = {p.id: p for p in case.proceedings}
    verdicts = tuple(_summarise(case, v, proceedings[v.proceeding], cites) for v in case.verdicts)
    events = sorted(enumerate(case.events), key=lambda pair: (*pair[1].date.sort_key, pair[0]))
    entries = [_event_entry(event, proceedings, cites, by_id) for _, event in events]
    years = tuple(
        YearGroup(year, tuple(group))
        for year, group in groupby(entries, key=lambda e: e.event.date.earliest.year)
    )
    return CasePage(
        case=case,
        source_file=source_file,
        status_cites=cites(case.status.sources),
        next_step_cites=cites(case.next_step.sources) if case.next_step else (),
        parties=tuple(PartyEntry(p, cites(p.sources)) for p in case.parties),
        proceedings=tuple(ProceedingEntry(p, cites(p.sources)) for p in case.proceedings),
        verdicts=verdicts,
        total_usd=sum(v.total_usd for v in verdicts),
        compensatory_usd=sum(v.compensatory_usd for v in verdicts),
        punitive_usd=sum(v.punitive_usd for v in verdicts),
        discrepancies=tuple(s for v in verdicts for s in v.stated if not s.agrees),
        years=years,
        rulings=tuple(e for e in entries if e.event.kind in {"ruling", "appeal"}),
        sources=groups,
    )


def _number_sources(sources: list[Source]) -> tuple[tuple[SourceGroup, ...], dict[str, Cite]]:
    groups: list[SourceGroup] = []
    by_id: dict[str, Cite] = {}
    number = 0
    for kind, heading in SOURCE_GROUPS:
        entries = []
        for source in sources:
            if source.kind != kind:
                continue
            number += 1
            anchor = f"src-{source.id}"
            entries.append(SourceEntry(number, anchor, source))
            by_id[source.id] = Cite(number, anchor, source.title, source.id)
        if entries:
            groups.append(SourceGroup(heading, tuple(entries)))
    return tuple(groups), by_id


def _summarise(
    case: Case, verdict: Verdict, proceeding: Proceeding, cites: _Cites
) -> VerdictSummary:
    claims = []
    for claim in proceeding.claims:
        lines = [line for line in verdict.awards if line.claim == claim.id]
        if lines:
            rows = tuple(
                AwardRow(
                    line.component,
                    line.kind,
                    line.amount_usd,
                    cites(line.sources or verdict.sources),
                )
                for line in lines
            )
            claims.append(ClaimAwards(claim, rows, sum(line.amount_usd for line in lines)))
    stated = tuple(
        StatedCheck(
            figure,
            verdict.total_for(
                kind=None if figure.measure == "total" else figure.measure, claim=figure.claim
            ),
            cites(figure.sources),
        )
        for figure in case.stated_figures
        if figure.verdict == verdict.id
    )
    sought = tuple(
        SoughtEntry(s, cites(s.sources)) for s in case.sought if s.proceeding == proceeding.id
    )
    return VerdictSummary(
        verdict=verdict,
        proceeding=proceeding,
        anchor=verdict.id,
        claims=tuple(claims),
        total_usd=verdict.total_usd,
        compensatory_usd=verdict.total_for(kind="compensatory"),
        punitive_usd=verdict.total_for(kind="punitive"),
        stated=stated,
        sought=sought,
        cites=cites(verdict.sources),
    )


def _event_entry(
    event: Event, proceedings: dict[str, Proceeding], cites: _Cites, by_id: dict[str, Cite]
) -> EventEntry:
    return EventEntry(
        event=event,
        date_label=event.date_label or event.date.label,
        proceedings=tuple(proceedings[p].name for p in event.proceedings),
        quotes=tuple(QuoteEntry(q, by_id[q.source]) for q in event.quotes),
        accounts=tuple(AccountEntry(a.text, cites(a.sources)) for a in event.date_accounts),
        cites=cites(event.sources),
    )
