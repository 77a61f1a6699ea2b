"""Promises the README makes about safety, each tested so that the one-line bug that breaks it
fails here: a failed write leaves no temporary file behind, and no text cell of awards.csv
can start a spreadsheet formula, whichever column and whichever prefix."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.build import collect_cases
from generator.export import _cell, export_files

from .conftest import ROOT, make_project
from .factories import edited, write_case

# --- write.stage: its own clean-up, on a write that really fails --------------------------


def test_stage_removes_its_temporary_file_when_the_write_fails(tmp_path: Path) -> None:
    # A file-size limit makes the real write fail (EFBIG) inside `stage` itself, as a full
    # disk would: nothing is faked, so only `stage`'s own clean-up can remove the file.
    script = textwrap.dedent(
        """
        import resource, signal, sys
        from pathlib import Path
        from generator.write import stage
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        target = Path(sys.argv[1]) / "page.md"
        try:
            stage(target, "x" * 100_000)
        except OSError as exc:
            print("failed:", exc.errno)
        else:
            print("written")
        """
    )
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", script, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("failed:"), result.stdout
    assert sorted(p.name for p in out.iterdir()) == []


# --- awards.csv: every text column, every formula prefix ----------------------------------

AWARD = "        component: compensatory\n        kind: compensatory\n        amount_usd: 20_000"
COLUMNS = {
    # column index in awards.csv: (the fixture's text, the field it comes from)
    1: ("    name: Doe I\n", "    name: '{value}'\n"),
    2: ("        name: Battery\n", "        name: '{value}'\n"),
    3: (
        AWARD,
        "        component: '{value}'\n        kind: compensatory\n        amount_usd: 20_000",
    ),
}
PREFIXES = ["=", "+", "-", "@"]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("column", sorted(COLUMNS))
def test_no_text_column_can_start_a_formula(tmp_path: Path, column: int, prefix: str) -> None:
    value = f'{prefix}HYPERLINK("http://x.test","click")'
    old, new = COLUMNS[column]
    project = make_project(tmp_path / "project")
    write_case(project, edited(old, new.format(value=value.replace("'", "''"))))
    text = export_files(collect_cases(project).pages)["cases/doe-v-roe/awards.csv"]
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert "'" + value in [row[column] for row in rows]
    assert [cell for row in rows for cell in row if cell and cell[0] in "=+-@\t\r"] == []


@pytest.mark.parametrize("prefix", [*PREFIXES, "\t", "\r"])
def test_the_csv_cell_writer_defuses_every_prefix(prefix: str) -> None:
    # Tab and carriage return never reach a cell from the data (text is folded into one
    # paragraph first), so the writer's own guard is tested directly.
    assert _cell(prefix + "SUM(A1)") == "'" + prefix + "SUM(A1)"
    assert _cell("plain " + prefix) == "plain " + prefix
