"""The published site under a GitHub Pages project sub-path, crawled link by link.

The real site is built with `SITE_URL=http://127.0.0.1:PORT/repo/` and served under `/repo/`
on loopback, as GitHub Pages serves `https://<owner>.github.io/<repo>/` (a missing page gets
`404.html` with status 404). The crawl follows every internal link from the home page and
checks that every page, asset and anchor resolves and that nothing escapes `/repo/`; every
HTML file of the site must be reached. External links are only checked to be well-formed
http(s) addresses: no network in tests.
"""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT, make_project
from .factories import edited, mkdocs_build, write_case
from .test_serve import free_port

pytestmark = pytest.mark.slow

PREFIX = "/repo/"
LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


def build_site(project: Path, site_url: str, strict: bool = True) -> Path:
    flags = ["--strict"] if strict else []
    result = mkdocs_build(project, *flags, env={"SITE_URL": site_url})
    assert result.returncode == 0, result.stderr
    return project / "site"


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX only, with 404.html for anything missing (GitHub Pages)."""

    def do_GET(self) -> None:
        if not self.path.startswith(PREFIX):
            self.send_error(404)
            return
        self.path = "/" + self.path[len(PREFIX) :]
        super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Served:
    site: Path
    base: str
    """`http://127.0.0.1:PORT/repo/`"""


@dataclass
class Crawl:
    pages: dict[str, BeautifulSoup] = field(default_factory=dict)
    """Every HTML page reached, by URL without fragment."""
    assets: dict[str, str] = field(default_factory=dict)
    """Every other internal URL reached, with its content type."""
    anchors: list[tuple[str, str, str]] = field(default_factory=list)
    """(page linking, target URL, fragment) for every internal link with a fragment."""
    external: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}"
    project = make_project(tmp_path_factory.mktemp("links") / "project", ROOT / "data")
    site = build_site(project, base)

    def handler(*args: object, **kwargs: object) -> _SubPathHandler:
        return _SubPathHandler(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(site, base)
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def crawl(base: str, start: str) -> Crawl:
    result = Crawl()
    queue, seen = [start], {start}
    while queue:
        url = queue.pop(0)
        status, kind, body = get(url)
        if status != 200:
            result.problems.append(f"{url}: HTTP {status}")
            continue
        if kind != "text/html":
            result.assets[url] = kind
            continue
        soup = BeautifulSoup(body, "html.parser")
        result.pages[url] = soup
        for tag, attribute in LINK_ATTRIBUTES.items():
            for element in soup.find_all(tag):
                ref = element.get(attribute)
                if not ref or ref.startswith(("mailto:", "javascript:", "data:", "tel:")):
                    continue
                target, fragment = urldefrag(urljoin(url, ref))
                if not target.startswith(f"http://{urlsplit(base).netloc}/"):
                    result.external.append((url, ref))
                    continue
                if not target.startswith(base):
                    result.problems.append(f"{url}: {ref!r} leaves the sub-path {PREFIX}")
                    continue
                if fragment:
                    result.anchors.append((url, target, unquote(fragment)))
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return result


@pytest.fixture(scope="module")
def crawled(served: Served) -> Crawl:
    return crawl(served.base, served.base)


def ids_of(soup: BeautifulSoup) -> set[str]:
    return {str(e["id"]) for e in soup.find_all(id=True)} | {
        str(e["name"]) for e in soup.find_all("a", attrs={"name": True})
    }


def test_every_internal_link_resolves_under_the_sub_path(crawled: Crawl) -> None:
    assert crawled.problems == []


def test_every_anchor_exists(crawled: Crawl) -> None:
    missing = [
        f"{page} links to {target}#{fragment}"
        for page, target, fragment in crawled.anchors
        if target in crawled.pages and fragment not in ids_of(crawled.pages[target])
    ]
    assert missing == []
    assert len(crawled.anchors) > 50  # citations, chronology entries, verdict tables


def test_the_crawl_reaches_every_page_of_the_site(served: Served, crawled: Crawl) -> None:
    on_disk = {
        served.base + p.relative_to(served.site).as_posix().removesuffix("index.html")
        for p in served.site.rglob("*.html")
        if p.name != "404.html"
    }
    assert on_disk - set(crawled.pages) == set()
    for path in (
        "",
        "about/",
        "authoring/",
        "cases/carroll-v-trump/",
        "cases/carroll-v-trump/awards/",
        "cases/carroll-v-trump/chronology/",
        "cases/carroll-v-trump/sources/",
    ):
        assert served.base + path in crawled.pages, path


def test_every_asset_loads(served: Served, crawled: Crawl) -> None:
    kinds = set(crawled.assets.values())
    assert {"text/css", "image/svg+xml"} <= kinds, kinds
    assert any(url.endswith(".js") for url in crawled.assets), "no JavaScript was loaded"
    assert served.base + "assets/favicon.svg" in crawled.assets
    for soup in crawled.pages.values():
        icon = soup.find("link", rel="icon")
        assert icon is not None and icon["href"].endswith("assets/favicon.svg")
    # The search index and the case index's rows are fetched by script, not linked.
    assert get(served.base + "pagefind/pagefind.js")[0] == 200
    assert get(served.base + "pagefind/pagefind-entry.json")[0] == 200
    assert get(served.base + "explainers/index.json")[0] == 200


def test_external_links_are_well_formed(crawled: Crawl) -> None:
    assert len(crawled.external) > 10  # the sources' addresses
    bad = []
    for page, ref in crawled.external:
        parts = urlsplit(ref)
        host = parts.hostname or ""
        if (
            parts.scheme not in ("http", "https")
            or "." not in host
            or any(c.isspace() for c in ref)
        ):
            bad.append(f"{page}: {ref!r}")
    assert bad == []


def test_missing_page_gets_a_working_404_under_the_sub_path(served: Served) -> None:
    status, _, body = get(served.base + "no/such/page/")
    assert status == 404
    soup = BeautifulSoup(body, "html.parser")
    assert "404" in soup.get_text()
    refs = [
        urljoin(served.base + "no/such/page/", str(e.get(attr)))
        for tag, attr in LINK_ATTRIBUTES.items()
        for e in soup.find_all(tag)
        if e.get(attr) and tag != "a"
    ]
    assert len(refs) >= 3  # stylesheets, scripts, favicon
    for url in refs:
        assert url.startswith(served.base), url
        assert get(url)[0] == 200, url
    home = soup.find("a", class_="md-header__button md-logo")
    assert home is not None and urljoin(served.base + "no/such/", home["href"]) == served.base


def test_sitemap_lists_every_page_at_its_published_address(served: Served, crawled: Crawl) -> None:
    status, _, body = get(served.base + "sitemap.xml")
    assert status == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [loc.text for loc in ElementTree.fromstring(body).iter(f"{namespace}loc")]
    assert set(locs) == set(crawled.pages)


def test_every_page_has_description_and_card_tags(served: Served, crawled: Crawl) -> None:
    for url, soup in crawled.pages.items():
        meta = {
            str(m.get("name") or m.get("property")): str(m.get("content"))
            for m in soup.find_all("meta")
            if m.get("content") is not None
        }
        for key in ("description", "og:title", "og:description", "og:url", "twitter:card"):
            assert meta.get(key), f"{url}: no {key}"
        assert meta["og:url"] == url
        assert meta["og:description"] == meta["description"] == meta["twitter:description"]
    awards = crawled.pages[served.base + "cases/carroll-v-trump/awards/"]
    description = awards.find("meta", attrs={"name": "description"})
    assert description is not None
    assert (
        "Carroll v. Trump" in description["content"] and "$88.3 million" in description["content"]
    )
    overview = crawled.pages[served.base + "cases/carroll-v-trump/"]
    og_title = overview.find("meta", property="og:title")
    assert og_title is not None and og_title["content"].startswith("Carroll v. Trump")


def test_data_text_in_meta_tags_is_escaped(project: Path) -> None:
    hostile = "Doe \"v.\" Roe <script>alert(1)</script> & 'friends'"
    write_case(project, edited("title: Doe v. Roe", "title: " + _yaml_str(hostile)))
    # Not strict: only the head of one page matters here, whatever the hand-written pages link.
    site = build_site(project, "http://127.0.0.1:1/repo/", strict=False)
    html = (site / "cases" / "doe-v-roe" / "awards" / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    assert "<script>alert" not in head
    soup = BeautifulSoup(html, "html.parser")
    for selector in ({"name": "description"}, {"property": "og:title"}):
        tag = soup.find("meta", attrs=selector)
        assert tag is not None and hostile in tag["content"], selector


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
