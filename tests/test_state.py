"""A build with nothing to do does nothing, and any change makes it do everything again."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import DataErrors

from .factories import edited, fixture_text, write_case

build_module = importlib.import_module("generator.build")


def no_stage_may_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a stage ran although nothing changed")

    monkeypatch.setattr(build_module, "collect_cases", refuse)


def test_unchanged_inputs_skip_every_stage(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(project)
    no_stage_may_run(monkeypatch)
    again = build(project)
    assert (again.pages, again.exports, again.written, again.removed) == (
        first.pages,
        first.exports,
        [],
        [],
    )


def test_changed_data_rebuilds(project: Path) -> None:
    build(project)
    write_case(
        project,
        edited(
            "amount_usd: 250_000",
            "amount_usd: 350_000",
            edited("    amount_usd: 1_270_000", "    amount_usd: 1_370_000"),
        ),
    )
    result = build(project)
    assert "cases/doe-v-roe/awards.md" in result.written
    assert "$350,000" in (project / "docs/cases/doe-v-roe/awards.md").read_text()


def test_an_edited_output_is_restored(project: Path) -> None:
    build(project)
    page = project / "docs/cases/doe-v-roe/awards.md"
    original = page.read_bytes()
    page.write_text("<!-- generated from data/cases/doe-v-roe.yaml -->\nedited by hand\n")
    assert build(project).written == ["cases/doe-v-roe/awards.md"]
    assert page.read_bytes() == original


def test_a_deleted_output_is_restored(project: Path) -> None:
    build(project)
    (project / "docs/cases/doe-v-roe/feed.xml").unlink()
    assert build(project).written == ["cases/doe-v-roe/feed.xml"]


def test_warnings_survive_a_build_with_nothing_to_do(project: Path) -> None:
    write_case(project, edited('date: "2024-05"', 'date: "2024-02"'))
    first = build(project)
    assert [w.field for w in first.warnings] == ["events[3].status"]
    assert build(project).warnings == first.warnings
    with pytest.raises(DataErrors):
        build(project, strict=True)


def test_only_and_full_builds_do_not_share_a_result(project: Path) -> None:
    write_case(project, fixture_text().replace("slug: doe-v-roe", "slug: other"), "other.yaml")
    build(project, only="other")
    full = build(project)
    assert "cases/doe-v-roe/index.md" in full.written


def test_preview_rebuild_checks_only_the_edited_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what `mkdocs serve` does through the hook: a cache of checked files across rebuilds
    write_case(project, fixture_text().replace("slug: doe-v-roe", "slug: other"), "other.yaml")
    cache: build_module.CheckCache = {}
    build_module.collect_cases(project, cache=cache)
    loaded: list[str] = []
    real_load = build_module.load_yaml

    def counting_load(path: Path, name: str) -> object:
        loaded.append(name)
        return real_load(path, name)

    monkeypatch.setattr(build_module, "load_yaml", counting_load)
    assert len(build_module.collect_cases(project, cache=cache).pages) == 2
    assert loaded == []
    write_case(
        project,
        edited(
            "amount_usd: 250_000",
            "amount_usd: 260_000",
            edited("    amount_usd: 1_270_000", "    amount_usd: 1_280_000"),
        ),
    )
    pages = build_module.collect_cases(project, cache=cache).pages
    assert loaded == ["data/cases/doe-v-roe.yaml"]
    assert {p.slug: p.total_usd for p in pages} == {"doe-v-roe": 1_280_000, "other": 1_270_000}
