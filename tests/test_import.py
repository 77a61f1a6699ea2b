"""`python -m generator import courtlistener`: a case file from saved API answers.

The fixtures in tests/data/courtlistener/ are invented cases written with the field names of
CourtListener's REST API v4 serializers (`cl/search/api_serializers.py`,
`cl/people_db/api_serializers.py`): a civil docket with several parties, HTML and null fields,
and a criminal docket with counts.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import yaml

from .factories import run_generator as run

DATA = Path(__file__).parent / "data" / "courtlistener"
CIVIL = [
    str(DATA / "civil-docket.json"),
    "--entries",
    str(DATA / "civil-entries.json"),
    "--parties",
    str(DATA / "civil-parties.json"),
    "--attorneys",
    str(DATA / "civil-attorneys.json"),
]
CRIMINAL = [
    str(DATA / "criminal-docket.json"),
    "--entries",
    str(DATA / "criminal-entries.json"),
    "--parties",
    str(DATA / "criminal-parties.json"),
]
CIVIL_FILE = Path("data/cases/doe-v-acme-widgets-inc.yaml")


def imported(project: Path, *args: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    result = run(project, "import", "courtlistener", *args)
    assert result.returncode == 0, result.stderr
    written = result.stdout.split(":")[0]
    text = (project / written).read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def test_civil_docket_gives_the_docket_facts_and_a_candidate_event_per_entry(
    project: Path,
) -> None:
    result = run(project, "import", "courtlistener", *CIVIL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{CIVIL_FILE.as_posix()}: written from ")
    assert "7 parties, 5 candidate events" in result.stdout
    data = yaml.safe_load((project / CIVIL_FILE).read_text(encoding="utf-8"))
    (proceeding,) = data["proceedings"]
    assert proceeding["caption"] == "Doe v. Acme Widgets, Inc."
    assert proceeding["court"] == (
        "United States District Court for the Southern District of New York"
    )
    assert proceeding["docket"] == "No. 1:23-cv-00815"
    assert proceeding["judge"] == "Jane Q. Example"
    assert str(proceeding["filed"]) == "2023-01-31"
    roles = {p["name"]: p["role"] for p in data["parties"]}
    assert roles == {
        "John Doe": "plaintiff",
        "Mary Doe": "plaintiff",
        "Acme Widgets, Inc.": "defendant",
        "Richard Roe": "defendant",
        "Interested Observer LLC": "other",
        "Ada Advocate": "counsel",
        "Bram Barrister": "counsel",
    }
    text = (project / CIVIL_FILE).read_text(encoding="utf-8")
    assert "role: counsel  # the docket says: counsel for John Doe, Mary Doe" in text
    assert "555" not in text and "example.com" not in text  # no contact details copied
    events = {e["id"]: e for e in data["events"]}
    assert list(events) == ["entry-1", "entry-2023-02-03", "entry-32", "entry-40", "entry-61"]
    assert events["entry-1"]["title"] == "COMPLAINT against Acme Widgets, Inc., Richard Roe"
    assert events["entry-1"]["sources"] == ["docket", "doc-1"]
    assert events["entry-32"]["kind"] == "ruling" and events["entry-61"]["kind"] == "judgment"
    # HTML in a description arrives as plain text: tags gone, entities decoded.
    assert events["entry-32"]["title"] == "OPINION & ORDER re: 28 MOTION to Dismiss"
    assert "<" not in json.dumps(data, default=str) and "&amp;" not in json.dumps(data, default=str)
    # A null date and a null description: a placeholder, and the document's own description.
    assert events["entry-40"]["date"] == "YYYY-MM-DD"
    assert events["entry-40"]["title"] == "Answer to Complaint"
    assert events["entry-40"]["sources"] == ["docket"]  # its document is not on CourtListener
    sources = {s["id"]: s for s in data["sources"]}
    assert sources["docket"]["url"] == (
        "https://www.courtlistener.com/docket/4101/doe-v-acme-widgets-inc/"
    )
    assert sources["doc-32"]["url"] == (
        "https://www.courtlistener.com/docket/4101/32/doe-v-acme-widgets-inc/"
    )
    assert sources["doc-32"]["citation"] == "No. 1:23-cv-00815, Dkt 32"
    assert data["summary"] == "" and data["as_of"] == "YYYY-MM-DD"


def test_check_reports_each_placeholder_at_its_line_and_nothing_else(project: Path) -> None:
    (project / "data" / "cases" / "doe-v-roe.yaml").unlink()
    text, _ = imported(project, *CIVIL)
    result = run(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = result.stderr.splitlines()[:-1]
    placeholders = [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if re.match(r'^[ -]*\w+: ("" |YYYY-MM-DD )', line + " ")
    ]
    assert placeholders and [int(e.split(":")[1]) for e in errors] == placeholders
    for error in errors:
        assert error.endswith(("must not be empty", "got 'YYYY-MM-DD'")), error


def test_a_filled_in_import_passes_strict_check(project: Path) -> None:
    imported(project, *CIVIL)
    path = project / CIVIL_FILE
    text = path.read_text(encoding="utf-8").replace('""', '"Filled in"')
    path.write_text(text.replace("YYYY-MM-DD", "2024-05-01"), encoding="utf-8")
    result = run(project, "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2 explainer(s) checked\n"


def test_criminal_docket_gives_a_prosecution_with_its_charges(project: Path) -> None:
    text, data = imported(project, *CRIMINAL, "--slug", "united-states-v-roe")
    (proceeding,) = data["proceedings"]
    assert proceeding["court"] == (
        "United States District Court for the Eastern District of New York"
    )
    assert proceeding["kind"] == "criminal" and "claims" not in proceeding
    assert proceeding["prosecutor"] == ""  # the docket cannot tell: a placeholder
    assert proceeding["charges"] == [
        {
            "id": "charge-1",
            "count": 1,
            "last_count": 2,
            "offence": "WIRE FRAUD",
            "statute": "18 U.S.C. § 1343",
            "grade": "felony",
            "defendant": "robin-roe",
        },
        {
            "id": "charge-2",
            "count": 3,
            "offence": "CONSPIRACY TO LAUNDER MONETARY INSTRUMENTS",
            "statute": "18 U.S.C. § 1956",
            "grade": "felony",
            "defendant": "robin-roe",
        },
    ]
    # the docket's own words stay beside each charge, its disposition too
    assert (
        "# the docket says: 18:1343.F WIRE FRAUD (1-2); disposition: Imprisonment: 30 months"
        in text
    )
    assert {p["name"]: p["role"] for p in data["parties"]} == {
        "Robin Roe": "defendant",
        "USA": "prosecutor",
    }
    assert [e["kind"] for e in data["events"]] == ["filing", "verdict", "judgment"]


def test_a_filled_in_criminal_import_passes_strict_check(project: Path) -> None:
    (project / "data" / "cases" / "doe-v-roe.yaml").unlink()
    text, _ = imported(project, *CRIMINAL, "--slug", "united-states-v-roe")
    path = project / "data" / "cases" / "united-states-v-roe.yaml"
    result = run(project, "check")
    assert result.returncode == 1
    assert "proceedings[0].prosecutor: must not be empty" in result.stderr
    filled = text.replace('""', '"Filled in"').replace("YYYY-MM-DD", "2025-02-01")
    path.write_text(filled, encoding="utf-8")
    result = run(project, "check", "--strict")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("docket_text", "expected"),
    [
        ("18:1343.F WIRE FRAUD (1-2)", (1, 2, "WIRE FRAUD", "18 U.S.C. § 1343", "felony")),
        (
            "21:841(a)(1).M POSSESSION (4)",
            (4, None, "POSSESSION", "21 U.S.C. § 841(a)(1)", "misdemeanor"),
        ),
        ("18:371 CONSPIRACY (1, 3)", (1, None, "CONSPIRACY", "18 U.S.C. § 371", "")),
        ("Conspiracy to defraud", (None, None, "Conspiracy to defraud", "", "")),
    ],
)
def test_the_docket_count_text_is_read_or_left_to_fill_in(
    docket_text: str, expected: tuple[object, ...]
) -> None:
    from generator.importer import charge

    got = charge(docket_text, "c", "d", "")
    assert (got["count"], got["last_count"], got["offence"], got["statute"], got["grade"]) == (
        expected
    )


def test_a_docket_with_nothing_but_its_number_still_gives_a_file_check_can_read(
    project: Path, tmp_path: Path
) -> None:
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps({"docket_number": "1:99-cv-1", "case_name": None, "id": None}))
    result = run(project, "import", "courtlistener", str(bare), "--slug", "bare-case")
    assert result.returncode == 0, result.stderr
    check = run(project, "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "data/cases/bare-case.yaml:" in check.stderr


def test_an_unknown_court_is_a_placeholder_and_said(project: Path, tmp_path: Path) -> None:
    docket = json.loads((DATA / "civil-docket.json").read_text(encoding="utf-8"))
    docket["court_id"] = "zzd"
    path = tmp_path / "docket.json"
    path.write_text(json.dumps(docket), encoding="utf-8")
    result = run(project, "import", "courtlistener", str(path))
    assert result.returncode == 0, result.stderr
    assert "court id 'zzd' is not in the table of federal courts" in result.stderr
    data = yaml.safe_load((project / CIVIL_FILE).read_text(encoding="utf-8"))
    assert data["proceedings"][0]["court"] == ""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("entries.json", (DATA / "civil-entries.json").read_text(), "is a list of results"),
        ("other.json", '{"title": "A blog post"}', "not a CourtListener docket"),
        ("list.json", "[1, 2]", "not a CourtListener docket"),
        ("broken.json", '{"docket_number": ', "broken.json:1: not JSON"),
    ],
)
def test_input_that_is_not_a_docket_is_refused(
    project: Path, tmp_path: Path, name: str, content: str, message: str
) -> None:
    before = sorted((project / "data" / "cases").iterdir())
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run(project, "import", "courtlistener", str(path), "--slug", "x-v-y")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {path}") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted((project / "data" / "cases").iterdir()) == before


def test_entries_that_are_not_entries_are_refused(project: Path) -> None:
    result = run(
        project,
        "import",
        "courtlistener",
        str(DATA / "civil-docket.json"),
        "--entries",
        str(DATA / "civil-parties.json"),
    )
    assert result.returncode == 1
    assert "civil-parties.json: results[0]: not one of the docket entries (no `entry_number`)" in (
        result.stderr
    )
    assert not (project / CIVIL_FILE).exists()


def test_a_missing_file_is_said(project: Path) -> None:
    result = run(project, "import", "courtlistener", "nowhere.json")
    assert result.returncode == 1
    assert result.stderr == "error: nowhere.json: no such file\n"


def test_never_overwrites_and_force_keeps_a_backup(project: Path) -> None:
    imported(project, *CIVIL)
    path = project / CIVIL_FILE
    path.write_text(path.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    again = run(project, "import", "courtlistener", *CIVIL)
    assert again.returncode == 1
    assert "already exists; choose another --slug, or --force" in again.stderr
    assert path.read_text(encoding="utf-8").endswith("# my edits\n")
    forced = run(project, "import", "courtlistener", *CIVIL, "--force")
    assert forced.returncode == 0, forced.stderr
    backup = path.with_name(path.name + ".1.bak")
    assert f"kept as {backup.name}" in forced.stdout
    assert backup.read_text(encoding="utf-8").endswith("# my edits\n")
    assert not path.read_text(encoding="utf-8").endswith("# my edits\n")


def test_thousands_of_entries_and_the_options_that_trim_them(project: Path, tmp_path: Path) -> None:
    entries = [
        {
            "entry_number": n,
            "date_filed": f"20{20 + n // 1000}-0{1 + n % 9}-1{n % 10}",
            "description": f"LETTER MOTION number {n}",
            "recap_documents": [{"document_type": 1, "absolute_url": f"/docket/4101/{n}/x/"}],
        }
        for n in range(1, 3001)
    ]
    path = tmp_path / "entries.json"
    path.write_text(json.dumps({"count": 3000, "next": None, "results": entries}))
    docket = str(DATA / "civil-docket.json")
    too_many = run(project, "import", "courtlistener", docket, "--entries", str(path))
    assert too_many.returncode == 1
    assert "3,000 docket entries make a case file of" in too_many.stderr
    assert "import fewer with --entries-since DATE or --max-entries N" in too_many.stderr
    assert not (project / CIVIL_FILE).exists()
    start = time.perf_counter()
    _, data = imported(project, docket, "--entries", str(path), "--max-entries", "2000")
    seconds = time.perf_counter() - start
    assert len(data["events"]) == 2000 and len(data["sources"]) == 2001
    assert seconds < 30, seconds
    check = run(project, "check")
    assert "Traceback" not in check.stderr and "must not be empty" in check.stderr
    trimmed = run(
        project,
        "import",
        "courtlistener",
        docket,
        "--entries",
        str(path),
        "--entries-since",
        "2022-01-01",
        "--max-entries",
        "10",
        "--slug",
        "trimmed",
    )
    assert trimmed.returncode == 0, trimmed.stderr
    assert "10 candidate events (2990 left out)" in trimmed.stdout
    events = yaml.safe_load((project / "data/cases/trimmed.yaml").read_text())["events"]
    assert [e["id"] for e in events][:2] == ["entry-2000", "entry-2001"]
    assert all(str(e["date"]) >= "2022-01-01" for e in events)


def test_a_bad_option_value_is_said(project: Path) -> None:
    result = run(project, "import", "courtlistener", *CIVIL, "--entries-since", "last week")
    assert result.returncode == 2
    assert "expected a day as YYYY-MM-DD, got 'last week'" in result.stderr


def test_the_court_table_names_the_federal_courts_in_full() -> None:
    from generator.importer_courts import FEDERAL_COURTS

    assert FEDERAL_COURTS["nysd"] == (
        "United States District Court for the Southern District of New York"
    )
    assert FEDERAL_COURTS["dcd"] == "United States District Court for the District of Columbia"
    assert FEDERAL_COURTS["ca2"] == "United States Court of Appeals for the Second Circuit"
    assert FEDERAL_COURTS["cadc"] == "United States Court of Appeals for the D.C. Circuit"
    assert FEDERAL_COURTS["scotus"] == "Supreme Court of the United States"
    assert FEDERAL_COURTS["mad"] == "United States District Court for the District of Massachusetts"
    assert len(FEDERAL_COURTS) > 100
    assert not [name for name in FEDERAL_COURTS.values() if " D. " in name or "," in name]


def test_names_that_look_like_yaml_arrive_as_written(project: Path, tmp_path: Path) -> None:
    name = 'Doe: "the #1" v. Roe\n- [x] & {y}'
    docket = {"docket_number": "1:24-cv-2", "case_name": name, "court_id": "nysd\n- evil: 1"}
    path = tmp_path / "docket.json"
    path.write_text(json.dumps(docket), encoding="utf-8")
    result = run(project, "import", "courtlistener", str(path), "--slug", "odd-case")
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((project / "data/cases/odd-case.yaml").read_text(encoding="utf-8"))
    assert data["title"] == 'Doe: "the #1" v. Roe - [x] & {y}'
    assert "evil" not in data
    check = run(project, "check")
    assert "Traceback" not in check.stderr and "odd-case.yaml" in check.stderr
