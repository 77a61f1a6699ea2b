"""Problems in a user's data, each pointing at the file and line that caused it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    REMINDER = "reminder"
    """About today's date, not the data (`check` only): never fails a build, even strict."""


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in a data file, printed as `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return text if self.severity is Severity.ERROR else f"{text} ({self.severity})"


class DataErrors(Exception):
    """Every error found in the data; raised once, after everything was checked.

    `warnings` are the warnings found on the way, so that they can be shown too.
    """

    def __init__(self, errors: list[DataError], warnings: list[DataError] | None = None) -> None:
        self.errors = sorted(errors, key=_sort_key)
        self.warnings = sorted(warnings or [], key=_sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))


def _sort_key(error: DataError) -> tuple[str, int, str, str]:
    return (error.file, error.line, error.field, error.message)
