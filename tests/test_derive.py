"""Derived figures: totals, the chronology order, the numbered sources."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.derive import derive_page
from generator.load import load_yaml
from generator.models import Case, DateSpan
from generator.validate import validate_case

from .factories import FIXTURE_CASE, FIXTURE_NAME


def fixture_case() -> Case:
    case, _ = validate_case(load_yaml(FIXTURE_CASE, FIXTURE_NAME))
    return case


def with_amounts(case: Case, amounts: list[int]) -> Case:
    verdict = case.verdicts[0]
    lines = [
        verdict.awards[i % len(verdict.awards)].model_copy(update={"amount_usd": amount})
        for i, amount in enumerate(amounts)
    ]
    return case.model_copy(update={"verdicts": [verdict.model_copy(update={"awards": lines})]})


def test_fixture_totals() -> None:
    page = derive_page(fixture_case(), FIXTURE_NAME)
    [verdict] = page.verdicts
    assert (verdict.total_usd, verdict.compensatory_usd, verdict.punitive_usd) == (
        1_270_000,
        1_020_000,
        250_000,
    )
    assert [(c.claim.id, c.subtotal_usd) for c in verdict.claims] == [
        ("defamation", 1_250_000),
        ("battery", 20_000),
    ]
    assert [(s.figure.amount_usd, s.computed_usd, s.agrees) for s in verdict.stated] == [
        (1_270_000, 1_270_000, True),
        (1_200_000, 1_020_000, False),
    ]
    assert [d.figure.amount_usd for d in page.discrepancies] == [1_200_000]


@given(st.lists(st.integers(min_value=1, max_value=10**12), min_size=1, max_size=12))
def test_totals_equal_the_sum_of_lines(amounts: list[int]) -> None:
    page = derive_page(with_amounts(fixture_case(), amounts), FIXTURE_NAME)
    [verdict] = page.verdicts
    assert verdict.total_usd == sum(amounts) == page.total_usd
    assert verdict.compensatory_usd + verdict.punitive_usd == verdict.total_usd
    assert sum(c.subtotal_usd for c in verdict.claims) == verdict.total_usd


def test_chronology_sorts_across_precisions() -> None:
    page = derive_page(fixture_case(), FIXTURE_NAME)
    # the range 2021/2022 first, then days, then the month 2024-05 (scheduled)
    assert [e.event.id for e in page.events] == ["statement", "filed", "verdict", "appeal-argument"]
    assert [g.year for g in page.years] == [2021, 2023, 2024]
    assert page.events[0].date_label == "late 2021 or early 2022"


@given(st.randoms(use_true_random=False))
def test_chronology_order_does_not_depend_on_input_order(rnd: random.Random) -> None:
    case = fixture_case()
    events = list(case.events)
    rnd.shuffle(events)
    shuffled = derive_page(case.model_copy(update={"events": events}), FIXTURE_NAME)
    assert [e.event.id for e in shuffled.events] == [
        e.event.id for e in derive_page(case, FIXTURE_NAME).events
    ]


# A few dates that tie with one another in every way the chronology can meet: the same day
# twice, a month and a day inside it, a year and a range that starts with it.
_TIES = ["2021-06-01", "2021-06", "2021", "2021/2022", "2021-06-01/2021-06-03", "2020-12"]


@given(st.lists(st.sampled_from(_TIES), min_size=2, max_size=10))
def test_chronology_is_in_date_order_and_keeps_the_file_order_of_equal_dates(
    texts: list[str],
) -> None:
    # One event per date, in the order given; ids record that order ("e0", "e1", ...).
    template = fixture_case().events[0]
    events = [
        template.model_copy(update={"id": f"e{i}", "date": DateSpan.parse(text)})
        for i, text in enumerate(texts)
    ]
    page = derive_page(fixture_case().model_copy(update={"events": events}), FIXTURE_NAME)
    shown = [(int(e.event.id[1:]), e.event.date) for e in page.events]
    assert sorted(i for i, _ in shown) == list(range(len(texts)))  # each event once
    for (i, a), (j, b) in itertools.pairwise(shown):
        # earliest day first, then the shorter span; a tie keeps the file's order
        assert (a.earliest, a.latest) <= (b.earliest, b.latest), (a.text, b.text)
        if (a.earliest, a.latest) == (b.earliest, b.latest):
            assert i < j, (a.text, b.text)


def test_chronology_order_of_tied_dates_by_hand() -> None:
    texts = ["2021", "2021-06-01", "2021/2022", "2021-06", "2021-06-01", "2021-01"]
    template = fixture_case().events[0]
    events = [
        template.model_copy(update={"id": f"e{i}", "date": DateSpan.parse(text)})
        for i, text in enumerate(texts)
    ]
    page = derive_page(fixture_case().model_copy(update={"events": events}), FIXTURE_NAME)
    # 2021-01 and 2021 both start on January 1; the month ends first. The two 2021-06-01s
    # keep their order in the file.
    assert [e.event.id for e in page.events] == ["e5", "e0", "e2", "e1", "e4", "e3"]


def test_sources_numbered_by_group() -> None:
    page = derive_page(fixture_case(), FIXTURE_NAME)
    assert [(g.heading, [e.number for e in g.entries]) for g in page.sources] == [
        ("Court records", [1, 2]),
        ("News reports", [3, 4]),
    ]


def test_derive_does_not_need_the_file(tmp_path: Path) -> None:
    # A derived page is a function of the checked case alone: with the file gone and any
    # opening of a file refused, it is still derived, and equals the page derived from the
    # same data loaded a second time.
    copy = tmp_path / "doe-v-roe.yaml"
    copy.write_bytes(FIXTURE_CASE.read_bytes())
    case, _ = validate_case(load_yaml(copy, FIXTURE_NAME))
    copy.unlink()
    refused = AssertionError("derive_page opened a file")
    with (
        mock.patch("builtins.open", side_effect=refused),
        mock.patch.object(Path, "open", side_effect=refused),
        mock.patch("io.open", side_effect=refused),
    ):
        page = derive_page(case, FIXTURE_NAME)
    again = derive_page(fixture_case(), FIXTURE_NAME)
    assert page is not again
    assert page == again
    assert page.case.title == "Doe v. Roe"


# Every kind of ledger step after the fixture's $1.27 million verdict: its words in the
# reading sentence, and the award that stands after it (None: not disclosed).
LEDGER_STEPS = [
    ("judgment_entered", "amount_usd: 1_270_000", "judgment was entered for $1.27 million", 1_270_000),
    ("remittitur", "amount_usd: 270_000", "$270,000 was taken off on remittitur", 1_000_000),
    ("reduced", "amount_usd: 270_000", "$270,000 was taken off by the court", 1_000_000),
    ("security_posted", "amount_usd: 1_400_000\n        security: bond\n        by: [roe]",
     "Richard Roe posted a bond of $1.4 million", 1_270_000),
    ("stay_granted", "", "the court stayed enforcement", 1_270_000),
    ("stay_lifted", "", "the court lifted the stay", 1_270_000),
    ("affirmed", "", "it was affirmed on appeal", 1_270_000),
    ("reduced_on_appeal", "amount_usd: 20_000", "$20,000 was taken off on appeal", 1_250_000),
    ("vacated_in_part", "amount_usd: 250_000",
     "$250,000 was taken off when the award was vacated in part on appeal", 1_020_000),
    ("vacated", "", "it was vacated", 0),
    ("remanded", "", "it was sent back to the trial court", 1_270_000),
    ("rehearing_denied", "", "rehearing was denied", 1_270_000),
    ("review_denied", "", "further review was denied", 1_270_000),
    ("settled", "amount_usd: 900_000", "it was settled for $900,000", 900_000),
    ("paid", "amount_usd: 1_270_000\n        by: [roe]", "Richard Roe paid $1.27 million", 1_270_000),
    ("released", "amount_usd: 1_270_000\n        by: [doe]",
     "$1.27 million was released to Jane Doe", 1_270_000),
]  # fmt: skip


def test_the_ledger_table_covers_every_kind_of_step() -> None:
    from typing import get_args

    from generator.models import LedgerStepKind

    assert sorted(kind for kind, *_ in LEDGER_STEPS) == sorted(get_args(LedgerStepKind))


@pytest.mark.parametrize(("kind", "extra", "phrase", "stands"), LEDGER_STEPS)
def test_each_ledger_step_reads_out_and_leaves_the_right_award_standing(
    tmp_path: Path, kind: str, extra: str, phrase: str, stands: int | None
) -> None:
    from .factories import edited

    fields = f"\n        {extra}" if extra else ""
    step = (
        "    sources: [verdict-form]\n"
        "    ledger:\n"
        '      - date: "2024-01-10"\n'
        f"        step: {kind}{fields}\n"
        "        text: A step.\n"
        "        sources: [verdict-form]\n"
        "sought:"
    )
    path = tmp_path / "doe-v-roe.yaml"
    path.write_text(edited("    sources: [verdict-form]\nsought:", step), encoding="utf-8")
    case, problems = validate_case(load_yaml(path, FIXTURE_NAME))
    assert [str(p) for p in problems if "(warning)" not in str(p)] == []
    verdict = derive_page(case, FIXTURE_NAME).verdicts[0]
    assert verdict.stands_usd == stands
    [row] = verdict.ledger
    assert row.phrase == phrase
    assert verdict.ledger_reading.startswith(
        f"Awarded $1.27 million; on January 10, 2024, {phrase}."
    )
