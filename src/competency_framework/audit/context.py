"""What every check of one audit reads: the edition, the published entries by id, the names the
report prints for one thing in several places (`Names`), the edition's KSAs by wording and
code (`KsaIndex`), the NICE components, and the edition's statistics computed once."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from competency_framework.audit.rows import norm
from competency_framework.edition.framework import Framework
from competency_framework.reference.nice import NiceComponents
from competency_framework.reference.published import Entry

FUZZY = 0.85  # least similarity for a printed statement to stand for a differently worded KSA


class Names:
    """What the report prints for one thing in several places, gathered from all entries: the
    spellings of each code's name, the institute names printed for each area, and the codes
    printed differently from the code meant (`printed_code`). KSA wordings are compared
    through the edition instead (`names.ksa_name_rows`)."""

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
        self.statement: dict[str, str] = dict(zip(ksas["ksa_id"], ksas["statement"], strict=True))
        self.code: dict[str, str] = dict(zip(ksas["ksa_id"], ksas["code"], strict=True))
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


def printed_codes(item: Mapping[str, Any]) -> list[str]:
    """The codes a list item may be catalogued under: its code, and any in `printed_code`."""
    extra = re.findall(r"[1-5](?:\.\d+){1,2}", str(item.get("printed_code", "")))
    return list(dict.fromkeys([str(item["code"]), *extra]))


def lettered_items(entries: Iterable[Entry]) -> dict[str, Mapping[str, Any]]:
    """The items of the published lists that carry a letter (the top KSAs), by letter."""
    return {item["letter"]: item for e in entries if e.kind == "list"
            for item in e.value if isinstance(item, Mapping) and item.get("letter")}


@dataclass
class Context:
    """One audit's edition, entries and indexes (see the module docstring)."""

    fw: Framework
    entries: dict[str, Entry]
    names: Names
    ksas: KsaIndex
    nice: NiceComponents | None
    nice_dir: Path
    lettered: dict[str, Mapping[str, Any]] = field(default_factory=dict)  # top-KSA items
    _tables: dict[Callable[[Framework], pd.DataFrame], pd.DataFrame] = field(
        default_factory=dict, init=False, repr=False)

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

    def first_section(self, ids: Iterable[str]) -> str:
        """The section of whichever of `ids` the report prints first."""
        order = {eid: i for i, eid in enumerate(self.entries)}
        found = sorted((order[i], i) for i in set(ids) if i in order)
        return self.entries[found[0][1]].section if found else ""
