"""The site's downloads (`build.downloads`, `present.exports`): the zipped data package
validates and gives the edition's data hash; each institute's sheet of the workbook lists
exactly its connections; no sheet holds a formula, whatever the data's text; a JSON file per
institute, KSA and occupation; the same edition gives the same bytes."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from paths import TINY

from competency_framework.build.downloads import (
    sheet_name,
    workbook,
    write_downloads,
    write_explorer,
    xlsx_text,
)
from competency_framework.edition.contract import TABLES, write_descriptor
from competency_framework.edition.load import load_edition
from competency_framework.edition.write import write_tables
from competency_framework.present.entities import (
    ENTITIES_SCRIPT,
    EXPLORER_SCRIPT,
    EXPLORER_STYLE,
    EntityRef,
    entity_href,
    entity_refs,
    explorer_text,
    mentioned_entities,
)
from competency_framework.present.exports import DownloadPaths, downloads_text
from competency_framework.present.numbers import PlainNumbers
from competency_framework.present.tables import (
    ReportTable,
    framework_contains_table,
    printed_tables,
    table_csv,
)
from competency_framework.xlsx_writer import save_xlsx

HOSTILE = "=HYPERLINK(\"http://example.invalid\",\"x\") <b>&"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The tiny edition with a KSA statement a spreadsheet would run as a formula."""
    folder = tmp_path_factory.mktemp("hostile") / "tiny"
    fw = load_edition(TINY)
    ksas = fw.ksas.copy()
    ksas.loc[ksas["ksa_id"] == "k1", "statement"] = HOSTILE
    folder.mkdir()
    write_tables(folder, {t.name: ksas if t.name == "ksas" else getattr(fw, t.name)
                          for t in TABLES})
    write_descriptor(folder, edition="tiny", provenance="reconstructed", title=fw.title)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory, hostile) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("site")
    write_downloads(load_edition(hostile), hostile, out)
    return hostile, out


def test_the_data_package_unzips_to_the_edition(site, tmp_path):
    edition, out = site
    fw = load_edition(edition)
    paths = DownloadPaths(fw.edition)
    with zipfile.ZipFile(out / paths.package) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    folder = tmp_path / paths.stem
    assert sorted(names) == sorted(f"{paths.stem}/{n}" for n in [
        *(t.filename for t in TABLES), "datapackage.json", "README.md"])
    for t in TABLES:
        assert (folder / t.filename).read_bytes() == (edition / t.filename).read_bytes()
    assert load_edition(folder).data_hash == fw.data_hash
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert fw.data_hash in readme and "reconstructed" in readme
    assert ("Licence:\n\n- Creative Commons Attribution 4.0 "
            "(https://creativecommons.org/licenses/by/4.0/)\n") in readme


def test_each_institute_sheet_lists_exactly_its_connections(site):
    edition, out = site
    fw = load_edition(edition)
    wb = load_workbook(out / DownloadPaths(fw.edition).workbook)
    titles = dict(zip(fw.occupations["occupation_id"], fw.occupations["title"], strict=True))
    for i, name in zip(fw.institutes["institute_id"], fw.institutes["name"], strict=True):
        rows = list(wb[f"Institute {name}"].iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        got = sorted((r[header.index("occupation")], r[header.index("ksa_id")]) for r in body)
        mine = fw.essential_ksas[fw.essential_ksas["institute_id"] == i]
        assert got == sorted((titles[o], k) for o, k in zip(mine["occupation_id"],
                                                              mine["ksa_id"], strict=True))
        assert {r[header.index("institute")] for r in body} == {name}
    areas = {n: len(fw.connections[fw.connections["area_id"] == a])
             for a, n in zip(fw.technology_areas["area_id"], fw.technology_areas["name"],
                             strict=True)}
    for name, count in areas.items():
        assert wb[sheet_name(f"Area {name}", set())].max_row == count + 1
    assert wb.sheetnames[:2] == ["About", "Data dictionary"]


def test_no_sheet_holds_a_formula_and_text_stays_text(site):
    edition, out = site
    path = out / DownloadPaths(load_edition(edition).edition).workbook
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for n in sheets:
            assert not re.search(rb"<f[ >]", archive.read(n)), n
    ws = load_workbook(path)["ksas"]
    statements = [c.value for c in ws["B"]]
    assert HOSTILE in statements
    assert next(c for c in ws["B"] if c.value == HOSTILE).data_type == "s"
    # the validator refuses control characters; were one to reach a sheet, it is spelled out
    assert xlsx_text("a\x07b\tc") == "a\\x07b\tc"


def test_a_json_file_per_institute_ksa_and_occupation(site):
    edition, out = site
    fw = load_edition(edition)
    paths = DownloadPaths(fw.edition)
    for kind, ids in (("institutes", fw.institutes["institute_id"]),
                      ("ksas", fw.ksas["ksa_id"]),
                      ("occupations", fw.occupations["occupation_id"])):
        found = sorted(p.stem for p in (out / "data" / kind).glob("*.json"))
        assert found == sorted(ids), kind
        for i in ids:
            record = json.loads((out / paths.record(kind, i)).read_text(encoding="utf-8"))
            assert record["about"]["data_hash"] == fw.data_hash
            assert record["about"]["provenance"] == "reconstructed"
    k1 = json.loads((out / paths.record("ksas", "k1")).read_text(encoding="utf-8"))
    assert k1["statement"] == HOSTILE and k1["institutes"] == ["alpha", "beta", "gamma"]


def test_the_same_edition_gives_the_same_bytes(site, tmp_path):
    edition, out = site
    again = tmp_path / "again"
    write_downloads(load_edition(edition), edition, again)
    files = sorted(p.relative_to(out) for p in (out / "data").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in (again / "data").rglob("*")
                           if p.is_file())
    assert all((out / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_sheet_names_fit_and_stay_unique():
    taken: set[str] = set()
    long = "Institute " + "x" * 40
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) == len(second) == 31 and first != second and second.endswith(" (2)")
    assert sheet_name("Area a/b [c]?", taken) == "Area a_b _c__"


def test_the_data_page_links_each_download(tiny, tmp_path):
    text = downloads_text(tiny, PlainNumbers())
    paths = DownloadPaths(tiny.edition)
    for target in (paths.package, paths.workbook, paths.record("institutes", "alpha")):
        assert f"](../../{target})" in text
    assert "`=`, `+`, `-` or `@`" in text
    path = save_xlsx(workbook(replace(tiny, provenance="collected")), tmp_path / "c.xlsx")
    about = dict(load_workbook(path)["About"].iter_rows(min_row=2, values_only=True))
    assert about["provenance"] == "collected" and about["data_hash"] == tiny.data_hash


def test_a_printed_table_reads_back_as_the_data_it_shows(tiny):
    """`printed_tables` gives back each cell's value from a table's Markdown, whatever its
    text holds (pipes, backslashes, asterisks, a number span, a bold row)."""
    from competency_framework.present.chapter import open_chapter

    numbers = open_chapter(TINY).numbers
    frame = pd.DataFrame({"Name": ["a | b \\", "**x** `y` [z]", "=SUM(A1)"],
                          "Count": [numbers.record(3, "ksas_total"), 1_247, ""]})
    two = numbers(5, "ksas_total") + " (" + numbers(7, "connections_total") + ")"
    spans = printed_tables(f"| A |\n|--:|\n| {two} |\n\n: C. {{#tbl-two}}\n")["tbl-two"]
    assert spans["A"].tolist() == ["5\u2020 (7\u2020)"]  # the text as printed, marks and all
    table = ReportTable(frame, "Caption.", "tbl-hostile", strong_rows=(1,))
    found = printed_tables("Some text.\n\n" + table.markdown() + "\nMore text.\n")
    assert list(found) == ["tbl-hostile"]
    back = found["tbl-hostile"]
    assert list(back.columns) == ["Name", "Count"]
    assert back["Name"].tolist() == ["a | b \\", "**x** `y` [z]", "=SUM(A1)"]
    assert back["Count"].tolist() == [3, 1247, ""]
    assert table_csv(back).splitlines()[1:3] == ["a | b \\,3", "**x** `y` [z],1247"]
    contents = framework_contains_table(tiny, PlainNumbers())
    back = printed_tables(contents.markdown())["tbl-contents"]
    assert table_csv(back) == table_csv(contents.values())


def entities(out: Path) -> dict:
    """The data file of the Data page's index (`data/entities.js`), read back."""
    text = (out / ENTITIES_SCRIPT).read_text(encoding="utf-8")
    assert text.startswith("window.ENTITIES = ") and text.endswith(";\n")
    return json.loads(text.removeprefix("window.ENTITIES = ").removesuffix(";\n"))


def test_the_index_data_holds_every_ksa_and_occupation_escaped(site, tmp_path):
    edition, _ = site
    fw = load_edition(edition)
    chapter = tmp_path / "70_institute_profile_alpha.ipynb"
    table = ReportTable(pd.DataFrame({"KSA": entity_refs("ksa", ["k1"], [HOSTILE]),
                                      "Occupation": entity_refs("occupation", ["technicians"],
                                                                ["Biological Technicians"])}),
                        "A table.", "tbl-x")
    chapter.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["# Alpha \\*Institute\\*"], "metadata": {}},
        {"cell_type": "code", "source": "#| echo: false\nx", "metadata": {}, "outputs": [
            {"output_type": "display_data", "metadata": {},
             "data": {"text/markdown": table.markdown()}}]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    out = tmp_path / "out"
    written = write_explorer(fw, [chapter], out)
    assert sorted(p.relative_to(out).as_posix() for p in written) == sorted(
        [ENTITIES_SCRIPT, EXPLORER_SCRIPT, EXPLORER_STYLE])
    script = (out / ENTITIES_SCRIPT).read_text(encoding="utf-8")
    assert "<" not in script and ">" not in script  # no "</script>" can end it early
    data = entities(out)
    assert data["data_hash"] == fw.data_hash and data["reconstructed"] is True
    assert [k[0] for k in data["ksas"]] == fw.ksa_nodes["ksa_id"].tolist()
    assert data["ksas"][0][1] == HOSTILE  # the statement comes back exactly
    assert [o[0] for o in data["occupations"]] == fw.occupations["occupation_id"].tolist()
    assert len(data["connections"]) == len(fw.connections)
    ids = [(data["institutes"][i][0], data["occupations"][o][0], data["ksas"][k][0])
           for i, o, k in data["connections"]]
    assert sorted(ids) == sorted(zip(fw.connections["institute_id"],
                                     fw.connections["occupation_id"],
                                     fw.connections["ksa_id"], strict=True))
    assert len(data["selections"]) == len(fw.institute_occupations)
    # where the report names each entity: the chapter's page and its title, as text
    assert data["chapters"] == [["70_institute_profile_alpha.html", "Alpha *Institute*"]]
    assert data["printed"] == {"ksa": {"k1": [0]}, "occupation": {"technicians": [0]}}
    again = tmp_path / "again"
    write_explorer(fw, [chapter], again)
    assert (again / ENTITIES_SCRIPT).read_bytes() == script.encode("utf-8")


def test_the_data_page_holds_the_index_on_the_web_only(tiny):
    text = explorer_text(tiny, PlainNumbers())
    assert "```{=html}\n" in text  # a raw HTML block: the PDF leaves it out
    assert f'<script src="../../{ENTITIES_SCRIPT}"></script>' in text
    assert "5 KSAs and 3 occupations" in text
    assert entity_href("ksa", "a b/c") == "95_data.html?ksa=a%20b%2Fc"
    assert mentioned_entities(EntityRef("ksa", "a b/c", "[x]").markdown()) == {("ksa", "a b/c")}


def test_a_table_longer_than_a_sheet_goes_on_over_several(tiny, tmp_path):
    """XLSX holds 1,048,576 rows a sheet: a longer table continues on numbered sheets (shown
    here with a limit of 4 rows, the header included)."""
    path = save_xlsx(workbook(tiny, rows=4), tmp_path / "w.xlsx")
    wb = load_workbook(path, read_only=True)
    parts = [n for n in wb.sheetnames if n.startswith("essential_ksas")]
    assert parts == ["essential_ksas (part 1)", "essential_ksas (part 2)",
                     "essential_ksas (part 3)", "essential_ksas (part 4)"]
    rows = [r for n in parts for r in list(wb[n].iter_rows(values_only=True))[1:]]
    assert len(rows) == len(tiny.essential_ksas) == 10
    assert all(len(list(wb[n].iter_rows())) <= 4 for n in parts)
    assert "technology_areas" in wb.sheetnames  # 2 rows: a table that fits keeps its name
    assert sheet_name("x" * 40, set(), " (part 2)") == "x" * 22 + " (part 2)"


def test_a_descriptor_with_a_byte_order_mark_still_builds(tmp_path):
    """The validator and loader accept a descriptor saved with a BOM; so do the downloads."""
    import shutil

    folder = tmp_path / "bom"
    shutil.copytree(TINY, folder)
    path = folder / "datapackage.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    written = write_downloads(load_edition(folder), folder, tmp_path / "out")
    assert (tmp_path / "out" / DownloadPaths("tiny").package) in written
