"""Revisions of the test editions, for the tests of `diff` and of the chapter on what changed:
`revise_tiny` (each kind of change, on the tiny edition; its diff is written out by hand in
test_diff.py), `revise_2025` (a few changes of each kind, on the 2025 edition) and
`write_revision`, which writes one beside its edition with a descriptor naming it as the
previous edition.

    python tests/revision.py    # writes tests/data/tiny_revision again from tests/data/tiny
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from hostile_edition import read_tables
from paths import TINY

from competency_framework.edition.write import write_edition

Rows = dict[str, list[dict[str, str]]]
TINY_REVISION = TINY.parent / "tiny_revision"


def revise_tiny(rows: Rows) -> None:
    """A competency renamed, a KSA reworded, a KSA moved in the tree, a KSA and an occupation
    added, an institute renamed, one institute's occupation and connection added, another's
    connection swapped for another KSA."""
    for r in rows["competencies"]:
        if r["code"] == "4.2":
            r["name"] = "Operations and Production Management"
    for r in rows["ksas"]:
        if r["ksa_id"] == "k2":
            r["statement"] = "Operate machines and equipment"
        if r["ksa_id"] == "k3":
            r["code"] = "4.1.7"
    rows["ksas"].append({"ksa_id": "k6", "statement": "Secure industrial control systems",
                         "code": "5.4.1", "statement_source": "published"})
    rows["occupations"].append({"occupation_id": "quality_technicians",
                                "title": "Quality Control Technicians",
                                "soc_code": "51-9061.00"})
    for r in rows["institutes"]:
        if r["institute_id"] == "gamma":
            r["name"] = "Gamma Manufacturing Institute"
    rows["institute_occupations"].append({"institute_id": "beta",
                                          "occupation_id": "quality_technicians"})
    rows["essential_ksas"] = [r for r in rows["essential_ksas"] if (
        r["institute_id"], r["occupation_id"], r["ksa_id"]) != ("alpha", "technicians", "k3")]
    rows["essential_ksas"] += [
        {"institute_id": "alpha", "occupation_id": "technicians", "ksa_id": "k1"},
        {"institute_id": "beta", "occupation_id": "quality_technicians", "ksa_id": "k6"}]


NEW_KSA = {"ksa_id": "ksa_revision_01", "statement": "Operate a digital twin of a production line",
           "statement_source": "published"}
RENAMED = " (revised)"


def revise_2025(rows: Rows) -> dict[str, object]:
    """A revision of the 2025 edition (positions, not names, pick what changes): the first
    institute drops its last occupation and that occupation's connections; the second selects
    an occupation it had not, with three of its KSAs and a new KSA; the first published KSA is
    reworded, the second moved to the place of the next one catalogued elsewhere; the first
    competency of tier 4 renamed. Returns what it changed, for the tests to check."""
    institutes = [r["institute_id"] for r in rows["institutes"]]
    first, second = institutes[0], institutes[1]
    dropped = [r for r in rows["institute_occupations"] if r["institute_id"] == first][-1]
    rows["institute_occupations"].remove(dropped)
    lost = [r for r in rows["essential_ksas"] if (r["institute_id"], r["occupation_id"]) == (
        first, dropped["occupation_id"])]
    rows["essential_ksas"] = [r for r in rows["essential_ksas"] if r not in lost]

    had = {r["occupation_id"] for r in rows["institute_occupations"]
           if r["institute_id"] == second}
    added = next(r["occupation_id"] for r in rows["occupations"] if r["occupation_id"] not in had)
    rows["institute_occupations"].append({"institute_id": second, "occupation_id": added})
    its_ksas = sorted({r["ksa_id"] for r in rows["essential_ksas"] if r["institute_id"] == second})
    published = [r for r in rows["ksas"] if r["statement_source"] == "published"]
    reworded, moved = published[0], published[1]
    place = next(r for r in published[2:] if r["code"] != moved["code"])
    rows["ksas"].append({**NEW_KSA, "code": place["code"]})
    gained = [*its_ksas[:3], NEW_KSA["ksa_id"]]
    rows["essential_ksas"] += [{"institute_id": second, "occupation_id": added, "ksa_id": k}
                               for k in gained]
    old_statement, old_code = reworded["statement"], moved["code"]
    reworded["statement"] = old_statement + ", documented for the revision"
    moved["code"] = place["code"]
    competency = next(r for r in rows["competencies"]
                      if r["level"] == "competency" and r["tier"] == "4")
    old_name = competency["name"]
    competency["name"] = old_name + RENAMED
    return {"first": first, "second": second, "dropped": dropped["occupation_id"],
            "lost": len(lost), "added": added, "gained": len(gained),
            "reworded": (reworded["ksa_id"], old_statement), "moved": (moved["ksa_id"], old_code,
                                                                       place["code"]),
            "renamed": (competency["code"], old_name)}


def write_revision(source: Path, out: Path, revise: Callable[[Rows], object], *, edition: str,
                   title: str, previous: str = "") -> object:
    """Write `source` revised by `revise` into `out`, its descriptor naming `source` as its
    previous edition (`previous`, default: its path relative to `out`); returns what `revise`
    returned."""
    rows = {name: table_rows for name, table_rows, _ in read_tables(source)}
    changed = revise(rows)
    previous = previous or Path(os.path.relpath(source.resolve(), out.resolve())).as_posix()
    write_edition(out, rows, edition=edition, provenance="reconstructed", title=title,
                  previous=previous)
    return changed


def write_tiny_revision(out: Path = TINY_REVISION) -> None:
    """The tiny edition revised by `revise_tiny`, as tests/data/tiny_revision holds it."""
    write_revision(TINY, out, revise_tiny, edition="tiny-2", title="The tiny edition, revised",
                   previous="../tiny")


if __name__ == "__main__":
    write_tiny_revision()
    print(f"wrote {TINY_REVISION}")
