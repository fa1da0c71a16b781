"""Where this report prints each figure and table of the published report (`concordance_table`).

The report keeps the published report's numbers: its figures and tables are marked `published`
(`SavedFigure.published`, `ReportTable.published`) and the renderers number them in book order
(`render.markdown.crossref_numbers`), so that Figure 4 here is Figure 4 there. The table lists
each published item, its subject as printed, and a cross-reference to the item here, which the
renderers resolve to its number and page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import Numbers
from competency_framework.present.published_text import published_edition
from competency_framework.present.tables import CrossRef, QuotedText, ReportTable, table_markdown
from competency_framework.reference.published import Entry

# A published figure or table as the published report labels it: "Figure 4", "Table A1"
ITEM = re.compile(r"(Figure|Table) (A?)(\d+)")
# The labels of this report's figures and tables that the published report numbers, in the
# order the report prints them (the area chapters in the edition's order of areas)
FIGURES_BEFORE_AREAS = ("fig-building-blocks", "fig-network-map", "fig-competency-areas")
AREA_FIGURES = ("fig-area-mapping-{area}", "fig-area-connections-{area}")
TABLES = ("tbl-tier5-definitions", "tbl-area-institutes", "tbl-tier4", "tbl-tier5")
# the concordance's columns' shares of the page width (`table_markdown`)
WIDTHS = {"Published report": 14, "What it shows": 60, "In this report": 14}


def published_labels(fw: Framework) -> dict[str, list[str]]:
    """The labels of the report's figures and tables that the published report numbers, in
    the order the report prints them: {"Figure": [...], "Table": [...]}."""
    areas = [str(a).replace("_", "-") for a in fw.technology_areas["area_id"]]
    figures = [*FIGURES_BEFORE_AREAS,
               *(f.format(area=a) for a in areas for f in AREA_FIGURES)]
    return {"Figure": figures, "Table": list(TABLES)}


def published_items(entries: Iterable[Entry]) -> list[Entry]:
    """The published report's figures and tables (the entries printing their captions), in
    its order: figures by number, then tables (Table 1, 2, then A1, A2)."""
    items = [e for e in entries if e.source.startswith("report_") and ITEM.fullmatch(e.location)
             and (e.printed or "").startswith(e.location + ":")]

    def order(e: Entry) -> tuple[int, int, int]:
        m = ITEM.fullmatch(e.location)
        assert m is not None
        return (m[1] == "Table", m[2] == "A", int(m[3]))
    return sorted(items, key=order)


def _subject(entry: Entry) -> str:
    """What the published item shows: its caption as printed, without its label."""
    printed = entry.printed or ""
    return re.sub(r"^(Figure|Table) A?\d+:\s*", "", printed).strip()


def _quoted(numbers: Numbers | None, entry: Entry, text: str) -> str | QuotedText:
    """`text`, quoted from `entry`, with each number in it a quoted number span."""
    if numbers is None:
        return text
    pieces = re.split(r"(\d(?:[\d,]*\d)?)", text)
    return QuotedText(text, "".join(
        numbers.quoted(int(p.replace(",", "")), entry.id, text=p) if i % 2 else _spaced(p)
        for i, p in enumerate(pieces)))


def _spaced(text: str) -> str:
    """`text` escaped as Markdown, with the spaces at its ends kept."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return text[:start] + markdown_text(core) + text[start + len(core):]


def concordance_table(fw: Framework, entries: Iterable[Entry],
                      numbers: Numbers | None = None) -> ReportTable | None:
    """Each figure and table of the published report beside its place in this report; None
    when the published report describes another edition, or when this edition does not have
    one item for each of the published report's (another count of areas)."""
    entries = list(entries)
    if fw.edition != published_edition(entries):
        return None
    items = published_items(entries)
    labels = published_labels(fw)
    kinds = [ITEM.fullmatch(e.location)[1] for e in items]  # type: ignore[index]
    if any(kinds.count(k) != len(labels[k]) for k in labels):
        return None
    rows = []
    taken = {k: iter(v) for k, v in labels.items()}
    for entry, kind in zip(items, kinds, strict=True):
        rows.append({"Published report": entry.location,
                     "What it shows": _quoted(numbers, entry, _subject(entry)),
                     "In this report": CrossRef(next(taken[kind]), entry.location)})
    return ReportTable(pd.DataFrame(rows),
                       "The published report's figures and tables, and where this report "
                       "prints each.", "tbl-concordance")


def concordance_paragraph(fw: Framework, published: Mapping[str, Entry]) -> str:
    """What the report's figure and table numbers mean, before `concordance_table` (or, for
    an edition the published report does not describe, instead of it); `published`: the
    published figures by id."""
    entries = list(published.values())
    year = published_edition(entries)
    own = ("The figures and tables this report adds are numbered apart, with an S (Figure S1, "
           "Table S1), so that no number means two things.")
    if concordance_table(fw, entries) is None:
        return (f"This report numbers its figures and tables as the {year} report does: the "
                "kinds of figure and table that report numbers (the model's building blocks, "
                "the network map, the competencies by area, each area's map and its connections, "
                "the tier-5 definitions, the institutes by area and the two tables of Appendix "
                "A) are numbered in the same order, Figure 1 onward, Tables 1 and 2, Tables A1 "
                f"and A2. {own} The {year} report describes another edition, so these are not "
                "its figures.")
    return (f"The figures and tables that the {year} report numbers keep its numbers here, in "
            "the same order: Figure 1 here is its Figure 1, and the tables of Appendix A are "
            f"Tables A1 and A2 in both. {own} The two reports can be read side by side; the "
            f"table below finds each of the {year} report's figures and tables here.")


def concordance_section(fw: Framework, published: Mapping[str, Entry],
                        numbers: Numbers | None = None) -> str:
    """`concordance_paragraph` and `concordance_table` (when there is one) as Markdown."""
    table = concordance_table(fw, published.values(), numbers)
    return concordance_paragraph(fw, published) + (
        "\n\n" + table_markdown(table, WIDTHS) if table else "")
