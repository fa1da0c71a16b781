"""Loading an edition: the Framework it returns, what it accepts byte-exact, and (hypothesis)
that no input makes it fail with anything but its own `InputError`."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import shutil
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import TINY

from competency_framework import Framework, InputError, Problem, load_edition
from competency_framework.edition.contract import TABLES, TABLES_BY_NAME, file_sha256
from competency_framework.edition.load import data_hash, read_table
from competency_framework.edition.validate import edition_problems

ROWS = {
    "technology_areas": 2, "agencies": 3, "institutes": 3, "competencies": 12, "ksas": 5,
    "occupations": 3, "institute_occupations": 5, "essential_ksas": 10,
}
HOSTILE = [
    "=SUM(A1:A9)",
    "+1 flow rate",
    "-40 °C handling",
    "@mention the team",
    "\t=tab first",
    "<b>bold</b> & <script>alert('x')</script>",
    "**bold** _it_ [link](http://x.org) # not a heading",
    "#set text(red) $x^2$ = heading // comment",
    "Line one\nLine two\r\nLine three",
    'Say "quoted", with commas',
    "  padded on both sides  ",
    "C++ and C#",
    "é ü 中文 😀 \u200b zero-width",
]


def tiny_copy(tmp: Path) -> Path:
    folder = Path(tmp) / "edition"
    shutil.copytree(TINY, folder)
    return folder


def rehash(folder: Path) -> None:
    path = folder / "datapackage.json"
    meta = json.loads(path.read_text(encoding="utf-8-sig"))
    for res in meta["resources"]:
        file = folder / res["path"]
        if file.is_file():
            res["hash"] = f"sha256:{file_sha256(file)}"
    path.write_text(json.dumps(meta, indent=2), encoding="utf-8")


def csv_text(rows: list[list[str]], lineterminator: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=lineterminator).writerows(rows)
    return out.getvalue()


def table_rows(name: str) -> list[list[str]]:
    with (TINY / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def assert_same_tables(a: Framework, b: Framework) -> None:
    for t in TABLES:
        pd.testing.assert_frame_equal(getattr(a, t.name), getattr(b, t.name))


# ---------------------------------------------------------------- the Framework


def test_data_hash_does_not_follow_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "edition"
    shutil.copytree(TINY, folder)
    (folder / "agencies.csv").unlink()
    (folder / "agencies.csv").symlink_to("/etc/passwd")
    with pytest.raises(InputError) as raised:
        data_hash(folder)
    assert raised.value.problems == [Problem(
        "agencies.csv", 0, "", "is a symbolic link; an edition's files must be regular files "
        "inside its folder: copy the file in")]


def test_load_tiny_returns_typed_tables_as_in_the_files() -> None:
    fw = load_edition(TINY)
    assert (fw.edition, fw.provenance, fw.is_reconstructed) == ("tiny", "reconstructed", True)
    assert fw.title == "A tiny hand-made edition for tests"
    assert fw.source == str(TINY)
    assert fw.data_hash == data_hash(TINY)
    for t in TABLES:
        frame = getattr(fw, t.name)
        assert list(frame.columns) == t.columns
        assert len(frame) == ROWS[t.name]
        # a column the file leaves out (technology_areas' description) reads as empty
        expected = [r + [""] * (len(t.columns) - len(r)) for r in table_rows(t.name)[1:]]
        as_text = frame.astype(str).values.tolist()
        assert as_text == expected, t.name
    assert fw.competencies["tier"].dtype == "int64"
    assert fw.ksas["statement"].dtype == "str"
    assert fw.ksas.loc[2, "statement"] == 'Placeholder for an unpublished KSA under 4.2.5, "quoted"'


def test_joined_views_of_a_loaded_edition() -> None:
    fw = load_edition(TINY)
    assert len(fw.connections) == 10
    k4 = fw.ksa_nodes.set_index("ksa_id").loc["k4"]
    assert (k4["tier"], k4["competency"], k4["sub_competency"]) == (5, "5.1", "")
    assert sorted(fw.ksa_institutes["institute_id"].unique()) == ["alpha", "beta", "gamma"]
    assert len(fw.selections) == 5


def test_read_table_reads_one_file() -> None:
    frame = read_table(TINY, "competencies")
    assert frame["tier"].tolist() == [1, 2, 3, 4, 5, 4, 4, 4, 4, 5, 5, 5]
    assert frame.loc[11, "source_ref"] == "NF-COM-008"


def test_read_table_refuses_a_broken_file(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    (folder / "agencies.csv").write_text("agency_id,name\nDOD,\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(folder, "agencies")
    assert err.value.problems == [
        Problem("agencies.csv", 2, "agency_id",
                "'DOD' is not an identifier (lowercase letters, digits and _ only)"),
        Problem("agencies.csv", 2, "name", "required cell is empty; fill it in"),
    ]


# ---------------------------------------------------------------- kept byte-exact


def test_formula_like_cells_and_markup_are_kept_byte_exact(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    rows = table_rows("ksas")
    extra = [[f"h{i}", text, "4.2.5", "published"] for i, text in enumerate(HOSTILE)]
    (folder / "ksas.csv").write_bytes(csv_text(rows + extra).encode("utf-8"))
    links = [["alpha", "technicians", f"h{i}"] for i in range(len(HOSTILE))]
    with (folder / "essential_ksas.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write(csv_text(links))
    rehash(folder)
    fw = load_edition(folder)
    assert fw.ksas["statement"].tolist()[5:] == HOSTILE


def test_bom_crlf_trailing_empty_lines_and_column_order_are_accepted(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    for t in TABLES:
        rows = table_rows(t.name)
        if t.name == "ksas":  # columns in another order
            rows = [[r[3], r[0], r[2], r[1]] for r in rows]
        empty_row = "," * (len(rows[0]) - 1)
        text = "\ufeff" + csv_text(rows, lineterminator="\r\n") + f"\r\n{empty_row}\n\n"
        (folder / t.filename).write_bytes(text.encode("utf-8"))
    descriptor = folder / "datapackage.json"
    descriptor.write_bytes(b"\xef\xbb\xbf" + descriptor.read_bytes())
    rehash(folder)
    assert edition_problems(folder) == []
    assert_same_tables(load_edition(folder), load_edition(TINY))


def test_short_row_reads_missing_optional_cell_as_empty(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    path = folder / "occupations.csv"
    path.write_text(path.read_text().replace("Software Developers,\n", "Software Developers\n"))
    rehash(folder)
    assert load_edition(folder).occupations["soc_code"].tolist() == [
        "17-2199.00", "19-4021.00", ""]


# ---------------------------------------------------------------- errors and warnings


def test_bad_edition_raises_input_error_with_every_error(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    path = folder / "ksas.csv"
    path.write_text(path.read_text().replace(",4.1.7,", ",4.1.9,").replace("k5,", "K5,"))
    rehash(folder)
    with pytest.raises(InputError) as err:
        load_edition(folder)
    problems = err.value.problems
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("essential_ksas.csv", 11, "ksa_id"),
        ("ksas.csv", 2, "code"),
        ("ksas.csv", 6, "ksa_id"),
        ("ksas.csv", 6, "ksa_id"),
    ]
    text = str(err.value)
    assert text.startswith(f"4 problem(s) in {folder}\n")
    assert "  ksas.csv, row 2, column code: '4.1.9' is not a code in competencies.csv" in text
    again = pickle.loads(pickle.dumps(err.value))
    assert again.problems == problems and str(again) == text


def test_unverified_hash_loads_with_a_warning(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    path = folder / "agencies.csv"
    path.write_text(path.read_text().replace("Defense", "War"))
    with pytest.raises(InputError):
        load_edition(folder)
    with pytest.warns(UserWarning, match=r"^agencies.csv: warning: file does not match its "):
        fw = load_edition(folder, verify_hash=False)
    assert fw.agencies.loc[0, "name"] == "Department of War"


def test_problem_as_dict_has_severity() -> None:
    assert Problem("a.csv", 2, "x", "bad").as_dict() == {
        "file": "a.csv", "row": 2, "column": "x", "message": "bad", "severity": "error"}
    assert Problem.warning("a.csv", 0, "", "odd").as_dict()["severity"] == "warning"
    assert str(Problem.warning("a.csv", 0, "", "odd")) == "a.csv: warning: odd"


# ---------------------------------------------------------------- no other failure (hypothesis)

# CI runs a fixed, modest sample; CF_FUZZ_EXAMPLES=2000 explores further with fresh examples.
EXPLORE = int(os.environ.get("CF_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXPLORE or 60, deadline=None, derandomize=not EXPLORE,
                suppress_health_check=[HealthCheck.too_slow])
IDS = sorted({v for t in TABLES for r in table_rows(t.name)[1:] for v in r})
CELLS = st.one_of(st.sampled_from(IDS), st.text(max_size=12), st.sampled_from(
    ["", " ", "\n", '"', ",", "\x00", "=1+1", "\ufeff", "k1\n", "4.2.5", "sub_competency", "0"]))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)


def assert_loads_or_reports(folder: Path) -> None:
    """The loader's contract: a Framework whose views work, or an InputError, nothing else."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fw = load_edition(folder, verify_hash=False)
    except InputError as err:
        assert err.problems and all(p.is_error for p in err.problems)
        for p in err.problems:
            str(p).encode("utf-8")  # every problem can be printed
            json.dumps(p.as_dict(), ensure_ascii=False).encode("utf-8")
        return
    for view in (fw.ksa_nodes, fw.connections, fw.ksa_institutes, fw.selections):
        assert isinstance(view, pd.DataFrame)


@pytest.mark.build
@FUZZ
@given(table=st.sampled_from([t.name for t in TABLES]), data=st.data())
def test_any_bytes_in_a_table_file(table: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = tiny_copy(tmp)
        path = folder / TABLES_BY_NAME[table].filename
        original = path.read_bytes()
        at = data.draw(st.integers(0, len(original)))
        cut = data.draw(st.integers(0, 20))
        junk = data.draw(st.binary(max_size=40) | st.text(max_size=20).map(str.encode))
        path.write_bytes(original[:at] + junk + original[at + cut:])
        assert_loads_or_reports(folder)


@pytest.mark.build
@FUZZ
@given(table=st.sampled_from([t.name for t in TABLES]), data=st.data())
def test_any_cells_in_a_table(table: str, data: st.DataObject) -> None:
    columns = TABLES_BY_NAME[table].columns
    header = data.draw(st.just(columns) | st.permutations(columns)
                       | st.lists(CELLS, min_size=1, max_size=5))
    rows = table_rows(table)[1:]
    rows = data.draw(st.lists(st.sampled_from(rows) | st.lists(CELLS, max_size=6), max_size=8)
                     | st.just(rows))
    if rows and data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(rows) - 1))
        row = list(rows[i])
        if row:
            row[data.draw(st.integers(0, len(row) - 1))] = data.draw(CELLS)
        rows[i] = row
    with tempfile.TemporaryDirectory() as tmp:
        folder = tiny_copy(tmp)
        text = csv_text([header, *rows])
        (folder / TABLES_BY_NAME[table].filename).write_bytes(text.encode("utf-8"))
        assert_loads_or_reports(folder)


@pytest.mark.build
@FUZZ
@given(data=st.data())
def test_any_descriptor(data: st.DataObject) -> None:
    meta = json.loads((TINY / "datapackage.json").read_text(encoding="utf-8"))
    choice = data.draw(st.sampled_from(["whole", "top", "resource", "schema", "bytes"]))
    if choice == "whole":
        text = json.dumps(data.draw(JSON))
    elif choice == "bytes":
        text = data.draw(st.binary(max_size=60)).decode("latin-1")
    else:
        target = meta
        if choice != "top":
            target = meta["resources"][data.draw(st.integers(0, len(TABLES) - 1))]
        if choice == "schema":
            target = target["schema"]
        key = data.draw(st.sampled_from(sorted(target)) | st.text(max_size=8))
        if data.draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = data.draw(JSON)
        text = json.dumps(meta)
    with tempfile.TemporaryDirectory() as tmp:
        folder = tiny_copy(tmp)
        (folder / "datapackage.json").write_bytes(text.encode("utf-8", "surrogatepass"))
        assert_loads_or_reports(folder)


@pytest.mark.build
@settings(max_examples=25, deadline=None, derandomize=True)
@given(value=JSON, key=st.sampled_from(["licenses", "name", "resources", "profile", "$schema"]))
def test_standard_check_of_any_descriptor_reports_never_raises(value: object, key: str) -> None:
    meta = json.loads((TINY / "datapackage.json").read_text(encoding="utf-8"))
    meta[key] = value
    with tempfile.TemporaryDirectory() as tmp:
        folder = tiny_copy(tmp)
        (folder / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            problems = edition_problems(folder, verify_hash=False, standard=True)
    assert all(isinstance(p, Problem) for p in problems)


@pytest.mark.parametrize("as_frame", [False, True], ids=["rows", "data frame"])
def test_a_lone_carriage_return_survives_write_and_load(tmp_path: Path, as_frame: bool) -> None:
    # Python's csv writer leaves a lone CR unquoted with LF line ends; the row then breaks
    from competency_framework.edition.write import write_edition

    fw = load_edition(TINY)
    agencies = fw.agencies.assign(name=["a\rb", "c\r", "\rd\r\ne"])
    tables = {t.name: getattr(fw, t.name).astype(str) for t in TABLES}
    tables["agencies"] = agencies.astype(str)
    if not as_frame:
        tables = {name: frame.to_dict("records") for name, frame in tables.items()}
    out = write_edition(tmp_path / "e", tables, edition="cr", provenance="reconstructed",
                        title="CR")
    assert edition_problems(out) == []
    assert load_edition(out).agencies["name"].tolist() == ["a\rb", "c\r", "\rd\r\ne"]
