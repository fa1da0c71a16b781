"""A generated edition of any shape: `generate_edition(base, out, areas=12, institutes=50)`.

Where `synthetic.scale_edition` multiplies an edition, this writes a new one of a given shape,
to see how the report reads with more technology areas and institutes than 2025 has. It
keeps `base`'s competency tree, KSAs, agencies and occupations, and invents the rest from
`seed`: technology areas with made-up names, institutes (names of varied lengths, some long)
spread round-robin over the areas and given an agency each, 3-10 occupation selections per
institute and 4-15 essential KSAs per selection, three in four drawn from a pool of KSAs
that belongs to its area (so areas differ), then every KSA nobody chose added to one
selection (the contract wants each KSA connected). Nothing here copies a real framework.
The same arguments give the same bytes; the descriptor says `reconstructed` and what made it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from competency_framework.edition.contract import slug
from competency_framework.edition.framework import Framework
from competency_framework.edition.load import load_edition
from competency_framework.edition.write import write_edition

AREA_WORDS = ("Quantum Sensing", "Advanced Composites", "Precision Agriculture", "Batteries",
              "Marine Systems", "Semiconductor Packaging", "Hydrogen", "Textiles",
              "Space Manufacturing", "Medical Devices", "Recycling", "Optics", "Robotics",
              "Food Processing", "Nuclear Components", "Printed Electronics")
INSTITUTE_WORDS = ("Institute", "Alliance", "Center", "Consortium", "Network", "Hub")
PREFIXES = ("", "National ", "Advanced ", "American ", "Applied ", "Regional ")
POOL = 40  # KSAs that lean towards each area


def generate_edition(base: Framework | str | Path, out: str | Path, *, areas: int = 12,
                     institutes: int = 50, seed: int = 0, edition: str = "generated") -> Path:
    """Write the edition described in the module docstring to `out`; returns `out`."""
    fw = base if isinstance(base, Framework) else load_edition(base)
    if not 1 <= areas <= len(AREA_WORDS):
        raise ValueError(f"areas must be 1 to {len(AREA_WORDS)}, not {areas}")
    rng = np.random.default_rng(seed)
    names = list(AREA_WORDS[:areas])
    area_ids = [slug(n) for n in names]
    agencies = fw.agencies["agency_id"].tolist()
    rows: list[dict[str, str]] = []
    for i in range(institutes):
        area = i % areas
        word = INSTITUTE_WORDS[int(rng.integers(len(INSTITUTE_WORDS)))]
        prefix = PREFIXES[int(rng.integers(len(PREFIXES)))]
        name = (f"{prefix}{names[area]} {word}" if rng.random() < 0.6
                else "".join(w[0] for w in f"{prefix}{names[area]} {word}".split()).upper()
                + f"-{i + 1}")
        taken = {r["name"] for r in rows}
        if name in taken:  # names are unique, as a reader tells institutes apart by them
            name = f"{name} {i + 1}"
        rows.append({"institute_id": f"inst_{i + 1:02d}", "name": name,
                     "area_id": area_ids[area],
                     "agency_id": agencies[int(rng.integers(len(agencies)))]})
    inst = pd.DataFrame(rows)
    ksas = fw.ksas["ksa_id"].to_numpy()
    occupations = fw.occupations["occupation_id"].to_numpy()
    pools = [rng.choice(ksas, size=min(POOL, len(ksas)), replace=False) for _ in range(areas)]
    selections: list[tuple[str, str]] = []
    connections: list[tuple[str, str, str]] = []
    for n_inst, institute in enumerate(inst["institute_id"]):
        chosen = rng.choice(occupations, size=int(rng.integers(3, 11)), replace=False)
        for o in sorted(str(c) for c in chosen):
            selections.append((str(institute), o))
            n = int(rng.integers(4, 16))
            own = rng.choice(pools[n_inst % areas], size=min(n, POOL), replace=False)
            other = rng.choice(ksas, size=n, replace=False)
            picked = {str(k) for k, mine in zip(own, rng.random(n) < 0.75, strict=False)
                      if mine} | {str(k) for k in other[: max(n // 4, 1)]}
            connections += [(str(institute), o, k) for k in sorted(picked)]
    used = {k for _, _, k in connections}
    for k in ksas:
        if str(k) not in used:
            who, what = selections[int(rng.integers(len(selections)))]
            connections.append((who, what, str(k)))
    tables = {
        "technology_areas": pd.DataFrame({"area_id": area_ids, "name": names}),
        "agencies": fw.agencies, "institutes": inst, "competencies": fw.competencies,
        "ksas": fw.ksas, "occupations": fw.occupations,
        "institute_occupations": pd.DataFrame(selections,
                                              columns=["institute_id", "occupation_id"]),
        "essential_ksas": pd.DataFrame(sorted(set(connections)),
                                       columns=["institute_id", "occupation_id", "ksa_id"]),
    }
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    return write_edition(
        Path(out), tables, edition=edition, provenance="reconstructed",
        title=f"A generated edition: {areas} technology areas, {institutes} institutes",
        description=(f"Generated by benchmarks/generated.py (seed {seed}) from the competency "
                     "tree, KSAs, agencies and occupations of edition "
                     f"{fw.edition}; the areas, institutes and everything they chose are "
                     "invented, to test the report at this shape."))
