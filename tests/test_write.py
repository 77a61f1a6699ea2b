"""Writing: atomic, only when changed, stale pages removed, hand-written pages never touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.write import (
    check_owned,
    discard,
    missing_folder,
    remove_stale,
    stage,
    write_if_changed,
)


def test_writes_then_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    page = tmp_path / "cases" / "x" / "index.md"
    assert write_if_changed(page, "<!-- generated from x -->\nhello\n") is True
    before = page.stat().st_mtime_ns
    os.utime(page, ns=(before - 10**9, before - 10**9))  # make a rewrite visible
    assert write_if_changed(page, "<!-- generated from x -->\nhello\n") is False
    assert page.stat().st_mtime_ns == before - 10**9
    assert write_if_changed(page, "<!-- generated from x -->\nbye\n") is True
    assert page.read_text() == "<!-- generated from x -->\nbye\n"


def test_leaves_no_temporary_files(tmp_path: Path) -> None:
    for i in range(3):
        write_if_changed(tmp_path / "a.md", f"v{i}")
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_new_and_rewritten_files_get_the_usual_permissions(tmp_path: Path, umask: int) -> None:
    """Like a file any program creates: 0o666 less the umask (so a web server can read the
    site), not the owner-only mode of a temporary file."""
    page = tmp_path / "cases" / "x" / "index.md"
    old = os.umask(umask)
    try:
        write_if_changed(page, "v1")
        first = page.stat().st_mode & 0o777
        write_if_changed(page, "v2")
        second = page.stat().st_mode & 0o777
    finally:
        os.umask(old)
    assert first == second == 0o666 & ~umask


def test_a_temporary_name_that_is_taken_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "a.md"
    taken = tmp_path / ".a.md.00000000.tmp"
    taken.write_text("someone else's")
    names = iter([bytes(4), b"\x01\x02\x03\x04"])
    monkeypatch.setattr(os, "urandom", lambda n: next(names))
    assert write_if_changed(page, "mine") is True
    assert page.read_text() == "mine" and taken.read_text() == "someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.md.00000000.tmp", "a.md"]


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "a.md"
    page.write_text("old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_if_changed(page, "new")
    assert page.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_removes_only_stale_generated_pages(tmp_path: Path) -> None:
    gen = "<!-- generated from data/cases/x.yaml -->\n"
    (tmp_path / "cases" / "old").mkdir(parents=True)
    (tmp_path / "cases" / "old" / "index.md").write_text(gen)
    (tmp_path / "cases" / "keep").mkdir()
    (tmp_path / "cases" / "keep" / "index.md").write_text(gen)
    (tmp_path / "cases" / "notes.md").write_text("# A page a person wrote\n")
    (tmp_path / "about.md").write_text(gen)  # outside cases/: never touched
    removed = remove_stale(tmp_path, {"cases/keep/index.md"})
    assert removed == ["cases/old/index.md"]
    assert not (tmp_path / "cases" / "old").exists()
    assert (tmp_path / "cases" / "notes.md").exists() and (tmp_path / "about.md").exists()


def test_refuses_to_overwrite_a_page_a_person_wrote(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# My own home page\n")
    (tmp_path / "glossary.md").write_text("<!-- generated from data/glossary.yaml -->\n")
    [problem] = check_owned(tmp_path, ["index.md", "glossary.md", "cases/x/index.md"])
    assert str(problem).endswith(
        "index.md:1: exists and was not written by the generator; move it away or delete it"
    )


def test_removes_the_generated_glossary_once_its_data_is_gone(tmp_path: Path) -> None:
    (tmp_path / "glossary.md").write_text("<!-- generated from data/glossary.yaml -->\n")
    (tmp_path / "index.md").write_text("<!-- generated from data/cases/ -->\n")
    assert remove_stale(tmp_path, {"index.md"}) == ["glossary.md"]
    assert (tmp_path / "index.md").exists()


def test_keeps_a_hand_written_top_level_page(tmp_path: Path) -> None:
    (tmp_path / "glossary.md").write_text("# My own glossary\n")
    assert remove_stale(tmp_path, set()) == []


# --- what `make mutation` found untested (docs/mutation.md) -------------------------------

GEN = "<!-- generated from data/cases/x.yaml -->\n"


def test_check_owned_names_each_thing_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "cases" / "a" / "index.md").mkdir(parents=True)  # a folder where a page goes
    (tmp_path / "cases" / "b").parent.mkdir(exist_ok=True)
    (tmp_path / "cases" / "b").write_text("x")  # a file where a folder goes
    (tmp_path / "cases" / "c").mkdir()
    (tmp_path / "cases" / "c" / "index.md").write_text("# mine\n")  # a page a person wrote
    (tmp_path / "cases" / "d").mkdir()
    (tmp_path / "cases" / "d" / "index.md").write_text(GEN)  # the generator's own: fine
    (tmp_path / "cases" / "e").write_text("x")  # a file where a folder two levels up goes
    paths = [
        "cases/a/index.md",
        "cases/b/index.md",
        "cases/c/index.md",
        "cases/d/index.md",
        "cases/e/deep/index.md",
    ]
    assert [str(p) for p in check_owned(tmp_path, paths)] == [
        f"{tmp_path}/cases/a/index.md: is a folder, where the generator writes a file; move it away",
        f"{tmp_path}/cases/c/index.md:1: exists and was not written by the generator; move it"
        " away or delete it",
        f"{tmp_path}/cases/b: is a file, where the generator needs a folder; move it away",
        f"{tmp_path}/cases/e: is a file, where the generator needs a folder; move it away",
    ]
    assert check_owned(tmp_path, ["cases/d/index.md", "cases/new/deep/x.md"]) == []


def test_a_staged_file_left_by_a_killed_build_is_removed_next_time(tmp_path: Path) -> None:
    page = tmp_path / "cases" / "x" / "index.md"
    staged = stage(page, GEN)  # staged, never committed: as a killed build leaves it
    assert staged is not None and staged.exists()
    assert remove_stale(tmp_path, {"cases/x/index.md"}) == []  # not listed: not a page
    assert not staged.exists()


def test_remove_stale_for_one_explainer_looks_only_in_its_folder(tmp_path: Path) -> None:
    for rel in ("cases/x/index.md", "cases/x/deep/old.md", "cases/y/old.md", "glossary.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(GEN)
    assert remove_stale(tmp_path, {"cases/x/index.md"}, only="x") == ["cases/x/deep/old.md"]
    assert not (tmp_path / "cases" / "x" / "deep").exists()
    assert (tmp_path / "cases" / "y" / "old.md").exists() and (tmp_path / "glossary.md").exists()
    # with nothing left, the explainer's folder goes; `cases/` itself stays
    assert remove_stale(tmp_path, set()) == ["glossary.md", "cases/x/index.md", "cases/y/old.md"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["cases"]


def test_discard_removes_the_folders_staging_made_deepest_first(tmp_path: Path) -> None:
    top = tmp_path / "cases" / "new"
    assert missing_folder(top / "a" / "b") == tmp_path / "cases"
    assert missing_folder(tmp_path) is None
    staged = [stage(top / "a" / "b" / "index.md", GEN), stage(top / "a" / "c.md", GEN)]
    discard([s for s in staged if s is not None], [tmp_path / "cases"])
    assert list(tmp_path.iterdir()) == []
    # a folder that holds something else stays, with the folders above it
    kept = tmp_path / "cases" / "new" / "notes.txt"
    staged = [stage(top / "a" / "b" / "index.md", GEN)]
    kept.write_text("mine")
    discard([s for s in staged if s is not None], [tmp_path / "cases"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "cases",
        "cases/new",
        "cases/new/notes.txt",
    ]


def test_staging_gives_up_when_every_name_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".a.md.00000000.tmp").write_text("someone else's")
    monkeypatch.setattr(os, "urandom", lambda n: bytes(n))  # the same name every time
    with pytest.raises(FileExistsError, match=r"^no free name for a temporary file beside "):
        stage(tmp_path / "a.md", "mine")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.md.00000000.tmp"]


def test_stale_pages_of_the_case_index_go_in_a_full_build_only(tmp_path: Path) -> None:
    for rel in ("explainers/index.json", "explainers/page-2.md", "explainers/page-9.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(GEN if rel.endswith(".md") else '{"$comment":"generated from x')
    (tmp_path / "cases" / "x").mkdir(parents=True)
    (tmp_path / "cases" / "x" / "index.md").write_text(GEN)
    # files of kinds the generator never writes, under both folders: a person's, never touched
    (tmp_path / "explainers" / "notes.txt").write_text(GEN)
    (tmp_path / "cases" / "x" / "photo.png").write_bytes(b"\x89PNG")
    keep = {"cases/x/index.md", "explainers/index.json", "explainers/page-2.md"}
    # building one explainer leaves the index alone: it was not rebuilt
    assert remove_stale(tmp_path, {"cases/x/index.md"}, only="x") == []
    assert remove_stale(tmp_path, keep) == ["explainers/page-9.md"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")) == [
        "cases/x/index.md",
        "cases/x/photo.png",
        "explainers/index.json",
        "explainers/notes.txt",
        "explainers/page-2.md",
    ]
