"""Link check: is every source's `url` and `archive_url` still there? (`python -m generator links`)

Each address is asked once (HEAD, then GET where HEAD is refused), redirects followed, with a
timeout. Hosts are asked in parallel, and one host at most once every `delay` seconds. Every
answer is kept in a cache file for a day, so a second run within a day asks nothing again.
With `suggest_archive`, the Wayback Machine's availability API is asked for a snapshot of
each source that has no `archive_url`, or whose `url` is dead.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from .build import collect_cases
from .errors import DataError, Severity
from .load import load_yaml

WAYBACK_API = "https://archive.org/wayback/available"
"""The Wayback Machine's availability API; `--wayback-api` (or WAYBACK_API) points elsewhere."""
CACHE_FILE = Path(".cache") / "links.json"
"""Under the project folder; `.cache/` is not committed."""
CACHE_SECONDS = 24 * 60 * 60
USER_AGENT = "case-explainers-link-check/1 (checks the sources an explainer cites)"
_PERMANENT = {301, 308}
_HEAD_REFUSED = 400
"""HEAD answered with this or worse: some servers refuse or mishandle HEAD, so GET decides."""


@dataclass(frozen=True)
class Link:
    """One address to check, and where the data names it."""

    url: str
    file: str
    line: int
    field: str
    archived: bool
    """True where the source already has an `archive_url` (no suggestion needed)."""


@dataclass
class Answer:
    """What an address answered: a status, or an error where nothing usable came back."""

    status: int = 0
    reason: str = ""
    final_url: str = ""
    moved: bool = False
    """A permanent redirect (301, 308) on the way to `final_url`."""
    error: str = ""
    checked_at: float = field(default_factory=time.time)

    @property
    def dead(self) -> bool:
        return bool(self.error) or self.status >= 400

    def describe(self) -> str:
        if self.error:
            return self.error
        if self.dead:
            return f"{self.status} {self.reason}".strip()
        return f"moved permanently to {self.final_url}"


@dataclass
class Report:
    problems: list[DataError]
    suggestions: list[str]
    checked: int
    from_cache: int

    @property
    def dead(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)


def find_links(project: Path, slug: str | None = None) -> list[Link]:
    """Every source address in the data (validated first: bad data raises `DataErrors`)."""
    links: list[Link] = []
    for page in collect_cases(project, only=slug).pages:
        loaded = load_yaml(project / page.source_file, page.source_file)
        for i, source in enumerate(page.case.sources):
            for name in ("url", "archive_url"):
                url = getattr(source, name)
                if url:
                    line = loaded.line_of(("sources", i, name))
                    where = f"sources[{i}].{name}"
                    links.append(Link(url, page.source_file, line, where, bool(source.archive_url)))
    return links


class Checker:
    """Asks each address once, politely, and remembers the answers in a cache file."""

    def __init__(
        self,
        cache_path: Path,
        timeout: float = 10.0,
        delay: float = 1.0,
        workers: int = 8,
        wayback_api: str = WAYBACK_API,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.cache_path = cache_path
        self.timeout = timeout
        self.delay = delay
        self.workers = workers
        self.wayback_api = wayback_api
        self.now = now
        self.cache = self._read_cache()
        self.from_cache = 0
        self._lock = threading.Lock()
        self._local = threading.local()

    def check(self, urls: Iterable[str]) -> dict[str, Answer]:
        """The answer for each address: from the cache where fresh, else asked, host by host."""
        answers: dict[str, Answer] = {}
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in dict.fromkeys(urls):
            cached = self._cached(url)
            if cached is not None:
                answers[url] = cached
                self.from_cache += 1
            else:
                by_host[urlsplit(url).netloc.lower()].append(url)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for got in pool.map(self._check_host, by_host.values()):
                answers.update(got)
        self._write_cache()
        return answers

    def snapshot(self, url: str) -> str | None:
        """The Wayback Machine's closest snapshot of `url`, or None where it has none."""
        key = f"wayback {url}"
        hit = self.cache.get(key)
        if hit is not None and self.now() - hit["checked_at"] < CACHE_SECONDS:
            self.from_cache += 1
            return hit["snapshot"]  # type: ignore[no-any-return]
        found: str | None = None
        try:
            reply = self._session().get(self.wayback_api, params={"url": url}, timeout=self.timeout)
            closest = reply.json().get("archived_snapshots", {}).get("closest") or {}
            if closest.get("available") and str(closest.get("status", "200")).startswith("2"):
                found = str(closest["url"]).replace("http://", "https://", 1)
        except (requests.RequestException, ValueError, AttributeError):
            return None  # not cached: ask again next time
        with self._lock:
            self.cache[key] = {"snapshot": found, "checked_at": self.now()}
        return found

    def save(self) -> None:
        self._write_cache()

    def _check_host(self, urls: list[str]) -> dict[str, Answer]:
        answers: dict[str, Answer] = {}
        for n, url in enumerate(urls):
            if n:
                time.sleep(self.delay)  # one request at a time per host, spaced out
            answers[url] = answer = self._ask(url)
            with self._lock:
                self.cache[url] = asdict(answer)
        return answers

    def _ask(self, url: str) -> Answer:
        session = self._session()
        try:
            response = session.head(url, allow_redirects=True, timeout=self.timeout)
            if response.status_code >= _HEAD_REFUSED:
                response.close()
                response = session.get(url, allow_redirects=True, timeout=self.timeout, stream=True)
            response.close()
        except requests.exceptions.SSLError as exc:
            return Answer(error=f"TLS error: {_reason(exc)}", checked_at=self.now())
        except requests.exceptions.Timeout:
            return Answer(error=f"no answer within {self.timeout:g} s", checked_at=self.now())
        except requests.exceptions.TooManyRedirects:
            return Answer(error="too many redirects", checked_at=self.now())
        except requests.RequestException as exc:
            return Answer(error=f"cannot connect: {_reason(exc)}", checked_at=self.now())
        moved = any(r.status_code in _PERMANENT for r in response.history)
        return Answer(
            status=response.status_code,
            reason=response.reason or "",
            final_url=response.url,
            moved=moved and response.url != url,
            checked_at=self.now(),
        )

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
        return session

    def _cached(self, url: str) -> Answer | None:
        entry = self.cache.get(url)
        if not isinstance(entry, dict):
            return None
        try:
            answer = Answer(**entry)
        except TypeError:
            return None
        return answer if self.now() - answer.checked_at < CACHE_SECONDS else None

    def _read_cache(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_cache(self) -> None:
        now = self.now()
        with self._lock:
            fresh = {
                k: v
                for k, v in self.cache.items()
                if isinstance(v, dict) and now - v.get("checked_at", 0) < CACHE_SECONDS
            }
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.cache_path.with_name(self.cache_path.name + ".tmp")
        partial.write_text(json.dumps(fresh, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(partial, self.cache_path)


def check_links(links: list[Link], checker: Checker, suggest_archive: bool = False) -> Report:
    """Check every link; dead ones are errors, permanently moved ones warnings."""
    answers = checker.check(link.url for link in links)
    problems: list[DataError] = []
    suggestions: list[str] = []
    for link in links:
        answer = answers[link.url]
        if answer.dead or answer.moved:
            severity = Severity.ERROR if answer.dead else Severity.WARNING
            problems.append(
                DataError(link.file, link.line, link.field, answer.describe(), severity)
            )
    if suggest_archive:
        for link in links:
            wanted = link.field.endswith(".url") and (not link.archived or answers[link.url].dead)
            if not wanted:
                continue
            snapshot = checker.snapshot(link.url)
            where = f"{link.file}:{link.line}: {link.field.removesuffix('url')}archive_url"
            suggestions.append(
                f"{where}: {snapshot}"
                if snapshot
                else f"{where}: the Wayback Machine has no copy of {link.url}"
            )
        checker.save()
    return Report(sorted(problems), suggestions, len(answers), checker.from_cache)


def _reason(exc: Exception) -> str:
    """The innermost reason of a requests error, on one line (not the whole chain)."""
    inner: BaseException = exc
    while inner.args and isinstance(inner.args[0], BaseException):
        inner = inner.args[0]
    reason = getattr(inner, "reason", None)
    text = str(reason if reason is not None else inner)
    return " ".join(text.split())
