"""MkDocs hook: run the generator inside `mkdocs build` and `mkdocs serve`.

The pages are added in memory as generated files, so nothing is written into `docs/` while
`mkdocs serve` watches it (writing there would trigger rebuild after rebuild). This is the
only module that imports MkDocs.
"""

from __future__ import annotations

import html
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from generator.build import collect_cases, render_all
from generator.describe import describe_pages
from generator.errors import DataErrors
from generator.export import render_head
from generator.page_policy import apply_page_policy
from generator.render import CASE_SECTIONS, unescape_markdown

log = logging.getLogger("mkdocs.plugins.case_explainers")

_state: dict[str, Any] = {"serving": False, "last_good": None, "descriptions": {}}


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
        collected = collect_cases(project, only=only, cache=_state.setdefault("checked", {}))
        # Pages and data files (which MkDocs copies as they are); during `mkdocs serve`, only
        # the explainers whose data changed are rendered again.
        pages = render_all(collected, _state.setdefault("rendered", {}))
        descriptions = describe_pages(collected.pages)
    except DataErrors as exc:
        if _state["serving"] and _state["last_good"] is not None:
            # `mkdocs serve` stops answering after a failed build; keep the last good pages
            # and show the errors instead, so fixing the file brings the new pages back.
            for error in exc.errors:
                log.error(str(error))
            log.error("case data has errors; still serving the last good pages")
            pages, descriptions = _state["last_good"], _state["descriptions"]
        else:
            raise PluginError(
                "case data has errors:\n" + "\n".join(str(e) for e in exc.errors)
            ) from None
    else:
        for warning in collected.warnings:
            log.warning(str(warning))
        _state["last_good"], _state["descriptions"] = pages, descriptions
        _state["cases"] = {page.slug: page for page in collected.pages}
    for path, text in pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=text))
    _state["page_descriptions"] = descriptions
    if not config.nav:
        config.nav = _navigation(files, pages)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The theme override (generator/theme/main.html) escapes it into the meta tags.
    description = _state.get("page_descriptions", {}).get(page.file.src_uri)
    if description and not page.meta.get("description"):
        page.meta["description"] = description
        page.meta["heading"] = _first_heading(markdown)
    return _corrections_link(markdown, config)


def _corrections_link(markdown: str, config: MkDocsConfig) -> str:
    """Point `[...](CORRECTIONS_URL)` links (docs/about.md) at `extra.corrections_url`, or,
    while that is unset, leave their text unlinked."""
    url = str(config.extra.get("corrections_url") or "")
    return re.sub(
        r"\[([^\]]+)\]\(CORRECTIONS_URL\)",
        lambda m: f"[{m.group(1)}]({url})" if url else m.group(1),
        markdown,
    )


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _state["nav"] = nav
    return nav


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """Each page's navigation holds the site's own pages and, on an explainer's pages, that
    explainer alone (`extra.navigation: explainer`, the default): rendering every explainer
    into every page made each page, and the whole site, grow with the number of explainers.
    Other explainers are a click away in the case index (the home page)."""
    if config.extra.get("navigation", "explainer") != "all":
        context["nav"] = _page_navigation(nav, page)
    return context


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    """The 404 page (a theme template, not a page) gets the site's pages alone."""
    if template_name != "404.html" or "nav" not in _state:
        return context
    if config.extra.get("navigation", "explainer") != "all":
        context["nav"] = _page_navigation(_state["nav"], None)
    return context


def _page_navigation(nav: Navigation, page: Page | None) -> Navigation:
    items: list[Any] = []
    for item in nav.items:
        if isinstance(item, Section) and item.title in ("Explainers", "Case index"):
            parent = page.parent if page is not None else None
            own = parent if parent is not None and parent.parent is item else None
            items += [own] if own is not None else []
        else:
            items.append(item)
    return Navigation(items, [nav.homepage] if nav.homepage else [])


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Put the feed link and the JSON-LD (`export.render_head`) in each explainer page's head,
    and apply the page policy (`page_policy.py`).

    Builders that run no hooks (Zensical) publish the same pages and data files without them.
    """
    folder, _, name = page.file.src_uri.rpartition("/")
    case = _state.get("cases", {}).get(folder.removeprefix("cases/"))
    section = name.removesuffix(".md")
    if folder.startswith("cases/") and case is not None and section in CASE_SECTIONS:
        head = render_head(
            case,
            section,
            feed_href=get_relative_url(f"{folder}/feed.xml", page.url),
            page_url=page.canonical_url,
            description=_state.get("page_descriptions", {}).get(page.file.src_uri),
        )
        output = output.replace("</head>", head + "</head>", 1)
    return apply_page_policy(output, config.site_url or "", csp=not _state["serving"])


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page (a theme template, not a page) has the same policy."""
    if template_name != "404.html":
        return output
    return apply_page_policy(output, config.site_url or "", csp=not _state["serving"])


def _pagefind(config: MkDocsConfig) -> bool:
    return config.extra.get("search") == "pagefind"


def on_post_build(config: MkDocsConfig) -> None:
    """Index the built site for search with Pagefind (`extra.search: pagefind`): a static,
    chunked index in `site/pagefind/`, of which a reader downloads only what a query needs."""
    if not _pagefind(config):
        return
    command = [sys.executable, "-m", "pagefind", "--site", config.site_dir, "--silent"]
    # The article of each page (not the header or the nav), and not the 404 page: every
    # page is a folder's index.html (`use_directory_urls`).
    command += ["--root-selector", "article.md-content__inner", "--glob", "**/index.html"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PluginError(f"pagefind failed ({done.returncode}):\n{done.stderr or done.stdout}")


def _navigation(files: Files, pages: dict[str, str]) -> list[Any]:
    """Home, one section per explainer (titled as the explainer), then the hand-written pages.

    MkDocs' automatic navigation would title each section after its folder ("Carroll v
    trump"); this is the same navigation with the explainers' real titles.
    """
    cases: list[dict[str, list[str]]] = []
    for path in pages:
        if path.startswith("cases/") and path.endswith("/index.md"):
            # Themes print nav titles as HTML, unescaped (MkDocs' own titles are HTML made
            # from the heading); the explainer's title is text, so it is escaped here.
            title = html.escape(_first_heading(pages[path]))
            folder = path.removesuffix("index.md")
            cases.append(
                {
                    title: [path]
                    + [
                        f"{folder}{s}.md"
                        for s in CASE_SECTIONS
                        if s != "index" and f"{folder}{s}.md" in pages
                    ]
                }
            )
    written = sorted(
        f.src_uri
        for f in files.documentation_pages()
        if f.src_uri not in pages and not f.src_uri.startswith("cases/")
    )
    # The hand-written pages (about.md first, then the authoring guide) go under "About".
    written.sort(key=lambda uri: (uri != "about.md", uri))
    glossary = [{"Glossary": "glossary.md"}] if "glossary.md" in pages else []
    corrections = [{"Corrections": "corrections.md"}] if "corrections.md" in pages else []
    # The other pages of the case index (`case_index.py`): in the site's navigation, so
    # MkDocs knows them, but not drawn on any page (`_page_navigation`); the pager links them.
    index = sorted(
        (p for p in pages if p.startswith("explainers/") and p.endswith(".md")),
        key=lambda p: int(p.removeprefix("explainers/").removesuffix(".md")),
    )
    return [
        {"Home": "index.md"},
        *([{"Case index": index}] if index else []),
        {"Explainers": cases},
        *glossary,
        *corrections,
        *([{"About": written}] if written else []),
    ]


def _first_heading(markdown: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return unescape_markdown(line[2:].strip())
    return "Explainer"
