"""Figure 1, the building blocks, on the handmade edition `tests/data/figures_small`."""

from __future__ import annotations

import pandas as pd
import pytest

from competency_framework.present.figures import building_blocks as bb
from competency_framework.present.numbers import PlainNumbers
from competency_framework.statistics.competencies import (
    ksa_counts_by_competency,
    ksa_counts_by_tier,
)

pytestmark = pytest.mark.edition("figures_small")


def test_tiers_bottom_up_with_core_competencies_as_blocks(fw):
    counts = ksa_counts_by_competency(fw)
    drawn = bb.building_blocks_model(ksa_counts_by_tier(fw), counts, {1: "DOL AMCM"})
    n = drawn.nodes
    assert list(zip(n["node_id"], n["row"], strict=True)) == [
        ("tier:1", 0), ("tier:2", 1), ("tier:3", 2), ("tier:4", 3), ("competency:4.1", 4),
        ("competency:4.2", 4), ("tier:5", 5), ("competency:5.1", 6), ("competency:5.4", 6)]
    blocks = n.loc[n["kind"] == "competency"].set_index("node_id")
    assert blocks["ksas"].to_dict() == {"competency:4.1": 2, "competency:4.2": 1,
                                        "competency:5.1": 1, "competency:5.4": 1}
    assert blocks.at["competency:5.4", "label"] == "5.4 NICE Framework/Cybersecurity"
    assert drawn.counts == {"tiers": 5, "core_competencies": 4, "core_ksas": 5, "rows": 7}
    tiers = n.loc[n["kind"] == "tier"].set_index("tier")
    assert tiers.at[1, "label"] == "Tier 1: Personal Effectiveness Competencies"
    assert tiers.at[1, "source_framework"] == "DOL AMCM"
    assert tiers.at[4, "competencies"] == 2 and tiers.at[4, "ksas"] == 3


@pytest.mark.parametrize("n, rows", [(1, [1]), (4, [4]), (6, [3, 3]), (7, [4, 3]),
                                     (9, [3, 3, 3]), (13, [4, 3, 3, 3])])
def test_blocks_split_into_rows_of_at_most_four_wider_below(n, rows):
    assert bb._split(n) == rows


def test_seven_competencies_make_two_rows(fw):
    comps = pd.DataFrame({"code": [f"5.{i}" for i in range(1, 8)], "name": "x", "tier": 5,
                          "ksas": range(1, 8)})
    tiers = pd.DataFrame({"tier": [5], "name": ["T"], "competencies": [7], "ksas": [28]})
    n = bb.building_blocks_model(tiers, comps).nodes
    blocks = n.loc[n["kind"] == "competency"]
    assert list(blocks["row"]) == [1, 1, 1, 1, 2, 2, 2]
    assert list(blocks["slots"]) == [4, 4, 4, 4, 3, 3, 3]


def test_figure_alt_text(fw, tmp_path):
    fig = bb.building_blocks_figure(fw, tmp_path, source="notebooks/x.ipynb",
                                    numbers=PlainNumbers())
    assert fig.alt.startswith("Pyramid of the competency model's 5 tiers, bottom to top."
                              " Tier 1: Personal Effectiveness Competencies.")
    assert ("Tier 4: Industry-Wide Technical Competencies, 2 competencies: 4.1 Manufacturing"
            " Process Design/Development (2 KSAs); 4.2 Operations Management (1 KSA).") in fig.alt
    assert fig.alt.endswith("The 4 core competencies hold 5 essential KSAs.")
    assert fig.width_in <= 6.5 + 1e-9 and fig.print_font_pt >= 8
