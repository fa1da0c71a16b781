"""Technology-area statistics: the institutes of each area (Table 2), the KSAs each area
selects and how many of its institutes share them, which are specific to it, the directed
connections between areas (Figures 5, 7, 9, 11, 13), the frequently selected lists, the
competency x area matrix (Figure 3) and each area's institute x occupation x competency
connections (Figures 4, 6, 8, 10, 12).

Readings (DATA_CONTRACT.md and the lead's readings 3, 4, 6): a KSA belongs to an area when one
of the area's institutes has it in a connection; it is specific to the area when it belongs to
no other; "shared by k institutes in area X" counts distinct institutes of X.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.statistics.codes import connection_codes, counted_in_order, sorted_ranks
from competency_framework.statistics.competencies import code_sort_key, core_competencies
from competency_framework.statistics.memo import per_framework


@per_framework
def _area_ksas(fw: Framework) -> pd.DataFrame:
    c = connection_codes(fw)
    n_ksa = len(c.ksa_ids)
    size = len(c.area_ids) * n_ksa
    connections = np.bincount(c.area * n_ksa + c.ksa, minlength=size)
    pair_ksa, pair_institute = c.ksa_institute_pairs
    institutes = np.bincount(c.institute_area[pair_institute] * n_ksa + pair_ksa, minlength=size)
    present = np.flatnonzero(connections)
    area, ksa = present // n_ksa, present % n_ksa
    order = np.lexsort((c.ksa_rank[ksa], c.area_rank[area]))
    present, area, ksa = present[order], area[order], ksa[order]
    areas = np.bincount(ksa, minlength=n_ksa)[ksa]
    nodes = fw.ksa_nodes[["statement", "code", "tier", "competency", "sub_competency"]]
    out = pd.concat([
        pd.DataFrame({"area_id": c.area_ids.take(area), "ksa_id": c.ksa_ids.take(ksa)}),
        nodes.take(ksa).reset_index(drop=True),  # ksa_nodes has fw.ksas' rows, in order
        pd.DataFrame({
            "connections": connections[present], "institutes": institutes[present],
            "area_institutes": np.bincount(c.institute_area, minlength=len(c.area_ids))[area],
            "areas": areas, "specific": areas == 1,
        }),
    ], axis=1)
    return out


def area_institutes(fw: Framework) -> pd.DataFrame:
    """Each technology area's institutes (Table 2), areas by name, institutes by name (case
    ignored; names are unique, file order would break a tie).

    Columns: area_id, area_name, institute_id, institute_name, agency_id.
    """
    areas = fw.technology_areas.rename(columns={"name": "area_name"})
    inst = fw.institutes.rename(columns={"name": "institute_name"})
    out = inst.merge(areas, on="area_id", how="inner")
    order = np.lexsort((sorted_ranks(out["institute_name"].str.casefold()),
                        sorted_ranks(out["area_name"].str.casefold())))
    out = out.take(order).reset_index(drop=True)
    return out[["area_id", "area_name", "institute_id", "institute_name", "agency_id"]]


def area_overview(fw: Framework) -> pd.DataFrame:
    """Per area: its institutes, the KSAs it selects, how many are specific to it, and its
    connections and occupation selections. Columns: area_id, name, institutes, ksas,
    specific_ksas, connections, selections. Sorted by area name."""
    c = connection_codes(fw)
    n = len(c.area_ids)
    ak = _area_ksas(fw)
    per = ak.groupby("area_id").agg(
        ksas=("ksa_id", "size"), specific_ksas=("specific", "sum"),
        connections=("connections", "sum"),
    ).reindex(c.area_ids, fill_value=0)
    out = fw.technology_areas.reset_index(drop=True)
    out["institutes"] = np.bincount(c.institute_area, minlength=n)
    for col in ("ksas", "specific_ksas", "connections"):
        out[col] = per[col].to_numpy().astype(int)
    out["selections"] = np.bincount(c.institute_area[c.selection_institute], minlength=n)
    order = np.lexsort((c.area_rank, sorted_ranks(out["name"].str.casefold())))
    return out.take(order).reset_index(drop=True)


def area_summary(fw: Framework, area_id: str) -> pd.Series:
    """One area's row of `area_overview` (name, institutes, selections, ksas, specific_ksas,
    connections); KeyError naming the edition's areas when it has no such area."""
    overview = area_overview(fw).set_index("area_id")
    if area_id not in overview.index:
        raise KeyError(f"no technology area {area_id!r} in the {fw.edition} edition "
                       f"(its areas: {', '.join(overview.index)})")
    return overview.loc[[area_id]].iloc[0]


def area_ksas(fw: Framework) -> pd.DataFrame:
    """One row per (area, KSA belonging to it): the area's connections to the KSA, how many of
    the area's institutes have it (of how many), how many areas it belongs to, whether it is
    specific to the area. Sorted by area_id, ksa_id.

    Columns: area_id, ksa_id, statement, code, tier, competency, sub_competency, connections,
    institutes, area_institutes, areas, specific.
    """
    return _area_ksas(fw).copy()


def area_ksa_counts(fw: Framework) -> pd.DataFrame:
    """KSAs of each area by the number of the area's institutes sharing them, whether they are
    specific to the area, and tier: the table every "N of the M KSAs" figure sums over.

    Columns: area_id, area_institutes, institutes, specific, tier, ksas.
    """
    keys = ["area_id", "area_institutes", "institutes", "specific", "tier"]
    counts = _area_ksas(fw).groupby(keys).size().rename("ksas").reset_index()
    return counts.sort_values(keys, ignore_index=True)


def area_ksa_count(
    fw: Framework,
    area_id: str,
    *,
    min_institutes: int = 1,
    max_institutes: int | None = None,
    all_institutes: bool = False,
    specific: bool | None = None,
    tier: int | None = None,
) -> int:
    """KSAs of `area_id` shared by between `min_institutes` and `max_institutes` of the area's
    institutes (`all_institutes`: by every one of them), optionally only those specific to the
    area (`specific=True`) or not (`False`), optionally only those of one `tier`.

    E.g. digital/automation's "56 unique KSAs" is `specific=True`; "32 of those selected by
    more than one" adds `min_institutes=2`; biomanufacturing's "41 selected by all three" is
    `all_institutes=True`.
    """
    ak = _area_ksas(fw)
    keep = (ak["area_id"] == area_id) & (ak["institutes"] >= min_institutes)
    if max_institutes is not None:
        keep &= ak["institutes"] <= max_institutes
    if all_institutes:
        keep &= ak["institutes"] == ak["area_institutes"]
    if specific is not None:
        keep &= ak["specific"] == specific
    if tier is not None:
        keep &= ak["tier"] == tier
    return int(keep.sum())


def area_connections_to_other_areas(fw: Framework) -> pd.DataFrame:
    """For every ordered pair of different areas (X, Y): the connections made by X's institutes
    whose KSA also belongs to Y (reading 3: differs by direction), and the KSAs X and Y share.

    Columns: area_id, other_area_id, connections, shared_ksas. Sorted by both ids; every
    ordered pair appears, zeros included.
    """
    ak = _area_ksas(fw)[["area_id", "ksa_id", "connections"]]
    belongs = ak[["ksa_id", "area_id"]].rename(columns={"area_id": "other_area_id"})
    pairs = ak.merge(belongs, on="ksa_id")
    pairs = pairs.loc[pairs["area_id"] != pairs["other_area_id"]]
    sums = pairs.groupby(["area_id", "other_area_id"]).agg(
        connections=("connections", "sum"), shared_ksas=("ksa_id", "size")
    )
    ids = fw.technology_areas["area_id"].sort_values().tolist()
    grid = pd.MultiIndex.from_tuples(
        [(x, y) for x in ids for y in ids if x != y], names=["area_id", "other_area_id"]
    )
    return sums.reindex(grid, fill_value=0).astype(int).reset_index()


def frequently_selected_ksas(fw: Framework) -> pd.DataFrame:
    """Each area's KSAs ranked by the area's connections to them (then by the area's institutes
    sharing them, then ksa_id), separately for KSAs specific to the area (`scope` "specific")
    and KSAs it shares with other areas ("network-wide"): reading 6.

    Columns: area_id, scope, rank, ksa_id, statement, code, sub_competency, connections,
    institutes, areas.
    """
    ak = _area_ksas(fw)
    out = ak.assign(scope=ak["specific"].map({True: "specific", False: "network-wide"}))
    out = out.sort_values(
        ["area_id", "scope", "connections", "institutes", "ksa_id"],
        ascending=[True, False, False, False, True], ignore_index=True,
    )
    out["rank"] = out.groupby(["area_id", "scope"]).cumcount() + 1
    cols = ["area_id", "scope", "rank", "ksa_id", "statement", "code", "sub_competency",
            "connections", "institutes", "areas"]
    return out[cols]


def area_frequent_ksas(fw: Framework, area_id: str, scope: str, n: int) -> pd.DataFrame:
    """The first `n` of one area's frequently selected KSAs of `scope` ("specific" or
    "network-wide"), with the columns of `frequently_selected_ksas`."""
    ranked = frequently_selected_ksas(fw)
    ranked = ranked.loc[ranked["area_id"] == area_id]
    return ranked.loc[ranked["scope"] == scope].head(n)


def competency_area_connections(fw: Framework) -> pd.DataFrame:
    """Connections between each core competency and each area (Figure 3): the area's
    connections to KSAs of the competency, and the distinct KSAs involved. Every pair appears,
    zeros included; competencies in tree order, areas by id.

    Columns: competency, competency_name, area_id, connections, ksas.
    """
    c = connection_codes(fw)
    n_area = len(c.area_ids)
    size = len(c.competency_ids) * n_area
    comp = c.ksa_competency[c.ksa]
    connections = np.bincount(comp * n_area + c.area, minlength=size)
    ak = _area_ksas(fw)
    ak_comp = c.ksa_competency[c.ksa_ids.get_indexer(pd.Index(ak["ksa_id"]))]
    ak_area = c.area_ids.get_indexer(pd.Index(ak["area_id"]))
    ksas = np.bincount(ak_comp * n_area + ak_area, minlength=size)
    grid = pd.DataFrame({
        "competency": np.repeat(c.competency_ids.to_numpy(), n_area),
        "area_id": np.tile(c.area_ids.to_numpy(), len(c.competency_ids)),
        "connections": connections, "ksas": ksas,
    })
    core = core_competencies(fw)[["code", "name"]].rename(
        columns={"code": "competency", "name": "competency_name"}
    )
    out = core.merge(grid, on="competency", how="left")
    out = out.sort_values("area_id", kind="stable").sort_values(
        "competency", key=code_sort_key, kind="stable", ignore_index=True
    )
    return out[["competency", "competency_name", "area_id", "connections", "ksas"]]


def area_institute_occupation_competency(fw: Framework, area_id: str | None = None
                                         ) -> pd.DataFrame:
    """Connections per (institute, occupation, competency) within each area (Figures 4, 6, 8,
    10, 12); only `area_id`'s rows when given. Rows with connections only, sorted by area,
    institute and occupation ids, then competencies in tree order.

    Columns: area_id, institute_id, occupation_id, competency, connections.
    """
    c = connection_codes(fw)
    comp, inst, occ = c.ksa_competency[c.ksa], c.institute, c.occupation
    if area_id is not None:
        keep = c.area == c.area_ids.get_loc(area_id)
        comp, inst, occ = comp[keep], inst[keep], occ[keep]
    # institutes ranked by area, then id
    by_area = np.lexsort((c.institute_rank, c.area_rank[c.institute_area]))
    inst_rank = np.empty(len(by_area), dtype=np.int64)
    inst_rank[by_area] = np.arange(len(by_area))
    (inst_pos, occ_pos, comp_pos), counts = counted_in_order(
        (inst, inst_rank), (occ, c.occupation_rank), (comp, c.competency_rank))
    return pd.DataFrame({
        "area_id": c.area_ids.take(c.institute_area[inst_pos]),
        "institute_id": c.institute_ids.take(inst_pos),
        "occupation_id": c.occupation_ids.take(occ_pos),
        "competency": c.competency_ids.take(comp_pos),
        "connections": counts,
    })
