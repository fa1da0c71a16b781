"""The book as `_quarto.yml` declares it: title, output name and chapters in order.

Both renderers read the chapter list from here, so the Quarto book and the fallback cannot
list different chapters. The build may hand the renderers a book whose generated chapters
(one per technology area, one per institute) are those of the edition being built
(`with_chapters`); the chapter list's shape (parts, order) stays the one `_quarto.yml` gives.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
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

    def with_chapters(self, replace: Callable[[str], list[str]]) -> Book:
        """This book with every chapter `c` replaced by the chapters `replace(c)` (which may be
        none, or several); consecutive chapters replaced by the same list keep one copy."""
        config = copy.deepcopy(self.config)
        book = config.setdefault("book", {})
        for key in ("chapters", "appendices"):
            if book.get(key):
                book[key] = _replace(book[key], replace)
        return book_from_config(config, self.config_path)


def _replace(items: list, replace: Callable[[str], list[str]]) -> list:
    out: list = []
    previous: list[str] | None = None
    for item in items:
        if isinstance(item, str):
            new = replace(item)
            if new != [item] and new == previous:
                continue  # a block of chapters one generated entry stands for
            previous = new
            out.extend(new)
        elif isinstance(item, dict):
            previous = None
            item = dict(item)
            if item.get("chapters"):
                item["chapters"] = _replace(item["chapters"], replace)
            out.append(item)
        else:
            out.append(item)
    return out


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
