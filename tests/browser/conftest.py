"""Fixtures for the browser tests: the real site built once per session, served on
127.0.0.1, and one headless Chromium. Every page is opened in a context that refuses any
request that is not to the local server, and records the refused ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Route,
    sync_playwright,
)

from .site import build_site, launch, serve


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) =>
  console.error(`csp-violation ${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
document.addEventListener("DOMContentLoaded", () => {
  if (document.documentElement.classList.contains("js")) console.log("csp-watch");
});
"""
"""Reports each CSP violation to the console (Chromium also logs its own "Refused to ..."
message), and, once Material's script has run, that scripts run at all."""


class Reader:
    """Opens browser contexts that only reach 127.0.0.1, and keeps what else was asked for."""

    def __init__(self, chromium: Browser, base_url: str) -> None:
        self.chromium = chromium
        self.base_url = base_url
        self.requested: list[str] = []
        self.foreign: list[str] = []
        self.violations: list[str] = []
        """Every Content-Security-Policy violation a page reported, and what it blocked."""
        self.errors: list[str] = []
        """Uncaught script errors."""
        self.scripts_ran = False
        self._contexts: list[BrowserContext] = []

    def page(self, width: int = 1280, height: int = 800, **options: object) -> Page:
        context = self.chromium.new_context(
            viewport={"width": width, "height": height},
            base_url=self.base_url,
            reduced_motion="reduce",
            **options,  # type: ignore[arg-type]
        )
        context.route("**/*", self._route)
        # Injected by the browser itself, so the page's policy does not apply to it.
        context.add_init_script(_REPORT_VIOLATIONS)
        self._contexts.append(context)
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def _console(self, message: ConsoleMessage) -> None:
        text = message.text
        if text.startswith("csp-violation ") or "Content Security Policy" in text:
            self.violations.append(text)
        elif text == "csp-watch":
            self.scripts_ran = True

    def _route(self, route: Route) -> None:
        url = route.request.url
        self.requested.append(url)
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def reader(chromium: Browser, base_url: str) -> Iterator[Reader]:
    opened = Reader(chromium, base_url)
    yield opened
    opened.close()
