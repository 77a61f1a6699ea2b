"""The shipped explainer holds what the fact base holds (../shared/case-facts.md)."""

from __future__ import annotations

from generator.build import collect_cases

from .conftest import ROOT

# Every dated row of the fact base's chronology: (date as the data writes it, a word of the event).
FACT_BASE_CHRONOLOGY = [
    ("1995/1996", "Bergdorf"),
    ("2019-06-21", "New York Magazine"),
    ("2019-06-21/2019-06-22", "denies"),
    ("2019-06-24", "not my type"),
    ("2019-11-04", "sues"),
    ("2020-09-08", "Justice Department"),
    ("2020-10-27", "replace Trump"),
    ("2022-09-27", "Westfall"),
    ("2022-10-12", "Truth Social"),
    ("2022-11-24", "Adult Survivors Act"),
    ("2023-04-13", "D.C. Court of Appeals"),
    ("2023-04-25", "trial begins"),
    ("2023-05-09", "sexual abuse"),
    ("2023-05-10", "town hall"),
    ("2023-05-22", "amend"),
    ("2023-06-13", "amend"),
    ("2023-06-29", "immunity"),
    ("2023-07-11", "Justice Department"),
    ("2023-07-19", "new trial"),
    ("2023-08-07", "counterclaim"),
    ("2023-09-06", "liability"),
    ("2023-12-13", "immunity"),
    ("2024-01-16", "damages trial"),
    ("2024-01-26", "$83.3 million"),
    ("2024-04-25", "new trial"),
    ("2024-12-30", "$5 million"),
    ("2025-09-08", "$83.3 million"),
]


def carroll():
    [page] = collect_cases(ROOT).pages
    return page


def test_every_dated_event_of_the_fact_base_is_in_the_chronology() -> None:
    events = {(e.event.date.text, e.event.title) for e in carroll().events}
    for date, word in FACT_BASE_CHRONOLOGY:
        assert any(d == date and word in title for d, title in events), (date, word)


def test_chronology_runs_from_the_allegation_to_the_latest_step() -> None:
    events = carroll().events
    assert events[0].date_label == "late 1995 or early 1996"
    # the latest step the sources reach: Carroll's request for the Carroll II deposit
    assert events[-1].event.id == "carroll-ii-release-motion"
    assert events[-1].event.date.text == "2026-06-30" <= carroll().case.as_of.isoformat()


def test_verdict_totals_match_the_fact_base() -> None:
    page = carroll()
    totals = {v.proceeding.name: v.total_usd for v in page.verdicts}
    assert totals == {"Carroll II": 5_000_000, "Carroll I": 83_300_000}
    carroll_i = next(v for v in page.verdicts if v.proceeding.name == "Carroll I")
    assert carroll_i.compensatory_usd == 18_300_000
    # the judge's $17.3 million is kept and shown as a discrepancy, not dropped
    assert [d.figure.amount_usd for d in page.discrepancies] == [17_300_000]


def test_the_finding_is_worded_exactly() -> None:
    # found liable for sexual abuse; not found to have raped her as the Penal Law then defined it
    case = carroll().case
    assert "found Trump liable for sexual abuse" in case.summary
    assert (
        "did not find that he raped Carroll as New York's Penal Law then defined rape"
        in case.summary
    )


def test_every_fact_cites_a_source() -> None:
    page = carroll()
    assert all(e.cites for e in page.events)
    assert all(v.cites for v in page.verdicts)
    assert all(p.cites for p in page.parties)
