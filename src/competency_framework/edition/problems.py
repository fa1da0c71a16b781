"""Problems found in input data, and the one error that carries all of them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

WARNING = "warning: "
SHOWN_CHARACTERS = 40


def printable(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """`text` fit to print in a message: at most `limit` characters shown, none of them able
    to act on a terminal.

    Every character that is not printable (control characters and NUL, bidi overrides and
    isolates, line and paragraph separators, unassigned and private-use code points) is written
    as Python writes it in a string literal (``\\n``, ``\\x00``, ``\\u202e``). A text that
    would show more than `limit` characters (an escape counts as what it takes) is cut, then
    ends with ``…`` and its length: ``xxx… (10,000 characters)``.
    """
    return _shown(text, limit, "")


def quote(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A value from the input quoted for a message, as `printable` shows it: ``'like this'``.

    The one way a problem message quotes a cell, a header or a descriptor value. Quotes and
    backslashes inside are escaped as in a Python literal. Not a string (a number, a list from
    JSON): quoted as its JSON text.
    """
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False)
    mark = '"' if "'" in value and '"' not in value else "'"
    return mark + _shown(value, limit, mark) + mark


def _shown(text: str, limit: int, mark: str) -> str:
    pieces: list[str] = []
    width = 0
    for char in text:
        if char.isprintable():
            piece = "\\" + char if mark and char in ("\\", mark) else char
        else:
            piece = repr(char)[1:-1]
        pieces.append(piece)
        width += len(piece)
        if width > limit:
            break
    if width <= limit:
        return "".join(pieces)
    kept, width = [], 0
    for piece in pieces:
        if width + len(piece) > limit - 1:
            break
        kept.append(piece)
        width += len(piece)
    return "".join(kept) + f"… ({len(text):,} characters)"


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
