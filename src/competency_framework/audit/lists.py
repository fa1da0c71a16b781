"""Checks of the report's named lists: the agencies, and the lettered top KSAs."""

from __future__ import annotations

import re

from competency_framework.audit.checks import entry_check
from competency_framework.audit.context import Context
from competency_framework.audit.matching import ksa_items, variant_notes
from competency_framework.audit.rows import MATCH, MISMATCH, Row, finish, norm
from competency_framework.reference.published import Entry
from competency_framework.statistics import network


@entry_check("agencies")
def agencies(ctx: Context, e: Entry) -> Row:
    names = ctx.fw.agencies["name"].tolist()
    problems = []
    for item in e.value:
        hits = [n for n in names if re.search(rf"\b{re.escape(norm(item))}\b", norm(n))]
        if len(hits) != 1:
            problems.append(f"'{item}' names {len(hits)} agencies in the data")
    if len(names) != len(e.value):
        problems.append(f"{len(names)} agencies in the data, {len(e.value)} printed")
    return finish(e, names, MISMATCH if problems else MATCH, "; ".join(problems))


@entry_check("top_ksas")
def top_ksas(ctx: Context, e: Entry) -> Row:
    n = e.params["n"]
    top = network.most_selected_ksas(ctx.fw, n)
    rec = [
        {"letter": r["letter"], "ksa_id": r["ksa_id"], "code": r["code"],
         "statement": r["statement"], "connections": int(r["connections"]),
         "institutes": int(r["institutes"])}
        for r in top.to_dict("records")
    ]
    items, problems = ksa_items(ctx, e)
    ranking = ctx.table(network.ksa_ranking)
    ranks = dict(zip(ranking["ksa_id"], ranking["rank"], strict=True))
    for item, kid, _ in items:
        if kid is not None and ranks[kid] > n:
            problems.append(f"{item.get('letter', '')} '{item['statement']}' is not in the "
                            f"top {n} (rank {int(ranks[kid])})")
    if not network.top_ksas_separated(ctx.fw, n):
        problems.append(f"the {n}th and {n + 1}th KSAs tie on connections: the top {n} depend "
                        "on the tie-break")
    status, notes = variant_notes(ctx, items)
    ids = [kid for _, kid, _ in items]
    if not problems:
        in_order = ids == list(top["ksa_id"])
        notes.insert(0, f"the printed {n} are the data's top {n}"
                        + ("" if in_order else ", lettered in a different order than ranked"))
        for item, _kid, _ in items:
            if "printed_code" in item:
                notes.append(f"{item.get('letter', '')} is printed with codes "
                             f"'{item['printed_code']}' and held as one KSA under {item['code']}")
    status = MISMATCH if problems else status
    return finish(e, rec, status, "; ".join(problems + notes))
