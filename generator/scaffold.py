"""`python -m generator new <slug>`: start a new explainer from `templates/new_case.yaml.j2`.

The new file has every section, with placeholders (`""`, `YYYY-MM-DD`, `0`) that `check`
reports one by one at their lines until the author has filled them in. The comment after
each field is that field's description in `models.py`, so the scaffold and the model agree.
"""

from __future__ import annotations

import re
import typing
from functools import cache
from pathlib import Path

from jinja2 import Environment
from pydantic import BaseModel

from . import models
from .render import template_environment
from .write import write_if_changed

_SLUG_SCHEMA = models.case_json_schema()["properties"]["slug"]
SLUG_PATTERN = re.compile(_SLUG_SCHEMA["pattern"])
"""The model's own rule for a slug (read from the schema, so the two cannot differ)."""
SLUG_MAX_CHARS: int = _SLUG_SCHEMA["maxLength"]


SHAPES = (
    "verdict",
    "several-parties",
    "several-defendants",
    "ledger",
    "settlement",
    "pending",
    "criminal",
)
"""The starting shapes `generator new --shape` offers: one plaintiff and one defendant with a
jury verdict; several parties with joint awards; several defendants, each owing their own
disgorgement, with injunctions; a verdict and the money after it (judgment, bond, appeal);
a settled case; a case with no decision; a prosecution (charges, a plea, a verdict and a
sentence)."""


class ScaffoldError(Exception):
    """The slug cannot be used; the message says why."""


def scaffold_case(project: Path, slug: str, shape: str = "verdict") -> Path:
    """Write `data/cases/<slug>.yaml` from the template; return its path relative to `project`."""
    if not SLUG_PATTERN.fullmatch(slug) or len(slug) > SLUG_MAX_CHARS:
        raise ScaffoldError(
            f"'{slug}' is not a URL slug: use lowercase letters, digits and single hyphens, "
            f"at most {SLUG_MAX_CHARS} characters (like 'carroll-v-trump')"
        )
    cases = project / "data" / "cases"
    rel = Path("data") / "cases" / f"{slug}.yaml"
    if (project / rel).exists():
        raise ScaffoldError(f"{rel.as_posix()} already exists; choose another slug")
    for path in sorted(cases.glob("*.yaml")):
        if re.search(rf"^slug:\s*['\"]?{re.escape(slug)}['\"]?\s*(#.*)?$", _read(path), re.M):
            name = path.relative_to(project).as_posix()
            raise ScaffoldError(f"the slug '{slug}' is already used by {name}")
    write_if_changed(project / rel, render_scaffold(slug, shape))
    return rel


def render_scaffold(slug: str, shape: str = "verdict") -> str:
    """The text of a new case file for `slug`, starting from one of `SHAPES`."""
    template = _environment().get_template("new_case.yaml.j2")
    return template.render(slug=slug, shape=shape, shapes=", ".join(f"`{s}`" for s in SHAPES))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


@cache
def _environment() -> Environment:
    env = template_environment()
    env.globals.update(doc=_doc, choices=_choices)
    return env


def _field(model: str, name: str) -> typing.Any:
    cls = getattr(models, model)
    assert isinstance(cls, type) and issubclass(cls, BaseModel), model
    return cls.model_fields[name]


def _doc(model: str, name: str) -> str:
    """The field's description, on one line (it follows `#` in the YAML)."""
    return " ".join((_field(model, name).description or "").split())


def _choices(model: str, name: str) -> str:
    """The allowed values of a `Literal` field: `a`, `b` or `c`."""
    values = [repr(v).strip("'") for v in typing.get_args(_field(model, name).annotation)]
    return ", ".join(f"`{v}`" for v in values[:-1]) + f" or `{values[-1]}`"
