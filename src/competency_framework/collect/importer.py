"""Turn filled collection workbooks into one edition folder (the `import` command).

Every workbook is read in full and every problem reported at once, located as
`Problem(file=<workbook name>, row, column="<sheet>!<cell>", message)` (`column` holds the sheet
alone for a problem with a whole sheet, and is empty for one with the whole file). The edition
is written into a temporary folder, validated with `edition_problems`, and only then moved to
`--out`; when anything is wrong nothing is written.

`--out` is never replaced blindly. A new or empty folder is written. A folder `import` wrote
carries `.import-stamp.json`, the SHA-256 of each file it wrote: while those files are unchanged
the import writes over them. Any other non-empty folder (an edition made by hand or by the
reconstruction, a folder of notes), or one whose edition files were edited since the import,
is refused unless `force` (`--force`). Either way only the edition's own files (the eight CSV
files, `datapackage.json`, the stamp) are replaced; every other file in the folder (a README)
is kept. The stamp, rather than `datapackage.json`'s `provenance: collected`, decides, because
it also notices hand edits made after the import.

What the import decides (the collection's rules):

- Workbooks are read in order of file name, so the output does not depend on argument order.
- Reference tables (technology areas, agencies, institutes, the competency tree) come from the
  workbooks' hidden reference sheet verbatim; every workbook must carry the same reference data
  and edition. Institutes without a workbook stay in `institutes.csv` and are named in a note.
- `ksas.csv` lists essential KSAs only: a template KSA that no workbook marks is left out (and
  named in a note). Reference KSAs keep their ids and order; proposed KSAs follow.
- A proposed KSA's id is `new_<code with _ for .>_<8 hex digits of SHA-256 of the code and the
  statement>` (statement compared ignoring case and runs of spaces): the same proposal gets the
  same id on every run and in every workbook, so identical proposals from two institutes merge
  into one KSA. Its `statement_source` is `published` (a real statement, not a placeholder).
- An occupation whose title matches one in the reference (ignoring case and runs of spaces)
  keeps its id and reference title. A new title gets the slug of the title as id (`_2`, `_3`
  ... when that id is taken; new titles claim ids in order of title); a title with no Latin
  letter or digit to slug (`Инженер`) gets `occupation_<8 hex digits of SHA-256 of its title
  key>`, the same on every run. A title with no letter or digit at all (emoji, `???`) is an
  error. Only occupations some institute selected are written. The SOC code is the one the
  workbooks give (they must agree), else the reference's, else empty.
- Cells are read as typed values only: a formula cell is an error (never evaluated). Every
  cell the import reads expects text (titles, SOC codes, codes, statements, ids, marks); a
  date, number, true/false or error value there is an error naming the cell, never turned
  into text (a date typed as a title would become `2024-03-01 00:00:00`, a code `4.10` typed
  as a number `4.1`). So is a control character (raw, or as Excel stores it, `_x0001_`), an
  occupation title over `MAX_TITLE` characters or a statement over `MAX_STATEMENT`.
- Text that starts with `=`, `+`, `-` or `@` (what `present.escape.spreadsheet_cell` would
  escape) is kept verbatim, because the CSV files are data the loader reads back and the report
  escapes text where it shows it; a new occupation title or proposed statement of that kind
  gets a warning naming its cell, since a spreadsheet opening the CSV file would run it. HTML,
  Markdown or Typst markup is kept verbatim as data, without a warning.
- Titles and statements that read alike but differ (Unicode compatibility forms, Cyrillic or
  Greek letters that look Latin: `collect.lookalike`) are imported as different, with a
  warning naming both. Warnings do not stop an import; `ImportResult.warnings` lists them.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from competency_framework.collect import layout as L
from competency_framework.collect.lookalike import how_they_differ, skeleton
from competency_framework.edition.contract import TABLES, slug
from competency_framework.edition.problems import InputError, Problem, quote
from competency_framework.edition.validate import edition_problems
from competency_framework.edition.write import changed_since_stamp, write_edition
from competency_framework.present.escape import spreadsheet_cell

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SOC_PATTERN = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")
#: The longest occupation title and proposed KSA statement the import takes (the 2025
#: edition's longest are 99 and 155 characters).
MAX_TITLE = 200
#: The file `import` leaves in the folder it writes, listing the files it wrote with their
#: SHA-256 (`edition.write.changed_since_stamp`).
STAMP = ".import-stamp.json"
MAX_STATEMENT = 1000


@dataclass
class Occupation:
    """One row of a workbook's Occupations sheet."""

    title: str
    soc_code: str
    row: int


@dataclass
class Proposal:
    """One row of a workbook's Proposed KSAs sheet."""

    code: str
    statement: str
    titles: set[str]  # title keys of the occupations it is marked for
    row: int

    @property
    def ksa_id(self) -> str:
        return proposed_ksa_id(self.code, self.statement)


@dataclass
class Submission:
    """What one workbook says, as far as it could be read."""

    file: str
    reference: L.Reference
    institute_id: str = ""
    occupations: dict[str, Occupation] = field(default_factory=dict)  # by title key
    marks: set[tuple[str, str]] = field(default_factory=set)  # (title key, ksa_id)
    proposals: list[Proposal] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    """What `import_workbooks` wrote."""

    folder: Path
    edition: str
    counts: dict[str, int]
    notes: list[str]
    warnings: list[Problem] = field(default_factory=list)


def proposed_ksa_id(code: str, statement: str) -> str:
    """The stable id of a proposed KSA (see the module docstring)."""
    digest = hashlib.sha256(f"{code}\n{L.title_key(statement)}".encode()).hexdigest()
    return f"new_{code.replace('.', '_')}_{digest[:8]}"


class _Reader:
    """Reads one workbook, collecting its problems."""

    def __init__(self, path: Path, file: str) -> None:
        self.path = path
        self.file = file
        self.problems: list[Problem] = []

    def add(self, message: str, sheet: str = "", cell: str = "", row: int = 0,
            warning: bool = False) -> None:
        if cell and not row:
            row = int(re.sub(r"\D", "", cell) or 0)
        make = Problem.warning if warning else Problem
        self.problems.append(make(self.file, row, L.location(sheet, cell) if sheet else "",
                                  message))

    def warn_formula_like(self, text: str, what: str, table: str, sheet: str,
                          cell: str) -> None:
        """Warn about text a spreadsheet would run as a formula (see the module docstring)."""
        if spreadsheet_cell(text) != text:
            self.add(f"the {what} starts with {text.lstrip()[:1]!r}: a spreadsheet opening "
                     f"{table}.csv would take it for a formula; it is imported as typed (the "
                     "CSV files are data; the report escapes such text where it shows it)",
                     sheet, cell, warning=True)

    def text(self, ws: Worksheet, row: int, col: int, what: str,
             limit: int = 0) -> str | None:
        """The text typed in a cell where text is expected ('' when empty); None, with a
        problem, when it holds something else (a date, number, true/false or error value), a
        control character, or more than `limit` characters. A formula reads as None (reported
        by `check_cells`)."""
        cell = ws.cell(row, col)
        if L.is_formula(cell):
            return None
        kind = L.non_text(cell)
        if kind:
            self.add(f"{kind} where text is expected; type the {what} as text (format the cell "
                     "as Text, or type an apostrophe before it)", ws.title, cell.coordinate)
            return None
        value = L.cell_text(cell)
        control = L.control_character(value)
        if control:
            self.add(f"the {what} contains the control character {control}; remove it",
                     ws.title, cell.coordinate)
            return None
        if limit and len(value) > limit:
            self.add(f"the {what} is {len(value)} characters long; at most {limit} are "
                     "allowed", ws.title, cell.coordinate)
            return None
        return value

    # -- the file -------------------------------------------------------------------------

    def open(self) -> Workbook | None:
        if not self.path.is_file():
            self.add("file not found")
            return None
        data = self.path.read_bytes()
        if data.startswith(OLE_MAGIC):
            self.add("an old-format .xls (or other binary Office) file, not .xlsx; save it "
                     "as Excel Workbook (.xlsx)")
            return None
        if not zipfile.is_zipfile(io.BytesIO(data)):
            self.add("not an .xlsx workbook: the file is not a zip archive, or is cut short; "
                     "save it as Excel Workbook (.xlsx)")
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
        except (KeyError, OSError):
            self.add("not an .xlsx workbook: the zip archive holds no workbook")
        except Exception as exc:  # noqa: BLE001 - any parser failure means a damaged file
            self.add(f"the workbook is damaged and cannot be read ({type(exc).__name__}); "
                     "open it in Excel or LibreOffice and save it again as .xlsx")
        return None

    def read(self) -> Submission | None:
        wb = self.open()
        if wb is None:
            return None
        names = wb.sheetnames
        if not any(name in names for name in L.SHEETS):
            self.add(f"none of the collection workbook's sheets ({', '.join(L.VISIBLE_SHEETS)}) "
                     "is here; fill in a workbook written by the `template` command")
            return None
        for name in L.SHEETS:
            if name not in names:
                self.add(f"sheet '{name}' is missing (the workbook has: {', '.join(names)})",
                         name)
        if L.REFERENCE not in names:
            return None
        ref = self.reference(wb[L.REFERENCE])
        if ref is None:
            return None
        sub = Submission(self.file, ref)
        if L.INSTRUCTIONS in names:
            sub.institute_id = self.institute(wb[L.INSTRUCTIONS], ref)
        for name in (L.OCCUPATIONS, L.ESSENTIAL, L.PROPOSED):
            if name in names:
                self.check_cells(wb[name])
        declared = self.occupations(wb[L.OCCUPATIONS]) if L.OCCUPATIONS in names else None
        essential = self.essential(wb[L.ESSENTIAL], ref, declared) if L.ESSENTIAL in names \
            else None
        proposed = self.proposed(wb[L.PROPOSED], ref, declared) if L.PROPOSED in names \
            else None
        if declared is not None:
            sub.occupations = declared
        if essential is not None:
            sub.marks = essential
        if proposed is not None:
            sub.proposals = proposed
        if declared is not None and essential is not None and proposed is not None:
            used = {t for t, _ in essential} | {t for p in proposed for t in p.titles}
            for key, occ in declared.items():
                if key not in used:
                    self.add(f"occupation '{occ.title}' has no essential KSA marked; mark at "
                             f"least one on sheet '{L.ESSENTIAL}' or '{L.PROPOSED}', or delete "
                             "this row", L.OCCUPATIONS, f"A{occ.row}")
        return sub

    # -- sheets ---------------------------------------------------------------------------

    def reference(self, ws: Worksheet) -> L.Reference | None:
        version_row = L.meta_row("template_version")
        version = L.cell_text(ws.cell(version_row, 2))
        if version != L.TEMPLATE_VERSION:
            self.add(f"template version {version!r} is not the one this import reads "
                     f"({L.TEMPLATE_VERSION!r}); fill in a template written by the current "
                     "`template` command", L.REFERENCE, f"B{version_row}")
            return None
        try:
            ref, declared = L.read_reference(ws)
        except L.ReferenceError as exc:
            self.add(f"the hidden reference sheet is damaged ({exc.message}); fill in a fresh "
                     "template", L.REFERENCE, exc.cell, exc.row)
            return None
        if ref.digest != declared:
            self.add("the hidden reference sheet was edited after the template was written; "
                     "fill in a fresh template", L.REFERENCE,
                     f"B{L.meta_row('reference_sha256')}")
            return None
        return ref

    def institute(self, ws: Worksheet, ref: L.Reference) -> str:
        row = L.INSTITUTE_ROW
        if L.title_key(L.cell_text(ws.cell(row, 1))) != L.title_key(L.INSTITUTE_LABEL):
            self.add(f"this cell should say '{L.INSTITUTE_LABEL}' (with the id beside it); "
                     "keep the Instructions sheet's layout", L.INSTRUCTIONS, f"A{row}")
            return ""
        cell = ws.cell(row, 2)
        if cell.data_type == "f":
            self.add(_formula_message(cell.value), L.INSTRUCTIONS, f"B{row}")
            return ""
        value = self.text(ws, row, 2, "institute id")
        if value is None:
            return ""
        known = sorted(i["institute_id"] for i in ref.tables["institutes"])
        if not value:
            self.add("no institute id; choose your institute from the drop-down",
                     L.INSTRUCTIONS, f"B{row}")
        elif value not in known:
            self.add(f"unknown institute id {value!r}; choose one of {', '.join(known)}",
                     L.INSTRUCTIONS, f"B{row}")
            return ""
        return value

    def check_cells(self, ws: Worksheet) -> None:
        """Merged cells and formula cells anywhere on a sheet the import reads."""
        for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            first = f"{get_column_letter(merged.min_col)}{merged.min_row}"
            self.add(f"cells {merged.coord} are merged; unmerge them (the import reads one "
                     "value per cell)", ws.title, first)
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    self.add(_formula_message(cell.value), ws.title, cell.coordinate)

    def headers_ok(self, ws: Worksheet, expected: tuple[str, ...]) -> bool:
        ok = True
        for j, name in enumerate(expected, start=1):
            found = L.cell_text(ws.cell(1, j))
            if L.title_key(found) == name:
                continue
            ok = False
            if L.is_formula(ws.cell(1, j)):
                continue  # reported as a formula
            letter = get_column_letter(j)
            held = L.non_text(ws.cell(1, j))
            if found:
                shown = held or quote(found)
                self.add(f"header {shown} should be {quote(name)}; keep the template's columns "
                         "in place", ws.title, f"{letter}1")
            else:
                self.add(f"header is missing; it should be {quote(name)}", ws.title,
                         f"{letter}1")
        return ok

    def occupations(self, ws: Worksheet) -> dict[str, Occupation] | None:
        if not self.headers_ok(ws, L.OCCUPATION_HEADERS):
            return None
        out: dict[str, Occupation] = {}
        for row in range(2, ws.max_row + 1):
            typed = self.text(ws, row, 1, "occupation title", MAX_TITLE)
            soc = self.text(ws, row, 2, "SOC code")
            if typed is None:
                continue
            title = " ".join(typed.split())
            if not title:
                if soc:
                    self.add(f"SOC code {soc!r} has no occupation title beside it",
                             L.OCCUPATIONS, f"A{row}")
                continue
            if soc is None:
                soc = ""  # reported as not text
            elif soc and not SOC_PATTERN.match(soc):
                self.add(f"SOC code {soc!r} is not of the form 12-3456 or 12-3456.78",
                         L.OCCUPATIONS, f"B{row}")
            if not any(ch.isalnum() for ch in title):
                self.add(f"occupation title {title!r} has no letter or digit; type the "
                         "occupation's name", L.OCCUPATIONS, f"A{row}")
                continue
            key = L.title_key(title)
            if key in out:
                self.add(f"occupation '{title}' is already listed in row {out[key].row}",
                         L.OCCUPATIONS, f"A{row}")
                continue
            self.warn_formula_like(title, "occupation title", "occupations", L.OCCUPATIONS,
                                   f"A{row}")
            out[key] = Occupation(title, soc, row)
        return out

    def occupation_columns(self, ws: Worksheet, first: int,
                           declared: dict[str, Occupation] | None) -> dict[int, str | None]:
        """Each occupation column's title key (None: no title, or a title in error)."""
        columns: dict[int, str | None] = {}
        seen: dict[str, str] = {}
        for col in range(first, ws.max_column + 1):
            letter = get_column_letter(col)
            typed = self.text(ws, 1, col, "occupation title", MAX_TITLE)
            title = " ".join((typed or "").split())
            key = L.title_key(title) if title else None
            columns[col] = None
            if key is None:
                continue
            if key in seen:
                self.add(f"occupation '{title}' already has column {seen[key]} on this sheet; "
                         "give each occupation one column", ws.title, f"{letter}1")
            elif declared is not None and key not in declared:
                self.add(f"'{title}' is not an occupation listed on sheet '{L.OCCUPATIONS}'; "
                         "list it there or choose a listed title", ws.title, f"{letter}1")
            else:
                columns[col] = key
            seen.setdefault(key, letter)
        return columns

    def marks_in_row(self, ws: Worksheet, row: int, columns: dict[int, str | None],
                     untitled: set[int]) -> tuple[set[str], bool]:
        """Title keys marked on `row`, and whether any mark cell held something else."""
        marked: set[str] = set()
        bad = False
        for col, key in columns.items():
            cell = ws.cell(row, col)
            text = L.cell_text(cell)
            kind = L.non_text(cell)
            if not text:
                continue
            if kind or L.title_key(text) != L.MARK:
                what = f"{kind} is not a mark" if kind else f"unknown mark {text!r}"
                self.add(f"{what}; choose '{L.MARK}' from the drop-down or "
                         "leave the cell empty", ws.title, cell.coordinate)
                bad = True
            elif key is not None:
                marked.add(key)
            elif L.is_blank(ws.cell(1, col)):
                untitled.add(col)
        return marked, bad

    def report_untitled(self, ws: Worksheet, untitled: set[int]) -> None:
        for col in sorted(untitled):
            letter = get_column_letter(col)
            self.add(f"column {letter} has marks but no occupation title; choose the "
                     f"occupation in {letter}1", ws.title, f"{letter}1")

    def essential(self, ws: Worksheet, ref: L.Reference,
                  declared: dict[str, Occupation] | None) -> set[tuple[str, str]] | None:
        if not self.headers_ok(ws, L.ESSENTIAL_HEADERS):
            return None
        ksas = {k["ksa_id"]: k for k in ref.tables["ksas"]}
        columns = self.occupation_columns(ws, L.FIRST_OCCUPATION_COLUMN, declared)
        marks: set[tuple[str, str]] = set()
        rows_of: dict[str, int] = {}
        untitled: set[int] = set()
        for row in range(2, ws.max_row + 1):
            ksa_id = self.text(ws, row, 1, "ksa_id")
            if ksa_id is None:
                continue
            if not ksa_id:
                for col in columns:
                    cell = ws.cell(row, col)
                    if L.cell_text(cell):
                        self.add("a value on a row without a ksa_id; marks go on KSA rows, "
                                 f"new KSAs on sheet '{L.PROPOSED}'", ws.title, cell.coordinate)
                continue
            if ksa_id not in ksas:
                self.add(f"unknown ksa_id {ksa_id!r}; keep the template's ksa_id on every KSA "
                         "row", ws.title, f"A{row}")
                continue
            if ksa_id in rows_of:
                self.add(f"KSA {ksa_id} already has row {rows_of[ksa_id]}; keep one row per "
                         "KSA", ws.title, f"A{row}")
                continue
            rows_of[ksa_id] = row
            ksa = ksas[ksa_id]
            code = self.text(ws, row, 2, "code")
            if code is not None and code != ksa["code"]:
                self.add(f"code {code!r} is not KSA {ksa_id}'s code {ksa['code']!r}; keep the "
                         f"template's code (propose KSAs on sheet '{L.PROPOSED}')",
                         ws.title, f"B{row}")
            statement = self.text(ws, row, 4, "statement")
            if statement is not None and (L.title_key(statement)
                                          != L.title_key(ksa["statement"])):
                self.add(f"statement differs from KSA {ksa_id}'s in the template; keep it as "
                         f"written (propose a new wording on sheet '{L.PROPOSED}')",
                         ws.title, f"D{row}")
            marked, _ = self.marks_in_row(ws, row, columns, untitled)
            marks.update((key, ksa_id) for key in marked)
        self.report_untitled(ws, untitled)
        return marks

    def proposed(self, ws: Worksheet, ref: L.Reference,
                 declared: dict[str, Occupation] | None) -> list[Proposal] | None:
        if not self.headers_ok(ws, L.PROPOSED_HEADERS):
            return None
        codes = {c["code"] for c in ref.tables["competencies"]}
        existing = {(k["code"], L.title_key(k["statement"])): k["ksa_id"]
                    for k in ref.tables["ksas"]}
        columns = self.occupation_columns(ws, L.FIRST_PROPOSED_OCCUPATION_COLUMN, declared)
        first_occ = get_column_letter(L.FIRST_PROPOSED_OCCUPATION_COLUMN)
        out: list[Proposal] = []
        rows_of: dict[tuple[str, str], int] = {}
        untitled: set[int] = set()
        for row in range(2, ws.max_row + 1):
            code = self.text(ws, row, 1, "code")
            statement = self.text(ws, row, 2, "statement", MAX_STATEMENT)
            if code is None or statement is None:
                continue
            marked, bad = self.marks_in_row(ws, row, columns, untitled)
            has_marks = bad or any(not L.is_blank(ws.cell(row, c)) for c in columns)
            if not (code or statement or has_marks):
                continue
            ok = True
            if not code:
                self.add("proposed KSA has no code; choose the competency or sub-competency "
                         "it belongs under", ws.title, f"A{row}")
                ok = False
            elif code not in codes:
                self.add(f"unknown code {code!r}; choose a code from the drop-down",
                         ws.title, f"A{row}")
                ok = False
            if not statement:
                self.add("proposed KSA has no statement", ws.title, f"B{row}")
                ok = False
            if not has_marks:
                self.add("no occupation is marked for this proposed KSA; mark at least one, "
                         "or delete the row", ws.title, f"{first_occ}{row}")
                ok = False
            if not ok:
                continue
            key = (code, L.title_key(statement))
            if key in existing:
                self.add(f"this is the statement of KSA {existing[key]}; mark it on sheet "
                         f"'{L.ESSENTIAL}' instead", ws.title, f"B{row}")
            elif key in rows_of:
                self.add(f"repeats the proposed KSA of row {rows_of[key]}", ws.title, f"B{row}")
            else:
                rows_of[key] = row
                self.warn_formula_like(statement, "statement", "ksas", ws.title, f"B{row}")
                out.append(Proposal(code, statement, marked, row))
        self.report_untitled(ws, untitled)
        return out


def _formula_message(value: object) -> str:
    text = getattr(value, "text", value)
    return (f"a formula ({text}); type the value itself (the import never evaluates formulas; "
            "to keep text that starts with =, type an apostrophe before it)")


def _labels(paths: list[Path]) -> dict[Path, str]:
    """Each workbook's name in problems: its file name, or its path when names collide."""
    names = [p.name for p in paths]
    return {p: (p.name if names.count(p.name) == 1 else str(p)) for p in paths}


def read_workbooks(paths: list[Path]) -> tuple[list[Submission], list[Problem]]:
    """Read every workbook (in order of file name) and check them against each other."""
    paths = sorted({Path(p) for p in paths}, key=lambda p: (p.name, str(p)))
    labels = _labels(paths)
    subs: list[Submission] = []
    problems: list[Problem] = []
    for path in paths:
        reader = _Reader(path, labels[path])
        sub = reader.read()
        problems += reader.problems
        if sub is not None:
            subs.append(sub)
    if not subs:
        return subs, problems
    base = subs[0]
    by_institute: dict[str, str] = {}
    for sub in subs:
        if sub.reference.edition != base.reference.edition:
            problems.append(Problem(
                sub.file, L.meta_row("edition"), L.location(L.REFERENCE,
                                                            f"B{L.meta_row('edition')}"),
                f"edition {sub.reference.edition!r} differs from edition "
                f"{base.reference.edition!r} of {base.file}; import the workbooks of one "
                "edition together"))
        elif sub.reference.digest != base.reference.digest:
            row = L.meta_row("reference_sha256")
            problems.append(Problem(
                sub.file, row, L.location(L.REFERENCE, f"B{row}"),
                f"written from other reference data than {base.file} (the tree, KSAs, "
                "institutes or occupations differ); write every template from the same "
                "edition folder"))
        if sub.institute_id:
            if sub.institute_id in by_institute:
                problems.append(Problem(
                    sub.file, L.INSTITUTE_ROW, L.location(L.INSTRUCTIONS, f"B{L.INSTITUTE_ROW}"),
                    f"institute {sub.institute_id!r} already comes from "
                    f"{by_institute[sub.institute_id]}; import one workbook per institute"))
            else:
                by_institute[sub.institute_id] = sub.file
    problems += _soc_conflicts(subs)
    problems += lookalike_warnings(subs)
    return subs, problems


Place = tuple[str, str, int, str]  # text, file ('' for the template's reference), row, column


def _lookalikes(kind: str, places: list[Place]) -> list[Problem]:
    """A warning for each text that reads like an earlier one (by `lookalike.skeleton`) but
    differs from it beyond case and spaces, naming both."""
    first: dict[str, dict[str, Place]] = {}
    out = []
    for place in places:
        text, file, row, column = place
        group = first.setdefault(skeleton(text), {})
        key = L.title_key(text)
        if key in group:
            continue
        if group and file:
            other, other_file, _, other_column = next(iter(group.values()))
            where = (f"{other_file}, {other_column}" if other_file
                     else "the template's reference data")
            how = how_they_differ(text, other)
            out.append(Problem.warning(
                file, row, column,
                f"{kind} {text!r} reads like {other!r} ({where}): {how}; "
                f"they are imported as two different {kind}s: if they are one, type it the same "
                "way in both places"))
        group[key] = place
    return out


def lookalike_warnings(subs: list[Submission]) -> list[Problem]:
    """Occupation titles, and KSA statements under one code, that read alike but differ (see
    `collect.lookalike`): a warning naming both."""
    ref = subs[0].reference
    titles: list[Place] = [(o["title"], "", 0, "") for o in ref.tables["occupations"]]
    statements: dict[str, list[Place]] = {}
    for k in ref.tables["ksas"]:
        statements.setdefault(k["code"], []).append((k["statement"], "", 0, ""))
    for sub in subs:
        titles += [(o.title, sub.file, o.row, L.location(L.OCCUPATIONS, f"A{o.row}"))
                   for o in sorted(sub.occupations.values(), key=lambda o: o.row)]
        for p in sub.proposals:
            statements.setdefault(p.code, []).append(
                (p.statement, sub.file, p.row, L.location(L.PROPOSED, f"B{p.row}")))
    out = _lookalikes("occupation", titles)
    for code in sorted(statements, key=L.code_key):
        out += _lookalikes("KSA statement", statements[code])
    return out


def _soc_conflicts(subs: list[Submission]) -> list[Problem]:
    first: dict[str, tuple[str, str]] = {}  # title key -> (soc, file)
    out = []
    for sub in subs:
        for key, occ in sub.occupations.items():
            if not occ.soc_code:
                continue
            if key not in first:
                first[key] = (occ.soc_code, sub.file)
            elif first[key][0] != occ.soc_code:
                soc, file = first[key]
                out.append(Problem(
                    sub.file, occ.row, L.location(L.OCCUPATIONS, f"B{occ.row}"),
                    f"SOC code {occ.soc_code!r} for '{occ.title}' differs from {soc!r} in "
                    f"{file}; give one SOC code per occupation title"))
    return out


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def merge(subs: list[Submission]) -> tuple[dict[str, list[dict[str, str]]], list[str]]:
    """The edition's tables from readable, mutually consistent submissions, and notes."""
    ref = subs[0].reference
    tables = {name: list(ref.tables[name]) for name in
              ("technology_areas", "agencies", "institutes", "competencies")}

    ref_occ = {L.title_key(o["title"]): o for o in ref.tables["occupations"]}
    typed: dict[str, Occupation] = {}
    socs: dict[str, str] = {}
    for sub in subs:
        for key, occ in sub.occupations.items():
            typed.setdefault(key, occ)
            if occ.soc_code:
                socs.setdefault(key, occ.soc_code)
    taken = {o["occupation_id"] for o in ref.tables["occupations"]}
    occ_id: dict[str, str] = {}
    occupations = []
    for key in sorted(typed):
        if key in ref_occ:
            occ_id[key] = ref_occ[key]["occupation_id"]
            title = ref_occ[key]["title"]
        else:
            base = slug(typed[key].title) or f"occupation_{_short_hash(key)}"
            candidate, n = base, 1
            while candidate in taken:
                n += 1
                candidate = f"{base}_{n}"
            taken.add(candidate)
            occ_id[key] = candidate
            title = typed[key].title
        soc = socs.get(key) or ref_occ.get(key, {}).get("soc_code", "")
        occupations.append({"occupation_id": occ_id[key], "title": title, "soc_code": soc})
    tables["occupations"] = sorted(occupations, key=lambda o: o["occupation_id"])

    selections = set()
    connections = set()
    proposed: dict[str, dict[str, str]] = {}
    for sub in subs:
        for key in sub.occupations:
            selections.add((sub.institute_id, occ_id[key]))
        for key, ksa_id in sub.marks:
            connections.add((sub.institute_id, occ_id[key], ksa_id))
        for prop in sub.proposals:
            proposed.setdefault(prop.ksa_id, {"ksa_id": prop.ksa_id, "statement": prop.statement,
                                              "code": prop.code,
                                              "statement_source": "published"})
            connections.update((sub.institute_id, occ_id[k], prop.ksa_id) for k in prop.titles)
    tables["institute_occupations"] = [
        {"institute_id": i, "occupation_id": o} for i, o in sorted(selections)]
    tables["essential_ksas"] = [
        {"institute_id": i, "occupation_id": o, "ksa_id": k} for i, o, k in sorted(connections)]

    connected = {k for _, _, k in connections}
    kept = [k for k in ref.tables["ksas"] if k["ksa_id"] in connected]
    new = sorted(proposed.values(), key=lambda k: (L.code_key(k["code"]), k["ksa_id"]))
    tables["ksas"] = kept + new

    notes = []
    dropped = [k["ksa_id"] for k in ref.tables["ksas"] if k["ksa_id"] not in connected]
    if dropped:
        notes.append(f"{len(dropped)} template KSA(s) marked by no institute, left out of "
                     f"ksas.csv: {', '.join(dropped)}")
    absent = sorted({i["institute_id"] for i in ref.tables["institutes"]}
                    - {s.institute_id for s in subs})
    if absent:
        notes.append(f"no workbook for institute(s) {', '.join(absent)}; they are listed in "
                     "institutes.csv with no occupation selections")
    return tables, notes


def out_folder_problem(out: Path, force: bool = False) -> str:
    """Why `out` cannot receive an edition ('' when it can; see the module docstring)."""
    if out.exists() and not out.is_dir():
        return f"{out} exists and is not a folder"
    if not out.parent.is_dir():
        return f"folder {out.parent} does not exist"
    if force or not out.is_dir() or not any(out.iterdir()):
        return ""
    changed = changed_since_stamp(out, STAMP)
    if changed is None:
        return (f"{out} is a folder that `import` did not write (it has no {STAMP}); give a new "
                "folder, or --force to write the edition's files into it (its other files are "
                "kept)")
    if changed:
        return (f"{', '.join(changed)} in {out} changed since `import` wrote them; give "
                "--force to replace them (the folder's other files are kept)")
    return ""


def _network_of(previous: Path | None) -> dict[str, str] | None:
    """The `network` words of the edition `previous` revises (its descriptor's), which the
    new edition keeps: the workbooks do not carry them. None without a previous edition."""
    if previous is None:
        return None
    descriptor = Path(previous) / "datapackage.json"
    try:
        network = json.loads(descriptor.read_text(encoding="utf-8")).get("network")
    except (OSError, ValueError):
        return None  # the previous edition's own problems are reported where it is read
    return network if isinstance(network, dict) else None


def import_workbooks(paths: list[Path], out: Path, *, force: bool = False,
                     previous: Path | None = None) -> ImportResult:
    """Read the filled workbooks, merge them into one edition and write it to `out`;
    `previous`: the folder of the edition it revises, named in its descriptor (relative to
    `out`), so that its report says what changed, and whose network words it keeps.

    Raises `InputError` with every problem (nothing written) when any workbook is wrong or
    the merged edition would not validate; raises `ValueError` when `out` is unusable: a
    non-empty folder that `import` did not write, or whose files changed since, unless `force`.
    """
    out = Path(out)
    reason = out_folder_problem(out, force)
    if reason:
        raise ValueError(reason)
    subs, problems = read_workbooks([Path(p) for p in paths])
    if any(p.is_error for p in problems):
        raise InputError(problems, "the workbooks")
    tables, notes = merge(subs)
    edition = subs[0].reference.edition

    def check(folder: Path) -> None:
        errors = [p for p in edition_problems(folder) if not p.message.startswith("warning:")]
        if errors:
            raise InputError(errors, "the imported edition")

    write_edition(
        out, tables, edition=edition, provenance="collected", network=_network_of(previous),
        title=f"Manufacturing USA competency framework, edition {edition} (collected)",
        description=f"Imported from {len(subs)} institute collection workbook(s) by "
                    "`python -m competency_framework import`.",
        sources=[{"title": f"collection workbook of {s.institute_id}", "path": s.file}
                 for s in subs],
        previous=("" if previous is None else
                  Path(os.path.relpath(Path(previous).resolve(), out.resolve())).as_posix()),
        keep_other_files=True, check=check, stamp=STAMP)
    counts = {t.name: len(tables[t.name]) for t in TABLES}
    counts["workbooks"] = len(subs)
    counts["proposed_ksas"] = sum(k["ksa_id"].startswith("new_") for k in tables["ksas"])
    return ImportResult(out, edition, counts, notes, sorted(problems))


__all__ = ["ImportResult", "import_workbooks", "proposed_ksa_id",
           "read_workbooks"]
