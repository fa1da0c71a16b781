"""Render the executed notebooks and chapters into one HTML and one PDF report.

Two renderers read the same book (`_quarto.yml`, see `book`) and render the same Markdown,
prepared from the executed notebooks (`markdown`): `quarto` where Quarto is on the PATH, and
`fallback` (pandoc + Typst, installed from PyPI) everywhere else. Both write the same site
layout: `index.html` (the home page) and one page per chapter at the chapter's path
(`report/executed/10_overview.html`), beside each a page showing its executed notebook's cells
(`10_overview.notebook.html`, where each figure's and table's "Source" link points) and the
notebook itself, and the PDF `<output-file>.pdf` at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from competency_framework.render.book import Book, read_book
from competency_framework.render.fallback import render_fallback
from competency_framework.render.markdown import RenderError
from competency_framework.render.quarto import quarto_path, render_quarto

RENDERERS = ("quarto", "fallback")


@dataclass(frozen=True)
class Rendered:
    """Which renderer made the report, and its HTML (home page) and PDF."""

    renderer: str
    html: Path
    pdf: Path


def choose_renderer(requested: str = "auto") -> str:
    """`quarto` or `fallback`: `auto` means Quarto when it is on the PATH."""
    if requested == "auto":
        return "quarto" if quarto_path() else "fallback"
    if requested not in RENDERERS:
        raise ValueError(f"renderer must be auto, quarto or fallback, not {requested!r}")
    if requested == "quarto" and not quarto_path():
        raise RenderError("--renderer quarto: quarto is not on the PATH")
    return requested


def renderer_versions(renderer: str) -> dict[str, str]:
    """The renderer's tools and their versions."""
    from competency_framework.render import fallback, quarto

    return (quarto if renderer == "quarto" else fallback).versions()


def render(root: Path, book: Book, renderer: str, out_dir: Path, *, timestamp: int) -> Rendered:
    """Render `book` (the project's at `root`, as the build fitted it to the edition) with
    `renderer` into `out_dir`."""
    if renderer == "quarto":
        html, pdf = render_quarto(root, book, out_dir, timestamp=timestamp)
    else:
        html, pdf = render_fallback(root, book, out_dir, timestamp=timestamp)
    return Rendered(renderer, html, pdf)


__all__ = ["Book", "RenderError", "Rendered", "choose_renderer", "read_book", "render",
           "renderer_versions"]
