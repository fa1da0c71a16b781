"""Figures 4, 6, 8, 10 and 12: for one technology area, its institutes (left) linked to the
occupations they selected (middle), linked to the core competencies of the KSAs essential to
those occupations (right); line width and circle area show connections. Each institute has a
colour, which its links share, and so do an occupation only it chose and that occupation's
links; an occupation several institutes chose is grey, as are its links.

An occupation chosen by several institutes of the area is one node. Past `MAX_OCCUPATIONS`
occupations (or `MAX_INSTITUTES` institutes), the least connected are drawn together as one
"other occupations" ("other institutes") node, so the labels stay legible on a printed page.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection

from competency_framework.edition.framework import Framework
from competency_framework.present.figures.common import (
    AREA_MARKERS,
    FIGURE_MAX_HEIGHT_IN,
    FIGURE_WIDTH_IN,
    NEUTRAL,
    OKABE_ITO,
    Drawn,
    SavedFigure,
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
from competency_framework.statistics.areas import area_institute_occupation_competency
from competency_framework.statistics.competencies import in_tree_order

MAX_OCCUPATIONS, MAX_INSTITUTES = 40, 24
OTHER = "_other"
MAX_NODE_AREA, MIN_NODE_AREA = 450.0, 6.0  # pt²
MAX_LINE, MIN_LINE = 7.0, 0.4  # pt
OUT_SCALE, OUT_ALPHA = 0.5, 0.4  # the links to competencies: half as wide, and lighter
LINE_IN = 0.14  # one line of 8 pt type, as drawn
MIN_GAP_IN = 0.02  # the least room between two rows' labels
GAP_IN = 0.07  # between rows, unless the figure must tighten to fit the page
TOP_IN, BOTTOM_IN = 0.45, 0.15  # above the first row (the column headings) and below the last
# the tallest map: room under it for a caption of four lines (the reconstructed edition's
# says the links are the model's choice)
MAX_HEIGHT_IN = FIGURE_MAX_HEIGHT_IN - 0.3
X_INSTITUTE, X_OCCUPATION, X_OCCUPATION_OUT, X_COMPETENCY = 1.2, 2.05, 3.7, 4.55
WRAP_INSTITUTE, WRAP_OCCUPATION, WRAP_COMPETENCY = 17, 27, 23
# Each institute of an area has a colour (yellow left out: too faint as a thin line), in
# its order down the figure; past six, the colours come round with other dashes and shapes.
INSTITUTE_COLOURS = tuple(OKABE_ITO[c] for c in ("blue", "orange", "bluish_green",
                                                  "vermillion", "reddish_purple", "sky_blue"))
INSTITUTE_DASHES = ("solid", "dashed", "dotted", "dashdot")



class _Node(NamedTuple):
    """A row of `area_mapping_model`'s nodes."""

    column: int
    label: str
    size: float


class _Listed(NamedTuple):
    """A node as the alt text lists it."""

    label: str
    connections: int
    colour: str
    dash: str


def area_mapping_model(rows: pd.DataFrame, fw: Framework, area_id: str, *,
                       max_occupations: int = MAX_OCCUPATIONS,
                       max_institutes: int = MAX_INSTITUTES) -> Drawn:
    """What one area's institute-occupation-competency figure draws, from
    `statistics.areas.area_institute_occupation_competency(fw, area_id)` (`rows`), with names
    from `fw`.

    Nodes: institutes (column 0, by name), occupations (column 1; ordered by their
    institutes' positions, then connections, then title), competencies (column 2, tree
    order), each with its connections in the area. Edges: institute -> occupation and
    occupation -> competency, weighted by connections. Counts: the institutes and occupations
    drawn together as one node (`institutes_grouped`, `occupations_grouped`; 0 for none).
    """
    rows = rows.loc[rows["area_id"] == area_id]
    n_occupations = rows["occupation_id"].nunique()
    n_institutes = rows["institute_id"].nunique()
    occ = _kept(rows, "occupation_id", max_occupations)
    kept_inst = _kept(rows, "institute_id", max_institutes)
    rows = rows.assign(
        occupation_id=rows["occupation_id"].where(rows["occupation_id"].isin(occ), OTHER),
        institute_id=rows["institute_id"].where(rows["institute_id"].isin(kept_inst), OTHER))
    inst_names = fw.institutes.set_index("institute_id")["name"]
    titles = fw.occupations.set_index("occupation_id")["title"]
    comp_names = fw.competencies.set_index("code")["name"]

    inst = rows.groupby("institute_id")["connections"].sum().reset_index()
    grouped_inst = n_institutes - len(kept_inst)
    inst["label"] = inst["institute_id"].map(inst_names).fillna(
        plural(grouped_inst, "other institute"))
    inst = inst.assign(_n=inst["label"].str.casefold(), _o=inst["institute_id"] == OTHER)
    inst = inst.sort_values(["_o", "_n", "institute_id"])
    inst_rank = pd.Series(np.arange(len(inst)), index=inst["institute_id"].to_numpy())

    link_io = rows.groupby(["institute_id", "occupation_id"])["connections"].sum().reset_index()
    occs = rows.groupby("occupation_id")["connections"].sum().reset_index()
    weight = link_io.assign(_r=link_io["institute_id"].map(inst_rank) * link_io["connections"])
    centre = weight.groupby("occupation_id")["_r"].sum() / occs.set_index(
        "occupation_id")["connections"]
    occs["_c"] = occs["occupation_id"].map(centre)
    occs["_other"] = occs["occupation_id"] == OTHER
    grouped_occ = n_occupations - len(occ)
    other_label = plural(grouped_occ, "other occupation")
    occs["label"] = occs["occupation_id"].map(titles).fillna(other_label)
    occs = occs.assign(_t=occs["label"].str.casefold()).sort_values(
        ["_other", "_c", "connections", "_t", "occupation_id"],
        ascending=[True, True, False, True, True])

    link_oc = rows.groupby(["occupation_id", "competency"])["connections"].sum().reset_index()
    comps = rows.groupby("competency")["connections"].sum().reset_index()
    comps["label"] = [f"{c} {comp_names.get(c, '')}".strip() if c else "No competency"
                      for c in comps["competency"]]
    comps = in_tree_order(comps, "competency")

    styles = institute_styles(len(inst))
    inst["colour"] = [c for c, _, _ in styles]
    inst["marker"] = [m for _, m, _ in styles]
    inst["dash"] = [d for _, _, d in styles]
    # an occupation (and its links on) in its institute's colour, or grey if several chose it
    chosen_by = link_io.groupby("occupation_id")["institute_id"].agg(
        lambda ids: ids.iloc[0] if len(ids) == 1 else "")
    own = inst.set_index("institute_id")
    occs["colour"] = occs["occupation_id"].map(chosen_by).map(own["colour"]).fillna(NEUTRAL)
    occs["dash"] = occs["occupation_id"].map(chosen_by).map(own["dash"]).fillna("solid")
    comps = comps.assign(colour=NEUTRAL, dash="solid")
    nodes = pd.concat([
        _column(inst, "institute", "institute_id", 0, WRAP_INSTITUTE),
        _column(occs, "occupation", "occupation_id", 1, WRAP_OCCUPATION),
        _column(comps, "competency", "competency", 2, WRAP_COMPETENCY),
    ], ignore_index=True)
    nodes["marker"] = nodes["node_id"].map(dict(zip(
        "institute:" + inst["institute_id"], inst["marker"], strict=True))).fillna("o")
    nodes["size"] = scaled(nodes["connections"], MAX_NODE_AREA, smallest=MIN_NODE_AREA)
    edges = pd.concat([
        pd.DataFrame({"source": "institute:" + link_io["institute_id"],
                      "target": "occupation:" + link_io["occupation_id"],
                      "kind": "institute-occupation", "connections": link_io["connections"]}),
        pd.DataFrame({"source": "occupation:" + link_oc["occupation_id"],
                      "target": "competency:" + link_oc["competency"],
                      "kind": "occupation-competency", "connections": link_oc["connections"]}),
    ], ignore_index=True)
    edges["connections"] = edges["connections"].astype("int64")
    edges["width"] = scaled(edges["connections"], MAX_LINE, smallest=MIN_LINE)
    out = edges["kind"] == "occupation-competency"
    edges.loc[out, "width"] = np.maximum(edges.loc[out, "width"] * OUT_SCALE, MIN_LINE)
    # a link in the colour (and dashes) of the node it leaves
    source = nodes.set_index("node_id")
    edges["colour"] = edges["source"].map(source["colour"])
    edges["dash"] = edges["source"].map(source["dash"])
    counts = {"institutes": n_institutes, "institutes_drawn": len(inst),
              "institutes_grouped": grouped_inst, "occupations": n_occupations,
              "occupations_drawn": len(occs), "occupations_grouped": grouped_occ,
              "competencies": len(comps),
              "connections": int(rows["connections"].sum()),
              "selections": len(link_io),
              "institutes_without": int((fw.institutes["area_id"] == area_id).sum())
              - n_institutes}
    return Drawn(nodes, edges, counts, {"area_id": area_id})


def _kept(rows: pd.DataFrame, column: str, limit: int) -> list[str]:
    """The ids in `column` drawn one by one: all if at most `limit`, else the `limit` - 1 with
    the most connections (the last place goes to the rest, together)."""
    per = rows.groupby(column)["connections"].sum().reset_index()
    if len(per) <= limit:
        return per[column].tolist()
    per = per.sort_values(["connections", column], ascending=[False, True])
    return per[column].head(limit - 1).tolist()


def institute_styles(n: int) -> list[tuple[str, str, str]]:
    """The colour, marker and line dashes of each of `n` institutes down an area's figure:
    `INSTITUTE_COLOURS` with circles and solid lines, then again with other shapes
    (`AREA_MARKERS`) and other dashes, so that colour is never the only cue."""
    k = len(INSTITUTE_COLOURS)
    return [(INSTITUTE_COLOURS[i % k], AREA_MARKERS[(i // k) % len(AREA_MARKERS)],
             INSTITUTE_DASHES[(i // k) % len(INSTITUTE_DASHES)]) for i in range(n)]


def _column(frame: pd.DataFrame, kind: str, key: str, column: int, wrap: int
            ) -> pd.DataFrame:
    return pd.DataFrame({
        "node_id": f"{kind}:" + frame[key].astype(str), "kind": kind,
        "label": frame["label"].to_numpy(), "connections": frame["connections"].astype("int64"),
        "column": column, "position": np.arange(len(frame)),
        "colour": frame["colour"].to_numpy(), "dash": frame["dash"].to_numpy(),
        "lines": [wrap_label(t, wrap).count("\n") + 1 for t in frame["label"]],
    })


def _heights(lines: np.ndarray, gap: float = GAP_IN) -> np.ndarray:
    """Row height (inches) per node: its wrapped label plus a gap."""
    return lines * LINE_IN + gap


def _gap(columns: list[np.ndarray], room: float) -> float:
    """The gap between rows: `GAP_IN`, or less where the tallest column must fit `room`."""
    tallest = max(columns, key=lambda lines: _heights(lines).sum())
    if _heights(tallest).sum() <= room:
        return GAP_IN
    return max(MIN_GAP_IN, (room - tallest.sum() * LINE_IN) / max(len(tallest), 1))


def _centres(lines: np.ndarray, span: float, gap: float = GAP_IN) -> np.ndarray:
    """Centres from the top, rows as high as their labels, spread evenly over `span`."""
    h = _heights(lines, gap)
    extra = max(span - h.sum(), 0.0) / max(len(h), 1)
    h = h + extra
    return np.cumsum(h) - h / 2


def _fitting_model(rows: pd.DataFrame, fw: Framework, area_id: str) -> Drawn:
    """`area_mapping_model` with as many occupations and institutes drawn one by one as fit
    the page with their labels apart (the rest drawn together as one node each); the
    competencies are always drawn, so where they alone are too tall nothing is folded."""
    room = MAX_HEIGHT_IN - TOP_IN - BOTTOM_IN
    occupations, institutes = MAX_OCCUPATIONS, MAX_INSTITUTES
    while True:
        drawn = area_mapping_model(rows, fw, area_id, max_occupations=occupations,
                                   max_institutes=institutes)
        nodes = drawn.nodes
        height = {c: nodes.loc[nodes["column"] == c, "lines"].sum() * LINE_IN
                  + int((nodes["column"] == c).sum()) * MIN_GAP_IN for c in (0, 1)}
        taller = max(height, key=lambda c: (height[c], c))  # the occupations on a tie
        if height[taller] <= room:
            return drawn
        if taller == 1 and occupations > 2:
            occupations -= 1
        elif taller == 0 and institutes > 2:
            institutes -= 1
        else:  # that column cannot fold further
            return drawn


def area_mapping_figure(fw: Framework, area_id: str, out_dir: str | Path, *,
                        numbers: Numbers, source: str = "", name: str | None = None
                        ) -> SavedFigure:
    """Draw one area's institute-occupation-competency figure into
    `<out_dir>/<name>.svg` (default name `area-mapping-<area>`); the counts of its
    "other institutes" and "other occupations" nodes, where it draws them, recorded in
    `numbers`."""
    drawn = _fitting_model(area_institute_occupation_competency(fw, area_id), fw, area_id)
    nodes, edges = drawn.nodes, drawn.edges
    shown = [numbers.record(int(drawn.counts[f"{kind}_grouped"]), f"area_{kind}_grouped",
                            area=area_id)
             for kind in ("institutes", "occupations") if drawn.counts[f"{kind}_grouped"]]
    area_name = str(fw.technology_areas.set_index("area_id").at[area_id, "name"])
    cols = {c: nodes.loc[nodes["column"] == c] for c in (0, 1, 2)}
    top, bottom = TOP_IN, BOTTOM_IN
    gap = _gap([f["lines"].to_numpy() for f in cols.values()], MAX_HEIGHT_IN - top - bottom)
    span = max(_heights(f["lines"].to_numpy(), gap).sum() for f in cols.values())
    height = span + top + bottom
    width = FIGURE_WIDTH_IN
    xs = {0: X_INSTITUTE, 1: X_OCCUPATION, 2: X_COMPETENCY}
    y = pd.Series(0.0, index=nodes["node_id"])
    for frame in cols.values():
        centres = _centres(frame["lines"].to_numpy(), span, gap)
        y[frame["node_id"].to_numpy()] = height - top - centres
    x = nodes["column"].map(xs).to_numpy()
    with figure_style():
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.set_axis_off()
        order = edges.sort_values("width", ascending=False, kind="stable")
        src_x = np.where(order["kind"] == "institute-occupation", X_INSTITUTE, X_OCCUPATION_OUT)
        tgt_x = np.where(order["kind"] == "institute-occupation", X_OCCUPATION, X_COMPETENCY)
        src_y = y[order["source"]].to_numpy(copy=True)
        tgt_y = y[order["target"]].to_numpy(copy=True)
        src_key = order["source"] + "|" + order["kind"]
        tgt_key = order["target"] + "|" + order["kind"]
        # Ends stack side by side at institutes and occupations; at a competency, which can
        # gather hundreds of links, they fan in to the centre instead.
        src_y += stacked_ends(src_key, tgt_y, order["width"])
        fan_in = (order["kind"] == "occupation-competency").to_numpy()
        tgt_y += np.where(fan_in, 0.0, stacked_ends(tgt_key, src_y, order["width"]))
        ax.add_collection(LineCollection(
            list(s_curves(np.column_stack([src_x, src_y]), np.column_stack([tgt_x, tgt_y]))),
            colors=np.where(fan_in[:, None], rgba(order["colour"], OUT_ALPHA),
                            rgba(order["colour"], 0.55)),
            linewidths=order["width"].to_numpy(),
            linestyles=list(order["dash"]), capstyle="butt", zorder=1))
        yy = y[nodes["node_id"]].to_numpy()
        scatter_nodes(ax, x, yy, nodes["size"], nodes["colour"], nodes["marker"],
                      edgecolors="white", linewidths=0.6, zorder=3)
        occ = nodes["column"] == 1
        ax.hlines(yy[occ], X_OCCUPATION, X_OCCUPATION_OUT, colors="#DDDDDD", lw=0.6, zorder=0)
        wraps = {0: WRAP_INSTITUTE, 1: WRAP_OCCUPATION, 2: WRAP_COMPETENCY}
        for n, nx, ny in zip(rows_as(nodes, _Node), x, yy, strict=True):
            pad = 0.05 + np.sqrt(n.size) / 144
            text = wrap_label(n.label, wraps[n.column])
            left = n.column == 0
            ax.text(nx - pad if left else nx + pad, float(ny), text, ha="right" if left else "left",
                    va="center", fontsize=8, zorder=4,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
        for c, label in ((0, "Institutes"), (1, "Occupations"), (2, "Core competencies")):
            ax.text(xs[c], height - 0.2, label, ha="center" if c else "right", va="center",
                    fontsize=8, fontweight="bold")
    alt = area_mapping_alt(drawn, area_name)
    shape = size_shape(nodes["marker"])
    caption = (f"Institutes, occupations and competencies of the {area_name} technology"
               f" area, {fw.edition} edition: line width and {shape} area show connections"
               f" (links to competencies at half width); an institute's colour marks its links"
               f" and the occupations only it selected, grey those several selected."
               + (MODEL_LINKS if fw.is_reconstructed else ""))
    name = name or f"area-mapping-{area_id.replace('_', '-')}"
    return save_figure(fig, out_dir, name, caption=caption, alt=alt, source=source, drawn=drawn,
                       numbers=shown, published=True)


# in a reconstructed edition, which institute selected which occupation is the model's
MODEL_LINKS = " In this reconstructed edition the links are the model's choice."


def _undrawn(n: int) -> str:
    """The sentence on an area's institutes without connections, which the figure leaves
    out ("" for none)."""
    if not n:
        return ""
    return (f" {plural(n, 'other institute')} of the area made no connection and"
            f" {'is' if n == 1 else 'are'} not drawn.")


def _shared(n: int) -> str:
    """The sentence's end on the occupations drawn grey: selected by several institutes."""
    if not n:
        return "no occupation drawn was selected by several institutes."
    if n == 1:
        return ("1 occupation drawn was selected by several institutes and is grey, as are its"
                " links.")
    return (f"{n:,} occupations drawn were selected by several institutes and are grey, as are"
            " their links.")


def colour_name(colour: str) -> str:
    """A palette colour as words ("sky blue"), for alt text."""
    names = {hex_.casefold(): name.replace("_", " ") for name, hex_ in OKABE_ITO.items()}
    return names.get(colour.casefold(), "grey" if colour == NEUTRAL else colour)


def area_mapping_alt(drawn: Drawn, area_name: str) -> str:
    """Alt text for one area's mapping figure, from what it draws."""
    c, nodes = drawn.counts, drawn.nodes

    def top(kind: str, n: int, colour: bool = False) -> str:
        part = nodes.loc[nodes["kind"] == kind].sort_values(
            ["connections", "node_id"], ascending=[False, True]).head(n)
        return "; ".join(
            f"{r.label} ({r.connections:,}"
            + (f", {colour_name(r.colour)}{'' if r.dash == 'solid' else ', ' + r.dash}"
               if colour else "") + ")" for r in rows_as(part, _Listed))

    occ = nodes.loc[nodes["kind"] == "occupation"]
    shared = int((occ["colour"] == NEUTRAL).sum())
    shape = size_shape(nodes["marker"])
    return (
        f"Three-column diagram of the {area_name} technology area:"
        f" {plural(c['institutes'], 'institute')} on the left, linked to"
        f" {plural(c['occupations'], 'occupation')} in the middle, linked to"
        f" {plural(c['competencies'], 'core competency', 'core competencies')} on the right,"
        f" through {plural(c['connections'], 'connection')}; line width and {shape} area"
        f" show the number of connections, the links to competencies at half width."
        f"{_undrawn(c.get('institutes_without', 0))}"
        f" Each institute has its own colour, which its links share, and so do the"
        f" occupations only it selected and their links; {_shared(shared)}"
        f" Institutes: {top('institute', c['institutes'], colour=True)}."
        f" Occupations with the most connections: {top('occupation', 5)}. Competencies with"
        f" the most connections: {top('competency', 3)}."
    )
