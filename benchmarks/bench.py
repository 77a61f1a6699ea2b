"""Benchmark: the generator at 10, 100 and 1,000 synthetic explainers, beside `mkdocs build`.

    .venv/bin/python -m benchmarks.bench            # what `make bench` runs
    .venv/bin/python -m benchmarks.bench --help     # sizes, repetitions, where results go

One process run measures, for each size, the median of several runs of:

1. load + validate, 2. derive + render (pages and exports), 3. write, cold (empty output
folder) and no-op (nothing changed; the run must write zero files, and this is asserted),
4. a full `mkdocs build --strict` of the same site (at the smaller sizes), for the ratio,
5. peak memory (RSS) of a fresh process that runs one cold build, with its workers.

and, at 100 explainers, the preview case: a full `mkdocs build` against `CASE=<slug> mkdocs
build`, and `python -m generator build` against `--only <slug>`.

The cold total is the real `generator.build.build()` as `generator build` runs it, with its
worker processes. The stages are timed in a build in one process (`jobs=1`): each stage
function it calls is wrapped with a stopwatch for the run, so the figures follow whatever
`build()` does. Every cold run writes into a folder of its own, and nothing is deleted until
the end: on this machine's disk, files created just after thousands were deleted take ten
times longer, which would be measuring the benchmark's clean-up rather than the generator.

It prints a Markdown table, writes the figures as JSON to `benchmarks/results/latest.json`
(with the machine they were measured on) and regenerates `docs/performance.md` from that
JSON, so the page and the JSON cannot disagree.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gc
import importlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.synthetic import EVENTS, SOURCES, write_site
from generator.build import PARALLEL_FROM

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PAGE = ROOT / "docs" / "performance.md"
SCHEMA = 1

# Stage functions that `generator.build` calls, grouped as the issue reports them.
STAGES = {
    "load_validate": ("load_yaml", "validate_case"),
    "derive": ("derive_page",),
    "render": ("render_site_pages", "render_case_pages"),
    "exports": ("export_case",),
    "write": ("check_owned", "stage", "commit", "remove_stale"),
}
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "pydantic",
    "pydantic-core",
    "PyYAML",
    "Jinja2",
    "Markdown",
    "pymdown-extensions",
    "icalendar",
)

TARGETS = {
    "cold_1000_s": 3.0,
    "noop_fraction": 0.10,
    "generator_vs_mkdocs": 0.03,
    "linear_growth": 1.5,
    "peak_rss_1000_mb": 300.0,
}


# --- the benchmark ----------------------------------------------------------------------


def run(
    sizes: list[int],
    repeat: int,
    mkdocs_sizes: list[int],
    mkdocs_repeat: int,
    preview_size: int | None,
    seed: int,
    work: Path,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run every measurement; return the figures as a JSON-ready dict."""
    load_before = os.getloadavg()
    started = time.perf_counter()
    rows = []
    projects: dict[int, tuple[Path, list[str]]] = {}
    for size in sizes:
        project = work / f"site-{size}"
        slugs = _make_project(project, size, seed)
        projects[size] = (project, slugs)
        log(f"{size} explainers: generator, {repeat} run(s) cold and no-op, and in one process")
        row = _measure_generator(project, size, repeat, work)
        row.update(_measure_rss(project, work))
        rows.append(row)
    for row in rows:  # after every generator run: MkDocs deletes and rewrites its site folder
        if row["explainers"] in mkdocs_sizes:
            log(f"{row['explainers']} explainers: mkdocs build, {mkdocs_repeat} run(s)")
            row["mkdocs"] = _measure_mkdocs(projects[row["explainers"]][0], mkdocs_repeat, work)
            row["generator_vs_mkdocs"] = row["cold"]["total"] / row["mkdocs"]["seconds"]
    preview = None
    if preview_size:
        if preview_size not in projects:
            project = work / f"site-{preview_size}"
            projects[preview_size] = (project, _make_project(project, preview_size, seed))
        project, slugs = projects[preview_size]
        full = next(
            (r["mkdocs"] for r in rows if r["explainers"] == preview_size and r.get("mkdocs")),
            None,
        )
        log(f"{preview_size} explainers: preview of one explainer, {mkdocs_repeat} run(s)")
        preview = _measure_preview(project, slugs[len(slugs) // 2], mkdocs_repeat, work, full)
    results = {
        "schema": SCHEMA,
        "measured_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "machine": _machine(load_before, os.getloadavg()),
        "config": {
            "sizes": sizes,
            "repeat": repeat,
            "mkdocs_sizes": mkdocs_sizes,
            "mkdocs_repeat": mkdocs_repeat,
            "preview_size": preview_size,
            "seed": seed,
            "events_per_explainer": EVENTS,
            "sources_per_explainer": SOURCES,
            "statistic": "median",
        },
        "sizes": rows,
        "preview": preview,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    results["targets"] = _targets(results)
    return results


def _make_project(project: Path, size: int, seed: int) -> list[str]:
    """A throwaway project: `size` synthetic explainers, the real hand-written docs and data
    other than cases, and an mkdocs.yml whose paths point back at this checkout."""
    if project.exists():
        shutil.rmtree(project)
    (project / "data").mkdir(parents=True)
    for item in (ROOT / "data").iterdir():
        if item.name == "cases":
            continue
        copy = shutil.copytree if item.is_dir() else shutil.copy2
        copy(item, project / "data" / item.name)
    slugs = write_site(project, size, seed)
    shutil.copytree(
        ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("index.md", "cases")
    )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # `hooks: - generator/hooks.py`, `custom_dir: generator/theme`: make them absolute.
    config = re.sub(r"(?m)^(\s*(?:-|[a-z_]+:)\s+)generator/", rf"\g<1>{ROOT}/generator/", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return slugs


def _measure_generator(project: Path, size: int, repeat: int, work: Path) -> dict[str, Any]:
    build_module = importlib.import_module("generator.build")

    runs: dict[str, list[dict[str, float]]] = {"cold": [], "noop": [], "one_process": []}
    files = noop_written = 0
    for rep in range(repeat):
        out = work / f"out-{size}-{rep}"  # a new folder each time; see the module's docstring
        for kind in ("cold", "noop"):
            gc.collect()
            start = time.perf_counter()
            result = build_module.build(project, out)
            runs[kind].append({"total": time.perf_counter() - start})
            if kind == "cold":
                files = len(result.written)
            else:
                noop_written = len(result.written) + len(result.removed)
                assert noop_written == 0, (
                    f"a no-op build wrote or removed {noop_written} file(s), "
                    f"{(result.written + result.removed)[:5]}: is the output unstable, "
                    "or were the templates edited during the run?"
                )
        gc.collect()
        with _stopwatch(build_module) as times:
            start = time.perf_counter()
            build_module.build(project, work / f"out-{size}-{rep}-one", jobs=1)
            times["total"] = time.perf_counter() - start
        runs["one_process"].append(dict(times))
    data_bytes = sum(p.stat().st_size for p in (project / "data" / "cases").glob("*.yaml"))
    return {
        "explainers": size,
        "data_bytes": data_bytes,
        "jobs": build_module.workers(size),
        "files_written_cold": files,
        "files_written_noop": noop_written,
        "cold": _medians(runs["cold"]),
        "noop": _medians(runs["noop"]),
        "one_process": _medians(runs["one_process"]),
        "runs": runs,
    }


@contextlib.contextmanager
def _stopwatch(module: Any) -> Iterator[dict[str, float]]:
    """Wrap each stage function `module` calls so its time adds up under its stage's name."""
    times: dict[str, float] = defaultdict(float)
    originals = {}
    for stage, names in STAGES.items():
        for name in names:
            original = getattr(module, name, None)
            if original is None:
                continue
            originals[name] = original
            setattr(module, name, _timed(original, stage, times))
    try:
        yield times
    finally:
        for name, original in originals.items():
            setattr(module, name, original)


def _timed(function: Callable[..., Any], stage: str, times: dict[str, float]) -> Any:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[stage] += time.perf_counter() - start

    return timed


def _medians(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = ["total", *STAGES]
    out = {k: statistics.median(r.get(k, 0.0) for r in runs) for k in keys}
    out["derive_render"] = statistics.median(
        r.get("derive", 0.0) + r.get("render", 0.0) + r.get("exports", 0.0) for r in runs
    )
    out["other"] = statistics.median(r["total"] - sum(r.get(k, 0.0) for k in STAGES) for r in runs)
    return out


_RSS_SCRIPT = """
import importlib, json, resource, sys
from pathlib import Path
build = importlib.import_module("generator.build")
project = Path(sys.argv[1])
build.build(project, Path(sys.argv[2]))
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
jobs = build.workers(len(list(project.glob("data/cases/*.yaml"))))
print(json.dumps([own, worker, jobs if jobs > 1 else 0]), file=sys.stderr)
"""


def _measure_rss(project: Path, work: Path) -> dict[str, Any]:
    """Peak RSS (MB) of a fresh Python process that runs one cold build of `project`: its own
    peak plus, for each worker, the largest worker's peak. That counts the memory the workers
    share with it (copy-on-write after `fork`) twice, so it errs high."""
    code = _RSS_SCRIPT
    _, _, stderr = _child([sys.executable, "-c", code, str(project), str(work / "rss-out")], ROOT)
    own, worker, jobs = json.loads(stderr.splitlines()[-1])
    return {
        "peak_rss_mb": round(own + worker * jobs, 1),
        "peak_rss_parts": {"main_mb": round(own, 1), "worker_mb": round(worker, 1), "jobs": jobs},
    }


def _measure_mkdocs(
    project: Path, repeat: int, work: Path, case: str | None = None
) -> dict[str, Any]:
    seconds, rss = [], []
    env = {"CASE": case} if case else {}
    for _ in range(repeat):
        site = Path(tempfile.mkdtemp(prefix="site-", dir=work))
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
        took, peak, _ = _child(cmd, project, env)
        seconds.append(took)
        rss.append(peak)
    pages = sum(1 for _ in site.rglob("index.html"))
    return {
        "seconds": statistics.median(seconds),
        "runs": seconds,
        "peak_rss_mb": round(max(rss), 1),
        "html_pages": pages,
    }


def _measure_preview(
    project: Path, slug: str, repeat: int, work: Path, full: dict[str, Any] | None
) -> dict[str, Any]:
    if full is None:
        full = _measure_mkdocs(project, repeat, work)
    one = _measure_mkdocs(project, repeat, work, case=slug)
    cli: dict[str, list[float]] = {"all": [], "only": []}
    for _ in range(repeat):
        for kind in cli:
            out = Path(tempfile.mkdtemp(prefix="cli-", dir=work))
            cmd = [sys.executable, "-m", "generator", "--project", str(project), "build"]
            cmd += ["--out", str(out)] + (["--only", slug] if kind == "only" else [])
            took, _, _ = _child(cmd, ROOT)
            cli[kind].append(took)
    return {
        "explainers": len(list((project / "data" / "cases").glob("*.yaml"))),
        "slug": slug,
        "mkdocs_full_s": full["seconds"],
        "mkdocs_one_s": one["seconds"],
        "mkdocs_one_html_pages": one["html_pages"],
        "speedup": full["seconds"] / one["seconds"],
        "cli_build_all_s": statistics.median(cli["all"]),
        "cli_build_only_s": statistics.median(cli["only"]),
    }


def _child(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """Run `cmd`; return its wall time, its own peak RSS (MB) and its stderr; raise if it fails."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            cmd, cwd=cwd, env=full_env, stdout=subprocess.DEVNULL, stderr=err
        )
        _, status, usage = os.wait4(process.pid, 0)
        took = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({process.returncode}):\n{stderr[-3000:]}")
    return took, usage.ru_maxrss / 1024, stderr


def _machine(load_before: tuple[float, ...], load_after: tuple[float, ...]) -> dict[str, Any]:
    import yaml

    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "packages": versions,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }


def _targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 7 with the measured figure; `met` is None if it was not measured."""
    by_size = {row["explainers"]: row for row in results["sizes"]}
    big, mid = by_size.get(1000), by_size.get(100)
    out = []

    def add(name: str, target: str, measured: float | None, limit: float, unit: str) -> None:
        out.append(
            {
                "name": name,
                "target": target,
                "measured": None if measured is None else round(measured, 4),
                "unit": unit,
                "met": None if measured is None else measured <= limit,
            }
        )

    add(
        "cold build, 1,000 explainers",
        f"at most {TARGETS['cold_1000_s']:g} s",
        big["cold"]["total"] if big else None,
        TARGETS["cold_1000_s"],
        "s",
    )
    worst_noop = max(
        (r["noop"]["total"] / r["cold"]["total"] for r in results["sizes"]), default=None
    )
    add(
        "no-op build / cold build (worst size; zero files written)",
        f"at most {TARGETS['noop_fraction']:.0%}",
        worst_noop,
        TARGETS["noop_fraction"],
        "ratio",
    )
    ratios = [r["generator_vs_mkdocs"] for r in results["sizes"] if "generator_vs_mkdocs" in r]
    add(
        "generator / mkdocs build (worst measured size)",
        f"at most {TARGETS['generator_vs_mkdocs']:.0%}",
        max(ratios) if ratios else None,
        TARGETS["generator_vs_mkdocs"],
        "ratio",
    )
    growth = None
    if big and mid:
        growth = (big["cold"]["total"] / 1000) / (mid["cold"]["total"] / 100)
    add(
        "time per explainer at 1,000 / at 100",
        f"at most {TARGETS['linear_growth']:g}x",
        growth,
        TARGETS["linear_growth"],
        "ratio",
    )
    add(
        "peak RSS, 1,000 explainers",
        f"at most {TARGETS['peak_rss_1000_mb']:g} MB",
        big["peak_rss_mb"] if big else None,
        TARGETS["peak_rss_1000_mb"],
        "MB",
    )
    return out


# --- the report ------------------------------------------------------------------------


def render_table(results: dict[str, Any]) -> str:
    """The figures as Markdown tables: per size, the targets, and the preview case."""
    lines = [
        "| Explainers | Data | Files | Workers | **Cold total** | Per explainer | "
        "No-op total (files written) | No-op / cold | `mkdocs build` | Generator / mkdocs | "
        "Peak RSS |",
        "|" + " ---: |" * 11,
    ]
    for row in results["sizes"]:
        cold, noop, mk = row["cold"], row["noop"], row.get("mkdocs")
        cells = [
            f"{row['explainers']:,}",
            f"{row['data_bytes'] / 2**20:.1f} MB",
            f"{row['files_written_cold']:,}",
            str(row["jobs"]),
            f"**{_s(cold['total'])}**",
            f"{cold['total'] / row['explainers'] * 1000:.1f} ms",
            f"{_s(noop['total'])} ({row['files_written_noop']})",
            f"{noop['total'] / cold['total']:.0%}",
            _s(mk["seconds"]) if mk else "not run",
            f"{row['generator_vs_mkdocs']:.1%}" if mk else "n/a",
            f"{row['peak_rss_mb']:.0f} MB",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "| Explainers, in one process | Load + validate | Derive + render | Write | Other | "
        "Total | Per explainer |",
        "|" + " ---: |" * 7,
    ]
    for row in results["sizes"]:
        one = row["one_process"]
        cells = [
            f"{row['explainers']:,}",
            *(_s(one[key]) for key in ("load_validate", "derive_render", "write", "other")),
            _s(one["total"]),
            f"{one['total'] / row['explainers'] * 1000:.1f} ms",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| Target (issue 7) | Measured | Met |", "| --- | ---: | :---: |"]
    for target in results["targets"]:
        measured = target["measured"]
        if measured is None:
            shown, met = "not measured", "n/a"
        else:
            shown = {
                "s": f"{measured:.2f} s",
                "MB": f"{measured:.0f} MB",
                "ratio": f"{measured:.1%}" if "%" in target["target"] else f"{measured:.2f}x",
            }[target["unit"]]
            met = "yes" if target["met"] else "**no**"
        lines.append(f"| {target['name']}: {target['target']} | {shown} | {met} |")
    preview = results.get("preview")
    if preview:
        lines += [
            "",
            f"| Preview, {preview['explainers']:,} explainers | Full site | One explainer "
            f"(`{preview['slug']}`) |",
            "| --- | ---: | ---: |",
            f"| `mkdocs build` / `CASE=<slug> mkdocs build` | {_s(preview['mkdocs_full_s'])} | "
            f"{_s(preview['mkdocs_one_s'])} ({preview['speedup']:.1f}x faster) |",
            f"| `python -m generator build` / `--only <slug>` (incl. start-up) | "
            f"{_s(preview['cli_build_all_s'])} | {_s(preview['cli_build_only_s'])} |",
        ]
    return "\n".join(lines) + "\n"


def render_page(results: dict[str, Any]) -> str:
    """`docs/performance.md`: the latest table and the machine it was measured on."""
    machine, config = results["machine"], results["config"]
    packages = ", ".join(f"{k} {v}" for k, v in machine["packages"].items() if v)
    load = " / ".join(
        " ".join(map(str, machine[key])) for key in ("load_average_before", "load_average_after")
    )
    system = f"{machine['os']}, {machine['implementation']} {machine['python']}"
    system += f", libyaml {'yes' if machine['libyaml'] else 'no'}"
    return f"""<!-- written by benchmarks/bench.py from benchmarks/results/latest.json;
run `make bench` to refresh -->
# Performance

How long the generator takes beside the MkDocs build, on sites of synthetic explainers
shaped like the real one (`benchmarks/synthetic.py`): three suits, two verdicts of 3 to 6
award components, {config["events_per_explainer"]} events whose dates mix days, months, years
and ranges, and {config["sources_per_explainer"]} sources each. Each figure is the
{config["statistic"]} of {config["repeat"]} runs ({config["mkdocs_repeat"]} for MkDocs),
measured on {results["measured_at"][:10]}.

- *Cold* writes every file into an empty folder; *no-op* runs again with nothing changed,
  and must write nothing (the benchmark fails if it does). Both are `generator build` as a
  maintainer runs it: from {PARALLEL_FROM} explainers on, with one worker process per
  CPU (*Workers*).
- The second table times each stage in a build in one process (`--jobs 1`). *Derive +
  render* includes the data exports (JSON, CSV, iCalendar, feed) beside the pages; *write*
  is staging each changed file beside its target and renaming them all into place.
- *Generator / mkdocs* compares the generator's cold build with `mkdocs build --strict` of
  the same site (which runs the generator too, through the hook).
- *Peak RSS* is that of a fresh process running one cold build, plus the largest worker's
  peak for each worker (which counts memory they share twice).

{render_table(results)}
## The machine

| | |
| --- | --- |
| CPU | {machine["cpu"]}, {machine["cores"]} cores |
| Memory | {machine["memory_gb"]} GB |
| System | {system} |
| Packages | {packages} |
| Load average before / after | {load} |

The machine was shared with other work while this ran; the load average above shows how
busy it was. Run `make bench` to measure again (it takes several minutes; the MkDocs builds
of 100 explainers are the slow part), and `benchmarks/results/latest.json` holds every run.
"""


def _s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


# --- command line ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes", default="10,100,1000", help="explainer counts (default: %(default)s)"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="generator runs per size (default: 5)"
    )
    parser.add_argument(
        "--mkdocs-sizes", default="10,100", help="sizes to build with mkdocs (default: %(default)s)"
    )
    parser.add_argument("--mkdocs-repeat", type=int, default=3, help="mkdocs runs (default: 3)")
    parser.add_argument(
        "--preview-size", type=int, default=100, help="site size for the preview case; 0 skips it"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for latest.json")
    parser.add_argument("--page", type=Path, default=PAGE, help="the Markdown page to regenerate")
    parser.add_argument(
        "--page-only",
        action="store_true",
        help="regenerate the page from latest.json; measure nothing",
    )
    args = parser.parse_args(argv)
    latest = args.results / "latest.json"
    if args.page_only:
        results = json.loads(latest.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory(prefix="case-bench-") as work:
            results = run(
                sizes=_ints(args.sizes),
                repeat=args.repeat,
                mkdocs_sizes=_ints(args.mkdocs_sizes),
                mkdocs_repeat=args.mkdocs_repeat,
                preview_size=args.preview_size or None,
                seed=args.seed,
                work=Path(work),
                log=lambda message: print(message, file=sys.stderr, flush=True),
            )
        args.results.mkdir(parents=True, exist_ok=True)
        latest.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    args.page.parent.mkdir(parents=True, exist_ok=True)
    args.page.write_text(render_page(results), encoding="utf-8")
    print(render_table(results), end="")
    written = args.page if args.page_only else f"{latest} and {args.page}"
    print(f"\nwrote {written}", file=sys.stderr)
    return 0


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


if __name__ == "__main__":
    sys.exit(main())
