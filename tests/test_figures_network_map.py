"""Figure 2, the network map, on the handmade edition `tests/data/figures_small` (13
connections; every count below worked out by hand from its CSV files)."""

from __future__ import annotations

import numpy as np
import pytest

from competency_framework.present.figures import network_map as nm
from competency_framework.present.figures.common import OKABE_ITO
from competency_framework.present.numbers import PlainNumbers
from competency_framework.statistics.connections import connections_by, selection_connections

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
    assert fig.png.is_file() and fig.svg.is_file() and fig.label == "fig-network-map"
    assert fig.alt.startswith(
        "Network map of 5 essential KSAs, 4 institutes in 3 technology areas, 6 occupation"
        " selections and 2 sponsoring agencies, linked by 13 connections.")
    assert "Biomanufacturing 7, Digital/Automation 4, Materials 2" in fig.alt
    assert "The most selected KSA, A, 'Data collection and analysis' (4.1.1), has 5" in fig.alt
    assert "through 13 connections" in fig.caption
    assert fig.source == "notebooks/x.ipynb"
    assert fig.width_in <= 6.5 + 1e-9 and fig.print_font_pt >= 8


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


def test_with_twelve_areas_labels_do_not_overprint(tmp_path, monkeypatch):
    """A generated edition of 12 areas and 50 institutes: the areas are labelled with
    abbreviations, which the key spells out, and no two of the labels at the map's centre
    (agencies, areas) overlap, measured from the drawn text extents."""
    from paths import EDITION_2025

    from benchmarks.generated import generate_edition
    from competency_framework import load_edition

    fw = load_edition(generate_edition(EDITION_2025, tmp_path / "g", areas=12, institutes=50))
    figures = []
    real = nm.save_figure
    monkeypatch.setattr(nm, "save_figure",
                        lambda fig, *a, **k: (figures.append(fig), real(fig, *a, **k))[1])
    saved = nm.network_map_figure(fw, tmp_path / "out", numbers=PlainNumbers())
    labels = saved.drawn.extra["area_labels"]
    assert len(set(labels.values())) == 12 and max(map(len, labels.values())) <= 4
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = figures[0]
    canvas = FigureCanvasAgg(fig)  # the saved figure is closed: draw it again to measure
    canvas.draw()
    renderer = canvas.get_renderer()
    map_axes, key_axes = fig.axes[0], fig.axes[1]
    names = set(labels.values()) | set(saved.drawn.nodes.loc[
        saved.drawn.nodes["kind"] == "agency", "label"].map(nm.short_label))
    centre = [t.get_window_extent(renderer) for t in map_axes.texts if t.get_text() in names]
    assert len(centre) == 12 + len(fw.agencies)
    overlaps = [(a, b) for i, a in enumerate(centre) for b in centre[i + 1:] if a.overlaps(b)]
    assert overlaps == []
    key = " ".join(t.get_text() for t in key_axes.texts)
    assert "QS Quantum Sensing;" in " ".join(key.split())
