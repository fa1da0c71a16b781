"""What the reconstruction must reproduce, read from the published figures (`data/published`).

Every number the model satisfies comes from an `Entry` through `published.load_published`;
nothing here repeats a printed value. Percent entries without a printed numerator become the
count that rounds (half up, reading 5) to the printed percent and lies nearest the exact share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from competency_framework.reconstruct.static import MERGE_POSSIBLY_SAME
from competency_framework.reference.published import PUBLISHED_DIR, Entry, load_published

AREA_ORDER = ("biomanufacturing", "digital_automation", "electronics", "energy_processes",
              "materials")


@dataclass(frozen=True)
class AreaCount:
    """KSAs of `area` held by between `lo` and `hi` of its institutes (reading 4), optionally
    only those specific to the area and/or catalogued in `tier`, must number `count`."""

    entry_id: str
    area: str
    lo: int
    hi: int
    specific: bool
    tier: int | None
    count: int


@dataclass(frozen=True)
class PrintedKsa:
    """One KSA the report prints: its code, statement (the spelling kept) and other wordings."""

    key: str  # the lettered name ("A") or "code|statement"
    code: str
    statement: str
    letter: str | None = None
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class KsaList:
    """A frequently-selected list of an area (reading 6): rows of KSA keys, in printed order."""

    entry_id: str
    area: str
    scope: str  # "specific" or "network"
    rows: tuple[tuple[str, ...], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for row in self.rows for k in row)


@dataclass
class Targets:
    """Everything the reconstructed edition must reproduce."""

    areas: dict[str, str]  # area_id -> name
    institutes: dict[str, list[str]]  # area_id -> institute names (as the sections print them)
    tree: list[dict]  # Table A1 and A2 rows
    definitions: dict[str, str]  # Table 1: code -> definition
    tier_names: dict[int, str]
    code_counts: dict[str, int]  # essential KSAs per node that holds KSAs
    ksas_total: int
    area_counts: list[AreaCount]
    crossing: int
    shared_by: dict[int, int]  # min institutes -> KSAs
    with_connections: dict[int, int]  # min connections -> KSAs (reading 1)
    directed: dict[tuple[str, str], int]  # (area, other area) -> connections (reading 3)
    connections_floor: int  # "over 1,200"
    top: list[str]  # keys of the lettered KSAs, A first (reading 2)
    lists: list[KsaList]
    printed: dict[str, PrintedKsa]
    selections_total: int
    single_selections: int
    multi_selections: int
    multi_titles: int
    titles_total: int
    top_titles: list[tuple[str, int]]
    entry_ids: dict[str, list[str]] = field(default_factory=dict)  # what -> entry ids used

    def size(self, area: str) -> int:
        return len(self.institutes[area])


def percent_count(e: Entry) -> int:
    """The count behind a percent entry: its numerator, or else the whole number of its
    denominator that rounds half up to the printed percent, nearest the exact share (ties to
    the larger)."""
    if e.numerator is not None:
        return e.numerator
    d = e.denominator
    if d is None:
        raise ValueError(f"{e.id}: a percent needs its numerator or its denominator")
    fits = [n for n in range(d + 1) if math.floor(100 * n / d + 0.5) == e.value]
    if not fits:
        raise ValueError(f"{e.id}: no count of {d} rounds to {e.value}%")
    exact = e.value * d / 100
    return min(fits, key=lambda n: (abs(n - exact), -n))


def _count(e: Entry) -> int:
    return percent_count(e) if e.kind == "percent" else int(e.value)


def _printed_ksas(entries: list[Entry]) -> tuple[dict[str, PrintedKsa], dict[int, str]]:
    """The distinct printed KSAs, and for every list item (by id()) its KSA key."""
    lists = [e for e in entries if e.statistic in ("top_ksas", "area_frequent_specific_ksas",
                                                    "area_frequent_network_ksas")]
    lettered = {i["letter"]: i for e in lists for i in e.value if i.get("letter")}
    letter_of = {(str(i["code"]), i["statement"]): k for k, i in lettered.items()}
    printed: dict[str, PrintedKsa] = {}
    item_key: dict[int, str] = {}
    for e in lists:
        for item in e.value:
            letter = (item.get("letter") or item.get("same_as")
                      or letter_of.get((str(item["code"]), item["statement"])))
            if letter is None and MERGE_POSSIBLY_SAME:
                letter = item.get("possibly_same_as")
            if letter:
                top = lettered[letter]
                key, code, statement = letter, str(top["code"]), top["statement"]
            else:
                code, statement = str(item["code"]), item["statement"]
                key = f"{code}|{statement}"
            old = printed.get(key)
            variants = old.variants if old else ()
            if item["statement"] != statement and item["statement"] not in variants:
                variants += (item["statement"],)
            printed[key] = PrintedKsa(key, code, statement, letter, variants)
            item_key[id(item)] = key
    return printed, item_key


def _rows(e: Entry, item_key: dict[int, str]) -> tuple[tuple[str, ...], ...]:
    rows: list[list[str]] = []
    last = None
    for item in e.value:
        if item["row"] != last:
            rows.append([])
            last = item["row"]
        rows[-1].append(item_key[id(item)])
    return tuple(tuple(r) for r in rows)


def _tree(entries: Mapping[str, Entry]) -> tuple[list[dict], dict[str, int]]:
    rows = [dict(r) for r in entries["tables.table_a1"].value + entries["tables.table_a2"].value]
    counts = {(r.get("sub_competency_code") or r["competency_code"]): int(r["essential_ksas"])
              for r in rows}
    return rows, counts


def load_targets(folder: str | Path = PUBLISHED_DIR) -> Targets:
    """The targets of the reconstruction from the published figures in `folder`."""
    all_entries = [e for e in load_published(folder) if e.source == "report_2025"]
    by_id = {e.id: e for e in all_entries}
    by_stat: dict[str, list[Entry]] = {}
    for e in all_entries:
        if e.statistic:
            by_stat.setdefault(e.statistic, []).append(e)

    table2 = by_id["tables.table_2"].value
    areas = {r["area_id"]: r["area"].title() for r in table2}
    institutes = {a: list(by_id[f"areas.{a}.institutes"].value) for a in areas}
    if sorted(areas) != sorted(AREA_ORDER):
        raise ValueError(f"unexpected technology areas {sorted(areas)}")
    tree, code_counts = _tree(by_id)
    printed, item_key = _printed_ksas(all_entries)

    area_counts = []
    for e in by_stat["area_ksas_by_institute_count"]:
        p, area = e.params, e.params["area"]
        size = len(institutes[area])
        lo = size if p.get("all_institutes") else p.get("min_institutes", 1)
        hi = size if p.get("all_institutes") else p.get("max_institutes") or size
        area_counts.append(AreaCount(e.id, area, lo, hi, bool(p.get("specific")),
                                     p.get("tier"), _count(e)))

    def one(stat: str) -> Entry:
        (e,) = by_stat[stat]
        return e

    lists = []
    for stat, scope in (("area_frequent_specific_ksas", "specific"),
                        ("area_frequent_network_ksas", "network")):
        for e in by_stat[stat]:
            lists.append(KsaList(e.id, e.params["area"], scope, _rows(e, item_key)))
    (top_entry,) = by_stat["top_ksas"]
    top = [item_key[id(i)] for i in top_entry.value]

    occ = {tuple(sorted(e.params.items())): e for e in by_stat["occupation_selections"]}
    titles = {e.params["min_institutes"]: e for e in by_stat["occupation_titles"]}
    return Targets(
        areas=areas,
        institutes=institutes,
        tree=tree,
        definitions={r["code"]: r["definition"] for r in by_id["tables.table_1"].value},
        tier_names={int(i["tier"]): i["name"] for i in by_id["methodology.tier_names"].value},
        code_counts=code_counts,
        ksas_total=_count(one("ksas_total")),
        area_counts=area_counts,
        crossing=_count(one("ksas_crossing_areas")),
        shared_by={e.params["min_institutes"]: _count(e)
                   for e in by_stat["ksas_shared_by_institutes"]},
        with_connections={e.params["min_connections"]: _count(e)
                          for e in by_stat["ksas_with_connections"]},
        directed={(e.params["area"], e.params["other_area"]): _count(e)
                  for e in by_stat["area_connections_to_other_area"]},
        connections_floor=_count(one("connections_total")),
        top=top,
        lists=lists,
        printed=printed,
        selections_total=_count(occ[()]),
        single_selections=_count(occ[(("max_institutes", 1),)]),
        multi_selections=_count(occ[(("min_institutes", 2),)]),
        multi_titles=_count(titles[2]),
        titles_total=_count(titles[1]),
        top_titles=[(i["title"], int(i["institutes"])) for i in one("top_occupation_titles").value],
    )
