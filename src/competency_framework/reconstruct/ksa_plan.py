"""Stages 1 and 2 of the reconstruction: every KSA's *type* (how many institutes of each
area select it) and its connections per area, then where each unpublished KSA is catalogued.

Every count the report prints about areas, institutes, crossing and sharing is a linear
function of the types; every connection figure (the directed counts between areas, the
total, the KSAs with 8+ connections, the top ten, the frequently selected lists) is linear
in the connections per area, once the top ten's threshold and the lists' floors are fixed
numbers (`THRESHOLD`, `FLOOR`). Stage 1 (`plan_ksas`) solves two linear programs in whole
numbers (CP-SAT):

- types: each printed KSA chooses one type among those its lists allow (`printed_types`),
  with a connection count per area of each type (so no big-M terms); the unpublished KSAs
  (placeholders) are pooled, a count per group (Tier 4, or a Tier 5 field), type and side
  of the 8+ line, each contributing a range of connections to every figure
  (`_pooled_range`), which must hold the published value;
- connections: every KSA whole with its type fixed, every figure exact.

Stage 2 (`place_placeholders`) puts each placeholder under a sub-competency of its group,
for the best fit of its areas (`static.AREA_AFFINITY`) within Tables A1/A2's counts.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from competency_framework.reconstruct.solvers import CpModel, Mip
from competency_framework.reconstruct.static import (
    AREA_AFFINITY,
    FIELD_AREA,
    FIELD_MAX_CROSSING,
    SELECTIONS,
    prefix_value,
)
from competency_framework.reconstruct.targets import AREA_ORDER, Targets

if TYPE_CHECKING:  # OR-Tools is imported where a model is built (solvers)
    from ortools.linear_solver.pywraplp import LinearExpr, Variable
    from ortools.sat.python.cp_model import IntVar

PLACEHOLDER_MAX_AREAS = 3  # an unpublished KSA belongs to at most this many areas
PRINTED_MAX_AREAS = 4  # a printed KSA that is not area-specific: at most this many areas
LISTED_MIN_INSTITUTES = 2  # a frequently selected network-wide KSA: 2+ institutes of the area
OTHER_MAX_INSTITUTES = 2  # a printed KSA: at most 2 institutes of each area not listing it
TOP_MIN_CAPACITY = 24  # a lettered KSA's institutes can give it at least this many connections
CONNECTIONS_PER_SELECTION = (6, 12)  # plausible range of an area's mean KSAs per occupation
# The report prints neither how many connections separate the top ten from the rest nor how
# many a list's last row has. The edition fixes both: every KSA outside the top ten has at most
# THRESHOLD connections, and within each list's area and scope every unlisted KSA at most
# FLOOR[scope] connections from the area (the listed ones more). Fixed, they keep each step
# linear and tell the first step how far each unpublished KSA can go.
THRESHOLD = 14
FLOOR = {"specific": 4, "network": 6}

Type = tuple[int, ...]  # institutes per area, in AREA_ORDER
IDX = {a: i for i, a in enumerate(AREA_ORDER)}


@dataclass(frozen=True)
class Slot:
    """One of the edition's KSAs before it has an id: printed (with its key) or a placeholder."""

    code: str
    tier: int
    key: str | None = None  # the printed KSA's key; None for a placeholder

    @property
    def group(self) -> str:
        """Placeholders are counted per group: Tier 4; a Tier 5 competency with a cap on
        crossing; or the uncapped Tier 5 competencies of one field together."""
        if self.tier == 4:
            return "4"
        if prefix_value(FIELD_MAX_CROSSING, self.code) is None:
            return f"5:{prefix_value(FIELD_AREA, self.code)}"
        return ".".join(self.code.split(".")[:2])


def slots(targets: Targets) -> list[Slot]:
    """Every KSA of the edition: per node of Tables A1/A2, the printed KSAs under it, then
    placeholders up to the node's essential-KSA count."""
    by_code: dict[str, list[str]] = defaultdict(list)
    for p in targets.printed.values():
        by_code[p.code].append(p.key)
    out = []
    for code, n in targets.code_counts.items():
        printed = by_code.pop(code, [])
        if len(printed) > n:
            raise ValueError(f"{len(printed)} printed KSAs under {code}, which holds {n}")
        tier = int(code[0])
        out += [Slot(code, tier, k) for k in printed]
        out += [Slot(code, tier) for _ in range(n - len(printed))]
    if by_code:
        raise ValueError(f"printed KSAs under codes not in Tables A1/A2: {sorted(by_code)}")
    if len(out) != targets.ksas_total:
        raise ValueError(f"Tables A1/A2 count {len(out)} KSAs, the report {targets.ksas_total}")
    return out


def n_areas(t: Type) -> int:
    return sum(1 for v in t if v)


def capacity(targets: Targets) -> dict[str, list[int]]:
    """Per area, the most connections n of its institutes can give one KSA (index n): the sum
    of the n largest occupation selections (`static.SELECTIONS`) among them."""
    out = {}
    for a in AREA_ORDER:
        sel = sorted((SELECTIONS[i] for i in targets.institutes[a]), reverse=True)
        out[a] = [sum(sel[:n]) for n in range(len(sel) + 1)]
    return out


def most_connections(t: Type, cap: dict[str, list[int]]) -> int:
    return sum(cap[a][n] for a, n in zip(AREA_ORDER, t, strict=True))


def connections_target(targets: Targets) -> int:
    """The number of connections: the report says "over 1,200", a floor rounded to the
    hundred, so the edition takes the middle of the hundred above it."""
    return targets.connections_floor + 50


def selections_by_area(targets: Targets) -> dict[str, int]:
    """Occupation selections per area (`static.SELECTIONS`), checked against the total."""
    out = {a: sum(SELECTIONS[i] for i in targets.institutes[a]) for a in AREA_ORDER}
    if sum(out.values()) != targets.selections_total:
        raise ValueError(f"static.SELECTIONS sums to {sum(out.values())}; the report prints "
                         f"{targets.selections_total} occupation selections")
    return out


@dataclass
class Roles:
    """What the published lists ask of each printed KSA."""

    specific_to: dict[str, str] = field(default_factory=dict)  # key -> its area
    network_in: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    top: set[str] = field(default_factory=set)


def roles(targets: Targets) -> Roles:
    out = Roles(top=set(targets.top))
    for lst in targets.lists:
        for key in lst.keys:
            if lst.scope == "specific":
                out.specific_to[key] = lst.area
            else:
                out.network_in[key].add(lst.area)
    clash = set(out.specific_to) & set(out.network_in)
    if clash:
        raise ValueError(f"KSAs listed both as area-specific and network-wide: {sorted(clash)}")
    return out


def placeholder_types(slot: Slot, sizes: tuple[int, ...]) -> list[Type]:
    """Types an unpublished KSA may have: its field's area among them (Tier 5), at most
    `PLACEHOLDER_MAX_AREAS` areas, one only where its field may not cross, and no more
    institutes than its connections may number (`FLOOR`, `THRESHOLD`)."""
    field_area = prefix_value(FIELD_AREA, slot.code)
    most = 1 if prefix_value(FIELD_MAX_CROSSING, slot.code) == 0 else PLACEHOLDER_MAX_AREAS
    return [t for t in itertools.product(*(range(s + 1) for s in sizes))
            if 1 <= n_areas(t) <= most and (not field_area or t[IDX[field_area]])
            and sum(t) <= THRESHOLD
            and max(t) <= FLOOR[_scope(t)]]


def _printed_choices(slot: Slot, area: str, size: int, r: Roles) -> list[int]:
    """How many institutes of `area` a printed KSA may have, by its lists and field."""
    key = slot.key
    if key in r.specific_to:
        return list(range(1, size + 1)) if r.specific_to[key] == area else [0]
    if prefix_value(FIELD_AREA, slot.code) == area:
        return list(range(1, size + 1))
    if key is not None and area in r.network_in.get(key, ()):
        return list(range(LISTED_MIN_INSTITUTES, size + 1))
    # an area whose list does not name the KSA: few of its institutes
    return list(range(0, min(size, OTHER_MAX_INSTITUTES) + 1))


@dataclass(frozen=True)
class KsaPlan:
    """One KSA of the edition before it has institutes: where it is catalogued (for a
    placeholder, its group until stage 2 places it), its type and its connections per area."""

    code: str
    key: str | None  # printed KSA key, None for a placeholder
    type: Type
    connections: Type  # connections from each area's institutes, in AREA_ORDER

    @property
    def areas(self) -> list[str]:
        return [a for a, n in zip(AREA_ORDER, self.type, strict=True) if n]

    @property
    def institutes(self) -> int:
        return sum(self.type)

    @property
    def total(self) -> int:
        return sum(self.connections)


def printed_types(slot: Slot, sizes: tuple[int, ...], r: Roles,
                  cap: dict[str, list[int]]) -> list[Type]:
    """Types a printed KSA may have: per area what its lists allow (`_printed_choices`), at
    most `PRINTED_MAX_AREAS` areas unless specific, two or more when a network-wide list
    names it, and room for a lettered KSA to lead."""
    choices = [_printed_choices(slot, a, n, r) for a, n in zip(AREA_ORDER, sizes, strict=True)]
    out = []
    for t in itertools.product(*choices):
        k = n_areas(t)
        if (k == 0 or (slot.key not in r.specific_to and k > PRINTED_MAX_AREAS)
                or (slot.key in r.network_in and k < 2)
                or (slot.key in r.top and most_connections(t, cap) < TOP_MIN_CAPACITY)):
            continue
        out.append(t)
    return out


# a type, its 0/1 choice (1 when it is the only type), connections per area
Option: TypeAlias = "tuple[Type, Variable | int, dict[int, Variable]]"


@dataclass
class _Ksa:
    """One KSA of a program, whole: its options (one, fixed, in the second step)."""

    key: str | None
    group: str  # where it is catalogued (a printed KSA's code, a placeholder's group)
    tier: int
    options: list[Option]

    def conn(self, i: int, scope: Callable[[Type], bool] | None = None) -> list[Variable]:
        """Its connections from area index i, over the options whose type `scope` admits."""
        return [cs[i] for t, _, cs in self.options
                if i in cs and (scope is None or scope(t))]

    def total(self) -> list[Variable]:
        return [c for _, _, cs in self.options for c in cs.values()]


@dataclass
class _Program:
    """A stage 1 program: its KSAs held whole, and (first step) the placeholders pooled as a
    count per group, type and side of the 8+ line."""

    p: Mip
    ksas: list[_Ksa]
    pooled: dict[tuple[str, Type, bool], Variable]  # (group, type, reaches k_min) -> count
    cost: LinearExpr | int = 0


def _whole_ksa(p: Mip, key: str | None, group: str, tier: int, types: list[Type],
               cap: dict[str, list[int]]) -> _Ksa:
    """A KSA choosing one of `types` (a binary each unless there is one), with a connection
    count per area of each type between its institutes there and their capacity."""
    options = []
    one = len(types) == 1
    for t in types:
        b = 1 if one else p.bool_var()
        cs = {}
        for i, ti in enumerate(t):
            if ti:
                most = cap[AREA_ORDER[i]][ti]
                if one:
                    cs[i] = p.int_var(ti, most)
                else:
                    c = cs[i] = p.int_var(0, most)
                    p.add(c >= ti * b)
                    p.add(c <= most * b)
        options.append((t, b, cs))
    if not one:
        p.add(p.sum(b for _, b, _ in options) == 1)
    return _Ksa(key, group, tier, options)


def _scope(t: Type) -> str:
    """Which of its areas' lists a KSA of type t may enter: the area-specific or network ones."""
    return "specific" if n_areas(t) == 1 else "network"


def _most(t: Type, i: int, cap: dict[str, list[int]]) -> int:
    """The most connections an unlisted KSA of type t can have from area index i."""
    return min(cap[AREA_ORDER[i]][t[i]], FLOOR[_scope(t)], THRESHOLD)


def _pooled_range(t: Type, i: int | None, up: bool, cap: dict[str, list[int]],
                  k_min: int) -> tuple[int, int] | None:
    """The least and most connections an unlisted KSA of type t has from area index i (its
    total when i is None), given that its total reaches k_min (`up`) or not; None when it
    cannot."""
    areas = [j for j, n in enumerate(t) if n]
    lo = {j: t[j] for j in areas}
    hi = {j: _most(t, j, cap) for j in areas}
    total_lo, total_hi = (max(k_min, sum(t)), THRESHOLD) if up else (sum(t), k_min - 1)
    total_lo, total_hi = max(total_lo, sum(lo.values())), min(total_hi, sum(hi.values()))
    if total_lo > total_hi:
        return None
    if i is None:
        return total_lo, total_hi
    rest_lo, rest_hi = sum(lo.values()) - lo[i], sum(hi.values()) - hi[i]
    return max(lo[i], total_lo - rest_hi), min(hi[i], total_hi - rest_lo)


def _pooled_bounds(t: Type, i: int | None, up: bool, cap: dict[str, list[int]],
                   k_min: int) -> tuple[int, int]:
    """`_pooled_range` of a pooled placeholder's type, which has one (else it is not pooled)."""
    bounds = _pooled_range(t, i, up, cap, k_min)
    if bounds is None:
        raise ValueError(f"type {t} is pooled but has no connection range")
    return bounds


def _requirements(prog: _Program, targets: Targets, cap: dict[str, list[int]]) -> None:
    """Every published figure on the program's KSAs. A pooled placeholder counts between its
    least connections (one per institute) and its most, so in the first step each connection
    figure is a range that must hold the published value; in the second, with nothing pooled,
    the range closes to the exact figure."""
    p, S, ksas, pooled = prog.p, prog.p.sum, prog.ksas, prog.pooled

    # membership counts (reading 4), crossing, sharing: a matter of types, so of the first step
    if pooled:
        def count(pred: Callable[..., bool]) -> LinearExpr:
            """KSAs whose tier and type `pred` admits."""
            return (S(b for k in ksas for t, b, _ in k.options if pred(k.tier, t))
                    + S(v for (g, t, _), v in pooled.items() if pred(_tier(g), t)))

        for ac in targets.area_counts:
            p.require(ac.entry_id, count(lambda tr, t, ac=ac: (
                _in_area_count(t, ac.area, ac.lo, ac.hi, ac.specific)
                and (ac.tier is None or tr == ac.tier))), "==", ac.count)
        p.require("insights.cross_area_pct", count(lambda tr, t: n_areas(t) > 1), "==",
                  targets.crossing)
        for k_inst, n in targets.shared_by.items():
            p.require("insights.shared_3plus_pct",
                      count(lambda tr, t, k=k_inst: sum(t) >= k), "==", n)

    # KSAs with k_min+ connections (reading 1); pooled placeholders are counted apart by it
    if len(targets.with_connections) != 1:
        raise ValueError("the model takes one 'KSAs with k+ connections' figure")
    ((k_min, k_count),) = targets.with_connections.items()

    def require_connections(name: str, pred: Callable[..., bool] | None, sense: str,
                            rhs: int) -> None:
        """Connections from area index i over the types `pred(t, i)` admits, `sense` rhs;
        `pred` None for every connection (where a pooled KSA's total range is tighter)."""
        exact = S(c for k in ksas for t, _, cs in k.options for i, c in cs.items()
                  if pred is None or pred(t, i))
        if pred is None:
            ranges = [(v, _pooled_bounds(t, None, up, cap, k_min))
                      for (_, t, up), v in pooled.items()]
        else:
            ranges = [(v, _pooled_bounds(t, i, up, cap, k_min))
                      for (_, t, up), v in pooled.items()
                      for i in range(len(t)) if t[i] and pred(t, i)]
        least = S(v * lo for v, (lo, _) in ranges)
        most = S(v * hi for v, (_, hi) in ranges)
        if sense in ("==", "<="):
            p.require(name, exact + least, "<=", rhs)
        if sense in ("==", ">="):
            p.require(name, exact + most, ">=", rhs)

    # directed area counts (reading 3), the total, plausible connections per selection
    for (a, b), n in targets.directed.items():
        require_connections(f"area_connections.{a}.{b}",
                            lambda t, i, ia=IDX[a], ib=IDX[b]: i == ia and t[ib] > 0, "==", n)
    require_connections("summary.connections_total", None, "==",
                        connections_target(targets))
    lo_sel, hi_sel = CONNECTIONS_PER_SELECTION
    for a, sel in selections_by_area(targets).items():
        for sense, rhs in (("<=", hi_sel * sel), (">=", lo_sel * sel)):
            require_connections("plausibility.connections_per_selection",
                                lambda t, i, ia=IDX[a]: i == ia, sense, rhs)

    big = sum(c[-1] for c in cap.values())
    reach = []
    for k in ksas:
        y = p.bool_var()
        p.add(S(k.total()) >= k_min * y)
        p.add(S(k.total()) <= k_min - 1 + big * y)
        reach.append(y)
    p.require("insights.aligned_8plus_occupations_pct",
              S(reach) + S(v for (_, _, up), v in pooled.items() if up), "==", k_count)

    # the top ten (reading 2): strictly decreasing (no tie to break), the tenth above a
    # threshold that every other KSA stays at or below
    by_key = {k.key: k for k in ksas if k.key}
    top = targets.top
    for k1, k2 in zip(top, top[1:], strict=False):
        p.require("top_ksas", S(by_key[k1].total()), ">=", S(by_key[k2].total()) + 1)
    p.require("top_ksas", S(by_key[top[-1]].total()), ">=", THRESHOLD + 1)
    for k in ksas:
        if k.key not in top:
            p.require("top_ksas", S(k.total()), "<=", THRESHOLD)

    # the lists (reading 6): rows in printed order, the last above every unlisted KSA
    for lst in targets.lists:
        ai = IDX[lst.area]

        def in_scope(t: Type, ai=ai, lst=lst) -> bool:
            return bool(t[ai]) and _scope(t) == lst.scope

        for r1, r2 in zip(lst.rows, lst.rows[1:], strict=False):
            for k1 in r1:
                for k2 in r2:
                    p.require(lst.entry_id, S(by_key[k1].conn(ai)), ">=",
                              S(by_key[k2].conn(ai)))
        floor = FLOOR[lst.scope]
        for key in lst.rows[-1]:
            p.require(lst.entry_id, S(by_key[key].conn(ai)), ">=", floor + 1)
        for k in ksas:
            if k.key not in lst.keys:
                mine = k.conn(ai, in_scope)
                if mine:
                    p.require(lst.entry_id, S(mine), "<=", floor)


def _tier(group: str) -> int:
    return 4 if group == "4" else 5


def _groups(targets: Targets) -> tuple[dict[str, Slot], dict[str, list[Slot]]]:
    printed, groups = {}, defaultdict(list)
    for s in slots(targets):
        if s.key:
            printed[s.key] = s
        else:
            groups[s.group].append(s)
    return printed, groups


def _types_program(targets: Targets) -> _Program:
    """First step: printed KSAs whole (type and connections), placeholders pooled as a whole
    count per group, type and side of the 8+ line, connection figures as ranges
    (`_requirements`)."""
    p = Mip("KSA types")
    cap = capacity(targets)
    sizes = tuple(targets.size(a) for a in AREA_ORDER)
    r = roles(targets)
    printed, groups = _groups(targets)
    ksas = []
    for key, s in printed.items():
        ok = printed_types(s, sizes, r, cap)
        if not ok:
            raise ValueError(f"no type fits printed KSA {key!r}")
        ksas.append(_whole_ksa(p, key, s.code, s.tier, ok, cap))
    ((k_min, _),) = targets.with_connections.items()
    pooled = {}
    for g, members in groups.items():
        size = len(members)
        ok = placeholder_types(members[0], sizes)
        for t in ok:
            for up in (False, True):
                if _pooled_range(t, None, up, cap, k_min) is not None:
                    pooled[g, t, up] = p.int_var(0, size)
        mine = {(t, up): v for (gg, t, up), v in pooled.items() if gg == g}
        p.add(p.sum(mine.values()) == size)
        limit = prefix_value(FIELD_MAX_CROSSING, members[0].code)
        if limit is not None:
            p.add(p.sum(v for (t, _), v in mine.items() if n_areas(t) > 1) <= limit)
    # plausibility: few areas and few institutes per KSA unless the figures need more
    cost = p.sum(_weight(t) * b for k in ksas for t, b, _ in k.options)
    cost += p.sum(_weight(t) * v for (_, t, _), v in pooled.items())
    prog = _Program(p, ksas, pooled, cost)
    _requirements(prog, targets, cap)
    return prog


def _weight(t: Type) -> int:
    return 4 * n_areas(t) ** 2 + sum(n * n for n in t)


def _connections_program(targets: Targets, kinds: list[tuple[str | None, str, int, Type]]
                         ) -> _Program:
    """Second step: every KSA (key, group, tier, type) with its type fixed, whole, its
    connections per area to choose, every figure exact. Placeholders of one group and type
    are interchangeable, so they take non-increasing totals."""
    p = Mip("KSA connections")
    cap = capacity(targets)
    ksas = [_whole_ksa(p, key, g, tier, [t], cap) for key, g, tier, t in kinds]
    last: dict[tuple[str, Type], _Ksa] = {}
    for k in ksas:
        t = k.options[0][0]
        if k.key is None:
            if (k.group, t) in last:
                p.add(p.sum(last[k.group, t].total()) >= p.sum(k.total()))
            last[k.group, t] = k
    prog = _Program(p, ksas, {})
    _requirements(prog, targets, cap)
    return prog


def plan_ksas(targets: Targets) -> list[KsaPlan]:
    """Stage 1: every KSA's type and connections per area, meeting every published count at
    once (see the module docstring).

    Two steps: the types (printed KSAs whole with their connections, placeholders pooled,
    each connection figure a range wide enough for the pooled placeholders' connections),
    then every KSA's connections, each KSA whole and its type fixed, every figure exact.
    """
    first = _types_program(targets)
    value = first.p.solve(first.cost)
    kinds = []
    for k in first.ksas:
        (t,) = [t for t, b, _ in k.options if value(b)]
        kinds.append((k.key, k.group, k.tier, t))
    for (g, t, _), v in first.pooled.items():
        kinds += [(None, g, _tier(g), t)] * value(v)
    second = _connections_program(targets, kinds)
    value = second.p.solve(0)
    out = []
    for k in second.ksas:
        ((t, _, cs),) = k.options
        conn = tuple(value(cs[i]) if i in cs else 0 for i in range(len(AREA_ORDER)))
        out.append(KsaPlan(k.group, k.key, t, conn))  # a printed KSA's group is its code
    return out


def _in_area_count(t: Type, area: str, lo: int, hi: int, specific: bool) -> bool:
    v = t[IDX[area]]
    return v > 0 and lo <= v <= hi and (not specific or n_areas(t) == 1)


def fit(t: Type, code: str) -> int:
    """How well a KSA of type `t` suits sub-competency `code` (`static.AREA_AFFINITY`)."""
    aff = prefix_value(AREA_AFFINITY, code) or {}
    areas = [a for a, n in zip(AREA_ORDER, t, strict=True) if n]
    return round(10 * sum(aff.get(a, 0) for a in areas) / len(areas))


def place_placeholders(targets: Targets, ksas: list[KsaPlan]) -> list[KsaPlan]:
    """Stage 2: each placeholder moves from its group to a code of the group, for the best
    fit of its areas to the code (`fit`) within the number of KSAs each code holds. Returns
    every KSA in tree order (printed first under each code, then the most connected)."""
    md = CpModel("placement")
    m = md.m
    free: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for s in slots(targets):
        if s.key is None:
            free[s.group][s.code] += 1
    kinds: dict[tuple[str, Type], int] = defaultdict(int)
    for k in ksas:
        if k.key is None:
            kinds[k.code, k.type] += 1
    a: dict[tuple[str, Type, str], IntVar] = {}
    for (g, t), n in sorted(kinds.items()):
        for code in free[g]:
            a[g, t, code] = m.new_int_var(0, min(n, free[g][code]), "")
        m.add(sum(a[g, t, code] for code in free[g]) == n)
    for g, codes in free.items():
        for code, n in codes.items():
            m.add(sum(v for (gg, _, cc), v in a.items() if gg == g and cc == code) == n)
    solver = md.solve(-sum(v * fit(t, code) for (_, t, code), v in a.items()))
    # hand out the group's KSAs of each type to the codes, most connected first
    pool: dict[tuple[str, Type], list[KsaPlan]] = defaultdict(list)
    for k in ksas:
        if k.key is None:
            pool[k.code, k.type].append(k)
    for members in pool.values():
        members.sort(key=lambda k: (-k.total, k.connections))
    out = [k for k in ksas if k.key is not None]
    for (g, t, code), v in sorted(a.items()):
        for _ in range(solver.Value(v)):
            k = pool[g, t].pop(0)
            out.append(KsaPlan(code, None, t, k.connections))
    order = {code: i for i, code in enumerate(targets.code_counts)}
    return sorted(out, key=lambda k: (order[k.code], k.key is None, -k.total, k.type,
                                      k.connections, k.key or ""))


