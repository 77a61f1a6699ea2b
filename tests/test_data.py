"""The shipped explainers hold what their fact bases hold (../shared/case-facts.md and
../shared/people-v-trump-facts.md), and every shipped explainer, however many, is sourced."""

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


def shipped():
    return collect_cases(ROOT).pages


def by_slug(slug: str):
    (page,) = [p for p in shipped() if p.slug == slug]
    return page


def carroll():
    return by_slug("carroll-v-trump")


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


def test_every_fact_of_every_shipped_explainer_cites_a_source() -> None:
    pages = shipped()
    assert {p.slug for p in pages} >= {"carroll-v-trump", "people-v-trump"}
    for page in pages:
        assert all(e.cites for e in page.events), page.slug
        assert all(v.cites for v in page.verdicts), page.slug
        assert all(p.cites for p in page.parties), page.slug
        for prosecution in page.prosecutions:
            assert all(r.cites for g in prosecution.groups for r in g.rows), page.slug
            assert all(s.cites for s in prosecution.sentences), page.slug
            assert all(s.cites for s in prosecution.steps), page.slug


# The People v. Trump fact base: (date as the data writes it, a word of the event's title).
PEOPLE_V_TRUMP_CHRONOLOGY = [
    ("2023-03-30", "indict"),
    ("2023-04-04", "not guilty"),
    ("2023-07-19", "federal court"),
    ("2024-04-15", "jury selection"),
    ("2024-04-30", "$9,000"),
    ("2024-05-30", "guilty on all 34 counts"),
    ("2024-07-02", "postponed"),
    ("2024-09-03", "second removal"),
    ("2024-11-22", "adjourns sentencing"),
    ("2024-12-16", "immunity"),
    ("2025-01-03", "January 10"),
    ("2025-01-07", "Appellate Division"),
    ("2025-01-09", "Supreme Court"),
    ("2025-01-10", "unconditional discharge"),
    ("2025-01-29", "notice of appeal"),
    ("2025-06-11", "Second Circuit"),
    ("2025-10-27", "brief"),
    ("2025-11-06", "Second Circuit"),
    ("2026-02-04", "Hellerstein"),
]


def test_people_v_trump_holds_the_fact_base_chronology() -> None:
    page = by_slug("people-v-trump")
    events = {(e.event.date.text, e.event.title) for e in page.events}
    for date, word in PEOPLE_V_TRUMP_CHRONOLOGY:
        assert any(d == date and word in title for d, title in events), (date, word)
    # as_of is the newest day the sources reach, and nothing held is after it
    assert page.case.as_of.isoformat() == "2026-02-05"
    assert max(e.event.date.latest for e in page.events) <= page.case.as_of


def test_people_v_trump_charges_verdict_and_sentence() -> None:
    page = by_slug("people-v-trump")
    (prosecution,) = page.prosecutions
    assert prosecution.counts == 34
    (group,) = prosecution.groups
    assert (group.offence, group.statute, group.class_label) == (
        "Falsifying Business Records in the First Degree",
        "Penal Law § 175.10",
        "class E felony",
    )
    assert [r.result for r in group.rows] == ["guilty"]
    assert prosecution.verdict_brief == "Guilty on all 34 counts (jury verdict, May 30, 2024)"
    assert prosecution.sentence_brief == (
        "An unconditional discharge on all 34 counts (January 10, 2025)"
    )
    assert page.stage == "on appeal"
    assert page.kind == "criminal"
    assert page.sections == ("index", "charges", "chronology", "sources")
