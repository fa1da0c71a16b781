"""Check an edition folder against the data contract, collecting every problem."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .contract import PROVENANCES, TABLES
from .problems import Problem


def edition_problems(folder: Path, *, verify_hash: bool = True) -> list[Problem]:
    """Every way the edition in `folder` breaks the contract (empty when it is valid)."""
    folder = Path(folder)
    problems: list[Problem] = []
    descriptor = folder / "datapackage.json"
    if not descriptor.is_file():
        return [Problem("datapackage.json", 0, "", "file is missing")]
    meta = json.loads(descriptor.read_text(encoding="utf-8-sig"))
    if meta.get("provenance") not in PROVENANCES:
        problems.append(
            Problem("datapackage.json", 0, "provenance", f"must be one of {', '.join(PROVENANCES)}")
        )
    for table in TABLES:
        path = folder / table.filename
        if not path.is_file():
            problems.append(Problem(table.filename, 0, "", "file is missing"))
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
        for col in table.columns:
            if col not in header:
                problems.append(Problem(table.filename, 1, col, "column is missing"))
        for col in header:
            if col not in table.columns:
                problems.append(Problem(table.filename, 1, col, "unknown column"))
    return problems
