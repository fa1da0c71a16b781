"""`edition/diff.py` and `python -m competency_framework diff`: a revision of the tiny edition
with each kind of change (`revision.revise_tiny`, in tests/data/tiny_revision), and its diff
written out by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT, TINY
from report_project import tree_bytes
from revision import TINY_REVISION, write_tiny_revision

from competency_framework.edition.diff import (
    diff_editions,
    diff_record,
    diff_summary,
    institute_changes,
)
from competency_framework.edition.load import load_edition

EXPECTED = [  # by hand: the contract's table order; removed, added, changed; each by key
    {"table": "institutes", "key": {"institute_id": "gamma"}, "change": "changed",
     "fields": {"name": ["Gamma Institute", "Gamma Manufacturing Institute"]}},
    {"table": "competencies", "key": {"code": "4.2"}, "change": "changed",
     "fields": {"name": ["Operations Management", "Operations and Production Management"]}},
    {"table": "ksas", "key": {"ksa_id": "k6"}, "change": "added"},
    {"table": "ksas", "key": {"ksa_id": "k2"}, "change": "changed",
     "fields": {"statement": ["Machine and equipment operations",
                              "Operate machines and equipment"]}},
    {"table": "ksas", "key": {"ksa_id": "k3"}, "change": "changed",
     "fields": {"code": ["4.2.5", "4.1.7"]}},
    {"table": "occupations", "key": {"occupation_id": "quality_technicians"},
     "change": "added"},
    {"table": "institute_occupations",
     "key": {"institute_id": "beta", "occupation_id": "quality_technicians"}, "change": "added"},
    {"table": "essential_ksas",
     "key": {"institute_id": "alpha", "occupation_id": "technicians", "ksa_id": "k3"},
     "change": "removed"},
    {"table": "essential_ksas",
     "key": {"institute_id": "alpha", "occupation_id": "technicians", "ksa_id": "k1"},
     "change": "added"},
    {"table": "essential_ksas",
     "key": {"institute_id": "beta", "occupation_id": "quality_technicians", "ksa_id": "k6"},
     "change": "added"},
]


@pytest.fixture(scope="module")
def revision() -> Path:
    return TINY_REVISION


def test_the_tiny_revision_is_the_tiny_edition_revised(tmp_path):
    """tests/data/tiny_revision is what `revise_tiny` makes of the tiny edition, with a
    descriptor naming the tiny edition as its previous one (`python tests/revision.py`
    writes it again)."""
    write_tiny_revision(tmp_path / "tiny_revision")
    assert tree_bytes(tmp_path / "tiny_revision") == tree_bytes(TINY_REVISION)
    assert load_edition(TINY_REVISION).previous == "../tiny"


def test_the_diff_of_a_revision_is_the_one_written_by_hand(tiny, revision):
    new = load_edition(revision)
    record = diff_record(tiny, new, diff_editions(tiny, new))
    assert record["changes"] == EXPECTED
    assert record["old"] == {"edition": "tiny", "title": tiny.title, "data_hash": tiny.data_hash}
    assert record["new"]["edition"] == "tiny-2" and record["new"]["data_hash"] == new.data_hash
    assert diff_editions(tiny, tiny) == []


def test_what_each_institute_gained_and_lost(tiny, revision):
    by_id = {c.institute_id: c for c in institute_changes(tiny, load_edition(revision))}
    alpha, beta, gamma = by_id["alpha"], by_id["beta"], by_id["gamma"]
    assert (alpha.occupations, alpha.ksas) == ((set(), set()), (set(), {"k3"}))
    assert alpha.connections == ({("technicians", "k1")}, {("technicians", "k3")})
    assert beta.occupations == ({"quality_technicians"}, set())
    assert beta.ksas == ({"k6"}, set())
    assert beta.connections == ({("quality_technicians", "k6")}, set())
    assert not gamma.changed and gamma.name == "Gamma Manufacturing Institute"


def test_the_summary_per_table_area_and_institute(tiny, revision):
    new = load_edition(revision)
    text = diff_summary(tiny, new, diff_editions(tiny, new))
    assert "ksas.csv: 1 added, 0 removed, 2 changed" in text
    assert "  changed  ksa_id=k3; code: '4.2.5' -> '4.1.7'" in text
    assert ("  biomanufacturing: occupations +1/-0, KSAs +1/-1, connections +2/-1") in text
    assert "  alpha (Alpha Institute): occupations +0/-0, KSAs +0/-1, connections +1/-1" in text
    assert "gamma (" not in text.split("by institute")[1]
    assert ("KSAs moved in the tree:\n  k3: '4.2.5' -> '4.1.7'\n\nKSAs reworded:\n  k2: "
            "'Machine and equipment operations' -> 'Operate machines and equipment'") in text
    assert ("competencies renamed:\n  4.2: 'Operations Management' -> 'Operations and "
            "Production Management'") in text


def test_the_command(revision):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "competency_framework", "diff", *args],
                              cwd=ROOT, capture_output=True, text=True)

    done = run(str(TINY), str(revision), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["changes"] == EXPECTED
    same = run(str(TINY), str(TINY))
    assert same.returncode == 0 and "0 row change(s)" in same.stdout
    summary = run(str(TINY), str(revision)).stdout
    for line in ("  institutes: 3 -> 3\n", "  ksas: 5 -> 6 (+1)\n",
                 "  connections: 10 -> 11 (+1)\n"):
        assert line in summary
    bad = run(str(TINY), str(ROOT / "tests" / "bad_editions"))
    assert bad.returncode == 1 and bad.stderr


def test_the_collection_cycle_shows_exactly_the_edits(tiny, tmp_path):
    """Each institute gets its workbook pre-filled from the edition (`template --from
    --institute`); one institute marks one more KSA essential; importing the returned workbooks
    and diffing against the edition shows that edit and nothing else."""
    from openpyxl import load_workbook

    from competency_framework.collect import layout as L
    from competency_framework.collect.importer import import_workbooks
    from competency_framework.collect.template import write_template

    books = [write_template(tmp_path / f"{i}.xlsx", tiny, edition="tiny", institute=i)
             for i in tiny.institutes["institute_id"]]
    unchanged = import_workbooks(books, tmp_path / "unchanged").folder
    assert diff_editions(tiny, load_edition(unchanged)) == []

    wb = load_workbook(books[0])  # alpha: mark k1 essential for its technicians
    ws = wb[L.ESSENTIAL]
    column = next(c for c in range(L.FIRST_OCCUPATION_COLUMN, ws.max_column + 1)
                  if ws.cell(1, c).value == "Biological Technicians")
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "k1")
    assert ws.cell(row, column).value is None
    ws.cell(row, column).value = L.MARK
    wb.save(books[0])
    edited = load_edition(import_workbooks(books, tmp_path / "edited", previous=TINY).folder)
    # the import names the edition it revises, so that the new edition's report says what changed
    assert (tmp_path / "edited" / edited.previous).resolve() == TINY.resolve()
    assert [c.as_dict() for c in diff_editions(tiny, edited)] == [
        {"table": "essential_ksas", "change": "added",
         "key": {"institute_id": "alpha", "occupation_id": "technicians", "ksa_id": "k1"}}]
