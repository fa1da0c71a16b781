"""The Quarto renderer: `quarto render` of the book, staged from the prepared chapters.

Quarto renders the same Markdown the fallback renders (`markdown`): each chapter prepared once
per format from its executed notebook, so that both renderers read one text (titles, numbers,
figures, tables). For each format a book project is staged in a temporary folder: `_quarto.yml`
with this edition's chapters (as `.md` files at the chapters' paths), their images, the
`source-links.lua` filter and the map of figure and table labels to notebooks it reads.

- HTML: Quarto's book website. The provenance banner (`include-before-body`) is put right
  after `<body>` of every page, across the top: Quarto would place it inside the content
  column, under the page's own header. A Quarto
  book renders its chapters only, so the page showing each executed notebook's cells
  (`<chapter>.notebook.html`, where the "Source" links point) is the chapter's own Quarto page
  with its content (and its table of contents) replaced by the notebook's, which pandoc writes
  from the same Markdown as the fallback's notebook pages. The notebooks ship beside them.
- PDF: Quarto's Typst format through a project-local format (`_extensions/report`) instead of
  the `orange-book` template Quarto 1.9 gives books by default (orange-book needs an author
  list, replaces the page header that carries the provenance and numbers figures its own way):
  the plain Typst template with the same header as the fallback's PDF (`book-header.typ`
  plus the banner). Typst itself is the project's pinned `typst` package (`typst_cli`, through
  `QUARTO_TYPST`), compiled as the fallback compiles: a fixed date, no system fonts, so the
  same input gives the same bytes.

The two formats render at the same time, in two processes.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import yaml

from competency_framework.processes import in_own_group
from competency_framework.render.book import Book
from competency_framework.render.citations import (
    bibliography,
    bibliography_keys,
    citation_options,
    cited_keys,
    references_page,
    write_citation_files,
)
from competency_framework.render.markdown import (
    EXPLORER_ASSETS,
    RenderError,
    SiteMedia,
    after_home_typst,
    asset,
    book_markdown,
    chapter_infos,
    crossref_numbers,
    include_files,
    notebook_page_markdown,
    notebook_page_of,
    page_of,
    refs_for_page,
    shown_data_links,
    source_notebooks,
)
from competency_framework.render.pandoc import (
    check_citations,
    html_fragment,
    write_filters,
    write_sources,
)

OUTPUT_DIR = "_out"
NOTEBOOK_PAGES = "_notebook-pages"  # in the HTML staging: each notebook page's Markdown, images
CITING = "citing.json"  # in NOTEBOOK_PAGES: each notebook page's citation options for pandoc
FORMAT_EXTENSION = {"title": "Report (plain Typst book)", "version": "1.0.0",
                    "contributes": {"formats": {"typst": {}}}}
# Quarto's HTML does the code folding itself from these options; the prepared Markdown already
# carries them (as `<details>` around each cell's code), as the fallback's pages do.
HTML_DONE = ("code-fold", "code-summary", "echo", "warning", "include-before-body")
# Quarto's page features the fallback's pages do not have; off, they also spare Quarto's filters
# some work on every page (about a tenth of the HTML render).
HTML_PLAIN = {"code-copy": False, "anchor-sections": False, "citations-hover": False,
              "footnotes-hover": False, "crossrefs-hover": False}


def quarto_path() -> str | None:
    """The `quarto` executable on the PATH, if any."""
    return shutil.which("quarto")


def versions() -> dict[str, str]:
    done = subprocess.run([quarto_path() or "quarto", "--version"], capture_output=True,
                          text=True)
    return {"Quarto": done.stdout.strip() or "unknown",
            "Typst (python package)": version("typst")}


def _staged_name(chapter: str) -> str:
    """A chapter's staged file: the same path, as Markdown."""
    return posixpath.splitext(chapter)[0] + ".md"


def _chapters(items: list) -> list:
    out: list = []
    for item in items:
        if isinstance(item, str):
            out.append(_staged_name(item))
        elif isinstance(item, dict):
            item = dict(item)
            if item.get("chapters"):
                item["chapters"] = _chapters(item["chapters"])
            out.append(item)
    return out


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def stage(root: Path, book: Book, staging: Path, fmt: str) -> Path:
    """Write the book project Quarto renders for `fmt` (html or typst) into `staging`; returns
    it. The book is `_quarto.yml`'s, with the chapters the build fitted to the edition."""
    root, staging = Path(root).resolve(), Path(staging)
    staging.mkdir(parents=True, exist_ok=True)
    markdowns = book_markdown(
        root, book, fmt, lambda chapter: SiteMedia(root, staging, page_of(chapter)))
    options = {k: v for k, v in book.format_options(fmt).items()
               if k not in ("echo", "warning", "output", "include", "enabled")}
    config = {k: v for k, v in book.config.items() if k not in ("execute", "format", "filters")}
    config["project"] = {"type": "book", "output-dir": OUTPUT_DIR}
    config["book"] = {**(book.config.get("book") or {}),
                      "chapters": _chapters(book.config["book"]["chapters"])}
    # the numbers and cross-references: before Quarto's crossref pass (the references) and
    # after it (the floats' numbers); then the source links and the PDF's long tables
    config["filters"] = ["crossrefs.lua", "source-links.lua", "table-rows.lua",
                         {"at": "post-quarto", "path": "crossrefs.lua"}]
    refs = crossref_numbers(markdowns, chapter_infos(markdowns))
    _write(staging / "crossrefs.lua", asset("crossrefs.lua"))
    for path in filter(None, bibliography(root, book) or ()):  # its bibliography and style
        _write(staging / path.relative_to(root), path.read_text(encoding="utf-8"))
    if config.get("bibliography"):  # every page disambiguates the works as the References do
        cited = cited_keys(list(markdowns.values()),
                           bibliography_keys(root / str(config["bibliography"])))
        if cited:
            config["nocite"] = ", ".join(f"@{key}" for key in cited)
    config["source-notebooks"] = source_notebooks(markdowns)
    config["data-files"] = shown_data_links(markdowns)
    _write(staging / "source-links.lua", asset("source-links.lua"))
    _write(staging / "table-rows.lua", asset("table-rows.lua"))

    if fmt == "html":
        notebooks = [c for c in book.chapters if c.endswith(".ipynb")]
        _write(staging / "quarto.css", asset("quarto.css"))
        for name in EXPLORER_ASSETS:
            _write(staging / name, asset(name))
        # no favicon request (it would fail: the report has none), as on the fallback's pages
        _write(staging / "head.html", '<link rel="icon" href="data:,">\n')
        options = {k: v for k, v in options.items() if k not in HTML_DONE}
        options.update({**HTML_PLAIN, "css": "quarto.css", "include-in-header": "head.html"})
        config["format"] = {"html": options}
        infos = {info.chapter: info for info in chapter_infos(markdowns)}
        for chapter in markdowns:  # beside each page, its links to the others (crossrefs.lua)
            _write((staging / _staged_name(chapter)).with_suffix(".refs.json"),
                   json.dumps(refs_for_page(refs, page_of(chapter))))
        config["book"]["downloads"] = ["pdf"]  # the PDF, linked from every page's sidebar
        # the notebook pages are pandoc's (`write_notebook_pages`): its filters and metadata
        (staging / NOTEBOOK_PAGES).mkdir(parents=True, exist_ok=True)
        write_filters(staging / NOTEBOOK_PAGES)
        write_sources(markdowns, staging / NOTEBOOK_PAGES / "sources.yml")
        cites = write_citation_files(root, book, markdowns, staging / NOTEBOOK_PAGES)
        references = references_page(markdowns)
        citing = {}
        for chapter in notebooks:
            page = notebook_page_of(chapter)
            # "@fig-..." on a notebook page: "Figure 4", linked to the chapter's page
            _write(staging / NOTEBOOK_PAGES / (posixpath.splitext(page)[0] + ".refs.json"),
                   json.dumps(refs_for_page(refs, page)))
            citing[page] = citation_options(page, references) if cites else []
            chapter_href = posixpath.relpath(page_of(chapter), posixpath.dirname(page))
            text = notebook_page_markdown(root, chapter, infos[chapter].title, chapter_href,
                                          SiteMedia(root, staging / NOTEBOOK_PAGES, page))
            _write(staging / NOTEBOOK_PAGES / (posixpath.splitext(page)[0] + ".md"), text)
            (staging / chapter).parent.mkdir(parents=True, exist_ok=True)  # for the download:
            (staging / chapter).write_bytes((root / chapter).read_bytes())  # the .ipynb
        _write(staging / NOTEBOOK_PAGES / CITING, json.dumps(citing))
        config["project"]["resources"] = notebooks + list(EXPLORER_ASSETS)
    else:
        _write(staging / "crossrefs-typst.json", json.dumps(refs_for_page(refs, "")))
        header = asset("book-header.typ") + include_files(root, book, "typst",
                                                          "include-in-header")
        _write(staging / "header.typ", header)
        # chapter breaks and the contents after the home page, as in the fallback's PDF
        markdowns[book.chapters[0]] += "\n\n" + after_home_typst(bool(options.get("toc"))) + "\n"
        options.update({"toc": False, "include-in-header": "header.typ"})
        config["format"] = {"report-typst": options}
        _write(staging / "_extensions" / "report" / "_extension.yml",
               yaml.safe_dump(FORMAT_EXTENSION, sort_keys=False))
    for chapter, text in markdowns.items():
        _write(staging / _staged_name(chapter), text)
    _write(staging / "_quarto.yml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return staging


def _typst_command(folder: Path) -> Path:
    """An executable that Quarto calls as `typst`: the pinned package's compiler (`typst_cli`)."""
    script = folder / "typst"
    script.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m "
                      'competency_framework.render.typst_cli "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return script


def render_quarto(root: Path, book: Book, out_dir: Path, *, timestamp: int) -> tuple[Path, Path]:
    """Render `book` into `out_dir`; returns (home page HTML, PDF)."""
    out_dir = Path(out_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="quarto-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "bin").mkdir()
        env = {**os.environ, "QUARTO_TYPST": str(_typst_command(tmp / "bin")),
               "SOURCE_DATE_EPOCH": str(timestamp)}
        running = {}
        for fmt in ("typst", "html"):  # the PDF is the longer job: it starts first
            staged = stage(root, book, tmp / fmt, fmt)
            running[fmt] = subprocess.Popen(  # Quarto's children die with the build
                in_own_group([quarto_path() or "quarto", "render"]), cwd=staged, env=env,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        logs = {fmt: process.communicate()[0] for fmt, process in running.items()}
        for fmt, process in running.items():
            if process.returncode != 0:
                raise RenderError(f"quarto render ({fmt}) failed ({process.returncode}):\n"
                                  + "\n".join(logs[fmt].strip().splitlines()[-40:]))
            check_citations(logs[fmt])
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copytree(tmp / "html" / OUTPUT_DIR, out_dir, dirs_exist_ok=True)
        banner = include_files(root, book, "html", "include-before-body")
        pages = ["index.html", *map(page_of, book.chapters[1:])]
        texts = {name: (out_dir / name).read_text(encoding="utf-8") for name in pages}
        titles = {name: m[1] for name, text in texts.items()  # the home page's is the book's
                  if name != "index.html"
                  and (m := re.search(r'<h1 class="title">(.*?)</h1>', text, re.S))}
        for name, text in texts.items():
            text = _navigation_titles(text, name, titles)
            (out_dir / name).write_text(_finished_page(text, banner), encoding="utf-8")
        write_notebook_pages(book, tmp / "html" / NOTEBOOK_PAGES, out_dir)
        pdf = out_dir / f"{book.output_file}.pdf"
        made = tmp / "typst" / OUTPUT_DIR / pdf.name
        if not made.is_file():
            raise RenderError(f"quarto render did not write {pdf.name}")
        shutil.copyfile(made, pdf)
    html = out_dir / "index.html"
    if not html.is_file():
        raise RenderError("quarto render did not write index.html")
    return html, pdf


def _navigation_titles(page: str, name: str, titles: dict[str, str]) -> str:
    """`page` (at `name` in the site) with each sidebar entry's and breadcrumb's text replaced
    by the title its chapter's page shows (`titles`: page name -> its h1's HTML). Quarto writes
    those from the chapter heading's Markdown source, unescaped: "\\<b\\>" there is an
    element."""
    def entry(m: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), m[2]))
        return m[1] + titles[target] + m[4] if target in titles else m[0]

    page = re.sub(r'(<a href="([^"#]*)" class="sidebar-item-text sidebar-link[^"]*">\s*'
                  r'<span class="menu-text">)(.*?)(</span>\s*</a>)', entry, page, flags=re.S)
    # a chapter's breadcrumb (a part's shows the part's name, and links to its first chapter)
    return re.sub(r'(<li class="breadcrumb-item"><a href="([^"#]*)">)'
                  r'(<span class="chapter-number">.*?)(</a></li>)', entry, page, flags=re.S)


# On a chapter's page Quarto's book keeps the chapter's list of works, hidden (for hover
# pop-ups, which the report turns off): the list a reader sees is the References page's.
HIDDEN_REFS = re.compile(r'<div id="refs" class="references[^"]*"[^>]*style="display: none">'
                         r'(?:\s*<div id="ref-[^"]*" class="csl-entry"[^>]*>.*?</div>)*'
                         r'\s*</div>\n?', re.S)


def _finished_page(page: str, banner: str) -> str:
    """A page of Quarto's site as the report ships it: `banner` (HTML) first in its body, and
    the previous/next links named by the text they show (Quarto's `aria-label` leaves out the
    chapter number they show, which fails WCAG 2.5.3, label in name)."""
    page = re.sub(r'(<a [^>]*class="pagination-link")\s+aria-label="[^"]*"', r"\1", page)
    page = HIDDEN_REFS.sub("", page)
    if not banner.strip():
        return page
    out, count = re.subn(r"<body[^>]*>", lambda m: m[0] + "\n" + banner, page, count=1)
    if not count:
        raise RenderError("Quarto's page has no <body>: cannot put the banner on it")
    return out


def _page_with_content(chapter_page: str, title: str, body: str) -> str:
    """A chapter's Quarto page with `body` as its content: its title, table of contents and
    previous/next links taken out (they are the chapter's), sidebar and banner kept."""
    def swap(pattern: str, new: str, text: str) -> str:
        out, count = re.subn(pattern, lambda _: new, text, count=1, flags=re.S)
        if not count:
            raise RenderError(f"Quarto's page layout changed: no {pattern!r} in a chapter page")
        return out

    page = swap(r'(?<=<main class="content" id="quarto-document-content">).*?(?=</main>)',
                "\n" + body + "\n", chapter_page)
    page = swap(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", page)
    page = re.sub(r'<nav id="TOC".*?</nav>', "", page, count=1, flags=re.S)
    return re.sub(r'<nav class="page-navigation">.*?</nav>', "", page, count=1, flags=re.S)


def write_notebook_pages(book: Book, staged: Path, out_dir: Path) -> None:
    """Each executed notebook's page (`<chapter>.notebook.html`) into the Quarto site, from its
    Markdown staged in `staged` (by `stage`), in the layout of its chapter's page."""
    jobs = []
    for chapter in (c for c in book.chapters if c.endswith(".ipynb")):
        page = notebook_page_of(chapter)
        jobs.append((page, posixpath.splitext(page)[0], chapter))

    citing = json.loads((staged / CITING).read_text(encoding="utf-8"))

    def body(job: tuple[str, str, str]) -> str:
        return html_fragment(f"{job[1]}.md", staged, "--metadata-file", "sources.yml",
                             "--metadata", f"crossrefs-file={job[1]}.refs.json",
                             *citing.get(job[0], []))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        bodies = list(pool.map(body, jobs))
    for (page, _, chapter), text in zip(jobs, bodies, strict=True):
        layout = (out_dir / page_of(chapter)).read_text(encoding="utf-8")
        title = f"Notebook {posixpath.basename(chapter)} \u2013 {book.title}"
        (out_dir / page).write_text(_page_with_content(layout, title, text), encoding="utf-8")
        for media in (staged / posixpath.dirname(page)).glob("*_files"):
            shutil.copytree(media, out_dir / posixpath.dirname(page) / media.name,
                            dirs_exist_ok=True)
