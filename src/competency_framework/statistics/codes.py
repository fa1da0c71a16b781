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

from competency_framework.edition.framework import Framework
from competency_framework.statistics.memo import per_framework


@dataclass(frozen=True, eq=False)
class ConnectionCodes:
    """Per-connection positions (`ksa`, `institute`, `occupation`, `area`) into the id indexes,
    plus per-KSA and per-institute lookups."""

    ksa_ids: pd.Index[str]
    institute_ids: pd.Index[str]
    occupation_ids: pd.Index[str]
    area_ids: pd.Index[str]
    competency_ids: pd.Index[str]  # competency codes, "" last for KSAs hung on a tier root
    ksa: np.ndarray
    institute: np.ndarray
    occupation: np.ndarray
    area: np.ndarray
    institute_area: np.ndarray  # per institute: position of its area
    ksa_competency: np.ndarray  # per KSA: position of its competency in competency_ids
    selection_institute: np.ndarray  # per occupation selection (institute_occupations row)
    selection_occupation: np.ndarray

    @cached_property
    def ksa_institute_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (KSA, institute) pairs with a connection, as two position arrays."""
        return distinct_pairs(self.ksa, self.institute, len(self.institute_ids))

    @cached_property
    def institute_rank(self) -> np.ndarray:
        """Per institute: its place when institute ids are sorted."""
        return sorted_ranks(self.institute_ids)

    @cached_property
    def ksa_rank(self) -> np.ndarray:
        """Per KSA: its place when KSA ids are sorted."""
        return sorted_ranks(self.ksa_ids)

    @cached_property
    def occupation_rank(self) -> np.ndarray:
        """Per occupation: its place when occupation ids are sorted."""
        return sorted_ranks(self.occupation_ids)

    @cached_property
    def area_rank(self) -> np.ndarray:
        """Per area: its place when area ids are sorted."""
        return sorted_ranks(self.area_ids)

    @cached_property
    def competency_rank(self) -> np.ndarray:
        """Per competency: its place in tree order ("4.2" before "4.10"; "" last)."""
        def key(code: str) -> tuple[int, ...]:
            return tuple(int(p) for p in code.split(".")) if code else (10**9,)

        keys = [key(code) for code in self.competency_ids]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        ranks = np.empty(len(order), dtype=np.int64)
        ranks[order] = np.arange(len(order))
        return ranks


def sorted_ranks(values: pd.Index | pd.Series | np.ndarray) -> np.ndarray:
    """Each string's place in sorted (code point) order; equal strings share a place.

    Sorts a fixed-width unicode copy: numpy compares those in C, several times faster than
    sorting Python string objects.
    """
    text = np.asarray(values, dtype=object).astype(str)
    order = np.argsort(text, kind="stable")
    ordered = text[order]
    new = np.ones(len(ordered), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    ranks = np.empty(len(ordered), dtype=np.int64)
    ranks[order] = np.cumsum(new) - 1
    return ranks


def counted_in_order(*columns: tuple[np.ndarray, np.ndarray]
                     ) -> tuple[list[np.ndarray], np.ndarray]:
    """The distinct rows of integer position columns, with how often each occurs, sorted.

    Each column comes with its rank array (a position's place in the order wanted), so one
    `np.unique` over the rows, encoded in rank space, returns them sorted by the first column's
    ranks, then the second's ... Returns the columns' positions and the counts."""
    key = np.zeros(len(columns[0][0]), dtype=np.int64)
    for positions, rank in columns:
        key = key * len(rank) + rank[positions]
    keys, counts = np.unique(key, return_counts=True)
    out = []
    for _, rank in reversed(columns):
        out.append(np.argsort(rank)[keys % len(rank)])
        keys = keys // len(rank)
    return out[::-1], counts


def distinct_pairs(first: np.ndarray, second: np.ndarray, n_second: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (first, second) rows of two non-negative integer arrays."""
    keys = pd.unique(first.astype(np.int64) * n_second + second)
    return keys // n_second, keys % n_second


def _positions(keys: pd.Series, values: pd.Series) -> np.ndarray:
    """Position in `keys` (a table's unique primary key) of each of `values` (a foreign key
    the loader has checked): one factorisation of keys and values together, where the keys
    come first and so take codes 0..n-1 in order."""
    codes, _ = pd.factorize(pd.concat([keys, values], ignore_index=True))
    out = codes[len(keys):].astype(np.int64)
    if len(out) and out.max() >= len(keys):
        raise ValueError(f"{values.name}: a value is not among the keys")
    return out


@per_framework
def connection_codes(fw: Framework) -> ConnectionCodes:
    """The edition's connections as integer codes (memoised; treat as read-only)."""
    ksas, institutes, occupations = fw.ksas["ksa_id"], fw.institutes["institute_id"], \
        fw.occupations["occupation_id"]
    areas = fw.technology_areas["area_id"]
    comps = fw.competencies.loc[fw.competencies["level"] == "competency", "code"].tolist()
    competency_ids = pd.Index([*comps, ""])
    nodes = fw.ksa_nodes.set_index("ksa_id").reindex(ksas)["competency"]
    ek, sel = fw.essential_ksas, fw.institute_occupations
    institute = _positions(institutes, ek["institute_id"])
    institute_area = _positions(areas, fw.institutes["area_id"])
    return ConnectionCodes(
        ksa_ids=pd.Index(ksas),
        institute_ids=pd.Index(institutes),
        occupation_ids=pd.Index(occupations),
        area_ids=pd.Index(areas),
        competency_ids=competency_ids,
        ksa=_positions(ksas, ek["ksa_id"]),
        institute=institute,
        occupation=_positions(occupations, ek["occupation_id"]),
        area=institute_area[institute],
        institute_area=institute_area,
        ksa_competency=_positions(pd.Series(competency_ids), nodes.reset_index(drop=True)),
        selection_institute=_positions(institutes, sel["institute_id"]),
        selection_occupation=_positions(occupations, sel["occupation_id"]),
    )
