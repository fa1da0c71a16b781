"""The report's citations: every work cited is in the bibliography `_quarto.yml` names, the
bibliography carries what a reader needs (title, and for a web page its address and the date
it was consulted), and the built report, from both renderers, prints a References chapter that
resolves every citation, with the addresses as links in the HTML and as text in the PDF.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml
from paths import EDITION_2025, ROOT, TINY
from report_project import built_report, need_tool, run_report, tree_bytes

from competency_framework.present import citations as present_citations
from competency_framework.render import citations
from competency_framework.render.quarto import HIDDEN_REFS

CONFIG = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
BIBLIOGRAPHY = ROOT / CONFIG["bibliography"]
WORKS = {work["id"]: work for work in json.loads(BIBLIOGRAPHY.read_text(encoding="utf-8"))}
SOURCES = [*sorted((ROOT / "src" / "competency_framework" / "present").rglob("*.py")),
           *sorted((ROOT / "notebooks").glob("*.ipynb"))]


def written_citations(path: Path) -> set[str]:
    """The citation keys a prose module or notebook writes: `[@key]` in its text, and the keys
    its constants name for `cite`."""
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    else:
        text = path.read_text(encoding="utf-8")
    keys = {m[1] for m in re.finditer(r"\[[^\]]*?@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*\w)", text)}
    return {k for k in keys if not k.startswith(("fig-", "tbl-"))}


def test_every_key_the_prose_cites_is_in_the_bibliography():
    used = {path.name: written_citations(path) for path in SOURCES}
    constants = {node.value for node in ast.walk(ast.parse(
        Path(present_citations.__file__).read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", node.value)}
    missing = {name: keys - set(WORKS) for name, keys in used.items() if keys - set(WORKS)}
    assert missing == {}
    assert constants - set(WORKS) == set()
    assert set(present_citations.MODEL_WORKS.values()) <= set(WORKS)
    # the prose cites every work of the bibliography somewhere
    assert set(WORKS) - set().union(*used.values(), constants) == set()


def test_the_bibliography_holds_the_original_and_its_footnotes():
    assert len(WORKS) == len(json.loads(BIBLIOGRAPHY.read_text(encoding="utf-8"))), "unique ids"
    for key, work in WORKS.items():
        assert work.get("title") and work.get("author"), key
    web = {k for k, w in WORKS.items() if w["type"] == "webpage"}
    # the published report's footnotes: seven Clearinghouse pages, NICCS and the Census Bureau
    assert len(web) == 8
    for key in web:
        assert WORKS[key]["URL"].startswith("https://"), key
        assert WORKS[key]["accessed"] == {"date-parts": [[2025, 7, 14]]}, key
    assert WORKS["nist-oam-2025"]["issued"] == {"date-parts": [[2025]]}
    assert [a["family"] for a in WORKS["nist-oam-2025"]["author"]][:2] == ["Bell", "Conrad"]


def test_the_style_is_the_csl_repository_s_with_its_licence():
    style = (ROOT / CONFIG["csl"]).read_text(encoding="utf-8")
    assert "<id>http://www.zotero.org/styles/chicago-author-date-access-dates</id>" in style
    assert 'license="http://creativecommons.org/licenses/by-sa/3.0/"' in style
    assert CONFIG["format"]["typst"]["citeproc"] is True  # Quarto's PDF runs citeproc too


def test_model_citations():
    assert present_citations.model_citation("DOL BCM") == " [@cmc-bioscience]"
    assert present_citations.model_citation("An unknown model") == ""
    assert present_citations.cite("a", "b") == "[@a; @b]"


def test_cited_keys_and_the_references_chapter():
    texts = ["A claim [@b; @a]. See @fig-x and mail x@a.org.", "Another [-@c].",
             "# References\n\n::: {#refs}\n:::\n"]
    assert citations.cited_keys(texts, ["a", "b", "c", "d", "a.org"]) == ["a", "b", "c"]
    chapters = {"index.qmd": texts[0], "report/executed/65_references.ipynb": texts[2]}
    assert citations.references_chapter(chapters) == "report/executed/65_references.ipynb"
    assert citations.references_page(chapters) == "report/executed/65_references.html"
    assert citations.references_page({"index.qmd": texts[0]}) is None


def test_a_page_needs_citeproc_for_a_citation_not_a_cross_reference():
    """A page that cites nothing runs without citeproc; one citing a work the bibliography
    lacks still runs it, and so stops the render (below)."""
    crossrefs = {"fig-x": {}, "tbl-y": {}}
    assert not citations.cites_works("See @fig-x and @tbl-y; mail x@a.org.", crossrefs)
    assert citations.cites_works("See @fig-x and [@nobody].", crossrefs)


def test_citation_options_link_other_pages_to_the_references():
    base = ["--metadata-file", "citations.yml", "--citeproc", "--lua-filter", "citations.lua"]
    refs = "report/executed/65_references.html"
    assert citations.citation_options() == base
    assert citations.citation_options(refs, refs) == base
    assert citations.citation_options("index.html", refs) == [
        *base, "--metadata", f"references-page={refs}"]
    assert citations.citation_options("report/executed/20_methodology.html", refs)[-1] == (
        "references-page=65_references.html")
    assert citations.citation_options("index.html", None)[-1] == "suppress-bibliography=true"


def test_quarto_s_hidden_list_of_works_is_taken_out():
    page = ('<p>x</p>\n<div id="refs" class="references csl-bib-body hanging-indent" '
            'role="list" style="display: none">\n<div id="ref-a" class="csl-entry" '
            'role="listitem">\nA. <a href="https://a.org">https://a.org</a>.\n</div>\n'
            '<div id="ref-b" class="csl-entry" role="listitem">\nB.\n</div>\n</div>\n'
            '</section>\n</main>')
    assert HIDDEN_REFS.sub("", page) == "<p>x</p>\n</section>\n</main>"
    shown = page.replace(' style="display: none"', "")
    assert HIDDEN_REFS.sub("", shown) == shown


# ---------------------------------------------------------------- the built report

NO_2025 = pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(),
                             reason="data/raw/2025 not built")
REPORTS = [pytest.param((edition, renderer), id=f"{name}-{renderer}", marks=marks)
           for name, edition, marks in (("tiny", TINY, ()), ("2025", EDITION_2025, NO_2025))
           for renderer in ("fallback", "quarto")]
REFERENCES_PAGE = "report/executed/65_references.html"


@pytest.fixture(scope="module", params=REPORTS)
def report(request, tmp_path_factory):
    edition, renderer = request.param
    return built_report(tmp_path_factory, edition, renderer)


def html_citations(out: Path) -> dict[str, list[tuple[str, str]]]:
    """Per page of the site (chapters and notebook pages): each citation's cited keys and the
    targets of its links."""
    found = {}
    for page in sorted(out.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        found[page.relative_to(out).as_posix()] = re.findall(
            r'<span\s+class="citation"\s+data-cites="([^"]+)">(.*?)</span>', text, re.S)
    return found


@pytest.mark.build
def test_the_site_resolves_every_citation_to_its_entry(report):
    pages = html_citations(report.out)
    references = (report.out / REFERENCES_PAGE).read_text(encoding="utf-8")
    listed = re.findall(r'<div id="ref-([^"]+)" class="csl-entry"', references)
    cited = {key for cites in pages.values() for keys, _ in cites for key in keys.split()}
    assert sorted(listed) == sorted(cited) and "nist-oam-2025" in listed
    for key in listed:  # the entry shows its address as a link, and when it was consulted
        entry = " ".join(re.search(rf'<div id="ref-{re.escape(key)}" class="csl-entry".*?</div>',
                                   references, re.S)[0].split())
        if "URL" in WORKS[key]:
            assert f'<a href="{WORKS[key]["URL"]}">' in entry, key
        if "accessed" in WORKS[key]:
            assert "Accessed July 14, 2025" in entry, key
    for page, cites in pages.items():
        for keys, inner in cites:
            targets = re.findall(r'href="([^"]+)"', inner)
            assert targets, (page, keys)
            for target in targets:
                path, anchor = target.split("#")
                assert anchor.removeprefix("ref-") in keys.split(), (page, target)
                assert (report.out / page).parent.joinpath(path or page.split("/")[-1]).resolve(
                ) == (report.out / REFERENCES_PAGE).resolve(), (page, target)
        text = re.sub(r"<(pre|code)\b.*?</\1>", "", (report.out / page).read_text(
            encoding="utf-8"), flags=re.S)  # the notebook pages show the code that cites
        assert "???" not in text and not re.search(r"\[@[\w-]+", text), page
        # the list of works is on the References page only
        assert ('id="refs"' in text) == (page == REFERENCES_PAGE), page


@pytest.mark.build
def test_the_pdf_lists_every_work_with_its_address(report):
    need_tool("pdftotext")
    text = subprocess.run(["pdftotext", "-raw", str(report.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = re.sub("\u00ad\n", "", text)  # a word hyphenated at the end of a line
    assert "???" not in text and not re.search(r"\[@[\w-]+", text)
    joined = re.sub(r"\s+", "", text)  # addresses break across lines
    cited = set(re.findall(r'data-cites="([^"]+)"', "".join(
        p.read_text(encoding="utf-8") for p in report.out.rglob("*.html"))))
    keys = {k for keys in cited for k in keys.split()}
    for key in keys:
        if "URL" in WORKS[key]:
            assert WORKS[key]["URL"] in joined, key
    assert re.search(r"^References$", text, re.M)
    assert " ".join(text.split()).count("Accessed July 14, 2025") == len(
        [k for k in keys if "accessed" in WORKS[k]])


@pytest.mark.build
def test_a_second_render_gives_the_same_bytes(report):
    """The notebooks are cached: the report renders again, into another folder, the same."""
    done = run_report(report.project, edition=report.edition, out="out-again",
                      renderer=report.renderer, profiles=report.profiles)
    assert done.returncode == 0, done.stdout + done.stderr
    first, again = tree_bytes(report.out), tree_bytes(report.project / "out-again")
    assert sorted(first) == sorted(again)
    assert [name for name in first if first[name] != again[name]] == []


def test_a_citation_of_no_work_stops_the_render(tmp_path):
    from competency_framework.render.markdown import RenderError
    from competency_framework.render.pandoc import check_citations, run_pandoc

    check_citations("[WARNING] Some other warning\n")
    (tmp_path / "works.json").write_text(json.dumps([{"id": "a", "type": "webpage",
                                                      "title": "A"}]), encoding="utf-8")
    (tmp_path / "page.md").write_text("Known [@a], unknown [@b].\n", encoding="utf-8")
    args = ["--citeproc", "--bibliography", "works.json", "page.md", "--to", "html"]
    with pytest.raises(RenderError, match=r"not in the bibliography.*: b$"):
        run_pandoc(args, tmp_path)
    (tmp_path / "page.md").write_text("Known [@a].\n", encoding="utf-8")
    assert 'data-cites="a"' in run_pandoc(args, tmp_path)
