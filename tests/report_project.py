"""Helpers of the report tests (all `build` tests): a copy of the project that builds, the build
as a reader runs it, and one full build per edition per test session, shared by every test that
reads it."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from paths import ROOT, TINY

PROJECT_FILES = ("_quarto.yml", "index.qmd", "colophon.qmd", "notebooks", "report/manifest.yml",
                 "report/references.json", "report/chicago-author-date-access-dates.csl")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def need_tool(path_or_name: str) -> None:
    """Skip without the tool on a developer's machine; fail in CI, where .ci/run installs it."""
    if shutil.which(path_or_name) or Path(path_or_name).is_file():
        return
    message = f"{path_or_name} is not installed (bash .ci/run installs what the tests need)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` over http on 127.0.0.1, as a reader's browser gets a site: yields its URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def chromium() -> Iterator:
    """Headless Chromium driven by Playwright (skipped without it, failed in CI)."""
    need_tool(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def copy_project(dest: Path, edition: Path = TINY) -> tuple[Path, str]:
    """The files a build reads (not the outputs) plus an edition, in a fresh folder; returns
    the folder and the edition's path inside it."""
    for name in PROJECT_FILES:
        src, dst = ROOT / name, dest / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy2(src, dst)
    inside = Path(edition).resolve().relative_to(ROOT).as_posix()
    shutil.copytree(edition, dest / inside)
    return dest, inside


def run_report(project: Path, *args: str, edition: str = "tests/data/tiny",
               out: str = "out", jobs: int | None = None, renderer: str = "fallback",
               profiles: bool | None = True) -> subprocess.CompletedProcess:
    """The report command in `project`. The test editions are reconstructed, whose builds
    leave the institute profiles out by default: the tests ask for them (`profiles=True`,
    `--profiles`) so that the profile chapters stay built and checked; None leaves the
    option out (the command's default)."""
    option = {True: ["--profiles"], False: ["--no-profiles"], None: []}[profiles]
    command = [sys.executable, "-m", "competency_framework", "report", "--edition", edition,
               "--renderer", renderer, "--out", out, *option, *args]
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if jobs:
        env["REPORT_JOBS"] = str(jobs)
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env,
                          timeout=1800)


def printed_paths(stdout: str, project: Path) -> tuple[Path, Path]:
    html = re.search(r"^HTML:\s+(.+)$", stdout, re.MULTILINE)
    pdf = re.search(r"^PDF:\s+(.+)$", stdout, re.MULTILINE)
    assert html and pdf, stdout
    return project / html[1].strip(), project / pdf[1].strip()


def run_statuses(stdout: str) -> dict[str, str]:
    """Each run's status from the build's progress lines: output name -> cached/ran/FAILED."""
    return {m[2]: m[1] for m in re.finditer(
        r"^\[\s*\d+/\d+\] (cached|ran|FAILED)\s+(?:[\d.]+ s)?\s+(\S+)$", stdout, re.M)}


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def notebook_outputs(path: Path) -> list:
    """A notebook's cell sources and outputs, without timings and execution metadata."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c.get("source"), c.get("outputs")) for c in nb["cells"]]


_BUILDS: dict[str, SimpleNamespace] = {}


def built_report(tmp_path_factory, edition: Path, renderer: str = "fallback") -> SimpleNamespace:
    """The full report of `edition` rendered by `renderer`, built once per test session in a
    copy of the project (each renderer's executed notebooks are the same: the build is the
    same up to the render). The tiny edition is built with its institute profiles
    (`--profiles`), so that they stay checked; the 2025 edition as its report is published,
    without them (`profiles` says which)."""
    if renderer == "quarto":
        need_tool("quarto")
    key = f"{edition}:{renderer}"
    if key not in _BUILDS:
        project, inside = copy_project(
            tmp_path_factory.mktemp(f"project-{edition.name}-{renderer}"), edition)
        profiles = edition.name == "tiny"
        done = run_report(project, edition=inside, renderer=renderer, profiles=profiles)
        assert done.returncode == 0, done.stdout + done.stderr
        html, pdf = printed_paths(done.stdout, project)
        _BUILDS[key] = SimpleNamespace(project=project, edition=inside, stdout=done.stdout,
                                       html=html, pdf=pdf, out=project / "out",
                                       renderer=renderer, profiles=profiles)
    return _BUILDS[key]
