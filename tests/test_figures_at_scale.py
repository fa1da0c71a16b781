"""Every figure the report draws, for the 2025 edition and for a generated edition of 12
technology areas and 50 institutes (`benchmarks/generated.py`): no two texts drawn over each
other (measured from the drawn text extents, `common.text_overlaps`) and type of 7 pt or more
at print size. The institute-changes figure has tests of its own (`test_report_changes.py`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from figure_reading import check_area_places, check_map_colours
from paths import EDITION_2025

from benchmarks.generated import generate_edition
from competency_framework import load_edition
from competency_framework.edition.framework import Framework
from competency_framework.present.figures.area_connections import area_connections_figure
from competency_framework.present.figures.area_mapping import area_mapping_figure
from competency_framework.present.figures.building_blocks import building_blocks_figure
from competency_framework.present.figures.common import SavedFigure
from competency_framework.present.figures.competency_areas import competency_areas_figure
from competency_framework.present.figures.ksas_by_competency import ksas_by_competency_figure
from competency_framework.present.figures.network_map import network_map_figure
from competency_framework.present.numbers import PlainNumbers
from competency_framework.statistics.competencies import ksa_counts_by_competency

MIN_PRINT_PT = 7.0


@pytest.fixture(scope="module", params=["2025", "12 areas x 50 institutes"])
def edition(request, tmp_path_factory) -> Framework:
    if request.param == "2025":
        if not (EDITION_2025 / "datapackage.json").is_file():
            pytest.skip("data/raw/2025 is not built yet")
        return load_edition(EDITION_2025)
    out = tmp_path_factory.mktemp("generated") / "edition"
    return load_edition(generate_edition(EDITION_2025, out, areas=12, institutes=50))


def report_figures(fw: Framework, out: Path) -> list[Callable[[], SavedFigure]]:
    """Each figure the report draws of `fw`, as a call."""
    n = PlainNumbers()
    calls: list[Callable[[], SavedFigure]] = [
        lambda: ksas_by_competency_figure(ksa_counts_by_competency(fw), out,
                                          edition=fw.edition, numbers=n),
        lambda: building_blocks_figure(fw, out, numbers=n),
        lambda: network_map_figure(fw, out, numbers=n),
        lambda: competency_areas_figure(fw, out, numbers=n),
    ]
    for area in sorted(fw.technology_areas["area_id"]):
        calls.append(lambda a=area: area_mapping_figure(fw, a, out, numbers=n))
        calls.append(lambda a=area: area_connections_figure(fw, a, out, numbers=n))
    return calls


@pytest.mark.build
def test_no_figure_draws_text_over_text_and_all_type_is_legible(edition, tmp_path):
    problems = []
    for draw in report_figures(edition, tmp_path):
        figure = draw()
        if figure.overlaps:
            problems.append(f"{figure.label}: {len(figure.overlaps)} overlapping texts, e.g. "
                            f"{figure.overlaps[:3]}")
        if figure.print_font_pt < MIN_PRINT_PT:
            problems.append(f"{figure.label}: type of {figure.print_font_pt:.1f} pt in print")
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_each_area_keeps_its_place_and_colour_in_every_connection_figure(edition, tmp_path,
                                                                         monkeypatch):
    check_area_places(edition, tmp_path, monkeypatch)


@pytest.mark.build
def test_area_map_links_take_their_institute_colour(edition, tmp_path, monkeypatch):
    check_map_colours(edition, tmp_path, monkeypatch)
