"""The reconstruction: its parts on small cases worked by hand, and the whole script, whose
output must be the committed `data/raw/2025` byte for byte."""

from __future__ import annotations

from collections import Counter

import pytest
from paths import EDITION_2025

pytest.importorskip("ortools")

from competency_framework.reconstruct.edition import build_edition  # noqa: E402
from competency_framework.reconstruct.institutes import assign_institutes  # noqa: E402
from competency_framework.reconstruct.ksa_plan import (  # noqa: E402
    FLOOR,
    IDX,
    KsaPlan,
    _pooled_range,
    capacity,
)
from competency_framework.reconstruct.occupations import (  # noqa: E402
    choose_titles,
    connect_occupations,
    onet_codes,
    role,
)
from competency_framework.reconstruct.static import SELECTIONS  # noqa: E402
from competency_framework.reconstruct.targets import (  # noqa: E402
    AREA_ORDER,
    load_targets,
    percent_count,
)


@pytest.fixture(scope="module")
def targets():
    return load_targets()


def test_pooled_range_narrows_each_area_by_the_total():
    """Worked by hand: one institute in each of two areas; FLOOR["network"] and the 8+ line
    decide the ranges."""
    cap = {a: [0, 9, 17, 25, 33, 41] for a in AREA_ORDER}
    t = (1, 1, 0, 0, 0)
    most = FLOOR["network"]
    # below the line: total 2..7, each area 1..min(most, 7 - 1)
    assert _pooled_range(t, None, False, cap, 8) == (2, 7)
    assert _pooled_range(t, 0, False, cap, 8) == (1, min(most, 6))
    # at or above it: total 8..2*most, each area at least 8 - most
    assert _pooled_range(t, None, True, cap, 8) == (8, 2 * most)
    assert _pooled_range(t, 1, True, cap, 8) == (8 - most, most)
    # one area only cannot reach 8 connections when FLOOR["specific"] is under 8
    assert _pooled_range((2, 0, 0, 0, 0), None, True, cap, 8) is None


def test_capacity_is_the_largest_selections_summed(targets):
    cap = capacity(targets)
    elec = sorted((SELECTIONS[i] for i in targets.institutes["electronics"]), reverse=True)
    assert cap["electronics"] == [0, elec[0], elec[0] + elec[1], sum(elec[:3]), sum(elec)]


def test_percent_count_takes_the_printed_numerator_or_the_nearest_rounding(targets):
    class E:
        numerator, denominator, value, id = None, 235, 33, "x"

    assert percent_count(E) == 78  # 78/235 = 33.19%
    E.numerator = 77
    assert percent_count(E) == 77


@pytest.mark.build
def test_choose_titles_meets_the_published_occupation_figures(targets):
    titles = choose_titles(targets)
    assert {i: len(ts) for i, ts in titles.items()} == SELECTIONS
    by_title = Counter(t for ts in titles.values() for t in ts)
    assert len(by_title) == targets.titles_total
    assert sum(1 for n in by_title.values() if n > 1) == targets.multi_titles
    assert sum(n for n in by_title.values() if n > 1) == targets.multi_selections
    top = dict(targets.top_titles)
    for title, n in by_title.items():
        assert n == top[title] if title in top else n < min(top.values())
    soc = onet_codes()
    assert [t for t in by_title if t not in soc] == ["Process Engineers"]


def test_role_reads_the_soc_prefix():
    assert role("17-2141.00") == "engineering"
    assert role("17-3024.01") == "technician"
    assert role("15-1212.00") == "computing"
    assert role("") == "engineering"


def test_connect_occupations_gives_each_connection_a_distinct_occupation():
    titles = {"A": ["Machinists", "Chemists", "Software Developers"]}
    soc = {"Machinists": "51-4041.00", "Chemists": "19-2031.00",
           "Software Developers": "15-1252.00"}
    links = connect_occupations(["4.3.2", "5.3.1", "4.1.3"], [{"A": 2}, {"A": 1}, {"A": 3}],
                                titles, soc)
    per_ksa = Counter(k for _, _, k in links)
    assert per_ksa == {0: 2, 1: 1, 2: 3}
    assert len(set(links)) == len(links)
    assert ("A", "Software Developers", 1) in links  # 5.3 suits computing work
    assert {t for _, t, _ in links} == set(titles["A"])


def test_assign_institutes_meets_each_type_and_connection_count(targets):
    ksas = [KsaPlan("4.2.7", None, (3, 0, 0, 0, 0), (20, 0, 0, 0, 0)),
            KsaPlan("5.4.1", None, (0, 2, 1, 0, 0), (0, 12, 3, 0, 0)),
            KsaPlan("4.1.2", None, (0, 0, 0, 1, 2), (0, 0, 0, 8, 2))]
    out = assign_institutes(targets, ksas)
    for k, chosen in zip(ksas, out, strict=True):
        for a in AREA_ORDER:
            mine = {i: n for i, n in chosen.items() if i in targets.institutes[a]}
            assert len(mine) == k.type[IDX[a]]
            assert sum(mine.values()) == k.connections[IDX[a]]
            assert all(1 <= n <= SELECTIONS[i] for i, n in mine.items())


@pytest.mark.build
def test_the_script_rebuilds_the_committed_2025_edition_byte_for_byte(tmp_path):
    """Same published figures, same bytes: the committed edition is what the script makes."""
    out = build_edition(tmp_path / "2025", log=lambda _: None)
    made = sorted(p.name for p in out.iterdir())
    kept = sorted(p.name for p in EDITION_2025.iterdir() if p.name != "README.md")
    assert made == kept
    for name in made:
        assert (out / name).read_bytes() == (EDITION_2025 / name).read_bytes(), name
