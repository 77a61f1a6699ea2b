"""`python -m generator migrate`: format-1 case files rewritten to the current format in
place, keeping everything else byte for byte, and idempotently."""

from __future__ import annotations

from pathlib import Path

from .factories import FIXTURE_NAME, edited, line_of, run_generator, write_case

CONTEXT = "        context: The foreperson, reading the verdict aloud in court.\n"


def format_1(decided_by: str = "jury") -> str:
    """The fixture case as it was written in format 1, with comments and odd quoting kept."""
    text = edited("    decision: jury_verdict\n", f"    decided_by: {decided_by}  # who decided\n")
    text = edited(CONTEXT, "", text)
    return edited("amount_usd: 250_000", "amount_usd: 250_000  # the defamation award", text)


def test_migrate_rewrites_the_old_line_alone_and_lists_what_is_left(project: Path) -> None:
    old = format_1()
    path = write_case(project, old)
    assert run_generator(project, "check").returncode == 1  # format 1 is refused
    result = run_generator(project, "migrate")
    assert result.returncode == 0, result.stderr
    line = line_of(old, "decided_by:")
    assert result.stdout.splitlines() == [
        f"{FIXTURE_NAME}:{line}: verdicts[0]: decided_by: jury -> decision: jury_verdict",
        "1 file checked, 1 rewritten to format 2; 1 quote needs a `context` (listed above)",
    ]
    quote = line_of(old, "- text: liable on every count")
    assert f"{FIXTURE_NAME}:{quote}: events[0].quotes[0]: add `context:`" in result.stderr
    # only that line changed: its comment, every other comment, the key order, the quoting
    # and `250_000` stay exactly as written
    new = path.read_text(encoding="utf-8")
    assert new == old.replace(
        "    decided_by: jury  # who decided\n", "    decision: jury_verdict  # who decided\n"
    )
    # with the quote's context added by hand, the file is a valid current-format file
    done = new.replace(
        "      - text: liable on every count\n",
        "      - text: liable on every count\n" + CONTEXT,
    )
    write_case(project, done)
    check = run_generator(project, "check", "--strict")
    assert check.returncode == 0, check.stderr


def test_migrate_twice_changes_nothing_the_second_time(project: Path) -> None:
    path = write_case(project, format_1("judge"))
    first = run_generator(project, "migrate")
    assert "decided_by: judge -> decision: bench_ruling" in first.stdout
    after_first = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    second = run_generator(project, "migrate")
    assert second.returncode == 0
    assert second.stdout.splitlines()[-1].startswith("1 file checked, 0 rewritten to format 2")
    assert path.read_bytes() == after_first
    assert path.stat().st_mtime_ns == mtime  # not even rewritten with the same bytes


def test_a_current_file_is_left_as_it_is(project: Path) -> None:
    path = project / FIXTURE_NAME
    before = path.read_bytes()
    result = run_generator(project, "migrate")
    assert result.returncode == 0
    assert result.stdout == "1 file checked, 0 rewritten to format 2\n"
    assert path.read_bytes() == before


def test_a_file_that_is_not_yaml_is_reported_and_left_alone(project: Path) -> None:
    path = write_case(project, "slug: [unclosed\n", "broken.yaml")
    result = run_generator(project, "migrate", "data/cases/broken.yaml")
    assert result.returncode == 1
    assert result.stderr.startswith("data/cases/broken.yaml: cannot read it as YAML (")
    assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == "slug: [unclosed\n"
