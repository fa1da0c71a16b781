"""`python -m competency_framework validate PATH`: 0 valid, 1 invalid, 2 usage error."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from paths import TINY

from competency_framework.cli import main

HASH = (
    "file does not match its sha256 in datapackage.json: it changed after the descriptor was "
    "written; if the change is right, write the descriptor again "
    "(`python -m competency_framework validate <folder> --write-descriptor`)"
)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """tiny with agencies.csv edited after its hash was written, and an empty required cell."""
    folder = tmp_path / "edition"
    shutil.copytree(TINY, folder)
    path = folder / "agencies.csv"
    path.write_text(path.read_text().replace("Department of Energy", ""))
    return folder


def test_valid_edition_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(TINY)]) == 0
    assert capsys.readouterr().out == f"{TINY}: valid\n"


def test_invalid_edition_lists_problems_one_a_line_and_exits_1(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(broken)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"agencies.csv: {HASH}",
        "agencies.csv, row 3, column name: required cell is empty; fill it in",
    ]
    assert err == f"{broken}: invalid, 2 error(s)\n"


def test_json_lists_problems_with_severity(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(broken), "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {"file": "agencies.csv", "row": 0, "column": "", "message": HASH, "severity": "error"},
        {"file": "agencies.csv", "row": 3, "column": "name",
         "message": "required cell is empty; fill it in", "severity": "error"},
    ]


def test_no_verify_hash_makes_a_mismatch_a_warning(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = broken / "agencies.csv"
    path.write_text(path.read_text().replace("doe,", "doe,Energy Department"))
    assert main(["validate", str(broken), "--no-verify-hash"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"agencies.csv: warning: {HASH}",
        f"{broken}: valid (1 warning(s))",
    ]
    assert main(["validate", str(broken), "--no-verify-hash", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"file": "agencies.csv", "row": 0, "column": "", "message": f"warning: {HASH}",
         "severity": "warning"},
    ]


def test_descriptor_outside_the_data_package_standard_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "edition"
    shutil.copytree(TINY, folder)
    path = folder / "datapackage.json"
    meta = json.loads(path.read_text())
    meta["licenses"] = "CC-BY-4.0"
    path.write_text(json.dumps(meta))
    assert main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "datapackage.json: warning: does not follow the Data Package standard: 'CC-BY-4.0' is "
        "not of type 'array' at property 'licenses'",
        f"{folder}: valid (1 warning(s))",
    ]


def test_path_that_is_not_a_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert main(["validate", str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"error: {missing} is not a folder (give an edition folder, the one holding "
        "datapackage.json)\n"
    )
    assert main(["validate", str(TINY / "ksas.csv")]) == 2


def test_missing_path_argument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate"])
    assert exit_.value.code == 2
    assert "the following arguments are required: path" in capsys.readouterr().err


@pytest.mark.build
def test_module_entry_point_exit_codes(broken: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "competency_framework", "validate", *args],
                              capture_output=True, text=True, check=False)

    assert run(str(TINY)).returncode == 0
    invalid = run(str(broken), "--json")
    assert invalid.returncode == 1
    assert [p["row"] for p in json.loads(invalid.stdout)] == [0, 3]
    assert run(str(broken / "nowhere")).returncode == 2


def another_tools_package(tmp_path: Path) -> Path:
    """tiny as another tool writes a data package: its own name, title, licence, sources and
    properties; schemas without the contract's constraints, the tree's self-reference as "",
    a resource the contract does not know, and a stale hash (a file edited afterwards)."""
    folder = tmp_path / "theirs"
    shutil.copytree(TINY, folder)
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for res in meta["resources"]:
        res["description"] = f"{res['name']}, as the other tool describes it"
        res["title"] = f"Their {res['name']}"
        for f in res["schema"]["fields"]:
            f.pop("constraints", None)
        for fk in res["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"] == res["name"]:
                fk["reference"]["resource"] = ""
    meta["resources"].append({"name": "notes", "path": "notes.csv"})
    meta.update(name="another-framework", title="Another framework",
                licenses=[{"name": "ODC-BY-1.0", "title": "Open Data Commons Attribution"}],
                sources=[{"title": "Their survey"}], homepage="https://example.org/framework")
    (folder / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    path = folder / "agencies.csv"
    path.write_text(path.read_text().replace("Department of Energy", "Department of Power"))
    return folder


def test_write_descriptor_keeps_the_package_s_own_properties(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = another_tools_package(tmp_path)
    assert main(["validate", str(folder)]) == 1  # the stale hash and the unknown resource
    capsys.readouterr()
    assert main(["validate", str(folder), "--write-descriptor"]) == 0
    out = capsys.readouterr().out
    assert out == (f"wrote {folder / 'datapackage.json'}; kept name, title, version, licenses, "
                   "description, sources, homepage; dropped the resources notes (no table "
                   f"of the contract)\n{folder}: valid\n")
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert (meta["name"], meta["title"], meta["homepage"]) == (
        "another-framework", "Another framework", "https://example.org/framework")
    assert meta["licenses"] == [{"name": "ODC-BY-1.0", "title": "Open Data Commons Attribution"}]
    assert meta["sources"] == [{"title": "Their survey"}]
    assert (meta["edition"], meta["provenance"]) == ("tiny", "reconstructed")
    assert [r["name"] for r in meta["resources"]][:2] == ["technology_areas", "agencies"]
    assert all(r["description"].endswith("as the other tool describes it")
               and r["title"] == f"Their {r['name']}" for r in meta["resources"])


def test_write_descriptor_without_one_needs_edition_and_provenance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bare"
    shutil.copytree(TINY, folder)
    (folder / "datapackage.json").unlink()
    assert main(["validate", str(folder), "--write-descriptor"]) == 2
    assert capsys.readouterr().err == (f"error: {folder / 'datapackage.json'}: no edition "
                                       "named; give one (--edition NAME)\n")
    assert not (folder / "datapackage.json").exists()
    assert main(["validate", str(folder), "--write-descriptor", "--edition", "x1",
                 "--provenance", "collected"]) == 0
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert (meta["edition"], meta["provenance"], meta["title"]) == (
        "x1", "collected", "Competency framework, edition x1")


def test_write_descriptor_leaves_an_unreadable_one_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(TINY, folder)
    (folder / "datapackage.json").write_text("{oops", encoding="utf-8")
    assert main(["validate", str(folder), "--write-descriptor"]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert (folder / "datapackage.json").read_text(encoding="utf-8") == "{oops"
    (folder / "datapackage.json").write_text('{"edition": "x", "provenance": "collected", '
                                             '"resources": {"ksas": {}}}', encoding="utf-8")
    assert main(["validate", str(folder), "--write-descriptor"]) == 2
    assert "resources is not a list" in capsys.readouterr().err
    (folder / "datapackage.json").unlink()
    (folder / "ksas.csv").unlink()
    assert main(["validate", str(folder), "--write-descriptor", "--edition", "x",
                 "--provenance", "collected"]) == 2
    assert capsys.readouterr().err == (f"error: {folder}: no ksas.csv; an edition has all "
                                       "eight tables\n")
    assert main(["validate", str(folder), "--write-descriptor", "--edition", "x y",
                 "--provenance", "collected"]) == 2
    assert "'x y' is not an edition name" in capsys.readouterr().err
