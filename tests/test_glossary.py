"""The glossary (data/glossary.yaml): its checks, its page, the term links and the charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.build import build, collect_cases
from generator.chart import WIDTH, chart_verdict
from generator.derive import VerdictSummary
from generator.errors import DataErrors
from generator.glossary import GlossaryPage, TermLinker, collect_glossary, derive_glossary
from generator.models import DECISIONS, MONEY_KINDS, Glossary
from generator.render import md, render_pages

from .conftest import ROOT, make_project
from .factories import edited, split_amounts, write_case

SHIPPED = ROOT / "data" / "glossary.yaml"

SMALL = """\
terms:
  - id: battery
    term: Battery
    matches: [battery]
    short: An offensive touching without consent.
    definition: An intentional, offensive bodily contact without consent.
    sources: [complaint]
  - id: summary-judgment
    term: Summary judgment
    matches: [summary judgment]
    short: A decision without a trial.
    definition: A decision on a claim without a trial.
    sources: [complaint]
sources:
  - id: complaint
    kind: court
    title: Complaint
    publisher: A court
"""


def glossary_project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "glossary.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def small_glossary() -> GlossaryPage:
    return derive_glossary(Glossary.model_validate(yaml.safe_load(SMALL)), "data/glossary.yaml")


# --- checks, each with the line a person must fix -------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a term citing a source the glossary does not list
        (
            "    sources: [complaint]\n  - id: summary",
            "    sources: [complaint, opinion]\n  - id: summary",
            "data/glossary.yaml:7: terms[0].sources[1]: unknown source 'opinion'; known: 'complaint'",
        ),
        # two terms with one id
        (
            "id: summary-judgment",
            "id: battery",
            "data/glossary.yaml:8: terms[1].id: duplicate id 'battery'",
        ),
        # one phrase marking two terms
        (
            "matches: [summary judgment]",
            "matches: [Battery]",
            "data/glossary.yaml:10: terms[1].matches[0]: 'Battery' already marks 'battery'",
        ),
        # a required field left out
        (
            "    short: A decision without a trial.\n",
            "",
            "data/glossary.yaml:8: terms[1].short: required field is missing",
        ),
        # a misspelt field
        (
            "    definition: A decision",
            "    defintion: A decision",
            "data/glossary.yaml:12: terms[1].defintion: unknown field 'defintion'",
        ),
    ],
)
def test_glossary_errors_name_file_line_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert SMALL.count(old) == 1
    project = glossary_project(tmp_path, SMALL.replace(old, new))
    with pytest.raises(DataErrors) as caught:
        collect_glossary(project)
    assert expected in [str(e) for e in caught.value.errors]


def test_glossary_field_errors_and_unknown_sources_come_in_one_round(tmp_path: Path) -> None:
    text = SMALL.replace("    short: A decision without a trial.\n", "")
    text = text.replace(
        "    sources: [complaint]\n  - id: summary", "    sources: [opinion]\n  - id: summary"
    )
    with pytest.raises(DataErrors) as caught:
        collect_glossary(glossary_project(tmp_path, text))
    assert sorted(str(e) for e in caught.value.errors) == [
        "data/glossary.yaml:7: terms[0].sources[0]: unknown source 'opinion'; known: 'complaint'",
        "data/glossary.yaml:8: terms[1].short: required field is missing",
    ]


def test_an_uncited_glossary_source_is_a_warning(tmp_path: Path) -> None:
    extra = SMALL + "  - id: unused\n    kind: press\n    title: A report\n    publisher: A paper\n"
    glossary, warnings = collect_glossary(glossary_project(tmp_path, extra))
    assert glossary is not None
    assert [str(w) for w in warnings] == [
        "data/glossary.yaml:19: sources[1].id: source 'unused' is not cited by any term (warning)"
    ]


def test_a_project_without_a_glossary_has_no_glossary_page(tmp_path: Path) -> None:
    assert collect_glossary(tmp_path) == (None, [])


def test_glossary_errors_stop_the_build_before_anything_is_written(tmp_path: Path) -> None:
    project = glossary_project(tmp_path, SMALL.replace("id: summary-judgment", "id: battery"))
    (project / "data" / "cases").mkdir()
    with pytest.raises(DataErrors):
        build(project, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- the shipped glossary ---------------------------------------------------------------


def test_the_shipped_glossary_is_valid_and_covers_the_issue_terms() -> None:
    glossary, warnings = collect_glossary(ROOT)
    assert glossary is not None and warnings == []
    ids = {entry.term.id for entry in glossary.terms}
    for needed in (
        "compensatory-damages",
        "punitive-damages",
        "defamation",
        "battery",
        "remittitur",
        "summary-judgment",
        "adult-survivors-act",
        "westfall-act",
        # the criminal terms the People v. Trump pages use (issue 15)
        "grand-jury",
        "indictment",
        "count",
        "arraignment",
        "felony",
        "class-e-felony",
        "unconditional-discharge",
        "notice-of-appeal",
    ):
        assert needed in ids


def test_the_criminal_pages_link_their_terms() -> None:
    collected = collect_cases(ROOT)
    pages = render_pages(collected.pages, collected.glossary)
    charges = pages["cases/people-v-trump/charges.md"]
    for anchor in ("class-e-felony", "unconditional-discharge"):
        assert f"../../glossary.md#{anchor} " in charges
    overview = pages["cases/people-v-trump/index.md"]
    for anchor in ("grand-jury", "indictment", "felony"):
        assert f"../../glossary.md#{anchor} " in overview


def test_glossary_sources_are_the_case_files_own_entries() -> None:
    """The glossary repeats case sources; a copy that drifted from its case file fails here.
    A reference no case file cites (a rule, a statute, a legal dictionary) must say where a
    reader finds it."""
    cases = {
        source["id"]: source
        for path in (ROOT / "data" / "cases").glob("*.yaml")
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]
    }
    for source in yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))["sources"]:
        if source["id"] in cases:
            assert source == cases[source["id"]], source["id"]
        else:
            assert source.get("url") or source.get("citation"), source["id"]


def _linked_term(glossary: GlossaryPage, phrase: str) -> str | None:
    """The glossary term that `phrase`, as a page prints it, links to (None if none)."""
    out = TermLinker(glossary, "g.md")(md(phrase))
    found = re.findall(r"\]\(g\.md#([a-z0-9-]+) ", out)
    return found[0] if found else None


# Where each kind of money and each way of deciding is defined; a new one fails until added.
TERM_OF = {
    "compensatory": "compensatory-damages",
    "punitive": "punitive-damages",
    "nominal": "nominal-damages",
    "statutory": "statutory-damages",
    "disgorgement": "disgorgement",
    "restitution": "restitution",
    "civil_penalty": "civil-penalty",
    "settlement": "settlement",
    "attorneys_fees": "attorneys-fees",
    "costs": "costs",
    "sanctions": "sanctions",
    "prejudgment_interest": "prejudgment-interest",
    "postjudgment_interest": "postjudgment-interest",
    "jury_verdict": "verdict",
    "bench_ruling": "bench-ruling",
    "default_judgment": "default-judgment",
    "summary_judgment": "summary-judgment",
    "stipulation": "stipulation",
}


@pytest.mark.parametrize(
    ("key", "phrase"),
    [*MONEY_KINDS.items(), *((key, label) for key, (label, _) in DECISIONS.items())],
)
def test_every_kind_of_money_and_way_of_deciding_links_to_its_term(key: str, phrase: str) -> None:
    """Each kind and decision, as the pages name it, links to the term that defines it."""
    glossary, _ = collect_glossary(ROOT)
    assert glossary is not None
    assert _linked_term(glossary, phrase) == TERM_OF[key], f"{phrase!r} does not link"


@pytest.mark.parametrize(
    ("phrase", "term"),
    [
        # the ledger's steps, as the table labels them and the reading sentence says them
        ("Judgment entered", "judgment-entered"),
        ("judgment was entered for $550,000", "judgment-entered"),
        ("Security posted", "supersedeas-bond"),
        ("Trump posted a bond of $91.63 million", "supersedeas-bond"),
        ("Trump deposited $5.55 million with the court", "supersedeas-bond"),
        ("Stay granted", "stay"),
        ("the court stayed enforcement", "stay"),
        ("Stay lifted", "stay"),
        ("Affirmed on appeal", "affirm"),
        ("Vacated in part", "vacate"),
        ("Vacated", "vacate"),
        ("Remanded", "remand"),
        ("it was sent back to the trial court", "remand"),
        ("Remittitur", "remittitur"),
        # who owes: several payers, one amount
        ("Dora Dunn and Dunn Holdings LLC, jointly and severally", "jointly-and-severally"),
        ("a joint award is one amount owed to both", "jointly-and-severally"),
        ("Orders that are not money (injunctions).", "injunction"),
        ("the court dismissed the case", "dismissal"),
        # ordinary words that must not be taken for terms
        ("Trump stays the defendant", None),
        ("Liability had been settled before trial", None),
        ("Trump and the Justice Department jointly ask", None),
    ],
)
def test_ledger_and_party_words_link_to_their_terms(phrase: str, term: str | None) -> None:
    glossary, _ = collect_glossary(ROOT)
    assert glossary is not None
    assert _linked_term(glossary, phrase) == term


# --- term links -------------------------------------------------------------------------


def test_only_the_first_mention_on_a_page_is_linked() -> None:
    link = TermLinker(small_glossary(), "../../glossary.md")
    first = link("A battery claim\\.")
    assert first == (
        'A [battery](../../glossary.md#battery "An offensive touching without consent\\."){ .ce-term } claim\\.'
    )
    assert link("Another battery\\.") == "Another battery\\."


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("Battery\\, then", "Battery"),  # any letter case; the page keeps its own
        ("the summary\\-judgment ruling", "summary\\-judgment"),  # a hyphen, escaped
        ("summary  judgment", "summary  judgment"),  # folded line breaks
        ("batteryless", None),  # whole words only
        ("assault and battery", "battery"),
    ],
)
def test_term_phrases_match_whole_words_in_escaped_text(text: str, linked: str | None) -> None:
    out = TermLinker(small_glossary(), "g.md")(text)
    if linked is None:
        assert out == text
    else:
        assert f"[{linked}](g.md#" in out


def test_a_phrase_inside_a_definition_is_never_linked_again() -> None:
    # Battery's short definition names another term, so its link's title holds a phrase
    # that the text also holds: only the text's own phrase becomes a second link, and the
    # title stays plain text.
    nested = SMALL.replace(
        "short: An offensive touching without consent.",
        "short: An offensive touching; often met at summary judgment.",
    )
    glossary = derive_glossary(
        Glossary.model_validate(yaml.safe_load(nested)), "data/glossary.yaml"
    )
    out = TermLinker(glossary, "g.md")("battery and summary judgment")
    assert out == (
        '[battery](g.md#battery "An offensive touching\\; often met at summary judgment\\."){ .ce-term }'
        ' and [summary judgment](g.md#summary-judgment "A decision without a trial\\."){ .ce-term }'
    )


def test_a_phrase_inside_a_longer_phrase_is_linked_once() -> None:
    # "summary judgment" lies inside the phrase of a later, longer term: the words become
    # one link (to whichever term comes first in the glossary), never a link inside a link.
    longer = SMALL.replace(
        "sources:\n  - id: complaint\n    kind:",
        "  - id: partial-summary-judgment\n"
        "    term: Partial summary judgment\n"
        "    matches: [partial summary judgment]\n"
        "    short: A decision without a trial on part of a claim.\n"
        "    definition: A decision without a trial on part of a claim.\n"
        "    sources: [complaint]\n"
        "sources:\n  - id: complaint\n    kind:",
    )
    glossary = derive_glossary(
        Glossary.model_validate(yaml.safe_load(longer)), "data/glossary.yaml"
    )
    out = TermLinker(glossary, "g.md")("a partial summary judgment")
    assert out.count("](g.md#") == 1, out


def test_without_a_glossary_text_passes_unchanged() -> None:
    assert TermLinker(None, "g.md")("battery") == "battery"


def test_the_shipped_pages_link_terms_to_glossary_anchors_that_exist() -> None:
    collected = collect_cases(ROOT)
    pages = render_pages(collected.pages, collected.glossary)
    glossary = pages["glossary.md"]
    awards = pages["cases/carroll-v-trump/awards.md"]
    for anchor in ("punitive-damages", "compensatory-damages", "defamation", "battery"):
        assert f"../../glossary.md#{anchor} " in awards
        assert f"{{ #{anchor} }}" in glossary


# --- charts -----------------------------------------------------------------------------


def chart_cases() -> list[VerdictSummary]:
    """Every decision with money of every shipped explainer and every fixture (a settlement
    for an undisclosed amount has no chart)."""
    return [
        v
        for root in (ROOT, ROOT / "tests")
        for p in collect_cases(root).pages
        for v in p.verdicts
        if v.has_money
    ]


@pytest.mark.parametrize("verdict", chart_cases(), ids=lambda v: v.anchor)
def test_chart_bars_are_proportional_and_fit_the_drawing(verdict: VerdictSummary) -> None:
    """Each bar is one part of the table's split, drawn to scale; a tiny one stays visible."""
    chart = chart_verdict(verdict)
    parts = split_amounts(verdict, chart.split)
    assert [bar.amount_usd for bar in chart.bars] == parts
    assert sum(parts) == verdict.total_usd
    full = WIDTH - 8 - 8 - 104  # the drawing less its margins and the room for the figure
    for bar in chart.bars:
        # to scale, to a tenth of a unit (widths are rounded to one decimal)
        exact = full * bar.amount_usd / max(parts)
        assert abs(bar.width - exact) <= 0.05 or (exact < 2 and bar.width == 2.0), bar
        assert bar.x + bar.width < bar.amount_x < WIDTH
        assert bar.y + bar.height <= chart.height
    assert max(bar.width for bar in chart.bars) == full


def test_a_tiny_award_stays_a_visible_sliver(tmp_path: Path) -> None:
    text = edited("amount_usd: 20_000", "amount_usd: 1_000")
    text = edited("amount_usd: 1_270_000", "amount_usd: 1_251_000", text)
    project = make_project(tmp_path / "project")
    write_case(project, text)
    [verdict] = collect_cases(project).pages[0].verdicts
    chart = chart_verdict(verdict)
    assert chart.split == "claim"
    # 1,000 of 1,250,000 is a fifth of a unit wide to scale: drawn 2 wide, to be seen
    assert [(bar.amount_usd, bar.width) for bar in chart.bars] == [(1_250_000, 240.0), (1_000, 2.0)]
