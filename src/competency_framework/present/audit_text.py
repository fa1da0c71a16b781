"""The audit as the report reads it: values in a few words (`value_text`), counts by status
(`status_counts`, `status_sentence`), checks grouped by the document and section that print
them (`audit_sections`), whether the published figures describe the edition at all
(`audit_applies`), and the audit chapter's opening and tables and an area's audit note."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from IPython.display import Markdown

from competency_framework.audit import STATUSES
from competency_framework.edition.framework import Framework
from competency_framework.present.chapter import Chapter
from competency_framework.present.escape import markdown_text
from competency_framework.present.prose import plural, prose_list
from competency_framework.present.published_text import published_edition, source_year
from competency_framework.present.tables import ReportTable, table_markdown
from competency_framework.reference.published import Entry

DOCUMENT_KINDS = {"report": "report", "network": "network piece"}
# the audit chapter's short names for long statuses, in its summary tables' headings
SHORT_STATUS = {"depends-on-reading": "reading", "inconsistent-in-report": "inconsistent",
                "not-recomputable": "not recomputable"}
# dashes of each column's header rule: the share of the page width each column gets
AUDIT_WIDTHS = {"Check": 24, "Printed": 28, "Published": 18, "Recomputed": 18, "Status": 20,
                "Note": 40}


def audit_applies(fw: Framework, entries: Iterable[Entry]) -> bool:
    """Whether the published figures describe this edition (otherwise every difference in the
    audit is expected: the figures belong to another edition)."""
    return fw.edition == published_edition(entries)


def breakable(identifier: str) -> str:
    """An identifier with an invisible break point (U+200B) after each dot and underscore, so
    that a narrow table column can wrap it ("areas.materials.multi_institute")."""
    return re.sub(r"([._])(?=.)", "\\1\u200b", identifier)


def value_text(value: Any, limit: int = 3, width: int = 160) -> str:
    """A published or recomputed value of the audit in a few words: percents as
    "85% (55/65)", lists by their first `limit` items, tables by their size; text cut at
    `width` characters. None is "–"."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Mapping):
        if "percent" in value:
            num = "?" if value.get("numerator") is None else f"{value['numerator']:,}"
            den = "?" if value.get("denominator") is None else f"{value['denominator']:,}"
            pct = "–" if value["percent"] is None else f"{value['percent']}%"
            return f"{pct} ({num}/{den})"
        parts = [f"{k}: {value_text(v, limit, width)}" for k, v in value.items()]
        return _cut("; ".join(parts), width)
    if isinstance(value, Sequence) and not isinstance(value, str):
        items = list(value)
        if items and all(isinstance(i, Mapping) for i in items) and not any(
                k in items[0] for k in ("statement", "title", "group")):
            return plural(len(items), "row")
        shown = [_item_text(i) for i in items[:limit]]
        more = f" and {len(items) - limit:,} more" if len(items) > limit else ""
        return _cut("; ".join(shown) + more, width)
    return _cut(str(value), width)


def _item_text(item: Any) -> str:
    if isinstance(item, Mapping):
        if "statement" in item:
            letter = f"{item['letter']}. " if item.get("letter") else ""
            return f"{letter}{item['statement']} ({item.get('code', '')})"
        if "title" in item:
            return f"{item['title']} ({item.get('institutes', '?')})"
        if "group" in item:
            return f"{item['group']} ({plural(len(item.get('roles', [])), 'role')})"
    return str(item)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def status_counts(frame: pd.DataFrame, statuses: Sequence[str], by: str | None = None
                  ) -> pd.DataFrame:
    """Audit rows per status (columns in `statuses` order, plus `total`), overall or per value
    of column `by` (rows in order of first appearance)."""
    if by is None:
        counts = frame["status"].value_counts().reindex(list(statuses), fill_value=0)
        out = pd.DataFrame([counts.to_numpy()], columns=list(statuses))
    else:
        order = list(dict.fromkeys(frame[by]))
        out = (frame.groupby([by, "status"]).size().unstack(fill_value=0)
               .reindex(index=order, columns=list(statuses), fill_value=0)
               .rename_axis(columns=None).reset_index())
    out["total"] = out[list(statuses)].sum(axis=1)
    return out.astype({s: int for s in [*statuses, "total"]})


def status_sentence(frame: pd.DataFrame, statuses: Sequence[str]) -> str:
    """How a group of audit rows came out, as a sentence: "3 checks: 2 match, 1 mismatch."."""
    counts = status_counts(frame, statuses).iloc[0]
    parts = [f"{int(counts[s]):,} {s}" for s in statuses if counts[s]]
    return f"{plural(int(counts['total']), 'check')}: {', '.join(parts)}."


def document_title(source: str) -> str:
    """A published document as prose names it: "report_2025" -> "The 2025 report",
    "network_2020" -> "The 2020 network piece"."""
    kind = source.rsplit("_", 1)[0]
    return f"The {source_year(source)} {DOCUMENT_KINDS.get(kind, kind.replace('_', ' '))}"


def audit_sections(frame: pd.DataFrame, entries: Iterable[Entry]) -> pd.DataFrame:
    """The audit rows with the document and section each belongs to, the published report
    first: checks of one entry (`<id>`, `<id>.rounding`, ...) go with the entry's document and
    section; checks across entries belong to the report and keep their own section, or
    "Across sections" when they have none.

    Adds columns: document (`document_title`), heading (the section as printed). Row order is
    the audit's within each document.
    """
    entries = list(entries)
    source = {e.id: e.source for e in entries}
    report = next(e.source for e in entries if e.source.startswith("report_"))

    def document(row_id: str) -> str:
        parts = row_id.split(".")
        for n in range(len(parts), 0, -1):
            if ".".join(parts[:n]) in source:
                return source[".".join(parts[:n])]
        return report

    out = frame.copy()
    docs = [document(i) for i in out["id"]]
    out["document"] = [document_title(d) for d in docs]
    out["heading"] = [s.strip() if isinstance(s, str) and s.strip() else "Across sections"
                      for s in out["section"]]
    out["_d"] = [d != report for d in docs]
    out = out.sort_values("_d", kind="stable").drop(columns="_d")
    return out.reset_index(drop=True)


def audit_opening(ch: Chapter) -> str:
    """The audit chapter's opening: what the audit compares (and whether the published
    figures describe this edition), how many checks came out how, and what each status
    means."""
    fw, entries, checks = ch.fw, list(ch.published.values()), ch.audit
    printed = [e for e in entries if e.source.startswith("report_")]
    counts = status_counts(checks, STATUSES).iloc[0]
    found = prose_list(f"**{int(counts[s]):,}** {s}" for s in STATUSES if counts[s])
    if audit_applies(fw, entries):
        verdict = (
            "No recomputed figure disagrees with its published value."
            if not counts["mismatch"] else
            f"{plural(int(counts['mismatch']), 'check')} found a recomputed figure that differs "
            "from the published one; the notes below say by how much."
        )
        opening = (
            f"The {ch.report_year} report prints "
            f"{plural(len(printed), 'number, list or table', 'numbers, lists and tables')}; "
            "they are transcribed once, in `data/published/`, with the text as printed. The "
            f"audit recomputes each one from the {markdown_text(fw.edition)} edition and sets "
            "it beside the published value. It adds checks that the printed figures must pass "
            "among themselves (a percent against its own count and total, parts against their "
            "whole, one name printed two ways, the external identifiers the report cites), and "
            f"carries the figures of the 2020 network piece as context. {verdict}"
        )
    else:
        opening = (
            f"The published figures belong to the {ch.report_year} edition, and this report is "
            f"built from the {markdown_text(fw.edition)} edition. The audit below therefore "
            "compares two different datasets: where it reports a mismatch, the two editions "
            "differ, which is expected, and neither is in error. Its other checks, those the "
            "printed figures must pass among themselves, hold whatever the edition."
        )
    return (
        f"{opening}\n\nIn all the audit makes {plural(len(checks), 'check')}: {found}. Each "
        "check ends in one of five statuses:\n\n"
        "- **match**: the recomputed value equals the published one.\n"
        "- **depends-on-reading**: it equals the published value under the reading this "
        "project chose for an ambiguous statistic; another reading could give another number "
        "(see the next chapter).\n"
        "- **inconsistent-in-report**: the report contradicts itself, or the source it cites; "
        "the data follows one side, and the note says which.\n"
        "- **mismatch**: the recomputed value differs from the published one.\n"
        "- **not-recomputable**: context that record-level data cannot reproduce (the "
        "network's activity figures, captions, the 2020 piece), carried as printed.\n\n"
        "The tables below give every check, grouped by the section that prints the figure, "
        "with long values and notes shortened; `python -m competency_framework audit --json` "
        "prints them in full."
    )


def audit_tables(ch: Chapter) -> str:
    """Every check of the audit as Markdown: per published document a heading and a table of
    its sections by status, then per section a heading, a sentence and a table of its checks
    (values and notes shortened)."""
    rows = audit_sections(ch.audit, ch.published.values())
    parts = []
    table_no = 0
    for key, doc_rows in rows.groupby("document", sort=False):
        document = str(key)
        parts.append(f"## {markdown_text(document)}")
        summary = status_counts(doc_rows, STATUSES, by="heading")
        doc_no = len(set(rows["document"][: doc_rows.index[0] + 1]))
        frame = pd.DataFrame({"Section": summary["heading"]})
        for s in STATUSES:
            frame[SHORT_STATUS.get(s, s).capitalize()] = [int(n) for n in summary[s]]
        frame["All"] = [int(n) for n in summary["total"]]
        parts.append(table_markdown(ReportTable(
            frame, f"Audit checks of {document[0].lower() + document[1:]} by section and status.",
            f"tbl-audit-summary-{doc_no}")))
        for heading, section in doc_rows.groupby("heading", sort=False):
            table_no += 1
            parts.append(f"### {markdown_text(str(heading))}")
            parts.append(status_sentence(section, STATUSES))
            frame = pd.DataFrame({
                "Check": [breakable(i) for i in section["id"]],
                "Printed": [value_text(p, width=100) for p in section["printed"]],
                "Published": [value_text(v, width=90) for v in section["published"]],
                "Recomputed": [value_text(v, width=90) for v in section["recomputed"]],
                "Status": section["status"],
                "Note": [value_text(v, width=220) if v else "" for v in section["note"]],
            })
            parts.append(table_markdown(ReportTable(frame, f"Audit of {heading}.",
                                                    f"tbl-audit-{table_no}"),
                                        widths=AUDIT_WIDTHS))
    return "\n\n".join(parts)


def area_audit_note(ch: Chapter, area_id: str) -> Markdown | None:
    """What the audit found for the figures the published report prints about one technology
    area, or, when those figures describe another edition, that they are listed without
    expecting agreement; None (nothing shown) when the report prints none for the area."""
    checks = ch.audit
    area_checks = checks.loc[checks["id"].str.startswith(
        (f"areas.{area_id}.", f"area_connections.{area_id}."))]
    if not len(area_checks):
        return None
    counts = status_counts(area_checks, STATUSES).iloc[0]
    found = prose_list(f"{int(counts[s])} {s}" for s in STATUSES if counts[s])
    if audit_applies(ch.fw, ch.published.values()):
        text = (f"The audit sets the "
                f"{plural(len(area_checks), 'number and list', 'numbers and lists')} the "
                f"{ch.report_year} report prints for this area beside these results: {found}.")
    else:
        text = (f"The {ch.report_year} report prints "
                f"{plural(len(area_checks), 'number or list', 'numbers and lists')} for this "
                f"area; they describe the {ch.report_year} edition, not the "
                f"{markdown_text(ch.fw.edition)} edition, so the audit lists them without "
                "expecting them to agree.")
    return Markdown(text)
