"""The bad-input corpus for editions: tiny + one defect each, with the exact problems expected.

Each case copies `tests/data/tiny`, applies one mutation, rewrites the descriptor's hashes
(unless the case is about hashes) and asserts the complete list of problems: file, row as a
spreadsheet counts it, column and message. Accepted oddities (BOM, formula-like text, markup,
quoted line breaks) are in test_load.py, which checks that they load byte-exact.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from paths import TINY

from competency_framework.edition.contract import TABLES, file_sha256
from competency_framework.edition.problems import Problem, quote
from competency_framework.edition.validate import MAX_ROWS_PER_CHECK, edition_problems

EMPTY = "required cell is empty; fill it in"
SLUG = "is not an identifier (lowercase letters, digits and _ only)"
SELECTION = (
    "every connection belongs to an occupation selection: add the selection there or correct "
    "this row"
)
LINK = (
    "is a symbolic link; an edition's files must be regular files inside its folder: copy the "
    "file in"
)
HASH = (
    "file does not match its sha256 in datapackage.json: it changed after the descriptor was "
    "written; if the change is right, write the descriptor again "
    "(`python -m competency_framework validate <folder> --write-descriptor`)"
)
REWRITE = "`python -m competency_framework validate <folder> --write-descriptor`"
LONG = "'" + "D" * 39 + "… (10,000 characters)'"


# ---------------------------------------------------------------- editing a copy of tiny


def tiny_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "edition"
    shutil.copytree(TINY, folder)
    return folder


def rehash(folder: Path) -> None:
    """Make the descriptor's hashes and sizes agree with the files again."""
    path = folder / "datapackage.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    for res in meta["resources"]:
        file = folder / res["path"]
        if file.is_file():
            res["hash"] = f"sha256:{file_sha256(file)}"
            res["bytes"] = file.stat().st_size
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    """A mutation replacing the one occurrence of `old` in `file`."""

    def mutate(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {file}"
        path.write_bytes(text.replace(old, new).encode("utf-8"))

    return mutate


def append(file: str, line: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        with (folder / file).open("a", encoding="utf-8", newline="") as fh:
            fh.write(line)

    return mutate


def write(file: str, data: bytes) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / file).write_bytes(data)

    return mutate


def delete(file: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / file).unlink()

    return mutate


def symlink(file: str, target: str) -> Callable[[Path], None]:
    """Replace `file` by a symbolic link to `target` (relative to the folder, or absolute)."""

    def mutate(folder: Path) -> None:
        path = folder / file
        path.unlink()
        path.symlink_to(target)

    return mutate


def swap(file: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    """Replace `file` by what `make` creates at its path (a folder, a FIFO)."""

    def mutate(folder: Path) -> None:
        (folder / file).unlink()
        make(folder / file)

    return mutate


def drop_column(file: str, column: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        path = folder / file
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        names = [c for c in rows[0] if c != column]
        out = io.StringIO()
        writer = csv.DictWriter(out, names, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return mutate


def edit_descriptor(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        path = folder / "datapackage.json"
        meta = json.loads(path.read_text(encoding="utf-8"))
        change(meta)
        path.write_text(json.dumps(meta, indent=2), encoding="utf-8")

    return mutate


def resource(meta: dict, name: str) -> dict:
    return next(r for r in meta["resources"] if r["name"] == name)


def both(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        for m in mutations:
            m(folder)

    return mutate


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], None]
    expected: list[tuple[str, int, str, str]]
    rehash: bool = True


CASES = [
    Case("missing table file", delete("agencies.csv"), [
        ("agencies.csv", 0, "", "file is missing; every edition has all eight tables"),
    ]),
    Case("table file a link out of the folder", symlink("agencies.csv", "/etc/passwd"), [
        ("agencies.csv", 0, "", LINK),
    ]),
    Case("table file a link to /proc", symlink("ksas.csv", "/proc/self/environ"), [
        ("ksas.csv", 0, "", LINK),
    ]),
    Case("table file a link inside the folder", both(
        lambda folder: (folder / "institutes.csv").rename(folder / "institutes_copy.csv"),
        lambda folder: (folder / "institutes.csv").symlink_to("institutes_copy.csv")), [
        ("institutes.csv", 0, "", LINK),
    ]),
    Case("dangling link", symlink("occupations.csv", "nowhere.csv"), [
        ("occupations.csv", 0, "", LINK),
    ]),
    Case("descriptor a link", both(
        lambda folder: (folder / "datapackage.json").rename(folder / "real.json"),
        lambda folder: (folder / "datapackage.json").symlink_to(folder / "real.json")), [
        ("datapackage.json", 0, "", LINK),
    ], rehash=False),
    Case("table file a folder", swap("agencies.csv", Path.mkdir), [
        ("agencies.csv", 0, "", "is a folder, not a file"),
    ]),
    Case("table file a FIFO", swap("ksas.csv", os.mkfifo), [
        ("ksas.csv", 0, "", "is not a regular file (a FIFO, socket or device); an edition's "
         "files are ordinary files"),
    ]),
    Case("missing descriptor", delete("datapackage.json"), [
        ("datapackage.json", 0, "",
         f"file is missing; write it with {REWRITE}"),
    ], rehash=False),
    Case("missing column", drop_column("ksas.csv", "statement_source"), [
        ("ksas.csv", 1, "statement_source",
         "column is missing; add a column headed 'statement_source'"),
    ]),
    Case("unknown column", replace("occupations.csv", "soc_code\n", "soc_code,notes\n"), [
        ("occupations.csv", 1, "notes",
         "unknown column; the columns of occupations.csv are occupation_id, title, soc_code"),
    ]),
    Case("misspelled column", replace("occupations.csv", "soc_code\n", "SOC Code\n"), [
        ("occupations.csv", 1, "SOC Code", "unknown column; did you mean 'soc_code'?"),
        ("occupations.csv", 1, "soc_code", "column is missing; add a column headed 'soc_code'"),
    ]),
    Case("repeated column", replace("technology_areas.csv", "area_id,name\n",
                                    "area_id,name,name\n"), [
        ("technology_areas.csv", 1, "name", "column appears twice; keep one"),
    ]),
    Case("column without a name", replace("agencies.csv", "agency_id,name\n",
                                          "agency_id,name,\n"), [
        ("agencies.csv", 1, "", "column 3 has no name in the header; name it or delete the "
         "column"),
    ]),
    Case("empty required cell",
         replace("institutes.csv", "gamma,Gamma Institute,", "gamma,,"), [
             ("institutes.csv", 4, "name", EMPTY),
         ]),
    Case("required cell of spaces",
         replace("agencies.csv", "doe,Department of Energy", "doe,   "), [
             ("agencies.csv", 3, "name", EMPTY),
         ]),
    Case("short row, required cell missing",
         replace("institute_occupations.csv", "beta,process_engineers\n", "beta\n"), [
             ("essential_ksas.csv", 6, "institute_id, occupation_id",
              f"institute_id 'beta' and occupation_id 'process_engineers' are not a row of "
              f"institute_occupations.csv; {SELECTION}"),
             ("essential_ksas.csv", 7, "institute_id, occupation_id",
              f"institute_id 'beta' and occupation_id 'process_engineers' are not a row of "
              f"institute_occupations.csv; {SELECTION}"),
             ("institute_occupations.csv", 4, "occupation_id", EMPTY),
         ]),
    Case("duplicate key", append("ksas.csv", "k1,Another statement,4.1.7,published\n"), [
        ("ksas.csv", 7, "ksa_id",
         "duplicate ksa_id 'k1' (first at row 2); each ksa_id must appear once"),
    ]),
    Case("duplicate composite key", append("essential_ksas.csv", "alpha,technicians,k3\n"), [
        ("essential_ksas.csv", 12, "institute_id, occupation_id, ksa_id",
         "duplicate institute_id 'alpha', occupation_id 'technicians', ksa_id 'k3' (first at "
         "row 5); each combination of institute_id and occupation_id and ksa_id must appear "
         "once"),
    ]),
    Case("dangling foreign key",
         replace("institutes.csv", "alpha,Alpha Institute,biomanufacturing",
                 "alpha,Alpha Institute,nanotech"), [
             ("institutes.csv", 2, "area_id", "'nanotech' is not an area_id in "
              "technology_areas.csv; correct it or add it there"),
         ]),
    Case("unknown competency code", replace("ksas.csv", "k1,Data collection and analysis,4.1.7",
                                            "k1,Data collection and analysis,4.1.9"), [
        ("ksas.csv", 2, "code",
         "'4.1.9' is not a code in competencies.csv; correct it or add it there"),
    ]),
    Case("malformed competency code", replace("ksas.csv", "k4,Placeholder for an unpublished "
                                              "KSA under 5.1,5.1,", "k4,Placeholder,5.1.,"), [
        ("ksas.csv", 5, "code", "'5.1.' is not a competency code such as 4, 4.2 or 4.2.5"),
        ("ksas.csv", 5, "code",
         "'5.1.' is not a code in competencies.csv; correct it or add it there"),
    ]),
    Case("dangling parent code", replace("competencies.csv", "4.1.7,Testing/Troubleshooting,4.1,",
                                         "4.1.7,Testing/Troubleshooting,4.3,"), [
        ("competencies.csv", 8, "parent_code",
         "'4.3' is not a code in competencies.csv; correct it or add it there"),
    ]),
    Case("cycle in the tree",
         replace("competencies.csv", "4.1,Manufacturing Process Design/Development,4,",
                 "4.1,Manufacturing Process Design/Development,4.1.7,"), [
             ("competencies.csv", 7, "parent_code", "cycle in the tree: '4.1' → '4.1.7' → "
              "'4.1'; following parent_code up must end at a tier"),
             ("competencies.csv", 7, "parent_code", "the parent of a competency must be a tier, "
              "but '4.1.7' is a sub_competency"),
         ]),
    Case("node its own parent", replace("competencies.csv", "4.2,Operations Management,4,",
                                        "4.2,Operations Management,4.2,"), [
        ("competencies.csv", 9, "parent_code", "cycle in the tree: '4.2' → '4.2'; following "
         "parent_code up must end at a tier"),
        ("competencies.csv", 9, "parent_code", "the parent of a competency must be a tier, but "
         "'4.2' is a competency"),
    ]),
    Case("code with a leading zero beside the same code without",
         append("competencies.csv", "4.02,Operations Management again,4,competency,4,,,\n"), [
             ("competencies.csv", 14, "code", "'4.02' has a number with a leading zero; write "
              "'4.2' (codes are compared as numbers, so the two would be one code)"),
         ]),
    Case("reference with a leading zero", replace(
        "ksas.csv", "k2,Machine and equipment operations,4.2.5",
        "k2,Machine and equipment operations,4.2.05"), [
        ("ksas.csv", 3, "code", "'4.2.05' has a number with a leading zero; write '4.2.5' "
         "(codes are compared as numbers, so the two would be one code)"),
        ("ksas.csv", 3, "code",
         "'4.2.05' is not a code in competencies.csv; correct it or add it there"),
    ]),
    Case("KSA catalogued on a tier", replace(
        "ksas.csv", "k4,Placeholder for an unpublished KSA under 5.1,5.1,",
        "k4,Placeholder for an unpublished KSA under 5,5,"), [
        ("ksas.csv", 5, "code", "'5' is a tier; catalogue a KSA under a competency or "
         "sub-competency of the tier"),
    ]),
    Case("two roots for one tier", append("competencies.csv", "4.9,Another root,,tier,4,,,\n"), [
        ("competencies.csv", 14, "tier",
         "tier 4 already has its root at row 5; each tier has one row of level tier"),
    ]),
    Case("tier with a parent", replace("competencies.csv", "1,Personal Effectiveness "
                                       "Competencies,,", "1,Personal Effectiveness "
                                       "Competencies,2,"), [
        ("competencies.csv", 2, "parent_code", "a tier has no parent; leave parent_code empty"),
    ]),
    Case("competency without parent", replace("competencies.csv", "5.1,Additive Manufacturing,5,",
                                              "5.1,Additive Manufacturing,,"), [
        ("competencies.csv", 11, "parent_code",
         "a competency needs a parent_code: the code of the tier it belongs to"),
    ]),
    Case("levels not nested", replace("competencies.csv", "4.2.5,Manufacturing Tool and "
                                      "Equipment Operations,4.2,", "4.2.5,Manufacturing Tool "
                                      "and Equipment Operations,4,"), [
        ("competencies.csv", 10, "parent_code",
         "the parent of a sub_competency must be a competency, but '4' is a tier"),
    ]),
    Case("tier differs from parent's", replace("competencies.csv", "sub_competency,4,DOL AMCM,,\n"
                                               "5.1", "sub_competency,5,DOL AMCM,,\n5.1"), [
        ("competencies.csv", 10, "tier", "tier 5 differs from tier 4 of its parent '4.2'"),
    ]),
    Case("KSA with no connection",
         replace("essential_ksas.csv", "gamma,software_developers,k5\n", ""), [
             ("ksas.csv", 6, "ksa_id", "KSA 'k5' has no connection in essential_ksas.csv; "
              "connect it to at least one occupation or remove it"),
         ]),
    Case("connection outside a selection",
         replace("essential_ksas.csv", "beta,process_engineers,k3", "beta,technicians,k3"), [
             ("essential_ksas.csv", 7, "institute_id, occupation_id",
              "institute_id 'beta' and occupation_id 'technicians' are not a row of "
              f"institute_occupations.csv; {SELECTION}"),
         ]),
    Case("wrong type", replace("competencies.csv", "4.1,sub_competency,4,",
                               "4.1,sub_competency,four,"), [
        ("competencies.csv", 8, "tier", "'four' is not a whole number"),
    ]),
    Case("integer out of range", replace("competencies.csv", "4.1,sub_competency,4,",
                                         "4.1,sub_competency,0,"), [
        ("competencies.csv", 8, "tier", "0 is outside the range 1 to 5"),
        ("competencies.csv", 8, "tier", "tier 0 differs from tier 4 of its parent '4.1'"),
    ]),
    Case("value outside its list", replace("competencies.csv", "Competencies,,tier,1,",
                                           "Competencies,,Tier,1,"), [
        ("competencies.csv", 2, "level", "'Tier' is not one of: tier, competency, "
         "sub_competency"),
    ]),
    Case("malformed identifier", both(
        replace("ksas.csv", "k5,Understand", "K5,Understand"),
        replace("essential_ksas.csv", "software_developers,k5", "software_developers,K5"),
    ), [
        ("essential_ksas.csv", 11, "ksa_id", f"'K5' {SLUG}"),
        ("ksas.csv", 6, "ksa_id", f"'K5' {SLUG}"),
    ]),
    Case("quoted line break in an identifier, rows counted as records", append(
        "occupations.csv", '"weld\ners",Welders,\nassemblers,,\n'), [
        ("occupations.csv", 5, "occupation_id", f"'weld\\ners' {SLUG}"),
        ("occupations.csv", 6, "title", EMPTY),
    ]),
    Case("control character", replace("ksas.csv", "Data collection", "Data\x07collection"), [
        ("ksas.csv", 2, "statement", "contains the control character U+0007; remove it"),
    ]),
    Case("not UTF-8", lambda folder: (folder / "occupations.csv").write_bytes(
        (folder / "occupations.csv").read_bytes().replace(b"Biological", "Biológical".encode(
            "latin-1"))), [
        ("occupations.csv", 3, "title", "not UTF-8 text: byte 0xF3 cannot be decoded (the "
         "first such byte in the file); save the file as CSV UTF-8"),
    ]),
    Case("UTF-16", lambda folder: (folder / "ksas.csv").write_bytes(
        (folder / "ksas.csv").read_text(encoding="utf-8").encode("utf-16")), [
        ("ksas.csv", 0, "", "file is UTF-16 text, not UTF-8; save it as CSV UTF-8"),
    ]),
    Case("50 MB of binary junk after the header", write(
        "ksas.csv", b"ksa_id,statement,code,statement_source\n" + b"\x00\xff" * (25 * 2**20)), [
        ("ksas.csv", 2, "ksa_id", "not UTF-8 text: byte 0xFF cannot be decoded (the first such "
         "byte in the file); save the file as CSV UTF-8"),
    ]),
    Case("50 MB on one line", write("agencies.csv", b"x" * (50 * 2**20)), [
        ("agencies.csv", 1, "agency_id", "column is missing; add a column headed 'agency_id'"),
        ("agencies.csv", 1, "name", "column is missing; add a column headed 'name'"),
        ("agencies.csv", 1, "x" * 39 + "… (52,428,800 characters)", "unknown column; the "
         "columns of agencies.csv are "
         "agency_id, name"),
    ]),
    Case("NUL and a terminal escape in a header cell, echoed escaped",
         replace("agencies.csv", "agency_id,name\n", "agency_id,name,x\x00y\x1b[31mRED\n"), [
             ("agencies.csv", 1, "x\\x00y\\x1b[31mRED", "unknown column; the columns of "
              "agencies.csv are agency_id, name"),
         ]),
    Case("bidi override in a header cell, echoed escaped",
         replace("occupations.csv", "soc_code\n", "soc_code,\u202etxt.exe\n"), [
             ("occupations.csv", 1, "\\u202etxt.exe", "unknown column; the columns of "
              "occupations.csv are occupation_id, title, soc_code"),
         ]),
    Case("10,000-character identifier, quoted cut", replace(
        "institutes.csv", "alpha,Alpha Institute,biomanufacturing,dod",
        "alpha,Alpha Institute,biomanufacturing," + "D" * 10_000), [
        ("institutes.csv", 2, "agency_id", LONG + " " + SLUG),
        ("institutes.csv", 2, "agency_id", LONG + " is not an agency_id in agencies.csv; "
         "correct it or add it there"),
    ]),
    Case("byte-order mark inside a header cell", replace(
        "agencies.csv", "agency_id,name\n", "agency_id,\ufeffname\n"), [
        ("agencies.csv", 1, "\\ufeffname", "unknown column; did you mean 'name'?"),
        ("agencies.csv", 1, "name", "column is missing; add a column headed 'name'"),
    ]),
    Case("quoted cell never closed", replace("ksas.csv", "k4,Placeholder", 'k4,"Placeholder'), [
        ("ksas.csv", 5, "", 'a quoted cell starts in this row and is never closed; add the '
         'closing " (or remove the opening one)'),
    ]),
    Case("row with too many cells", append("occupations.csv", "welders,Welders, Cutters,51-4121\n"),
         [("occupations.csv", 5, "", "row has 4 cells but the header has 3; remove the extra "
           "cells, or put quotes around a value that contains a comma")]),
    Case("empty file", write("technology_areas.csv", b""), [
        ("technology_areas.csv", 1, "", "file is empty; it needs its header row: area_id,name"),
    ]),
    Case("empty row between rows", replace("agencies.csv", "Defense\n", "Defense\n\n"), [
        ("agencies.csv", 3, "", "row is empty; delete it"),
    ]),
    Case("hash mismatch", replace("agencies.csv", "Defense", "War"), [
        ("agencies.csv", 0, "", HASH),
    ], rehash=False),
    Case("hash missing", edit_descriptor(lambda m: resource(m, "ksas").pop("hash")), [
        ("datapackage.json", 0, "resources.ksas.hash",
         f"missing; give the file's sha256 ({REWRITE} computes it)"),
    ], rehash=False),
    Case("hash not sha256", edit_descriptor(lambda m: resource(m, "ksas").update(hash="abc")), [
        ("datapackage.json", 0, "resources.ksas.hash",
         "'abc' is not sha256: followed by 64 hexadecimal digits"),
    ], rehash=False),
    Case("descriptor not JSON", write("datapackage.json", b'{"edition": "2025",\n  oops}'), [
        ("datapackage.json", 2, "", "not valid JSON: Expecting property name enclosed in double "
         "quotes at line 2, column 3; fix the syntax"),
    ], rehash=False),
    Case("descriptor not an object", write("datapackage.json", b"[]"), [
        ("datapackage.json", 0, "",
         "must be a JSON object with edition, provenance and resources"),
    ], rehash=False),
    Case("edition missing", edit_descriptor(lambda m: m.pop("edition")), [
        ("datapackage.json", 0, "edition", 'missing; name the edition, e.g. "edition": "2025"'),
    ]),
    Case("edition malformed", edit_descriptor(lambda m: m.update(edition="2025 draft")), [
        ("datapackage.json", 0, "edition", "'2025 draft' is not an edition name: use letters, "
         "digits, '.', '_' and '-', e.g. \"2025\""),
    ]),
    Case("provenance missing", edit_descriptor(lambda m: m.pop("provenance")), [
        ("datapackage.json", 0, "provenance", 'missing; say "collected" or "reconstructed"'),
    ]),
    Case("provenance invalid", edit_descriptor(lambda m: m.update(provenance="estimated")), [
        ("datapackage.json", 0, "provenance", "'estimated' is not a provenance: use "
         "\"collected\" (the institutes' submissions) or \"reconstructed\""),
    ]),
    Case("previous not a folder name", edit_descriptor(lambda m: m.update(previous=2025)), [
        ("datapackage.json", 0, "previous", "'2025' is not a folder: name the previous edition's "
         "folder, relative to this one (e.g. \"previous\": \"../2025\"), or leave the "
         "property out"),
    ]),
    Case("network not an object", edit_descriptor(lambda m: m.update(network="MfgUSA")), [
        ("datapackage.json", 0, "network", "'MfgUSA' is not an object: give the network's "
         'words, e.g. {"name": "Manufacturing USA", "sponsor": "federal department"}, or leave '
         "it out"),
    ]),
    Case("network words wrong", edit_descriptor(lambda m: m.update(network={
        "name": "", "sponsor": 3, "member": "a\nb", "description": "Two\nlines.", "motto": "x"})), [
        ("datapackage.json", 0, "network.name", "'' is not a word or phrase: give non-empty "
         "text on one line (the description may run to several), or leave it out"),
        ("datapackage.json", 0, "network.sponsor", "'3' is not a word or phrase: give non-empty "
         "text on one line (the description may run to several), or leave it out"),
        ("datapackage.json", 0, "network.member", "'a\\nb' is not a word or phrase: give "
         "non-empty text on one line (the description may run to several), or leave it out"),
        ("datapackage.json", 0, "network.motto", "not a property the report reads: use name, "
         "member, members, sponsor, sponsors, description"),
    ]),
    Case("resource missing", edit_descriptor(lambda m: m["resources"].pop(1)), [
        ("datapackage.json", 0, "resources.agencies",
         f"missing; describe agencies.csv ({REWRITE} writes it)"),
    ]),
    Case("resource not in the contract", edit_descriptor(
        lambda m: m["resources"].append({"name": "notes", "path": "notes.csv"})), [
        ("datapackage.json", 0, "resources.notes", "not a table of the data contract; remove it "
         "(the tables are technology_areas, agencies, institutes, competencies, ksas, "
         "occupations, institute_occupations, essential_ksas)"),
    ]),
    Case("resource path wrong", edit_descriptor(
        lambda m: resource(m, "ksas").update(path="KSAs.csv")), [
        ("datapackage.json", 0, "resources.ksas.path", "'KSAs.csv' should be 'ksas.csv'"),
    ]),
    Case("field type differs from the contract", edit_descriptor(
        lambda m: resource(m, "competencies")["schema"]["fields"][4].update(type="string")), [
        ("datapackage.json", 0, "resources.competencies.schema.fields.tier.type",
         f"is 'string'; the contract's is 'integer'; correct it, or rewrite the descriptor with "
         f"{REWRITE}"),
    ]),
    Case("fields differ from the contract", edit_descriptor(
        lambda m: resource(m, "ksas")["schema"]["fields"].pop()), [
        ("datapackage.json", 0, "resources.ksas.schema.fields",
         "names the fields ksa_id, statement, code; the contract's are ksa_id, statement, code, "
         f"statement_source, in that order; correct it, or rewrite the descriptor with {REWRITE}"),
    ]),
    Case("primary key differs from the contract", edit_descriptor(
        lambda m: resource(m, "essential_ksas")["schema"].update(primaryKey=["ksa_id"])), [
        ("datapackage.json", 0, "resources.essential_ksas.schema.primaryKey",
         '''is '["ksa_id"]'; the contract's is institute_id, occupation_id, ksa_id; '''
         f"correct it, or rewrite the descriptor with {REWRITE}"),
    ]),
    Case("foreign key the contract lacks", edit_descriptor(
        lambda m: resource(m, "occupations")["schema"].update(foreignKeys=[
            {"fields": "title", "reference": {"resource": "", "fields": "occupation_id"}}])), [
        ("datapackage.json", 0, "resources.occupations.schema.foreignKeys",
         "has foreign keys the contract does not: title -> occupations(occupation_id); "
         f"correct it, or rewrite the descriptor with {REWRITE}"),
    ]),
    Case("a foreign key that cannot be read", edit_descriptor(
        lambda m: resource(m, "occupations")["schema"].update(foreignKeys=[
            {"fields": {"a": 1}, "reference": {"resource": ["x"], "fields": [["y"]]}}])), [
        ("datapackage.json", 0, "resources.occupations.schema.foreignKeys",
         "must be a list of foreign keys, each with fields and a reference to a resource by "
         f"name; correct it, or rewrite the descriptor with {REWRITE}"),
    ]),
    Case("a field that reads its cells otherwise", edit_descriptor(lambda m: [
        resource(m, "ksas")["schema"]["fields"][1].update(format="email"),
        resource(m, "ksas")["schema"]["fields"][0].update(name=["ksa_id"]),
    ]), [
        ("datapackage.json", 0, "resources.ksas.schema.fields",
         "names the fields ['ksa_id'], statement, code, statement_source; the contract's are "
         "ksa_id, statement, code, statement_source, in that order; correct it, or rewrite the "
         f"descriptor with {REWRITE}"),
    ]),
    Case("a file that reads otherwise", edit_descriptor(lambda m: [
        resource(m, "ksas")["schema"]["fields"][1].update(format="email"),
        resource(m, "ksas")["schema"].update(missingValues=["", "NA"]),
        resource(m, "ksas").update(encoding="latin-1",
                                   dialect={"delimiter": ";", "lineTerminator": "\n"}),
    ]), [
        ("datapackage.json", 0, "resources.ksas.dialect.delimiter",
         "is ';'; the contract's files are comma-separated with one header row and double "
         f"quotes; correct it, or rewrite the descriptor with {REWRITE}"),
        ("datapackage.json", 0, "resources.ksas.encoding",
         "is 'latin-1'; the contract's files are UTF-8; correct it, or rewrite the descriptor "
         f"with {REWRITE}"),
        ("datapackage.json", 0, "resources.ksas.schema.fields.statement.format",
         "is 'email': it changes how the cells read; the contract reads them as written; "
         f"correct it, or rewrite the descriptor with {REWRITE}"),
        ("datapackage.json", 0, "resources.ksas.schema.missingValues",
         '''is '["", "NA"]'; the contract reads only an empty cell as missing ([""]); '''
         f"correct it, or rewrite the descriptor with {REWRITE}"),
    ]),
    Case("constraints of the wrong kind", edit_descriptor(lambda m: [
        resource(m, "ksas")["schema"]["fields"][0]["constraints"].update(pattern=None),
        resource(m, "ksas")["schema"]["fields"][1].update(
            constraints={"maxLength": True, "required": "yes"}),
        resource(m, "competencies")["schema"]["fields"][4]["constraints"].update(
            enum=[1.0, 2, 3, 4, 5]),
    ]), [
        ("datapackage.json", 0, "resources.ksas.schema.fields.ksa_id.constraints.pattern",
         "'null' cannot be read as a pattern constraint: a pattern is a regular expression, "
         "as text"),
        ("datapackage.json", 0, "resources.ksas.schema.fields.statement.constraints.maxLength",
         "'true' cannot be read as a maxLength constraint: it must be a number"),
        ("datapackage.json", 0, "resources.ksas.schema.fields.statement.constraints.required",
         "'yes' cannot be read as a required constraint: it must be true or false"),
    ]),
    # written as another tool writes the standard: the same meaning, so nothing to report
    Case("schema equivalent under the standard", edit_descriptor(lambda m: [
        resource(m, "ksas")["schema"]["fields"][3].pop("constraints"),
        resource(m, "ksas")["schema"]["fields"][1].pop("type"),
        resource(m, "ksas")["schema"].update(primaryKey="ksa_id"),
        resource(m, "competencies")["schema"].update(foreignKeys=[
            {"fields": ["parent_code"], "reference": {"resource": "", "fields": ["code"]}}]),
        resource(m, "occupations")["schema"]["fields"][1].update(
            constraints={"required": True, "maxLength": 200, "unique": True}),
        resource(m, "essential_ksas")["schema"].pop("foreignKeys"),
    ]), []),
    Case("a constraint of the descriptor the data breaks", edit_descriptor(lambda m: [
        resource(m, "ksas")["schema"]["fields"][1].update(constraints={"maxLength": 44}),
        resource(m, "agencies")["schema"]["fields"][1].update(
            constraints={"required": True, "format_hint": "x"})]), [
        ("datapackage.json", 0, "resources.agencies.schema.fields.name.constraints.format_hint",
         "warning: not checked: the validator checks required, unique, pattern, enum, minLength, "
         "maxLength, minimum, maximum"),
        ("ksas.csv", 4, "statement", "'Placeholder for an unpublished KSA unde… (56 characters)' "
         "breaks the descriptor's constraint maxLength: 44"),
        ("ksas.csv", 6, "statement", "'Understand and use cybersecurity fundam… (45 characters)' "
         "breaks the descriptor's constraint maxLength: 44"),
    ]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_edition_reports_exactly_its_problems(case: Case, tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    case.mutate(folder)
    if case.rehash:
        rehash(folder)
    assert edition_problems(folder) == sorted(Problem(*p) for p in case.expected)


def test_corpus_is_large_and_distinct() -> None:
    assert len(CASES) >= 25
    assert len({c.id for c in CASES}) == len(CASES)
    assert len({tuple(c.expected) for c in CASES}) == len(CASES)


def test_tiny_edition_is_valid() -> None:
    assert edition_problems(TINY) == []


def test_every_problem_at_once_across_files(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    for case in ("empty required cell", "unknown competency code",
                 "connection outside a selection", "not UTF-8", "cycle in the tree"):
        next(c for c in CASES if c.id == case).mutate(folder)
    replace("agencies.csv", "Defense", "War")(folder)  # left unhashed
    expected = [
        ("agencies.csv", 0, "", HASH),
        ("competencies.csv", 0, "", HASH),
        ("competencies.csv", 7, "parent_code", "cycle in the tree: '4.1' → '4.1.7' → '4.1'; "
         "following parent_code up must end at a tier"),
        ("competencies.csv", 7, "parent_code", "the parent of a competency must be a tier, but "
         "'4.1.7' is a sub_competency"),
        ("essential_ksas.csv", 0, "", HASH),
        ("essential_ksas.csv", 7, "institute_id, occupation_id", "institute_id 'beta' and "
         f"occupation_id 'technicians' are not a row of institute_occupations.csv; {SELECTION}"),
        ("institutes.csv", 0, "", HASH),
        ("institutes.csv", 4, "name", EMPTY),
        ("ksas.csv", 0, "", HASH),
        ("ksas.csv", 2, "code",
         "'4.1.9' is not a code in competencies.csv; correct it or add it there"),
        ("occupations.csv", 0, "", HASH),
        ("occupations.csv", 3, "title", "not UTF-8 text: byte 0xF3 cannot be decoded (the first "
         "such byte in the file); save the file as CSV UTF-8"),
    ]
    assert edition_problems(folder) == sorted(Problem(*p) for p in expected)


def test_hash_mismatch_is_a_warning_without_verification(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    replace("agencies.csv", "Defense", "War")(folder)
    problems = edition_problems(folder, verify_hash=False)
    assert problems == [Problem.warning("agencies.csv", 0, "", HASH)]
    assert problems[0].severity == "warning" and not problems[0].is_error


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    with (folder / "ksas.csv").open("r+b") as fh:
        fh.truncate(201 * 2**20)  # sparse: no 201 MB are written
    assert edition_problems(folder) == [
        Problem("ksas.csv", 0, "", "file is 201 MB, more than the 200 MB any edition needs; is "
                "it the right file?"),
    ]


def test_not_a_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert edition_problems(missing) == [
        Problem(str(missing), 0, "", "not a folder; give the edition's folder, the one holding "
                "datapackage.json"),
    ]


def test_many_rows_with_one_problem_are_listed_then_counted(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    extra = "".join(f"o{i},Title {i},\n" for i in range(30))  # rows 5-34: unselected, fine
    bad = "".join(f"O{i},Title,\n" for i in range(25))  # rows 35-59: malformed ids
    append("occupations.csv", extra + bad)(folder)
    rehash(folder)
    problems = edition_problems(folder)
    assert len(problems) == MAX_ROWS_PER_CHECK + 1
    assert problems[0] == Problem("occupations.csv", 35, "occupation_id", f"'O0' {SLUG}")
    assert problems[-1] == Problem(
        "occupations.csv", 35 + MAX_ROWS_PER_CHECK, "occupation_id",
        f"and 5 more rows like the ones above, from here to row 59; only the first "
        f"{MAX_ROWS_PER_CHECK} are listed",
    )


def test_folder_given_through_a_link_is_read(tmp_path: Path) -> None:
    """The folder named on the command line may be a link the user made; its files may not."""
    link = tmp_path / "linked"
    link.symlink_to(tiny_copy(tmp_path), target_is_directory=True)
    assert edition_problems(link) == []


def test_hard_linked_file_is_an_ordinary_file(tmp_path: Path) -> None:
    """A hard link is the file itself, not a pointer elsewhere: it is read like any other."""
    folder = tiny_copy(tmp_path)
    (folder / "agencies.csv").rename(tmp_path / "agencies.csv")
    os.link(tmp_path / "agencies.csv", folder / "agencies.csv")
    assert edition_problems(folder) == []


def test_two_byte_order_marks_are_accepted(tmp_path: Path) -> None:
    """A file saved twice with a byte-order mark: neither mark is data."""
    folder = tiny_copy(tmp_path)
    path = folder / "agencies.csv"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + path.read_bytes())
    rehash(folder)
    assert edition_problems(folder) == []


def test_long_free_text_is_valid(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    replace("ksas.csv", "Data collection and analysis", "d" * 10_000)(folder)
    rehash(folder)
    assert edition_problems(folder) == []


def test_every_contract_table_is_in_tiny() -> None:
    assert sorted(p.name for p in TINY.glob("*.csv")) == sorted(t.filename for t in TABLES)


def test_many_unknown_columns_are_listed_then_counted(tmp_path: Path) -> None:
    """One line per unknown column took 20,000 lines for 20,000 columns; now 20 and a count."""
    folder = tiny_copy(tmp_path)
    extra = "".join(f",extra{i:05}" for i in range(5_000))
    replace("agencies.csv", "agency_id,name\n", f"agency_id,name{extra}\n")(folder)
    rehash(folder)
    unknown = "unknown column; the columns of agencies.csv are agency_id, name"
    assert edition_problems(folder) == [
        *(Problem("agencies.csv", 1, f"extra{i:05}", unknown) for i in range(MAX_ROWS_PER_CHECK)),
        Problem("agencies.csv", 1, f"extra{MAX_ROWS_PER_CHECK:05}",
                f"and 4,980 more unknown columns like the ones above; only the first "
                f"{MAX_ROWS_PER_CHECK} are listed"),
    ]


def test_many_unnamed_and_repeated_columns_are_counted(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    replace("agencies.csv", "agency_id,name\n", "agency_id,name" + ",name" * 30 + "," * 30
            + "\n")(folder)
    rehash(folder)
    problems = edition_problems(folder)
    assert len(problems) == 2 * (MAX_ROWS_PER_CHECK + 1)
    assert Problem("agencies.csv", 1, "name", "and 10 more repeated columns like the ones "
                   f"above; only the first {MAX_ROWS_PER_CHECK} are listed") in problems
    assert Problem("agencies.csv", 1, "", "and 10 more columns without a name like the ones "
                   f"above; only the first {MAX_ROWS_PER_CHECK} are listed") in problems


def test_many_resources_outside_the_contract_are_counted(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    edit_descriptor(lambda m: m["resources"].extend(
        {"name": f"notes{i:02}", "path": "n.csv"} for i in range(25)))(folder)
    problems = edition_problems(folder)
    assert len(problems) == MAX_ROWS_PER_CHECK + 1
    assert problems[-1] == Problem(
        "datapackage.json", 0, f"resources.notes{MAX_ROWS_PER_CHECK:02}",
        "and 5 more resources that are not tables of the contract like the ones above; only "
        f"the first {MAX_ROWS_PER_CHECK} are listed")


def test_many_tree_problems_of_one_kind_are_counted(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    append("competencies.csv", "".join(f"5.{i},Orphan {i},,competency,5,,,\n"
                                       for i in range(10, 40)))(folder)  # rows 14-43
    rehash(folder)
    orphan = "a competency needs a parent_code: the code of the tier it belongs to"
    assert edition_problems(folder) == [
        *(Problem("competencies.csv", row, "parent_code", orphan) for row in range(14, 34)),
        Problem("competencies.csv", 34, "parent_code", "and 10 more nodes without a parent like "
                f"the ones above; only the first {MAX_ROWS_PER_CHECK} are listed"),
    ]


@pytest.mark.parametrize(("value", "shown"), [
    ("4.2", "'4.2'"),
    ("it's", "\"it's\""),
    ("a\\b", "'a\\\\b'"),
    ("NUL\x00 ESC\x1b BEL\x07 DEL\x7f", "'NUL\\x00 ESC\\x1b BEL\\x07 DEL\\x7f'"),
    ("\u202egnp.exe\u2066\u2069", "'\\u202egnp.exe\\u2066\\u2069'"),
    ("line\nbreak\u2028", "'line\\nbreak\\u2028'"),
    ("x" * 40, "'" + "x" * 40 + "'"),
    ("x" * 41, "'" + "x" * 39 + "… (41 characters)'"),
    ("\x00" * 20, "'" + "\\x00" * 9 + "… (20 characters)'"),
    (4.5, "'4.5'"),
    (["a"], "'[\"a\"]'"),
])
def test_quote_escapes_and_cuts(value: object, shown: str) -> None:
    assert quote(value) == shown


def test_an_area_description_column_may_be_given_or_left_out(tmp_path):
    """technology_areas.csv may add `description` (the tiny edition leaves it out); the
    descriptor's schema then lists it, in the contract's place, and the writer leaves the
    column out again when no area has one."""
    from competency_framework import load_edition
    from competency_framework.edition.contract import rewrite_descriptor
    from competency_framework.edition.write import write_tables

    folder = tiny_copy(tmp_path)
    path = folder / "technology_areas.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",description", lines[1] + ',"Cells, grown."',
                               *(line + "," for line in lines[2:])]) + "\n", encoding="utf-8")
    rewrite_descriptor(folder)
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in meta["resources"] if r["name"] == "technology_areas")
    assert [f["name"] for f in schema["fields"]] == ["area_id", "name", "description"]
    assert edition_problems(folder) == []
    fw = load_edition(folder)
    assert fw.technology_areas["description"].tolist()[0] == "Cells, grown."
    assert set(fw.technology_areas["description"].tolist()[1:]) == {""}
    schema["fields"] = [schema["fields"][i] for i in (0, 2, 1)]
    (folder / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    assert [p.column for p in edition_problems(folder)] == [
        "resources.technology_areas.schema.fields"]
    # the schema and the file must agree on whether the column is there, either way
    schema["fields"] = [schema["fields"][i] for i in (0, 2)]
    (folder / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    assert [p.message for p in edition_problems(folder)] == [
        "description: the schema leaves it out but the file has the column; `python -m "
        "competency_framework validate <folder> --write-descriptor` writes it anew"]
    shutil.copy(TINY / "technology_areas.csv", path)
    rewrite_descriptor(folder)
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in meta["resources"] if r["name"] == "technology_areas")
    schema["fields"].append({"name": "description", "type": "string"})
    (folder / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    assert [p.message.split(";")[0] for p in edition_problems(folder)] == [
        "description: the schema lists it but the file has no such column"]
    tables = {t.name: getattr(load_edition(TINY), t.name) for t in TABLES}
    write_tables(tmp_path, tables)
    assert (tmp_path / "technology_areas.csv").read_text().splitlines()[0] == "area_id,name"
