"""`generator import courtlistener --id N`: fetch a docket from the CourtListener REST API v4.

Only fetching lives here (`importer.py` maps what comes back to a case file). Four calls,
the last three followed through their `next` pages:
`GET /api/rest/v4/dockets/<id>/`, `/api/rest/v4/docket-entries/?docket=<id>`,
`/api/rest/v4/parties/?docket=<id>` and `/api/rest/v4/attorneys/?docket=<id>`, each with
`Authorization: Token <token>`.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

API_BASE = "https://www.courtlistener.com/api/rest/v4/"
TOKEN_VARIABLE = "COURTLISTENER_TOKEN"
RETRIES = 4
"""How many times a rate-limited (429) request is tried again, waiting longer each time."""
MAX_PAGES = 200
"""At most this many pages of entries or parties (20 to 100 results a page)."""


class FetchError(Exception):
    """The API could not be read; the message says why and what to do."""


@dataclass(frozen=True)
class Fetched:
    docket: dict[str, Any]
    entries: list[Any]
    parties: list[Any]
    attorneys: list[Any]


def fetch_docket(
    docket_id: int,
    token: str | None,
    api_base: str = API_BASE,
    sleep: Callable[[float], None] = time.sleep,
    timeout: float = 30,
) -> Fetched:
    """The docket and all its entries, parties and attorneys, as the API returns them."""
    if not token:
        raise FetchError(
            f"set {TOKEN_VARIABLE} to your CourtListener API token "
            "(your account's profile page, 'Developer Tools'), or import saved files instead"
        )
    base = api_base if api_base.endswith("/") else api_base + "/"
    get = _Getter(token, sleep, timeout)
    docket = get(urljoin(base, f"dockets/{docket_id}/"), what=f"docket {docket_id}")
    if not isinstance(docket, dict):
        raise FetchError(f"docket {docket_id}: the API did not return a docket")
    entries = get.all_pages(urljoin(base, f"docket-entries/?docket={docket_id}"), "docket entries")
    parties = get.all_pages(urljoin(base, f"parties/?docket={docket_id}"), "parties")
    attorneys = get.all_pages(urljoin(base, f"attorneys/?docket={docket_id}"), "attorneys")
    return Fetched(docket, entries, parties, attorneys)


class _Getter:
    def __init__(self, token: str, sleep: Callable[[float], None], timeout: float) -> None:
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        self.sleep = sleep
        self.timeout = timeout

    def all_pages(self, url: str, what: str) -> list[Any]:
        results: list[Any] = []
        next_url: str | None = url
        for _ in range(MAX_PAGES):
            if not next_url:
                return results
            page = self(next_url, what=what)
            if not isinstance(page, dict) or not isinstance(page.get("results"), list):
                raise FetchError(f"{what}: the API did not return a list of results")
            results.extend(page["results"])
            next_url = page.get("next") or None
        raise FetchError(f"{what}: more than {MAX_PAGES} pages; save the files and import those")

    def __call__(self, url: str, what: str) -> Any:
        for attempt in range(RETRIES + 1):
            request = urllib.request.Request(url, headers=self.headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read()
            except urllib.error.HTTPError as exc:
                if exc.code == 429 and attempt < RETRIES:
                    self.sleep(_wait(exc.headers.get("Retry-After"), attempt))
                    continue
                raise FetchError(_http_message(exc.code, what)) from None
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise FetchError(f"cannot reach {url}: {reason}") from None
            try:
                return json.loads(body)
            except ValueError:
                raise FetchError(f"{what}: the API's answer is not JSON") from None
        raise AssertionError("unreachable")  # pragma: no cover


def _wait(retry_after: str | None, attempt: int) -> float:
    """Seconds to wait before trying again: the server's `Retry-After`, else 1, 2, 4, 8."""
    if retry_after and retry_after.isdigit():
        return min(float(retry_after), 120.0)
    return float(2**attempt)


def _http_message(code: int, what: str) -> str:
    if code in (401, 403):
        return (
            f"{what}: the API refused the token (HTTP {code}); check {TOKEN_VARIABLE} "
            "(and that your account may read this docket)"
        )
    if code == 404:
        return f"{what}: not found (HTTP 404); check the docket id"
    if code == 429:
        return (
            f"{what}: CourtListener is rate-limiting this token (HTTP 429), still after "
            f"{RETRIES} retries; wait a while and try again"
        )
    return f"{what}: the API answered HTTP {code}"
