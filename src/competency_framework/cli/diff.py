"""The `diff` command: what changed between two editions, row by row."""

from __future__ import annotations

import argparse
import json
import sys

from competency_framework.edition.diff import diff_editions, diff_record, diff_summary
from competency_framework.edition.load import load_edition
from competency_framework.edition.problems import InputError
from competency_framework.statistics.overview import framework_counts


def diff_command(args: argparse.Namespace) -> int:
    """`python -m competency_framework diff OLD NEW [--json]`: 0 whether or not anything
    changed; 1 when either edition is invalid (its problems listed, as `validate` does)."""
    try:
        old, new = load_edition(args.old), load_edition(args.new)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    changes = diff_editions(old, new)
    if args.json:
        print(json.dumps(diff_record(old, new, changes), indent=2, ensure_ascii=False))
    else:
        before, after = framework_counts(old), framework_counts(new)
        headline = {m: (before[m], after[m]) for m in before}
        print(diff_summary(old, new, changes, headline))
    return 0
