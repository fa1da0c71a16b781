"""Figures 5, 7, 9, 11 and 13: one technology area in the middle, linked to each other area by
the connections its institutes make to KSAs that the other area also selects (reading 3), with
the counts printed. Line widths and circle areas share one scale across all five figures, so
they compare, and each area has one place around the middle (and its one colour) in all."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from competency_framework.edition.framework import Framework
from competency_framework.present.figures.common import (
    FIGURE_MAX_HEIGHT_IN,
    FIGURE_WIDTH_IN,
    Drawn,
    SavedFigure,
    area_colours,
    area_markers,
    figure_style,
    rows_as,
    save_figure,
    scaled,
    scatter_nodes,
    size_shape,
    text_overlaps,
    wrap_label,
)
from competency_framework.present.numbers import MARK, Numbers, PrintedNumber
from competency_framework.present.prose import plural
from competency_framework.statistics.areas import area_connections_to_other_areas, area_overview

MAX_LINE, MIN_LINE = 16.0, 0.5  # pt
MAX_NODE_AREA, MIN_NODE_AREA = 1000.0, 40.0  # pt²: circle areas share one scale like the lines
HEIGHT_IN = 3.3  # the height the labels are measured at
HUB_RADIUS_IN = 0.7
LABEL_PAD_IN = 0.08  # between a node's largest circle and its label
LEAST_REACH_IN = HUB_RADIUS_IN + 0.55  # from the middle to a node, at the least
SIDE_COS = 0.2  # a label goes beside its node, but under (over) one near the bottom (top)
WRAP_NAME = 40


class _Edge(NamedTuple):
    """A row of `area_connections_model`'s edges."""

    target: str
    colour: str
    width: float
    connections: int
    shared_ksas: int


def area_connections_model(pairs: pd.DataFrame, areas: pd.DataFrame, area_id: str) -> Drawn:
    """What one area's connections figure draws, from
    `statistics.areas.area_connections_to_other_areas` (`pairs`, every ordered pair) and
    `statistics.areas.area_overview` (`areas`, for names and totals).

    Nodes: the area (`kind` "focus") and every other area ("other", by name), each with its
    `slot` around the middle (its place in sorted id order, as `area_styles` colours it, so
    an area sits in the same place in every figure). Edges: from the area to each other one,
    with its connections and shared KSAs. Line widths and the other areas' circle areas are
    on the scale of the largest count among all pairs, so they compare across figures.
    """
    colours = area_colours(areas["area_id"])
    markers = area_markers(areas["area_id"])
    slot = {a: i for i, a in enumerate(sorted(areas["area_id"]))}
    largest = float(pairs["connections"].max()) if len(pairs) else 0.0
    mine = pairs.loc[pairs["area_id"] == area_id]
    names = areas.set_index("area_id")["name"]
    others = areas.loc[areas["area_id"] != area_id, "area_id"]  # area_overview: by name
    mine = mine.set_index("other_area_id").loc[others].reset_index()
    focus = areas.loc[areas["area_id"] == area_id].iloc[0]
    nodes = pd.DataFrame({
        "node_id": ["area:" + area_id, *("area:" + others)],
        "kind": ["focus", *["other"] * len(others)],
        "label": [focus["name"], *others.map(names)],
        "connections": [int(focus["connections"]), *mine["connections"].astype(int)],
        "colour": [colours[area_id], *others.map(colours)],
        "marker": [markers[area_id], *others.map(markers)],
        "slot": [slot[area_id], *others.map(slot)],
    })
    nodes["size"] = np.r_[0.0, scaled(mine["connections"], MAX_NODE_AREA,
                                      smallest=MIN_NODE_AREA, reference=largest)]
    edges = pd.DataFrame({
        "source": "area:" + area_id, "target": "area:" + mine["other_area_id"],
        "kind": "area-area", "connections": mine["connections"].astype("int64"),
        "shared_ksas": mine["shared_ksas"].astype("int64"), "colour": colours[area_id],
    })
    edges["width"] = scaled(edges["connections"], MAX_LINE, smallest=MIN_LINE,
                            reference=largest)
    counts = {"connections": int(focus["connections"]), "ksas": int(focus["ksas"]),
              "other_areas": len(others)}
    return Drawn(nodes, edges, counts, {"area_id": area_id})


def slot_angles(n: int) -> np.ndarray:
    """The angle (radians) of each of `n` places around the middle, clockwise from just
    right of the top, spaced evenly (four land on the corners of a rectangle)."""
    return np.radians(90.0 - 360.0 * (np.arange(n) + 0.5) / max(n, 1))


class _Layout(NamedTuple):
    """Where an edition's area-connection figures put things (inches): the same in each."""

    height: float
    middle: float  # the height of the middle
    rx: float  # the ellipse of places around the middle
    ry: float


def _label_anchor(angle: float, x: float, y: float) -> tuple[float, float, str, str]:
    """Where the label of a node at (`x`, `y`) in the place at `angle` goes, and its
    alignment: beside the node, outwards, or under (over) it at the bottom (top)."""
    off = _label_offset()
    c, s = np.cos(angle), np.sin(angle)
    if abs(c) < SIDE_COS:
        return x, y + (off if s > 0 else -off), "center", "bottom" if s > 0 else "top"
    return x + (off if c > 0 else -off), y, "left" if c > 0 else "right", "center"


def _label_offset() -> float:
    """From a node's centre to its label: the largest circle's radius and a pad (inches)."""
    return float(np.sqrt(MAX_NODE_AREA)) / 144 + LABEL_PAD_IN


def _other_label(name: str, connections: str, shared: str) -> str:
    return f"{wrap_label(name, WRAP_NAME)}\n{connections}\n{shared} in common"


def _hub_texts(ax: Axes, x: float, y: float, name: str, total: str) -> None:
    ax.text(x, y + 0.08, wrap_label(name, 12), ha="center", va="bottom", fontsize=9,
            fontweight="bold", zorder=4)
    ax.text(x, y - 0.02, f"{total}\nconnections", ha="center", va="top", fontsize=8, zorder=4)


def _place(layout: _Layout, angles: np.ndarray, width: float) -> np.ndarray:
    return np.column_stack([width / 2 + layout.rx * np.cos(angles),
                            layout.middle + layout.ry * np.sin(angles)])


def _layout(areas: pd.DataFrame, pairs: pd.DataFrame, width: float) -> _Layout:
    """The one layout of an edition's area-connection figures: every area's label, with the
    largest counts of any pair, drawn in its place around the longest area name, on an
    ellipse as wide as the widest label leaves room for and, from `LEAST_REACH_IN`, as tall
    as keeps any two texts apart (up to the page's height). A figure's labels are no larger
    and sit at the same anchors, so they touch no more than these."""
    angles = slot_angles(len(areas))
    names = [name for _, name in sorted(zip(areas["area_id"], areas["name"], strict=True))]
    most = int(pairs["connections"].max()) if len(pairs) else 0
    shared = int(pairs["shared_ksas"].max()) if len(pairs) else 0
    texts = [_other_label(name, plural(most, "connection", shown=f"{most:,}{MARK}"),
                          plural(shared, "KSA", shown=f"{shared:,}{MARK}")) for name in names]
    hub = max(names, key=lambda t: (wrap_label(t, 12).count("\n"), len(t), t))
    total = f"{int(areas['connections'].max()):,}{MARK}"
    off = _label_offset()

    def probe(layout: _Layout) -> Figure:
        fig = plt.figure(figsize=(width, layout.height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, layout.height)
        _hub_texts(ax, width / 2, layout.middle, hub, total)
        for (x, y), angle, text in zip(_place(layout, angles, width), angles, texts,
                                       strict=True):
            lx, ly, ha, va = _label_anchor(angle, x, y)
            ax.text(lx, ly, text, ha=ha, va=va, fontsize=8)
        return fig

    fig = probe(_Layout(HEIGHT_IN, HEIGHT_IN / 2, 1.0, 1.0))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts[2:]]
    plt.close(fig)
    w = np.array([b.width for b in boxes]) / fig.dpi
    h = np.array([b.height for b in boxes]) / fig.dpi
    cos, sin = np.cos(angles), np.sin(angles)
    side = np.abs(cos) >= SIDE_COS
    # as far out as the widest label beside its node leaves room for, within the width
    reach = np.where(side, width / 2 - off - w, width / 2 - w / 2)
    rx = max(float(np.min(reach / np.maximum(np.abs(cos), 1e-9))), LEAST_REACH_IN)
    # what a place needs above and below its node, label and circle
    above = np.where(side, np.maximum(h / 2, off), np.where(sin > 0, off + h, off))
    below = np.where(side, np.maximum(h / 2, off), np.where(sin > 0, off, off + h))

    def at(ry: float) -> _Layout:
        top = max(float(np.max(ry * sin + above)), HUB_RADIUS_IN)
        bottom = max(float(np.max(below - ry * sin)), HUB_RADIUS_IN)
        return _Layout(top + bottom, bottom, rx, ry)

    layout = at(LEAST_REACH_IN)
    while True:
        fig = probe(layout)
        clear = not text_overlaps(fig)
        plt.close(fig)
        taller = at(layout.ry * 1.1)
        if clear or taller.height > FIGURE_MAX_HEIGHT_IN:
            return layout
        layout = taller


def _drawn_numbers(drawn: Drawn, numbers: Numbers
                  ) -> tuple[PrintedNumber, list[tuple[PrintedNumber, PrintedNumber]]]:
    """The numbers one area's connections figure draws: the area's connections, and for each
    other area (in the order of the edges) its connections and the KSAs in common."""
    area_id = str(drawn.extra["area_id"])
    total = numbers.record(int(drawn.counts["connections"]), "area_connections_total",
                           area=area_id)
    pairs = []
    for e in rows_as(drawn.edges, _Edge):
        other = e.target.removeprefix("area:")
        pairs.append((
            numbers.record(int(e.connections), "area_connections_to_other_area", area=area_id,
                           other_area=other),
            numbers.record(int(e.shared_ksas), "area_ksas_shared_with_other_area",
                           area=area_id, other_area=other)))
    return total, pairs


def area_connections_figure(fw: Framework, area_id: str, out_dir: str | Path, *,
                            numbers: Numbers, source: str = "", name: str | None = None
                            ) -> SavedFigure:
    """Draw one area's connections to the other areas into `<out_dir>/<name>.svg`
    (default name `area-connections-<area>`), the counts it draws recorded in `numbers`."""
    pairs_all, areas = area_connections_to_other_areas(fw), area_overview(fw)
    drawn = area_connections_model(pairs_all, areas, area_id)
    nodes, edges = drawn.nodes, drawn.edges
    total, pairs = _drawn_numbers(drawn, numbers)
    width = FIGURE_WIDTH_IN
    others = nodes.loc[nodes["kind"] == "other"]
    focus = nodes.iloc[0]
    angles = slot_angles(len(areas))[others["slot"].to_numpy()]
    with figure_style():
        layout = _layout(areas, pairs_all, width)
        xy = np.vstack([[width / 2, layout.middle], _place(layout, angles, width)])
        fig = plt.figure(figsize=(width, layout.height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, layout.height)
        ax.set_axis_off()
        # the whole layout is saved, so that the nodes sit in the same place on every page
        ax.add_patch(Rectangle((0, 0), width, layout.height, fill=False, linewidth=0))
        for (x, y), e in zip(xy[1:], rows_as(edges, _Edge), strict=True):
            ax.plot([xy[0, 0], x], [xy[0, 1], y], color=e.colour, lw=e.width, alpha=0.6,
                    solid_capstyle="butt", zorder=1)
        scatter_nodes(ax, xy[1:, 0], xy[1:, 1], others["size"], others["colour"],
                      others["marker"], edgecolors="white", linewidths=1.0, zorder=3)
        ax.add_patch(plt.Circle(xy[0], HUB_RADIUS_IN, facecolor="white", edgecolor=focus.colour,
                                lw=3, zorder=3))
        _hub_texts(ax, xy[0, 0], xy[0, 1], str(focus.label), total.label)
        for (x, y), angle, other, e, (conn, shared) in zip(
                xy[1:], angles, others["label"], rows_as(edges, _Edge), pairs, strict=True):
            lx, ly, ha, va = _label_anchor(float(angle), float(x), float(y))
            text = _other_label(other, plural(e.connections, "connection", shown=conn.label),
                                plural(e.shared_ksas, "KSA", shown=shared.label))
            ax.text(lx, ly, text, ha=ha, va=va, fontsize=8, zorder=4)
    area_name = str(focus.label)
    alt = area_connections_alt(drawn)
    caption = (f"KSA connections between the {area_name} technology area and the other"
               f" areas, {fw.edition} edition: connections made by {area_name} institutes to"
               f" KSAs that the other area also selects. Line width and"
               f" {size_shape(others['marker'])} area show the connections; each area keeps its"
               f" place and colour in every such figure.")
    name = name or f"area-connections-{area_id.replace('_', '-')}"
    drawn_numbers = [total, *(n for pair in pairs for n in pair)]
    return save_figure(fig, out_dir, name, caption=caption, alt=alt, source=source, drawn=drawn,
                       numbers=drawn_numbers, published=True)


def area_connections_alt(drawn: Drawn) -> str:
    """Alt text for one area's connections figure, from what it draws."""
    focus = drawn.nodes.iloc[0]
    label = dict(zip(drawn.nodes["node_id"], drawn.nodes["label"], strict=True))
    links = "; ".join(
        f"{label[e.target]}, {plural(e.connections, 'connection')}"
        f" ({plural(e.shared_ksas, 'KSA')} in common)" for e in rows_as(drawn.edges, _Edge))
    shape = size_shape(drawn.nodes["marker"].iloc[1:])
    return (f"{focus.label} in the middle, linked to the other"
            f" {plural(len(drawn.edges), 'technology area')} around it, each in its own place"
            f" and colour, by lines as wide, and {shape}s as large, as the connections its"
            f" institutes make to KSAs the other area also selects: {links}. {focus.label}"
            f" has {plural(focus.connections, 'connection')} in all.")
