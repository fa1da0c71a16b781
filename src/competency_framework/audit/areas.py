"""Checks of the technology-area sections: each area's institutes, its KSAs by how many of
its institutes share them, its connections to another area, and its frequently selected
KSAs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from competency_framework.audit.checks import EntryCheck, entry_check, register_entry_check
from competency_framework.audit.context import Context
from competency_framework.audit.matching import (
    ksa_items,
    name_check,
    resolve_institute,
    variant_notes,
)
from competency_framework.audit.rows import (
    INCONSISTENT,
    MATCH,
    MISMATCH,
    Row,
    count_row,
    finish,
    norm,
    share_row,
)
from competency_framework.reference.published import Entry
from competency_framework.statistics import areas
from competency_framework.statistics.shares import Share

AREA_FILTERS = {  # param -> how it narrows the area's KSAs, for the base of a percent
    "institutes": "shared by the given number of the area's institutes",
    "specific": "specific to the area",
    "tier": "catalogued in the tier",
}


@entry_check("area_institutes")
def area_institutes(ctx: Context, e: Entry) -> Row:
    table = ctx.table(areas.area_institutes)
    problems, notes, status = [], [], MATCH
    rows = e.value if e.kind == "table" else [
        {"area_id": e.params["area"], "institute": name} for name in e.value
    ]
    seen = set()
    for row in rows:
        inst, how = resolve_institute(ctx, table, row["area_id"], row["institute"])
        if inst is None:
            elsewhere = [a for a in sorted(set(table["area_id"])) if a != row["area_id"] and
                         resolve_institute(ctx, table, a, row["institute"])[0]]
            problems.append(f"no institute '{row['institute']}' in {row['area_id']}" + (
                f" (the data puts it in {', '.join(elsewhere)})" if elsewhere else ""))
            continue
        seen.add(inst)
        if how == "variant":
            status = INCONSISTENT
            name = str(table.set_index("institute_id").at[inst, "institute_name"])
            notes.append(f"'{row['institute']}' is printed '{name}' elsewhere in the report, "
                         f"which the data follows (names.institute.{row['area_id']})")
        if "area" in row:
            area_name = table.set_index("area_id").loc[[row["area_id"]], "area_name"].iat[0]
            if norm(area_name) != norm(row["area"]):
                problems.append(f"area '{row['area']}' is named '{area_name}' in the data")
    wanted = table if e.kind == "table" else table.loc[table["area_id"] == e.params["area"]]
    extra = sorted(set(wanted["institute_id"]) - seen)
    if extra:
        problems.append(f"institutes in the data but not printed: {', '.join(extra)}")
    rec = (wanted[["area_id", "institute_id", "institute_name"]].to_dict("records")
           if e.kind == "table" else wanted["institute_name"].tolist())
    return finish(e, rec, MISMATCH if problems else status, "; ".join(problems + notes))


def _area_filters(params: Mapping[str, Any]) -> dict[str, Any]:
    """`area_ksa_count` keywords from an entry's params."""
    return {
        "min_institutes": params.get("min_institutes", 1),
        "max_institutes": params.get("max_institutes"),
        "all_institutes": bool(params.get("all_institutes", False)),
        "specific": True if params.get("specific") else None,
        "tier": params.get("tier"),
    }


def _widen(filters: dict[str, Any], which: str) -> dict[str, Any]:
    wider = dict(filters)
    if which == "institutes":
        wider.update(min_institutes=1, max_institutes=None, all_institutes=False)
    else:
        wider[which] = None
    return wider


@entry_check("area_ksas_by_institute_count")
def area_ksas_by_institute_count(ctx: Context, e: Entry) -> Row:
    area = e.params["area"]
    filters = _area_filters(e.params)
    count = areas.area_ksa_count(ctx.fw, area, **filters)
    if e.kind != "percent":
        return count_row(e, count)
    # A percent's base is the set one filter wider ("32 of those 56 unique KSAs": specific
    # without the institutes filter). With two filters the params do not say which one the
    # report widened: each candidate base is computed, and the note names the one that equals
    # the printed denominator (or lists them all when none does).
    active = [f for f in AREA_FILTERS if f != "institutes" and filters[f] is not None]
    if filters["min_institutes"] > 1 or filters["max_institutes"] or filters["all_institutes"]:
        active.insert(0, "institutes")
    bases = {f"the area's KSAs except the filter '{AREA_FILTERS[f]}'":
             areas.area_ksa_count(ctx.fw, area, **_widen(filters, f)) for f in active}
    if len(bases) <= 1:
        return share_row(e, Share(count, next(iter(bases.values()), count)))
    label = next((k for k, v in bases.items() if v == e.denominator), None)
    if label is None:
        note = "no candidate base equals the printed denominator: " + "; ".join(
            f"{k} = {v}" for k, v in bases.items())
        label = next(iter(bases))
    else:
        note = f"base: {label} (the other candidate: " + "; ".join(
            f"{k} = {v}" for k, v in bases.items() if k != label) + ")"
    return share_row(e, Share(count, bases[label]), note)


@entry_check("area_connections_to_other_area")
def area_connections_to_other_area(ctx: Context, e: Entry) -> Row:
    table = ctx.table(areas.area_connections_to_other_areas)
    connections = dict(zip(zip(table["area_id"], table["other_area_id"], strict=True),
                           table["connections"], strict=True))
    return count_row(e, int(connections.get((e.params["area"], e.params["other_area"]), 0)))


def _frequent_ksas(ctx: Context, e: Entry, scope: str) -> Row:
    """A frequently selected list of an area against the area's `scope` KSAs (`specific` or
    `network-wide`) ranked by the area's connections to them (reading 6)."""
    area = e.params["area"]
    table = ctx.table(areas.frequently_selected_ksas)
    ranked = table.loc[(table["area_id"] == area) & (table["scope"] == scope)]
    items, problems = ksa_items(ctx, e)
    listed = {kid for _, kid, _ in items if kid}
    connections = dict(zip(ranked["ksa_id"], ranked["connections"], strict=True))
    unlisted = ranked.loc[~ranked["ksa_id"].isin(listed), "connections"]
    threshold = int(unlisted.max()) if len(unlisted) else 0
    notes: list[str] = []
    for item, kid, _ in items:
        if kid is None:
            continue
        if kid not in connections:
            problems.append(f"'{item['statement']}' is not a {scope} KSA of {area} in the data")
        elif int(connections[kid]) < threshold:
            problems.append(f"'{item['statement']}' has {int(connections[kid])} "
                            f"connections from {area}, fewer than an unlisted {scope} KSA "
                            f"({threshold})")
        name_status, name_note = name_check(ctx, str(item["code"]), item.get("sub_competency"))
        if name_note:
            notes.append(name_note)
            if name_status == MISMATCH:
                problems.append(name_note)
    status, variants = variant_notes(ctx, items)
    if any("elsewhere in the report" in n for n in notes):
        status = INCONSISTENT
    top = ranked.head(len(listed))
    rec = [{"rank": int(r.rank), "ksa_id": r.ksa_id, "code": r.code, "statement": r.statement,
            "connections": int(r.connections), "institutes": int(r.institutes)}
           for r in top.itertuples()]
    if not problems:
        counts = [int(connections[kid]) for _, kid, _ in items if kid]
        ties = min(counts) == threshold and len(unlisted) > 0
        notes.insert(0, f"the listed KSAs have {', '.join(map(str, counts))} connections "
                        f"from the area as printed in order; the most of any unlisted "
                        f"{scope} KSA is {threshold}"
                        + (" (a tie: another KSA could have been listed)" if ties else ""))
    status = MISMATCH if problems else status
    return finish(e, rec, status, "; ".join(problems + notes + variants))


def _frequent_check(name: str, scope: str) -> EntryCheck:
    def run(ctx: Context, e: Entry) -> Row:
        return _frequent_ksas(ctx, e, scope)

    return EntryCheck(name, (name,), run)


register_entry_check(_frequent_check("area_frequent_specific_ksas", "specific"))
register_entry_check(_frequent_check("area_frequent_network_ksas", "network-wide"))
