"""The `audit` command: every published figure set beside its recomputation."""

from __future__ import annotations

import argparse
import json
import sys

from competency_framework.audit import (
    MATCH,
    MISMATCH,
    NOT_RECOMPUTABLE,
    STATUSES,
    audit,
    audit_records,
)
from competency_framework.edition.load import load_edition
from competency_framework.edition.problems import InputError
from competency_framework.paths import NICE_DIR, PUBLISHED_DIR
from competency_framework.reference.published import load_published


def audit_command(args: argparse.Namespace) -> int:
    """`python -m competency_framework audit [EDITION] [--json]`: 1 on any mismatch or bad
    input. `args.published` and `args.nice` (folders) default to data/published and
    data/external/nice-framework-v2.1.0."""
    try:
        fw = load_edition(args.edition)
        entries = load_published(getattr(args, "published", None) or PUBLISHED_DIR)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    frame = audit(fw, entries, nice_dir=getattr(args, "nice", None) or NICE_DIR)
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
