from __future__ import annotations

import shutil
from collections.abc import Collection
from pathlib import Path

import pytest

from generator.glossary import _pattern
from generator.render import md

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "data"
FIXTURE_SLUG = "doe-v-roe"
"""The fixture most tests edit; beside it in `tests/data/cases/`, one invented explainer of each
shape the model holds (tests/test_shapes.py)."""
SHAPES = sorted(p.stem for p in (FIXTURE / "cases").glob("*.yaml") if p.stem != FIXTURE_SLUG)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/ from the current output",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Each test starts with the escaping caches empty, so that no test is answered from
    what another test (or `make mutation`'s first run of the unmutated code) computed."""
    md.cache_clear()
    _pattern.cache_clear()


def make_project(dest: Path, data: Path = FIXTURE, cases: Collection[str] | None = None) -> Path:
    """A throwaway project: the given data, the real docs/ pages and an mkdocs.yml whose hook
    points back at this checkout's generator.

    `cases` names the explainers of `data/cases/` to keep: by default doe-v-roe alone from the
    fixture data (the shape fixtures beside it are chosen by name), every one from other data.
    """
    keep = cases if cases is not None else ((FIXTURE_SLUG,) if data == FIXTURE else None)

    def others(folder: str, names: list[str]) -> list[str]:
        if keep is None or Path(folder) != data / "cases":
            return []
        return [n for n in names if n.endswith(".yaml") and n.removesuffix(".yaml") not in keep]

    shutil.copytree(data, dest / "data", ignore=others)
    shutil.copytree(
        ROOT / "docs",
        dest / "docs",
        ignore=shutil.ignore_patterns("index.md", "glossary.md", "corrections.md", "cases"),
    )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("- generator/hooks.py", f"- {ROOT / 'generator' / 'hooks.py'}")
    config = config.replace(
        "custom_dir: generator/theme", f"custom_dir: {ROOT / 'generator' / 'theme'}"
    )
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project holding the small invented fixture case, `doe-v-roe`."""
    return make_project(tmp_path / "project")


@pytest.fixture
def real_project(tmp_path: Path) -> Path:
    """A project holding the shipped data (Carroll v. Trump)."""
    return make_project(tmp_path / "project", ROOT / "data")
