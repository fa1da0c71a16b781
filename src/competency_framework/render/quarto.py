"""The Quarto renderer: `quarto render` of the book project `_quarto.yml` declares.

The book renders stored outputs only (`execute: enabled: false`): papermill has already run
the notebooks. HTML is Quarto's book website (`index.html` is its home page); the PDF comes
from Quarto's Typst format.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .book import Book
from .fallback import RenderError


def quarto_path() -> str | None:
    """The `quarto` executable on the PATH, if any."""
    return shutil.which("quarto")


def versions() -> dict[str, str]:
    done = subprocess.run([quarto_path() or "quarto", "--version"], capture_output=True,
                          text=True)
    return {"Quarto": done.stdout.strip() or "unknown"}


def render_quarto(root: Path, book: Book, out_dir: Path) -> tuple[Path, Path]:
    """Render the book into `out_dir`; returns (home page HTML, PDF)."""
    out_dir = Path(out_dir).resolve()
    done = subprocess.run(
        [quarto_path() or "quarto", "render", "--output-dir", str(out_dir)],
        cwd=root, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise RenderError(f"quarto render failed ({done.returncode}):\n{done.stderr.strip()}")
    html, pdf = out_dir / "index.html", out_dir / f"{book.output_file}.pdf"
    for path in (html, pdf):
        if not path.is_file():
            raise RenderError(f"quarto render did not write {path}")
    return html, pdf
