"""Tables as an XLSX workbook, written directly as XML streamed into a zip archive.

Each sheet is a table under a bold, frozen header row. Its text is always typed text (never
a formula, whatever its first character), its integers and floats numbers, an empty value
(None, NaN) an empty cell and a bool its `str`. The file is written reproducibly and
atomically (`archives.atomic_zip`): the same book gives the same bytes.

A sheet's XML goes into its zip member a block of rows at a time, so a large table costs
little memory; its text goes into the workbook's shared-strings table (each distinct string
once), which makes the file smaller and quicker to write and to open than inline strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pandas as pd

from competency_framework.archives import FIXED_TIME, atomic_zip

# characters an XLSX file cannot hold (XML 1.0): written as \xNN so nothing is lost silently
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ROWS_A_BLOCK = 2000  # rows compressed into the zip member at a time

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FROZEN = ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
           'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
_STYLES = (  # cell formats 0 (normal) and 1 (bold: the header row)
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="2">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


def xlsx_text(text: str) -> str:
    """`text` with the control characters XLSX cannot hold written as `\\xNN`."""
    return _NOT_IN_XLSX.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def _escape(text: str) -> str:
    """`text` as XML character data or a double-quoted attribute value (a carriage return
    kept as one: XML would read it as a line feed)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\r", "&#13;"))


@dataclass
class Book:
    """A workbook to write: its sheets (name, table) in order and its document properties.
    A sheet's name must be a valid one (`build.downloads.sheet_name`), its table fit a sheet."""

    title: str = ""
    creator: str = ""
    sheets: list[tuple[str, pd.DataFrame]] = field(default_factory=list)

    def add(self, name: str, frame: pd.DataFrame) -> None:
        """Add `frame` as the last sheet, `name`."""
        self.sheets.append((name, frame))


def column_letters(n: int) -> str:
    """The letters of the `n`th column (1: A, 27: AA)."""
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


class _Strings:
    """The shared-strings table: each distinct text once, numbered in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}  # text (as written) -> its number
        self.uses = 0  # text cells
        self._tails: dict[str, str] = {}  # a str value -> its cell's tail

    def cells(self, values: Sequence[object]) -> list[str]:
        """Each of `values` as the rest of its cell after the reference `<c r="A1"`: the
        type and value, or "" for an empty cell."""
        tails, out, uses = self._tails, [], 0
        for value in values:
            if type(value) is str:
                tail = tails.get(value)
                if tail is None:
                    tail = tails[value] = self._text(xlsx_text(value)) if value else ""
                uses += tail != ""
            elif isinstance(value, bool):
                tail, uses = self._text(str(value)), uses + 1
            elif value is None or (isinstance(value, float) and value != value):
                tail = ""
            elif isinstance(value, int | float) and value - value == 0:  # finite
                number = repr(float(value)) if isinstance(value, float) else str(int(value))
                tail = f"><v>{number}</v></c>"  # float(): numpy's repr names its type
            else:
                text = xlsx_text(str(value))
                tail, uses = (self._text(text) if text else ""), uses + (text != "")
            out.append(tail)
        self.uses += uses
        return out

    def _text(self, text: str) -> str:
        """The tail of a text cell holding `text` (added to the table if new)."""
        n = self.index.get(text)
        if n is None:
            n = self.index[text] = len(self.index)
        return f' t="s"><v>{n}</v></c>'

    def xml(self) -> Iterator[str]:
        """The table's XML (xl/sharedStrings.xml)."""
        yield (f'{_HEAD}<sst xmlns="{_MAIN}" count="{self.uses}" '
               f'uniqueCount="{len(self.index)}">')
        for text in self.index:
            yield f'<si><t xml:space="preserve">{_escape(text)}</t></si>'
        yield "</sst>"


def _sheet_xml(frame: pd.DataFrame, strings: _Strings) -> Iterator[str]:
    """The worksheet XML of `frame` under a bold header row, a block of rows at a time."""
    letters = [column_letters(j) for j in range(1, len(frame.columns) + 1)]
    last = f"{letters[-1]}{len(frame) + 1}" if letters else "A1"
    header = "".join(f'<c r="{c}1" s="1"' + (t or "/>")
                     for c, t in zip(letters, strings.cells(list(frame.columns)), strict=True))
    yield (f'{_HEAD}<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/>{_FROZEN}'
           f'<sheetData><row r="1">{header}</row>')
    values = [frame.iloc[:, j].tolist() for j in range(len(letters))]
    for start in range(0, len(frame), _ROWS_A_BLOCK):
        end = min(start + _ROWS_A_BLOCK, len(frame))
        numbers = [str(r) for r in range(start + 2, end + 2)]
        columns = [[f'<c r="{c}{r}"{t}' if t else f'<c r="{c}{r}"/>'
                    for r, t in zip(numbers, strings.cells(column[start:end]), strict=True)]
                   for c, column in zip(letters, values, strict=True)]
        yield "".join(f'<row r="{r}">{"".join(cells)}</row>'
                      for r, *cells in zip(numbers, *columns, strict=True))
    yield "</sheetData></worksheet>"


def _write(stream: IO[bytes], parts: Iterator[str]) -> None:
    for part in parts:
        stream.write(part.encode("utf-8"))


def save_xlsx(book: Book, out: Path) -> Path:
    """Write `book` to the XLSX file `out`, reproducibly and atomically; returns `out`."""
    out = Path(out)
    n = len(book.sheets)
    sheet_type = f"{_TYPES}.worksheet+xml"
    overrides = [("/xl/workbook.xml", f"{_TYPES}.sheet.main+xml"),
                 ("/xl/styles.xml", f"{_TYPES}.styles+xml"),
                 ("/xl/sharedStrings.xml", f"{_TYPES}.sharedStrings+xml"),
                 ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-"
                                        "properties+xml"),
                 ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument."
                                       "extended-properties+xml"),
                 *((f"/xl/worksheets/sheet{i}.xml", sheet_type) for i in range(1, n + 1))]
    types = (f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="rels" ContentType="application/'
             'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
             'ContentType="application/xml"/>'
             + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
             + "</Types>")
    rels = (f'{_HEAD}<Relationships xmlns="{_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" '
            'Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_RELS}/metadata/core-properties" '
            'Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>')
    when = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = (f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
            '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_escape(xlsx_text(book.title))}</dc:title>"
            f"<dc:creator>{_escape(xlsx_text(book.creator))}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
            "</cp:coreProperties>")
    app = (f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>competency_framework</Application></Properties>')
    workbook = (f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><bookViews>'
                '<workbookView activeTab="0"/></bookViews><sheets>'
                + "".join(f'<sheet name="{_escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, (name, _) in enumerate(book.sheets, start=1))
                + "</sheets></workbook>")
    book_rels = (f'{_HEAD}<Relationships xmlns="{_RELS}">'
                 + "".join(f'<Relationship Id="rId{i}" Type="{_DOC_RELS}/worksheet" '
                           f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
                 + f'<Relationship Id="rId{n + 1}" Type="{_DOC_RELS}/styles" '
                   'Target="styles.xml"/>'
                 + f'<Relationship Id="rId{n + 2}" Type="{_DOC_RELS}/sharedStrings" '
                   'Target="sharedStrings.xml"/></Relationships>')
    strings = _Strings()
    with atomic_zip(out) as archive:
        for name, text in (("[Content_Types].xml", types), ("_rels/.rels", rels),
                           ("docProps/core.xml", core), ("docProps/app.xml", app),
                           ("xl/workbook.xml", workbook),
                           ("xl/_rels/workbook.xml.rels", book_rels),
                           ("xl/styles.xml", f"{_HEAD}{_STYLES}")):
            archive.writestr(name, text.encode("utf-8"))
        for i, (_, frame) in enumerate(book.sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{i}.xml", "w") as stream:
                _write(stream, _sheet_xml(frame, strings))
        with archive.open("xl/sharedStrings.xml", "w") as stream:
            _write(stream, strings.xml())
    return out
