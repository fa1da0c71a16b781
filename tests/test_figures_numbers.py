"""The numbers a figure shows are known to `present.numbers`: those it draws travel in its
output's metadata (which `build.numbers` reads into numbers.json), those of its caption print
as spans; on the 2025 edition, the ones the published report prints are pinned."""

from __future__ import annotations

import json

import nbformat
import pytest
from IPython.core.formatters import DisplayFormatter
from paths import EDITION_2025

from competency_framework.build.numbers import chapter_numbers
from competency_framework.present.chapter import open_chapter
from competency_framework.present.figures.area_connections import area_connections_figure
from competency_framework.present.figures.building_blocks import building_blocks_figure
from competency_framework.present.figures.common import save_figure
from competency_framework.present.figures.ksas_by_competency import ksas_by_competency_figure
from competency_framework.present.numbers import MODEL_CHOICE, PINNED, printed_numbers
from competency_framework.statistics.competencies import ksa_counts_by_competency


@pytest.fixture(scope="module")
def ch(edition_2025):  # skips where data/raw/2025 is not built
    return open_chapter(EDITION_2025)


def drawn(figure) -> dict[str, tuple[object, str, str | None]]:
    """What the figure's output metadata lists: statistic -> (value, status, entry)."""
    _, meta = figure._repr_markdown_()
    return {n["statistic"]: (n["value"], n["status"], n["entry"]) for n in meta["numbers"]}


def test_area_connections_printed_by_the_report_are_pinned(ch, tmp_path):
    shown = drawn(area_connections_figure(ch.fw, "digital_automation", tmp_path,
                                          numbers=ch.numbers))
    statistic = "area_connections_to_other_area(area=digital_automation, other_area={})"
    assert shown[statistic.format("biomanufacturing")] == (
        35, PINNED, "area_connections.digital_automation.biomanufacturing")
    assert shown[statistic.format("electronics")] == (
        53, PINNED, "area_connections.digital_automation.electronics")
    assert shown[statistic.format("materials")][:2] == (23, PINNED)
    assert shown[statistic.format("energy_processes")][:2] == (62, PINNED)
    # the KSAs in common and the area's total are printed nowhere in the report
    shared = "area_ksas_shared_with_other_area(area=digital_automation, other_area=materials)"
    assert shown[shared] == (12, MODEL_CHOICE, None)
    assert shown["area_connections_total(area=digital_automation)"] == (338, MODEL_CHOICE, None)
    assert len(shown) == 1 + 2 * 4


def test_area_connections_the_report_leaves_out_are_model_choices(ch, tmp_path):
    figure = area_connections_figure(ch.fw, "biomanufacturing", tmp_path, numbers=ch.numbers)
    shown = drawn(figure)
    statistic = "area_connections_to_other_area(area=biomanufacturing, other_area={})"
    assert shown[statistic.format("digital_automation")] == (98, MODEL_CHOICE, None)
    assert shown[statistic.format("materials")] == (81, MODEL_CHOICE, None)
    # what the figure draws is what the alt text says
    assert "Digital/Automation, 98 connections (17 KSAs in common)" in figure.alt


def test_caption_numbers_are_spans_and_names_stay_escaped(ch, tmp_path):
    figure = building_blocks_figure(ch.fw, tmp_path, numbers=ch.numbers)
    markdown = figure.markdown()
    [core] = printed_numbers(markdown)
    assert (core.statistic, core.value, core.status) == ("competencies(tiers=[4, 5])", 13,
                                                          PINNED)
    assert "with the [13]{.number" in markdown and "} core competencies of tiers" in markdown
    assert figure.caption.startswith("The building blocks of the competency model, 2025"
                                     " edition: tier 1 at the bottom to tier 5 at the top, with"
                                     " the 13 core competencies of tiers 4 and 5")
    shown = drawn(figure)
    # tier 4's count is fixed by the core competencies less tier 5's; each tier's KSAs by
    # the sum of its published table (A1: 183, A2: 52), as the conclusions print them
    assert shown["competencies(tiers=[4])"][:2] == (6, PINNED)
    assert shown["competencies(tiers=[5])"][:2] == (7, PINNED)
    assert shown["ksas_in_tier(tier=4)"] == (183, PINNED, "tables.table_a1")
    assert shown["ksas_in_tier(tier=5)"] == (52, PINNED, "tables.table_a2")
    assert shown["ksas_under_competency(code=4.2).numerator"] == (
        80, PINNED, "alignment.operations_management_pct")
    assert shown["ksas_under_competency(code=4.3).numerator"] == (25, PINNED, "tables.table_a1")
    assert shown["ksas_under_competency(code=5.1).numerator"] == (2, PINNED, "tables.table_a2")


def test_plain_caption_text_is_escaped_around_numbers(ch, tmp_path):
    import matplotlib.pyplot as plt

    n = ch.numbers.record(13, "competencies", tiers=[4, 5])
    fig, _ = plt.subplots(figsize=(2, 1))
    figure = save_figure(fig, tmp_path, "x", caption=("A *b* ", n, " c_d."), alt="x")
    caption = figure.markdown().split("](")[0]
    assert caption.startswith("![A \\*b\\* [13]{.number data-status=\"pinned\"")
    assert caption.endswith("} c\\_d\\.")
    assert figure.caption == "A *b* 13 c_d."


def test_a_notebook_output_carries_the_drawn_numbers_to_numbers_json(ch, tmp_path):
    figure = ksas_by_competency_figure(ksa_counts_by_competency(ch.fw), tmp_path,
                                       edition=ch.fw.edition, numbers=ch.numbers)
    data, metadata = DisplayFormatter().format(figure)  # as IPython shows a cell's result
    assert metadata["text/markdown"]["numbers"]
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("figure")
    cell.outputs = [nbformat.v4.new_output("execute_result", data=data, metadata=metadata,
                                           execution_count=1)]
    nb.cells = [cell]
    path = tmp_path / "10_chapter.ipynb"
    nbformat.write(nb, path)
    found = chapter_numbers(path)
    assert len(found) == 13 and {n["chapter"] for n in found} == {"10_chapter"}
    by_statistic = {n["statistic"]: n for n in found}
    assert by_statistic["ksas_under_competency(code=4.1).numerator"]["value"] == 41
    assert by_statistic["ksas_under_competency(code=4.1).numerator"]["status"] == PINNED
    assert by_statistic["ksas_under_competency(code=4.1).numerator"]["text"] == "41"
    json.dumps(found)  # numbers.json can hold them
