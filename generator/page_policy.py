"""The page policy of the published HTML: a Content-Security-Policy that allows only the
site's own origin, a referrer policy, and links that leave the site opened without telling
the other site who sent the reader.

GitHub Pages sets no headers, so the policy is a `<meta http-equiv>` at the top of `<head>`.
Material needs a few small inline scripts (its palette and local storage helpers); each is
allowed by its SHA-256 hash, computed from the page itself, so no `'unsafe-inline'` is
needed. Pagefind compiles its WebAssembly search, which needs `'wasm-unsafe-eval'` (not
`'unsafe-eval'`: no JavaScript `eval`). Images may also be `data:` URLs: Material draws its
icons from CSS `mask-image: url("data:image/svg+xml,...")`, which fetches nothing from anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

REFERRER = '<meta name="referrer" content="same-origin">'
"""The whole address to pages of this site; nothing to other sites."""

_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I
)
_DATA_TYPE = re.compile(r"""\btype=["']?(?!text/javascript|module)[^"'\s>]+""", re.I)
"""`<script type="application/json">` and other data blocks: never run, so never blocked."""
_ALIGN = re.compile(r' style="text-align: (left|right|center);"')
_LINK = re.compile(r"<a\s[^>]*>", re.I)
_HREF = re.compile(r"""\bhref=(["'])(https?://[^"']*)\1""", re.I)
_REL = re.compile(r"""\brel=(["'])([^"']*)\1""", re.I)


def content_security_policy(html: str) -> str:
    """The policy for one page: the site's own origin, and the page's inline scripts by hash."""
    hashes = sorted(
        {
            "'sha256-"
            + base64.b64encode(hashlib.sha256(m["body"].encode("utf-8")).digest()).decode()
            + "'"
            for m in _INLINE_SCRIPT.finditer(html)
            if not _DATA_TYPE.search(m["attrs"])
        }
    )
    directives = {
        "default-src": ["'none'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'", *hashes],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def apply_page_policy(html: str, site_url: str, csp: bool = True) -> str:
    """The page with its policy: the CSP (unless `csp` is false, as under `mkdocs serve`,
    whose live-reload script is inline and new on every build) and the referrer policy at
    the top of `<head>`; table alignment as classes instead of `style` attributes (which the
    policy refuses); `rel="noopener noreferrer"` on every link to another site."""
    html = _ALIGN.sub(r' class="ce-align-\1"', html)
    html = _LINK.sub(lambda m: _outbound(m.group(0), site_url), html)
    head = REFERRER
    if csp:
        policy = content_security_policy(html)
        head = f'<meta http-equiv="Content-Security-Policy" content="{policy}">' + head
    charset = re.search(r"<meta charset=[^>]*>", html, re.I)
    at = charset.end() if charset else html.index("<head>") + len("<head>")
    return html[:at] + head + html[at:]


def _outbound(tag: str, site_url: str) -> str:
    href = _HREF.search(tag)
    if href is None or _same_site(href.group(2), site_url):
        return tag
    rel = _REL.search(tag)
    if rel is None:
        return tag[:-1] + ' rel="noopener noreferrer">'
    words = rel.group(2).split()
    words += [w for w in ("noopener", "noreferrer") if w not in words]
    return tag[: rel.start()] + f'rel="{" ".join(words)}"' + tag[rel.end() :]


def _same_site(url: str, site_url: str) -> bool:
    there, here = urlsplit(url), urlsplit(site_url)
    return (there.scheme, there.netloc) == (here.scheme, here.netloc)
