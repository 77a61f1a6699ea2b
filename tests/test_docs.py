"""The authoring guide is tested against the code, as sqlite-utils tests its docs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.models import Case
from generator.reference import (
    REFERENCE_END,
    REFERENCE_START,
    document_models,
    render_reference,
    update_reference,
)

from .conftest import ROOT
from .test_cli import run

AUTHORING = ROOT / "docs" / "authoring.md"


def section_of(text: str, model: str) -> str:
    start = text.index(f"### {model} {{ #model-{model.lower()} }}")
    end = text.find("\n### ", start + 1)
    return text[start : end if end > 0 else len(text)]


def test_field_reference_is_up_to_date() -> None:
    text = AUTHORING.read_text(encoding="utf-8")
    assert render_reference() in text, (
        "docs/authoring.md: the field reference is stale; run `python -m generator docs`"
    )


def test_every_model_field_is_described_in_the_docs() -> None:
    text = AUTHORING.read_text(encoding="utf-8")
    models = document_models()
    assert {m.name for m in models} >= {"Case", "Source", "Event", "Verdict", "AwardLine"}
    for model in models:
        section = section_of(text, model.name)
        for field in model.fields:
            assert field.description, f"{model.name}.{field.name} has no description in models.py"
            row = f"| `{field.name}` | "
            assert row in section, f"{model.name}.{field.name} is not in docs/authoring.md"
            assert field.description.replace("|", "\\|") in section


def test_docs_check_fails_when_stale_and_docs_repairs_it(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copy(AUTHORING, project / "docs" / "authoring.md")
    page = project / "docs" / "authoring.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("| `docket` |", "| `docket_no` |"),
        encoding="utf-8",
    )
    stale = run(project, "docs", "--check")
    assert stale.returncode == 1 and "out of date" in stale.stderr
    assert run(project, "docs").stdout == "docs/authoring.md: written\n"
    assert run(project, "docs", "--check").returncode == 0
    assert page.read_text(encoding="utf-8") == AUTHORING.read_text(encoding="utf-8")
    assert update_reference(project) is False


def test_worked_example_passes_strict_check(tmp_path: Path) -> None:
    text = AUTHORING.read_text(encoding="utf-8")
    example = re.search(r"## A complete worked example\n.*?```yaml\n(.*?)```", text, re.S)
    assert example is not None
    project = tmp_path / "project"
    (project / "data" / "cases").mkdir(parents=True)
    (project / "data" / "cases" / "smith-v-jones.yaml").write_text(example[1], encoding="utf-8")
    result = run(project, "check", "--strict")
    assert result.returncode == 0, result.stderr
    # The example shows every top-level section (one that a pending case cannot have, in a
    # comment).
    for name in Case.model_fields:
        assert re.search(rf"^(# )?{name}:", example[1], re.M), name


@pytest.mark.parametrize(
    "heading",
    [
        "## Field reference",
        "## Publishing",
        "## A complete worked example",
        "## Adding a glossary term",
    ],
)
def test_authoring_page_has_its_sections(heading: str) -> None:
    text = AUTHORING.read_text(encoding="utf-8")
    assert heading in text
    assert text.index(REFERENCE_START) < text.index(REFERENCE_END)


def test_authoring_page_is_under_about_in_the_navigation() -> None:
    from mkdocs.structure.files import File, Files

    from generator.hooks import _navigation

    files = Files(
        [
            File(uri, "docs", "site", use_directory_urls=True)
            for uri in ("index.md", "about.md", "authoring.md")
        ]
    )
    nav = _navigation(files, {"index.md": ""})
    assert nav[-1] == {"About": ["about.md", "authoring.md"]}


def test_the_glossary_example_in_the_guide_is_a_valid_glossary_that_links(tmp_path: Path) -> None:
    """The guide's glossary entry, as written, passes the glossary's checks and links."""
    from generator.glossary import TermLinker, collect_glossary

    text = AUTHORING.read_text(encoding="utf-8")
    section = text[text.index("## Adding a glossary term") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "glossary.yaml").write_text(example[1], encoding="utf-8")
    glossary, warnings = collect_glossary(tmp_path)
    assert glossary is not None and warnings == []
    linked = TermLinker(glossary, "g.md")("The court entered a default judgment\\.")
    assert "[default judgment](g.md#default-judgment " in linked
    # the example is the shipped entry, not a variant of it
    shipped = (ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8")
    assert "rule_55" in shipped and "id: default-judgment" in shipped
