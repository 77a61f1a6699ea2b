"""The corpus of bad input: every file in `tests/bad/` fails `check` and `build` with exactly
the errors stored beside it, and leaves a previously built `docs/` byte for byte as it was.

Each entry is the fixture case with one problem (the second line of each file says which):
`<name>.yaml` is installed as `data/cases/<name>.yaml`; `<name>.yaml.gz` is decompressed
first (the oversize file); a folder `<name>/` is installed file by file (two files with one
slug). `<name>.expected` holds the exact standard error. `pytest --update-goldens` rewrites
the `.expected` files from the current output: review the diff like code.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.__main__ import main

from .conftest import ROOT, make_project
from .factories import FIXTURE_TODAY, on_day, run_generator

CORPUS = Path(__file__).resolve().parent / "bad"
ENTRIES = sorted(p for p in CORPUS.iterdir() if p.suffix != ".expected" and p.name != "README.md")


def entry_name(entry: Path) -> str:
    return entry.name.removesuffix(".gz").removesuffix(".yaml")


def generator(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "--project", str(project), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=on_day(FIXTURE_TODAY),
    )


def install(entry: Path, project: Path) -> None:
    """Replace the project's data files with the entry's."""
    cases = project / "data" / "cases"
    for old in cases.iterdir():
        old.unlink()
    if entry.is_dir():
        for part in sorted(entry.iterdir()):
            shutil.copyfile(part, cases / part.name)
    elif entry.suffix == ".gz":
        (cases / entry.name.removesuffix(".gz")).write_bytes(gzip.decompress(entry.read_bytes()))
    else:
        shutil.copyfile(entry, cases / entry.name)


def state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` (temporary files included): its bytes and its mtime."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose docs/ was built from the valid fixture case."""
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    result = run_generator(project, "build")
    assert result.returncode == 0, result.stderr
    return project


def test_the_corpus_is_complete() -> None:
    names = [entry_name(e) for e in ENTRIES]
    assert len(names) >= 40
    expected = sorted(p.stem for p in CORPUS.glob("*.expected"))
    assert sorted(names) == expected, "every entry needs a .expected file, and only entries"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.suffix == ".yaml"], ids=entry_name)
def test_each_file_says_what_is_wrong_with_it(entry: Path) -> None:
    head = entry.read_bytes()[:400]
    if not head or not head.startswith(b"#"):  # the empty file; UTF-16 starts with a BOM
        assert entry_name(entry) in {"empty", "utf16"}
        return
    assert b"\n# BAD: " in head or head.startswith(b"# BAD: ")


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_name)
def test_bad_input_is_refused_with_its_exact_errors(
    entry: Path, built: Path, tmp_path: Path, update_goldens: bool
) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project)
    install(entry, project)
    before = state(project / "docs")
    # Both commands stop before writing anything, so they can run side by side.
    check, build = generator(project, "check"), generator(project, "build")
    (check_out, check_err), (build_out, build_err) = (
        check.communicate(timeout=30),
        build.communicate(timeout=30),
    )
    expected_file = CORPUS / f"{entry_name(entry)}.expected"
    if update_goldens:
        expected_file.write_text(check_err, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert "Traceback" not in check_err + build_err
    assert (check.returncode, check_out, check_err) == (1, "", expected)
    assert (build.returncode, build_out, build_err) == (1, "", expected)
    assert expected.endswith("; nothing was written\n")
    # nothing written, nothing removed, nothing touched: same bytes and same mtimes
    assert state(project / "docs") == before


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_name)
def test_bad_input_is_refused_in_process_too(
    entry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same corpus through `main` in this process (the test above runs a real `python -m
    # generator`): what `make mutation` can follow, since mutmut sees only in-process calls.
    project = make_project(tmp_path / "project")
    install(entry, project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", on_day(FIXTURE_TODAY)["SOURCE_DATE_EPOCH"])
    status = main(["--project", str(project), "check"])
    out, err = capsys.readouterr()
    expected = (CORPUS / f"{entry_name(entry)}.expected").read_text(encoding="utf-8")
    assert (status, out, err) == (1, "", expected)


def test_errors_never_echo_control_characters() -> None:
    # an error quotes the bad value; a terminal must never receive the raw escape codes
    for expected in CORPUS.glob("*.expected"):
        text = expected.read_text(encoding="utf-8")
        assert not any(ord(ch) < 32 and ch != "\n" for ch in text), expected.name
        assert "\u202e" not in text, expected.name


def test_reading_is_bounded(tmp_path: Path) -> None:
    # a data file that never ends (a link to /dev/zero) is refused, not read into memory
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    project = make_project(tmp_path / "project")
    (project / "data" / "cases" / "zero.yaml").symlink_to("/dev/zero")
    result = run_generator(project, "check", timeout=30)
    assert (result.returncode, result.stderr) == (
        1,
        "data/cases/zero.yaml: file is more than 1,000,000 bytes; the limit is 1,000,000\n"
        "1 error; nothing was written\n",
    )


def test_an_unreadable_path_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / "data" / "cases" / "folder.yaml").mkdir()
    result = run_generator(project, "check")
    assert result.returncode == 1
    assert result.stderr.startswith("data/cases/folder.yaml: cannot read the file: ")
    assert "Traceback" not in result.stderr
    assert not (project / "docs" / "cases").exists()
