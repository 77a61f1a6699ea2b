"""Nothing is lost: a killed build leaves the previous output whole, builds are reproducible,
and only the generator's own files are ever removed.

(`test_write.py` covers `write_if_changed` itself, `test_cli.py` the removal of a deleted
explainer's pages; `test_bad_input.py` shows that a failed check or build writes nothing.)
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.state import STATE_FILE

from .conftest import ROOT, make_project
from .factories import fixture_text, write_case

# Runs `python -m generator build` with one write slowed down: it stops forever at the third
# file, either halfway through writing the temporary file or just before renaming it into
# place, and says so by creating READY. The test then kills it with SIGKILL.
_SLOW_BUILD = """
import os, runpy, sys, time
from pathlib import Path
ready, where, project = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
calls = 0

def stop():
    ready.write_text("stopped")
    time.sleep(120)

if where == "before-rename":
    real_replace = os.replace
    def replace(src, dst):
        global calls
        calls += 1
        if calls == 3:
            stop()
        real_replace(src, dst)
    os.replace = replace
else:
    class HalfWrite:
        def __init__(self, handle):
            self.handle = handle
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)
        def write(self, data):
            global calls
            calls += 1
            if calls == 3:
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                os.fsync(self.handle.fileno())
                stop()
            return self.handle.write(data)
    import generator.write
    write = sys.modules["generator.write"]
    real_create = write._create_beside
    def create_beside(path):
        tmp, handle = real_create(path)
        return tmp, HalfWrite(handle)
    write._create_beside = create_beside
sys.argv = ["generator", "--project", project, "build"]
runpy.run_module("generator", run_name="__main__")
"""


def run(project: Path, *args: str, out: Path | None = None) -> None:
    extra = ["--out", str(out)] if out else []
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), *args, *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    """The output: every file but the build's own bookkeeping (it records mtimes)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() != STATE_FILE
    }


def stamps(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def is_temporary(rel: str) -> bool:
    """`write.stage`'s temporary files: hidden, and not pages (MkDocs skips dot files)."""
    return re.fullmatch(r"(.*/)?\.[^/]+\.[^/.]+\.[^/]*\.tmp", rel) is not None


@pytest.mark.parametrize("where", ["mid-write", "before-rename"])
def test_a_build_killed_mid_write_leaves_every_file_whole(tmp_path: Path, where: str) -> None:
    project = make_project(tmp_path / "project")
    run(project, "build")
    old = files(project / "docs")
    # new data that changes every page, and the output it should give
    write_case(project, fixture_text().replace("title: Doe v. Roe", "title: Doe v. Roe, again"))
    new_project = make_project(tmp_path / "expected")
    write_case(new_project, (project / "data/cases/doe-v-roe.yaml").read_text())
    run(new_project, "build")
    new = files(new_project / "docs")
    assert sum(old.get(rel) != body for rel, body in new.items()) >= 3  # the kill is at the 3rd

    ready = tmp_path / "ready"
    build = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, str(ready), where, str(project)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert build.poll() is None, build.stderr.read() if build.stderr else ""
        assert time.monotonic() < deadline, "the build never reached its third write"
        time.sleep(0.02)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert build.returncode == -signal.SIGKILL

    after = files(project / "docs")
    visible = {rel for rel in after if not is_temporary(rel)}
    leftovers = set(after) - visible
    changed = sum(old.get(rel) != body for rel, body in new.items())
    assert visible == set(old), "a page of the previous build disappeared, or one was added"
    for rel in visible:
        assert after[rel] in (old[rel], new[rel]), f"{rel} is neither old nor new"
    replaced = sum(after[rel] == new[rel] != old[rel] for rel in visible)
    if where == "mid-write":
        # Killed while staging: no file was renamed into place; the three temporary files
        # (two whole, one half-written) are all that is left of the build.
        assert (replaced, len(leftovers)) == (0, 3)
    else:
        # Killed while renaming the staged files: two are in place, the rest still staged.
        assert (replaced, len(leftovers)) == (2, changed - 2)

    # the next build finishes the job, and clears away what the killed one left
    run(project, "build")
    assert files(project / "docs") == new


def test_two_builds_of_the_same_data_write_the_same_bytes(real_project: Path) -> None:
    first, second = real_project / "out-1", real_project / "out-2"
    run(real_project, "build", out=first)
    run(real_project, "build", out=second)
    assert files(first) == files(second)
    assert files(first)  # not two empty folders


def _mkdocs(project: Path, site: Path, epoch: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _without_stamps(rel: str, body: bytes) -> bytes:
    """What MkDocs stamps itself: the sitemap's dates (and the gzip header's time)."""
    if rel == "sitemap.xml.gz":
        body = gzip.decompress(body)
    if rel.startswith("sitemap.xml"):
        body = re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod/>", body)
    return body


@pytest.mark.slow
def test_two_site_builds_differ_only_in_what_mkdocs_stamps(project: Path) -> None:
    # different build dates, one day apart, so that any date the build stamps would show
    _mkdocs(project, project / "site-1", "1700000000")
    _mkdocs(project, project / "site-2", "1700086400")
    one, two = files(project / "site-1"), files(project / "site-2")
    assert set(one) == set(two)
    differ = sorted(rel for rel in one if one[rel] != two[rel])
    assert set(differ) <= {"sitemap.xml", "sitemap.xml.gz"}, differ
    for rel in one:
        assert _without_stamps(rel, one[rel]) == _without_stamps(rel, two[rel]), rel


def test_removing_an_explainer_removes_its_files_and_nothing_a_person_wrote(
    project: Path,
) -> None:
    write_case(
        project, fixture_text().replace("slug: doe-v-roe", "slug: other-case"), "other-case.yaml"
    )
    run(project, "build")
    docs = project / "docs"
    generated_before = files(docs)
    assert any(rel.startswith("cases/doe-v-roe/") for rel in generated_before)
    # pages a person wrote, inside and outside the generator's folders
    hand = {
        "about.md": None,
        "notes.md": b"# My notes\n",
        "extra/page.md": b"# Another page\n",
        "cases/reading-list.md": b"# Reading list\n",
        "cases/doe-v-roe/my-notes.md": b"# Notes on Doe v. Roe\n",
        "cases/doe-v-roe/photo.png": b"\x89PNG\r\n\x1a\n not really",
        "cases/doe-v-roe/data.json": b'{"mine": true}\n',
    }
    for rel, body in hand.items():
        if body is not None:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_bytes(body)
    old = (time.time_ns() // 10**9 - 3600) * 10**9  # an hour ago: a rewrite would show
    for rel in hand:
        os.utime(docs / rel, ns=(old, old))
    before, before_stamps = files(docs), stamps(docs)

    (project / "data" / "cases" / "doe-v-roe.yaml").unlink()
    run(project, "build")

    after, after_stamps = files(docs), stamps(docs)
    for rel in hand:  # every hand-written file: same bytes, same mtime
        assert (after.get(rel), after_stamps.get(rel)) == (before[rel], before_stamps[rel]), rel
    removed = set(before) - set(after)
    assert removed == {rel for rel in generated_before if rel.startswith("cases/doe-v-roe/")} - set(
        hand
    )
    assert removed, "the deleted explainer's files were not removed"
    for rel in after:  # the other explainer is still whole
        if rel.startswith("cases/other-case/"):
            assert after[rel] == before[rel]
    # the folder stays, since a person's files are in it
    assert (docs / "cases" / "doe-v-roe").is_dir()
