"""`python -m generator migrate`: rewrite case files in an older data format to the current one.

ruamel.yaml's round-trip loader finds each place to change (with its line and column), and
the change is made to that text alone, so comments, key order, quoting and layout stay
exactly as they were. (Dumping the round-trip tree would be simpler, but ruamel.yaml 0.19
rewrites `-250_000` as `-_250_000`.) A file already in the current format is left byte for
byte as it was, so running it twice changes nothing the second time. What cannot be worked
out from the file (the words around a quote) is listed for a person to add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from .write import write_if_changed

DECISIONS = {"jury": "jury_verdict", "judge": "bench_ruling"}
"""Format 1's `decided_by` values, and the `decision` each becomes in format 2."""


@dataclass
class Migration:
    """What migrating one file did, and what is left for a person."""

    name: str
    changes: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    error: str | None = None
    written: bool = False


def migrate_files(project: Path, names: list[str] | None = None) -> list[Migration]:
    """Migrate `data/cases/*.yaml` (or the named files) to the current format."""
    paths = (
        [project / n for n in names]
        if names
        else sorted((project / "data" / "cases").glob("*.yaml"))
    )
    return [migrate_file(path, _shown(path, project)) for path in paths]


def migrate_file(path: Path, name: str) -> Migration:
    result = Migration(name)
    yaml = _yaml()
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text)
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        result.error = f"cannot read it as YAML ({' '.join(str(exc).split())[:200]}); fix it first"
        return result
    if not isinstance(data, CommentedMap):
        result.error = "expected a mapping of case fields"
        return result
    lines = text.splitlines(keepends=True)
    for i, verdict in enumerate(_items(data, "verdicts")):
        if "decided_by" in verdict:
            old = verdict["decided_by"]
            new = DECISIONS.get(str(old), "jury_verdict")
            row, column = verdict.lc.key("decided_by")
            value_row, value_column = verdict.lc.value("decided_by")
            if value_row != row:
                result.error = f"line {row + 1}: put `decided_by: {old}` on one line first"
                return result
            line = lines[row]
            end = value_column + len(str(old))
            lines[row] = f"{line[:column]}decision: {new}{line[end:]}"
            result.changes.append(
                f"{name}:{row + 1}: verdicts[{i}]: decided_by: {old} -> decision: {new}"
            )
    for i, event in enumerate(_items(data, "events")):
        for j, quote in enumerate(_items(event, "quotes")):
            if "context" not in quote:
                line = quote.lc.line + 1
                result.todo.append(
                    f"{name}:{line}: events[{i}].quotes[{j}]: add `context:`, the words around "
                    "the quote that decide its meaning"
                )
    if result.changes:
        result.written = write_if_changed(path, "".join(lines))
    return result


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _items(node: Any, key: str) -> list[CommentedMap]:
    value = node.get(key) if isinstance(node, CommentedMap) else None
    return (
        [item for item in value if isinstance(item, CommentedMap)]
        if isinstance(value, list)
        else []
    )


def _shown(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(path)
