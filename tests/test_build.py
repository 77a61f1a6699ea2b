"""The build in worker processes: the same output as in one process, the same errors, and
nothing written (not even a temporary file left) when any file fails.

(`test_state.py` covers the no-op build, `test_atomic.py` a build killed halfway,
`test_bad_input.py` every kind of bad file, built in one process.)
"""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import write_site
from generator.build import PARALLEL_FROM, build, collect_cases
from generator.errors import DataErrors
from generator.state import STATE_FILE

from .conftest import ROOT
from .factories import run_generator

build_module = importlib.import_module("generator.build")

SIZE = PARALLEL_FROM + 6


@pytest.fixture
def big_project(project: Path) -> Path:
    """The fixture case and enough synthetic ones for the build to start workers."""
    write_site(project, SIZE - 1)
    return project


def output(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`, temporary ones included: bytes and mtime."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def contents(folder: Path) -> dict[str, bytes]:
    return {rel: body for rel, (body, _) in output(folder).items() if rel != STATE_FILE}


def count_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the number of workers of each pool the build starts."""
    pools: list[int] = []
    real = build_module.ProcessPoolExecutor

    def counted(max_workers: int, **kwargs: Any) -> Any:
        pools.append(max_workers)
        return real(max_workers, **kwargs)

    monkeypatch.setattr(build_module, "ProcessPoolExecutor", counted)
    return pools


def test_workers_write_exactly_what_one_process_writes(
    big_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools = count_pools(monkeypatch)
    one = build(big_project, tmp_path / "one", jobs=1)
    assert pools == []
    two = build(big_project, tmp_path / "two", jobs=2)
    assert pools == [2]
    assert contents(tmp_path / "one") == contents(tmp_path / "two")
    assert set(contents(tmp_path / "one")) == {*one.pages, *one.exports}
    assert len(one.exports) == SIZE * 5 + 1  # and the case index's explainers/index.json
    assert (one.pages, one.exports, one.written, one.warnings) == (
        two.pages,
        two.exports,
        two.written,
        two.warnings,
    )
    # by default, a site this size is built by one worker per CPU
    build(big_project, tmp_path / "auto")
    assert len(pools) == (2 if build_module._cpus() > 1 else 1)


def test_a_small_site_is_built_in_this_process(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools = count_pools(monkeypatch)
    build(project)
    assert pools == []


def broken(project: Path) -> list[str]:
    """Break three of the files in different ways; return the errors `check` reports."""
    cases = sorted((project / "data" / "cases").glob("*.yaml"))
    cases[3].write_text(cases[3].read_text().replace("title:", "title: [", 1))
    middle, last = cases[len(cases) // 2], cases[-1]
    middle.write_text(middle.read_text().replace("amount_usd: ", "amount_usd: x", 1))
    slug = cases[0].stem
    last.write_text(last.read_text().replace(f"slug: {last.stem}", f"slug: {slug}", 1))
    with pytest.raises(DataErrors) as caught:
        collect_cases(project)
    return [str(e) for e in caught.value.errors]


def test_a_bad_file_stops_the_workers_and_nothing_is_written(big_project: Path) -> None:
    build(big_project)
    before = output(big_project / "docs")
    # every page changes, so the workers stage files before the errors are known
    for path in (big_project / "data" / "cases").glob("*.yaml"):
        path.write_text(path.read_text().replace("title: ", "title: New ", 1))
    expected = broken(big_project)
    assert len(expected) == 3

    with pytest.raises(DataErrors) as caught:
        build(big_project, jobs=2)
    assert [str(e) for e in caught.value.errors] == expected
    assert output(big_project / "docs") == before  # no page, no temporary file, same mtimes


def test_the_cli_reports_the_same_errors_from_workers(big_project: Path) -> None:
    expected = broken(big_project)
    result = run_generator(big_project, "build", "--jobs", "2")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:3] == expected
    assert "Traceback" not in result.stderr
    assert not (big_project / "docs" / "cases").exists()


def test_a_crashed_worker_leaves_nothing_behind(
    big_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(big_project)
    before = output(big_project / "docs")
    for path in (big_project / "data" / "cases").glob("*.yaml"):  # every page changes
        path.write_text(path.read_text().replace("title: ", "title: New ", 1))
    victim = sorted((big_project / "data" / "cases").glob("*.yaml"))[-1].stem
    real = build_module.render_case_pages

    def render(page: Any, glossary: Any) -> dict[str, str]:
        if page.slug == victim:  # a bug in one worker, late in its share
            raise RuntimeError("a bug in a template")
        return real(page, glossary)

    monkeypatch.setattr(build_module, "render_case_pages", render)
    with pytest.raises(RuntimeError, match="a bug in a template"):
        build(big_project, jobs=2)
    assert output(big_project / "docs") == before


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(project: Path, jobs: str) -> None:
    result = run_generator(project, "build", "--jobs", jobs)
    assert result.returncode == 2
    assert "expected a whole number of at least 1" in result.stderr
    assert not (project / "docs" / "cases").exists()


def test_a_write_that_fails_halfway_leaves_nothing_behind(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = build_module.stage
    calls: list[Path] = []

    def stage(path: Path, text: str) -> Path | None:
        calls.append(path)
        if len(calls) == 3:  # the third file of the explainer: a full disk, say
            raise OSError(28, "No space left on device")
        return real(path, text)

    monkeypatch.setattr(build_module, "stage", stage)
    with pytest.raises(OSError, match="No space left"):
        build(project, jobs=1)
    assert not (project / "docs" / "cases").exists()  # no temporary file, no folder


@pytest.mark.parametrize(
    ("in_the_way", "shown", "message"),
    [
        ("cases/doe-v-roe/awards.md/", "cases/doe-v-roe/awards.md", "is a folder, where the"),
        ("cases/doe-v-roe", "cases/doe-v-roe", "is a file, where the generator needs a folder"),
    ],
)
def test_something_in_the_way_of_a_page_is_reported_not_a_traceback(
    project: Path, in_the_way: str, shown: str, message: str
) -> None:
    target = project / "docs" / in_the_way
    if in_the_way.endswith("/"):
        target.mkdir(parents=True)
    else:
        target.parent.mkdir(parents=True)
        target.write_text("notes\n")
    before = output(project / "docs")
    result = run_generator(project, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(f"{project / 'docs' / shown}: {message}")
    assert "Traceback" not in result.stderr
    assert output(project / "docs") == before


def test_workers_report_what_is_in_the_way_and_write_nothing(big_project: Path) -> None:
    build(big_project, jobs=2)
    docs = big_project / "docs"
    slugs = sorted(p.name for p in (docs / "cases").iterdir() if p.is_dir())
    first, last = docs / "cases" / slugs[0], docs / "cases" / slugs[-1]
    (first / "sources.md").write_text("# My own notes\n")  # a page a person wrote
    (last / "feed.xml").unlink()
    (last / "feed.xml").mkdir()  # a folder where a file goes
    for path in (big_project / "data" / "cases").glob("*.yaml"):  # every page changes
        path.write_text(path.read_text().replace("title: ", "title: New ", 1))
    before = output(docs)

    with pytest.raises(DataErrors) as caught:
        build(big_project, jobs=2)
    assert [str(e) for e in caught.value.errors] == [
        f"{first / 'sources.md'}:1: exists and was not written by the generator; "
        "move it away or delete it",
        f"{last / 'feed.xml'}: is a folder, where the generator writes a file; move it away",
    ]
    assert output(docs) == before  # no page, no temporary file, same mtimes


def test_an_output_folder_that_cannot_be_made_is_reported(project: Path) -> None:
    out = "/proc/case-explainers-test"  # not even root can make a folder here
    result = run_generator(project, "build", "--out", out)
    assert result.returncode == 1
    assert result.stderr == f"error: cannot write the output: {out}: No such file or directory\n"


def test_a_rebuild_renders_only_the_explainer_that_changed(
    big_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what the MkDocs hook does on each rebuild of `mkdocs serve`
    rendered: list[str] = []
    real = build_module.render_case_pages

    def render(page: Any, glossary: Any) -> dict[str, str]:
        rendered.append(page.slug)
        return real(page, glossary)

    monkeypatch.setattr(build_module, "render_case_pages", render)
    checked: build_module.CheckCache = {}
    cache: build_module.RenderCache = {}
    first = build_module.render_all(collect_cases(big_project, cache=checked), cache)
    assert len(rendered) == SIZE
    assert first == build_module.render_all(collect_cases(big_project), None)  # same files

    rendered.clear()
    assert build_module.render_all(collect_cases(big_project, cache=checked), cache) == first
    assert rendered == []  # nothing changed, nothing rendered

    edited = big_project / "data" / "cases" / "doe-v-roe.yaml"
    edited.write_text(edited.read_text().replace("title: Doe v. Roe", "title: Doe v. Roe (2)"))
    again = build_module.render_all(collect_cases(big_project, cache=checked), cache)
    assert rendered == ["doe-v-roe"]
    assert again["cases/doe-v-roe/index.md"] != first["cases/doe-v-roe/index.md"]
    assert "Doe v\\. Roe \\(2\\)" in again["index.md"]  # the home page lists the new title
    assert again == build_module.render_all(collect_cases(big_project), None)

    rendered.clear()  # the glossary goes into every page: a change to it renders them all
    shutil.copy(ROOT / "data" / "glossary.yaml", big_project / "data" / "glossary.yaml")
    build_module.render_all(collect_cases(big_project, cache=checked), cache)
    assert len(rendered) == SIZE


# `python -m generator build ARGS` with every staged file slowed down, and Ctrl-C left to
# Python (a shell gives background jobs SIGINT ignored).
_SLOW_BUILD = """
import importlib, runpy, signal, sys, time
build = importlib.import_module("generator.build")
real_stage = build.stage
def stage(path, text):
    time.sleep(0.02)
    return real_stage(path, text)
build.stage = stage
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.argv = ["generator", "--project", *sys.argv[1:]]
runpy.run_module("generator", run_name="__main__")
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_build_and_leaves_the_output_as_it_was(
    big_project: Path, jobs: str
) -> None:
    build(big_project)
    before = output(big_project / "docs")
    for path in (big_project / "data" / "cases").glob("*.yaml"):  # every page changes
        path.write_text(path.read_text().replace("title: ", "title: New ", 1))
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, str(big_project), "build", "--jobs", jobs],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, workers included
    )
    deadline = time.monotonic() + 30
    while not any((big_project / "docs" / "cases").rglob("*.tmp")):  # staging has begun
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the build never staged a file"
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (130, "interrupted\n")
    assert output(big_project / "docs") == before  # no file changed, none left behind
