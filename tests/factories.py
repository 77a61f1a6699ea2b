"""Builders for test inputs: the fixture case as text, edited one snippet at a time."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from generator.derive import VerdictSummary

FIXTURE_CASE = Path(__file__).resolve().parent / "data" / "cases" / "doe-v-roe.yaml"
FIXTURE_NAME = "data/cases/doe-v-roe.yaml"


def fixture_text() -> str:
    return FIXTURE_CASE.read_text(encoding="utf-8")


def edited(old: str, new: str, text: str | None = None) -> str:
    """The fixture case with the one occurrence of `old` replaced by `new`."""
    text = fixture_text() if text is None else text
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the fixture"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """The 1-based line on which `needle` first occurs in `text`."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def write_case(project: Path, text: str, name: str = "doe-v-roe.yaml") -> Path:
    path = project / "data" / "cases" / name
    path.write_text(text, encoding="utf-8")
    return path


ROOT = Path(__file__).resolve().parent.parent


FIXTURE_TODAY = date(2024, 3, 15)
"""The day the CLI tests run `check` on: two weeks after the fixture's `as_of`."""


def on_day(today: date) -> dict[str, str]:
    """The environment for a `python -m generator` that takes `today` as the date."""
    moment = datetime.combine(today, datetime.min.time(), UTC)
    return {**os.environ, "SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}


def run_generator(
    project: Path, *args: str, timeout: float = 120, today: date = FIXTURE_TODAY
) -> subprocess.CompletedProcess[str]:
    """`python -m generator --project PROJECT ARGS...`, as a maintainer runs it, on `today`
    (`check` compares the data with the day it runs on)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=timeout,
        env=on_day(today),
    )


def built_twice(project: Path, tmp_path: Path, suffixes: set[str]) -> list[dict[str, bytes]]:
    """The published files (not the build's own dotfiles) with these suffixes that
    `python -m generator build` writes, by path, from two fresh interpreters with different
    hash seeds: nothing in memory (a set's order, a cache) is shared between the two."""
    return [
        {
            path: data
            for path, data in _build(project, tmp_path / seed, seed).items()
            if Path(path).suffix in suffixes and not Path(path).name.startswith(".")
        }
        for seed in ("1", "2")
    ]


def _build(project: Path, out: Path, hash_seed: str) -> dict[str, bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), "build", "--out", str(out)],
        env={**on_day(FIXTURE_TODAY), "PYTHONHASHSEED": hash_seed},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def mkdocs_build(
    project: Path, *flags: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build FLAGS -d PROJECT/site` in the project, without the MkDocs 2 banner and
    without a CASE preview setting inherited from the shell."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if "CASE" not in (env or {}):
        environment.pop("CASE", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *flags, "-d", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=300,
    )


def split_amounts(verdict: VerdictSummary, split: str) -> list[int]:
    """The amounts a chart split `split` ("recipient", "claim" or "kind") should draw, read
    from the award table's own figures."""
    if split == "recipient":
        return [r.amount_usd for r in verdict.recipients]
    if split == "claim":
        return [c.subtotal_usd for c in verdict.claims]
    return [k.amount_usd for k in verdict.kinds]
