"""The book as `_quarto.yml` declares it: title, output name and chapters in order.

Both renderers read the chapter list from here, so the Quarto book and the fallback cannot
list different chapters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

QUARTO_FILE = "_quarto.yml"


@dataclass(frozen=True)
class Book:
    """What `_quarto.yml` says about the report."""

    title: str
    subtitle: str
    output_file: str
    chapters: tuple[str, ...]  # paths relative to the project root, index first
    config: dict

    def format_options(self, fmt: str) -> dict:
        """Cell options for format `fmt` (html, typst): `execute` overlaid by `format.<fmt>`."""
        options = dict(self.config.get("execute") or {})
        fmt_config = (self.config.get("format") or {}).get(fmt) or {}
        options.update(fmt_config if isinstance(fmt_config, dict) else {})
        return options


def _flatten(items: list) -> list[str]:
    """Chapter files in order; parts (`- part: ... chapters: [...]`) contribute their own."""
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            href = item.get("href") or item.get("file")
            if href and not item.get("part"):
                out.append(href)
            if isinstance(item.get("part"), str) and item["part"].endswith((".qmd", ".md")):
                out.append(item["part"])
            out.extend(_flatten(item.get("chapters") or []))
    return out


def read_book(root: Path) -> Book:
    """The book declared in `<root>/_quarto.yml` (ValueError when it is not a book)."""
    path = Path(root) / QUARTO_FILE
    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if (config.get("project") or {}).get("type") != "book":
        raise ValueError(f"{path}: project.type must be 'book'")
    book = config.get("book") or {}
    chapters = _flatten(book.get("chapters") or []) + _flatten(book.get("appendices") or [])
    if not chapters or not chapters[0].startswith("index."):
        raise ValueError(f"{path}: book.chapters must start with the home page, index.qmd "
                         "at the project root")
    return Book(
        title=str(book.get("title", "")),
        subtitle=str(book.get("subtitle", "")),
        output_file=str(book.get("output-file", "report")),
        chapters=tuple(chapters),
        config=config,
    )
