"""Quarto and the fallback give a reader the same report (ARCHITECTURE: "must not drift").

The same edition is built with both renderers, and what a reader gets is compared, in the HTML
site and in the PDF: the chapters (numbers and titles, in order), every figure's and table's
caption with its number, where each "Source" link leads, and every number in the text. Only
what names the renderer itself (the colophon's "Rendered by" and tool versions) and what
depends on page layout (page numbers, the contents' page references, the order in which text
comes out of a table row broken across pages) is left out.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from paths import EDITION_2025, TINY
from report_project import built_report, need_tool

from competency_framework import load_edition
from competency_framework.build.front_matter import provenance_banner
from competency_framework.build.plan import plan

pytestmark = pytest.mark.build

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
RENDERER_FACTS = ("Rendered by", "Tool versions")  # what the colophon says of the renderer


class _ReaderText(HTMLParser):
    """A page as a reader reads it: the main content's text (no code, no navigation), its
    first level-1 heading, its captions and the links in them."""

    SKIP = {"pre", "script", "style", "details", "nav", "button"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = self.skip = 0
        self.text: list[str] = []
        self.h1: list[str] | None = None
        self.title = ""
        self.captions: list[list[str]] = []
        self.caption_depth = 0
        self.sources: list[str] = []
        self.dt = ""
        self.in_dt = False
        self.drop_dd = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main += 1
        if not self.in_main:
            return
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "h1" and self.h1 is None and not self.title:
            self.h1 = []
        elif tag in ("figcaption", "caption"):
            self.caption_depth += 1
            self.captions.append([])
        elif tag == "a" and self.caption_depth and ".ipynb" not in (attrs.get("href") or ""):
            self.sources.append(attrs.get("href") or "")
        elif tag == "dt":
            self.in_dt, self.dt = True, ""
        elif tag == "dd":
            self.drop_dd = self.dt.strip() in RENDERER_FACTS

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if not self.in_main:
            return
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "h1" and self.h1 is not None and not self.title:
            self.title = " ".join(" ".join(self.h1).split())
            self.h1 = None
        elif tag in ("figcaption", "caption"):
            self.caption_depth -= 1
        elif tag == "dt":
            self.in_dt = False
        elif tag == "dd":
            self.drop_dd = False

    def handle_data(self, data):
        if not self.in_main or self.skip:
            return
        data = data.replace("\u00a0", " ")
        if self.h1 is not None:
            self.h1.append(data)
        if self.caption_depth:
            self.captions[-1].append(data)
        if self.in_dt:
            self.dt += data
        if not self.drop_dd:
            self.text.append(data)


def read_page(path: Path) -> _ReaderText:
    parser = _ReaderText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def without_renderer(text: str) -> str:
    """`text` without the colophon's renderer and tool versions (from "Rendered by" to the
    list of notebooks), which differ between the two renderers by design."""
    return re.sub(r"Rendered by .*?(?=The notebooks behind)", "", text, flags=re.S)


def html_view(report, book) -> dict[str, list]:
    """Per chapter page: its heading, captions, where their source links lead (as a path from
    the site's root) and the numbers of its text."""
    view: dict[str, list] = {"headings": [], "captions": [], "sources": [], "numbers": []}
    for i, chapter in enumerate(book.chapters):
        page = "index.html" if i == 0 else posixpath.splitext(chapter)[0] + ".html"
        seen = read_page(report.out / page)
        if i:  # the home page's first heading is the book's title in Quarto's title block
            view["headings"].append(seen.title)
        captions = [" ".join("".join(c).split()) for c in seen.captions]
        view["captions"].append([c for c in captions if c])
        view["sources"].append([posixpath.normpath(posixpath.join(posixpath.dirname(page), s))
                                for s in seen.sources])
        view["numbers"].append(NUMBER.findall(" ".join(seen.text)))
    return view


def pdf_view(report, fw) -> dict[str, list]:
    """The PDF's text after the contents, without the banner and page numbers: its chapter
    headings (a page's first line), figure and table labels, source notes and numbers."""
    text = subprocess.run(["pdftotext", "-raw", str(report.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = re.sub("\u00ad\n", "", text)
    banner = " ".join(provenance_banner(fw).split())
    pages = []
    for page in text.split("\f")[:-1]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = " ".join(lines)
        if banner:
            body = body.replace(banner, "", 1)
        body = re.sub(r"\s*\d+$", "", body.strip())  # the page number, last on the page
        pages.append(body.strip())
    contents = next(i for i, p in enumerate(pages) if p.startswith("Contents"))
    front = " ".join(pages[:contents])
    after = [p for p in pages[contents:] if not re.search(r"\.\s?\.\s?\.", p)]  # contents
    body = without_renderer(" ".join([front, *after]))
    return {
        "labels": re.findall(r"\b(?:Figure|Table) [SA]?\d+:", body),
        "sources": re.findall(r"Source: (\S+\.ipynb)\.", body),
        "numbers": NUMBER.findall(body),
    }


@pytest.fixture(scope="module", params=[pytest.param(TINY, id="tiny"), pytest.param(
    EDITION_2025, id="2025", marks=pytest.mark.skipif(
        not (EDITION_2025 / "datapackage.json").is_file(), reason="data/raw/2025 not built"))])
def both(request, tmp_path_factory):
    need_tool("pdftotext")
    built = {r: built_report(tmp_path_factory, request.param, r) for r in ("fallback", "quarto")}
    fw = load_edition(built["fallback"].project / built["fallback"].edition)
    _, book = plan(built["fallback"].project, fw, profiles=built["fallback"].profiles)
    return built, fw, book


def test_the_html_sites_agree(both):
    built, _, book = both
    fallback, quarto = (html_view(built[r], book) for r in ("fallback", "quarto"))
    assert quarto["headings"] == fallback["headings"]
    assert len(fallback["headings"]) == len(book.chapters) - 1
    assert quarto["captions"] == fallback["captions"]
    assert sum(map(len, fallback["captions"])) >= 1
    assert quarto["sources"] == fallback["sources"]
    for chapter, numbers_q, numbers_f in zip(book.chapters, quarto["numbers"],
                                             fallback["numbers"], strict=True):
        assert numbers_q == numbers_f, chapter


def test_the_pdfs_agree(both):
    built, fw, _ = both
    fallback, quarto = (pdf_view(built[r], fw) for r in ("fallback", "quarto"))
    assert quarto["labels"] == fallback["labels"] and fallback["labels"]
    assert quarto["sources"] == fallback["sources"] and fallback["sources"]
    # as many of each number: where a table row breaks across pages the text extracted comes in
    # an order that depends on where the page ends, which the two layouts may place apart
    assert Counter(quarto["numbers"]) == Counter(fallback["numbers"])
    assert len(fallback["numbers"]) > 100
