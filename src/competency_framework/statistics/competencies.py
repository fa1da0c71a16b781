"""The competency tree and how many essential KSAs each part of it holds (Tables 1, A1, A2;
the shares of KSAs per competency in the methodology chapter)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.statistics.codes import connection_codes, distinct_pairs
from competency_framework.statistics.shares import Share


def code_sort_key(codes: pd.Series) -> pd.Series:
    """Sort key putting report codes in tree order ("4.3.4" before "4.3.29")."""
    parts = codes.astype(str).str.split(".", expand=True).fillna("")
    padded = parts.apply(lambda col: col.str.zfill(4))
    key: pd.Series = padded.agg(".".join, axis=1)
    return key


def in_tree_order(frame: pd.DataFrame, column: str = "code") -> pd.DataFrame:
    """`frame` sorted by its `column` of report codes in tree order, index reset."""
    return frame.sort_values(column, key=code_sort_key, kind="stable", ignore_index=True)


def ksa_counts_by_node(fw: Framework) -> pd.DataFrame:
    """Essential KSAs catalogued directly under each node of the tree (the count column of
    Tables A1 and A2), one row per node in tree order.

    Columns: code, name, level, tier, parent_code, ksas.
    """
    direct = fw.ksas.groupby("code").size().rename("ksas")
    out = fw.competencies[["code", "name", "level", "tier", "parent_code"]].merge(
        direct, left_on="code", right_index=True, how="left"
    )
    out["ksas"] = out["ksas"].fillna(0).astype(int)
    return in_tree_order(out)


def ksa_counts_by_competency(fw: Framework) -> pd.DataFrame:
    """For each competency (level `competency`, e.g. 4.2), the KSAs catalogued under it or its
    sub-competencies, their connections and the institutes selecting them; tree order.

    Columns: code, name, tier, sub_competencies, ksas, connections, institutes.
    """
    comps = fw.competencies.loc[fw.competencies["level"] == "competency", ["code", "name", "tier"]]
    subs = (
        fw.competencies.loc[fw.competencies["level"] == "sub_competency"]
        .groupby("parent_code").size().rename("sub_competencies")
    )
    ksas = fw.ksa_nodes.groupby("competency").size().rename("ksas")
    c = connection_codes(fw)
    n = len(c.competency_ids)
    pair_ksa, pair_institute = c.ksa_institute_pairs
    comp_of_pairs, _ = distinct_pairs(c.ksa_competency[pair_ksa], pair_institute,
                                      len(c.institute_ids))
    conns = pd.DataFrame({
        "connections": np.bincount(c.ksa_competency[c.ksa], minlength=n),
        "institutes": np.bincount(comp_of_pairs, minlength=n),
    }, index=c.competency_ids)
    out = comps.merge(subs, left_on="code", right_index=True, how="left")
    out = out.merge(ksas, left_on="code", right_index=True, how="left")
    out = out.merge(conns, left_on="code", right_index=True, how="left")
    for col in ("sub_competencies", "ksas", "connections", "institutes"):
        out[col] = out[col].fillna(0).astype(int)
    return in_tree_order(out)


def ksa_counts_by_tier(fw: Framework) -> pd.DataFrame:
    """For each tier 1-5: its name, competencies, sub-competencies, and the KSAs under it.

    Columns: tier, name, competencies, sub_competencies, ksas.
    """
    comp = fw.competencies
    tiers = comp.loc[comp["level"] == "tier", ["tier", "name"]]
    levels = comp.groupby(["tier", "level"]).size().unstack(fill_value=0)
    levels = levels.reindex(columns=["competency", "sub_competency"], fill_value=0)
    levels.columns = ["competencies", "sub_competencies"]
    ksas = fw.ksa_nodes.groupby("tier").size().rename("ksas")
    out = tiers.merge(levels, left_on="tier", right_index=True, how="left")
    out = out.merge(ksas, left_on="tier", right_index=True, how="left")
    for col in ("competencies", "sub_competencies", "ksas"):
        out[col] = out[col].fillna(0).astype(int)
    return out.sort_values("tier", ignore_index=True)


def core_competencies(fw: Framework) -> pd.DataFrame:
    """The core competencies: every competency of tiers 4 and 5 (13 in 2025), tree order.

    Columns: code, name, tier, source_framework, source_ref, definition.
    """
    comp = fw.competencies
    rows = comp.loc[(comp["level"] == "competency") & comp["tier"].isin([4, 5])]
    cols = ["code", "name", "tier", "source_framework", "source_ref", "definition"]
    return in_tree_order(rows[cols])


def competency_definitions(fw: Framework, tier: int = 5) -> pd.DataFrame:
    """The working definitions of one tier's competencies (Table 1 for tier 5), tree order.

    Columns: code, name, definition.
    """
    core = core_competencies(fw)
    return core.loc[core["tier"] == tier, ["code", "name", "definition"]].reset_index(drop=True)


def ksas_under(fw: Framework, code: str) -> Share:
    """KSAs catalogued at node `code` or anywhere below it, out of all KSAs (e.g. "4.2":
    Operations Management's share; "4": the tier-4 share)."""
    nodes = fw.ksa_nodes
    level = fw.competencies.set_index("code").at[code, "level"]
    if level == "tier":
        inside = nodes["tier"] == int(code)
    else:
        inside = nodes[level] == code
    return Share(int(inside.sum()), len(nodes))


def competencies_selected(fw: Framework, tier: int) -> Share:
    """Competencies of `tier` with at least one essential KSA selected by an institute, out of
    the tier's competencies ("all six tier-4 competencies were identified as essential")."""
    counts = ksa_counts_by_competency(fw)
    counts = counts.loc[counts["tier"] == tier]
    return Share(int((counts["institutes"] > 0).sum()), len(counts))
