"""Stage 2, validate: turn loaded YAML into a `Case`, or report every problem at its line.

Two passes, both complete before anything is reported: the pydantic model checks each value
on its own; then the cross-checks look at the whole case (ids unique, every reference
resolves, stated figures equal the computed sums, dates agree with `as_of`).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from .citations import unrecognised
from .errors import DataError, DataErrors, Severity
from .load import FieldPath, LoadedFile
from .models import (
    CONVICTIONS,
    MONEY_STEPS,
    REDUCING_STEPS,
    Case,
    CriminalStep,
    Disposition,
    LedgerStep,
    Plea,
    Proceeding,
    Sentence,
    Verdict,
)

_Problem = tuple[FieldPath, str]


@dataclass
class _Report:
    errors: list[_Problem] = field(default_factory=list)
    warnings: list[_Problem] = field(default_factory=list)


def validate_case(loaded: LoadedFile) -> tuple[Case, list[DataError]]:
    """Validate one loaded file. Returns the case and its warnings; raises `DataErrors`."""
    try:
        case = Case.model_validate(loaded.data)
    except ValidationError as exc:
        paths = [(err, _error_path(err, loaded.data)) for err in exc.errors()]
        problems = [(path, _message(err, path)) for err, path in paths]
        problems = _format_1_hints(loaded.data, problems)
        # Every problem at once: unknown source ids too, not only after the fields are fixed.
        problems += _raw_source_refs(loaded.data)
        raise DataErrors(_located(loaded, problems, Severity.ERROR)) from None
    report = _Report()
    _cross_check(case, report)
    warnings = _located(loaded, report.warnings, Severity.WARNING)
    if report.errors:
        raise DataErrors(_located(loaded, report.errors, Severity.ERROR), warnings)
    return case, warnings


STALE_AFTER_DAYS = 180
"""`check` reminds when an explainer's `as_of` is older than this."""


def currency_reminders(loaded: LoadedFile, case: Case, today: date) -> list[DataError]:
    """What may be out of date as of `today`: an old `as_of`, scheduled events now past.

    Only `check` asks (a build must not depend on the day it runs); they never fail it.
    """
    problems: list[_Problem] = []
    age = (today - case.as_of).days
    if age > STALE_AFTER_DAYS:
        problems.append(
            (
                ("as_of",),
                f"is {case.as_of.isoformat()}, {age} days ago (more than {STALE_AFTER_DAYS}); "
                "check the sources for anything newer, then move as_of forward",
            )
        )
    for i, event in enumerate(case.events):
        if event.status == "scheduled" and event.date.latest < today:
            problems.append(
                (
                    ("events", i, "status"),
                    f"is 'scheduled' for {event.date}, which has passed; if it was held, mark "
                    "it 'held' (and move as_of forward), otherwise give its new date",
                )
            )
    return _located(loaded, problems, Severity.REMINDER)


def format_path(path: FieldPath) -> str:
    """`('verdicts', 0, 'amount_usd')` -> `verdicts[0].amount_usd`, as the YAML spells it."""
    out = ""
    for part in path:
        name = _shown(part)
        out += f"[{part}]" if isinstance(part, int) else (f".{name}" if out else name)
    return out


def _shown(key: object) -> str:
    """A key as printed: itself if it is plain text, else quoted with escapes (no raw control
    or direction characters ever reach the terminal)."""
    if isinstance(key, str) and key and key.isprintable() and key.strip() == key:
        return key
    return repr(key)


def _located(loaded: LoadedFile, problems: list[_Problem], severity: Severity) -> list[DataError]:
    return [
        DataError(loaded.name, loaded.line_of(path), format_path(path), message, severity)
        for path, message in problems
    ]


def _format_1_hints(data: Any, problems: list[_Problem]) -> list[_Problem]:
    """A file in the first data format gets one clear error per change to make, not an
    unknown field and a missing one."""
    renamed = {path[:-1] for path, _ in problems if path[-1:] == ("decided_by",)}
    out = []
    for path, message in problems:
        if path[-1:] == ("decision",) and path[:-1] in renamed:
            continue
        if path[-1:] == ("decided_by",) and len(path) == 3 and path[0] == "verdicts":
            old = _get(data, path)
            new = {"jury": "jury_verdict", "judge": "bench_ruling"}.get(str(old), "jury_verdict")
            message = (
                f"`decided_by` is the old (format 1) name: write `decision: {new}`, "
                "or run `python -m generator migrate` to update the file"
            )
        out.append((path, message))
    return out


def _get(data: Any, path: FieldPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _raw_source_refs(data: Any) -> list[_Problem]:
    """Unknown source ids, found in the raw values of a file that failed validation."""
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return []
    known = [
        s["id"] for s in data["sources"] if isinstance(s, dict) and isinstance(s.get("id"), str)
    ]
    found: list[_Problem] = []

    def walk(node: Any, path: FieldPath) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and path and isinstance(value, list):
                    refs = [((*path, key, j), ref) for j, ref in enumerate(value)]
                elif key == "source" and isinstance(value, str):
                    refs = [((*path, key), value)]
                else:
                    walk(value, (*path, key))
                    continue
                found.extend(
                    (where, _unknown("source", ref, known))
                    for where, ref in refs
                    if isinstance(ref, str) and ref not in known
                )
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, (*path, i))

    walk({k: v for k, v in data.items() if k != "sources"}, ())
    return found


# --- pydantic errors, reworded --------------------------------------------------------


_VALIDATOR_NAME = re.compile(r"[a-z][a-z-]*\[.*\]", re.DOTALL)


def _error_path(err: Any, data: Any) -> FieldPath:
    """The YAML path of a pydantic error.

    pydantic adds the names of function validators (`function-after[...]`) to `loc`; they
    are dropped, unless the data really has a key of that name.
    """
    path: list[str | int] = []
    node = data
    for part in err["loc"]:
        is_key = isinstance(node, dict) and part in node
        if isinstance(part, str) and not is_key and _VALIDATOR_NAME.fullmatch(part):
            continue
        path.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(path)


def _message(err: Any, path: FieldPath) -> str:
    kind, value = err["type"], err.get("input")
    name = path[-1] if path else ""
    got = _describe(value)
    if kind == "extra_forbidden":
        return _unknown_field(path)
    if kind == "missing" and name == "context" and "quotes" in path:
        return (
            "required field is missing: give the words around the quote that decide its "
            "meaning (the whole sentence, or what the speaker was answering)"
        )
    if kind == "missing":
        return "required field is missing"
    if kind == "invalid_key":
        return f"unknown field {got}; field names are text, such as {_known_fields(path[:-1])}"
    if isinstance(name, str) and name.endswith("_usd"):
        if kind in {"int_type", "int_from_float"}:
            return f"expected a whole number of dollars, got {got}"
        if kind in {"greater_than", "greater_than_equal"}:
            return f"must be a positive amount, got {got}"
        if kind in {"less_than_equal", "less_than"}:
            return f"is implausibly large, got {got}"
    if kind == "string_type":
        return f"expected text, got {got}"
    if kind in {"int_type", "int_from_float"}:
        return f"expected a whole number, got {got}"
    if kind in {"list_type", "tuple_type"}:
        return f"expected a list, got {got}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a mapping of fields, got {got}"
    if kind == "literal_error":
        expected = err["ctx"]["expected"]
        return f"expected {'one of ' if ', ' in expected else ''}{expected}, got {got}"
    if kind == "string_pattern_mismatch":
        return f"must be lowercase letters, digits and hyphens (like 'carroll-ii'), got {got}"
    if kind == "too_short":
        return f"must have at least {err['ctx']['min_length']} item(s)"
    if kind in {"string_too_short"}:
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long ({len(value)} characters; at most {err['ctx']['max_length']})"
    if kind == "bool_type":
        return f"expected true or false, got {got}"
    return str(err["msg"])


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _known_fields(path: FieldPath) -> str:
    model = _model_at(path)
    return ", ".join(sorted(model.model_fields)) if model else "title"


def _unknown_field(path: FieldPath) -> str:
    model = _model_at(path[:-1])
    known = sorted(model.model_fields) if model else []
    name = path[-1]
    quoted = f"'{name}'" if _shown(name) == name else _shown(name)
    message = f"unknown field {quoted}"
    close = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; expected one of: {', '.join(known)}" if known else message


def _model_at(path: FieldPath) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Case
    for part in path:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        model = _inner_model(info.annotation) if info else None
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None


# --- cross-checks on the whole case ---------------------------------------------------


def _cross_check(case: Case, report: _Report) -> None:
    _check_ids(case, report)
    _check_sources(case, report)
    _check_proceedings(case, report)
    for i in range(len(case.proceedings)):
        _check_prosecution(case, i, report)
    _check_stated_figures(case, report)
    for i in range(len(case.events)):
        _check_event_date(case, i, report)
    for i, verdict in enumerate(case.verdicts):
        if verdict.date > case.as_of:
            message = f"is {verdict.date.isoformat()}, after as_of {case.as_of.isoformat()}"
            report.errors.append((("verdicts", i, "date"), message))
        _check_parties(case, i, report)
        _check_ledger(case, i, report)
    # A correction is dated the day the page changed, which may be after the newest fact.
    if case.concluded and case.concluded.date > case.as_of:
        message = f"is {case.concluded.date.isoformat()}, after as_of {case.as_of.isoformat()}"
        report.errors.append((("concluded", "date"), message))


_RECIPIENTS = {"plaintiff", "counterclaimant"}
_SETTLING = {"settlement", "stipulation"}


def _check_parties(case: Case, i: int, report: _Report) -> None:
    """Who is owed and who owes: known parties in the right roles, shared only by several."""
    roles = {p.id: p.role for p in case.parties}
    verdict = case.verdicts[i]
    if not verdict.amount_disclosed and verdict.awards:
        message = "the amount is marked undisclosed (`amount_disclosed: false`), so no award lines"
        report.errors.append((("verdicts", i, "awards"), message))
    for j, line in enumerate(verdict.awards):
        at = ("verdicts", i, "awards", j)
        if line.kind == "settlement" and verdict.decision not in _SETTLING:
            # the pages would say "The jury awarded" or "The judge awarded" a settlement
            message = (
                f"a settlement payment in a '{verdict.decision}': if the parties settled, write "
                "`decision: settlement` (or `stipulation`) on the decision"
            )
            report.errors.append(((*at, "kind"), message))
        to = _parties_of(case, line.awarded_to, _RECIPIENTS, (*at, "awarded_to"), report)
        counter = any(roles.get(p) == "counterclaimant" for p in to)
        payers = {"defendant", "counterclaimant"} | ({"plaintiff"} if counter else set())
        by = _parties_of(case, line.owed_by, payers, (*at, "owed_by"), report)
        several = len(to) > 1 or len(by) > 1
        if several and line.shared is None:
            message = (
                "several parties share this amount: say how with `shared: jointly` or "
                "`shared: jointly_and_severally` (or split it into one line per party)"
            )
            report.errors.append(((*at, "shared"), message))
        elif line.shared is not None and not several and to and by:
            message = (
                f"`shared: {line.shared}` is for an amount shared by several parties, but this "
                "line has one recipient and one payer; delete it"
            )
            report.errors.append(((*at, "shared"), message))
    for j, finding in enumerate(verdict.findings):
        at = ("verdicts", i, "findings", j)
        _parties_of(case, finding.parties, None, (*at, "parties"), report, default="defendant")
    for j, order in enumerate(verdict.injunctions):
        _parties_of(case, order.binds, None, ("verdicts", i, "injunctions", j, "binds"), report)


def _parties_of(
    case: Case,
    ids: list[str],
    allowed: set[str] | None,
    path: FieldPath,
    report: _Report,
    default: str | None = None,
) -> list[str]:
    """The parties `ids` names (or the sole one of its side when empty), with each problem."""
    roles = {p.id: p.role for p in case.parties}
    side = default or ("plaintiff" if "awarded_to" in path else "defendant")
    if not ids:
        sole = [p.id for p in case.parties if p.role == side]
        if len(sole) == 1:
            return sole
        if allowed is not None or default:
            what = "who it is awarded to" if side == "plaintiff" else "who owes it"
            if default:
                what = "which parties it is about"
            message = f"the case has {len(sole)} {side}s: name {what} here, by party id"
            report.errors.append((path, message))
        return []
    for k, ref in enumerate(ids):
        if ref not in roles:
            report.errors.append(((*path, k), _unknown("party", ref, list(roles))))
        elif allowed is not None and roles[ref] not in allowed:
            if "awarded_to" in path:
                rule = "an award goes to a plaintiff (or a counterclaimant)"
            else:
                rule = "an award is owed by a defendant (or, on a counterclaim, a plaintiff)"
            message = f"'{ref}' is a {roles[ref]}, and {rule}; check the party's role or the id"
            report.errors.append(((*path, k), message))
    return ids


def _check_ledger(case: Case, i: int, report: _Report) -> None:
    """Each step after the decision, before `as_of`, with the money it needs; reductions no
    larger than what stands; a figure a source says stands equal to the ledger's."""
    verdict = case.verdicts[i]
    events = {e.id for e in case.events}
    standing: int | None = verdict.total_usd if verdict.amount_disclosed else None
    order = sorted(range(len(verdict.ledger)), key=lambda j: verdict.ledger[j].date)
    for j in order:
        step, at = verdict.ledger[j], ("verdicts", i, "ledger", j)
        if step.date < verdict.date:
            message = (
                f"is {step.date.isoformat()}, before the decision it follows "
                f"({verdict.date.isoformat()})"
            )
            report.errors.append(((*at, "date"), message))
        if step.date > case.as_of:
            message = f"is {step.date.isoformat()}, after as_of {case.as_of.isoformat()}"
            report.errors.append(((*at, "date"), message))
        if step.event is not None and step.event not in events:
            report.errors.append(((*at, "event"), _unknown("event", step.event, sorted(events))))
        needs_amount = step.step in MONEY_STEPS or step.step in REDUCING_STEPS
        if needs_amount and step.amount_usd is None:
            message = f"a '{step.step}' step needs `amount_usd`: the money it concerns"
            report.errors.append(((*at, "amount_usd"), message))
        if (step.step == "security_posted") != (step.security is not None):
            message = (
                "say what was posted: `security: bond` or `security: cash_deposit`"
                if step.step == "security_posted"
                else "only a 'security_posted' step has `security`"
            )
            report.errors.append(((*at, "security"), message))
        standing = _after(step, standing, at, report)
        if step.stands_usd is not None and standing is not None and step.stands_usd != standing:
            message = (
                f"the ledger leaves {standing:,} standing after this step, but the source "
                f"says {step.stands_usd:,}; correct the steps or the figure"
            )
            report.errors.append(((*at, "stands_usd"), message))


def _after(step: LedgerStep, standing: int | None, at: FieldPath, report: _Report) -> int | None:
    """The award that stands after `step`, given what stood before it."""
    if step.step in REDUCING_STEPS and step.amount_usd is not None and standing is not None:
        if step.amount_usd > standing:
            message = (
                f"takes {step.amount_usd:,} off an award of {standing:,}: a reduction cannot be "
                "larger than the amount"
            )
            report.errors.append(((*at, "amount_usd"), message))
            return 0
        return standing - step.amount_usd
    if step.step == "vacated":
        return 0
    if step.step == "settled":
        return step.amount_usd
    return standing


def _check_ids(case: Case, report: _Report) -> None:
    lists: list[tuple[FieldPath, list[str]]] = [
        (("sources",), [s.id for s in case.sources]),
        (("parties",), [p.id for p in case.parties]),
        (("events",), [e.id for e in case.events]),
        (("verdicts",), [v.id for v in case.verdicts]),
        (("proceedings",), [p.id for p in case.proceedings]),
    ]
    lists += [
        (("proceedings", i, "claims"), [c.id for c in p.claims])
        for i, p in enumerate(case.proceedings)
    ]
    lists += [
        (("proceedings", i, "charges"), [c.id for c in p.charges])
        for i, p in enumerate(case.proceedings)
    ]
    for prefix, ids in lists:
        seen: set[str] = set()
        for index, value in enumerate(ids):
            if value in seen:
                report.errors.append(((*prefix, index, "id"), f"duplicate id '{value}'"))
            seen.add(value)


def _check_sources(case: Case, report: _Report) -> None:
    known = [s.id for s in case.sources]
    cited: set[str] = set()
    for path, ref in _source_refs(case):
        cited.add(ref)
        if ref not in known:
            report.errors.append((path, _unknown("source", ref, known)))
    for i, source in enumerate(case.sources):
        for text in (
            unrecognised(source.citation) if source.kind == "court" and source.citation else []
        ):
            report.warnings.append(
                (
                    ("sources", i, "citation"),
                    f"'{text}' reads like a legal citation, but it is not "
                    "one that can be linked (check the volume, reporter and page)",
                )
            )
        if source.id not in cited:
            report.warnings.append(
                (("sources", i, "id"), f"source '{source.id}' is not cited by any fact")
            )


def _check_proceedings(case: Case, report: _Report) -> None:
    """Every proceeding a verdict, request or event names exists, and so does every claim."""
    claims = {p.id: [c.id for c in p.claims] for p in case.proceedings}
    refs: list[tuple[FieldPath, str]] = [
        (("verdicts", i, "proceeding"), v.proceeding) for i, v in enumerate(case.verdicts)
    ]
    refs += [(("sought", i, "proceeding"), s.proceeding) for i, s in enumerate(case.sought)]
    refs += [
        (("events", i, "proceedings", j), ref)
        for i, e in enumerate(case.events)
        for j, ref in enumerate(e.proceedings)
    ]
    for path, ref in refs:
        if ref not in claims:
            report.errors.append((path, _unknown("proceeding", ref, list(claims))))
    kinds = {p.id: p.kind for p in case.proceedings}
    for i, verdict in enumerate(case.verdicts):
        if kinds.get(verdict.proceeding) == "criminal":
            message = (
                f"'{verdict.proceeding}' is a criminal proceeding: record its outcome under that "
                "proceeding's `dispositions` and `sentences`, not as a verdict with awards"
            )
            report.errors.append((("verdicts", i, "proceeding"), message))
    for i, verdict in enumerate(case.verdicts):
        known = claims.get(verdict.proceeding, [])
        named = [("awards", j, line.claim) for j, line in enumerate(verdict.awards)]
        named += [("findings", j, f.claim) for j, f in enumerate(verdict.findings)]
        for part, j, claim in named:
            if known and claim is not None and claim not in known:
                path = ("verdicts", i, part, j, "claim")
                report.errors.append(
                    (path, _unknown(f"claim of {verdict.proceeding}", claim, known))
                )


def _check_prosecution(case: Case, i: int, report: _Report) -> None:
    """A civil suit has claims and no charges; a prosecution has a prosecutor and charges,
    counts that do not overlap, and pleas, outcomes and sentences that name its charges and
    defendants, dated in order and by `as_of`."""
    proc, at = case.proceedings[i], ("proceedings", i)
    criminal_parts = ("prosecutor", "charges", "pleas", "dispositions", "sentences", "steps")
    if proc.kind == "civil":
        if not proc.claims:
            message = (
                "a civil proceeding needs at least one claim; for a prosecution, write "
                "`kind: criminal` and list its `charges` instead"
            )
            report.errors.append(((*at, "claims"), message))
        for part in criminal_parts:
            if getattr(proc, part):
                message = (
                    f"only a criminal proceeding has `{part}`; write `kind: criminal` or delete it"
                )
                report.errors.append(((*at, part), message))
        return
    if proc.claims:
        message = "a criminal proceeding has `charges`, not `claims`: move the counts to `charges`"
        report.errors.append(((*at, "claims"), message))
    if proc.prosecutor is None:
        message = "a criminal proceeding needs `prosecutor`: who brings the case"
        report.errors.append(((*at, "prosecutor"), message))
    if not proc.charges:
        message = "a criminal proceeding needs at least one charge (`charges:`)"
        report.errors.append(((*at, "charges"), message))
    defendants = _check_charges(case, proc, at, report)
    charges = {c.id: c for c in proc.charges}
    decided: dict[tuple[str, str], str] = {}
    events = {e.id for e in case.events}
    parts: list[tuple[str, Sequence[Plea | Disposition | Sentence | CriminalStep]]] = [
        ("pleas", proc.pleas),
        ("dispositions", proc.dispositions),
        ("sentences", proc.sentences),
        ("steps", proc.steps),
    ]
    for part, items in parts:
        for j, item in enumerate(items):
            where = (*at, part, j)
            if item.date > case.as_of:
                message = f"is {item.date.isoformat()}, after as_of {case.as_of.isoformat()}"
                report.errors.append(((*where, "date"), message))
            if part == "steps":
                ref = getattr(item, "event", None)
                if ref is not None and ref not in events:
                    report.errors.append(
                        ((*where, "event"), _unknown("event", ref, sorted(events)))
                    )
                continue
            who = _defendant_of(case, getattr(item, "defendant", None), defendants, where, report)
            named = getattr(item, "charges", [])
            for k, ref in enumerate(named):
                if ref not in charges:
                    report.errors.append(
                        ((*where, "charges", k), _unknown("charge", ref, list(charges)))
                    )
            ids = [ref for ref in named if ref in charges] or [
                c for c in charges if who is None or _charged(case, charges[c]) == who
            ]
            if part == "dispositions" and who is not None:
                result = getattr(item, "result", "")
                for ref in ids:
                    before = decided.get((who, ref))
                    if before is not None and before != "hung":
                        message = (
                            f"charge '{ref}' was already decided ({before.replace('_', ' ')}); "
                            "only a count with a hung jury can be decided again"
                        )
                        report.errors.append(((*where, "charges"), message))
                    decided[(who, ref)] = result
            if part == "sentences" and who is not None:
                for ref in ids:
                    outcome = decided.get((who, ref))
                    if outcome not in CONVICTIONS:
                        message = (
                            f"charge '{ref}' has no conviction to sentence (it is "
                            f"{'undecided' if outcome is None else outcome.replace('_', ' ')}); "
                            "record the guilty verdict or plea under `dispositions` first"
                        )
                        report.errors.append(((*where, "charges"), message))
                        break


def _check_charges(case: Case, proc: Proceeding, at: FieldPath, report: _Report) -> set[str]:
    """Counts numbered once each per defendant, runs in order; the defendants charged."""
    seen: dict[tuple[str, int], str] = {}
    defendants: set[str] = set()
    for j, charge in enumerate(proc.charges):
        where = (*at, "charges", j)
        if charge.last_count is not None and charge.last_count <= charge.count:
            message = (
                f"the run of counts ends ({charge.last_count}) at or before it starts "
                f"({charge.count}); for a single count, leave `last_count` out"
            )
            report.errors.append(((*where, "last_count"), message))
            continue
        who = _defendant_of(case, charge.defendant, None, where, report)
        if who is None:
            continue
        defendants.add(who)
        for number in range(charge.count, (charge.last_count or charge.count) + 1):
            if (who, number) in seen:
                message = f"count {number} is already charge '{seen[(who, number)]}'"
                report.errors.append(((*where, "count"), message))
                break
            seen[(who, number)] = charge.id
    return defendants


def _charged(case: Case, charge: object) -> str | None:
    sole = [p.id for p in case.parties if p.role == "defendant"]
    named = getattr(charge, "defendant", None)
    return named or (sole[0] if len(sole) == 1 else None)


def _defendant_of(
    case: Case, ref: str | None, charged: set[str] | None, at: FieldPath, report: _Report
) -> str | None:
    """The defendant `ref` names (or the sole one), reporting an unknown or wrong party."""
    roles = {p.id: p.role for p in case.parties}
    if ref is None:
        sole = [p.id for p in case.parties if p.role == "defendant"]
        if len(sole) == 1:
            return sole[0]
        message = f"the case has {len(sole)} defendants: name the defendant here, by party id"
        report.errors.append(((*at, "defendant"), message))
        return None
    if ref not in roles:
        report.errors.append(((*at, "defendant"), _unknown("party", ref, list(roles))))
        return None
    if roles[ref] != "defendant":
        message = f"'{ref}' is a {roles[ref]}, not a defendant; check the party's role or the id"
        report.errors.append(((*at, "defendant"), message))
        return None
    if charged is not None and ref not in charged:
        message = f"'{ref}' is not charged in this proceeding"
        report.errors.append(((*at, "defendant"), message))
        return None
    return ref


def _check_stated_figures(case: Case, report: _Report) -> None:
    """A figure a source states must equal the computed sum, or say why it does not."""
    verdicts = {v.id: v for v in case.verdicts}
    for i, figure in enumerate(case.stated_figures):
        verdict = verdicts.get(figure.verdict)
        if verdict is None:
            report.errors.append(
                (
                    ("stated_figures", i, "verdict"),
                    _unknown("verdict", figure.verdict, list(verdicts)),
                )
            )
            continue
        claims = sorted({line.claim for line in verdict.awards if line.claim})
        if figure.claim is not None and figure.claim not in claims:
            report.errors.append(
                (
                    ("stated_figures", i, "claim"),
                    _unknown(f"claim in {verdict.id}", figure.claim, claims),
                )
            )
            continue
        if figure.party is not None and figure.party not in {p.id for p in case.parties}:
            report.errors.append(
                (
                    ("stated_figures", i, "party"),
                    _unknown("party", figure.party, [p.id for p in case.parties]),
                )
            )
            continue
        computed = stated_sum(verdict, figure.measure, figure.claim, figure.party)
        if computed != figure.amount_usd and figure.discrepancy is None:
            message = (
                f"the award lines of {verdict.id} sum to {computed:,} but the source states "
                f"{figure.amount_usd:,}; correct the amounts, or explain the difference in `discrepancy`"
            )
            report.errors.append((("stated_figures", i, "amount_usd"), message))
        elif computed == figure.amount_usd and figure.discrepancy is not None:
            message = f"declares a discrepancy, but the figures agree ({computed:,})"
            report.warnings.append((("stated_figures", i, "discrepancy"), message))


def stated_sum(verdict: Verdict, measure: str, claim: str | None, party: str | None) -> int:
    """The sum of a verdict's lines that a stated figure measures."""
    kind = None if measure == "total" else measure
    return verdict.total_for(kind=kind, claim=claim, party=party)


def _check_event_date(case: Case, i: int, report: _Report) -> None:
    event = case.events[i]
    as_of = case.as_of.isoformat()
    if event.status == "held" and event.date.earliest > case.as_of:
        message = (
            f"the event is 'held' but dated {event.date}, after as_of {as_of}; if it has "
            "happened, move as_of forward to the day the facts were checked, otherwise mark it "
            "'scheduled'"
        )
        report.errors.append((("events", i, "date"), message))
    if event.status == "scheduled" and event.date.latest < case.as_of:
        message = f"is 'scheduled' but dated {event.date}, before as_of {as_of}; has it been held?"
        report.warnings.append((("events", i, "status"), message))


def _unknown(what: str, ref: str, known: list[str]) -> str:
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {what} '{ref}'; did you mean '{close[0]}'?"
    shown = ", ".join(f"'{k}'" for k in known[:6]) + (", ..." if len(known) > 6 else "")
    return (
        f"unknown {what} '{ref}'; known: {shown}"
        if known
        else f"unknown {what} '{ref}'; none are defined"
    )


def _source_refs(case: Case) -> Iterator[tuple[FieldPath, str]]:
    """Every place in the case that cites a source id, with its path."""

    def refs(path: FieldPath, ids: list[str]) -> Iterator[tuple[FieldPath, str]]:
        for j, ref in enumerate(ids):
            yield (*path, "sources", j), ref

    def parts(
        path: FieldPath, lists: list[tuple[str, list[list[str]]]]
    ) -> Iterator[tuple[FieldPath, str]]:
        for part, ids_of in lists:
            for j, ids in enumerate(ids_of):
                yield from refs((*path, part, j), ids)

    yield from refs(("status",), case.status.sources)
    if case.next_step:
        yield from refs(("next_step",), case.next_step.sources)
    for i, party in enumerate(case.parties):
        yield from refs(("parties", i), party.sources)
    for i, proc in enumerate(case.proceedings):
        yield from refs(("proceedings", i), proc.sources)
        yield from parts(
            ("proceedings", i),
            [
                ("charges", [x.sources for x in proc.charges]),
                ("pleas", [x.sources for x in proc.pleas]),
                ("dispositions", [x.sources for x in proc.dispositions]),
                ("sentences", [x.sources for x in proc.sentences]),
                ("steps", [x.sources for x in proc.steps]),
            ],
        )
    if case.concluded:
        yield from refs(("concluded",), case.concluded.sources)
    for i, correction in enumerate(case.corrections):
        yield from refs(("corrections", i), correction.sources)
    for i, verdict in enumerate(case.verdicts):
        yield from refs(("verdicts", i), verdict.sources)
        yield from parts(
            ("verdicts", i),
            [
                ("awards", [x.sources for x in verdict.awards]),
                ("findings", [x.sources for x in verdict.findings]),
                ("injunctions", [x.sources for x in verdict.injunctions]),
                ("ledger", [x.sources for x in verdict.ledger]),
            ],
        )
    for i, sought in enumerate(case.sought):
        yield from refs(("sought", i), sought.sources)
    for i, figure in enumerate(case.stated_figures):
        yield from refs(("stated_figures", i), figure.sources)
    for i, event in enumerate(case.events):
        yield from refs(("events", i), event.sources)
        for j, quote in enumerate(event.quotes):
            yield ("events", i, "quotes", j, "source"), quote.source
        for j, account in enumerate(event.date_accounts):
            yield from refs(("events", i, "date_accounts", j), account.sources)
