"""Loading: line numbers for keys and list items, and YAML problems reworded with their line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

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
        # a document that holds nothing
        ("---\n", "case.yaml:1: the file is empty; expected a mapping of case fields"),
        ("# c\n~\n", "case.yaml:1: the file is empty; expected a mapping of case fields"),
        # other values where the case mapping should be
        (
            "1.5\n",
            "case.yaml:1: expected a mapping of case fields at the top of the file, got a number",
        ),
        (
            "\ntrue\n",
            "case.yaml:2: expected a mapping of case fields at the top of the file, got true or false",
        ),
        # a key that is a list, not text
        (
            "? [a, b]\n: 1\n",
            "case.yaml:1: YAML syntax error: found unhashable key while constructing a mapping",
        ),
        # a control character after a blank first line
        (
            "\na: \x1b\n",
            "case.yaml:2: the file contains the control character U+001B, which YAML does not allow; delete it",
        ),
    ],
)
def test_yaml_problems_are_reported_with_their_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in load_error(tmp_path, text)


def test_keys_after_a_merge_key_are_still_checked(tmp_path: Path) -> None:
    assert load_error(tmp_path, "<<: {a: 1}\nb: 1\nb: 2\n") == [
        "case.yaml:1: merge keys (<<) are not allowed in case data",
        "case.yaml:3: duplicate key 'b' (first given on line 2)",
    ]


def test_two_problems_on_one_line_are_both_reported(tmp_path: Path) -> None:
    assert load_error(tmp_path, "[&a x, *a]\n") == [
        "case.yaml:1: anchors and aliases (&name, *name) are not allowed in case data; write the"
        " value out",
        "case.yaml:1: expected a mapping of case fields at the top of the file, got a list",
    ]


def test_a_tagged_value_at_the_top_is_not_called_empty(tmp_path: Path) -> None:
    assert load_error(tmp_path, "!!binary aGk=\n") == [
        "case.yaml:1: YAML tag '!!binary' is not allowed; case data uses plain values only"
        " (text, whole numbers, lists and mappings)",
        "case.yaml:1: expected a mapping of case fields at the top of the file, got a tagged value",
    ]


def test_errors_name_the_path_when_no_name_is_given(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("- a\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_yaml(path)
    assert str(caught.value.errors[0]).startswith(f"{path}:1: expected a mapping")


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


# --- the event path and the node walk agree -----------------------------------------------
# `load_yaml` builds a file's values from the parser's events when the file is plain, and
# otherwise composes nodes and walks them (`_Loader._build`), which names each problem's
# line. Both must give the same values for every file the event path accepts.

_PLAIN = [
    *("1", "0", "-7", "+3", "1_000", "0x10", "0o17", "017", "1:30", "yes", "No", "ON", "off"),
    *("y", "true", "False", "~", "null", "NULL", "", "=x", "2023-01-02", "2023-02-30", "a b"),
    *("text", "'q'", '"dq"', "x #c", "[1, 2]", "{a: 1}", "[]", "{}", "[a, {b: c}]"),
]
_RARE = ["1.5", "1e3", ".inf", "<<", "=", "!tag x", "!!str 1", "&a x", "*a", "a: b", "- x", "@x"]
"""What the event path declines, or what is not YAML at all."""
_KEYS = ["a", "b", "slug", "a b", "'q'", '"d q"', "x-y", "_z"]
_RARE_KEYS = ["1", "yes", "~", "[k]", "? k", "<<", "&k a", "*k", "a: b"]


def _mostly(common: st.SearchStrategy[str], rare: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`common`, and one time in about twenty `rare`, so that most documents are plain."""
    return st.tuples(st.integers(0, 19), common, rare).map(lambda t: t[2] if t[0] == 0 else t[1])


def _scalar_text() -> st.SearchStrategy[str]:
    plain = st.sampled_from(_PLAIN)
    quoted = st.sampled_from(_PLAIN + _RARE).map(lambda s: "'" + s.replace("'", "''") + "'")
    double = st.sampled_from(_PLAIN + _RARE).map(json.dumps)
    return _mostly(st.one_of(plain, quoted, double), st.sampled_from(_RARE))


_KEY = _mostly(st.sampled_from(_KEYS), st.sampled_from(_RARE_KEYS))


def _block(value: object, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, str):
                lines.append(f"{pad}{key}: {item}")
            else:
                lines.append(f"{pad}{key}:\n{_block(item, indent + 2)}")
        return "\n".join(lines) if lines else f"{pad}{{}}"
    assert isinstance(value, list)
    lines = []
    for item in value:
        if isinstance(item, str):
            lines.append(f"{pad}- {item}")
        else:
            lines.append(f"{pad}-\n{_block(item, indent + 2)}")
    return "\n".join(lines) if lines else f"{pad}[]"


_DOCUMENTS = st.recursive(
    _scalar_text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(_KEYS[:8]) | st.sampled_from(_KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)


def _typed(value: object) -> object:
    """`value` with the type of every scalar beside it (so that 1 and True differ)."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}  # type: ignore[misc]
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(_KEY, _DOCUMENTS, min_size=1, max_size=5))
def test_the_event_path_builds_what_the_node_walk_builds(document: dict[str, object]) -> None:
    from generator.load import _Loader, _plain_values

    text = _block(document, 0) + "\n"
    fast = _plain_values(text)
    if fast is None:
        # Declined: the node walk alone decides, as in every other test here. Rejected, not
        # passed: Hypothesis fails the test if too few documents are taken the fast way.
        reject()
    loader = _Loader(text)
    walked = loader.construct_document(loader.get_single_node())
    assert (loader.problems, loader.aliased) == ([], False), text
    assert _typed(fast) == _typed(walked), text


def test_the_event_path_declines_what_needs_a_line(tmp_path: Path) -> None:
    from generator.load import _plain_values

    for text in [
        "a: !!str 1\n",  # a tag
        "a: &x 1\nb: *x\n",  # an anchor and an alias
        "a: 1\na: 2\n",  # a duplicate key
        "<<: {a: 1}\n",  # a merge key
        "1: a\n",  # a key that is not text
        "a: 1.5\n",  # a float
        "a: 1\n---\nb: 2\n",  # a second document
        "- a\n",  # not a mapping
        "a: [1\n",  # a syntax error
    ]:
        assert _plain_values(text) is None, text
    # the real explainer is plain: it takes the fast way
    real = Path(__file__).parent.parent / "data" / "cases" / "carroll-v-trump.yaml"
    assert _plain_values(real.read_text(encoding="utf-8")) is not None
