"""Builders for test inputs: the fixture case as text, edited one snippet at a time."""

from __future__ import annotations

from pathlib import Path

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
