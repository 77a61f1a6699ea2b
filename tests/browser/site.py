"""The built site, served on 127.0.0.1, and a Chromium to read it: shared by the browser
tests and `make screenshots`.

Debian's Chromium is driven by Playwright with `executable_path`, because Playwright cannot
download its own browsers here.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, Playwright, sync_playwright

from ..conftest import ROOT, make_project
from ..factories import mkdocs_build

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

SLUG = "carroll-v-trump"
PAGES = {
    "home": "",
    "overview": f"cases/{SLUG}/",
    "awards": f"cases/{SLUG}/awards/",
    "chronology": f"cases/{SLUG}/chronology/",
    "sources": f"cases/{SLUG}/sources/",
    "criminal-overview": "cases/people-v-trump/",
    "charges": "cases/people-v-trump/charges/",
    "criminal-chronology": "cases/people-v-trump/chronology/",
    "criminal-sources": "cases/people-v-trump/sources/",
    "glossary": "glossary/",
    "about": "about/",
}
"""Every page a reader can reach, by name: path under the site root."""


def build_site(workdir: Path) -> Path:
    """Build the real site (shipped data, real docs/) with `mkdocs build --strict`."""
    project = make_project(workdir / "project", ROOT / "data")
    result = mkdocs_build(project, "--strict", env={"CORRECTIONS_URL": ""})
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stderr}")
    return project / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 at a free port, in a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@contextlib.contextmanager
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()
