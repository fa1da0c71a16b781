"""Connections as integer codes, so that statistics group a million rows in milliseconds.

Each connection's KSA, institute, occupation and area become positions in the edition's own
tables (`fw.ksas`, `fw.institutes`, `fw.occupations`, `fw.technology_areas`); statistics count
with `np.bincount` and find distinct pairs with `pd.unique` on those integers instead of
grouping strings. Built once per Framework (see `memo`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..framework import Framework
from .memo import per_framework


@dataclass(frozen=True, eq=False)
class ConnectionCodes:
    """Per-connection positions (`ksa`, `institute`, `occupation`, `area`) into the id indexes,
    plus per-KSA and per-institute lookups."""

    ksa_ids: pd.Index
    institute_ids: pd.Index
    occupation_ids: pd.Index
    area_ids: pd.Index
    competency_ids: pd.Index  # competency codes, "" last for KSAs hung on a tier root
    ksa: np.ndarray
    institute: np.ndarray
    occupation: np.ndarray
    area: np.ndarray
    institute_area: np.ndarray  # per institute: position of its area
    ksa_competency: np.ndarray  # per KSA: position of its competency in competency_ids

    @cached_property
    def ksa_institute_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (KSA, institute) pairs with a connection, as two position arrays."""
        return distinct_pairs(self.ksa, self.institute, len(self.institute_ids))


def distinct_pairs(first: np.ndarray, second: np.ndarray, n_second: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (first, second) rows of two non-negative integer arrays."""
    keys = pd.unique(first.astype(np.int64) * n_second + second)
    return keys // n_second, keys % n_second


def _positions(index: pd.Index, values: pd.Series) -> np.ndarray:
    return index.get_indexer(values).astype(np.int64)


@per_framework
def connection_codes(fw: Framework) -> ConnectionCodes:
    """The edition's connections as integer codes (memoised; treat as read-only)."""
    ksa_ids = pd.Index(fw.ksas["ksa_id"])
    institute_ids = pd.Index(fw.institutes["institute_id"])
    area_ids = pd.Index(fw.technology_areas["area_id"])
    nodes = fw.ksa_nodes.set_index("ksa_id").reindex(ksa_ids)
    comps = fw.competencies.loc[fw.competencies["level"] == "competency", "code"].tolist()
    competency_ids = pd.Index([*comps, ""])
    ek = fw.essential_ksas
    institute = _positions(institute_ids, ek["institute_id"])
    institute_area = _positions(area_ids, fw.institutes["area_id"])
    return ConnectionCodes(
        ksa_ids=ksa_ids,
        institute_ids=institute_ids,
        occupation_ids=pd.Index(fw.occupations["occupation_id"]),
        area_ids=area_ids,
        competency_ids=competency_ids,
        ksa=_positions(ksa_ids, ek["ksa_id"]),
        institute=institute,
        occupation=_positions(pd.Index(fw.occupations["occupation_id"]), ek["occupation_id"]),
        area=institute_area[institute],
        institute_area=institute_area,
        ksa_competency=_positions(competency_ids, nodes["competency"]),
    )
