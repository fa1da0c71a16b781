"""The fallback renderer, for machines without Quarto: it installs from PyPI alone.

It renders the chapters as `markdown` prepares them (the Markdown Quarto renders too).

HTML: pandoc (from pypandoc-binary) writes each chapter as a page of a site laid out as
Quarto lays out a book (`site`): a contents sidebar with search and previous/next links on
every page, the provenance banner (`include-before-body`) on top. Each executed notebook is
shipped beside its chapter's page, with a page showing all its cells.

PDF: all chapters as one Markdown document -> pandoc -> Typst markup -> the `typst` package.

pandoc runs with the Lua filters of `pandoc`: Quarto's `fig-alt`, the figure and table numbers
and cross-references (`crossrefs.lua`, as under Quarto) and the source links.
"""

from __future__ import annotations

import json
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from competency_framework.present.numbers import without_number_attributes
from competency_framework.render import site
from competency_framework.render.book import Book
from competency_framework.render.citations import citation_options, write_citation_files
from competency_framework.render.markdown import (
    BundleMedia,
    RenderError,
    after_home_typst,
    asset,
    book_markdown,
    chapter_infos,
    crossref_numbers,
    include_files,
    part_heading,
    refs_for_page,
)
from competency_framework.render.pandoc import (
    pandoc_common,
    run_pandoc,
    write_filters,
    write_sources,
)
from competency_framework.render.typst_cli import compile_pdf


def versions() -> dict[str, str]:
    """The tools this renderer uses, with their versions."""
    import pypandoc

    return {"pandoc": str(pypandoc.get_pandoc_version()),
            "Typst (python package)": version("typst")}


def render_fallback(root: Path, book: Book, out_dir: Path, *, timestamp: int) -> tuple[Path, Path]:
    """Render `book` into `out_dir`: the HTML site (`index.html` and a page per chapter) and
    `<output-file>.pdf`; returns both paths.

    `timestamp` (seconds since the epoch) is the PDF's creation date, so that the same input
    gives the same bytes.
    """
    out_dir = Path(out_dir).resolve()
    pdf = out_dir / f"{book.output_file}.pdf"
    with tempfile.TemporaryDirectory(prefix="fallback-") as tmp_name:
        tmp, pdf_tmp = Path(tmp_name), Path(tmp_name) / "pdf"
        pdf_tmp.mkdir()
        for folder in (tmp, pdf_tmp):
            write_filters(folder)
        # the PDF's Typst source is made (one long pandoc run) while the site's pages are, on
        # a core their pandoc runs leave idle at times; Typst compiles it once the site is
        # done, so that its memory adds to no pandoc's
        with ThreadPoolExecutor(max_workers=1) as pool:
            source = pool.submit(_typst_source, root, book, pdf_tmp)
            html = site.render_site(root, book, out_dir, tmp, pdf_name=pdf.name)
            _compile(book, source.result(), pdf, timestamp)
    return html, pdf


def _typst_source(root: Path, book: Book, tmp: Path) -> Path:
    """The book as one Typst document, written by pandoc into `tmp` (which holds the
    filters); returns its path."""
    media = BundleMedia(tmp / "media")
    options = book.format_options("typst")
    markdowns = book_markdown(root, book, "typst", lambda chapter: media)
    infos = chapter_infos(markdowns)
    refs = crossref_numbers(markdowns, infos)
    (tmp / "refs-typst.json").write_text(json.dumps(refs_for_page(refs, "")), encoding="utf-8")
    parts, part = [], ""
    for number, chapter in enumerate(book.chapters):
        if number == 1:
            parts.append(after_home_typst(bool(options.get("toc"))))
        if book.part_of(chapter) != part:
            part = book.part_of(chapter)
            if part:
                parts.append(part_heading(part))  # as Quarto's book heads a part
        parts.append(without_number_attributes(markdowns[chapter]))
    (tmp / "typst.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    cites = write_citation_files(root, book, markdowns, tmp)
    header = asset("book-header.typ") + include_files(root, book, "typst",
                                                          "include-in-header")
    (tmp / "header.typ").write_text(header, encoding="utf-8")
    papersize = options.get("papersize", "us-letter")
    args = [*pandoc_common(), "--standalone", "--number-sections",
            "--metadata-file", write_sources(
                markdowns, tmp / "sources-typst.yml",
                **{k: options[k] for k in ("margin", "fontsize") if k in options}),
            "--metadata", f"title={book.title}", "--metadata", "crossrefs-file=refs-typst.json",
            *(citation_options() if cites else [])]
    for key in ("subtitle", "author"):
        if getattr(book, key):
            args += ["--metadata", f"{key}={getattr(book, key)}"]
    run_pandoc([*args, "--to", "typst", "--include-in-header", "header.typ",
             "--variable", f"papersize={papersize}", "--output", "report.typ", "typst.md"], tmp)
    return tmp / "report.typ"


def _compile(book: Book, source: Path, pdf: Path, timestamp: int) -> None:
    """`source` (from `_typst_source`) compiled to `pdf`, as the standards `_quarto.yml` asks
    of the PDF (`pdf-standard`, as Quarto reads them)."""
    standards = book.format_options("typst").get("pdf-standard") or []
    try:
        why = compile_pdf(str(source), str(pdf),
                          [standards] if isinstance(standards, str) else list(standards),
                          root=str(source.parent),
                          timestamp=timestamp, ignore_system_fonts=True)
    except Exception as exc:  # typst raises its own error types
        raise RenderError(f"typst could not compile the PDF: {exc}") from exc
    if why:
        print(f"warning: {why}", file=sys.stderr)
