"""The book as `_quarto.yml` declares it: title, output name and chapters in order.

`_quarto.yml` lists the pages that are not notebook runs (`index.qmd`); the build appends the
executed notebooks, which `report/manifest.yml` lists, with their parts (`with_appended`), and
both renderers read the resulting book, so they cannot differ in their chapters.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
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
    parts: tuple[str, ...] = ()  # the part title of each chapter ("" outside parts)
    config_path: str = QUARTO_FILE
    author: str = ""  # who made this report (names joined by ", ")

    @property
    def regenerates(self) -> dict:
        """The publication this report regenerates (`regenerates:` in _quarto.yml), cited on
        its title page: title, authors, publisher, year."""
        return dict(self.config.get("regenerates") or {})

    def format_options(self, fmt: str) -> dict:
        """Cell options for format `fmt` (html, typst): `execute` overlaid by `format.<fmt>`."""
        options = dict(self.config.get("execute") or {})
        fmt_config = (self.config.get("format") or {}).get(fmt) or {}
        options.update(fmt_config if isinstance(fmt_config, dict) else {})
        return options

    def part_of(self, chapter: str) -> str:
        """The title of the part `chapter` belongs to ("" when none)."""
        parts = self.parts or ("",) * len(self.chapters)
        return dict(zip(self.chapters, parts, strict=True)).get(chapter, "")

    def with_appended(self, chapters: Sequence[tuple[str, str]]) -> Book:
        """This book with `chapters` ((file, part title) pairs, in order) after its own;
        consecutive chapters of the same part form one part ("": outside parts)."""
        config = copy.deepcopy(self.config)
        items = config.setdefault("book", {}).setdefault("chapters", [])
        for chapter, part in chapters:
            last = items[-1] if items else None
            if not part:
                items.append(chapter)
            elif isinstance(last, dict) and last.get("part") == part:
                last["chapters"].append(chapter)
            else:
                items.append({"part": part, "chapters": [chapter]})
        return book_from_config(config, self.config_path)


def _flatten(items: list, part: str = "") -> list[tuple[str, str]]:
    """(chapter file, part title) in order; parts (`- part: ... chapters: [...]`) contribute
    their own chapters, and their `part` file when it is one."""
    out: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, str):
            out.append((item, part))
        elif isinstance(item, dict):
            href = item.get("href") or item.get("file")
            if href and not item.get("part"):
                out.append((href, part))
            title = part
            if isinstance(item.get("part"), str):
                if item["part"].endswith((".qmd", ".md")):
                    out.append((item["part"], item["part"]))
                title = item["part"]
            out.extend(_flatten(item.get("chapters") or [], title))
    return out


def _names(author: object) -> str:
    """Quarto's `author` (a name, a list of names, or of {name: ...}) as one line."""
    items = author if isinstance(author, list) else [author] if author else []
    return ", ".join(str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in items)


def book_from_config(config: dict, where: str = QUARTO_FILE) -> Book:
    """The book a parsed `_quarto.yml` declares (ValueError when it is not a book)."""
    if (config.get("project") or {}).get("type") != "book":
        raise ValueError(f"{where}: project.type must be 'book'")
    book = config.get("book") or {}
    entries = _flatten(book.get("chapters") or []) + _flatten(book.get("appendices") or [])
    chapters = [c for c, _ in entries]
    if not chapters or not chapters[0].startswith("index."):
        raise ValueError(f"{where}: book.chapters must start with the home page, index.qmd "
                         "at the project root")
    return Book(
        title=str(book.get("title", "")),
        subtitle=str(book.get("subtitle", "")),
        output_file=str(book.get("output-file", "report")),
        author=_names(book.get("author")),
        chapters=tuple(chapters),
        config=config,
        parts=tuple(p for _, p in entries),
        config_path=where,
    )


def read_book(root: Path) -> Book:
    """The book declared in `<root>/_quarto.yml` (ValueError when it is not a book)."""
    path = Path(root) / QUARTO_FILE
    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return book_from_config(config, str(path))
