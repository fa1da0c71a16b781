"""How the framework's KSAs align with the external models it builds on (DOL AMCM, DOL BCM,
DOL ITCM, NICE Framework), through `competencies.source_framework`.

A KSA aligns with the model its node derives from. A node with an empty `source_framework`
inherits the nearest non-empty one above it (a sub-competency of 5.3 derives from DOL ITCM even
where only 5.3 names it); a KSA whose whole path is empty (5.1, 5.2, 5.7 in 2025) aligns with
no external model.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.statistics.competencies import in_tree_order
from competency_framework.statistics.shares import Share


def node_source_frameworks(fw: Framework) -> pd.DataFrame:
    """Each node of the tree with the model it derives from, inherited from its ancestors where
    its own cell is empty. Columns: code, source_framework."""
    comp = fw.competencies
    parent = dict(zip(comp["code"], comp["parent_code"], strict=True))
    own = dict(zip(comp["code"], comp["source_framework"], strict=True))

    def inherited(code: str) -> str:
        while code and not own.get(code, ""):
            code = parent.get(code, "")
        return own.get(code, "") if code else ""

    # The tree has a few hundred nodes at most: a walk per node is cheap and clear.
    return pd.DataFrame(
        {"code": comp["code"], "source_framework": [inherited(c) for c in comp["code"]]}
    )


def ksa_source_frameworks(fw: Framework) -> pd.DataFrame:
    """Each KSA with the external model it aligns with ("" for none), sorted by ksa_id.

    Columns: ksa_id, code, source_framework.
    """
    out = fw.ksas[["ksa_id", "code"]].merge(node_source_frameworks(fw), on="code", how="left")
    return out.sort_values("ksa_id", ignore_index=True)


def ksas_by_source_framework(fw: Framework) -> pd.DataFrame:
    """KSAs per external model ("" for KSAs aligned with none), with the total.

    Columns: source_framework, ksas, total. Sorted by ksas descending, then name.
    """
    counts = ksa_source_frameworks(fw).groupby("source_framework").size().rename("ksas")
    out = counts.reset_index()
    out["total"] = len(fw.ksas)
    return out.sort_values(["ksas", "source_framework"], ascending=[False, True],
                           ignore_index=True)


def aligned_ksas(fw: Framework, frameworks: Iterable[str] | None = None) -> Share:
    """KSAs aligned with any of `frameworks` (default: with any external model), out of all
    KSAs ("91% align with one of the four models"; "78% aligned with the DOL AMCM")."""
    sources = ksa_source_frameworks(fw)["source_framework"]
    hit = sources.ne("") if frameworks is None else sources.isin(list(frameworks))
    return Share(int(hit.sum()), len(sources))


def external_references(fw: Framework) -> pd.DataFrame:
    """Tier-5 nodes deriving from an external model, and any node citing an id in one (Table
    A2's last column); the model is inherited as in `node_source_frameworks`. Tree order.

    Columns: code, name, level, tier, source_framework, source_ref.
    """
    comp = fw.competencies.drop(columns="source_framework").merge(
        node_source_frameworks(fw), on="code", how="left"
    )
    cites = (comp["source_ref"] != "") | ((comp["tier"] == 5) & (comp["source_framework"] != ""))
    cols = ["code", "name", "level", "tier", "source_framework", "source_ref"]
    return in_tree_order(comp.loc[cites, cols])
