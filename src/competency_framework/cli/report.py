"""The `report` command: build the HTML site and the PDF of an edition, from the project root."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from competency_framework.build.plan import BuildError
from competency_framework.build.report import OutputError, build_report
from competency_framework.edition.problems import InputError
from competency_framework.paths import DEFAULT_EDITION, TINY_EDITION
from competency_framework.render import RenderError
from competency_framework.render.quarto import quarto_path


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _previous(args: argparse.Namespace) -> str | None:
    """The `previous` of `build_report`: --previous FOLDER, "" for --no-previous, else None."""
    if getattr(args, "no_previous", False):
        return ""
    return getattr(args, "previous", None)


def report_command(args: argparse.Namespace) -> int:
    """The `report` command: 0 built, 1 bad edition or failed build, 2 usage (an output
    folder that cannot be written included)."""
    root = Path.cwd()
    if not (root / "_quarto.yml").is_file():
        print("error: run the report command from the project root (where _quarto.yml is)",
              file=sys.stderr)
        return 2
    if args.renderer == "quarto" and not quarto_path():
        print("error: --renderer quarto, but quarto is not on the PATH", file=sys.stderr)
        return 2
    jobs = getattr(args, "jobs", None) or int(os.environ.get("REPORT_JOBS", "0") or 0) or None
    edition = Path(args.edition)
    if edition == DEFAULT_EDITION and not (root / edition).is_dir():
        print(f"note: {DEFAULT_EDITION} does not exist yet; building the tiny test edition "
              f"{TINY_EDITION} instead (choose one with EDITION=data/raw/<edition>)")
        edition = TINY_EDITION
    if not (root / edition).is_dir():
        print(f"error: edition folder {edition} does not exist", file=sys.stderr)
        return 2
    try:
        rendered = build_report(root, edition, Path(args.out), args.renderer,
                                log=lambda line: print(line, flush=True), jobs=jobs,
                                profiles=getattr(args, "profiles", None),
                                previous=_previous(args))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"error: {exc}\nNothing was run.", file=sys.stderr)
        return 2
    except (BuildError, RenderError) as exc:
        print(f"error: {exc}\nThe previous report, if any, was left in place.", file=sys.stderr)
        return 1
    how = {"quarto": "Quarto", "fallback": "fallback (pandoc + Typst; Quarto is not on the PATH)"}
    if rendered.renderer == "fallback" and args.renderer == "fallback":
        how["fallback"] = "fallback (pandoc + Typst, as requested)"
    print(f"renderer: {how[rendered.renderer]}")
    print(f"HTML: {_shown(rendered.html)}")
    print(f"PDF:  {_shown(rendered.pdf)}")
    return 0
