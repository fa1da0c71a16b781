"""The fallback's HTML: a site of one page per chapter, laid out as Quarto lays out a book.

Every page has the provenance banner on top (the book's `include-before-body`), a sidebar with
the report's title, a search box and the chapters (the current one with its sections), and
previous/next links at the foot. Each executed notebook is copied beside its chapter's page
and shown, every cell, on a page of its own (`<chapter>.notebook.html`), which the figures'
and tables' "Source" links open. Search runs in the browser over `search-index.js`, written
here: every page's title, headings and text, section by section. Nothing is fetched from
elsewhere: no CDN, no font, no script that is not in the site.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from competency_framework.render.book import Book
from competency_framework.render.citations import (
    citation_options,
    cites_works,
    references_page,
    write_citation_files,
)
from competency_framework.render.markdown import (
    EXPLORER_ASSETS,
    ChapterInfo,
    SiteMedia,
    book_markdown,
    chapter_infos,
    crossref_numbers,
    include_files,
    notebook_page_markdown,
    notebook_page_of,
    refs_for_page,
)
from competency_framework.render.pandoc import html_fragment, write_sources

ASSETS = ("site.css", "site.js")
SEARCH_INDEX = "search-index.js"
SEARCH_TEXT_CHARS = 4000  # of each section, in the index


@dataclass
class Section:
    """A heading of a page and the text under it (up to the next heading)."""

    level: int
    ident: str
    title: str
    text: list[str] = field(default_factory=list)


class _PageText(HTMLParser):
    """The sections (headings with ids) of a page body and their text, code left out."""

    HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
    SKIP = {"pre", "script", "style", "details"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section(0, "", "")]
        self.pending_id = ""
        self.heading: Section | None = None
        self.number = False
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "section" and (section_id := attr.get("id")):
            self.pending_id = section_id
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.HEADINGS:
            self.heading = Section(self.HEADINGS[tag], attr.get("id") or self.pending_id, "")
            self.pending_id = ""
        elif tag == "span" and "header-section-number" in (attr.get("class") or ""):
            self.number = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.HEADINGS and self.heading:
            self.heading.title = " ".join(self.heading.title.split())
            self.sections.append(self.heading)
            self.heading = None
        elif tag == "span":
            self.number = False

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            if not self.number:
                self.heading.title += data
        elif not self.skip:
            self.sections[-1].text.append(data)


def page_sections(body: str) -> list[Section]:
    parser = _PageText()
    parser.feed(body)
    parser.close()
    return [s for s in parser.sections if s.level or " ".join(s.text).strip()]


@dataclass
class Page:
    """One page of the site."""

    href: str  # from the site's root
    title: str  # without its number
    number: int | None
    body: str
    chapter: str = ""  # the book's chapter file ("" for notebook pages)
    part: str = ""
    sections: list[Section] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.number}\u2002{self.title}" if self.number else self.title


def _rel(href: str, page: str) -> str:
    """`href` (from the site's root) as a link from `page`."""
    return posixpath.relpath(href, posixpath.dirname(page) or ".")


class _PandocJob(NamedTuple):
    """One page for pandoc to write: its Markdown, a file name for it, metadata, options."""

    markdown: str
    name: str
    meta: dict[str, str]
    options: list[str]
    href: str  # the page, from the site's root


def _pandoc_page(markdown: str, name: str, meta: dict[str, str], options: list[str],
                 refs: dict[str, dict], page: str, tmp: Path) -> str:
    """One page's body (an HTML fragment) from its Markdown."""
    source = tmp / f"{name}.md"
    source.write_text(markdown, encoding="utf-8")
    refs_file = tmp / f"{name}.refs.json"
    refs_file.write_text(json.dumps(refs_for_page(refs, page)), encoding="utf-8")
    args = ["--metadata", f"crossrefs-file={refs_file.name}", *options]
    for key, value in meta.items():
        args += ["--metadata", f"{key}={value}"]
    return html_fragment(source.name, tmp, *args)


def render_site(root: Path, book: Book, out_dir: Path, tmp: Path, *, pdf_name: str) -> Path:
    """Write the site of `book` into `out_dir`; returns its home page (`index.html`)."""
    root = Path(root).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    markdowns = book_markdown(
        root, book, "html",
        lambda chapter: SiteMedia(root, out_dir, posixpath.splitext(chapter)[0] + ".html"))
    infos = chapter_infos(markdowns)
    refs = crossref_numbers(markdowns, infos)
    banner = include_files(root, book, "html", "include-before-body")
    sources = write_sources(markdowns, tmp / "sources-html.yml")
    cites = write_citation_files(root, book, markdowns, tmp)
    references = references_page(markdowns)

    def citing(page: str, markdown: str) -> list[str]:
        """citeproc's options for a page that cites a work or lists them (none for others:
        citeproc would leave them as they are, in a tenth of a second each)."""
        if not cites or (page != references and not cites_works(markdown, refs)):
            return []
        return citation_options(page, references)

    # pandoc runs once per page: in parallel (each call is a process of its own)
    jobs: list[_PandocJob] = []
    for i, info in enumerate(infos):
        href = "index.html" if i == 0 else info.page
        extra = ["--metadata-file", sources, *citing(href, markdowns[info.chapter])]
        if info.number:
            extra += ["--number-sections", f"--number-offset={info.number - 1}"]
        jobs.append(_PandocJob(markdowns[info.chapter], f"page-{i:03d}", {}, extra, href))
    notebook_jobs = [_notebook_page_job(root, info, out_dir, i, sources, citing)
                     for i, info in enumerate(infos) if info.chapter.endswith(".ipynb")]
    every = jobs + notebook_jobs
    # the longest pages first, so that no long one is left running alone at the end
    order = sorted(range(len(every)), key=lambda i: -len(every[i].markdown))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        made = dict(zip(order, pool.map(
            lambda job: _pandoc_page(job.markdown, job.name, job.meta, job.options, refs,
                                     job.href, tmp),
            [every[i] for i in order]), strict=True))
    bodies = [made[i] for i in range(len(every))]
    pages = []
    for (_, _, _, _, href), info, body in zip(jobs, infos, bodies, strict=False):
        sections = page_sections(body)
        # the title as pandoc rendered it (Markdown escapes resolved)
        title = next((s.title for s in sections if s.level == 1), info.title)
        pages.append(Page(href, title, info.number, body, info.chapter,
                          book.part_of(info.chapter), sections))
    notebook_pages = [Page(job.href, job.meta["title"], None, body)
                      for job, body in zip(notebook_jobs, bodies[len(jobs):], strict=True)]

    for name in ASSETS + EXPLORER_ASSETS:
        (out_dir / name).write_text(
            resources.files(__package__).joinpath(name).read_text(encoding="utf-8"),
            encoding="utf-8")
    (out_dir / SEARCH_INDEX).write_text(search_index(pages), encoding="utf-8")
    for i, page in enumerate(pages):
        previous = pages[i - 1] if i > 0 else None
        following = pages[i + 1] if i + 1 < len(pages) else None
        _write_page(out_dir, page, book, pages, banner, pdf_name, previous, following)
    for page in notebook_pages:
        _write_page(out_dir, page, book, pages, banner, pdf_name, None, None)
    return out_dir / "index.html"


def _notebook_page_job(root: Path, info: ChapterInfo, out_dir: Path, i: int,
                       sources: str, citing: Callable[[str, str], list[str]]) -> _PandocJob:
    """The page showing every cell of an executed notebook (as a pandoc job), the notebook
    copied beside it."""
    chapter = info.chapter
    href = notebook_page_of(chapter)
    chapter_page = "index.html" if i == 0 else info.page
    (out_dir / chapter).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / chapter, out_dir / chapter)
    markdown = notebook_page_markdown(root, chapter, info.title, _rel(chapter_page, href),
                                      SiteMedia(root, out_dir, href))
    title = f"Notebook {posixpath.basename(chapter)}"
    return _PandocJob(markdown, f"notebook-{i:03d}", {"title": title},
                      ["--metadata-file", sources, *citing(href, markdown)], href)


def search_index(pages: list[Page]) -> str:
    """The search index as a script: `window.SEARCH_INDEX`, one entry per section."""
    entries = []
    for page in pages:
        for section in page.sections:
            text = " ".join(" ".join(section.text).split())[:SEARCH_TEXT_CHARS]
            href = page.href + (f"#{section.ident}" if section.ident and section.level > 1
                                else "")
            entries.append({"href": href, "page": page.label, "section": section.title
                            if section.level > 1 else "", "text": text})
    data = json.dumps(entries, ensure_ascii=False, indent=0, sort_keys=True)
    return f"window.SEARCH_INDEX = {data};\n"


def _sidebar(book: Book, pages: list[Page], current: Page, pdf_name: str) -> str:
    e = html.escape
    rel = lambda href: e(_rel(href, current.href))  # noqa: E731
    items, part = [], None
    for page in pages:
        if page.part != part:
            if part:
                items.append("</ol></li>")
            part = page.part
            if part:
                items.append(f'<li class="part"><span class="part-title">{e(part)}</span><ol>')
        here = page.href == current.href
        attrs = ' aria-current="page"' if here else ""
        item = f'<li><a href="{rel(page.href)}"{attrs}>{e(page.label)}</a>'
        subs = [s for s in page.sections if s.level == 2 and s.ident] if here else []
        if subs:
            item += '<ol class="sections">' + "".join(
                f'<li><a href="#{e(s.ident)}">{e(s.title)}</a></li>' for s in subs) + "</ol>"
        items.append(item + "</li>")
    if part:
        items.append("</ol></li>")
    return (
        '<nav class="sidebar" aria-label="Report contents">\n'
        f'<p class="book-title"><a href="{rel("index.html")}">{e(book.title)}</a></p>\n'
        '<div class="search" role="search">\n'
        '<label for="search-input">Search the report</label>\n'
        '<input id="search-input" type="search" autocomplete="off">\n'
        '<div id="search-results" aria-live="polite"></div>\n</div>\n'
        f'<ol class="chapters">{"".join(items)}</ol>\n'
        f'<p class="pdf-link"><a href="{rel(pdf_name)}">The report as a PDF</a></p>\n'
        "</nav>\n"
    )


def _page_nav(current: Page, previous: Page | None, following: Page | None) -> str:
    e = html.escape
    links = []
    if previous:
        href = e(_rel(previous.href, current.href))
        links.append(f'<a class="previous" rel="prev" href="{href}">\u2190 {e(previous.label)}</a>')
    if following:
        href = e(_rel(following.href, current.href))
        links.append(f'<a class="next" rel="next" href="{href}">{e(following.label)} \u2192</a>')
    if not links:
        return ""
    return ('<nav class="page-nav" aria-label="Previous and next chapter">'
            + "".join(links) + "</nav>\n")


def _title_block(book: Book, page: Page) -> str:
    """The book's title, subtitle and author atop the home page, as Quarto's book shows them."""
    if page.href != "index.html":
        return ""
    subtitle = f'<p class="subtitle">{html.escape(book.subtitle)}</p>' if book.subtitle else ""
    author = f'<p class="author">{html.escape(book.author)}</p>' if book.author else ""
    return (f'<div class="title-block"><p class="title">{html.escape(book.title)}</p>'
            f"{subtitle}{author}</div>\n")


def _write_page(out_dir: Path, page: Page, book: Book, pages: list[Page], banner: str,
                pdf_name: str, previous: Page | None, following: Page | None) -> None:
    e = html.escape
    root = _rel(".", page.href)
    root = "" if root == "." else root + "/"
    title = e(page.label if page.title == book.title else f"{page.label} \u2013 {book.title}")
    text = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        '<link rel="icon" href="data:,">\n'  # no favicon request (and no 404 in the console)
        f'<link rel="stylesheet" href="{root}site.css">\n'
        f'<script src="{root}{SEARCH_INDEX}" defer></script>\n'
        f'<script src="{root}site.js" defer></script>\n'
        "</head>\n"
        f'<body data-root="{e(root)}">\n'
        '<a class="skip-link" href="#content">Skip to the content</a>\n'
        + (f"<header>\n{banner}</header>\n" if banner.strip() else "")
        + '<div class="layout">\n'
        + _sidebar(book, pages, page, pdf_name)
        + '<main id="content">\n' + _title_block(book, page) + f"{page.body}\n"
        + _page_nav(page, previous, following)
        + "</main>\n</div>\n</body>\n</html>\n"
    )
    target = out_dir / page.href
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
