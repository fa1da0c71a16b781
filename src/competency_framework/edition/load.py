"""Read an edition folder (the data contract) into a validated `Framework`.

The only code that reads an edition's raw files; `validate` does the reading and checking,
this module turns a clean inspection into typed tables.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from competency_framework.edition.contract import TABLES, TABLES_BY_NAME, Table
from competency_framework.edition.framework import Framework, Network
from competency_framework.edition.problems import InputError
from competency_framework.edition.validate import (
    DESCRIPTOR,
    inspect_edition,
    inspect_table,
    read_edition_file,
)


def load_edition(folder: str | Path, *, verify_hash: bool = True) -> Framework:
    """Validate the edition in `folder` and return it as a `Framework`.

    Raises `InputError` listing every problem when the edition breaks the contract. With
    `verify_hash=False` a file that does not match its hash is a warning (`warnings.warn`).
    """
    folder = Path(folder)
    found = inspect_edition(folder, verify_hash=verify_hash)
    if found.errors:
        raise InputError(found.errors, str(folder))
    for problem in found.problems:
        warnings.warn(str(problem), UserWarning, stacklevel=2)
    meta = found.descriptor
    files = [(name, found.files[name]) for name in _hashed_files()]
    return Framework(
        edition=str(meta["edition"]),
        provenance=meta["provenance"],
        data_hash=_digest(files),
        title=str(meta.get("title", "")),
        source=str(folder),
        previous=str(meta.get("previous") or ""),
        network=Network.from_descriptor(meta.get("network")),
        **{t.name: _typed(t, found.tables[t.name]) for t in TABLES},
    )


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """One contract table, checked on its own (cells and primary key, not references), with
    strings as strings (empty cells as '') and integer columns as int.

    Raises `InputError` when the file breaks the contract.
    """
    table = TABLES_BY_NAME[name]
    frame, problems = inspect_table(Path(folder) / table.filename, table)
    errors = [p for p in problems if p.is_error]
    if errors or frame is None:
        raise InputError(errors, str(Path(folder) / table.filename))
    return _typed(table, frame)


def data_hash(folder: Path) -> str:
    """SHA-256 over the edition's descriptor and CSV files, in contract order.

    Raises `InputError` when one of them cannot be read as the validator reads it (a symbolic
    link, for instance)."""
    folder = Path(folder)
    return _digest((name, read_edition_file(folder, name)) for name in _hashed_files())


def _hashed_files() -> list[str]:
    return [DESCRIPTOR, *(t.filename for t in TABLES)]


def _digest(files: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode())
        digest.update(data)
    return digest.hexdigest()


def _typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns in order, as str (integer fields as int64), rows numbered from 0."""
    out = frame[table.columns].reset_index(drop=True)
    return out.astype({f.name: "int64" if f.type == "integer" else "str" for f in table.fields})
