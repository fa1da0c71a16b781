"""Network insights on tests/data/handmade, every value worked out by hand.

Connections (institute, occupation: KSAs), institutes b1 b2 b3 (bio), d1 d2 (dig), m1 (mat):
  b1 eng: k01 k02 k05 k06 | b1 tech: k01 k06 | b2 eng: k01 k02 | b2 sci: k03
  b3 tech: k01 k02 | d1 eng: k01 k03 k07 | d1 dev: k08 k09 | d2 dev: k08 k10
  d2 op: k05 k07 | m1 eng: k01 k04                                  (22 connections)
Per KSA (connections / institutes / areas / occupation titles):
  k01 6/5/3/2 (b1 b2 b3 d1 m1; eng tech)  k02 3/3/1/2  k03 2/2/2/2  k04 1/1/1/1
  k05 2/2/2/2  k06 2/1/1/2 (b1 twice)  k07 2/2/1/2  k08 2/2/1/1  k09 1/1/1/1  k10 1/1/1/1
"""

import pytest

from competency_framework.statistics import network as n
from competency_framework.statistics.shares import Share

pytestmark = pytest.mark.edition("handmade")


def test_ksa_reach(fw):
    reach = n.ksa_reach(fw).set_index("ksa_id")
    cols = ["connections", "institutes", "areas", "occupations"]
    assert reach.loc["k01", cols].tolist() == [6, 5, 3, 2]
    assert reach.loc["k02", cols].tolist() == [3, 3, 1, 2]
    assert reach.loc["k06", cols].tolist() == [2, 1, 1, 2]
    assert reach.loc["k08", cols].tolist() == [2, 2, 1, 1]
    assert reach["connections"].sum() == 22
    assert reach.loc["k07", "sub_competency"] == ""  # k07 hangs on competency 5.1


def test_reach_is_a_copy(fw):
    reach = n.ksa_reach(fw)
    reach["connections"] = 0
    assert n.ksa_reach(fw)["connections"].sum() == 22


def test_shares_of_ksas(fw):
    # 2+ areas: k01 (3), k03 (2), k05 (2) -> 3 of 10
    assert n.ksas_crossing_areas(fw) == Share(3, 10)
    # 3+ institutes: k01 (5), k02 (3) -> 2 of 10
    assert n.ksas_shared_by_institutes(fw, at_least=3) == Share(2, 10)
    # 2+ institutes: k01 k02 k03 k05 k07 k08 -> 6 of 10
    assert n.ksas_shared_by_institutes(fw, at_least=2) == Share(6, 10)
    # reading 1: 8+ connections -> none; 3+ connections -> k01 (6), k02 (3)
    assert n.ksas_with_connections(fw, at_least=8) == Share(0, 10)
    assert n.ksas_with_connections(fw, at_least=3) == Share(2, 10)


def test_distributions(fw):
    # institutes: 1 -> k04 k06 k09 k10; 2 -> k03 k05 k07 k08; 3 -> k02; 5 -> k01
    assert n.ksas_by_institute_count(fw).values.tolist() == [[1, 4], [2, 4], [3, 1], [5, 1]]
    # areas: 1 -> 7 KSAs; 2 -> k03 k05; 3 -> k01
    assert n.ksas_by_area_count(fw).values.tolist() == [[1, 7], [2, 2], [3, 1]]


def test_ranking_reading_2(fw):
    ranking = n.ksa_ranking(fw)
    # by connections desc: k01 (6), k02 (3); then the 2-connection KSAs with 2 institutes by id
    # (k03 k05 k07 k08) before k06 (2 connections, 1 institute); then 1-connection KSAs by id
    assert ranking["ksa_id"].tolist() == [
        "k01", "k02", "k03", "k05", "k07", "k08", "k06", "k04", "k09", "k10"
    ]
    assert ranking["rank"].tolist() == list(range(1, 11))


def test_most_selected_ksas(fw):
    top = n.most_selected_ksas(fw, n=3)
    assert top[["letter", "ksa_id", "connections"]].values.tolist() == [
        ["A", "k01", 6], ["B", "k02", 3], ["C", "k03", 2]
    ]
    # top 2 is separated (3 > 2); top 3 is not (k03 and k05 both have 2)
    assert n.top_ksas_separated(fw, n=2) is True
    assert n.top_ksas_separated(fw, n=3) is False
    assert n.top_ksas_separated(fw, n=10) is True  # nothing after the tenth
