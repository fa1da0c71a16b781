"""The audit as the report reads it: values in a few words (`value_text`), counts by status
(`status_counts`, `status_sentence`), checks grouped by the document and section that print
them (`audit_sections`), whether the published figures describe the edition at all
(`audit_applies`), and the audit chapter's opening and tables and an area's audit note."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from IPython.display import Markdown

from competency_framework.audit import (
    INCONSISTENT,
    MATCH,
    MISMATCH,
    NOT_RECOMPUTABLE,
    READING,
    STATUSES,
)
from competency_framework.edition.framework import Framework
from competency_framework.present.chapter import Chapter
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import Numbers, audit_anchor
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


IDENTIFIER = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")


def breakable_ids(text: str) -> str:
    """`text` with every dotted identifier in it made `breakable`."""
    return IDENTIFIER.sub(lambda m: breakable(m.group()), text)


# how a value's number prints: number(value, part, row) -> Markdown (see `Numbers.record`)
NumberText = Callable[[Any, str | None, Mapping[str, Any] | None], str]
# a piece of a value's text: its plain text, and for a number (value, part, row)
_Piece = tuple[str, tuple[Any, str | None, Mapping[str, Any] | None] | None]


def value_text(value: Any, limit: int = 3, width: int = 160) -> str:
    """A published or recomputed value of the audit in a few words: percents as
    "85% (55/65)", lists by their first `limit` items and their length, tables by their size;
    text cut at `width` characters. None is "–"."""
    return "".join(text for text, _ in _cut(_pieces(value, limit), width))


def value_markdown(value: Any, number: NumberText, limit: int = 3, width: int = 160) -> str:
    """`value_text` as Markdown with each number printed by `number(value, part, row)`: a
    percent's parts as "percent", "numerator" and "denominator", the length of a list or table
    as "rows", the institutes of a listed title as "institutes" of the row with that title
    (`row={"title": ...}`), the roles of a listed group as "roles"."""
    out, text = [], ""
    for plain, spec in _cut(_pieces(value, limit), width):
        if spec is None:
            text += plain
            continue
        out.append(_escaped(text))
        text = ""
        out.append(number(*spec))
    out.append(_escaped(text))
    return "".join(out)


def _escaped(text: str) -> str:
    """`text` as inline Markdown, keeping one space at either end (`markdown_text` drops it)."""
    if not text.strip():
        return " " if text else ""
    return ((" " if text[0].isspace() else "") + markdown_text(text)
            + (" " if text[-1].isspace() else ""))


def _num(value: int, part: str | None = None, row: Mapping[str, Any] | None = None,
         text: str | None = None) -> _Piece:
    shown = text if text is not None else (f"{value:,}%" if part == "percent" else f"{value:,}")
    return shown, (value, part, row)


def _pieces(value: Any, limit: int) -> list[_Piece]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return [("–", None)]
    if isinstance(value, bool):
        return [("yes" if value else "no", None)]
    if isinstance(value, int):
        return [_num(value)]
    if isinstance(value, Mapping):
        if "percent" in value:
            parts: list[_Piece] = []
            parts.append(("–", None) if value["percent"] is None else
                         _num(value["percent"], "percent"))
            for i, part in enumerate(("numerator", "denominator")):
                parts.append((" (" if i == 0 else "/", None))
                parts.append(("?", None) if value.get(part) is None else _num(value[part], part))
            return [*parts, (")", None)]
        out: list[_Piece] = []
        for i, (k, v) in enumerate(value.items()):
            out += [(("; " if i else "") + f"{k}: ", None), *_pieces(v, limit)]
        return out
    if isinstance(value, Sequence) and not isinstance(value, str):
        items = list(value)
        if items and all(isinstance(i, Mapping) for i in items) and not any(
                k in items[0] for k in ("statement", "title", "group")):
            return [_num(len(items), "rows"), (" row" if len(items) == 1 else " rows", None)]
        out = []
        for i, item in enumerate(items[:limit]):
            out += [("; ", None)] * bool(i) + _item_pieces(item)
        if len(items) > limit:
            out += [("; … (", None), _num(len(items), "rows"), (" in all)", None)]
        return out
    return [(str(value), None)]


def _item_pieces(item: Any) -> list[_Piece]:
    if isinstance(item, Mapping):
        if "statement" in item:
            letter = f"{item['letter']}. " if item.get("letter") else ""
            return [(f"{letter}{item['statement']} ({item.get('code', '')})", None)]
        if "title" in item:
            count = item.get("institutes")
            return [(f"{item['title']} (", None),
                    _num(count, "institutes", {"title": item["title"]})
                    if isinstance(count, int) else ("?", None), (")", None)]
        if "group" in item:
            roles = len(item.get("roles", []))
            return [(f"{item['group']} (", None), _num(roles, "roles", {"group": item["group"]}),
                    (" role)" if roles == 1 else " roles)", None)]
    if isinstance(item, int) and not isinstance(item, bool):
        return [_num(item, "item")]
    return [(str(item), None)]


def _cut(pieces: list[_Piece], width: int) -> list[_Piece]:
    """`pieces` up to `width` characters of text, then "…": text is cut within, a number is
    dropped whole."""
    if sum(len(text) for text, _ in pieces) <= width:
        return pieces
    out: list[_Piece] = []
    room = width - 1
    for text, spec in pieces:
        if len(text) <= room:
            out.append((text, spec))
            room -= len(text)
            continue
        if spec is None:
            out.append((text[:room], None))
        break
    if out and out[-1][1] is None:
        out[-1] = (out[-1][0].rstrip(), None)
    return [*out, ("…", None)]


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


# each status as prose says it, after a count: (one, several)
STATUS_PROSE = {
    MATCH: ("matches", "match"),
    READING: ("depends on how an ambiguous figure is read",
              "depend on how an ambiguous figure is read"),
    INCONSISTENT: ("meets a report at odds with itself", "meet a report at odds with itself"),
    MISMATCH: ("differs", "differ"),
    NOT_RECOMPUTABLE: ("cannot be recomputed", "cannot be recomputed"),
}


def status_words(k: int, status: str) -> str:
    """What `k` checks of `status` do, in words: "1 differs", "2 match" (the count left to
    the caller)."""
    one, several = STATUS_PROSE.get(status, (status, status))
    return one if k == 1 else several


def status_sentence(frame: pd.DataFrame, statuses: Sequence[str],
                    numbers: Numbers | None = None, **params: Any) -> str:
    """How a group of audit rows came out, as a sentence: "3 checks: 2 match, 1 mismatch.";
    with `numbers`, each count printed as `audit_checks` with `params` (and its status)."""
    counts = status_counts(frame, statuses).iloc[0]

    def shown(k: int, **status: Any) -> str:
        return numbers(k, "audit_checks", **params, **status) if numbers else f"{k:,}"

    parts = [f"{shown(int(counts[s]), status=s)} {status_words(int(counts[s]), s)}"
             for s in statuses if counts[s]]
    total = int(counts["total"])
    return f"{plural(total, 'check', shown=shown(total))}: {', '.join(parts)}."


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


def audit_opening(ch: Chapter, numbers: Numbers) -> str:
    """The audit chapter's opening: what the audit compares (and whether the published
    figures describe this edition), how many checks came out how, and what each status
    means."""
    fw, entries, checks = ch.fw, list(ch.published.values()), ch.audit
    printed = [e for e in entries if e.source.startswith("report_")]
    counts = status_counts(checks, STATUSES).iloc[0]
    found = prose_list(f"**{numbers(int(counts[s]), 'audit_checks', status=s)}** "
                       f"{status_words(int(counts[s]), s)}" for s in STATUSES if counts[s])
    total = plural(len(checks), "check", shown=numbers(len(checks), "audit_checks"))
    if audit_applies(fw, entries):
        mismatches = int(counts["mismatch"])
        differing = plural(mismatches, "check",
                           shown=numbers(mismatches, "audit_checks", status="mismatch"))
        verdict = (
            "No recomputed figure disagrees with its published value."
            if not mismatches else
            f"{differing} found a recomputed figure that differs "
            "from the published one; the notes below say by how much."
        )
        figures = plural(len(printed), "number, list or table", "numbers, lists and tables",
                         shown=numbers(len(printed), "published_figures",
                                       source=f"report_{ch.report_year}"))
        opening = (
            f"The {ch.report_year} report prints {figures}; "
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
        f"{opening}\n\nIn all the audit makes {total}: {found}. Each "
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


def audit_tables(ch: Chapter, numbers: Numbers) -> str:
    """Every check of the audit as Markdown: per published document a heading and a table of
    its sections by status, then per section a heading, a sentence and a table of its checks
    (values and notes shortened), each row starting with the anchor of its check
    (`numbers.audit_anchor`) and its recomputed value's numbers marked (`recomputed_number`).
    """
    rows = audit_sections(ch.audit, ch.published.values())
    parts = []
    table_no = 0
    for key, doc_rows in rows.groupby("document", sort=False):
        document = str(key)
        parts.append(f"## {markdown_text(document)}")
        summary = status_counts(doc_rows, STATUSES, by="heading")
        doc_no = len(set(rows["document"][: doc_rows.index[0] + 1]))
        columns: dict[str, list[Any]] = {"Section": list(summary["heading"])}
        for s in [*STATUSES, None]:
            status: dict[str, Any] = {} if s is None else {"status": s}
            columns["All" if s is None else SHORT_STATUS.get(s, s).capitalize()] = [
                numbers.record(int(n), "audit_checks", document=document, section=section,
                               **status)
                for section, n in zip(summary["heading"], summary[s or "total"], strict=True)]
        frame = pd.DataFrame(columns)
        parts.append(table_markdown(ReportTable(
            frame, f"Audit checks of {document[0].lower() + document[1:]} by section and status.",
            f"tbl-audit-summary-{doc_no}")))
        for heading, section in doc_rows.groupby("heading", sort=False):
            table_no += 1
            parts.append(f"### {markdown_text(str(heading))}")
            parts.append(status_sentence(section, STATUSES, numbers, document=document,
                                         section=str(heading)))
            frame = pd.DataFrame({
                "Check": [breakable(i) for i in section["id"]],
                "Printed": [value_text(p, width=100) for p in section["printed"]],
                "Published": [value_text(v, width=90) for v in section["published"]],
                "Recomputed": [value_text(v, width=90) for v in section["recomputed"]],
                "Status": section["status"],
                "Note": [breakable_ids(value_text(v, width=220)) if v else ""
                         for v in section["note"]],
            })
            text = table_markdown(ReportTable(frame, f"Audit of {heading}.",
                                              f"tbl-audit-{table_no}"), widths=AUDIT_WIDTHS)
            ids = list(section["id"])
            recomputed = [value_markdown(v, recomputed_number(numbers, i, ch.published),
                                         width=90)
                          for i, v in zip(ids, section["recomputed"], strict=True)]
            published = [_quoted_value(v, published_number(numbers, i, ch.published))
                         for i, v in zip(ids, section["published"], strict=True)]
            parts.append(_marked_rows(text, ids, {
                list(frame.columns).index("Recomputed"): recomputed,
                list(frame.columns).index("Published"): published}))
    return "\n\n".join(parts)


def recomputed_number(numbers: Numbers, check: str, published: Mapping[str, Entry]
                      ) -> NumberText:
    """How the numbers of check `check`'s recomputed value print: under the statistic of the
    published entry the check is (pinned where the audit fixes it), a `.rounding` check's
    percent under its entry's, every other number as `audit_recomputed(check=<id>)`."""
    entry = published.get(check)
    base = published.get(check.removesuffix(".rounding")) if check.endswith(".rounding") else None

    def number(value: Any, part: str | None, row: Mapping[str, Any] | None) -> str:
        if entry is not None and entry.statistic:
            return numbers(value, entry.statistic, part=part, row=row, **entry.params)
        if base is not None and base.statistic and part is None:
            return numbers(value, base.statistic, part="percent", **base.params)
        text = f"{value:,}%" if part == "percent" else None
        return numbers(value, "audit_recomputed", text=text, check=check)
    return number


def _quoted_value(value: Any, number: NumberText) -> str:
    """A published value in the audit: text in quotation marks (the original's words), other
    values with their numbers quoted (`published_number`)."""
    shown = value_markdown(value, number, width=90)
    return f"\u201c{shown}\u201d" if isinstance(value, str) and shown else shown


def published_number(numbers: Numbers, check: str, published: Mapping[str, Entry]
                     ) -> NumberText:
    """How the numbers of check `check`'s published value print: quoted from the published
    entry (`Numbers.quoted`); a check that is no entry (consistency, names) quotes the figures
    it sums or compares, named by the check."""
    entry_id: str | None = check if check in published else check.removesuffix(".rounding")
    if entry_id not in published:
        entry_id = None

    def number(value: Any, part: str | None, row: Mapping[str, Any] | None) -> str:
        return numbers.quoted(value, entry_id, part=part, row=row, check=check)
    return number


def _marked_rows(table: str, checks: Sequence[str], columns: Mapping[int, Sequence[str]]
                 ) -> str:
    """A check table's Markdown with each body row starting with its check's anchor, the
    cells of `columns` (column index -> a cell per row) replaced by those (Markdown with number
    spans: cells of a `ReportTable` are plain text, escaped), the printed text in quotation
    marks (the original's own words) and the note in an `.audit-note` span."""
    lines = table.split("\n")
    for i, check in enumerate(checks):
        cells = _cells(lines[2 + i])
        cells[0] = audit_anchor(check) + cells[0]
        for column, values in columns.items():
            cells[column] = values[i]
        if cells[1]:
            cells[1] = f"\u201c{cells[1]}\u201d"
        if cells[-1]:
            cells[-1] = f"[{cells[-1]}]{{.audit-note}}"
        lines[2 + i] = "| " + " | ".join(cells) + " |"
    return "\n".join(lines)


def _cells(row: str) -> list[str]:
    """The cells of one pipe-table row as `ReportTable.markdown` writes it (a `|` in a cell is
    escaped)."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip()[1:-1])]


def area_audit_note(ch: Chapter, area_id: str, numbers: Numbers | None = None
                    ) -> Markdown | None:
    """What the audit found for the figures the published report prints about one technology
    area, or, when those figures describe another edition, that they are listed without
    expecting agreement; None (nothing shown) when the report prints none for the area.
    `numbers`: how the counts print (default `ch.numbers`)."""
    numbers = ch.numbers if numbers is None else numbers
    checks = ch.audit
    area_checks = checks.loc[checks["id"].str.startswith(
        (f"areas.{area_id}.", f"area_connections.{area_id}."))]
    if not len(area_checks):
        return None
    counts = status_counts(area_checks, STATUSES).iloc[0]
    found = prose_list(f"{numbers(int(counts[s]), 'audit_checks', area=area_id, status=s)} "
                       f"{status_words(int(counts[s]), s)}" for s in STATUSES if counts[s])
    total = numbers(len(area_checks), "audit_checks", area=area_id)
    if audit_applies(ch.fw, ch.published.values()):
        figures = plural(len(area_checks), "number and list", "numbers and lists", shown=total)
        text = (f"The audit sets the {figures} the "
                f"{ch.report_year} report prints for this area beside these results: {found}.")
    else:
        figures = plural(len(area_checks), "number or list", "numbers and lists", shown=total)
        text = (f"The {ch.report_year} report prints {figures} for this "
                f"area; they describe the {ch.report_year} edition, not the "
                f"{markdown_text(ch.fw.edition)} edition, so the audit lists them without "
                "expecting them to agree.")
    return Markdown(text)
