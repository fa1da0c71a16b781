"""Problems found in input data, and the one error that carries all of them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

WARNING = "warning: "


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as a reader would look for it.

    `row` counts as a spreadsheet does (the header is row 1); 0 means the whole file.
    A warning is a problem whose message starts with "warning: " (see `warning`); everything
    else is an error.
    """

    file: str
    row: int
    column: str
    message: str

    @classmethod
    def warning(cls, file: str, row: int, column: str, message: str) -> Problem:
        """A problem that is reported but does not stop a load."""
        return cls(file, row, column, WARNING + message)

    @property
    def severity(self) -> str:
        """"warning" or "error"."""
        return "warning" if self.message.startswith(WARNING) else "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = self.file
        if self.row:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """file, row, column, message and severity, for JSON."""
        return {**asdict(self), "severity": self.severity}


class InputError(Exception):
    """Raised with every problem of an input at once; nothing has been written."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = sorted(problems)
        self.source = source
        head = f"{len(self.problems)} problem(s) in {source or 'the input'}"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem], str]]:
        return (type(self), (self.problems, self.source))
