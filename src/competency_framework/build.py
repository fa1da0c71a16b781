"""`python -m competency_framework report`: from an edition folder to an HTML and a PDF report.

The build runs from the project root (where `_quarto.yml` is), in order:

1. load and validate the edition: an invalid edition stops the build before anything is written;
2. run every notebook of `report/manifest.yml` with papermill into `report/executed/`, injecting
   `edition` (the edition folder, relative to where the notebooks run) and `notebook` (the
   source notebook's path) besides the run's own parameters. A run is skipped when the hash of
   its inputs (notebook, parameters, edition data hash, library code) matches its stamp. Every
   failing run is reported, and the build stops before rendering;
3. write the title page (`report/executed/title.md`, included by `index.qmd`): edition,
   provenance, data hash, code commit, tool versions;
4. render with Quarto or the fallback (`render`) into a temporary folder, and move it into the
   output folder only on success, so a failed build keeps the last good report. Rendering is
   skipped when nothing it reads changed since the report in the output folder was made.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

from .framework import Framework
from .load import load_edition
from .problems import InputError
from .render import (
    Rendered,
    RenderError,
    choose_renderer,
    read_book,
    render,
    renderer_versions,
)
from .render.quarto import quarto_path

MANIFEST = Path("report/manifest.yml")
EXECUTED = Path("report/executed")
TITLE_PAGE = "title.md"
STAMPS = ".stamps.json"
OUTPUT_STAMP = ".build-stamp"
DEFAULT_EDITION = Path("data/raw/2025")
TINY_EDITION = Path("tests/data/tiny")
REPORTED_PACKAGES = ("pandas", "numpy", "matplotlib", "papermill")


class BuildError(RuntimeError):
    """The build cannot go on; the message says what to fix. Nothing was replaced."""


@dataclass(frozen=True)
class Run:
    """One papermill run of the manifest."""

    notebook: str  # source notebook, relative to the project root
    output: str  # executed notebook's file name in report/executed/
    parameters: dict = field(default_factory=dict)


def read_manifest(root: Path) -> list[Run]:
    """The runs of `report/manifest.yml`, in report order (BuildError when malformed)."""
    path = root / MANIFEST
    if not path.is_file():
        raise BuildError(f"{MANIFEST} is missing: run the build from the project root")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    runs, problems, seen = [], [], set()
    for i, item in enumerate(data.get("runs") or [], start=1):
        item = item or {}
        run = Run(str(item.get("notebook", "")), str(item.get("output", "")),
                  dict(item.get("parameters") or {}))
        if not (root / run.notebook).is_file():
            problems.append(f"run {i}: notebook {run.notebook!r} does not exist")
        if not run.output.endswith(".ipynb") or "/" in run.output:
            problems.append(f"run {i}: output must be a file name ending .ipynb, "
                            f"not {run.output!r}")
        if run.output in seen:
            problems.append(f"run {i}: output {run.output!r} is produced twice")
        if {"edition", "notebook"} & run.parameters.keys():
            problems.append(f"run {i}: 'edition' and 'notebook' are set by the build")
        seen.add(run.output)
        runs.append(run)
    if not runs:
        problems.append("no runs listed under 'runs:'")
    if problems:
        raise BuildError(f"{MANIFEST}:\n  " + "\n  ".join(problems))
    return runs


def executed_chapters(runs: list[Run]) -> list[str]:
    """The chapters (paths from the project root) the runs produce, in manifest order."""
    return [(EXECUTED / run.output).as_posix() for run in runs]


def check_chapters(root: Path, runs: list[Run]) -> None:
    """The book's executed chapters must be exactly the manifest's outputs, in the same order."""
    book = read_book(root)
    listed = [c for c in book.chapters if c.startswith(EXECUTED.as_posix() + "/")]
    expected = executed_chapters(runs)
    if listed != expected:
        raise BuildError(
            "_quarto.yml book.chapters and report/manifest.yml disagree:\n"
            f"  _quarto.yml lists  {listed}\n  the manifest makes {expected}"
        )


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def code_fingerprint() -> str:
    """Hash of the library's own files (code, styles, templates) as installed."""
    package = Path(__file__).parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix != ".pyc")
    return _digest(*(f"{p.relative_to(package).as_posix()}\0".encode() + p.read_bytes()
                     for p in files))


def run_key(root: Path, run: Run, parameters: dict, fw: Framework, code: str) -> str:
    """Hash of everything a run's result depends on."""
    return _digest((root / run.notebook).read_bytes(), json.dumps(parameters, sort_keys=True),
                   fw.data_hash, code)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _hide_injected_parameters(path: Path) -> None:
    """Mark papermill's injected-parameters cell `#| include: false` (neither renderer shows
    it, as neither shows the notebook's own parameters cell)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags and not cell.source.startswith("#| include: false"):
            cell.source = "#| include: false\n" + cell.source
    nbformat.write(nb, path)


def execute_runs(root: Path, runs: list[Run], edition: Path, fw: Framework,
                 log: Callable[[str], None]) -> None:
    """Run every notebook whose inputs changed; BuildError listing every failed run."""
    work = root / EXECUTED
    work.mkdir(parents=True, exist_ok=True)
    stamps = _read_json(work / STAMPS)
    code = code_fingerprint()
    edition_param = os.path.relpath(edition.resolve(), work.resolve())
    failures = []
    for i, run in enumerate(runs, start=1):
        parameters = {"edition": Path(edition_param).as_posix(), "notebook": run.notebook,
                      **run.parameters}
        key = run_key(root, run, parameters, fw, code)
        target = work / run.output
        prefix = f"[{i}/{len(runs)}] {run.output}"
        if stamps.get(run.output) == key and target.is_file():
            log(f"{prefix}: up to date")
            continue
        log(f"{prefix}: running {run.notebook} ...")
        started = time.monotonic()
        error = _execute(root / run.notebook, work, run.output, parameters)
        if error:
            failures.append(f"{run.output} ({run.notebook}): {error}")
            stamps.pop(run.output, None)
            log(f"{prefix}: FAILED")
        else:
            stamps[run.output] = key
            log(f"{prefix}: done in {time.monotonic() - started:.1f} s")
        _write_atomic(work / STAMPS, json.dumps(stamps, indent=1, sort_keys=True))
    if failures:
        raise BuildError(f"{len(failures)} of {len(runs)} notebook run(s) failed "
                         "(executed copies kept in report/executed/failed/):\n  "
                         + "\n  ".join(failures))


def _execute(notebook: Path, work: Path, output: str, parameters: dict) -> str:
    """Run one notebook into `work/output` (replaced only on success); '' or the error."""
    import papermill

    partial = work / f".running-{output}"
    try:
        papermill.execute_notebook(
            str(notebook), str(partial), parameters=parameters, cwd=str(work),
            kernel_name="python3", progress_bar=False, log_output=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except Exception as exc:  # papermill raises its own and the kernel's errors
        failed = work / "failed"
        failed.mkdir(exist_ok=True)
        if partial.exists():
            os.replace(partial, failed / output)
        return _first_line(exc)
    _hide_injected_parameters(partial)
    os.replace(partial, work / output)
    return ""


def _first_line(exc: Exception) -> str:
    """The kernel's own error line when papermill has one, else the exception's first line."""
    ename, evalue = getattr(exc, "ename", ""), getattr(exc, "evalue", "")
    if ename:
        return f"{ename}: {evalue}".strip()
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def git_commit(root: Path) -> str:
    """The checked-out commit, with '+ uncommitted changes' when tracked files differ."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" + uncommitted changes" if dirty.strip() else "")


def source_date_epoch(root: Path) -> int:
    """The PDF's date: SOURCE_DATE_EPOCH, else the last commit's time, else 0."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                          text=True)
    return int(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else 0


def tool_versions(renderer: str) -> dict[str, str]:
    """Python, this library, its main dependencies and the renderer's tools."""
    out = {"Python": platform.python_version()}
    for name in ("competency-framework", *REPORTED_PACKAGES):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    out.update(renderer_versions(renderer))
    return out


def title_page(fw: Framework, *, edition_path: str, commit: str, tools: dict[str, str],
               renderer: str) -> str:
    """The report's front matter as Markdown: what was built, from what, with what."""
    if fw.is_reconstructed:
        provenance = (
            "**This edition is reconstructed.** Its record-level rows were built to agree with "
            "the aggregates the published report prints; they are not what the institutes "
            "actually submitted. Counts and shares can be trusted as far as they match the "
            "published ones; no single row should be read as a particular institute's answer."
        )
    else:
        provenance = ("This edition holds the occupation and KSA selections the institutes "
                      "submitted, as collected.")
    rows = [
        ("Edition", fw.edition),
        ("Data", f"{fw.title} (`{edition_path}`)" if fw.title else f"`{edition_path}`"),
        ("Provenance", fw.provenance),
        ("Data hash (SHA-256)", f"`{fw.data_hash}`"),
        ("Code", f"commit `{commit}`"),
        ("Rendered by", renderer),
        ("Tool versions", "; ".join(f"{k} {v}" for k, v in tools.items())),
    ]
    facts = "\n\n".join(f"{k}\n:   {v}" for k, v in rows)
    return (
        "# About this report {.unnumbered}\n\n"
        "Every number, table and figure in this report is computed from the record-level data "
        "of one edition of the framework, by the code and tools named below.\n\n"
        f"{provenance}\n\n{facts}\n"
    )


def _tree_digest(root: Path, paths: list[Path], exclude: Path) -> str:
    """Hash of the given files and of every file under the given folders (hidden and
    underscore-prefixed names, and everything under `exclude`, skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() and not any(
                part.startswith((".", "_")) for part in p.relative_to(path).parts)
                and not p.is_relative_to(exclude)]
        elif path.is_file():
            files.append(path)
    files = sorted(set(files))
    return _digest(*(f"{p.relative_to(root).as_posix()}\0".encode() + p.read_bytes()
                     for p in files))


def _render_key(root: Path, renderer: str, tools: dict[str, str], out: Path) -> str:
    """Hash of everything rendering reads: the book, report/ (executed notebooks, figures,
    title page) and the renderer."""
    book = read_book(root)
    inputs = [root / "_quarto.yml", root / "report", *(root / c for c in book.chapters)]
    return _digest(renderer, json.dumps(tools, sort_keys=True), code_fingerprint(),
                   _tree_digest(root, inputs, exclude=out))


def _replace_folder(new: Path, out: Path) -> None:
    """Put `new` where `out` is, in two renames; refuses to replace a folder it did not make."""
    if out.exists():
        if not (out / OUTPUT_STAMP).is_file() and any(out.iterdir()):
            raise BuildError(f"{out} exists and was not made by this build: not replacing it")
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        os.replace(new, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, out)


def build_report(root: Path, edition: Path, out: Path, renderer: str = "auto",
                 log: Callable[[str], None] = print) -> Rendered:
    """Build the report of `edition` into `out` (see the module docstring); returns what was
    rendered. Raises InputError (bad edition), BuildError or RenderError."""
    root = Path(root).resolve()
    out = (root / out).resolve()
    runs = read_manifest(root)
    check_chapters(root, runs)
    renderer = choose_renderer(renderer)
    fw = load_edition(root / edition)
    log(f"edition {fw.edition} ({fw.provenance}) from {edition}, data hash {fw.data_hash[:12]}")

    execute_runs(root, runs, root / edition, fw, log)

    tools = tool_versions(renderer)
    names = {"quarto": "Quarto", "fallback": "pandoc and Typst (fallback renderer)"}
    title = title_page(fw, edition_path=Path(edition).as_posix(), commit=git_commit(root),
                       tools=tools, renderer=names[renderer])
    title_path = root / EXECUTED / TITLE_PAGE
    if not title_path.is_file() or title_path.read_text(encoding="utf-8") != title:
        _write_atomic(title_path, title)

    key = _render_key(root, renderer, tools, out)
    stamp = _read_json(out / OUTPUT_STAMP)
    if stamp.get("key") == key and all((out / stamp.get(k, "")).is_file() for k in ("html", "pdf")):
        log("report: up to date")
        return Rendered(renderer, out / stamp["html"], out / stamp["pdf"])

    log(f"rendering with {renderer} ...")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        rendered = render(root, renderer, tmp, timestamp=source_date_epoch(root))
        names_in_out = {"html": rendered.html.relative_to(tmp).as_posix(),
                        "pdf": rendered.pdf.relative_to(tmp).as_posix()}
        _write_atomic(tmp / OUTPUT_STAMP, json.dumps({"key": key, **names_in_out}, indent=1))
        _replace_folder(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Rendered(renderer, out / names_in_out["html"], out / names_in_out["pdf"])


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def report_command(args: argparse.Namespace) -> int:
    """The `report` command: 0 built, 1 bad edition or failed build, 2 usage."""
    root = Path.cwd()
    if not (root / "_quarto.yml").is_file():
        print("error: run the report command from the project root (where _quarto.yml is)",
              file=sys.stderr)
        return 2
    if args.renderer == "quarto" and not quarto_path():
        print("error: --renderer quarto, but quarto is not on the PATH", file=sys.stderr)
        return 2
    edition = Path(args.edition)
    if edition == DEFAULT_EDITION and not (root / edition).is_dir():
        print(f"note: {DEFAULT_EDITION} does not exist yet; building the tiny test edition "
              f"{TINY_EDITION} instead (choose one with EDITION=data/raw/<edition>)")
        edition = TINY_EDITION
    if not (root / edition).is_dir():
        print(f"error: edition folder {edition} does not exist", file=sys.stderr)
        return 2
    try:
        rendered = build_report(root, edition, Path(args.out), args.renderer)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
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
