"""The `template` and `import` commands: the institutes' collection workbooks, written and read
back into an edition folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from competency_framework.collect.importer import import_workbooks
from competency_framework.collect.template import write_template
from competency_framework.edition.load import load_edition
from competency_framework.edition.problems import InputError


def template_command(args: argparse.Namespace) -> int:
    """`template OUT.xlsx [--edition E] [--from FOLDER] [--institute ID] [--force]`."""
    out = Path(args.out)
    source = Path(args.source) if args.source else Path("data/raw") / str(args.edition)
    if out.suffix.lower() != ".xlsx":
        print(f"error: {out} must end in .xlsx", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"error: folder {out.parent} does not exist", file=sys.stderr)
        return 2
    if out.is_dir() or (out.exists() and not args.force):
        what = "a folder" if out.is_dir() else "a file; give --force to overwrite it"
        print(f"error: {out} exists and is {what}", file=sys.stderr)
        return 2
    if not (source / "datapackage.json").is_file():
        print(f"error: {source} is not an edition folder (no datapackage.json); "
              "give one with --from FOLDER", file=sys.stderr)
        return 2
    try:
        framework = load_edition(source)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        write_template(out, framework, edition=str(args.edition), institute=args.institute)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    who = f" for institute {args.institute}" if args.institute else ""
    print(f"wrote {out}{who}: edition {args.edition}, {len(framework.ksas)} KSAs from {source}")
    return 0


def import_command(args: argparse.Namespace) -> int:
    """`import WORKBOOK... --out FOLDER [--json] [--force] [--previous FOLDER]`."""
    previous = getattr(args, "previous", None)
    if previous and not Path(previous).is_dir():
        print(f"error: --previous {previous}: not a folder", file=sys.stderr)
        return 2
    try:
        result = import_workbooks([Path(p) for p in args.workbooks], Path(args.out),
                                  force=args.force,
                                  previous=Path(previous) if previous else None)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        if args.json:
            print(json.dumps([p.as_dict() for p in exc.problems], indent=2, ensure_ascii=False))
        else:
            print(exc)
        print("nothing was written", file=sys.stderr)
        return 1
    c = result.counts
    summary = (f"wrote {result.folder}: edition {result.edition} from {c['workbooks']} "
               f"workbook(s), {c['institute_occupations']} occupation selections, "
               f"{c['essential_ksas']} connections, {c['ksas']} KSAs "
               f"({c['proposed_ksas']} proposed)")
    if args.json:
        print(json.dumps([p.as_dict() for p in result.warnings], indent=2, ensure_ascii=False))
        for line in (summary, *result.notes):
            print(line, file=sys.stderr)
    else:
        for line in (summary, *(f"note: {n}" for n in result.notes),
                     *(str(w) for w in result.warnings)):
            print(line)
    return 0
