"""The audit's named checks and what each needs, as data.

An entry check recomputes the published entries of the statistics it declares
(`entry_check`); a consistency check compares printed figures with each other and runs only
when every entry it needs is published (`consistency_check`). The check modules register
theirs when the package is imported; `entry_row` and `consistency_rows` run them.

A check that finds the edition lacks what an entry is about raises `NotInEdition`, and the
entry's row says it cannot be recomputed. Any other exception is a bug and propagates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from competency_framework.audit.context import Context
from competency_framework.audit.rows import MISMATCH, Row, carried_row
from competency_framework.reference.published import Entry

EntryRun = Callable[[Context, Entry], Row]
ConsistencyRun = Callable[[Mapping[str, Entry]], list[Row]]


class NotInEdition(LookupError):
    """The edition lacks what a published entry is about (a competency code, say), so the
    entry cannot be recomputed from it. The message says what is missing."""


@dataclass(frozen=True)
class EntryCheck:
    """A named recomputation of the published entries of `statistics`."""

    name: str
    statistics: tuple[str, ...]
    run: EntryRun


@dataclass(frozen=True)
class ConsistencyCheck:
    """A named check among printed figures. It runs when every entry of `needs` is
    published, and reads only those, the entries whose id matches a pattern of `reads`
    (`fnmatch`, where published) and the entries of `statistics`."""

    name: str
    run: ConsistencyRun
    needs: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    statistics: tuple[str, ...] = ()

    def applies(self, entries: Mapping[str, Entry]) -> bool:
        return all(i in entries for i in self.needs)

    def view(self, entries: Mapping[str, Entry]) -> dict[str, Entry]:
        """The entries this check reads, in published order."""
        return {i: e for i, e in entries.items() if i in self.needs or e.statistic in
                self.statistics or any(fnmatchcase(i, p) for p in self.reads)}


ENTRY_CHECKS: dict[str, EntryCheck] = {}  # by name
CONSISTENCY_CHECKS: dict[str, ConsistencyCheck] = {}  # by name, in the order they run


def register_entry_check(check: EntryCheck) -> None:
    """Add `check`; a name or statistic registered twice is an error."""
    taken = {s for c in ENTRY_CHECKS.values() for s in c.statistics}
    if check.name in ENTRY_CHECKS or taken & set(check.statistics):
        raise ValueError(f"entry check {check.name!r} or one of its statistics "
                         f"{check.statistics} is registered twice")
    ENTRY_CHECKS[check.name] = check


def entry_check(name: str, statistics: tuple[str, ...] | None = None
                ) -> Callable[[EntryRun], EntryRun]:
    """Register the decorated function as check `name` of `statistics` (default: the
    statistic of the same name)."""
    def register(run: EntryRun) -> EntryRun:
        register_entry_check(EntryCheck(name, statistics or (name,), run))
        return run

    return register


def consistency_check(name: str, *, needs: tuple[str, ...] = (), reads: tuple[str, ...] = (),
                      statistics: tuple[str, ...] = ()
                      ) -> Callable[[ConsistencyRun], ConsistencyRun]:
    """Register the decorated function as consistency check `name` (see `ConsistencyCheck`)."""
    def register(run: ConsistencyRun) -> ConsistencyRun:
        if name in CONSISTENCY_CHECKS:
            raise ValueError(f"consistency check {name!r} is registered twice")
        CONSISTENCY_CHECKS[name] = ConsistencyCheck(name, run, needs, reads, statistics)
        return run

    return register


def check_of(statistic: str) -> EntryCheck:
    """The entry check that recomputes `statistic` (KeyError when none does)."""
    for check in ENTRY_CHECKS.values():
        if statistic in check.statistics:
            return check
    raise KeyError(f"no audit check recomputes the statistic {statistic!r}")


def entry_row(ctx: Context, e: Entry) -> Row:
    """`e` against its recomputation; carried as printed when it names no statistic."""
    if e.statistic is None:
        return carried_row(e)
    try:
        return check_of(e.statistic).run(ctx, e)
    except NotInEdition as missing:
        return Row(e.id, e.section, e.printed, e.value, None, MISMATCH,
                   f"cannot recompute {e.statistic} {dict(e.params)}: {missing}", e.reading)


def consistency_rows(entries: Mapping[str, Entry]) -> list[Row]:
    """The rows of every consistency check whose entries are published, in check order."""
    rows: list[Row] = []
    for check in CONSISTENCY_CHECKS.values():
        if check.applies(entries):
            rows += check.run(check.view(entries))
    return rows
