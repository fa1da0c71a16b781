"""Synthetic editions for benchmarks: an edition scaled to `factor` times its connections.

`scale_edition(base, factor, out, seed=...)` writes a valid edition (the data contract, with
its `datapackage.json`) built from `base` in `factor` copies:

- copy 0 is the base itself, ids unchanged, so every KSA keeps at least one connection;
- copy k (k >= 1) clones every institute and every occupation under new ids (`<id>_x<k>`)
  and names (`<name>, copy <k>`), with the same area, agency and selections as the original;
- each copy's connections are the base's, moved to the cloned institute and occupation; in
  copy k >= 1 each KSA is swapped for another KSA catalogued under the same competency code
  (a permutation drawn from `seed` and k), so the copies are not identical at KSA level while
  every count per code, per area and per institute stays what the base has.

What is kept: technology areas, agencies, the competency tree and the KSAs are the base's
(KSAs are not multiplied); institutes, occupations, selections and connections are exactly
`factor` times the base's; keys stay unique (a suffix that no base id ends with is chosen);
the same base, factor and seed give the same bytes. The descriptor says `reconstructed` and
describes the edition as synthetic benchmark data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .contract import TABLES, write_descriptor
from .framework import Framework
from .load import load_edition


def scale_edition(base: Framework | str | Path, factor: int, out: str | Path, *,
                  seed: int = 0) -> Path:
    """Write `base` (a Framework or an edition folder) scaled to `factor` times its
    connections into the folder `out` (created; its CSV files and descriptor replaced);
    returns `out`. See the module docstring for how."""
    if isinstance(factor, bool) or not isinstance(factor, int) or factor < 1:
        raise ValueError(f"factor must be a whole number of at least 1, not {factor!r}")
    fw = base if isinstance(base, Framework) else load_edition(base)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = scaled_tables(fw, factor, seed=seed)
    for table in TABLES:
        tables[table.name][table.columns].to_csv(out / table.filename, index=False,
                                                 lineterminator="\n")
    write_descriptor(
        out,
        edition=f"{fw.edition}-x{factor}",
        provenance="reconstructed",
        title=f"Synthetic benchmark edition: {fw.edition} scaled to {factor}x its connections",
        description=(
            f"Synthetic data for benchmarks, not any institute's answers: the {fw.edition} "
            f"edition's institutes and occupations cloned {factor} times, each clone's "
            f"connections moved to KSAs of the same competency code (seed {seed})."
        ),
    )
    return out


def scaled_tables(fw: Framework, factor: int, *, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The eight contract tables of `fw` scaled `factor` times (see the module docstring)."""
    suffix = _copy_suffixes(fw, factor)
    institutes = _cloned(fw.institutes, "institute_id", suffix, name="name")
    occupations = _cloned(fw.occupations, "occupation_id", suffix, name="title")
    selections = _cloned(fw.institute_occupations, ["institute_id", "occupation_id"], suffix)

    connections = fw.essential_ksas
    n = len(connections)
    copy = np.repeat(np.arange(factor), n)
    ksa_ids = fw.ksas["ksa_id"].to_numpy()
    position = pd.Index(ksa_ids).get_indexer(connections["ksa_id"])
    swaps = _ksa_permutations(fw.ksas["code"].to_numpy(), factor, seed)
    essential = _cloned(connections[["institute_id", "occupation_id"]],
                        ["institute_id", "occupation_id"], suffix)
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


def _copy_suffixes(fw: Framework, factor: int) -> np.ndarray:
    """'' for copy 0, then `_<mark><k>`, with a mark ('x', 'xx', ...) no base id ends with."""
    ids = pd.concat([fw.institutes["institute_id"], fw.occupations["occupation_id"]])
    mark = "x"
    while ids.str.contains(f"_{mark}[0-9]+$", regex=True).any():
        mark += "x"
    return np.array([""] + [f"_{mark}{k}" for k in range(1, factor)], dtype=object)


def _cloned(frame: pd.DataFrame, keys: str | list[str], suffix: np.ndarray, *,
            name: str | None = None) -> pd.DataFrame:
    """`frame` repeated once per copy (copy-major), `keys` suffixed and `name` marked per copy."""
    factor, n = len(suffix), len(frame)
    keys = [keys] if isinstance(keys, str) else keys
    tail = np.repeat(suffix, n)
    columns = {}
    for column in frame.columns:
        values = np.tile(frame[column].to_numpy(dtype=object), factor)
        if column in keys:
            values = values + tail
        elif column == name:
            marks = np.array([""] + [f", copy {k}" for k in range(1, factor)], dtype=object)
            values = values + np.repeat(marks, n)
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
        rng = np.random.default_rng([seed, *code.encode()])
        order = np.argsort(rng.random((factor - 1, len(g))), axis=1, kind="stable")
        out[1:, g] = g[order]
    return out
