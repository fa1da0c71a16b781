"""The report's tables, shaped as printed, on the handmade edition `tests/data/figures_small`;
their Markdown, HTML and Typst keep data text as the characters it is."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pypandoc
import pytest

from competency_framework.present import tables as t
from competency_framework.present.numbers import PlainNumbers
from competency_framework.statistics.areas import area_connections_to_other_areas

pytestmark = pytest.mark.edition("figures_small")
ODD = "C++ & <Co> *Bio*"  # an institute name full of markup characters


def rows(table):
    return [list(r) for r in table.values().itertuples(index=False)]


def test_framework_contains(fw):
    table = t.framework_contains_table(fw, PlainNumbers())
    assert rows(table) == [
        ["Occupation selections", 6], ["Distinct occupation titles selected", 3],
        ["Competencies", 4], ["Sub-competencies", 4], ["Essential KSAs", 5],
        ["KSA/occupation connections", 13]]
    assert table.label == "tbl-contents"


def test_table_1_tier5_definitions(fw):
    assert rows(t.table_1(fw)) == [
        ["5.1", "Additive Manufacturing", "Make products layer by layer."],
        ["5.4", "NICE Framework/Cybersecurity", "Apply cybersecurity in operations."]]
    assert list(t.table_1(fw).frame.columns) == ["Tier 5", "Competency", "Definition"]


def test_table_2_one_column_per_area(fw):
    table = t.table_2(fw)
    assert list(table.frame.columns) == ["Biomanufacturing", "Digital/Automation", "Materials"]
    assert rows(table) == [["Bio One", "Dig One", "Mat One"], [ODD, "", ""]]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generated edition of 12 areas and 50 institutes."""
    from paths import EDITION_2025

    from benchmarks.generated import generate_edition
    from competency_framework import load_edition

    return load_edition(generate_edition(EDITION_2025, tmp_path_factory.mktemp("g") / "g",
                                         areas=12, institutes=50))


def test_table_2_with_many_areas_one_row_per_area(generated):
    """Past six areas a column each would not fit the page: a row each, its institutes in
    one cell (the generated edition: 12 areas, 50 institutes)."""
    fw = generated
    table = t.table_2(fw)
    assert list(table.frame.columns) == ["Technology area", "Institutes"]
    assert sorted(table.frame["Technology area"]) == sorted(fw.technology_areas["name"])
    listed = [name for cell in table.frame["Institutes"] for name in cell.split("; ")]
    assert sorted(listed) == sorted(fw.institutes["name"])


def test_area_directions_one_column_per_area_then_one_row_per_pair(fw, generated):
    """Up to six areas, a grid; past six, a row for each ordered pair of areas, grouped by
    the first, most connections first, with the same numbers as the grid would hold."""
    grid = t.area_directions_table(fw, PlainNumbers())
    assert list(grid.frame.columns) == ["From the institutes of", "to Biomanufacturing",
                                        "to Digital/Automation", "to Materials"]
    assert rows(grid)[0][1] == "–"
    long = t.area_directions_table(generated, PlainNumbers())
    assert list(long.frame.columns) == ["From the institutes of", "To KSAs also selected by",
                                        "Connections"]
    values = long.values()
    assert len(values) == 12 * 11
    pairs = area_connections_to_other_areas(generated)
    names = dict(zip(generated.technology_areas["area_id"], generated.technology_areas["name"],
                     strict=True))
    expected = {(names[a], names[o]): n for a, o, n in zip(
        pairs["area_id"], pairs["other_area_id"], pairs["connections"], strict=True)}
    assert {(a, o): n for a, o, n in values.itertuples(index=False)} == expected
    for _, part in values.groupby("From the institutes of", sort=False):
        assert list(part["Connections"]) == sorted(part["Connections"], reverse=True)


def test_table_a1_counts_under_each_node_blank_on_parents(fw):
    table = t.table_a1(fw, PlainNumbers())
    assert rows(table) == [
        ["4.1", "Manufacturing Process Design/Development", ""],
        ["4.1.1", "Critical Work Functions", 1], ["4.1.2", "Technical Drawings and Schematics", 1],
        ["4.2", "Operations Management", ""], ["4.2.1", "Critical Work Functions", 1]]
    assert table.strong_rows == (0, 3)


def test_table_a2_with_the_model_each_node_derives_from(fw):
    table = t.table_a2(fw, PlainNumbers())
    assert rows(table) == [
        ["5.1", "Additive Manufacturing", 1, ""],
        ["5.4", "NICE Framework/Cybersecurity", "", "NICE Framework"],
        ["5.4.1", "Cybersecurity Fundamentals", 1, "NICE Framework NF-COM-008"]]
    assert table.strong_rows == (0, 1)


def test_markdown_reads_back_as_the_data(fw):
    text = t.table_2(fw).markdown()
    assert text.rstrip().endswith("{#tbl-area-institutes .published}")  # Table 2
    plain = pypandoc.convert_text(text, "plain", format="markdown")
    assert ODD in plain
    html = pypandoc.convert_text(text, "html", format="markdown")
    assert "<em>" not in html and "<strong>" not in html
    assert "C++ &amp; &lt;Co&gt; *Bio*" in html


def test_markdown_bold_rows_and_numbers(fw):
    text = t.table_a1(fw, PlainNumbers()).markdown()
    lines = text.splitlines()
    assert lines[1] == "|:--|:--|--:|"  # the count column is right-aligned
    html = pypandoc.convert_text(text, "html", format="markdown")
    assert re.search(r"<strong>4\.1</strong>", html)
    assert not re.search(r"<strong>4\.1\.1</strong>", html)
    big = t.ReportTable(pd.DataFrame({"n": [1247]}), "Big.", "tbl-big")
    assert "1\\,247" in big.markdown()


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag in ("td", "th")
        if self._in:
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.cells[-1] += data


def test_html_cells_are_the_data(fw):
    parser = _Cells()
    parser.feed(t.table_2(fw).html())
    assert parser.cells[:3] == ["Biomanufacturing", "Digital/Automation", "Materials"]
    assert ODD in parser.cells
    assert '<table id="tbl-area-institutes">' in t.table_2(fw).html()


def test_typst_compiles_and_shows_the_data(fw, tmp_path):
    typst = pytest.importorskip("typst")
    source = tmp_path / "t.typ"
    plain = PlainNumbers()
    source.write_text(t.table_2(fw).typst() + t.table_a2(fw, plain).typst(), encoding="utf-8")
    out = tmp_path / "t.pdf"
    typst.compile(str(source), output=str(out))
    assert out.stat().st_size > 0
    assert "C\\+\\+ \\& \\<Co\\> \\*Bio\\*" in source.read_text(encoding="utf-8")


def test_labels_must_be_table_labels():
    with pytest.raises(ValueError, match="tbl-"):
        t.ReportTable(pd.DataFrame({"a": [1]}), "x", "fig-x")
