"""The case data model. Field descriptions here are the data-format reference.

One YAML file under `data/cases/` holds one `Case`. Every fact cites sources by id; the ids
are checked in `validate.py`, and the figures reconciled there too.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

SCHEMA_VERSION = "2"
"""Bumped when a data file valid under the old model stops being valid under the new one."""

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""English month names by number; not `calendar.month_name`, which follows the locale."""


# --- small value types, one per kind of value ------------------------------------------


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Invisible characters that reorder the text around them ("Trojan Source" spoofing)."""


_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Every character the loop in `_check_text` refuses: one fast scan first, because the loop
over each character was a fifth of the build time, and almost no text has one."""


def _check_text(value: str) -> str:
    for ch in value if _SUSPECT.search(value) else "":
        if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0:
            raise PydanticCustomError(
                "control_char",
                "contains the control character U+{code}; delete it",
                {"code": f"{ord(ch):04X}"},
            )
        if ch in _BIDI_CONTROLS:
            raise PydanticCustomError(
                "bidi_control",
                "contains U+{code}, an invisible character that reorders the text; delete it",
                {"code": f"{ord(ch):04X}"},
            )
    # Text is one paragraph: line breaks in the YAML are folded into spaces.
    folded = " ".join(value.split())
    if not folded:
        raise PydanticCustomError("empty_text", "must not be empty")
    return folded


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_URL = re.compile(
    rf"https?://{_LABEL}(?:\.{_LABEL})+(?::[0-9]{{1,5}})?"  # a host name with a dot, a port
    r"(?:[/?#][A-Za-z0-9\-._~!$&'()*+,;=:@/?#%\[\]]*)?"  # RFC 3986 characters, no < > " ` \\
)
"""An absolute http(s) address: no user:password@, no spaces, nothing that could end the
link in Markdown or HTML (spaces and other characters must be percent-encoded)."""


def _check_url(value: str) -> str:
    if not _URL.fullmatch(value):
        raise PydanticCustomError(
            "url_scheme",
            "must be an absolute http:// or https:// address, got {value}",
            {"value": repr(value)},
        )
    return value


Text = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_check_text)]
"""Plain text, one paragraph. Shown escaped: no Markdown or HTML in it takes effect."""

Id = Annotated[str, Field(pattern=_SLUG, max_length=80)]
"""A lowercase identifier made of letters, digits and hyphens, such as `carroll-ii`."""

Url = Annotated[str, Field(max_length=2000), AfterValidator(_check_url)]
"""An absolute http(s) address."""

Usd = Annotated[int, Field(gt=0, le=10**15)]
"""A whole number of US dollars, written without a currency sign, e.g. `2_000_000`."""

UsdOrNone = Annotated[int, Field(ge=0, le=10**15)]
"""Whole US dollars, where nothing at all (0) is a possible figure."""

SourceRefs = Annotated[list[Id], Field(min_length=1)]


@dataclass(frozen=True)
class DateSpan:
    """A date only as precise as its source: a day, a month, a year, or a range of those.

    Written as an EDTF (Library of Congress) level-0 string: `2019-06-21`, `2019-06`,
    `1995`, or a range such as `1995/1996` or `1995-10/1996-03`.
    """

    earliest: date
    latest: date
    text: str
    precision: Literal["day", "month", "year", "range"]

    @property
    def sort_key(self) -> tuple[date, date]:
        return (self.earliest, self.latest)

    @property
    def label(self) -> str:
        """How the date reads on a page: "June 21, 2019", "June 2019", "1995"."""
        if self.precision == "range":
            start, end = (_parse_single(part) for part in self.text.split("/"))
            return (
                f"{start.label}–{end.label}"
                if start.precision == "year"
                else f"{start.label} – {end.label}"
            )
        if self.precision == "day":
            return f"{MONTHS[self.earliest.month]} {self.earliest.day}, {self.earliest.year}"
        if self.precision == "month":
            return f"{MONTHS[self.earliest.month]} {self.earliest.year}"
        return str(self.earliest.year)

    def __str__(self) -> str:
        return self.text

    @classmethod
    def parse(cls, value: object) -> DateSpan:
        if isinstance(value, DateSpan):
            return value
        if isinstance(value, bool) or not isinstance(value, (str, int, date)):
            raise PydanticCustomError(
                "date_type",
                "expected a date such as 2019-06-21, 2019-06 or 1995, got {value}",
                {"value": repr(value)},
            )
        text = value.isoformat() if isinstance(value, date) else str(value).strip()
        if "/" in text:
            parts = text.split("/")
            if len(parts) != 2:
                raise _bad_date(text)
            start, end = _parse_single(parts[0]), _parse_single(parts[1])
            if end.latest < start.earliest:
                raise PydanticCustomError(
                    "date_range_order",
                    "the range {text} ends before it starts",
                    {"text": repr(text)},
                )
            return cls(start.earliest, end.latest, text, "range")
        return _parse_single(text)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        single = r"\d{4}(-\d{2}(-\d{2})?)?"
        return {
            "anyOf": [
                {"type": "string", "pattern": rf"^{single}(/{single})?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": cls.__doc__.split("\n\n")[0] if cls.__doc__ else "",
            "examples": ["2019-06-21", "2019-06", "1995", "1995/1996"],
        }


def _bad_date(text: str) -> PydanticCustomError:
    return PydanticCustomError(
        "date_format",
        "expected a date such as 2019-06-21, 2019-06, 1995 or 1995/1996, got {text}",
        {"text": repr(text)},
    )


def _parse_single(text: str) -> DateSpan:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        raise _bad_date(text)
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if day is not None and month is not None:
            d = date(year, month, day)
            return DateSpan(d, d, text, "day")
        if month is not None:
            last = calendar.monthrange(year, month)[1]
            return DateSpan(date(year, month, 1), date(year, month, last), text, "month")
    except (ValueError, calendar.IllegalMonthError):
        raise PydanticCustomError(
            "date_impossible", "{text} is not a date in the calendar", {"text": repr(text)}
        ) from None
    return DateSpan(date(year, 1, 1), date(year, 12, 31), text, "year")


def _day(value: object) -> date:
    span = DateSpan.parse(value)
    if span.precision != "day":
        raise PydanticCustomError(
            "date_day", "must be a single day (YYYY-MM-DD), got {text}", {"text": repr(span.text)}
        )
    return span.earliest


Day = Annotated[
    date,
    PlainValidator(_day),
    # Without this, pydantic's JSON mode warns on every day (its wrapped `date` serializer).
    PlainSerializer(date.isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""A single day, written YYYY-MM-DD."""


# --- the model ------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Source(_Model):
    """A document that a fact rests on: a court record or a published report."""

    id: Id = Field(description="Identifier that facts cite, e.g. `nyt-2024-12-30`.")
    kind: Literal["court", "press", "other"] = Field(
        description="`court` for court records and opinions, `press` for news reports, `other` otherwise."
    )
    title: Text = Field(description="The document's title or headline, as published.")
    publisher: Text = Field(description="The court or publication that issued it.")
    author: Text | None = Field(
        default=None, description="Author or byline, where the source names one."
    )
    date: DateSpan | None = Field(
        default=None, description="Publication or filing date, as precise as known."
    )
    url: Url | None = Field(
        default=None, description="Where a reader can find it (http or https only)."
    )
    archive_url: Url | None = Field(
        default=None,
        description=(
            "An archived copy of the same document, e.g. a Wayback Machine snapshot "
            "(`python -m generator links --suggest-archive` finds one), for when `url` stops working."
        ),
    )
    last_seen: Day | None = Field(
        default=None,
        description="The day `url` was last seen working, written YYYY-MM-DD.",
    )
    citation: Text | None = Field(
        default=None,
        description="A legal citation or docket reference, e.g. `49 F.4th 759 (2d Cir. 2022)`.",
    )
    note: Text | None = Field(
        default=None, description="What the source supports, or a caveat about it."
    )


class Statement(_Model):
    """A sentence of the explainer's own prose, with the sources it rests on."""

    text: Text = Field(description="The sentence, in neutral words.")
    sources: SourceRefs = Field(description="Ids of the sources that support it.")


class Party(_Model):
    """A person in the case: a party, a lawyer or the judge."""

    id: Id = Field(description="Identifier, e.g. `carroll`.")
    name: Text = Field(description="Full name as the court records give it.")
    role: Literal[
        "plaintiff", "defendant", "counterclaimant", "prosecutor", "counsel", "judge", "other"
    ] = Field(
        description=(
            "Their part in the case. `counterclaimant`: a defendant who won or sought money on a "
            "counterclaim. `prosecutor`: the prosecuting authority or its head in a criminal case. "
            "Award lines name parties by id (`awarded_to`, `owed_by`); charges name a `defendant`."
        )
    )
    description: Text = Field(description="One line on who they are.")
    sources: SourceRefs = Field(description="Ids of the sources for the description.")


class Claim(_Model):
    """A cause of action in a proceeding, such as battery or defamation."""

    id: Id = Field(description="Identifier within its proceeding, e.g. `defamation`.")
    name: Text = Field(description="The claim as readers see it, e.g. `Defamation`.")
    about: Text | None = Field(
        default=None, description="What it concerns, e.g. `the October 2022 post`."
    )


OffenceGrade = Literal["felony", "misdemeanor", "violation"]

PleaKind = Literal["not_guilty", "guilty", "no_contest"]

PLEAS: dict[str, str] = {"not_guilty": "not guilty", "guilty": "guilty", "no_contest": "no contest"}
"""How each plea reads on the pages."""

DispositionResult = Literal["guilty", "not_guilty", "pleaded_guilty", "dismissed", "hung"]

DISPOSITIONS: dict[str, str] = {
    "guilty": "guilty",
    "not_guilty": "not guilty",
    "pleaded_guilty": "pleaded guilty",
    "dismissed": "dismissed",
    "hung": "no verdict (hung jury)",
}
"""How each outcome of a count reads on the pages."""

CONVICTIONS = frozenset({"guilty", "pleaded_guilty"})
"""Outcomes that are a conviction, and so can carry a sentence."""

DecidedBy = Literal["jury", "bench", "plea", "court"]

DECIDERS: dict[str, tuple[str, str]] = {
    "jury": ("jury verdict", "The jury"),
    "bench": ("bench verdict", "The judge"),
    "plea": ("plea", "The defendant"),
    "court": ("court ruling", "The court"),
}
"""Each way a count is decided: how it is named, and who decided it in a sentence."""

SentenceKind = Literal[
    "prison",
    "jail",
    "probation",
    "fine",
    "restitution",
    "community_service",
    "conditional_discharge",
    "unconditional_discharge",
    "suspended",
    "other",
]

SENTENCE_KINDS: dict[str, str] = {
    "prison": "prison",
    "jail": "jail",
    "probation": "probation",
    "fine": "a fine",
    "restitution": "restitution",
    "community_service": "community service",
    "conditional_discharge": "a conditional discharge",
    "unconditional_discharge": "an unconditional discharge",
    "suspended": "a suspended sentence",
    "other": "another sentence",
}
"""How each kind of sentence reads in a sentence; each has a glossary entry."""

CriminalStepKind = Literal[
    "appeal_filed",
    "appeal_brief_filed",
    "affirmed",
    "reversed",
    "vacated",
    "remanded",
    "stay_denied",
    "stay_granted",
    "removal_sought",
    "removal_denied",
    "removal_remanded",
    "pardoned",
    "commuted",
    "resentenced",
    "other",
]

CRIMINAL_STEPS: dict[str, str] = {
    "appeal_filed": "Appeal filed",
    "appeal_brief_filed": "Appeal brief filed",
    "affirmed": "Affirmed on appeal",
    "reversed": "Reversed on appeal",
    "vacated": "Conviction vacated",
    "remanded": "Sent back",
    "stay_denied": "Stay denied",
    "stay_granted": "Stay granted",
    "removal_sought": "Removal to federal court sought",
    "removal_denied": "Removal denied",
    "removal_remanded": "Removal ruling vacated and sent back",
    "pardoned": "Pardoned",
    "commuted": "Sentence commuted",
    "resentenced": "Resentenced",
    "other": "Other step",
}
"""How each later step of a criminal case is labelled in the pages' table."""


class Charge(_Model):
    """One count of an indictment, or a run of counts that bring the same charge."""

    id: Id = Field(description="Identifier that pleas, dispositions and sentences cite.")
    count: int = Field(ge=1, le=10_000, description="The count's number in the indictment.")
    last_count: int | None = Field(
        default=None,
        ge=1,
        le=10_000,
        description="For a run of counts with the same charge, the last one's number (e.g. 34).",
    )
    offence: Text = Field(
        description="The offence as the indictment words it, e.g. `Falsifying Business Records in the First Degree`."
    )
    statute: Text = Field(description="The law it is charged under, e.g. `Penal Law § 175.10`.")
    grade: OffenceGrade = Field(description="`felony`, `misdemeanor` or `violation`.")
    offence_class: Annotated[str, Field(pattern=r"^[A-Z](-[IV]+)?$")] | None = Field(
        default=None,
        description="The class of the offence where the law grades it, e.g. `E` (a class E felony).",
    )
    defendant: Id | None = Field(
        default=None,
        description="Id of the party charged; may be left out when the case has one defendant.",
    )
    about: Text | None = Field(
        default=None,
        description="What the counts concern, e.g. `11 invoices, 12 ledger entries and 11 checks of 2017`.",
    )
    sources: list[Id] = Field(
        default_factory=list, description="Extra sources; the proceeding's own apply anyway."
    )

    @property
    def counts(self) -> int:
        """How many counts it is."""
        return (self.last_count or self.count) - self.count + 1


class Plea(_Model):
    """A defendant's plea to some or all of the charges."""

    date: Day = Field(description="The day of the plea (YYYY-MM-DD), usually the arraignment.")
    plea: PleaKind = Field(description="`not_guilty`, `guilty` or `no_contest`.")
    charges: list[Id] = Field(
        default_factory=list, description="Ids of the charges pleaded to; empty for all of them."
    )
    defendant: Id | None = Field(
        default=None, description="Id of the defendant; may be left out with one defendant."
    )
    sources: SourceRefs = Field(description="Ids of the sources for the plea.")


class Disposition(_Model):
    """What became of some or all of the charges: a verdict, a plea, a dismissal, a hung jury."""

    charges: list[Id] = Field(
        default_factory=list, description="Ids of the charges it decides; empty for all of them."
    )
    defendant: Id | None = Field(
        default=None, description="Id of the defendant; may be left out with one defendant."
    )
    result: DispositionResult = Field(
        description="`guilty`, `not_guilty`, `pleaded_guilty`, `dismissed` or `hung` (no verdict)."
    )
    decided_by: DecidedBy = Field(
        description="Who decided it: a `jury`, a judge at a `bench` trial, a `plea`, or the `court` (a dismissal)."
    )
    date: Day = Field(description="The day it was decided (YYYY-MM-DD).")
    text: Text | None = Field(
        default=None,
        description="The outcome in the court's own terms, if the pages should say more.",
    )
    sources: SourceRefs = Field(description="Ids of the sources for the outcome.")


class SentenceTerm(_Model):
    """One part of a sentence: a term of prison or probation, a fine, a discharge."""

    kind: SentenceKind = Field(
        description=(
            "What it is: `prison`, `jail`, `probation`, `fine`, `restitution`, "
            "`community_service`, `conditional_discharge`, `unconditional_discharge`, "
            "`suspended` or `other`."
        )
    )
    length: Text | None = Field(
        default=None,
        description="For a term of time, its length as the court gave it, e.g. `three years`.",
    )
    amount_usd: Usd | None = Field(
        default=None, description="For a fine or restitution, the amount in whole US dollars."
    )
    text: Text | None = Field(
        default=None, description="Conditions, or what a `suspended` or `other` term is."
    )


class Sentence(_Model):
    """The sentence imposed on some or all of the counts a defendant was convicted on."""

    date: Day = Field(description="The day it was imposed (YYYY-MM-DD).")
    charges: list[Id] = Field(
        default_factory=list,
        description="Ids of the charges it is imposed on; empty for every count of conviction.",
    )
    defendant: Id | None = Field(
        default=None, description="Id of the defendant; may be left out with one defendant."
    )
    terms: list[SentenceTerm] = Field(
        min_length=1, description="Its parts: prison, probation, a fine, a discharge..."
    )
    text: Text = Field(description="The sentence in plain words.")
    sources: SourceRefs = Field(description="Ids of the sources for the sentence.")


class CriminalStep(_Model):
    """What happened to a conviction or sentence afterwards: one dated, sourced step."""

    date: Day = Field(description="The day of the step (YYYY-MM-DD).")
    step: CriminalStepKind = Field(
        description=(
            "What happened: an appeal or its brief filed, the outcome of an appeal, a stay, a "
            "bid to move the case to federal court (`removal_...`), a pardon or commutation."
        )
    )
    court: Text | None = Field(
        default=None, description="The court that acted or was asked, e.g. `U.S. Supreme Court`."
    )
    text: Text = Field(description="The step in plain words.")
    event: Id | None = Field(
        default=None, description="Id of the chronology event for the step, if there is one."
    )
    sources: SourceRefs = Field(description="Ids of the sources for the step.")


class Proceeding(_Model):
    """One lawsuit, prosecution or appeal with its own docket."""

    id: Id = Field(description="Identifier that verdicts and events cite, e.g. `carroll-ii`.")
    name: Text = Field(description="Short name used in the pages, e.g. `Carroll II`.")
    kind: Literal["civil", "criminal"] = Field(
        default="civil",
        description=(
            "A civil suit (with `claims` and, once decided, `verdicts`), or a criminal "
            "prosecution (with `prosecutor` and `charges`, and their pleas, dispositions and sentences)."
        ),
    )
    caption: Text = Field(description="The case caption, e.g. `Carroll v. Trump`.")
    court: Text = Field(description="The court that hears it.")
    docket: Text = Field(
        description="The docket or indictment number, e.g. `No. 1:22-cv-10016-LAK`."
    )
    judge: Text = Field(description="The presiding judge.")
    filed: DateSpan = Field(
        description="When the suit was filed, or when the indictment was voted or filed."
    )
    filed_note: Text | None = Field(
        default=None, description="Where it was filed, if elsewhere, and how it moved."
    )
    claims: list[Claim] = Field(
        default_factory=list,
        description="The claims brought in a civil suit (at least one); none in a prosecution.",
    )
    prosecutor: Text | None = Field(
        default=None,
        description="In a prosecution, who brings it, e.g. `Manhattan District Attorney's office`.",
    )
    charges: list[Charge] = Field(
        default_factory=list,
        description="In a prosecution, the counts charged, in the indictment's order (at least one).",
    )
    pleas: list[Plea] = Field(default_factory=list, description="In a prosecution, the pleas.")
    dispositions: list[Disposition] = Field(
        default_factory=list,
        description="In a prosecution, what became of each count: verdicts, pleas, dismissals.",
    )
    sentences: list[Sentence] = Field(
        default_factory=list, description="In a prosecution, the sentences imposed."
    )
    steps: list[CriminalStep] = Field(
        default_factory=list,
        description=(
            "In a prosecution, what happened after the verdict or sentence (appeals, stays, "
            "removal bids, pardons), step by step (any order; sorted by date)."
        ),
    )
    summary: Text = Field(description="One or two sentences on what the suit is about.")
    sources: SourceRefs = Field(description="Ids of the sources for these details.")


MoneyKind = Literal[
    "compensatory",
    "punitive",
    "nominal",
    "statutory",
    "attorneys_fees",
    "costs",
    "sanctions",
    "prejudgment_interest",
    "postjudgment_interest",
    "disgorgement",
    "civil_penalty",
    "restitution",
    "settlement",
]
"""Every kind of money a decision can award; each has a glossary entry."""

MONEY_KINDS: dict[str, str] = {
    "compensatory": "compensatory damages",
    "punitive": "punitive damages",
    "nominal": "nominal damages",
    "statutory": "statutory damages",
    "disgorgement": "disgorgement",
    "restitution": "restitution",
    "civil_penalty": "civil penalties",
    "settlement": "settlement payment",
    "attorneys_fees": "attorneys' fees",
    "costs": "costs",
    "sanctions": "sanctions",
    "prejudgment_interest": "pre-judgment interest",
    "postjudgment_interest": "post-judgment interest",
}
"""How each kind of money reads in a sentence, in the order the pages list them."""

Decision = Literal[
    "jury_verdict",
    "bench_ruling",
    "default_judgment",
    "summary_judgment",
    "settlement",
    "stipulation",
]

DECISIONS: dict[str, tuple[str, str]] = {
    "jury_verdict": ("jury verdict", "The jury"),
    "bench_ruling": ("bench ruling", "The judge"),
    "default_judgment": ("default judgment", "The court"),
    "summary_judgment": ("summary judgment", "The court"),
    "settlement": ("settlement", "The settlement"),
    "stipulation": ("stipulation", "The parties' stipulation"),
}
"""Each way of deciding: how it is named, and who "awarded" the money in a sentence."""

Shared = Literal["jointly", "jointly_and_severally"]


class AwardLine(_Model):
    """One line of a decision's award: an amount of one kind, to someone, owed by someone."""

    claim: Id | None = Field(
        default=None,
        description=(
            "Id of the claim (in the decision's proceeding) this amount is for; leave it out for "
            "money on the whole case, such as a punitive award on every claim, fees or costs."
        ),
    )
    component: Text = Field(
        description="The component as the verdict form names it, e.g. `reputation repair`."
    )
    kind: MoneyKind = Field(description="The kind of money.")
    amount_usd: Usd = Field(description="Whole US dollars, e.g. `2_000_000`.")
    awarded_to: list[Id] = Field(
        default_factory=list,
        description=(
            "Ids of the parties it is awarded to; may be left out when the case has one plaintiff."
        ),
    )
    owed_by: list[Id] = Field(
        default_factory=list,
        description="Ids of the parties who owe it; may be left out when the case has one defendant.",
    )
    shared: Shared | None = Field(
        default=None,
        description=(
            "How several recipients or payers share the one amount: `jointly`, or "
            "`jointly_and_severally` (each payer owes all of it). Required with several."
        ),
    )
    sources: list[Id] = Field(
        default_factory=list, description="Extra sources; the decision's own apply anyway."
    )


class Finding(_Model):
    """A finding of liability (or of none) on one claim, for one or more parties."""

    claim: Id | None = Field(
        default=None, description="Id of the claim; leave it out for the whole case."
    )
    parties: list[Id] = Field(
        default_factory=list,
        description="Ids of the parties it is about; may be left out with one defendant.",
    )
    result: Literal["liable", "not_liable", "dismissed"] = Field(
        description="What was found on the claim."
    )
    text: Text = Field(
        description="The finding in the decision's own terms, e.g. `liable for sexual abuse, not for rape`."
    )
    sources: list[Id] = Field(
        default_factory=list, description="Extra sources; the decision's own apply anyway."
    )


class Injunction(_Model):
    """An order to do or not do something: what, on whom, for how long."""

    what: Text = Field(description="What the order requires or forbids.")
    binds: list[Id] = Field(min_length=1, description="Ids of the parties it binds.")
    duration: Text | None = Field(
        default=None, description="For how long, as the order says, e.g. `three years`."
    )
    sources: list[Id] = Field(
        default_factory=list, description="Extra sources; the decision's own apply anyway."
    )


LedgerStepKind = Literal[
    "judgment_entered",
    "remittitur",
    "reduced",
    "security_posted",
    "stay_granted",
    "stay_lifted",
    "affirmed",
    "reduced_on_appeal",
    "vacated_in_part",
    "vacated",
    "remanded",
    "rehearing_denied",
    "review_denied",
    "settled",
    "paid",
    "released",
]

REDUCING_STEPS = frozenset({"remittitur", "reduced", "reduced_on_appeal", "vacated_in_part"})
"""Steps whose `amount_usd` is taken off the award that stands."""

MONEY_STEPS = frozenset({"security_posted", "paid", "released"})
"""Steps whose `amount_usd` is money moved (a bond, a deposit, a payment), required."""


class LedgerStep(_Model):
    """What became of a decision's money afterwards: one dated, sourced step."""

    date: Day = Field(description="The day of the step (YYYY-MM-DD).")
    step: LedgerStepKind = Field(
        description=(
            "What happened. Remittitur, reductions and partial vacatur take `amount_usd` off "
            "the award; `vacated` removes it; `settled` replaces it with `amount_usd`."
        )
    )
    amount_usd: Usd | None = Field(
        default=None,
        description=(
            "The money the step concerns: the amount taken off, the bond or deposit, the "
            "payment, the settlement, or the judgment as entered."
        ),
    )
    security: Literal["bond", "cash_deposit"] | None = Field(
        default=None, description="For `security_posted`: a bond or a cash deposit."
    )
    interest_usd: Usd | None = Field(
        default=None, description="Interest the step states, where it states it."
    )
    stands_usd: UsdOrNone | None = Field(
        default=None,
        description="The award a source says stands after the step; checked against the ledger.",
    )
    by: list[Id] = Field(
        default_factory=list,
        description="Ids of the parties who acted (posted the bond, paid) or, for `released`, received the money; optional.",
    )
    text: Text = Field(description="The step in plain words.")
    event: Id | None = Field(
        default=None, description="Id of the chronology event for the step, if there is one."
    )
    sources: SourceRefs = Field(description="Ids of the sources for the step.")


class Verdict(_Model):
    """A decision on the claims: a verdict, ruling, default or summary judgment, settlement."""

    id: Id = Field(description="Identifier that stated figures cite, e.g. `carroll-ii-verdict`.")
    proceeding: Id = Field(description="Id of the proceeding it was given in.")
    date: Day = Field(description="The day it was given (YYYY-MM-DD).")
    decision: Decision = Field(
        description="How it was decided: a jury verdict, a bench ruling, a default or summary judgment, a settlement or a stipulation."
    )
    amount_disclosed: bool = Field(
        default=True,
        description="`false` for a settlement whose amount was not made public (then no award lines).",
    )
    finding: Text = Field(description="What was decided, in the decision's own terms.")
    findings: list[Finding] = Field(
        default_factory=list, description="Liability, or none, per claim and party."
    )
    awards: list[AwardLine] = Field(
        default_factory=list, description="Every line of the award; none if no money was awarded."
    )
    injunctions: list[Injunction] = Field(
        default_factory=list, description="Orders that are not money."
    )
    ledger: list[LedgerStep] = Field(
        default_factory=list,
        description="What became of the money afterwards, step by step (any order; sorted by date).",
    )
    sources: SourceRefs = Field(description="Ids of the sources for the decision and its figures.")

    @property
    def total_usd(self) -> int:
        return sum(line.amount_usd for line in self.awards)

    def total_for(
        self, kind: str | None = None, claim: str | None = None, party: str | None = None
    ) -> int:
        """The sum of the lines of one kind, one claim, or awarded to one party alone (not
        shared with others), or of all of them."""
        return sum(
            line.amount_usd
            for line in self.awards
            if (kind is None or line.kind == kind)
            and (claim is None or line.claim == claim)
            and (party is None or line.awarded_to == [party])
        )


class AmountSought(_Model):
    """Money a party asked for, as stated in a filing or report."""

    proceeding: Id = Field(description="Id of the proceeding the request was made in.")
    measure: Literal["total", MoneyKind] | None = Field(
        default=None,
        description=(
            "What the amount measures (`total`, or a kind such as `compensatory`), so the page "
            "sets it against the award of the same measure. Leave it out when it measures "
            "something no award figure does; then say why in `note`."
        ),
    )
    note: Text | None = Field(
        default=None,
        description="Why the request cannot be set against the award, or another caveat.",
    )
    qualifier: Literal["at_least", "exactly", "up_to"] = Field(
        description="How the amount is bounded."
    )
    amount_usd: Usd = Field(description="Whole US dollars.")
    what: Text = Field(description="What the money was sought for.")
    quote: Text | None = Field(default=None, description="The source's short phrase, if quoted.")
    sources: SourceRefs = Field(description="Ids of the sources.")


class StatedFigure(_Model):
    """A figure a source states about a verdict, reconciled with the sum of the award lines."""

    verdict: Id = Field(description="Id of the verdict the figure is about.")
    measure: Literal["total", MoneyKind] = Field(
        description="`total`, or the sum of the lines of one kind, such as `compensatory`."
    )
    claim: Id | None = Field(default=None, description="Limit the sum to one claim's lines.")
    party: Id | None = Field(
        default=None,
        description="Limit the sum to the lines awarded to one party alone (joint awards apart).",
    )
    amount_usd: Usd = Field(description="The figure as the source states it, in whole dollars.")
    quote: Text | None = Field(default=None, description="The source's words, if short.")
    discrepancy: Text | None = Field(
        default=None,
        description="Required when the figure does not equal the computed sum: what differs, shown to readers.",
    )
    sources: SourceRefs = Field(description="Ids of the sources that state it.")


class Quote(_Model):
    """A short phrase quoted from a source, always attributed."""

    text: Annotated[Text, Field(max_length=300)] = Field(
        description="The exact words, without quotation marks."
    )
    context: Text = Field(
        description=(
            "The words around the quote that decide its meaning, shown with it: the whole "
            "sentence, or what the speaker was answering. A quote that a negation or a "
            "question around it reverses must say so here."
        )
    )
    speaker: Text = Field(description="Who said or wrote it.")
    source: Id = Field(description="Id of the source that carries the quote.")


class DateAccount(_Model):
    """How one source dates an event, where sources disagree."""

    text: Text = Field(description="The date as that source gives it.")
    sources: SourceRefs = Field(description="Ids of the sources that date it so.")


class Event(_Model):
    """One entry in the chronology."""

    id: Id = Field(description="Stable anchor id, used in links: keep it once published.")
    date: DateSpan = Field(description="When it happened, as precise as the source.")
    date_label: Text | None = Field(
        default=None,
        description="How to read the date when the default is not right, e.g. `late 1995 or early 1996`.",
    )
    status: Literal["held", "scheduled"] = Field(
        default="held", description="`held` if it has happened by `as_of`, `scheduled` if not yet."
    )
    kind: Literal[
        "allegation",
        "statement",
        "filing",
        "ruling",
        "trial",
        "verdict",
        "appeal",
        "judgment",
        "payment",
        "settlement",
        "other",
    ] = Field(
        default="other", description="What sort of event it is; rulings are listed on the overview."
    )
    proceedings: list[Id] = Field(
        default_factory=list,
        description="Ids of the suits it belongs to; empty for background to all.",
    )
    title: Text = Field(description="One line: what happened.")
    description: Text | None = Field(default=None, description="A few sentences of detail.")
    quotes: list[Quote] = Field(default_factory=list, description="Short attributed quotes.")
    date_accounts: list[DateAccount] = Field(
        default_factory=list,
        description="Where sources date it differently: each account and its sources.",
    )
    sources: SourceRefs = Field(description="Ids of the sources for the event.")


class Conclusion(_Model):
    """How and when the case ended, once it has."""

    how: Literal["settled", "dismissed", "withdrawn", "final_judgment"] = Field(
        description="How it ended."
    )
    date: Day = Field(description="The day it ended (YYYY-MM-DD).")
    text: Text = Field(description="One or two sentences on how it ended.")
    sources: SourceRefs = Field(description="Ids of the sources.")


class Correction(_Model):
    """A dated entry in the explainer's public log of corrections and updates."""

    date: Day = Field(
        description="The day the explainer was changed (YYYY-MM-DD); may be after `as_of`."
    )
    kind: Literal["correction", "update"] = Field(
        description="`correction`: something was wrong; `update`: something new was added."
    )
    text: Text = Field(
        description="What changed, in plain words, without repeating an error as fact."
    )
    sources: SourceRefs = Field(description="Ids of the sources behind the change.")


class Case(_Model):
    """One explainer: a matter of one or more proceedings, its verdicts and its chronology."""

    model_config = ConfigDict(title="Case explainer")

    slug: Annotated[str, Field(pattern=_SLUG, max_length=80)] = Field(
        description="The explainer's URL name: lowercase letters, digits and hyphens (`/cases/<slug>/`)."
    )
    title: Text = Field(description="The explainer's title, e.g. `Carroll v. Trump`.")
    summary: Text = Field(description="One paragraph: what happened, in brief.")
    as_of: Day = Field(
        description=(
            "The day the facts are current to: the newest day the checked sources reach. "
            "`held`/`scheduled` are as of then; `check` reminds when it is over 180 days old."
        )
    )
    status: Statement = Field(description="Where things stand as of `as_of`.")
    next_step: Statement | None = Field(
        default=None, description="What comes next, if the sources say."
    )
    concluded: Conclusion | None = Field(
        default=None, description="How the case ended, once it has (then no next step is due)."
    )
    parties: list[Party] = Field(min_length=1, description="The people in the case.")
    proceedings: list[Proceeding] = Field(min_length=1, description="The suits and appeals.")
    verdicts: list[Verdict] = Field(
        default_factory=list,
        description="Decisions on the claims: verdicts, rulings, judgments and settlements.",
    )
    sought: list[AmountSought] = Field(default_factory=list, description="Amounts asked for.")
    stated_figures: list[StatedFigure] = Field(
        default_factory=list,
        description="Figures that sources state, reconciled with the computed sums.",
    )
    events: list[Event] = Field(
        min_length=1, description="The chronology, in any order; the pages sort it."
    )
    sources: list[Source] = Field(
        min_length=1, description="The bibliography that every fact cites."
    )
    corrections: list[Correction] = Field(
        default_factory=list,
        description="Dated corrections and updates, shown at the foot of the overview.",
    )


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of a case file, for editors and for other tools."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = (
        f"Case Explainers data format, version {SCHEMA_VERSION}. Generated from generator/models.py."
    )
    return schema


# --- the glossary (data/glossary.yaml) ---------------------------------------------------


class GlossaryTerm(_Model):
    """One legal term a reader meets on the pages, defined in plain words."""

    id: Id = Field(description="Anchor of the term on the glossary page, e.g. `punitive-damages`.")
    term: Text = Field(description="The term as a heading, e.g. `Punitive damages`.")
    matches: list[Annotated[Text, Field(max_length=80)]] = Field(
        default_factory=list,
        description=(
            "Phrases that mark the term in the explainers' prose (any letter case, whole words); "
            "the first on each page links to the definition. Empty: glossary page only."
        ),
    )
    short: Annotated[Text, Field(max_length=200)] = Field(
        description="One plain sentence, shown as the tooltip where the term appears."
    )
    definition: Text = Field(description="The full definition, in neutral, plain words.")
    in_these_cases: Text | None = Field(
        default=None, description="How the term arises in the explainers, if it does."
    )
    sources: SourceRefs = Field(
        description="Ids of the glossary's sources that show the term at work in the cases."
    )


class Glossary(_Model):
    """The glossary: terms in reading order, and the sources they cite."""

    model_config = ConfigDict(title="Glossary")

    terms: list[GlossaryTerm] = Field(min_length=1, description="The terms, in reading order.")
    sources: list[Source] = Field(
        min_length=1,
        description="The sources the terms cite; the same entries as in the case files.",
    )
