"""The Quarto renderer: `quarto render` of the book project `_quarto.yml` declares.

The book renders stored outputs only (`execute: enabled: false`): papermill has already run
the notebooks. The book is rendered from a staging copy of what it reads (`_quarto.yml` with
the chapters the build fitted to the edition, the text chapters, `report/executed/`, the
filters), so that an edition with other technology areas or institutes than the ones
`_quarto.yml` lists renders all the same. HTML is Quarto's book website (`index.html` is its
home page, each chapter a page at its own path); the PDF comes from Quarto's Typst format.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from .book import QUARTO_FILE, Book
from .fallback import RenderError


def quarto_path() -> str | None:
    """The `quarto` executable on the PATH, if any."""
    return shutil.which("quarto")


def versions() -> dict[str, str]:
    done = subprocess.run([quarto_path() or "quarto", "--version"], capture_output=True,
                          text=True)
    return {"Quarto": done.stdout.strip() or "unknown"}


def _files_read(root: Path, book: Book) -> list[str]:
    """What the book reads besides its chapters: filters and included files."""
    config = book.config
    names = [f for f in config.get("filters") or [] if isinstance(f, str) and f != "quarto"]
    for fmt in (config.get("format") or {}).values():
        for key in ("include-before-body", "include-in-header", "include-after-body", "css"):
            value = (fmt or {}).get(key) if isinstance(fmt, dict) else None
            names += [value] if isinstance(value, str) else list(value or [])
    return [n for n in names if (root / n).is_file()]


def stage(root: Path, book: Book, staging: Path) -> None:
    """Copy what the book reads into `staging`, with `_quarto.yml` as the build fitted it."""
    root = Path(root)
    ignore = shutil.ignore_patterns(".*", "failed")
    for name in {*book.chapters, *_files_read(root, book)}:
        src = root / name
        if not src.is_file() or name.startswith("report/executed/"):
            continue
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, staging / name)
    shutil.copytree(root / "report" / "executed", staging / "report" / "executed",
                    ignore=ignore, dirs_exist_ok=True)
    (staging / QUARTO_FILE).write_text(yaml.safe_dump(book.config, sort_keys=False,
                                                      allow_unicode=True), encoding="utf-8")


def render_quarto(root: Path, book: Book, out_dir: Path) -> tuple[Path, Path]:
    """Render the book into `out_dir`; returns (home page HTML, PDF)."""
    out_dir = Path(out_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="quarto-") as staging_name:
        staging = Path(staging_name)
        stage(root, book, staging)
        done = subprocess.run(
            [quarto_path() or "quarto", "render", "--output-dir", str(out_dir)],
            cwd=staging, capture_output=True, text=True,
        )
    if done.returncode != 0:
        raise RenderError(f"quarto render failed ({done.returncode}):\n{done.stderr.strip()}")
    html, pdf = out_dir / "index.html", out_dir / f"{book.output_file}.pdf"
    for path in (html, pdf):
        if not path.is_file():
            raise RenderError(f"quarto render did not write {path}")
    return html, pdf
