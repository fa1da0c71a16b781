"""Benchmarks (`make bench`): how long the report's stages take and how much memory they use,
on an edition and on synthetic editions scaled from it (`synthetic.scale_edition`).

Two groups of measurements, each repeated and summarised by its median:

- report build, at each build scale (default the base edition, 1x, and a 50-times edition;
  `build_edition`: at most 50 institutes, the rest of the scale in occupations): wall seconds
  of `python -m competency_framework report --renderer fallback --profiles` (the whole
  report with the institute profiles, as when the targets were set, run in a temporary copy
  of the project with this interpreter and the copy's library), its CPU seconds and its peak
  memory: the largest sum, sampled every 0.1 s, of the proportional set sizes of the build's
  process and all its descendants (notebook kernels, pandoc, ...; `TreeMemory`: a page
  shared between processes counted once), with the largest sum of their resident set sizes
  (an upper bound, a shared page counted once per process) and the largest single process's
  exact peak resident set (ru_maxrss) in the note. Measured: a clean build
  (generated folders and stamps deleted) and a rebuild with nothing changed at every scale;
  up to 10x also a rebuild after one institute's connections changed (one of its
  connections removed, then restored: every repetition is a change), then the render alone
  (the build's own "rendered in" seconds, the notebooks cached) by the fallback and, where
  Quarto is on the PATH, by Quarto, one after the other on the same executed notebooks
  (`render-quarto` is judged against 3 times `render-fallback`). A ratio row divides the
  50x clean build's median by the 1x one's (`RATIO_TARGETS`);
- library stages, each in a fresh subprocess, at every scale: `load` (load and validate),
  `statistics` (every public statistic of `competency_framework.statistics` once),
  `figures` (every figure the report draws, area figures for every area), `figure2` (Figure 2,
  the network map, alone) and `audit` (all published entries against the edition). The
  subprocess loads the edition first where the stage needs it (not timed), then times the
  stage alone; its peak memory is the process's peak resident set size during the stage
  (Linux `VmHWM`, reset before the stage through /proc/self/clear_refs, so it counts the loaded
  edition and everything numpy and pandas allocate, but not the loading's own peak).

`run_benchmarks` returns a JSON-ready dict (machine, editions, rows); `format_table` prints the
rows; `main` is the command line (`python -m benchmarks`, `make bench`). Targets are data
(`TARGETS`); each row says whether it met its target.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import importlib
import inspect
import json
import os
import pkgutil
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from competency_framework.paths import DEFAULT_EDITION, REPO_ROOT, TINY_EDITION

ROOT = REPO_ROOT
STAND_IN_CONNECTIONS = 1250  # the 2025 edition's connections and institutes: the shape of
STAND_IN_INSTITUTES = 18  # the stand-in used while data/raw/2025 does not exist
DEFAULT_SCALES = (1, 10, 100, 1000)
DEFAULT_BUILD_SCALES = (1, 50)  # the report build: the base edition and a 50-times edition
BUILD_INSTITUTES = 50  # at most this many institutes in a scaled build edition (see build_edition)
DEFAULT_OUT = Path("benchmarks/results/bench.json")
STAGES = ("load", "statistics", "figures", "figure2", "audit")
BUILDS = ("build-clean", "build-unchanged", "build-one-institute")
MEMORY_SAMPLE_S = 0.1  # how often the build's process tree is sampled for its memory
QUARTO_RENDER_RATIO = 3.0  # Quarto's render may take at most this many times the fallback's
TIMEOUT_S = 120  # per run of a library stage; a stage this slow misses any target
BUILD_TIMEOUT_S = 900
MEMORY_LIMIT_GB = 8.0  # address space of a stage's process: MemoryError, not the OOM killer
SEED = 2025


@dataclass(frozen=True)
class Target:
    """A limit on a row's median seconds and/or median peak memory."""

    seconds: float | None = None
    peak_mb: float | None = None

    def __str__(self) -> str:
        parts = []
        if self.seconds is not None:
            parts.append(f"< {self.seconds:g} s")
        if self.peak_mb is not None:
            parts.append(f"< {self.peak_mb / 1024:g} GB")
        return ", ".join(parts)

    def met(self, seconds: float | None, peak_mb: float | None) -> bool | None:
        """Whether the medians are under the limits (None when a median is missing)."""
        checks = [(self.seconds, seconds), (self.peak_mb, peak_mb)]
        if any(limit is not None and value is None for limit, value in checks):
            return None
        return all(limit is None or (value is not None and value < limit)
                   for limit, value in checks)


# (measure, scale) -> target; scale None: at every scale without a target of its own. Issue
# 8's targets (clean build, statistics, Figure 2) and issue 18's (no-change rebuild at any
# size, a build's peak memory).
BUILD_PEAK_MB = 1024
TARGETS: dict[tuple[str, int | None], Target] = {
    ("build-clean", 1): Target(seconds=40, peak_mb=BUILD_PEAK_MB),
    ("build-clean", None): Target(peak_mb=BUILD_PEAK_MB),
    ("build-unchanged", None): Target(seconds=2, peak_mb=BUILD_PEAK_MB),
    ("build-one-institute", None): Target(peak_mb=BUILD_PEAK_MB),
    ("statistics", 1000): Target(seconds=2, peak_mb=2048),
    ("figure2", 100): Target(seconds=10),
}
# (measure, scale, base scale) -> the most times the base scale's median it may take (issue
# 18: a clean build of a 50-times edition within 2.5 times the 2025 edition's).
RATIO_TARGETS: dict[tuple[str, int, int], float] = {
    ("build-clean", 50, 1): 2.5,
}


def target_for(measure: str, scale: int | None) -> Target | None:
    """The target of `measure` at `scale`: its own, else the one for every scale."""
    return TARGETS.get((measure, scale), TARGETS.get((measure, None)))


@dataclass
class Row:
    """One measurement repeated `len(seconds)` times."""

    measure: str
    edition: str
    connections: int | None
    seconds: list[float] = field(default_factory=list)  # wall
    cpu_s: list[float] = field(default_factory=list)  # CPU (user + system), all processes
    peak_mb: list[float] = field(default_factory=list)
    parts: dict[str, list[float]] = field(default_factory=dict)  # seconds per part per run
    ratio: float | None = None  # a ratio row: this measure's median over another's
    note: str = ""
    failed: list[str] = field(default_factory=list)  # parts that ran out of memory
    error: str = ""
    target: str = ""
    met: bool | None = None

    @property
    def median_s(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def median_cpu_s(self) -> float | None:
        return statistics.median(self.cpu_s) if self.cpu_s else None

    @property
    def median_peak_mb(self) -> float | None:
        return statistics.median(self.peak_mb) if self.peak_mb else None

    def as_dict(self) -> dict:
        out = asdict(self)
        out["runs"] = len(self.seconds)
        out["median_s"] = _round(self.median_s, 3)
        out["median_cpu_s"] = _round(self.median_cpu_s, 3)
        out["median_peak_mb"] = _round(self.median_peak_mb, 1)
        out["ratio"] = _round(self.ratio, 3)
        out["median_parts_s"] = {k: _round(statistics.median(v), 3)
                                 for k, v in self.parts.items() if v}
        return out

    def judge(self, scale: int | None) -> None:
        """Set `target` and `met` from `TARGETS` (see `target_for`)."""
        target = target_for(self.measure, scale)
        if target is not None:
            self.target = str(target)
            if self.error:
                self.met = None
            elif self.failed:  # not every part ran: the stage as a whole missed
                self.met = False
            else:
                self.met = target.met(self.median_s, self.median_peak_mb)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# ----------------------------------------------------------------------------- stages


def _statistics_calls(fw) -> tuple[list[tuple[str, Callable[[], object]]], list[str]]:
    """Every public statistic of a Framework as a call with example arguments, and the ones
    that could not be called (their required parameters are unknown here)."""
    import competency_framework.statistics as package

    values = _example_arguments(fw)
    calls: list[tuple[str, Callable[[], object]]] = []
    skipped: list[str] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(func).parameters.values())
            if not params or params[0].name != "fw":
                continue  # a helper, not a statistic of a Framework
            required = [p.name for p in params[1:] if p.default is inspect.Parameter.empty]
            if any(r not in values for r in required):
                skipped.append(f"{info.name}.{name}")
                continue
            kwargs = {r: values[r] for r in required}
            calls.append((f"{info.name}.{name}", functools.partial(func, fw, **kwargs)))
    return calls, skipped


def _example_arguments(fw) -> dict[str, object]:
    """One value per parameter name a statistic may require."""
    competencies = fw.competencies[fw.competencies["level"] == "competency"]["code"]
    return {
        "area_id": sorted(fw.technology_areas["area_id"])[0],
        "institute_id": sorted(fw.institutes["institute_id"])[0],
        "occupation_id": sorted(fw.occupations["occupation_id"])[0],
        "code": sorted(competencies)[0] if len(competencies) else "4",
        "tier": 4,
        "at_least": 2,
        "keys": ["area_id"],
        "scope": "specific",
        "n": 5,
    }


def _figure_calls(fw, out_dir: Path) -> tuple[list[tuple[str, Callable[[], object]]], list[str]]:
    """Every figure of `competency_framework.present.figures` the report draws, as calls: functions
    named `*_figure` (save_figure aside); one call per technology area for those taking
    `area_id`."""
    import competency_framework.present.figures as package
    from competency_framework.present.changes_text import compare
    from competency_framework.present.chapter import Chapter
    from competency_framework.present.numbers import PlainNumbers
    from competency_framework.statistics.competencies import ksa_counts_by_competency

    shared = {"out_dir": out_dir, "edition": fw.edition, "numbers": PlainNumbers()}
    providers = {"counts": lambda: ksa_counts_by_competency(fw),
                 # the edition against itself: every institute drawn, none changed
                 "cmp": lambda: compare(Chapter(fw, {}, fw.edition), fw)}
    areas = sorted(fw.technology_areas["area_id"])
    calls: list[tuple[str, Callable[[], object]]] = []
    skipped: list[str] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if (func.__module__ != module.__name__ or not name.endswith("_figure")
                    or name == "save_figure"):
                continue
            params = inspect.signature(func).parameters.values()
            required = [p.name for p in params if p.default is inspect.Parameter.empty]
            known = {"fw", "area_id", *shared, *providers}
            if any(r not in known for r in required):
                skipped.append(f"{info.name}.{name}")
                continue

            def call(func=func, required=required, area=None):
                kwargs = {}
                for r in required:
                    if r == "fw":
                        kwargs[r] = fw
                    elif r == "area_id":
                        kwargs[r] = area
                    elif r in providers:
                        kwargs[r] = providers[r]()
                    else:
                        kwargs[r] = shared[r]
                return func(**kwargs)

            label = f"{info.name}.{name}"
            if "area_id" in required:
                calls += [(label, functools.partial(call, area=a)) for a in areas]
            else:
                calls.append((label, call))
    return calls, skipped


def _timed_parts(calls: Iterable[tuple[str, Callable[[], object]]], what: str) -> dict:
    """Run the calls: seconds per label (summed over calls sharing a label), and the labels
    that ran out of memory (the others still run); as stage details."""
    parts: dict[str, float] = {}
    failed: list[str] = []
    for label, call in calls:
        started = time.perf_counter()
        try:
            call()
        except MemoryError as exc:
            failed.append(f"{label} ({type(exc).__name__}: {str(exc)[:80]})")
            continue
        parts[label] = parts.get(label, 0.0) + time.perf_counter() - started
    note = f"{len(parts)} {what}" + (f"; out of memory: {', '.join(failed)}" if failed else "")
    return {"parts": parts, "failed": failed, "note": note}


def _stage(name: str, folder: Path, work: Path) -> Callable[[], dict]:
    """Set up stage `name` on the edition in `folder` (untimed) and return the timed call,
    which returns the stage's details (`parts`, `failed`, `note`)."""
    from competency_framework.edition.load import load_edition

    if name == "load":
        return lambda: {"note": f"{len(load_edition(folder).essential_ksas):,} connections"}
    fw = load_edition(folder)
    if name in ("statistics", "figures"):
        if name == "figures":
            import matplotlib

            matplotlib.use("Agg")
        calls, skipped = (_statistics_calls(fw) if name == "statistics"
                          else _figure_calls(fw, work))
        if skipped:
            raise ValueError(f"cannot call {', '.join(skipped)}: bench._example_arguments "
                             "has no value for a required parameter")
        return lambda: _timed_parts(calls, name)
    if name == "figure2":
        import matplotlib

        matplotlib.use("Agg")
        from competency_framework.present.figures.network_map import network_map_figure
        from competency_framework.present.numbers import PlainNumbers

        def figure2() -> dict:
            saved = network_map_figure(fw, work, numbers=PlainNumbers())
            if saved.drawn is None:
                raise RuntimeError("network_map_figure returned no drawn model")
            counts, extra = saved.drawn.counts, saved.drawn.extra
            return {"note": (
                f"lines {extra['edge_level']} level ({counts['connection_lines']:,} drawn), "
                f"{counts['ksas_drawn']:,}/{counts['ksas']:,} KSA and "
                f"{counts['selections_drawn']:,}/{counts['selections']:,} selection circles, "
                f"smallest type {saved.print_font_pt:.1f} pt in print")}

        return figure2
    if name == "audit":
        from competency_framework.audit import audit
        from competency_framework.reference.published import PUBLISHED_DIR, load_published

        entries = load_published(PUBLISHED_DIR)

        def run_audit() -> dict:
            frame = audit(fw, entries)
            return {"note": f"{len(frame)} checks"}

        return run_audit
    raise ValueError(f"unknown stage {name!r}; the stages are {', '.join(STAGES)}")


def _memory_kb(key: str) -> int | None:
    """A line of /proc/self/status in kB (VmRSS, VmHWM), or None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset this process's peak RSS (Linux 4.0+); False when that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def child(stage: str, folder: str, work: str, memory_limit_gb: float = MEMORY_LIMIT_GB) -> dict:
    """Run one stage once in this process (fresh), writing files into the folder `work`: its
    seconds, peak MB and details. The address space is capped at `memory_limit_gb` (0: none)."""
    import gc

    if memory_limit_gb > 0:
        cap = int(memory_limit_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    timed = _stage(stage, Path(folder), Path(work))
    gc.collect()
    reset = _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    details = timed()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    hwm = _memory_kb("VmHWM") if reset else None
    # without a reset high-water mark: the whole process's peak, loading included
    peak_kb = hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "cpu_s": cpu, "peak_mb": peak_kb / 1024, **details}


def measure_stage(stage: str, folder: Path, edition: str, connections: int, repeats: int,
                  *, timeout: float = TIMEOUT_S, memory_limit_gb: float = MEMORY_LIMIT_GB
                  ) -> Row:
    """Run `stage` on `folder` `repeats` times, each in a fresh Python process (stopped after
    `timeout` seconds or past `memory_limit_gb`; the first failure ends the row)."""
    row = Row(stage, edition, connections)
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="bench-stage-") as work:
            cmd = [sys.executable, "-m", "benchmarks.bench", "--child", stage,
                   str(folder), work, f"--memory-limit-gb={memory_limit_gb:g}"]
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                row.error = f"timed out after {timeout:g} s"
                break
        if done.returncode != 0:
            lines = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()
            last = lines[-1]
            if "MemoryError" in last.split(":")[0]:  # numpy's _ArrayMemoryError too
                last = (f"MemoryError (address space capped at {memory_limit_gb:g} GB):"
                        f"{last.split(':', 1)[-1]}")
            row.error = f"exit {done.returncode}: {last}"
            break
        result = json.loads(done.stdout.strip().splitlines()[-1])
        row.seconds.append(result["seconds"])
        row.cpu_s.append(result["cpu_s"])
        row.peak_mb.append(result["peak_mb"])
        for part, seconds in result.get("parts", {}).items():
            row.parts.setdefault(part, []).append(seconds)
        row.note = result.get("note", "")
        row.failed = result.get("failed", [])
    return row


# ----------------------------------------------------------------------------- report build


def project_copy(root: Path, dest: Path) -> Path:
    """Copy the project's files (tracked and untracked-but-not-ignored: the working tree as a
    commit would hold it) into `dest`; no .git, no .venv, no generated output."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=root, capture_output=True)
    if listed.returncode == 0:
        names = [n for n in listed.stdout.decode().split("\0") if n]
    else:
        skip = {".git", ".venv", "bench", "report/executed", "report/_output"}
        names = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                 and not any(p.relative_to(root).as_posix().startswith(s) for s in skip)]
    for name in names:
        source = root / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def clean_generated(project: Path) -> None:
    """Delete what the build generates (executed notebooks, stamps, output, Quarto cache)."""
    for name in ("report/executed", "report/_output", ".quarto"):
        shutil.rmtree(project / name, ignore_errors=True)


def toggle_one_institute(edition: Path) -> str:
    """Change one institute's connections in `edition` and rewrite its descriptor: remove the
    first connection whose KSA and selection both keep another one, or put it back if an
    earlier call removed it. Returns what was done."""
    import pandas as pd

    from competency_framework.edition.contract import TABLES
    from competency_framework.edition.write import write_edition

    tables = {t.name: pd.read_csv(edition / t.filename, dtype=str, keep_default_na=False)
              for t in TABLES}
    removed = edition / ".bench-removed-connection.csv"
    rows = tables["essential_ksas"]
    if removed.exists():
        back = pd.read_csv(removed, dtype=str, keep_default_na=False)
        rows = pd.concat([rows, back], ignore_index=True)
        removed.unlink()
        action = "restored"
    else:
        ksa_n = rows.groupby("ksa_id")["ksa_id"].transform("size")
        sel_n = rows.groupby(["institute_id", "occupation_id"])["ksa_id"].transform("size")
        candidates = rows.index[(ksa_n > 1) & (sel_n > 1)]
        if not len(candidates):
            raise ValueError(f"{edition / 'essential_ksas.csv'}: no connection can be removed "
                             "and keep the edition valid")
        back = rows.loc[[candidates[0]]]
        back.to_csv(removed, index=False, lineterminator="\n")
        rows = rows.drop(index=candidates[0])
        action = "removed"
    tables["essential_ksas"] = rows
    meta = json.loads((edition / "datapackage.json").read_text(encoding="utf-8"))
    write_edition(edition, tables, edition=meta["edition"], provenance=meta["provenance"],
                  title=meta.get("title", ""), description=meta.get("description", ""),
                  sources=meta.get("sources"), keep_other_files=True)
    first = back.iloc[0]
    return f"{action} {first['institute_id']}/{first['occupation_id']}/{first['ksa_id']}"


def _build_phases(output: str) -> dict:
    """From the build's own log: seconds running notebooks and rendering, and a note (runs
    ran and cached, the renderer). Lines it does not find are left out."""
    out: dict = {}
    notes = []
    for line in output.splitlines():
        if m := re.match(r"notebooks: (.*?) \(([0-9.]+) s\)", line):
            out["notebooks"] = float(m[2])
            notes.append(f"notebooks {m[1]}")
        elif m := re.match(r"rendered in ([0-9.]+) s", line):
            out["render"] = float(m[1])
        elif line.startswith("report: up to date"):
            notes.append("render up to date")
        elif line.startswith("renderer:"):
            notes.append(line.split("(")[0].strip())
    out["note"] = "; ".join(notes)
    return out


def process_tree(root: int) -> list[int]:
    """`root` and every living descendant, from Linux's /proc/<pid>/task/<tid>/children (or,
    where the kernel has no such files, every /proc/<pid>/stat's parent id); [] off Linux. A
    process whose parent has exited (adopted by init) is no longer found."""
    if not Path(f"/proc/{root}/task").is_dir():
        return []
    if not any(Path("/proc/self/task").glob("*/children")):
        return _process_tree_by_parent(root)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as kids:
                    todo += [int(k) for k in kids.read().split()]
    return out


def _process_tree_by_parent(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as stat:
                text = stat.read()
        except OSError:  # exited meanwhile
            continue
        parent = int(text[text.rindex(")") + 2:].split()[1])  # after "(comm) state"
        children.setdefault(parent, []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident(pid: int) -> tuple[int, int, str]:
    """A process's memory in bytes, proportional and resident, and what it is: `kernel` (a
    notebook kernel), `build` (the report's Python processes) or its command name (`pandoc`,
    ...); (0, 0, "") once it has exited. The proportional set size (PSS, from
    /proc/<pid>/smaps_rollup, about a millisecond to read for a 1 GB process) counts a page
    that n processes share as 1/n in each, so that a tree's sum counts it once; the resident
    set size (/proc/<pid>/statm) counts it in each. Where the kernel has no smaps_rollup, the
    proportional size is the resident one."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            rss = int(statm.read().split()[1]) * PAGE_BYTES
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as comm:
            name = comm.read().strip()
    except (OSError, ValueError, IndexError):
        return 0, 0, ""
    pss = rss
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            pss = next((int(line.split()[1]) * 1024 for line in rollup
                        if line.startswith("Pss:")), rss)
    if "ipykernel" in command:
        name = "kernel"
    elif "competency_framework" in command:
        name = "build"
    return pss, rss, name


class TreeMemory:
    """The peak memory of a process and all its descendants, sampled every `interval`
    seconds by a thread: at each sample the proportional set sizes of every process in the
    tree are added up (`resident`: a page that several processes share, such as the pages
    forked build workers share with their parent or a library every pandoc maps, counts
    once). A peak shorter than `interval` can be missed. Keeps the largest sum (`peak_mb`),
    the processes making it up (`at_peak`, MB per kind), the largest sum of the resident set
    sizes (`rss_peak_mb`, an upper bound that counts a shared page once per process) and the
    largest single process's resident set seen (`largest_mb`)."""

    def __init__(self, pid: int, interval: float = MEMORY_SAMPLE_S) -> None:
        self.pid, self.interval = pid, interval
        self.peak_mb = self.rss_peak_mb = self.largest_mb = 0.0
        self.at_peak: dict[str, float] = {}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        """Take one sample now."""
        kinds: dict[str, float] = {}
        total = rss_total = 0.0
        for pid in process_tree(self.pid):
            pss, rss, name = resident(pid)
            if not rss:
                continue
            mb = pss / 2**20
            total += mb
            rss_total += rss / 2**20
            kinds[name] = kinds.get(name, 0.0) + mb
            self.largest_mb = max(self.largest_mb, rss / 2**20)
        self.samples += 1
        self.rss_peak_mb = max(self.rss_peak_mb, rss_total)
        if total > self.peak_mb:
            self.peak_mb, self.at_peak = total, kinds

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def describe(self) -> str:
        """What made up the peak, largest first: `build 610 MB + kernel 2x 150 MB`."""
        kinds = sorted(self.at_peak.items(), key=lambda kv: -kv[1])
        return " + ".join(f"{name} {mb:,.0f} MB" for name, mb in kinds)


@dataclass
class Finished:
    """A command run to its end under `run_measured`."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    cpu_s: float  # user + system of the command and every descendant it waited for
    peak_mb: float  # TreeMemory's peak of the summed proportional sets
    rss_peak_mb: float  # TreeMemory's peak of the summed resident sets (an upper bound)
    largest_mb: float  # the largest single process's peak resident set (ru_maxrss)
    at_peak: str  # TreeMemory.describe()


def run_measured(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float,
                 interval: float = MEMORY_SAMPLE_S) -> Finished:
    """Run `cmd` to its end, measuring its wall seconds, its CPU seconds and its memory: the
    peak of the whole process tree's summed proportional sets and of its summed resident
    sets (`TreeMemory`) and, exactly, the
    largest single process's peak (`wait4`'s ru_maxrss: the command or a descendant reaped
    in the tree). subprocess.TimeoutExpired after `timeout` seconds, its process group
    killed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err,
                                start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        with TreeMemory(proc.pid, interval) as memory:
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
        timed_out = killed.is_set()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if timed_out:
            raise subprocess.TimeoutExpired(cmd, timeout)
        out.seek(0)
        err.seek(0)
        return Finished(proc.returncode, out.read().decode(errors="replace"),
                        err.read().decode(errors="replace"), seconds,
                        usage.ru_utime + usage.ru_stime, memory.peak_mb, memory.rss_peak_mb,
                        max(usage.ru_maxrss / 1024, memory.largest_mb), memory.describe())


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_builds(root: Path, edition: Path, label: str, connections: int,
                   repeats: dict[str, int], *, log: Callable[[str], None] = print,
                   timeout: float = BUILD_TIMEOUT_S) -> list[Row]:
    """The report builds (see the module docstring) in a copy of `root`, on a copy of
    `edition`: each measure run `repeats[measure]` times (`render` for the renders alone; 0 or
    missing: not measured, no row), each run's wall and CPU seconds and peak memory
    (`run_measured`)."""
    wanted = [name for name in BUILDS if repeats.get(name, 0) > 0]
    rows = {name: Row(name, label, connections) for name in wanted}
    if "build-clean" not in rows:
        raise ValueError("measure_builds: the clean build must run at least once")
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        project = project_copy(root, Path(tmp) / "project")
        data = Path(tmp) / "edition"
        shutil.copytree(edition, data)
        env = {**os.environ, "PYTHONPATH": str(project / "src")}
        cmd = [sys.executable, "-m", "competency_framework", "report", "--edition", str(data),
               "--profiles"]  # the whole report: reconstructed editions leave them out

        def build(row: Row, renderer: str = "fallback", render: bool = False) -> bool:
            stamp = project / "report" / "_output" / ".build-stamp"
            if render and stamp.is_file():  # render again: the stamp's key no longer matches
                made = json.loads(stamp.read_text(encoding="utf-8"))
                stamp.write_text(json.dumps({**made, "key": "bench: render again"}),
                                 encoding="utf-8")
            try:
                done = run_measured([*cmd, "--renderer", renderer], cwd=project, env=env,
                                    timeout=timeout)
            except subprocess.TimeoutExpired:
                row.error = f"timed out after {timeout:g} s"
                return False
            if done.returncode != 0:
                lines = (done.stderr.strip() or "no output").splitlines()
                row.error = f"exit {done.returncode}: {lines[-1]}"
                return False
            row.seconds.append(done.seconds)
            row.cpu_s.append(done.cpu_s)
            row.peak_mb.append(done.peak_mb)
            phases = _build_phases(done.stdout)
            for phase in ("notebooks", "render"):
                if phase in phases:
                    row.parts.setdefault(phase, []).append(phases[phase])
            row.note = "; ".join(n for n in (
                phases.get("note", ""), f"peak {done.at_peak}" if done.at_peak else "",
                f"resident sets' sum {done.rss_peak_mb:,.0f} MB",
                f"largest process {done.largest_mb:,.0f} MB") if n)
            return True

        def repeat(name: str) -> Row:
            row = rows[name]
            for i in range(repeats[name]):
                log(f"  {name} {label} {i + 1}/{repeats[name]}")
                if name == "build-clean":
                    clean_generated(project)
                change = toggle_one_institute(data) if name == "build-one-institute" else ""
                if not build(row):
                    break
                if change:
                    row.note = f"{row.note}; last change: {change}"
            return row

        if not repeat("build-clean").seconds:  # the first build failed: no rebuilds to time
            for name in wanted[1:]:
                rows[name].error = "not measured: the clean build failed"
            return list(rows.values())
        for name in wanted[1:]:
            repeat(name)
        if repeats.get("render", 0) > 0:
            rows.update(measure_renders(build, label, connections, repeats["render"], log))
    return list(rows.values())


def ratio_rows(rows: Iterable[tuple[Row, int | None]]) -> list[Row]:
    """A row per `RATIO_TARGETS` entry whose measure ran at its scale: the median wall seconds
    at the scale over those at the base scale (CPU seconds' ratio in the note), judged against
    the limit ("within": at most)."""
    found = {(row.measure, scale): row for row, scale in rows}
    out = []
    for (measure, scale, base), limit in RATIO_TARGETS.items():
        top, bottom = found.get((measure, scale)), found.get((measure, base))
        if top is None or bottom is None:
            continue
        row = Row(f"{measure} ratio", f"{scale:,}x / {base:,}x", top.connections,
                  target=f"<= {limit:g}x")
        if top.median_s and bottom.median_s:
            row.ratio = top.median_s / bottom.median_s
            row.met = row.ratio <= limit
            row.note = (f"{top.median_s:.1f} s / {bottom.median_s:.1f} s wall"
                        + (f"; CPU {top.median_cpu_s / bottom.median_cpu_s:.2f}x"
                           if top.median_cpu_s and bottom.median_cpu_s else ""))
        else:
            row.error = "not measured: " + (top.error or bottom.error or "no runs")
        out.append(row)
    return out


def measure_renders(build: Callable[..., bool], label: str, connections: int, repeats: int,
                    log: Callable[[str], None]) -> dict[str, Row]:
    """The render alone by each renderer, alternately, on the same executed notebooks: each
    build renders again, its output's stamp made stale first (`build(..., render=True)`)."""
    from competency_framework.render.quarto import quarto_path

    renderers = ["fallback", "quarto"] if quarto_path() else ["fallback"]
    runs = {r: Row(f"render-{r}", label, connections) for r in renderers}
    for i in range(repeats):
        for renderer in reversed(renderers):  # quarto first: the fallback's follows it
            log(f"  render-{renderer} {i + 1}/{repeats}")
            whole = Row("build", label, connections)
            if not build(whole, renderer, render=True):
                runs[renderer].error = whole.error
                return {r.measure: r for r in runs.values()}
            runs[renderer].seconds += whole.parts.get("render", [])
            runs[renderer].note = f"whole build {whole.seconds[-1]:.1f} s"
    if "quarto" not in runs:
        runs["quarto"] = Row("render-quarto", label, connections,
                             error="not measured: quarto is not on the PATH")
    fallback, quarto = runs["fallback"], runs["quarto"]
    if fallback.median_s and quarto.median_s:
        quarto.note = (f"{quarto.median_s / fallback.median_s:.1f}x the fallback's render "
                       f"(target: at most {QUARTO_RENDER_RATIO:g}x)")
        quarto.target = f"< {QUARTO_RENDER_RATIO:g}x fallback"
        quarto.met = quarto.median_s <= QUARTO_RENDER_RATIO * fallback.median_s
    return {r.measure: r for r in runs.values()}


# ----------------------------------------------------------------------------- the run


def machine() -> dict:
    """The machine the figures come from."""
    model, memory = "", 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1])
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpus": cpus,
        "cpu_model": model or platform.processor() or "unknown",
        "memory_gb": round(memory / 2**20, 1) if memory else None,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg")
        else None,
    }


def _git_commit(root: Path) -> str:
    done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=root,
                          capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else "unknown"


@dataclass(frozen=True)
class Edition:
    """One edition measured: its label (`1x`, `10x`, ...), folder and size."""

    label: str
    scale: int
    folder: Path
    connections: int
    institutes: int
    occupations: int
    selections: int
    ksas: int
    seconds_to_make: float = 0.0

    def as_dict(self) -> dict:
        out = asdict(self)
        out["folder"] = str(self.folder)
        return out


@dataclass(frozen=True)
class Base:
    """The edition the scales multiply: scale s is `folder` scaled `factor` * s times, its
    institutes `institute_copies` * s times (see `synthetic.scale_edition`)."""

    folder: Path
    factor: int
    institute_copies: int
    described: str


def base_edition(root: Path, edition: Path | None) -> Base:
    """The given folder; else data/raw/2025; else a stand-in made from the tiny test edition
    (and said so) with the 2025 edition's institutes (18) and about its connections (1,250):
    its institutes cloned 6 times, its occupations 21 times."""
    if edition is not None:
        return Base(edition, 1, 1, str(edition))
    if (root / DEFAULT_EDITION).is_dir():
        return Base(root / DEFAULT_EDITION, 1, 1, str(DEFAULT_EDITION))
    from competency_framework.edition.load import load_edition

    tiny = load_edition(root / TINY_EDITION)
    institutes = max(1, round(STAND_IN_INSTITUTES / len(tiny.institutes)))
    occupations = max(1, round(STAND_IN_CONNECTIONS / len(tiny.essential_ksas) / institutes))
    return Base(root / TINY_EDITION, institutes * occupations, institutes, (
        f"a stand-in, as {DEFAULT_EDITION} does not exist yet: {TINY_EDITION} with its "
        f"institutes cloned {institutes}x and its occupations {occupations}x (the 2025 "
        f"edition's {STAND_IN_INSTITUTES} institutes and about its {STAND_IN_CONNECTIONS:,} "
        "connections; its 2 areas and 5 KSAs are not 2025's 5 and 235)"))


def make_edition(base: Base, scale: int, folder: Path,
                 institute_copies: int | None = None) -> Edition:
    """`base` at `scale`, written to `folder` (the base folder itself when unscaled), its
    institutes cloned `institute_copies` times (default: `scale`, so that each institute has
    the base's share of the connections)."""
    from benchmarks.synthetic import scale_edition
    from competency_framework.edition.load import load_edition

    started = time.perf_counter()
    factor = base.factor * scale
    if factor == 1:
        folder = base.folder
    else:
        scale_edition(base.folder, factor, folder, seed=SEED,
                      institute_copies=base.institute_copies * (institute_copies or scale))
    made = time.perf_counter() - started
    fw = load_edition(folder)
    return Edition(f"{scale:,}x", scale, folder, len(fw.essential_ksas), len(fw.institutes),
                   len(fw.occupations), len(fw.institute_occupations), len(fw.ksas),
                   round(made, 2))


def build_institute_copies(base_institutes: int, scale: int,
                           limit: int = BUILD_INSTITUTES) -> int:
    """How many times a build edition at `scale` clones the base's `base_institutes`
    institutes: the largest divisor of `scale` that keeps them at most `limit` (1 if none
    does); the occupations are cloned for the rest of the scale. The report has a chapter per
    institute, and a real framework of 50 times the 2025 edition's connections had 43
    institutes, not 50 times 18: at 50x, 2025's 18 institutes become 36, each with 25 times
    the occupations."""
    fits = [d for d in range(1, scale + 1) if scale % d == 0 and base_institutes * d <= limit]
    return max(fits, default=1)


def build_edition(base: Base, scale: int, folder: Path) -> Edition:
    """The edition the report build is measured on at `scale`: `base` scaled as
    `make_edition` does, its institutes cloned as `build_institute_copies` says."""
    from competency_framework.edition.load import load_edition

    institutes = len(load_edition(base.folder).institutes) * base.institute_copies
    return make_edition(base, scale, folder, build_institute_copies(institutes, scale))


def default_build_repeats(scale: int, repeats: int | None = None) -> dict[str, int]:
    """Runs per report-build measure at `scale` (see `measure_builds`): up to 10x, 3 clean
    builds, 5 no-change rebuilds, 2 one-institute rebuilds and 3 renders alone per renderer;
    beyond, 2 clean builds and 3 no-change rebuilds only. `repeats` replaces every count that
    is not 0."""
    counts = ({"build-clean": 3, "build-unchanged": 5, "build-one-institute": 2, "render": 3}
              if scale <= 10 else
              {"build-clean": 2, "build-unchanged": 3, "build-one-institute": 0, "render": 0})
    return {k: (repeats or n) if n else 0 for k, n in counts.items()}


def default_repeats(scale: int) -> int:
    """Repetitions per stage: 5 up to 10x, 3 beyond."""
    return 5 if scale <= 10 else 3


def run_benchmarks(root: Path = ROOT, *, edition: Path | None = None,
                   scales: Iterable[int] = DEFAULT_SCALES, stages: Iterable[str] = STAGES,
                   build_scales: Iterable[int] = DEFAULT_BUILD_SCALES,
                   repeats: int | None = None,
                   timeout: float = TIMEOUT_S, memory_limit_gb: float = MEMORY_LIMIT_GB,
                   log: Callable[[str], None] = print) -> dict:
    """Every measurement (see the module docstring) as a JSON-ready dict: the report build at
    each of `build_scales` (none: no builds), then the library `stages` at each of `scales`.
    A stage that fails at one scale (error, `timeout`, `memory_limit_gb`) is not run at the
    larger ones."""
    base = base_edition(root, edition)
    stages, scales = list(stages), sorted(set(scales))
    build_scales = sorted(set(build_scales))
    started = time.perf_counter()
    result: dict = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(root),
        "machine": machine(),
        "base": base.described,
        "editions": [],
        "build_editions": [],
        "rows": [],
    }
    rows: list[tuple[Row, int | None]] = []
    with tempfile.TemporaryDirectory(prefix="bench-editions-") as tmp:
        for scale in build_scales:
            log(f"build edition {scale:,}x: writing ...")
            made = build_edition(base, scale, Path(tmp) / f"build-x{scale}")
            result["build_editions"].append(made.as_dict())
            log(f"report build on the {made.label} edition ({made.connections:,} connections, "
                f"{made.institutes} institutes) ...")
            rows += [(r, scale) for r in measure_builds(
                root, made.folder, made.label, made.connections,
                default_build_repeats(scale, repeats), log=log)]
            if made.folder != base.folder:
                shutil.rmtree(made.folder, ignore_errors=True)
        rows += [(row, None) for row in ratio_rows(rows)]
        editions = []
        for scale in scales if stages else []:
            log(f"edition {scale:,}x: writing ...")
            made = make_edition(base, scale, Path(tmp) / f"x{scale}")
            log(f"edition {made.label}: {made.connections:,} connections")
            editions.append(made)
            result["editions"].append(made.as_dict())
        for stage in stages:
            failed = ""
            for made in editions:
                if failed:
                    row = Row(stage, made.label, made.connections,
                              error=f"not run: failed at {failed}")
                    rows.append((row, made.scale))
                    continue
                n = repeats or default_repeats(made.scale)
                log(f"{stage} on {made.label} ({n} runs) ...")
                row = measure_stage(stage, made.folder, made.label, made.connections, n,
                                    timeout=timeout, memory_limit_gb=memory_limit_gb)
                if row.error:
                    log(f"  {row.error}")
                    failed = made.label
                rows.append((row, made.scale))
    for row, row_scale in rows:
        row.judge(row_scale)
        result["rows"].append(row.as_dict())
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    result["machine"]["load_average_after"] = machine()["load_average"]
    return result


# ----------------------------------------------------------------------------- output


COLUMNS = ("measure", "edition", "connections", "runs", "median s", "CPU s", "peak MB",
           "target", "met")


def table_rows(result: dict) -> list[list[str]]:
    """The rows of the printed table, as strings."""
    out = []
    for r in result["rows"]:
        met = {True: "yes", False: "NO", None: "-"}[r["met"]] if r["target"] else ""
        out.append([
            r["measure"], r["edition"],
            f"{r['connections']:,}" if r["connections"] is not None else "",
            str(r["runs"]),
            f"{r['ratio']:.2f}x" if r.get("ratio") is not None
            else f"{r['median_s']:.2f}" if r["median_s"] is not None else "-",
            f"{r['median_cpu_s']:.2f}" if r["median_cpu_s"] is not None else "",
            f"{r['median_peak_mb']:,.0f}" if r["median_peak_mb"] is not None else "",
            r["target"], met if not r["error"] else _shorten(f"error: {r['error']}"),
        ])
    return out


def _shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_table(result: dict) -> str:
    """The measurements as a Markdown table (medians), with the machine and the base."""
    body = table_rows(result)
    widths = [max(len(c), *(len(row[i]) for row in body)) if body else len(c)
              for i, c in enumerate(COLUMNS)]
    right = {2, 3, 4, 5, 6}

    def line(cells: Iterable[str]) -> str:
        return "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths, strict=True))
                                 ) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i in right else "-" * (w + 2)
                          for i, w in enumerate(widths)) + "|"
    m = result["machine"]
    load = m.get("load_average") or []
    head = (f"{result['date']}, commit {result['commit']}; {m['cpus']} CPUs "
            f"({m['cpu_model']}), {m['memory_gb']} GB"
            + (f", load average {load[0]:g} at the start" if load else "")
            + f"; Python {m['python']}; editions from {result['base']}")
    return "\n".join([head, "", line(COLUMNS), rule, *(line(r) for r in body)])


def format_notes(result: dict, slowest: int = 3) -> str:
    """One line per row with something to say: its note and its slowest parts."""
    out = []
    for r in result["rows"]:
        parts = sorted(r["median_parts_s"].items(), key=lambda kv: -kv[1])[:slowest]
        said = [r["note"]] if r["note"] else []
        if parts:
            said.append("slowest: " + ", ".join(f"{k} {v:.2f} s" for k, v in parts))
        if r["error"]:
            said.append(f"error: {r['error']}")
        if said:
            out.append(f"- {r['measure']} {r['edition']}: " + "; ".join(said))
    return "\n".join(out)


def write_json(result: dict, path: Path) -> Path:
    """Write `result` as JSON (parent folders made)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _scales(text: str) -> list[int]:
    try:
        out = [int(s.strip().lower().removesuffix("x").replace(",", "").replace("_", ""))
               for s in text.split(",") if s.strip()]
    except ValueError:
        out = []
    if not out or any(s < 1 for s in out):
        raise argparse.ArgumentTypeError(f"{text!r}: give scales such as 1,10,100,1000")
    return out


def _build_scales(text: str) -> list[int]:
    return [] if text.strip().lower() == "none" else _scales(text)


def _stages(text: str) -> list[str]:
    if text.strip().lower() == "none":
        return []
    out = [s.strip() for s in text.split(",") if s.strip()]
    if not out or any(s not in STAGES for s in out):
        raise argparse.ArgumentTypeError(f"{text!r}: choose among {','.join(STAGES)}")
    return out


def parse_options(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line's options, made consistent: `--no-build` empties `build_scales`;
    `--quick` keeps the scales and build scales up to 10x (1x when none is) and one run
    each. Exits 2 (argparse) on a bad option or when nothing is left to measure."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--edition", type=Path, default=None,
                        help="base edition folder (default data/raw/2025, else a stand-in)")
    parser.add_argument("--scales", type=_scales, default=list(DEFAULT_SCALES),
                        help="comma-separated multiples of the base for the library stages "
                        "(default 1,10,100,1000)")
    parser.add_argument("--build-scales", type=_build_scales, default=list(DEFAULT_BUILD_SCALES),
                        help="comma-separated multiples of the base for the report build "
                        "(default 1,50; 'none' for no builds); above 10x only the clean build "
                        f"and the no-change rebuild, with at most {BUILD_INSTITUTES} institutes "
                        "(more occupations each instead)")
    parser.add_argument("--stages", type=_stages, default=list(STAGES),
                        help=f"comma-separated stages (default {','.join(STAGES)}; 'none' for "
                        "the builds alone)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="runs per measurement (default: stages 5 up to 10x, 3 beyond; "
                        "builds up to 10x 3 clean, 5 no-change, 2 one-institute, 3 renders, "
                        "beyond 2 clean, 3 no-change)")
    parser.add_argument("--no-build", action="store_true",
                        help="no report builds (as --build-scales none)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: only the scales up to 10x of --scales and "
                        "--build-scales (1x if none), one run each")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S,
                        help=f"seconds one run of a stage may take (default {TIMEOUT_S})")
    parser.add_argument("--memory-limit-gb", type=float, default=MEMORY_LIMIT_GB,
                        help=f"address space of a stage's process (default {MEMORY_LIMIT_GB:g}; "
                        "0 for none)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON output path")
    parser.add_argument("--child", nargs=3, metavar=("STAGE", "EDITION", "WORK"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return args
    if args.no_build:
        args.build_scales = []
    if args.quick:
        args.scales = [s for s in args.scales if s <= 10] or [1]
        if args.build_scales:
            args.build_scales = [s for s in args.build_scales if s <= 10] or [1]
        args.repeats = 1
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if not args.stages and not args.build_scales:
        parser.error("nothing to measure: no stages and no build scales")
    return args


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    """`make bench` / `python -m benchmarks`: run, print the table, write the JSON (relative
    paths from `root`, the project). Exit 0 when every measurement ran (missed targets are
    reported, not failures), 1 otherwise."""
    args = parse_options(argv)
    if args.child:
        stage, folder, work = args.child
        print(json.dumps(child(stage, folder, work, memory_limit_gb=args.memory_limit_gb)))
        return 0
    result = run_benchmarks(root, edition=args.edition, scales=args.scales,
                            stages=args.stages, build_scales=args.build_scales,
                            repeats=args.repeats, timeout=args.timeout,
                            memory_limit_gb=args.memory_limit_gb,
                            log=lambda s: print(s, file=sys.stderr, flush=True))
    print(format_table(result))
    print("\n" + format_notes(result))
    path = write_json(result, args.out if args.out.is_absolute() else root / args.out)
    print(f"\nJSON: {path}")
    return 1 if any(r["error"] for r in result["rows"]) else 0


if __name__ == "__main__":
    sys.exit(main())
