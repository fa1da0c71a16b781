"""`python -m competency_framework report`: from an edition folder to an HTML site and a PDF.

The build runs from the project root (where `_quarto.yml` is), in order:

0. check that the output folder can be made and written, and take the project's build lock
   (`lock`: one build at a time; a second one fails at once, naming the first);
1. load and validate the edition: an invalid edition stops the build before anything is written;
2. expand `report/manifest.yml` for the edition and the build options (`manifest`, `plan`: a
   run per technology area, per institute ...; the institute profiles, a run with `when:
   profiles`, only for a collected edition unless `profiles` says otherwise; the chapter on
   what changed, `when: previous`, only when the build compares with a previous edition);
   the runs'
   executed notebooks are the book's chapters, after the pages `_quarto.yml` lists, and an
   executed notebook no run makes any more is deleted;
3. run with papermill (`runner`), in parallel across cores, every notebook whose inputs
   changed, into `report/executed/` (each executed notebook replaced only when its run
   succeeds); each worker keeps one kernel, reset between runs (`kernels`). A run's
   inputs (`run_inputs`): its notebook, parameters, the edition's metadata, the data slices it
   declares it reads (else the whole edition), the library modules it imports, and the
   installed dependencies. The runs whose notebook declares an `audit_rows` parameter share
   one audit of the edition, written before they run (their inputs then include the whole
   edition and the audit's code). One line per finished run: k of n, name,
   cached/ran/FAILED, seconds. Every failing run is named and the build stops before
   rendering;
4. write the front matter (`front_matter`) into `report/executed/`: the title page, the list
   of executed notebooks and the provenance banners;
5. render with Quarto or the fallback (`render`) into a temporary folder, with `numbers.json`
   (`numbers`: every number the chapters print) and the downloads (`downloads`: the data
   package, the workbook, a JSON file per institute, KSA and occupation, the data of the
   interactive Figure 2, all written by a thread while the render runs) beside it, and move
   it into the output folder only on success, so a failed build keeps the last good report.
   Rendering is skipped when nothing it reads changed since the report in the output folder
   was made.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from competency_framework.build.downloads import (
    write_downloads,
    write_explorer,
    write_network_explorer,
    write_shown_data,
)
from competency_framework.build.front_matter import (
    source_date_epoch,
    tool_versions,
    write_front_matter,
)
from competency_framework.build.lock import build_lock
from competency_framework.build.manifest import ManifestError, read_manifest
from competency_framework.build.numbers import NUMBERS_FILE, write_numbers
from competency_framework.build.plan import BuildError, build_options, plan, previous_folder
from competency_framework.build.run_inputs import digest, module_digest
from competency_framework.build.runner import execute_runs, jobs_default, read_json
from competency_framework.edition.load import load_edition
from competency_framework.files import new_folder_beside, replace_folder, write_text_atomic
from competency_framework.paths import EXECUTED, PACKAGE_DIR
from competency_framework.render import (
    Book,
    Rendered,
    choose_renderer,
    render,
)

OUTPUT_STAMP = ".build-stamp"
DOWNLOADS = "competency_framework.build.downloads"


def _tree_files(folder: Path) -> list[Path]:
    """Files under `folder`, hidden names and failed runs left out."""
    return [p for p in folder.rglob("*") if p.is_file() and not any(
        part.startswith(".") or part == "failed" for part in p.relative_to(folder).parts)]


def _render_key(root: Path, book: Book, renderer: str, tools: dict[str, str],
                data_hash: str) -> str:
    """Hash of everything rendering reads: the book (as fitted to the edition), its chapters,
    report/executed/ (notebooks, figures, title page, banners), the renderer and its code;
    and of what the downloads written with it read (the edition, by its data hash)."""
    files = set(_tree_files(root / EXECUTED))
    files.add(root / "_quarto.yml")
    files.update(root / c for c in book.chapters if (root / c).is_file())
    render_code = PACKAGE_DIR / "render"
    parts: list[str | bytes] = [renderer, json.dumps(tools, sort_keys=True),
                                json.dumps(book.config, sort_keys=True, default=str),
                                module_digest(DOWNLOADS), data_hash]
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


class OutputError(BuildError):
    """The output folder cannot be made, written or replaced."""


def check_output(out: Path) -> None:
    """OutputError unless the build can put its report at `out`: a folder this build made,
    or none, in a folder it can write (made now if missing). Checked before anything runs."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"the output folder {out} is a file")
    if out.is_dir() and not (out / OUTPUT_STAMP).is_file() and any(out.iterdir()):
        raise OutputError(f"the output folder {out} exists and was not made by this build: "
                          "not replacing it (choose another --out, or empty it)")
    above = out.parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise OutputError(f"cannot make the output folder {out}: {above} is a file")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(f"cannot write the output folder {out}: "
                          f"{exc.strerror or exc}{where}") from exc
    try:  # the build renders into a folder beside `out`, then renames it
        new_folder_beside(out, "probe").rmdir()
    except OSError as exc:
        raise OutputError(f"cannot write the output folder {out}: {exc.strerror or exc} "
                          f"(in {out.parent})") from exc


def build_report(root: Path, edition: Path, out: Path, renderer: str = "auto",
                 log: Callable[[str], None] = print, jobs: int | None = None,
                 profiles: bool | None = None, previous: str | None = None) -> Rendered:
    """Build the report of `edition` into `out` (see the module docstring); returns what was
    rendered. `profiles`: build the per-institute profiles (None: only for a collected
    edition). `previous`: the folder of the edition to compare with, adding the chapter on
    what changed ("": none; None: the one the edition's descriptor names, if any). One build
    at a time per project (`build_lock`); the output folder is checked before anything runs.
    Raises InputError (bad edition), OutputError, BuildError or RenderError."""
    root = Path(root).resolve()
    out = (root / out).resolve()
    check_output(out)
    with build_lock(root):
        return _build(root, edition, out, renderer, log, jobs, profiles, previous)


def _build(root: Path, edition: Path, out: Path, renderer: str, log: Callable[[str], None],
           jobs: int | None, profiles: bool | None, previous: str | None) -> Rendered:
    try:
        read_manifest(root)  # a malformed manifest stops the build before the edition loads
    except ManifestError as exc:
        raise BuildError(str(exc)) from exc
    renderer = choose_renderer(renderer)
    fw = load_edition(root / edition)
    before = previous_folder(root, edition, fw, previous)
    old = None if before is None else load_edition(root / before)
    options = build_options(fw, profiles, old is not None)
    runs, book = plan(root, fw, "profiles" in options, "previous" in options)
    log(f"edition {fw.edition} ({fw.provenance}) from {Path(edition).as_posix()}, "
        f"data hash {fw.data_hash[:12]}; {len(runs)} notebook runs, "
        f"{min(jobs or jobs_default(), len(runs))} at a time")
    if old is not None and before is not None:
        log(f"compared with edition {old.edition} ({old.provenance}) from {before.as_posix()}, "
            f"data hash {old.data_hash[:12]}: the chapter on what changed is in")
    if "profiles" not in options:
        log("institute profiles: left out" + (
            " (a reconstructed edition's rows per institute are not the institutes' answers; "
            "--profiles builds them, marked illustrative)" if fw.is_reconstructed else ""))

    started = time.monotonic()
    status = execute_runs(root, runs, root / edition, fw, log, jobs, options, old)
    counts = {s: list(status.values()).count(s) for s in ("ran", "cached")}
    log(f"notebooks: {counts['ran']} ran, {counts['cached']} cached "
        f"({time.monotonic() - started:.1f} s)")

    tools = tool_versions(renderer)
    write_front_matter(root, fw, edition=Path(edition), renderer=renderer, tools=tools,
                       book=book, runs=runs)

    key = _render_key(root, book, renderer, tools, fw.data_hash)
    stamp = read_json(out / OUTPUT_STAMP)
    if stamp.get("key") == key and all((out / stamp.get(k, "")).is_file() for k in ("html", "pdf")):
        log("report: up to date")
        return Rendered(renderer, out / stamp["html"], out / stamp["pdf"])

    log(f"rendering {len(book.chapters)} chapters with {renderer} ...")
    started = time.monotonic()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = new_folder_beside(out)
    try:
        # the downloads and the data files read the edition and the executed notebooks, not
        # the render: a thread writes them meanwhile, while the render waits on pandoc and
        # Typst (a large edition's workbook takes tens of seconds of Python)
        chapters = [root / c for c in book.chapters]

        def write_data() -> None:  # the data/ folder and numbers.json, which no render writes
            write_downloads(fw, root / edition, tmp)
            write_numbers(chapters, tmp / NUMBERS_FILE)
            write_shown_data(chapters, tmp)
            write_explorer(fw, chapters[1:], tmp)  # [0]: the home page
            write_network_explorer(fw, tmp)

        with ThreadPoolExecutor(max_workers=1) as pool:
            data = pool.submit(write_data)
            rendered = render(root, book, renderer, tmp, timestamp=source_date_epoch(root))
            data.result()
        names_in_out = {"html": rendered.html.relative_to(tmp).as_posix(),
                        "pdf": rendered.pdf.relative_to(tmp).as_posix()}
        write_text_atomic(tmp / OUTPUT_STAMP, json.dumps({"key": key, **names_in_out}, indent=1))
        replace_output(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"rendered in {time.monotonic() - started:.1f} s")
    return Rendered(renderer, out / names_in_out["html"], out / names_in_out["pdf"])


__all__ = ["OutputError", "build_report", "check_output", "replace_output"]
