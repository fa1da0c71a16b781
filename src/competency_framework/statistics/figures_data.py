"""Connection counts the figures size their circles and lines by, where no other statistic
gives them: connections per agency, institute, occupation selection, or any pair of these with
a KSA or competency (Figure 2's nodes and aggregated edges)."""

from __future__ import annotations

import pandas as pd

from ..framework import Framework

GROUPABLE = ("institute_id", "occupation_id", "ksa_id", "area_id", "agency_id", "code", "tier",
             "competency", "sub_competency")


def connections_by(fw: Framework, keys: list[str]) -> pd.DataFrame:
    """Connections (rows of essential_ksas.csv) per distinct combination of `keys`, columns of
    `Framework.connections` (e.g. ["agency_id"], ["institute_id", "occupation_id"],
    ["area_id", "ksa_id"]); combinations without connections are absent.

    Columns: the keys, connections. Sorted by the keys.
    """
    unknown = [k for k in keys if k not in GROUPABLE]
    if unknown or not keys:
        raise ValueError(f"cannot group connections by {keys!r}; choose from {GROUPABLE}")
    counts = fw.connections.groupby(keys, sort=True).size().rename("connections")
    return counts.reset_index().astype({"connections": "int64"})


def selection_connections(fw: Framework) -> pd.DataFrame:
    """Every occupation selection with its connections (0 when it has none), its title and its
    institute's area and agency; sorted by institute_id, occupation_id.

    Columns: institute_id, occupation_id, title, area_id, agency_id, connections.
    """
    counts = connections_by(fw, ["institute_id", "occupation_id"])
    out = fw.selections[["institute_id", "occupation_id", "title", "area_id", "agency_id"]]
    out = out.merge(counts, on=["institute_id", "occupation_id"], how="left", validate="1:1")
    out["connections"] = out["connections"].fillna(0).astype("int64")
    return out.sort_values(["institute_id", "occupation_id"], ignore_index=True)
