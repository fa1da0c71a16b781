"""Stage 3 of the reconstruction: which institutes of each area select each KSA, and with how
many of their occupations.

Stage 1 fixed, for every KSA and area, how many of the area's institutes select it and how
many connections they make together; no published figure says which institutes. Here each
KSA's institutes are the best fit of their fields (`static.INSTITUTE_AFFINITY`) against the
load each already carries, so that every institute ends with KSAs in proportion to its
occupation selections; then the connections are shared out, each institute giving a KSA at
least one and at most as many as it has occupations. Greedy and deterministic: ties go to the
institute listed first.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from competency_framework.reconstruct.ksa_plan import IDX, KsaPlan
from competency_framework.reconstruct.static import INSTITUTE_AFFINITY, SELECTIONS
from competency_framework.reconstruct.targets import AREA_ORDER, Targets

AFFINITY_WEIGHT = 1.5  # how much a field's fit outweighs one KSA's worth of load per selection


def affinity(institute: str, code: str) -> int:
    """1 when `code` falls under a competency the institute's field makes likely, else 0."""
    return int(any(code == p or code.startswith(p + ".")
                   for p in INSTITUTE_AFFINITY.get(institute, ())))


def _split(total: int, chosen: list[str], load: dict[str, int]) -> dict[str, int]:
    """`total` connections among `chosen` institutes: one each, then one at a time to the
    institute with room whose connections per selection are lowest."""
    out = {i: 1 for i in chosen}
    for _ in range(total - len(chosen)):
        room = [i for i in chosen if out[i] < SELECTIONS[i]]
        if not room:
            raise ValueError(f"{total} connections exceed what {chosen} can give")
        i = min(room, key=lambda i: ((load[i] + out[i]) / SELECTIONS[i], chosen.index(i)))
        out[i] += 1
    return out


def assign_institutes(targets: Targets, ksas: list[KsaPlan]) -> list[dict[str, int]]:
    """For each KSA (same order as `ksas`), institute name -> its connections to the KSA."""
    out: list[dict[str, int]] = [{} for _ in ksas]
    for area in AREA_ORDER:
        members = targets.institutes[area]
        held: dict[str, int] = defaultdict(int)  # KSAs per institute so far
        load: dict[str, int] = defaultdict(int)  # connections per institute so far
        ai = IDX[area]
        # the widest KSAs first (they leave no choice), then the most connected
        order = sorted((i for i, k in enumerate(ksas) if k.type[ai]),
                       key=lambda i: (-ksas[i].type[ai], -ksas[i].connections[ai], i))
        for i in order:
            k = ksas[i]

            def score(name: str, k=k, held=held, members=members) -> float:
                return (held[name] / SELECTIONS[name]
                        - AFFINITY_WEIGHT * affinity(name, k.code) / len(members))

            # the best-scoring set of the right size whose occupations can take the KSA's
            # connections (stage 1 bounded them by the largest such set)
            fits = [c for c in itertools.combinations(members, k.type[ai])
                    if sum(SELECTIONS[n] for n in c) >= k.connections[ai]]
            chosen = list(min(fits, key=lambda c: (sum(map(score, c)),
                                                    [members.index(n) for n in c])))
            split = _split(k.connections[ai], chosen, load)
            for name, n in split.items():
                held[name] += 1
                load[name] += n
                out[i][name] = n
    return out
