"""Read an edition folder (the data contract) into a validated `Framework`.

The only code that reads an edition's raw files.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from .contract import TABLES
from .framework import Framework
from .problems import InputError
from .validate import edition_problems


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """One contract table as strings (empty cells as ''), integer columns as int."""
    from .contract import TABLES_BY_NAME

    table = TABLES_BY_NAME[name]
    frame = pd.read_csv(
        Path(folder) / table.filename,
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    for f in table.fields:
        if f.type == "integer":
            frame[f.name] = frame[f.name].astype(int)
    return frame[table.columns]


def data_hash(folder: Path) -> str:
    """SHA-256 over the edition's descriptor and CSV files, in contract order."""
    folder = Path(folder)
    digest = hashlib.sha256()
    for name in ["datapackage.json", *(t.filename for t in TABLES)]:
        digest.update(name.encode())
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def load_edition(folder: str | Path, *, verify_hash: bool = True) -> Framework:
    """Validate the edition in `folder` and return it as a `Framework`.

    Raises `InputError` listing every problem when the edition breaks the contract.
    """
    folder = Path(folder)
    problems = edition_problems(folder, verify_hash=verify_hash)
    errors = [p for p in problems if not p.message.startswith("warning:")]
    if errors:
        raise InputError(errors, str(folder))
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8-sig"))
    tables = {t.name: read_table(folder, t.name) for t in TABLES}
    return Framework(
        edition=str(meta["edition"]),
        provenance=meta["provenance"],
        data_hash=data_hash(folder),
        title=meta.get("title", ""),
        source=str(folder),
        **tables,
    )
