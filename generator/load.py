"""Stage 1, load: read a YAML data file into plain Python values, keeping line numbers.

Parsing uses PyYAML's C parser where it is available (about ten times faster than the pure
Python one). The composed node tree is kept beside the data so that later stages can turn a
field path such as `verdicts[0].awards[2].amount_usd` back into a line number; it is dropped
once the file has been validated.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import DataError, DataErrors

MAX_FILE_BYTES = 1_000_000
"""A case file is a few dozen kilobytes; anything near a megabyte is a mistake or an attack."""

FieldPath = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_IMPLICIT = (True, False)
"""How the parser marks a plain scalar, for `resolve`."""
_MERGE = "tag:yaml.org,2002:merge"
_BOOL_VALUES: dict[str, bool] = yaml.constructor.SafeConstructor.bool_values
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_PLAIN_VALUES = "case data uses plain values only (text, whole numbers, lists and mappings)"
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LoadedFile:
    """A parsed data file: its values, and the node tree that knows where each value is."""

    name: str
    """The path shown to users, relative to the project folder where possible."""
    data: Any
    text: str

    @cached_property
    def root(self) -> yaml.Node:
        """The node tree, composed only when a line is asked for (a file with no problems
        never needs one)."""
        loader = _Loader(self.text)
        try:
            root: yaml.Node | None = loader.get_single_node()
        finally:
            loader.dispose()
        assert root is not None  # the file was parsed once already
        return root

    def line_of(self, path: FieldPath) -> int:
        """The 1-based line of the value at `path`, or of the nearest enclosing value."""
        node = self.root
        line = node.start_mark.line + 1
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
            line = (key_node or node).start_mark.line + 1
        return line


def load_yaml(path: Path, name: str | None = None) -> LoadedFile:
    """Parse one data file; raise `DataErrors` naming the line of every problem found."""
    shown = name or str(path)
    raw = _read_bounded(path, shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            shown, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    data = _plain_values(text)
    if data is not None:
        return LoadedFile(shown, data, text)
    # Something unusual (or wrong): compose the node tree, and name the line of each problem.
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:  # no document: nothing but blank lines and comments
            raise _fail(shown, 1, _EMPTY)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        raise _fail(shown, _mark_line(exc), _reword(exc, text)) from None
    except yaml.reader.ReaderError as exc:
        # PyYAML refuses control characters (and U+FFFE, U+FFFF) anywhere in the file.
        line = text.count("\n", 0, exc.position) + 1
        message = (
            f"the file contains the control character U+{exc.character:04X}, "
            "which YAML does not allow; delete it"
        )
        raise _fail(shown, line, message) from None
    finally:
        loader.dispose()

    problems = [DataError(shown, line, "", message) for line, message in loader.problems]
    if loader.aliased:
        problems += [DataError(shown, line, "", _ALIAS_MESSAGE) for line in _alias_lines(text)]
    if isinstance(root, yaml.ScalarNode) and root.tag == _NULL:  # "---" alone, or "~"
        problems.append(DataError(shown, 1, "", _EMPTY))
    elif not isinstance(data, dict):
        # None here is a tagged value, refused above and built as nothing
        kind = "a tagged value" if data is None else _KINDS[type(data)]
        problems.append(
            DataError(
                shown,
                root.start_mark.line + 1,
                "",
                f"expected a mapping of case fields at the top of the file, got {kind}",
            )
        )
    if problems:
        raise DataErrors(problems)
    return LoadedFile(shown, data, text)


_EMPTY = "the file is empty; expected a mapping of case fields"
# Every type the loader makes (dates stay text: the models read them).
_KINDS = {
    list: "a list",
    str: "a piece of text",
    int: "a number",
    float: "a number",
    bool: "true or false",
}


def _plain_values(text: str) -> dict[str, Any] | None:
    """The file's values, built in one pass over the parser's events; or None if the file
    holds anything but a mapping of text keys to plain values, lists and mappings: a tag, an
    anchor or alias, a merge or duplicate key, a second document, a syntax error.

    Scalars are resolved exactly as `_Loader` resolves them for PyYAML's constructor, so a file
    gives the same values either way; those that return None go the careful way, which names
    the line of every problem. Parsing events is about twice as fast as composing nodes.
    """
    loader = _Loader(text)
    try:
        return _from_events(loader)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _from_events(loader: _Loader) -> dict[str, Any] | None:
    get = loader.get_event
    if type(get()) is not yaml.StreamStartEvent or type(get()) is not yaml.DocumentStartEvent:
        return None
    event = get()
    if type(event) is not yaml.MappingStartEvent or event.tag or event.anchor:
        return None
    # The loop runs once per event, some 1,500 times in a file of 50 events: names are local,
    # and a plain scalar whose first character starts no implicit type is text without asking
    # the resolver (which would find no pattern to try for it either).
    scalar, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    typed_first = loader.yaml_implicit_resolvers
    resolve = loader.resolve
    root: dict[str, Any] = {}
    container: dict[str, Any] | list[Any] = root
    in_list = False
    key: str | None = None  # in a mapping, the key whose value comes next
    outer: list[tuple[dict[str, Any] | list[Any], str | None]] = []
    value: Any
    while True:
        event = get()
        kind = type(event)
        if kind is scalar:
            if event.tag is not None or event.anchor is not None:
                return None
            value = event.value
            # plain: resolve it (quoted and block scalars are text)
            if not event.style and value[:1] in typed_first:
                tag = resolve(yaml.ScalarNode, value, _IMPLICIT)
                if tag == _INT:
                    value = int(value.replace("_", ""))
                elif tag == _BOOL:
                    value = _BOOL_VALUES[value.lower()]
                elif tag == _NULL:
                    value = None
                elif tag != _STR:
                    return None
        elif kind is mapping_start or kind is sequence_start:
            if event.tag is not None or event.anchor is not None:
                return None
            outer.append((container, key))
            in_list = kind is sequence_start
            container, key = ([] if in_list else {}), None
            continue
        elif kind in ends:
            if not outer:
                break
            value = container
            container, key = outer.pop()
            in_list = type(container) is list
        else:  # an alias
            return None
        if in_list:
            container.append(value)  # type: ignore[union-attr]
        elif key is not None:
            container[key] = value  # type: ignore[call-overload]
            key = None
        elif type(value) is str and kind is scalar and value not in container:
            key = value
        else:  # a key that is not text, or one given twice
            return None
    if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
        return None
    return root


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that keeps dates as text and reports duplicate keys and aliases."""

    # Dates stay strings: the model parses them, with errors that name the field. (PyYAML
    # would otherwise turn 2023-02-30 into a bare ValueError with no line.)
    # Integers are decimal only: YAML 1.1 would read `0250000` as octal (86016), `1:30` as
    # base 60 (90) and `0x10` as hexadecimal, silently turning a typo into a wrong figure.
    # Those forms stay text, which the model then refuses with the value quoted.
    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, re.Pattern[str]]]]] = {
        first: [
            (tag, _DECIMAL if tag == _INT else regexp)
            for tag, regexp in resolvers
            if tag != _TIMESTAMP
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[int, str]] = []
        self.aliased = False

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # PyYAML shares one object between an anchor and its aliases. Case data has no use
        # for them, and they are how "billion laughs" documents blow up later stages.
        self.aliased = self.aliased or node in self.constructed_objects
        tag = self._explicit_tag(node)
        if tag is not None:
            # `!!binary`, `!!set`, `!!timestamp`, `!!python/...`, `!include`: a tag can turn
            # a value into a type the model never expects. Nothing is constructed from it.
            line = node.start_mark.line + 1
            self.problems.append((line, f"YAML tag '{tag}' is not allowed; {_PLAIN_VALUES}"))
            return None
        return super().construct_object(node, deep=deep)

    def _explicit_tag(self, node: yaml.Node) -> str | None:
        """The tag written on `node` (shortened), or None if it has the tag of its kind."""
        if isinstance(node, yaml.ScalarNode):
            plain = not node.style  # None from the Python parser, "" from the C one
            # A quoted or block scalar is text unless tagged; only plain ones need resolving.
            implicit = self.resolve(yaml.ScalarNode, node.value, _IMPLICIT) if plain else _STR
        else:
            implicit = self.resolve(type(node), None, _IMPLICIT)
        if node.tag == implicit:
            return None
        return node.tag.replace("tag:yaml.org,2002:", "!!")

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self._check_keys(node)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def _check_keys(self, node: yaml.MappingNode) -> None:
        """Report merge keys and duplicate keys (PyYAML would silently keep the last one)."""
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                self.problems.append(
                    (key_node.start_mark.line + 1, "merge keys (<<) are not allowed in case data")
                )
                continue
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if key in seen:
                self.problems.append(
                    (line, f"duplicate key '{key}' (first given on line {seen[key]})")
                )
            elif key is not None:
                seen[key] = line


_ALIAS_MESSAGE = (
    "anchors and aliases (&name, *name) are not allowed in case data; write the value out"
)


def _alias_lines(text: str) -> list[int]:
    """Lines of every alias; scanned only when the loader saw one (rare, and cheap in C)."""
    tokens = yaml.scan(text, Loader=_BaseLoader)
    return sorted({t.start_mark.line + 1 for t in tokens if isinstance(t, yaml.AliasToken)})


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                return key_node, value_node
    if isinstance(node, yaml.MappingNode) and isinstance(part, int):  # a key such as `1:`
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node, value_node
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return None, node.value[part]
    return None


def _mark_line(exc: yaml.MarkedYAMLError) -> int:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark else 0


def _reword(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark
    if (mark is not None and text[mark.index : mark.index + 1] == "\t") or "\\t" in problem:
        return "YAML syntax error: a tab character; indent with spaces, not tabs"
    if "undefined alias" in problem:
        return _ALIAS_MESSAGE
    if problem.startswith("mapping values are not allowed"):
        return (
            "YAML syntax error: a ': ' where no new key can start; check the indentation, "
            "or put quotes around a value that contains ': '"
        )
    if problem == "but found another document":
        return "YAML syntax error: a second document (after ---); a case file holds one mapping"
    context = f" {exc.context}" if exc.context else ""
    return f"YAML syntax error: {problem}{context}".rstrip()


def _read_bounded(path: Path, shown: str) -> bytes:
    """The file's bytes; never more than the limit, so `/dev/zero` or a huge file is refused."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise _fail(shown, 0, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        # A device or pipe reports no size: say what was read.
        shown_size = f"{size:,}" if size > MAX_FILE_BYTES else f"more than {MAX_FILE_BYTES:,}"
        raise _fail(shown, 0, f"file is {shown_size} bytes; the limit is {MAX_FILE_BYTES:,}")
    return raw


def _fail(name: str, line: int, message: str) -> DataErrors:
    return DataErrors([DataError(name, line, "", message)])
