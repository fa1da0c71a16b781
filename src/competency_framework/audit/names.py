"""Checks of names printed more than one way: a competency's name, a code printed as another,
an institute's name, a KSA's wording. Rows `names.<kind>.<key>`."""

from __future__ import annotations

from collections import defaultdict

from competency_framework.audit.context import Context
from competency_framework.audit.matching import institute_variants, ksa_items, resolve_institute
from competency_framework.audit.rows import INCONSISTENT, READING, READINGS, Row, code_order, norm
from competency_framework.statistics import areas

KSA_LISTS = ("top_ksas", "area_frequent_specific_ksas", "area_frequent_network_ksas")


def name_rows(ctx: Context) -> list[Row]:
    """Each name or code the report prints in more than one way."""
    return [*competency_name_rows(ctx), *code_rows(ctx), *institute_name_rows(ctx),
            *ksa_name_rows(ctx)]


def competency_name_rows(ctx: Context) -> list[Row]:
    """Competencies the report names in more than one way, and which name the data follows."""
    rows = []
    for code in sorted(ctx.names.code_names, key=code_order):
        spellings = ctx.names.spellings(code)
        if len(spellings) < 2:
            continue
        where = {s: sorted(set(w)) for s, w in ctx.names.code_names[code].items()
                 if s in spellings}
        data = ctx.node_name(code)
        follows = next((s for s in spellings if data and norm(s) == norm(data)), None)
        note = "; ".join(f"'{s}' in {', '.join(w)}" for s, w in where.items())
        note = (f"{code} is named {note}; the data follows '{follows}'" if follows else
                f"{code} is named {note}; " + (f"the data's '{data}' is neither" if data else
                                                f"the edition has no node {code}"))
        section = ctx.first_section([i for ids in where.values() for i in ids])
        rows.append(Row(f"names.competency.{code}", section, "; ".join(where), where, data,
                        INCONSISTENT, note))
    return rows


def code_rows(ctx: Context) -> list[Row]:
    """Codes printed differently from the code meant."""
    rows = []
    for entry_id, code, printed in ctx.names.codes:
        e = ctx.entries[entry_id]
        note = (f"printed '{printed}' where the code is {code}" +
                ("; the data catalogues it under " + code if ctx.has_node(code) else ""))
        reading = 2 if e.statistic == "top_ksas" else None
        status = READING if reading else INCONSISTENT
        if reading:
            note += f"; {READINGS[2]}"
        rows.append(Row(f"names.code.{entry_id}.{code}", e.section, printed,
                        {"printed_code": printed, "code": code}, code, status, note, reading))
    return rows


def institute_name_rows(ctx: Context) -> list[Row]:
    """Institutes printed under two names in the places that list an area's institutes."""
    rows = []
    table = ctx.table(areas.area_institutes).set_index("institute_id")
    for area in sorted(ctx.names.institutes):
        for name, others in sorted(institute_variants(ctx, area).items()):
            if name > others[0]:
                continue
            pair = [name, others[0]]
            where = {n: sorted(set(ctx.names.institutes[area][n])) for n in pair}
            data = [str(table.at[i, "institute_name"]) for n in pair
                    for i in [resolve_institute(ctx, table.reset_index(), area, n)[0]] if i]
            note = "; ".join(f"'{n}' in {', '.join(w)}" for n, w in where.items())
            section = ctx.first_section([i for ids in where.values() for i in ids])
            rows.append(Row(f"names.institute.{area}", section, "; ".join(pair), where,
                            data[0] if data else None, INCONSISTENT,
                            f"one institute printed two ways: {note}; the data names it "
                            f"'{data[0] if data else '?'}'"))
    return rows


def ksa_name_rows(ctx: Context) -> list[Row]:
    """KSAs the report words differently in different lists (by the data's identification)."""
    printed: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for e in ctx.entries.values():
        if e.kind == "list" and e.statistic in KSA_LISTS:
            items, _ = ksa_items(ctx, e)
            for item, kid, _ in items:
                if kid:
                    printed[kid].setdefault(item["statement"], []).append(e.id)
    rows = []
    for kid in sorted(printed):
        variants: dict[str, list[str]] = {}
        for text, where in printed[kid].items():
            variants.setdefault(norm(text), [])
            variants[norm(text)] += [f"'{text}' in {w}" for w in where]
        if len(variants) < 2:
            continue
        data = ctx.ksas.statement[kid]
        section = ctx.first_section([i for ids in printed[kid].values() for i in ids])
        rows.append(Row(f"names.ksa.{kid}", section, "; ".join(printed[kid]),
                        sorted(printed[kid]), data, INCONSISTENT,
                        "one KSA worded differently: " + "; ".join(
                            sorted({w for ws in variants.values() for w in ws}))
                        + f"; the data words it '{data}'"))
    return rows
