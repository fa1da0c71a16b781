"""The chapters of the book as Markdown, as Quarto reads them; both renderers render this.

Each chapter is prepared into Markdown once per format (pandoc's own ipynb reader would print
the code and drop `text/markdown` outputs): Markdown cells as they are, `text/markdown` outputs
as Markdown, images copied or decoded into files, `#|` cell options honoured (`include`, `echo`,
`output`, `warning`, `code-fold`, `code-summary`) over the `execute` and `format.<html|typst>`
options of `_quarto.yml`, `{{< include >}}` expanded. Quarto renders a staged book of these
files and the fallback renders them with pandoc and Typst, so that the two cannot read a
chapter differently: its title, number, figures, tables and numbers come from one text.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from competency_framework.present.escape import markdown_text
from competency_framework.present.exports import DownloadPaths
from competency_framework.present.numbers import (
    anchors,
    linked_numbers,
    with_explanation_id,
    without_anchors,
    without_number_attributes,
)
from competency_framework.present.tables import printed_tables
from competency_framework.render.book import Book

CELL_OPTION = re.compile(r"^#\|\s?(.*)$")
# An image and its target; the description may hold one level of brackets (a link).
IMAGE = re.compile(r"(!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\()([^)\s]+)")
INCLUDE = re.compile(r"^\{\{<\s*include\s+(\S+?)\s*>\}\}[ \t]*$", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
# A figure's or table's label, and the classes written right after it (`.published`)
LABEL = re.compile(r"\{#((fig|tbl)-[A-Za-z0-9_:-]+)((?:\s+\.[A-Za-z0-9_-]+)*)")
# The class of the items that the published report numbers itself (Figure 1-13, Table 1 and 2,
# Tables A1 and A2): they keep its numbers; the report's own items are numbered S1, S2, ...
PUBLISHED = "published"
# An appendix chapter's title ("Appendix A: ..."): its published items are numbered A1, A2, ...
APPENDIX = re.compile(r"^Appendix ([A-Z])\b")
H1 = re.compile(r"^# (.+?)(?:\s*\{([^}]*)\})?\s*$", re.MULTILINE)
# a table that says how many rows the PDF keeps (`ReportTable.print_rows`): its lines, the
# start of its caption, the number, the rest of the caption's attributes
PRINT_ROWS = re.compile(r'^((?:\|.*\n)+)\n(: .*?) print-rows="(\d+)"(.*)$', re.MULTILINE)
FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1\s*$", re.MULTILINE | re.DOTALL)


class RenderError(RuntimeError):
    """A chapter could not be prepared or a tool failed; the message says which and why."""


def cell_options(source: str) -> tuple[dict, str]:
    """A code cell's leading `#|` options (YAML) and the code after them."""
    lines = source.splitlines()
    head: list[str] = []
    while len(head) < len(lines) and (m := CELL_OPTION.match(lines[len(head)])):
        head.append(m.group(1))
    options = yaml.safe_load("\n".join(head)) if head else None
    return options or {}, "\n".join(lines[len(head):]).strip("\n")


class BundleMedia:
    """Copies every image a chapter uses into one folder, under names that cannot collide
    (the PDF's images, all in one Typst project)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def _name(self, stem: str, suffix: str) -> str:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        return f"{self.folder.name}/{self.count:03d}-{stem}{suffix}"

    def add_file(self, path: Path) -> str:
        name = self._name(path.stem, path.suffix)
        (self.folder.parent / name).write_bytes(path.read_bytes())
        return name

    def add_bytes(self, data: bytes, suffix: str) -> str:
        name = self._name("output", suffix)
        (self.folder.parent / name).write_bytes(data)
        return name


class SiteMedia:
    """Puts the images of one page into the site where Quarto puts them: files at their path
    from the project root (so the page's own relative links still hold), decoded outputs in
    `<page stem>_files/`. Returns links relative to the page."""

    def __init__(self, root: Path, site: Path, page: str) -> None:
        self.root, self.site, self.page = Path(root).resolve(), Path(site), page
        self.count = 0

    def _link(self, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(self.page) or ".")

    def add_file(self, path: Path) -> str:
        path = Path(path).resolve()
        if not path.is_relative_to(self.root):
            raise RenderError(f"{self.page}: image {path} lies outside the project")
        target = path.relative_to(self.root).as_posix()
        (self.site / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, self.site / target)
        return self._link(target)

    def add_bytes(self, data: bytes, suffix: str) -> str:
        self.count += 1
        stem = posixpath.splitext(self.page)[0]
        target = f"{stem}_files/output-{self.count:03d}{suffix}"
        (self.site / target).parent.mkdir(parents=True, exist_ok=True)
        (self.site / target).write_bytes(data)
        return self._link(target)


def _relocate_images(markdown: str, source_dir: Path, media, where: str) -> str:
    """Point every local image of `markdown` (relative to `source_dir`) at its copy in media."""

    def swap(m: re.Match) -> str:
        target = m.group(2)
        if "://" in target or target.startswith(("data:", "#")):
            return m.group(0)
        path = source_dir / target
        if not path.is_file():
            raise RenderError(f"{where}: image {target} not found (looked in {source_dir})")
        return m.group(1) + media.add_file(path)

    return IMAGE.sub(swap, markdown)


def fenced(text: str, info: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"


def _output_markdown(output: dict, options: dict, source_dir: Path, media, where: str):
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr" and options.get("warning", True) is False:
            return ""
        return fenced(output.get("text", ""))
    if kind == "error":
        return fenced(f"{output.get('ename', '')}: {output.get('evalue', '')}")
    data = output.get("data", {})
    if "text/markdown" in data:
        return _relocate_images(data["text/markdown"], source_dir, media, where)
    for mime, suffix in (("image/png", ".png"), ("image/jpeg", ".jpg")):
        if mime in data:
            return f"![]({media.add_bytes(base64.b64decode(data[mime]), suffix)})"
    if "image/svg+xml" in data:
        return f"![]({media.add_bytes(data['image/svg+xml'].encode(), '.svg')})"
    if "text/html" in data:
        return fenced(data["text/html"], "{=html}")
    if "text/plain" in data:
        return fenced(data["text/plain"])
    return ""


def _code_markdown(code: str, options: dict) -> str:
    block = fenced(code, "{.python .cell-code}")  # Quarto's class for a cell's code
    if not options.get("code-fold"):
        return block
    summary = options.get("code-summary", "Code")
    return f"<details>\n<summary>{summary}</summary>\n\n{block}\n\n</details>"


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def read_notebook(path: Path) -> dict:
    """A notebook (nbformat 4) as plain data, multi-line strings joined. Read as JSON: importing
    nbformat costs seconds (its schema validator's imports), and papermill wrote it valid."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RenderError(f"{path}: not a readable notebook ({exc})") from exc
    if nb.get("nbformat") != 4:
        raise RenderError(f"{path}: nbformat {nb.get('nbformat')} (4 expected)")
    for cell in nb.get("cells", []):
        cell["source"] = _text(cell.get("source", ""))
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = _text(output["text"])
            for mime, value in (output.get("data") or {}).items():
                if mime != "application/json":
                    output["data"][mime] = _text(value)
    return nb


def notebook_markdown(path: Path, options: dict, media, *, every_cell: bool = False) -> str:
    """An executed notebook as Markdown, showing what Quarto would show for `options`; with
    `every_cell`, the whole notebook instead: every cell's code, then its outputs."""
    nb = read_notebook(path)
    parts: list[str] = []
    for number, cell in enumerate(nb["cells"], start=1):
        where = f"{path.name}, cell {number}"
        if cell["cell_type"] == "markdown":
            parts.append(_relocate_images(cell["source"], path.parent, media, where))
        elif cell["cell_type"] == "code":
            own, code = cell_options(cell["source"])
            opts = {**options, **own}
            if every_cell:
                parts.append(fenced(cell["source"], "python"))
                opts = {"warning": True}
            elif opts.get("include", True) is False:
                continue
            if every_cell or opts.get("output", True) is not False:
                for output in cell.get("outputs", []):
                    text = _output_markdown(output, opts, path.parent, media, where)
                    if text:
                        parts.append(text)
            if not every_cell and opts.get("echo", True) and code:
                parts.append(_code_markdown(code, opts))
    return "\n\n".join(parts)


def text_chapter_markdown(path: Path, media) -> str:
    """A .qmd/.md chapter without its front matter, `{{< include >}}` expanded."""
    text = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))

    def include(m: re.Match) -> str:
        target = path.parent / m.group(1)
        if not target.is_file():
            raise RenderError(f"{path.name}: included file {m.group(1)} not found")
        return text_chapter_markdown(target, media)

    # this file's own images first: included text arrives with its images already moved
    return INCLUDE.sub(include, _relocate_images(text, path.parent, media, path.name))


def chapter_markdown(root: Path, chapter: str, options: dict, media) -> str:
    """One chapter of the book as Markdown for the format whose `options` are given."""
    path = Path(root) / chapter
    if not path.is_file():
        raise RenderError(f"chapter {chapter} (listed in _quarto.yml) does not exist")
    if path.suffix == ".ipynb":
        return notebook_markdown(path, options, media)
    return text_chapter_markdown(path, media)


@dataclass(frozen=True)
class ChapterInfo:
    """A chapter's page, title and number (None when unnumbered)."""

    chapter: str
    page: str
    title: str
    number: int | None


def page_of(chapter: str) -> str:
    """The site page of a chapter: its path from the project root, as .html."""
    return posixpath.splitext(chapter)[0] + ".html"


def _without_code(markdown: str) -> str:
    return FENCE.sub("", markdown)


def chapter_infos(markdowns: dict[str, str]) -> list[ChapterInfo]:
    """Each chapter's page, title (its first level-1 heading) and number, in book order; a
    chapter whose heading is `{.unnumbered}` gets no number, as in Quarto."""
    infos, number = [], 0
    for chapter, text in markdowns.items():
        m = H1.search(_without_code(text))
        title = m[1].strip() if m else posixpath.basename(chapter)
        unnumbered = bool(m and m[2] and (".unnumbered" in m[2] or re.search(r"(^|\s)-(\s|$)",
                                                                              m[2])))
        if not unnumbered:
            number += 1
        infos.append(ChapterInfo(chapter, page_of(chapter), title,
                                 None if unnumbered else number))
    return infos


def crossref_numbers(markdowns: dict[str, str], infos: list[ChapterInfo]) -> dict[str, dict]:
    """Every figure and table label of the book: its label ("Figure 2"), the number alone
    ("2"), its page and chapter.

    The items the published report numbers (class `.published`) keep its numbering: figures
    and tables counted through the book (Figure 1, Table 2), and in a chapter titled "Appendix
    A: ..." by that letter (Table A1). The report's own figures and tables are counted apart,
    through the book: Figure S1, Table S1. So neither ever collides with the other, and a
    reader can work through the two reports side by side."""
    names = {"fig": "Figure", "tbl": "Table"}
    counts: dict[tuple[str, str], int] = {}
    out: dict[str, dict] = {}
    for info in infos:
        appendix = APPENDIX.match(info.title)
        for m in LABEL.finditer(_without_code(markdowns[info.chapter])):
            ident, kind = m[1], m[2]
            if ident in out:
                raise RenderError(f"{info.chapter}: label {ident} is used twice in the book "
                                  f"(also in {out[ident]['chapter']})")
            published = PUBLISHED in m[3].replace(".", " ").split()
            series = (appendix[1] if appendix else "") if published else "S"
            counts[kind, series] = counts.get((kind, series), 0) + 1
            number = f"{series}{counts[kind, series]}"
            out[ident] = {"label": f"{names[kind]} {number}", "number": number,
                          "page": info.page, "chapter": info.chapter}
    return out


def refs_for_page(refs: dict[str, dict], page: str) -> dict[str, dict]:
    """The cross-references as links from `page`."""
    here = posixpath.dirname(page) or "."
    return {ident: {"label": ref["label"], "number": ref["number"],
                    "href": ("" if ref["page"] == page else posixpath.relpath(ref["page"], here))
                    + "#" + ident}
            for ident, ref in refs.items()}


# The interactive Figure 2's code and style, in both renderers' sites at the root (the chapter
# links them: `present.figures.network_explorer`).
EXPLORER_ASSETS = ("network-explorer.js", "network-explorer.css")


def asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def include_files(root: Path, book: Book, fmt: str, key: str) -> str:
    """The text of the files `format.<fmt>.<key>` names (include-before-body ...)."""
    names = book.format_options(fmt).get(key) or []
    names = [names] if isinstance(names, str) else names
    out = []
    for name in names:
        path = Path(root) / name
        if not path.is_file():
            raise RenderError(f"_quarto.yml format.{fmt}.{key}: {name} does not exist")
        out.append(path.read_text(encoding="utf-8"))
    return "".join(out)


def after_home_typst(contents: bool) -> str:
    """What follows the home page (which shares the title page) in both PDFs: the rule that
    starts every later chapter on a new page (a show rule from here on, where a state counting
    the chapters cost Typst a layout pass), then the contents if `contents`."""
    rule = "#show heading.where(level: 1): it => { pagebreak(weak: true); it }"
    return fenced(rule + ("\n#pagebreak()\n#outline(depth: 2)" if contents else ""), "{=typst}")


def printed_rows(markdown: str, *, cut: bool) -> str:
    """`markdown` without the number of rows a long table keeps in the PDF (`print-rows`, set
    by `ReportTable.print_rows` where a list grows with the edition); when `cut` (the PDF),
    each such table cut to that many body rows, its caption saying how many of how many and
    that the website and the table's CSV file have them all."""
    def one(m: re.Match[str]) -> str:
        lines = m[1].splitlines(keepends=True)
        keep, caption = int(m[3]), m[2]
        body = lines[2:]
        if cut and len(body) > keep:
            text, attributes = caption.rsplit(" {", 1)
            caption = (f"{text} The first {keep} of {len(body)} rows; the website and the "
                       f"table's CSV file have them all. {{{attributes}")
            lines = lines[:2] + body[:keep]
        return "".join(lines) + "\n" + caption + m[4]
    return PRINT_ROWS.sub(one, markdown)


def book_markdown(root: Path, book: Book, fmt: str, media_for) -> dict[str, str]:
    """Every chapter of `book` as Markdown for format `fmt` (html, typst), in book order;
    `media_for(chapter)` gives the media collector of each chapter's images. In HTML each
    printed number links to what backs it (`link_numbers`); the PDF has no such links, and
    keeps the first rows of a table that says how many (`printed_rows`; cut here, before
    pandoc reads the rest)."""
    options = book.format_options(fmt)
    markdowns = {c: printed_rows(chapter_markdown(root, c, options, media_for(c)),
                                 cut=fmt != "html") for c in book.chapters}
    if fmt == "html":
        return link_numbers(markdowns)
    return {c: without_anchors(text) for c, text in markdowns.items()}


def link_numbers(markdowns: dict[str, str]) -> dict[str, str]:
    """The chapters with each number linked (`present.numbers.linked_numbers`) to the anchor it
    needs: on its own page when there, else on the first page that has it."""
    markdowns = {c: with_explanation_id(text) for c, text in markdowns.items()}
    pages: dict[str, str] = {}
    for chapter, text in markdowns.items():
        for ident in anchors(_without_code(text)):
            pages.setdefault(ident, page_of(chapter))
    out = {}
    for chapter, text in markdowns.items():
        page = page_of(chapter)
        here = set(anchors(_without_code(text)))

        def href(ident: str, page: str = page, here: set[str] = here) -> str | None:
            if ident in here:
                return "#" + ident
            if ident not in pages:
                return None
            return posixpath.relpath(pages[ident], posixpath.dirname(page) or ".") + "#" + ident
        out[chapter] = linked_numbers(text, href)
    return out


def source_notebooks(markdowns: dict[str, str]) -> dict[str, str]:
    """Each figure and table label in a chapter made by an executed notebook -> that notebook
    (its path from the project root): what `source-links.lua` names under each of them."""
    return {m[1]: chapter for chapter, text in markdowns.items() if chapter.endswith(".ipynb")
            for m in LABEL.finditer(_without_code(text))}


def shown_data_links(markdowns: dict[str, str]) -> dict[str, str]:
    """Each table and figure label in a chapter made by an executed notebook -> the link, from
    its page, to the CSV of the data it shows (`build.downloads.write_shown_data` writes
    them): what `source-links.lua` adds to its caption on the web pages."""
    return {label: posixpath.relpath(DownloadPaths.shown(label),
                                     posixpath.dirname(page_of(chapter)) or ".")
            for chapter, text in markdowns.items() if chapter.endswith(".ipynb")
            for label in [*printed_tables(_without_code(text)),
                          *(m[1] for m in LABEL.finditer(_without_code(text))
                            if m[2] == "fig")]}


def part_heading(title: str) -> str:
    """A part's title as the unnumbered level-1 heading both PDFs give it (Quarto's book does)."""
    return f"# {markdown_text(title)} {{.unnumbered}}"


NOTEBOOK_PAGE = ".notebook.html"  # a chapter's notebook page: <chapter stem>.notebook.html


def notebook_page_of(chapter: str) -> str:
    """The site page showing the cells of a chapter's executed notebook (where its figures'
    and tables' "Source" links lead in HTML; `source-links.lua` spells the same name)."""
    return posixpath.splitext(chapter)[0] + NOTEBOOK_PAGE


def notebook_page_markdown(root: Path, chapter: str, title: str, chapter_href: str,
                           media) -> str:
    """The page showing every cell of a chapter's executed notebook, with the outputs it gave,
    a link back to the chapter (`chapter_href`) and one to download the notebook beside it.
    Its numbers are plain: the chapter's own page links each to what backs it (and pandoc
    reads a page of plain numbers in half the time)."""
    name = posixpath.basename(chapter)
    intro = (f"# Notebook `{name}`\n\n"
             f"The executed notebook behind chapter [{title}](<{chapter_href}>): every cell, "
             f"with the outputs it gave when the report was built. Download it: "
             f"[{name}](<{name}>).\n\n")
    return intro + without_number_attributes(printed_rows(
        notebook_markdown(Path(root) / chapter, {}, media, every_cell=True), cut=False),
        table_widths=False)
