"""`python -m competency_framework`: the command line.

Exit codes: 0 success, 1 the input or the result is bad (problems listed), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib

from competency_framework.paths import DEFAULT_EDITION


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m competency_framework",
        description="Load, validate, audit and report on an edition of the competency framework.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check an edition folder against the data contract")
    p.add_argument("path", help="edition folder (with datapackage.json)")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.add_argument(
        "--no-verify-hash", action="store_true", help="report hash mismatches as warnings"
    )
    p.add_argument(
        "--write-descriptor", action="store_true",
        help="first write datapackage.json anew for the folder's CSV files (the contract's "
             "schemas, hashes), keeping the package's name, title, licences, sources and "
             "other properties",
    )
    p.add_argument("--edition", default=None,
                   help="with --write-descriptor: the edition's name, where the old one has none")
    p.add_argument("--provenance", default=None, choices=("collected", "reconstructed"),
                   help="with --write-descriptor: the provenance, where the old one has none")
    p.set_defaults(func=_lazy("edition", "validate_command"))

    p = sub.add_parser("template", help="write the collection workbook an institute fills in")
    p.add_argument("out", help="path of the .xlsx to write")
    p.add_argument("--edition", default=DEFAULT_EDITION.name, help="edition year, e.g. 2025")
    p.add_argument(
        "--from", dest="source", default=None,
        help="edition folder whose KSAs fill the workbook (default data/raw/EDITION)",
    )
    p.add_argument("--institute", default=None, help="institute id the workbook is for")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=_lazy("collect", "template_command"))

    p = sub.add_parser("import", help="turn filled collection workbooks into an edition folder")
    p.add_argument("workbooks", nargs="+", help="filled workbooks (.xlsx)")
    p.add_argument("--out", required=True, help="edition folder to write")
    p.add_argument("--json", action="store_true", help="print problems as JSON")
    p.add_argument(
        "--force", action="store_true",
        help="write into a folder that import did not write, or whose edition files changed "
             "since (other files in it are kept)",
    )
    p.add_argument(
        "--previous", default=None, metavar="FOLDER",
        help="the edition this one revises: named in its datapackage.json, so that its report "
             "says what changed",
    )
    p.set_defaults(func=_lazy("collect", "import_command"))

    p = sub.add_parser("audit", help="compare every published figure with its recomputation")
    p.add_argument("edition", nargs="?", default=str(DEFAULT_EDITION), help="edition folder")
    p.add_argument("--json", action="store_true", help="print the audit as JSON")
    p.add_argument(
        "--published", default=None, metavar="FOLDER",
        help="the published figures to compare with (*.yaml, data/published/README.md); by "
             "default data/published, which describes edition 2025",
    )
    p.set_defaults(func=_lazy("audit", "audit_command"))

    p = sub.add_parser("diff", help="what changed between two editions, row by row")
    p.add_argument("old", help="the earlier edition's folder")
    p.add_argument("new", help="the later edition's folder")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")
    p.set_defaults(func=_lazy("diff", "diff_command"))

    p = sub.add_parser("report", help="build the HTML and PDF report of an edition")
    p.add_argument("--edition", default=str(DEFAULT_EDITION), help="edition folder")
    p.add_argument("--out", default="report/_output", help="output folder")
    p.add_argument(
        "--renderer", choices=("auto", "quarto", "fallback"), default="auto",
        help="Quarto when on the PATH (auto), or the pandoc+Typst fallback",
    )
    p.add_argument(
        "--profiles", action=argparse.BooleanOptionalAction, default=None,
        help="build the per-institute profiles (default: for a collected edition only; a "
             "reconstructed edition's are illustrative, built only when asked for)",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--previous", default=None, metavar="FOLDER",
        help="an earlier edition to compare with: adds the chapter on what changed (default: "
             "the one the edition's datapackage.json names as \"previous\", if any)",
    )
    which.add_argument("--no-previous", action="store_true",
                       help="no comparison, even when the edition's descriptor names one")
    p.set_defaults(func=_lazy("report", "report_command"))
    return parser


def _lazy(module: str, function: str):
    """A handler that imports the command module `cli.<module>` only when its command runs
    (keeps start-up fast)."""

    def run(args: argparse.Namespace) -> int:
        mod = importlib.import_module(f"competency_framework.cli.{module}")
        return int(getattr(mod, function)(args))

    return run


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))
