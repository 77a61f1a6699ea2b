"""Every shape of case the model holds (civil, criminal, and a matter with both), each an invented fixture in `tests/data/shapes/`:
golden pages, and what a reader sees in them (who is owed what, joint awards, the money
after the decision, cases with no decision), and the exports that carry it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.build import collect_cases, render_all

from .conftest import ROOT

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"
GOLDEN = Path(__file__).resolve().parent / "golden"
SLUGS = sorted(p.stem for p in SHAPES.glob("*.yaml"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every page and data file of a project holding the shape fixtures alone."""
    project = tmp_path_factory.mktemp("shapes")
    (project / "data").mkdir()
    shutil.copytree(SHAPES, project / "data" / "cases")
    shutil.copyfile(ROOT / "data" / "glossary.yaml", project / "data" / "glossary.yaml")
    return render_all(collect_cases(project))


@pytest.mark.parametrize("slug", SLUGS)
def test_golden_pages(site: dict[str, str], slug: str, update_goldens: bool) -> None:
    pages = {p: t for p, t in site.items() if p.startswith(f"cases/{slug}/") and p.endswith(".md")}
    folder = GOLDEN / slug
    if update_goldens:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for path, text in pages.items():
            (folder / Path(path).name).write_text(text, encoding="utf-8")
    assert sorted(Path(p).name for p in pages) == sorted(p.name for p in folder.iterdir())
    for path, text in pages.items():
        assert text == (folder / Path(path).name).read_text(encoding="utf-8"), (
            f"{folder / Path(path).name} differs; review, then --update-goldens"
        )


def plain(markdown: str) -> str:
    """The page's text without Markdown escapes, as a reader sees it."""
    from generator.render import unescape_markdown

    return unescape_markdown(markdown)


def test_two_plaintiffs_each_get_their_own_damages_and_a_joint_punitive_award(
    site: dict[str, str],
) -> None:
    page = plain(site["cases/ames-v-cole/awards.md"])
    assert (
        "The jury awarded $550,000 in all: $170,000 to Ann Ames, $80,000 to Ben Baker and "
        "$300,000 to both plaintiffs, jointly." in page
    )
    assert "| Ann Ames | $170,000 |" in page
    assert "| *both plaintiffs, jointly* | $300,000 |" in page
    # the punitive award is on the whole case, not pinned to a claim
    assert (
        "| The whole case | both plaintiffs, jointly | punitive, on the whole case | $300,000 |"
        in page
    )
    # the default judgment's fees, and its findings of liability, claim by claim
    assert "The court awarded $45,000 in all, to both plaintiffs, jointly." in page
    assert "| Trespass | Carl Cole | **Liable** | liable, by default" in page


def test_several_defendants_owe_separate_amounts_and_the_appeal_removes_the_money(
    site: dict[str, str],
) -> None:
    page = plain(site["cases/state-v-dunn/awards.md"])
    assert "| Persistent fraud | Dora Dunn and Dunn Holdings LLC, jointly and severally |" in page
    assert "|  | Eli Evans | disgorgement of a bonus | $250,000 |" in page
    assert "- Eli Evans: barred from any financial-control role (permanently)" in page
    assert "Dora Dunn and Dunn Holdings LLC posted a bond of $1.5 million" in page
    assert "As of September 1, 2025, none of the award stands." in page
    assert "| −$3,650,000 | **$0** |" in page
    overview = plain(site["cases/state-v-dunn/index.md"])
    assert ":   State v. Dunn Holdings: none of it stands as of September 1, 2025" in overview
    assert "[On appeal](#where-things-stand)" in overview


def test_remittitur_then_partial_vacatur_then_release(site: dict[str, str]) -> None:
    page = plain(site["cases/jones-v-kline/awards.md"])
    reading = next(line for line in page.splitlines() if line.startswith("Awarded $10 million"))
    assert "$2 million was taken off on remittitur" in reading
    assert "Kline Trucking Inc. deposited $8.8 million with the court" in reading
    assert "$4 million was taken off when the award was vacated in part on appeal" in reading
    assert "$4.31 million was released to Jo Jones" in reading
    assert reading.endswith("As of December 1, 2025, $4 million of it stands.")
    overview = plain(site["cases/jones-v-kline/index.md"])
    assert ":   Jones v. Kline: $4 million stands as of December 1, 2025" in overview
    assert "## How it ended" in overview and "Next step" not in overview


def test_an_undisclosed_settlement_says_so_and_awards_nothing(site: dict[str, str]) -> None:
    overview = plain(site["cases/hale-v-irwin/index.md"])
    assert "Total awarded" not in overview and "$0" not in overview
    assert "The amount of the settlement was not disclosed." in overview
    assert "[Settled](#where-things-stand)" in overview
    page = plain(site["cases/hale-v-irwin/awards.md"])
    assert "so the two cannot be compared" in page
    assert "awarded nothing" not in page


def test_a_case_with_no_decision_has_no_awards_page_and_shows_what_is_sought(
    site: dict[str, str],
) -> None:
    assert "cases/pike-v-quinn/awards.md" not in site
    overview = plain(site["cases/pike-v-quinn/index.md"])
    assert "Up to $150,000 in statutory damages" in overview
    assert "awards.md" not in overview and "Total awarded" not in overview
    assert "[Pending](#where-things-stand)" in overview
    home = plain(site["index.md"])
    assert "[Awards](cases/pike-v-quinn/awards.md)" not in home


def test_exports_carry_who_is_owed_and_the_ledger(site: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(site["cases/ames-v-cole/awards.csv"])))
    assert len(rows) == 5  # one row per award line
    joint = [r for r in rows if r["kind"] == "punitive"]
    assert joint == [
        {
            **joint[0],
            "claim": "",
            "awarded_to": "ames baker",
            "owed_by": "cole",
            "shared": "jointly",
            "decision": "jury_verdict",
        }
    ]
    data = json.loads(site["cases/jones-v-kline/case.json"])
    verdict = data["figures"]["verdicts"][0]
    assert verdict["stands_usd"] == 4_000_000
    assert [s["stands_usd"] for s in verdict["ledger"]] == [
        8_000_000,
        8_000_000,
        4_000_000,
        4_000_000,
    ]
    assert data["case"]["concluded"]["how"] == "final_judgment"
    recipients = json.loads(site["cases/ames-v-cole/case.json"])["figures"]["verdicts"][1][
        "recipients"
    ]
    assert {"name": "both plaintiffs, jointly", "amount_usd": 300_000, "joint": True} in recipients


def test_a_prosecution_groups_counts_by_charge_with_every_outcome_and_sentence(
    site: dict[str, str],
) -> None:
    page = plain(site["cases/people-v-vale/charges.md"])
    assert "### Scheme to Defraud in the First Degree" in page
    assert re.search(
        r"Penal Law § 190\.65; each count a \[class E felony\]\([^)]+\)\{ \.ce-term \}\. 5 counts\.",
        page,
    )
    # the verdict on each count, how and when, and a plain reading of it
    assert (
        "| Counts 1–3 | Vera Vale | three invoices of 2023 | not guilty | **Guilty** | "
        "jury verdict, June 14, 2024 | The jury found Vera Vale guilty on counts 1 to 3. "
        "Sentence: one to three years in prison and restitution of $120,000." in page
    )
    assert "| **No verdict (hung jury)** | hung jury, June 14, 2024 |" in page
    assert "| **Not guilty** | jury verdict, June 14, 2024 |" in page
    assert "| **Dismissed** | court ruling, May 20, 2024 | The court dismissed count 6." in page
    assert "| guilty | **Pleaded guilty** | plea, May 2, 2024 |" in page
    # a sentence that is not only a number
    assert "**A fine of $50,000 and a conditional discharge (on condition" in page
    assert "| **Appeal filed** (Appellate Division) | Vale appeals" in page


def test_a_matter_with_a_civil_suit_and_a_prosecution_has_both_pages_and_both_csvs(
    site: dict[str, str],
) -> None:
    overview = plain(site["cases/people-v-vale/index.md"])
    assert "## The proceedings" in overview
    assert (
        "| Claims | Fraud |" in overview
        and "| Prosecutor | County Prosecutor's Office |" in overview
    )
    assert "cases/people-v-vale/awards.md" not in site  # the civil suit has no decision yet
    assert "[Charges and verdict](charges.md)" in overview
    assert ":   On appeal" not in overview and "[On appeal](#where-things-stand)" in overview
    home = plain(site["index.md"])
    assert "*Civil and criminal case.* An invented matter." in home
    assert "*Civil case.* An invented case." in home
    assert "[Charges and verdict](cases/people-v-vale/charges.md)" in home
    rows = list(csv.DictReader(io.StringIO(site["cases/people-v-vale/counts.csv"])))
    assert [r["count"] for r in rows] == [str(n) for n in range(1, 8)]
    assert [r["disposition"] for r in rows] == [
        "guilty",
        "guilty",
        "guilty",
        "hung",
        "not_guilty",
        "dismissed",
        "pleaded_guilty",
    ]
    assert "cases/people-v-vale/awards.csv" in site
    data = json.loads(site["cases/people-v-vale/case.json"])
    assert data["case"]["proceedings"][0]["charges"][0]["last_count"] == 3
    assert len(data["figures"]["prosecutions"][0]["per_count"]) == 7
