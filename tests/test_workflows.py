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


NAMES = sorted(path.name for path in WORKFLOWS.glob("*.yml"))
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")
"""`uses: owner/action@<full commit SHA> # vX.Y.Z`: the SHA cannot be moved like a tag can."""
WRITERS = {
    ("pages.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("links.yml", "report"): {"issues": "write"},
}
"""The only jobs that may write anything, and exactly what they may write."""


def test_the_workflows_are_the_ones_tested_here() -> None:
    assert NAMES == ["ci.yml", "links.yml", "pages.yml"]


@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.github-workflows", f".github/workflows/{name}") for name in NAMES]
    + [("vendor.dependabot", ".github/dependabot.yml")],
)
def test_workflow_matches_the_github_schema(schema: str, path: str) -> None:
    # check-jsonschema ships the schema: this works offline.
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            schema,
            str(ROOT / path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_every_action_is_official_and_pinned_to_a_commit_sha(name: str) -> None:
    lines = [
        line
        for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
        if re.match(r"^\s*(- )?uses:", line)
    ]
    assert lines
    assert [line for line in lines if not PINNED.match(line)] == []
    assert {PINNED.match(line).group(1).split("/")[0] for line in lines} == {"actions"}  # type: ignore[union-attr]
    # One action, one commit everywhere it is used.
    shas: dict[str, set[str]] = {}
    for line in lines:
        action, sha = PINNED.match(line).groups()  # type: ignore[union-attr]
        shas.setdefault(action, set()).add(sha)
    assert {action: len(found) for action, found in shas.items() if len(found) > 1} == {}


@pytest.mark.parametrize("name", NAMES)
def test_every_job_declares_least_permissions(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] == {}, "the workflow grants nothing; each job asks for its own"
    for job_name, job in workflow["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"{name}: job {job_name} declares no permissions"
        expected = WRITERS.get((name, job_name), {"contents": "read"})
        assert granted == expected, f"{name}: job {job_name}"
        if (name, job_name) in WRITERS:
            # A job that can write runs no code of the repository.
            uses = [s.get("uses", "") for s in job["steps"]]
            assert not any(u.startswith("actions/checkout@") for u in uses)
            assert not any("run" in s for s in job["steps"])
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_ci_runs_make_test_on_pushes_and_pull_requests_and_audits_every_push() -> None:
    ci = load("ci.yml")
    assert "push" in ci["on"] and "pull_request" in ci["on"]
    runs = {
        name: [s["run"] for s in job["steps"] if "run" in s] for name, job in ci["jobs"].items()
    }
    assert runs == {"test": ["make test"], "audit": ["make audit"]}
    assert ci["jobs"]["audit"]["if"] == "github.event_name == 'push'"
    assert "if" not in ci["jobs"]["test"]


def test_link_check_runs_weekly_and_keeps_one_issue() -> None:
    links = load("links.yml")
    [schedule] = links["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    assert "workflow_dispatch" in links["on"]
    check, report = links["jobs"]["check"], links["jobs"]["report"]
    [run] = [s["run"] for s in check["steps"] if "links" in s.get("run", "")]
    assert ".venv/bin/python -m generator links --suggest-archive" in run
    assert report["needs"] == "check"
    [script_step] = report["steps"]
    assert script_step["uses"].startswith("actions/github-script@")
    script = script_step["with"]["script"]
    # The report reaches the script through the environment, never pasted into its code.
    assert "${{" not in script
    assert script_step["env"]["REPORT"] == "${{ needs.check.outputs.report }}"
    for call in ("issues.create", "issues.update", "listForRepo"):
        assert call in script


def test_dependabot_updates_pip_and_the_actions() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    assert all(u["directory"] == "/" and u["schedule"]["interval"] for u in config["updates"])


def test_pages_deploys_main_with_the_official_actions_and_least_permissions() -> None:
    pages = load("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
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
