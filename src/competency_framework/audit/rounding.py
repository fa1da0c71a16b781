"""The rounding check: each printed percent against its own numerator and denominator."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from competency_framework.audit.rows import INCONSISTENT, MATCH, Row, published_share
from competency_framework.reference.published import Entry
from competency_framework.statistics.shares import percent


def rounding_rows(entries: Iterable[Entry]) -> list[Row]:
    """A `<entry id>.rounding` row for each percent printed with its denominator: whether its
    numerator rounds half up to it (or, without a numerator, which whole numerators do)."""
    rows = []
    for e in entries:
        if e.kind != "percent" or e.denominator is None:
            continue
        published = published_share(e)
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
