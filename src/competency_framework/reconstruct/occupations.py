"""Stage 4 of the reconstruction: each institute's occupation titles, and which of its
occupations each of its KSA connections goes to.

The report prints how many selections there are, how many titles, how many of them more than
one institute chose and the four titles chosen most often; `choose_titles` picks each
institute's titles from the candidates of its field (`static.OCCUPATION_CANDIDATES`) so that
every one of those figures holds (CP-SAT, one worker, fixed seed). Titles other than the
report's own are O*NET 29.2 occupation titles, with their SOC codes.
`connect_occupations` then spreads each institute's connections to a KSA over that many of its
occupations, favouring occupations whose kind of work suits the KSA's competency and keeping
every occupation's number of KSAs even.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from competency_framework.paths import ONET_OCCUPATIONS
from competency_framework.reconstruct.solvers import CpModel
from competency_framework.reconstruct.static import (
    OCCUPATION_CANDIDATES,
    ROLE_BY_SOC,
    ROLES_BY_CODE,
    SELECTIONS,
    prefix_value,
)
from competency_framework.reconstruct.targets import Targets

if TYPE_CHECKING:  # OR-Tools is imported where a model is built (solvers.CpModel)
    from ortools.sat.python.cp_model import IntVar, LinearExprT

FIT_WEIGHT = 1.0  # how much a suitable kind of work outweighs one KSA of an occupation's load


def onet_codes(path: str | Path = ONET_OCCUPATIONS) -> dict[str, str]:
    """O*NET occupation title -> its O*NET-SOC code (e.g. `17-2141.00`)."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return {row["Title"]: row["O*NET-SOC Code"]
                for row in csv.DictReader(fh, delimiter="\t")}


def choose_titles(targets: Targets) -> dict[str, list[str]]:
    """Institute name -> its occupation titles (as many as `static.SELECTIONS` gives it),
    meeting the report's occupation figures with the most likely titles of each field."""
    md = CpModel("occupations")
    m = md.m
    pick: dict[tuple[str, str], IntVar] = {}
    for inst, titles in OCCUPATION_CANDIDATES.items():
        for title in titles:
            pick[inst, title] = m.new_bool_var(f"{inst}|{title}")
        m.add(sum(pick[inst, t] for t in titles) == SELECTIONS[inst])
    by_title: dict[str, list[IntVar]] = defaultdict(list)
    for (_, title), v in pick.items():
        by_title[title].append(v)
    used: list[IntVar] = []
    multi: list[tuple[IntVar, LinearExprT]] = []
    for vs in by_title.values():
        n = sum(vs)
        u, w = m.new_bool_var(""), m.new_bool_var("")
        m.add(n >= 1).OnlyEnforceIf(u)
        m.add(n == 0).OnlyEnforceIf(u.Not())
        m.add(n >= 2).OnlyEnforceIf(w)
        m.add(n <= 1).OnlyEnforceIf(w.Not())
        used.append(u)
        multi.append((w, n))
    top = dict(targets.top_titles)
    fewest_top = min(top.values())
    for title, vs in sorted(by_title.items()):
        if title in top:
            md.require("occupations.top_titles", m.add(sum(vs) == top[title]))
        else:  # below the last printed title, so that no unprinted title ties with it
            md.require("occupations.top_titles", m.add(sum(vs) <= fewest_top - 1))
    missing = sorted(set(top) - set(by_title))
    if missing:
        raise ValueError(f"no institute has the printed titles {missing} among its candidates")
    md.require("occupations.titles_total", m.add(sum(used) == targets.titles_total))
    md.require("occupations.multi_titles", m.add(sum(w for w, _ in multi) == targets.multi_titles))
    shared = []
    for w, chosen in multi:
        s = m.new_int_var(0, len(OCCUPATION_CANDIDATES), "")
        m.add(s == chosen).OnlyEnforceIf(w)
        m.add(s == 0).OnlyEnforceIf(w.Not())
        shared.append(s)
    md.require("occupations.multi_selections", m.add(sum(shared) == targets.multi_selections))
    if sum(SELECTIONS.values()) != targets.selections_total:
        raise ValueError("static.SELECTIONS does not sum to the published selections")
    cost = sum(rank * pick[inst, t] for inst, titles in OCCUPATION_CANDIDATES.items()
               for rank, t in enumerate(titles))
    solver = md.solve(cost)
    return {inst: [t for t in titles if solver.Value(pick[inst, t])]
            for inst, titles in OCCUPATION_CANDIDATES.items()}


def role(soc_code: str) -> str:
    """The kind of work of an occupation with this SOC code (`static.ROLE_BY_SOC`, longest
    prefix); a title without one is the report's "Process Engineers"."""
    if not soc_code:
        return "engineering"
    prefixes = sorted((p for p in ROLE_BY_SOC if soc_code.startswith(p)), key=len)
    return ROLE_BY_SOC[prefixes[-1]] if prefixes else "production"


def connect_occupations(codes: list[str], connections: list[dict[str, int]],
                        titles: dict[str, list[str]], soc: dict[str, str]
                        ) -> list[tuple[str, str, int]]:
    """(institute, title, KSA index) for every connection: each institute's connections to a
    KSA go to that many of its occupations, those suiting the KSA's competency first
    (`static.ROLES_BY_CODE`), the least loaded first among equals."""
    out = []
    for inst, occs in titles.items():
        load = dict.fromkeys(occs, 0)
        mine = sorted(((n, i) for i, c in enumerate(connections) if (n := c.get(inst))),
                      key=lambda p: (-p[0], p[1]))
        for n, i in mine:
            suits = prefix_value(ROLES_BY_CODE, codes[i]) or ()
            fit = [load[t] - FIT_WEIGHT * (role(soc.get(t, "")) in suits) for t in occs]
            ranked = [occs[j] for j in sorted(range(len(occs)), key=fit.__getitem__)]
            for title in ranked[:n]:
                load[title] += 1
                out.append((inst, title, i))
        empty = [t for t, n in load.items() if n == 0]
        if empty:
            raise ValueError(f"{inst}: occupations without any KSA: {empty}")
    return out
