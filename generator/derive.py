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
    DECISIONS,
    MONEY_KINDS,
    REDUCING_STEPS,
    AmountSought,
    AwardLine,
    Case,
    Claim,
    Correction,
    DateSpan,
    Event,
    LedgerStep,
    Party,
    Proceeding,
    Quote,
    Source,
    StatedFigure,
    Verdict,
)
from .validate import stated_sum
from .words import join_words, long_date, usd, usd_words

_Cites = Callable[[list[str]], tuple["Cite", ...]]

SECTIONS = ("index", "awards", "chronology", "sources")
"""The pages an explainer can have, in reading order: `/cases/<slug>/`, `.../awards/`, ..."""

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

    @property
    def money_verdicts(self) -> tuple[VerdictSummary, ...]:
        return tuple(v for v in self.verdicts if v.has_money)

    @property
    def sections(self) -> tuple[str, ...]:
        """The explainer's pages: no awards page for a case that no decision has reached."""
        return SECTIONS if self.verdicts else tuple(s for s in SECTIONS if s != "awards")

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
    kinds = {p.kind for p in case.proceedings}
    kind = "civil and criminal" if len(kinds) > 1 else kinds.pop()
    held = [e.event.date for e in page.events if e.event.status == "held"]
    if page.money_verdicts:
        outcome = usd(page.total_usd)
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
        kind,
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
    if not case.verdicts:
        return "pending"
    if all(v.decision == "settlement" for v in case.verdicts):
        return "settled"
    last = max(v.date for v in case.verdicts)
    appealed = any(e.kind == "appeal" and e.date.earliest > last for e in case.events) or any(
        step.step in _APPEAL_STEPS for v in case.verdicts for step in v.ledger
    )
    if not appealed:
        return "verdict"
    return "upheld on appeal" if all(_upheld(case, v) for v in case.verdicts) else "on appeal"


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
    elif measure is not None:
        comparison = f"The decision awarded nothing {words}."
    else:
        comparison = (
            sought.note
            or "This request is not set against the award: the sources do not say which part of the award it measures."
        )
    return SoughtEntry(sought, cites(sought.sources), words, awarded or None, comparison)


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
