"""Validation: each bad snippet gives exactly the error a maintainer should read."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import DataErrors
from generator.load import load_yaml
from generator.validate import validate_case

from .factories import FIXTURE_NAME, edited, fixture_text, line_of


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        _, warnings = validate_case(load_yaml(path, FIXTURE_NAME))
    except DataErrors as exc:
        return [str(e) for e in exc.errors]
    return [str(w) for w in warnings]


# (old snippet, new snippet, line to point at (a snippet of the edited text), field, message)
CASES = [
    # a negative amount
    (
        "amount_usd: 250_000",
        "amount_usd: -5",
        "amount_usd: -5",
        "verdicts[0].awards[1].amount_usd",
        "must be a positive amount, got -5",
    ),
    # money as a float is refused, even a whole one
    (
        "amount_usd: 250_000",
        "amount_usd: 250000.0",
        "amount_usd: 250000.0",
        "verdicts[0].awards[1].amount_usd",
        "expected a whole number of dollars, got 250000.0",
    ),
    # fractional cents
    (
        "amount_usd: 250_000",
        "amount_usd: 250000.005",
        "amount_usd: 250000.005",
        "verdicts[0].awards[1].amount_usd",
        "expected a whole number of dollars, got 250000.005",
    ),
    # money written with commas is text, not a number
    (
        "amount_usd: 250_000",
        "amount_usd: 250,000",
        "amount_usd: 250,000",
        "verdicts[0].awards[1].amount_usd",
        "expected a whole number of dollars, got '250,000'",
    ),
    # a near-miss field name gets a suggestion
    (
        "    docket: No. 1:23-cv-00001",
        "    docet: No. 1:23-cv-00001",
        "docet:",
        "proceedings[0].docet",
        "unknown field 'docet'; did you mean 'docket'?",
    ),
    # the same edit also leaves the required field missing, reported at the mapping
    (
        "    docket: No. 1:23-cv-00001",
        "    docet: No. 1:23-cv-00001",
        "  - id: doe-i",
        "proceedings[0].docket",
        "required field is missing",
    ),
    # an impossible date
    (
        '    date: "2023-11-20"\n    decision',
        '    date: "2023-02-30"\n    decision',
        '"2023-02-30"',
        "verdicts[0].date",
        "'2023-02-30' is not a date in the calendar",
    ),
    # a range that ends before it starts
    (
        'date: "2021/2022"',
        'date: "2022/2021"',
        '"2022/2021"',
        "events[1].date",
        "the range '2022/2021' ends before it starts",
    ),
    # a date in a form the model does not know
    (
        'date: "2021/2022"',
        "date: late 2021",
        "date: late 2021",
        "events[1].date",
        "expected a date such as 2019-06-21, 2019-06, 1995 or 1995/1996, got 'late 2021'",
    ),
    # a status that is not one of the choices
    (
        "    status: scheduled",
        "    status: pending",
        "status: pending",
        "events[3].status",
        "expected 'held' or 'scheduled', got 'pending'",
    ),
    # an unknown source id
    (
        "    sources: [verdict-form]\nsought",
        "    sources: [verdict-from]\nsought",
        "[verdict-from]",
        "verdicts[0].sources[0]",
        "unknown source 'verdict-from'; did you mean 'verdict-form'?",
    ),
    # an unknown proceeding
    (
        "    proceeding: doe-i\n    date",
        "    proceeding: doe-ii\n    date",
        "proceeding: doe-ii",
        "verdicts[0].proceeding",
        "unknown proceeding 'doe-ii'; did you mean 'doe-i'?",
    ),
    # an award for a claim the proceeding does not bring
    (
        "      - claim: battery",
        "      - claim: assault",
        "claim: assault",
        "verdicts[0].awards[2].claim",
        "unknown claim of doe-i 'assault'; known: 'defamation', 'battery'",
    ),
    # a stated total that does not reconcile, with no discrepancy declared
    (
        "    amount_usd: 1_270_000",
        "    amount_usd: 1_370_000",
        "amount_usd: 1_370_000",
        "stated_figures[0].amount_usd",
        "the award lines of doe-i-verdict sum to 1,270,000 but the source states 1,370,000; "
        "correct the amounts, or explain the difference in `discrepancy`",
    ),
    # a held event dated after as_of
    (
        "    status: scheduled\n",
        "",
        '"2024-05"',
        "events[3].date",
        "the event is 'held' but dated 2024-05, after as_of 2024-03-01; if it has happened, "
        "move as_of forward to the day the facts were checked, otherwise mark it 'scheduled'",
    ),
    # two events with the same id
    (
        "  - id: filed\n",
        "  - id: verdict\n",
        '  - id: verdict\n    date: "2023-01-15"',
        "events[2].id",
        "duplicate id 'verdict'",
    ),
    # a URL with a scheme that is not http(s)
    (
        "url: https://example.org/verdict.pdf",
        "url: javascript:alert(1)",
        "javascript:",
        "sources[1].url",
        "must be an absolute http:// or https:// address, got 'javascript:alert(1)'",
    ),
    # a relative URL
    (
        "url: https://example.org/verdict.pdf",
        "url: /verdict.pdf",
        "url: /verdict.pdf",
        "sources[1].url",
        "must be an absolute http:// or https:// address, got '/verdict.pdf'",
    ),
    # a slug that is not URL-safe
    (
        "slug: doe-v-roe",
        "slug: Doe v Roe",
        "slug: Doe",
        "slug",
        "must be lowercase letters, digits and hyphens (like 'carroll-ii'), got 'Doe v Roe'",
    ),
    # text where a list is expected
    (
        "proceedings: [doe-i]\n    title: Doe sues Roe",
        "proceedings: doe-i\n    title: Doe sues Roe",
        "proceedings: doe-i\n",
        "events[2].proceedings",
        "expected a list, got 'doe-i'",
    ),
    # a number where text is expected
    (
        "    judge: A. Judge",
        "    judge: 42",
        "judge: 42",
        "proceedings[0].judge",
        "expected text, got 42",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "message"), CASES, ids=[c[3] + ":" + c[4][:30] for c in CASES]
)
def test_bad_snippet_reports_its_line(
    tmp_path: Path, old: str, new: str, at: str, field: str, message: str
) -> None:
    text = edited(old, new)
    expected = f"{FIXTURE_NAME}:{line_of(text, at)}: {field}: {message}"
    assert expected in problems(tmp_path, text)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = edited("amount_usd: 250_000", "amount_usd: -5")
    text = edited("    judge: A. Judge", "    judge: 42", text)
    assert len(problems(tmp_path, text)) == 2


def test_cross_checks_all_reported_at_once(tmp_path: Path) -> None:
    text = edited("    sources: [verdict-form]\nsought", "    sources: [nope]\nsought")
    text = edited("    proceeding: doe-i\n    date", "    proceeding: doe-ii\n    date", text)
    assert [p.split(": ", 2)[1] for p in problems(tmp_path, text)] == [
        "verdicts[0].proceeding",
        "verdicts[0].sources[0]",
    ]


def test_valid_fixture_has_no_problems(tmp_path: Path) -> None:
    assert problems(tmp_path, fixture_text()) == []


def test_declared_discrepancy_is_accepted(tmp_path: Path) -> None:
    # the fixture's compensatory figure differs from the lines, and says why
    assert "discrepancy:" in fixture_text()
    assert problems(tmp_path, fixture_text()) == []


def test_discrepancy_declared_where_figures_agree_is_a_warning(tmp_path: Path) -> None:
    text = edited("    amount_usd: 1_200_000", "    amount_usd: 1_020_000")
    [warning] = problems(tmp_path, text)
    assert warning.endswith(
        "stated_figures[1].discrepancy: declares a discrepancy, but the figures agree (1,020,000) (warning)"
    )


def test_unused_source_is_a_warning(tmp_path: Path) -> None:
    text = fixture_text() + "  - id: unused\n    kind: other\n    title: T\n    publisher: P\n"
    [warning] = problems(tmp_path, text)
    assert (
        warning
        == f"{FIXTURE_NAME}:{line_of(text, '- id: unused')}: sources[4].id: source 'unused' is not cited by any fact (warning)"
    )


def test_scheduled_event_before_as_of_is_a_warning(tmp_path: Path) -> None:
    text = edited('date: "2024-05"', 'date: "2024-02"')
    [warning] = problems(tmp_path, text)
    assert (
        "events[3].status: is 'scheduled' but dated 2024-02, before as_of 2024-03-01; has it been held?"
        in warning
    )


# --- criminal proceedings (the invented `people-v-vale` shape) ---------------------------

VALE = (Path(__file__).parent / "data" / "cases" / "people-v-vale.yaml").read_text(encoding="utf-8")

CRIMINAL_CASES = [
    # a sentence on a count with no conviction (count 5 was a not-guilty verdict)
    (
        "        charges: [fraud]\n        terms:",
        "        charges: [fraud, records]\n        terms:",
        "proceedings[0].sentences[0].charges: charge 'records' has no conviction to sentence "
        "(it is not guilty); record the guilty verdict or plea under `dispositions` first",
    ),
    # two charges claim the same count number for one defendant
    (
        "        count: 5\n",
        "        count: 3\n",
        "proceedings[0].charges[2].count: count 3 is already charge 'fraud'",
    ),
    # a run of counts that ends before it starts
    (
        "        last_count: 3\n",
        "        last_count: 1\n",
        "proceedings[0].charges[0].last_count: the run of counts ends (1) at or before it starts (1)",
    ),
    # a count decided twice, where the first outcome was not a hung jury
    (
        "      - charges: [records]\n        defendant: vale\n        result: not_guilty",
        "      - charges: [fraud]\n        defendant: vale\n        result: not_guilty",
        "proceedings[0].dispositions[4].charges: charge 'fraud' was already decided (guilty)",
    ),
    # a civil verdict recorded against the prosecution
    (
        "events:\n",
        'verdicts:\n  - id: v\n    proceeding: people-v-vale\n    date: "2024-06-14"\n'
        "    decision: jury_verdict\n    finding: guilty\n    sources: [verdict-sheet]\nevents:\n",
        "verdicts[0].proceeding: 'people-v-vale' is a criminal proceeding",
    ),
    # a criminal proceeding with no prosecutor
    (
        "    prosecutor: County Prosecutor's Office\n",
        "",
        "proceedings[0].prosecutor: a criminal proceeding needs `prosecutor`",
    ),
    # charges on a civil suit
    (
        "    kind: criminal\n",
        "",
        "proceedings[0].claims: a civil proceeding needs at least one claim",
    ),
    # a plea by someone who is not a defendant
    (
        "        plea: not_guilty\n        defendant: vale\n",
        "        plea: not_guilty\n        defendant: town\n",
        "proceedings[0].pleas[0].defendant: 'town' is a plaintiff, not a defendant",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CRIMINAL_CASES)
def test_criminal_rules_report_their_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in VALE
    found = problems(tmp_path, VALE.replace(old, new, 1))
    assert any(expected in p for p in found), found


def test_the_criminal_shape_is_valid(tmp_path: Path) -> None:
    assert problems(tmp_path, VALE) == []


# --- stated figures that name what the verdict does not have (found by `make mutation`) ----


def test_a_stated_figure_naming_an_unknown_claim_or_party_is_an_error_each(
    tmp_path: Path,
) -> None:
    text = edited(
        "    measure: total\n    amount_usd: 1_270_000",
        "    measure: total\n    claim: batery\n    amount_usd: 1_270_000",
    )
    text = edited(
        "    measure: compensatory\n    amount_usd: 1_200_000",
        "    measure: compensatory\n    party: rooe\n    amount_usd: 1_200_000",
        text,
    )
    # both are reported (one does not stop the check of the next), each on its own line
    assert problems(tmp_path, text) == [
        f"{FIXTURE_NAME}:{line_of(text, 'claim: batery')}: stated_figures[0].claim: "
        "unknown claim in doe-i-verdict 'batery'; did you mean 'battery'?",
        f"{FIXTURE_NAME}:{line_of(text, 'party: rooe')}: stated_figures[1].party: "
        "unknown party 'rooe'; did you mean 'roe'?",
    ]


def test_an_unknown_verdict_or_party_in_one_stated_figure_does_not_stop_the_next(
    tmp_path: Path,
) -> None:
    wrong = "    amount_usd: 5\n"
    text = edited(
        "  - verdict: doe-i-verdict\n    measure: total\n",
        "  - verdict: doe-i-verdit\n    measure: total\n",
    )
    text = edited(
        "    measure: compensatory\n    amount_usd: 1_200_000",
        "    measure: compensatory\n    party: rooe\n    amount_usd: 1_200_000",
        text,
    )
    text = edited(
        "    sources: [gazette-2023-11-21]\nevents:\n",
        "    sources: [gazette-2023-11-21]\n  - verdict: doe-i-verdict\n    measure: total\n"
        f"{wrong}    sources: [gazette-2023-11-21]\nevents:\n",
        text,
    )
    assert problems(tmp_path, text) == [
        f"{FIXTURE_NAME}:{line_of(text, 'verdict: doe-i-verdit')}: stated_figures[0].verdict: "
        "unknown verdict 'doe-i-verdit'; did you mean 'doe-i-verdict'?",
        f"{FIXTURE_NAME}:{line_of(text, 'party: rooe')}: stated_figures[1].party: "
        "unknown party 'rooe'; did you mean 'roe'?",
        f"{FIXTURE_NAME}:{line_of(text, wrong)}: stated_figures[2].amount_usd: "
        "the award lines of doe-i-verdict sum to 1,270,000 but the source states 5; correct "
        "the amounts, or explain the difference in `discrepancy`",
    ]
