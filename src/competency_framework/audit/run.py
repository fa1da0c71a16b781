"""The audit's entry points: `audit` (every check, one row each), `audit_records` (JSON-ready)
and `audit_command` (the command line)."""

from __future__ import annotations

import argparse
import json
import sys
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
    MATCH,
    MISMATCH,
    NOT_RECOMPUTABLE,
    STATUSES,
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


def audit_command(args: argparse.Namespace) -> int:
    """`python -m competency_framework audit [EDITION] [--json]`: 1 on any mismatch or bad
    input. `args.published` and `args.nice` (folders) default to data/published and
    data/external/nice-framework-v2.1.0."""
    from competency_framework.edition.load import load_edition
    from competency_framework.edition.problems import InputError
    from competency_framework.reference.published import PUBLISHED_DIR, load_published

    try:
        fw = load_edition(args.edition)
        entries = load_published(getattr(args, "published", None) or PUBLISHED_DIR)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    frame = audit(fw, entries, nice_dir=getattr(args, "nice", None) or DEFAULT_NICE_DIR)
    if args.json:
        print(json.dumps(audit_records(frame), indent=2, ensure_ascii=False))
    else:
        by_status = frame["status"].value_counts()
        print(f"audit of {args.edition} ({fw.provenance}): {len(frame)} checks")
        for status in STATUSES:
            print(f"  {status:24s} {int(by_status.get(status, 0))}")
        for row in frame.itertuples():
            if row.status not in (MATCH, NOT_RECOMPUTABLE):
                print(f"\n[{row.status}] {row.id}\n  {row.note}")
    return 1 if (frame["status"] == MISMATCH).any() else 0
