"""Stage 3, derive: compute everything the pages show, so templates only loop and format.

Totals per decision, per claim, per recipient and per kind of money; totals across
decisions; what became of the money afterwards (the ledger) and what stands as of `as_of`;
the sentences that read the figures out; the chronology sorted and grouped by year; the
bibliography numbered; each citation resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from .models import (
    CONVICTIONS,
    CRIMINAL_STEPS,
    DECIDERS,
    DECISIONS,
    DISPOSITIONS,
    MONEY_KINDS,
    PLEAS,
    REDUCING_STEPS,
    SENTENCE_KINDS,
    AmountSought,
    AwardLine,
    Case,
    Charge,
    Claim,
    Correction,
    CriminalStep,
    DateSpan,
    Disposition,
    Event,
    LedgerStep,
    Party,
    Proceeding,
    Quote,
    Sentence,
    SentenceTerm,
    Source,
    StatedFigure,
    Verdict,
)
from .validate import stated_sum
from .words import join_words, long_date, usd, usd_words

_Cites = Callable[[list[str]], tuple["Cite", ...]]

SECTIONS = ("index", "awards", "charges", "chronology", "sources")
"""The pages an explainer can have, in reading order: `/cases/<slug>/`, `.../awards/`, ...
`awards` for the decisions of civil suits, `charges` (charges and verdict) for prosecutions."""

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
    kind_label: str
    amount_usd: int
    to: str
    """Who it is awarded to, as a reader sees it: `Jane Doe`, `both plaintiffs, jointly`."""
    by: str
    """Who owes it, likewise."""
    to_ids: tuple[str, ...]
    by_ids: tuple[str, ...]
    shared: str | None
    cites: tuple[Cite, ...]

    @property
    def joint(self) -> bool:
        return self.shared is not None


@dataclass(frozen=True)
class ClaimAwards:
    claim: Claim | None
    """None for money on the whole case (not tied to one claim)."""
    label: str
    rows: tuple[AwardRow, ...]
    subtotal_usd: int


@dataclass(frozen=True)
class Subtotal:
    """A verdict's money for one recipient, one kind or one joint group."""

    label: str
    amount_usd: int
    joint: bool = False


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
    measure_label: str
    """What the request measures, in words: `in all`, `in compensatory damages`."""
    awarded_usd: int | None
    """The award of the same measure, where a decision in the proceeding has one."""
    comparison: str
    """The plain sentence that sets the request against the award, or says why not."""


@dataclass(frozen=True)
class FindingEntry:
    claim: str
    parties: str
    result: str
    text: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class InjunctionEntry:
    what: str
    on: str
    duration: str | None
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class LedgerRow:
    """One step of what became of a decision's money, with the award that stands after it."""

    step: LedgerStep
    label: str
    phrase: str
    """The step as part of the reading sentence: `Trump posted a $91.63 million bond`."""
    money: str
    """The step's own figure for the table: the bond, the payment, the amount taken off."""
    stands_usd: int | None
    changes: bool
    """Whether the step changed the award that stands."""
    event_anchor: str | None
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class VerdictSummary:
    verdict: Verdict
    proceeding: Proceeding
    anchor: str
    decision_label: str
    """`jury verdict`, `default judgment`, ..."""
    claims: tuple[ClaimAwards, ...]
    recipients: tuple[Subtotal, ...]
    """Per recipient, with joint awards apart; empty when one party receives everything."""
    kinds: tuple[Subtotal, ...]
    """Per kind of money, in the order of `MONEY_KINDS`."""
    show_to: bool
    show_by: bool
    total_usd: int
    compensatory_usd: int
    punitive_usd: int
    other_usd: int
    """Money of every other kind (fees, interest, statutory damages...)."""
    reading: str
    findings: tuple[FindingEntry, ...]
    injunctions: tuple[InjunctionEntry, ...]
    ledger: tuple[LedgerRow, ...]
    stands_usd: int | None
    """The award that stands as of `as_of`; None where it is not known (undisclosed)."""
    ledger_reading: str
    stated: tuple[StatedCheck, ...]
    sought: tuple[SoughtEntry, ...]
    cites: tuple[Cite, ...]

    @property
    def has_money(self) -> bool:
        return bool(self.verdict.awards)

    @property
    def title(self) -> str:
        return f"{self.proceeding.name}: {self.decision_label} of {long_date(self.verdict.date)}"


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
class CorrectionEntry:
    correction: Correction
    anchor: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class CountRow:
    """One charge (a count, or a run of counts) with what became of it."""

    charge: Charge
    counts_label: str
    """`Count 5`, `Counts 1–34`."""
    defendant: str
    defendant_id: str
    plea: str
    """The plea as the pages write it (`not guilty`), or empty if none is recorded."""
    result: str | None
    """The outcome's key (`guilty`, ...), or None while the count is undecided."""
    result_label: str
    decided: str
    """How and when: `jury verdict, May 30, 2024`; empty while undecided."""
    decided_by: str
    """`jury`, `bench`, `plea`, `court`; empty while undecided."""
    decided_on: date | None
    sentence: str
    """The sentence on these counts in words (`an unconditional discharge`), or empty."""
    reading: str
    """The one-line plain reading of the row."""
    cites: tuple[Cite, ...]

    @property
    def numbers(self) -> range:
        return range(self.charge.count, (self.charge.last_count or self.charge.count) + 1)


@dataclass(frozen=True)
class ChargeGroup:
    """The counts that bring one charge (the same offence under the same statute)."""

    anchor: str
    offence: str
    statute: str
    class_label: str
    """`class E felony`, `misdemeanor`."""
    counts: int
    rows: tuple[CountRow, ...]
    reading: str


@dataclass(frozen=True)
class PleaEntry:
    date: date
    plea: str
    who: str
    counts_label: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class SentenceEntry:
    sentence: Sentence
    who: str
    counts_label: str
    terms_label: str
    """`an unconditional discharge`; `three years' probation and a fine of $5,000`."""
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class StepRow:
    step: CriminalStep
    label: str
    event_anchor: str | None
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class ProsecutionSummary:
    """A criminal proceeding: its charges grouped, the outcome of each count, the sentence
    and what happened afterwards, with the sentences that read them out."""

    proceeding: Proceeding
    anchor: str
    defendants: str
    several_defendants: bool
    """Whether the counts are against more than one defendant (then the tables name each)."""
    groups: tuple[ChargeGroup, ...]
    counts: int
    pleas: tuple[PleaEntry, ...]
    sentences: tuple[SentenceEntry, ...]
    steps: tuple[StepRow, ...]
    charges_brief: str
    """`34 counts of Falsifying Business Records in the First Degree (class E felonies)`."""
    verdict_brief: str
    """`Guilty on all 34 counts (jury verdict, May 30, 2024)`; `Not yet decided`."""
    sentence_brief: str
    """`An unconditional discharge on all 34 counts (January 10, 2025)`; empty if none."""
    reading: str
    cites: tuple[Cite, ...]

    @property
    def title(self) -> str:
        return self.proceeding.name


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
    other_usd: int
    discrepancies: tuple[StatedCheck, ...]
    years: tuple[YearGroup, ...]
    rulings: tuple[EventEntry, ...]
    sources: tuple[SourceGroup, ...]
    stage: str
    """The status badge: pending, verdict, on appeal, upheld on appeal, settled or closed."""
    concluded_cites: tuple[Cite, ...]
    corrections: tuple[CorrectionEntry, ...]
    """Newest first."""
    updated_on: date
    """The day the explainer last changed: `as_of`, or a later correction or update."""
    sought_alone: tuple[SoughtEntry, ...]
    """Requests in proceedings that no decision has answered (shown on the overview)."""
    overall: str
    """The sentence that reads out every decision's money together, where there are several."""
    prosecutions: tuple[ProsecutionSummary, ...] = ()
    """The criminal proceedings, in the data's order."""

    @property
    def money_verdicts(self) -> tuple[VerdictSummary, ...]:
        return tuple(v for v in self.verdicts if v.has_money)

    @property
    def sections(self) -> tuple[str, ...]:
        """The explainer's pages: an awards page once a civil suit is decided, a charges page
        for a prosecution."""
        leave = {"awards"} if not self.verdicts else set()
        leave |= {"charges"} if not self.prosecutions else set()
        return tuple(s for s in SECTIONS if s not in leave)

    @property
    def kind(self) -> str:
        """`civil`, `criminal`, or `civil and criminal` when the explainer has both."""
        kinds = {p.kind for p in self.case.proceedings}
        return "civil and criminal" if len(kinds) > 1 else kinds.pop()

    @property
    def slug(self) -> str:
        return self.case.slug

    @property
    def events(self) -> tuple[EventEntry, ...]:
        return tuple(entry for group in self.years for entry in group.events)


@dataclass(frozen=True)
class VerdictLine:
    proceeding: str
    decision: str
    date: date
    total_usd: int
    disclosed: bool


@dataclass(frozen=True)
class ListedCorrection:
    """One entry of an explainer's corrections log, as the site-wide page lists it."""

    date: date
    kind: str
    text: str
    anchor: str


@dataclass(frozen=True)
class Listing:
    """What the home page shows of one explainer: small enough for a build worker to send."""

    slug: str
    title: str
    summary: str
    as_of: date
    verdicts: tuple[VerdictLine, ...]
    sections: tuple[str, ...]
    corrections: tuple[ListedCorrection, ...] = ()
    """Newest first, for the site-wide corrections page."""
    kind: str = "civil"
    """"civil", "criminal", or "civil and criminal" when the explainer has both."""
    courts: tuple[str, ...] = ()
    """Every court its proceedings are in, in the order of the file."""
    stage: str = ""
    """The status badge (`case_stage`)."""
    latest: DateSpan | None = None
    """The date of the latest event that has happened (scheduled ones aside)."""
    outcome: str = ""
    """The total awarded ("$83,300,000"), or else the latest decision ("jury verdict"), or
    "none yet"."""
    outcome_usd: int = 0
    """The total awarded, for sorting the case index."""

    @property
    def sort_key(self) -> tuple[str, str]:
        """The home page and the navigation list explainers by title."""
        return (self.title.casefold(), self.slug)

    @property
    def summary_line(self) -> str:
        """The summary's first sentence, for the case index ("E. Jean" does not end one)."""
        return _SENTENCE_END.split(self.summary, maxsplit=1)[0]


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)]{3}[.!?])\s+(?=[A-Z\"“])")
"""The space after a sentence: a full stop after a word of three or more letters (so not
after an initial, "v." or "Mr."), before a capital letter or a quotation mark."""


def listing(page: CasePage) -> Listing:
    case = page.case
    verdicts = tuple(
        VerdictLine(
            v.proceeding.name,
            v.decision_label,
            v.verdict.date,
            v.total_usd,
            v.verdict.amount_disclosed,
        )
        for v in page.verdicts
    )
    corrections = tuple(
        ListedCorrection(c.correction.date, c.correction.kind, c.correction.text, c.anchor)
        for c in page.corrections
    )
    held = [e.event.date for e in page.events if e.event.status == "held"]
    decided = [p for p in page.prosecutions if p.proceeding.dispositions]
    if page.money_verdicts:
        outcome = usd(page.total_usd)
    elif decided:
        outcome = decided[-1].verdict_brief
    elif page.verdicts:
        outcome = max(page.verdicts, key=lambda v: v.verdict.date).decision_label
    else:
        outcome = "none yet"
    return Listing(
        case.slug,
        case.title,
        case.summary,
        case.as_of,
        verdicts,
        page.sections,
        corrections,
        page.kind,
        courts=tuple(dict.fromkeys(p.court for p in case.proceedings)),
        stage=page.stage,
        latest=max(held, key=lambda d: d.sort_key) if held else None,
        outcome=outcome,
        outcome_usd=page.total_usd,
    )


def derive_page(case: Case, source_file: str) -> CasePage:
    """Compute the totals, order the chronology and number the sources of a valid case."""
    groups, by_id = _number_sources(case.sources)

    def cites(ids: list[str]) -> tuple[Cite, ...]:
        unique = sorted({by_id[i] for i in ids}, key=lambda c: c.number)
        return tuple(unique)

    proceedings = {p.id: p for p in case.proceedings}
    verdicts = tuple(_summarise(case, v, proceedings[v.proceeding], cites) for v in case.verdicts)
    decided = {v.proceeding for v in case.verdicts}
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
        other_usd=sum(v.other_usd for v in verdicts),
        discrepancies=tuple(s for v in verdicts for s in v.stated if not s.agrees),
        years=years,
        rulings=tuple(e for e in entries if e.event.kind in {"ruling", "appeal"}),
        sources=groups,
        stage=case_stage(case),
        concluded_cites=cites(case.concluded.sources) if case.concluded else (),
        corrections=tuple(
            CorrectionEntry(c, f"correction-{c.date.isoformat()}-{i + 1}", cites(c.sources))
            # newest first; entries of one day in the order they are written
            for i, c in sorted(
                enumerate(case.corrections), key=lambda pair: (-pair[1].date.toordinal(), pair[0])
            )
        ),
        updated_on=max([case.as_of, *(c.date for c in case.corrections)]),
        sought_alone=tuple(
            _sought_entry(s, None, cites) for s in case.sought if s.proceeding not in decided
        ),
        overall=_overall(verdicts),
        prosecutions=tuple(
            _prosecution(case, p, cites) for p in case.proceedings if p.kind == "criminal"
        ),
    )


def _overall(verdicts: tuple[VerdictSummary, ...]) -> str:
    with_money = [v for v in verdicts if v.has_money]
    if len(with_money) < 2:
        return ""
    total = sum(v.total_usd for v in with_money)
    parts = [
        f"{usd_words(amount)} in {label}"
        for kind, label in MONEY_KINDS.items()
        if (amount := sum(v.verdict.total_for(kind=kind) for v in with_money))
    ]
    return f"{len(with_money)} decisions awarded {usd_words(total)} in all: {join_words(parts)}."


def case_stage(case: Case) -> str:
    """The status badge of an explainer: `pending` (no decision yet), `verdict`, `on appeal`
    (an appeal, or a step after the last decision, is under way), `upheld on appeal` (every decision's
    latest appellate step upheld it), `settled` or `closed`."""
    if case.concluded is not None:
        return "settled" if case.concluded.how == "settled" else "closed"
    prosecutions = [p for p in case.proceedings if p.kind == "criminal"]
    decided = [v.date for v in case.verdicts]
    decided += [d.date for p in prosecutions for d in p.dispositions]
    if not decided:
        return "pending"
    if (
        case.verdicts
        and not prosecutions
        and all(v.decision == "settlement" for v in case.verdicts)
    ):
        return "settled"
    last = max(decided)
    appealed = (
        any(e.kind == "appeal" and e.date.earliest > last for e in case.events)
        or any(step.step in _APPEAL_STEPS for v in case.verdicts for step in v.ledger)
        or any(s.step in _CRIMINAL_APPEAL_STEPS for p in prosecutions for s in p.steps)
    )
    if not appealed:
        return "verdict"
    upheld = all(_upheld(case, v) for v in case.verdicts) and all(
        _affirmed(p) for p in prosecutions
    )
    return "upheld on appeal" if upheld else "on appeal"


_CRIMINAL_APPEAL_STEPS = frozenset(
    {"appeal_filed", "appeal_brief_filed", "affirmed", "reversed", "vacated", "remanded"}
)


def _affirmed(proceeding: Proceeding) -> bool:
    """Whether a prosecution's latest appellate step upheld the conviction."""
    steps = sorted(
        (s for s in proceeding.steps if s.step in _CRIMINAL_APPEAL_STEPS), key=lambda s: s.date
    )
    return bool(steps) and steps[-1].step == "affirmed"


_APPEAL_STEPS = frozenset(
    {
        "affirmed",
        "reduced_on_appeal",
        "vacated_in_part",
        "vacated",
        "remanded",
        "rehearing_denied",
        "review_denied",
    }
)
_UPHOLDING_STEPS = frozenset({"affirmed", "rehearing_denied", "review_denied"})


def _upheld(case: Case, verdict: Verdict) -> bool:
    """Whether the decision's latest appellate step upheld it, with no appeal in its
    proceeding after that step."""
    steps = sorted((s for s in verdict.ledger if s.step in _APPEAL_STEPS), key=lambda s: s.date)
    if not steps or steps[-1].step not in _UPHOLDING_STEPS:
        return False
    return not any(
        e.kind == "appeal"
        and verdict.proceeding in e.proceedings
        and e.date.earliest > steps[-1].date
        for e in case.events
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
    names = {p.id: p.name for p in case.parties}
    plaintiffs = [p.id for p in case.parties if p.role == "plaintiff"]
    defendants = [p.id for p in case.parties if p.role == "defendant"]

    def to_of(line: AwardLine) -> list[str]:
        return line.awarded_to or plaintiffs[:1]

    def by_of(line: AwardLine) -> list[str]:
        return line.owed_by or defendants[:1]

    rows_of: dict[str | None, list[AwardRow]] = {}
    for line in verdict.awards:
        row = AwardRow(
            component=line.component,
            kind=line.kind,
            kind_label=MONEY_KINDS[line.kind],
            amount_usd=line.amount_usd,
            to=_parties_label(to_of(line), names, plaintiffs, "plaintiffs", line.shared),
            by=_parties_label(by_of(line), names, defendants, "defendants", line.shared),
            to_ids=tuple(to_of(line)),
            by_ids=tuple(by_of(line)),
            shared=line.shared,
            cites=cites(line.sources or verdict.sources),
        )
        rows_of.setdefault(line.claim, []).append(row)
    claims = [
        ClaimAwards(
            c, _claim_label(c), tuple(rows_of[c.id]), sum(r.amount_usd for r in rows_of[c.id])
        )
        for c in proceeding.claims
        if c.id in rows_of
    ]
    if None in rows_of:
        rows = tuple(rows_of[None])
        claims.append(ClaimAwards(None, "The whole case", rows, sum(r.amount_usd for r in rows)))
    recipients: dict[str, Subtotal] = {}
    for line in verdict.awards:
        label = _parties_label(to_of(line), names, plaintiffs, "plaintiffs", line.shared)
        before = recipients.get(label, Subtotal(label, 0, len(to_of(line)) > 1))
        recipients[label] = Subtotal(label, before.amount_usd + line.amount_usd, before.joint)
    by_recipient = sorted(recipients.values(), key=lambda r: r.joint)  # joint awards last
    kinds = tuple(
        Subtotal(label[:1].upper() + label[1:], verdict.total_for(kind=kind))
        for kind, label in MONEY_KINDS.items()
        if any(line.kind == kind for line in verdict.awards)
    )
    decision_label, actor = DECISIONS[verdict.decision]
    stated = tuple(
        StatedCheck(
            figure,
            stated_sum(verdict, figure.measure, figure.claim, figure.party),
            cites(figure.sources),
        )
        for figure in case.stated_figures
        if figure.verdict == verdict.id
    )
    sought = tuple(
        _sought_entry(s, verdict, cites) for s in case.sought if s.proceeding == proceeding.id
    )
    ledger, stands = _ledger(verdict, names, cites)
    summary = VerdictSummary(
        verdict=verdict,
        proceeding=proceeding,
        anchor=verdict.id,
        decision_label=decision_label,
        claims=tuple(claims),
        recipients=tuple(by_recipient) if len(by_recipient) > 1 else (),
        kinds=kinds,
        show_to=len(recipients) > 1,
        show_by=len(
            {
                _parties_label(by_of(x), names, defendants, "defendants", x.shared)
                for x in verdict.awards
            }
        )
        > 1,
        total_usd=verdict.total_usd,
        compensatory_usd=verdict.total_for(kind="compensatory"),
        punitive_usd=verdict.total_for(kind="punitive"),
        other_usd=verdict.total_usd
        - verdict.total_for(kind="compensatory")
        - verdict.total_for(kind="punitive"),
        reading=_reading(verdict, actor, claims, by_recipient),
        findings=tuple(
            FindingEntry(
                claim=next(
                    (_claim_label(c) for c in proceeding.claims if c.id == f.claim),
                    "The whole case",
                ),
                parties=join_words([names[p] for p in (f.parties or defendants[:1])]),
                result={"liable": "Liable", "not_liable": "Not liable", "dismissed": "Dismissed"}[
                    f.result
                ],
                text=f.text,
                cites=cites(f.sources or verdict.sources),
            )
            for f in verdict.findings
        ),
        injunctions=tuple(
            InjunctionEntry(
                o.what,
                join_words([names[p] for p in o.binds]),
                o.duration,
                cites(o.sources or verdict.sources),
            )
            for o in verdict.injunctions
        ),
        ledger=ledger,
        stands_usd=stands,
        ledger_reading=_ledger_reading(verdict, ledger, stands, case),
        stated=stated,
        sought=sought,
        cites=cites(verdict.sources),
    )
    return summary


def _claim_label(claim: Claim) -> str:
    return f"{claim.name} ({claim.about})" if claim.about else claim.name


def _parties_label(
    ids: list[str], names: dict[str, str], side: list[str], plural: str, shared: str | None
) -> str:
    """`Jane Doe`; `both plaintiffs, jointly`; `Roe and Poe, jointly and severally`."""
    if len(ids) == 1:
        return names[ids[0]]
    if set(ids) == set(side):
        who = f"both {plural}" if len(ids) == 2 else f"all {len(ids)} {plural}"
    else:
        who = join_words([names[i] for i in ids])
    how = {"jointly": "jointly", "jointly_and_severally": "jointly and severally"}.get(shared or "")
    return f"{who}, {how}" if how else who


def _reading(
    verdict: Verdict, actor: str, claims: list[ClaimAwards], recipients: list[Subtotal]
) -> str:
    """The sentence that reads a decision's award out, from the same figures as its table."""
    if not verdict.amount_disclosed:
        return "The amount of the settlement was not disclosed."
    if not verdict.awards:
        return "No money was awarded."
    total = usd_words(verdict.total_usd)
    verb = "provides" if verdict.decision in {"settlement", "stipulation"} else "awarded"
    if len(recipients) == 1 and recipients[0].joint:
        return f"{actor} {verb} {total} in all, to {recipients[0].label}."
    if len(recipients) > 1:
        parts = [f"{usd_words(r.amount_usd)} to {r.label}" for r in recipients]
        return f"{actor} {verb} {total} in all: {join_words(parts)}."
    if len(claims) > 1:
        parts = [
            f"{usd_words(c.subtotal_usd)} "
            + (f"for the {c.claim.name.lower()} claim" if c.claim else "on the whole case")
            for c in claims
        ]
        return f"{actor} {verb} {total} in all: {join_words(parts)}."
    return f"{actor} {verb} {total} in all."


_STEP_LABELS = {
    "judgment_entered": "Judgment entered",
    "remittitur": "Remittitur",
    "reduced": "Reduced",
    "security_posted": "Security posted",
    "stay_granted": "Stay granted",
    "stay_lifted": "Stay lifted",
    "affirmed": "Affirmed on appeal",
    "reduced_on_appeal": "Reduced on appeal",
    "vacated_in_part": "Vacated in part",
    "vacated": "Vacated",
    "remanded": "Remanded",
    "rehearing_denied": "Rehearing denied",
    "review_denied": "Review denied",
    "settled": "Settled",
    "paid": "Paid",
    "released": "Released",
}


def _ledger(
    verdict: Verdict, names: dict[str, str], cites: _Cites
) -> tuple[tuple[LedgerRow, ...], int | None]:
    standing: int | None = verdict.total_usd if verdict.amount_disclosed else None
    rows = []
    for step in sorted(verdict.ledger, key=lambda s: s.date):
        before = standing
        amount = step.amount_usd
        if step.step in REDUCING_STEPS and amount is not None and standing is not None:
            standing = max(standing - amount, 0)
        elif step.step == "vacated":
            standing = 0
        elif step.step == "settled":
            standing = amount
        who = join_words([names[p] for p in step.by]) if step.by else ""
        rows.append(
            LedgerRow(
                step=step,
                label=_STEP_LABELS[step.step],
                phrase=_step_phrase(step, who),
                money=_step_money(step),
                stands_usd=standing,
                changes=standing != before,
                event_anchor=step.event,
                cites=cites(step.sources),
            )
        )
    return tuple(rows), standing


def _step_money(step: LedgerStep) -> str:
    if step.amount_usd is None:
        return ""
    text = usd(step.amount_usd)
    if step.step in REDUCING_STEPS:
        return f"−{text}"
    if step.interest_usd is not None:
        return f"{text} (interest {usd(step.interest_usd)})"
    return text


def _step_phrase(step: LedgerStep, who: str) -> str:
    amount = usd_words(step.amount_usd) if step.amount_usd is not None else ""
    subject = who or "the court"
    kind = step.step
    if kind == "judgment_entered":
        return f"judgment was entered for {amount}" if amount else "judgment was entered"
    if kind == "security_posted":
        if step.security == "cash_deposit":
            return f"{who or 'the defendant'} deposited {amount} with the court"
        return f"{who or 'the defendant'} posted a bond of {amount}"
    if kind in REDUCING_STEPS:
        how = {
            "remittitur": "on remittitur",
            "reduced": "by the court",
            "reduced_on_appeal": "on appeal",
            "vacated_in_part": "when the award was vacated in part on appeal",
        }[kind]
        return f"{amount} was taken off {how}"
    phrases = {
        "stay_granted": f"{subject} stayed enforcement",
        "stay_lifted": f"{subject} lifted the stay",
        "affirmed": "it was affirmed on appeal",
        "vacated": "it was vacated",
        "remanded": "it was sent back to the trial court",
        "rehearing_denied": "rehearing was denied",
        "review_denied": "further review was denied",
        "settled": f"it was settled for {amount}"
        if amount
        else "it was settled for an amount not disclosed",
        "paid": f"{who or 'the defendant'} paid {amount}",
        "released": f"{amount} was released" + (f" to {who}" if who else ""),
    }
    return phrases[kind]


def _ledger_reading(
    verdict: Verdict, ledger: tuple[LedgerRow, ...], stands: int | None, case: Case
) -> str:
    """`Awarded $5 million; then Trump deposited $5.55 million with the court, ...`."""
    if not ledger:
        return ""
    start = f"Awarded {usd_words(verdict.total_usd)}" if verdict.awards else "Decided"
    steps = "; ".join(f"on {long_date(r.step.date)}, {r.phrase}" for r in ledger)
    if stands is None:
        end = ""
    elif stands == verdict.total_usd:
        end = f" As of {long_date(case.as_of)}, the award of {usd_words(stands)} stands."
    elif stands == 0:
        end = f" As of {long_date(case.as_of)}, none of the award stands."
    else:
        end = f" As of {long_date(case.as_of)}, {usd_words(stands)} of it stands."
    return f"{start}; {steps}.{end}"


_MEASURE_WORDS = {"total": "in all"} | {k: f"in {v}" for k, v in MONEY_KINDS.items()}


def _sought_entry(sought: AmountSought, verdict: Verdict | None, cites: _Cites) -> SoughtEntry:
    measure = sought.measure
    words = _MEASURE_WORDS.get(measure or "", "")
    awarded = None
    if verdict is not None and measure is not None and verdict.awards:
        awarded = verdict.total_usd if measure == "total" else verdict.total_for(kind=measure)
    if verdict is None:
        comparison = "No decision has answered this request yet."
    elif not verdict.amount_disclosed:
        comparison = (
            "The amount of the settlement was not disclosed, so the two cannot be compared."
        )
    elif awarded:
        verb = "Settled for" if verdict.decision in {"settlement", "stipulation"} else "Awarded"
        comparison = f"{verb} {usd_words(awarded)} {words}."
    elif measure is not None and verdict.awards and _settles(verdict):
        # a settlement payment is not split into damages: like is not compared with unlike
        comparison = (
            f"Settled for {usd_words(verdict.total_usd)} in all; a settlement payment is not "
            f"divided into {MONEY_KINDS[measure]}, so the two are not compared."
        )
    elif measure is not None:
        comparison = f"The decision awarded nothing {words}."
    else:
        comparison = (
            sought.note
            or "This request is not set against the award: the sources do not say which part of the award it measures."
        )
    return SoughtEntry(sought, cites(sought.sources), words, awarded or None, comparison)


def _settles(verdict: Verdict) -> bool:
    """Whether the decision's money is all settlement payments."""
    return all(line.kind == "settlement" for line in verdict.awards)


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


# --- prosecutions ---------------------------------------------------------------------


def _counts_label(first: int, last: int | None) -> str:
    return f"Counts {first}–{last}" if last is not None else f"Count {first}"


def _counts_phrase(numbers: int, first: int, last: int | None, total: int) -> str:
    """How counts read in a sentence: `all 34 counts`, `counts 1 to 5`, `count 7`."""
    if numbers == total and total > 1:
        return f"all {total} counts"
    if numbers == total:
        return "the single count"
    return f"counts {first} to {last}" if last is not None else f"count {first}"


def _class_label(charge: Charge, plural: bool = False) -> str:
    grade = charge.grade + ("s" if plural else "")
    if plural and charge.grade == "felony":
        grade = "felonies"
    return f"class {charge.offence_class} {grade}" if charge.offence_class else grade


def _terms_label(terms: list[SentenceTerm]) -> str:
    parts = []
    for term in terms:
        words = SENTENCE_KINDS[term.kind]
        if term.kind in {"fine", "restitution"} and term.amount_usd is not None:
            words = f"{words} of {usd_words(term.amount_usd)}"
        elif term.length:
            bare = words.removeprefix("a ").removeprefix("an ")
            words = f"{term.length} {'in' if term.kind in {'prison', 'jail'} else 'of'} {bare}"
        if term.text:
            words = f"{words} ({term.text})"
        parts.append(words)
    return join_words(parts)


def _prosecution(case: Case, proceeding: Proceeding, cites: _Cites) -> ProsecutionSummary:
    names = {p.id: p.name for p in case.parties}
    sole = [p.id for p in case.parties if p.role == "defendant"]

    def who_of(ref: str | None) -> str:
        return ref or sole[0]

    charges = proceeding.charges
    total = sum(c.counts for c in charges)

    def applies(item_charges: list[str], item_who: str | None, charge: Charge) -> bool:
        same = who_of(item_who) == who_of(charge.defendant)
        return same and (not item_charges or charge.id in item_charges)

    def label_of(ids: list[str], who: str | None) -> str:
        picked = [c for c in charges if applies(ids, who, c)]
        numbers = sum(c.counts for c in picked)
        if (not ids or numbers == total) and numbers > 1:
            return f"all {numbers} counts"
        return join_words([_counts_label(c.count, c.last_count).lower() for c in picked])

    rows_of: dict[tuple[str, str, str], list[CountRow]] = {}
    for charge in charges:
        who = who_of(charge.defendant)
        outcome: Disposition | None = None
        for d in sorted(proceeding.dispositions, key=lambda d: d.date):
            if applies(d.charges, d.defendant, charge):
                outcome = d
        plea = next(
            (
                PLEAS[p.plea]
                for p in sorted(proceeding.pleas, key=lambda p: p.date, reverse=True)
                if applies(p.charges, p.defendant, charge)
            ),
            "",
        )
        imposed = [s for s in proceeding.sentences if applies(s.charges, s.defendant, charge)]
        imposed.sort(key=lambda s: s.date)
        sentence = _terms_label(imposed[-1].terms) if imposed else ""
        phrase = _counts_phrase(charge.counts, charge.count, charge.last_count, total)
        if outcome is None:
            result_label, decided = "Not yet decided", ""
            reading = f"No verdict yet on {phrase}, as of {long_date(case.as_of)}."
        else:
            result_label = DISPOSITIONS[outcome.result].capitalize()
            how, actor = DECIDERS[outcome.decided_by]
            how = "hung jury" if outcome.result == "hung" else how
            decided = f"{how}, {long_date(outcome.date)}"
            reading = _disposition_reading(outcome, actor, names[who], phrase)
        if sentence and outcome is not None and outcome.result in CONVICTIONS:
            reading += f" Sentence: {sentence}."
        row = CountRow(
            charge=charge,
            counts_label=_counts_label(charge.count, charge.last_count),
            defendant=names[who],
            defendant_id=who,
            plea=plea,
            result=outcome.result if outcome else None,
            result_label=result_label,
            decided=decided,
            decided_by=outcome.decided_by if outcome else "",
            decided_on=outcome.date if outcome else None,
            sentence=sentence,
            reading=reading,
            cites=cites([*charge.sources, *(outcome.sources if outcome else proceeding.sources)]),
        )
        rows_of.setdefault((charge.offence, charge.statute, _class_label(charge)), []).append(row)
    groups = []
    for n, ((offence, statute, class_label), rows) in enumerate(rows_of.items(), start=1):
        counts = sum(r.charge.counts for r in rows)
        groups.append(
            ChargeGroup(
                anchor=f"{proceeding.id}-charge-{n}",
                offence=offence,
                statute=statute,
                class_label=class_label,
                counts=counts,
                rows=tuple(rows),
                reading=_group_reading(rows, counts, offence),
            )
        )
    pleas = tuple(
        PleaEntry(
            p.date,
            PLEAS[p.plea],
            names[who_of(p.defendant)],
            label_of(p.charges, p.defendant),
            cites(p.sources),
        )
        for p in sorted(proceeding.pleas, key=lambda p: p.date)
    )
    sentences = tuple(
        SentenceEntry(
            s,
            names[who_of(s.defendant)],
            label_of(s.charges, s.defendant),
            _terms_label(s.terms),
            cites(s.sources),
        )
        for s in sorted(proceeding.sentences, key=lambda s: s.date)
    )
    steps = tuple(
        StepRow(s, CRIMINAL_STEPS[s.step], s.event, cites(s.sources))
        for s in sorted(proceeding.steps, key=lambda s: s.date)
    )
    all_rows = [r for g in groups for r in g.rows]
    named = list(dict.fromkeys(r.defendant for r in all_rows))
    defendants = join_words(named)
    brief = join_words(
        [
            f"{g.counts} count{'s' if g.counts > 1 else ''} of {g.offence} ({g.statute}; "
            + (f"each a {g.class_label})" if g.counts > 1 else f"a {g.class_label})")
            for g in groups
        ]
    )
    verdict_brief = _verdict_brief(all_rows, total)
    sentence_brief = "; ".join(
        [
            f"{s.terms_label[:1].upper() + s.terms_label[1:]} on {s.counts_label} "
            f"({long_date(s.sentence.date)})"
            for s in sentences
        ]
    )
    reading = " ".join(g.reading for g in groups)
    if sentences:
        reading += " " + " ".join(
            f"On {long_date(s.sentence.date)}, {s.who} was sentenced to {s.terms_label} on "
            f"{s.counts_label}."
            for s in sentences
        )
    return ProsecutionSummary(
        proceeding=proceeding,
        anchor=proceeding.id,
        defendants=defendants,
        several_defendants=len(named) > 1,
        groups=tuple(groups),
        counts=total,
        pleas=pleas,
        sentences=sentences,
        steps=steps,
        charges_brief=brief,
        verdict_brief=verdict_brief,
        sentence_brief=sentence_brief,
        reading=reading,
        cites=cites(proceeding.sources),
    )


def _disposition_reading(outcome: Disposition, actor: str, who: str, phrase: str) -> str:
    result = outcome.result
    if result == "pleaded_guilty":
        return f"{who} pleaded guilty to {phrase}."
    if result == "dismissed":
        return f"The court dismissed {phrase}."
    if result == "hung":
        return f"The jury could not reach a verdict on {phrase}."
    return f"{actor} found {who} {DISPOSITIONS[result]} on {phrase}."


def _group_reading(rows: list[CountRow], counts: int, offence: str) -> str:
    """`The jury found Donald J. Trump guilty on all 34 counts of ...`, or row by row."""
    if len(rows) == 1:
        return rows[0].reading.split(" Sentence: ")[0]
    tally: dict[str, int] = {}
    for r in rows:
        tally[r.result_label.lower()] = tally.get(r.result_label.lower(), 0) + r.charge.counts
    parts = [f"{label} on {n} count{'s' if n > 1 else ''}" for label, n in tally.items()]
    return f"Of the {counts} counts of {offence}: {join_words(parts)}."


def _verdict_brief(rows: list[CountRow], total: int) -> str:
    decided = {(r.result_label, r.decided) for r in rows}
    if len(decided) == 1:
        label, how = decided.pop()
        if not how:
            return label
        return f"{label} on {'all ' + str(total) + ' counts' if total > 1 else 'the count'} ({how})"
    tally: dict[str, int] = {}
    for r in rows:
        tally[r.result_label] = tally.get(r.result_label, 0) + r.charge.counts
    parts = [f"{label.lower()} on {n} count{'s' if n > 1 else ''}" for label, n in tally.items()]
    text = join_words(parts)
    return text[:1].upper() + text[1:]
