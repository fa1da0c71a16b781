"""Writing files and folders so that a reader never finds half of one: a file is written beside
its place and renamed into it; a folder is made beside its place and swapped in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def new_folder_beside(out: Path, suffix: str = "new") -> Path:
    """An empty, uniquely named hidden folder next to `out`, on the same file system (so a
    rename can put it in `out`'s place)."""
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.{suffix}-", dir=out.parent))


def replace_folder(new: Path, out: Path) -> None:
    """Put the folder `new` at `out`. An `out` that was there is moved aside first and deleted
    only once `new` is in place; if that second rename fails, it is put back. Callers decide
    beforehand whether `out` may be replaced."""
    if not out.exists():
        os.replace(new, out)
        return
    old = new_folder_beside(out, "old")
    old.rmdir()
    os.replace(out, old)
    try:
        os.replace(new, out)
    except OSError:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
