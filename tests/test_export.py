"""Open data: every export parsed back and checked against the model, and published by both
`python -m generator build` and `mkdocs build`."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import icalendar
import jsonschema
import pytest

from generator.build import build, collect_cases
from generator.case_index import INDEX_JSON
from generator.derive import CasePage
from generator.errors import DataErrors
from generator.export import (
    COUNTS_CSV_HEADER,
    CSV_HEADER,
    EXPORT_SCHEMA_ID,
    LICENCE,
    export_files,
    export_json_schema,
    export_names,
    render_head,
)
from generator.models import Case
from generator.render import render_pages
from generator.write import generated_mark

from .conftest import FIXTURE, ROOT, make_project
from .factories import built_twice, edited, fixture_text, write_case

SCHEMAS = ROOT / "data" / "schema"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "Doe </script><script>alert(1)</script> <!-- & ]]> \"v.\" 'Roe' -->"
"""A title that would break out of a <script>, an XML comment or CDATA if not escaped."""


HOSTILE_YAML = "title: '" + HOSTILE.replace("'", "''") + "'"
"""The same, as a YAML line."""


def pages_of(data: Path) -> list[CasePage]:
    return collect_cases(data.parent).pages


def page_of(data: Path, slug: str) -> CasePage:
    """One explainer of a data folder, by slug: the shipped data holds several."""
    (found,) = [p for p in pages_of(data) if p.slug == slug]
    return found


SHIPPED = [
    (FIXTURE, "doe-v-roe"),
    (ROOT / "data", "carroll-v-trump"),
    (ROOT / "data", "people-v-trump"),
]


def project_with(tmp_path: Path, text: str) -> Path:
    project = make_project(tmp_path / "project")
    write_case(project, text)
    return project


@pytest.fixture(scope="module", params=SHIPPED, ids=[slug for _, slug in SHIPPED])
def page(request: pytest.FixtureRequest) -> CasePage:
    data, slug = request.param
    return page_of(data, slug)


@pytest.fixture(scope="module")
def files(page: CasePage) -> dict[str, str]:
    """The five exports of one explainer, by file name."""
    out = export_files([page])
    prefix = f"cases/{page.slug}/"
    assert all(path.startswith(prefix) for path in out)
    return {path.removeprefix(prefix): text for path, text in out.items()}


def day_precise(page: CasePage) -> list[str]:
    """Ids of the events dated to the day, or to a range of days, from the model's own text."""
    day = r"\d{4}-\d{2}-\d{2}"
    return [e.id for e in page.case.events if re.fullmatch(rf"{day}(/{day})?", e.date.text)]


# --- all files -------------------------------------------------------------------------


def test_every_explainer_gets_the_five_files_each_with_its_generated_mark(
    page: CasePage, files: dict[str, str]
) -> None:
    assert tuple(files) == tuple(export_names(page.kind))
    assert ("counts.csv" in files) == bool(page.prosecutions)
    assert ("awards.csv" in files) == (page.kind != "criminal")
    for name, text in files.items():
        # the mark is what lets `remove_stale` delete it later, and nothing a person wrote
        assert text.encode("utf-8").startswith(generated_mark(name)), name


@pytest.mark.parametrize("project", [FIXTURE.parent, ROOT], ids=["fixture", "shipped"])
def test_exports_are_byte_identical_across_processes(project: Path, tmp_path: Path) -> None:
    # a fresh interpreter each time, with a different PYTHONHASHSEED: set order cannot leak
    first, second = built_twice(project, tmp_path, {".json", ".csv", ".ics", ".xml"})
    expected = {
        f"cases/{page.slug}/{name}"
        for page in collect_cases(project).pages
        for name in export_names(page.kind)
    }
    assert expected <= set(first)
    assert first == second


# --- case.json -------------------------------------------------------------------------


def test_case_json_validates_against_the_published_schemas(files: dict[str, str]) -> None:
    data = json.loads(files["case.json"])
    export_schema = json.loads((SCHEMAS / "export.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, export_schema)
    # the validated data inside is a case file as `data/schema/case.schema.json` describes it
    case_schema = json.loads((SCHEMAS / "case.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data["case"], case_schema)
    assert data["schema"] == EXPORT_SCHEMA_ID == export_schema["properties"]["schema"]["const"]


def test_export_schema_file_is_current() -> None:
    published = json.loads((SCHEMAS / "export.schema.json").read_text(encoding="utf-8"))
    assert published == export_json_schema(), (
        "data/schema/export.schema.json is stale: run `python -m generator schema`"
    )


def test_case_json_holds_the_validated_case_exactly(page: CasePage, files: dict[str, str]) -> None:
    data = json.loads(files["case.json"])
    assert Case.model_validate(data["case"]) == page.case
    assert data["as_of"] == page.case.as_of.isoformat()
    assert data["licence"]["url"] == LICENCE.url


def test_case_json_figures_equal_the_sums_of_the_award_lines(
    page: CasePage, files: dict[str, str]
) -> None:
    figures = json.loads(files["case.json"])["figures"]
    lines = [(v, line) for v in page.case.verdicts for line in v.awards]
    assert figures["total_usd"] == sum(line.amount_usd for _, line in lines)
    for kind in ("compensatory", "punitive"):
        assert figures[f"{kind}_usd"] == sum(ln.amount_usd for _, ln in lines if ln.kind == kind)
    assert [v["verdict"] for v in figures["verdicts"]] == [v.id for v in page.case.verdicts]
    for exported, verdict in zip(figures["verdicts"], page.case.verdicts, strict=True):
        assert exported["total_usd"] == sum(line.amount_usd for line in verdict.awards)
        claims = {c["claim"]: c for c in exported["claims"]}
        assert set(claims) == {line.claim for line in verdict.awards}
        for claim_id, claim in claims.items():
            mine = [line for line in verdict.awards if line.claim == claim_id]
            assert claim["total_usd"] == sum(line.amount_usd for line in mine)
            assert claim["punitive_usd"] == sum(
                ln.amount_usd for ln in mine if ln.kind == "punitive"
            )
            assert claim["compensatory_usd"] + claim["punitive_usd"] == claim["total_usd"]
        assert exported["compensatory_usd"] + exported["punitive_usd"] == exported["total_usd"]
        for check in exported["stated"]:
            assert check["agrees"] == (check["stated_usd"] == check["computed_usd"])
    assert [e["event"] for e in figures["chronology"]] == [e.event.id for e in page.events]
    assert sorted(figures["source_numbers"].values()) == list(range(1, len(page.case.sources) + 1))


def test_shipped_case_json_keeps_the_known_discrepancy() -> None:
    page = page_of(ROOT / "data", "carroll-v-trump")
    verdicts = json.loads(export_files([page])["cases/carroll-v-trump/case.json"])["figures"][
        "verdicts"
    ]
    assert [v["total_usd"] for v in verdicts] == [5_000_000, 83_300_000]
    stated = {(c["stated_usd"], c["computed_usd"], c["agrees"]) for c in verdicts[1]["stated"]}
    assert (17_300_000, 18_300_000, False) in stated


# --- counts.csv ------------------------------------------------------------------------


def test_counts_csv_has_one_row_per_count_with_its_verdict_and_sentence() -> None:
    page = page_of(ROOT / "data", "people-v-trump")
    text = export_files([page])["cases/people-v-trump/counts.csv"]
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(header) == COUNTS_CSV_HEADER
    assert [int(r[0]) for r in rows] == list(range(1, 35))  # a run of counts, one row each
    first = dict(zip(header, rows[0], strict=True))
    assert {k: first[k] for k in ("statute", "grade", "offence_class", "defendant")} == {
        "statute": "Penal Law § 175.10",
        "grade": "felony",
        "offence_class": "E",
        "defendant": "trump",
    }
    assert {(r[8], r[9], r[10], r[11], r[12]) for r in rows} == {
        ("not guilty", "guilty", "jury", "2024-05-30", "an unconditional discharge")
    }
    figures = json.loads(export_files([page])["cases/people-v-trump/case.json"])["figures"]
    (prosecution,) = figures["prosecutions"]
    assert len(prosecution["per_count"]) == 34
    assert prosecution["verdict"] == "Guilty on all 34 counts (jury verdict, May 30, 2024)"
    assert figures["stage"] == "on appeal"


# --- awards.csv ------------------------------------------------------------------------


def test_awards_csv_has_one_row_per_award_line(page: CasePage, files: dict[str, str]) -> None:
    if page.kind == "criminal":
        assert "awards.csv" not in files
        return
    text = files["awards.csv"]
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # RFC 4180 line breaks
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(header) == CSV_HEADER
    proceedings = {p.id: p for p in page.case.proceedings}
    expected = Counter()
    for v in page.case.verdicts:
        claims = {c.id: c.name for c in proceedings[v.proceeding].claims}
        for line in v.awards:
            expected[
                (
                    v.date.isoformat(),
                    proceedings[v.proceeding].name,
                    claims[line.claim],
                    line.component,
                    line.kind,
                    str(line.amount_usd),
                )
            ] += 1
    assert Counter(tuple(row[:6]) for row in rows) == expected
    assert sum(int(row[5]) for row in rows) == page.total_usd
    cited = {s.id for s in page.case.sources}
    assert all(row[10] and set(row[10].split()) <= cited for row in rows)
    parties = {p.id for p in page.case.parties}
    assert all(row[6] and set(row[6].split() + row[7].split()) <= parties for row in rows)


def test_awards_csv_quotes_commas_and_quotes(tmp_path: Path) -> None:
    component = 'compensatory, "so-called" emotional harm; ünïcode'
    project = project_with(
        tmp_path,
        edited(
            "        component: compensatory\n        kind: compensatory\n        amount_usd: 20_000",
            f"        component: '{component}'\n        kind: compensatory\n        amount_usd: 20_000",
        ),
    )
    text = export_files(collect_cases(project).pages)["cases/doe-v-roe/awards.csv"]
    assert '"compensatory, ""so-called"" emotional harm; ünïcode"' in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [row[3] for row in rows if row[5] == "20000"] == [component]


# --- chronology.ics --------------------------------------------------------------------


def test_ics_has_an_all_day_event_for_each_day_dated_event(
    page: CasePage, files: dict[str, str]
) -> None:
    calendar = icalendar.Calendar.from_ical(files["chronology.ics"])
    events = calendar.walk("VEVENT")
    expected = day_precise(page)
    assert expected, "the test needs day-dated events"
    assert [str(e["UID"]) for e in events] == [
        f"{event_id}.{page.slug}@case-explainers" for event_id in expected_in_order(page)
    ]
    by_id = {e.id: e for e in page.case.events}
    stamp = datetime(page.case.as_of.year, page.case.as_of.month, page.case.as_of.day, tzinfo=UTC)
    for vevent in events:
        event = by_id[str(vevent["UID"]).split(".")[0]]
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        assert type(start) is date and type(end) is date  # VALUE=DATE: all-day
        assert start == event.date.earliest
        assert (end - event.date.latest).days == 1  # DTEND is exclusive
        assert vevent.decoded("DTSTAMP") == stamp
        assert str(vevent["SUMMARY"]) == event.title
        assert str(vevent["STATUS"]) == (
            "TENTATIVE" if event.status == "scheduled" else "CONFIRMED"
        )
    assert "DTSTART;VALUE=DATE:" in files["chronology.ics"]
    assert all(len(line.encode()) <= 75 for line in files["chronology.ics"].split("\r\n"))


def expected_in_order(page: CasePage) -> list[str]:
    wanted = set(day_precise(page))
    return [entry.event.id for entry in page.events if entry.event.id in wanted]


def test_ics_marks_scheduled_events_tentative(tmp_path: Path) -> None:
    project = project_with(tmp_path, edited('date: "2024-05"', 'date: "2024-05-15"'))
    (page,) = collect_cases(project).pages
    calendar = icalendar.Calendar.from_ical(export_files([page])["cases/doe-v-roe/chronology.ics"])
    status = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert status["appeal-argument.doe-v-roe@case-explainers"] == "TENTATIVE"
    assert status["verdict.doe-v-roe@case-explainers"] == "CONFIRMED"


def test_uids_and_entry_ids_stay_when_other_events_change(tmp_path: Path) -> None:
    def ids(text: str) -> tuple[dict[str, str], dict[str, str]]:
        project = project_with(tmp_path / str(len(text)), text)
        out = export_files(collect_cases(project).pages)
        calendar = icalendar.Calendar.from_ical(out["cases/doe-v-roe/chronology.ics"])
        uids = {str(e["SUMMARY"]): str(e["UID"]) for e in calendar.walk("VEVENT")}
        feed = ET.fromstring(out["cases/doe-v-roe/feed.xml"])
        entries = {
            str(e.find(f"{ATOM}link").get("href")): str(e.findtext(f"{ATOM}id"))  # type: ignore[union-attr]
            for e in feed.iter(f"{ATOM}entry")
        }
        return uids, entries

    before = ids(fixture_text())
    extra = (
        '  - id: hearing\n    date: "2023-06-01"\n    kind: other\n    title: A hearing\n'
        "    sources: [complaint]\nsources:\n"
    )
    after = ids(edited("sources:\n  - id: complaint", extra + "  - id: complaint"))
    assert after[0] == {**before[0], "A hearing": "hearing.doe-v-roe@case-explainers"}
    assert {k: v for k, v in after[1].items() if not k.endswith("#hearing")} == before[1]


# --- timeline.json ---------------------------------------------------------------------


def test_timeline_has_the_timelinejs_shape(page: CasePage, files: dict[str, str]) -> None:
    timeline = json.loads(files["timeline.json"])
    assert set(timeline) == {"$comment", "title", "events"}
    assert set(timeline["title"]["text"]) == {"headline", "text"}
    assert len(timeline["events"]) == len(page.case.events)
    names = {p.id: p.name for p in page.case.proceedings}
    for slide, entry in zip(timeline["events"], page.events, strict=True):
        event = entry.event
        assert slide["unique_id"] == event.id
        parts = [part.split("-") for part in event.date.text.split("/")]
        # as precise as the data: a year-only date has no month, a month-only date no day
        for key, part in zip(("start_date", "end_date"), parts, strict=False):
            assert slide[key] == dict(zip(("year", "month", "day"), map(int, part), strict=False))
        assert ("end_date" in slide) == (len(parts) == 2)
        assert all(isinstance(v, int) for v in slide["start_date"].values())
        assert set(slide["text"]) == {"headline", "text"}
        assert slide["text"]["headline"] and slide["text"]["text"]
        group = ", ".join(names[p] for p in event.proceedings) or "Background"
        assert slide["group"] == group.replace("&", "&amp;")


def test_timeline_escapes_html(tmp_path: Path) -> None:
    project = project_with(tmp_path, edited("title: Roe makes the statement", HOSTILE_YAML))
    timeline = json.loads(
        export_files(collect_cases(project).pages)["cases/doe-v-roe/timeline.json"]
    )
    (slide,) = [s for s in timeline["events"] if s["unique_id"] == "statement"]
    assert "<script>" not in slide["text"]["headline"]
    assert slide["text"]["headline"].startswith("Doe &lt;/script&gt;&lt;script&gt;")


# --- feed.xml --------------------------------------------------------------------------


def test_feed_is_atom_newest_first_with_stable_ids(page: CasePage, files: dict[str, str]) -> None:
    feed = ET.fromstring(files["feed.xml"].encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    # the feed changed last when the explainer did: as_of, or a later correction
    last = f"{page.updated_on.isoformat()}T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == last
    assert feed.findtext(f"{ATOM}id", "").startswith("urn:uuid:")
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = list(feed.iter(f"{ATOM}entry"))
    hrefs = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    events = [
        (e, h.split("#")[1])
        for e, h in zip(entries, hrefs, strict=True)
        if h.startswith("chronology/#")
    ]
    assert [a for _, a in events] == [entry.event.id for entry in reversed(page.events)]
    # each correction and update is an entry linking to its line on the overview
    logged = [h for h in hrefs if h.startswith("./#")]
    assert sorted(logged) == sorted(f"./#{c.anchor}" for c in page.corrections)
    # and each step of the money that has no event of its own, one linking to its ledger
    steps = [h for h in hrefs if h.startswith("awards/#")]
    assert sorted(steps) == sorted(
        f"awards/#{v.anchor}-after" for v in page.verdicts for r in v.ledger if not r.event_anchor
    )
    assert len(hrefs) == len(events) + len(logged) + len(steps)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i and i.startswith("urn:uuid:") for i in ids)
    updated = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    assert all(u <= last for u in updated)
    by_id = {e.id: e for e in page.case.events}
    for element, anchor in events:
        assert (element.findtext(f"{ATOM}title") or "").endswith(by_id[anchor].title)


def test_a_step_of_the_money_with_no_event_is_an_entry_of_its_own(tmp_path: Path) -> None:
    # jones-v-kline: the remittitur and the cash deposit have no chronology event; the
    # appeal and the release are told in their events' entries
    project = make_project(tmp_path / "project", cases=["jones-v-kline"])
    feed = ET.fromstring(export_files(collect_cases(project).pages)["cases/jones-v-kline/feed.xml"])
    entries = list(feed.iter(f"{ATOM}entry"))
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == [
        "November 20, 2025: The money is released to Jones",
        "February 10, 2025: The appeals court vacates the punitive award",
        "September 15, 2023: Security posted (Jones v. Kline)",
        "September 1, 2023: Remittitur (Jones v. Kline)",
        "May 5, 2023: The jury awards $10 million",
        "March 3, 2021: Jones sues",
    ]
    remittitur = entries[3]
    assert remittitur.findtext(f"{ATOM}updated") == "2023-09-01T00:00:00Z"
    link = remittitur.find(f"{ATOM}link")
    assert link is not None and link.get("href") == "awards/#verdict-after"
    category = remittitur.find(f"{ATOM}category")
    assert category is not None and category.get("term") == "remittitur"
    assert (remittitur.findtext(f"{ATOM}content") or "").split("\n\n") == [
        "September 1, 2023 · Jones v. Kline",
        "The judge cut the punitive award to $4 million, and Jones accepted instead of a new trial.",
        "The money (Jones v. Kline, jury verdict of May 5, 2023): remittitur; "
        "$2 million was taken off on remittitur. Award standing after this step: $8 million.",
        "Sources: [3] Order on remittitur (U.S. District Court for the District of Test)",
    ]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)


def test_feed_escapes_hostile_text(tmp_path: Path) -> None:
    project = project_with(tmp_path, edited("title: Doe v. Roe", HOSTILE_YAML))
    feed = ET.fromstring(export_files(collect_cases(project).pages)["cases/doe-v-roe/feed.xml"])
    assert feed.findtext(f"{ATOM}title") == f"{HOSTILE}: chronology"


# --- the page head: feed link and JSON-LD -----------------------------------------------


def json_ld(head: str) -> dict[str, object]:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])  # type: ignore[no-any-return]


def test_head_has_the_feed_link_and_an_article(page: CasePage) -> None:
    head = render_head(page, "awards", feed_href="../feed.xml", page_url="https://example.org/x/")
    assert '<link rel="alternate" type="application/atom+xml"' in head
    assert 'href="../feed.xml"' in head
    article = json_ld(head)
    assert article["@type"] == "Article" and article["@context"] == "https://schema.org"
    assert article["dateModified"] == page.updated_on.isoformat()
    assert article["url"] == "https://example.org/x/"
    assert [a["identifier"] for a in article["about"]] == [p.docket for p in page.case.proceedings]  # type: ignore[index, union-attr]
    assert {c["name"] for c in article["citation"]} == {s.title for s in page.case.sources}  # type: ignore[index, union-attr]


def test_json_ld_cannot_break_out_of_its_script(tmp_path: Path) -> None:
    project = project_with(tmp_path, edited("title: Doe v. Roe", HOSTILE_YAML))
    (page,) = collect_cases(project).pages
    head = render_head(page, "index", feed_href="feed.xml")
    assert head.count("</script") == 1 and "<!--" not in head
    assert json_ld(head)["headline"] == HOSTILE
    assert 'title="Doe &lt;/script&gt;&lt;script&gt;' in head  # the attribute is escaped too


# --- the overview's Data section --------------------------------------------------------


def test_overview_links_every_download_with_licence_and_date(page: CasePage) -> None:
    overview = render_pages([page])[f"cases/{page.slug}/index.md"]
    data = overview.split("## Data", 1)[1]
    assert re.findall(r"\]\(([^)#]+)\)", data) == [*export_names(page.kind), LICENCE.url]
    assert LICENCE.name in data
    from generator.render import long_date

    assert long_date(page.case.as_of) in data


# --- writing: build, stale files, a person's files --------------------------------------


def test_build_writes_the_exports_then_removes_them_with_their_explainer(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    folder = project / "docs" / "cases" / "doe-v-roe"
    result = build(project)
    assert sorted(p.name for p in folder.iterdir() if p.suffix != ".md") == sorted(
        export_names("civil")
    )
    exported = export_files(collect_cases(project).pages)
    # and the case index's data, for its filter box
    assert sorted(result.exports) == sorted([*exported, INDEX_JSON])
    for name in export_names("civil"):
        assert (folder / name).read_bytes() == exported[f"cases/doe-v-roe/{name}"].encode()
    assert build(project).written == []  # the second run writes nothing
    (folder / "notes.csv").write_text("a person's notes\n", encoding="utf-8")
    (folder / "extra.json").write_text('{"mine": true}\n', encoding="utf-8")
    write_case(project, fixture_text().replace("slug: doe-v-roe", "slug: doe-v-roe-2"), "x.yaml")
    (project / "data" / "cases" / "doe-v-roe.yaml").unlink()
    removed = build(project).removed
    assert sorted(removed) == sorted(
        [f"cases/doe-v-roe/{n}" for n in export_names("civil")]
        + [f"cases/doe-v-roe/{s}.md" for s in ("index", "awards", "chronology", "sources")]
    )
    assert sorted(p.name for p in folder.iterdir()) == ["extra.json", "notes.csv"]
    assert (project / "docs" / "cases" / "doe-v-roe-2" / "feed.xml").is_file()


def test_build_refuses_to_overwrite_a_download_a_person_wrote(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    mine = project / "docs" / "cases" / "doe-v-roe" / "awards.csv"
    mine.parent.mkdir(parents=True)
    mine.write_text("amount\n1\n", encoding="utf-8")
    with pytest.raises(DataErrors, match="was not written by the generator"):
        build(project)
    assert mine.read_text(encoding="utf-8") == "amount\n1\n"


# --- end to end: the MkDocs site ---------------------------------------------------------


@pytest.mark.slow
def test_mkdocs_site_publishes_the_downloads_and_links_them(tmp_path: Path) -> None:
    from .test_site import mkdocs_build

    project = make_project(tmp_path / "project", ROOT / "data")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = page_of(ROOT / "data", "carroll-v-trump")
    for path, text in export_files(pages_of(ROOT / "data")).items():
        assert (site / path).read_bytes() == text.encode("utf-8"), path
    base = "https://example.org/"
    overview = (site / "cases/carroll-v-trump/index.html").read_text(encoding="utf-8")
    data = overview.split('id="data"', 1)[1]
    hrefs = re.findall(r'href="([^"#]+)"', data.split("</article>", 1)[0])
    local = [h for h in hrefs if not h.startswith("http")]
    assert sorted(local) == sorted(export_names(page.kind))
    for href in local:
        target = urljoin(base + "cases/carroll-v-trump/", href).removeprefix(base)
        assert (site / target).is_file(), href
    for section in ("", "awards/", "chronology/", "sources/"):
        url = f"cases/carroll-v-trump/{section}"
        html = (site / url / "index.html").read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        feed = re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head
        )
        assert feed is not None, url
        assert urljoin(base + url, feed.group(1)) == base + "cases/carroll-v-trump/feed.xml"
        article = json_ld(head)
        assert article["dateModified"] == "2026-12-02"  # the day of the latest correction
    assert "application/ld+json" not in (site / "index.html").read_text(encoding="utf-8")


def test_ics_folds_long_non_ascii_lines_and_round_trips(tmp_path: Path) -> None:
    # folding must never split a UTF-8 sequence or a backslash escape; parsing undoes it
    title = "Ünïcödé, \u2018quoted\u2019; " * 12 + "€ end"
    project = project_with(tmp_path, edited("title: Doe sues Roe", f"title: '{title}'"))
    text = export_files(collect_cases(project).pages)["cases/doe-v-roe/chronology.ics"]
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert " ".join(title.split()) in summaries


def test_awards_csv_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    # a cell a spreadsheet would evaluate (=, +, -, @) is prefixed with an apostrophe
    project = project_with(
        tmp_path,
        edited(
            "        component: compensatory\n        kind: compensatory\n        amount_usd: 20_000",
            "        component: '=HYPERLINK(\"http://x.test\")'\n        kind: compensatory\n        amount_usd: 20_000",
        ),
    )
    text = export_files(collect_cases(project).pages)["cases/doe-v-roe/awards.csv"]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [row[3] for row in rows if row[5] == "20000"] == ['\'=HYPERLINK("http://x.test")']
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_every_export_carries_each_quote_with_its_context(
    page: CasePage, files: dict[str, str]
) -> None:
    quotes = [q for e in page.case.events for q in e.quotes]
    assert quotes, "both explainers quote someone"
    feed = ET.fromstring(files["feed.xml"].encode("utf-8"))
    feed_text = " ".join(e.findtext(f"{ATOM}content") or "" for e in feed.iter(f"{ATOM}entry"))
    calendar = icalendar.Calendar.from_ical(files["chronology.ics"])
    ics_text = " ".join(str(c.get("DESCRIPTION", "")) for c in calendar.walk("VEVENT"))
    timeline = json.loads(files["timeline.json"])
    timeline_text = " ".join(e["text"]["text"] for e in timeline["events"])
    exported = {
        q["text"]: q["context"]
        for e in json.loads(files["case.json"])["case"]["events"]
        for q in e["quotes"]
    }
    day_dated = {e.event.id for e in page.events if e.event.date.precision == "day"}
    for event in page.case.events:
        for q in event.quotes:
            line = f"\u201c{q.text}\u201d ({q.speaker}). In context: {q.context}"
            assert line in feed_text
            assert line in unescape(timeline_text)  # TimelineJS takes HTML
            if event.id in day_dated:
                assert line in ics_text
            assert exported[q.text] == q.context


def test_awards_csv_cells_of_a_joint_award_with_no_claim(tmp_path: Path) -> None:
    # In this process, so that `make mutation` runs it against the CSV writer: the joint
    # punitive award of the ames-v-cole shape, whose line names no claim.
    (tmp_path / "data" / "cases").mkdir(parents=True)
    shape = FIXTURE / "cases" / "ames-v-cole.yaml"
    (tmp_path / "data" / "cases" / shape.name).write_bytes(shape.read_bytes())
    [page] = collect_cases(tmp_path).pages
    text = export_files([page])["cases/ames-v-cole/awards.csv"]
    assert text.endswith("\r\n") and "\r\n" in text.removesuffix("\r\n")
    [joint] = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["kind"] == "punitive"]
    assert (joint["claim"], joint["awarded_to"], joint["owed_by"], joint["shared"]) == (
        "",
        "ames baker",
        "cole",
        "jointly",
    )
    known = {source.id for source in page.case.sources}
    assert joint["source_ids"] and set(joint["source_ids"].split(" ")) <= known


def test_awards_csv_lists_every_recipient_payer_and_source_of_a_line(tmp_path: Path) -> None:
    # In this process, for `make mutation`: the several-defendants shape, its first line
    # given two sources of its own.
    text = (FIXTURE / "cases" / "state-v-dunn.yaml").read_text(encoding="utf-8")
    text = edited(
        "        amount_usd: 3_000_000\n",
        "        amount_usd: 3_000_000\n        sources: [decision, appeal-ruling]\n",
        text,
    )
    (tmp_path / "data" / "cases").mkdir(parents=True)
    write_case(tmp_path, text, "state-v-dunn.yaml")
    [page] = collect_cases(tmp_path).pages
    assert export_files([page])["cases/state-v-dunn/awards.csv"] == (
        "verdict_date,proceeding,claim,component,kind,amount_usd,awarded_to,owed_by,shared,"
        "decision,source_ids\r\n"
        "2024-02-01,State v. Dunn Holdings,Persistent fraud,disgorgement of profits,"
        "disgorgement,3000000,state,dunn holdings,jointly_and_severally,bench_ruling,"
        "decision appeal-ruling\r\n"
        "2024-02-01,State v. Dunn Holdings,Persistent fraud,disgorgement of a bonus,"
        "disgorgement,250000,state,evans,,bench_ruling,decision\r\n"
        "2024-02-01,State v. Dunn Holdings,Persistent fraud,pre-judgment interest on the "
        "profits,prejudgment_interest,400000,state,dunn holdings,jointly_and_severally,"
        "bench_ruling,decision\r\n"
    )
