"""What every figure of the report shares: same data, same bytes; legible at print width;
alt text from the data; the helpers for colours, sizes, labels and link paths."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from paths import EDITION_2025, FIGURES_SMALL

from competency_framework import load_edition
from competency_framework.present.figures import (
    area_connections,
    area_mapping,
    building_blocks,
    competency_areas,
    network_map,
)
from competency_framework.present.figures.common import (
    MAX_PRINT_HEIGHT_IN,
    MIN_FONT_PT,
    OKABE_ITO,
    PRINT_WIDTH_IN,
    area_colours,
    area_markers,
    area_styles,
    s_curves,
    scaled,
    scatter_nodes,
    stacked_ends,
    svg_size_in,
    wrap_label,
)
from competency_framework.present.numbers import PlainNumbers
from competency_framework.present.prose import plural


def every_figure(fw, out):
    """Every figure of the report for `fw`, in report order."""
    areas = sorted(fw.technology_areas["area_id"])
    figures = [building_blocks.building_blocks_figure(fw, out, numbers=PlainNumbers()),
               network_map.network_map_figure(fw, out, numbers=PlainNumbers()),
               competency_areas.competency_areas_figure(fw, out, numbers=PlainNumbers())]
    for area in areas:
        figures.append(area_mapping.area_mapping_figure(fw, area, out, numbers=PlainNumbers()))
        figures.append(area_connections.area_connections_figure(fw, area, out,
                                                                      numbers=PlainNumbers()))
    return figures


def check_every_figure_twice(folder: Path, tmp_path: Path) -> None:
    fw = load_edition(folder)
    first = every_figure(fw, tmp_path / "one")
    second = every_figure(load_edition(folder), tmp_path / "two")
    assert len(first) == 3 + 2 * len(fw.technology_areas)
    assert len({f.label for f in first}) == len(first)  # no figure overwrites another
    for a, b in zip(first, second, strict=True):
        assert a.svg.read_bytes() == b.svg.read_bytes(), f"{a.label}.svg differs between runs"
        assert a.alt == b.alt and a.caption == b.caption
        svg = a.svg.read_text(encoding="utf-8")
        assert "<dc:date>" not in svg and "Matplotlib v" not in svg
        # a label may reach a point or two past the drawing (the SVG measures text unhinted,
        # exactly): the figure then prints at 99 % or more of its size
        assert a.width_in <= PRINT_WIDTH_IN * 1.01, f"{a.label} is wider than the page"
        assert a.print_font_pt >= MIN_FONT_PT, f"{a.label} has type under {MIN_FONT_PT} pt"
        assert a.drawn is not None and len(a.alt) > 80
        width_in, height_in = svg_size_in(a.svg)
        assert width_in == a.width_in
        assert height_in <= MAX_PRINT_HEIGHT_IN + 0.01, f"{a.label} leaves no room for its caption"


@pytest.mark.build
def test_every_figure_is_byte_identical_run_to_run(tmp_path):
    check_every_figure_twice(FIGURES_SMALL, tmp_path)


@pytest.mark.build
@pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(),
                    reason="the 2025 edition is not built yet")
def test_every_2025_figure_is_byte_identical_and_legible(tmp_path):
    check_every_figure_twice(EDITION_2025, tmp_path)


def test_area_colours_are_okabe_ito_in_sorted_order():
    got = area_colours(["materials", "biomanufacturing", "electronics", "digital_automation",
                        "energy_processes"])
    assert got == {"biomanufacturing": OKABE_ITO["bluish_green"],
                   "digital_automation": OKABE_ITO["blue"], "electronics": OKABE_ITO["orange"],
                   "energy_processes": OKABE_ITO["vermillion"],
                   "materials": OKABE_ITO["reddish_purple"]}
    assert area_markers(["materials", "biomanufacturing"]) == {"materials": "o",
                                                               "biomanufacturing": "o"}


def test_past_seven_areas_a_shape_tells_apart_the_areas_that_share_a_colour():
    ids = [f"area_{i:02d}" for i in range(12)]
    styles = area_styles(reversed(ids))  # assigned in sorted order, whatever the order given
    assert len(set(styles.values())) == 12
    assert [styles[a][1] for a in ids] == ["o"] * 7 + ["s"] * 5
    assert styles["area_07"][0] == styles["area_00"][0] == OKABE_ITO["bluish_green"]
    assert OKABE_ITO["black"] not in {c for c, _ in styles.values()}
    assert len(set(area_styles([f"x{i:02d}" for i in range(49)]).values())) == 49


def test_scatter_nodes_draws_each_node_with_its_marker():
    fig, ax = plt.subplots()
    drawn = scatter_nodes(ax, [0, 1, 2], [0, 1, 2], [20, 20, 20], ["#000000"] * 3,
                          ["o", "s", "o"])
    paths = drawn.get_paths()
    assert len(paths) == 3 and len(paths[1].vertices) != len(paths[0].vertices)
    assert (paths[0].vertices == paths[2].vertices).all()
    plt.close(fig)


def test_scaled_is_proportional_with_a_floor():
    assert scaled([1, 5, 10], 100).tolist() == [10, 50, 100]
    assert scaled([1, 5, 10], 100, smallest=20).tolist() == [20, 50, 100]
    assert scaled([1, 5], 100, reference=10).tolist() == [10, 50]
    assert scaled([0, 0], 100, smallest=3).tolist() == [3, 3]


def test_stacked_ends_sit_side_by_side_highest_other_end_on_top():
    # two links into node "n" (widths 72 pt and 36 pt = 1 and 0.5 inch), one into "m"
    offsets = stacked_ends(["n", "n", "m"], [0.0, 5.0, 1.0], [72, 36, 72])
    # the link from higher up (5.0) on top: its centre 0.75 - 0.25 = 0.5 above the node's
    assert offsets.tolist() == pytest.approx([-0.25, 0.5, 0.0])


def test_s_curves_run_from_start_to_end_leaving_horizontally():
    paths = s_curves(np.array([[0.0, 0.0]]), np.array([[2.0, 1.0]]), steps=5)
    assert paths.shape == (1, 5, 2)
    assert paths[0, 0].tolist() == [0, 0] and paths[0, -1].tolist() == [2, 1]
    assert paths[0, 2].tolist() == pytest.approx([1.0, 0.5])


@pytest.mark.parametrize("text, width, lines", [
    ("NICE Framework/Cybersecurity", 18, "NICE Framework/\nCybersecurity"),
    ("Digital/Automation", 18, "Digital/Automation"),
    ("Information Technology (IT)/ Operational Technology", 40,
     "Information Technology (IT)/ Operational\nTechnology"),
    ("Supercalifragilistic expialidocious", 5, "Supercalifragilistic\nexpialidocious"),
])
def test_wrap_label_breaks_at_spaces_and_slashes_never_inside_words(text, width, lines):
    assert wrap_label(text, width) == lines


def test_plural():
    assert plural(1, "KSA") == "1 KSA"
    assert plural(1247, "connection") == "1,247 connections"
    assert plural(2, "competency", "competencies") == "2 competencies"


@pytest.mark.parametrize("top", [80, 123_456, 98_765_432])
def test_count_ticks_never_touch(top):
    """Bars up to `top` on a figure the report's width: the ticks `count_ticks` leaves are
    whole numbers with thousands separators and no two labels touch; ten ticks with plain
    labels, as before, collide at six digits."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from competency_framework.present.figures.common import count_ticks, figure_style

    def touching(ax) -> bool:
        renderer = ax.figure.canvas.get_renderer()
        ax.figure.canvas.draw()
        boxes = [t.get_window_extent(renderer) for t in ax.xaxis.get_ticklabels()
                 if t.get_text()]
        return any(a.overlaps(b) for a, b in zip(boxes, boxes[1:], strict=False))

    with figure_style():
        fig, ax = plt.subplots(figsize=(7.5, 4))
        fig.subplots_adjust(left=0.45)  # the long competency names take the left half
        ax.barh(range(13), [top // (i + 1) for i in range(13)])
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
        before = touching(ax)
        count_ticks(ax)
        labels = [t.get_text() for t in ax.xaxis.get_ticklabels() if t.get_text()]
        after = touching(ax)
        plt.close(fig)
    assert not after and len(labels) >= 3
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", s) for s in labels)
    if top == 123_456:  # (larger ones the default writes in scientific notation)
        assert before


def test_text_overlaps_measures_rotated_texts_as_drawn():
    """Two long labels rotated 45 degrees about their anchors, side by side: their upright
    boxes overlap, their turned boxes do not; moved onto each other, they overlap."""
    import matplotlib.pyplot as plt

    from competency_framework.present.figures.common import text_overlaps

    def figure(dx: float):
        fig = plt.figure(figsize=(4, 4))
        for x in (0.3, 0.3 + dx):
            fig.text(x, 0.3, "A long rotated label", rotation=45, rotation_mode="anchor",
                     fontsize=10)
        return fig

    apart, together = figure(0.12), figure(0.01)
    try:
        assert text_overlaps(apart) == ()
        renderer = apart.canvas.get_renderer()
        a, b = (t.get_window_extent(renderer) for t in apart.texts)
        assert a.overlaps(b)  # the upright boxes would have said otherwise
        assert text_overlaps(together) == (("A long rotated label", "A long rotated label"),)
    finally:
        plt.close(apart)
        plt.close(together)
