"""Hostile text cannot become markup: data text is plain text everywhere it lands.

Every text field of the fixture case is filled with one generated hostile string (script
tags, event handlers, `javascript:` links, raw HTML, Jinja, Markdown extension syntax,
entities, unicode tricks). The pages are then built and read with an HTML parser, and
compared with the pages built from the benign fixture:

- the hostile string is shown literally, as text, on every page (so nothing in it was taken
  as Markdown, HTML or template syntax);
- no element, attribute or URL scheme appears that the benign build does not have: the
  same number of each "active" element (script, style, iframe, img, svg, link, meta, ...)
  per page, no attribute name the benign site lacks, no `on*` handler, only http(s) or
  relative URLs.

The Markdown conversion (fast, many examples) uses the site's own Markdown extensions; a
few examples go through a real `mkdocs build`, and there the head (`<title>`, meta and
Open Graph tags), the navigation, the table of contents, the search index, the sitemap
and the data exports are checked too.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import typing
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from generator.build import collect_cases
from generator.errors import DataErrors
from generator.models import Case, _check_text
from generator.render import render_pages
from generator.validate import _inner_model

from .conftest import FIXTURE, ROOT, make_project

ACTIVE = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "img",
        "svg",
        "math",
        "link",
        "meta",
        "base",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "option",
        "video",
        "audio",
        "source",
        "track",
        "picture",
        "canvas",
        "template",
        "noscript",
        "details",
        "dialog",
        "marquee",
        "title",
        "portal",
    ]
)
"""Elements that run, load or submit something, or change the page: counted per page."""

URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "srcset",
        "background",
        "cite",
        "longdesc",
        "manifest",
        "ping",
    ]
)

# --- hostile strings --------------------------------------------------------------------

VECTORS = {
    "script-tag": "<script>alert(1)</script>",
    "script-closing-title": "</title><script>alert(1)</script>",
    "event-handler": '<img src=x onerror="alert(1)">',
    "attribute-breakout": '" onmouseover="alert(1)" x="',
    "svg-onload": "<svg/onload=alert(1)>",
    "javascript-link": "[click me](javascript:alert(1))",
    "javascript-autolink": "<javascript:alert(1)>",
    "image": "![x](javascript:alert(1))",
    "reference-link": "[x][1]\n\n[1]: javascript:alert(1)",
    "raw-html-block": "<div>\nraw block\n</div>",
    "html-comment": "<!-- hidden -->",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "jinja-expression": "{{ 7*7 }} {{ config }}",
    "jinja-statement": "{% for x in range(3) %}x{% endfor %}",
    "snippet-include": '--8<-- "/etc/passwd"',
    "admonition": '!!! danger "Injected"\n    body',
    "attribute-list": '{: onclick="alert(1)" }',
    "heading-attributes": "{ #injected .cls onclick=alert(1) }",
    "markdown-emphasis": "**bold** _em_ `code` ~~del~~",
    "markdown-heading": "# Injected heading",
    "markdown-table": "| a | b |\n| --- | --- |\n| c | d |",
    "table-cell-pipe": "emotional harm | reputational harm",
    "html-entities": "&lt;script&gt; &#60;b&#62; &amp; &quot; &#x3C;i&#x3E;",
    "double-escaped": "\\<script\\>alert(1)\\</script\\>",
    "fullwidth-brackets": "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "zero-width": "java\u200bscript:alert(1) <\u200bscript>",
    "line-separator": "one\u2028two\u2029<script>",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "md-in-html": '<div markdown="1">**x**</div>',
    "footnote-abbr": "[^1] *[HTML]: Hyper\n\n[^1]: note",
    "glossary-term-in-markup": "<b>punitive damages</b> [compensatory damages](javascript:x)",
}
"""One named regression case per vector; each also feeds the property test."""

_text_chars = st.characters(
    blacklist_categories=("Cs", "Cc"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)
_fragments = st.sampled_from(
    [
        *VECTORS.values(),
        "<",
        ">",
        "&",
        '"',
        "'",
        "`",
        "\\",
        "|",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "!",
        "#",
        "*",
        "_",
        ":",
        "=",
        "-",
        "+",
        "@",
        "\n",
        "    ",
        "javascript:",
        "data:text/html,",
        "vbscript:",
        "<a href=x>",
        "</a>",
        "<b>",
        "</p>",
        "<p>",
        "onclick=",
        "&#",
        ";",
        "%3C",
        "punitive damages",
        "--",
        "==",
        "^^",
        "~~",
    ]
)
hostile_text = (
    st.lists(st.one_of(_fragments, st.text(_text_chars, max_size=12)), min_size=1, max_size=8)
    .map("".join)
    .filter(lambda s: 0 < len(s) <= 300 and bool(s.split()))
)


# --- the fixture with every text field replaced -----------------------------------------


def _is_text(annotation: Any) -> bool:
    """Is this field annotation (or the type inside `X | None`) the model's `Text`?"""
    if typing.get_origin(annotation) is typing.Annotated:
        if any(getattr(m, "func", None) is _check_text for m in annotation.__metadata__):
            return True
        return _is_text(typing.get_args(annotation)[0])
    return any(_is_text(arg) for arg in typing.get_args(annotation))


def _fill(model: type[BaseModel], data: dict[str, Any], text: str | Callable[[], str]) -> int:
    """Put `text` (or, where it is a function, what it returns for each field) into every
    text field of `data`; return how many were replaced."""
    count = 0
    for key, value in data.items():
        info = model.model_fields[key]
        metadata_text = any(getattr(m, "func", None) is _check_text for m in info.metadata)
        if isinstance(value, str) and (metadata_text or _is_text(info.annotation)):
            data[key] = text() if callable(text) else text
            count += 1
            continue
        inner = _inner_model(info.annotation)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if inner is not None and isinstance(item, dict):
                count += _fill(inner, item, text)
    return count


@cache
def _fixture_data() -> str:
    return (FIXTURE / "cases" / "doe-v-roe.yaml").read_text(encoding="utf-8")


def hostile_case(text: str) -> str:
    data = yaml.safe_load(_fixture_data())
    assert _fill(Case, data, text) >= 30  # every text field of the fixture, not a few
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
    assert yaml.safe_load(dumped) == data
    return dumped


def numbered_case(text: str | None) -> tuple[str, list[str]]:
    """The fixture with each text field made unique: `Field<n>x`, then `text`. Returns the
    case and the value of each field, by n."""
    values: list[str] = []

    def value() -> str:
        values.append(f"Field{len(values)}x" + (f" {text}" if text is not None else ""))
        return values[-1]

    data = yaml.safe_load(_fixture_data())
    assert _fill(Case, data, value) >= 30
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
    assert yaml.safe_load(dumped) == data
    return dumped, values


def folded(text: str) -> str:
    return " ".join(text.split())


# --- reading HTML ------------------------------------------------------------------------


@dataclass(repr=False)
class Markup:
    """What an HTML document (or fragment) is made of, as a parser sees it."""

    tags: Counter[str] = field(default_factory=Counter)
    attributes: set[str] = field(default_factory=set)
    urls: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    title: str = ""
    head_values: list[str] = field(default_factory=list)
    """The content of meta tags, and the title: text the browser or a crawler shows."""

    @property
    def all_text(self) -> str:
        return folded("".join(self.text))


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.markup = Markup()
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.markup.tags[tag] += 1
        self._in_title = tag == "title"
        for name, value in attrs:
            self.markup.attributes.add(name)
            if name in URL_ATTRIBUTES and value is not None:
                self.markup.urls.append(value)
            if tag == "meta" and name == "content" and value:
                self.markup.head_values.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False if tag == "title" else self._in_title

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.markup.title += data
        self.markup.text.append(data)


def read_html(html: str) -> Markup:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.markup


def assert_no_markup_from_data(hostile: Markup, benign: Markup, where: str) -> None:
    """`hostile` has no active element, attribute or URL scheme that `benign` lacks."""
    for tag in ACTIVE | set(hostile.tags) - set(benign.tags):
        assert hostile.tags[tag] == benign.tags[tag], f"{where}: <{tag}> came from the data"
    assert hostile.attributes <= benign.attributes, (
        f"{where}: attributes from the data: {hostile.attributes - benign.attributes}"
    )
    assert not any(a.startswith("on") for a in hostile.attributes), where
    for url in hostile.urls:
        scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url)
        assert scheme is None or scheme.group(1).lower() in {"http", "https"}, (where, url)


# --- building ----------------------------------------------------------------------------


@cache
def _markdown_config() -> tuple[list[Any], dict[str, Any]]:
    """The site's Markdown extensions and their settings, as MkDocs reads mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def to_html(text: str) -> str:
    extensions, configs = _markdown_config()
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)


def render_site(project: Path) -> dict[str, str]:
    """The pipeline up to Markdown, as the MkDocs hook runs it."""
    collected = collect_cases(project)
    return render_pages(collected.pages, collected.glossary)


def project_with(tmp: Path, case_text: str | None) -> Path:
    if tmp.exists():
        shutil.rmtree(tmp)
    project = make_project(tmp)
    if case_text is not None:
        (project / "data" / "cases" / "doe-v-roe.yaml").write_text(case_text, encoding="utf-8")
    return project


@cache
def _benign_fragments(tmp: Path) -> dict[str, Markup]:
    pages = render_site(project_with(tmp / "benign", None))
    return {path: read_html(to_html(text)) for path, text in pages.items()}


@cache
def _fields_shown(tmp: Path) -> dict[str, list[int]]:
    """Which text fields (by n, as `numbered_case` numbers them) each page shows as text."""
    case, values = numbered_case(None)
    pages = render_site(project_with(tmp / "numbered", case))
    shown = {}
    for path, source in pages.items():
        words = set(re.findall(r"Field\d+x", read_html(to_html(source)).all_text))
        shown[path] = [n for n, value in enumerate(values) if value in words]
    assert sum(map(len, shown.values())) >= 30
    return shown


def check_markdown(text: str, tmp: Path) -> None:
    """Render the case with `text` in every field, convert it, and inspect every page."""
    project = project_with(tmp / "hostile", hostile_case(text))
    try:
        pages = render_site(project)
    except DataErrors as exc:  # pragma: no cover - a failure here is a test failure
        raise AssertionError(f"the model refused {text!r}: {exc}") from None
    benign = _benign_fragments(tmp)
    assert set(pages) == set(benign)
    for path, source in pages.items():
        markup = read_html(to_html(source))
        assert_no_markup_from_data(markup, benign[path], path)
        if path.startswith("cases/"):
            assert folded(text) in markup.all_text, f"{path}: the text is not shown as written"
    # Each field whole, wherever that field is shown: a field cut short (a table cell split
    # at a "|", say) is caught even when the same text shows whole elsewhere on the page.
    case, values = numbered_case(text)
    pages = render_site(project_with(tmp / "hostile", case))
    for path, fields in _fields_shown(tmp).items():
        shown = read_html(to_html(pages[path])).all_text
        cut = [values[n].split(" ", 1)[0] for n in fields if folded(values[n]) not in shown]
        assert cut == [], f"{path}: these fields are not shown whole: {cut}"


# --- the property test and the named vectors: Markdown ----------------------------------


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile_text)
def test_any_text_stays_text_in_the_markdown(text: str, work: Path) -> None:
    check_markdown(text, work)


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_named_vector_stays_text(name: str, work: Path) -> None:
    check_markdown(VECTORS[name], work)


# --- urls: every address the model accepts becomes one plain link ------------------------

_url_chars = st.sampled_from([*"aZ09-._~!$&'()*+,;=:@/?#%[]<>\"`\\ {}|^", "javascript:"])


@settings(max_examples=150, deadline=None)
@given(
    host=st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9<>\"']{1,6}){1,3}", fullmatch=True),
    rest=st.lists(_url_chars, max_size=20).map("".join),
)
def test_an_accepted_url_is_one_plain_link(host: str, rest: str) -> None:
    from generator.models import _check_url

    url = f"https://{host}{rest}"
    try:
        _check_url(url)
    except ValueError:
        reject()  # refused (the bad-input corpus pins the message); too many fail the test
    # the sources page links a URL as `[original](<url>)`, an archived copy the same way
    markup = read_html(to_html(f"A source. [original](<{url}>) · [archived copy](<{url}>)."))
    assert markup.tags == Counter({"p": 1, "a": 2}), url
    assert markup.urls == [url, url]
    assert markup.attributes == {"href"}


# --- a real MkDocs build ------------------------------------------------------------------


def mkdocs_build(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(project)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


class Site:
    """A built site, read: its pages, search index, sitemap and data exports."""

    def __init__(
        self,
        pages: dict[str, Markup],
        search: list[dict[str, str]],
        sitemap: list[str],
        exports: dict[str, str],
    ) -> None:
        self.pages, self.search, self.sitemap, self.exports = pages, search, sitemap, exports

    def __repr__(self) -> str:
        return f"<Site of {len(self.pages)} pages>"


def read_site(site: Path) -> Site:
    pages = {
        p.relative_to(site).as_posix(): read_html(p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.html"))
        if not p.relative_to(site).as_posix().startswith("assets/")
    }
    # Pagefind's fragments (gzip, a signature, then JSON): what a search result shows
    search = []
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        doc = json.loads(data)
        search.append(
            {"location": doc["url"], "title": doc["meta"]["title"], "text": doc["content"]}
        )
    sitemap = [
        loc.text or ""
        for loc in ET.parse(site / "sitemap.xml")
        .getroot()
        .iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    exports = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((site / "cases").rglob("*"))
        if p.is_file() and p.suffix in {".json", ".csv", ".ics", ".xml"}
    }
    return Site(pages, search, sitemap, exports)


@pytest.fixture(scope="module")
def benign_site(work: Path) -> Site:
    project = project_with(work / "benign-site", None)
    mkdocs_build(project)
    return read_site(project / "site")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_site(text: str, work: Path, benign: Site) -> None:
    project = project_with(work / "hostile-site", hostile_case(text))
    mkdocs_build(project)
    site = read_site(project / "site")
    assert set(site.pages) == set(benign.pages)
    shown = folded(text)
    for path, markup in site.pages.items():
        # body, headings, navigation, table of contents, <title>, meta and Open Graph tags
        assert_no_markup_from_data(markup, benign.pages[path], path)
        if path.startswith("cases/"):
            assert shown in markup.all_text, f"{path}: the text is not shown as written"
    # the search index keeps the text as written (the search box shows it as text:
    # test_the_search_box_never_parses_text_as_html)
    assert any(shown in folded(d["text"]) for d in site.search)
    assert site.sitemap == benign.sitemap
    # the exports: well-formed, and no HTML in what viewers render as HTML
    assert set(site.exports) == set(benign.exports)
    for path, body in site.exports.items():
        if path.endswith(".json"):
            strings = list(_strings(json.loads(body)))
            timeline = path.endswith("timeline.json")  # TimelineJS shows its text as HTML
            texts = [read_html(s).all_text if timeline else s for s in strings]
            assert any(shown in t for t in texts), f"{path}: the text is not kept as written"
            if timeline:
                benign_html = read_html("".join(_strings(json.loads(benign.exports[path]))))
                for string in strings:
                    assert_no_markup_from_data(read_html(string), benign_html, path)
        elif path.endswith(".xml"):
            root, benign_root = ET.fromstring(body), ET.fromstring(benign.exports[path])
            assert Counter(e.tag for e in root.iter()) == Counter(
                e.tag for e in benign_root.iter()
            ), path
        elif path.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(body)))
            assert len(rows) == len(list(csv.reader(io.StringIO(benign.exports[path])))), path
        elif path.endswith(".ics"):
            assert body.count("BEGIN:") == benign.exports[path].count("BEGIN:"), path


@pytest.mark.slow
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile_text)
def test_any_text_stays_text_in_the_built_site(text: str, work: Path, benign_site: Site) -> None:
    check_site(text, work, benign_site)


@pytest.mark.slow
def test_every_vector_at_once_in_the_built_site(work: Path, benign_site: Site) -> None:
    # the vectors most likely to escape a template: into the title, nav, meta and search
    text = " ".join(
        VECTORS[name]
        for name in (
            "script-closing-title",
            "attribute-breakout",
            "event-handler",
            "javascript-link",
            "jinja-expression",
            "attribute-list",
            "html-entities",
        )
    )
    check_site(text, work, benign_site)


@pytest.mark.slow
def test_a_page_title_with_escaped_markup_cannot_end_the_title_element(work: Path) -> None:
    # MkDocs makes page titles from the first heading, as escaped HTML; Material's title
    # block runs them through `striptags`, which also unescapes. This page's heading is
    # exactly what the `md` filter makes of the title "</title><script>alert(1)</script>".
    project = project_with(work / "title", None)
    (project / "docs" / "hostile-title.md").write_text(
        "# \\</title\\>\\<script\\>alert\\(1\\)\\</script\\>\n\nText.\n", encoding="utf-8"
    )
    mkdocs_build(project)
    site = project / "site"
    hostile = read_html((site / "hostile-title" / "index.html").read_text(encoding="utf-8"))
    benign = read_html((site / "about" / "index.html").read_text(encoding="utf-8"))
    assert hostile.title == "</title><script>alert(1)</script> - Case Explainers"
    assert hostile.tags["script"] == benign.tags["script"]
    assert hostile.tags["title"] == 1


def test_the_search_box_never_parses_text_as_html() -> None:
    """Pagefind's index holds each page's text as written, `<script>` and all; the script
    that shows results (and the case index's rows) puts it into the page as text only."""
    script = (ROOT / "docs" / "assets" / "javascripts" / "site.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in script.splitlines() if not line.strip().startswith("//"))
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code, sink
    assert "textContent" in code
