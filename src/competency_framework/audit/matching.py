"""How printed names are matched to the edition: a competency's name, a list's KSAs (by
wording and code), an area's institutes (by name, or by the report's other printing of it)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from difflib import SequenceMatcher
from typing import Any

import pandas as pd

from competency_framework.audit.context import Context, printed_codes
from competency_framework.audit.rows import INCONSISTENT, MATCH, MISMATCH, READINGS, norm
from competency_framework.reference.published import Entry

KsaItem = tuple[Mapping[str, Any], str | None, str]  # (printed item, ksa_id, how it matched)


def name_check(ctx: Context, code: str, printed: str | None) -> tuple[str, str]:
    """Compare a printed name of node `code` with the data: (status, note)."""
    data = ctx.node_name(code)
    if printed is None or data is None or norm(printed) == norm(data):
        return MATCH, ""
    others = [s for s in ctx.names.spellings(code) if norm(s) == norm(data)]
    if others:
        return INCONSISTENT, (f"{code} is printed here as '{printed}' but as '{data}' elsewhere "
                              f"in the report, which the data follows")
    return MISMATCH, f"{code} is printed as '{printed}'; the data names it '{data}'"


def ksa_items(ctx: Context, e: Entry) -> tuple[list[KsaItem], list[str]]:
    """Resolve a KSA list's items to the edition's KSAs: [(item, ksa_id, how)], problems.

    A fuzzy (`variant`) match is refused when another item of the same list names that KSA
    exactly: two printed statements cannot be one KSA.
    """
    resolved: list[KsaItem] = []
    for item in e.value:
        kid, how = ctx.ksas.resolve(item["statement"], printed_codes(item))
        for key in ("same_as", "possibly_same_as"):
            if how != "exact" and item.get(key) in ctx.lettered:
                top = ctx.lettered[item[key]]
                same, same_how = ctx.ksas.resolve(top["statement"], printed_codes(top))
                if same_how == "exact":
                    kid, how = same, key.replace("_", "-")
        resolved.append((item, kid, how))
    exact_ids = {kid for _, kid, how in resolved if how in ("exact", "other-code")}
    out: list[KsaItem] = []
    problems: list[str] = []
    for item, kid, how in resolved:
        if how == "variant" and kid in exact_ids:
            kid, how = None, "missing"
        if kid is None:
            problems.append(f"'{item['statement']}' ({item['code']}) is not a KSA of the data")
        elif how == "other-code":
            problems.append(f"'{item['statement']}' is catalogued under {ctx.ksas.code[kid]} in "
                            f"the data, printed under {item['code']}")
        out.append((item, kid, how))
    return out, problems


def variant_notes(ctx: Context, items: list[KsaItem]) -> tuple[str, list[str]]:
    """Status and notes for items whose printed wording differs from the data's."""
    status, notes = MATCH, []
    for item, kid, how in items:
        if how not in ("variant", "same-as", "possibly-same-as") or kid is None:
            continue
        data = ctx.ksas.statement[kid]
        status = INCONSISTENT
        why = {
            "same-as": f"the transcription marks it the same KSA as {item.get('same_as')} "
                       f"({READINGS[2]})",
            "possibly-same-as": f"the transcription marks it probably the same KSA as "
                                f"{item.get('possibly_same_as')} (an abbreviation), and the "
                                "edition holds them as one KSA",
            "variant": "the wordings are near-identical",
        }[how]
        notes.append(f"'{item['statement']}' is worded '{data}' in the data and elsewhere in the "
                     f"report; {why} (names.ksa.{kid})")
    return status, notes


def resolve_institute(ctx: Context, table: pd.DataFrame, area: str, printed: str
                      ) -> tuple[str | None, str]:
    """(institute_id, how) for a printed name: `exact` when the data name equals it or holds
    it as a whole phrase; `variant` when another printing of the same institute does."""
    in_area = table.loc[table["area_id"] == area]

    def lookup(name: str) -> str | None:
        key = norm(name)
        for inst, data in zip(in_area["institute_id"], in_area["institute_name"], strict=True):
            dn = norm(data)
            if dn == key or re.search(rf"(^|\W){re.escape(key)}($|\W)", dn) or \
               re.search(rf"(^|\W){re.escape(dn)}($|\W)", key):
                return str(inst)
        return None

    found = lookup(printed)
    if found:
        return found, "exact"
    for other in institute_variants(ctx, area).get(printed, []):
        found = lookup(other)
        if found:
            return found, "variant"
    return None, "missing"


def institute_variants(ctx: Context, area: str) -> dict[str, list[str]]:
    """Pairs of spellings of one institute: names printed in only some of the places that list
    the area's institutes, paired with the most similar name printed only in the others."""
    printings = ctx.names.institutes.get(area, {})
    places = sorted({w for where in printings.values() for w in where})
    out: dict[str, list[str]] = defaultdict(list)
    for name, where in printings.items():
        missing = [p for p in places if p not in where]
        if not missing:
            continue
        candidates = [n for n, w in printings.items() if n != name and
                      set(w) & set(missing) and not set(w) & set(where)]
        if candidates:
            best = max(candidates, key=lambda c: SequenceMatcher(None, norm(name), norm(c)).ratio())
            out[name].append(best)
    return out
