"""Check of the competency tables (Tables 1, A1 and A2): each printed row, column by column,
against the edition's competency tree."""

from __future__ import annotations

from typing import Any

from competency_framework.audit.checks import entry_check
from competency_framework.audit.context import Context
from competency_framework.audit.matching import name_check
from competency_framework.audit.rows import (
    INCONSISTENT,
    MATCH,
    MISMATCH,
    Row,
    code_order,
    finish,
    norm,
)
from competency_framework.reference.published import Entry
from competency_framework.statistics import alignment, competencies

NAME_COLUMNS = {"name": "code", "competency_name": "competency_code",
                "sub_competency_name": "sub_competency_code"}  # name column -> its code column


def tree_rows(ctx: Context, tiers: list[int], columns: list[str]) -> dict[str, dict[str, Any]]:
    """The data's rows of a competency table, keyed by the row's code (sub-competency, or
    competency for one without sub-competencies); only nodes with KSAs when the table counts
    them."""
    fw = ctx.fw
    table = ctx.table(competencies.ksa_counts_by_node)
    counts = dict(zip(table["code"], table["ksas"], strict=True))
    sources = ctx.table(alignment.node_source_frameworks).set_index("code")["source_framework"]
    comp = fw.competencies.set_index("code")
    out: dict[str, dict[str, Any]] = {}
    for node in fw.competencies.to_dict("records"):
        code = node["code"]
        if int(node["tier"]) not in tiers or node["level"] == "tier":
            continue
        if "essential_ksas" in columns and int(counts[code]) == 0:
            continue
        if "essential_ksas" not in columns and node["level"] != "competency":
            continue
        is_sub = node["level"] == "sub_competency"
        parent = node["parent_code"] if is_sub else code
        row = {
            "code": code, "name": node["name"], "definition": node["definition"] or None,
            "competency_code": parent, "competency_name": comp.at[parent, "name"],
            "sub_competency_code": code if is_sub else None,
            "sub_competency_name": node["name"] if is_sub else None,
            "essential_ksas": int(counts[code]),
            "competency_framework": sources.get(parent) or None,
            "competency_reference": comp.at[parent, "source_ref"] or None,
            "deriving_framework": (sources.get(code) or None) if is_sub else None,
            "external_reference": (node["source_ref"] or None) if is_sub else None,
        }
        out[code] = {c: row[c] for c in columns}
    return out


@entry_check("competency_tree")
def competency_tree(ctx: Context, e: Entry) -> Row:
    columns = list(e.params["columns"])
    data = tree_rows(ctx, list(e.params["tiers"]), columns)
    problems, notes, status, seen = [], [], MATCH, set()
    for row in e.value:
        code = row.get("sub_competency_code") or row.get("competency_code") or row.get("code")
        if code not in data:
            problems.append(f"row {code} is not in the data's tier {e.params['tiers']} table")
            continue
        seen.add(code)
        for col in columns:
            pub, rec = row.get(col), data[code][col]
            if col in NAME_COLUMNS:
                s, n = name_check(ctx, str(row.get(NAME_COLUMNS[col])), pub)
                if s == INCONSISTENT:
                    status = INCONSISTENT
                    notes.append(n)
                elif s == MISMATCH:
                    problems.append(n)
            elif (norm(pub) if isinstance(pub, str) else pub) != \
                    (norm(rec) if isinstance(rec, str) else rec):
                problems.append(f"{code} {col}: printed {pub!r}, data {rec!r}")
        if "printed_code" in row:
            status = INCONSISTENT
            notes.append(f"{code} is printed '{row['printed_code']}' here and '{code}' elsewhere "
                         f"in the report (names.code.{code})")
    extra = sorted(set(data) - seen, key=code_order)
    if extra:
        problems.append(f"rows in the data but not printed: {', '.join(extra)}")
    rec = list(data.values())
    return finish(e, rec, MISMATCH if problems else status, "; ".join(problems + notes))
