"""Write the collection workbook an institute fills in (`python -m competency_framework template`).

The workbook is built from an edition folder (its tree, KSAs, institutes and occupations) and
carries that reference data in a hidden sheet, so `import` needs nothing but the workbooks.
Same source, same arguments: the same bytes (fixed document dates and zip timestamps).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import Outline
from openpyxl.worksheet.worksheet import Worksheet

from competency_framework.archives import save_workbook
from competency_framework.collect import layout as L
from competency_framework.edition.framework import Framework

BOLD = Font(bold=True)
WHITE_BOLD = Font(bold=True, color="FFFFFF")
HEADING_FILLS = (  # tier, competency, sub-competency heading rows
    PatternFill("solid", fgColor="1F4E79"),
    PatternFill("solid", fgColor="BDD7EE"),
    PatternFill("solid", fgColor="DDEBF7"),
)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
MARK_FILL = PatternFill("solid", fgColor="C6EFCE")
WRAP = Alignment(wrap_text=True, vertical="top")


def reference_from(source: Framework, edition: str) -> L.Reference:
    """The reference data a template carries, taken from a loaded edition."""
    tables = {}
    for name in L.REFERENCE_TABLES:
        frame = getattr(source, name)
        tables[name] = [
            {col: str(value) for col, value in record.items()}
            for record in frame.to_dict(orient="records")
        ]
    return L.Reference(version=L.TEMPLATE_VERSION, edition=str(edition), tables=tables)


def _header(ws: Worksheet, names: tuple[str, ...]) -> None:
    for j, name in enumerate(names, start=1):
        cell = L.put_text(ws, 1, j, name)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP


def _list_validation(ws: Worksheet, formula: str, cells: str, *, strict: bool) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                        showErrorMessage=True, errorStyle="stop" if strict else "warning")
    dv.add(cells)
    ws.add_data_validation(dv)


def _instructions(ws: Worksheet, ref: L.Reference, institute: dict | None,
                  institute_span: tuple[int, int]) -> None:
    areas = {a["area_id"]: a["name"] for a in ref.tables["technology_areas"]}
    L.put_text(ws, 1, 1, "Manufacturing USA competency framework: occupations and essential "
               f"KSAs, edition {ref.edition}").font = Font(bold=True, size=14)
    rows = {
        L.EDITION_ROW: ("Edition", ref.edition),
        L.INSTITUTE_ROW: (L.INSTITUTE_LABEL, institute["institute_id"] if institute else ""),
        L.INSTITUTE_NAME_ROW: ("Institute", institute["name"] if institute else ""),
        L.AREA_ROW: ("Technology area", areas[institute["area_id"]] if institute else ""),
        L.VERSION_ROW: ("Template version", ref.version),
    }
    for row, (label, value) in rows.items():
        L.put_text(ws, row, 1, label).font = BOLD
        if value:
            L.put_text(ws, row, 2, value)
    ws.cell(L.INSTITUTE_ROW, 2).fill = INPUT_FILL
    first, last = institute_span
    _list_validation(ws, f"{L.REFERENCE}!$A${first}:$A${last}", f"B{L.INSTITUTE_ROW}",
                     strict=True)
    steps = [
        "How to fill in this workbook",
        "1. One workbook per institute. Check the institute id above; if it is empty, choose "
        "your institute from its drop-down list.",
        f"2. On '{L.OCCUPATIONS}', list the entry-level occupations that matter most to your "
        "industry members: one title per row, with its SOC code (12-3456 or 12-3456.78) when "
        "you know it.",
        f"3. On '{L.ESSENTIAL}', every occupation gets a column: pick its title from the "
        "drop-down in row 1. Then, in the row of each KSA that the occupation needs, choose "
        f"'{L.MARK}'; leave every other cell empty. The buttons at the left fold and unfold "
        "the competency groups.",
        f"4. When an occupation needs a KSA that the list lacks, add a row on '{L.PROPOSED}': "
        "the code of the competency or sub-competency it belongs under (drop-down), the KSA "
        f"in your own words, and '{L.MARK}' under each occupation that needs it.",
        "5. Every occupation you list needs at least one essential KSA. Rows, titles and "
        "marks you leave empty are ignored.",
        "6. Keep the layout as it is: do not rename sheets or change the ksa_id, code and "
        "statement columns, do not merge cells, and type values rather than formulas (the "
        "import reads typed values only, and text starting with = stays text).",
        "7. Save as an Excel workbook (.xlsx) and send it back. The import command reads "
        "the workbooks of all institutes together; if anything does not fit, it lists each "
        "problem with its sheet and cell and writes nothing.",
    ]
    row = L.VERSION_ROW + 2
    L.put_text(ws, row, 1, steps[0]).font = BOLD
    for i, text in enumerate(steps[1:], start=1):
        number, _, rest = text.partition(". ")
        L.put_text(ws, row + i, 1, number).alignment = Alignment(vertical="top")
        L.put_text(ws, row + i, 2, rest).alignment = WRAP
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90


def _essential_rows(ref: L.Reference) -> list[tuple[str, int, dict]]:
    """Rows of the KSA sheet in tree order: ('heading', depth, node) or ('ksa', depth, ksa)."""
    nodes = {c["code"]: c for c in ref.tables["competencies"]}

    def path(code: str) -> list[dict]:
        out = []
        while code:
            out.append(nodes[code])
            code = nodes[code]["parent_code"]
        return out[::-1]

    order = sorted(enumerate(ref.tables["ksas"]), key=lambda p: (L.code_key(p[1]["code"]), p[0]))
    rows: list[tuple[str, int, dict]] = []
    shown: set[str] = set()
    for _, ksa in order:
        chain = path(ksa["code"])
        for depth, node in enumerate(chain):
            if node["code"] not in shown:
                shown.add(node["code"])
                rows.append(("heading", depth, node))
        rows.append(("ksa", len(chain), ksa))
    return rows


def _essential(ws: Worksheet, ref: L.Reference, titles: list[str],
               marks: set[tuple[str, str]], n_columns: int, occupation_range: str) -> None:
    _header(ws, L.ESSENTIAL_HEADERS)
    first_occ = L.FIRST_OCCUPATION_COLUMN
    for j in range(n_columns):
        cell = ws.cell(1, first_occ + j)
        if j < len(titles):
            L.put_text(ws, 1, first_occ + j, titles[j])
        cell.font = BOLD
        cell.fill = INPUT_FILL
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(first_occ + j)].width = 16
    nodes = {c["code"]: c for c in ref.tables["competencies"]}
    row = 1
    for kind, depth, item in _essential_rows(ref):
        row += 1
        ws.row_dimensions[row].outlineLevel = depth
        if kind == "heading":
            L.put_text(ws, row, 2, item["code"])
            L.put_text(ws, row, 4, item["name"])
            for j in range(1, first_occ + n_columns):
                ws.cell(row, j).fill = HEADING_FILLS[min(depth, 2)]
                ws.cell(row, j).font = WHITE_BOLD if depth == 0 else BOLD
            continue
        L.put_text(ws, row, 1, item["ksa_id"])
        L.put_text(ws, row, 2, item["code"])
        L.put_text(ws, row, 3, nodes[item["code"]]["name"])
        L.put_text(ws, row, 4, item["statement"]).alignment = WRAP
        for j, title in enumerate(titles):
            if (title, item["ksa_id"]) in marks:
                L.put_text(ws, row, first_occ + j, L.MARK)
    last_col = get_column_letter(first_occ + n_columns - 1)
    marks_range = f"{get_column_letter(first_occ)}2:{last_col}{max(row, 2)}"
    _list_validation(ws, f'"{L.MARK}"', marks_range, strict=True)
    _list_validation(ws, occupation_range, f"{get_column_letter(first_occ)}1:{last_col}1",
                     strict=False)
    ws.conditional_formatting.add(
        marks_range, CellIsRule(operator="equal", formula=[f'"{L.MARK}"'], fill=MARK_FILL)
    )
    ws.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=False)
    ws.freeze_panes = ws.cell(2, first_occ).coordinate
    for letter, width in zip("ABCD", (12, 9, 30, 70), strict=True):
        ws.column_dimensions[letter].width = width
    ws.row_dimensions[1].height = 45


def _occupations(ws: Worksheet, titles: list[str], soc: dict[str, str], n_rows: int) -> str:
    """Fill the occupations sheet; returns the absolute range of its title cells."""
    _header(ws, L.OCCUPATION_HEADERS)
    for i in range(n_rows):
        row = 2 + i
        for j in (1, 2):
            ws.cell(row, j).fill = INPUT_FILL
            ws.cell(row, j).number_format = "@"
        if i < len(titles):
            L.put_text(ws, row, 1, titles[i])
            if soc.get(titles[i]):
                L.put_text(ws, row, 2, soc[titles[i]])
    ws.column_dimensions["A"].width = 50
    ws.column_dimensions["B"].width = 14
    ws.freeze_panes = "A2"
    return f"{L.OCCUPATIONS}!$A$2:$A${1 + n_rows}"


def _proposed(ws: Worksheet, titles: list[str], n_columns: int, occupation_range: str,
              code_span: tuple[int, int]) -> None:
    _header(ws, L.PROPOSED_HEADERS)
    first_occ = L.FIRST_PROPOSED_OCCUPATION_COLUMN
    for j in range(n_columns):
        cell = ws.cell(1, first_occ + j)
        if j < len(titles):
            L.put_text(ws, 1, first_occ + j, titles[j])
        cell.font = BOLD
        cell.fill = INPUT_FILL
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(first_occ + j)].width = 16
    last_row = 1 + L.SPARE_PROPOSALS
    for row in range(2, last_row + 1):
        ws.cell(row, 1).number_format = "@"
        ws.cell(row, 2).alignment = WRAP
    last_col = get_column_letter(first_occ + n_columns - 1)
    first, last = code_span
    _list_validation(ws, f"{L.REFERENCE}!$A${first}:$A${last}", f"A2:A{last_row}", strict=True)
    _list_validation(ws, f'"{L.MARK}"', f"{get_column_letter(first_occ)}2:{last_col}{last_row}",
                     strict=True)
    _list_validation(ws, occupation_range, f"{get_column_letter(first_occ)}1:{last_col}1",
                     strict=False)
    ws.column_dimensions["A"].width = 9
    ws.column_dimensions["B"].width = 70
    ws.freeze_panes = ws.cell(2, first_occ).coordinate
    ws.row_dimensions[1].height = 45


def build_template(source: Framework, *, edition: str, institute: str | None = None,
                   prefill: bool = True) -> Workbook:
    """The collection workbook for `edition`, with `source`'s tree and KSAs.

    With `institute`, the workbook names it; with `prefill` too, it lists the occupations
    that institute selected in `source` and marks their essential KSAs.
    """
    ref = reference_from(source, edition)
    inst = None
    titles: list[str] = []
    soc: dict[str, str] = {}
    marks: set[tuple[str, str]] = set()
    if institute is not None:
        by_id = {i["institute_id"]: i for i in ref.tables["institutes"]}
        if institute not in by_id:
            raise ValueError(f"unknown institute id {institute!r}; the source has "
                             f"{', '.join(sorted(by_id))}")
        inst = by_id[institute]
        if prefill:
            sel = source.selections[source.selections["institute_id"] == institute]
            occ_title = dict(zip(sel["occupation_id"], sel["title"], strict=True))
            titles = sorted(occ_title.values(), key=lambda t: (L.title_key(t), t))
            soc = dict(zip(sel["title"], sel["soc_code"], strict=True))
            conn = source.essential_ksas[source.essential_ksas["institute_id"] == institute]
            marks = {(occ_title[o], k) for o, k in zip(conn["occupation_id"], conn["ksa_id"],
                                                       strict=True)}
    n_occ = len(titles) + L.SPARE_OCCUPATIONS

    wb = Workbook()
    sheets = {name: wb.create_sheet(name) for name in L.SHEETS}
    wb.remove(wb.worksheets[0])
    spans = L.write_reference(sheets[L.REFERENCE], ref)
    sheets[L.REFERENCE].sheet_state = "hidden"
    _instructions(sheets[L.INSTRUCTIONS], ref, inst, spans["institutes"])
    occupation_range = _occupations(sheets[L.OCCUPATIONS], titles, soc, n_occ)
    _essential(sheets[L.ESSENTIAL], ref, titles, marks, n_occ, occupation_range)
    _proposed(sheets[L.PROPOSED], titles, n_occ, occupation_range, spans["competencies"])
    wb.active = 0
    wb.properties.creator = "competency_framework template"
    wb.properties.title = f"Competency framework collection workbook, edition {edition}"
    return wb


def write_template(out: Path, source: Framework, *, edition: str,
                   institute: str | None = None, prefill: bool = True) -> Path:
    """Build the template (see `build_template`) and save it to `out`."""
    wb = build_template(source, edition=edition, institute=institute, prefill=prefill)
    return save_workbook(wb, out)


