"""The collection workbook's shape: sheet names, header cells, marks and the reference sheet.

`template` writes this shape and `import` reads it; both take every name and position from
here, so the two cannot drift apart. Bump `TEMPLATE_VERSION` whenever the shape changes in a
way an older import could misread.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from competency_framework.edition.contract import TABLES_BY_NAME
from competency_framework.present.escape import spreadsheet_cell

TEMPLATE_VERSION = "1"

INSTRUCTIONS = "Instructions"
ESSENTIAL = "Essential KSAs"
OCCUPATIONS = "Occupations"
PROPOSED = "Proposed KSAs"
REFERENCE = "Reference"
#: The sheets a user sees, in workbook order (the reference sheet follows, hidden).
VISIBLE_SHEETS = (INSTRUCTIONS, ESSENTIAL, OCCUPATIONS, PROPOSED)
SHEETS = (*VISIBLE_SHEETS, REFERENCE)

#: The one value a mark cell may hold (compared ignoring case and surrounding spaces).
MARK = "essential"

#: Instructions sheet: the labelled cells the import reads or shows (label in A, value in B).
EDITION_ROW = 3
INSTITUTE_ROW = 4
INSTITUTE_NAME_ROW = 5
AREA_ROW = 6
VERSION_ROW = 7
INSTITUTE_LABEL = "Institute id"

#: Essential KSAs: the fixed columns; occupation columns follow from `FIRST_OCCUPATION_COLUMN`.
ESSENTIAL_HEADERS = ("ksa_id", "code", "sub-competency", "statement")
FIRST_OCCUPATION_COLUMN = len(ESSENTIAL_HEADERS) + 1
#: Occupations: one row per occupation of the institute.
OCCUPATION_HEADERS = ("title", "soc_code")
#: Proposed KSAs: the fixed columns; occupation columns follow.
PROPOSED_HEADERS = ("code", "statement")
FIRST_PROPOSED_OCCUPATION_COLUMN = len(PROPOSED_HEADERS) + 1

#: Room left for additions in a fresh template.
SPARE_OCCUPATIONS = 10
SPARE_PROPOSALS = 30

#: The contract tables the reference sheet carries, in this order.
REFERENCE_TABLES = ("technology_areas", "agencies", "institutes", "competencies", "ksas",
                    "occupations")
REFERENCE_MARKER = "competency_framework collection workbook reference (written by `template`)"
TABLE_LABEL = "table"


def location(sheet: str, cell: str = "") -> str:
    """How a problem names its place in a workbook: `Essential KSAs!F12`, or the sheet alone."""
    return f"{sheet}!{cell}" if cell else sheet


def put_text(ws: Worksheet, row: int, column: int, value: str) -> Cell:
    """Write `value` as a text cell: never a formula, whatever its first character.

    Text a spreadsheet would take for a formula (`escape.spreadsheet_cell` decides) also gets
    the cell style's quote prefix, which is what typing an apostrophe first does: editing the
    cell keeps it text, and the value stays exactly `value` (no apostrophe added), as a
    workbook read back as data needs.
    """
    cell = ws.cell(row=row, column=column)
    if isinstance(cell, MergedCell):
        raise ValueError(f"{cell.coordinate} is inside merged cells; write their first cell")
    cell.value = value
    cell.data_type = "s"
    if spreadsheet_cell(value) != value:
        cell.quotePrefix = True
    return cell


def cell_text(cell: Cell | MergedCell, *, strip: bool = True) -> str:
    """The cell's value as the text a user typed (stripped); '' for empty and formula cells.

    Formula cells are reported separately (see `formula_cells`) and read as empty, so one
    mistake yields one problem. Whole-number floats lose their `.0` (`4.0` reads as `4`).
    """
    value = cell.value
    if value is None or cell.data_type == "f":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if strip else str(value)


#: Control characters a cell may not hold (the data contract refuses them too): U+0000-U+001F
#: but tab, line feed and carriage return, and U+007F.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


#: How Excel stores a control character in a cell's text (`_x0001_`); openpyxl leaves it so.
ESCAPED_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff])_")


def control_character(text: str) -> str:
    """The first control character in `text`, as `U+0001` ('' when there is none), whether
    raw or as Excel escapes it (`_x0001_`, which openpyxl does not decode)."""
    raw = CONTROL.search(text)
    escaped = ESCAPED_CONTROL.search(text)
    if raw:
        return f"U+{ord(raw.group()):04X}"
    if escaped and CONTROL.match(chr(int(escaped.group(1), 16))):
        return f"U+{escaped.group(1).upper()} (stored as {escaped.group()})"
    return ""


def non_text(cell: Cell | MergedCell) -> str:
    """What a cell holds instead of text, as a problem names it ('' for text, an empty cell or
    a formula): `a date (2024-03-01)`, `a number (42)`, `a true/false value (TRUE)`, ...

    A date typed where text is expected is stored as a number with a date format, and read
    back as a date; `cell_text` would turn it into `2024-03-01 00:00:00`.
    """
    value = cell.value
    if value is None or isinstance(value, str) and cell.data_type in ("s", "inlineStr", "n"):
        return ""
    if cell.data_type == "f":
        return ""
    if cell.data_type == "e":
        return f"an error value ({value})"
    if isinstance(value, bool):
        return f"a true/false value ({'TRUE' if value else 'FALSE'})"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return f"a date ({value.date().isoformat()})"
        return f"a date and time ({value.isoformat(sep=' ')})"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, datetime.time):
        return f"a time ({value.isoformat()})"
    if isinstance(value, datetime.timedelta):
        return f"a duration ({value})"
    if isinstance(value, int | float):
        return f"a number ({cell_text(cell)})"
    return "" if isinstance(value, str) else f"a value of type {type(value).__name__}"


def is_formula(cell: Cell | MergedCell) -> bool:
    """Whether the cell holds a formula (rather than a typed value)."""
    return cell.data_type == "f"


def is_blank(cell: Cell | MergedCell) -> bool:
    """Whether the cell holds nothing at all (neither a value nor a formula)."""
    return not is_formula(cell) and not cell_text(cell)


def code_key(code: str) -> tuple[int, ...]:
    """Sort key putting codes in tree order (`4.2` before `4.2.5` before `4.10`)."""
    return tuple(int(part) for part in code.split("."))


def title_key(title: str) -> str:
    """The form under which two occupation titles (or statements) count as the same."""
    return " ".join(title.split()).casefold()


@dataclass(frozen=True)
class Reference:
    """What the hidden reference sheet carries: the template's version, edition and tables."""

    version: str
    edition: str
    tables: dict[str, list[dict[str, str]]]

    @property
    def digest(self) -> str:
        return reference_digest(self.tables)


def reference_digest(tables: dict[str, list[dict[str, str]]]) -> str:
    """SHA-256 of the reference tables, to notice edits to the hidden sheet."""
    canonical = json.dumps(
        [[name, tables[name]] for name in REFERENCE_TABLES], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


META_KEYS = ("template_version", "edition", "reference_sha256")


def write_reference(ws: Worksheet, ref: Reference) -> dict[str, tuple[int, int]]:
    """Fill the reference sheet; returns each table's first and last data row."""
    put_text(ws, 1, 1, REFERENCE_MARKER)
    meta = {"template_version": ref.version, "edition": ref.edition,
            "reference_sha256": ref.digest}
    row = 2
    for key in META_KEYS:
        put_text(ws, row, 1, key)
        put_text(ws, row, 2, meta[key])
        row += 1
    spans: dict[str, tuple[int, int]] = {}
    for name in REFERENCE_TABLES:
        row += 1
        put_text(ws, row, 1, TABLE_LABEL)
        put_text(ws, row, 2, name)
        row += 1
        columns = TABLES_BY_NAME[name].columns
        for j, col in enumerate(columns, start=1):
            put_text(ws, row, j, col)
        first = row + 1
        for record in ref.tables[name]:
            row += 1
            for j, col in enumerate(columns, start=1):
                if record[col]:
                    put_text(ws, row, j, record[col])
        spans[name] = (first, row)
        row += 1
    return spans


def _rows(ws: Worksheet) -> Iterable[tuple[int, list[str]]]:
    for number, cells in enumerate(ws.iter_rows(), start=1):
        yield number, [cell_text(c, strip=False) for c in cells]


class ReferenceError(ValueError):
    """The reference sheet cannot be read: (row, column letter or '', message)."""

    def __init__(self, row: int, cell: str, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.cell = cell
        self.message = message


def read_reference(ws: Worksheet) -> tuple[Reference, str]:
    """The reference sheet's content and the digest it declares; raises `ReferenceError`."""
    meta: dict[str, str] = {}
    tables: dict[str, list[dict[str, str]]] = {}
    current: str | None = None
    columns: list[str] = []
    expect_header = False
    for number, values in _rows(ws):
        first = values[0] if values else ""
        if number == 1:
            if first != REFERENCE_MARKER:
                raise ReferenceError(1, "A1", "is not the reference sheet `template` writes")
            continue
        if not any(values):
            current = None
            continue
        if first == TABLE_LABEL:
            current = values[1] if len(values) > 1 else ""
            if current not in REFERENCE_TABLES or current in tables:
                raise ReferenceError(number, f"B{number}", f"unexpected table {current!r}")
            tables[current] = []
            expect_header = True
            continue
        if expect_header and current is not None:
            columns = TABLES_BY_NAME[current].columns
            if values[: len(columns)] != columns:
                raise ReferenceError(number, f"A{number}", f"columns of table {current!r} "
                                     "differ from the data contract's")
            expect_header = False
            continue
        if current is None:
            if first in META_KEYS and len(values) > 1:
                meta[first] = values[1]
                continue
            raise ReferenceError(number, f"A{number}", "unexpected row")
        padded = values + [""] * len(columns)
        tables[current].append(dict(zip(columns, padded[: len(columns)], strict=True)))
    for key in META_KEYS:
        if key not in meta:
            raise ReferenceError(0, "", f"{key} is missing")
    for name in REFERENCE_TABLES:
        if name not in tables:
            raise ReferenceError(0, "", f"table {name!r} is missing")
    ref = Reference(version=meta["template_version"], edition=meta["edition"], tables=tables)
    return ref, meta["reference_sha256"]


def meta_row(key: str) -> int:
    """The reference sheet row holding a meta value (in column B)."""
    return 2 + META_KEYS.index(key)
