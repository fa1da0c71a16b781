"""The streaming XLSX writer (`xlsx_writer`): the file it writes opens in openpyxl with the
sheets, bold frozen header, typed text (never a formula) and numbers it was given; its parts
are well-formed XML; the same book gives the same bytes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from competency_framework.archives import ZIP_TIME
from competency_framework.build.downloads import workbook
from competency_framework.edition.contract import TABLES
from competency_framework.xlsx_writer import Book, column_letters, save_xlsx, xlsx_text

TEXTS = ["=SUM(A1)", "=1+1", "@x", "+3", "-2", 'a <b> & "c" \'d\'', "bell\x07 tab\t",
         "  spaces  ", "line\r\nbreak", "x" * 32_767]  # the most a cell holds


def book() -> Book:
    frame = pd.DataFrame({
        "text": TEXTS,
        "number": [3, 2.5, -1, 0, 10**12, 1e-7, float("nan"), None, True, False],
        "mixed": ["", "same", "same", 4, None, "=SUM(A1)", np.float64(1.5), "x", "", "y"],
    })
    out = Book(title="A <book> & \x01 more", creator="tests")
    out.add("Data & 'more'", frame)
    out.add("empty", pd.DataFrame(columns=["a", "b"]))
    out.add("wide", pd.DataFrame([list(range(30))], columns=[f"c{i}" for i in range(30)]))
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    return save_xlsx(book(), tmp_path_factory.mktemp("xlsx") / "book.xlsx")


def test_the_file_opens_with_its_sheets_header_and_properties(written):
    wb = load_workbook(written)
    assert wb.sheetnames == ["Data & 'more'", "empty", "wide"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(c.font.b and c.data_type == "s" for c in ws[1])
    ws = wb["Data & 'more'"]
    assert [c.value for c in ws[1]] == ["text", "number", "mixed"]
    assert not any(c.font.b for row in ws.iter_rows(min_row=2) for c in row)
    assert wb["empty"].max_row == 1 and [c.value for c in wb["empty"][1]] == ["a", "b"]
    assert [c.value for c in wb["wide"][2]] == list(range(30))
    assert wb["wide"]["AD1"].value == "c29"
    assert wb.properties.title == "A <book> & \\x01 more"
    assert wb.properties.creator == "tests"
    assert wb.properties.created == wb.properties.modified == dt.datetime(2000, 1, 1)


def test_text_stays_text_and_numbers_stay_numbers(written):
    ws = load_workbook(written)["Data & 'more'"]
    text = [(c.value, c.data_type) for c in ws["A"][1:]]
    assert text == [(xlsx_text(t), "s") for t in TEXTS]
    assert ws["A8"].value == "bell\\x07 tab\t"  # a control character spelled out, a tab kept
    assert ws["A10"].value == "line\r\nbreak"
    number = [(c.value, c.data_type) for c in ws["B"][1:]]
    assert number == [(3, "n"), (2.5, "n"), (-1, "n"), (0, "n"), (10**12, "n"), (1e-7, "n"),
                      (None, "n"), (None, "n"), ("True", "s"), ("False", "s")]
    assert [c.value for c in ws["C"][1:]] == [None, "same", "same", 4, None, "=SUM(A1)", 1.5,
                                              "x", None, "y"]
    assert ws["C7"].data_type == "s"
    assert ws.max_row == 11


def test_the_parts_are_there_and_well_formed(written):
    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
        assert names == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
            "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
            "xl/sharedStrings.xml"]
        assert all(i.date_time == ZIP_TIME for i in archive.infolist())
        for name in names:
            ET.fromstring(archive.read(name))  # well-formed
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert "<f" not in sheet and 'state="frozen"' in sheet
        assert '<c r="B2"><v>3</v></c>' in sheet
        strings = ET.fromstring(archive.read("xl/sharedStrings.xml"))
        texts = [si[0].text for si in strings]
        assert len(texts) == len(set(texts)) and texts.count("same") == 1


def test_the_same_book_gives_the_same_bytes(written, tmp_path):
    assert save_xlsx(book(), tmp_path / "again.xlsx").read_bytes() == written.read_bytes()


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path):
    out = tmp_path / "book.xlsx"
    out.write_bytes(b"before")
    broken = Book()
    broken.add("x", pd.DataFrame({"a": [object.__new__(Unprintable)]}))
    with pytest.raises(RuntimeError):
        save_xlsx(broken, out)
    assert out.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


class Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("no text")


def test_column_letters():
    assert [column_letters(n) for n in (1, 26, 27, 52, 703, 16384)] == [
        "A", "Z", "AA", "AZ", "AAA", "XFD"]


def test_the_edition_workbook_reads_back(tiny, tmp_path):
    path = save_xlsx(workbook(tiny), tmp_path / "w.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["About", "Data dictionary", "technology_areas"]
    columns = next(t.columns for t in TABLES if t.name == "ksas")
    ksas = list(wb["ksas"].iter_rows(values_only=True))
    assert ksas == [tuple(columns), *tiny.ksas[columns].itertuples(index=False, name=None)]
    assert wb["About"]["A1"].font.b and wb["About"].freeze_panes == "A2"
    assert wb.properties.title == (tiny.title or f"Competency framework, edition {tiny.edition}")
