"""The build under faults: an output folder it cannot write (refused before anything runs), two
builds at once in one project (the second refused, naming the first), a build killed with
SIGKILL (no worker, kernel or renderer left running, and its lock does not block the next
build), and an executed notebook damaged after its run (run again, not taken as cached)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml
from report_project import copy_project, run_report, run_statuses

from competency_framework.build.lock import LOCK_FILE, build_lock
from competency_framework.build.plan import BuildError
from competency_framework.build.report import OutputError, check_output
from competency_framework.build.runner import _cached, file_digest

EXECUTED = Path("report/executed")


# --- the output folder, checked before anything runs -------------------------------------------


def test_output_under_a_file_is_refused(tmp_path):
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(OutputError, match=r"cannot make the output folder .*/a-file/out: "
                                          r".*/a-file is a file"):
        check_output(tmp_path / "a-file" / "out")


def test_output_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(OutputError, match=r"the output folder .*/out is a file"):
        check_output(tmp_path / "out")


def test_output_that_cannot_be_made_is_refused():
    with pytest.raises(OutputError, match=r"cannot write the output folder /proc/x/y: "
                                          r"No such file or directory \(/proc/x\)"):
        check_output(Path("/proc/x/y"))


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs")
def test_output_in_a_folder_not_even_root_may_write_is_refused():
    with pytest.raises(OutputError, match=r"^cannot write the output folder /sys/kernel/out: "
                                          r"Operation not permitted \(in /sys/kernel\)$"):
        check_output(Path("/sys/kernel/out"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_output_in_a_read_only_folder_is_refused(tmp_path):
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    try:
        with pytest.raises(OutputError, match=r"cannot write the output folder .*/ro/out: "
                                              r"Permission denied \(in .*/ro\)$"):
            check_output(tmp_path / "ro" / "out")
    finally:
        (tmp_path / "ro").chmod(0o755)


def test_output_not_made_by_the_build_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=r"exists and was not made by this build"):
        check_output(tmp_path / "out")


def test_an_empty_or_new_output_is_accepted(tmp_path):
    check_output(tmp_path / "new" / "out")
    (tmp_path / "empty").mkdir()
    check_output(tmp_path / "empty")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "new"]
    assert list((tmp_path / "new").iterdir()) == []  # the probe folder is gone


# --- the build lock --------------------------------------------------------------------------


def test_a_second_lock_names_the_holder(tmp_path):
    with build_lock(tmp_path, ["make", "report"]):
        holder = (tmp_path / LOCK_FILE).read_text()
        assert holder.startswith(f"pid {os.getpid()}\nhost ")
        assert "\ncommand make report\n" in holder
        with pytest.raises(BuildError, match=rf"another build is running in this project "
                                             rf"\(pid {os.getpid()}, host .*, started .* UTC, "
                                             rf"command make report\)"):
            with build_lock(tmp_path, ["second"]):
                pass
    with build_lock(tmp_path, ["third"]):  # released at the end of the first
        assert "command third" in (tmp_path / LOCK_FILE).read_text()


@pytest.mark.build
def test_a_killed_holder_does_not_block(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from competency_framework.build.lock import build_lock\n"
         "with build_lock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(60)",
         str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    with pytest.raises(BuildError, match=rf"\(pid {holder.pid}, "):
        with build_lock(tmp_path):
            pass
    holder.kill()
    holder.wait()
    assert f"pid {holder.pid}" in (tmp_path / LOCK_FILE).read_text()  # the dead build's file
    with build_lock(tmp_path, ["next"]):
        assert "command next" in (tmp_path / LOCK_FILE).read_text()


# --- a damaged executed notebook is not cached ---------------------------------------------------


def test_a_cached_run_needs_its_intact_notebook(tmp_path):
    executed = tmp_path / "10_x.ipynb"
    executed.write_text(json.dumps({"cells": [], "nbformat": 4}))
    stamp = {"key": "k", "sha256": file_digest(executed)}
    assert _cached(executed, stamp, "k")
    assert not _cached(executed, stamp, "other key")
    assert _cached(executed, "k", "k")  # a stamp from before digests: the file must parse
    executed.write_bytes(executed.read_bytes()[:10])  # truncated
    assert not _cached(executed, stamp, "k")
    assert not _cached(executed, "k", "k")
    executed.write_text("[]")
    assert not _cached(executed, {"key": "k", "sha256": file_digest(executed)}, "k")
    executed.unlink()
    assert not _cached(executed, stamp, "k")


def _one_run_project(folder: Path, *cells: str) -> Path:
    """A copy of the project whose manifest has one run, of a notebook with `cells`."""
    project, _ = copy_project(folder)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('edition = ""\nnotebook = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("# One run"),
        *(nbformat.v4.new_code_cell(c) for c in cells),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})
    nbformat.write(nb, project / "notebooks" / "10_one.ipynb")
    (project / "report" / "manifest.yml").write_text(yaml.safe_dump(
        {"runs": [{"notebook": "notebooks/10_one.ipynb", "output": "10_one.ipynb"}]}))
    return project


@pytest.mark.build
def test_a_truncated_executed_notebook_runs_again(tmp_path):
    project = _one_run_project(tmp_path / "p", "print('hello')")
    done = run_report(project)
    assert done.returncode == 0, done.stderr
    executed = project / EXECUTED / "10_one.ipynb"
    good = executed.read_bytes()
    executed.write_bytes(good[: len(good) // 2])
    done = run_report(project)
    assert done.returncode == 0, done.stderr
    assert run_statuses(done.stdout) == {"10_one.ipynb": "ran"}
    assert executed.read_bytes() == good
    done = run_report(project)  # and then nothing runs again
    assert run_statuses(done.stdout) == {"10_one.ipynb": "cached"}
    assert "report: up to date" in done.stdout


# --- output folder, concurrency and SIGKILL, through the command ---------------------------------


@pytest.mark.build
def test_an_output_folder_that_cannot_be_made_runs_nothing(tmp_path):
    project, _ = copy_project(tmp_path / "p")
    done = run_report(project, out="/proc/x/y")
    assert done.returncode == 2
    assert done.stderr == ("error: cannot write the output folder /proc/x/y: No such file or "
                           "directory (/proc/x)\nNothing was run.\n")
    assert not (project / EXECUTED).exists()


def _alive(pid: int) -> bool:
    """Whether `pid` is a running process (a zombie waiting for its reaper is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _start_build(project: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.Popen(
        [sys.executable, "-m", "competency_framework", "report", "--edition", "tests/data/tiny",
         "--renderer", "fallback", "--out", "out"], cwd=project, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(path: Path, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text().endswith("\n"):
            return path.read_text()
        time.sleep(0.2)
    raise AssertionError(f"{path} did not appear in {seconds} s")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.build
def test_second_build_refused_and_sigkill_leaves_nothing_running(tmp_path):
    project = _one_run_project(
        tmp_path / "p", "import os, time\n"
        "open('../../pids.txt', 'w').write(f'{os.getpid()} {os.getppid()}\\n')\n"
        "time.sleep(120)")
    build = _start_build(project)
    try:
        kernel, worker = map(int, _wait_for(project / "pids.txt").split())
        assert _alive(kernel) and _alive(worker)
        # a second build in the same project fails at once, naming the first
        started = time.monotonic()
        second = run_report(project)
        assert second.returncode == 1
        assert second.stderr.startswith(f"error: another build is running in this project "
                                        f"(pid {build.pid}, host ")
        assert "command " in second.stderr and time.monotonic() - started < 30
        # SIGKILL the first: its worker and the worker's kernel die with it
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 5
        while (_alive(kernel) or _alive(worker)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(worker), "the build's worker outlived it"
        assert not _alive(kernel), "the build's kernel outlived it"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    # the dead build's lock does not block the next one (which runs the notebook again)
    (project / "notebooks" / "10_one.ipynb").write_text(
        (project / "notebooks" / "10_one.ipynb").read_text().replace("time.sleep(120)", "0"))
    done = run_report(project)
    assert done.returncode == 0, done.stderr
    assert run_statuses(done.stdout) == {"10_one.ipynb": "ran"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.build
def test_sigkill_while_rendering_leaves_no_renderer_running(tmp_path):
    """Quarto starts children of its own (Deno, pandoc, Typst): a stand-in `quarto` that
    starts a child and waits is killed with its child when the build is."""
    project = _one_run_project(tmp_path / "p", "1")
    pids = tmp_path / "quarto-pids.txt"
    fake = tmp_path / "bin" / "quarto"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nif [ "$1" = --version ]; then echo 1.9.36; exit 0; fi\n'
                    f'sleep 300 &\necho "$$ $!" >> {pids}\nwait\n')
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PATH"] = f"{fake.parent}{os.pathsep}{env['PATH']}"
    build = subprocess.Popen(
        [sys.executable, "-m", "competency_framework", "report", "--edition", "tests/data/tiny",
         "--renderer", "quarto", "--out", "out"], cwd=project, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (pids.is_file() and len(pids.read_text().splitlines()) == 2):
            assert time.monotonic() < deadline and build.poll() is None, "no render started"
            time.sleep(0.2)
        started = [int(pid) for line in pids.read_text().splitlines() for pid in line.split()]
        assert all(map(_alive, started))
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 5
        while any(map(_alive, started)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in started if _alive(pid)], "a renderer outlived the build"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
