"""`python -m generator links`: every source address checked against local servers, never the
internet. One HTTP server answers 200, 301, 404, 500, a HEAD refusal and a timeout; an HTTPS
server with a self-signed certificate gives a TLS error; a third plays the Wayback Machine's
availability API."""

from __future__ import annotations

import http.server
import itertools
import json
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.links import CACHE_SECONDS, Checker, check_links, find_links

from .factories import FIXTURE_NAME, fixture_text, line_of, run_generator, write_case

SLOW_SECONDS = 3.0
"""How long /slow keeps the client waiting; every test's timeout is well under it."""


@dataclass
class Server:
    base: str
    hits: list[tuple[str, str, float]] = field(default_factory=list)
    """(method, path, time) of every request."""

    def asked(self, path: str) -> list[str]:
        return [method for method, p, _ in self.hits if p == path]


def _serve(host: str, handler_factory: type[http.server.BaseHTTPRequestHandler], tls: Path | None):
    server = http.server.ThreadingHTTPServer((host, 0), handler_factory)
    server.daemon_threads = True
    scheme = "http"
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls / "cert.pem", tls / "key.pem")
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"{scheme}://{host}:{server.server_address[1]}"


def _handler(record: Server, release: threading.Event) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _answer(self, body: bool) -> None:
            path = urlsplit(self.path).path
            record.hits.append((self.command, path, time.monotonic()))
            if path == "/slow":
                release.wait(SLOW_SECONDS)
            status, headers = {
                "/ok": (200, {}),
                "/ok-too": (200, {}),
                "/slow": (200, {}),
                "/old": (301, {"Location": "/ok"}),
                "/elsewhere": (302, {"Location": "/ok"}),
                "/gone": (404, {}),
                "/broken": (500, {}),
                "/no-head": (405 if self.command == "HEAD" else 200, {}),
            }.get(path, (404, {}))
            text = b"page"
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            if body:
                self.wfile.write(text)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def do_GET(self) -> None:
            self._answer(body=True)

    return Handler


def _wayback_handler(record: Server, snapshots: dict[str, str]):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            url = query["url"][0]
            record.hits.append(("GET", url, time.monotonic()))
            closest = (
                {"available": True, "status": "200", "timestamp": "20240101000000"}
                | {"url": snapshots[url]}
                if url in snapshots
                else None
            )
            body = json.dumps(
                {"url": url, "archived_snapshots": {"closest": closest} if closest else {}}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(folder / "key.pem"),
            "-out",
            str(folder / "cert.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return folder


@pytest.fixture
def servers(certificate: Path) -> Iterator[tuple[Server, Server, Server]]:
    release = threading.Event()
    plain, secure = Server(""), Server("")
    http_server, plain.base = _serve("127.0.0.1", _handler(plain, release), None)
    https_server, secure.base = _serve("127.0.0.1", _handler(secure, release), certificate)
    wayback = Server("")
    snapshots = {
        f"{plain.base}/gone": "http://web.archive.org/web/20240101000000/gone",
        f"{plain.base}/ok": "http://web.archive.org/web/20240101000000/ok",
    }
    wayback_server, wayback.base = _serve("127.0.0.1", _wayback_handler(wayback, snapshots), None)
    yield plain, secure, wayback
    release.set()
    for server in (http_server, https_server, wayback_server):
        server.shutdown()
        server.server_close()


def _case_with_sources(urls: dict[str, str], archive: dict[str, str] | None = None) -> str:
    """The fixture case, with one extra source per entry of `urls` (id: address). The
    fixture's own two example.org addresses are dropped: they would go to the internet."""
    text = fixture_text().rstrip("\n") + "\n"
    text = text.replace("    url: https://example.org/verdict.pdf\n", "")
    text = text.replace("    url: https://example.org/gazette/jury\n", "")
    for ident, url in urls.items():
        text += (
            f"  - id: {ident}\n    kind: other\n    title: Page {ident}\n"
            f"    publisher: A test server\n    url: {url}\n"
        )
        if archive and ident in archive:
            text += f"    archive_url: {archive[ident]}\n"
    return text


def _index(text: str, ident: str) -> int:
    """The position of source `ident` in the fixture's sources list."""
    ids = [
        line.split("id: ", 1)[1]
        for line in text.split("\nsources:\n", 1)[1].splitlines()
        if "- id: " in line
    ]
    return ids.index(ident)


def _run(
    project: Path, *args: str, wayback: str = "http://127.0.0.1:9/"
) -> subprocess.CompletedProcess[str]:
    return run_generator(
        project, "links", "--timeout", "0.5", "--delay", "0", "--wayback-api", wayback, *args
    )


def test_each_kind_of_answer_is_reported_at_its_file_and_line(project: Path, servers) -> None:
    plain, secure, _ = servers
    urls = {
        "page-ok": f"{plain.base}/ok",
        "page-old": f"{plain.base}/old",
        "page-gone": f"{plain.base}/gone",
        "page-broken": f"{plain.base}/broken",
        "page-slow": f"{plain.base}/slow",
        "page-tls": f"{secure.base}/ok",
        "page-no-head": f"{plain.base}/no-head",
        "page-temporary": f"{plain.base}/elsewhere",
    }
    text = _case_with_sources(urls)
    write_case(project, text)
    started = time.monotonic()
    result = _run(project)
    elapsed = time.monotonic() - started

    def at(ident: str) -> str:
        return f"{FIXTURE_NAME}:{line_of(text, urls[ident])}: sources[{_index(text, ident)}].url"

    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == sorted(
        [
            f"{at('page-old')}: moved permanently to {plain.base}/ok (warning)",
            f"{at('page-gone')}: 404 Not Found",
            f"{at('page-broken')}: 500 Internal Server Error",
            f"{at('page-slow')}: no answer within 0.5 s",
            f"{at('page-tls')}: TLS error: "
            + result.stderr.split(f"{at('page-tls')}: TLS error: ", 1)[1].split("\n", 1)[0],
        ],
        key=lambda line: int(line.split(":")[1]),
    )
    assert (
        "CERTIFICATE_VERIFY_FAILED" in result.stderr or "certificate verify failed" in result.stderr
    )
    assert (
        result.stdout
        == "8 addresses checked (0 from the cache, .cache/links.json): 4 dead, 1 moved\n"
    )
    # HEAD first; GET only where HEAD was refused (405) or failed with an error status.
    assert plain.asked("/ok") == ["HEAD"] * 3  # itself, and as the target of /old and /elsewhere
    assert plain.asked("/no-head") == ["HEAD", "GET"]
    assert plain.asked("/gone") == ["HEAD", "GET"]
    # The timeout cut the slow answer short (the server would have waited 3 s per request).
    assert elapsed < SLOW_SECONDS + 2


def test_a_second_run_within_a_day_asks_nothing(project: Path, servers) -> None:
    plain, _, _ = servers
    write_case(
        project,
        _case_with_sources({"page-ok": f"{plain.base}/ok", "page-gone": f"{plain.base}/gone"}),
    )
    first = _run(project)
    asked = len(plain.hits)
    second = _run(project)
    assert asked == 3  # HEAD /ok; HEAD and GET /gone
    assert len(plain.hits) == asked, "the second run asked the server again"
    assert (first.returncode, first.stderr) == (second.returncode, second.stderr)
    assert second.returncode == 1
    assert (
        second.stdout
        == "2 addresses checked (2 from the cache, .cache/links.json): 1 dead, 0 moved\n"
    )


def test_the_cache_expires_after_a_day(project: Path, servers) -> None:
    plain, _, _ = servers
    write_case(project, _case_with_sources({"page-ok": f"{plain.base}/ok"}))
    clock = [1_000_000.0]
    links = [link for link in find_links(project) if link.url.startswith(plain.base)]

    def checker() -> Checker:
        return Checker(
            project / ".cache" / "links.json", timeout=0.5, delay=0, now=lambda: clock[0]
        )

    check_links(links, checker())
    clock[0] += CACHE_SECONDS - 60
    check_links(links, checker())
    assert plain.asked("/ok") == ["HEAD"]
    clock[0] += 120
    check_links(links, checker())
    assert plain.asked("/ok") == ["HEAD", "HEAD"]


def test_one_host_is_asked_one_request_at_a_time_with_the_delay_between(
    project: Path, servers
) -> None:
    plain, _secure, _ = servers
    write_case(
        project,
        _case_with_sources(
            {"a": f"{plain.base}/ok", "b": f"{plain.base}/ok-too", "c": f"{plain.base}/gone"}
        ),
    )
    links = [link for link in find_links(project) if link.url.startswith(plain.base)]
    check_links(links, Checker(project / "cache.json", timeout=0.5, delay=0.3))
    starts = [t for method, _, t in plain.hits if method == "HEAD"]
    assert len(starts) == 3
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.3, gaps


def test_hosts_are_asked_in_parallel(project: Path, servers) -> None:
    plain, _, _ = servers
    release = threading.Event()
    other = Server("")
    second, other.base = _serve("127.0.0.1", _handler(other, release), None)
    try:
        # Each host keeps its one request waiting until the client gives up (1 s): asked one
        # after the other, the two hosts would take 2 s.
        write_case(
            project, _case_with_sources({"a": f"{plain.base}/slow", "b": f"{other.base}/slow"})
        )
        links = find_links(project)
        started = time.monotonic()
        report = check_links(links, Checker(project / "cache.json", timeout=1.0, delay=0))
        elapsed = time.monotonic() - started
    finally:
        release.set()
        second.shutdown()
        second.server_close()
    assert report.dead == 2
    assert elapsed < 1.8, elapsed


def test_archive_urls_are_checked_too(project: Path, servers) -> None:
    plain, _, _ = servers
    text = _case_with_sources({"page": f"{plain.base}/ok"}, archive={"page": f"{plain.base}/gone"})
    write_case(project, text)
    result = _run(project)
    line = line_of(text, f"archive_url: {plain.base}/gone")
    assert result.returncode == 1
    assert (
        result.stderr
        == f"{FIXTURE_NAME}:{line}: sources[{_index(text, 'page')}].archive_url: 404 Not Found\n"
    )


def test_suggest_archive_prints_the_wayback_snapshot(project: Path, servers) -> None:
    plain, _, wayback = servers
    text = _case_with_sources(
        {
            "page-gone": f"{plain.base}/gone",
            "page-ok": f"{plain.base}/ok",
            "page-new": f"{plain.base}/ok-too",
        }
    )
    write_case(project, text)
    result = _run(project, "--suggest-archive", wayback=wayback.base + "/wayback/available")
    assert result.returncode == 1

    def at(ident: str) -> str:
        return f"{FIXTURE_NAME}:{line_of(text, f'- id: {ident}') + 4}: sources[{_index(text, ident)}].archive_url"

    assert result.stdout.splitlines()[:3] == [
        f"{at('page-gone')}: https://web.archive.org/web/20240101000000/gone",
        f"{at('page-ok')}: https://web.archive.org/web/20240101000000/ok",
        f"{at('page-new')}: the Wayback Machine has no copy of {plain.base}/ok-too",
    ]
    assert len(wayback.hits) == 3
    again = _run(project, "--suggest-archive", wayback=wayback.base + "/wayback/available")
    assert again.stdout.splitlines()[:3] == result.stdout.splitlines()[:3]
    assert len(wayback.hits) == 3, "the second run asked the availability API again"


def test_no_suggestion_for_a_live_source_that_has_an_archived_copy(project: Path, servers) -> None:
    plain, _, wayback = servers
    text = _case_with_sources(
        {"page": f"{plain.base}/ok"}, archive={"page": f"{plain.base}/ok-too"}
    )
    write_case(project, text)
    result = _run(project, "--suggest-archive", wayback=wayback.base + "/wayback/available")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == "2 addresses checked (0 from the cache, .cache/links.json): 0 dead, 0 moved\n"
    )
    assert wayback.hits == []


def test_bad_data_is_reported_and_nothing_is_asked(project: Path, servers) -> None:
    plain, _, _ = servers
    text = _case_with_sources({"page": f"{plain.base}/ok"}).replace(
        "    publisher: A test server\n",
        "    publisher: A test server\n    last_seen: 2024-13-01\n",
    )
    write_case(project, text)
    result = _run(project)
    assert result.returncode == 1
    line = line_of(text, "last_seen: 2024-13-01")
    assert result.stderr.splitlines()[0].startswith(f"{FIXTURE_NAME}:{line}: sources[")
    assert result.stderr.splitlines()[-1] == "1 error in the data; no link checked"
    assert "Traceback" not in result.stderr
    assert plain.hits == []


def test_slug_limits_the_check_to_one_explainer(project: Path, servers) -> None:
    plain, _, _ = servers
    text = _case_with_sources({"page": f"{plain.base}/gone"})
    write_case(project, text)
    assert _run(project, "--slug", "doe-v-roe").returncode == 1
    other = _run(project, "--slug", "nobody")
    assert other.returncode == 1
    assert "no explainer has the slug 'nobody'; known: doe-v-roe" in other.stderr


def test_a_host_that_refuses_connections_is_dead(project: Path) -> None:
    with socket.socket() as probe:  # a port that nothing listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/page"
    text = _case_with_sources({"page": url})
    write_case(project, text)
    result = _run(project)
    assert result.returncode == 1
    where = f"{FIXTURE_NAME}:{line_of(text, url)}: sources[{_index(text, 'page')}].url"
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{where}: cannot connect: "), line
    assert "Connection refused" in line and "Traceback" not in result.stderr


def test_only_moved_links_warn_and_exit_0(project: Path, servers) -> None:
    plain, _, _ = servers
    text = _case_with_sources({"page": f"{plain.base}/old"})
    write_case(project, text)
    result = _run(project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith(f": moved permanently to {plain.base}/ok (warning)\n")
    assert result.stdout.endswith(": 0 dead, 1 moved\n")
