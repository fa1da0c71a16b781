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

Modules: `rows` (the row, statuses, readings, shared row makers), `context` (one audit's
edition, entries and indexes), `matching` (printed names to the edition's), `checks` (the
registry of named checks and `NotInEdition`); the checks: `counts`, `occupations`, `lists`,
`areas`, `tree` (one per published statistic), `rounding`, `consistency` (within the report),
`names`, `external` (NICE, DOL); `run` (`audit`, `audit_records`; the command is `cli/audit.py`).

Each entry check declares the statistics it recomputes, each consistency check the entries it
needs (`checks`). A check that finds the edition lacks what an entry is about raises
`NotInEdition`: the entry's row is a `mismatch` whose note begins "cannot recompute". Any
other error in a check propagates.
"""

from __future__ import annotations

from competency_framework.audit.checks import (
    CONSISTENCY_CHECKS,
    ENTRY_CHECKS,
    ConsistencyCheck,
    EntryCheck,
    NotInEdition,
)
from competency_framework.audit.rows import (
    INCONSISTENT,
    KEYS,
    MATCH,
    MISMATCH,
    NOT_RECOMPUTABLE,
    READING,
    READINGS,
    SEVERITY,
    STATUSES,
    Row,
    from_published_figures,
)
from competency_framework.audit.run import audit, audit_records

__all__ = [
    "CONSISTENCY_CHECKS", "ENTRY_CHECKS", "INCONSISTENT", "KEYS", "MATCH", "MISMATCH",
    "NOT_RECOMPUTABLE", "READING", "READINGS", "SEVERITY", "STATUSES", "ConsistencyCheck",
    "EntryCheck", "NotInEdition", "Row", "audit", "audit_records", "from_published_figures",
]
