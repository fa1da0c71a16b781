"""Figure 2 as an interactive figure on the web pages (the PDF keeps the static figure).

`network_explorer_data` turns what the static map draws (`network_map_model`) into a compact,
JSON-ready dict: the nodes with their names, technology areas, positions (SVG units, y down),
radii and colours, the edges between them, and the technology areas the reader can filter by.
`network_explorer_script` writes it as a JavaScript file that sets one global, so the site
reads it from file:// too, where fetch() of a JSON file is refused; the build puts it at
`EXPLORER_DATA` in the site. `network_explorer_markup` is the chapter's placeholder: a raw
HTML block (dropped from the PDF by both renderers) with the container and the script tags;
the site's own `network-explorer.js` (render/) draws the figure into it. Same edition, same
bytes: the layout is the static map's, the floats rounded, the keys sorted.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.present.escape import script_global
from competency_framework.present.exports import (
    DATA_DIR,
    competency_names,
    provenance,
    site_link,
)
from competency_framework.present.figures.common import (
    FIGURE_WIDTH_IN,
    NEUTRAL,
    rows_as,
    short_label,
    wrap_label,
)
from competency_framework.present.figures.network_map import (
    MAX_EDGES,
    R_ARC,
    network_map_model,
)

EXPLORER_DATA = f"{DATA_DIR}/figures/network-explorer.js"  # the data, from the site's root
EXPLORER_SCRIPT = "network-explorer.js"  # the code, a site asset (render/)
EXPLORER_STYLE = "network-explorer.css"
EXPLORER_GLOBAL = "NETWORK_EXPLORER"
SCALE = 1000.0  # SVG units per unit of the map (the KSA ring's radius)
# The static map is FIGURE_WIDTH_IN wide for 2.48 units: its sizes in points, as SVG units.
UNITS_PER_POINT = 2.48 * SCALE / (FIGURE_WIDTH_IN * 72)
KIND_NAMES = {"agency": "Sponsoring agency", "area": "Technology area",
              "institute": "Institute", "selection": "Occupation selection",
              "ksa": "Essential KSA", "competency_group": "Competency"}
# an edge is a list of these (area: a position in `areas`, -1 for none; kind: in `edge_kinds`)
EDGE_FIELDS = ("source", "target", "area", "kind", "connections", "width")
# edges whose first end is a tree node with one area; the nodes they reach share it
AREA_FROM_SOURCE = ("area-institute", "institute-selection")


class _Node(NamedTuple):
    """A row of `network_map_model`'s nodes, as read here."""

    node_id: str
    kind: str
    label: str
    connections: int
    x: float
    y: float
    size: float
    colour: str
    letter: str
    marker: str
    first_angle: float
    last_angle: float


class _Group(NamedTuple):
    """A competency group's row of `network_map_model`'s nodes: the arc of KSAs it labels."""

    node_id: str
    label: str
    first_angle: float
    last_angle: float


def _areas_of(nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[dict[str, list[str]], list[str]]:
    """Each node's technology areas (an area, institute or selection its own; an agency,
    KSA or competency those of the lines that reach it) and each edge's area ("" for none)."""
    own = {i: i.removeprefix("area:") for i in nodes.loc[nodes["kind"] == "area", "node_id"]}
    for kind in AREA_FROM_SOURCE:  # area -> institute, then institute -> selection
        part = edges.loc[edges["kind"] == kind]
        for s, t in zip(part["source"], part["target"], strict=True):
            if s in own:
                own[t] = own[s]
    edge_areas = [own.get(s) or own.get(t) or "" for s, t in
                  zip(edges["source"], edges["target"], strict=True)]
    found: dict[str, set[str]] = {i: set() for i in nodes["node_id"]}
    for s, t, a in zip(edges["source"], edges["target"], edge_areas, strict=True):
        if a:
            found.setdefault(s, set()).add(a)
            found.setdefault(t, set()).add(a)
    return ({i: [own[i]] if i in own else sorted(found[i]) for i in nodes["node_id"]},
            edge_areas)


def _rounded(value: float, digits: int = 1) -> float | int:
    """`value` rounded, as an int when whole (shorter JSON; -0.0 never written)."""
    out = round(float(value), digits)
    return int(out) if out == int(out) else out


def network_explorer_data(fw: Framework, *, max_edges: int = MAX_EDGES) -> dict[str, Any]:
    """What the interactive Figure 2 draws, JSON-ready and deterministic: `nodes` (id, kind,
    name, label drawn on the map, detail line, areas, x, y, r, connections, colour, letter),
    `edges` (lists of `EDGE_FIELDS`: source and target as positions in `nodes`, area,
    kind, connections, width), `areas` (id, name, colour: the filter's choices; a node's
    `areas` are positions in it), `kinds` (the node kinds' names), the edition and its data
    hash. Positions and sizes are in SVG units (`SCALE` per unit of the map, y down)."""
    drawn = network_map_model(fw, max_edges=max_edges)
    nodes, edges = drawn.nodes, drawn.edges
    areas_of, edge_areas = _areas_of(nodes, edges)
    agencies = dict(zip("agency:" + fw.agencies["agency_id"], fw.agencies["name"], strict=True))
    institutes = dict(zip("institute:" + fw.institutes["institute_id"], fw.institutes["name"],
                          strict=True))
    codes = dict(zip("ksa:" + fw.ksa_nodes["ksa_id"], fw.ksa_nodes["code"], strict=True))
    named = competency_names(fw)
    area_names = dict(zip(fw.technology_areas["area_id"], fw.technology_areas["name"],
                          strict=True))
    groups = nodes.loc[nodes["kind"] == "competency_group"]
    ksa = nodes["kind"] == "ksa"
    # a KSA's competency group: the arc of the ring its angle falls on
    group_of = pd.Series("", index=nodes.index)
    group_connections: dict[str, int] = {}
    for g in rows_as(groups, _Group):
        inside = ksa & (nodes["angle"] <= g.first_angle + 1e-9) & (
            nodes["angle"] >= g.last_angle - 1e-9)
        group_of[inside] = g.label
        group_connections[g.node_id] = int(nodes.loc[inside, "connections"].sum())
        if not areas_of[g.node_id]:  # its lines reach its KSAs, not the group
            areas_of[g.node_id] = sorted({a for i in nodes.loc[inside, "node_id"]
                                               for a in areas_of[i]})
    # the labels the static map draws: abbreviations where it abbreviates (its key)
    area_labels = drawn.extra.get("area_labels") or {}
    institute_labels = drawn.extra.get("institute_labels") or {}
    assert isinstance(area_labels, dict) and isinstance(institute_labels, dict)
    selection_institute = {t: s for s, t, k in zip(edges["source"], edges["target"],
                                                     edges["kind"], strict=True)
                           if k == "institute-selection"}

    out_nodes: list[dict[str, Any]] = []
    for row, group in zip(rows_as(nodes, _Node), group_of, strict=True):
        node_id, kind, label = row.node_id, row.kind, row.label
        name, drawn_label, detail = label, "", ""
        connections = int(row.connections)
        if kind == "agency":
            name, drawn_label = agencies.get(node_id, label), short_label(label)
        elif kind == "area":
            drawn_label = wrap_label(str(area_labels.get(node_id.removeprefix("area:"), label)),
                                     12)  # lines: "\n"
        elif kind == "institute":
            drawn_label = str(institute_labels.get(node_id.removeprefix("institute:"), label))
            detail = area_names.get((areas_of[node_id] or [""])[0], "")
        elif kind == "selection":
            detail = institutes.get(selection_institute.get(node_id, ""), "")
        elif kind == "ksa":
            detail = " in ".join(filter(None, [codes.get(node_id, ""), named.get(group, group)]))
        elif kind == "competency_group":
            name, drawn_label = named.get(label, label), short_label(label)
            connections = group_connections.get(node_id, 0)
        radius = math.sqrt(max(row.size, 0.0)) / 2 * UNITS_PER_POINT
        out_nodes.append({
            "id": node_id, "kind": kind, "name": name, "label": drawn_label,
            "detail": detail, "areas": areas_of[node_id],
            "x": _rounded(row.x * SCALE), "y": _rounded(-row.y * SCALE),
            "r": _rounded(radius, 2), "connections": connections,
            "colour": row.colour, "marker": row.marker, "letter": row.letter})
        if kind == "competency_group":  # the arc of the ring it labels, clockwise (radians)
            out_nodes[-1]["arc"] = [_rounded(row.first_angle, 4), _rounded(row.last_angle, 4)]
    position = {n["id"]: i for i, n in enumerate(out_nodes)}
    area_rows = nodes.loc[nodes["kind"] == "area"]
    out_areas = [{"id": i.removeprefix("area:"), "name": str(n), "colour": str(c)}
                 for i, n, c in zip(area_rows["node_id"], area_rows["label"],
                                    area_rows["colour"], strict=True)]
    area_index = {a["id"]: i for i, a in enumerate(out_areas)}
    for n in out_nodes:
        n["areas"] = [area_index[a] for a in n["areas"] if a in area_index]
    kinds = sorted({"link" if str(k).startswith("connection") else str(k)
                    for k in edges["kind"]})
    out_edges = [
        [position[s], position[t], area_index.get(a, -1),
         kinds.index("link" if str(k).startswith("connection") else str(k)), int(n),
         _rounded(w * UNITS_PER_POINT, 2)]
        for s, t, a, k, n, w in zip(edges["source"], edges["target"], edge_areas,
                                    edges["kind"], edges["connections"], edges["width"],
                                    strict=True)
        if s in position and t in position]
    return {"edition": fw.edition, "data_hash": fw.data_hash,
            "reconstructed": fw.is_reconstructed, "note": provenance(fw)["note"],
            "edge_level": str(drawn.extra["edge_level"]), "kinds": KIND_NAMES,
            "neutral": NEUTRAL, "areas": out_areas, "nodes": out_nodes,
            "edge_kinds": kinds, "edge_fields": list(EDGE_FIELDS), "edges": out_edges,
            "rings": {"ksa": _rounded(SCALE), "arc": _rounded(R_ARC * SCALE)}}


def script_text(value: Any, name: str = EXPLORER_GLOBAL) -> str:
    """`value` as the JavaScript file that sets `window.<name>` (`escape.script_global`)."""
    return script_global(name, value)


def network_explorer_script(fw: Framework) -> str:
    """The data file of the interactive Figure 2 (`EXPLORER_DATA`): `network_explorer_data`
    as JavaScript."""
    return script_text(network_explorer_data(fw))


def network_explorer_markup() -> str:
    """The interactive Figure 2's place in a chapter (Markdown: a raw HTML block, which the
    PDF leaves out): a container showing a short message until `network-explorer.js` draws
    the figure into it from the data file, and the scripts and style it needs."""
    return (
        "```{=html}\n"
        '<div class="network-explorer">\n'
        '<p class="nx-message">An interactive version of this figure opens here on the'
        " report's website, with JavaScript on.</p>\n"
        "</div>\n"
        f'<link rel="stylesheet" href="{site_link(EXPLORER_STYLE)}">\n'
        f'<script src="{site_link(EXPLORER_DATA)}"></script>\n'
        f'<script src="{site_link(EXPLORER_SCRIPT)}"></script>\n'
        "```\n"
    )
