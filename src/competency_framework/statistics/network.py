"""Network insights: how widely each KSA is shared across institutes, technology areas and
occupation selections, and the most highly selected KSAs (Figure 2's lettered A-J)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.statistics.codes import connection_codes, distinct_pairs
from competency_framework.statistics.memo import per_framework
from competency_framework.statistics.shares import Share

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@per_framework
def _ksa_reach(fw: Framework) -> pd.DataFrame:
    c = connection_codes(fw)
    n = len(c.ksa_ids)
    ksa_of_institute_pairs, _ = c.ksa_institute_pairs
    ksa_of_area_pairs, _ = distinct_pairs(c.ksa, c.area, len(c.area_ids))
    ksa_of_occupation_pairs, _ = distinct_pairs(c.ksa, c.occupation, len(c.occupation_ids))
    reach = pd.DataFrame({
        "ksa_id": c.ksa_ids,
        "connections": np.bincount(c.ksa, minlength=n),
        "institutes": np.bincount(ksa_of_institute_pairs, minlength=n),
        "areas": np.bincount(ksa_of_area_pairs, minlength=n),
        "occupations": np.bincount(ksa_of_occupation_pairs, minlength=n),
    })
    nodes = fw.ksa_nodes[["ksa_id", "statement", "code", "tier", "competency", "sub_competency"]]
    out = nodes.merge(reach, on="ksa_id", how="left", validate="1:1")
    return out.sort_values("ksa_id", ignore_index=True)


def ksa_reach(fw: Framework) -> pd.DataFrame:
    """Each KSA with its connections, the distinct institutes, technology areas and occupation
    titles it is connected with; sorted by ksa_id.

    Columns: ksa_id, statement, code, tier, competency, sub_competency, connections,
    institutes, areas, occupations.
    """
    return _ksa_reach(fw).copy()


def ksas_crossing_areas(fw: Framework, at_least: int = 2) -> Share:
    """KSAs belonging to `at_least` technology areas, out of all KSAs ("33% cross technology
    area lines")."""
    reach = _ksa_reach(fw)
    return Share(int((reach["areas"] >= at_least).sum()), len(reach))


def ksas_shared_by_institutes(fw: Framework, at_least: int) -> Share:
    """KSAs that `at_least` distinct institutes have in a connection, out of all KSAs ("50%
    are shared by 3 or more institutes")."""
    reach = _ksa_reach(fw)
    return Share(int((reach["institutes"] >= at_least).sum()), len(reach))


def ksas_with_connections(fw: Framework, at_least: int) -> Share:
    """KSAs with `at_least` connections, i.e. essential in that many occupation selections,
    out of all KSAs ("29% align with 8+ occupations", reading 1)."""
    reach = _ksa_reach(fw)
    return Share(int((reach["connections"] >= at_least).sum()), len(reach))


def ksas_with_titles(fw: Framework, at_least: int) -> Share:
    """KSAs linked to `at_least` distinct occupation titles, out of all KSAs: the reading of
    "align with 8+ occupations" the project did not choose (reading 1)."""
    reach = _ksa_reach(fw)
    return Share(int((reach["occupations"] >= at_least).sum()), len(reach))


def ksas_by_institute_count(fw: Framework) -> pd.DataFrame:
    """How many KSAs are shared by exactly N institutes. Columns: institutes, ksas (by N)."""
    counts = _ksa_reach(fw).groupby("institutes").size().rename("ksas")
    return counts.reset_index().sort_values("institutes", ignore_index=True)


def ksas_by_area_count(fw: Framework) -> pd.DataFrame:
    """How many KSAs belong to exactly N technology areas. Columns: areas, ksas (by N)."""
    counts = _ksa_reach(fw).groupby("areas").size().rename("ksas")
    return counts.reset_index().sort_values("areas", ignore_index=True)


def ksa_ranking(fw: Framework) -> pd.DataFrame:
    """Every KSA ranked by connections, then institutes (both descending), then ksa_id
    (reading 2).

    Columns: rank (1-based), ksa_id, statement, code, connections, institutes, areas.
    """
    reach = _ksa_reach(fw)
    out = reach.sort_values(
        ["connections", "institutes", "ksa_id"], ascending=[False, False, True],
        ignore_index=True,
    )
    out.insert(0, "rank", range(1, len(out) + 1))
    return out[["rank", "ksa_id", "statement", "code", "connections", "institutes", "areas"]]


def most_selected_ksas(fw: Framework, n: int = 10) -> pd.DataFrame:
    """The `n` most highly selected KSAs, lettered A, B, ... in rank order (Figure 2).

    Columns: letter, and those of `ksa_ranking`.
    """
    top = ksa_ranking(fw).head(n)
    top.insert(0, "letter", [LETTERS[i] if i < len(LETTERS) else "" for i in range(len(top))])
    return top


def top_ksas_separated(fw: Framework, n: int = 10) -> bool:
    """Whether the n-th ranked KSA has strictly more connections than the (n+1)-th, i.e. the
    top `n` do not depend on the tie-break (reading 2 requires this of the lettered ten)."""
    ranking = ksa_ranking(fw)
    if len(ranking) <= n:
        return True
    conns = ranking["connections"].to_numpy()
    return bool(conns[n - 1] > conns[n])
