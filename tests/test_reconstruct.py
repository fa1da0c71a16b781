"""The reconstruction's parts that do not need the whole stage-1 program: splitting aggregated
placeholders, choosing institutes, occupation titles and occupations."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

pytest.importorskip("ortools")

from competency_framework.reconstruct.institutes import assign_institutes  # noqa: E402
from competency_framework.reconstruct.ksa_plan import (  # noqa: E402
    IDX,
    KsaPlan,
    _disaggregate,
    _spread,
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


def test_spread_is_even_and_exact():
    assert _spread(7, 3) == [3, 2, 2]
    assert _spread(6, 3) == [2, 2, 2]
    assert _spread(0, 2) == [0, 0]


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_disaggregate_meets_every_per_ksa_bound_its_sums_meet(n):
    """Any per-area sums within n times the per-KSA bounds, and a total within n times the
    total bounds, split into n KSAs that each meet those bounds."""
    t = (2, 0, 1, 0, 0)
    lo, hi = {0: 2, 2: 1}, {0: 6, 2: 4}  # per area: institutes .. a cap
    t_lo, t_hi = 4, 7  # per KSA total
    for f0, f2 in itertools.product(range(n * lo[0], n * hi[0] + 1),
                                    range(n * lo[2], n * hi[2] + 1)):
        if not n * t_lo <= f0 + f2 <= n * t_hi:
            continue
        ksas = _disaggregate(t, n, {0: f0, 2: f2})
        assert len(ksas) == n
        assert sum(k[0] for k in ksas) == f0 and sum(k[2] for k in ksas) == f2
        for k in ksas:
            assert lo[0] <= k[0] <= hi[0] and lo[2] <= k[2] <= hi[2]
            assert t_lo <= k[0] + k[2] <= t_hi
            assert k[1] == k[3] == k[4] == 0


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
