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
- the index of KSAs and occupations and the view of each (`write_explorer`): the script of
  the Data page and the data file it draws from (`present.entities`);
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

from competency_framework.archives import write_zip
from competency_framework.build.numbers import shown_outputs
from competency_framework.edition.contract import TABLES
from competency_framework.edition.framework import Framework
from competency_framework.edition.validate import DESCRIPTOR
from competency_framework.present.entities import (
    ENTITIES_SCRIPT,
    EXPLORER_SCRIPT,
    EXPLORER_STYLE,
    bundle_script,
    entity_bundle,
    mentioned_entities,
)
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
from competency_framework.present.tables import printed_tables, table_csv
from competency_framework.render.markdown import H1, asset, read_notebook
from competency_framework.xlsx_writer import Book, save_xlsx, xlsx_text

_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
SHEET_ROWS_MAX = 1_048_576  # an XLSX sheet's rows, the header row included
FIGURE_LABEL = re.compile(r"\{#(fig-[A-Za-z0-9_:-]+)")


def sheet_name(text: str, taken: set[str], suffix: str = "") -> str:
    """A worksheet name from `text` and `suffix` (kept whole): at most 31 characters, none of
    []:*?/\\, unique (case aside) among `taken`, which it joins."""
    base = _SHEET_NAME_BAD.sub("_", xlsx_text(text)).strip("'") or "sheet"
    name, n = base[:SHEET_NAME_MAX - len(suffix)] + suffix, 1
    while name.lower() in taken:
        n += 1
        more = f" ({n}){suffix}"
        name = base[: SHEET_NAME_MAX - len(more)] + more
    taken.add(name.lower())
    return name


def _put_sheets(book: Book, name: str, frame: pd.DataFrame, taken: set[str],
                rows: int = SHEET_ROWS_MAX) -> None:
    """`frame` as the sheet `name` of `book`, continued on sheets "<name> (part 2)", ... when
    it has more rows than a sheet holds (`rows`, its header row included)."""
    step = max(rows - 1, 1)
    parts = range(0, max(len(frame), 1), step)
    for n, start in enumerate(parts, start=1):
        suffix = "" if len(parts) == 1 else f" (part {n})"
        book.add(sheet_name(name, taken, suffix), frame.iloc[start:start + step])


def workbook(fw: Framework, *, rows: int = SHEET_ROWS_MAX) -> Book:
    """The edition's XLSX workbook (see the module docstring), for `save_xlsx`; a sheet holds
    at most `rows` rows (XLSX's limit), a longer table going on over several."""
    book = Book(title=fw.title or f"Competency framework, edition {fw.edition}",
                creator="competency_framework")
    taken: set[str] = set()
    facts = provenance(fw)
    book.add(sheet_name("About", taken),
             pd.DataFrame({"field": list(facts), "value": list(facts.values())}))
    book.add(sheet_name("Data dictionary", taken), data_dictionary())
    for t in TABLES:
        _put_sheets(book, t.name, getattr(fw, t.name)[t.columns], taken, rows)
    none = pd.DataFrame(columns=CONNECTION_COLUMNS)
    detail = connections_detail(fw)
    by_institute = connections_by(detail, "institute_id")
    for row in fw.institutes.itertuples(index=False):
        _put_sheets(book, f"Institute {row.name}",
                    by_institute.get(str(row.institute_id), none), taken, rows)
    by_area = connections_by(detail, "area_id")
    for row in fw.technology_areas.itertuples(index=False):
        _put_sheets(book, f"Area {row.name}", by_area.get(str(row.area_id), none), taken, rows)
    return book


def package_readme(fw: Framework, descriptor: dict[str, Any]) -> str:
    """The README of the zipped data package, with the licences and sources its descriptor
    (`datapackage.json`, read) names."""
    about = provenance(fw)

    def listed(key: str) -> str:
        items = [x for x in descriptor.get(key) or [] if isinstance(x, dict)]
        return "".join(f"- {x.get('title') or x.get('name') or ''}"
                       + (f" ({x['path']})" if x.get("path") else "") + "\n"
                       for x in items) or "- (none given)\n"

    return (f"# {about['title'] or 'Competency framework'}\n\n"
            f"Edition {about['edition']} ({about['provenance']}), data hash "
            f"{about['data_hash']}.\n\n{about['note']}\n\n"
            f"Licence:\n\n{listed('licenses')}\nSources:\n\n{listed('sources')}\n"
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
    descriptor = json.loads((Path(edition) / DESCRIPTOR).read_text(encoding="utf-8-sig"))
    members.append((prefix + "README.md", package_readme(fw, descriptor).encode("utf-8")))
    written = [write_zip(out / paths.package, members),
               save_xlsx(workbook(fw), out / paths.workbook)]
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


def chapter_title(chapter: Path) -> str:
    """An executed notebook's title: its first level-1 heading (in a Markdown cell or a shown
    output), as text."""
    for cell in read_notebook(chapter)["cells"]:
        if cell["cell_type"] == "markdown" and (m := H1.search("".join(cell["source"]))):
            return re.sub(r"\\(.)", r"\1", m[1])
    for markdown, _ in shown_outputs(chapter):
        if m := H1.search(markdown):
            return re.sub(r"\\(.)", r"\1", m[1])
    return chapter.stem


def write_explorer(fw: Framework, chapters: Iterable[Path], out: Path) -> list[Path]:
    """The Data page's index and views of KSAs and occupations into the site folder `out`:
    its script, its style and the data file it draws from, which says where the executed
    notebooks `chapters` (the chapters beside the Data page) name each KSA and occupation;
    returns the files written."""
    found = {}
    for chapter in chapters:
        if chapter.suffix != ".ipynb":
            continue
        mentions = set().union(*(mentioned_entities(m) for m, _ in shown_outputs(chapter)))
        if mentions:
            found[chapter.stem + ".html"] = (chapter_title(chapter), mentions)
    written = []
    for name, text in ((ENTITIES_SCRIPT, bundle_script(entity_bundle(fw, found))),
                       (EXPLORER_SCRIPT, asset("explorer.js")),
                       (EXPLORER_STYLE, asset("explorer.css"))):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def write_network_explorer(fw: Framework, out: Path) -> Path:
    """The data of the interactive Figure 2 (`EXPLORER_DATA`) into the site folder `out`;
    returns the file written."""
    # imported here: Figure 2's layout loads matplotlib, which a build with nothing to
    # render does without (a quarter of a second of its start)
    from competency_framework.present.figures.network_explorer import (
        EXPLORER_DATA,
        network_explorer_script,
    )

    path = out / EXPLORER_DATA
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(network_explorer_script(fw), encoding="utf-8")
    return path
