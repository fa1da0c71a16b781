"""Figure and table numbers (`render.markdown.crossref_numbers`): the published report's items
keep its numbers through the book, Appendix A's by its letter, the report's own are S1, S2, ...;
and the concordance of the published report's items (`present.concordance`)."""

from __future__ import annotations

import json

import pytest
from paths import EDITION_2025, TINY

from competency_framework.present.chapter import open_chapter
from competency_framework.present.concordance import (
    concordance_paragraph,
    concordance_section,
    concordance_table,
    published_labels,
)
from competency_framework.render.markdown import RenderError, chapter_infos, crossref_numbers


def book(**chapters: str) -> dict[str, str]:
    return {f"{name}.ipynb": text for name, text in chapters.items()}


def labels(markdowns: dict[str, str]) -> dict[str, str]:
    return {k: v["label"] for k, v in crossref_numbers(markdowns,
                                                      chapter_infos(markdowns)).items()}


def test_published_items_keep_their_numbers_and_the_reports_own_are_apart():
    markdowns = book(
        a="# One\n\n![x](a.png){#fig-own fig-alt=\"x\"}\n\n: t {#tbl-own}\n",
        b="# Two\n\n![x](b.png){#fig-first .published fig-alt=\"x\"}\n\n"
          ": t {#tbl-first .published print-rows=\"3\"}\n\n![x](c.png){#fig-own2}\n",
        c="# Three\n\n![x](d.png){#fig-second .published}\n\n```\n{#fig-in-code}\n```\n",
        d="# Appendix A: The tree {.unnumbered}\n\n: t {#tbl-a .published}\n\n: u {#tbl-b "
          ".published}\n\n: v {#tbl-own3}\n",
        e="# Appendix B: More {.unnumbered}\n\n: t {#tbl-c .published}\n",
    )
    assert labels(markdowns) == {
        "fig-own": "Figure S1", "tbl-own": "Table S1", "fig-first": "Figure 1",
        "tbl-first": "Table 1", "fig-own2": "Figure S2", "fig-second": "Figure 2",
        "tbl-a": "Table A1", "tbl-b": "Table A2", "tbl-own3": "Table S2", "tbl-c": "Table B1"}
    refs = crossref_numbers(markdowns, chapter_infos(markdowns))
    assert refs["tbl-b"]["number"] == "A2" and refs["tbl-b"]["page"] == "d.html"


def test_a_label_used_twice_is_an_error():
    markdowns = book(a="# A\n\n: t {#tbl-x}\n", b="# B\n\n: t {#tbl-x .published}\n")
    with pytest.raises(RenderError, match="tbl-x is used twice"):
        crossref_numbers(markdowns, chapter_infos(markdowns))


@pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(), reason="no 2025 data")
def test_the_concordance_maps_every_published_item_to_this_reports_label():
    ch = open_chapter(EDITION_2025)
    table = concordance_table(ch.fw, ch.published.values())
    assert table is not None
    frame = table.values()
    assert list(frame["Published report"]) == [
        *(f"Figure {k}" for k in range(1, 14)), "Table 1", "Table 2", "Table A1", "Table A2"]
    cells = list(table.frame["In this report"])
    expected = published_labels(ch.fw)
    assert [c.label for c in cells] == expected["Figure"] + expected["Table"]
    assert cells[3].label == "fig-area-mapping-biomanufacturing"  # Figure 4: the first area
    assert frame["What it shows"][0].startswith("The MFG USA Competency Model building blocks")
    assert "[Figure 4](#fig-area-mapping-biomanufacturing){.crossref}" in table.markdown()
    assert "table below finds each" in concordance_section(ch.fw, ch.published)


def test_another_edition_has_no_concordance_but_says_how_it_numbers():
    ch = open_chapter(TINY)
    assert concordance_table(ch.fw, ch.published.values()) is None
    text = concordance_section(ch.fw, ch.published)
    assert text == concordance_paragraph(ch.fw, ch.published)
    assert "describes another edition, so these are not its figures" in text and "|" not in text


def run_filters(tmp_path, to: str, refs_file: str | None = "refs.json") -> str:
    """`crossrefs.lua` (with the fallback's other filters) on a small page, through pandoc."""
    from competency_framework.render.pandoc import pandoc_common, run_pandoc, write_filters

    write_filters(tmp_path)
    (tmp_path / "page.md").write_text(
        "# Page\n\nSee @fig-map, @tbl-tree and [Table A1](#tbl-tree){.crossref}; "
        "[@fig-nowhere]; [@fig-map; @a-work].\n\n"
        "![The map.](map.svg){#fig-map .published fig-alt=\"A map\"}\n\n"
        "| a |\n|---|\n| 1 |\n\n: The tree. {#tbl-tree .published}\n", encoding="utf-8")
    markdowns = {"page.ipynb": (tmp_path / "page.md").read_text(encoding="utf-8")}
    refs = crossref_numbers(markdowns, chapter_infos(markdowns))
    (tmp_path / "refs.json").write_text(json.dumps(
        {k: {**v, "href": "#" + k} for k, v in refs.items()}), encoding="utf-8")
    meta = ["--metadata", f"crossrefs-file={refs_file}"] if refs_file else []
    return run_pandoc([*pandoc_common(), *meta, "--to", to, "page.md"], tmp_path)


def test_the_filter_numbers_captions_and_resolves_references(tmp_path):
    html = run_filters(tmp_path, "html5")
    assert '<a href="#fig-map">Figure 1</a>' in html and '<a href="#tbl-tree">Table 1</a>' in html
    assert html.count(">Table 1</a>") == 2  # the .crossref link takes the renderer's number
    assert "Figure 1: The map." in html and "Table 1: The tree." in html
    assert "fig-nowhere" in html  # an unknown label is left alone, for citeproc to report
    assert ('<a href="#fig-map">Figure 1</a> <span class="citation" data-cites="a-work">'
            in " ".join(html.split()))  # a work cited with it stays a citation
    typst = run_filters(tmp_path, "typst")
    assert "#link(<fig-map>)[Figure 1]" in typst and "Figure 1: The map." in typst


def test_the_filter_stops_on_a_numbers_file_it_cannot_read(tmp_path):
    with pytest.raises(RenderError, match="cannot read the figure and table numbers"):
        run_filters(tmp_path, "html5", refs_file="missing.json")


@pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(), reason="no 2025 data")
def test_the_concordance_quotes_the_published_numbers_as_numbers():
    ch = open_chapter(EDITION_2025)
    text = concordance_section(ch.fw, ch.published, ch.numbers)
    # "over 1,200 connections", quoted from the published caption: a pinned number span
    assert ("over [1\\,200]{.number data-status=\"pinned\" "
            "data-statistic=\"published(entry=figures.figure_2)\"") in text
    table = concordance_table(ch.fw, ch.published.values(), ch.numbers)
    assert table is not None and "1,200 connections" in table.values()["What it shows"][1]
