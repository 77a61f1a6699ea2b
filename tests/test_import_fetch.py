"""`import courtlistener --id N`: fetched from a local stub of the API, never the internet.

The stub answers as CourtListener's REST API v4 does: the docket, then the entries,
parties and attorneys in pages linked by `next`, and the errors it gives for a bad token (401), a missing
docket (404) and rate limiting (429 with `Retry-After`).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from .factories import run_generator as run

DATA = Path(__file__).parent / "data" / "courtlistener"
TOKEN = "test-token-123"


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class _Stub(BaseHTTPRequestHandler):
    behaviour: ClassVar[dict[str, Any]] = {}
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        b = self.behaviour
        if self.headers.get("Authorization") != f"Token {TOKEN}":
            return self._send(401, {"detail": "Invalid token."})
        if b.get("limited", 0) > 0:
            b["limited"] -= 1
            return self._send(429, {"detail": "Request was throttled."}, {"Retry-After": "0"})
        base = f"http://{self.headers['Host']}/api/rest/v4/"
        if self.path == "/api/rest/v4/dockets/4101/":
            return self._send(200, _load("civil-docket.json"))
        if self.path.startswith("/api/rest/v4/docket-entries/?docket=4101"):
            results = _load("civil-entries.json")["results"]
            if "cursor=2" in self.path:  # the second page
                return self._send(200, {"next": None, "previous": None, "results": results[3:]})
            return self._send(
                200,
                {
                    "next": f"{base}docket-entries/?docket=4101&cursor=2",
                    "previous": None,
                    "results": results[:3],
                },
            )
        if self.path.startswith("/api/rest/v4/parties/?docket=4101"):
            return self._send(200, _load("civil-parties.json"))
        if self.path.startswith("/api/rest/v4/attorneys/?docket=4101"):
            return self._send(200, _load("civil-attorneys.json"))
        return self._send(404, {"detail": "No Docket matches the given query."})

    def _send(self, code: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    _Stub.behaviour.clear()
    _Stub.seen.clear()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("COURTLISTENER_TOKEN", TOKEN)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/rest/v4/"
    finally:
        server.shutdown()
        server.server_close()


def fetch(project: Path, api: str, *args: str) -> Any:
    return run(project, "import", "courtlistener", "--api-base", api, *args)


def test_fetches_the_docket_every_page_of_entries_and_the_parties(project: Path, api: str) -> None:
    result = fetch(project, api, "--id", "4101")
    assert result.returncode == 0, result.stderr
    assert "written from docket 4101: 7 parties, 5 candidate events" in result.stdout
    data = yaml.safe_load(
        (project / "data/cases/doe-v-acme-widgets-inc.yaml").read_text(encoding="utf-8")
    )
    assert [e["id"] for e in data["events"]][-1] == "entry-61"  # from the second page
    # Links point at the host the API was read from.
    site = api.removesuffix("/api/rest/v4/")
    assert data["sources"][0]["url"] == f"{site}/docket/4101/doe-v-acme-widgets-inc/"
    assert any("cursor=2" in path for path in _Stub.seen)
    assert "Ada Advocate" in [p["name"] for p in data["parties"] if p["role"] == "counsel"]


def test_rate_limiting_is_retried_then_said(project: Path, api: str) -> None:
    _Stub.behaviour["limited"] = 2
    result = fetch(project, api, "--id", "4101")
    assert result.returncode == 0, result.stderr
    _Stub.behaviour["limited"] = 100
    again = fetch(project, api, "--id", "4101", "--slug", "again")
    assert again.returncode == 1
    assert again.stderr == (
        "error: docket 4101: CourtListener is rate-limiting this token (HTTP 429), still "
        "after 4 retries; wait a while and try again\n"
    )
    assert not (project / "data/cases/again.yaml").exists()


def test_a_bad_token_is_said(project: Path, api: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURTLISTENER_TOKEN", "wrong")
    result = fetch(project, api, "--id", "4101")
    assert result.returncode == 1
    assert "error: docket 4101: the API refused the token (HTTP 401)" in result.stderr
    assert "check COURTLISTENER_TOKEN" in result.stderr


def test_no_token_is_said(project: Path, api: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURTLISTENER_TOKEN")
    result = fetch(project, api, "--id", "4101")
    assert result.returncode == 1
    assert result.stderr.startswith("error: set COURTLISTENER_TOKEN to your CourtListener")
    assert _Stub.seen == []  # nothing was sent without a token


def test_a_missing_docket_is_said(project: Path, api: str) -> None:
    result = fetch(project, api, "--id", "999")
    assert result.returncode == 1
    assert result.stderr == "error: docket 999: not found (HTTP 404); check the docket id\n"


def test_a_network_failure_is_said(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURTLISTENER_TOKEN", TOKEN)
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = fetch(project, f"http://127.0.0.1:{port}/api/rest/v4/", "--id", "4101")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot reach http://127.0.0.1:{port}/api/rest/v4/")
    assert "Traceback" not in result.stderr


def test_id_and_files_together_are_refused(project: Path, api: str) -> None:
    result = fetch(project, api, "--id", "4101", str(DATA / "civil-docket.json"))
    assert result.returncode == 1
    assert result.stderr == "error: give either --id or saved files, not both\n"
