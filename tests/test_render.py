"""Rendering: formatting filters, escaping, and golden pages for the fixture and shipped cases."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import collect_cases
from generator.render import md, render_pages, unescape_markdown, usd, usd_words

from .conftest import FIXTURE, ROOT
from .factories import built_twice

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize(
    ("amount", "table", "prose"),
    [
        (2_000_000, "$2,000,000", "$2 million"),
        (2_020_000, "$2,020,000", "$2.02 million"),
        (83_300_000, "$83,300,000", "$83.3 million"),
        (280_000, "$280,000", "$280,000"),
        (1_234_567, "$1,234,567", "$1,234,567"),  # never rounded to "$1.23 million"
        (10_000_000, "$10,000,000", "$10 million"),
        (1_500_000_000, "$1,500,000,000", "$1.5 billion"),
    ],
)
def test_money_formats(amount: int, table: str, prose: str) -> None:
    assert (usd(amount), usd_words(amount)) == (table, prose)


@given(st.integers(min_value=1, max_value=10**14))
def test_usd_round_trips(amount: int) -> None:
    assert int(usd(amount).lstrip("$").replace(",", "")) == amount
    words = usd_words(amount)
    if words.endswith("million") or words.endswith("billion"):
        figure, unit = words.lstrip("$").split()
        assert Decimal(figure) * (10**6 if unit == "million" else 10**9) == amount
    else:
        assert words == usd(amount)


# control characters are refused by the model, so they never reach `md`
@given(
    st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=80).filter(
        str.strip
    )
)
def test_escaped_text_renders_literally(text: str) -> None:
    html = markdown.markdown(md(text), extensions=["pymdownx.escapeall"])
    inner = re.sub(r"^<p>|</p>$", "", html)
    import html as htmllib

    assert "<" not in inner.replace("&lt;", "")
    assert htmllib.unescape(inner) == " ".join(text.split())


@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=80))
def test_unescape_markdown_undoes_md(text: str) -> None:
    assert unescape_markdown(md(text)) == " ".join(text.split())


def test_unescape_markdown_leaves_other_backslashes() -> None:
    assert unescape_markdown(r"\a \| \\ &lt;b") == r"\a | \ <b"


def render(data: Path) -> dict[str, str]:
    return render_pages(collect_cases(data.parent).pages)


@pytest.mark.parametrize(
    ("data", "slug", "sections"),
    [
        (FIXTURE, "doe-v-roe", ("index", "awards", "chronology", "sources")),
        (ROOT / "data", "carroll-v-trump", ("index", "awards", "chronology", "sources")),
        (ROOT / "data", "people-v-trump", ("index", "charges", "chronology", "sources")),
    ],
)
def test_golden_pages(
    data: Path, slug: str, sections: tuple[str, ...], update_goldens: bool
) -> None:
    pages = render(data)
    assert sorted(p for p in pages if p.startswith(f"cases/{slug}/")) == sorted(
        f"cases/{slug}/{s}.md" for s in sections
    )
    for section in sections:
        golden = GOLDEN / slug / f"{section}.md"
        text = pages[f"cases/{slug}/{section}.md"]
        if update_goldens:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), (
            f"{golden} differs; review, then --update-goldens"
        )


@pytest.mark.parametrize(
    ("project", "slug"), [(FIXTURE.parent, "doe-v-roe"), (ROOT, "carroll-v-trump")]
)
def test_rendering_is_byte_stable_across_processes(
    project: Path, slug: str, tmp_path: Path
) -> None:
    # Two interpreters with different hash seeds: no set or dict order, no cache, no state of
    # one run can make the pages of the other differ.
    first, second = built_twice(project, tmp_path, {".md"})
    assert {"index.md", *(f"cases/{slug}/{s}.md" for s in ("index", "awards", "sources"))} <= set(
        first
    )
    assert first == second


def test_every_page_says_it_is_generated() -> None:
    for path, text in render(FIXTURE).items():
        assert text.startswith("<!-- generated from "), path
        assert text.endswith("\n") and not text.endswith("\n\n\n"), path


# --- small things a newcomer noticed (issue 12) -----------------------------------------


def render_edited(tmp_path: Path, *edits: tuple[str, str]) -> dict[str, str]:
    """The fixture's pages, after replacing each `old` snippet of its file with `new`."""
    from .factories import edited, fixture_text, write_case

    text = fixture_text()
    for old, new in edits:
        text = edited(old, new, text)
    (tmp_path / "data" / "cases").mkdir(parents=True)
    write_case(tmp_path, text)
    return render_pages(collect_cases(tmp_path).pages)


def test_a_suit_whose_short_name_is_its_caption_is_named_once(tmp_path: Path) -> None:
    pages = render_edited(tmp_path, ("    name: Doe I\n", "    name: Doe v. Roe\n"))
    overview = pages["cases/doe-v-roe/index.md"]
    assert "\n### Doe v\\. Roe\n" in overview
    assert "Doe v\\. Roe: Doe v\\. Roe" not in overview
    # a short name that differs from the caption is followed by it
    assert "\n### Doe I: Doe v\\. Roe\n" in render(FIXTURE)["cases/doe-v-roe/index.md"]


def test_the_status_is_printed_once_on_the_overview() -> None:
    overview = render(FIXTURE)["cases/doe-v-roe/index.md"]
    assert overview.count("A jury found Roe liable\\; an appeal is pending\\.") == 1
    # the key facts carry the stage as a badge, not the status sentence again
    assert "[On appeal](#where-things-stand){ .ce-badge .ce-badge--stage }" in overview


def test_a_note_after_a_date_starts_its_own_sentence(tmp_path: Path) -> None:
    pages = render_edited(
        tmp_path,
        (
            '    filed: "2023-01-15"\n',
            '    filed: "2023-01-15"\n    filed_note: First filed in state court, then moved.\n',
        ),
    )
    overview = pages["cases/doe-v-roe/index.md"]
    assert "| Filed | January 15, 2023. First filed in state court\\, then moved\\. |" in overview
    assert not re.search(r"\\; [A-Z]", overview.split("## The suits", 1)[1].split("## Who", 1)[0])


def test_a_date_label_reads_right_inside_every_sentence_built_around_it(tmp_path: Path) -> None:
    from generator.describe import describe_pages

    label = "in the weeks after the November 2020 election"
    pages = render_edited(tmp_path, ("date_label: late 2021 or early 2022", f"date_label: {label}"))
    chronology = pages["cases/doe-v-roe/chronology.md"]
    assert f"The earliest: {md(label)}; the latest: " in chronology
    description = describe_pages(collect_cases(tmp_path).pages)["cases/doe-v-roe/chronology.md"]
    assert f"The earliest: {label}; the latest: " in description
    # the label is never run on from a preposition ("from in the weeks after ...")
    preposition = re.compile(
        r"\b(?:from|on|since|until|in|by|after|before|of)\s+"
        + re.escape(md(label).split()[0])
        + r"\s+"
        + re.escape(md(label).split()[1])
    )
    for text in [*pages.values(), description]:
        assert not preposition.search(text)


def test_the_count_table_names_the_defendant_only_when_there_are_several() -> None:
    header = re.compile(r"^\| Counts \|.*\|$", re.M)
    # People v. Trump: one defendant, named once above the tables
    trump = render(ROOT / "data")["cases/people-v-trump/charges.md"]
    assert header.findall(trump) == [
        "| Counts | What the counts concern | Plea | Verdict | How and when | Plain reading |"
    ]
    # people-v-vale: a person and a company, each count naming which
    vale = render(FIXTURE)["cases/people-v-vale/charges.md"]
    assert set(header.findall(vale)) == {
        "| Counts | Defendant | What the counts concern | Plea | Verdict | How and when | Plain reading |"
    }


def test_cite_keeps_the_text_around_every_citation() -> None:
    from generator.render import cite

    assert cite("Doe v. Roe, 49 F.4th 759 (2d Cir. 2022); also 2023 WL 5600316 | more") == (
        "Doe v\\. Roe\\, [49 F\\.4th 759](https://www.courtlistener.com/c/f4th/49/759/) "
        "\\(2d Cir\\. 2022\\)\\; also [2023 WL 5600316](https://www.courtlistener.com/c/wl/2023/5600316/)"
        " \\| more"
    )
