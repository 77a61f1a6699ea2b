"""The benchmark still runs: a smoke run at 10 explainers (timing targets are `make bench`'s)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import bench
from benchmarks.synthetic import EVENTS, SOURCES, make_case, write_site
from generator.build import collect_cases


def test_synthetic_cases_are_valid_deterministic_and_shaped_like_the_real_one(
    tmp_path: Path,
) -> None:
    assert make_case(3, seed=1) == make_case(3, seed=1)
    assert make_case(3, seed=1) != make_case(3, seed=2)
    write_site(tmp_path, 5)
    collected = collect_cases(tmp_path)  # raises on any error
    assert not collected.warnings
    for page in collected.pages:
        case = page.case
        assert len(case.events) == EVENTS and len(case.sources) == SOURCES
        assert len(case.proceedings) >= 2
        assert all(3 <= len(v.awards) <= 6 for v in case.verdicts)
        precisions = {e.date.precision for e in case.events}
        assert precisions == {"day", "month", "year", "range"}


@pytest.mark.slow  # one mkdocs build of 10 explainers, and one of a single explainer
def test_smoke_run_writes_the_json_and_the_page(tmp_path: Path) -> None:
    results_dir, page = tmp_path / "results", tmp_path / "performance.md"
    argv = ["--sizes", "10", "--repeat", "1", "--mkdocs-sizes", "10", "--mkdocs-repeat", "1"]
    argv += ["--preview-size", "10", "--results", str(results_dir), "--page", str(page)]
    assert bench.main(argv) == 0

    results = json.loads((results_dir / "latest.json").read_text(encoding="utf-8"))
    assert {"schema", "measured_at", "machine", "config", "sizes", "preview", "targets"} <= set(
        results
    )
    assert {"cpu", "cores", "memory_gb", "python", "packages"} <= set(results["machine"])
    (row,) = results["sizes"]
    assert row["explainers"] == 10
    assert row["files_written_cold"] > 10 * 4
    assert row["files_written_noop"] == 0  # a no-op build writes nothing
    for run in ("cold", "noop", "one_process"):
        assert row[run]["total"] > 0
    assert {"load_validate", "derive_render", "write", "other"} <= set(row["one_process"])
    assert all(row["one_process"][stage] > 0 for stage in ("load_validate", "write"))
    assert row["peak_rss_mb"] > 0
    assert row["mkdocs"]["seconds"] > 0 and row["mkdocs"]["html_pages"] > 10 * 4
    assert row["generator_vs_mkdocs"] > 0
    assert results["preview"]["mkdocs_one_s"] > 0
    assert [t["name"] for t in results["targets"]] == [t["name"] for t in bench._targets(results)]

    # the page is generated from the same figures
    text = page.read_text(encoding="utf-8")
    assert bench.render_table(results) in text
    assert results["machine"]["cpu"] in text


def test_site_bench_switches_between_this_configuration_and_the_default(tmp_path: Path) -> None:
    from benchmarks import site_bench

    from .conftest import ROOT

    shipped = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(shipped, encoding="utf-8")
    site_bench._configure(tmp_path, "default")
    default = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "plugins:\n  - search\n" in default and "\n  navigation: all\n" in default
    assert "\n  search: pagefind\n" not in default
    site_bench._configure(tmp_path, "site")
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == shipped


def test_the_performance_page_is_the_recorded_figures() -> None:
    from benchmarks import site_bench

    results = json.loads(site_bench.RESULTS.read_text(encoding="utf-8"))
    page = site_bench.PAGE.read_text(encoding="utf-8")
    assert site_bench.render_table(results) in page  # `make bench` writes both at once
