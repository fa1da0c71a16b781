"""Figures 5, 7, 9, 11 and 13: one technology area in the middle, linked to each other area by
the connections its institutes make to KSAs that the other area also selects (reading 3), with
the counts printed. Line widths share one scale across all five figures, so they compare."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

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
    text_overlaps,
    wrap_label,
)
from competency_framework.present.numbers import Numbers, PrintedNumber
from competency_framework.present.prose import plural
from competency_framework.statistics.areas import area_connections_to_other_areas, area_overview

MAX_LINE, MIN_LINE = 16.0, 0.5  # pt
NODE_AREA = 700.0  # pt², every area the same: the count is the line's
HEIGHT_IN = 3.3
HUB_RADIUS_IN = 0.7


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

    Nodes: the area (`kind` "focus") and every other area ("other", by name). Edges: from the
    area to each other one, with its connections and shared KSAs; widths on the scale of the
    largest count among all pairs.
    """
    colours = area_colours(areas["area_id"])
    markers = area_markers(areas["area_id"])
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
        "size": NODE_AREA,
    })
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


def _positions(n: int, width: float, height: float) -> np.ndarray:
    """Places for the other areas on an ellipse around the middle, clockwise from the top
    left (four areas land on the corners of a rectangle)."""
    angles = np.radians(135.0) - 2 * np.pi * np.arange(n) / max(n, 1)
    # no node further from the middle than a corner's of four (its label needs the room)
    widest = max(float(np.abs(np.cos(angles)).max()), np.sqrt(0.5)) if n else 1.0
    rx, ry = width * 0.26 / widest, height * 0.3 * np.sqrt(2)
    return np.column_stack([width / 2 + rx * np.cos(angles), height / 2 + ry * np.sin(angles)])


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
    drawn = area_connections_model(area_connections_to_other_areas(fw), area_overview(fw),
                                   area_id)
    nodes, edges = drawn.nodes, drawn.edges
    total, pairs = _drawn_numbers(drawn, numbers)
    width = FIGURE_WIDTH_IN
    others = nodes.loc[nodes["kind"] == "other"]
    focus = nodes.iloc[0]

    def draw(height: float) -> Figure:
        xy = np.vstack([[width / 2, height / 2], _positions(len(others), width, height)])
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.set_axis_off()
        for (x, y), e in zip(xy[1:], rows_as(edges, _Edge), strict=True):
            ax.plot([xy[0, 0], x], [xy[0, 1], y], color=e.colour, lw=e.width, alpha=0.6,
                    solid_capstyle="butt", zorder=1)
        scatter_nodes(ax, xy[1:, 0], xy[1:, 1], nodes["size"].iloc[1:],
                      nodes["colour"].iloc[1:], nodes["marker"].iloc[1:], edgecolors="white",
                      linewidths=1.0, zorder=3)
        ax.add_patch(plt.Circle(xy[0], HUB_RADIUS_IN, facecolor="white", edgecolor=focus.colour,
                                lw=3, zorder=3))
        ax.text(xy[0, 0], xy[0, 1] + 0.08, wrap_label(focus.label, 12), ha="center",
                va="bottom", fontsize=9, fontweight="bold", zorder=4)
        ax.text(xy[0, 0], xy[0, 1] - 0.02, f"{total.label}\nconnections", ha="center",
                va="top", fontsize=8, zorder=4)
        for (x, y), other, e, (conn, shared) in zip(xy[1:], others["label"],
                                                    rows_as(edges, _Edge), pairs, strict=True):
            right = x > width / 2
            text = (f"{wrap_label(other, 40)}\n"
                    f"{plural(e.connections, 'connection', shown=conn.label)}\n"
                    f"{plural(e.shared_ksas, 'KSA', shown=shared.label)} in common")
            ax.text(x + (0.25 if right else -0.25), y, text, ha="left" if right else "right",
                    va="center", fontsize=8, zorder=4)
        return fig

    with figure_style():
        # as tall as the page allows, in steps, until no two labels touch
        height = HEIGHT_IN
        fig = draw(height)
        while text_overlaps(fig) and height < FIGURE_MAX_HEIGHT_IN:
            plt.close(fig)
            height = min(height * 1.15, FIGURE_MAX_HEIGHT_IN)
            fig = draw(height)
    area_name = str(focus.label)
    alt = area_connections_alt(drawn)
    caption = (f"KSA connections between the {area_name} technology area and the other"
               f" areas, {fw.edition} edition: connections made by {area_name} institutes to"
               f" KSAs that the other area also selects.")
    name = name or f"area-connections-{area_id.replace('_', '-')}"
    drawn_numbers = [total, *(n for pair in pairs for n in pair)]
    return save_figure(fig, out_dir, name, caption=caption, alt=alt, source=source, drawn=drawn,
                       numbers=drawn_numbers)


def area_connections_alt(drawn: Drawn) -> str:
    """Alt text for one area's connections figure, from what it draws."""
    focus = drawn.nodes.iloc[0]
    label = dict(zip(drawn.nodes["node_id"], drawn.nodes["label"], strict=True))
    links = "; ".join(
        f"{label[e.target]}, {plural(e.connections, 'connection')}"
        f" ({plural(e.shared_ksas, 'KSA')} in common)" for e in rows_as(drawn.edges, _Edge))
    return (f"{focus.label} in the middle, linked to the other"
            f" {plural(len(drawn.edges), 'technology area')} by lines as wide as the connections"
            f" its institutes make to KSAs the other area also selects: {links}. {focus.label}"
            f" has {plural(focus.connections, 'connection')} in all.")
