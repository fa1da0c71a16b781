"""Every figure of the report drawn from a hostile copy of the tiny edition: names, titles and
statements of 10,000 characters, with line breaks, markup of every target, bidirectional and
control characters. Each figure is drawn at a printable size with its labels shortened, keeps
every whole text in its alt text, and its Markdown reads back in pandoc as one figure with its
label and alt text."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from hostile_edition import HOSTILE, LONG, write_hostile_edition
from paths import TINY

from competency_framework.edition.load import load_edition
from competency_framework.present.figures.area_connections import area_connections_figure
from competency_framework.present.figures.area_mapping import area_mapping_figure
from competency_framework.present.figures.building_blocks import building_blocks_figure
from competency_framework.present.figures.common import (
    LABEL_MAX_CHARS,
    MIN_FONT_PT,
    WORD_MAX_CHARS,
    SavedFigure,
    short_label,
    wrap_label,
)
from competency_framework.present.figures.competency_areas import competency_areas_figure
from competency_framework.present.figures.ksas_by_competency import ksas_by_competency_figure
from competency_framework.present.figures.network_map import network_map_figure
from competency_framework.present.numbers import PlainNumbers
from competency_framework.statistics.competencies import ksa_counts_by_competency

ALL_LONG = [LONG + "\nsecond line <b>bold</b> $x^2$ \u202eevil"]
MAX_WIDTH_IN = 10.5  # a figure wider than this would print its type too small


def all_figures(fw, out: Path) -> list[SavedFigure]:
    n = PlainNumbers()
    figures = [network_map_figure(fw, out, numbers=n), building_blocks_figure(fw, out, numbers=n),
               competency_areas_figure(fw, out, numbers=n),
               ksas_by_competency_figure(ksa_counts_by_competency(fw), out, edition=fw.edition,
                                         numbers=n)]
    for area in fw.technology_areas["area_id"]:
        figures += [area_mapping_figure(fw, area, out, numbers=n),
                    area_connections_figure(fw, area, out, numbers=n)]
    return figures


@pytest.mark.parametrize("strings", [
    pytest.param(HOSTILE, id="hostile"),
    pytest.param(ALL_LONG, id="all-long", marks=pytest.mark.build),  # 8 wide figures: slower
])
def test_every_figure_draws_any_text(strings, tmp_path):
    import pypandoc

    fw = load_edition(write_hostile_edition(TINY, tmp_path / "edition", strings))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a glyph the font lacks (RTL marks)
        figures = all_figures(fw, tmp_path / "figures")
    for figure in figures:
        assert figure.width_in <= MAX_WIDTH_IN, figure.label
        assert figure.min_font_pt >= MIN_FONT_PT, figure.label
    if strings is ALL_LONG:  # every name is the long text: the alt text keeps it whole
        assert all(re.search("x{9990}", f.alt) for f in figures)
    doc = "\n\n".join(f.markdown() for f in figures)
    blocks = json.loads(pypandoc.convert_text(doc, "json", format="markdown"))["blocks"]
    assert [b["t"] for b in blocks] == ["Figure"] * len(figures)
    assert [b["c"][0][0] for b in blocks] == [f.label for f in figures]
    alts = [dict(b["c"][2][0]["c"][0]["c"][0][2])["fig-alt"] for b in blocks]
    assert alts == [f.alt for f in figures]
    kinds = {k for b in blocks for k in _kinds(b["c"][1])}  # the captions' elements
    assert kinds <= {"Str", "Space", "Plain"}, kinds  # no raw HTML, link, maths or markup


def _kinds(node: object) -> list[str]:
    """The pandoc element types anywhere inside a piece of pandoc's JSON."""
    if isinstance(node, dict):
        return [str(node.get("t")), *_kinds(node.get("c"))] if "t" in node else []
    if isinstance(node, list):
        return [k for item in node for k in _kinds(item)]
    return []


def test_short_label_keeps_short_text_and_cuts_long_text():
    assert short_label("Digital/Automation") == "Digital/Automation"
    assert short_label("a\n\nb\tc\x01\x9b d") == "a b c d"
    assert short_label(LONG) == "Long " + "x" * (WORD_MAX_CHARS - 1) + "\u2026 end"
    long_words = " ".join(["word"] * 100)
    cut = short_label(long_words)
    assert len(cut) <= LABEL_MAX_CHARS and cut.endswith("word\u2026")
    assert short_label("abc def", limit=5) == "abc\u2026"
    assert "\n" not in short_label("x\ny") and wrap_label(LONG, 12).count("\n") <= 2
