"""Writing an edition folder: the contract's CSV files and the descriptor with their hashes,
swapped in whole, so a failure (a check that refuses the result included) leaves the folder
as it was."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from competency_framework.edition.contract import TABLES, write_descriptor
from competency_framework.files import new_folder_beside, replace_folder

Rows = Sequence[Mapping[str, str]] | pd.DataFrame


def csv_record(values: Sequence[object]) -> str:
    """One CSV record as `csv.writer` writes it (minimal quoting, LF line end), except that a
    field holding a carriage return is quoted too: Python's writer (3.11) leaves a lone CR bare
    when the line end is LF, and every reader then breaks the row there."""
    fields = []
    for value in values:
        text = "" if value is None else str(value)
        if any(c in text for c in ',"\r\n'):
            text = '"' + text.replace('"', '""') + '"'
        fields.append(text)
    return ",".join(fields) + "\n"


def write_tables(folder: Path, tables: Mapping[str, Rows]) -> None:
    """Write the contract's CSV files into `folder` (UTF-8, LF line ends, minimal quoting, the
    contract's columns in order) from rows of strings or data frames, one per table name."""
    for table in TABLES:
        rows = tables[table.name]
        path = Path(folder) / table.filename
        columns = list(table.columns)
        omittable = {f.name for f in table.fields if f.omittable}  # "" where not given
        if isinstance(rows, pd.DataFrame):
            frame = rows.reindex(columns=columns, fill_value="") if omittable else rows[columns]
            records = frame.astype(object).where(frame.notna(), "").values.tolist()
        else:
            records = [[record.get(c, "") if c in omittable else record[c] for c in columns]
                       for record in rows]
        # an omittable column is written only where some row has a value
        empty = [i for i, c in enumerate(columns)
                 if c in omittable and not any(str(r[i]) for r in records)]
        if empty:
            columns = [c for i, c in enumerate(columns) if i not in empty]
            records = [[v for i, v in enumerate(r) if i not in empty] for r in records]
        text = "".join(map(csv_record, [columns, *records]))
        path.write_text(text, encoding="utf-8", newline="")


def write_edition(out: Path, tables: Mapping[str, Rows], *, edition: str, provenance: str,
                  title: str, description: str = "", sources: list[dict[str, Any]] | None = None,
                  previous: str = "", network: dict[str, str] | None = None,
                  keep_other_files: bool = False,
                  check: Callable[[Path], None] | None = None, stamp: str = "") -> Path:
    """Write the edition `tables` describe into the folder `out` and return `out`.

    `previous`: the folder of the edition this one revises, relative to `out` (the descriptor's
    `previous`); `network`: the descriptor's `network` words. The files are written into a new
    folder beside `out`; `check` (if given) may inspect it and raise to stop; then it replaces
    `out` whole. With `keep_other_files`, the files of `out` that are not the edition's own (a
    README, notes) are carried over.
    With `stamp`, a file of that name records the SHA-256 of every file written, so that a
    later writer can tell whether the folder is still as written (`changed_since_stamp`); it
    counts as one of the edition's own files."""
    out = Path(out)
    tmp = new_folder_beside(out)
    try:
        write_tables(tmp, tables)
        write_descriptor(tmp, edition=edition, provenance=provenance, title=title,
                         description=description, sources=sources, previous=previous,
                         network=network)
        if check is not None:
            check(tmp)
        own = {t.filename for t in TABLES} | {"datapackage.json"}
        if stamp:
            _write_stamp(tmp, stamp, sorted(own))
            own.add(stamp)
        if keep_other_files and out.is_dir():
            for path in sorted(out.iterdir()):
                if path.name in own:
                    continue
                if path.is_dir():
                    shutil.copytree(path, tmp / path.name, symlinks=True)
                else:
                    shutil.copy2(path, tmp / path.name, follow_symlinks=False)
        replace_folder(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return out


STAMP_NOTE = ("The files the writer of this folder wrote, with their SHA-256; it replaces them "
              "again only while they are unchanged.")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_stamp(folder: Path, stamp: str, names: list[str]) -> None:
    record = {"note": STAMP_NOTE, "sha256": {n: _sha256(folder / n) for n in names}}
    (folder / stamp).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def changed_since_stamp(folder: Path, stamp: str) -> list[str] | None:
    """The files `folder`'s stamp lists whose bytes have changed since (a file deleted since
    counts as unchanged: nothing of it would be lost); None when there is no readable stamp."""
    try:
        record = json.loads((Path(folder) / stamp).read_text(encoding="utf-8"))
        hashes = record["sha256"]
        if not isinstance(hashes, dict):
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    changed = []
    for name, digest in sorted(hashes.items()):
        path = Path(folder) / str(name)
        if path.is_dir() or (path.is_file() and _sha256(path) != digest):
            changed.append(str(name))
    return changed
