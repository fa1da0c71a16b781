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
from competency_framework.reference.published import described_editions, load_published


def audit_command(args: argparse.Namespace) -> int:
    """`python -m competency_framework audit [EDITION] [--json] [--published FOLDER]`: 1 on
    any mismatch or bad input. `args.published` and `args.nice` (folders) default to
    data/published and data/external/nice-framework-v2.1.0. Published figures that describe
    another edition are not compared: it says so, and exits 0."""
    published = getattr(args, "published", None) or PUBLISHED_DIR
    try:
        fw = load_edition(args.edition)
        entries = load_published(published)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    editions = described_editions(entries)
    if fw.edition not in editions:
        described = (f"describe edition {', '.join(editions)}" if editions else
                     "describe no edition")
        message = (f"audit of {args.edition} ({fw.provenance}): the published figures in "
                   f"{published} {described}, not edition {fw.edition}: nothing to compare. "
                   f"Give the figures published about edition {fw.edition} with --published "
                   "FOLDER (data/published/README.md says how to write them).")
        if args.json:
            print("[]")
            print(message, file=sys.stderr)
        else:
            print(message)
        return 0
    # the figures about this edition, and those about none (context, such as the 2020 piece)
    entries = [e for e in entries if e.edition in (None, fw.edition)]
    frame = audit(fw, entries, nice_dir=getattr(args, "nice", None) or NICE_DIR)
    if args.json:
        print(json.dumps(audit_records(frame), indent=2, ensure_ascii=False))
    else:
        by_status = frame["status"].value_counts()
        print(f"audit of {args.edition} ({fw.provenance}) against the figures published about "
              f"edition {fw.edition} in {published}: {len(frame)} checks")
        for status in STATUSES:
            print(f"  {status:24s} {int(by_status.get(status, 0))}")
        for row in frame.itertuples():
            if row.status not in (MATCH, NOT_RECOMPUTABLE):
                print(f"\n[{row.status}] {row.id}\n  {row.note}")
    return 1 if (frame["status"] == MISMATCH).any() else 0
