"""The collection workbook: template layout, round trips through `import`, merge rules, CLI.

Malformed workbooks, one defect each, live in `tests/bad_workbooks/`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from paths import EDITION_2025, TINY

from competency_framework.cli import main
from competency_framework.collect import import_workbooks, write_template
from competency_framework.collect import layout as L
from competency_framework.collect.importer import proposed_ksa_id, slug
from competency_framework.edition.contract import TABLES, write_descriptor
from competency_framework.edition.load import load_edition
from competency_framework.edition.problems import InputError, Problem
from competency_framework.edition.validate import edition_problems

INSTITUTES = ("alpha", "beta", "gamma")


def rows(folder: Path, name: str) -> list[tuple[str, ...]]:
    with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return sorted(tuple(r) for r in csv.reader(fh))


def assert_same_tables(got: Path, want: Path) -> None:
    for table in TABLES:
        assert rows(got, table.name) == rows(want, table.name), table.name


@pytest.fixture(scope="module")
def prefilled_once(tmp_path_factory, tiny) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("prefilled")
    return {inst: write_template(folder / f"{inst}.xlsx", tiny, edition="tiny", institute=inst)
            for inst in INSTITUTES}


@pytest.fixture
def prefilled(tmp_path, prefilled_once) -> dict[str, Path]:
    """One template per tiny institute, pre-filled with its occupations and marks (a fresh copy
    for each test)."""
    return {inst: Path(shutil.copy(path, tmp_path / path.name))
            for inst, path in prefilled_once.items()}


def fill_as(path: Path, framework, institute: str) -> None:
    """Type an institute's occupations and marks from `framework` into a blank template."""
    wb = openpyxl.load_workbook(path)
    sel = framework.selections[framework.selections["institute_id"] == institute]
    occ, ess = wb[L.OCCUPATIONS], wb[L.ESSENTIAL]
    column = {}
    for i, (oid, title, soc) in enumerate(zip(sel["occupation_id"], sel["title"],
                                              sel["soc_code"], strict=True)):
        occ.cell(2 + i, 1).value = title
        occ.cell(2 + i, 2).value = soc or None
        column[oid] = L.FIRST_OCCUPATION_COLUMN + i
        ess.cell(1, column[oid]).value = title
    row_of = {ess.cell(r, 1).value: r for r in range(2, ess.max_row + 1) if ess.cell(r, 1).value}
    conn = framework.essential_ksas[framework.essential_ksas["institute_id"] == institute]
    for oid, kid in zip(conn["occupation_id"], conn["ksa_id"], strict=True):
        ess.cell(row_of[kid], column[oid]).value = "essential"
    wb.save(path)


def test_blank_templates_filled_by_hand_round_trip_to_tiny(tmp_path, tiny):
    paths = []
    for inst in INSTITUTES:
        path = write_template(tmp_path / f"{inst}.xlsx", tiny, edition="tiny", institute=inst,
                              prefill=False)
        wb = openpyxl.load_workbook(path)
        assert wb[L.OCCUPATIONS].cell(2, 1).value is None  # nothing pre-filled
        assert wb[L.ESSENTIAL].cell(1, L.FIRST_OCCUPATION_COLUMN).value is None
        fill_as(path, tiny, inst)
        paths.append(path)
    result = import_workbooks(paths, tmp_path / "edition")
    assert edition_problems(tmp_path / "edition") == []
    assert_same_tables(tmp_path / "edition", TINY)
    framework = load_edition(tmp_path / "edition")
    assert framework.provenance == "collected"
    assert framework.edition == "tiny"
    assert result.notes == []
    assert result.counts["essential_ksas"] == 10


def test_import_keeps_the_network_words_of_the_edition_it_revises(prefilled, tmp_path):
    previous = tmp_path / "previous"
    shutil.copytree(TINY, previous)
    descriptor = previous / "datapackage.json"
    meta = json.loads(descriptor.read_text())
    words = {"name": "Test & Network", "member": "hub", "members": "hubs"}
    descriptor.write_text(json.dumps({**meta, "network": words}))
    import_workbooks(list(prefilled.values()), tmp_path / "edition", previous=previous)
    assert edition_problems(tmp_path / "edition") == []
    assert load_edition(tmp_path / "edition").network.members == "hubs"
    import_workbooks(list(prefilled.values()), tmp_path / "plain")  # no previous edition
    assert "network" not in json.loads((tmp_path / "plain" / "datapackage.json").read_text())


def test_prefilled_templates_import_to_their_source(prefilled, tmp_path):
    import_workbooks(list(prefilled.values()), tmp_path / "edition")
    assert_same_tables(tmp_path / "edition", TINY)
    meta = json.loads((tmp_path / "edition" / "datapackage.json").read_text())
    assert meta["provenance"] == "collected"
    assert [s["path"] for s in meta["sources"]] == ["alpha.xlsx", "beta.xlsx", "gamma.xlsx"]


def test_template_layout(prefilled):
    wb = openpyxl.load_workbook(prefilled["alpha"])
    assert wb.sheetnames == [*L.VISIBLE_SHEETS, L.REFERENCE]
    assert wb[L.REFERENCE].sheet_state == "hidden"
    ins = wb[L.INSTRUCTIONS]
    assert [ins.cell(r, 2).value for r in range(3, 8)] == [
        "tiny", "alpha", "Alpha Institute", "Biomanufacturing", L.TEMPLATE_VERSION]
    ess = wb[L.ESSENTIAL]
    assert ess.freeze_panes == "E2"
    table = [[ess.cell(r, c).value for c in range(1, 7)] for r in range(1, ess.max_row + 1)]
    assert table[0] == ["ksa_id", "code", "sub-competency", "statement",
                        "Biological Technicians", "Process Engineers"]
    # heading rows (no ksa_id) in tree order, KSA rows under them, one outline level deeper
    assert [(r[0], r[1]) for r in table[1:]] == [
        (None, "4"), (None, "4.1"), (None, "4.1.7"), ("k1", "4.1.7"), (None, "4.2"),
        (None, "4.2.5"), ("k2", "4.2.5"), ("k3", "4.2.5"), (None, "5"), (None, "5.1"),
        ("k4", "5.1"), (None, "5.4"), (None, "5.4.1"), ("k5", "5.4.1")]
    levels = [ess.row_dimensions[r].outlineLevel for r in range(2, ess.max_row + 1)]
    assert levels == [0, 1, 2, 3, 1, 2, 3, 3, 0, 1, 2, 1, 2, 3]
    assert table[4][3] == "Data collection and analysis"
    assert table[4][4:] == [None, "essential"]  # alpha: k1 for process engineers only
    assert table[7][4:] == ["essential", "essential"]
    lists = {str(dv.sqref): dv.formula1 for dv in ess.data_validations.dataValidation}
    assert lists == {"E2:P15": '"essential"', "E1:P1": "Occupations!$A$2:$A$13"}
    occ = wb[L.OCCUPATIONS]
    assert [[c.value for c in r] for r in occ.iter_rows(max_row=3)] == [
        ["title", "soc_code"], ["Biological Technicians", "19-4021.00"],
        ["Process Engineers", "17-2199.00"]]
    prop = wb[L.PROPOSED]
    assert [c.value for c in prop[1][:4]] == ["code", "statement", "Biological Technicians",
                                              "Process Engineers"]


def test_template_without_institute_leaves_it_to_choose(tmp_path, tiny):
    path = write_template(tmp_path / "blank.xlsx", tiny, edition="tiny")
    wb = openpyxl.load_workbook(path)
    assert wb[L.INSTRUCTIONS]["B4"].value is None
    dv = wb[L.INSTRUCTIONS].data_validations.dataValidation[0]
    assert (str(dv.sqref), dv.formula1) == ("B4", "Reference!$A$19:$A$21")
    with pytest.raises(InputError) as err:
        import_workbooks([path], tmp_path / "out")
    assert err.value.problems == [Problem("blank.xlsx", 4, "Instructions!B4",
                                          "no institute id; choose your institute from the "
                                          "drop-down")]
    assert not (tmp_path / "out").exists()


def test_template_for_unknown_institute_is_refused(tmp_path, tiny):
    with pytest.raises(ValueError, match="unknown institute id 'zeta'; the source has alpha, "
                                         "beta, gamma"):
        write_template(tmp_path / "x.xlsx", tiny, edition="tiny", institute="zeta")
    assert not (tmp_path / "x.xlsx").exists()


def test_outputs_are_byte_identical_run_to_run(tmp_path, tiny, prefilled):
    again = write_template(tmp_path / "again.xlsx", tiny, edition="tiny", institute="alpha")
    assert again.read_bytes() == prefilled["alpha"].read_bytes()
    paths = list(prefilled.values())
    import_workbooks(paths, tmp_path / "one")
    import_workbooks(paths[::-1], tmp_path / "two")
    for name in ["datapackage.json", ".import-stamp.json", *(t.filename for t in TABLES)]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def edit(path: Path, change) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


def test_ksa_marked_by_nobody_is_left_out(prefilled, tmp_path):
    def unmark_k4(wb):  # gamma's software developers: k4 (row 12) and k5
        ess = wb[L.ESSENTIAL]
        assert ess["A12"].value == "k4"
        for cell in ess[12][L.FIRST_OCCUPATION_COLUMN - 1:]:
            cell.value = None

    edit(prefilled["gamma"], unmark_k4)
    result = import_workbooks(list(prefilled.values()), tmp_path / "edition")
    assert result.notes == ["1 template KSA(s) marked by no institute, left out of ksas.csv: k4"]
    ksas = [r[0] for r in rows(tmp_path / "edition", "ksas")]
    assert ksas == ["k1", "k2", "k3", "k5", "ksa_id"]
    assert edition_problems(tmp_path / "edition") == []


def test_institute_without_workbook_is_noted(prefilled, tmp_path):
    result = import_workbooks([prefilled["alpha"]], tmp_path / "edition")
    assert result.notes == [
        "2 template KSA(s) marked by no institute, left out of ksas.csv: k4, k5",
        "no workbook for institute(s) beta, gamma; they are listed in institutes.csv with no "
        "occupation selections"]
    assert len(rows(tmp_path / "edition", "institutes")) == 4


def propose(path: Path, code: str, statement: str, column: str = "C") -> None:
    def change(wb):
        ws = wb[L.PROPOSED]
        row = 2
        while ws.cell(row, 1).value or ws.cell(row, 2).value:
            row += 1
        ws.cell(row, 1).value = code
        cell = ws.cell(row, 2)
        cell.value = statement
        cell.data_type = "s"  # typed text, even when it starts with "="
        ws[f"{column}{row}"] = "essential"

    edit(path, change)


def test_identical_proposals_from_two_institutes_become_one_ksa(prefilled, tmp_path):
    propose(prefilled["alpha"], "4.1.7", "Aseptic  sampling of bioreactors", column="D")
    propose(prefilled["beta"], "4.1.7", "aseptic sampling of Bioreactors")
    import_workbooks(list(prefilled.values()), tmp_path / "edition")
    new_id = proposed_ksa_id("4.1.7", "Aseptic sampling of bioreactors")
    assert new_id.startswith("new_4_1_7_") and len(new_id) == len("new_4_1_7_") + 8
    assert (new_id, "Aseptic  sampling of bioreactors", "4.1.7", "published") in rows(
        tmp_path / "edition", "ksas")
    conn = [r for r in rows(tmp_path / "edition", "essential_ksas") if r[2] == new_id]
    assert conn == [("alpha", "process_engineers", new_id), ("beta", "process_engineers", new_id)]
    assert edition_problems(tmp_path / "edition") == []


FORMULA_LIKE = ("a spreadsheet opening {}.csv would take it for a formula; it is imported as "
                "typed (the CSV files are data; the report escapes such text where it shows it)")


@pytest.mark.parametrize("statement", [
    '=HYPERLINK("http://example.org","click")', "+1 to quality", "-40 degree storage",
    "@risk analysis", "  =1+1",
    "<b>Bold</b> <script>alert(1)</script> **markdown** _x_ #set text(red) $x^2$ [link](u)",
])
def test_text_that_looks_like_code_is_kept_verbatim(prefilled, tmp_path, statement):
    """Issue 16: kept as data, but a warning names the cell a spreadsheet would run."""
    propose(prefilled["alpha"], "5.1", statement)
    result = import_workbooks(list(prefilled.values()), tmp_path / "edition")
    got = [r for r in rows(tmp_path / "edition", "ksas") if r[0].startswith("new_")]
    kept = statement.strip()  # a cell's surrounding spaces are not data
    assert got == [(proposed_ksa_id("5.1", kept), kept, "5.1", "published")]
    assert edition_problems(tmp_path / "edition") == []
    expected = [] if statement.startswith("<") else [Problem.warning(
        "alpha.xlsx", 2, "Proposed KSAs!B2",
        f"the statement starts with {kept[0]!r}: {FORMULA_LIKE.format('ksas')}")]
    assert result.warnings == expected


def test_formula_like_occupation_title_is_kept_with_a_warning(prefilled, tmp_path, capsys):
    title = "=cmd|' /C calc'!A0"
    retitle(prefilled["beta"], title)
    result = import_workbooks(list(prefilled.values()), tmp_path / "edition")
    assert ("cmd_c_calc_a0", title, "17-2199.00") in rows(tmp_path / "edition", "occupations")
    assert result.warnings == [Problem.warning(
        "beta.xlsx", 2, "Occupations!A2",
        f"the occupation title starts with '=': {FORMULA_LIKE.format('occupations')}")]
    assert main(["import", *map(str, prefilled.values()), "--out", str(tmp_path / "e"),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [w.as_dict() for w in result.warnings]
    assert main(["import", *map(str, prefilled.values()), "--out", str(tmp_path / "e")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "beta.xlsx, row 2, column Occupations!A2: warning: the occupation title starts with "
        f"'=': {FORMULA_LIKE.format('occupations')}")


def retitle(path: Path, title: str) -> None:
    """Give beta's first occupation (Process Engineers) another title, on every sheet."""
    def change(wb):
        for sheet, cell in ((L.OCCUPATIONS, "A2"), (L.ESSENTIAL, "E1"), (L.PROPOSED, "C1")):
            assert wb[sheet][cell].value == "Process Engineers"
            wb[sheet][cell].value = title
            wb[sheet][cell].data_type = "s"
    edit(path, change)


LOOKS_LATIN = "they differ only in letters of another script that look Latin"


@pytest.mark.parametrize("title, how", [
    ("\u0420rocess Engineers",
     f"{LOOKS_LATIN}: \u0420 (U+0420 CYRILLIC CAPITAL LETTER ER)"),
    ("Pr\u03bfcess Engineers", f"{LOOKS_LATIN}: \u03bf (U+03BF GREEK SMALL LETTER OMICRON)"),
    ("\uff30rocess Engineers", "they differ only in Unicode compatibility forms: \uff30 "
                               "(U+FF30 FULLWIDTH LATIN CAPITAL LETTER P)"),
])
def test_lookalike_occupation_titles_are_warned_about(prefilled, tmp_path, title, how):
    """Issue 16: a title that reads like another is kept apart, with a warning naming both."""
    retitle(prefilled["beta"], title)
    result = import_workbooks(list(prefilled.values()), tmp_path / "edition")
    assert result.warnings == [Problem.warning(
        "beta.xlsx", 2, "Occupations!A2",
        f"occupation {title!r} reads like 'Process Engineers' (the template's reference data): "
        f"{how}; they are imported as two different occupations: if they are one, type it the "
        "same way in both places")]
    titles = [r[1] for r in rows(tmp_path / "edition", "occupations")]
    assert title in titles and "Process Engineers" in titles
    assert edition_problems(tmp_path / "edition") == []


def test_lookalike_proposals_from_two_workbooks_are_warned_about(prefilled, tmp_path):
    propose(prefilled["alpha"], "5.1", "Powder handling")
    propose(prefilled["beta"], "5.1", "P\u043ewder handling")  # Cyrillic o
    result = import_workbooks(list(prefilled.values()), tmp_path / "edition")
    assert result.warnings == [Problem.warning(
        "beta.xlsx", 2, "Proposed KSAs!B2",
        "KSA statement 'P\u043ewder handling' reads like 'Powder handling' (alpha.xlsx, "
        f"Proposed KSAs!B2): {LOOKS_LATIN}: \u043e (U+043E CYRILLIC SMALL LETTER O); they are "
        "imported as two different KSA statements: if they are one, type it the same way in "
        "both places")]
    assert len([r for r in rows(tmp_path / "edition", "ksas") if r[0].startswith("new_")]) == 2


def test_title_without_latin_letters_gets_a_stable_id(prefilled, tmp_path):
    """A title whose slug is empty (no Latin letter or digit) gets `occupation_` and 8 hex
    digits of SHA-256 of its title key, whatever other titles there are; no letter or digit
    at all is an error (tests/bad_workbooks)."""
    title = "\u0418\u043d\u0436\u0435\u043d\u0435\u0440"  # Russian for "engineer"
    retitle(prefilled["beta"], title)
    import_workbooks(list(prefilled.values()), tmp_path / "edition")
    expected = "occupation_" + hashlib.sha256(title.casefold().encode()).hexdigest()[:8]
    assert (expected, title, "17-2199.00") in rows(tmp_path / "edition", "occupations")
    assert edition_problems(tmp_path / "edition") == []


def test_new_occupations_get_slug_ids_and_known_titles_keep_theirs(prefilled, tmp_path):
    def add(wb, title, soc):
        occ, ess = wb[L.OCCUPATIONS], wb[L.ESSENTIAL]
        row = occ.max_row + 1 if occ["A4"].value else 4
        occ.cell(row, 1).value, occ.cell(row, 2).value = title, soc
        col = L.FIRST_OCCUPATION_COLUMN
        while ess.cell(1, col).value:
            col += 1
        ess.cell(1, col).value = title
        ess.cell(5, col).value = "essential"  # k1

    edit(prefilled["alpha"], lambda wb: (add(wb, "Bioprocess  Technicians", "19-4099.00"),
                                         add(wb, "Technicians", None)))
    edit(prefilled["gamma"], lambda wb: add(wb, "biological technicians", None))
    import_workbooks(list(prefilled.values()), tmp_path / "edition")
    assert rows(tmp_path / "edition", "occupations") == [
        ("bioprocess_technicians", "Bioprocess Technicians", "19-4099.00"),
        ("occupation_id", "title", "soc_code"),
        ("process_engineers", "Process Engineers", "17-2199.00"),
        ("software_developers", "Software Developers", ""),
        ("technicians", "Biological Technicians", "19-4021.00"),
        ("technicians_2", "Technicians", "")]
    assert ("gamma", "technicians") in rows(tmp_path / "edition", "institute_occupations")
    assert edition_problems(tmp_path / "edition") == []


def test_slug():
    assert slug("Quality Control/Assurance Technicians (Bio)") == \
        "quality_control_assurance_technicians_bio"
    assert slug("Ingénieurs d'études") == "ingenieurs_d_etudes"
    assert slug("???") == ""


def test_failed_import_keeps_the_previous_edition(prefilled, tmp_path):
    out = tmp_path / "edition"
    import_workbooks(list(prefilled.values()), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit(prefilled["beta"], lambda wb: wb[L.ESSENTIAL].cell(5, 5, "yes"))
    with pytest.raises(InputError):
        import_workbooks(list(prefilled.values()), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "alpha.xlsx", "beta.xlsx", "edition", "gamma.xlsx"]


def test_import_refuses_a_folder_it_did_not_write(prefilled, tmp_path):
    """Issue 16: `import --out` onto an edition made by hand used to replace it whole."""
    out = tmp_path / "edition"
    shutil.copytree(TINY, out)
    (out / "README.md").write_text("notes\n")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ValueError) as err:
        import_workbooks(list(prefilled.values()), out)
    assert str(err.value) == (
        f"{out} is a folder that `import` did not write (it has no .import-stamp.json); give a "
        "new folder, or --force to write the edition's files into it (its other files are kept)")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_import_with_force_replaces_the_edition_files_and_keeps_the_rest(prefilled, tmp_path):
    out = tmp_path / "edition"
    out.mkdir()
    (out / "README.md").write_text("notes\n")
    (out / "ksas.csv").write_text("not the edition's\n")
    (out / "drafts").mkdir()
    (out / "drafts" / "a.txt").write_text("a\n")
    import_workbooks(list(prefilled.values()), out, force=True)
    assert (out / "README.md").read_text() == "notes\n"
    assert (out / "drafts" / "a.txt").read_text() == "a\n"
    assert_same_tables(out, TINY)
    assert edition_problems(out) == []
    stamp = json.loads((out / ".import-stamp.json").read_text())
    assert sorted(stamp["sha256"]) == sorted(["datapackage.json", *(t.filename for t in TABLES)])


def test_import_writes_over_its_own_output_while_unchanged(prefilled, tmp_path):
    out = tmp_path / "edition"
    import_workbooks(list(prefilled.values()), out)
    (out / "README.md").write_text("notes\n")
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    import_workbooks(list(prefilled.values()), out)  # no --force needed: import wrote it
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_import_refuses_its_output_after_hand_edits(prefilled, tmp_path):
    out = tmp_path / "edition"
    import_workbooks(list(prefilled.values()), out)
    ksas = out / "ksas.csv"
    ksas.write_text(ksas.read_text().replace("Data collection", "Data gathering"))
    with pytest.raises(ValueError, match=f"^ksas.csv in {out} changed since `import` wrote "
                                         "them; give --force to replace them"):
        import_workbooks(list(prefilled.values()), out)
    assert "Data gathering" in ksas.read_text()
    import_workbooks(list(prefilled.values()), out, force=True)
    assert "Data gathering" not in ksas.read_text()


def test_import_refuses_a_file_and_an_empty_folder_is_fine(prefilled, tmp_path):
    (tmp_path / "file").write_text("x\n")
    with pytest.raises(ValueError, match="exists and is not a folder"):
        import_workbooks(list(prefilled.values()), tmp_path / "file", force=True)
    (tmp_path / "empty").mkdir()
    import_workbooks(list(prefilled.values()), tmp_path / "empty")
    assert_same_tables(tmp_path / "empty", TINY)


def test_cli_import_refuses_an_edition_it_did_not_write_without_force(prefilled, tmp_path,
                                                                       capsys):
    out = tmp_path / "edition"
    shutil.copytree(TINY, out)
    (out / "README.md").write_text("notes\n")
    paths = [str(p) for p in prefilled.values()]
    assert main(["import", *paths, "--out", str(out)]) == 2
    assert "did not write" in capsys.readouterr().err
    assert rows(out, "ksas") == rows(TINY, "ksas")
    assert main(["import", *paths, "--out", str(out), "--force"]) == 0
    assert (out / "README.md").read_text() == "notes\n"


def test_cli_template_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "alpha.xlsx"
    out.write_bytes(b"someone's workbook")
    args = ["template", str(out), "--edition", "tiny", "--from", str(TINY)]
    assert main(args) == 2
    assert capsys.readouterr().err == f"error: {out} exists and is a file; give --force to " \
                                      "overwrite it\n"
    assert out.read_bytes() == b"someone's workbook"
    assert main([*args, "--force"]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == L.INSTRUCTIONS
    (tmp_path / "folder.xlsx").mkdir()
    assert main(["template", str(tmp_path / "folder.xlsx"), "--edition", "tiny", "--from",
                 str(TINY), "--force"]) == 2
    assert capsys.readouterr().err.endswith("folder.xlsx exists and is a folder\n")


def test_cli_template_and_import(tmp_path, capsys):
    paths = []
    for inst in INSTITUTES:
        path = tmp_path / f"{inst}.xlsx"
        assert main(["template", str(path), "--edition", "tiny", "--from", str(TINY),
                     "--institute", inst]) == 0
        paths.append(str(path))
    assert "wrote" in capsys.readouterr().out
    assert main(["import", *paths, "--out", str(tmp_path / "edition")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {tmp_path / 'edition'}: edition tiny from 3 workbook(s), "
                          "5 occupation selections, 10 connections, 5 KSAs (0 proposed)")
    assert main(["validate", str(tmp_path / "edition")]) == 0


def test_cli_import_reports_problems_as_json(prefilled, tmp_path, capsys):
    edit(prefilled["beta"], lambda wb: wb[L.ESSENTIAL].cell(5, 5, "yes"))
    code = main(["import", *map(str, prefilled.values()), "--out", str(tmp_path / "e"),
                 "--json"])
    assert code == 1
    assert json.loads(capsys.readouterr().out) == [Problem(
        "beta.xlsx", 5, "Essential KSAs!E5",
        "unknown mark 'yes'; choose 'essential' from the drop-down or leave the cell empty",
    ).as_dict()]
    assert not (tmp_path / "e").exists()


@pytest.mark.parametrize("args, message", [
    (["out.txt"], "must end in .xlsx"),
    (["out.xlsx", "--from", "nowhere"], "nowhere is not an edition folder"),
    (["out.xlsx", "--institute", "zeta"], "unknown institute id 'zeta'"),
])
def test_cli_template_usage_errors(tmp_path, capsys, args, message):
    args = [str(tmp_path / args[0]), *args[1:]]
    if "--from" not in args:
        args += ["--from", str(TINY)]
    assert main(["template", *args]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.build
@pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(),
                    reason="no data/raw/2025 yet")
def test_real_edition_round_trips_through_templates(tmp_path, edition_2025):
    real = edition_2025
    paths = [write_template(tmp_path / f"{i}.xlsx", real, edition=real.edition, institute=i)
             for i in real.institutes["institute_id"]]
    import_workbooks(paths, tmp_path / "edition")
    assert_same_tables(tmp_path / "edition", EDITION_2025)


def test_template_writes_formula_like_statements_as_text(tmp_path):
    """A statement the source holds as data stays data in the workbook and back."""
    source = tmp_path / "source"
    shutil.copytree(TINY, source)
    ksas = source / "ksas.csv"
    statement = "=1+1 and <b>@risk</b>"
    ksas.write_text(ksas.read_text().replace("Placeholder for an unpublished KSA under 5.1",
                                             statement))
    write_descriptor(source, edition="tiny", provenance="reconstructed", title="formula-like")
    framework = load_edition(source)
    paths = [write_template(tmp_path / f"{i}.xlsx", framework, edition="tiny", institute=i)
             for i in INSTITUTES]
    cell = openpyxl.load_workbook(paths[2])[L.ESSENTIAL]["D12"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (statement, "s", True)
    import_workbooks(paths, tmp_path / "edition")
    assert ("k4", statement, "5.1", "reconstructed") in rows(tmp_path / "edition", "ksas")
