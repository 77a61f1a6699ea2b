"""Beyond one builder: the same mkdocs.yml and Markdown build with ProperDocs and Zensical.

Zensical runs no MkDocs hooks, so the Markdown is written to disk first with
`python -m generator build`, as the README says; ProperDocs would not need it (it runs the
hook), but gets the same input so that the two are compared on equal terms.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html import escape as html_escape
from pathlib import Path

import pytest
import yaml

from generator.build import collect_cases
from generator.render import render_pages

from .conftest import ROOT, make_project

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/repo/"}
    env.pop("CASE", None)
    result = subprocess.run(
        list(command),
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def expected_pages(project: Path) -> list[str]:
    """Every page the generator makes, as the HTML file a builder must produce."""
    pages = render_pages(collect_cases(project).pages)
    return [
        (rel.removesuffix("index.md") + "index.html")
        if rel.endswith("index.md")
        else rel.removesuffix(".md") + "/index.html"
        for rel in pages
    ]


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project", ROOT / "data")
    run(project, sys.executable, "-m", "generator", "build")
    return project


@pytest.mark.parametrize(
    ("builder", "args"),
    [
        ("properdocs", ["build", "--strict", "-f", "mkdocs.yml", "-d", "site"]),
        ("zensical", ["build", "-f", "mkdocs.yml"]),
    ],
)
def test_builder_produces_every_generated_page(
    generated: Path, builder: str, args: list[str]
) -> None:
    run(generated, str(BIN / builder), *args)
    site = generated / "site"
    pages = expected_pages(generated)
    assert len(pages) >= 5
    titles = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
        for path in (generated / "data" / "cases").glob("*.yaml")
    }
    for page in pages:
        html = site / page
        assert html.is_file(), f"{builder} did not build {page}"
        slug = page.split("/")[1] if page.startswith("cases/") else None
        # each explainer's pages carry its own title; the site's own pages the site's name
        expected = html_escape(titles[slug]) if slug else "Case Explainers"
        assert expected in html.read_text(encoding="utf-8"), page
    awards = (site / "cases/carroll-v-trump/awards/index.html").read_text(encoding="utf-8")
    assert "83,300,000" in awards
    charges = (site / "cases/people-v-trump/charges/index.html").read_text(encoding="utf-8")
    assert "Counts 1–34" in charges and "Guilty" in charges
    assert (site / "cases/people-v-trump/counts.csv").is_file()
    assert not (site / "cases/people-v-trump/awards.csv").exists()
    for extra in ("about/index.html", "authoring/index.html", "404.html", "sitemap.xml"):
        assert (site / extra).is_file(), f"{builder}: {extra}"
    assert (site / "assets" / "favicon.svg").is_file()
    assert 'property="og:title"' in awards  # the theme override applies


def test_properdocs_runs_the_hook_without_a_generate_step(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", ROOT / "data")
    run(project, str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "site")
    for page in expected_pages(project):
        assert (project / "site" / page).is_file(), page
    assert not (project / "docs" / "cases").exists()
