"""`python -m generator new <slug>`: a complete starting file, refused where it would clash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import models
from generator.reference import document_models
from generator.scaffold import SHAPES, render_scaffold

from .factories import fixture_text, write_case
from .test_cli import run

SLUG = "smith-v-jones"


def test_new_writes_a_file_with_the_schema_comment_and_every_field(project: Path) -> None:
    result = run(project, "new", SLUG)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"data/cases/{SLUG}.yaml: written")
    text = (project / "data" / "cases" / f"{SLUG}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")
    assert f"\nslug: {SLUG}  #" in text
    # Every field of every model is there, set or commented out, with its description: the
    # criminal models' fields in the criminal shape, the rest in the default one.
    criminal = render_scaffold(SLUG, "criminal")
    for model in document_models():
        for field in model.fields:
            pattern = rf"^[ #-]*{field.name}:"
            found = re.search(pattern, text, re.M) or re.search(pattern, criminal, re.M)
            assert found, f"{model.name}.{field.name}"
    for name in models.Case.model_fields:  # each section, or commented out where optional
        assert re.search(rf"^(# )?{name}:", text, re.M), f"section {name} missing"
    assert models.Source.model_fields["kind"].description in text


def test_placeholders_are_each_reported_at_their_line(project: Path) -> None:
    (project / "data" / "cases" / "doe-v-roe.yaml").unlink()
    assert run(project, "new", SLUG).returncode == 0
    text = (project / "data" / "cases" / f"{SLUG}.yaml").read_text(encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 1
    errors = result.stderr.splitlines()[:-1]
    placeholders = [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if re.match(r'^[ -]*\w+: ("" |YYYY-MM-DD |0 )', line + " ")
    ]
    # One error per placeholder, at its line, and nothing else (no unknown ids, no syntax).
    assert [int(e.split(":")[1]) for e in errors] == placeholders
    for error in errors:
        assert error.endswith(
            ("must not be empty", "got 'YYYY-MM-DD'", "must be a positive amount, got 0")
        ), error


@pytest.mark.parametrize("shape", SHAPES)
def test_filled_in_scaffold_passes_strict_check(project: Path, shape: str) -> None:
    assert run(project, "new", SLUG, "--shape", shape).returncode == 0
    path = project / "data" / "cases" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('""', '"Filled in"').replace("YYYY-MM-DD", '"2024-01-02"')
    text = text.replace("amount_usd: 0", "amount_usd: 1_000")
    path.write_text(text, encoding="utf-8")
    result = run(project, "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2 explainer(s) checked\n"


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Smith-v-Jones", "is not a URL slug"),  # capitals
        ("smith_v_jones", "is not a URL slug"),  # underscores
        ("smith--jones", "is not a URL slug"),  # double hyphen
        ("-smith", "is not a URL slug"),  # leading hyphen
        ("../evil", "is not a URL slug"),  # a path
        ("a" * 81, "is not a URL slug"),  # too long
        ("doe-v-roe", "data/cases/doe-v-roe.yaml already exists"),  # the file exists
    ],
)
def test_new_refuses_a_bad_or_taken_slug(project: Path, slug: str, message: str) -> None:
    before = sorted(p.name for p in (project / "data" / "cases").iterdir())
    result = run(project, "new", "--", slug)  # `--`: a slug may start with a hyphen
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert sorted(p.name for p in (project / "data" / "cases").iterdir()) == before


def test_new_refuses_a_slug_another_file_declares(project: Path) -> None:
    write_case(project, fixture_text().replace("slug: doe-v-roe", f"slug: {SLUG}"), "other.yaml")
    result = run(project, "new", SLUG)
    assert result.returncode == 1
    assert f"the slug '{SLUG}' is already used by data/cases/other.yaml" in result.stderr
    assert not (project / "data" / "cases" / f"{SLUG}.yaml").exists()


def test_each_shape_starts_with_what_it_names() -> None:
    several = render_scaffold("x", "several-parties")
    assert "owed_by: [defendant, second-defendant]" in several and "shared: jointly\n" in several
    assert "\nconcluded:" in render_scaffold("x", "settlement")
    assert "\nverdicts: []" in render_scaffold("x", "pending")
    assert "decision: jury_verdict" in render_scaffold("x")
    defendants = render_scaffold("x", "several-defendants")
    assert "owed_by: [second-defendant]" in defendants and "kind: disgorgement" in defendants
    assert "\n    injunctions:  #" in defendants and "binds: [second-defendant]" in defendants
    ledger = render_scaffold("x", "ledger")
    for step in ("judgment_entered", "security_posted", "affirmed"):
        assert f"step: {step}" in ledger


def test_scaffold_text_lives_in_a_template() -> None:
    template = Path(models.__file__).parent / "templates" / "new_case.yaml.j2"
    assert "{{ slug }}" in template.read_text(encoding="utf-8")
    assert render_scaffold("x").count("\nslug: x  #") == 1
