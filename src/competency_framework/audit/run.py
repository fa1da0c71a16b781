"""The audit's entry points: `audit` (every check, one row each) and `audit_records` (the rows
ready for JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from competency_framework.audit import areas, consistency, counts, lists, occupations, tree
from competency_framework.audit.checks import consistency_rows, entry_row
from competency_framework.audit.context import Context, KsaIndex, Names, lettered_items
from competency_framework.audit.external import external_rows
from competency_framework.audit.names import name_rows
from competency_framework.audit.rounding import rounding_rows
from competency_framework.audit.rows import (
    KEYS,
    plain,
)
from competency_framework.edition.framework import Framework
from competency_framework.reference.nice import DEFAULT_NICE_DIR, load_nice_components
from competency_framework.reference.published import Entry

# The modules whose checks register themselves when imported (see `checks`).
CHECK_MODULES = (counts, occupations, lists, areas, tree, consistency)


def audit(fw: Framework, entries: Iterable[Entry], *, nice_dir: str | Path = DEFAULT_NICE_DIR
          ) -> pd.DataFrame:
    """Every published entry beside its recomputation from `fw`, plus the rounding,
    consistency, name and external checks; one row per check, columns `KEYS`, in the order
    entries are published, then the extra checks."""
    entries = list(entries)
    ctx = Context(fw, {e.id: e for e in entries}, Names(entries), KsaIndex(fw),
                  load_nice_components(nice_dir), Path(nice_dir), lettered_items(entries))
    rows = [entry_row(ctx, e) for e in entries]
    rows += rounding_rows(entries)
    rows += consistency_rows(ctx.entries)
    rows += name_rows(ctx)
    rows += external_rows(ctx)
    return pd.DataFrame([r.as_dict() for r in rows], columns=list(KEYS))


def audit_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The audit as JSON-ready records (the `--json` output)."""
    return [plain(dict(zip(KEYS, row, strict=True))) for row in
            frame[list(KEYS)].itertuples(index=False, name=None)]
