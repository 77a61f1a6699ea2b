"""The published JSON Schema is current, and every data file points editors at it."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.models import case_json_schema

from .conftest import FIXTURE, ROOT

SCHEMA = ROOT / "data" / "schema" / "case.schema.json"
# The shipped cases, the fixture case and the shape fixtures beside it.
DATA_FILES = sorted((ROOT / "data" / "cases").glob("*.yaml")) + sorted(
    (FIXTURE / "cases").glob("*.yaml")
)


def test_schema_file_is_current() -> None:
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == case_json_schema(), (
        "data/schema/case.schema.json is stale: run `python -m generator schema`"
    )


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_file_declares_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == SCHEMA


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_file_is_valid_under_the_schema(path: Path) -> None:
    # what an editor checks as you type agrees with what `check` accepts
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(_dates_as_text(data), json.loads(SCHEMA.read_text(encoding="utf-8")))


def _dates_as_text(value: object) -> object:
    """Plain PyYAML reads unquoted dates as dates; the generator's loader keeps them as text."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
