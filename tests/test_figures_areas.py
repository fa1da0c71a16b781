"""Figures 3-13 on the handmade edition `tests/data/figures_small` (13 connections; every count
below worked out by hand from its CSV files): competencies x areas (Figure 3), each area's
institutes -> occupations -> competencies (4, 6, ...), each area's connections to the others
(5, 7, ...)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from figure_reading import check_area_places, check_map_colours

from competency_framework.present.figures import area_connections as ac
from competency_framework.present.figures import area_mapping as am
from competency_framework.present.figures import competency_areas as ca
from competency_framework.present.figures.common import NEUTRAL, OKABE_ITO
from competency_framework.present.numbers import PlainNumbers
from competency_framework.statistics.areas import (
    area_connections_to_other_areas,
    area_institute_occupation_competency,
    area_overview,
    competency_area_connections,
)
from competency_framework.statistics.competencies import ksa_counts_by_competency

pytestmark = pytest.mark.edition("figures_small")


def edge_map(drawn, column="connections"):
    e = drawn.edges
    return dict(zip(zip(e["source"], e["target"], strict=True), e[column], strict=True))


# ---------------------------------------------------------------- Figure 3


@pytest.fixture(scope="module")
def fig3(fw):
    return ca.competency_areas_model(competency_area_connections(fw),
                                     ksa_counts_by_competency(fw), area_overview(fw))


def test_fig3_links_only_pairs_with_connections(fig3):
    assert edge_map(fig3) == {
        ("competency:4.1", "area:bio"): 4, ("competency:4.1", "area:dig"): 2,
        ("competency:4.1", "area:mat"): 1, ("competency:4.2", "area:bio"): 2,
        ("competency:4.2", "area:mat"): 1, ("competency:5.1", "area:bio"): 1,
        ("competency:5.4", "area:dig"): 2,
    }
    assert fig3.counts == {"competencies": 4, "areas": 3, "connections": 13, "links": 7}


def test_fig3_widths_and_sizes_scale_with_connections(fig3):
    widths = edge_map(fig3, "width")
    assert widths[("competency:4.1", "area:bio")] == ca.MAX_LINE
    assert widths[("competency:4.1", "area:dig")] == pytest.approx(ca.MAX_LINE / 2)
    nodes = fig3.nodes.set_index("node_id")
    assert nodes.at["competency:4.1", "connections"] == 7
    assert nodes.at["competency:4.1", "size"] == ca.MAX_NODE_AREA
    assert nodes.at["area:bio", "size"] == pytest.approx(ca.MAX_NODE_AREA * 7 / 7)
    assert nodes.at["area:mat", "size"] == pytest.approx(ca.MAX_NODE_AREA * 2 / 7)


def test_fig3_labels_order_and_colours(fig3):
    comps = fig3.nodes.loc[fig3.nodes["kind"] == "competency"]
    assert list(comps["label"]) == ["4.1 Manufacturing Process Design/Development",
                                    "4.2 Operations Management", "5.1 Additive Manufacturing",
                                    "5.4 NICE Framework/Cybersecurity"]
    assert list(comps["row"]) == sorted(comps["row"], reverse=True)  # top to bottom
    colour = edge_map(fig3, "colour")
    assert colour[("competency:5.4", "area:dig")] == OKABE_ITO["blue"]


def test_fig3_alt_text(fw, tmp_path):
    fig = ca.competency_areas_figure(fw, tmp_path, numbers=PlainNumbers())
    assert "linking 4 core competencies" in fig.alt and "13 connections" in fig.alt
    assert ("Strongest links: 4.1 Manufacturing Process Design/Development to"
            " Biomanufacturing (4)") in fig.alt
    assert "Materials, 4.1 Manufacturing Process Design/Development (1)" in fig.alt
    assert fig.width_in <= 6.5 + 1e-9 and fig.print_font_pt >= 8


# ---------------------------------------------------------------- Figures 4, 6, ...


@pytest.fixture(scope="module")
def fig4(fw):
    return am.area_mapping_model(area_institute_occupation_competency(fw, "bio"), fw, "bio")


def test_an_institute_without_connections_is_counted_apart_in_the_alt_text(fw):
    """The figure draws institutes through their connections; its alt text says how many of
    the area's institutes it leaves out for having none, so its count agrees with the
    chapter's."""
    idle = pd.concat([fw.institutes, pd.DataFrame([{
        "institute_id": "b9", "name": "Idle Institute", "area_id": "bio",
        "agency_id": fw.institutes["agency_id"].iloc[0]}])], ignore_index=True)
    drawn = am.area_mapping_model(area_institute_occupation_competency(fw, "bio"),
                                  replace(fw, institutes=idle), "bio")
    assert drawn.counts["institutes"] == 2 and drawn.counts["institutes_without"] == 1
    alt = am.area_mapping_alt(drawn, "Bio")
    assert "2 institutes on the left" in alt
    assert "to competencies at half width. 1 other institute of the area made no " \
        "connection and is not drawn. Each institute" in alt


def test_area_mapping_nodes_and_edges(fig4):
    assert fig4.counts == {"institutes": 2, "institutes_drawn": 2, "institutes_grouped": 0,
                           "occupations": 2, "occupations_drawn": 2, "occupations_grouped": 0,
                           "competencies": 3, "connections": 7, "selections": 3,
                           "institutes_without": 0}
    assert edge_map(fig4) == {
        ("institute:b1", "occupation:eng"): 3, ("institute:b1", "occupation:tech"): 2,
        ("institute:b2", "occupation:eng"): 2,
        ("occupation:eng", "competency:4.1"): 3, ("occupation:eng", "competency:4.2"): 1,
        ("occupation:eng", "competency:5.1"): 1, ("occupation:tech", "competency:4.1"): 1,
        ("occupation:tech", "competency:4.2"): 1,
    }
    nodes = fig4.nodes.set_index("node_id")
    assert nodes["connections"].to_dict() == {
        "institute:b1": 5, "institute:b2": 2, "occupation:eng": 5, "occupation:tech": 2,
        "competency:4.1": 4, "competency:4.2": 2, "competency:5.1": 1}
    # Occupations sit at the mean position of their institutes, weighted by connections:
    # Technicians only under Bio One (0), Engineers between Bio One and the second (2/5).
    assert list(fig4.nodes["label"]) == [
        "Bio One", "C++ & <Co> *Bio*", "Technicians", "Engineers",
        "4.1 Manufacturing Process Design/Development", "4.2 Operations Management",
        "5.1 Additive Manufacturing"]
    # each institute has a colour; Engineers, chosen by both, and its links are grey
    colour = edge_map(fig4, "colour")
    blue, orange = am.INSTITUTE_COLOURS[:2]
    assert colour == {
        ("institute:b1", "occupation:eng"): blue, ("institute:b1", "occupation:tech"): blue,
        ("institute:b2", "occupation:eng"): orange,
        ("occupation:eng", "competency:4.1"): NEUTRAL, ("occupation:eng", "competency:4.2"):
        NEUTRAL, ("occupation:eng", "competency:5.1"): NEUTRAL,
        ("occupation:tech", "competency:4.1"): blue, ("occupation:tech", "competency:4.2"): blue}
    assert nodes["colour"].to_dict() == {
        "institute:b1": blue, "institute:b2": orange, "occupation:eng": NEUTRAL,
        "occupation:tech": blue, "competency:4.1": NEUTRAL, "competency:4.2": NEUTRAL,
        "competency:5.1": NEUTRAL}


def test_area_mapping_widths_and_sizes(fig4):
    widths = edge_map(fig4, "width")
    assert widths[("institute:b1", "occupation:eng")] == am.MAX_LINE
    # the links to competencies at half the scale
    assert widths[("occupation:eng", "competency:4.1")] == pytest.approx(am.MAX_LINE / 2)
    assert widths[("occupation:eng", "competency:4.2")] == pytest.approx(am.MAX_LINE / 6)
    sizes = fig4.nodes.set_index("node_id")["size"]
    assert sizes["institute:b1"] == am.MAX_NODE_AREA
    assert sizes["competency:5.1"] == pytest.approx(am.MAX_NODE_AREA / 5)


def test_area_mapping_groups_occupations_past_the_limit(fw):
    drawn = am.area_mapping_model(area_institute_occupation_competency(fw, "bio"), fw, "bio",
                                  max_occupations=1)
    occ = drawn.nodes.loc[drawn.nodes["kind"] == "occupation"]
    assert list(occ["label"]) == ["2 other occupations"]
    assert drawn.counts["occupations"] == 2 and drawn.counts["occupations_drawn"] == 1
    assert occ["connections"].sum() == 7  # nothing lost


def test_area_mapping_groups_institutes_past_the_limit(fw):
    drawn = am.area_mapping_model(area_institute_occupation_competency(fw, "bio"), fw, "bio",
                                  max_institutes=1)
    inst = drawn.nodes.loc[drawn.nodes["kind"] == "institute"]
    assert list(inst["label"]) == ["2 other institutes"]
    assert drawn.counts["institutes"] == 2 and drawn.counts["institutes_drawn"] == 1
    assert drawn.counts["institutes_grouped"] == 2
    assert edge_map(drawn)[("institute:_other", "occupation:eng")] == 5


def test_area_mapping_figure(fw, tmp_path):
    fig = am.area_mapping_figure(fw, "dig", tmp_path, numbers=PlainNumbers())
    assert fig.svg.name == "area-mapping-dig.svg"
    assert fig.caption.startswith("Institutes, occupations and competencies of the"
                                  " Digital/Automation technology area")
    assert ("1 institute on the left, linked to 2 occupations in the middle, linked to 2 core"
            " competencies on the right, through 4 connections") in fig.alt
    assert "Institutes: Dig One (4, blue)." in fig.alt
    assert "no occupation drawn was selected by several institutes." in fig.alt
    assert fig.width_in <= 6.5 + 1e-9 and fig.print_font_pt >= 8
    # the links of named institutes: the model's choice where the edition is reconstructed
    assert fig.caption.endswith(am.MODEL_LINKS) == fw.is_reconstructed
    other = replace(fw, provenance="collected" if fw.is_reconstructed else "reconstructed")
    caption = am.area_mapping_figure(other, "dig", tmp_path, numbers=PlainNumbers()).caption
    assert caption.endswith(am.MODEL_LINKS) == other.is_reconstructed


# ---------------------------------------------------------------- Figures 5, 7, ...


@pytest.fixture(scope="module")
def pairs(fw):
    return area_connections_to_other_areas(fw), area_overview(fw)


def test_area_connections_counts_by_direction(pairs):
    bio = ac.area_connections_model(*pairs, "bio")
    assert edge_map(bio) == {("area:bio", "area:dig"): 4, ("area:bio", "area:mat"): 5}
    assert edge_map(bio, "shared_ksas") == {("area:bio", "area:dig"): 2,
                                            ("area:bio", "area:mat"): 2}
    dig = ac.area_connections_model(*pairs, "dig")
    assert edge_map(dig) == {("area:dig", "area:bio"): 2, ("area:dig", "area:mat"): 1}
    assert list(bio.nodes["kind"]) == ["focus", "other", "other"]
    assert list(bio.nodes["label"]) == ["Biomanufacturing", "Digital/Automation", "Materials"]
    assert bio.counts == {"connections": 7, "ksas": 4, "other_areas": 2}


def test_area_connections_widths_share_one_scale_across_areas(pairs):
    bio = edge_map(ac.area_connections_model(*pairs, "bio"), "width")
    mat = edge_map(ac.area_connections_model(*pairs, "mat"), "width")
    assert bio[("area:bio", "area:mat")] == ac.MAX_LINE  # 5, the largest of all pairs
    assert bio[("area:bio", "area:dig")] == pytest.approx(ac.MAX_LINE * 4 / 5)
    assert mat[("area:mat", "area:dig")] == pytest.approx(ac.MAX_LINE * 1 / 5)


def test_area_connections_figure_prints_the_counts(fw, tmp_path):
    fig = ac.area_connections_figure(fw, "bio", tmp_path, numbers=PlainNumbers())
    assert fig.caption.startswith("KSA connections between the Biomanufacturing")
    assert ("Digital/Automation, 4 connections (2 KSAs in common); Materials, 5 connections"
            " (2 KSAs in common)") in fig.alt
    svg = fig.svg.read_text(encoding="utf-8")
    assert svg.count("<path") > 0
    assert fig.width_in <= 6.5 + 1e-9 and fig.print_font_pt >= 8


def test_each_area_keeps_its_place_and_colour_in_every_connection_figure(fw, tmp_path,
                                                                         monkeypatch):
    check_area_places(fw, tmp_path, monkeypatch)


def test_area_map_links_take_their_institute_colour(fw, tmp_path, monkeypatch):
    check_map_colours(fw, tmp_path, monkeypatch)
