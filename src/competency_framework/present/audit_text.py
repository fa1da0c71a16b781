"""The audit as the report reads it: values in a few words (`value_text`), counts by status
(`status_counts`), checks in report order under the plain heading of the section that prints
them (`audit_sections`), whether the published figures describe the edition at all
(`audit_applies`), the audit chapter's summary for readers (`audit_summary`), its
check-by-check annex (`audit_annex`) and an area's audit note, which counts its checks as the
summary does (`area_checks`)."""

from __future__ import annotations

import re
from collections import Counter
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
    from_published_figures,
)
from competency_framework.edition.framework import Framework
from competency_framework.present.chapter import Chapter
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import Numbers, audit_anchor
from competency_framework.present.prose import capital, plural, prose_list
from competency_framework.present.published_text import published_edition, source_year
from competency_framework.present.tables import ReportTable, table_markdown
from competency_framework.reference.published import Entry

DOCUMENT_KINDS = {"report": "report", "network": "network piece"}


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


WORD_UNDERSCORE = re.compile(r"(?<=\w)_(?=\w)")  # "competency_area": a break point after it
# a check of printed figures against each other prints each with its check: "<id>: <text>; ..."
CHECK_PREFIX = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+: ")


def printed_quote(value: Any, width: int = 100) -> str:
    """What the report prints, in a few words (`value_text`) and in quotation marks; a check
    of printed figures against each other ("<check>: <text>; <check>: <text>") quotes each
    figure without its check's id ("\u201ca\u201d and \u201cb\u201d")."""
    parts = value.split("; ") if isinstance(value, str) else []
    if len(parts) > 1 and all(CHECK_PREFIX.match(p) for p in parts):
        each = max(width // len(parts), 20)
        return " and ".join(f"\u201c{value_text(CHECK_PREFIX.sub('', p), width=each)}\u201d"
                            for p in parts)
    return f"\u201c{value_text(value, width=width)}\u201d"


def is_missing(value: Any) -> bool:
    """Whether an audit value is absent: None, or NaN as a frame holds it."""
    return value is None or (isinstance(value, float) and pd.isna(value))


def printed_text(value: Any, entry: Entry | None, width: int = 100) -> str:
    """What the report prints for a check (`printed_quote`); where it prints nothing, that it
    does not ("not printed", `NOT_PRINTED`) of a figure derived from printed ones (`entry`'s
    `derived_from`), else a dash."""
    if not is_missing(value):
        return printed_quote(value, width)
    return NOT_PRINTED if entry is not None and entry.derived_from else "\u2013"


def value_markdown(value: Any, number: NumberText, limit: int = 3, width: int = 160, *,
                   breaks: bool = False) -> str:
    """`value_text` as Markdown with each number printed by `number(value, part, row)`: a
    percent's parts as "percent", "numerator" and "denominator", the length of a list or table
    as "rows", the institutes of a listed title as "institutes" of the row with that title
    (`row={"title": ...}`), the roles of a listed group as "roles". `breaks`: a word joined
    by underscores ("competency_area") may break after each, for a narrow column."""
    out, text = [], ""
    for plain, spec in _cut(_pieces(value, limit), width):
        if spec is None:
            text += WORD_UNDERSCORE.sub("_\u200b", plain) if breaks else plain
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
    if is_missing(value):
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
            out += [(("; " if i else "") + f"{breakable(str(k))}: ", None), *_pieces(v, limit)]
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
    """`pieces` up to `width` characters of text, then "…": text is cut after its last whole
    word that fits (within a word only when no word fits), a number is dropped whole."""
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
            part = text[:room]
            if not (text[room].isspace() or part[-1:].isspace()):  # the cut is in a word
                if " " in part.strip():
                    part = part.rsplit(" ", 1)[0]
                elif out:  # its first word: the pieces before it end the text
                    part = ""
            if part:
                out.append((part, None))
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
    READING: ("depends on how a statistic is read", "depend on how a statistic is read"),
    INCONSISTENT: ("meets a report at odds with itself", "meet a report at odds with itself"),
    MISMATCH: ("differs", "differ"),
    NOT_RECOMPUTABLE: ("cannot be recomputed", "cannot be recomputed"),
}
# each status as a table labels it
STATUS_LABELS = {MATCH: "Match", READING: "Depends on a reading",
                 INCONSISTENT: "Report inconsistent", MISMATCH: "Mismatch",
                 NOT_RECOMPUTABLE: "Not recomputable"}
# what each of the lead's readings settles, as prose names it
READING_TOPICS = {
    1: "which KSAs align with eight or more occupations",
    2: "which KSAs are the ten most highly selected",
    3: "how the connections between two technology areas are counted",
    4: "how the institutes that share a KSA within an area are counted",
    5: "how percentages are rounded",
    6: "how an area's frequently selected KSAs are ranked",
}
ACROSS = "Across sections"  # the heading of checks that no one section prints


def status_words(k: int, status: str) -> str:
    """What `k` checks of `status` do, in words: "1 differs", "2 match" (the count left to
    the caller)."""
    one, several = STATUS_PROSE.get(status, (status, status))
    return one if k == 1 else several


def document_title(source: str) -> str:
    """A published document as prose names it: "report_2025" -> "The 2025 report",
    "network_2020" -> "The 2020 network piece"."""
    kind = source.rsplit("_", 1)[0]
    return f"The {source_year(source)} {DOCUMENT_KINDS.get(kind, kind.replace('_', ' '))}"


def plain_heading(section: str) -> str:
    """A printed section heading as a plain one: an all-capitals heading in title case, a
    trailing colon dropped ("DIGITAL/AUTOMATION" -> "Digital/Automation")."""
    text = section.strip().rstrip(":").strip()
    return text.title() if text.isupper() else text


def audit_sections(frame: pd.DataFrame, entries: Iterable[Entry],
                   sections: Mapping[str, Mapping[str, str]] | None = None) -> pd.DataFrame:
    """The audit rows in report order, with the document and section heading each belongs
    to: checks of one entry (`<id>`, `<id>.rounding`, ...) go with the entry's document;
    checks across entries belong to the report. A row's heading is the one `sections` (per
    document, the printed sections in printed order and their headings,
    `published.load_sections`) gives its section, else its `plain_heading`; `ACROSS` when it
    has none.

    Adds columns: document (`document_title`), heading. Order: the report first, then the
    other documents; within one, the headings in printed order (those `sections` does not
    list after, as they first appear, then `ACROSS`); within a heading, the audit's order,
    each `.rounding` check right after the check of its entry.
    """
    entries = list(entries)
    sections = sections or {}
    source = {e.id: e.source for e in entries}
    report = next(e.source for e in entries if e.source.startswith("report_"))

    def document(row_id: str) -> str:
        parts = row_id.split(".")
        for n in range(len(parts), 0, -1):
            if ".".join(parts[:n]) in source:
                return source[".".join(parts[:n])]
        return report

    out = frame.copy().reset_index(drop=True)
    docs = [document(i) for i in out["id"]]
    out["heading"] = [
        sections.get(d, {}).get(s) or plain_heading(s)
        if isinstance(s, str) and s.strip() else ACROSS
        for d, s in zip(docs, out["section"], strict=True)]
    doc_rank = {d: n for n, d in enumerate(dict.fromkeys([report, *docs]))}
    heading_rank: dict[tuple[str, str], int] = {}
    for d in doc_rank:
        for h in [*sections.get(d, {}).values(),
                  *(h for dd, h in zip(docs, out["heading"], strict=True) if dd == d), ACROSS]:
            heading_rank.setdefault((d, h), len(heading_rank) + (10**6 if h == ACROSS else 0))
    position = {i: n for n, i in enumerate(out["id"])}
    out["_key"] = [
        (doc_rank[d], heading_rank[d, h], position.get(i.removesuffix(".rounding"), n), n)
        for n, (d, h, i) in enumerate(zip(docs, out["heading"], out["id"], strict=True))]
    out["document"] = [document_title(d) for d in docs]
    out = out.sort_values("_key", kind="stable").drop(columns="_key")
    return out.reset_index(drop=True)


def audit_by_section(ch: Chapter) -> pd.DataFrame:
    """The chapter's audit in report order with its documents and headings
    (`audit_sections`): what the audit chapter, its annex and the area chapters count from."""
    return audit_sections(ch.audit, ch.published.values(), ch.sections)


def area_heading(ch: Chapter, area_id: str) -> str | None:
    """The heading of the published report's section on technology area `area_id`: the
    section of most of the report's entries about it (statistic parameter `area`); None when
    the report prints nothing about it."""
    found = Counter(e.section for e in ch.published.values()
                    if e.source.startswith("report_") and e.params.get("area") == area_id)
    if not found:
        return None
    section = found.most_common(1)[0][0]
    source = next(e.source for e in ch.published.values() if e.source.startswith("report_"))
    return ch.sections.get(source, {}).get(section) or plain_heading(section)


def area_checks(ch: Chapter, area_id: str) -> pd.DataFrame:
    """The checks of the figures the published report prints in its section on area
    `area_id` (`area_heading`), as the audit chapter counts them; none when there is no such
    section."""
    rows = audit_by_section(ch)
    heading = area_heading(ch, area_id)
    report = document_title(f"report_{ch.report_year}")
    return rows.loc[(rows["document"] == report) & (rows["heading"] == heading)]


def section_tallies(ch: Chapter) -> pd.DataFrame:
    """The audit's checks per status (`status_counts`) for each section of the published
    report in report order, then one row per other document; column `heading` names each
    row, `document` its document."""
    rows = audit_by_section(ch)
    report = document_title(f"report_{ch.report_year}")
    rows["row"] = [h if d == report else d for d, h in
                   zip(rows["document"], rows["heading"], strict=True)]
    counts = status_counts(rows, STATUSES, by="row").rename(columns={"row": "heading"})
    counts.insert(1, "document", list(rows.drop_duplicates("row")["document"]))
    return counts


def _count(numbers: Numbers, k: int, status: str | None = None, **params: Any) -> str:
    """`k` checks (of `status`) as the audit chapter prints a count."""
    about: dict[str, Any] = {**params, **({"status": status} if status else {})}
    return numbers.tally(k, "audit_checks", **about)


def audit_summary(ch: Chapter, numbers: Numbers) -> str:
    """The audit chapter for readers: what the audit does, what a match means for this
    edition, the counts by status and by section in report order (a table), the checks that
    do not simply match in plain words, and where the check-by-check annex is."""
    fw, entries, checks = ch.fw, list(ch.published.values()), ch.audit
    report = f"report_{ch.report_year}"
    printed = [e for e in entries if e.source == report]
    counts = status_counts(checks, STATUSES).iloc[0]
    figures = plural(len(printed), "number, list or table", "numbers, lists and tables",
                     shown=numbers.tally(len(printed), "published_figures", source=report))
    opening = (
        f"The {ch.report_year} report prints {figures}. This chapter sets each of them "
        f"beside the same figure recomputed from the {markdown_text(fw.edition)} edition's "
        "records. It also checks the printed figures against one another (a percent against "
        "its own count and total, parts against their whole, a name printed in two ways) and "
        "against the official sources the report cites, and it carries as printed the "
        "figures no record can reproduce, such as the network's yearly activity and those of "
        "the 2020 network piece.")
    if not audit_applies(fw, entries):
        meaning = (
            f"The published figures describe the {ch.report_year} edition, and this report is "
            f"built from the {markdown_text(fw.edition)} edition, so the two sets of figures "
            "are not expected to agree: a difference says that the editions differ, not that "
            "either is wrong. The checks of the printed figures against one another hold "
            "whatever the edition.")
    elif fw.is_reconstructed:
        meaning = (
            f"**What a match means here.** The {markdown_text(fw.edition)} edition is a "
            "reconstruction: its records were rebuilt so that they reproduce the figures the "
            "report prints. For this edition a match holds by construction. It shows that the "
            "code recomputes each figure the way the report computed it and that the "
            "reconstruction fits, not that the institutes' own data confirm the report. What "
            "the audit can find lies in the other checks: those of the printed figures "
            "against one another, and any figure that does not match.")
    else:
        meaning = (
            f"**What a match means here.** The {markdown_text(fw.edition)} edition holds the "
            "institutes' own answers, so each match is a finding: recomputed from the "
            "collected records, the figure comes out as the report prints it.")
    found = prose_list(f"**{_count(numbers, int(counts[s]), s)}** "
                       f"{status_words(int(counts[s]), s)}" for s in STATUSES if counts[s])
    total = plural(len(checks), "check", shown=_count(numbers, len(checks)))
    table = table_markdown(summary_table(ch, numbers))
    return "\n\n".join([
        numbers.explanation().strip(), opening, meaning,
        f"In all the audit makes {total}: {found}. @tbl-audit-summary gives the count for "
        "each section of the report, in the order the report prints them; the figures of the "
        "2020 network piece, context for the report, come last.",
        table, "## What does not simply match", *non_match_paragraphs(ch, numbers),
        "## The checks one by one",
        "The annex at the end of this report lists every check, section by section: the "
        "figure as printed, the value recomputed from the edition, the outcome and, where "
        "the outcome is not a plain match, why. Its table is also a CSV download, linked "
        "from its caption on the web pages, and `python -m competency_framework audit "
        "--json` prints every check with its values in full.",
    ]).strip() + "\n"


def summary_table(ch: Chapter, numbers: Numbers) -> ReportTable:
    """The audit's checks by section (`section_tallies`) and status, with an "All" column."""
    tallies = section_tallies(ch)
    report = document_title(f"report_{ch.report_year}")

    def about(heading: str, document: str, status: str | None) -> dict[str, Any]:
        where = {"section": heading} if document == report else {"document": heading}
        return {**where, **({"status": status} if status else {})}

    columns: dict[str, list[Any]] = {"Section": [
        h if d == report else f"{h} (context)"
        for h, d in zip(tallies["heading"], tallies["document"], strict=True)]}
    for s in [*STATUSES, None]:
        columns[STATUS_LABELS[s] if s else "All"] = [
            numbers.tally_record(int(k), "audit_checks", **about(h, d, s))
            for h, d, k in zip(tallies["heading"], tallies["document"], tallies[s or "total"],
                               strict=True)]
    return ReportTable(pd.DataFrame(columns),
                       f"Audit checks by section of the {ch.report_year} report and by "
                       "outcome, in report order.", "tbl-audit-summary")


# the kinds of contradiction an inconsistent check finds, by its id: (prefix, one, several)
INCONSISTENCY_KINDS = (
    ("names.competency.", "competency named in two ways", "competencies named in two ways"),
    ("names.code.", "code misprinted", "codes misprinted"),
    ("names.institute.", "institute's acronym spelled in two ways",
     "institutes' acronyms spelled in two ways"),
    ("names.ksa.", "KSA worded in two ways", "KSAs worded in two ways"),
    ("external.", "NICE Framework title that differs from the official one",
     "NICE Framework titles that differ from the official ones"),
)
ROUNDING_KIND = ("percent that does not round from its own count and total",
                 "percents that do not round from their own count and total")
CARRIER_KIND = ("printed list, table or figure that carries one of these",
                "printed lists, tables and figures that carry one of these")


def inconsistency_kind(row_id: str) -> tuple[str, str]:
    """What kind of contradiction the inconsistent check `row_id` finds: (one, several)."""
    for prefix, one, several in INCONSISTENCY_KINDS:
        if row_id.startswith(prefix):
            return one, several
    return ROUNDING_KIND if row_id.endswith(".rounding") else CARRIER_KIND


def _rounding_examples(ch: Chapter, numbers: Numbers, rows: pd.DataFrame) -> list[str]:
    """A sentence for each printed percent among `rows` that does not round from its own
    printed count and total (an inconsistent `.rounding` check)."""
    out: list[str] = []
    for row in rows.itertuples(index=False):
        published = row.published
        if not (str(row.id).endswith(".rounding") and isinstance(published, Mapping)
                and published.get("numerator") is not None and isinstance(row.recomputed, int)):
            continue
        entry = str(row.id).removesuffix(".rounding")
        pct, num, den = (numbers.quoted(published[part], entry, part=part)
                         for part in ("percent", "numerator", "denominator"))
        rounded = numbers.derived(row.recomputed, "audit_recomputed", [num, den],
                                  part="percent", check=str(row.id))
        out.append(f" In {markdown_text(str(row.heading))}, the report prints {pct} for {num} "
                   f"out of {den}, a fraction that rounds to {rounded}.")
    return out


def non_match_paragraphs(ch: Chapter, numbers: Numbers) -> list[str]:
    """The checks that do not simply match, in plain words: those that depend on a reading
    (by what the reading settles), the report's contradictions (by kind), any figure that
    differs (by section) and the figures carried as printed."""
    rows = audit_by_section(ch)

    def counted(status: str, noun: str) -> tuple[pd.DataFrame, str]:
        found = rows.loc[rows["status"] == status]
        return found, capital(plural(len(found), noun,
                                     shown=_count(numbers, len(found), status)))

    out = []
    reading, text = counted(READING, "check")
    if len(reading):
        topics = [READING_TOPICS[int(r)] for r in sorted(set(reading["reading"].dropna()))
                  if int(r) in READING_TOPICS]
        out.append(
            f"**Depends on how a statistic is read.** {text} "
            f"{'matches' if len(reading) == 1 else 'match'} only under one reading of words "
            "the report leaves open" + (f": {prose_list(topics)}" if topics else "") + ". "
            "Read another way, the same words could give another number; the next chapter "
            "sets out each reading and why it was chosen.")
    odd, text = counted(INCONSISTENT, "check")
    if len(odd):
        kinds = Counter(inconsistency_kind(i) for i in odd["id"])
        order = [(one, several) for _, one, several in INCONSISTENCY_KINDS]
        order += [ROUNDING_KIND, CARRIER_KIND]
        listed = prose_list(
            f"{_count(numbers, kinds[kind], INCONSISTENT, kind=kind[0])} "
            f"{kind[0] if kinds[kind] == 1 else kind[1]}" for kind in order if kinds[kind])
        out.append(
            f"**The report at odds with itself.** {text} "
            f"{'finds' if len(odd) == 1 else 'find'} the report contradicting itself or a "
            f"source it cites: {listed}. Where it does, the data follows one side, and the "
            "annex says which." + "".join(_rounding_examples(ch, numbers, odd)))
    differ, text = counted(MISMATCH, "recomputed figure")
    if len(differ):
        where = prose_list(markdown_text(h) for h in dict.fromkeys(differ["heading"]))
        out.append(
            f"**Figures that differ.** {text} {'differs' if len(differ) == 1 else 'differ'} "
            f"from the published value, in {where}; the annex says by how much.")
    elif audit_applies(ch.fw, ch.published.values()):
        # where the report is at odds with itself, the data cannot agree with both sides
        out.append("**Figures that differ.** None: every recomputed figure agrees with its "
                   "published value" + (", or with one side where the report contradicts "
                                        "itself." if len(odd) else "."))
    carried, text = counted(NOT_RECOMPUTABLE, "figure")
    if len(carried):
        out.append(
            f"**Carried as printed.** {text} {'is' if len(carried) == 1 else 'are'} context "
            "that no record of the edition holds, such as the network's activity in a year, "
            "the captions of figures drawn as graphics and the 2020 network piece. They are "
            "listed as printed and not checked.")
    return out


# the annex table's columns: the share of the page width each gets (dashes of its header rule)
ANNEX_WIDTHS = {"Section": 15, "Check": 20, "Printed": 28, "Recomputed": 17, "Outcome": 19,
                "Note": 41}
CARRIED = "carried as printed: "  # how a not-recomputable check's note begins (`carried_row`)
ROUNDING_PRINTED = "the percent above, against its own count and total"
# a figure the report implies but does not print (an entry derived from printed ones)
NOT_PRINTED = "not printed: follows from printed figures"


def audit_annex(ch: Chapter, numbers: Numbers) -> str:
    """The audit's annex: a paragraph on how to read it and one table of every check in
    report order (`audit_by_section`), each row starting with its check's anchor
    (`numbers.audit_anchor`, where a pinned number links), its recomputed value's numbers
    marked (`recomputed_number`), values and notes shortened."""
    rows = audit_by_section(ch)
    report = document_title(f"report_{ch.report_year}")
    frame = pd.DataFrame({
        "Section": [h if d == report else f"{d.removeprefix('The ')}: {h[:1].lower() + h[1:]}"
                    for d, h in zip(rows["document"], rows["heading"], strict=True)],
        "Check": [breakable(i) for i in rows["id"]],
        "Printed": ["" if i.endswith(".rounding") else
                    breakable_ids(printed_text(p, ch.published.get(i)))
                    for i, p in zip(rows["id"], rows["printed"], strict=True)],
        "Recomputed": [value_text(v, width=90) for v in rows["recomputed"]],
        "Outcome": [STATUS_LABELS.get(s, s) for s in rows["status"]],
        "Note": [breakable_ids(value_text(capital(v.removeprefix(CARRIED)), width=220))
                 if v else "" for v in rows["note"]],
    })
    table = table_markdown(ReportTable(
        frame, f"Every check of the audit of the {markdown_text(ch.fw.edition)} edition, in "
        "report order.", "tbl-audit-checks"), widths=ANNEX_WIDTHS)
    ids = list(rows["id"])
    recomputed = [value_markdown(v, recomputed_number(numbers, i, ch.published, v), width=90,
                                 breaks=True)
                  for i, v in zip(ids, rows["recomputed"], strict=True)]
    columns = list(frame.columns)
    table = _marked_rows(table, ids, columns.index("Check"), columns.index("Printed"),
                         {columns.index("Recomputed"): recomputed})
    return (
        "This annex lists every check of the audit, in the order the report prints the "
        "figures, the sections of the 2020 network piece last. *Check* names each check; the "
        "links from the numbers of the chapters lead to these names, and the audit's JSON "
        "output uses them too. *Printed* quotes the report, *Recomputed* gives the value "
        "computed from the edition, and *Outcome* says how the two compare: they match, they "
        "match under one reading of an ambiguous statistic, the report contradicts itself, "
        "they differ, or the figure cannot be recomputed and is carried as printed. A check "
        "named after a figure and ending in *rounding* tests the percent on the row above "
        "against its own count and total. Long values and notes are shortened here; the "
        "JSON output gives them in full.\n\n" + table)


def recomputed_number(numbers: Numbers, check: str, published: Mapping[str, Entry],
                      recomputed: Any = None) -> NumberText:
    """How the numbers of check `check`'s recomputed value (`recomputed`) print: a check that
    reads the published figures alone (`audit.from_published_figures`) recomputes figures
    they fix, quoted as `published(check=<id>)` (a `.rounding` check's own percent with its
    sign); else under the statistic of the published entry the check is (pinned where the
    audit fixes it; a percent also where its count and total are), every other number as
    `audit_recomputed(check=<id>)`."""
    entry = published.get(check)

    def number(value: Any, part: str | None, row: Mapping[str, Any] | None) -> str:
        if from_published_figures(check):
            percent = part == "percent" or (check.endswith(".rounding") and part is None)
            return numbers.quoted(value, None, text=f"{value:,}%" if percent else None,
                                  check=check)
        if entry is not None and entry.statistic:
            if part == "percent" and isinstance(recomputed, Mapping) and not any(
                    recomputed.get(p) is None for p in ("numerator", "denominator")):
                inputs = [numbers.record(recomputed[p], entry.statistic, part=p,
                                         **entry.params) for p in ("numerator", "denominator")]
                return numbers.derived(value, entry.statistic, inputs, part=part,
                                       **entry.params)
            return numbers(value, entry.statistic, part=part, row=row, **entry.params)
        text = f"{value:,}%" if part == "percent" else None
        return numbers(value, "audit_recomputed", text=text, check=check)
    return number


def _marked_rows(table: str, checks: Sequence[str], check: int, printed: int,
                 columns: Mapping[int, Sequence[str]]) -> str:
    """A check table's Markdown with each body row's `check` cell starting with its check's
    anchor, the cells of `columns` (column index -> a cell per row) replaced by those
    (Markdown with number spans: cells of a `ReportTable` are plain text, escaped), an empty
    `printed` cell of a rounding check saying `ROUNDING_PRINTED` and the last, the note, in an
    `.audit-note` span."""
    lines = table.split("\n")
    for i, check_id in enumerate(checks):
        cells = _cells(lines[2 + i])
        cells[check] = audit_anchor(check_id) + cells[check]
        for column, values in columns.items():
            cells[column] = values[i]
        if not cells[printed] and check_id.endswith(".rounding"):
            cells[printed] = ROUNDING_PRINTED
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
    """What the audit found for the figures the published report prints in its section on one
    technology area (`area_checks`, the checks the audit chapter counts for that section), or,
    when those figures describe another edition, that they are listed without expecting
    agreement; None (nothing shown) when the report has no such section. `numbers`: how the
    counts print (default `ch.numbers`)."""
    numbers = ch.numbers if numbers is None else numbers
    checks = area_checks(ch, area_id)
    if not len(checks):
        return None
    heading = str(checks["heading"].iloc[0])
    counts = status_counts(checks, STATUSES).iloc[0]
    found = prose_list(f"{_count(numbers, int(counts[s]), s, section=heading)} "
                       f"{status_words(int(counts[s]), s)}" for s in STATUSES if counts[s])
    total = plural(len(checks), "check", shown=_count(numbers, len(checks), section=heading))
    if audit_applies(ch.fw, ch.published.values()):
        text = (f"The audit makes {total} of the figures the {ch.report_year} report prints "
                f"in its section on this area: {found}. The audit chapter counts each section "
                "of the report the same way.")
    else:
        text = (f"The audit makes {total} of the figures the {ch.report_year} report prints "
                f"in its section on this area; they describe the {ch.report_year} edition, "
                f"not the {markdown_text(ch.fw.edition)} edition, so the audit lists them "
                "without expecting them to agree.")
    return Markdown(text)
