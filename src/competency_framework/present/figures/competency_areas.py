"""Figure 3: the core competencies (left) linked to the technology areas (right); line width
and circle area show the connections between them."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection

from competency_framework.edition.framework import Framework
from competency_framework.present.figures.common import (
    FIGURE_WIDTH_IN,
    NEUTRAL,
    CaptionPart,
    Drawn,
    SavedFigure,
    area_colours,
    area_markers,
    counted,
    figure_style,
    rgba,
    rows_as,
    s_curves,
    save_figure,
    scaled,
    scatter_nodes,
    size_shape,
    stacked_ends,
    wrap_label,
)
from competency_framework.present.numbers import Numbers
from competency_framework.present.prose import plural
from competency_framework.statistics.areas import area_overview, competency_area_connections
from competency_framework.statistics.competencies import ksa_counts_by_competency

MAX_NODE_AREA, MIN_NODE_AREA = 700.0, 6.0  # pt²
MAX_LINE, MIN_LINE = 9.0, 0.4  # pt
ROW_IN = 0.36  # vertical space per competency



class _Node(NamedTuple):
    """A row of `competency_areas_model`'s nodes."""

    node_id: str
    kind: str
    label: str
    connections: int
    size: float


def competency_areas_model(links: pd.DataFrame, competencies: pd.DataFrame,
                           areas: pd.DataFrame) -> Drawn:
    """What Figure 3 draws, from `statistics.areas.competency_area_connections` (`links`),
    `statistics.competencies.ksa_counts_by_competency` (`competencies`; only those in `links`
    are drawn, in its order) and `statistics.areas.area_overview` (`areas`).

    Nodes: competencies (column 0, top to bottom in tree order) and areas (column 1, by name),
    sized by connections on one scale. Edges: every (competency, area) pair with connections,
    as wide as their number on one scale.
    """
    colours = area_colours(areas["area_id"])
    markers = area_markers(areas["area_id"])
    codes = list(dict.fromkeys(links["competency"]))
    comp = competencies.set_index("code").loc[codes].reset_index()
    n_comp, n_area = len(comp), len(areas)
    span = max(n_comp - 1, 1)
    comp_y = span - np.arange(n_comp, dtype=float)
    area_y = (span / 2 + (n_area - 1) / 2 * min(span / max(n_area - 1, 1), 2.5)
              - np.arange(n_area) * min(span / max(n_area - 1, 1), 2.5))
    nodes = pd.concat([
        pd.DataFrame({"node_id": "competency:" + comp["code"], "kind": "competency",
                      "label": comp["code"] + " " + comp["name"],
                      "connections": comp["connections"].astype("int64"),
                      "column": 0, "row": comp_y, "colour": NEUTRAL, "marker": "o"}),
        pd.DataFrame({"node_id": "area:" + areas["area_id"], "kind": "area",
                      "label": areas["name"], "connections": areas["connections"].astype("int64"),
                      "column": 1, "row": area_y,
                      "colour": areas["area_id"].map(colours),
                      "marker": areas["area_id"].map(markers)}),
    ], ignore_index=True)
    nodes["size"] = scaled(nodes["connections"], MAX_NODE_AREA, smallest=MIN_NODE_AREA)
    present = links.loc[links["connections"] > 0]
    edges = pd.DataFrame({
        "source": "competency:" + present["competency"],
        "target": "area:" + present["area_id"], "kind": "competency-area",
        "connections": present["connections"].astype("int64"),
        "ksas": present["ksas"].astype("int64"),
        "colour": present["area_id"].map(colours),
    }).reset_index(drop=True)
    edges["width"] = scaled(edges["connections"], MAX_LINE, smallest=MIN_LINE)
    counts = {"competencies": n_comp, "areas": n_area,
              "connections": int(links["connections"].sum()), "links": len(edges)}
    return Drawn(nodes, edges, counts)


def competency_areas_figure(fw: Framework, out_dir: str | Path, *, numbers: Numbers,
                            source: str = "", name: str = "competency-areas") -> SavedFigure:
    """Draw Figure 3 for `fw` into `<out_dir>/<name>.svg` and return the `SavedFigure`,
    the areas' connections it draws recorded in `numbers`."""
    drawn = competency_areas_model(competency_area_connections(fw),
                                   ksa_counts_by_competency(fw), area_overview(fw))
    nodes, edges = drawn.nodes, drawn.edges
    area_nodes = nodes.loc[nodes["kind"] == "area"]
    shown = {i: numbers.record(int(c), "area_connections_total", area=i.removeprefix("area:"))
             for i, c in zip(area_nodes["node_id"], area_nodes["connections"], strict=True)}
    width = FIGURE_WIDTH_IN
    left, right = 2.55, width - 1.45  # x of the two columns, inches
    rows = max(drawn.counts["competencies"], 2)
    height = ROW_IN * (rows - 1) + 1.0
    with figure_style():
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.set_axis_off()
        ax.text(left, height - 0.15, "Core competencies", ha="right", va="center",
                fontsize=8, fontweight="bold")
        ax.text(right, height - 0.15, "Technology areas", ha="left", va="center",
                fontsize=8, fontweight="bold")
        x = np.where(nodes["column"] == 0, left, right)
        y = 0.4 + nodes["row"].to_numpy() * ROW_IN
        where = pd.DataFrame({"x": x, "y": y}, index=nodes["node_id"])
        order = edges.sort_values("width", ascending=False, kind="stable")
        start = where.loc[order["source"]].to_numpy(copy=True)
        end = where.loc[order["target"]].to_numpy(copy=True)
        start[:, 1] += stacked_ends(order["source"], end[:, 1], order["width"])
        end[:, 1] += stacked_ends(order["target"], start[:, 1], order["width"])
        ax.add_collection(LineCollection(
            list(s_curves(start, end)), colors=rgba(order["colour"], 0.6),
            linewidths=order["width"].to_numpy(), capstyle="butt", zorder=1))
        scatter_nodes(ax, x, y, nodes["size"], nodes["colour"], nodes["marker"],
                      edgecolors="white", linewidths=0.6, zorder=3)
        for n, nx, ny in zip(rows_as(nodes, _Node), x, y, strict=True):
            pad = 0.06 + np.sqrt(n.size) / 144
            if n.kind == "competency":
                ax.text(nx - pad, ny, wrap_label(n.label, 34), ha="right",
                        va="center", fontsize=8)
            else:
                count = plural(n.connections, "connection", shown=shown[n.node_id].label)
                text = f"{wrap_label(n.label, 34)}\n{count}"
                ax.text(nx + pad, ny, text,
                        ha="left", va="center", fontsize=8)
    alt = competency_areas_alt(drawn)
    comps = numbers.record(drawn.counts["competencies"], "competencies", tiers=[4, 5])
    areas = numbers.record(drawn.counts["areas"], "technology_areas_total")
    caption: tuple[CaptionPart, ...] = (
        "The ", *counted(comps, "core competency", "core competencies"), " and the ",
        *counted(areas, "technology area"), f", {fw.edition} edition: line width and "
        f"{size_shape(nodes['marker'])} area show the number of connections.")
    return save_figure(fig, out_dir, name, caption=caption, alt=alt, source=source, drawn=drawn,
                       numbers=shown.values(), published=True)


def competency_areas_alt(drawn: Drawn) -> str:
    """Alt text for Figure 3, from what it draws."""
    c, nodes, edges = drawn.counts, drawn.nodes, drawn.edges
    label = dict(zip(nodes["node_id"], nodes["label"], strict=True))
    comps = nodes.loc[nodes["kind"] == "competency"].sort_values(
        ["connections", "node_id"], ascending=[False, True])
    strongest = edges.sort_values(["connections", "source", "target"],
                                  ascending=[False, True, True]).head(5)
    lead = edges.sort_values(["connections", "source"], ascending=[False, True]
                             ).drop_duplicates("target").sort_values("target")
    parts = [
        f"Diagram linking {plural(c['competencies'], 'core competency', 'core competencies')},"
        f" listed on the left, to {plural(c['areas'], 'technology area')} on the right through"
        f" {plural(c['connections'], 'connection')}; line width and"
        f" {size_shape(nodes['marker'])} area show the number of connections.",
        "Competencies with the most connections: " + "; ".join(
            f"{n.label} ({n.connections:,})" for n in comps.head(3).itertuples()) + ".",
        "Strongest links: " + "; ".join(
            f"{label[e.source]} to {label[e.target]} ({e.connections:,})"
            for e in strongest.itertuples()) + ".",
        "Each area's strongest competency: " + "; ".join(
            f"{label[e.target]}, {label[e.source]} ({e.connections:,})"
            for e in lead.itertuples()) + ".",
    ]
    return " ".join(parts)
