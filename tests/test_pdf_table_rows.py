"""A long table in the PDF never leaves one or two of its rows alone on a page, and no row
breaks across pages (`table-rows.lua` and the book's Typst header), wherever the page break
falls; the web page's table is untouched."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from competency_framework.render.markdown import asset
from competency_framework.render.pandoc import pandoc_common, run_pandoc, write_filters

PAGE = ('#set page(width: 4in, height: 4in, margin: 0.4in)\n#set text(lang: "en")\n'
        '#set document(title: "Rows")\n')


def table_markdown(rows: int) -> str:
    body = "".join(f"| Row {i:02d} | {'many ' * 30 if i == 5 else 'a few words'} |\n"
                   for i in range(1, rows + 1))  # row 5 runs over several lines
    return f"| Name | Text |\n|:--|:--|\n{body}\n: Rows. {{#tbl-rows}}\n"


def convert(tmp_path, markdown: str, to: str) -> str:
    (tmp_path / "t.md").write_text(markdown, encoding="utf-8")
    write_filters(tmp_path)
    return run_pandoc([*pandoc_common(), "--to", to, "t.md"], tmp_path)


def test_a_long_tables_first_and_last_three_rows_share_an_unbreakable_cell(tmp_path):
    typst = convert(tmp_path, table_markdown(8), "typst")
    assert "columns: (0%, " in typst
    assert "table.header(table.cell(colspan: 2)[Name], [Text]," in typst
    assert typst.count("table.cell(rowspan: 3)[]") == 2
    firsts = re.findall(r"^\s*(table\.cell\(\w+: \d\)(?:\[\])?, )?(?:table\.cell\(colspan: 2\))?"
                        r"\[Row (\d\d)\]", typst, flags=re.M)
    spans = {row: cell for cell, row in firsts}
    assert [row for row, cell in spans.items() if cell] == ["01", "06"]  # rows 1-3 and 6-8
    assert len(re.findall(r"table\.cell\(colspan: 2\)\[Row (?:04|05)\]", typst)) == 2
    html = convert(tmp_path, table_markdown(8), "html5")
    assert "colspan" not in html and "rowspan" not in html and html.count("<tr") == 9


def test_a_table_of_five_rows_is_left_as_it_is(tmp_path):
    typst = convert(tmp_path, table_markdown(5), "typst")
    assert "rowspan" not in typst and "colspan" not in typst and "(0%," not in typst


def test_no_page_holds_one_or_two_rows_of_a_long_table(tmp_path):
    """The table starts lower and lower on the first page: whatever the break, each page
    holding its rows holds three or more, and every row is whole on one page."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    import typst as typst_compiler

    table = convert(tmp_path, table_markdown(9), "typst")
    splits = set()
    for lines in range(0, 26, 2):
        filler = "".join(f"Line {i} of the text before the table.\n\n" for i in range(lines))
        source = tmp_path / "t.typ"
        source.write_text(PAGE + asset("book-header.typ") + filler + table, encoding="utf-8")
        pdf = tmp_path / "t.pdf"
        typst_compiler.compile(str(source), output=str(pdf), pdf_standards=["ua-1"])
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        counts = [len(re.findall(r"Row \d\d", page)) for page in text.split("\f")]
        held = [n for n in counts if n]
        assert sum(held) == 9 and all(n >= 3 for n in held), (lines, counts)
        assert all(page.count("many") in (0, 30) for page in text.split("\f")), lines
        splits.add(tuple(held))
    assert len(splits) >= 3, splits  # the filler moved the break through the table
