"""Institute profiles: one institute's occupation selections, its KSAs by competency, the KSAs
it has in common with each other institute, and its most distinctive KSAs.

Computed for every institute at once (one memoised base table per `Framework`); the public
functions return one institute's rows. A KSA is *distinctive* of an institute the fewer other
institutes have it in a connection; ties go to the KSA the institute itself connects to more
occupations, then to the smaller ksa_id.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.statistics.codes import connection_codes, counted_in_order
from competency_framework.statistics.competencies import in_tree_order, ksa_counts_by_competency
from competency_framework.statistics.memo import per_framework
from competency_framework.statistics.occupations import title_selection_counts
from competency_framework.statistics.shares import Share, percents


@per_framework
def _institute_ksas(fw: Framework) -> pd.DataFrame:
    """One row per (institute, KSA) with a connection: the institute's connections to the KSA
    and how many institutes in all have it; sorted by institute_id, ksa_id."""
    c = connection_codes(fw)
    n_ksa = len(c.ksa_ids)
    (institute, ksa), counts = counted_in_order((c.institute, c.institute_rank),
                                                (c.ksa, c.ksa_rank))
    return pd.DataFrame({
        "institute_id": c.institute_ids.take(institute),
        "ksa_id": c.ksa_ids.take(ksa),
        "connections": counts,
        "institutes": np.bincount(ksa, minlength=n_ksa)[ksa],
        "_institute": institute,  # positions in connection_codes(fw)
        "_ksa": ksa,
    })


@per_framework
def _institute_starts(fw: Framework) -> np.ndarray:
    """Where each institute's rows start in `_institute_ksas`, by the institute's rank among
    the sorted ids (one more entry: the end)."""
    c = connection_codes(fw)
    ranks = c.institute_rank[_institute_ksas(fw)["_institute"].to_numpy()]
    return np.searchsorted(ranks, np.arange(len(c.institute_ids) + 1))


def _own_ksas(fw: Framework, institute_id: str) -> pd.DataFrame:
    """The rows of `_institute_ksas` for one institute."""
    c = connection_codes(fw)
    rank = c.institute_rank[c.institute_ids.get_loc(institute_id)]
    starts = _institute_starts(fw)
    return _institute_ksas(fw).iloc[starts[rank]:starts[rank + 1]]


def _require(fw: Framework, institute_id: str) -> None:
    if not (fw.institutes["institute_id"] == institute_id).any():
        known = ", ".join(sorted(fw.institutes["institute_id"]))
        raise KeyError(f"no institute {institute_id!r} in the {fw.edition} edition "
                       f"(its institutes: {known})")


def institute_overview(fw: Framework) -> pd.DataFrame:
    """Every institute with its area and agency (ids and names), its occupation selections,
    its KSAs, its connections and its sole KSAs (those no other institute has); sorted by
    institute name.

    Columns: institute_id, name, area_id, area_name, agency_id, agency_name, selections, ksas,
    connections, sole_ksas.
    """
    c = connection_codes(fw)
    ik = _institute_ksas(fw)
    inst, n_inst = ik["_institute"].to_numpy(), len(c.institute_ids)
    per = pd.DataFrame({
        "ksas": np.bincount(inst, minlength=n_inst),
        "connections": np.bincount(inst, ik["connections"].to_numpy(), n_inst).astype(np.int64),
        "sole_ksas": np.bincount(inst[ik["institutes"].to_numpy() == 1], minlength=n_inst),
    }, index=c.institute_ids)
    sel = fw.institute_occupations.groupby("institute_id").size().rename("selections")
    areas = fw.technology_areas.rename(columns={"name": "area_name"})
    agencies = fw.agencies.rename(columns={"name": "agency_name"})
    out = fw.institutes.merge(areas, on="area_id", how="left").merge(
        agencies, on="agency_id", how="left")
    out = out.merge(sel, left_on="institute_id", right_index=True, how="left")
    out = out.merge(per, left_on="institute_id", right_index=True, how="left")
    for col in ("selections", "ksas", "connections", "sole_ksas"):
        out[col] = out[col].fillna(0).astype(int)
    out = out.assign(_n=out["name"].str.casefold()).sort_values(["_n", "institute_id"])
    cols = ["institute_id", "name", "area_id", "area_name", "agency_id", "agency_name",
            "selections", "ksas", "connections", "sole_ksas"]
    return out[cols].reset_index(drop=True)


def institute_summary(fw: Framework, institute_id: str) -> pd.Series:
    """One institute's row of `institute_overview` (name, area, agency, selections, ksas,
    connections, sole_ksas); KeyError naming the edition's institutes when it has no such
    institute."""
    _require(fw, institute_id)
    return institute_overview(fw).set_index("institute_id").loc[[institute_id]].iloc[0]


def institute_occupations(fw: Framework, institute_id: str) -> pd.DataFrame:
    """The institute's occupation selections: each title with the KSAs essential to it there
    (its connections) and how many institutes in all chose the title; most KSAs first, then
    by title.

    Columns: occupation_id, title, soc_code, ksas, institutes.
    """
    _require(fw, institute_id)
    mine = fw.institute_occupations.loc[fw.institute_occupations["institute_id"] == institute_id,
                                        ["occupation_id"]]
    ek = fw.essential_ksas
    ksas = ek.loc[ek["institute_id"] == institute_id].groupby("occupation_id").size()
    titles = title_selection_counts(fw)[["occupation_id", "title", "soc_code", "institutes"]]
    out = mine.merge(titles, on="occupation_id", how="left", validate="1:1")
    out["ksas"] = out["occupation_id"].map(ksas).fillna(0).astype(int)
    out = out.assign(_t=out["title"].str.casefold()).sort_values(
        ["ksas", "_t", "occupation_id"], ascending=[False, True, True])
    return out[["occupation_id", "title", "soc_code", "ksas", "institutes"]].reset_index(
        drop=True)


def institute_ksas_by_competency(fw: Framework, institute_id: str) -> pd.DataFrame:
    """The competencies the institute's KSAs sit under, in tree order: its KSAs and
    connections under each, and all the framework's KSAs under it. Competencies it selected
    nothing from are left out (see `institute_competencies`).

    Columns: code, name, tier, ksas, connections, framework_ksas.
    """
    _require(fw, institute_id)
    ik = _own_ksas(fw, institute_id)
    comp = fw.ksa_nodes.set_index("ksa_id")["competency"]
    per = ik.assign(code=ik["ksa_id"].map(comp)).groupby("code").agg(
        ksas=("ksa_id", "size"), connections=("connections", "sum"))
    tree = ksa_counts_by_competency(fw)[["code", "name", "tier", "ksas"]].rename(
        columns={"ksas": "framework_ksas"})
    out = tree.merge(per, left_on="code", right_index=True, how="inner")
    out[["ksas", "connections"]] = out[["ksas", "connections"]].astype(int)
    return in_tree_order(out[["code", "name", "tier", "ksas", "connections", "framework_ksas"]])


def institute_competencies(fw: Framework, institute_id: str) -> Share:
    """Competencies the institute selected at least one KSA under, out of all competencies."""
    total = int((fw.competencies["level"] == "competency").sum())
    return Share(len(institute_ksas_by_competency(fw, institute_id)), total)


def institute_shared_ksas(fw: Framework, institute_id: str) -> pd.DataFrame:
    """Every other institute with the KSAs it has in common with `institute_id`, as a count and
    as a whole percent of `institute_id`'s own KSAs; whether it is in the same technology area.
    Most shared first, then by name.

    Columns: other_institute_id, name, area_id, area_name, same_area, shared_ksas, own_ksas,
    percent.
    """
    _require(fw, institute_id)
    c = connection_codes(fw)
    ik = _institute_ksas(fw)
    mine = np.zeros(len(c.ksa_ids), dtype=bool)
    mine[_own_ksas(fw, institute_id)["_ksa"].to_numpy()] = True
    shared = pd.Series(np.bincount(ik["_institute"].to_numpy()[mine[ik["_ksa"].to_numpy()]],
                                   minlength=len(c.institute_ids)), index=c.institute_ids)
    overview = institute_overview(fw).set_index("institute_id")
    own = int(overview["ksas"].loc[institute_id])
    others = overview.drop(index=institute_id)[["name", "area_id", "area_name"]]
    out = others.reset_index(names="other_institute_id")
    out["same_area"] = out["area_id"] == overview.at[institute_id, "area_id"]
    out["shared_ksas"] = shared.reindex(others.index, fill_value=0).astype(int).to_numpy()
    out["own_ksas"] = own
    out["percent"] = percents(out["shared_ksas"].to_numpy(), own)
    out = out.assign(_n=out["name"].str.casefold()).sort_values(
        ["shared_ksas", "_n", "other_institute_id"], ascending=[False, True, True])
    cols = ["other_institute_id", "name", "area_id", "area_name", "same_area", "shared_ksas",
            "own_ksas", "percent"]
    return out[cols].reset_index(drop=True)


def distinctive_ksas(fw: Framework, institute_id: str, n: int | None = None) -> pd.DataFrame:
    """The institute's KSAs ranked by how few other institutes have them, then by its own
    connections to them (descending), then ksa_id; the first `n` when given.

    Columns: rank, ksa_id, statement, statement_source, code, code_name, connections,
    other_institutes.
    """
    _require(fw, institute_id)
    ik = _own_ksas(fw, institute_id)
    ksas = fw.ksas[["statement", "statement_source", "code"]].take(ik["_ksa"].to_numpy())
    out = pd.concat([ik[["ksa_id", "connections"]].reset_index(drop=True),
                     ksas.reset_index(drop=True)], axis=1)
    out["other_institutes"] = ik["institutes"].to_numpy() - 1
    out["code_name"] = out["code"].map(fw.competencies.set_index("code")["name"])
    out = out.sort_values(["other_institutes", "connections", "ksa_id"],
                          ascending=[True, False, True], ignore_index=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    cols = ["rank", "ksa_id", "statement", "statement_source", "code", "code_name",
            "connections", "other_institutes"]
    return (out if n is None else out.head(n))[cols]


def institutes_by_agency(fw: Framework) -> pd.DataFrame:
    """Each sponsoring agency with its institutes (names sorted), agencies by name; agencies
    sponsoring none are left out.

    Columns: agency_id, agency_name, institutes, institute_names (list of str).
    """
    out = institute_overview(fw).groupby("agency_id", sort=False).agg(
        agency_name=("agency_name", "first"), institutes=("name", "size"),
        institute_names=("name", list)).reset_index()
    out = out.assign(_n=out["agency_name"].str.casefold()).sort_values(["_n", "agency_id"])
    return out.drop(columns="_n").reset_index(drop=True)
