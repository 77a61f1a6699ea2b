"""The GitHub Actions workflows: valid, least-privileged, and building what the README says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_workflow_matches_the_github_schema(name: str) -> None:
    # check-jsonschema ships the schema: this works offline.
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOWS / name),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_make_test_on_pushes_and_pull_requests() -> None:
    ci = load("ci.yml")
    assert "push" in ci["on"] and "pull_request" in ci["on"]
    assert [s["run"] for s in steps(ci) if "run" in s] == ["make test"]
    assert ci["permissions"] == {"contents": "read"}


def test_pages_deploys_main_with_the_official_actions_and_least_permissions() -> None:
    pages = load("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert pages["concurrency"]["group"]
    used = [s["uses"].split("@")[0] for s in steps(pages) if "uses" in s]
    for action in (
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in used
    upload = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
    assert "secrets." not in (WORKFLOWS / "pages.yml").read_text(encoding="utf-8")


def test_pages_builds_with_the_readme_command_under_the_pages_address() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\s*SITE_URL=\S+ (make \w+)$", section, re.M)
    assert documented, "the README's Publishing section shows no build command"
    pages = load("pages.yml")
    build = [s for s in steps(pages) if "run" in s]
    assert [s["run"] for s in build] == documented[:1]
    configure = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/configure"))
    assert build[0]["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}/"
    # ... and the site_url of mkdocs.yml comes from that variable.
    assert "site_url: !ENV [SITE_URL," in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_pages_build_links_the_about_page_to_the_repositorys_issues() -> None:
    [build] = [s for s in steps(load("pages.yml")) if s.get("run") == "make site"]
    assert (
        build["env"]["CORRECTIONS_URL"]
        == "${{ github.server_url }}/${{ github.repository }}/issues/new"
    )
