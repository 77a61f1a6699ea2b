"""Case Explainers: YAML case data -> validated model -> Markdown pages for MkDocs.

The pipeline is one module per stage, each with one public verb:
`load_yaml` -> `validate_case` -> `derive_page` -> `render_pages` -> `write_if_changed`,
and `build` runs them in order.
"""

from __future__ import annotations

from .build import build, collect_cases
from .derive import derive_page
from .load import load_yaml
from .render import render_pages
from .validate import validate_case
from .write import write_if_changed

__all__ = [
    "build",
    "collect_cases",
    "derive_page",
    "load_yaml",
    "render_pages",
    "validate_case",
    "write_if_changed",
]
