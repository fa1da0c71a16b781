"""The audit's row: its keys, statuses and the lead's readings, and the row makers every check
shares (a count, a share, an entry's finished row)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from competency_framework.reference.published import Entry, normalize_printed
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


def from_published_figures(row_id: str) -> bool:
    """Whether the row `row_id` is of a check that reads the published figures alone, never
    the edition: a consistency check (`consistency.<name>`) or a printed percent against its
    own printed fraction (`<entry id>.rounding`). Its recomputed value is fixed by them."""
    return row_id.startswith("consistency.") or row_id.endswith(".rounding")


@dataclass
class Row:
    """One audit row (see the package docstring)."""

    id: str
    section: str
    printed: str | None
    published: Any
    recomputed: Any
    status: str
    note: str = ""
    reading: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return plain(asdict(self))


def plain(value: Any) -> Any:
    """`value` with numpy scalars and tuples turned into JSON-ready Python values."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


def norm(text: Any) -> str:
    """Text compared as a reader would: markup gone, case folded, dashes and quotes unified."""
    text = normalize_printed(str(text or ""))
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = re.sub(r"\s*/\s*", "/", text)
    return text.casefold().rstrip(".").strip()


def code_order(code: str) -> list[int]:
    """Sort key of a competency code: "4.10" after "4.9"."""
    return [int(p) for p in code.split(".")]


def published_share(e: Entry) -> dict[str, int | None]:
    """A printed percent as the audit shows it: the percent with its numerator and
    denominator (None where the report does not print them)."""
    return {"percent": e.value, "numerator": e.numerator, "denominator": e.denominator}


def carried_row(e: Entry) -> Row:
    """The row of an entry without a statistic: context carried as printed."""
    note = e.note or "context; the framework data holds no such figure"
    if e.source != "report_2025":
        kind, _, year = e.source.rpartition("_")
        note = f"context from the {year} {kind.replace('_', ' ')} piece; {note}"
    return Row(e.id, e.section, e.printed, e.value, None, NOT_RECOMPUTABLE,
               f"carried as printed: {note}")


def count_row(e: Entry, recomputed: int, note: str = "") -> Row:
    """A printed count against `recomputed`: equal, or strictly above it for `greater_than`."""
    value = int(e.value)
    if e.comparison == "greater_than":
        ok = recomputed > value
        note = note or f"the report says 'over {value:,}'"
    else:
        ok = recomputed == value
    if not ok:
        note = "; ".join(n for n in (f"recomputed {recomputed}, published {value}", note) if n)
    return finish(e, recomputed, MATCH if ok else MISMATCH, note)


def share_row(e: Entry, share: Share, note: str = "") -> Row:
    """A printed percent (and its numerator and denominator, where printed) against `share`;
    counts that agree under a percent that does not round from them are the report's own
    inconsistency."""
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
    return finish(e, rec, status, "; ".join(notes), published=published_share(e))


def finish(e: Entry, recomputed: Any, status: str, note: str = "", *,
           published: Any = None) -> Row:
    """An entry's row; a match under a reading becomes depends-on-reading, naming it."""
    notes = [note] if note else []
    if e.reading and status == MATCH:
        status = READING
    if e.reading and status in (READING, INCONSISTENT, MISMATCH):
        notes.insert(0, f"depends on {READINGS[e.reading]}")
    return Row(e.id, e.section, e.printed, e.value if published is None else published,
               recomputed, status, "; ".join(notes), e.reading)
