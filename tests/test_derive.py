"""Derived figures: totals, the chronology order, the numbered sources."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

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


dates = st.dates(
    min_value=__import__("datetime").date(1900, 1, 1),
    max_value=__import__("datetime").date(2100, 12, 31),
)


@given(
    st.lists(
        st.one_of(
            dates.map(lambda d: d.isoformat()),
            dates.map(lambda d: d.isoformat()[:7]),
            dates.map(lambda d: d.isoformat()[:4]),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_date_sort_is_stable_and_idempotent(texts: list[str]) -> None:
    spans = [DateSpan.parse(t) for t in texts]
    order = sorted(range(len(spans)), key=lambda i: (*spans[i].sort_key, i))
    once = [spans[i] for i in order]
    assert sorted(once, key=lambda s: s.sort_key) == once
    for a, b in itertools.pairwise(once):
        assert a.earliest <= b.earliest


def test_sources_numbered_by_group() -> None:
    page = derive_page(fixture_case(), FIXTURE_NAME)
    assert [(g.heading, [e.number for e in g.entries]) for g in page.sources] == [
        ("Court records", [1, 2]),
        ("News reports", [3, 4]),
    ]


def test_derive_does_not_need_the_file(tmp_path: Path) -> None:
    # a derived page is a pure function of the case
    case = fixture_case()
    assert derive_page(case, FIXTURE_NAME) == derive_page(case, FIXTURE_NAME)
