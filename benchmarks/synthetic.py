"""Synthetic editions for benchmarks: an edition scaled to `factor` times its connections.

`scale_edition(base, factor, out, seed=..., institute_copies=...)` writes a valid edition (the
data contract, with its `datapackage.json`) made of `factor` copies of `base`'s selections:

- institutes are cloned `institute_copies` times (default `factor`) and occupations
  `factor / institute_copies` times, under new ids (`<id>_x<i>`) and names (`<name>, copy
  <i>`), with the original's area and agency; copy (i, j) of every selection and connection
  belongs to institute copy i and occupation copy j. Copy (0, 0) is the base itself, ids
  unchanged, so every KSA keeps at least one connection;
- in every other copy each KSA is swapped for another KSA catalogued under the same
  competency code (a permutation drawn from `seed`), so the copies are not identical at KSA
  level while every count per code, per area and per institute stays the base's.

Technology areas, agencies, the competency tree and the KSAs are the base's (KSAs are not
multiplied); selections and connections are exactly `factor` times the base's; keys stay
unique (a suffix that no base id ends with is chosen); the same arguments give the same
bytes, and a copy is the same whatever the factor. The descriptor says `reconstructed` and
describes the edition as synthetic benchmark data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.edition.load import load_edition
from competency_framework.edition.write import write_edition


def scale_edition(base: Framework | str | Path, factor: int, out: str | Path, *,
                  seed: int = 0, institute_copies: int | None = None) -> Path:
    """Write `base` (a Framework or an edition folder) scaled to `factor` times its
    connections into the folder `out` (created; its CSV files and descriptor replaced);
    returns `out`. `institute_copies` (a divisor of `factor`, default `factor`) says how many
    copies of each institute share them. See the module docstring for how."""
    institutes, occupations = _split(factor, institute_copies)
    fw = base if isinstance(base, Framework) else load_edition(base)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tables = scaled_tables(fw, factor, seed=seed, institute_copies=institutes)
    return write_edition(
        out, tables, keep_other_files=True,
        edition=f"{fw.edition}-x{factor}",
        provenance="reconstructed",
        title=f"Synthetic benchmark edition: {fw.edition} scaled to {factor}x its connections",
        description=(
            f"Synthetic data for benchmarks, not any institute's answers: the {fw.edition} "
            f"edition's institutes cloned {institutes} times and its occupations "
            f"{occupations} times, each copy's connections moved to KSAs of the same "
            f"competency code (seed {seed})."
        ),
    )


def scaled_tables(fw: Framework, factor: int, *, seed: int = 0,
                  institute_copies: int | None = None) -> dict[str, pd.DataFrame]:
    """The eight contract tables of `fw` scaled `factor` times (see the module docstring)."""
    n_inst, n_occ = _split(factor, institute_copies)
    mark = _mark(fw)
    inst = np.array([""] + [f"_{mark}{i}" for i in range(1, n_inst)], dtype=object)
    occ = np.array([""] + [f"_{mark}{j}" for j in range(1, n_occ)], dtype=object)
    # copy k = i * n_occ + j: institute copy i, occupation copy j
    per_copy = {"institute_id": np.repeat(inst, n_occ), "occupation_id": np.tile(occ, n_inst)}
    institutes = _cloned(fw.institutes, {"institute_id": inst}, {"name": _marks(n_inst)})
    occupations = _cloned(fw.occupations, {"occupation_id": occ}, {"title": _marks(n_occ)})
    selections = _cloned(fw.institute_occupations, per_copy)

    connections = fw.essential_ksas
    essential = _cloned(connections[["institute_id", "occupation_id"]], per_copy)
    ksa_ids = fw.ksas["ksa_id"].to_numpy()
    position = pd.Index(ksa_ids).get_indexer(connections["ksa_id"])
    swaps = _ksa_permutations(fw.ksas["code"].to_numpy(), factor, seed)
    copy = np.repeat(np.arange(factor), len(connections))
    essential["ksa_id"] = ksa_ids[swaps[copy, np.tile(position, factor)]]
    return {
        "technology_areas": fw.technology_areas,
        "agencies": fw.agencies,
        "institutes": institutes,
        "competencies": fw.competencies,
        "ksas": fw.ksas,
        "occupations": occupations,
        "institute_occupations": selections,
        "essential_ksas": essential,
    }


def _split(factor: int, institute_copies: int | None) -> tuple[int, int]:
    """(institute copies, occupation copies), checked."""
    for name, value in (("factor", factor), ("institute_copies", institute_copies)):
        if value is None and name == "institute_copies":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")
    institutes = factor if institute_copies is None else institute_copies
    if factor % institutes:
        raise ValueError(f"institute_copies ({institutes}) must divide factor ({factor})")
    return institutes, factor // institutes


def _mark(fw: Framework) -> str:
    """'x', or 'xx', ...: the first mark such that no base id ends with `_<mark><digits>`."""
    ids = pd.concat([fw.institutes["institute_id"], fw.occupations["occupation_id"]])
    mark = "x"
    while ids.str.contains(f"_{mark}[0-9]+$", regex=True).any():
        mark += "x"
    return mark


def _marks(copies: int) -> np.ndarray:
    return np.array([""] + [f", copy {k}" for k in range(1, copies)], dtype=object)


def _cloned(frame: pd.DataFrame, suffixes: dict[str, np.ndarray],
            marks: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """`frame` repeated once per copy (copy-major); copy k's `suffixes[column][k]` appended to
    the column's ids and `marks[column][k]` to its names."""
    added = {**suffixes, **(marks or {})}
    copies, n = len(next(iter(added.values()))), len(frame)
    columns = {}
    for column in frame.columns:
        values = np.tile(frame[column].to_numpy(dtype=object), copies)
        if column in added:
            values = values + np.repeat(added[column], n)
        columns[column] = values
    return pd.DataFrame(columns, columns=frame.columns).astype("str")


def _ksa_permutations(codes: np.ndarray, factor: int, seed: int) -> np.ndarray:
    """A (factor, KSAs) array of KSA positions: row 0 the identity, row k a permutation that
    keeps each KSA within its competency code. Each code draws from its own generator
    (`seed`, code), so copy k is the same whatever the factor."""
    n = len(codes)
    out = np.tile(np.arange(n), (factor, 1))
    for code, g in sorted(pd.Series(np.arange(n)).groupby(codes).indices.items()):
        if len(g) < 2 or factor < 2:
            continue
        rng = np.random.default_rng([seed, *str(code).encode()])
        order = np.argsort(rng.random((factor - 1, len(g))), axis=1, kind="stable")
        out[1:, g] = g[order]
    return out
