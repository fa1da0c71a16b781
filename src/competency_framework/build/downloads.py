"""The site's downloads (`present.exports` shapes them; the Data page lists them), written into
the rendered site's `data/` folder:

- the edition as a zipped Frictionless data package: its CSV files and `datapackage.json`
  byte for byte as the edition folder holds them, and a README with the provenance;
- an XLSX workbook: an About sheet (the provenance), a data dictionary, one sheet per table,
  and one sheet per institute and per technology area listing its connections with their KSAs,
  competencies and occupations. Every cell is a typed string or number, never a formula;
- one JSON file per institute, KSA and occupation;
- the data of every table and figure the chapters show, as CSV (`write_shown_data`; each
  caption links to it on the web pages);
- the data the interactive Figure 2 draws, as a JavaScript file (`write_network_explorer`).

Each carries the edition, its data hash and provenance; the same edition gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from competency_framework.archives import save_workbook, write_zip
from competency_framework.build.numbers import shown_outputs
from competency_framework.edition.contract import TABLES
from competency_framework.edition.framework import Framework
from competency_framework.edition.validate import DESCRIPTOR
from competency_framework.present.exports import (
    CONNECTION_COLUMNS,
    RECORD_KINDS,
    DownloadPaths,
    connections_by,
    connections_detail,
    data_dictionary,
    entity_records,
    provenance,
)
from competency_framework.present.figures.network_explorer import (
    EXPLORER_DATA,
    network_explorer_script,
)
from competency_framework.present.tables import printed_tables, table_csv

# characters an XLSX file cannot hold (XML 1.0): written as \xNN so nothing is lost silently
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
BOLD = Font(bold=True)
FIGURE_LABEL = re.compile(r"\{#(fig-[A-Za-z0-9_:-]+)")


def xlsx_text(text: str) -> str:
    """`text` with the control characters XLSX cannot hold written as `\\xNN`."""
    return _NOT_IN_XLSX.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def sheet_name(text: str, taken: set[str]) -> str:
    """A worksheet name from `text`: at most 31 characters, none of []:*?/\\, unique (case
    aside) among `taken`, which it joins."""
    base = _SHEET_NAME_BAD.sub("_", xlsx_text(text)).strip("'") or "sheet"
    name, n = base[:SHEET_NAME_MAX], 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _put_rows(ws: Any, frame: pd.DataFrame) -> None:
    """`frame` into the write-only sheet `ws` under a bold header row: text as typed text
    cells (never a formula, whatever its first character), integers as numbers."""
    ws.freeze_panes = "A2"
    rows: Iterable[list[object]] = [list(frame.columns), *frame.astype(object).values.tolist()]
    for r, values in enumerate(rows):
        cells = []
        for value in values:
            if isinstance(value, bool) or value is None or (
                    isinstance(value, float) and value != value):
                value = "" if value is None or value != value else str(value)
            if isinstance(value, int | float):
                cell = WriteOnlyCell(ws, value=value)
            else:
                cell = WriteOnlyCell(ws, value=xlsx_text(str(value)))
                cell.data_type = "s"
            if r == 0:
                cell.font = BOLD
            cells.append(cell)
        ws.append(cells)


def workbook(fw: Framework) -> Workbook:
    """The edition's XLSX workbook (see the module docstring)."""
    wb = Workbook(write_only=True)  # rows streamed out: a large edition's sheets stay cheap
    taken: set[str] = set()
    about = wb.create_sheet(sheet_name("About", taken))
    facts = provenance(fw)
    _put_rows(about, pd.DataFrame({"field": list(facts), "value": list(facts.values())}))
    _put_rows(wb.create_sheet(sheet_name("Data dictionary", taken)), data_dictionary())
    for t in TABLES:
        _put_rows(wb.create_sheet(sheet_name(t.name, taken)), getattr(fw, t.name)[t.columns])
    none = pd.DataFrame(columns=CONNECTION_COLUMNS)
    detail = connections_detail(fw)
    by_institute = connections_by(detail, "institute_id")
    for row in fw.institutes.itertuples(index=False):
        ws = wb.create_sheet(sheet_name(f"Institute {row.name}", taken))
        _put_rows(ws, by_institute.get(str(row.institute_id), none))
    by_area = connections_by(detail, "area_id")
    for row in fw.technology_areas.itertuples(index=False):
        ws = wb.create_sheet(sheet_name(f"Area {row.name}", taken))
        _put_rows(ws, by_area.get(str(row.area_id), none))
    wb.properties.title = fw.title or f"Competency framework, edition {fw.edition}"
    wb.properties.creator = "competency_framework"
    return wb


def package_readme(fw: Framework) -> str:
    """The README of the zipped data package."""
    about = provenance(fw)
    return (f"# {about['title'] or 'Competency framework'}\n\n"
            f"Edition {about['edition']} ({about['provenance']}), data hash "
            f"{about['data_hash']}.\n\n{about['note']}\n\n"
            f"The files are a Frictionless data package: `{DESCRIPTOR}` describes the eight "
            "CSV tables (UTF-8, comma-separated, one header row), their keys and their "
            "licence, and gives each file's SHA-256. Check it with `python -m "
            "competency_framework validate <folder>` after unzipping.\n\n"
            "Opening a CSV file in a spreadsheet program: import it as text (in Excel, Data > "
            "From Text/CSV, then set every column's type to Text) rather than opening it "
            "directly, so that a cell starting with =, +, - or @ is shown as written and "
            "never run as a formula.\n")


def write_downloads(fw: Framework, edition: Path, out: Path) -> list[Path]:
    """Write the downloads of `fw` (read from the folder `edition`) into the site folder
    `out`; returns the files written."""
    paths = DownloadPaths(fw.edition)
    folder = out / Path(paths.package).parent
    folder.mkdir(parents=True, exist_ok=True)
    prefix = paths.stem + "/"
    members = [(prefix + name, (Path(edition) / name).read_bytes())
               for name in [t.filename for t in TABLES] + [DESCRIPTOR]]
    members.append((prefix + "README.md", package_readme(fw).encode("utf-8")))
    written = [write_zip(out / paths.package, members),
               save_workbook(workbook(fw), out / paths.workbook)]
    for kind, records in entity_records(fw).items():
        assert kind in RECORD_KINDS
        for identifier, record in records.items():
            path = out / paths.record(kind, identifier)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
            written.append(path)
    return written


def write_shown_data(chapters: Iterable[Path], out: Path) -> list[Path]:
    """The data each table and figure of the executed notebooks `chapters` shows, one CSV per
    label (`DownloadPaths.shown`), into the site folder `out`: a table's cells as it prints
    them, a figure's data from its output's metadata (`SavedFigure.data`); returns the files
    written."""
    written = []

    def write(label: str, frame: pd.DataFrame) -> None:
        path = out / DownloadPaths.shown(label)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(table_csv(frame), encoding="utf-8")
        written.append(path)

    for chapter in chapters:
        if chapter.suffix != ".ipynb":
            continue
        for markdown, meta in shown_outputs(chapter):
            for label, frame in printed_tables(markdown).items():
                write(label, frame)
            data = meta.get("data") or {"columns": [], "rows": []}
            for label in FIGURE_LABEL.findall(markdown):
                write(label, pd.DataFrame(data["rows"], columns=data["columns"]))
    return written


def write_network_explorer(fw: Framework, out: Path) -> Path:
    """The data of the interactive Figure 2 (`EXPLORER_DATA`) into the site folder `out`;
    returns the file written."""
    path = out / EXPLORER_DATA
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(network_explorer_script(fw), encoding="utf-8")
    return path
