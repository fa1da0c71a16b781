"""Figure 2, the node-linkage map: every connection between essential KSAs and the occupation
selections of the institutes, with the institutes' technology areas and sponsoring agencies.

Layout (deterministic, linear in the edition's size, no force simulation): concentric rings.
Agencies sit at the centre, technology areas around them, then institutes, then occupation
selections, each area owning one sector (its width set by its selections); the KSAs form the
outer ring, grouped by competency in tree order. Circle area is proportional to connections on
one scale for every kind of node. Connections run as spirals through the band between the
selections and the KSAs, coloured by technology area; where there are too many to see one by
one they are drawn aggregated (per institute and KSA, per area and KSA, or per area and
competency), each line as wide as the connections it stands for. The ten most selected KSAs
carry the letters A-J, explained in a key under the map.

Labels: every agency, area, institute, competency group and letter is labelled, each placed
(`_Placer`) at the first of its candidate places where, as drawn, it overlaps no other text,
no node but its own, no ring line and not the map's edge: institutes along their radius
(moved outwards or turned a little, with a hairline to the node, where a neighbour is in the
way), areas by their node, competency codes and letters round the ring. Past `NAMED_AREAS`
areas the areas, and any institute name longer than `INSTITUTE_LABEL_CHARS` (fewer when the
institutes are many), carry abbreviations made from their names, which the key spells out;
a long key is set in 7 pt, then its statements cut to a line each, before the map shrinks.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from competency_framework.edition.framework import Framework
from competency_framework.present.figures.common import (
    FIGURE_MAX_HEIGHT_IN,
    FIGURE_WIDTH_IN,
    HALO,
    NEUTRAL,
    RASTERIZE_OVER,
    CaptionPart,
    Drawn,
    SavedFigure,
    area_colours,
    area_markers,
    counted,
    figure_style,
    quads_apart,
    rgba,
    rows_as,
    save_figure,
    scaled,
    scatter_nodes,
    short_label,
    size_shape,
    text_corners,
    wrap_label,
)
from competency_framework.present.numbers import Numbers, PrintedNumber
from competency_framework.present.prose import plural
from competency_framework.statistics.areas import area_institutes, area_overview
from competency_framework.statistics.competencies import code_sort_key
from competency_framework.statistics.connections import connections_by, selection_connections
from competency_framework.statistics.network import ksa_reach, most_selected_ksas

# Radii of the rings, the KSA ring being 1.
R_AGENCY, R_AREA, R_INSTITUTE, R_SELECTION, R_KSA = 0.11, 0.27, 0.47, 0.86, 1.0
R_AREA_LABEL = 0.37
R_ARC, R_LETTER, R_GROUP = 1.04, 1.09, 1.165  # competency arcs, letters, competency codes
MAX_EDGES = 2500  # more lines than this are aggregated to a coarser level
MAX_NODE_AREA = 500.0  # pt², the node with the most connections
MIN_NODE_AREA = 2.0
MAX_EDGE_WIDTH, MIN_EDGE_WIDTH = 3.0, 0.3
INSTITUTE_LABEL_CHARS = 13  # longer institute names are abbreviated, explained in the key
CROWDED_INSTITUTES, CROWDED_LABEL_CHARS = 24, 8  # ... past this many institutes, this long
NAMED_AREAS = 7  # more areas than this are labelled with abbreviations, explained in the key
LETTERED = 10  # the most selected KSAs the map letters (the published report's top ten)
# Beyond these, single circles could not be told apart: only the KSAs with the most
# connections are drawn one by one (the rest sit on the ring line); selections are not drawn,
# and institutes neither (agencies then link to areas, by their institutes' connections).
MAX_KSA_NODES, MAX_SELECTION_NODES, MAX_INSTITUTE_NODES = 2000, 1500, 600
# Edge levels, finest first: (name, keys of connections_by, source node prefix, target)
EDGE_LEVELS = (
    ("selection", ["institute_id", "occupation_id", "ksa_id"]),
    ("institute", ["institute_id", "ksa_id"]),
    ("area", ["area_id", "ksa_id"]),
    ("area-competency", ["area_id", "competency"]),
)


@dataclass(frozen=True)
class NetworkMapKey:
    """One lettered KSA of the key."""

    letter: str
    ksa_id: str
    statement: str
    code: str
    connections: int
    institutes: int


class _Ranked(NamedTuple):
    """A row of `statistics.network.most_selected_ksas`."""

    letter: str
    ksa_id: str
    statement: str
    code: str
    connections: int
    institutes: int


class _Node(NamedTuple):
    """A row of `network_map_model`'s nodes."""

    node_id: str
    label: str
    x: float
    y: float
    angle: float
    letter: str


class _Group(NamedTuple):
    """A competency group's row of `network_map_model`'s nodes: the arc it labels."""

    first_angle: float
    last_angle: float


def _key(drawn: Drawn) -> list[NetworkMapKey]:
    """The lettered KSAs of a network map (`network_map_model`'s `extra["key"]`)."""
    key = drawn.extra["key"]
    if not isinstance(key, list):
        raise TypeError(f"a network map's key is a list of NetworkMapKey, not {key!r}")
    return key


def agency_abbreviation(name: str) -> str:
    """A short label for an agency name: initials, small words kept small ("Department of
    Defense" -> "DoD")."""
    words = name.split()
    return "".join(w[0] if w[0].islower() else w[0].upper() for w in words) or name


SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "&"}


def area_abbreviations(names: list[str]) -> list[str]:
    """A short label for each area name, unique among them: the initials of its words
    ("Quantum Sensing" -> "QS"), the first three letters of a single word ("Batteries" ->
    "Bat"; an acronym kept as written), more letters of each word in turn where two are
    alike, and a number after those that are still alike (duplicate names)."""
    words = [[w for w in re.split(r"[\s/-]+", n.strip()) if w and w.lower() not in SMALL_WORDS]
             or n.split() or ["?"] for n in names]

    def label(ws: list[str], extra: int) -> str:
        if len(ws) == 1:
            w = ws[0]
            return w if w.isupper() and len(w) <= 5 else w[0].upper() + w[1:3 + extra]
        # extra letters go to each word in turn, last word first
        more = [extra // len(ws) + (1 if k < extra % len(ws) else 0)
                for k in range(len(ws))][::-1]
        return "".join(w[0].upper() + w[1:1 + m] for w, m in zip(ws, more, strict=True))

    out = [label(w, 0) for w in words]
    for extra in range(1, 4):  # a few more letters where two are alike
        clashes = _alike(out)
        if not clashes:
            break
        for i in clashes:
            out[i] = label(words[i], extra)
    seen: dict[str, int] = {}
    for i in _alike(out):  # still alike: numbered in order
        seen[out[i].lower()] = seen.get(out[i].lower(), 0) + 1
        out[i] = f"{out[i]}{seen[out[i].lower()]}"
    return out


def institute_abbreviations(names: list[str], limit: int = INSTITUTE_LABEL_CHARS
                            ) -> list[str]:
    """A label for each institute name, unique among them: the name itself (on one line)
    where it has at most `limit` characters, else the initials of its words, small words
    left out and numbers kept whole ("American Advanced Composites Institute 26" ->
    "AACI26"); where two are alike, more letters of the first word ("AmQSH", "ApQSH"), and
    a number after those still alike."""
    shorts = [" ".join(short_label(n).split()) for n in names]
    words = [[w for w in re.split(r"[\s/-]+", n) if w and w[0].isalnum()
              and w.lower() not in SMALL_WORDS] for n in shorts]

    def label(i: int, extra: int) -> str:
        if len(shorts[i]) <= limit or not words[i]:
            return shorts[i][:limit]
        ws = words[i]
        head = ws[0] if ws[0].isdigit() else ws[0][0].upper() + ws[0][1:1 + extra]
        return (head + "".join(w if w.isdigit() else w[0].upper() for w in ws[1:]))[:limit]

    out = [label(i, 0) for i in range(len(names))]
    for extra in range(1, 3):
        for i in _alike(out):
            if len(shorts[i]) > limit:
                out[i] = label(i, extra)
    seen: dict[str, int] = {}
    for i in _alike(out):
        seen[out[i].lower()] = seen.get(out[i].lower(), 0) + 1
        out[i] = f"{out[i][:limit - 3]}-{seen[out[i].lower()]}"
    return out


def _alike(labels: list[str]) -> list[int]:
    """The positions of the labels another one equals (case aside)."""
    count: dict[str, int] = {}
    for a in labels:
        count[a.lower()] = count.get(a.lower(), 0) + 1
    return [i for i, a in enumerate(labels) if count[a.lower()] > 1]


def _angles(slots: np.ndarray, total: float) -> np.ndarray:
    """Clockwise from the top: slot positions (0..total) as angles in radians."""
    return np.pi / 2 - 2 * np.pi * slots / total


def _ksa_ring(fw: Framework) -> pd.DataFrame:
    """KSAs in ring order with their group (competency, or tier for KSAs on a tier root)."""
    reach = ksa_reach(fw)
    group = reach["competency"].where(reach["competency"] != "", reach["tier"].astype(str))
    sub = reach["sub_competency"].where(reach["sub_competency"] != "", reach["code"])
    out = reach.assign(group=group, _g=_tree_rank(group), _s=_tree_rank(sub))
    out = out.sort_values(["_g", "_s", "connections", "ksa_id"],
                          ascending=[True, True, False, True], ignore_index=True)
    gap = max(1.5, 0.008 * len(out))  # empty slots between groups
    new_group = np.array(out["group"] != out["group"].shift())
    new_group[0] = False
    slot = np.arange(len(out)) + gap * np.cumsum(new_group) + 0.5
    total = len(out) + gap * (new_group.sum() + 1)
    out["angle"] = _angles(slot, total)
    return out.drop(columns=["_g", "_s"])


def _tree_rank(codes: pd.Series) -> np.ndarray:
    """Each code's position in tree order among the distinct codes (sorting each code once)."""
    distinct = pd.Series(codes.unique())
    ordered = distinct.iloc[np.argsort(code_sort_key(distinct).to_numpy(), kind="stable")]
    return codes.map(pd.Series(np.arange(len(ordered)), index=ordered.to_numpy())).to_numpy()


def _sectors(fw: Framework, with_selections: bool = True
             ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Areas, institutes and (`with_selections`) selections placed in area sectors (angles),
    clockwise from top; each institute as wide as its selections."""
    inst = area_institutes(fw)  # areas by name, institutes by name
    if with_selections:
        sel = selection_connections(fw)
    else:
        sel = pd.DataFrame(columns=["institute_id", "occupation_id", "title", "area_id",
                                    "agency_id", "connections"])
    sel = sel.assign(_t=sel["title"].str.casefold())
    order = pd.Series(range(len(inst)), index=inst["institute_id"])
    sel = sel.assign(_i=sel["institute_id"].map(order))
    sel = sel.sort_values(["_i", "_t", "occupation_id"], ignore_index=True)
    per_inst = fw.institute_occupations["institute_id"].value_counts().reindex(
        inst["institute_id"], fill_value=0)
    width = np.maximum(per_inst.to_numpy(), 1).astype(float)  # slots per institute
    area_gap, inst_gap = 2.0, 0.6
    new_area = np.array(inst["area_id"] != inst["area_id"].shift())
    new_area[0] = False
    start = np.concatenate([[0.0], np.cumsum(width)[:-1]])
    start += inst_gap * np.arange(len(inst)) + area_gap * np.cumsum(new_area)
    total = float(start[-1] + width[-1] + area_gap) if len(inst) else 1.0
    inst = inst.assign(angle=_angles(start + width / 2, total), _start=start)
    first = pd.Series(start, index=inst["institute_id"])
    rank = sel.groupby("institute_id").cumcount().to_numpy()
    sel["angle"] = _angles(sel["institute_id"].map(first).to_numpy() + rank + 0.5, total)
    areas = inst.groupby("area_id", sort=False).agg(
        name=("area_name", "first"), _a0=("_start", "min"),
        _a1=("_start", "max"), _w=("institute_id", "size"),
    ).reset_index()
    last_width = inst.groupby("area_id", sort=False)["_start"].idxmax()
    end = (inst.loc[last_width.to_numpy(), "_start"].to_numpy()
           + width[last_width.to_numpy()])
    areas["angle"] = _angles((areas["_a0"].to_numpy() + end) / 2, total)
    return (areas[["area_id", "name", "angle"]], inst.drop(columns="_start"),
            sel.drop(columns=["_t", "_i"]))


def _xy(radius: float | np.ndarray, angle: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return radius * np.cos(angle), radius * np.sin(angle)


def network_map_model(fw: Framework, *, max_edges: int = MAX_EDGES,
                      letters: int = LETTERED) -> Drawn:
    """What Figure 2 draws: nodes (agencies, areas, institutes, selections, KSAs, and the
    competency group labels), edges (the tree of agencies/areas -> institutes -> selections,
    and the connections at the finest level with at most `max_edges` lines); `extra` holds
    `edge_level` (that level) and `key` (the `letters` most selected KSAs, `NetworkMapKey`s)."""
    colours = area_colours(fw.technology_areas["area_id"])
    markers = area_markers(fw.technology_areas["area_id"])
    with_sel = len(fw.institute_occupations) <= MAX_SELECTION_NODES
    with_inst = len(fw.institutes) <= MAX_INSTITUTE_NODES
    areas, inst, sel = _sectors(fw, with_sel and with_inst)
    ring = _ksa_ring(fw)
    top = most_selected_ksas(fw, letters)
    letter_of = dict(zip(top["ksa_id"], top["letter"], strict=True))
    inst_conn = connections_by(fw, ["institute_id"]).set_index("institute_id")["connections"]
    agency_conn = connections_by(fw, ["agency_id"]).set_index("agency_id")["connections"]
    area_conn = area_overview(fw).set_index("area_id")["connections"]

    agencies = fw.agencies.sort_values("agency_id", ignore_index=True)
    agency_angle = _angles(np.arange(len(agencies)), max(len(agencies), 1))
    frames = []

    def add(kind, ids, labels, conns, radius, angle, colour, letter="", marker="o"):
        x, y = _xy(radius, np.asarray(angle, dtype=float))
        frames.append(pd.DataFrame({
            "node_id": [f"{kind}:{i}" for i in ids], "kind": kind, "label": list(labels),
            "connections": np.asarray(conns, dtype="int64"), "x": x, "y": y,
            "angle": np.asarray(angle, dtype=float), "colour": colour, "letter": letter,
            "marker": marker,
        }))

    add("agency", agencies["agency_id"], agencies["name"].map(agency_abbreviation),
        agencies["agency_id"].map(agency_conn).fillna(0), R_AGENCY, agency_angle, NEUTRAL)
    add("area", areas["area_id"], areas["name"], areas["area_id"].map(area_conn).fillna(0),
        R_AREA, areas["angle"], areas["area_id"].map(colours).tolist(),
        marker=areas["area_id"].map(markers).tolist())
    drawn_inst = inst if with_inst else inst.iloc[:0]
    add("institute", drawn_inst["institute_id"], drawn_inst["institute_name"],
        drawn_inst["institute_id"].map(inst_conn).fillna(0), R_INSTITUTE, drawn_inst["angle"],
        drawn_inst["area_id"].map(colours).tolist(),
        marker=drawn_inst["area_id"].map(markers).tolist())
    add("selection", sel["institute_id"] + "/" + sel["occupation_id"], sel["title"],
        sel["connections"], R_SELECTION, sel["angle"], sel["area_id"].map(colours).tolist(),
        marker=sel["area_id"].map(markers).tolist())
    add("ksa", ring["ksa_id"], ring["statement"], ring["connections"], R_KSA, ring["angle"],
        NEUTRAL, ring["ksa_id"].map(letter_of).fillna("").tolist())
    nodes = pd.concat(frames, ignore_index=True)
    nodes["size"] = scaled(nodes["connections"], MAX_NODE_AREA, smallest=MIN_NODE_AREA)
    groups = ring.groupby("group", sort=False)["angle"].agg(["first", "last"]).reset_index()
    gx, gy = _xy(R_GROUP, (groups["first"] + groups["last"]).to_numpy() / 2)
    group_nodes = pd.DataFrame({
        "node_id": "group:" + groups["group"], "kind": "competency_group",
        "label": groups["group"], "connections": 0, "x": gx, "y": gy,
        "angle": (groups["first"] + groups["last"]) / 2, "colour": NEUTRAL, "letter": "",
        "marker": "o", "size": 0.0, "first_angle": groups["first"], "last_angle": groups["last"],
    })
    nodes = pd.concat([nodes, group_nodes], ignore_index=True)

    if with_inst:
        tree = pd.concat([
            pd.DataFrame({"source": "agency:" + inst["agency_id"],
                          "target": "institute:" + inst["institute_id"],
                          "kind": "agency-institute", "colour": NEUTRAL}),
            pd.DataFrame({"source": "area:" + inst["area_id"],
                          "target": "institute:" + inst["institute_id"],
                          "kind": "area-institute", "colour": inst["area_id"].map(colours)}),
        ], ignore_index=True)
        tree["connections"] = tree["target"].str.removeprefix("institute:").map(inst_conn)
        tree["connections"] = tree["connections"].fillna(0).astype("int64")
    else:
        pairs = connections_by(fw, ["agency_id", "area_id"])
        tree = pd.DataFrame({"source": "agency:" + pairs["agency_id"],
                             "target": "area:" + pairs["area_id"], "kind": "agency-area",
                             "colour": NEUTRAL, "connections": pairs["connections"]})
    sel_tree = pd.DataFrame({
        "source": "institute:" + sel["institute_id"],
        "target": "selection:" + sel["institute_id"] + "/" + sel["occupation_id"],
        "kind": "institute-selection", "colour": sel["area_id"].map(colours),
        "connections": sel["connections"].astype("int64"),
    })
    links, level = _connection_edges(fw, max_edges, colours, with_sel and with_inst, with_inst)
    edges = pd.concat([tree, sel_tree, links], ignore_index=True)
    edges["width"] = scaled(edges["connections"], MAX_EDGE_WIDTH, smallest=MIN_EDGE_WIDTH,
                            reference=float(edges["connections"].max()) if len(edges) else 0)
    edges = _with_geometry(edges, nodes)
    nodes = _thinned(nodes)
    key = [NetworkMapKey(r.letter, r.ksa_id, r.statement, r.code, int(r.connections),
                         int(r.institutes)) for r in rows_as(top, _Ranked)]
    counts = {
        "agencies": len(agencies), "areas": len(areas), "institutes": len(inst),
        "institutes_drawn": int((nodes["kind"] == "institute").sum()),
        "selections": len(fw.institute_occupations), "ksas": len(ring),
        "ksas_drawn": int((nodes["kind"] == "ksa").sum()),
        "selections_drawn": int((nodes["kind"] == "selection").sum()),
        "connections": len(fw.essential_ksas),
        "competency_groups": len(groups), "connection_lines": len(links),
    }
    names = areas["name"].astype(str).tolist()
    abbreviated = len(names) > NAMED_AREAS
    area_labels = dict(zip(areas["area_id"], area_abbreviations(names) if abbreviated
                           else names, strict=True))
    institute_labels = dict(zip(inst["institute_id"], institute_abbreviations(
        inst["institute_name"].astype(str).tolist(), INSTITUTE_LABEL_CHARS
        if len(inst) <= CROWDED_INSTITUTES else CROWDED_LABEL_CHARS), strict=True))
    return Drawn(nodes, edges, counts, {"edge_level": level, "key": key,
                                        "area_labels": area_labels,
                                        "areas_abbreviated": abbreviated,
                                        "institute_labels": institute_labels})


RADIUS = {"agency": R_AGENCY, "area": R_AREA, "institute": R_INSTITUTE,
          "selection": R_SELECTION, "ksa": R_KSA, "competency_group": R_KSA}


def _with_geometry(edges: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """`edges` with polar ends: r0, a0 (source) and r1, a1 (target)."""
    where = nodes.set_index("node_id")[["kind", "angle"]]
    src, tgt = where.loc[edges["source"]], where.loc[edges["target"]]
    return edges.assign(
        r0=src["kind"].map(RADIUS).to_numpy(), a0=src["angle"].to_numpy(),
        r1=tgt["kind"].map(RADIUS).to_numpy(), a1=tgt["angle"].to_numpy(),
    )


def _thinned(nodes: pd.DataFrame) -> pd.DataFrame:
    """`nodes` without the KSAs beyond the `MAX_KSA_NODES` with the most connections."""
    drop = np.zeros(len(nodes), dtype=bool)
    ksa = nodes.loc[nodes["kind"] == "ksa"]
    if len(ksa) > MAX_KSA_NODES:
        keep = ksa.sort_values(["connections", "node_id"], ascending=[False, True],
                               kind="stable").index[:MAX_KSA_NODES]
        drop |= nodes.index.isin(ksa.index.difference(keep))
    return nodes.loc[~drop].reset_index(drop=True)


def _connection_edges(fw: Framework, max_edges: int, colours: dict[str, str],
                      with_selections: bool = True, with_institutes: bool = True
                      ) -> tuple[pd.DataFrame, str]:
    """The connections as lines at the finest level that keeps them at most `max_edges`
    (from selections or institutes only when those are drawn)."""
    for level, keys in EDGE_LEVELS:
        if level == "selection" and (len(fw.essential_ksas) > max_edges or not with_selections):
            continue
        if level == "institute" and not with_institutes:
            continue
        counts = connections_by(fw, keys)
        if len(counts) > max_edges and level != EDGE_LEVELS[-1][0]:
            continue
        break
    if level == "selection":
        source = "selection:" + counts["institute_id"] + "/" + counts["occupation_id"]
        area = counts["institute_id"].map(fw.institutes.set_index("institute_id")["area_id"])
    elif level == "institute":
        source = "institute:" + counts["institute_id"]
        area = counts["institute_id"].map(fw.institutes.set_index("institute_id")["area_id"])
    else:
        source = "area:" + counts["area_id"]
        area = counts["area_id"]
    if level == "area-competency":
        target = "group:" + counts["competency"]
    else:
        target = "ksa:" + counts["ksa_id"]
    out = pd.DataFrame({"source": source, "target": target, "kind": f"connection:{level}",
                        "colour": area.map(colours), "connections": counts["connections"]})
    return out, level


def _spirals(start: np.ndarray, end: np.ndarray, steps: int = 16) -> np.ndarray:
    """Paths from polar points `start` (r, angle) to `end`, angle turning the short way while
    the radius grows: lines that stay in the band between two rings."""
    t = np.linspace(0.0, 1.0, steps)
    turn = (end[:, 1] - start[:, 1] + np.pi) % (2 * np.pi) - np.pi
    r = start[:, :1] + (end[:, :1] - start[:, :1]) * t
    ease = t * t * (3 - 2 * t)
    a = start[:, 1:2] + turn[:, None] * ease
    return np.stack([r * np.cos(a), r * np.sin(a)], axis=-1)


def _spread(angles: np.ndarray, min_gap: float) -> np.ndarray:
    """Angles nudged apart so that neighbours are at least `min_gap` apart (order kept)."""
    order = np.argsort(-angles, kind="stable")  # clockwise
    placed = angles[order].copy()
    for i in range(1, len(placed)):
        placed[i] = min(placed[i], placed[i - 1] - min_gap)
    shift = (angles[order] - placed).mean() if len(placed) else 0.0
    out = np.empty_like(placed)
    out[order] = placed + shift / 2
    return out


@dataclass
class NetworkMapDrawing:
    """Figure 2 drawn, not yet saved: the figure, its model, each label with the node it names
    (the texts of the key name none), and the numbers its legend and key print."""

    fig: Figure
    drawn: Drawn
    labels: list[tuple[Text, str]]
    numbers: list[PrintedNumber]


KEY_PT, KEY_LINE_IN, KEY_CHARS = 8.0, 0.14, 104  # the key's type, leading, characters a line
SMALL_KEY_PT, SMALL_KEY_LINE_IN, SMALL_KEY_CHARS = 7.0, 0.112, 112  # ... where space is short
MIN_MAP_IN = 5.4  # a longer key is set smaller, then cut, before the map shrinks below this


def draw_network_map(fw: Framework, *, numbers: Numbers,
                     max_edges: int = MAX_EDGES) -> NetworkMapDrawing:
    """Figure 2 for `fw`, drawn (the counts its legend and key draw recorded in `numbers`):
    the map above, its legend and key below; every label placed where it overlaps no other
    text and no other node (`_Placer`)."""
    drawn = network_map_model(fw, max_edges=max_edges)
    nodes, edges = drawn.nodes, drawn.edges
    (legend_text, legend_numbers), (entries, key_numbers) = (
        _legend_text(drawn, numbers), _key_entries(_key(drawn), numbers))
    width = FIGURE_WIDTH_IN
    for tier in ((KEY_PT, KEY_LINE_IN, KEY_CHARS, False),
                 (SMALL_KEY_PT, SMALL_KEY_LINE_IN, SMALL_KEY_CHARS, False),
                 (SMALL_KEY_PT, SMALL_KEY_LINE_IN, SMALL_KEY_CHARS, True)):
        key_pt, line_h, chars, crowded = tier
        legend = textwrap.wrap(legend_text, chars)
        # crowded: a line each, statements cut (the top ten's table has them in full)
        key_lines = [(k if i == 0 else "", line) for k, statement, rest in entries
                     for i, line in enumerate(textwrap.wrap(
                         (short_label(statement, max(chars - 4 - len(rest), 12)) if crowded
                          else statement) + rest, chars - 4))]
        key_h = 0.42 + line_h * (len(legend) + len(key_lines)) + 0.08
        map_h = min(width * 2.44 / 2.48, FIGURE_MAX_HEIGHT_IN - key_h)  # the ring shrinks
        if map_h >= MIN_MAP_IN:
            break
    total = map_h + key_h
    with figure_style():
        fig = plt.figure(figsize=(width, total))
        ax = fig.add_axes((0, key_h / total, 1, map_h / total))
        ax.set_xlim(-1.24, 1.24)
        ax.set_ylim(-1.22, 1.22)
        ax.set_aspect("equal")
        ax.set_axis_off()
        _draw_edges(ax, edges)
        _draw_nodes(ax, nodes)
        labels = _draw_labels(ax, nodes, _area_labels(drawn), _institute_labels(drawn))
        kx = fig.add_axes((0, 0, 1, key_h / total))
        kx.set_axis_off()
        kx.set_xlim(0, width)
        kx.set_ylim(0, key_h)
        _draw_size_legend(kx, nodes, width, key_h)
        y = key_h - 0.4
        for i, line in enumerate(legend):
            kx.text(0.1, y - line_h * i, line, fontsize=key_pt, va="top", color="#222222")
        y -= line_h * len(legend) + 0.08
        for letter, line in key_lines:
            if letter:
                kx.text(0.1, y, letter, fontsize=key_pt, va="top", fontweight="bold")
            kx.text(0.3, y, line, fontsize=key_pt, va="top", color="#222222")
            y -= line_h
    return NetworkMapDrawing(fig, drawn, labels, [*legend_numbers, *key_numbers])


def network_map_figure(fw: Framework, out_dir: str | Path, *, numbers: Numbers,
                       source: str = "", name: str = "network-map",
                       max_edges: int = MAX_EDGES) -> SavedFigure:
    """Draw Figure 2 for `fw` into `<out_dir>/<name>.svg`; returns the `SavedFigure`
    (its `drawn` is `network_map_model`'s), the counts its legend and key draw recorded in
    `numbers`."""
    drawing = draw_network_map(fw, numbers=numbers, max_edges=max_edges)
    drawn, nodes = drawing.drawn, drawing.drawn.nodes
    alt = network_map_alt(drawn)
    connections = numbers.record(drawn.counts["connections"], "connections_total")
    # the published report's form where it bounds a count the model chose: "over 1,200
    # connections (1,250† in this edition)"
    bound = numbers.bound(connections)
    through: tuple[CaptionPart, ...] = (
        counted(connections, "connection") if bound is None else
        ("over ", *counted(bound, "connection"), " (", connections, " in this edition)"))
    caption: tuple[CaptionPart, ...] = (
        f"Node-linkage map of the {fw.edition} edition: essential KSAs linking technology"
        " areas, institutes, occupation selections and sponsoring agencies through ",
        *through,
        f". {size_shape(nodes['marker']).capitalize()} area shows the number of connections;"
        " the most selected KSAs are lettered.")
    return save_figure(drawing.fig, out_dir, name, caption=caption, alt=alt, source=source,
                       drawn=drawn, numbers=drawing.numbers, published=True)


def _draw_size_legend(kx, nodes: pd.DataFrame, width: float, key_h: float) -> None:
    """Three reference circles on the nodes' scale, e.g. 10, 50 and 200 connections."""
    drawn = nodes.loc[nodes["kind"] != "competency_group"]
    top = int(drawn["connections"].max()) if len(drawn) else 0
    if top <= 0:
        return
    ref = drawn.loc[drawn["connections"] == top, "size"].iloc[0] / top
    values = sorted({v for v in _nice_steps(top)})
    x, y = 0.1, key_h - 0.2
    kx.text(x, y, f"{size_shape(nodes['marker']).capitalize()} area: connections", fontsize=8,
            va="center")
    x += 1.65
    for v in values:
        kx.scatter([x], [y], s=[max(v * ref, MIN_NODE_AREA)], color=NEUTRAL,
                   edgecolors="white", linewidths=0.4)
        kx.text(x + 0.05 + np.sqrt(v * ref) / 144, y, f"{v:,}", fontsize=8, va="center")
        x += 0.75


def _nice_steps(top: int) -> list[int]:
    """Up to three round numbers at or below `top` (1, 2 or 5 times a power of ten)."""
    nice = [m * 10**e for e in range(0, len(str(top)) + 1) for m in (1, 2, 5)]
    below = [n for n in nice if n <= top]
    return below[-1:-6:-2][::-1] if len(below) >= 5 else below[-3:]


def _legend_text(drawn: Drawn, numbers: Numbers) -> tuple[str, list[PrintedNumber]]:
    """What the rings and lines show, saying so where a scale too large to draw one by one
    left institutes, selections or KSAs out, and what the abbreviated labels stand for; and
    the counts it says that with (recorded in `numbers`)."""
    c, level = drawn.counts, str(drawn.extra["edge_level"])
    shown: list[PrintedNumber] = []

    def count(n: PrintedNumber, singular: str) -> str:
        shown.append(n)
        return plural(int(n.value), singular, shown=n.label)

    rings = ["sponsoring agencies", "technology areas"]
    if c["institutes_drawn"]:
        rings.append("institutes")
    if c["selections_drawn"]:
        rings.append("their occupation selections")
    rings.append("the essential KSAs grouped by competency (codes around the ring)")
    text = "From the centre out: " + ", ".join(rings[:-1]) + ", and " + rings[-1] + "."
    left_out = []
    if not c["institutes_drawn"]:
        institutes = count(numbers.record(c["institutes"], "institutes_total"), "institute")
        left_out.append(f"the {institutes} (agencies link to areas by their institutes'"
                        " connections)")
    elif not c["selections_drawn"]:
        selections = count(numbers.record(c["selections"], "occupation_selections"),
                           "occupation selection")
        left_out.append(f"the {selections}")
    if c["ksas_drawn"] < c["ksas"]:
        ksas = count(numbers.record(c["ksas_drawn"], "network_map_ksas_drawn"), "KSA")
        left_out.append(f"all but the {ksas} with the most connections (the rest sit on the"
                        " ring line)")
    if left_out:
        text += " Too many to draw one by one: " + "; ".join(left_out) + "."
    if level == "selection":
        text += (" Each thin line is one connection, coloured by the technology area of the"
                 " institute that made it.")
    else:
        text += (f" Connections are drawn grouped per {level.replace('-', ' and ')}, each line"
                 " as wide as the connections it stands for, coloured by technology area.")
    if drawn.extra.get("areas_abbreviated"):
        labels = drawn.extra["area_labels"]
        assert isinstance(labels, dict)
        names = dict(zip(drawn.nodes.loc[drawn.nodes["kind"] == "area", "node_id"],
                         drawn.nodes.loc[drawn.nodes["kind"] == "area", "label"], strict=True))
        text += " Technology areas: " + "; ".join(
            f"{labels[a]} {names.get('area:' + a, a)}" for a in sorted(
                labels, key=lambda a: str(labels[a]).lower())) + "."
    inst_labels = drawn.extra.get("institute_labels") or {}
    assert isinstance(inst_labels, dict)
    inst_names = dict(zip(drawn.nodes.loc[drawn.nodes["kind"] == "institute", "node_id"],
                          drawn.nodes.loc[drawn.nodes["kind"] == "institute", "label"],
                          strict=True))
    spelled = sorted((str(v), " ".join(short_label(str(inst_names.get(f"institute:{i}", "")))
                                       .split())) for i, v in inst_labels.items())
    spelled = [(v, n) for v, n in spelled if n and v != n]
    if spelled and c["institutes_drawn"]:
        text += " Institutes: " + "; ".join(f"{v} {n}" for v, n in spelled) + "."
    return text, shown


def _key_entries(key: list[NetworkMapKey], numbers: Numbers
                 ) -> tuple[list[tuple[str, str, str]], list[PrintedNumber]]:
    """(letter, statement, the rest) of each entry of the key; and the connections and
    institutes of each lettered KSA, as the rows of the published top ten (`top_ksas`) would
    print them (recorded in `numbers`)."""
    lines: list[tuple[str, str, str]] = []
    shown: list[PrintedNumber] = []
    for k in key:
        row = {"letter": k.letter}
        conn = numbers.record(k.connections, "top_ksas", part="connections", row=row,
                              n=LETTERED)
        inst = numbers.record(k.institutes, "top_ksas", part="institutes", row=row, n=LETTERED)
        shown += [conn, inst]
        lines.append((k.letter, short_label(k.statement), f" ({k.code}):"
                      f" {plural(k.connections, 'connection', shown=conn.label)},"
                      f" {plural(k.institutes, 'institute', shown=inst.label)}"))
    return lines, shown


def _draw_edges(ax, edges: pd.DataFrame) -> None:
    is_link = edges["kind"].str.startswith("connection").to_numpy()
    tree = edges.loc[~is_link]
    x0, y0 = _xy(tree["r0"].to_numpy(), tree["a0"].to_numpy())
    x1, y1 = _xy(tree["r1"].to_numpy(), tree["a1"].to_numpy())
    ax.add_collection(LineCollection(
        list(np.stack([np.column_stack([x0, y0]), np.column_stack([x1, y1])], axis=1)),
        colors=rgba(tree["colour"], 0.55), linewidths=tree["width"].to_numpy(), zorder=1,
        capstyle="round", rasterized=len(tree) > RASTERIZE_OVER))
    links = edges.loc[is_link]
    if len(links):
        start = links[["r0", "a0"]].to_numpy()
        end = np.column_stack([links["r1"].to_numpy() - 0.01, links["a1"].to_numpy()])
        ax.add_collection(LineCollection(
            list(_spirals(start, end)), colors=rgba(links["colour"], 0.2),
            linewidths=links["width"].to_numpy(), zorder=1,
            rasterized=len(links) > RASTERIZE_OVER))


def _draw_nodes(ax, nodes: pd.DataFrame) -> None:
    drawn = nodes.loc[nodes["kind"] != "competency_group"]
    drawn = drawn.sort_values("size", ascending=False, kind="stable")
    ax.add_patch(plt.Circle((0, 0), R_KSA, fill=False, color=NEUTRAL, lw=0.4, zorder=2))
    scatter_nodes(ax, drawn["x"], drawn["y"], drawn["size"], drawn["colour"], drawn["marker"],
                  edgecolors="white", linewidths=0.4, zorder=3,
                  rasterized=len(drawn) > RASTERIZE_OVER)
    groups = nodes.loc[nodes["kind"] == "competency_group"]
    for g in rows_as(groups, _Group):
        a = np.linspace(g.first_angle + 0.004, g.last_angle - 0.004, 32)
        ax.plot(R_ARC * np.cos(a), R_ARC * np.sin(a), color=NEUTRAL, lw=1.0, zorder=2,
                solid_capstyle="butt")


def _area_labels(drawn: Drawn) -> dict[str, str]:
    """The label each area node carries (`network_map_model`'s `extra["area_labels"]`), by
    node id."""
    labels = drawn.extra.get("area_labels") or {}
    assert isinstance(labels, dict)
    return {f"area:{a}": str(v) for a, v in labels.items()}


def _institute_labels(drawn: Drawn) -> dict[str, str]:
    """The label each institute node carries (`network_map_model`'s
    `extra["institute_labels"]`), by node id."""
    labels = drawn.extra.get("institute_labels") or {}
    assert isinstance(labels, dict)
    return {f"institute:{i}": str(v) for i, v in labels.items()}


LABEL_PAD_PX = 1.5  # room kept around each label (display pixels at the figure's dpi)
INSTITUTE_PT, CROWDED_INSTITUTE_PT = 8.0, 7.0  # institute labels; past CROWDED_INSTITUTES
GROUP_PT, LETTER_PT, NAME_PT = 8.0, 9.0, 8.0  # competency codes, letters, agency/area names


def _near_far(corners: np.ndarray, centre: np.ndarray) -> tuple[float, float]:
    """The nearest and the farthest distance from `centre` to a convex quadrilateral."""
    far = float(np.hypot(*(corners - centre).T).max())
    edges = np.roll(corners, -1, axis=0) - corners
    to_c = centre - corners
    cross = edges[:, 0] * to_c[:, 1] - edges[:, 1] * to_c[:, 0]
    if (cross >= 0).all() or (cross <= 0).all():
        return 0.0, far
    t = np.clip((to_c * edges).sum(1) / np.maximum((edges * edges).sum(1), 1e-12), 0, 1)
    nearest = corners + t[:, None] * edges
    return float(np.hypot(*(nearest - centre).T).min()), far


class _Placer:
    """Places labels on the map one by one, each at the first of its candidate positions where
    it overlaps no label placed before, no node but the one it names, no ring line (the KSAs',
    the competency arcs', the selections') and stays inside the map."""

    def __init__(self, ax, nodes: pd.DataFrame) -> None:
        self.ax = ax
        ax.apply_aspect()  # where the equal aspect puts the map when drawn
        fig = ax.figure
        # text measured with Agg, whatever backend the caller has
        self.renderer = RendererAgg(int(fig.bbox.width), int(fig.bbox.height), fig.dpi)
        self.box = ax.get_window_extent(self.renderer)
        self.centre = ax.transData.transform((0.0, 0.0))
        self.unit = float(ax.transData.transform((1.0, 0.0))[0] - self.centre[0])
        drawn = nodes.loc[nodes["kind"] != "competency_group"]
        self.ids = drawn["node_id"].to_numpy()
        self.xy = ax.transData.transform(drawn[["x", "y"]].to_numpy(dtype=float))
        px = ax.figure.dpi / 72
        # the circle round each marker (equal-area shapes reach a little further), and its edge
        self.radii = (np.sqrt(drawn["size"].to_numpy(dtype=float)) / 2
                      * np.where(drawn["marker"].to_numpy() == "o", 1.0, 1.25) + 0.4) * px
        self.placed: list[np.ndarray] = []
        self.bounds: list[tuple[float, float, float, float]] = []
        self.labels: list[tuple[Text, str]] = []
        self.leaders: list[Any] = []  # lines from a node to its label, moved away

    def px(self, pt: float) -> float:
        return pt * self.ax.figure.dpi / 72

    def corners(self, t: Text) -> np.ndarray:
        return text_corners(t, self.renderer)

    def free(self, c: np.ndarray, own: str | None) -> bool:
        """A label with the corners `c` is clear of what was placed, of the nodes (but
        `own`), of the rings and of the map's edge."""
        lo, hi = c.min(axis=0), c.max(axis=0)
        b = self.box
        if lo[0] < b.x0 or lo[1] < b.y0 or hi[0] > b.x1 or hi[1] > b.y1:
            return False
        near, far = _near_far(c, self.centre)
        for ring in (R_SELECTION, R_KSA, R_ARC):
            if near - LABEL_PAD_PX < ring * self.unit < far + LABEL_PAD_PX:
                return False
        r = self.radii + LABEL_PAD_PX
        hit = np.flatnonzero((self.xy[:, 0] > lo[0] - r) & (self.xy[:, 0] < hi[0] + r)
                             & (self.xy[:, 1] > lo[1] - r) & (self.xy[:, 1] < hi[1] + r))
        for i in hit:
            if self.ids[i] != own and _near_far(c, self.xy[i])[0] < r[i]:
                return False
        if self.placed:
            bounds = np.array(self.bounds)  # (x0, y0, x1, y1) of each placed label
            close = np.flatnonzero((bounds[:, 0] < hi[0] + LABEL_PAD_PX)
                                   & (lo[0] < bounds[:, 2] + LABEL_PAD_PX)
                                   & (bounds[:, 1] < hi[1] + LABEL_PAD_PX)
                                   & (lo[1] < bounds[:, 3] + LABEL_PAD_PX))
            if any(not quads_apart(c, self.placed[i], LABEL_PAD_PX) for i in close):
                return False
        return True

    def place(self, t: Text, names: str, candidates: list[dict], own: str | None) -> bool:
        """Set `t` at the first free candidate (a dict of Text properties), else the first;
        whether one was free."""
        shapes: dict[tuple, np.ndarray] = {}  # corners less the anchor, by all but x and y
        for props in candidates:
            shape = tuple(sorted((k, v) for k, v in props.items() if k not in ("x", "y")))
            if shape not in shapes:  # measured once: other places only move it
                t.update(props)
                shapes[shape] = self.corners(t) - self.ax.transData.transform(t.get_position())
            x, y = t.get_position()
            at = self.ax.transData.transform((props.get("x", x), props.get("y", y)))
            if self.free(shapes[shape] + at, own):
                t.update(props)
                ok = True
                break
        else:
            t.update(candidates[0])
            ok = False
        c = self.corners(t)
        self.placed.append(c)
        self.bounds.append((*c.min(axis=0), *c.max(axis=0)))
        self.labels.append((t, names))
        return ok

    def mark(self) -> tuple[int, int]:
        """How many labels and leader lines are placed: where `undo` goes back to."""
        return len(self.labels), len(self.leaders)

    def undo(self, mark: tuple[int, int]) -> None:
        """Take back the labels and leader lines placed since `mark`."""
        for t, _ in self.labels[mark[0]:]:
            t.remove()
        for line in self.leaders[mark[1]:]:
            line.remove()
        del self.placed[mark[0]:], self.bounds[mark[0]:], self.labels[mark[0]:]
        del self.leaders[mark[1]:]


def _steps(n: int) -> list[int]:
    """0, 1, -1, 2, -2, ... up to ±n."""
    return [0] + [k * s for k in range(1, n + 1) for s in (1, -1)]


def _draw_labels(ax, nodes: pd.DataFrame, area_labels: dict[str, str] | None = None,
                 institute_labels: dict[str, str] | None = None) -> list[tuple[Text, str]]:
    """Label the agencies, areas, institutes, competency groups and lettered KSAs, each placed
    clear of the others (`_Placer`); returns each label with the node it names."""
    placer = _Placer(ax, nodes)
    for n in rows_as(nodes.loc[nodes["kind"] == "agency"], _Node):
        t = ax.text(n.x, n.y, short_label(n.label), ha="center", va="center", fontsize=NAME_PT,
                    fontweight="bold", zorder=5, path_effects=HALO)
        placer.place(t, n.node_id, [{}], own=n.node_id)  # on its own node
    _place_groups(ax, placer, nodes.loc[nodes["kind"] == "competency_group"])
    _place_letters(ax, placer, nodes.loc[nodes["letter"] != ""])
    institutes = nodes.loc[nodes["kind"] == "institute"]
    mark = placer.mark()
    first = INSTITUTE_PT if len(institutes) <= CROWDED_INSTITUTES else CROWDED_INSTITUTE_PT
    for size in dict.fromkeys([first, CROWDED_INSTITUTE_PT]):  # one size for them all
        if all([_place_institute(ax, placer, n, size, nodes, institute_labels)
                for n in rows_as(institutes, _Node)]) or size == CROWDED_INSTITUTE_PT:
            break
        placer.undo(mark)
    for n in rows_as(nodes.loc[nodes["kind"] == "area"], _Node):
        text = wrap_label((area_labels or {}).get(n.node_id, n.label), 12)
        t = ax.text(0, 0, text, va="center", fontsize=NAME_PT, fontweight="bold", zorder=5,
                    path_effects=HALO)
        # the place by its node first, then the nearest free one round it
        px, py = _xy(R_AREA_LABEL, np.array(n.angle))
        side = float(np.cos(n.angle))
        candidates = [{"x": float(px), "y": float(py),
                       "ha": "left" if side > 0.5 else "right" if side < -0.5 else "center"}]
        spots = [(float(x), float(y)) for r in np.arange(R_AREA - 0.08, R_INSTITUTE, 0.02)
                 for a in n.angle + np.arange(-0.7, 0.71, 0.035)
                 for x, y in [_xy(r, np.array(a))]]
        spots.sort(key=lambda p: ((p[0] - px) ** 2 + (p[1] - py) ** 2, p))
        candidates += [{"x": x, "y": y, "ha": "center"} for x, y in spots]
        placer.place(t, n.node_id, candidates, own=None)  # off its own node too
    return placer.labels


def _place_institute(ax, placer: _Placer, n: _Node, size: float, nodes: pd.DataFrame,
                     institute_labels: dict[str, str] | None) -> bool:
    """An institute's label along its radius, just outside its node, else turned a little or
    moved outwards to the first free place; whether it found one."""
    sizes = nodes.loc[nodes["node_id"] == n.node_id, "size"].to_numpy(dtype=float)
    radius = float(np.sqrt(sizes[0]) / 2)  # pt
    start = R_INSTITUTE + (radius + 3) * (placer.px(1) / placer.unit)
    t = ax.text(0, 0, (institute_labels or {}).get(n.node_id, _short(n.label)),
                rotation_mode="anchor", va="center", fontsize=size, zorder=5, path_effects=HALO)
    step = placer.px(size) * 0.5 / (start * placer.unit)  # half a line, as an angle
    # a turn of half a line costs as much as two steps outwards
    moves = sorted(((dr, da) for dr in range(0, 10) for da in _steps(6)),
                   key=lambda m: (2 * abs(m[1]) + m[0], m))
    candidates = [_radial(n.angle + da * step, start + dr * 0.025) for dr, da in moves]
    ok = placer.place(t, n.node_id, candidates, own=n.node_id)
    x, y = t.get_position()
    if not np.isclose(np.hypot(x, y), start) or not np.isclose(np.arctan2(y, x), n.angle):
        # moved: a hairline from the node's edge to the label's start
        edge = R_INSTITUTE + radius * (placer.px(1) / placer.unit)
        line = ax.plot([edge * np.cos(n.angle), x], [edge * np.sin(n.angle), y],
                       color=NEUTRAL, lw=0.4, zorder=4)
        placer.leaders.append(line[0])
    return ok


def _radial(angle: float, radius: float) -> dict:
    """Text properties that set a label along the radius at `angle`, reading outwards (turned
    to read left to right on the left half)."""
    deg = float(np.degrees(angle) % 360)
    right = deg <= 90 or deg >= 270
    x, y = _xy(radius, np.array(angle))
    return {"x": float(x), "y": float(y), "rotation": deg if right else deg - 180,
            "ha": "left" if right else "right"}


def _place_groups(ax, placer: _Placer, groups: pd.DataFrame) -> None:
    """The competency codes round the ring, each over its arc where it has room, else moved
    along the ring (in order) to the nearest place that has."""
    for n in rows_as(groups, _Node):
        t = ax.text(0, 0, short_label(n.label), ha="center", va="center", fontsize=GROUP_PT,
                    color="#222222", zorder=5)
        candidates = []
        for dr in (0.0, 0.025):
            for da in _steps(12):
                a = n.angle + da * 0.012
                x, y = _xy(R_GROUP + dr, np.array(a))
                candidates.append({"x": float(x), "y": float(y)})
        placer.place(t, n.node_id, candidates, own=None)


def _place_letters(ax, placer: _Placer, lettered: pd.DataFrame) -> None:
    """The letters of the most selected KSAs just outside the ring, each with a tick from its
    node, moved along the ring where two are close."""
    if not len(lettered):
        return
    angles = _spread(lettered["angle"].to_numpy(), 0.06)
    for n, a in zip(rows_as(lettered, _Node), angles, strict=True):
        t = ax.text(0, 0, n.letter, ha="center", va="center", fontsize=LETTER_PT,
                    fontweight="bold", zorder=5, path_effects=HALO)
        candidates = []
        for da in _steps(10):
            x, y = _xy(R_LETTER, np.array(a + da * 0.012))
            candidates.append({"x": float(x), "y": float(y)})
        placer.place(t, n.node_id, candidates, own=n.node_id)
        lx, ly = t.get_position()
        tick = np.arctan2(ly, lx)
        ax.plot([n.x, 1.06 * np.cos(tick)], [n.y, 1.06 * np.sin(tick)], color="black", lw=0.6,
                zorder=4)


def _short(name: str, limit: int = 18) -> str:
    return wrap_label(name, limit)


def network_map_alt(drawn: Drawn) -> str:
    """Alt text for Figure 2, from what it draws."""
    c, key = drawn.counts, _key(drawn)
    nodes = drawn.nodes
    areas = nodes.loc[nodes["kind"] == "area"].sort_values(["connections", "label"],
                                                          ascending=[False, True])
    agencies = nodes.loc[nodes["kind"] == "agency"].sort_values(["connections", "label"],
                                                               ascending=[False, True])
    parts = [
        f"Network map of {plural(c['ksas'], 'essential KSA')},"
        f" {plural(c['institutes'], 'institute')} in {plural(c['areas'], 'technology area')},"
        f" {plural(c['selections'], 'occupation selection')} and"
        f" {plural(c['agencies'], 'sponsoring agency', 'sponsoring agencies')}, linked by"
        f" {plural(c['connections'], 'connection')}.",
        "Connections by technology area: " + ", ".join(
            f"{a.label} {a.connections:,}" for a in areas.itertuples()) + ".",
        "By agency: " + ", ".join(
            f"{a.label} {a.connections:,}" for a in agencies.itertuples()) + ".",
    ]
    if key:
        k = key[0]
        parts.append(f"The most selected KSA, {k.letter}, '{k.statement}' ({k.code}), has"
                     f" {plural(k.connections, 'connection')} from"
                     f" {plural(k.institutes, 'institute')}.")
        parts.append("Then " + "; ".join(
            f"{k.letter}, '{k.statement}' ({k.code}), {k.connections:,}" for k in key[1:])
            + ".")
    return " ".join(parts)
