"""Technology-area statistics on tests/data/handmade, worked out by hand.

Areas: bio {b1 b2 b3}, dig {d1 d2}, mat {m1}. Connections as in test_statistics_network.py.
Area x KSA (the area's connections / the area's institutes having it):
  bio: k01 4/3 (b1eng b1tech b2eng b3tech), k02 3/3, k03 1/1 (b2), k05 1/1 (b1), k06 2/1 (b1)
  dig: k01 1/1 (d1), k03 1/1 (d1), k05 1/1 (d2), k07 2/2, k08 2/2, k09 1/1, k10 1/1
  mat: k01 1/1, k04 1/1
KSA areas: k01 {bio dig mat}, k03 {bio dig}, k05 {bio dig}; all others one area.
Specific: bio k02 k06; dig k07 k08 k09 k10 (all tier 5); mat k04.
"""

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency_framework.edition.framework import Framework
from competency_framework.statistics import areas as ar

pytestmark = pytest.mark.edition("handmade")


def test_area_institutes(fw):
    table = ar.area_institutes(fw)
    # by area name, then institute name: "Bio One" < "Bio Three" < "Bio Two"
    assert table[["area_id", "institute_id"]].values.tolist() == [
        ["bio", "b1"], ["bio", "b3"], ["bio", "b2"], ["dig", "d1"], ["dig", "d2"], ["mat", "m1"]
    ]


def test_area_overview(fw):
    table = ar.area_overview(fw).set_index("area_id")
    cols = ["institutes", "ksas", "specific_ksas", "connections", "selections"]
    # bio: 3 institutes, 5 KSAs (k01 k02 k03 k05 k06), 2 specific, 4+3+1+1+2 = 11 connections,
    # 5 selections (b1 eng, b1 tech, b2 eng, b2 sci, b3 tech)
    assert table.loc["bio", cols].tolist() == [3, 5, 2, 11, 5]
    # dig: 7 KSAs, 4 specific, 1+1+1+2+2+1+1 = 9 connections, 4 selections
    assert table.loc["dig", cols].tolist() == [2, 7, 4, 9, 4]
    assert table.loc["mat", cols].tolist() == [1, 2, 1, 2, 1]


def test_area_ksas(fw):
    table = ar.area_ksas(fw).set_index(["area_id", "ksa_id"])
    cols = ["connections", "institutes", "area_institutes", "areas", "specific"]
    assert table.loc[("bio", "k01"), cols].tolist() == [4, 3, 3, 3, False]
    assert table.loc[("bio", "k06"), cols].tolist() == [2, 1, 3, 1, True]
    assert table.loc[("dig", "k07"), cols].tolist() == [2, 2, 2, 1, True]
    assert len(table) == 5 + 7 + 2


@pytest.mark.parametrize(
    ("area", "kwargs", "expected"),
    [
        ("bio", {}, 5),  # every KSA of the area
        ("bio", {"min_institutes": 2}, 2),  # k01 k02 (3 each): "shared within the area"
        ("bio", {"all_institutes": True}, 2),  # k01 k02: "selected by all three"
        ("bio", {"min_institutes": 2, "max_institutes": 2}, 0),  # none by exactly two
        ("bio", {"min_institutes": 2, "specific": True}, 1),  # k02: shared and specific
        ("bio", {"specific": False}, 3),  # k01 k03 k05 belong elsewhere too
        ("dig", {"specific": True}, 4),  # k07-k10 "unique" to dig
        ("dig", {"specific": True, "min_institutes": 2}, 2),  # k07 k08
        ("dig", {"specific": True, "tier": 5}, 4),  # k07 (5.1) k08 (5.3.1) k09 k10 (5.4.1)
        ("dig", {"tier": 4}, 3),  # k01 k03 k05
        ("mat", {"all_institutes": True}, 2),  # one institute: both its KSAs
    ],
)
def test_area_ksa_count(fw, area, kwargs, expected):
    assert ar.area_ksa_count(fw, area, **kwargs) == expected


def test_area_ksa_counts_sum_to_area_ksas(fw):
    counts = ar.area_ksa_counts(fw)
    assert counts.groupby("area_id")["ksas"].sum().to_dict() == {"bio": 5, "dig": 7, "mat": 2}
    # dig, 2 institutes, specific, tier 5: k07 k08
    row = counts.query("area_id == 'dig' and institutes == 2 and specific and tier == 5")
    assert row["ksas"].tolist() == [2]


def test_area_connections_to_other_areas(fw):
    table = ar.area_connections_to_other_areas(fw)
    # bio -> dig: bio's connections to KSAs also in dig: k01 4 + k03 1 + k05 1 = 6
    # bio -> mat: k01 4;  dig -> bio: k01 1 + k03 1 + k05 1 = 3;  dig -> mat: k01 1
    # mat -> bio: k01 1;  mat -> dig: k01 1.  Shared KSAs: bio/dig 3, bio/mat 1, dig/mat 1.
    assert table.values.tolist() == [
        ["bio", "dig", 6, 3], ["bio", "mat", 4, 1], ["dig", "bio", 3, 3],
        ["dig", "mat", 1, 1], ["mat", "bio", 1, 1], ["mat", "dig", 1, 1],
    ]


def test_frequently_selected_ksas(fw):
    table = ar.frequently_selected_ksas(fw)

    def ids(area, scope):
        rows = table[(table["area_id"] == area) & (table["scope"] == scope)]
        return rows["ksa_id"].tolist()

    # bio specific: k02 (3 connections), k06 (2); network-wide: k01 (4), then k03 and k05
    # (1 connection, 1 institute each) by id
    assert ids("bio", "specific") == ["k02", "k06"]
    assert ids("bio", "network-wide") == ["k01", "k03", "k05"]
    # dig specific: k07 k08 (2 connections, 2 institutes), k09 k10 (1, 1)
    assert ids("dig", "specific") == ["k07", "k08", "k09", "k10"]
    assert ids("mat", "specific") == ["k04"]
    assert ids("mat", "network-wide") == ["k01"]
    assert table.loc[table["area_id"] == "dig", "rank"].tolist() == [1, 2, 3, 4, 1, 2, 3]


def test_competency_area_connections(fw):
    table = ar.competency_area_connections(fw).set_index(["competency", "area_id"])
    # bio x 4.1: k01 4 + k02 3 + k03 1 = 8 connections over 3 KSAs
    assert table.loc[("4.1", "bio"), ["connections", "ksas"]].tolist() == [8, 3]
    # bio x 4.2: k05 1 + k06 2 = 3 over 2 KSAs
    assert table.loc[("4.2", "bio"), ["connections", "ksas"]].tolist() == [3, 2]
    # dig x 5.4: k09 1 + k10 1
    assert table.loc[("5.4", "dig"), ["connections", "ksas"]].tolist() == [2, 2]
    assert table.loc[("4.3", "mat"), "connections"] == 0
    assert len(table) == 6 * 3  # every core competency x every area
    assert table["connections"].sum() == 22


def test_area_institute_occupation_competency(fw):
    table = ar.area_institute_occupation_competency(fw, "bio")
    # b1 eng: k01 k02 (4.1) and k05 k06 (4.2); b1 tech: k01 (4.1), k06 (4.2);
    # b2 eng: k01 k02 (4.1); b2 sci: k03 (4.1); b3 tech: k01 k02 (4.1)
    assert table[["institute_id", "occupation_id", "competency", "connections"]].values.tolist() \
        == [
            ["b1", "eng", "4.1", 2], ["b1", "eng", "4.2", 2], ["b1", "tech", "4.1", 1],
            ["b1", "tech", "4.2", 1], ["b2", "eng", "4.1", 2], ["b2", "sci", "4.1", 1],
            ["b3", "tech", "4.1", 2],
        ]
    assert ar.area_institute_occupation_competency(fw)["connections"].sum() == 22


# A property check: the vectorised directed-connection count equals a plain count over
# random small frameworks.

def _framework(areas_of: dict[str, str], conns: list[tuple[str, str, str]]) -> Framework:
    area_ids = sorted(set(areas_of.values()))
    ksa_ids = sorted({k for _, _, k in conns})
    occ_ids = sorted({o for _, o, _ in conns})
    comp = pd.DataFrame(
        [["4", "Tier four", "", "tier", 4, "", "", ""],
         ["4.1", "One", "4", "competency", 4, "", "", ""]],
        columns=["code", "name", "parent_code", "level", "tier", "source_framework",
                 "source_ref", "definition"],
    )
    sel = sorted({(i, o) for i, o, _ in conns})
    return Framework(
        edition="test", provenance="reconstructed", data_hash="",
        technology_areas=pd.DataFrame({"area_id": area_ids, "name": area_ids}),
        agencies=pd.DataFrame({"agency_id": ["doc"], "name": ["Commerce"]}),
        institutes=pd.DataFrame({"institute_id": list(areas_of), "name": list(areas_of),
                                 "area_id": list(areas_of.values()), "agency_id": "doc"}),
        competencies=comp,
        ksas=pd.DataFrame({"ksa_id": ksa_ids, "statement": ksa_ids, "code": "4.1",
                           "statement_source": "reconstructed"}),
        occupations=pd.DataFrame({"occupation_id": occ_ids, "title": occ_ids, "soc_code": ""}),
        institute_occupations=pd.DataFrame(sel, columns=["institute_id", "occupation_id"]),
        essential_ksas=pd.DataFrame(conns, columns=["institute_id", "occupation_id", "ksa_id"]),
    )


INSTITUTE_AREAS = {"i1": "x", "i2": "x", "i3": "y", "i4": "z"}
CONNECTIONS = st.sets(
    st.tuples(st.sampled_from(sorted(INSTITUTE_AREAS)), st.sampled_from(["o1", "o2"]),
              st.sampled_from(["k1", "k2", "k3", "k4"])),
    min_size=1, max_size=24,
)


@settings(max_examples=60, deadline=None)
@given(CONNECTIONS)
def test_directed_connections_match_a_plain_count(conns):
    conns = sorted(conns)
    fw = _framework(INSTITUTE_AREAS, conns)
    belongs = {(INSTITUTE_AREAS[i], k) for i, _, k in conns}
    expected = {}
    for x, y in itertools.permutations(sorted(set(INSTITUTE_AREAS.values())), 2):
        expected[(x, y)] = sum(
            1 for i, _, k in conns if INSTITUTE_AREAS[i] == x and (y, k) in belongs
        )
    table = ar.area_connections_to_other_areas(fw)
    got = {(r.area_id, r.other_area_id): r.connections for r in table.itertuples()}
    assert got == expected
    # and each area's specific + shared KSAs add up to the KSAs it selects
    for area in sorted(set(INSTITUTE_AREAS.values())):
        total = len({k for x, k in belongs if x == area})
        assert ar.area_ksa_count(fw, area, specific=True) + \
            ar.area_ksa_count(fw, area, specific=False) == total


def test_sorted_ranks():
    from competency_framework.statistics.codes import sorted_ranks

    # code-point order ("B" < "a"), equal strings share a place, places are dense
    assert sorted_ranks(pd.Series(["b", "a", "B", "a", "ab"])).tolist() == [3, 1, 0, 1, 2]
    assert sorted_ranks(pd.Series([], dtype=str)).tolist() == []
