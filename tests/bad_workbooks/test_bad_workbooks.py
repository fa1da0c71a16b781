"""Malformed collection workbooks: one defect each, each with its exact problems.

Every case starts from the three templates of `tests/data/tiny`, pre-filled with their
institutes' occupations and marks (which import cleanly: see `test_the_base_imports`), and
applies one defect with openpyxl or by rewriting the file's bytes. The corpus is generated
here rather than committed as binaries, so a change to the template layout regenerates it.

In the tiny templates: Essential KSAs rows 5, 8, 9, 12, 15 hold k1-k5 (other rows are
headings); alpha's occupation columns are E "Biological Technicians" and F "Process
Engineers"; beta and gamma start with "Process Engineers" in E.
"""

from __future__ import annotations

import datetime
import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from paths import TINY

from competency_framework.collect import import_workbooks, write_template
from competency_framework.collect import layout as L
from competency_framework.edition.contract import write_descriptor
from competency_framework.edition.load import load_edition
from competency_framework.edition.problems import InputError, Problem

INSTITUTES = ("alpha", "beta", "gamma")
Workbooks = dict[str, Path]


@pytest.fixture(scope="module")
def base(tmp_path_factory, tiny) -> Workbooks:
    folder = tmp_path_factory.mktemp("base")
    return {i: write_template(folder / f"{i}.xlsx", tiny, edition="tiny", institute=i)
            for i in INSTITUTES}


@pytest.fixture
def workbooks(base, tmp_path) -> Workbooks:
    """Fresh copies of the pre-filled tiny templates, one per institute."""
    return {i: Path(shutil.copy(path, tmp_path / path.name)) for i, path in base.items()}


def edit(path: Path, change: Callable[[openpyxl.Workbook], object]) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


def cells(institute: str, sheet: str, **values) -> Callable[[Workbooks, Path], None]:
    """A defect: set cells (`E5="yes"`) on one sheet of one institute's workbook."""

    def change(wbs: Workbooks, tmp: Path) -> None:
        def apply(wb):
            for coord, value in values.items():
                wb[sheet][coord] = value
        edit(wbs[institute], apply)

    return change


def on(institute: str, fn: Callable[[openpyxl.Workbook], object]):
    return lambda wbs, tmp: edit(wbs[institute], fn)


def raw(institute: str, data: Callable[[bytes], bytes]):
    def change(wbs: Workbooks, tmp: Path) -> None:
        path = wbs[institute]
        path.write_bytes(data(path.read_bytes()))
    return change


def rewrite_member(name: str, keep: int) -> Callable[[bytes], bytes]:
    """Cut one member of the zip archive short (a damaged workbook part)."""

    def data(content: bytes) -> bytes:
        src = zipfile.ZipFile(io.BytesIO(content))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                body = src.read(info.filename)
                dst.writestr(info.filename, body[:keep] if info.filename == name else body)
        return out.getvalue()

    return data


def replace_in_member(name: str, old: str, new: str) -> Callable[[bytes], bytes]:
    """Replace text inside one member of the zip archive (what no spreadsheet program writes)."""

    def data(content: bytes) -> bytes:
        src = zipfile.ZipFile(io.BytesIO(content))
        out = io.BytesIO()
        assert name in src.namelist()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                body = src.read(info.filename)
                if info.filename == name:
                    assert old.encode() in body
                    body = body.replace(old.encode(), new.encode())
                dst.writestr(info.filename, body)
        return out.getvalue()

    return data


def error_value(wb) -> None:
    ws = wb[L.PROPOSED]
    ws["A2"], ws["B2"], ws["C2"] = "5.1", "#N/A", "essential"
    ws["B2"].data_type = "e"


def zip_of_text(_: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "not a workbook")
    return out.getvalue()


def empty_workbook(wbs: Workbooks, tmp: Path) -> None:
    openpyxl.Workbook().save(wbs["alpha"])


def other_edition(wbs: Workbooks, tmp: Path) -> None:
    write_template(wbs["gamma"], load_edition(TINY), edition="2026", institute="gamma")


def other_source(wbs: Workbooks, tmp: Path) -> None:
    source = tmp / "source"
    shutil.copytree(TINY, source)
    ksas = source / "ksas.csv"
    ksas.write_text(ksas.read_text().replace("Data collection and analysis",
                                             "Data collection and reporting"))
    write_descriptor(source, edition="tiny", provenance="reconstructed", title="changed")
    write_template(wbs["gamma"], load_edition(source), edition="tiny", institute="gamma")


def duplicate_ksa_row(wb) -> None:
    ws = wb[L.ESSENTIAL]
    for col in range(1, 7):
        ws.cell(16, col).value = ws.cell(5, col).value


def formula_in_statement(wb) -> None:
    ws = wb[L.PROPOSED]
    ws["A2"], ws["B2"], ws["C2"] = "5.1", "=D2", "essential"


def proposal(code=None, statement=None, mark=True, row=2):
    values = {}
    if code is not None:
        values[f"A{row}"] = code
    if statement is not None:
        values[f"B{row}"] = statement
    if mark:
        values[f"C{row}"] = "essential"
    return values


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[Workbooks, Path], None]
    expected: tuple[tuple[str, int, str, str], ...]


SAVE_AS_XLSX = "save it as Excel Workbook (.xlsx)"
FRESH = "fill in a fresh template"
MARCH_1 = datetime.datetime(2024, 3, 1)


def as_text(what: str) -> str:
    return (f"where text is expected; type the {what} as text (format the cell as Text, or type "
            "an apostrophe before it)")


EK, OC, PK, IN, RF = L.ESSENTIAL, L.OCCUPATIONS, L.PROPOSED, L.INSTRUCTIONS, L.REFERENCE

CASES = (
    # -- the file --------------------------------------------------------------------------
    Case("not a zip (a CSV saved as .xlsx)", raw("alpha", lambda _: b"ksa_id,code\nk1,4.1.7\n"),
         (("alpha.xlsx", 0, "", "not an .xlsx workbook: the file is not a zip archive, or "
           f"is cut short; {SAVE_AS_XLSX}"),)),
    Case("corrupt zip (cut short)", raw("alpha", lambda b: b[: len(b) // 2]),
         (("alpha.xlsx", 0, "", "not an .xlsx workbook: the file is not a zip archive, or "
           f"is cut short; {SAVE_AS_XLSX}"),)),
    Case("a zip archive without a workbook", raw("alpha", zip_of_text),
         (("alpha.xlsx", 0, "", "not an .xlsx workbook: the zip archive holds no workbook"),)),
    Case("an old binary .xls", raw("alpha", lambda _: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(
        504)), (("alpha.xlsx", 0, "", "an old-format .xls (or other binary Office) file, not "
                 f".xlsx; {SAVE_AS_XLSX}"),)),
    Case("a damaged sheet inside the archive",
         raw("alpha", rewrite_member("xl/worksheets/sheet2.xml", 200)),
         (("alpha.xlsx", 0, "", "the workbook is damaged and cannot be read (ParseError); "
           "open it in Excel or LibreOffice and save it again as .xlsx"),)),
    Case("a workbook file that is not there", lambda wbs, tmp: wbs["alpha"].unlink(),
         (("alpha.xlsx", 0, "", "file not found"),)),
    # -- sheets ----------------------------------------------------------------------------
    Case("an empty workbook", empty_workbook,
         (("alpha.xlsx", 0, "", "none of the collection workbook's sheets (Instructions, "
           "Essential KSAs, Occupations, Proposed KSAs) is here; fill in a workbook written "
           "by the `template` command"),)),
    Case("a missing sheet", on("alpha", lambda wb: wb.remove(wb[PK])),
         (("alpha.xlsx", 0, PK, "sheet 'Proposed KSAs' is missing (the workbook has: "
           "Instructions, Essential KSAs, Occupations, Reference)"),)),
    Case("a renamed sheet", on("alpha", lambda wb: setattr(wb[OC], "title", "Jobs")),
         (("alpha.xlsx", 0, OC, "sheet 'Occupations' is missing (the workbook has: "
           "Instructions, Essential KSAs, Jobs, Proposed KSAs, Reference)"),)),
    Case("the hidden reference sheet deleted", on("alpha", lambda wb: wb.remove(wb[RF])),
         (("alpha.xlsx", 0, RF, "sheet 'Reference' is missing (the workbook has: "
           "Instructions, Essential KSAs, Occupations, Proposed KSAs)"),)),
    # -- headers and layout ----------------------------------------------------------------
    Case("a renamed header", cells("alpha", EK, D1="KSA statement"),
         (("alpha.xlsx", 1, f"{EK}!D1", "header 'KSA statement' should be 'statement'; keep "
           "the template's columns in place"),)),
    Case("a date as a header", cells("alpha", OC, B1=datetime.datetime(2024, 3, 1)),
         (("alpha.xlsx", 1, f"{OC}!B1", "header a date (2024-03-01) should be 'soc_code'; keep "
           "the template's columns in place"),)),
    Case("a long header with a bidi character", cells("alpha", OC, B1="\u202e" + "x" * 500),
         (("alpha.xlsx", 1, f"{OC}!B1", "header '\\u202e" + "x" * 33
           + "… (501 characters)' should be 'soc_code'; keep the template's columns in "
           "place"),)),
    Case("a cleared header", cells("alpha", OC, B1=None),
         (("alpha.xlsx", 1, f"{OC}!B1", "header is missing; it should be 'soc_code'"),)),
    Case("a column inserted before the KSA columns", on("alpha", lambda wb: wb[EK].insert_cols(1)),
         (("alpha.xlsx", 1, f"{EK}!A1", "header is missing; it should be 'ksa_id'"),
          ("alpha.xlsx", 1, f"{EK}!B1", "header 'ksa_id' should be 'code'; keep the "
           "template's columns in place"),
          ("alpha.xlsx", 1, f"{EK}!C1", "header 'code' should be 'sub-competency'; keep the "
           "template's columns in place"),
          ("alpha.xlsx", 1, f"{EK}!D1", "header 'sub-competency' should be 'statement'; keep "
           "the template's columns in place"))),
    Case("merged cells in the marks", on("alpha", lambda wb: wb[EK].merge_cells("E5:F5")),
         (("alpha.xlsx", 5, f"{EK}!E5", "cells E5:F5 are merged; unmerge them (the import "
           "reads one value per cell)"),)),
    Case("the institute label overwritten", cells("alpha", IN, A4="Institute"),
         (("alpha.xlsx", 4, f"{IN}!A4", "this cell should say 'Institute id' (with the id "
           "beside it); keep the Instructions sheet's layout"),)),
    # -- the institute ---------------------------------------------------------------------
    Case("no institute chosen", cells("alpha", IN, B4=None),
         (("alpha.xlsx", 4, f"{IN}!B4", "no institute id; choose your institute from the "
           "drop-down"),)),
    Case("an unknown institute", cells("alpha", IN, B4="zeta"),
         (("alpha.xlsx", 4, f"{IN}!B4", "unknown institute id 'zeta'; choose one of alpha, "
           "beta, gamma"),)),
    Case("two workbooks for the same institute", cells("beta", IN, B4="alpha"),
         (("beta.xlsx", 4, f"{IN}!B4", "institute 'alpha' already comes from alpha.xlsx; "
           "import one workbook per institute"),)),
    # -- marks -----------------------------------------------------------------------------
    Case("an unknown mark", cells("alpha", EK, E5="yes"),
         (("alpha.xlsx", 5, f"{EK}!E5", "unknown mark 'yes'; choose 'essential' from the "
           "drop-down or leave the cell empty"),)),
    Case("a number as mark", cells("alpha", EK, E5=1),
         (("alpha.xlsx", 5, f"{EK}!E5", "a number (1) is not a mark; choose 'essential' from the "
           "drop-down or leave the cell empty"),)),
    Case("a mark on a heading row", cells("alpha", EK, E4="essential"),
         (("alpha.xlsx", 4, f"{EK}!E4", "a value on a row without a ksa_id; marks go on KSA "
           "rows, new KSAs on sheet 'Proposed KSAs'"),)),
    Case("a formula in a mark cell", cells("alpha", EK, E5='=IF(TRUE,"essential","")'),
         (("alpha.xlsx", 5, f"{EK}!E5", 'a formula (=IF(TRUE,"essential","")); type the '
           "value itself (the import never evaluates formulas; to keep text that starts with "
           "=, type an apostrophe before it)"),)),
    # -- occupations -----------------------------------------------------------------------
    Case("a duplicate occupation title", cells("alpha", OC, A4="process  engineers"),
         (("alpha.xlsx", 4, f"{OC}!A4", "occupation 'process engineers' is already listed in "
           "row 3"),)),
    Case("one occupation on two columns", cells("alpha", EK, G1="Process Engineers",
                                                G8="essential"),
         (("alpha.xlsx", 1, f"{EK}!G1", "occupation 'Process Engineers' already has column F "
           "on this sheet; give each occupation one column"),)),
    Case("marks under a column with no title", cells("alpha", EK, G5="essential",
                                                     G9="essential"),
         (("alpha.xlsx", 1, f"{EK}!G1", "column G has marks but no occupation title; choose "
           "the occupation in G1"),)),
    Case("a column title not listed on Occupations",
         cells("alpha", EK, G1="Lab Managers", G5="essential"),
         (("alpha.xlsx", 1, f"{EK}!G1", "'Lab Managers' is not an occupation listed on sheet "
           "'Occupations'; list it there or choose a listed title"),)),
    Case("an occupation with no essential KSA marked", cells("alpha", OC, A4="Lab Managers"),
         (("alpha.xlsx", 4, f"{OC}!A4", "occupation 'Lab Managers' has no essential KSA "
           "marked; mark at least one on sheet 'Essential KSAs' or 'Proposed KSAs', or delete "
           "this row"),)),
    Case("a SOC code without a title", cells("alpha", OC, B4="11-3051.00"),
         (("alpha.xlsx", 4, f"{OC}!A4", "SOC code '11-3051.00' has no occupation title beside "
           "it"),)),
    Case("a malformed SOC code", cells("alpha", OC, B2="19 4021"),
         (("alpha.xlsx", 2, f"{OC}!B2", "SOC code '19 4021' is not of the form 12-3456 or "
           "12-3456.78"),)),
    Case("two SOC codes for one title", cells("beta", OC, B2="17-2141.00"),
         (("beta.xlsx", 2, f"{OC}!B2", "SOC code '17-2141.00' for 'Process Engineers' differs "
           "from '17-2199.00' in alpha.xlsx; give one SOC code per occupation title"),)),
    # -- KSA rows --------------------------------------------------------------------------
    Case("a ksa_id edited to an unknown one", cells("alpha", EK, A5="k99"),
         (("alpha.xlsx", 5, f"{EK}!A5", "unknown ksa_id 'k99'; keep the template's ksa_id on "
           "every KSA row"),)),
    Case("a KSA's code edited", cells("alpha", EK, B5="9.9"),
         (("alpha.xlsx", 5, f"{EK}!B5", "code '9.9' is not KSA k1's code '4.1.7'; keep the "
           "template's code (propose KSAs on sheet 'Proposed KSAs')"),)),
    Case("a KSA's statement edited", cells("alpha", EK, D8="Machine operations"),
         (("alpha.xlsx", 8, f"{EK}!D8", "statement differs from KSA k2's in the template; "
           "keep it as written (propose a new wording on sheet 'Proposed KSAs')"),)),
    Case("a KSA row copied", on("alpha", duplicate_ksa_row),
         (("alpha.xlsx", 16, f"{EK}!A16", "KSA k1 already has row 5; keep one row per KSA"),)),
    # -- proposed KSAs ---------------------------------------------------------------------
    Case("a proposed KSA with an unknown code",
         cells("alpha", PK, **proposal("9.9", "Aseptic technique")),
         (("alpha.xlsx", 2, f"{PK}!A2", "unknown code '9.9'; choose a code from the "
           "drop-down"),)),
    Case("a proposed KSA without a code", cells("alpha", PK, **proposal(None, "Aseptic")),
         (("alpha.xlsx", 2, f"{PK}!A2", "proposed KSA has no code; choose the competency or "
           "sub-competency it belongs under"),)),
    Case("a proposed KSA with an empty statement", cells("alpha", PK, **proposal("4.1.7")),
         (("alpha.xlsx", 2, f"{PK}!B2", "proposed KSA has no statement"),)),
    Case("a proposed KSA marked for no occupation",
         cells("alpha", PK, **proposal("4.1.7", "Aseptic technique", mark=False)),
         (("alpha.xlsx", 2, f"{PK}!C2", "no occupation is marked for this proposed KSA; mark "
           "at least one, or delete the row"),)),
    Case("a proposed KSA that is already in the list",
         cells("alpha", PK, **proposal("4.1.7", "data collection and  Analysis")),
         (("alpha.xlsx", 2, f"{PK}!B2", "this is the statement of KSA k1; mark it on sheet "
           "'Essential KSAs' instead"),)),
    Case("the same proposal twice", cells("alpha", PK, **proposal("5.1", "Powder handling"),
                                          **proposal("5.1", "powder handling", row=3)),
         (("alpha.xlsx", 3, f"{PK}!B3", "repeats the proposed KSA of row 2"),)),
    Case("a formula as proposed statement", on("alpha", formula_in_statement),
         (("alpha.xlsx", 2, f"{PK}!B2", "a formula (=D2); type the value itself (the import "
           "never evaluates formulas; to keep text that starts with =, type an apostrophe "
           "before it)"),)),
    # -- values that are not text where text is expected (issue 16) --------------------------
    Case("a date as occupation title", cells("alpha", OC, A4=MARCH_1),
         (("alpha.xlsx", 4, f"{OC}!A4", f"a date (2024-03-01) {as_text('occupation title')}"),)),
    Case("a date and time as occupation column title",
         cells("alpha", EK, G1=datetime.datetime(2024, 3, 1, 8, 30), G5="essential"),
         (("alpha.xlsx", 1, f"{EK}!G1", "a date and time (2024-03-01 08:30:00) "
           f"{as_text('occupation title')}"),)),
    Case("a number as occupation title", cells("alpha", OC, A4=42),
         (("alpha.xlsx", 4, f"{OC}!A4", f"a number (42) {as_text('occupation title')}"),)),
    Case("a number as SOC code", cells("alpha", OC, B2=194021),
         (("alpha.xlsx", 2, f"{OC}!B2", f"a number (194021) {as_text('SOC code')}"),)),
    Case("a date as SOC code with no title beside it", cells("alpha", OC, B4=MARCH_1),
         (("alpha.xlsx", 4, f"{OC}!B4", f"a date (2024-03-01) {as_text('SOC code')}"),)),
    Case("a date as proposed statement", cells("alpha", PK, **proposal("5.1", MARCH_1)),
         (("alpha.xlsx", 2, f"{PK}!B2", f"a date (2024-03-01) {as_text('statement')}"),)),
    Case("a time as proposed statement",
         cells("alpha", PK, **proposal("5.1", datetime.time(8, 30))),
         (("alpha.xlsx", 2, f"{PK}!B2", f"a time (08:30:00) {as_text('statement')}"),)),
    Case("a number as proposed code (4.10 would read 4.1)",
         cells("alpha", PK, **proposal(4.1, "Powder handling")),
         (("alpha.xlsx", 2, f"{PK}!A2", f"a number (4.1) {as_text('code')}"),)),
    Case("a true/false value as proposed statement",
         cells("alpha", PK, **proposal("5.1", True)),
         (("alpha.xlsx", 2, f"{PK}!B2", f"a true/false value (TRUE) {as_text('statement')}"),)),
    Case("an error value as proposed statement", on("alpha", error_value),
         (("alpha.xlsx", 2, f"{PK}!B2", f"an error value (#N/A) {as_text('statement')}"),)),
    Case("a date as institute id", cells("alpha", IN, B4=MARCH_1),
         (("alpha.xlsx", 4, f"{IN}!B4", f"a date (2024-03-01) {as_text('institute id')}"),)),
    Case("a date as ksa_id", cells("alpha", EK, A5=MARCH_1),
         (("alpha.xlsx", 5, f"{EK}!A5", f"a date (2024-03-01) {as_text('ksa_id')}"),)),
    Case("a date as mark", cells("alpha", EK, E5=MARCH_1),
         (("alpha.xlsx", 5, f"{EK}!E5", "a date (2024-03-01) is not a mark; choose 'essential' "
           "from the drop-down or leave the cell empty"),)),
    # -- other hostile text ----------------------------------------------------------------
    Case("a formula as occupation title", cells("alpha", OC, A4="=A2"),
         (("alpha.xlsx", 4, f"{OC}!A4", "a formula (=A2); type the value itself (the import "
           "never evaluates formulas; to keep text that starts with =, type an apostrophe "
           "before it)"),)),
    Case("a very long occupation title", cells("alpha", OC, A4="Technician " * 25),
         (("alpha.xlsx", 4, f"{OC}!A4", "the occupation title is 274 characters long; at most "
           "200 are allowed"),)),
    Case("a very long proposed statement",
         cells("alpha", PK, **proposal("5.1", "Powder handling. " * 70)),
         (("alpha.xlsx", 2, f"{PK}!B2", "the statement is 1189 characters long; at most 1000 "
           "are allowed"),)),
    Case("a control character as Excel stores it (_x0001_)",
         cells("alpha", PK, **proposal("5.1", "Powder_x0001_ handling")),
         (("alpha.xlsx", 2, f"{PK}!B2", "the statement contains the control character U+0001 "
           "(stored as _x0001_); remove it"),)),
    Case("a NUL character written into the archive",
         raw("alpha", replace_in_member("xl/worksheets/sheet3.xml", "Process Engineers",
                                        "Process&#0;Engineers")),
         (("alpha.xlsx", 0, "", "the workbook is damaged and cannot be read (ParseError); "
           "open it in Excel or LibreOffice and save it again as .xlsx"),)),
    Case("an emoji-only occupation title", cells("alpha", OC, A4="\U0001f527\U0001f529"),
         (("alpha.xlsx", 4, f"{OC}!A4", "occupation title '\U0001f527\U0001f529' has no letter "
           "or digit; type the occupation's name"),)),
    Case("a punctuation-only occupation title", cells("alpha", OC, A4="???"),
         (("alpha.xlsx", 4, f"{OC}!A4", "occupation title '???' has no letter or digit; type "
           "the occupation's name"),)),
    # -- template version, edition, reference data -----------------------------------------
    Case("a workbook from another template version", cells("alpha", RF, B2="0"),
         (("alpha.xlsx", 2, f"{RF}!B2", "template version '0' is not the one this import "
           "reads ('1'); fill in a template written by the current `template` command"),)),
    Case("a workbook from another edition", other_edition,
         (("gamma.xlsx", 3, f"{RF}!B3", "edition '2026' differs from edition 'tiny' of "
           "alpha.xlsx; import the workbooks of one edition together"),)),
    Case("a workbook written from other reference data", other_source,
         (("gamma.xlsx", 4, f"{RF}!B4", "written from other reference data than alpha.xlsx "
           "(the tree, KSAs, institutes or occupations differ); write every template from the "
           "same edition folder"),)),
    Case("the hidden reference sheet edited", cells("alpha", RF, B8="Bio"),
         (("alpha.xlsx", 4, f"{RF}!B4", f"the hidden reference sheet was edited after the "
           f"template was written; {FRESH}"),)),
    Case("the hidden reference sheet damaged", cells("alpha", RF, A12="agency"),
         (("alpha.xlsx", 12, f"{RF}!A12", "the hidden reference sheet is damaged (columns of "
           f"table 'agencies' differ from the data contract's); {FRESH}"),)),
)


def test_the_corpus_is_large_and_distinct():
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


def test_the_base_imports(workbooks, tmp_path):
    for path in workbooks.values():  # the same open/save every defect goes through
        edit(path, lambda wb: None)
    result = import_workbooks(list(workbooks.values()), tmp_path / "edition")
    assert result.counts["essential_ksas"] == 10


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_workbook(case: Case, workbooks, tmp_path):
    case.change(workbooks, tmp_path)
    out = tmp_path / "edition"
    with pytest.raises(InputError) as err:
        import_workbooks(list(workbooks.values()), out)
    assert err.value.problems == sorted(Problem(*p) for p in case.expected)
    assert not out.exists()
