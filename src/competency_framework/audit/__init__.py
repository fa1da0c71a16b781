"""The audit: every figure the report publishes (`data/published/`) beside its recomputation
from an edition's record-level data, with a status a reviewer can act on.

`audit(fw, entries)` returns one row per check; `python -m competency_framework audit [EDITION]
[--json]` prints them and exits 1 when any row is a `mismatch`.

Rows (the JSON objects; every key always present):
  id          what was checked (see "Row ids" below)
  section     the report section that prints it
  printed     the text as printed (null for a value the report only implies)
  published   the value as transcribed; for a percent {"percent", "numerator", "denominator"}
  recomputed  the same quantity computed from the edition (null when it cannot be)
  status      one of STATUSES below
  note        for every status but `match`: why, in words a reviewer can check
  reading     extra key: the number of the lead's reading (brief-readings.md) the row depends
              on, or null

Statuses:
  match                   the recomputation equals the published figure.
  depends-on-reading      it equals the figure under the reading named in the note; another
                          reading of the report's words could give another number.
  inconsistent-in-report  the report contradicts itself or the official source it cites: a
                          percent that disagrees with its own numerator and denominator, a name
                          or code printed two ways, a NICE id whose official title differs.
                          The data follows one side; the note says which.
  mismatch                the recomputation differs from the published figure (exit code 1).
  not-recomputable        context the record-level data cannot reproduce (2024 and 2020
                          network figures, the roles of the future, captions, prose): carried as
                          printed. Also a check skipped because the official data it needs is
                          not available (the note says what is missing).

Row ids:
  <entry id>                 the entry against its recomputation
  <entry id>.rounding        a printed percent against its own numerator and denominator
  consistency.<name>         printed figures that must agree with each other
  names.<kind>.<key>         one thing the report prints under more than one spelling or code
  external.nice.<id>         a NICE Framework id and title as printed vs the official components
  external.dol               the DOL model references (no official copy to check against)

Comparisons: counts exactly (`greater_than` entries: strictly above the printed figure);
percents through the one rounding rule (`statistics.shares`, half up); names and statements
after `published.normalize_printed`, case-folded, with dashes and quotes unified.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.reference.nice import (
    DEFAULT_NICE_DIR,
    NiceComponents,
    load_nice_components,
)
from competency_framework.reference.published import Entry, normalize_printed
from competency_framework.statistics import alignment, areas, competencies, network, occupations
from competency_framework.statistics.overview import framework_contents
from competency_framework.statistics.shares import Share, percent

MATCH = "match"
READING = "depends-on-reading"
INCONSISTENT = "inconsistent-in-report"
MISMATCH = "mismatch"
NOT_RECOMPUTABLE = "not-recomputable"
STATUSES = (MATCH, READING, INCONSISTENT, MISMATCH, NOT_RECOMPUTABLE)
SEVERITY = {NOT_RECOMPUTABLE: 0, MATCH: 1, READING: 2, INCONSISTENT: 3, MISMATCH: 4}
KEYS = ("id", "section", "printed", "published", "recomputed", "status", "note", "reading")

# The lead's readings (/work/brief-readings.md), in brief, for the notes.
READINGS = {
    1: "reading 1: a KSA 'aligns with 8+ occupations' when it has 8 or more connections "
       "(occupation selections), not 8+ distinct titles",
    2: "reading 2: the lettered KSAs are the top ten by connections (ties by institutes, then "
       "id), each above the eleventh; KSA F is one KSA catalogued under 4.2.6",
    3: "reading 3: the number on area Y in area X's figure counts connections made by X's "
       "institutes whose KSA also belongs to Y (so it differs by direction)",
    4: "reading 4: 'shared/selected by k institutes' in an area section counts distinct "
       "institutes of that area",
    5: "reading 5: percentages are rounded half up to whole percent",
    6: "reading 6: a frequently selected list ranks the area's specific (or network-wide) KSAs "
       "by the area's connections to them; every listed KSA must be among the top",
}
FUZZY = 0.85  # least similarity for a printed statement to stand for a differently worded KSA


@dataclass
class Row:
    """One audit row (see the module docstring)."""

    id: str
    section: str
    printed: str | None
    published: Any
    recomputed: Any
    status: str
    note: str = ""
    reading: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


def _plain(value: Any) -> Any:
    """`value` with numpy scalars and tuples turned into JSON-ready Python values."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


def norm(text: Any) -> str:
    """Text compared as a reader would: markup gone, case folded, dashes and quotes unified."""
    text = normalize_printed(str(text or ""))
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = re.sub(r"\s*/\s*", "/", text)
    return text.casefold().rstrip(".").strip()


# ----------------------------------------------------------------------------- name lookups


class Names:
    """What the report prints for one thing in several places, gathered from all entries: the
    spellings of each code's name, the institute names printed for each area, and the codes
    printed differently from the code meant (`printed_code`). KSA wordings are compared
    through the edition instead (`_ksa_name_rows`)."""

    def __init__(self, entries: Iterable[Entry]):
        self.code_names: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self.institutes: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self.codes: list[tuple[str, str, str]] = []  # (entry id, code, printed code)
        for e in entries:
            self._collect(e)

    def _add_name(self, code: str | None, name: str | None, where: str) -> None:
        if code and name:
            self.code_names[code].setdefault(name, []).append(where)

    def _collect(self, e: Entry) -> None:
        if e.kind == "table":
            for row in e.value:
                self._add_name(row.get("code"), row.get("name"), e.id)
                self._add_name(row.get("competency_code"), row.get("competency_name"), e.id)
                self._add_name(row.get("sub_competency_code"), row.get("sub_competency_name"), e.id)
                if "printed_code" in row:
                    code = row.get("sub_competency_code") or row.get("competency_code")
                    self.codes.append((e.id, code, row["printed_code"]))
                if "institute" in row and "area_id" in row:
                    self.institutes[row["area_id"]].setdefault(row["institute"], []).append(e.id)
        elif e.kind == "list":
            for item in e.value:
                if isinstance(item, Mapping):
                    self._add_name(item.get("code"), item.get("sub_competency"), e.id)
                    if "printed_code" in item:
                        self.codes.append((e.id, item["code"], item["printed_code"]))
                elif e.statistic == "area_institutes" and e.params.get("area"):
                    self.institutes[e.params["area"]].setdefault(item, []).append(e.id)
        elif e.kind == "text" and e.id.startswith("definitions."):
            m = re.match(r"^([1-5](?:\.\d+){1,2}) (.+)$", str(e.value))
            if m:
                self._add_name(m.group(1), m.group(2), e.id)

    def spellings(self, code: str) -> list[str]:
        """Distinct printed names of `code` (by `norm`), first spelling of each."""
        seen: dict[str, str] = {}
        for name in self.code_names.get(code, {}):
            seen.setdefault(norm(name), name)
        return list(seen.values())


class KsaIndex:
    """Find the edition's KSA behind a printed statement and code."""

    def __init__(self, fw: Framework):
        ksas = fw.ksas
        self.statement = dict(zip(ksas["ksa_id"], ksas["statement"], strict=True))
        self.code = dict(zip(ksas["ksa_id"], ksas["code"], strict=True))
        self.by_text: dict[str, list[str]] = defaultdict(list)
        for kid, text in self.statement.items():
            self.by_text[norm(text)].append(kid)
        self.by_code: dict[str, list[str]] = defaultdict(list)
        for kid, code in self.code.items():
            self.by_code[code].append(kid)

    def resolve(self, statement: str, codes: list[str]) -> tuple[str | None, str]:
        """(ksa_id, how): `exact` (same wording and one of `codes`), `other-code` (same wording,
        catalogued elsewhere), `variant` (under one of `codes`, worded differently but at least
        FUZZY similar: the report's wording differs from the data's), or (None, `missing`)."""
        text = norm(statement)
        exact = sorted(self.by_text.get(text, []))
        for kid in exact:
            if self.code[kid] in codes:
                return kid, "exact"
        if exact:
            return exact[0], "other-code"
        best, score = None, 0.0
        for code in codes:
            for kid in sorted(self.by_code.get(code, [])):
                ratio = SequenceMatcher(None, text, norm(self.statement[kid])).ratio()
                if ratio > score:
                    best, score = kid, ratio
        if best is not None and score >= FUZZY:
            return best, "variant"
        return None, "missing"


def _printed_codes(item: Mapping) -> list[str]:
    """The codes a list item may be catalogued under: its code, and any in `printed_code`."""
    extra = re.findall(r"[1-5](?:\.\d+){1,2}", str(item.get("printed_code", "")))
    return list(dict.fromkeys([str(item["code"]), *extra]))


# ----------------------------------------------------------------------------- the context


@dataclass
class Context:
    fw: Framework
    entries: dict[str, Entry]
    names: Names
    ksas: KsaIndex
    nice: NiceComponents | None
    nice_dir: Path
    lettered: dict[str, Mapping] = field(default_factory=dict)  # top-KSA items by letter
    _tables: dict[Callable, pd.DataFrame] = field(default_factory=dict, init=False, repr=False)

    def table(self, statistic: Callable[[Framework], pd.DataFrame]) -> pd.DataFrame:
        """`statistic(fw)`, computed once per audit (for reading only: it is shared)."""
        if statistic not in self._tables:
            self._tables[statistic] = statistic(self.fw)
        return self._tables[statistic]

    @cached_property
    def _node_names(self) -> dict[str, str]:
        comp = self.fw.competencies
        return {str(c): str(n) for c, n in zip(comp["code"], comp["name"], strict=True)}

    def has_node(self, code: str) -> bool:
        """Whether competencies.csv has a row for `code`."""
        return code in self._node_names

    def node_name(self, code: str) -> str | None:
        """The name competencies.csv gives `code` (None when it has no such row)."""
        return self._node_names.get(code)


def _name_check(ctx: Context, code: str, printed: str | None) -> tuple[str, str]:
    """Compare a printed name of node `code` with the data: (status, note)."""
    data = ctx.node_name(code)
    if printed is None or data is None or norm(printed) == norm(data):
        return MATCH, ""
    others = [s for s in ctx.names.spellings(code) if norm(s) == norm(data)]
    if others:
        return INCONSISTENT, (f"{code} is printed here as '{printed}' but as '{data}' elsewhere "
                              f"in the report, which the data follows")
    return MISMATCH, f"{code} is printed as '{printed}'; the data names it '{data}'"


# ----------------------------------------------------------------------------- comparisons


def _count_row(e: Entry, recomputed: int, note: str = "") -> Row:
    value = int(e.value)
    if e.comparison == "greater_than":
        ok = recomputed > value
        note = note or f"the report says 'over {value:,}'"
    else:
        ok = recomputed == value
    if not ok:
        note = "; ".join(n for n in (f"recomputed {recomputed}, published {value}", note) if n)
    return _finish(e, recomputed, MATCH if ok else MISMATCH, note)


def _published_share(e: Entry) -> dict[str, int | None]:
    return {"percent": e.value, "numerator": e.numerator, "denominator": e.denominator}


def _share_row(e: Entry, share: Share, note: str = "") -> Row:
    rec = share.as_dict()
    num_ok = e.numerator is None or share.numerator == e.numerator
    den_ok = e.denominator is None or share.denominator == e.denominator
    pct_ok = share.percent == e.value
    notes = [note] if note else []
    if num_ok and den_ok and pct_ok:
        status = MATCH
    elif num_ok and den_ok and e.numerator is not None and e.denominator is not None:
        status = INCONSISTENT
        notes.append(
            f"the data gives {share.numerator} of {share.denominator} as printed, but "
            f"{e.numerator}/{e.denominator} = {100 * e.numerator / e.denominator:.2f}% rounds "
            f"half up to {percent(e.numerator, e.denominator)}%, not the printed {e.value}% "
            f"(see {e.id}.rounding)"
        )
    else:
        status = MISMATCH
        notes.append(f"recomputed {share}, published {e.value}% "
                     f"({e.numerator if e.numerator is not None else '?'}/"
                     f"{e.denominator if e.denominator is not None else '?'})")
    if e.implied:
        notes.append(f"{', '.join(e.implied)} implied by other printed figures, not printed here")
    return _finish(e, rec, status, "; ".join(notes), published=_published_share(e))


def _finish(e: Entry, recomputed: Any, status: str, note: str = "", *,
            published: Any = None) -> Row:
    """An entry's row; a match under a reading becomes depends-on-reading, naming it."""
    notes = [note] if note else []
    if e.reading and status == MATCH:
        status = READING
    if e.reading and status in (READING, INCONSISTENT, MISMATCH):
        notes.insert(0, f"depends on {READINGS[e.reading]}")
    return Row(e.id, e.section, e.printed, e.value if published is None else published,
               recomputed, status, "; ".join(notes), e.reading)


# ----------------------------------------------------------------------------- statistics


def _competency_codes(fw: Framework, tiers: Iterable[int]) -> pd.DataFrame:
    comp = fw.competencies
    return comp.loc[(comp["level"] == "competency") & comp["tier"].isin(list(tiers))]


def _stat_competencies(ctx: Context, e: Entry) -> Row:
    return _count_row(e, len(_competency_codes(ctx.fw, e.params["tiers"])))


def _stat_competencies_with_ksas(ctx: Context, e: Entry) -> Row:
    shares = [competencies.competencies_selected(ctx.fw, t) for t in e.params["tiers"]]
    selected = sum(s.numerator for s in shares)
    total = sum(s.denominator for s in shares)
    note = "" if selected == total else f"{selected} of the tiers' {total} competencies"
    return _count_row(e, selected, note)


def _stat_source_framework(ctx: Context, e: Entry) -> Row:
    return _share_row(e, alignment.aligned_ksas(ctx.fw, e.params["frameworks"]))


def _stat_under_competency(ctx: Context, e: Entry) -> Row:
    return _share_row(e, competencies.ksas_under(ctx.fw, str(e.params["code"])))


def _stat_crossing(ctx: Context, e: Entry) -> Row:
    return _share_row(e, network.ksas_crossing_areas(ctx.fw))


def _stat_shared_by(ctx: Context, e: Entry) -> Row:
    return _share_row(e, network.ksas_shared_by_institutes(ctx.fw, e.params["min_institutes"]))


def _stat_with_connections(ctx: Context, e: Entry) -> Row:
    return _share_row(e, network.ksas_with_connections(ctx.fw, e.params["min_connections"]))


def _stat_selections(ctx: Context, e: Entry) -> Row:
    share = occupations.selections_of_titles(
        ctx.fw, e.params.get("min_institutes", 1), e.params.get("max_institutes")
    )
    if e.kind == "percent":
        return _share_row(e, share)
    return _count_row(e, share.numerator)


def _stat_titles(ctx: Context, e: Entry) -> Row:
    return _count_row(e, occupations.titles_selected_by(ctx.fw, e.params["min_institutes"]))


def _stat_top_titles(ctx: Context, e: Entry) -> Row:
    counts = ctx.table(occupations.title_selection_counts)
    by_title = {norm(t): (t, int(n)) for t, n in zip(counts["title"], counts["institutes"],
                                                     strict=True)}
    problems, listed = [], set()
    for item in e.value:
        found = by_title.get(norm(item["title"]))
        if found is None:
            problems.append(f"no occupation titled '{item['title']}' in the data")
            continue
        listed.add(norm(item["title"]))
        if found[1] != item["institutes"]:
            problems.append(f"'{item['title']}': {found[1]} institutes in the data, "
                            f"{item['institutes']} printed")
    unlisted = counts.loc[~counts["title"].map(norm).isin(listed), "institutes"]
    floor_ = min((i["institutes"] for i in e.value), default=0)
    if len(unlisted) and int(unlisted.max()) > floor_:
        problems.append(f"an unlisted title has {int(unlisted.max())} institutes, more than the "
                        f"last listed ({floor_})")
    ties = int((unlisted == floor_).sum())
    note = "; ".join(problems) if problems else (
        f"{ties} unlisted title{'s' if ties != 1 else ''} also ha{'ve' if ties != 1 else 's'} "
        f"{floor_} institutes, a tie with the last listed" if ties else "")
    top = occupations.most_frequent_titles(ctx.fw, e.params["n"])
    rec = [{"title": t, "institutes": int(n)} for t, n in zip(top["title"], top["institutes"],
                                                              strict=True)]
    return _finish(e, rec, MISMATCH if problems else MATCH, note)


def _ksa_items(ctx: Context, e: Entry) -> tuple[list[tuple[Mapping, str | None, str]], list[str]]:
    """Resolve a KSA list's items to the edition's KSAs: [(item, ksa_id, how)], problems.

    A fuzzy (`variant`) match is refused when another item of the same list names that KSA
    exactly: two printed statements cannot be one KSA.
    """
    resolved = []
    for item in e.value:
        kid, how = ctx.ksas.resolve(item["statement"], _printed_codes(item))
        for key in ("same_as", "possibly_same_as"):
            if how != "exact" and item.get(key) in ctx.lettered:
                top = ctx.lettered[item[key]]
                same, same_how = ctx.ksas.resolve(top["statement"], _printed_codes(top))
                if same_how == "exact":
                    kid, how = same, key.replace("_", "-")
        resolved.append((item, kid, how))
    exact_ids = {kid for _, kid, how in resolved if how in ("exact", "other-code")}
    out, problems = [], []
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


def _variant_notes(ctx: Context, items: list[tuple[Mapping, str | None, str]]
                   ) -> tuple[str, list[str]]:
    """Status and notes for items whose printed wording differs from the data's."""
    status, notes = MATCH, []
    for item, kid, how in items:
        if how not in ("variant", "same-as", "possibly-same-as"):
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


def _stat_top_ksas(ctx: Context, e: Entry) -> Row:
    n = e.params["n"]
    top = network.most_selected_ksas(ctx.fw, n)
    rec = [
        {"letter": r.letter, "ksa_id": r.ksa_id, "code": r.code, "statement": r.statement,
         "connections": int(r.connections), "institutes": int(r.institutes)}
        for r in top.itertuples()
    ]
    items, problems = _ksa_items(ctx, e)
    ranks = ctx.table(network.ksa_ranking).set_index("ksa_id")["rank"]
    for item, kid, _ in items:
        if kid is not None and ranks[kid] > n:
            problems.append(f"{item.get('letter', '')} '{item['statement']}' is not in the "
                            f"top {n} (rank {int(ranks[kid])})")
    if not network.top_ksas_separated(ctx.fw, n):
        problems.append(f"the {n}th and {n + 1}th KSAs tie on connections: the top {n} depend "
                        "on the tie-break")
    status, notes = _variant_notes(ctx, items)
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
    return _finish(e, rec, status, "; ".join(problems + notes))


def _stat_area_institutes(ctx: Context, e: Entry) -> Row:
    table = ctx.table(areas.area_institutes)
    problems, notes, status = [], [], MATCH
    rows = e.value if e.kind == "table" else [
        {"area_id": e.params["area"], "institute": name} for name in e.value
    ]
    seen = set()
    for row in rows:
        inst, how = _resolve_institute(ctx, table, row["area_id"], row["institute"])
        if inst is None:
            elsewhere = [a for a in sorted(set(table["area_id"])) if a != row["area_id"] and
                         _resolve_institute(ctx, table, a, row["institute"])[0]]
            problems.append(f"no institute '{row['institute']}' in {row['area_id']}" + (
                f" (the data puts it in {', '.join(elsewhere)})" if elsewhere else ""))
            continue
        seen.add(inst)
        if how == "variant":
            status = INCONSISTENT
            name = table.set_index("institute_id").at[inst, "institute_name"]
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
    return _finish(e, rec, MISMATCH if problems else status, "; ".join(problems + notes))


def _resolve_institute(ctx: Context, table: pd.DataFrame, area: str, printed: str
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
                return inst
        return None

    found = lookup(printed)
    if found:
        return found, "exact"
    for other in _institute_variants(ctx, area).get(printed, []):
        found = lookup(other)
        if found:
            return found, "variant"
    return None, "missing"


def _institute_variants(ctx: Context, area: str) -> dict[str, list[str]]:
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


AREA_FILTERS = {  # param -> how it narrows the area's KSAs, for the base of a percent
    "institutes": "shared by the given number of the area's institutes",
    "specific": "specific to the area",
    "tier": "catalogued in the tier",
}


def _area_filters(params: Mapping) -> dict[str, Any]:
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


def _stat_area_ksas(ctx: Context, e: Entry) -> Row:
    area = e.params["area"]
    filters = _area_filters(e.params)
    count = areas.area_ksa_count(ctx.fw, area, **filters)
    if e.kind != "percent":
        return _count_row(e, count)
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
        return _share_row(e, Share(count, next(iter(bases.values()), count)))
    label = next((k for k, v in bases.items() if v == e.denominator), None)
    if label is None:
        note = "no candidate base equals the printed denominator: " + "; ".join(
            f"{k} = {v}" for k, v in bases.items())
        label = next(iter(bases))
    else:
        note = f"base: {label} (the other candidate: " + "; ".join(
            f"{k} = {v}" for k, v in bases.items() if k != label) + ")"
    return _share_row(e, Share(count, bases[label]), note)


def _stat_area_connections(ctx: Context, e: Entry) -> Row:
    table = ctx.table(areas.area_connections_to_other_areas).set_index(["area_id", "other_area_id"])
    key = (e.params["area"], e.params["other_area"])
    return _count_row(e, int(table.at[key, "connections"]) if key in table.index else 0)


def _stat_area_frequent(scope: str) -> Callable[[Context, Entry], Row]:
    def run(ctx: Context, e: Entry) -> Row:
        area = e.params["area"]
        table = ctx.table(areas.frequently_selected_ksas)
        ranked = table.loc[(table["area_id"] == area) & (table["scope"] == scope)]
        items, problems = _ksa_items(ctx, e)
        listed = {kid for _, kid, _ in items if kid}
        by_id = ranked.set_index("ksa_id")
        unlisted = ranked.loc[~ranked["ksa_id"].isin(listed), "connections"]
        threshold = int(unlisted.max()) if len(unlisted) else 0
        notes: list[str] = []
        for item, kid, _ in items:
            if kid is None:
                continue
            if kid not in by_id.index:
                problems.append(f"'{item['statement']}' is not a {scope} KSA of {area} in the data")
            elif int(by_id.at[kid, "connections"]) < threshold:
                problems.append(f"'{item['statement']}' has {int(by_id.at[kid, 'connections'])} "
                                f"connections from {area}, fewer than an unlisted {scope} KSA "
                                f"({threshold})")
            name_status, name_note = _name_check(ctx, str(item["code"]), item.get("sub_competency"))
            if name_note:
                notes.append(name_note)
                if name_status == MISMATCH:
                    problems.append(name_note)
        status, variant_notes = _variant_notes(ctx, items)
        if any("elsewhere in the report" in n for n in notes):
            status = INCONSISTENT
        top = ranked.head(len(listed))
        rec = [{"rank": int(r.rank), "ksa_id": r.ksa_id, "code": r.code, "statement": r.statement,
                "connections": int(r.connections), "institutes": int(r.institutes)}
               for r in top.itertuples()]
        if not problems:
            counts = [int(by_id.at[kid, "connections"]) for _, kid, _ in items if kid]
            ties = min(counts) == threshold and len(unlisted) > 0
            notes.insert(0, f"the listed KSAs have {', '.join(map(str, counts))} connections "
                            f"from the area as printed in order; the most of any unlisted "
                            f"{scope} KSA is {threshold}"
                            + (" (a tie: another KSA could have been listed)" if ties else ""))
        status = MISMATCH if problems else status
        return _finish(e, rec, status, "; ".join(problems + notes + variant_notes))

    return run


def _tree_rows(ctx: Context, tiers: list[int], columns: list[str]) -> dict[str, dict[str, Any]]:
    """The data's rows of a competency table, keyed by the row's code (sub-competency, or
    competency for one without sub-competencies); only nodes with KSAs when the table counts
    them."""
    fw = ctx.fw
    counts = ctx.table(competencies.ksa_counts_by_node).set_index("code")
    sources = ctx.table(alignment.node_source_frameworks).set_index("code")["source_framework"]
    comp = fw.competencies.set_index("code")
    out: dict[str, dict[str, Any]] = {}
    for code, node in comp.iterrows():
        if int(node["tier"]) not in tiers or node["level"] == "tier":
            continue
        if "essential_ksas" in columns and int(counts.at[code, "ksas"]) == 0:
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
            "essential_ksas": int(counts.at[code, "ksas"]),
            "competency_framework": sources.get(parent) or None,
            "competency_reference": comp.at[parent, "source_ref"] or None,
            "deriving_framework": (sources.get(code) or None) if is_sub else None,
            "external_reference": (node["source_ref"] or None) if is_sub else None,
        }
        out[code] = {c: row[c] for c in columns}
    return out


def _stat_competency_tree(ctx: Context, e: Entry) -> Row:
    columns = list(e.params["columns"])
    data = _tree_rows(ctx, list(e.params["tiers"]), columns)
    problems, notes, status, seen = [], [], MATCH, set()
    name_columns = {"name": "code", "competency_name": "competency_code",
                    "sub_competency_name": "sub_competency_code"}
    for row in e.value:
        code = row.get("sub_competency_code") or row.get("competency_code") or row.get("code")
        if code not in data:
            problems.append(f"row {code} is not in the data's tier {e.params['tiers']} table")
            continue
        seen.add(code)
        for col in columns:
            pub, rec = row.get(col), data[code][col]
            if col in name_columns:
                s, n = _name_check(ctx, str(row.get(name_columns[col])), pub)
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
    extra = sorted(set(data) - seen, key=lambda c: [int(p) for p in c.split(".")])
    if extra:
        problems.append(f"rows in the data but not printed: {', '.join(extra)}")
    rec = list(data.values())
    return _finish(e, rec, MISMATCH if problems else status, "; ".join(problems + notes))


def _stat_agencies(ctx: Context, e: Entry) -> Row:
    names = ctx.fw.agencies["name"].tolist()
    problems = []
    for item in e.value:
        hits = [n for n in names if re.search(rf"\b{re.escape(norm(item))}\b", norm(n))]
        if len(hits) != 1:
            problems.append(f"'{item}' names {len(hits)} agencies in the data")
    if len(names) != len(e.value):
        problems.append(f"{len(names)} agencies in the data, {len(e.value)} printed")
    return _finish(e, names, MISMATCH if problems else MATCH, "; ".join(problems))


def _contents(ctx: Context, measure: str) -> int:
    table = ctx.table(framework_contents).set_index("measure")
    return int(table.at[measure, "count"])


STATISTICS: dict[str, Callable[[Context, Entry], Row]] = {
    "institutes_total": lambda ctx, e: _count_row(e, len(ctx.fw.institutes)),
    "technology_areas_total": lambda ctx, e: _count_row(e, len(ctx.fw.technology_areas)),
    "agencies": _stat_agencies,
    "ksas_total": lambda ctx, e: _count_row(e, _contents(ctx, "ksas")),
    "connections_total": lambda ctx, e: _count_row(e, _contents(ctx, "connections")),
    "competencies": _stat_competencies,
    "competencies_with_ksas": _stat_competencies_with_ksas,
    "competency_tree": _stat_competency_tree,
    "ksas_by_source_framework": _stat_source_framework,
    "ksas_under_competency": _stat_under_competency,
    "ksas_crossing_areas": _stat_crossing,
    "ksas_shared_by_institutes": _stat_shared_by,
    "ksas_with_connections": _stat_with_connections,
    "occupation_selections": _stat_selections,
    "occupation_titles": _stat_titles,
    "top_occupation_titles": _stat_top_titles,
    "top_ksas": _stat_top_ksas,
    "area_institutes": _stat_area_institutes,
    "area_ksas_by_institute_count": _stat_area_ksas,
    "area_connections_to_other_area": _stat_area_connections,
    "area_frequent_specific_ksas": _stat_area_frequent("specific"),
    "area_frequent_network_ksas": _stat_area_frequent("network-wide"),
}


def _entry_row(ctx: Context, e: Entry) -> Row:
    if e.statistic is None:
        note = e.note or "context printed by the report; the framework data holds no such figure"
        if e.source != "report_2025":
            note = f"from the {e.source} document, context for the report; {note}"
        return Row(e.id, e.section, e.printed, e.value, None, NOT_RECOMPUTABLE,
                   f"carried as printed: {note}")
    try:
        return STATISTICS[e.statistic](ctx, e)
    except (KeyError, ValueError, IndexError) as exc:
        return Row(e.id, e.section, e.printed, e.value, None, MISMATCH,
                   f"cannot recompute {e.statistic} {dict(e.params)}: {exc!r}", e.reading)


# ----------------------------------------------------------------------------- extra checks


def _rounding_rows(entries: Iterable[Entry]) -> list[Row]:
    """Each printed percent against its own numerator and denominator (half up)."""
    rows = []
    for e in entries:
        if e.kind != "percent" or e.denominator is None:
            continue
        published = _published_share(e)
        if e.numerator is not None:
            exact = 100 * e.numerator / e.denominator
            expected = percent(e.numerator, e.denominator)
            ok = expected == e.value
            note = (f"{e.numerator}/{e.denominator} = {exact:.2f}%, which rounds half up to "
                    f"{expected}%" + ("" if ok else f", not the printed {e.value}%"))
            if not ok and int(exact) == e.value:
                note += " (the printed figure is the truncated value)"
            rec: Any = expected
        else:
            feasible = [n for n in range(e.denominator + 1) if percent(n, e.denominator) == e.value]
            ok = bool(feasible)
            note = (f"{e.value}% of {e.denominator} allows numerators {feasible}" if ok else
                    f"no whole numerator out of {e.denominator} rounds to {e.value}%")
            rec = feasible
        rows.append(Row(f"{e.id}.rounding", e.section, e.printed, published, rec,
                        MATCH if ok else INCONSISTENT, "" if ok else note, 5 if not ok else None))
    return rows


def _consistency_rows(entries: dict[str, Entry]) -> list[Row]:
    """Printed figures that must agree with each other (skipped when an entry is absent)."""
    rows: list[Row] = []

    def add(rid: str, ids: list[str], published: Any, recomputed: Any, ok: bool, note: str,
            status_if_not: str = INCONSISTENT, reading: int | None = None) -> None:
        first = entries[ids[0]]
        rows.append(Row(f"consistency.{rid}", first.section, "; ".join(
            f"{i}: {entries[i].printed}" for i in ids if entries[i].printed), published,
            recomputed, MATCH if ok else status_if_not, "" if ok else note, reading))

    def have(*ids: str) -> bool:
        return all(i in entries for i in ids)

    if have("occupations.selections_total", "occupations.single_institute_pct",
            "occupations.multi_institute_pct"):
        total = entries["occupations.selections_total"].value
        one = entries["occupations.single_institute_pct"]
        many = entries["occupations.multi_institute_pct"]
        add("occupation_selections_split",
            ["occupations.selections_total", "occupations.single_institute_pct",
             "occupations.multi_institute_pct"],
            {"single": one.numerator, "shared": many.numerator, "total": total},
            one.numerator + many.numerator,
            one.numerator + many.numerator == total and one.value + many.value == 100,
            f"{one.numerator} + {many.numerator} != {total} "
            f"or {one.value}% + {many.value}% != 100%")
    if have("occupations.top_titles", "occupations.multi_institute_pct",
            "occupations.multi_institute_titles"):
        top = entries["occupations.top_titles"].value
        counts = [i["institutes"] for i in top]
        shared = entries["occupations.multi_institute_pct"].numerator
        add("top_titles_within_shared_titles",
            ["occupations.top_titles", "occupations.multi_institute_pct"],
            counts, sum(counts),
            sum(counts) <= shared and min(counts) >= 2 and counts == sorted(counts, reverse=True),
            f"the top titles' {sum(counts)} selections exceed the {shared} shared selections, "
            "or are not in decreasing order")
    a1, a2 = entries.get("tables.table_a1"), entries.get("tables.table_a2")
    if a1 and a2:
        s1 = sum(r["essential_ksas"] for r in a1.value)
        s2 = sum(r["essential_ksas"] for r in a2.value)
        totals = {i: entries[i].value for i in ["summary.ksas_total"] if i in entries}
        dens = {e.id: e.denominator for e in entries.values() if e.denominator is not None
                and e.statistic in ("ksas_by_source_framework", "ksas_under_competency",
                                    "ksas_crossing_areas", "ksas_shared_by_institutes",
                                    "ksas_with_connections")}
        values = {s1 + s2, *totals.values(), *dens.values()}
        add("ksas_total", ["tables.table_a1", "tables.table_a2"],
            {"table_a1": s1, "table_a2": s2, **totals, **{f"{k}.denominator": v
                                                          for k, v in dens.items()}},
            s1 + s2, len(values) == 1,
            f"Tables A1 + A2 give {s1 + s2} KSAs; other figures imply {sorted(values)}")
        checks = [("alignment.dol_amcm_pct", s1, "Table A1 (tier 4 = DOL AMCM)")]
        derived = sum(r["essential_ksas"] for r in a2.value if r.get("deriving_framework"))
        checks.append(("alignment.any_model_pct", s1 + derived,
                       "Table A1 + Table A2 rows with a deriving framework"))
        for code in ("4.1", "4.2"):
            under = sum(r["essential_ksas"] for r in a1.value if r["competency_code"] == code)
            pid = next((e.id for e in entries.values() if e.statistic == "ksas_under_competency"
                        and str(e.params.get("code")) == code), None)
            if pid:
                checks.append((pid, under, f"Table A1 rows under {code}"))
        for pid, expected, label in checks:
            if pid in entries and entries[pid].numerator is not None:
                num = entries[pid].numerator
                add(f"table_sum.{pid}", [pid, "tables.table_a1"],
                    {"numerator": num, label: expected}, expected, num == expected,
                    f"{label} sum to {expected}, the percent implies {num}")
        tier4 = len({r["competency_code"] for r in a1.value})
        tier5 = len({r["competency_code"] for r in a2.value})
        printed = {i: entries[i].value for i in ("summary.core_competencies",
                   "methodology.tier4_competencies", "methodology.tier5_competencies")
                   if i in entries}
        ok = printed.get("summary.core_competencies", tier4 + tier5) == tier4 + tier5 and \
            printed.get("methodology.tier4_competencies", tier4) == tier4 and \
            printed.get("methodology.tier5_competencies", tier5) == tier5
        add("core_competencies", ["tables.table_a1", "tables.table_a2"],
            {"table_a1_competencies": tier4, "table_a2_competencies": tier5, **printed},
            tier4 + tier5, ok, "the competency counts printed disagree with Tables A1 and A2")
        if "tables.table_1" in entries:
            t1 = {r["code"]: norm(r["name"]) for r in entries["tables.table_1"].value}
            t2 = {r["competency_code"]: norm(r["competency_name"]) for r in a2.value}
            add("table_1_table_a2", ["tables.table_1", "tables.table_a2"],
                sorted(t1), sorted(t2), t1 == t2,
                "Table 1 and Table A2 list different tier-5 competencies or names")
    if "tables.table_2" in entries:
        t2 = entries["tables.table_2"].value
        by_area: dict[str, int] = defaultdict(int)
        for r in t2:
            by_area[r["area_id"]] += 1
        lists = {e.params["area"]: len(e.value) for e in entries.values()
                 if e.statistic == "area_institutes" and e.kind == "list"}
        totals = [entries[i].value for i in ("network_2024.institutes", "summary.institutes")
                  if i in entries]
        ok = all(lists.get(a, n) == n for a, n in by_area.items()) and \
            all(t == len(t2) for t in totals)
        add("institutes_table_2", ["tables.table_2"],
            {"table_2": dict(by_area), "area_sections": lists, "institutes_total": totals},
            len(t2), ok, "Table 2's institutes per area disagree with the area sections or total")
        for e in entries.values():
            if e.statistic == "area_ksas_by_institute_count" and e.printed and \
                    re.search(r"\ball three\b", e.printed):
                n = by_area.get(e.params["area"], 0)
                add(f"all_three.{e.id}", [e.id, "tables.table_2"],
                    {"printed": "all three", "area_institutes_in_table_2": n},
                    n, n == 3 and (e.params.get("all_institutes") or
                                   e.params.get("min_institutes") == 3),
                    f"'all three' but Table 2 lists {n} institutes in {e.params['area']}")
    bio = "areas.biomanufacturing."
    if have(bio + "all_institutes", bio + "two_institutes", bio + "multi_institute_pct"):
        three = entries[bio + "all_institutes"].numerator
        two = entries[bio + "two_institutes"].value
        shared = entries[bio + "multi_institute_pct"].numerator
        base = entries.get(bio + "multi_institute_specific_pct")
        ok = three + two == shared and (base is None or base.denominator == shared)
        add("biomanufacturing_shared", [bio + "all_institutes", bio + "two_institutes",
                                        bio + "multi_institute_pct"],
            {"all_three": three, "two": two, "shared": shared,
             "shared_base": base.denominator if base else None}, three + two, ok,
            f"{three} + {two} != {shared}")
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
                and e.params.get("area") == area and e.statistic and "area_" in e.statistic}
        bad = {k: v for k, v in {**parts, **dens}.items() if v is not None and v > total}
        add(f"area_parts_within_total.{area}", [total_id], {"total": total, **parts}, total,
            not bad, f"figures exceed the area's {total} KSAs: {bad}")
    pairs = {(e.params["area"], e.params["other_area"]): e for e in entries.values()
             if e.statistic == "area_connections_to_other_area"}
    for (x, y), e in sorted(pairs.items()):
        if (y, x) in pairs and x < y:
            back = pairs[(y, x)]
            same = e.value == back.value
            add(f"area_connections.{x}.{y}", [e.id, back.id],
                {f"{x}->{y}": e.value, f"{y}->{x}": back.value}, None, same,
                f"the two figures print {e.value} and {back.value} for the connections between "
                f"{x} and {y}; under {READINGS[3]} both can hold, each counted from its own side",
                status_if_not=READING, reading=None if same else 3)
    return rows


def _first_section(ctx: Context, ids: Iterable[str]) -> str:
    """The section of whichever of `ids` the report prints first."""
    order = {eid: i for i, eid in enumerate(ctx.entries)}
    found = sorted((order[i], i) for i in set(ids) if i in order)
    return ctx.entries[found[0][1]].section if found else ""


def _name_rows(ctx: Context) -> list[Row]:
    """Each name or code the report prints in more than one way."""
    rows = []
    for code in sorted(ctx.names.code_names, key=lambda c: [int(p) for p in c.split(".")]):
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
        section = _first_section(ctx, [i for ids in where.values() for i in ids])
        rows.append(Row(f"names.competency.{code}", section, "; ".join(where), where, data,
                        INCONSISTENT, note))
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
    table = ctx.table(areas.area_institutes).set_index("institute_id")
    for area in sorted(ctx.names.institutes):
        for name, others in sorted(_institute_variants(ctx, area).items()):
            if name > others[0]:
                continue
            pair = [name, others[0]]
            where = {n: sorted(set(ctx.names.institutes[area][n])) for n in pair}
            data = [table.at[i, "institute_name"] for n in pair
                    for i in [_resolve_institute(ctx, table.reset_index(), area, n)[0]] if i]
            note = "; ".join(f"'{n}' in {', '.join(w)}" for n, w in where.items())
            section = _first_section(ctx, [i for ids in where.values() for i in ids])
            rows.append(Row(f"names.institute.{area}", section, "; ".join(pair), where,
                            data[0] if data else None, INCONSISTENT,
                            f"one institute printed two ways: {note}; the data names it "
                            f"'{data[0] if data else '?'}'"))
    rows += _ksa_name_rows(ctx)
    return rows


def _ksa_name_rows(ctx: Context) -> list[Row]:
    """KSAs the report words differently in different lists (by the data's identification)."""
    printed: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for e in ctx.entries.values():
        if e.kind == "list" and e.statistic in ("top_ksas", "area_frequent_specific_ksas",
                                                 "area_frequent_network_ksas"):
            items, _ = _ksa_items(ctx, e)
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
        section = _first_section(ctx, [i for ids in printed[kid].values() for i in ids])
        rows.append(Row(f"names.ksa.{kid}", section, "; ".join(printed[kid]),
                        sorted(printed[kid]), data, INCONSISTENT,
                        "one KSA worded differently: " + "; ".join(
                            sorted({w for ws in variants.values() for w in ws}))
                        + f"; the data words it '{data}'"))
    return rows


def _external_rows(ctx: Context) -> list[Row]:
    """NICE ids and titles as printed against the official components; DOL refs noted."""
    rows: list[Row] = []
    cited: list[tuple[str, str, str, str]] = []  # (entry id, code, name, NICE id)
    dol: list[str] = []
    for e in ctx.entries.values():
        if e.kind != "table":
            continue
        for r in e.value:
            ref = r.get("external_reference") or ""
            if ref.startswith("NF-"):
                cited.append((e.id, r["sub_competency_code"], r["sub_competency_name"], ref))
            elif r.get("deriving_framework", "") and str(r["deriving_framework"]).startswith("DOL"):
                dol.append(f"{r['sub_competency_code']} -> {r['deriving_framework']} {ref}")
    for entry_id, code, name, ref in cited:
        section = ctx.entries[entry_id].section
        rid = f"external.nice.{ref.lower().replace('-', '_')}"
        published = {"code": code, "name": name, "nice_id": ref}
        if ctx.nice is None:
            rows.append(Row(rid, section, None, published, None, NOT_RECOMPUTABLE,
                            f"check skipped: no NICE Framework components found in "
                            f"{ctx.nice_dir}"))
            continue
        title = ctx.nice.title(ref)
        kind = ctx.nice.element_type(ref)
        recomputed = {"nice_id": ref, "official_title": title, "element_type": kind,
                      "version": ctx.nice.version}
        versions = (f"the report cites the NICE Framework through niccs.cisa.gov without naming "
                    f"a version (accessed July 14, 2025); checked against {ctx.nice.label}, "
                    "published later (December 2025), the only version available here")
        if title is None:
            status, note = INCONSISTENT, f"{ref} is not an element of {ctx.nice.label}; {versions}"
        elif norm(title) == norm(name):
            status, note = MATCH, ""
        else:
            status = INCONSISTENT
            note = (f"the report maps {code} '{name}' to {ref}, whose official title is "
                    f"'{title}' ({kind}); {versions}")
        rows.append(Row(rid, section, None, published, recomputed, status, note))
    if dol:
        rows.append(Row("external.dol", "Appendix A", None, dol, None, NOT_RECOMPUTABLE,
                        "no official copy of the DOL Competency Model Clearinghouse models "
                        "(AMCM, BCM, ITCM) is available, so these references are checked only "
                        "against the edition's competencies.csv (tables.table_a2)"))
    return rows


# ----------------------------------------------------------------------------- entry points


def audit(fw: Framework, entries: Iterable[Entry], *, nice_dir: str | Path = DEFAULT_NICE_DIR
          ) -> pd.DataFrame:
    """Every published entry beside its recomputation from `fw`, plus the rounding,
    consistency, name and external checks; one row per check, columns `KEYS`, in the order
    entries are published, then the extra checks."""
    entries = list(entries)
    lettered = {item["letter"]: item for e in entries if e.kind == "list"
                for item in e.value if isinstance(item, Mapping) and item.get("letter")}
    ctx = Context(fw, {e.id: e for e in entries}, Names(entries), KsaIndex(fw),
                  load_nice_components(nice_dir), Path(nice_dir), lettered)
    rows = [_entry_row(ctx, e) for e in entries]
    rows += _rounding_rows(entries)
    rows += _consistency_rows(ctx.entries)
    rows += _name_rows(ctx)
    rows += _external_rows(ctx)
    return pd.DataFrame([r.as_dict() for r in rows], columns=list(KEYS))


def audit_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The audit as JSON-ready records (the `--json` output)."""
    return [_plain(dict(zip(KEYS, row, strict=True))) for row in
            frame[list(KEYS)].itertuples(index=False, name=None)]


def audit_command(args: argparse.Namespace) -> int:
    """`python -m competency_framework audit [EDITION] [--json]`: 1 on any mismatch or bad
    input. `args.published` and `args.nice` (folders) default to data/published and
    data/external/nice-framework-v2.1.0."""
    from competency_framework.edition.load import load_edition
    from competency_framework.edition.problems import InputError
    from competency_framework.reference.published import PUBLISHED_DIR, load_published

    try:
        fw = load_edition(args.edition)
        entries = load_published(getattr(args, "published", None) or PUBLISHED_DIR)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    frame = audit(fw, entries, nice_dir=getattr(args, "nice", None) or DEFAULT_NICE_DIR)
    if args.json:
        print(json.dumps(audit_records(frame), indent=2, ensure_ascii=False))
    else:
        counts = frame["status"].value_counts()
        print(f"audit of {args.edition} ({fw.provenance}): {len(frame)} checks")
        for status in STATUSES:
            print(f"  {status:24s} {int(counts.get(status, 0))}")
        for row in frame.itertuples():
            if row.status not in (MATCH, NOT_RECOMPUTABLE):
                print(f"\n[{row.status}] {row.id}\n  {row.note}")
    return 1 if (frame["status"] == MISMATCH).any() else 0
