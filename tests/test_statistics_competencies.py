"""Competency-tree statistics on tests/data/handmade, every value worked out by hand.

The handmade tree: tier roots 1-5; 4.1 (subs 4.1.1, 4.1.2), 4.2 (sub 4.2.1), 4.3 (no subs, no
KSAs); 5.1 (no subs), 5.3 (sub 5.3.1), 5.4 (sub 5.4.1). KSAs: k01 k02 -> 4.1.1, k03 k04 ->
4.1.2, k05 k06 -> 4.2.1, k07 -> 5.1, k08 -> 5.3.1, k09 k10 -> 5.4.1.
"""

import pytest

from competency_framework.statistics import competencies as c
from competency_framework.statistics.shares import Share

pytestmark = pytest.mark.edition("handmade")


def test_ksa_counts_by_node(fw):
    counts = c.ksa_counts_by_node(fw)
    # tree order, direct KSAs only: 4.1.1 = k01,k02; 4.1.2 = k03,k04; 4.2.1 = k05,k06;
    # 5.1 = k07; 5.3.1 = k08; 5.4.1 = k09,k10; every other node 0
    assert counts["code"].tolist() == [
        "1", "2", "3", "4", "4.1", "4.1.1", "4.1.2", "4.2", "4.2.1", "4.3",
        "5", "5.1", "5.3", "5.3.1", "5.4", "5.4.1",
    ]
    direct = dict(zip(counts["code"], counts["ksas"], strict=True))
    assert {k: v for k, v in direct.items() if v} == {
        "4.1.1": 2, "4.1.2": 2, "4.2.1": 2, "5.1": 1, "5.3.1": 1, "5.4.1": 2
    }
    assert counts["ksas"].sum() == 10


def test_code_sort_key_orders_numerically():
    import pandas as pd

    codes = pd.Series(["4.3.29", "4.3.4", "4.10", "4.2", "5", "4"])
    ordered = codes.iloc[c.code_sort_key(codes).argsort(kind="stable")].tolist()
    assert ordered == ["4", "4.2", "4.3.4", "4.3.29", "4.10", "5"]


def test_ksa_counts_by_competency(fw):
    table = c.ksa_counts_by_competency(fw).set_index("code")
    assert table.index.tolist() == ["4.1", "4.2", "4.3", "5.1", "5.3", "5.4"]
    # 4.1: k01-k04 = 4 KSAs; connections k01 6 + k02 3 + k03 2 + k04 1 = 12;
    #      institutes with any of them: b1 b2 b3 d1 m1 = 5
    assert table.loc["4.1", ["sub_competencies", "ksas", "connections", "institutes"]].tolist() \
        == [2, 4, 12, 5]
    # 4.2: k05 (b1, d2) + k06 (b1 twice) = 2 KSAs, 4 connections, institutes b1 d2 = 2
    assert table.loc["4.2", ["ksas", "connections", "institutes"]].tolist() == [2, 4, 2]
    # 4.3: nothing under it
    assert table.loc["4.3", ["ksas", "connections", "institutes"]].tolist() == [0, 0, 0]
    # 5.4: k09 (d1) + k10 (d2): 2 KSAs, 2 connections, 2 institutes
    assert table.loc["5.4", ["ksas", "connections", "institutes"]].tolist() == [2, 2, 2]


def test_ksa_counts_by_tier(fw):
    table = c.ksa_counts_by_tier(fw).set_index("tier")
    # tier 4: competencies 4.1 4.2 4.3 (3), subs 4.1.1 4.1.2 4.2.1 (3), KSAs k01-k06 (6)
    assert table.loc[4, ["competencies", "sub_competencies", "ksas"]].tolist() == [3, 3, 6]
    # tier 5: competencies 5.1 5.3 5.4 (3), subs 5.3.1 5.4.1 (2), KSAs k07-k10 (4)
    assert table.loc[5, ["competencies", "sub_competencies", "ksas"]].tolist() == [3, 2, 4]
    assert table.loc[[1, 2, 3], "ksas"].tolist() == [0, 0, 0]


def test_ksas_under(fw):
    assert c.ksas_under(fw, "4.1") == Share(4, 10)  # 40 %
    assert c.ksas_under(fw, "4.2") == Share(2, 10)  # 20 %
    assert c.ksas_under(fw, "4") == Share(6, 10)  # tier 4
    assert c.ksas_under(fw, "5.4.1") == Share(2, 10)  # a sub-competency
    assert c.ksas_under(fw, "5.1") == Share(1, 10)  # a competency without subs


def test_core_competencies_and_definitions(fw):
    core = c.core_competencies(fw)
    assert core["code"].tolist() == ["4.1", "4.2", "4.3", "5.1", "5.3", "5.4"]
    table1 = c.competency_definitions(fw, tier=5)
    assert table1["code"].tolist() == ["5.1", "5.3", "5.4"]
    assert table1.iloc[0]["definition"] == "Design and manufacture products layer by layer."


def test_competencies_selected(fw):
    # tier 4: 4.1 and 4.2 have selected KSAs, 4.3 none -> 2 of 3
    assert c.competencies_selected(fw, 4) == Share(2, 3)
    # tier 5: 5.1, 5.3, 5.4 all selected -> 3 of 3
    assert c.competencies_selected(fw, 5) == Share(3, 3)
