"""Loading: line numbers for keys and list items, and YAML problems reworded with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import DataErrors
from generator.load import MAX_FILE_BYTES, load_yaml


def load_text(tmp_path: Path, text: str | bytes):
    path = tmp_path / "case.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_yaml(path, "case.yaml")


def load_error(tmp_path: Path, text: str | bytes) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_text(tmp_path, text)
    return [str(e) for e in caught.value.errors]


def test_line_of_keys_and_list_items(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, "a: 1\nitems:\n  - x: 1\n  - x: 2\n    y: 3\n")
    assert loaded.line_of(("a",)) == 1
    assert loaded.line_of(("items", 1)) == 4
    assert loaded.line_of(("items", 1, "y")) == 5
    # a missing key points at the nearest enclosing value
    assert loaded.line_of(("items", 1, "missing")) == 4


def test_dates_stay_text(tmp_path: Path) -> None:
    # so that the model, not PyYAML, reports an impossible date, with its field
    assert load_text(tmp_path, "d: 2023-02-30\ne: 2023-01-01\n").data == {
        "d": "2023-02-30",
        "e": "2023-01-01",
    }


def test_underscored_integers_are_numbers(tmp_path: Path) -> None:
    assert load_text(tmp_path, "amount_usd: 2_000_000\n").data == {"amount_usd": 2000000}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # duplicate keys: PyYAML would silently keep the last one
        ("a: 1\nb: 2\na: 3\n", "case.yaml:3: duplicate key 'a' (first given on line 1)"),
        # aliases are refused, so an alias bomb never expands
        (
            "a: &x [1, 2]\nb: *x\n",
            "case.yaml:2: anchors and aliases (&name, *name) are not allowed in case data; write the value out",
        ),
        # a tab used for indentation
        (
            "a:\n\t- 1\n",
            "case.yaml:2: YAML syntax error: a tab character; indent with spaces, not tabs",
        ),
        # an unclosed flow list
        (
            "a: [1, 2\nb: 3\n",
            "case.yaml:2: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence",
        ),
        # a Python object tag
        (
            "a: !!python/object:os.system {}\n",
            "case.yaml:1: YAML tag '!!python/object:os.system' is not allowed; case data uses plain values only (text, whole numbers, lists and mappings)",
        ),
        # a list where the case mapping should be
        (
            "- a\n- b\n",
            "case.yaml:1: expected a mapping of case fields at the top of the file, got a list",
        ),
        # nothing but comments
        ("# just a comment\n", "case.yaml:1: the file is empty; expected a mapping of case fields"),
        ("", "case.yaml:1: the file is empty; expected a mapping of case fields"),
    ],
)
def test_yaml_problems_are_reported_with_their_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in load_error(tmp_path, text)


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    errors = load_error(tmp_path, "\n".join(lines) + "\n")
    assert errors[0].endswith(
        "anchors and aliases (&name, *name) are not allowed in case data; write the value out"
    )


def test_not_utf8(tmp_path: Path) -> None:
    assert load_error(tmp_path, b"a: 1\nb: caf\xe9\n") == [
        "case.yaml:2: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    ]


def test_too_large(tmp_path: Path) -> None:
    size = MAX_FILE_BYTES + 1
    assert load_error(tmp_path, b"#" * size) == [
        f"case.yaml: file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
    ]


@pytest.mark.parametrize(
    "path",
    [
        Path(__file__).parent.parent / "data" / "cases" / "carroll-v-trump.yaml",
        Path(__file__).parent.parent / "data" / "glossary.yaml",
        Path(__file__).parent / "data" / "cases" / "doe-v-roe.yaml",
    ],
    ids=lambda p: p.name,
)
def test_fast_construction_equals_pyyamls(path: Path) -> None:
    # the direct walk builds exactly what PyYAML's general constructor builds
    from generator.load import _Loader

    general = _Loader(path.read_text(encoding="utf-8"))
    expected = general.construct_document(general.get_single_node())
    assert load_yaml(path).data == expected


def test_scalars_of_every_kind(tmp_path: Path) -> None:
    text = "a: 1_000\nb: yes\nc: ~\nd: 'q'\ne: [1, x]\nf: {g: Off}\nh: 1.5\n"
    assert load_text(tmp_path, text).data == {
        "a": 1000,
        "b": True,
        "c": None,
        "d": "q",
        "e": [1, "x"],
        "f": {"g": False},
        "h": 1.5,
    }
