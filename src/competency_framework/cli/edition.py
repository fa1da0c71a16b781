"""The `validate` command: an edition folder checked against the data contract."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from competency_framework.edition.contract import rewrite_descriptor
from competency_framework.edition.validate import edition_problems


def validate_command(args: argparse.Namespace) -> int:
    """Check an edition folder (after writing its descriptor anew, with `--write-descriptor`):
    problems one a line (or a JSON list); 1 when any is an error, 2 when it cannot start."""
    folder = Path(args.path)
    if not folder.is_dir():
        print(f"error: {folder} is not a folder (give an edition folder, the one holding "
              "datapackage.json)", file=sys.stderr)
        return 2
    if args.write_descriptor:
        try:
            done = rewrite_descriptor(folder, edition=args.edition, provenance=args.provenance)
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        kept = f"; kept {', '.join(done.kept)}" if done.kept else ""
        dropped = (f"; dropped the resources {', '.join(done.dropped)} (no table of the "
                   "contract)" if done.dropped else "")
        print(f"wrote {done.path}{kept}{dropped}", file=sys.stderr if args.json else sys.stdout)
    elif args.edition or args.provenance:
        print("error: --edition and --provenance go with --write-descriptor", file=sys.stderr)
        return 2
    problems = edition_problems(folder, verify_hash=not args.no_verify_hash, standard=True)
    errors = [p for p in problems if p.is_error]
    if args.json:
        print(json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False))
    else:
        for p in problems:
            print(p)
        warned = f" ({len(problems)} warning(s))" if problems and not errors else ""
        if errors:
            print(f"{folder}: invalid, {len(errors)} error(s)", file=sys.stderr)
        else:
            print(f"{folder}: valid{warned}")
    return 1 if errors else 0
