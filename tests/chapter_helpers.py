"""Helpers of the chapter tests: published entries and a chapter whose audit is given rows,
passed the way the build passes them (an audit rows file)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from competency_framework.audit import KEYS, audit_records
from competency_framework.edition.framework import Framework
from competency_framework.present.chapter import Chapter
from competency_framework.reference.published import Entry


def entry(id: str, kind: str = "count", value=1, source: str = "report_2025", **kw) -> Entry:
    """A published entry with the fields a test does not care about filled in."""
    return Entry(id=id, source=source, section=kw.pop("section", "S"), location="paragraph",
                 printed=kw.pop("printed", "p"), kind=kind, value=value, **kw)


def chapter(fw: Framework, rows: pd.DataFrame, folder: Path, entries: Iterable[Entry],
            edition: str = "2025") -> Chapter:
    """A chapter of `fw` renamed `edition`, with `entries` as the published figures and the
    audit `rows` (columns id, section, status, reading and optionally printed, else the id;
    the rest filled in)."""
    fw = replace(fw, edition=edition)
    full = rows.reindex(columns=list(KEYS)).astype(object).where(rows.notna(), None)
    if "printed" not in rows:
        full["printed"] = full["id"]
    path = folder / f"audit-{edition}.json"
    path.write_text(json.dumps({"edition": fw.edition, "data_hash": fw.data_hash,
                                "rows": audit_records(full)}), encoding="utf-8")
    return Chapter(fw, {e.id: e for e in entries}, "2025", str(path))
