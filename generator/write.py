"""Stage 5, write: put rendered pages on disk, atomically, and only when they changed.

A page is written to a temporary file in its own folder and renamed over the old one, so a
reader (or `mkdocs serve`) never sees half a page, and a killed build leaves the previous
page whole. Unchanged pages are not touched at all: their mtimes stay, and no watcher sees
a change. Stale pages are removed only if the generator wrote them (they start with
`GENERATED_MARK`), so a page a person wrote is never deleted or overwritten.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import stat
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .errors import DataError

GENERATED_MARK = b"<!-- generated from "
"""The first bytes of every generated page."""

GENERATED_MARKS = {
    ".md": GENERATED_MARK,
    ".json": b'{"$comment":"generated from ',
    ".xml": b'<?xml version="1.0" encoding="utf-8"?>\n<!-- generated from ',
    ".ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Case Explainers//",
    ".csv": b"verdict_date,proceeding,claim,",
}
"""The first bytes of every file the generator writes, by suffix: pages and data exports
(`export.py`). A file without its mark was written by a person and is never touched."""

NAMED_MARKS = {"counts.csv": b"count,proceeding,charge,"}
"""Files whose mark is not their suffix's: a prosecution's CSV has its own header."""


def generated_mark(name: str) -> bytes:
    """The mark a generated file of this name (`feed.xml`) starts with."""
    return NAMED_MARKS.get(name) or GENERATED_MARKS[PurePosixPath(name).suffix]


_LEFTOVER = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp\Z")
"""The name `stage` gives a temporary file: `.<name>.<mkstemp's 8 characters>.tmp`, a dotfile,
which MkDocs skips. A build that is killed can leave some behind; the next one removes them."""

OWNED = ("index.md", "glossary.md", "cases", "explainers")
"""What the generator may write under the output folder: the home page, the glossary,
`cases/` and the other pages of the case index, `explainers/`."""


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` to `path` unless it already holds exactly that; True if it wrote."""
    staged = stage(path, text)
    if staged is not None:
        commit([(staged, path)])
    return staged is not None


def stage(path: Path, text: str) -> Path | None:
    """Write `text` to a temporary file beside `path`, unless `path` already holds exactly
    that; return the temporary file, for `commit` (or `discard`), or None.

    The build stages every changed file first and renames them all only once every data
    file has passed, so a failed build leaves the output as it was.
    """
    data = text.encode()
    try:
        with open(path, "rb") as old:
            if old.read() == data:
                return None
    except FileNotFoundError:
        pass
    except (IsADirectoryError, NotADirectoryError):
        return None  # a folder where the file goes, or a file on its way: `check_owned` says
    tmp, handle = _create_beside(path)
    try:
        with handle:
            handle.write(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _create_beside(path: Path) -> tuple[Path, BinaryIO]:
    """A new, empty temporary file in the folder of `path` (made if missing), named as
    `_LEFTOVER` expects, and open for writing. Like `tempfile.mkstemp`, it tries random
    names until one is free, but the file gets the permissions of any new file (0o666 less
    the umask), and a folder is made only when it is missing: a cold build of 1,000
    explainers stages 9,000 files, and this halved the time each took."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{os.urandom(4).hex()}.tmp"
        try:
            return tmp, open(tmp, "xb")  # the caller writes and closes it
        except FileExistsError:
            continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
    raise FileExistsError(f"no free name for a temporary file beside {path}")


def commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename each staged (temporary file, target) into place; if one fails, the temporary
    files not yet renamed are deleted, and the error is raised."""
    for done, (tmp, target) in enumerate(staged):
        try:
            os.replace(tmp, target)
        except BaseException:
            discard([tmp for tmp, _ in staged[done:]])
            raise


def discard(staged: list[Path], created: list[Path] | None = None) -> None:
    """Delete temporary files that `stage` made and that will not be renamed into place, and
    the `created` folders (`missing_folder`) that are empty again."""
    for tmp in staged:
        tmp.unlink(missing_ok=True)
    for folder in created or []:
        for below, _, _ in sorted(os.walk(folder), reverse=True):  # deepest first
            with contextlib.suppress(OSError):  # not empty: something else is in there
                os.rmdir(below)


def missing_folder(folder: Path) -> Path | None:
    """The outermost of `folder` and its parents that does not exist yet, if any: what
    staging a file in `folder` creates."""
    missing = None
    while not folder.exists():
        missing, folder = folder, folder.parent
    return missing


def check_owned(out_dir: Path, paths: list[str]) -> list[DataError]:
    """What stops the generator writing `paths`: a page that a person wrote there (it lacks
    the generated mark), a folder where a page goes, a file where a folder goes. One `stat`
    for each path and for each folder above them."""
    errors = []
    for rel in paths:
        target = out_dir / rel
        mode = _mode(target)
        if stat.S_ISDIR(mode):
            message = "is a folder, where the generator writes a file; move it away"
            errors.append(DataError(str(target), 0, "", message))
        elif stat.S_ISREG(mode) and not _is_generated(target):
            message = "exists and was not written by the generator; move it away or delete it"
            errors.append(DataError(str(target), 1, "", message))
    folders: set[str] = set()  # every folder above the paths, each once
    for rel in paths:
        folder = posixpath.dirname(rel)
        while folder and folder not in folders:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    for folder in sorted(folders):  # outermost first
        if stat.S_ISREG(_mode(out_dir / folder)):
            message = "is a file, where the generator needs a folder; move it away"
            errors.append(DataError(str(out_dir / folder), 0, "", message))
    return errors


def _mode(path: Path) -> int:
    """The file type and permissions of `path`; 0 if there is nothing there."""
    try:
        return os.stat(path).st_mode
    except OSError:  # missing, or below a file
        return 0


def remove_stale(out_dir: Path, keep: set[str], only: str | None = None) -> list[str]:
    """Delete generated files that are not in `keep` (under `cases/`, and the generator's own
    top-level pages, such as the glossary once its data is gone); return their paths."""
    tops = [out_dir / "cases" / only] if only is not None else [out_dir / "cases"]
    if only is None:
        tops.append(out_dir / "explainers")
    found = [name for name in OWNED if not (out_dir / name).is_dir() and only is None]
    # One listing of the folders (`os.walk`), and a look at a file only if it is not kept:
    # a site of 1,000 explainers has 9,000 files here.
    folders = [(top, *entry) for top in tops for entry in sorted(os.walk(top))]
    for _, folder, _, names in folders:
        base = Path(folder).relative_to(out_dir).as_posix()
        found += [f"{base}/{name}" for name in sorted(names)]
    removed = []
    for rel in found:
        path = out_dir / rel
        if rel in keep or not path.is_file():
            continue
        if _LEFTOVER.match(path.name):
            path.unlink()  # staged by a build that was killed before it finished
        elif (path.suffix in GENERATED_MARKS or path.name in NAMED_MARKS) and _is_generated(path):
            path.unlink()
            removed.append(rel)
    for top, folder, _, _ in reversed(folders):  # deepest first
        if folder != str(top) and not os.listdir(folder):
            os.rmdir(folder)
    return removed


def _is_generated(path: Path) -> bool:
    """Whether the file (not a folder: the callers have looked) starts with its mark."""
    mark = generated_mark(path.name)
    with path.open("rb") as handle:
        return handle.read(len(mark)) == mark
