"""Benchmark the whole path, data to published site, at 10, 100 and 1,000 explainers.

    .venv/bin/python -m benchmarks.site_bench                    # `make bench`: 10 and 100
    .venv/bin/python -m benchmarks.site_bench --sizes 10,100,1000  # `make bench-large`

For each size it builds the same synthetic explainers (`synthetic.py`) twice with `mkdocs
build --strict`: with the site's configuration (each page's navigation holds its own
explainer, Pagefind search) and with the default one (every explainer in every page's
navigation, Material's built-in search; only up to `--default-up-to` explainers, since it
grows with the square of the site). For each build it records the time, the time per HTML
page, the size of the site on disk, the largest HTML page, and the bytes one search query
downloads in Chromium (every file the browser asks for once the reader starts typing,
counted by the server). Beside them: the generator's share (`python -m generator build`
alone), Zensical building the same Markdown (at the largest size), and the live preview:
`mkdocs serve` with `CASE=<slug>`, an edit to that explainer's data, and the time until the
open page shows it.

It writes `benchmarks/results/site.json` and regenerates `docs/performance.md` from it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.bench import _machine, _make_project

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "site.json"
PAGE = ROOT / "docs" / "performance.md"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
QUERIES = ("jury verdict", "deposition")
"""Words every synthetic explainer uses (the worst case for the bytes a query needs)."""

TARGETS = {
    "site_mb": 500.0,
    "largest_page_kb": 150.0,
    "ms_per_page": 60.0,
    "per_page_growth": 1.2,
    "search_kb": 1024.0,
    "preview_s": 3.0,
}


def run(sizes: list[int], default_up_to: int, work: Path, log: Any = print) -> dict[str, Any]:
    load_before = os.getloadavg()
    rows = []
    for size in sizes:
        project = work / f"site-{size}"
        slugs = _make_project(project, size, seed=0)
        for config in ("site", "default"):
            if config == "default" and size > default_up_to:
                continue
            _configure(project, config)
            log(f"{size} explainers, {config} configuration: mkdocs build")
            rows.append(_measure_build(project, size, config, work))
        _configure(project, "site")
        if size == max(sizes):
            log(f"{size} explainers: Zensical, the generator alone, and the live preview")
            rows[-2 if size <= default_up_to else -1]["zensical"] = _measure_zensical(project, work)
            preview = _measure_preview(project, slugs[len(slugs) // 2])
        shutil.rmtree(project / "site", ignore_errors=True)
    return {
        "measured_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "machine": _machine(load_before, os.getloadavg()),
        "queries": list(QUERIES),
        "rows": rows,
        "preview": preview,
    }


def _configure(project: Path, config: str) -> None:
    """The site's mkdocs.yml, or the default configuration: every explainer in every page's
    navigation and Material's built-in search."""
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    site = config == "site"
    text = re.sub(
        r"(?m)^plugins:.*\n(  - search\n)?",
        "plugins: []\n" if site else "plugins:\n  - search\n",
        text,
    )
    text = re.sub(
        r"(?m)^  (# )?search: pagefind$",
        "  search: pagefind" if site else "  # search: pagefind",
        text,
    )
    text = re.sub(
        r"(?m)^  navigation: \w+$", f"  navigation: {'explainer' if site else 'all'}", text
    )
    path.write_text(text, encoding="utf-8")


def _measure_build(project: Path, size: int, config: str, work: Path) -> dict[str, Any]:
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    seconds = _timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], project)
    html = [p for p in site.rglob("*.html")]
    pages = len(html)
    row: dict[str, Any] = {
        "explainers": size,
        "config": config,
        "mkdocs_s": round(seconds, 2),
        "html_pages": pages,
        "ms_per_page": round(seconds / pages * 1000, 1),
        "site_mb": round(_bytes(site) / 2**20, 1),
        "largest_page_kb": round(max(p.stat().st_size for p in html) / 1024, 1),
        "home_kb": round((site / "index.html").stat().st_size / 1024, 1),
        "search_kb": _search_bytes(site, config),
    }
    if config == "site":
        out = work / f"generated-{size}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [sys.executable, "-m", "generator", "--project", str(project), "build"]
        row["generator_s"] = round(_timed([*cmd, "--out", str(out)], ROOT), 2)
        row["generator_share"] = round(row["generator_s"] / seconds, 3)
        # the same without the worker pool: what `build.py`'s worker processes save
        shutil.rmtree(out, ignore_errors=True)
        row["generator_one_process_s"] = round(
            _timed([*cmd, "--out", str(out), "--jobs", "1"], ROOT), 2
        )
        pagefind = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
        pagefind += ["--root-selector", "article.md-content__inner", "--glob", "**/index.html"]
        row["pagefind_s"] = round(_timed(pagefind, project), 2)
        row["pagefind_mb"] = round(_bytes(site / "pagefind") / 2**20, 1)
    return row


def _measure_zensical(project: Path, work: Path, timeout: float = 600) -> dict[str, Any]:
    """Zensical on the same Markdown (it runs no hooks: the generator writes it first)."""
    docs = project / "docs"
    cmd = [sys.executable, "-m", "generator", "--project", str(project), "build"]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    zensical = Path(sys.executable).parent / "zensical"
    start = time.perf_counter()
    try:
        subprocess.run(
            [str(zensical), "build", "-f", "mkdocs.yml"],
            cwd=project,
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"finished": False, "timeout_s": timeout}
    except subprocess.CalledProcessError as exc:
        return {"finished": False, "error": exc.stderr.decode("utf-8", "replace")[-500:]}
    finally:
        for generated in ("index.md", "glossary.md", "corrections.md", "cases", "explainers"):
            target = docs / generated
            shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    seconds = time.perf_counter() - start
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    return {"finished": True, "seconds": round(seconds, 2), "html_pages": pages}


def _search_bytes(site: Path, config: str) -> float:
    """KB that Chromium downloads for one search, from typing the query to the results: the
    largest over `QUERIES`, each in a fresh browser (nothing cached)."""
    from playwright.sync_api import sync_playwright

    worst = 0
    with _serve(site) as (url, asked), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for query in QUERIES:
                context = browser.new_context()
                page = context.new_page()
                page.goto(url, wait_until="networkidle")
                if config == "site":
                    asked.clear()  # Pagefind loads nothing until the reader searches
                else:  # the built-in search fetches its whole index with every page
                    for path in [p for p in asked if "search" not in p]:
                        del asked[path]
                page.locator("input.md-search__input").click()
                page.keyboard.type(query)
                page.locator(".md-search-result__item a").first.wait_for(timeout=120_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                worst = max(worst, sum(asked.values()))
                context.close()
        finally:
            browser.close()
    return round(worst / 1024, 1)


@contextlib.contextmanager
def _serve(site: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """Serve `site` on 127.0.0.1; count the bytes of each file sent."""
    asked: dict[str, int] = {}

    class Counting(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def copyfile(self, source: Any, outputfile: Any) -> None:
            data = source.read()
            asked[self.path] = asked.get(self.path, 0) + len(data)
            outputfile.write(data)

    handler = functools.partial(Counting, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", asked
    finally:
        server.shutdown()
        server.server_close()


def _measure_preview(project: Path, slug: str) -> dict[str, Any]:
    """`CASE=<slug> mkdocs serve`, the explainer's overview open in Chromium, then one edit to
    its data file: seconds until the reloaded page shows the new title."""
    from playwright.sync_api import expect, sync_playwright

    port = _free_port()
    env = {**os.environ, "CASE": slug, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
    data = project / "data" / "cases" / f"{slug}.yaml"
    original = data.read_text(encoding="utf-8")
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(cmd, cwd=project, env=env, stdout=log, stderr=log)
        try:
            start = time.perf_counter()
            url = f"http://127.0.0.1:{port}/cases/{slug}/"
            _wait_for(url, 600)
            first_build = time.perf_counter() - start
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox"]
                )
                page = browser.new_page()
                page.goto(url)
                title = re.search(r"(?m)^title: (.*)$", original)
                assert title is not None
                edited = original.replace(title.group(0), "title: Edited For The Benchmark", 1)
                start = time.perf_counter()
                data.write_text(edited, encoding="utf-8")
                expect(page.locator("h1")).to_contain_text(
                    "Edited For The Benchmark", timeout=120_000
                )
                reload_s = time.perf_counter() - start
                browser.close()
        finally:
            data.write_text(original, encoding="utf-8")
            server.terminate()
            server.wait(30)
    return {
        "slug": slug,
        "first_build_s": round(first_build, 2),
        "edit_to_page_s": round(reload_s, 2),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _timed(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return took


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- the report ------------------------------------------------------------------------


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """Each target of issue 14 at the largest size: what it asks, what was measured, met."""
    site = {r["explainers"]: r for r in results["rows"] if r["config"] == "site"}
    big = site[max(site)]
    out: list[tuple[str, str, bool | None]] = []
    n = f"{big['explainers']:,} explainers"

    def add(name: str, shown: str, met: bool | None) -> None:
        out.append((name, shown, met))

    add(
        f"site on disk at {n}: at most 500 MB",
        f"{big['site_mb']:.0f} MB",
        big["site_mb"] <= TARGETS["site_mb"],
    )
    add(
        f"largest HTML page at {n}: at most 150 KB",
        f"{big['largest_page_kb']:.0f} KB",
        big["largest_page_kb"] <= TARGETS["largest_page_kb"],
    )
    add(
        f"`mkdocs build` per page at {n}: at most 60 ms",
        f"{big['ms_per_page']:.1f} ms",
        big["ms_per_page"] <= TARGETS["ms_per_page"],
    )
    if 100 in site and big["explainers"] > 100:
        growth = big["ms_per_page"] / site[100]["ms_per_page"]
        add(
            f"per page at {n} / at 100: at most 1.2x",
            f"{growth:.2f}x",
            growth <= TARGETS["per_page_growth"],
        )
    add(
        f"one search query at {n}: at most 1 MB",
        f"{big['search_kb']:.0f} KB",
        big["search_kb"] <= TARGETS["search_kb"],
    )
    preview = results.get("preview")
    if preview:
        add(
            f"live preview, edit to page, at {n}: at most 3 s",
            f"{preview['edit_to_page_s']:.2f} s",
            preview["edit_to_page_s"] <= TARGETS["preview_s"],
        )
    return out


def render_table(results: dict[str, Any]) -> str:
    lines = [
        "| Explainers | Configuration | HTML pages | `mkdocs build` | Per page | Site on disk | "
        "Largest page | Home page | One search query | Generator share |",
        "| ---: | --- |" + " ---: |" * 8,
    ]
    for r in results["rows"]:
        config = (
            "site (own navigation, Pagefind)"
            if r["config"] == "site"
            else ("default (all navigation, built-in search)")
        )
        share = f"{r['generator_share']:.0%}" if "generator_share" in r else ""
        lines.append(
            f"| {r['explainers']:,} | {config} | {r['html_pages']:,} | {r['mkdocs_s']:.1f} s | "
            f"{r['ms_per_page']:.1f} ms | {r['site_mb']:.1f} MB | {r['largest_page_kb']:.0f} KB | "
            f"{r['home_kb']:.0f} KB | {r['search_kb']:.0f} KB | {share} |"
        )
    lines += ["", "| Target (issue 14) | Measured | Met |", "| --- | ---: | :---: |"]
    for name, shown, met in targets(results):
        lines.append(f"| {name} | {shown} | {'yes' if met else '**no**'} |")
    extra = []
    for r in results["rows"]:
        if "pagefind_s" in r:
            extra.append(
                f"- {r['explainers']:,} explainers: Pagefind indexing {r['pagefind_s']:.1f} s "
                f"(included in `mkdocs build`), its index {r['pagefind_mb']:.1f} MB; the "
                f"generator alone {r['generator_s']:.1f} s"
                + (
                    f" ({r['generator_one_process_s']:.1f} s in one process, without its "
                    "worker pool)."
                    if "generator_one_process_s" in r
                    else "."
                )
            )
        z = r.get("zensical")
        if z:
            extra.append(
                f"- Zensical on the same {r['explainers']:,} explainers: "
                + (
                    f"{z['seconds']:.1f} s for {z['html_pages']:,} HTML pages "
                    f"({z['seconds'] / max(z['html_pages'], 1) * 1000:.1f} ms a page)."
                    if z["finished"]
                    else f"did not finish ({z.get('error') or 'stopped after ' + str(z['timeout_s']) + ' s'})."
                )
            )
    preview = results.get("preview")
    if preview:
        extra.append(
            f"- Live preview (`make serve CASE={preview['slug']}`): first build "
            f"{preview['first_build_s']:.1f} s; an edit to its data shown in the open page "
            f"after {preview['edit_to_page_s']:.2f} s."
        )
    return "\n".join(lines) + "\n\n" + "\n".join(extra) + "\n"


def render_page(results: dict[str, Any]) -> str:
    machine = results["machine"]
    load = " / ".join(
        " ".join(map(str, machine[k])) for k in ("load_average_before", "load_average_after")
    )
    queries = " and ".join(f"“{q}”" for q in results["queries"])
    return f"""<!-- written by benchmarks/site_bench.py from benchmarks/results/site.json;
run `make bench` (10 and 100 explainers) or `make bench-large` (and 1,000) to refresh -->
# Performance

The whole path from data to published site, on synthetic explainers shaped like the real
one (`benchmarks/synthetic.py`: three suits, two verdicts, 50 events and 20 sources each),
measured on {results["measured_at"][:10]}, one run of each. *Site* is this site's
configuration: each page's navigation holds its own explainer and the site's pages, the home
page is a paged case index, and search is Pagefind's. *Default* is the same site with every
explainer in every page's navigation and Material's built-in search, for comparison.

- *`mkdocs build`* is `mkdocs build --strict`, which runs the generator through the hook
  and, for the site configuration, Pagefind's indexing; *per page* divides it by the HTML
  pages. *Site on disk* is everything published: HTML, assets, search index and data exports.
- *One search query* is what Chromium downloads from the moment a reader types a query
  until the results show, in a fresh browser: the largest of {queries}, words that every
  explainer uses. For the built-in search that is its whole index.
- *Generator share* is `python -m generator build` alone against `mkdocs build`.

{render_table(results)}
## The machine

| | |
| --- | --- |
| CPU | {machine["cpu"]}, {machine["cores"]} cores |
| Memory | {machine["memory_gb"]} GB |
| System | {machine["os"]}, {machine["implementation"]} {machine["python"]} |
| Load average before / after | {load} |

The machine was shared with other work while this ran (see the load average); the figures
are single runs. `benchmarks/results/site.json` holds them all. The generator's own
benchmark (its stages, no-op builds, memory) is `python -m benchmarks.bench`
(`benchmarks/README.md`).
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.site_bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", default="10,100", help="explainer counts (default: %(default)s)")
    parser.add_argument(
        "--default-up-to",
        type=int,
        default=100,
        help="largest size built with the default configuration",
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--page", type=Path, default=PAGE)
    parser.add_argument(
        "--page-only", action="store_true", help="regenerate the page; measure nothing"
    )
    args = parser.parse_args(argv)
    if args.page_only:
        results = json.loads(args.results.read_text(encoding="utf-8"))
    else:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        with tempfile.TemporaryDirectory(prefix="case-site-bench-") as work:
            results = run(
                sizes,
                args.default_up_to,
                Path(work),
                log=lambda m: print(m, file=sys.stderr, flush=True),
            )
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    args.page.write_text(render_page(results), encoding="utf-8")
    print(render_table(results), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
