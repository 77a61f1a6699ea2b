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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DataError, DataErrors, Severity
from .load import FieldPath, LoadedFile
from .models import Case

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
        raise DataErrors(_located(loaded, problems, Severity.ERROR)) from None
    report = _Report()
    _cross_check(case, report)
    warnings = _located(loaded, report.warnings, Severity.WARNING)
    if report.errors:
        raise DataErrors(_located(loaded, report.errors, Severity.ERROR), warnings)
    return case, warnings


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
    _check_stated_figures(case, report)
    for i in range(len(case.events)):
        _check_event_date(case, i, report)
    for i, verdict in enumerate(case.verdicts):
        if verdict.date > case.as_of:
            message = f"is {verdict.date.isoformat()}, after as_of {case.as_of.isoformat()}"
            report.errors.append((("verdicts", i, "date"), message))


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
    for i, verdict in enumerate(case.verdicts):
        known = claims.get(verdict.proceeding, [])
        for j, line in enumerate(verdict.awards):
            if known and line.claim not in known:
                path = ("verdicts", i, "awards", j, "claim")
                report.errors.append(
                    (path, _unknown(f"claim of {verdict.proceeding}", line.claim, known))
                )


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
        claims = sorted({line.claim for line in verdict.awards})
        if figure.claim is not None and figure.claim not in claims:
            report.errors.append(
                (
                    ("stated_figures", i, "claim"),
                    _unknown(f"claim in {verdict.id}", figure.claim, claims),
                )
            )
            continue
        computed = verdict.total_for(
            kind=None if figure.measure == "total" else figure.measure, claim=figure.claim
        )
        if computed != figure.amount_usd and figure.discrepancy is None:
            message = (
                f"the award lines of {verdict.id} sum to {computed:,} but the source states "
                f"{figure.amount_usd:,}; correct the amounts, or explain the difference in `discrepancy`"
            )
            report.errors.append((("stated_figures", i, "amount_usd"), message))
        elif computed == figure.amount_usd and figure.discrepancy is not None:
            message = f"declares a discrepancy, but the figures agree ({computed:,})"
            report.warnings.append((("stated_figures", i, "discrepancy"), message))


def _check_event_date(case: Case, i: int, report: _Report) -> None:
    event = case.events[i]
    as_of = case.as_of.isoformat()
    if event.status == "held" and event.date.earliest > case.as_of:
        message = (
            f"the event is 'held' but dated {event.date}, after as_of {as_of}; mark it 'scheduled'"
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

    yield from refs(("status",), case.status.sources)
    if case.next_step:
        yield from refs(("next_step",), case.next_step.sources)
    for i, party in enumerate(case.parties):
        yield from refs(("parties", i), party.sources)
    for i, proc in enumerate(case.proceedings):
        yield from refs(("proceedings", i), proc.sources)
    for i, verdict in enumerate(case.verdicts):
        yield from refs(("verdicts", i), verdict.sources)
        for j, line in enumerate(verdict.awards):
            yield from refs(("verdicts", i, "awards", j), line.sources)
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
