"""Live preview: `mkdocs serve` rebuilds on a data edit, and survives invalid data.

MkDocs 1.6.1's `serve` stops answering after a failed build, so during `serve` the hook
reports the errors and keeps the last good pages. This starts a real server on a free
loopback port in a throwaway copy of the project and edits its data as an author would.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .factories import FIXTURE_NAME, edited, line_of, write_case

pytestmark = pytest.mark.slow

STARTUP_SECONDS = 20
"""The first build, with Material's theme and search index, takes a second or two."""
RELOAD_SECONDS = 10
"""An edit must show in the served page within this: the issue's "a few seconds"."""
AWARDS = "cases/doe-v-roe/awards/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> float:
    """Poll until `condition()` holds; return how long it took, or fail after `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if condition():
            return time.monotonic() - start
        time.sleep(0.2)
    pytest.fail(f"not within {seconds} s: {what}")


class Server:
    def __init__(self, project: Path, log: Path, *flags: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("CASE", None)
        self._out = log.open("wb")
        # By default a plain `mkdocs serve`, without `--livereload`: what an author types.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *flags, "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def page(self, path: str) -> tuple[int, str]:
        assert self.process.poll() is None, f"the server exited:\n{self.output()}"
        return fetch(self.url + path)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._out.close()


@pytest.fixture
def server(project: Path, tmp_path: Path) -> Iterator[Server]:
    running = Server(project, tmp_path / "serve.log")
    try:
        wait_for(
            lambda: running.page(AWARDS)[0] == 200, STARTUP_SECONDS, "the first page is served"
        )
        yield running
    finally:
        running.stop()


def test_edits_reload_and_invalid_data_keeps_the_last_good_pages(
    project: Path, server: Server
) -> None:
    status, html = server.page(AWARDS)
    assert "$250,000" in html and "$1,270,000" in html
    assert "livereload" in html  # the reload script is injected: the browser will refresh

    # An author raises an amount (and the total a source states with it).
    good = edited("amount_usd: 250_000", "amount_usd: 350_000")
    good = edited("amount_usd: 1_270_000", "amount_usd: 1_370_000", good)
    write_case(project, good)
    wait_for(
        lambda: "$350,000" in server.page(AWARDS)[1], RELOAD_SECONDS, "the new amount is served"
    )
    assert "$1,370,000" in server.page(AWARDS)[1]

    # Then breaks it: the errors appear in the terminal, the last good page stays up.
    broken = good.replace("amount_usd: 350_000", "amount_usd: -5")
    write_case(project, broken)
    error = (
        f"{FIXTURE_NAME}:{line_of(broken, 'amount_usd: -5')}: "
        "verdicts[0].awards[1].amount_usd: must be a positive amount, got -5"
    )
    wait_for(lambda: error in server.output(), RELOAD_SECONDS, "the error is printed")
    assert "still serving the last good pages" in server.output()
    status, html = server.page(AWARDS)
    assert status == 200 and "$350,000" in html
    assert server.page("")[0] == 200

    # A YAML syntax error is survived the same way.
    write_case(project, good.replace("title: Doe v. Roe", "title: [Doe v. Roe"))
    wait_for(
        lambda: server.output().count("still serving the last good pages") >= 2,
        RELOAD_SECONDS,
        "the syntax error is reported",
    )
    assert re.search(rf"ERROR +- +{FIXTURE_NAME}:\d+: YAML syntax error", server.output())
    assert server.page(AWARDS)[0] == 200

    # Fixing the file brings the new page back.
    fixed = good.replace("amount_usd: 350_000", "amount_usd: 450_000")
    fixed = fixed.replace("amount_usd: 1_370_000", "amount_usd: 1_470_000")
    write_case(project, fixed)
    wait_for(
        lambda: "$450,000" in server.page(AWARDS)[1], RELOAD_SECONDS, "the fixed page is served"
    )
    assert "Traceback" not in server.output()


def test_hand_written_pages_reload_too(project: Path, server: Server) -> None:
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA sentence added live.\n")
    wait_for(
        lambda: "A sentence added live." in server.page("about/")[1],
        RELOAD_SECONDS,
        "the edited page is served",
    )


def test_make_serve_flag_keeps_live_reload_on(project: Path, tmp_path: Path) -> None:
    """`make serve` passes `--livereload` (mkdocs#4032: click 8.3 turned live reload off
    without it); with it, as without it (the test above), the page carries the reload
    script and an edit reaches the browser."""
    server = Server(project, tmp_path / "serve.log", "--livereload")
    try:
        wait_for(lambda: server.page(AWARDS)[0] == 200, STARTUP_SECONDS, "the first page")
        assert "livereload" in server.page(AWARDS)[1]
        edit = edited("amount_usd: 250_000", "amount_usd: 260_000")
        write_case(project, edited("amount_usd: 1_270_000", "amount_usd: 1_280_000", edit))
        wait_for(lambda: "$260,000" in server.page(AWARDS)[1], RELOAD_SECONDS, "the edit")
    finally:
        server.stop()
