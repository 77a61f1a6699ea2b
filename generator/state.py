"""What the last build produced, so that a build with nothing to do does nothing.

The fingerprint covers everything that goes into the output: the data files, the glossary,
the generator's code and templates, and the `--only` choice. The state file records it with
the size and mtime of every file the build left. If both still match, the previous result
stands: no stage runs and no file is read or written. Any doubt (a missing or edited output,
an unreadable state file) means a full build, which compares content as always.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError, Severity

if TYPE_CHECKING:
    from .build import BuildResult

STATE_FILE = "cases/.build-state.json"
"""Under the output folder; MkDocs skips dotfiles, and `cases/` is the generator's own."""


def fingerprint_inputs(project: Path, only: str | None) -> str:
    """A digest of every input of a build: data, glossary, generator code and templates."""
    digest = hashlib.sha256(_generator_digest().encode())
    digest.update(f"only={only}\0".encode())
    data = project / "data"
    for path in sorted([*(data / "cases").glob("*.yaml"), data / "glossary.yaml"]):
        try:
            content = path.read_bytes()
        except OSError:
            content = b"\0missing"
        digest.update(f"{path.relative_to(project).as_posix()}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


@cache
def _generator_digest() -> str:
    import jinja2
    import pydantic
    import yaml

    package = Path(__file__).parent
    digest = hashlib.sha256(f"{jinja2.__version__} {pydantic.VERSION} {yaml.__version__}".encode())
    for path in sorted([*package.glob("*.py"), *package.glob("templates/*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class BuildState:
    def __init__(self, out: Path, fingerprint: str) -> None:
        self.path = out / STATE_FILE
        self.out = out
        self.fingerprint = fingerprint

    def unchanged(self) -> BuildResult | None:
        """The previous result, if the inputs and the output are as that build left them."""
        from .build import BuildResult

        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            if state["fingerprint"] != self.fingerprint:
                return None
            for rel, (size, mtime_ns) in state["files"].items():
                stat = os.stat(self.out / rel)
                if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
                    return None
            warnings = [
                DataError(file, line, field, message, Severity.WARNING)
                for file, line, field, message in state["warnings"]
            ]
            return BuildResult(state["pages"], warnings, [], [], state["exports"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, result: BuildResult) -> None:
        files = {}
        for rel in [*result.pages, *result.exports]:
            stat = os.stat(self.out / rel)
            files[rel] = (stat.st_size, stat.st_mtime_ns)
        state = {
            "fingerprint": self.fingerprint,
            "pages": result.pages,
            "exports": result.exports,
            "warnings": [(w.file, w.line, w.field, w.message) for w in result.warnings],
            "files": files,
        }
        from .write import write_if_changed

        write_if_changed(self.path, json.dumps(state, separators=(",", ":")) + "\n")
