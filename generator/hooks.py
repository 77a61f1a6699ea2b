"""MkDocs hook: run the generator inside `mkdocs build` and `mkdocs serve`.

The pages are added in memory as generated files, so nothing is written into `docs/` while
`mkdocs serve` watches it (writing there would trigger rebuild after rebuild). This is the
only module that imports MkDocs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.build import collect_cases
from generator.errors import DataErrors
from generator.render import CASE_SECTIONS, render_pages, unescape_markdown

log = logging.getLogger("mkdocs.plugins.case_explainers")

_state: dict[str, Any] = {"serving": False, "last_good": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    templates = str(Path(__file__).parent / "templates")
    if templates not in config.watch:
        config.watch.append(templates)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    project = Path(config.config_file_path).parent
    only = os.environ.get("CASE") or None
    try:
        collected = collect_cases(project, only=only)
        pages = render_pages(collected.pages)
    except DataErrors as exc:
        if _state["serving"] and _state["last_good"] is not None:
            # `mkdocs serve` stops answering after a failed build; keep the last good pages
            # and show the errors instead, so fixing the file brings the new pages back.
            for error in exc.errors:
                log.error(str(error))
            log.error("case data has errors; still serving the last good pages")
            pages = _state["last_good"]
        else:
            raise PluginError(
                "case data has errors:\n" + "\n".join(str(e) for e in exc.errors)
            ) from None
    else:
        for warning in collected.warnings:
            log.warning(str(warning))
        _state["last_good"] = pages
    for path, text in pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=text))
    if not config.nav:
        config.nav = _navigation(files, pages)
    return files


def _navigation(files: Files, pages: dict[str, str]) -> list[Any]:
    """Home, one section per explainer (titled as the explainer), then the hand-written pages.

    MkDocs' automatic navigation would title each section after its folder ("Carroll v
    trump"); this is the same navigation with the explainers' real titles.
    """
    cases: list[dict[str, list[str]]] = []
    for path in pages:
        if path.startswith("cases/") and path.endswith("/index.md"):
            title = _first_heading(pages[path])
            folder = path.removesuffix("index.md")
            cases.append(
                {title: [path] + [f"{folder}{s}.md" for s in CASE_SECTIONS if s != "index"]}
            )
    written = sorted(
        f.src_uri
        for f in files.documentation_pages()
        if f.src_uri not in pages and not f.src_uri.startswith("cases/")
    )
    return [{"Home": "index.md"}, {"Explainers": cases}, *written]


def _first_heading(markdown: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return unescape_markdown(line[2:].strip())
    return "Explainer"
