"""Running the report's notebooks: papermill, in parallel across worker processes that each keep
one kernel (reset between runs), only the runs whose inputs changed since they last ran, each
executed notebook replaced only when its run succeeds.

The runs whose notebook declares an `audit_rows` parameter read one audit of the edition, which
the build writes (`AUDIT_ROWS`, by `AUDIT_WRITER`) before they run, instead of each auditing
the edition again. A notebook that declares a build option's name (`manifest.OPTIONS`) is
told whether it is on (for `previous`, the previous edition's folder or ""), so a chapter
that names the others can say what this build holds."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.util
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from competency_framework.build.manifest import OPTIONS, Run
from competency_framework.build.plan import BuildError
from competency_framework.build.run_inputs import (
    ReadsError,
    code_digest,
    data_digest,
    digest,
    environment_digest,
    module_digest,
    reference_digest,
)
from competency_framework.edition.framework import Framework
from competency_framework.files import write_text_atomic
from competency_framework.paths import EXECUTED
from competency_framework.processes import die_with_parent

if TYPE_CHECKING:  # papermill and jupyter_client load in workers, only when something runs
    from competency_framework.build.kernels import WarmKernel

STAMPS = ".stamps.json"
AUDIT_ROWS = ".audit.json"  # in report/executed: the edition's audit, for the runs that read it
AUDIT_WRITER = "competency_framework.present.chapter"  # the module that writes it


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
            memo: dict[str, str], previous: Framework | None = None) -> str:
    """Hash of everything a run's result depends on (a run told of the `previous` edition
    depends on the whole of it too)."""
    notebook = root / run.notebook
    if "reference" not in memo:
        memo["reference"] = reference_digest()
    code = f"code:{notebook}"  # one notebook makes many runs (an institute's, an area's)
    if code not in memo:
        memo[code] = code_digest(notebook)
    parts: list[bytes | str] = [notebook.read_bytes(), json.dumps(parameters, sort_keys=True),
             data_digest(fw, run.reads, memo), memo[code], environment_digest(),
             memo["reference"]]
    if parameters.get("previous") and previous is not None:
        parts.append(data_digest(previous, None))
    if "audit_rows" in parameters:  # the shared audit reads the whole edition
        if "audit" not in memo:
            memo["audit"] = digest(data_digest(fw, None), module_digest(AUDIT_WRITER))
        parts.append(memo["audit"])
    return digest(*parts)


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cached(executed: Path, stamp: object, key: str) -> bool:
    """Whether the executed notebook at `executed` is this run's result for `key`: the stamp
    has the key, and the file is there, intact (the digest the stamp took of it when the run
    finished) and a notebook. A truncated or edited file runs again. A stamp from before
    stamps held digests (the key alone) needs the file to be a notebook."""
    if isinstance(stamp, str):
        stamp = {"key": stamp, "sha256": None}
    if not isinstance(stamp, dict) or stamp.get("key") != key:
        return False
    try:
        data = executed.read_bytes()
        if stamp["sha256"] is not None and hashlib.sha256(data).hexdigest() != stamp["sha256"]:
            return False
        return isinstance(json.loads(data), dict)
    except (OSError, ValueError):
        return False


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
                 log: Callable[[str], None], jobs: int | None = None,
                 options: frozenset[str] = frozenset(),
                 previous: Framework | None = None) -> dict[str, str]:
    """Run every notebook whose inputs changed, `jobs` at a time; returns each output's
    status (cached, ran, failed). `options`: the build options on (`plan.build_options`);
    `previous`: the edition the build compares with (loaded from its `source` folder).
    BuildError listing every failed run."""
    work = root / EXECUTED
    work.mkdir(parents=True, exist_ok=True)
    stamps = read_json(work / STAMPS)
    _prune(work, runs, stamps)
    edition_param = Path(os.path.relpath(edition.resolve(), work.resolve())).as_posix()
    option_values: dict[str, object] = {
        "profiles": "profiles" in options,
        "previous": "" if previous is None else Path(os.path.relpath(
            Path(previous.source).resolve(), work.resolve())).as_posix()}
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
        if _declares(root / run.notebook, "audit_rows"):
            parameters["audit_rows"] = AUDIT_ROWS
        for option in OPTIONS:  # part of the run's key: switching one re-runs the notebook
            if _declares(root / run.notebook, option):
                parameters[option] = option_values[option]
        try:
            key = run_key(root, run, parameters, fw, memo, previous)
        except ReadsError as exc:
            raise BuildError(f"{run.output} ({run.notebook}): {exc}") from exc
        if _cached(work / run.output, stamps.get(run.output), key):
            if not isinstance(stamps[run.output], dict):  # an old stamp: take the digest now
                stamps[run.output] = {"key": key, "sha256": file_digest(work / run.output)}
            status[run.output] = "cached"
            report(run, "cached")
            continue
        todo.append((run, key, Job(str(root / run.notebook), run.notebook, str(work),
                                   run.output, parameters, figures)))

    if any("audit_rows" in job.parameters for _, _, job in todo):
        write_shared_audit(work / AUDIT_ROWS, fw)
    failures = []
    if todo:
        import papermill  # noqa: F401  (imported once here, so forked workers start with it)

        workers = max(1, min(jobs or jobs_default(), len(todo)))
        # fork: workers start with the library already imported (spawn costs seconds each)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        # a worker dies with the build, however the build dies (its kernel dies with it)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
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
                            stamps[run.output] = {"key": key,
                                                  "sha256": file_digest(work / run.output)}
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


def write_shared_audit(path: Path, fw: Framework) -> None:
    """The edition's audit rows into `path`, for the runs that read them; BuildError when the
    audit fails."""
    from competency_framework.present.chapter import write_audit_rows

    try:
        write_audit_rows(path, fw)
    except Exception as exc:  # a failing audit fails its chapters: say so once, by name
        raise BuildError(f"the audit of edition {fw.edition} failed: "
                         f"{type(exc).__name__}: {exc}") from exc


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
