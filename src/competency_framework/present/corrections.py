"""What the original printed where this report shows something else: a name or code the
original spells two ways (the data follows one), a percent it does not round from its own
counts. `as_printed(audit, entry_id)` is the short note a chapter puts where it shows that
entry's value, read from the audit's rows (`names.*`, `<entry>.rounding`), so that a reader
meets the difference where it is, not only in the audit chapter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from competency_framework.audit import INCONSISTENT, MATCH
from competency_framework.present.escape import markdown_text as esc
from competency_framework.reference.published import Entry


def _spellings(entry_id: str, row: pd.Series) -> list[str]:
    """'AFFOA' as 'AFOA': each spelling the entry prints that the data does not follow."""
    published, data = row["published"], row["recomputed"]
    if isinstance(published, Mapping) and "printed_code" in published:
        if row["id"].startswith(f"names.code.{entry_id}."):
            return [f"{esc(str(published['code']))} as \u201c"
                    f"{esc(str(published['printed_code']))}\u201d"]
        return []
    if not isinstance(published, Mapping) or not isinstance(data, str):
        return []
    return [f"{esc(data)} as \u201c{esc(str(spelling))}\u201d"
            for spelling, where in published.items()
            if entry_id in where and str(spelling) != data]


def _list_codes(entry: Entry | None) -> list[str]:
    """Rows of a printed list whose code the original printed otherwise (KSA F's two)."""
    if entry is None or entry.kind != "list" or not isinstance(entry.value, list):
        return []
    return [f"{esc(str(r.get('letter') or r.get('statement', '')))} with the code "
            f"\u201c{esc(str(r['printed_code']))}\u201d"
            for r in entry.value if isinstance(r, Mapping) and r.get("printed_code")
            and r.get("printed_code") != r.get("code")]


def as_printed_of(audit: pd.DataFrame, published: Mapping[str, Entry], statistic: str | None,
                  **params: Any) -> str:
    """`as_printed` of every published entry of `statistic` (any, when None) whose parameters
    include `params` (an area's entries: `area="materials"`), as one note ("" for none)."""
    notes = []
    for e in published.values():
        if (statistic is None or e.statistic == statistic) and e.statistic and all(
                str(e.params.get(k)) == str(v) for k, v in params.items()):
            note = as_printed(audit, published, e.id).removeprefix(_PREFIX)
            if note and note not in notes:
                notes.append(note)
    return _PREFIX + " ".join(notes) if notes else ""


_PREFIX = "*As printed:* "


def as_printed(audit: pd.DataFrame, published: Mapping[str, Entry], entry_id: str) -> str:
    """A note on how the original printed entry `entry_id` where this report differs: names
    and codes the data spells otherwise, a percent the original does not round from its own
    counts; "" when it shows the entry as printed."""
    rows = audit.loc[audit["status"] == INCONSISTENT]
    spelled = [s for _, row in rows.loc[rows["id"].str.startswith("names.")].iterrows()
               for s in _spellings(entry_id, row)]
    spelled += _list_codes(published.get(entry_id))
    notes = []
    if spelled:
        notes.append("the original prints " + "; ".join(spelled))
    rounding = audit.loc[audit["id"] == f"{entry_id}.rounding"]
    for _, row in rounding.iterrows():
        printed = row["published"]
        if row["status"] != MATCH and isinstance(printed, Mapping) and row["printed"]:
            notes.append(f"the original prints \u201c{esc(str(row['printed']))}\u201d, a "
                         "percent that does not round half up from its own counts, as this "
                         "report's percents do")
    if not notes:
        return ""
    text = "; ".join(notes)
    return f"{_PREFIX}{text[0].upper()}{text[1:]}."
