"""`numbers.json`: every number the report prints, read back from its executed chapters.

Each number is printed through `present.numbers`, which writes it into the chapter's Markdown
as a span naming its statistic and status; a figure lists the numbers it draws in its output's
metadata (`numbers`). This module reads both from the executed notebooks, in book order,
so that the file holds what the report shows and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from competency_framework.files import write_text_atomic
from competency_framework.present.numbers import figure_numbers, printed_numbers
from competency_framework.render.markdown import cell_options, read_notebook

NUMBERS_FILE = "numbers.json"


def shown_outputs(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """The Markdown outputs an executed notebook shows (cells not `include: false` or
    `output: false`), each with its metadata."""
    found = []
    for cell in read_notebook(path)["cells"]:
        if cell["cell_type"] != "code":
            continue
        options, _ = cell_options(cell["source"])
        if options.get("include", True) is False or options.get("output", True) is False:
            continue
        for output in cell.get("outputs", []):
            markdown = (output.get("data") or {}).get("text/markdown")
            if markdown is not None:
                text = "".join(markdown) if isinstance(markdown, list) else markdown
                found.append((text, (output.get("metadata") or {}).get("text/markdown") or {}))
    return found


def chapter_numbers(path: Path) -> list[dict[str, Any]]:
    """The numbers an executed notebook shows, each with its chapter (the notebook's name
    without `.ipynb`)."""
    chapter = path.stem
    found: list[dict[str, Any]] = []
    for markdown, meta in shown_outputs(path):
        shown = printed_numbers(markdown) + figure_numbers(meta.get("numbers", []))
        found += [n.as_dict(chapter) for n in shown]
    return found


def write_numbers(chapters: Iterable[Path], path: Path) -> int:
    """Write the numbers of the executed notebooks `chapters` (in book order) to `path` as a
    JSON list; returns how many."""
    rows = [n for chapter in chapters if chapter.suffix == ".ipynb"
            for n in chapter_numbers(chapter)]
    write_text_atomic(path, json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    return len(rows)
