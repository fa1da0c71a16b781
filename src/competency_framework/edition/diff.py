"""What changed between two editions: every row added, removed or changed in each table of the
contract, by primary key (`diff_editions`), and what that means for each institute and
technology area (`institute_changes`): occupations, KSAs and connections gained and lost.

Cells are compared as the CSV text holds them, so a change is a change of the data, whatever
type the loader gives a column. Rows come out in the contract's table order, then removed,
added and changed rows, each by key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from competency_framework.edition.contract import TABLES, Table
from competency_framework.edition.framework import Framework

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Change:
    """One row of one table added, removed or changed (`fields`: column -> [old, new])."""

    table: str
    key: dict[str, str]
    change: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"table": self.table, "key": self.key, "change": self.change}
        if self.change == CHANGED:
            out["fields"] = self.fields
        return out


def _rows(frame: pd.DataFrame, table: Table) -> dict[tuple[str, ...], dict[str, str]]:
    """The table's rows by primary key, each cell as its text."""
    text = frame[list(table.columns)].astype(str)
    rows = [{str(k): str(v) for k, v in r.items()} for r in text.to_dict(orient="records")]
    return {tuple(r[c] for c in table.primary_key): r for r in rows}


def table_changes(old: pd.DataFrame, new: pd.DataFrame, table: Table) -> list[Change]:
    """The rows of `table` removed from `old`, added in `new` and changed between them."""
    before, after = _rows(old, table), _rows(new, table)
    pk = table.primary_key

    def key(k: tuple[str, ...]) -> dict[str, str]:
        return dict(zip(pk, k, strict=True))

    out = [Change(table.name, key(k), REMOVED) for k in sorted(before.keys() - after.keys())]
    out += [Change(table.name, key(k), ADDED) for k in sorted(after.keys() - before.keys())]
    for k in sorted(before.keys() & after.keys()):
        fields = {c: [before[k][c], after[k][c]] for c in table.columns
                  if c not in pk and before[k][c] != after[k][c]}
        if fields:
            out.append(Change(table.name, key(k), CHANGED, fields))
    return out


def diff_editions(old: Framework, new: Framework) -> list[Change]:
    """Every row added, removed or changed in each of the contract's tables."""
    return [c for t in TABLES for c in table_changes(getattr(old, t.name), getattr(new, t.name), t)]


def edition_facts(fw: Framework) -> dict[str, str]:
    """What names an edition in a diff: its edition, title and data hash."""
    return {"edition": fw.edition, "title": fw.title, "data_hash": fw.data_hash}


def diff_record(old: Framework, new: Framework, changes: Iterable[Change]) -> dict[str, Any]:
    """The diff as `diff --json` prints it."""
    return {"old": edition_facts(old), "new": edition_facts(new),
            "changes": [c.as_dict() for c in changes]}


@dataclass(frozen=True)
class InstituteChange:
    """What changed for one institute: the occupations, KSAs and connections (occupation and
    KSA pairs) it gained and lost."""

    institute_id: str
    name: str
    area_id: str
    occupations: tuple[set[str], set[str]]  # gained, lost
    ksas: tuple[set[str], set[str]]
    connections: tuple[set[tuple[str, str]], set[tuple[str, str]]]

    @property
    def changed(self) -> bool:
        return any(g or lost for g, lost in (self.occupations, self.ksas, self.connections))


Picks = dict[str, set[Any]]  # occupations, ksas, connections of one institute


def _selections(fw: Framework) -> Mapping[str, Picks]:
    sel: dict[str, Picks] = {}
    for i, o in fw.institute_occupations[["institute_id", "occupation_id"]].itertuples(
            index=False, name=None):
        sel.setdefault(i, {"occupations": set(), "ksas": set(), "connections": set()})
        sel[i]["occupations"].add(o)
    for i, o, k in fw.essential_ksas[["institute_id", "occupation_id", "ksa_id"]].itertuples(
            index=False, name=None):
        sel.setdefault(i, {"occupations": set(), "ksas": set(), "connections": set()})
        sel[i]["ksas"].add(k)
        sel[i]["connections"].add((o, k))
    return sel


def institute_changes(old: Framework, new: Framework) -> list[InstituteChange]:
    """Per institute of either edition (new edition's order, then institutes only the old one
    has), what it gained and lost."""
    empty: Picks = {"occupations": set(), "ksas": set(), "connections": set()}
    before, after = _selections(old), _selections(new)
    names = {**dict(zip(old.institutes["institute_id"], old.institutes["name"], strict=True)),
             **dict(zip(new.institutes["institute_id"], new.institutes["name"], strict=True))}
    areas = {**dict(zip(old.institutes["institute_id"], old.institutes["area_id"], strict=True)),
             **dict(zip(new.institutes["institute_id"], new.institutes["area_id"], strict=True))}
    order = list(dict.fromkeys([*new.institutes["institute_id"], *old.institutes["institute_id"]]))
    out = []
    for i in order:
        b, a = before.get(i, empty), after.get(i, empty)
        out.append(InstituteChange(
            i, str(names[i]), str(areas[i]),
            *((a[k] - b[k], b[k] - a[k]) for k in ("occupations", "ksas", "connections"))))
    return out


def area_totals(changes: Iterable[InstituteChange]) -> dict[str, dict[str, int]]:
    """Per technology area (of each institute, as the newer edition files it), the occupation
    selections, KSA selections and connections its institutes gained and lost."""
    out: dict[str, dict[str, int]] = {}
    for c in changes:
        t = out.setdefault(c.area_id, {f"{k} {s}": 0 for k in ("occupations", "ksas",
                                                                  "connections")
                                       for s in ("gained", "lost")})
        for k in ("occupations", "ksas", "connections"):
            gained, lost = getattr(c, k)
            t[f"{k} gained"] += len(gained)
            t[f"{k} lost"] += len(lost)
    return out


def reader_changes(changes: Iterable[Change]) -> dict[str, list[Change]]:
    """The row changes a reader names: KSAs moved in the competency tree (their code),
    KSAs reworded (their statement), competencies renamed (their name)."""
    def having(table: str, column: str) -> list[Change]:
        return [c for c in changes if c.table == table and column in c.fields]
    changes = list(changes)
    return {"KSAs moved in the tree": having("ksas", "code"),
            "KSAs reworded": having("ksas", "statement"),
            "competencies renamed": having("competencies", "name")}


def diff_summary(old: Framework, new: Framework, changes: list[Change],
                 headline: Mapping[str, tuple[int, int]] | None = None) -> str:
    """The diff as a reader reads it: per table how many rows were added, removed and changed
    (and which), the KSAs moved and reworded and the competencies renamed, then per technology
    area and per institute what was gained and lost; `headline`: statistics as old and new
    values, printed first."""
    lines = [f"from {old.edition} ({old.data_hash[:12]}) to {new.edition} "
             f"({new.data_hash[:12]}): {len(changes)} row change(s)"]
    if headline:
        lines.append("\nheadline figures (old -> new):")
        lines += [f"  {name}: {a:,} -> {b:,}" + ("" if a == b else f" ({b - a:+,})")
                  for name, (a, b) in headline.items()]
    for t in TABLES:
        mine = [c for c in changes if c.table == t.name]
        counts = {k: sum(c.change == k for c in mine) for k in (ADDED, REMOVED, CHANGED)}
        lines.append(f"\n{t.filename}: {counts[ADDED]} added, {counts[REMOVED]} removed, "
                     f"{counts[CHANGED]} changed")
        for c in mine:
            key = ", ".join(f"{k}={v}" for k, v in c.key.items())
            fields = "".join(f"; {f}: {o!r} -> {n!r}" for f, (o, n) in c.fields.items())
            lines.append(f"  {c.change:8s} {key}{fields}")
    for kind, found in reader_changes(changes).items():
        if found:
            lines.append(f"\n{kind}:")
            column = {"KSAs moved in the tree": "code", "KSAs reworded": "statement",
                      "competencies renamed": "name"}[kind]
            lines += [f"  {next(iter(c.key.values()))}: {c.fields[column][0]!r} -> "
                      f"{c.fields[column][1]!r}" for c in found]
    per_institute = [c for c in institute_changes(old, new) if c.changed]
    if per_institute:
        lines.append("\nby technology area (gained/lost):")
        for area, n in area_totals(per_institute).items():
            lines.append(f"  {area}: occupations +{n['occupations gained']}/"
                         f"-{n['occupations lost']}, KSAs +{n['ksas gained']}/-{n['ksas lost']}, "
                         f"connections +{n['connections gained']}/-{n['connections lost']}")
        lines.append("\nby institute (gained/lost):")
        for i in per_institute:
            (og, ol), (kg, kl), (cg, cl) = i.occupations, i.ksas, i.connections
            lines.append(f"  {i.institute_id} ({i.name}): occupations +{len(og)}/-{len(ol)}, "
                         f"KSAs +{len(kg)}/-{len(kl)}, connections +{len(cg)}/-{len(cl)}")
    return "\n".join(lines)
