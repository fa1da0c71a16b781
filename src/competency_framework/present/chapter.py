"""One call opens a chapter: `ch = open_chapter(edition, audit_rows)` in a notebook's first
cell after its parameters gives the edition (`ch.fw`), the published figures by id
(`ch.published`), the year of the published report (`ch.report_year`), when first asked
for, the audit of the edition against those figures (`ch.audit`), and the one way to print a
number (`ch.numbers`, `present.numbers`).

The audit is computed once per chapter, or once per build: the build writes the edition's
audit rows to a file (`write_audit_rows`) and passes its path as the `audit_rows` parameter of
every notebook that declares one, so that the chapters that read the audit share one run of
it. Without a file (a notebook run on its own) the chapter computes the audit itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from competency_framework.audit import KEYS, audit, audit_records
from competency_framework.edition.framework import Framework
from competency_framework.edition.load import load_edition
from competency_framework.files import write_text_atomic
from competency_framework.present.numbers import Numbers
from competency_framework.present.published_text import published_edition
from competency_framework.reference.published import Entry, load_published, load_sections


@dataclass(frozen=True, eq=False)
class Chapter:
    """What every chapter reads: the edition, the published figures by id, the published
    report's year, the audit rows file the build made ("": compute the audit here) and the
    published documents' sections in printed order with their plain headings
    (`published.load_sections`)."""

    fw: Framework
    published: Mapping[str, Entry]
    report_year: str
    audit_rows: str = ""
    sections: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @cached_property
    def audit(self) -> pd.DataFrame:
        """The audit of the edition (`audit.audit`), read from `audit_rows` when given."""
        if self.audit_rows:
            return read_audit_rows(self.audit_rows, self.fw)
        return audit(self.fw, self.published.values())

    @cached_property
    def numbers(self) -> Numbers:
        """How this chapter prints a number (`present.numbers`): `ch.numbers(235,
        "ksas_total")`."""
        return Numbers(self.fw, self.published, lambda: self.audit)


def open_chapter(edition: str | Path, audit_rows: str | Path = "") -> Chapter:
    """The chapter of the edition in folder `edition`, with the published figures of
    `data/published/`; `audit_rows`: the build's audit of that edition (`write_audit_rows`)."""
    entries = load_published()
    return Chapter(load_edition(edition), {e.id: e for e in entries},
                   published_edition(entries), str(audit_rows), load_sections())


def write_audit_rows(path: str | Path, fw: Framework) -> None:
    """Audit `fw` against the published figures and write the rows (`audit.audit_records`) to
    `path` as JSON, with the edition and its data hash (`read_audit_rows` checks them)."""
    rows = audit_records(audit(fw, load_published()))
    text = json.dumps({"edition": fw.edition, "data_hash": fw.data_hash, "rows": rows},
                      ensure_ascii=False, indent=1)
    write_text_atomic(Path(path), text + "\n")


def read_audit_rows(path: str | Path, fw: Framework) -> pd.DataFrame:
    """The audit frame `write_audit_rows` wrote for `fw`, as `audit.audit` returns it;
    ValueError when the file holds another edition's audit."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if (data.get("edition"), data.get("data_hash")) != (fw.edition, fw.data_hash):
        raise ValueError(f"{path} holds the audit of edition {data.get('edition')!r} "
                         f"(data hash {data.get('data_hash')}), not of {fw.edition!r} "
                         f"({fw.data_hash})")
    return pd.DataFrame(data["rows"], columns=list(KEYS))
