"""`python -m generator`: exit status, messages, and what is (not) written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .factories import FIXTURE_NAME, edited, fixture_text, line_of, run_generator, write_case

run = run_generator


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_check_passes_on_good_data(project: Path) -> None:
    result = run(project, "check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "1 explainer(s) checked\n", "")


def test_build_writes_pages_then_nothing(project: Path) -> None:
    first = run(project, "build")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "5 page(s), 6 data file(s): 11 written, 0 removed\n"
    assert (project / "docs" / "cases" / "doe-v-roe" / "chronology.md").is_file()
    assert run(project, "build").stdout == "5 page(s), 6 data file(s): 0 written, 0 removed\n"


def test_bad_input_fails_with_located_errors_and_writes_nothing(project: Path) -> None:
    assert run(project, "build").returncode == 0
    before = snapshot(project / "docs")
    text = edited("amount_usd: 250_000", "amount_usd: -5")
    text = edited("    docket: No. 1:23-cv-00001", "    docet: No. 1:23-cv-00001", text)
    write_case(project, text)
    for command in ("check", "build"):
        result = run(project, command)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            f"{FIXTURE_NAME}:{line_of(text, '  - id: doe-i')}: proceedings[0].docket: required field is missing",
            f"{FIXTURE_NAME}:{line_of(text, 'docet:')}: proceedings[0].docet: unknown field 'docet'; did you mean 'docket'?",
            f"{FIXTURE_NAME}:{line_of(text, 'amount_usd: -5')}: verdicts[0].awards[1].amount_usd: must be a positive amount, got -5",
            "3 errors; nothing was written",
        ]
        assert "Traceback" not in result.stderr
        assert snapshot(project / "docs") == before


def test_yaml_syntax_error(project: Path) -> None:
    write_case(project, fixture_text().replace("title: Doe v. Roe", "title: [Doe v. Roe"))
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{FIXTURE_NAME}:")
    assert "YAML syntax error" in result.stderr


def test_deleted_explainer_pages_disappear(project: Path) -> None:
    assert run(project, "build").returncode == 0
    write_case(
        project, fixture_text().replace("slug: doe-v-roe", "slug: doe-v-roe-2"), "doe-v-roe-2.yaml"
    )
    (project / "data" / "cases" / "doe-v-roe.yaml").unlink()
    result = run(project, "build")
    assert result.stdout == "5 page(s), 6 data file(s): 11 written, 9 removed\n"
    assert not (project / "docs" / "cases" / "doe-v-roe").exists()
    assert (project / "docs" / "about.md").exists()


def test_two_files_with_one_slug(project: Path) -> None:
    write_case(project, fixture_text(), "copy.yaml")
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{FIXTURE_NAME}:{line_of(fixture_text(), 'slug:')}: slug: 'doe-v-roe' is already used by data/cases/copy.yaml"
    )


def test_strict_turns_warnings_into_errors(project: Path) -> None:
    write_case(project, edited('date: "2024-05"', 'date: "2024-02"'))
    assert run(project, "check").returncode == 0
    strict = run(project, "check", "--strict")
    assert strict.returncode == 1
    assert "has it been held? (warning)" in strict.stderr


def test_only_builds_one_explainer(project: Path) -> None:
    write_case(project, fixture_text().replace("slug: doe-v-roe", "slug: other"), "other.yaml")
    result = run(project, "build", "--only", "other")
    assert result.returncode == 0, result.stderr
    assert (project / "docs" / "cases" / "other" / "index.md").exists()
    assert not (project / "docs" / "cases" / "doe-v-roe").exists()


def test_warnings_are_shown_apart_after_the_errors(project: Path) -> None:
    # an error and a warning in one file: the error first, then the warning, marked as such
    text = edited("    proceeding: doe-i\n    date", "    proceeding: doe-ii\n    date")
    text += "  - id: unused\n    kind: other\n    title: T\n    publisher: P\n"
    write_case(project, text)
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{FIXTURE_NAME}:{line_of(text, 'proceeding: doe-ii')}: verdicts[0].proceeding: unknown proceeding 'doe-ii'; did you mean 'doe-i'?",
        f"{FIXTURE_NAME}:{line_of(text, '- id: unused')}: sources[4].id: source 'unused' is not cited by any fact (warning)",
        "1 error and 1 warning; nothing was written",
    ]


def test_reminders_beside_an_error_are_counted_as_reminders(project: Path) -> None:
    # a year on, `check` reminds of the good file (an old as_of, a passed scheduled event),
    # beside another file's error
    text = edited("    proceeding: doe-i\n    date", "    proceeding: doe-ii\n    date")
    write_case(project, text.replace("slug: doe-v-roe", "slug: doe-v-roe-2"), "doe-v-roe-2.yaml")
    result = run(project, "check", today=date(2025, 3, 15))
    assert result.returncode == 1
    *shown, summary = result.stderr.splitlines()
    assert sum(line.endswith("(reminder)") for line in shown) == 2
    assert summary == "1 error and 2 reminders; nothing was written"


# --- reminders of what may be out of date (check only) -----------------------------------


def test_check_reminds_of_an_old_as_of_and_a_passed_scheduled_event(project: Path) -> None:
    # the fixture's as_of is 2024-03-01; its one scheduled event is dated 2024-05
    result = run(project, "check", today=date(2024, 9, 1))
    assert result.returncode == 0
    as_of_line = line_of(fixture_text(), 'as_of: "2024-03-01"')
    scheduled_line = line_of(fixture_text(), "    status: scheduled")
    assert result.stderr.splitlines() == [
        f"{FIXTURE_NAME}:{as_of_line}: as_of: is 2024-03-01, 184 days ago (more "
        "than 180); check the sources for anything newer, then move as_of forward (reminder)",
        f"{FIXTURE_NAME}:{scheduled_line}: events[3].status: is 'scheduled' for "
        "2024-05, which has passed; if it was held, mark it 'held' (and move as_of forward), "
        "otherwise give its new date (reminder)",
    ]
    assert result.stdout == "1 explainer(s) checked; 2 reminders\n"


def test_reminders_wait_for_their_day_and_never_fail_a_build(project: Path) -> None:
    # 180 days old and a scheduled event in its month: not yet
    quiet = run(project, "check", "--strict", today=date(2024, 5, 31))
    assert (quiet.returncode, quiet.stderr) == (0, "")
    late = date(2025, 1, 1)
    strict = run(project, "check", "--strict", today=late)
    assert strict.returncode == 0 and strict.stderr.count("(reminder)") == 2
    # a build does not depend on the day it runs: no reminders, same pages
    built = run(project, "build", "--strict", today=late)
    assert built.returncode == 0 and built.stderr == ""
