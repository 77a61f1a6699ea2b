"""Every shape of case the model holds (civil, criminal, and a matter with both), each an invented fixture in `tests/data/cases/`:
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
from generator.models import DECISIONS

from .conftest import FIXTURE, ROOT, SHAPES
from .factories import split_amounts

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = FIXTURE / "cases"
SLUGS = SHAPES


def shapes_data(project: Path) -> Path:
    """`project/data/cases/`, holding every shape fixture (and not doe-v-roe)."""
    cases = project / "data" / "cases"
    cases.mkdir(parents=True)
    for slug in SHAPES:
        shutil.copyfile(CASES / f"{slug}.yaml", cases / f"{slug}.yaml")
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every page and data file of a project holding the shape fixtures alone."""
    project = shapes_data(tmp_path_factory.mktemp("shapes"))
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


TERM_LINK = re.compile(
    r'\[([^\]]*)\]\(\.\./\.\./glossary\.md#([a-z0-9-]+) "[^"]*"\)\{ \.ce-term \}'
)


def plain(markdown: str) -> str:
    """The page's text without Markdown escapes and glossary links, as a reader sees it."""
    from generator.render import unescape_markdown

    return unescape_markdown(TERM_LINK.sub(r"\1", markdown))


def terms_linked(markdown: str) -> dict[str, str]:
    """Each glossary link on a page: the words linked, and the term they lead to."""
    return {text: term for text, term in TERM_LINK.findall(markdown)}


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


@pytest.mark.parametrize(
    ("page", "linked"),
    [
        # the reading sentences and the ledger, generated from the figures, link their terms
        (
            "cases/jones-v-kline/awards.md",
            {
                "remittitur": "remittitur",
                "deposited": "supersedeas-bond",
                "vacated in part": "vacate",
                "jury verdict": "verdict",
                "post\\-judgment interest": "postjudgment-interest",
            },
        ),
        (
            "cases/state-v-dunn/awards.md",
            {
                "bond": "supersedeas-bond",
                "stayed enforcement": "stay",
                "jointly and severally": "jointly-and-severally",
                "injunctions": "injunction",
                "bench ruling": "bench-ruling",
                "disgorgement": "disgorgement",
                "pre\\-judgment interest": "prejudgment-interest",
            },
        ),
        (
            "cases/ames-v-cole/awards.md",
            {
                "default judgment": "default-judgment",
                "sanction": "sanctions",
                "attorneys\\' fees": "attorneys-fees",
                "joint award": "jointly-and-severally",
                "judgment was entered": "judgment-entered",
            },
        ),
        ("cases/hale-v-irwin/awards.md", {"settlement": "settlement"}),
        ("cases/hale-v-irwin/index.md", {"settlement": "settlement", "dismissed": "dismissal"}),
        ("cases/pike-v-quinn/index.md", {"statutory damages": "statutory-damages"}),
    ],
)
def test_the_pages_link_money_decision_and_ledger_words_to_the_glossary(
    site: dict[str, str], page: str, linked: dict[str, str]
) -> None:
    found = terms_linked(site[page])
    assert {text: found.get(text) for text in linked} == linked
    glossary = site["glossary.md"]
    for term in linked.values():
        assert f"{{ #{term} }}" in glossary


def test_a_settlement_for_a_stated_amount_reads_as_one(tmp_path: Path) -> None:
    """The newcomer's settled case: the settlement's amount is on every page and in every
    export, said as a settlement (never "awarded" by a judge), and the amount sought too."""
    text = (CASES / "hale-v-irwin.yaml").read_text(encoding="utf-8")
    old = (
        "    amount_disclosed: false\n"
        "    finding: The parties settled before opening statements; the amount was not disclosed.\n"
    )
    new = (
        "    finding: The parties settled before opening statements.\n"
        "    awards:\n"
        "      - component: settlement payment\n"
        "        kind: settlement\n"
        "        amount_usd: 1_800_000\n"
    )
    assert text.count(old) == 1
    (tmp_path / "data" / "cases").mkdir(parents=True)
    (tmp_path / "data" / "cases" / "hale-v-irwin.yaml").write_text(
        text.replace(old, new), encoding="utf-8"
    )
    site = render_all(collect_cases(tmp_path))
    overview = plain(site["cases/hale-v-irwin/index.md"])
    assert "Total awarded\n:   [$1.8 million](awards.md) in 1 decision" in overview
    assert "Nothing" not in overview and "awarded $0" not in overview
    awards = plain(site["cases/hale-v-irwin/awards.md"])
    assert "The settlement provides $1.8 million in all." in awards
    assert "judge awarded" not in awards.lower()
    # the $2.5 million sought in compensatory damages is shown, and not set against a
    # settlement payment as if the settlement had awarded no compensatory damages
    assert "**Sought:** $2.5 million in compensatory damages" in awards
    assert (
        "Settled for $1.8 million in all; a settlement payment is not divided into "
        "compensatory damages, so the two are not compared." in awards
    )
    assert "awarded nothing" not in awards
    data = json.loads(site["cases/hale-v-irwin/case.json"])
    assert data["figures"]["total_usd"] == 1_800_000
    rows = list(csv.DictReader(io.StringIO(site["cases/hale-v-irwin/awards.csv"])))
    assert [(r["kind"], r["amount_usd"], r["decision"]) for r in rows] == [
        ("settlement", "1800000", "settlement")
    ]


def test_the_feed_and_json_ld_carry_the_decisions_and_the_money_after_them(
    site: dict[str, str], tmp_path: Path
) -> None:
    import xml.etree.ElementTree as ET

    from generator.export import render_head

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(site["cases/jones-v-kline/feed.xml"])
    contents = {
        (e.find(f"{atom}link").get("href") or ""): e.findtext(f"{atom}content") or ""  # type: ignore[union-attr]
        for e in feed.iter(f"{atom}entry")
    }
    assert (
        "The money (Jones v. Kline, jury verdict of May 5, 2023): vacated in part; $4 million "
        "was taken off when the award was vacated in part on appeal. Award standing after "
        "this step: $4 million." in contents["chronology/#appeal"]
    )
    assert "Award standing after this step" not in contents["chronology/#filed"]
    pages = {p.slug: p for p in collect_cases(shapes_data(tmp_path / "shapes")).pages}
    scripts = {
        slug: json.loads(
            re.findall(
                r'<script type="application/ld\+json">(.*?)</script>',
                render_head(pages[slug], "awards", feed_href="../feed.xml"),
                re.S,
            )[0]
        )
        for slug in ("jones-v-kline", "hale-v-irwin")
    }
    [item] = scripts["jones-v-kline"]["mainEntity"]["itemListElement"]
    assert item["item"]["value"] == 10_000_000 and item["item"]["currency"] == "USD"
    assert item["item"]["name"] == "Jones v. Kline: jury verdict, May 5, 2023"
    assert item["item"]["description"].endswith("As of December 1, 2025, $4 million of it stands.")
    [settled] = scripts["hale-v-irwin"]["mainEntity"]["itemListElement"]
    assert "value" not in settled["item"]
    assert settled["item"]["description"] == "The amount of the settlement was not disclosed."
    overview = render_head(pages["jones-v-kline"], "index", feed_href="feed.xml")
    assert "mainEntity" not in overview


def shapes_project(tmp_path: Path, slug: str, old: str, new: str) -> Path:
    """A project holding one shape fixture, with the one `old` snippet replaced by `new`."""
    text = (CASES / f"{slug}.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (tmp_path / "data" / "cases").mkdir(parents=True)
    (tmp_path / "data" / "cases" / f"{slug}.yaml").write_text(
        text.replace(old, new), encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        # a stated figure for one recipient (the joint award is not Ann Ames's alone)
        ("    party: ames\n    amount_usd: 170_000", "    party: ames\n    amount_usd: 470_000",
         "stated_figures[0].amount_usd"),
        # a stated figure for one kind of money
        ("    measure: punitive\n    amount_usd: 300_000", "    measure: punitive\n    amount_usd: 350_000",
         "stated_figures[1].amount_usd"),
    ],
)  # fmt: skip
def test_stated_figures_reconcile_per_recipient_and_per_kind(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    from generator.errors import DataErrors

    project = shapes_project(tmp_path, "ames-v-cole", old, new)
    with pytest.raises(DataErrors) as caught:
        collect_cases(project)
    assert [e.field for e in caught.value.errors] == [field]


@pytest.mark.parametrize(
    ("result", "shown"),
    [("liable", "Liable"), ("not_liable", "Not liable"), ("dismissed", "Dismissed")],
)
def test_each_finding_is_shown_per_claim_and_party(tmp_path: Path, result: str, shown: str) -> None:
    project = shapes_project(
        tmp_path,
        "ames-v-cole",
        "      - claim: harassment\n        result: liable\n        text: liable, by default",
        f"      - claim: harassment\n        result: {result}\n        text: as the order says",
    )
    page = plain(render_all(collect_cases(project))["cases/ames-v-cole/awards.md"])
    assert f"| Harassment | Carl Cole | **{shown}** | as the order says" in page
    assert "| Trespass | Carl Cole | **Liable** | liable, by default" in page


@pytest.mark.parametrize(
    ("decision", "sentence"),
    [
        ("jury_verdict", "The jury awarded $45,000 in all"),
        ("bench_ruling", "The judge awarded $45,000 in all"),
        ("default_judgment", "The court awarded $45,000 in all"),
        ("summary_judgment", "The court awarded $45,000 in all"),
        ("settlement", "The settlement provides $45,000 in all"),
        ("stipulation", "The parties' stipulation provides $45,000 in all"),
    ],
)
def test_every_way_of_deciding_names_who_decided(
    tmp_path: Path, decision: str, sentence: str
) -> None:
    project = shapes_project(
        tmp_path, "ames-v-cole", "decision: default_judgment", f"decision: {decision}"
    )
    pages = render_all(collect_cases(project))
    label = DECISIONS[decision][0]
    assert f"{sentence}, to both plaintiffs, jointly." in plain(
        pages["cases/ames-v-cole/awards.md"]
    )
    assert f"## Ames v. Cole: {label} of October 2, 2023" in plain(
        pages["cases/ames-v-cole/awards.md"]
    )


def test_every_shape_s_chart_shows_the_split_of_its_table(tmp_path: Path) -> None:
    """The chart's bars are the recipients where the table has them, else the claims or
    kinds, and add up to the total."""
    from generator.chart import chart_verdict

    for page in collect_cases(shapes_data(tmp_path)).pages:
        for verdict in page.verdicts:
            if not verdict.has_money:
                continue
            chart = chart_verdict(verdict)
            expected = split_amounts(verdict, chart.split)
            assert [bar.amount_usd for bar in chart.bars] == expected, page.slug
            assert sum(expected) == verdict.total_usd
            if verdict.recipients:
                assert chart.split == "recipient", page.slug


def test_each_ledger_step_links_its_source_and_its_chronology_event(site: dict[str, str]) -> None:
    """Per verdict: the amount awarded, every later change with its sources and event, and
    what stands as of `as_of`."""
    page = site["cases/jones-v-kline/awards.md"]
    rows = [line for line in page.splitlines() if line.startswith("| ") and "−$" in line]
    assert len(rows) == 2  # the remittitur and the partial vacatur
    appeal = next(line for line in page.splitlines() if "**Vacated in part.**" in line)
    assert appeal.startswith("| [February 10, 2025](chronology.md#appeal) |")
    assert "(sources.md#src-appeal-opinion)" in appeal
    assert appeal.endswith("| −$4,000,000 | **$4,000,000** |")
    chronology = site["cases/jones-v-kline/chronology.md"]
    assert "{ #appeal }" in chronology
    # a step with no chronology event is dated without a link, and still cites its source
    remittitur = next(line for line in page.splitlines() if "**Remittitur.**" in line)
    assert remittitur.startswith("| September 1, 2023 |")
    assert "(sources.md#src-remittitur-order)" in remittitur
    assert "Total**{ .ce-total } | | **$10,000,000** |" in page


def test_a_prosecution_groups_counts_by_charge_with_every_outcome_and_sentence(
    site: dict[str, str],
) -> None:
    page = plain(site["cases/people-v-vale/charges.md"])
    assert "### Scheme to Defraud in the First Degree" in page
    assert "Penal Law § 190.65; each count a class E felony. 5 counts." in page
    assert terms_linked(site["cases/people-v-vale/charges.md"])["class E felony"] == (
        "class-e-felony"
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
    # the case index says which explainers are civil, criminal or both
    rows = {
        slug: line
        for line in plain(site["index.md"]).splitlines()
        for slug in re.findall(r"^\| \[[^]]+\]\(cases/([a-z0-9-]+)/index\.md\)", line)
    }
    assert "| civil and criminal |" in rows["people-v-vale"]
    assert "| civil |" in rows["jones-v-kline"]
    assert "Guilty on" in rows["people-v-vale"].split("|")[-2]  # its verdict, not "none yet"
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
