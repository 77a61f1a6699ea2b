"""`make screenshots`: home, overview, awards and chronology at desktop and phone sizes.

    python -m tests.browser.screenshots [OUT_DIR]   (default: docs/assets/screenshots)

Viewport-sized PNGs (not full pages) at a device scale of 1, to keep them small enough to
commit. Each build of the site is the real one: shipped data, `mkdocs build --strict`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ..conftest import ROOT
from .site import PAGES, browser, build_site, serve

SIZES = {"desktop": (1280, 800), "mobile": (375, 667)}
SHOTS = ("home", "overview", "awards", "chronology")


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "assets" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp))
        with serve(site) as base, browser() as chromium:
            for size, (width, height) in SIZES.items():
                context = chromium.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                    color_scheme="light",
                    reduced_motion="reduce",
                )
                page = context.new_page()
                for name in SHOTS:
                    page.goto(base + PAGES[name], wait_until="networkidle")
                    path = out / f"{name}-{size}.png"
                    page.screenshot(path=str(path), animations="disabled")
                    print(
                        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                        f": {path.stat().st_size // 1024} KiB"
                    )
                context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
