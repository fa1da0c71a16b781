"""Figure 2, the network map, on the handmade edition `tests/data/figures_small` (13
connections; every count below worked out by hand from its CSV files)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from competency_framework.present.figures import network_map as nm
from competency_framework.present.figures.common import OKABE_ITO, quads_apart, text_corners
from competency_framework.present.numbers import PlainNumbers
from competency_framework.statistics.connections import connections_by, selection_connections

PRINT_MIN_PT = 7.0  # the smallest type a printed figure may carry (issue 19)

pytestmark = pytest.mark.edition("figures_small")


@pytest.fixture(scope="module")
def drawn(fw):
    return nm.network_map_model(fw)


def kind(drawn, k):
    return drawn.nodes.loc[drawn.nodes["kind"] == k]


def test_connection_counts_per_group(fw):
    per_inst = connections_by(fw, ["institute_id"])
    assert per_inst.values.tolist() == [["b1", 5], ["b2", 2], ["d1", 4], ["m1", 2]]
    per_agency = connections_by(fw, ["agency_id"])
    assert per_agency.values.tolist() == [["dod", 9], ["doe", 4]]
    with pytest.raises(ValueError, match="cannot group"):
        connections_by(fw, ["statement"])


@pytest.mark.parametrize("keys", [
    ["institute_id", "occupation_id", "ksa_id"], ["area_id", "ksa_id"],
    ["area_id", "competency"], ["agency_id", "area_id"], ["ksa_id"], ["sub_competency"],
])
def test_connection_counts_agree_with_a_plain_groupby(fw, keys):
    plain = fw.connections.groupby(keys).size().rename("connections").reset_index()
    assert connections_by(fw, keys).values.tolist() == plain.values.tolist()


def test_selection_connections_cover_every_selection(fw):
    sel = selection_connections(fw)
    assert list(zip(sel["institute_id"], sel["occupation_id"], sel["connections"],
                    strict=True)) == [("b1", "eng", 3), ("b1", "tech", 2), ("b2", "eng", 2),
                                      ("d1", "eng", 2), ("d1", "sci", 2), ("m1", "tech", 2)]


def test_nodes_of_every_kind_with_their_connections(drawn):
    c = drawn.counts
    assert (c["agencies"], c["areas"], c["institutes"], c["selections"], c["ksas"],
            c["connections"], c["competency_groups"]) == (2, 3, 4, 6, 5, 13, 4)
    conns = dict(zip(drawn.nodes["node_id"], drawn.nodes["connections"], strict=True))
    assert conns["agency:dod"] == 9 and conns["agency:doe"] == 4
    assert [conns[f"area:{a}"] for a in ("bio", "dig", "mat")] == [7, 4, 2]
    assert [conns[f"ksa:k{i}"] for i in range(1, 6)] == [5, 2, 3, 1, 2]
    assert conns["selection:b1/eng"] == 3
    assert list(kind(drawn, "agency")["label"]) == ["DoD", "DoE"]
    assert list(kind(drawn, "competency_group")["label"]) == ["4.1", "4.2", "5.1", "5.4"]


def test_circle_area_is_proportional_to_connections(drawn):
    nodes = kind(drawn, "ksa").set_index("node_id")
    top = drawn.nodes.loc[drawn.nodes["node_id"] == "agency:dod", "size"].iat[0]
    assert top == nm.MAX_NODE_AREA
    assert nodes.at["ksa:k1", "size"] == pytest.approx(nm.MAX_NODE_AREA * 5 / 9)
    assert nodes.at["ksa:k3", "size"] == pytest.approx(nm.MAX_NODE_AREA * 3 / 9)


def test_every_connection_is_one_line_at_selection_level(drawn, fw):
    links = drawn.edges.loc[drawn.edges["kind"] == "connection:selection"]
    assert drawn.extra["edge_level"] == "selection"
    assert len(links) == 13 and set(links["connections"]) == {1}
    got = sorted(zip(links["source"], links["target"], strict=True))
    want = sorted((f"selection:{r.institute_id}/{r.occupation_id}", f"ksa:{r.ksa_id}")
                  for r in fw.essential_ksas.itertuples())
    assert got == want
    # coloured by the institute's area: bio, dig, mat are the first three area colours
    colour = dict(zip(links["source"], links["colour"], strict=False))
    assert colour["selection:b1/eng"] == OKABE_ITO["bluish_green"]
    assert colour["selection:d1/sci"] == OKABE_ITO["blue"]
    assert colour["selection:m1/tech"] == OKABE_ITO["orange"]


def test_tree_edges_link_agencies_and_areas_to_institutes(drawn):
    e = drawn.edges
    pairs = set(zip(e["source"], e["target"], e["kind"], strict=True))
    assert ("agency:doe", "institute:b2", "agency-institute") in pairs
    assert ("area:mat", "institute:m1", "area-institute") in pairs
    assert ("institute:d1", "selection:d1/sci", "institute-selection") in pairs
    assert len(e.loc[e["kind"] == "institute-selection"]) == 6


@pytest.mark.parametrize("max_edges, level, lines", [
    (13, "selection", 13), (12, "institute", 10), (9, "area", 9), (5, "area-competency", 7),
])
def test_connections_aggregate_when_there_are_too_many_lines(fw, max_edges, level, lines):
    drawn = nm.network_map_model(fw, max_edges=max_edges)
    links = drawn.edges.loc[drawn.edges["kind"].str.startswith("connection")]
    assert drawn.extra["edge_level"] == level
    assert len(links) == lines
    assert links["connections"].sum() == 13  # every connection is still drawn, in some line
    widest = links.loc[links["connections"].idxmax()]
    assert widest["width"] >= links["width"].max() - 1e-9


def test_area_competency_lines_carry_their_counts(fw):
    drawn = nm.network_map_model(fw, max_edges=1)
    links = drawn.edges.loc[drawn.edges["kind"] == "connection:area-competency"]
    got = dict(zip(zip(links["source"], links["target"], strict=True), links["connections"],
                   strict=True))
    assert got == {("area:bio", "group:4.1"): 4, ("area:bio", "group:4.2"): 2,
                   ("area:bio", "group:5.1"): 1, ("area:dig", "group:4.1"): 2,
                   ("area:dig", "group:5.4"): 2, ("area:mat", "group:4.1"): 1,
                   ("area:mat", "group:4.2"): 1}


def test_letters_follow_the_ranking_and_the_key_says_why(drawn):
    lettered = drawn.nodes.loc[drawn.nodes["letter"] != ""]
    assert dict(zip(lettered["letter"], lettered["node_id"], strict=True)) == {
        "A": "ksa:k1", "B": "ksa:k3", "C": "ksa:k2", "D": "ksa:k5", "E": "ksa:k4"}
    key = drawn.extra["key"]
    assert [(k.letter, k.ksa_id, k.connections, k.institutes) for k in key] == [
        ("A", "k1", 5, 4), ("B", "k3", 3, 2), ("C", "k2", 2, 2), ("D", "k5", 2, 1),
        ("E", "k4", 1, 1)]


def test_ring_groups_ksas_by_competency_clockwise(drawn):
    ksa = kind(drawn, "ksa")
    # clockwise from the top: angles decrease along the ring order
    assert list(ksa["node_id"]) == ["ksa:k1", "ksa:k2", "ksa:k3", "ksa:k4", "ksa:k5"]
    assert np.all(np.diff(ksa["angle"].to_numpy()) < 0)
    assert np.allclose(np.hypot(ksa["x"], ksa["y"]), nm.R_KSA)


def test_sectors_keep_each_area_together(drawn):
    inst = kind(drawn, "institute")
    assert list(inst["label"]) == ["Bio One", "C++ & <Co> *Bio*", "Dig One", "Mat One"]
    assert np.all(np.diff(inst["angle"].to_numpy()) < 0)


def test_large_editions_thin_nodes_but_keep_counts(fw, monkeypatch):
    monkeypatch.setattr(nm, "MAX_KSA_NODES", 2)
    monkeypatch.setattr(nm, "MAX_SELECTION_NODES", 3)
    drawn = nm.network_map_model(fw)
    assert drawn.counts["ksas"] == 5 and drawn.counts["ksas_drawn"] == 2
    assert set(kind(drawn, "ksa")["node_id"]) == {"ksa:k1", "ksa:k3"}
    assert drawn.counts["selections"] == 6 and drawn.counts["selections_drawn"] == 0
    assert drawn.extra["edge_level"] == "institute"  # selections are not drawn to link from
    assert not (drawn.edges["kind"] == "institute-selection").any()


def test_many_institutes_link_agencies_to_areas_instead(fw, monkeypatch):
    monkeypatch.setattr(nm, "MAX_INSTITUTE_NODES", 2)
    drawn = nm.network_map_model(fw)
    assert drawn.counts["institutes"] == 4 and drawn.counts["institutes_drawn"] == 0
    tree = drawn.edges.loc[drawn.edges["kind"] == "agency-area"]
    assert dict(zip(zip(tree["source"], tree["target"], strict=True), tree["connections"],
                    strict=True)) == {("agency:dod", "area:bio"): 5, ("agency:dod", "area:dig"): 4,
                                      ("agency:doe", "area:bio"): 2, ("agency:doe", "area:mat"): 2}
    assert not drawn.edges["kind"].isin(["agency-institute", "area-institute"]).any()
    assert drawn.extra["edge_level"] == "area"


def test_figure_alt_text_and_files(fw, tmp_path):
    fig = nm.network_map_figure(fw, tmp_path, source="notebooks/x.ipynb", numbers=PlainNumbers())
    assert fig.svg.is_file() and fig.label == "fig-network-map"
    assert fig.alt.startswith(
        "Network map of 5 essential KSAs, 4 institutes in 3 technology areas, 6 occupation"
        " selections and 2 sponsoring agencies, linked by 13 connections.")
    assert "Biomanufacturing 7, Digital/Automation 4, Materials 2" in fig.alt
    assert "The most selected KSA, A, 'Data collection and analysis' (4.1.1), has 5" in fig.alt
    assert "through 13 connections" in fig.caption
    assert fig.source == "notebooks/x.ipynb"
    assert fig.width_in <= 6.5 + 1e-9 and fig.print_font_pt >= PRINT_MIN_PT


def test_nice_steps_for_the_size_legend():
    assert nm._nice_steps(9) == [1, 2, 5]
    assert nm._nice_steps(452) == [10, 50, 200]
    assert nm._nice_steps(1) == [1]


def test_area_abbreviations_are_short_and_unique():
    assert nm.area_abbreviations(["Quantum Sensing", "Batteries", "Marine Systems",
                                  "Medical Devices", "Energy/Processes", "Energy Storage",
                                  "Energy Systems"]) == ["QS", "Bat", "MS", "MD", "EP", "ESt",
                                                         "ESy"]
    # names alike at their start, acronyms, duplicates, small words only: still unique
    hard = ["Smart Manufacturing", "Space Manufacturing", "Sustainable Manufacturing", "AI",
            "CHIPS", "Energy", "ENERGY", "Energy", "of the", "Semiconductor Packaging",
            "Smart Packaging"]
    got = nm.area_abbreviations(hard)
    assert len({g.lower() for g in got}) == len(hard)
    assert got[:5] == ["SmMa", "SpMa", "SuMa", "AI", "CHIPS"]
    assert all(g and g == g.strip() and len(g) <= 7 for g in got)



def test_institute_abbreviations_are_initials_unique_and_keep_short_names():
    names = ["AFFOA", "America Makes", "American Quantum Sensing Hub", "ACI-2",
             "American Advanced Composites Institute 26", "Applied Quantum Sensing Hub",
             "Advanced Quantum Sensing Hub", "Batteries Hub 28"]
    got = nm.institute_abbreviations(names)
    assert got == ["AFFOA", "America Makes", "AmQSH", "ACI-2", "AACI26", "ApQSH", "AdQSH",
                   "BH28"]
    alike = nm.institute_abbreviations(["Space Hub", "Space Hub", "Quantum Sensing Center X",
                                        "Quantum Sensing Center X"], limit=6)
    assert len(set(alike)) == 4 and all(len(a) <= 6 for a in alike)
    assert len({g.lower() for g in got}) == len(names)
    assert all(len(g) <= nm.INSTITUTE_LABEL_CHARS for g in got)


# --- Every text on the drawn figure, measured ------------------------------------------------

@dataclass(frozen=True)
class Box:
    """A drawn text: its characters, size (pt), the node it names ('' for none) and the four
    corners of its extent in display pixels (turned with the text where it is rotated)."""

    text: str
    size: float
    names: str
    corners: np.ndarray


def text_boxes(fig, renderer, names=None) -> list[Box]:
    """Every visible, non-empty text of `fig` (figure and axes texts) with its drawn extent
    (`text_corners`: turned with a text rotated about its anchor, since the upright box of a
    diagonal label would cover what it does not)."""
    names = names or {}
    return [Box(t.get_text(), float(t.get_fontsize()), names.get(id(t), ""),
                text_corners(t, renderer))
            for t in [*fig.texts, *(t for ax in fig.axes for t in ax.texts)]
            if t.get_visible() and t.get_text().strip()]


def overlapping_pairs(boxes: list[Box]) -> list[tuple[Box, Box]]:
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if not quads_apart(a.corners, b.corners)]


def _distances(corners: np.ndarray, centre: np.ndarray) -> tuple[float, float]:
    """The nearest and farthest distance from `centre` to a convex quadrilateral."""
    far = float(np.hypot(*(corners - centre).T).max())
    def cross(i: int) -> float:  # z of the edge i x (centre - corner i)
        (ex, ey), (cx, cy) = corners[(i + 1) % 4] - corners[i], centre - corners[i]
        return float(ex * cy - ey * cx)

    inside = all(cross(i) >= 0 for i in range(4)) or all(cross(i) <= 0 for i in range(4))
    if inside:
        return 0.0, far
    near = []
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        t = np.clip(np.dot(centre - p, q - p) / max(np.dot(q - p, q - p), 1e-12), 0, 1)
        near.append(float(np.hypot(*(p + t * (q - p) - centre))))
    return min(near), far


@pytest.fixture(scope="module", params=["2025", "generated 12x50"])
def drawing(request, tmp_path_factory):
    """Figure 2 drawn (Agg) for the 2025 edition and a generated one of 12 areas and 50
    institutes, not yet saved: (drawing, renderer, edition)."""
    from paths import EDITION_2025

    from benchmarks.generated import generate_edition
    from competency_framework import load_edition

    if request.param == "2025":
        fw = load_edition(EDITION_2025)
    else:
        fw = load_edition(generate_edition(EDITION_2025, tmp_path_factory.mktemp("g") / "g",
                                           areas=12, institutes=50))
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    d = nm.draw_network_map(fw, numbers=PlainNumbers())
    canvas = FigureCanvasAgg(d.fig)
    canvas.draw()
    yield d, canvas.get_renderer(), fw
    import matplotlib.pyplot as plt

    plt.close(d.fig)


def test_every_label_is_drawn_and_no_two_texts_overlap(drawing):
    d, renderer, fw = drawing
    boxes = text_boxes(d.fig, renderer, {id(t): n for t, n in d.labels})
    named = {b.names for b in boxes}
    nodes = d.drawn.nodes
    must = nodes.loc[nodes["kind"].isin(["agency", "area", "institute", "competency_group"]),
                     "node_id"]
    assert set(must) <= named  # every agency, area, institute and competency is labelled
    assert len(nodes.loc[nodes["kind"] == "institute"]) == len(fw.institutes)
    letters = {b.text for b in boxes if b.names.startswith("ksa:")}
    assert letters == set(nodes.loc[nodes["letter"] != "", "letter"])
    assert overlapping_pairs(boxes) == []


def test_texts_stay_inside_the_figure_and_off_the_rings(drawing):
    d, renderer, _ = drawing
    boxes = text_boxes(d.fig, renderer)
    fig_box = d.fig.bbox
    outside = [b.text for b in boxes
               if b.corners[:, 0].min() < fig_box.x0 or b.corners[:, 0].max() > fig_box.x1
               or b.corners[:, 1].min() < fig_box.y0 or b.corners[:, 1].max() > fig_box.y1]
    assert outside == []
    ax = d.fig.axes[0]
    centre = ax.transData.transform((0.0, 0.0))
    cut = []
    for ring in (nm.R_KSA, nm.R_ARC):
        r = ax.transData.transform((ring, 0.0))[0] - centre[0]
        cut += [(ring, b.text) for b in boxes if b.names
                and (lambda near_far: near_far[0] < r < near_far[1])(
                    _distances(b.corners, centre))]
    assert cut == []


def test_no_label_covers_another_node(drawing):
    d, renderer, _ = drawing
    boxes = [b for b in text_boxes(d.fig, renderer, {id(t): n for t, n in d.labels})
             if b.names]
    ax = d.fig.axes[0]
    nodes = d.drawn.nodes.loc[d.drawn.nodes["kind"] != "competency_group"]
    centres = ax.transData.transform(nodes[["x", "y"]].to_numpy())
    # equal-area markers: a circle of the marker's area, in pixels
    radii = np.sqrt(nodes["size"].to_numpy()) / 2 * d.fig.dpi / 72
    ids = nodes["node_id"].to_numpy()
    covered = []
    for b in boxes:
        lo, hi = b.corners.min(axis=0), b.corners.max(axis=0)
        near = np.flatnonzero((centres[:, 0] > lo[0] - radii) & (centres[:, 0] < hi[0] + radii)
                              & (centres[:, 1] > lo[1] - radii) & (centres[:, 1] < hi[1] + radii))
        for i in near:
            if ids[i] != b.names and _distances(b.corners, centres[i])[0] < radii[i]:
                covered.append((b.text, ids[i]))
    assert covered == []


def test_type_is_at_least_seven_points_in_print(drawing):
    from competency_framework.present.figures.common import PAD_IN, PRINT_WIDTH_IN

    d, renderer, _ = drawing
    width_in = d.fig.get_tightbbox(renderer).width + 2 * PAD_IN
    scale = min(1.0, PRINT_WIDTH_IN / width_in)
    sizes = [b.size * scale for b in text_boxes(d.fig, renderer)]
    assert min(sizes) >= PRINT_MIN_PT


def test_abbreviations_on_the_map_are_spelled_out_in_its_key(drawing):
    d, renderer, fw = drawing
    key = " ".join(" ".join(t.get_text() for t in d.fig.axes[1].texts).split())
    labels = d.drawn.extra["institute_labels"]
    names = dict(zip(fw.institutes["institute_id"], fw.institutes["name"], strict=True))
    for i, label in labels.items():
        if label != names[i]:
            assert f"{label} {' '.join(names[i].split())}" in key
    if d.drawn.extra["areas_abbreviated"]:
        areas = dict(zip(fw.technology_areas["area_id"], fw.technology_areas["name"],
                         strict=True))
        for a, label in d.drawn.extra["area_labels"].items():
            assert f"{label} {areas[a]}" in key
    if len(fw.institutes) == 50:
        assert d.drawn.extra["areas_abbreviated"] and labels != names


def test_the_generated_edition_draws_the_same_bytes_twice(tmp_path):
    from paths import EDITION_2025

    from benchmarks.generated import generate_edition
    from competency_framework import load_edition

    fw = load_edition(generate_edition(EDITION_2025, tmp_path / "g", areas=12, institutes=50))
    one = nm.network_map_figure(fw, tmp_path / "one", numbers=PlainNumbers())
    two = nm.network_map_figure(fw, tmp_path / "two", numbers=PlainNumbers())
    assert one.svg.read_bytes() == two.svg.read_bytes()


def test_caption_keeps_the_published_bound(tmp_path):
    """The published report bounds the connections ("over 1,200"), which the reconstructed
    2025 edition's count (its model's choice) meets: the caption prints the bound as the
    published report does, then the edition's count."""
    from paths import EDITION_2025

    from competency_framework.present.chapter import open_chapter

    if not (EDITION_2025 / "datapackage.json").is_file():
        pytest.skip("no 2025 data")
    ch = open_chapter(EDITION_2025)
    fig = nm.network_map_figure(ch.fw, tmp_path, numbers=ch.numbers)
    assert "through over 1,200 connections (1,250 in this edition)." in fig.caption
    assert ch.numbers.bound(ch.numbers.record(1_100, "connections_total")) is None  # below it
