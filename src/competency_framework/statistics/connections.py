"""Connection counts the figures size their circles and lines by, where no other statistic
gives them: connections per agency, institute, occupation selection, or any pair of these with
a KSA or competency (Figure 2's nodes and aggregated edges)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.statistics.codes import connection_codes

GROUPABLE = ("institute_id", "occupation_id", "ksa_id", "area_id", "agency_id", "code", "tier",
             "competency", "sub_competency")
_CODED = ("institute_id", "occupation_id", "ksa_id", "area_id", "agency_id", "competency")


def _coded_columns(fw: Framework) -> dict[str, tuple[np.ndarray, pd.Index]]:
    """Per-connection positions and their id index for the keys the integer codes carry."""
    c = connection_codes(fw)
    agency_ids = pd.Index(fw.agencies["agency_id"])
    agency_of_institute = agency_ids.get_indexer(fw.institutes["agency_id"]).astype(np.int64)
    return {
        "institute_id": (c.institute, c.institute_ids),
        "occupation_id": (c.occupation, c.occupation_ids),
        "ksa_id": (c.ksa, c.ksa_ids),
        "area_id": (c.area, c.area_ids),
        "agency_id": (agency_of_institute[c.institute], agency_ids),
        "competency": (c.ksa_competency[c.ksa], c.competency_ids),
    }


def connections_by(fw: Framework, keys: list[str]) -> pd.DataFrame:
    """Connections (rows of essential_ksas.csv) per distinct combination of `keys`, columns of
    `Framework.connections` (e.g. ["agency_id"], ["institute_id", "occupation_id"],
    ["area_id", "ksa_id"]); combinations without connections are absent.

    Columns: the keys, connections. Sorted by the keys.
    """
    unknown = [k for k in keys if k not in GROUPABLE]
    if unknown or not keys or len(set(keys)) != len(keys):
        raise ValueError(f"cannot group connections by {keys!r}; choose from {GROUPABLE}")
    if not all(k in _CODED for k in keys):
        sizes = fw.connections.groupby(keys, sort=True).size().rename("connections")
        return sizes.reset_index().astype({"connections": "int64"})
    columns = _coded_columns(fw)
    combined = np.zeros(len(fw.essential_ksas), dtype=np.int64)
    for k in keys:  # one integer per combination, mixed radix
        positions, ids = columns[k]
        combined = combined * len(ids) + positions
    found, counts = np.unique(combined, return_counts=True)
    out = {}
    for k in reversed(keys):
        positions, ids = columns[k]
        out[k] = ids.to_numpy()[found % len(ids)]
        found = found // len(ids)
    frame = pd.DataFrame({k: out[k] for k in keys}).assign(connections=counts.astype("int64"))
    return frame.sort_values(keys, ignore_index=True)


def selection_connections(fw: Framework) -> pd.DataFrame:
    """Every occupation selection with its connections (0 when it has none), its title and its
    institute's area and agency; sorted by institute_id, occupation_id.

    Columns: institute_id, occupation_id, title, area_id, agency_id, connections.
    """
    c = connection_codes(fw)
    n_occ = len(c.occupation_ids)
    found, counts = np.unique(c.institute.astype(np.int64) * n_occ + c.occupation,
                              return_counts=True)
    inst, occ = c.selection_institute, c.selection_occupation
    keys = inst.astype(np.int64) * n_occ + occ
    at = np.searchsorted(found, keys)
    hit = at < len(found)
    hit[hit] = found[at[hit]] == keys[hit]
    connections = np.zeros(len(keys), dtype=np.int64)
    connections[hit] = counts[at[hit]]
    order = np.lexsort((c.occupation_rank[occ], c.institute_rank[inst]))
    inst, occ = inst[order], occ[order]
    return pd.DataFrame({
        "institute_id": c.institute_ids.take(inst),
        "occupation_id": c.occupation_ids.take(occ),
        "title": fw.occupations["title"].take(occ).array,
        "area_id": c.area_ids.take(c.institute_area[inst]),
        "agency_id": fw.institutes["agency_id"].take(inst).array,
        "connections": connections[order],
    })
