"""The full report as a reader gets it, built once per edition and renderer per session (the
fallback, and Quarto where it is installed; in CI both): every HTML page in headless Chromium
(served over http from 127.0.0.1), the PDF through poppler. Both renderers pass the same checks.

HTML: every page loads without console errors or failed requests, every image resolves, every
internal link reaches an existing file and anchor, axe-core finds no serious or critical
violation; every page carries the sidebar, search, previous/next links and (reconstructed
data) the provenance banner; every figure and table names the executed notebook that made it,
and that notebook is in the site. PDF: title page and colophon facts, contents, every chapter
title, every figure a vector, page numbers.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml
from paths import EDITION_2025, ROOT, TINY
from report_project import (
    AXE,
    built_report,
    chromium,
    need_tool,
    served,
)

from competency_framework import load_edition
from competency_framework.build.front_matter import provenance_banner
from competency_framework.build.plan import plan

pytestmark = pytest.mark.build

NO_2025 = pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(),
                             reason="data/raw/2025 is not built yet (the reconstruction makes it)")
REPORTS = [pytest.param((TINY, "fallback"), id="tiny-fallback"),
           pytest.param((TINY, "quarto"), id="tiny-quarto"),
           pytest.param((EDITION_2025, "fallback"), id="2025-fallback", marks=NO_2025),
           pytest.param((EDITION_2025, "quarto"), id="2025-quarto", marks=NO_2025)]


@pytest.fixture(scope="module", params=REPORTS)
def report(request, tmp_path_factory) -> SimpleNamespace:
    edition, renderer = request.param
    built = built_report(tmp_path_factory, edition, renderer)
    fw = load_edition(built.project / built.edition)
    pages = sorted(p.relative_to(built.out).as_posix() for p in built.out.rglob("*.html"))
    # the chapters of this edition's areas and institutes (the tests build the profiles)
    _, book = plan(built.project, fw, profiles=built.profiles)
    return SimpleNamespace(**vars(built), fw=fw, pages=pages, book=book)


class _Anchors(HTMLParser):
    """The ids, links and images of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs.get("src") or "")
        if tag in ("link", "script") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs.get("href") or attrs.get("src"))


@functools.cache
def parsed(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def site_path(url: str) -> str:
    """A link as the browser resolved it (an absolute URL of the test server) as a path from the
    site's root; a folder stands for its index.html."""
    path = posixpath.normpath(unquote(urlsplit(url).path).lstrip("/") or ".")
    return "index.html" if path == "." else path + "/index.html" if url.endswith("/") else path


# The links that leave the site: a cited work's address, in its References entry, and where
# the title page says the regenerated publication is found (`_quarto.yml`'s `regenerates`).
CITED_ADDRESSES = {work["URL"] for work in json.loads(
    (ROOT / "report" / "references.json").read_text(encoding="utf-8")) if "URL" in work} | {
    yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))["regenerates"]["url"]}


def test_every_internal_link_and_image_resolves(report):
    broken = []
    for page in report.pages:
        for href in parsed(report.out / page).links + parsed(report.out / page).images:
            parts = urlsplit(href)
            if parts.scheme in ("data",):
                continue
            if parts.scheme or parts.netloc:  # only the addresses of the works cited
                assert href in CITED_ADDRESSES, f"{page}: external link {href}"
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page),
                                                       unquote(parts.path))) if parts.path \
                else page
            if parts.path.endswith("/") or target == ".":  # a folder: its index.html
                target = posixpath.normpath(posixpath.join(target, "index.html"))
            if target.startswith("..") or not (report.out / target).is_file():
                broken.append(f"{page}: {href} (no file {target})")
            elif parts.fragment and target.endswith(".html") and (
                    unquote(parts.fragment) not in parsed(report.out / target).ids):
                broken.append(f"{page}: {href} (no #{parts.fragment} in {target})")
    assert broken == []


@pytest.fixture(scope="module")
def server(report):
    """The site over http on 127.0.0.1 (as a reader's browser gets it)."""
    with served(report.out) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as opened:
        yield opened


# What a reader finds on a page, in the fallback's markup or Quarto's (each matches its own).
PAGE_FACTS = """() => ({
  images: [...document.images].map(i => ({src: i.getAttribute('src'), w: i.naturalWidth,
                                          alt: i.alt,
                                          fill: i.closest('figure') && (
                                            i.getBoundingClientRect().width
                                            / i.closest('figure').getBoundingClientRect().width)})),
  banner: document.querySelector('.provenance-banner')?.innerText ?? '',
  banner_across_top: (b => !!b && b.getBoundingClientRect().top < 5
                      && b.getBoundingClientRect().width >= 0.95 * window.innerWidth - 20)
                     (document.querySelector('.provenance-banner')),
  sidebar: [...document.querySelectorAll('nav.sidebar ol.chapters > li > a, '
                                          + 'nav.sidebar li.part > ol > li > a, '
                                          + '#quarto-sidebar a.sidebar-link[href]')]
           .map(a => a.href),
  search: !!document.querySelector('input#search-input[type=search], #quarto-search'),
  pdf: [...document.querySelectorAll('a[href$=".pdf"]')].map(a => a.href),
  sideways: document.documentElement.scrollWidth - window.innerWidth,
  prev: document.querySelector('nav.page-nav a[rel=prev], nav.page-navigation '
                               + '.nav-page-previous a')?.href ?? null,
  next: document.querySelector('nav.page-nav a[rel=next], nav.page-navigation '
                               + '.nav-page-next a')?.href ?? null,
  figures: [...document.querySelectorAll('main figure')].map(f => ({
      id: f.id || f.parentElement.id,
      caption: (f.querySelector('figcaption')?.innerText ?? '').replace(/\u00a0/g, ' '),
      source: f.querySelector('figcaption a[href$=".notebook.html"]')?.href})),
  tables: [...document.querySelectorAll('main table')].filter(t => !t.closest('figure'))
          .map(t => ({caption: (t.querySelector('caption')?.innerText ?? '')
                                 .replace(/\u00a0/g, ' '),
                      source: t.querySelector('caption a[href$=".notebook.html"]')?.href})),
  code: [...document.querySelectorAll('main .cell-code')].map(p => !!p.closest('details')),
  callouts: [...document.querySelectorAll('main .callout-important')]
            .map(c => parseFloat(getComputedStyle(c).borderLeftWidth)),
})"""


@pytest.fixture(scope="module")
def visited(report, server, browser) -> dict[str, dict]:
    """Every page opened in Chromium: its console, failed requests, facts and axe's verdict."""
    need_tool(str(AXE))
    axe = AXE.read_text(encoding="utf-8")
    out = {}
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for name in report.pages:
        problems: list[str] = []
        on_console = lambda m, p=problems: p.append(m.text) if m.type == "error" else None  # noqa: E731
        on_error = lambda e, p=problems: p.append(str(e))  # noqa: E731
        on_failed = lambda r, p=problems: p.append(f"failed to load {r.url}")  # noqa: E731
        page.on("console", on_console)
        page.on("pageerror", on_error)
        page.on("requestfailed", on_failed)
        response = page.goto(server + name, wait_until="load")
        facts = page.evaluate(PAGE_FACTS)
        page.add_script_tag(content=axe)
        violations = page.evaluate("""async () => (await axe.run(document)).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html)}))""")
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_error)
        page.remove_listener("requestfailed", on_failed)
        out[name] = {"status": response.status, "problems": problems, "facts": facts,
                     "violations": violations}
    page.close()
    return out


def test_every_page_loads_without_console_errors(report, visited):
    # every chapter page, and each notebook chapter's page of cells
    notebooks = [c for c in report.book.chapters if c.endswith(".ipynb")]
    assert len(visited) >= len(report.book.chapters) + len(notebooks)
    bad = {n: (v["status"], v["problems"]) for n, v in visited.items()
           if v["status"] != 200 or v["problems"]}
    assert bad == {}


def test_every_image_loads_with_alt_text(report, visited):
    bad = {n: [i for i in v["facts"]["images"] if i["w"] == 0 or not i["alt"].strip()]
           for n, v in visited.items()}
    assert {n: b for n, b in bad.items() if b} == {}
    figures = sum(len(v["facts"]["images"]) for v in visited.values())
    assert figures >= 1


def test_no_page_scrolls_sideways(visited):
    """At 1280 px, every page fits the window's width (wide tables scroll in their own box)."""
    assert {n: v["facts"]["sideways"] for n, v in visited.items()
            if v["facts"]["sideways"] > 1} == {}


def test_axe_finds_no_serious_violation(visited):
    serious = {n: [v for v in page["violations"] if v["impact"] in ("serious", "critical")]
               for n, page in visited.items()}
    assert {n: v for n, v in serious.items() if v} == {}


def chapter_pages(report) -> list[str]:
    return ["index.html"] + [posixpath.splitext(c)[0] + ".html"
                             for c in report.book.chapters[1:]]


def test_every_page_has_contents_search_and_banner(report, visited):
    pages = chapter_pages(report)
    assert set(pages) <= set(visited)
    banner = provenance_banner(report.fw)
    for name, page in visited.items():
        facts = page["facts"]
        assert facts["search"], name
        assert [site_path(h) for h in facts["sidebar"]] == pages
        assert site_path(facts["pdf"][0]) == report.pdf.relative_to(report.out).as_posix()
        if report.fw.is_reconstructed:
            assert facts["banner"] == banner and "\N{DAGGER} marks a model's choice" in banner
            assert facts["banner_across_top"], name
        else:
            assert facts["banner"] == ""
    # previous/next links walk the chapters in book order
    for i, name in enumerate(pages):
        facts = visited[name]["facts"]
        step = [site_path(h) if h else None for h in (facts["prev"], facts["next"])]
        assert step == [pages[i - 1] if i else None, pages[i + 1] if i + 1 < len(pages) else None]


def test_callouts_stand_out_in_a_box(report, visited):
    """A callout (the notice atop an illustrative profile) is boxed, with a bold left edge, in
    either renderer's pages (axe checks its contrast)."""
    edges = [w for v in visited.values() for w in v["facts"]["callouts"]]
    assert bool(edges) == bool(report.profiles and report.fw.is_reconstructed)
    assert all(w >= 3 for w in edges), edges


def test_figures_and_tables_name_their_executed_notebook(report, visited):
    counted = folded = 0
    for chapter in [c for c in report.book.chapters if c.endswith(".ipynb")]:
        name = posixpath.splitext(chapter)[0] + ".html"
        facts = visited[name]["facts"]
        notebook_page = posixpath.basename(posixpath.splitext(chapter)[0]) + ".notebook.html"
        for item in facts["figures"] + facts["tables"]:
            assert site_path(item["source"]) == posixpath.join(posixpath.dirname(chapter),
                                                               notebook_page), (name, item)
            assert f"Source: {posixpath.basename(chapter)}." in item["caption"], item
            # and links the CSV of the data it shows (the links resolve: a test above)
            assert item["caption"].endswith("Data: CSV."), item
            counted += 1
        # the executed notebook ships beside its page, and its page shows every cell
        shipped = report.out / chapter
        assert shipped.read_bytes() == (report.project / chapter).read_bytes()
        nb = nbformat.read(shipped, as_version=4)
        shown = page_text(report.out / posixpath.dirname(chapter) / notebook_page)
        prose = re.sub(r"<pre.*?</pre>", "", (report.out / posixpath.dirname(chapter)
                                              / notebook_page).read_text("utf-8"), flags=re.S)
        assert not re.search(r"@(fig|tbl)-", prose)  # cross-references resolved there too
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.strip():
                last = cell.source.strip().splitlines()[-1]
                assert " ".join(last.split()) in shown, last
        # the cells' code is folded (under the figure or table it made)
        assert all(facts["code"]), name
        folded += len(facts["code"])
    assert counted >= 1 and folded >= 1


def page_text(path: Path) -> str:
    """A page's text, tags dropped, entities resolved, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", path.read_text("utf-8"))).split())


def test_figures_and_tables_keep_the_published_reports_numbers(report, visited):
    # through the book: the published report's items 1, 2, ... (A1, A2 in Appendix A), this
    # report's own S1, S2, ...; the 2025 edition's are exactly the published report's
    labels: dict[str, list[str]] = {"Figure": [], "Table": []}
    for chapter, (_, title) in zip(chapter_pages(report), chapter_titles(report), strict=True):
        facts = visited[chapter]["facts"]
        # by the caption's word: Quarto's table floats are figures to the browser
        for caption in (x["caption"] for x in facts["figures"] + facts["tables"]):
            kind = caption.split(" ", 1)[0]
            if kind in labels:
                number = caption.split(":")[0].removeprefix(kind + " ")
                if "A" in number:  # a published item of Appendix A
                    assert title.startswith("Appendix A"), (chapter, caption)
                labels[kind].append(number)
    for kind, numbers in labels.items():
        for series in ("", "S", "A"):
            got = [n for n in numbers if re.fullmatch(series + r"\d+", n)]
            assert got == [f"{series}{k}" for k in range(1, len(got) + 1)], (kind, got)
        assert all(re.fullmatch(r"[SA]?\d+", n) for n in numbers), numbers
    if report.fw.edition == "2025":
        assert [n for n in labels["Figure"] if "S" not in n] == [str(k) for k in range(1, 14)]
        assert [n for n in labels["Table"] if "S" not in n] == ["1", "2", "A1", "A2"]
        # the concordance: each published item's number, and the number this report's
        # renderer gave the item its link goes to, are the same
        about = (report.out / "report" / "executed" / "00_about.html").read_text("utf-8")
        table = about.split('id="tbl-concordance"', 1)[1].split("</table>", 1)[0]
        rows = [[" ".join(unescape(re.sub(r"<[^>]+>", "", c)).split())
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]
        rows = [r for r in rows if r]
        assert len(rows) == 17 and all(r[0] == r[2] for r in rows), rows


# The search box and its results, in the fallback's markup and in Quarto's.
SEARCH = {"fallback": ("#search-input", "#search-results a", "#search-results"),
          "quarto": ("#quarto-search .aa-Input", ".aa-Panel a", ".aa-Panel")}


def test_search_finds_every_chapter(report, server, browser):
    box, results, panel = SEARCH[report.renderer]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(server + "index.html", wait_until="load")
        pages = zip(chapter_pages(report), chapter_titles(report), strict=True)
        for href, (_, title) in list(pages)[1:]:
            page.fill(box, title)
            page.wait_for_timeout(300)  # Quarto's search answers after a short debounce
            links = page.locator(results).evaluate_all(
                "as => as.map(a => a.getAttribute('href'))")
            found = {posixpath.normpath(urlsplit(link).path) for link in links}
            assert href in found, (title, links)
        page.fill(box, "zzqx-nothing-matches")
        page.wait_for_timeout(300)
        assert page.locator(results).count() == 0
        assert "No results" in page.locator(panel).inner_text()
    finally:
        page.close()


def test_screenshot_of_a_chapter_is_not_blank(report, server, browser):
    from PIL import Image

    shot = report.out.parent / "chapter.png"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(server + chapter_pages(report)[1], wait_until="load")
        page.screenshot(path=str(shot), full_page=True)
    finally:
        page.close()
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 22)
    background = max(colours)[0]
    assert len(colours) > 50
    assert sum(n for n, _ in colours) - background > 0.05 * image.width * image.height


# --- the views of KSAs and occupations ------------------------------------------------------

ENTITY_LINK = re.compile(r"^(?:.*/)?95_data\.html\?(ksa|occupation)=([^&#]+)$")


def entity_links(report) -> dict[str, set[tuple[str, str]]]:
    """Each chapter page's links to the view of a KSA or an occupation: (kind, id)."""
    found = {}
    for page in report.pages:
        links = {(m[1], unquote(m[2])) for href in parsed(report.out / page).links
                 if (m := ENTITY_LINK.match(href))}
        if links and not page.endswith(".notebook.html"):
            found[page] = links
    return found


def index_data(report) -> dict:
    text = (report.out / "data/entities.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.ENTITIES = ").removesuffix(";\n"))


def test_every_entity_link_resolves(report):
    """Every KSA or occupation a page links to is in the index's data, whose list of where the
    report names it agrees with the links."""
    data = index_data(report)
    known = {"ksa": {k[0] for k in data["ksas"]},
             "occupation": {o[0] for o in data["occupations"]}}
    links = entity_links(report)
    named = {kind for found in links.values() for kind, _ in found}
    assert named == ({"ksa", "occupation"} if report.profiles else {"ksa"})
    for page, found in links.items():
        assert {(k, i) for k, i in found if i not in known[k]} == set(), page
    pages = [href for href, _ in data["chapters"]]
    printed = {(kind, i, "report/executed/" + pages[n])
               for kind, ids in data["printed"].items() for i, ns in ids.items() for n in ns}
    assert printed == {(k, i, page) for page, found in links.items() for k, i in found}


def test_a_ksa_view_and_the_index_work_in_chromium(report, server, browser):
    """Following a table's link to a KSA opens its view, focused, naming the page it came
    from; the index finds an occupation by its title and filters by area."""
    data = index_data(report)
    page_name, found = sorted(entity_links(report).items())[0]
    ksa_id = sorted(i for k, i in found if k == "ksa")[0]
    statement = next(k[1] for k in data["ksas"] if k[0] == ksa_id)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(server + page_name, wait_until="load")
        page.locator("main a.entity, #quarto-document-content a.entity").first.click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).query.startswith("ksa=")
        focused = page.evaluate("document.activeElement.tagName + ':' "
                                "+ document.activeElement.textContent")
        first = unquote(urlsplit(page.url).query.removeprefix("ksa="))
        assert focused == "H3:" + next(k[1] for k in data["ksas"] if k[0] == first)
        view = page.locator("#explore .entity-view").inner_text()
        assert posixpath.basename(page_name) in {
            posixpath.basename(h) for h in page.locator("#explore .entity-view a").evaluate_all(
                "as => as.map(a => a.getAttribute('href'))")}
        if report.fw.is_reconstructed:
            assert "\N{DAGGER}" in view
        page.goto(server + "report/executed/95_data.html?ksa=" + ksa_id, wait_until="load")
        assert page.locator("#explore h3").inner_text() == statement
        title = data["occupations"][0][1]
        page.fill("#explore-search", title)
        results = page.locator("#explore .explore-results a")
        assert title in results.all_inner_texts()
        page.fill("#explore-search", "")
        everything = results.count()
        page.select_option("#explore-area", index=1)
        assert 0 < results.count() <= everything
        page.fill("#explore-search", "zzqx-nothing-matches")
        assert results.count() == 0
        assert page.locator("#explore .explore-count").inner_text().startswith("0 matches")
    finally:
        page.close()
    assert problems == []


# --- the PDF ---------------------------------------------------------------------------------


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page; words hyphenated at a line's end joined again."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return re.sub("\u00ad[ \\t]*\\n[ \\t]*", "", text).split("\f")[:-1]


def page_body(report, page: str) -> str:
    """A PDF page's text, whitespace collapsed, without the provenance header."""
    return " ".join(page.split()).removeprefix(provenance_banner(report.fw)).strip()


def chapter_titles(report) -> list[tuple[str, str]]:
    """Each chapter page's number ("" when unnumbered) and level-1 heading."""
    out = []
    for name in chapter_pages(report):
        text = (report.out / name).read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)[1]
        # the fallback's (pandoc's) chapter number, or Quarto's
        number_span = r'<span class="(?:header-section-number|chapter-number)">([^<]*)</span>'
        number = re.search(number_span, h1)
        h1 = re.sub(number_span, "", h1)
        out.append((number[1] if number else "",
                    " ".join(unescape(re.sub(r"<[^>]+>", "", h1)).split())))
    return out


def test_pdf_has_title_page_contents_and_every_chapter(report):
    need_tool("pdftotext")
    info = subprocess.run(["pdfinfo", str(report.pdf)], capture_output=True, text=True,
                          check=True).stdout
    fields = dict(re.findall(r"^([^:]+):\s+(.*)$", info, re.MULTILINE))
    assert fields["Title"] == report.book.title
    pages = pdf_pages(report.pdf)
    assert int(fields["Pages"]) == len(pages)
    # the home page (title page) first, then the contents, then the chapters
    contents_at = [i for i, page in enumerate(pages)
                   if page_body(report, page).startswith("Contents")]
    assert len(contents_at) == 1 and contents_at[0] >= 1, contents_at
    # the cover: title, author, what it regenerates, provenance; the facts of the build follow
    cover = " ".join(pages[0].split())
    for fact in (" ".join(report.book.title.split()), report.book.author,
                 "independent regeneration", "not a publication of NIST", "A. Bell",
                 f"Edition {report.fw.edition}", f"Provenance {report.fw.provenance}"):
        assert fact in cover, fact
    # the facts of the build in the colophon, the last chapter
    colophon = [i for i, page in enumerate(pages) if page_body(report, page).startswith(
        "Colophon") and ". ." not in page_body(report, page)[:40]]
    assert len(colophon) == 1, colophon
    back = " ".join(" ".join(pages[colophon[0]:]).split())
    for fact in ("Data hash", "Code commit", "Tool versions Python",
                 "The notebooks behind the figures and tables"):
        assert fact in back, fact
        assert fact not in " ".join(" ".join(pages[:contents_at[0]]).split()), fact
    assert report.fw.data_hash in back.replace(" ", "")
    home, *chapters = chapter_titles(report)
    titles = [title for _, title in chapters]
    starts = []
    for number, title in chapters:  # each chapter starts a page, numbered as in the HTML
        heading = f"{number} {title}" if number else title
        found = [i for i, page in enumerate(pages)  # a contents page may start with its line
                 if (body := page_body(report, page)).startswith(heading)
                 and not body.removeprefix(heading).lstrip().startswith(". .")]
        assert len(found) == 1, heading
        starts.append(found[0])
    assert starts == sorted(starts) and starts[0] > contents_at[0]
    contents = " ".join(page_body(report, page) for page in pages[contents_at[0]:starts[0]])
    assert [title for title in titles if title not in contents] == []


def test_pdf_declares_pdf_ua_1_with_tags_title_and_language(report):
    """Typst checks PDF/UA-1's rules as it writes the file (every image's alt text, a title,
    tagged structure) and fails the build otherwise; the file says it conforms."""
    need_tool("pdfinfo")
    info = subprocess.run(["pdfinfo", str(report.pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    meta = subprocess.run(["pdfinfo", "-meta", str(report.pdf)], capture_output=True,
                          text=True, check=True).stdout
    assert "<pdfuaid:part>1</pdfuaid:part>" in meta
    assert re.search(r"<dc:language><rdf:Bag><rdf:li>en(-US)?</rdf:li>", meta)
    assert f'<rdf:li xml:lang="x-default">{report.book.title}</rdf:li>' in meta


def test_pdf_numbers_its_pages_and_names_sources(report):
    need_tool("pdftotext")
    pages = pdf_pages(report.pdf)
    # the lowest text on every page is its number
    boxes = subprocess.run(["pdftotext", "-bbox", str(report.pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    feet = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", boxes, re.S):
        words = [(float(y), unescape(w)) for y, w in
                 re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">'
                            r"(.*?)</word>", page)]
        bottom = max(y for y, _ in words)
        feet.append([w for y, w in words if y == bottom])
    assert feet == [[str(n)] for n in range(1, len(pages) + 1)]
    text = " ".join(" ".join(pages).split())
    if report.fw.is_reconstructed:  # the banner heads every page
        assert all(f"Reconstructed edition {report.fw.edition}:" in page for page in pages)
    for chapter in report.book.chapters[1:]:
        html = (report.out / (posixpath.splitext(chapter)[0] + ".html")).read_text("utf-8")
        # its labelled figures and tables (Quarto also gives each caption an id of its own)
        items = len({i for i in re.findall(r'id="((?:fig|tbl)-[^"]+)"', html)
                     if "-caption-" not in i})
        assert text.count(f"Source: {posixpath.basename(chapter)}.") >= items, chapter


def test_figures_are_vector_in_the_html_and_the_pdf(report, visited):
    """Every figure of the web pages is an SVG that fills its column; the PDF tags a figure for
    each and holds no raster image under 300 dpi where printed (the SVGs embed as vectors)."""
    need_tool("pdfimages")
    need_tool("pdfinfo")
    figures = [(name, i) for name in chapter_pages(report)
               for i in visited[name]["facts"]["images"] if i["fill"] is not None]
    assert len(figures) >= 1
    for name, image in figures:
        assert image["src"].endswith(".svg"), (name, image["src"])
        assert image["fill"] > 0.99, (name, image["src"], image["fill"])
        path = report.out / posixpath.normpath(posixpath.join(posixpath.dirname(name),
                                                              image["src"]))
        assert re.search(r"<svg [^>]*viewBox=", path.read_text(encoding="utf-8")[:2048]), path
    tagged = subprocess.run(["pdfinfo", "-struct", str(report.pdf)], capture_output=True,
                            text=True, errors="replace", check=True).stdout
    assert len(re.findall(r"^\s*Figure:?$", tagged, re.M)) >= len(figures)
    listing = subprocess.run(["pdfimages", "-list", str(report.pdf)], capture_output=True,
                             text=True, check=True).stdout
    rasters = [row.split() for row in listing.splitlines()[2:] if row.split()]
    assert [r for r in rasters if r[2] == "image" and min(int(r[12]), int(r[13])) < 300] == []
