"""`python -m competency_framework report`: from an edition folder to an HTML site and a PDF.

The build runs from the project root (where `_quarto.yml` is), in order:

1. load and validate the edition: an invalid edition stops the build before anything is written;
2. expand `report/manifest.yml` for the edition (see `manifest`: a run per technology area, per
   institute ...) and fit the book's chapter list to it (`_quarto.yml` lists the generated
   chapters of one edition; the build puts this edition's in their place);
3. run with papermill, in parallel across cores, every notebook whose inputs changed, into
   `report/executed/` (each executed notebook replaced only when its run succeeds); each
   worker keeps one kernel, reset between runs (`warm_kernel`). A run's
   inputs (`run_inputs`): its notebook, parameters, the edition's metadata, the data slices it
   declares it reads (else the whole edition), the library modules it imports, and the
   installed dependencies. One line per finished run: k of n, name, cached/ran/FAILED,
   seconds. Every failing run is named and the build stops before rendering;
4. write the title page (`title.md`, included by `index.qmd`: who made the report, what it
   regenerates, edition, provenance, data hash, code commit, tool versions), the list of
   executed notebooks (`notebooks.md`, where the PDF's "Source" links lead) and the
   provenance banner (`banner.html` on every HTML page,
   `banner.typ` on every PDF page; empty for collected data) into `report/executed/`;
5. render with Quarto or the fallback (`render`) into a temporary folder, and move it into the
   output folder only on success, so a failed build keeps the last good report. Rendering is
   skipped when nothing it reads changed since the report in the output folder was made.
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import multiprocessing.util
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from competency_framework.build.manifest import (
    INJECTED,
    ManifestError,
    Run,
    expand_runs,
    read_manifest,
)
from competency_framework.build.run_inputs import (
    TABLES,
    ReadsError,
    code_digest,
    data_digest,
    digest,
    environment_digest,
    package_fingerprint,
    reference_digest,
)
from competency_framework.edition.framework import Framework
from competency_framework.edition.load import load_edition
from competency_framework.edition.problems import InputError
from competency_framework.files import new_folder_beside, replace_folder, write_text_atomic
from competency_framework.paths import DEFAULT_EDITION, PACKAGE_DIR, TINY_EDITION
from competency_framework.present.escape import markdown_text
from competency_framework.render import (
    Book,
    Rendered,
    RenderError,
    choose_renderer,
    read_book,
    render,
    renderer_versions,
)
from competency_framework.render.markdown import notebook_page_of
from competency_framework.render.quarto import quarto_path

if TYPE_CHECKING:  # papermill and jupyter_client load in workers, only when something runs
    from competency_framework.build.kernels import WarmKernel

EXECUTED = Path("report/executed")
TITLE_PAGE = "title.md"
NOTEBOOKS_PAGE = "notebooks.md"
BANNER_HTML = "banner.html"
BANNER_TYPST = "banner.typ"
STAMPS = ".stamps.json"
OUTPUT_STAMP = ".build-stamp"
REPORTED_PACKAGES = ("pandas", "pyarrow", "numpy", "matplotlib", "networkx", "papermill")
# What a reader should know about each kind of provenance, on every page (none for collected).
PROVENANCE_BANNERS = {
    "reconstructed": (
        "Reconstructed data. The record-level rows of the {edition} edition were "
        "reconstructed to agree with the aggregates the published report prints; they are "
        "not the institutes' actual answers. Read its counts and shares, not single rows."
    ),
}


class BuildError(RuntimeError):
    """The build cannot go on; the message says what to fix. Nothing was replaced."""


# --- plan: the runs and the book for one edition ----------------------------------------------


def edition_tables(fw: Framework) -> dict[str, list[dict[str, str]]]:
    """The edition's tables as rows of strings (what `for_each` entries iterate over)."""
    return {name: getattr(fw, name).astype(str).to_dict("records") for name in TABLES}


def plan_book(root: Path, runs: list[Run]) -> Book:
    """The book of `_quarto.yml` with the runs' executed notebooks as its chapters, in manifest
    order and parts (BuildError when `_quarto.yml` lists executed notebooks itself)."""
    listed = read_book(root)
    executed = [c for c in listed.chapters if c.startswith(EXECUTED.as_posix() + "/")]
    if executed:
        raise BuildError(
            f"_quarto.yml lists executed notebooks as chapters ({', '.join(executed)}): the "
            "report's chapters come from report/manifest.yml (each run, with its `part`); "
            "list only the other pages, such as index.qmd, in _quarto.yml")
    return listed.with_appended([((EXECUTED / r.output).as_posix(), r.part) for r in runs])


def plan(root: Path, fw: Framework) -> tuple[list[Run], Book]:
    """The runs of the manifest for this edition, and the book fitted to them."""
    try:
        specs = read_manifest(root)
        runs = expand_runs(specs, edition_tables(fw))
    except ManifestError as exc:
        raise BuildError(str(exc)) from exc
    return runs, plan_book(root, runs)


# --- run: papermill, in parallel, only what changed -------------------------------------------


@dataclass(frozen=True)
class Job:
    """One run as the worker gets it."""

    notebook: str  # absolute path of the source notebook
    source: str  # the source notebook from the project root (as the manifest names it)
    work: str  # absolute path of report/executed
    output: str
    parameters: dict
    figures: str  # the run's own figure folder (relative to work), or ""


def _declares(notebook: Path, name: str) -> bool:
    """Whether the notebook's parameters cell assigns `name`."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            return re.search(rf"^\s*{re.escape(name)}\s*(:[^=]*)?=", source, re.M) is not None
    return False


def run_key(root: Path, run: Run, parameters: dict, fw: Framework,
            memo: dict[str, str]) -> str:
    """Hash of everything a run's result depends on."""
    notebook = root / run.notebook
    if "reference" not in memo:
        memo["reference"] = reference_digest()
    code = f"code:{notebook}"  # one notebook makes many runs (an institute's, an area's)
    if code not in memo:
        memo[code] = code_digest(notebook)
    return digest(notebook.read_bytes(), json.dumps(parameters, sort_keys=True),
                  data_digest(fw, run.reads, memo), memo[code],
                  environment_digest(), memo["reference"])


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _prune(work: Path, runs: list[Run], stamps: dict) -> None:
    """Remove executed notebooks and run figure folders no run of this edition makes (a
    previous edition's institutes), so the report cannot ship them."""
    keep = {run.output for run in runs}
    for path in work.glob("*.ipynb"):
        if path.name not in keep:
            path.unlink()
    figures = work / "figures"
    stems = {run.stem for run in runs}
    if figures.is_dir():
        for folder in figures.iterdir():
            if folder.is_dir() and folder.name not in stems and (
                    folder.name + ".ipynb") in stamps:
                shutil.rmtree(folder)
    for name in list(stamps):
        if name not in keep:
            del stamps[name]


def jobs_default() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def execute_runs(root: Path, runs: list[Run], edition: Path, fw: Framework,
                 log: Callable[[str], None], jobs: int | None = None) -> dict[str, str]:
    """Run every notebook whose inputs changed, `jobs` at a time; returns each output's
    status (cached, ran, failed). BuildError listing every failed run."""
    work = root / EXECUTED
    work.mkdir(parents=True, exist_ok=True)
    stamps = _read_json(work / STAMPS)
    _prune(work, runs, stamps)
    edition_param = Path(os.path.relpath(edition.resolve(), work.resolve())).as_posix()
    memo: dict[str, str] = {}
    todo: list[tuple[Run, str, Job]] = []
    status: dict[str, str] = {}
    total, done = len(runs), 0

    def report(run: Run, what: str, seconds: float | None = None) -> None:
        nonlocal done
        done += 1
        took = f" {seconds:6.1f} s" if seconds is not None else ""
        log(f"[{done:>{len(str(total))}}/{total}] {what:<6}{took}  {run.output}")

    for run in runs:
        parameters = {"edition": edition_param, "notebook": run.notebook, **run.parameters}
        figures = ""
        if _declares(root / run.notebook, "figures"):
            figures = f"figures/{run.stem}"
            parameters["figures"] = figures
        try:
            key = run_key(root, run, parameters, fw, memo)
        except ReadsError as exc:
            raise BuildError(f"{run.output} ({run.notebook}): {exc}") from exc
        if stamps.get(run.output) == key and (work / run.output).is_file():
            status[run.output] = "cached"
            report(run, "cached")
            continue
        todo.append((run, key, Job(str(root / run.notebook), run.notebook, str(work),
                                   run.output, parameters, figures)))

    failures = []
    if todo:
        import papermill  # noqa: F401  (imported once here, so forked workers start with it)

        workers = max(1, min(jobs or jobs_default(), len(todo)))
        # fork: workers start with the library already imported (spawn costs seconds each)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending: dict[Future, tuple[Run, str]] = {
                pool.submit(execute_job, job): (run, key) for run, key, job in todo}
            try:
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        run, key = pending.pop(future)
                        try:
                            error, seconds = future.result()
                        except Exception as exc:  # the worker itself died
                            error, seconds = f"{type(exc).__name__}: {exc}", 0.0
                        if error:
                            failures.append(f"{run.output} ({run.notebook}): {error}")
                            stamps.pop(run.output, None)
                            status[run.output] = "failed"
                            report(run, "FAILED", seconds)
                        else:
                            stamps[run.output] = key
                            status[run.output] = "ran"
                            report(run, "ran", seconds)
                        write_text_atomic(work / STAMPS, json.dumps(stamps, indent=1,
                                                                sort_keys=True))
            except KeyboardInterrupt:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    write_text_atomic(work / STAMPS, json.dumps(stamps, indent=1, sort_keys=True))
    if failures:
        raise BuildError(f"{len(failures)} of {len(runs)} notebook run(s) failed (each one "
                         "whose cells ran is kept in report/executed/failed/):\n  "
                         + "\n  ".join(sorted(failures)))
    return status


_KERNEL: WarmKernel | None = None  # this worker's kernel, kept from one run to the next


def _worker_kernel(work: str) -> WarmKernel:
    """This worker's kernel, reset for the next run; a new one, started in `work`, when there
    is none, it died or it cannot be reset."""
    from competency_framework.build.kernels import WarmKernel

    global _KERNEL
    if _KERNEL is not None:
        try:
            if _KERNEL.cwd == work and _KERNEL.alive():
                _KERNEL.reset()
                return _KERNEL
        except (RuntimeError, TimeoutError):  # KernelError, or no answer in time
            pass
        _drop_kernel()
    _KERNEL = WarmKernel(work, ["--IPKernelApp.log_level=CRITICAL"])
    multiprocessing.util.Finalize(None, _drop_kernel, exitpriority=10)
    return _KERNEL


def _drop_kernel() -> None:
    global _KERNEL
    if _KERNEL is not None:
        kernel, _KERNEL = _KERNEL, None
        kernel.shutdown()


def execute_job(job: Job) -> tuple[str, float]:
    """Run one notebook into `work/output` (replaced only on success): ('' or the error,
    seconds). Runs in a worker process, in the worker's kernel (`warm_kernel`); a failed run
    gives up its kernel, so the next run starts a new one."""
    import papermill

    from competency_framework.build.kernels import ENGINE, KERNEL_NAME

    started = time.monotonic()
    work = Path(job.work)
    partial = work / f".running-{job.output}"
    if job.figures:  # the run's own folder holds exactly what this run draws
        shutil.rmtree(work / job.figures, ignore_errors=True)
        (work / job.figures).mkdir(parents=True)
    (work / "failed" / job.output).unlink(missing_ok=True)  # no earlier build's failure
    try:
        papermill.execute_notebook(
            job.notebook, str(partial), parameters=job.parameters, cwd=str(work),
            kernel_name=KERNEL_NAME, engine_name=ENGINE, kernel=_worker_kernel(str(work)),
            progress_bar=False, log_output=False,
            request_save_on_cell_execute=False,  # written once at the end (or on failure)
        )
    except Exception as exc:  # papermill raises its own and the kernel's errors
        _drop_kernel()
        failed = work / "failed"
        failed.mkdir(exist_ok=True)
        if partial.exists():
            os.replace(partial, failed / job.output)
        return _first_line(exc), time.monotonic() - started
    _finish_executed(partial, job)
    os.replace(partial, work / job.output)
    return "", time.monotonic() - started


def _finish_executed(path: Path, job: Job) -> None:
    """Make an executed notebook what the report ships: papermill's injected-parameters cell
    marked `#| include: false` (neither renderer shows it, as neither shows the notebook's own
    parameters cell), and no clock times or machine paths, so that the same input gives the
    same bytes. A print the kernel happened to flush in pieces is one output again."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.get("outputs"):
            cell["outputs"] = coalesce_streams(cell["outputs"])
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"  # papermill gives it a random one
            if not cell.source.startswith("#| include: false"):
                cell.source = "#| include: false\n" + cell.source
        cell.get("metadata", {}).pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell.get("metadata", {}).get("papermill", {}).pop(key, None)
    meta = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration"):
        meta.pop(key, None)
    meta.update(input_path=job.source, output_path=f"{EXECUTED.as_posix()}/{job.output}")
    nbformat.write(nb, path)


def coalesce_streams(outputs: list) -> list:
    """`outputs` with each run of consecutive outputs to the same stream joined into one."""
    joined: list = []
    for output in outputs:
        last = joined[-1] if joined else None
        if (output.get("output_type") == "stream" and last is not None
                and last.get("output_type") == "stream" and last.get("name") == output.get("name")):
            last["text"] = "".join(last["text"]) + "".join(output["text"])
        else:
            joined.append(output)
    return joined


def _first_line(exc: Exception) -> str:
    """The kernel's own error line when papermill has one, else the exception's first line."""
    ename, evalue = getattr(exc, "ename", ""), getattr(exc, "evalue", "")
    if ename:
        return f"{ename}: {evalue}".strip()
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


# --- front matter: title page and provenance banner -------------------------------------------


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


def citation(book: Book) -> str:
    """Who made this report and which publication it regenerates, as Markdown ('' when
    `_quarto.yml` names none)."""
    original = book.regenerates
    if not original:
        return ""
    authors = original.get("authors") or []
    names = ", ".join(str(a) for a in authors) if isinstance(authors, list) else str(authors)
    cited = ". ".join(markdown_text(str(part)) for part in (names, original.get("year", ""))
                      if str(part).strip())
    where = markdown_text(str(original.get("publisher", "")))
    by = f", made by {markdown_text(book.author)}" if book.author else ""
    return (
        f"This report is an independent regeneration{by}; it is not a publication of NIST or "
        "of Manufacturing USA. It recomputes the statistics, tables and figures of:\n\n"
        f"> {cited}. *{markdown_text(str(original.get('title', '')))}*. {where}.\n\n"
        "Its prose is written anew; the framework's names, codes, definitions and KSA "
        "statements are the original's, used as data.\n\n"
    )


def notebooks_page(runs: list[Run]) -> str:
    """The list of executed notebooks at the end of the home page: what each was made from and
    with which parameters. Every figure's and table's "Source" link in the PDF points here."""
    lines = [
        "## The notebooks behind the figures and tables {.unnumbered}\n",
        "Each figure and table names the executed notebook that made it. Each notebook below "
        "was run from the repository's notebook named after it, at the commit given above, "
        "with the parameters shown (and the edition's folder); the HTML version shows every "
        "cell of it.\n",
    ]
    for run in runs:
        entry = (f"[`{run.output}`]{{#notebook-{run.stem} .notebook-entry "
                 f'href="{notebook_page_of((EXECUTED / run.output).as_posix())}"}}')
        params = ", ".join(f"{markdown_text(str(k))} = {markdown_text(str(v))}"
                           for k, v in run.parameters.items())
        lines.append(f"- {entry}: from `{run.notebook}`" + (f", with {params}" if params else ""))
    return "\n".join(lines) + "\n"


def title_page(fw: Framework, *, edition_path: str, commit: str, tools: dict[str, str],
               renderer: str, book: Book | None = None) -> str:
    """The report's front matter as Markdown: whose it is, what it regenerates, what was
    built, from what, with what."""
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
        + (citation(book) if book else "")
        + "Every number, table and figure in this report is computed from the record-level data "
        "of one edition of the framework, by the code and tools named below.\n\n"
        f"{provenance}\n\n{facts}\n"
    )


def provenance_banner(fw: Framework) -> str:
    """The sentence every page carries for this edition's provenance ('' for collected)."""
    text = PROVENANCE_BANNERS.get(fw.provenance, "")
    return text.format(edition=fw.edition) if text else ""


def banner_html(text: str) -> str:
    """The banner as an HTML fragment (Quarto's include-before-body; the fallback's too)."""
    if not text:
        return ""
    # a div, not an aside: Quarto's HTML moves asides into the margin
    return (f'<div class="provenance-banner" role="note" aria-label="Data provenance">'
            f"<p>{html.escape(text)}</p></div>\n")


def banner_typst(text: str) -> str:
    """The banner as a Typst page header, on every page of the PDF ('' for none)."""
    if not text:
        return ""
    escaped = re.sub(r'([\\"])', r"\\\1", text)
    return ("#set page(header: align(center, text(size: 7.5pt, fill: rgb(\"#5a4300\"), "
            f'"{escaped}")))\n')


def write_front_matter(root: Path, fw: Framework, *, edition: Path, renderer: str,
                       tools: dict[str, str], book: Book, runs: list[Run]) -> None:
    """Title page, list of notebooks and banners into report/executed/ (rewritten only when
    they change)."""
    names = {"quarto": "Quarto", "fallback": "pandoc and Typst (fallback renderer)"}
    banner = provenance_banner(fw)
    files = {
        TITLE_PAGE: title_page(fw, edition_path=edition.as_posix(), commit=git_commit(root),
                               tools=tools, renderer=names[renderer], book=book),
        NOTEBOOKS_PAGE: notebooks_page(runs),
        BANNER_HTML: banner_html(banner),
        BANNER_TYPST: banner_typst(banner),
    }
    for name, text in files.items():
        path = root / EXECUTED / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)


# --- render: atomically, only when something changed ------------------------------------------


def _tree_files(folder: Path) -> list[Path]:
    """Files under `folder`, hidden names and failed runs left out."""
    return [p for p in folder.rglob("*") if p.is_file() and not any(
        part.startswith(".") or part == "failed" for part in p.relative_to(folder).parts)]


def _render_key(root: Path, book: Book, renderer: str, tools: dict[str, str]) -> str:
    """Hash of everything rendering reads: the book (as fitted to the edition), its chapters,
    report/executed/ (notebooks, figures, title page, banners), the renderer and its code."""
    files = set(_tree_files(root / EXECUTED))
    files.add(root / "_quarto.yml")
    files.update(root / c for c in book.chapters if (root / c).is_file())
    render_code = PACKAGE_DIR / "render"
    parts = [renderer, json.dumps(tools, sort_keys=True),
             json.dumps(book.config, sort_keys=True, default=str)]
    parts += [f"{p.relative_to(render_code).as_posix()}\0".encode() + p.read_bytes()
              for p in sorted(_tree_files(render_code)) if p.suffix != ".pyc"]
    parts += [f"{p.relative_to(root).as_posix()}\0".encode() + p.read_bytes()
              for p in sorted(files)]
    return digest(*parts)


def replace_output(new: Path, out: Path) -> None:
    """Put `new` at `out`, refusing to replace a folder this build did not make."""
    if out.exists() and not (out / OUTPUT_STAMP).is_file() and any(out.iterdir()):
        raise BuildError(f"{out} exists and was not made by this build: not replacing it")
    replace_folder(new, out)


def build_report(root: Path, edition: Path, out: Path, renderer: str = "auto",
                 log: Callable[[str], None] = print, jobs: int | None = None) -> Rendered:
    """Build the report of `edition` into `out` (see the module docstring); returns what was
    rendered. Raises InputError (bad edition), BuildError or RenderError."""
    root = Path(root).resolve()
    out = (root / out).resolve()
    try:
        read_manifest(root)  # a malformed manifest stops the build before the edition loads
    except ManifestError as exc:
        raise BuildError(str(exc)) from exc
    renderer = choose_renderer(renderer)
    fw = load_edition(root / edition)
    runs, book = plan(root, fw)
    log(f"edition {fw.edition} ({fw.provenance}) from {Path(edition).as_posix()}, "
        f"data hash {fw.data_hash[:12]}; {len(runs)} notebook runs, "
        f"{min(jobs or jobs_default(), len(runs))} at a time")

    started = time.monotonic()
    status = execute_runs(root, runs, root / edition, fw, log, jobs)
    counts = {s: list(status.values()).count(s) for s in ("ran", "cached")}
    log(f"notebooks: {counts['ran']} ran, {counts['cached']} cached "
        f"({time.monotonic() - started:.1f} s)")

    tools = tool_versions(renderer)
    write_front_matter(root, fw, edition=Path(edition), renderer=renderer, tools=tools,
                       book=book, runs=runs)

    key = _render_key(root, book, renderer, tools)
    stamp = _read_json(out / OUTPUT_STAMP)
    if stamp.get("key") == key and all((out / stamp.get(k, "")).is_file() for k in ("html", "pdf")):
        log("report: up to date")
        return Rendered(renderer, out / stamp["html"], out / stamp["pdf"])

    log(f"rendering {len(book.chapters)} chapters with {renderer} ...")
    started = time.monotonic()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = new_folder_beside(out)
    try:
        rendered = render(root, book, renderer, tmp, timestamp=source_date_epoch(root))
        names_in_out = {"html": rendered.html.relative_to(tmp).as_posix(),
                        "pdf": rendered.pdf.relative_to(tmp).as_posix()}
        write_text_atomic(tmp / OUTPUT_STAMP, json.dumps({"key": key, **names_in_out}, indent=1))
        replace_output(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"rendered in {time.monotonic() - started:.1f} s")
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
                                log=lambda line: print(line, flush=True), jobs=jobs)
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


__all__ = ["INJECTED", "BuildError", "build_report", "execute_runs", "package_fingerprint",
           "plan", "plan_book", "report_command", "title_page"]
