"""Checks within the report: printed figures that must agree with each other, each a named
check that runs only when the entries it needs are published (`checks.consistency_check`).
They read the published entries alone, never the edition. Rows `consistency.<name>`."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from competency_framework.audit.checks import consistency_check
from competency_framework.audit.rows import INCONSISTENT, MATCH, READING, READINGS, Row, norm
from competency_framework.reference.published import STATISTICS, Entry

SELECTIONS = ("occupations.selections_total", "occupations.single_institute_pct",
              "occupations.multi_institute_pct")
TIER_TABLES = ("tables.table_a1", "tables.table_a2")
KSA_SHARES = ("ksas_by_source_framework", "ksas_under_competency", "ksas_crossing_areas",
              "ksas_shared_by_institutes", "ksas_with_connections")  # out of all KSAs
AREA_STATISTICS = tuple(s for s in STATISTICS if "area_" in s)
BIO = "areas.biomanufacturing."


def _row(entries: Mapping[str, Entry], rid: str, ids: list[str], published: Any,
         recomputed: Any, ok: bool, note: str, status_if_not: str = INCONSISTENT,
         reading: int | None = None) -> Row:
    """Row `consistency.<rid>` in the section of `ids[0]`, printed as the entries `ids`."""
    first = entries[ids[0]]
    return Row(f"consistency.{rid}", first.section, "; ".join(
        f"{i}: {entries[i].printed}" for i in ids if entries[i].printed), published,
        recomputed, MATCH if ok else status_if_not, "" if ok else note, reading)


@consistency_check("occupation_selections_split", needs=SELECTIONS)
def occupation_selections_split(entries: Mapping[str, Entry]) -> list[Row]:
    """Selections of single-institute and shared titles add up to all selections, and their
    percents to 100."""
    total = entries["occupations.selections_total"].value
    one = entries["occupations.single_institute_pct"]
    many = entries["occupations.multi_institute_pct"]
    if one.numerator is None or many.numerator is None:
        raise ValueError(f"{one.id} and {many.id} must print their numerators")
    return [_row(entries, "occupation_selections_split", list(SELECTIONS),
                 {"single": one.numerator, "shared": many.numerator, "total": total},
                 one.numerator + many.numerator,
                 one.numerator + many.numerator == total and one.value + many.value == 100,
                 f"{one.numerator} + {many.numerator} != {total} "
                 f"or {one.value}% + {many.value}% != 100%")]


@consistency_check("top_titles_within_shared_titles",
                   needs=("occupations.top_titles", "occupations.multi_institute_pct",
                          "occupations.multi_institute_titles"))
def top_titles_within_shared_titles(entries: Mapping[str, Entry]) -> list[Row]:
    """The most chosen titles' selections, in decreasing order, fit within the selections of
    shared titles."""
    counts = [i["institutes"] for i in entries["occupations.top_titles"].value]
    shared = entries["occupations.multi_institute_pct"].numerator
    if shared is None:
        raise ValueError("occupations.multi_institute_pct must print its numerator")
    ok = sum(counts) <= shared and min(counts) >= 2 and counts == sorted(counts, reverse=True)
    return [_row(entries, "top_titles_within_shared_titles",
                 ["occupations.top_titles", "occupations.multi_institute_pct"],
                 counts, sum(counts), ok,
                 f"the top titles' {sum(counts)} selections exceed the {shared} shared "
                 "selections, or are not in decreasing order")]


@consistency_check("ksas_total", needs=TIER_TABLES, reads=("summary.ksas_total",),
                   statistics=KSA_SHARES)
def ksas_total(entries: Mapping[str, Entry]) -> list[Row]:
    """Tables A1 and A2 sum to the KSA total printed elsewhere and to the base of every share
    of all KSAs."""
    a1, a2 = (entries[i] for i in TIER_TABLES)
    s1 = sum(r["essential_ksas"] for r in a1.value)
    s2 = sum(r["essential_ksas"] for r in a2.value)
    totals = {i: entries[i].value for i in ["summary.ksas_total"] if i in entries}
    dens = {e.id: e.denominator for e in entries.values() if e.denominator is not None
            and e.statistic in KSA_SHARES}
    values = {s1 + s2, *totals.values(), *dens.values()}
    return [_row(entries, "ksas_total", list(TIER_TABLES),
                 {"table_a1": s1, "table_a2": s2, **totals,
                  **{f"{k}.denominator": v for k, v in dens.items()}},
                 s1 + s2, len(values) == 1,
                 f"Tables A1 + A2 give {s1 + s2} KSAs; other figures imply {sorted(values)}")]


@consistency_check("table_sum", needs=TIER_TABLES,
                   reads=("alignment.dol_amcm_pct", "alignment.any_model_pct"),
                   statistics=("ksas_under_competency",))
def table_sums(entries: Mapping[str, Entry]) -> list[Row]:
    """Percents whose numerators are sums of Table A1 (and A2) rows: the DOL AMCM share, the
    share aligned with any model, and the shares under 4.1 and 4.2."""
    a1, a2 = (entries[i] for i in TIER_TABLES)
    s1 = sum(r["essential_ksas"] for r in a1.value)
    sums = [("alignment.dol_amcm_pct", s1, "Table A1 (tier 4 = DOL AMCM)")]
    derived = sum(r["essential_ksas"] for r in a2.value if r.get("deriving_framework"))
    sums.append(("alignment.any_model_pct", s1 + derived,
                 "Table A1 + Table A2 rows with a deriving framework"))
    for code in ("4.1", "4.2"):
        under = sum(r["essential_ksas"] for r in a1.value if r["competency_code"] == code)
        pid = next((e.id for e in entries.values() if e.statistic == "ksas_under_competency"
                    and str(e.params.get("code")) == code), None)
        if pid:
            sums.append((pid, under, f"Table A1 rows under {code}"))
    rows = []
    for pid, expected, label in sums:
        num = entries[pid].numerator if pid in entries else None
        if num is not None:
            rows.append(_row(entries, f"table_sum.{pid}", [pid, "tables.table_a1"],
                             {"numerator": num, label: expected}, expected, num == expected,
                             f"{label} sum to {expected}, the percent implies {num}"))
    return rows


@consistency_check("core_competencies", needs=TIER_TABLES,
                   reads=("summary.core_competencies", "methodology.tier4_competencies",
                          "methodology.tier5_competencies"))
def core_competencies(entries: Mapping[str, Entry]) -> list[Row]:
    """The competency counts printed agree with the competencies of Tables A1 and A2."""
    a1, a2 = (entries[i] for i in TIER_TABLES)
    tier4 = len({r["competency_code"] for r in a1.value})
    tier5 = len({r["competency_code"] for r in a2.value})
    printed = {i: entries[i].value for i in ("summary.core_competencies",
               "methodology.tier4_competencies", "methodology.tier5_competencies")
               if i in entries}
    ok = printed.get("summary.core_competencies", tier4 + tier5) == tier4 + tier5 and \
        printed.get("methodology.tier4_competencies", tier4) == tier4 and \
        printed.get("methodology.tier5_competencies", tier5) == tier5
    return [_row(entries, "core_competencies", list(TIER_TABLES),
                 {"table_a1_competencies": tier4, "table_a2_competencies": tier5, **printed},
                 tier4 + tier5, ok, "the competency counts printed disagree with Tables A1 and A2")]


# Needs Table A1 as well, though it reads only Table 1 and A2: it has always run together
# with the checks of both tier tables.
@consistency_check("table_1_table_a2", needs=(*TIER_TABLES, "tables.table_1"))
def table_1_table_a2(entries: Mapping[str, Entry]) -> list[Row]:
    """Table 1 lists the tier-5 competencies of Table A2, under the same names."""
    t1 = {r["code"]: norm(r["name"]) for r in entries["tables.table_1"].value}
    t2 = {r["competency_code"]: norm(r["competency_name"])
          for r in entries["tables.table_a2"].value}
    return [_row(entries, "table_1_table_a2", ["tables.table_1", "tables.table_a2"],
                 sorted(t1), sorted(t2), t1 == t2,
                 "Table 1 and Table A2 list different tier-5 competencies or names")]


def _institutes_by_area(table_2: Entry) -> dict[str, int]:
    """Table 2's institutes per area."""
    by_area: dict[str, int] = defaultdict(int)
    for r in table_2.value:
        by_area[r["area_id"]] += 1
    return by_area


@consistency_check("institutes_table_2", needs=("tables.table_2",),
                   reads=("network_2024.institutes", "summary.institutes"),
                   statistics=("area_institutes",))
def institutes_table_2(entries: Mapping[str, Entry]) -> list[Row]:
    """Table 2's institutes per area agree with the area sections' lists, and its total with
    the institute totals printed."""
    t2 = entries["tables.table_2"].value
    by_area = _institutes_by_area(entries["tables.table_2"])
    lists = {e.params["area"]: len(e.value) for e in entries.values()
             if e.statistic == "area_institutes" and e.kind == "list"}
    totals = [entries[i].value for i in ("network_2024.institutes", "summary.institutes")
              if i in entries]
    ok = all(lists.get(a, n) == n for a, n in by_area.items()) and \
        all(t == len(t2) for t in totals)
    return [_row(entries, "institutes_table_2", ["tables.table_2"],
                 {"table_2": dict(by_area), "area_sections": lists, "institutes_total": totals},
                 len(t2), ok,
                 "Table 2's institutes per area disagree with the area sections or total")]


@consistency_check("all_three", needs=("tables.table_2",),
                   statistics=("area_ksas_by_institute_count",))
def all_three(entries: Mapping[str, Entry]) -> list[Row]:
    """An area figure printed as selected by 'all three' institutes is of an area Table 2
    gives three institutes, and counts all (or three) of them."""
    by_area = _institutes_by_area(entries["tables.table_2"])
    rows = []
    for e in entries.values():
        if e.statistic == "area_ksas_by_institute_count" and e.printed and \
                re.search(r"\ball three\b", e.printed):
            n = by_area.get(e.params["area"], 0)
            rows.append(_row(entries, f"all_three.{e.id}", [e.id, "tables.table_2"],
                             {"printed": "all three", "area_institutes_in_table_2": n},
                             n, n == 3 and bool(e.params.get("all_institutes") or
                                                e.params.get("min_institutes") == 3),
                             f"'all three' but Table 2 lists {n} institutes in "
                             f"{e.params['area']}"))
    return rows


@consistency_check("biomanufacturing_shared",
                   needs=(BIO + "all_institutes", BIO + "two_institutes",
                          BIO + "multi_institute_pct"),
                   reads=(BIO + "multi_institute_specific_pct",))
def biomanufacturing_shared(entries: Mapping[str, Entry]) -> list[Row]:
    """Biomanufacturing's KSAs shared by all three and by two institutes add up to those
    shared by more than one (and to the base of its specific share)."""
    three = entries[BIO + "all_institutes"].numerator
    two = entries[BIO + "two_institutes"].value
    shared = entries[BIO + "multi_institute_pct"].numerator
    if three is None:
        raise ValueError(f"{BIO}all_institutes must print its numerator")
    base = entries.get(BIO + "multi_institute_specific_pct")
    ok = three + two == shared and (base is None or base.denominator == shared)
    return [_row(entries, "biomanufacturing_shared",
                 [BIO + "all_institutes", BIO + "two_institutes", BIO + "multi_institute_pct"],
                 {"all_three": three, "two": two, "shared": shared,
                  "shared_base": base.denominator if base else None}, three + two, ok,
                 f"{three} + {two} != {shared}")]


@consistency_check("area_parts_within_total", reads=("areas.*.ksas_total",),
                   statistics=AREA_STATISTICS)
def area_parts_within_total(entries: Mapping[str, Entry]) -> list[Row]:
    """No count or base printed in an area section exceeds the area's KSA total."""
    rows = []
    for area in sorted({e.params["area"] for e in entries.values()
                        if e.statistic == "area_ksas_by_institute_count"}):
        total_id = f"areas.{area}.ksas_total"
        if total_id not in entries:
            continue
        total = entries[total_id].value
        parts = {e.id: (e.numerator if e.kind == "percent" else e.value)
                 for e in entries.values()
                 if e.statistic == "area_ksas_by_institute_count"
                 and e.params.get("area") == area and e.id != total_id}
        dens = {e.id: e.denominator for e in entries.values() if e.kind == "percent"
                and e.params.get("area") == area and e.statistic in AREA_STATISTICS}
        bad = {k: v for k, v in {**parts, **dens}.items() if v is not None and v > total}
        rows.append(_row(entries, f"area_parts_within_total.{area}", [total_id],
                         {"total": total, **parts}, total, not bad,
                         f"figures exceed the area's {total} KSAs: {bad}"))
    return rows


@consistency_check("area_connections", statistics=("area_connections_to_other_area",))
def area_connections(entries: Mapping[str, Entry]) -> list[Row]:
    """The connections between two areas printed from each side (equal, or both held under
    reading 3)."""
    pairs = {(e.params["area"], e.params["other_area"]): e for e in entries.values()
             if e.statistic == "area_connections_to_other_area"}
    rows = []
    for (x, y), e in sorted(pairs.items()):
        if (y, x) in pairs and x < y:
            back = pairs[(y, x)]
            same = e.value == back.value
            rows.append(_row(
                entries, f"area_connections.{x}.{y}", [e.id, back.id],
                {f"{x}->{y}": e.value, f"{y}->{x}": back.value}, None, same,
                f"the two figures print {e.value} and {back.value} for the connections between "
                f"{x} and {y}; under {READINGS[3]} both can hold, each counted from its own side",
                status_if_not=READING, reading=None if same else 3))
    return rows
