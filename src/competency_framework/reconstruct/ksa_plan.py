"""Stages 1 and 2 of the reconstruction: every KSA's *type* (how many institutes of each
area select it) and its connections per area, then where each unpublished KSA is catalogued.

Every count the report prints about areas, institutes, crossing and sharing is a linear
function of the types; every connection figure (the directed counts between areas, the
total, the KSAs with 8+ connections, the top ten, the frequently selected lists) is linear
in the connections per area. So stage 1 is one mixed-integer program (`plan_ksas`):

- each printed KSA chooses one type among those its lists allow (`printed_types`), with a
  connection count per area of that type (so every figure is linear without big-M terms);
- the unpublished KSAs (placeholders) are aggregated: how many of each group (Tier 4, or a
  Tier 5 field) have each type, split into those below and those at or above the 8+
  threshold, with one connection sum per area for each part. A per-KSA bound holds for a sum
  exactly when it holds for an even split of it (`_disaggregate`), so nothing is lost.

Bounds of the form "each placeholder's connections stay at or below a variable" (a list's
floor, the top ten's threshold) would be products; `plan_ksas` solves in two steps so that
they are not.

Stage 2 (`place_placeholders`) puts each placeholder under a sub-competency of its group,
for the best fit of its areas (`static.AREA_AFFINITY`) within Tables A1/A2's counts.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field

from .solvers import CpModel, Mip
from .static import AREA_AFFINITY, FIELD_AREA, FIELD_MAX_CROSSING, SELECTIONS, prefix_value
from .targets import AREA_ORDER, Targets

PLACEHOLDER_MAX_AREAS = 3  # an unpublished KSA belongs to at most this many areas
PRINTED_MAX_AREAS = 4  # a printed KSA that is not area-specific: at most this many areas
LISTED_MIN_INSTITUTES = 2  # a frequently selected network-wide KSA: 2+ institutes of the area
OTHER_MAX_INSTITUTES = 2  # a printed KSA: at most 2 institutes of each area not listing it
TOP_MIN_CAPACITY = 24  # a lettered KSA's institutes can give it at least this many connections
CONNECTIONS_PER_SELECTION = (6, 12)  # plausible range of an area's mean KSAs per occupation
LEVEL_MAX = 40  # the top ten's threshold and the lists' floors stay at or below this
RESERVE_SHARE = 0.25  # first step: share of each connection figure kept for placeholders
# first step: least room for placeholders (connections of one placeholder) under the top
# ten's tenth (its threshold) and under each kind of list's last row (its floor, per area)
ROOM = {"top_ksas": 12, "frequent_specific_ksas": 3, "frequent_network_ksas": 4}

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
    `PLACEHOLDER_MAX_AREAS` areas, one only where its field may not cross."""
    field_area = prefix_value(FIELD_AREA, slot.code)
    most = 1 if prefix_value(FIELD_MAX_CROSSING, slot.code) == 0 else PLACEHOLDER_MAX_AREAS
    return [t for t in itertools.product(*(range(s + 1) for s in sizes))
            if 1 <= n_areas(t) <= most and (not field_area or t[IDX[field_area]])]


def _printed_choices(slot: Slot, area: str, size: int, r: Roles) -> list[int]:
    """How many institutes of `area` a printed KSA may have, by its lists and field."""
    key = slot.key
    if key in r.specific_to:
        return list(range(1, size + 1)) if r.specific_to[key] == area else [0]
    if prefix_value(FIELD_AREA, slot.code) == area:
        return list(range(1, size + 1))
    if area in r.network_in.get(key, ()):
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


def _spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` whole numbers differing by at most one, larger first."""
    base, extra = divmod(total, parts)
    return [base + 1] * extra + [base] * (parts - extra)


def _disaggregate(t: Type, n: int, flows: dict[int, int]) -> list[Type]:
    """`n` KSAs of type `t` sharing the per-area connection `flows` (area index -> sum).

    Each area's sum is split evenly (shares differ by at most one) and its larger shares are
    dealt round the KSAs cyclically, each area starting where the last stopped, so that every
    KSA's total also lies within one of the mean: a bound that each part of an even split
    meets, and the totals' bounds, hold for every KSA when they hold for the sums."""
    rows = [[0] * len(t) for _ in range(n)]
    start = 0
    for i, f in sorted(flows.items()):
        base, extra = divmod(f, n)
        for k in range(n):
            rows[k][i] = base
        for j in range(extra):
            rows[(start + j) % n][i] += 1
        start = (start + extra) % n
    return [tuple(r) for r in rows]


@dataclass
class _Part:
    """Placeholders of one (group, type) below (part 0) or at/above (part 1) the 8+ line."""

    group: str
    type: Type
    part: int
    count: object
    flows: dict[int, object]  # area index -> connection sum
    size: int  # the group's number of placeholders


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


@dataclass
class _Program:
    """A stage 1 program and the handles needed to read or fix its solution."""

    p: Mip
    x: dict
    conn: dict
    parts: list[_Part]
    cost: object


def _program(targets: Targets, *, fixed: dict[str, tuple[Type, Type]] | None = None,
             limits: dict[str, int] | None = None) -> _Program:
    """The stage 1 program (see `plan_ksas`). Without `fixed`: the printed KSAs whole, the
    placeholders' type counts relaxed to real numbers and their connections left out (each
    connection figure then an upper bound less `RESERVE_SHARE`), the threshold and floors at
    least `ROOM`. With it: the printed KSAs' types and connections `fixed`, the threshold and
    floors at `limits`, the placeholders whole."""
    p = Mip("membership")
    whole = fixed is not None
    var = p.int if whole else p.num
    S = p.sum
    cap = capacity(targets)
    sizes = tuple(targets.size(a) for a in AREA_ORDER)
    r = roles(targets)
    ss = slots(targets)
    printed = {s.key: s for s in ss if s.key}
    groups: dict[str, list[Slot]] = defaultdict(list)
    for s in ss:
        if s.key is None:
            groups[s.group].append(s)
    if len(targets.with_connections) != 1:
        raise ValueError("the model takes one 'KSAs with k+ connections' figure")
    ((k_min, k_count),) = targets.with_connections.items()

    # Every KSA "unit" (a printed KSA, or a placeholder group) has a count per type (0/1 for a
    # printed KSA) and, per type and area, its connections: for a printed KSA one number,
    # for a group one sum per part (below / at least k_min connections). Since a variable
    # belongs to one type, every figure below is linear, with no big-M (a tight relaxation).
    x: dict[tuple[str, Type], object] = {}
    conn: dict[tuple[str, Type], dict[int, object]] = {}  # printed (key, t): area -> count
    parts: list[_Part] = []
    for g, members in groups.items():
        size = len(members)
        ok = placeholder_types(members[0], sizes)
        for t in ok:
            v = x[g, t] = var(0, size)
            if not whole:  # first step: placeholders' types only, their connections later
                continue
            pair = []
            for part in (0, 1):
                n = var(0, size)
                flows = {}
                for i, ti in enumerate(t):
                    if ti:
                        most = cap[AREA_ORDER[i]][ti]
                        f = flows[i] = var(0, size * most)
                        p.add(f >= ti * n)
                        p.add(f <= most * n)
                tot = S(flows.values())
                if part == 0:
                    p.add(tot <= (k_min - 1) * n)
                    if sum(t) >= k_min:
                        p.add(n == 0)
                else:
                    p.add(tot >= k_min * n)
                    if most_connections(t, cap) < k_min:
                        p.add(n == 0)
                pair.append(n)
                parts.append(_Part(g, t, part, n, flows, size))
            p.add(pair[0] + pair[1] == v)
        p.add(S(x[g, t] for t in ok) == size)
        limit = prefix_value(FIELD_MAX_CROSSING, members[0].code)
        if limit is not None:
            p.add(S(x[g, t] for t in ok if n_areas(t) > 1) <= limit)
    for key, s in printed.items():
        ok = printed_types(s, sizes, r, cap)
        if not ok:
            raise ValueError(f"no type fits printed KSA {key!r}")
        for t in ok:
            b = x[key, t] = p.bool()
            conn[key, t] = {}
            for i, ti in enumerate(t):
                if ti:
                    c = conn[key, t][i] = p.int(0, cap[AREA_ORDER[i]][ti])
                    p.add(c >= ti * b)
                    p.add(c <= cap[AREA_ORDER[i]][ti] * b)
        p.add(S(x[key, t] for t in ok) == 1)
        if fixed:  # the first step's choice
            t_key, c_key = fixed[key]
            for t in ok:
                p.fix(x[key, t], int(t == t_key))
            for i, c in conn[key, t_key].items():
                p.fix(c, c_key[i])
    tier = {g: members[0].tier for g, members in groups.items()}
    tier.update({key: s.tier for key, s in printed.items()})

    by_key: dict[str, list[tuple[Type, dict[int, object]]]] = defaultdict(list)
    for (key, t), cs in conn.items():
        by_key[key].append((t, cs))

    def pc(key: str, a: str, scope=None) -> object:
        """A printed KSA's connections from area a (only over types `scope` admits)."""
        i = IDX[a]
        return S(cs[i] for t, cs in by_key[key] if i in cs and (scope is None or scope(t)))

    ptot = {key: S(c for _, cs in by_key[key] for c in cs.values()) for key in printed}

    def count(pred) -> object:
        return S(v for (u, t), v in x.items() if pred(u, t))


    def flow(pred) -> object:
        """Connections from area index i, over every unit and type `pred(t, i)` admits."""
        return (S(c for (_, t), cs in conn.items() for i, c in cs.items() if pred(t, i))
                + S(f for pt in parts for i, f in pt.flows.items() if pred(pt.type, i)))

    # membership counts (reading 4), crossing, sharing
    for ac in targets.area_counts:
        p.require(ac.entry_id, count(
            lambda u, t, ac=ac: _in_area_count(t, ac.area, ac.lo, ac.hi, ac.specific)
            and (ac.tier is None or tier[u] == ac.tier)), "==", ac.count)
    p.require("insights.cross_area_pct", count(lambda u, t: n_areas(t) > 1), "==",
              targets.crossing)
    for k, n in targets.shared_by.items():
        p.require("insights.shared_3plus_pct", count(lambda u, t, k=k: sum(t) >= k), "==", n)

    def require_connections(name: str, lhs, sense: str, rhs: int) -> None:
        """A connection figure; in the first step (printed KSAs' connections only) at most
        what is published, less a reserve for the placeholders."""
        if whole:
            p.require(name, lhs, sense, rhs)
        elif sense != ">=":
            p.require(name, lhs, "<=", rhs - math.ceil(RESERVE_SHARE * rhs))

    # directed area counts (reading 3), the total, plausible connections per selection
    for (a, b), n in targets.directed.items():
        require_connections(f"area_connections.{a}.{b}", flow(
            lambda t, i, ia=IDX[a], ib=IDX[b]: i == ia and t[ib] > 0), "==", n)
    require_connections("summary.connections_total", flow(lambda t, i: True), "==",
                        connections_target(targets))
    lo_sel, hi_sel = CONNECTIONS_PER_SELECTION
    for a, sel in selections_by_area(targets).items():
        in_area = flow(lambda t, i, ia=IDX[a]: i == ia)
        require_connections("plausibility.connections_per_selection", in_area, "<=",
                            hi_sel * sel)
        require_connections("plausibility.connections_per_selection", in_area, ">=",
                            lo_sel * sel)

    # KSAs with k_min+ connections (reading 1)
    big = sum(c[-1] for c in cap.values())
    reach = []
    for key in printed:
        y = p.bool()
        p.add(ptot[key] >= k_min * y)
        p.add(ptot[key] <= k_min - 1 + big * y)
        reach.append(y)
    p.require("insights.aligned_8plus_occupations_pct",
              S(reach) + S(pt.count for pt in parts if pt.part == 1),
              "==" if whole else "<=", k_count)

    # the top ten (reading 2): strictly decreasing connections (so that no tie needs breaking),
    # the tenth above a threshold that every other KSA stays at or below
    top = targets.top
    for k1, k2 in zip(top, top[1:], strict=False):
        p.require("top_ksas", ptot[k1], ">=", ptot[k2] + 1)
    theta = _limit(p, "top_ksas", k_min - 1, limits)
    p.require("top_ksas", ptot[top[-1]], ">=", theta + 1)
    for key in printed:
        if key not in top:
            p.require("top_ksas", ptot[key], "<=", theta)
    # each placeholder at or above the 8+ line stays at or below theta (added below, linear
    # at a constant theta)
    bounds: list[tuple[str, object, _Part]] = [
        ("top_ksas", S(pt.flows.values()), pt) for pt in parts if pt.part == 1]

    # the lists (reading 6): rows in printed order, the last above every unlisted KSA
    for lst in targets.lists:
        a, ai = lst.area, IDX[lst.area]
        for r1, r2 in zip(lst.rows, lst.rows[1:], strict=False):
            for k1 in r1:
                for k2 in r2:
                    p.require(lst.entry_id, pc(k1, a), ">=", pc(k2, a))
        floor = _limit(p, lst.entry_id, 0, limits)
        for key in lst.rows[-1]:
            p.require(lst.entry_id, pc(key, a), ">=", floor + 1)

        def in_scope(t: Type, ai=ai, lst=lst) -> bool:
            return bool(t[ai]) and (n_areas(t) == 1) == (lst.scope == "specific")

        for key in printed:
            if key not in lst.keys:
                p.require(lst.entry_id, pc(key, a, in_scope), "<=", floor)
        bounds += [(lst.entry_id, pt.flows[ai], pt) for pt in parts if in_scope(pt.type)]

    # plausibility: few areas and few institutes per KSA unless the figures need more
    cost = S(v * (4 * n_areas(t) ** 2 + sum(n * n for n in t)) for (u, t), v in x.items())

    # the placeholder bounds, linear at constant limits: the least room in the first step
    # (the threshold and floors may only grow from there), the loosest in the second
    for name, expr, pt in bounds:
        p.require(name, expr, "<=", (limits[name] if limits else _room(name)) * pt.count)
    return _Program(p, x, conn, parts, cost)


def _room(name: str) -> int:
    """The least room under the top ten, or under a list (by its kind)."""
    return ROOM.get(name, ROOM.get(name.rsplit(".", 1)[-1], 0))


def _limit(p: Mip, name: str, least: int, limits: dict[str, int] | None):
    """The top ten's threshold or a list's floor: fixed at `limits`, else at least the room."""
    if limits:
        return p.int(limits[name], limits[name])
    return p.int(max(least, _room(name)), LEVEL_MAX)


def plan_ksas(targets: Targets) -> list[KsaPlan]:
    """Stage 1: every KSA's type and connections per area, meeting every published count at
    once; see the module docstring.

    Solved in two steps, since neither SCIP nor HiGHS finds a solution of the whole program
    quickly. First the printed KSAs in whole numbers, with the placeholders' type counts in
    real numbers and a reserve of each connection figure for them (`RESERVE_SHARE`), and
    with least room (`ROOM`) below the top ten and each list's last row. Then the
    placeholders in whole numbers, the printed KSAs fixed, the top ten's threshold and each
    list's floor at the loosest values the printed KSAs allow (one below the tenth's
    connections, one below the list's last row).
    """
    first = _program(targets)
    value = first.p.solve(first.cost)
    fixed = {}
    for (key, t), cs in first.conn.items():
        if value(first.x[key, t]):
            fixed[key] = (t, tuple(value(cs[i]) if i in cs else 0
                                   for i in range(len(AREA_ORDER))))
    limits = {"top_ksas": min(sum(fixed[k][1]) for k in targets.top) - 1}
    for lst in targets.lists:
        limits[lst.entry_id] = min(fixed[k][1][IDX[lst.area]] for k in lst.rows[-1]) - 1
    second = _program(targets, fixed=fixed, limits=limits)
    value = second.p.solve(second.cost)

    out = [KsaPlan(targets.printed[key].code, key, t, c) for key, (t, c) in fixed.items()]
    for pt in second.parts:
        n = value(pt.count)
        if n:
            flows = {i: value(f) for i, f in pt.flows.items()}
            out += [KsaPlan(pt.group, None, pt.type, c)
                    for c in _disaggregate(pt.type, n, flows)]
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
    a: dict[tuple[str, Type, str], object] = {}
    for (g, t), n in sorted(kinds.items()):
        for code in free[g]:
            a[g, t, code] = m.NewIntVar(0, min(n, free[g][code]), "")
        m.Add(sum(a[g, t, code] for code in free[g]) == n)
    for g, codes in free.items():
        for code, n in codes.items():
            m.Add(sum(v for (gg, _, cc), v in a.items() if gg == g and cc == code) == n)
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


