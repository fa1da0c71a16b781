"""The report's tables of an edition as data, shaped as the report prints them, and their
rendering.

Each table function takes a `Framework`, calls the statistics and returns a `ReportTable`: a
DataFrame of strings and ints in the printed row and column order, a caption and a label, and
the rows printed in bold (competency rows in Tables A1 and A2). `ReportTable.markdown()`,
`.html()` and `.typst()` render it with every cell escaped for that target (`escape`), so text
from the data ("C++", "<5 µm", "*") shows as itself; `table_markdown` sizes its columns for the
page, and a notebook shows it as Markdown, which both renderers read.

Tables of the published report: the "framework contains" summary, Table 1 (tier-5
definitions), Table 2 (institutes by technology area), Table A1 (tier 4) and Table A2 (tier 5)
with their essential-KSA counts. Tables this report adds, by chapter: the institutes by
sponsoring department; KSAs by the model they align with; KSAs by the number of institutes
selecting them and the most highly selected KSAs; the areas at a glance, one area's KSAs by
how many of its institutes select them and its frequently selected KSAs; an institute's
occupations, competencies, KSAs in common and most distinctive KSAs; the KSAs around the
boundary of the lettered list and the connections between areas in both directions (the
readings); the tables of the data contract. Tables built from the published figures or the
audit live with their prose (`network_text`, `audit_text`, `readings_text`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from competency_framework.edition.contract import TABLES
from competency_framework.edition.framework import Framework
from competency_framework.present.area_numbers import (
    AREA_INSTITUTES,
    AREA_INSTITUTES_COLUMNS,
    AREA_KSAS,
    TABLE_2,
    ksas_record,
)
from competency_framework.present.entities import EntityRef, entity_refs
from competency_framework.present.escape import html_text, markdown_text, typst_text
from competency_framework.present.exports import table_rows_record
from competency_framework.present.numbers import (
    SPAN,
    Numbers,
    PrintedNumber,
    markup,
    printed_numbers,
)
from competency_framework.reference.published import Entry
from competency_framework.statistics.alignment import external_references, ksas_by_source_framework
from competency_framework.statistics.areas import (
    area_connections_to_other_areas,
    area_frequent_ksas,
    area_institutes,
    area_ksa_count,
    area_overview,
    area_summary,
)
from competency_framework.statistics.competencies import competency_definitions, ksa_counts_by_node
from competency_framework.statistics.network import (
    ksa_ranking,
    ksas_by_institute_count,
    most_selected_ksas,
)
from competency_framework.statistics.occupations import most_frequent_titles
from competency_framework.statistics.overview import framework_contents
from competency_framework.statistics.profiles import (
    distinctive_ksas,
    institute_ksas_by_competency,
    institute_occupations,
    institute_shared_ksas,
    institute_summary,
    institutes_by_agency,
)
from competency_framework.statistics.shares import Share


@dataclass(frozen=True)
class QuotedText:
    """A table cell quoting published text: `text` as printed (the CSV keeps it) and `markup`,
    its Markdown with each number in it a number span (`Numbers.quoted`)."""

    text: str
    markup: str

    def markdown(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class CrossRef:
    """A table cell referring to a figure or table of the report (`label`) by its number as
    expected (`text`, "Figure 4"): a link of class `crossref`, whose text the renderers
    replace with the number they give the item (`crossrefs.lua`); the CSV keeps `text`."""

    label: str
    text: str

    def markdown(self) -> str:
        return f"[{markdown_text(self.text)}](#{self.label}){{.crossref}}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, eq=False)
class ReportTable:
    """A table as printed: `frame` (cells are str, int or a `PrintedNumber`; "" for an empty
    cell), caption, cross-reference label (`tbl-...`) and the positions of rows printed in
    bold. A `PrintedNumber` prints in Markdown as `present.numbers` marks it up."""

    frame: pd.DataFrame
    caption: str
    label: str
    strong_rows: tuple[int, ...] = ()
    print_rows: int | None = None  # the rows the PDF keeps of a longer table (all: None)
    published: bool = False  # one of the published report's numbered tables (Table 1, A1)

    def __post_init__(self) -> None:
        if not self.label.startswith("tbl-"):
            raise ValueError(f"table label must start with 'tbl-', not {self.label!r}")

    def values(self) -> pd.DataFrame:
        """`frame` with each `PrintedNumber` as its value and each `EntityRef` as its text:
        the data the table shows."""
        return self.frame.map(lambda v: v.value if isinstance(v, PrintedNumber) else
                              v.text if isinstance(v, EntityRef | CrossRef | QuotedText) else v)

    def _cells(self) -> list[list[str]]:
        return [[_text(v) for v in row] for row in self.frame.itertuples(index=False)]

    def _numeric(self) -> list[bool]:
        def number(v: object) -> bool:
            return isinstance(v, int | PrintedNumber)
        return [all(number(v) or v == "" for v in self.frame[c]) and
                any(number(v) for v in self.frame[c]) for c in self.frame.columns]

    def markdown(self) -> str:
        """A pipe table with its caption and label (Quarto and pandoc read it)."""
        def cell(value: object) -> str:
            if isinstance(value, PrintedNumber):
                return markup(value)
            if isinstance(value, EntityRef | CrossRef | QuotedText):
                return value.markdown()
            return markdown_text(_text(value))

        def row(values: list[object], strong: bool = False) -> str:
            esc = [cell(v) for v in values]
            if strong:
                esc = [f"**{c}**" if c else c for c in esc]
            return "| " + " | ".join(esc) + " |"

        lines = [row([str(c) for c in self.frame.columns]),
                 "|" + "|".join("--:" if n else ":--" for n in self._numeric()) + "|"]
        lines += [row(list(values), i in self.strong_rows)
                  for i, values in enumerate(self.frame.itertuples(index=False))]
        keep = (f' print-rows="{self.print_rows}"'
                if self.print_rows is not None and len(self.frame) > self.print_rows else "")
        kind = " .published" if self.published else ""
        return ("\n".join(lines)
                + f"\n\n: {markdown_text(self.caption)} {{#{self.label}{kind}{keep}}}\n")

    def html(self) -> str:
        """An HTML <table> with a <caption>; the label becomes its id."""
        align = ['right' if n else 'left' for n in self._numeric()]
        head = "".join(f'<th style="text-align:{a}">{html_text(str(c))}</th>'
                       for c, a in zip(self.frame.columns, align, strict=True))
        body = []
        for i, cells in enumerate(self._cells()):
            tds = []
            for c, a in zip(cells, align, strict=True):
                inner = html_text(c)
                if i in self.strong_rows and c:
                    inner = f"<strong>{inner}</strong>"
                tds.append(f'<td style="text-align:{a}">{inner}</td>')
            body.append("<tr>" + "".join(tds) + "</tr>")
        return (f'<table id="{html_text(self.label)}">\n<caption>{html_text(self.caption)}'
                f"</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body)
                + "\n</tbody>\n</table>\n")

    def typst(self) -> str:
        """A Typst `#figure(table(...))` with its caption and label."""
        align = ", ".join("right" if n else "left" for n in self._numeric())

        def cell(text: str, strong: bool = False) -> str:
            esc = typst_text(text)
            return f"[#strong[{esc}]]" if strong and esc else f"[{esc}]"

        head = ", ".join(cell(str(c), True) for c in self.frame.columns)
        rows = [", ".join(cell(c, i in self.strong_rows) for c in cells)
                for i, cells in enumerate(self._cells())]
        body = ",\n    ".join(rows)
        return (f"#figure(\n  table(\n    columns: {len(self.frame.columns)},\n"
                f"    align: ({align},),\n    table.header({head}),\n    {body},\n  ),\n"
                f"  caption: [{typst_text(self.caption)}],\n) <{self.label}>\n")

    def _repr_markdown_(self) -> str:
        return self.markdown()


def _text(value: object) -> str:
    if isinstance(value, PrintedNumber | EntityRef | CrossRef | QuotedText):
        return value.text
    if hasattr(value, "item"):
        value = value.item()
    return f"{value:,}" if isinstance(value, int) else str(value)


SHORT_HEADING = 12  # characters


def table_markdown(table: ReportTable, widths: Mapping[str, int] | None = None,
                   widest: int = 40) -> str:
    """`table.markdown()` with its header rule sized to the columns, so that pandoc and
    Quarto, which share a wide table's width out by the rule's dashes, give text columns room:
    each column gets `widths[column]` dashes, else as many as its longest cell or its heading
    (the longest word of a heading over `SHORT_HEADING` characters), between 3 and `widest`."""
    text = table.markdown()
    lines = text.split("\n")
    rules = lines[1].strip("|").split("|")
    dashes = []
    for column in table.frame.columns:
        if widths and column in widths:
            dashes.append(widths[column])
            continue
        cells = [_text(v) for v in table.frame[column]]
        heading = str(column)  # a short heading stays on one line; a long one may wrap
        words = [heading] if len(heading) <= SHORT_HEADING else heading.split()
        dashes.append(min(max([3, *map(len, cells), *map(len, words)]), widest))
    lines[1] = "|" + "|".join(":" + "-" * n if rule.startswith(":") else "-" * n + ":"
                              for rule, n in zip(rules, dashes, strict=True)) + "|"
    return "\n".join(lines)


def label_id(identifier: str) -> str:
    """An id as part of a cross-reference label: "digital_automation" -> "digital-automation"."""
    return identifier.replace("_", "-")


# The statistic (and parameters) of each count of `framework_contents`, as published.
CONTENTS_STATISTICS: dict[str, tuple[str, dict]] = {
    "occupation_selections": ("occupation_selections", {}),
    "occupation_titles": ("occupation_titles", {"min_institutes": 1}),
    "competencies": ("competencies", {"tiers": [4, 5]}),
    "sub_competencies": ("sub_competencies_total", {}),
    "ksas": ("ksas_total", {}),
    "connections": ("connections_total", {}),
}
TREE_TABLES = {4: "tables.table_a1", 5: "tables.table_a2"}  # published tables of each tier
# the published count of the institutes: a number of institutes up to it is a category
INSTITUTES_TOTAL = ("summary.institutes",)
# The statistic, parameters and part of the network's headline counts (`headline_counts`).
NETWORK_STATISTICS: dict[str, tuple[str, dict, str | None]] = {
    "technology_areas": ("technology_areas_total", {}, None),
    "agencies": ("agencies", {}, "rows"),
    "institutes": ("institutes_total", {}, None)}


def headline_record(numbers: Numbers, measure: str, count: int) -> PrintedNumber:
    """One headline count (a measure of `headline_counts` or `framework_contents`) as
    `numbers` prints it, under the statistic the published figures give it; the
    sub-competencies are fixed by the published tables of the tree together."""
    statistic, params, part = NETWORK_STATISTICS.get(measure) or (
        *CONTENTS_STATISTICS[measure], None)
    by = tuple(TREE_TABLES.values()) if measure == "sub_competencies" else ()
    return numbers.record(int(count), statistic, by=by, part=part, **params)


def framework_contains_table(fw: Framework, numbers: Numbers) -> ReportTable:
    """What the framework contains: the headline counts ("The framework contains:")."""
    contents = framework_contents(fw)
    counts = [headline_record(numbers, m, c)
              for m, c in zip(contents["measure"], contents["count"], strict=True)]
    frame = pd.DataFrame({"Item": contents["label"], "Count": counts})
    return ReportTable(frame, f"What the {fw.edition} framework contains.", "tbl-contents")


def table_1(fw: Framework) -> ReportTable:
    """Table 1: the working definitions of the tier-5 competencies."""
    defs = competency_definitions(fw, 5)
    frame = pd.DataFrame({"Tier 5": defs["code"], "Competency": defs["name"],
                          "Definition": defs["definition"]})
    return ReportTable(frame, "Working definitions of the tier-5 technical competencies.",
                       "tbl-tier5-definitions", published=True)


AREA_COLUMNS_MAX = 6  # more areas than this would not fit a page as columns


def table_2(fw: Framework) -> ReportTable:
    """Table 2: the institutes of each technology area, one column per area (by name), as
    the published report prints it; with more than `AREA_COLUMNS_MAX` areas, one row per
    area instead, its institutes listed in one cell."""
    inst = area_institutes(fw)
    columns = {name: part["institute_name"].tolist()
               for name, part in inst.groupby("area_name", sort=False)}
    if len(columns) > AREA_COLUMNS_MAX:
        frame = pd.DataFrame({"Technology area": list(columns),
                              "Institutes": ["; ".join(v) for v in columns.values()]})
    else:
        depth = max((len(v) for v in columns.values()), default=0)
        frame = pd.DataFrame({k: v + [""] * (depth - len(v)) for k, v in columns.items()})
    return ReportTable(frame, "Institutes by technology area.", "tbl-area-institutes",
                       published=True)


def _tier_rows(fw: Framework, tier: int, numbers: Numbers
               ) -> tuple[pd.DataFrame, tuple[int, ...]]:
    """A tier's competencies and sub-competencies in tree order with the essential KSAs
    catalogued directly under each; a competency with sub-competencies and none of its own
    prints an empty count, as the report does. The counts are fixed where the published table
    of the tier (`TREE_TABLES`) matches."""
    nodes = ksa_counts_by_node(fw)
    nodes = nodes.loc[(nodes["tier"] == tier) & (nodes["level"] != "tier")].reset_index(drop=True)
    parents = set(nodes["parent_code"])
    by = (TREE_TABLES[tier],) if tier in TREE_TABLES else ()
    count = [("" if (lvl == "competency" and code in parents and k == 0) else
              numbers.record(int(k), "ksas_catalogued_under", by=by, code=code))
             for code, lvl, k in zip(nodes["code"], nodes["level"], nodes["ksas"], strict=True)]
    frame = pd.DataFrame({"Code": nodes["code"], "Competency or sub-competency": nodes["name"],
                          "Essential KSAs": count})
    strong = tuple(i for i, lvl in enumerate(nodes["level"]) if lvl == "competency")
    return frame, strong


def table_a1(fw: Framework, numbers: Numbers) -> ReportTable:
    """Table A1: tier-4 competencies and sub-competencies with their essential KSAs."""
    frame, strong = _tier_rows(fw, 4, numbers)
    return ReportTable(frame, "Tier-4 competencies and sub-competencies.", "tbl-tier4", strong,
                       published=True)


def table_a2(fw: Framework, numbers: Numbers) -> ReportTable:
    """Table A2: tier-5 competencies and sub-competencies with their essential KSAs and the
    external model (and its reference) each derives from."""
    frame, strong = _tier_rows(fw, 5, numbers)
    refs = external_references(fw)
    derived = {c: f"{f} {r}".strip() for c, f, r in
               zip(refs["code"], refs["source_framework"], refs["source_ref"], strict=True)}
    frame["Derived from"] = [derived.get(c, "") for c in frame["Code"]]
    return ReportTable(frame, "Tier-5 competencies and sub-competencies.", "tbl-tier5",
                       strong, published=True)


# ----------------------------------------------------------------------------- the network


def agency_institutes_table(fw: Framework, numbers: Numbers) -> ReportTable:
    """The institutes by sponsoring department: each department, how many institutes it
    sponsors and their names."""
    by_agency = institutes_by_agency(fw)
    frame = pd.DataFrame({
        "Sponsoring department": by_agency["agency_name"],
        "Institutes": [numbers.record(int(n), "institutes_by_agency", agency=a) for a, n
                       in zip(by_agency["agency_id"], by_agency["institutes"], strict=True)],
        "Names": ["; ".join(names) for names in by_agency["institute_names"]],
    })
    return ReportTable(frame, "The institutes by sponsoring department.",
                       "tbl-agency-institutes")


def ksas_by_model_table(fw: Framework, numbers: Numbers) -> ReportTable:
    """Essential KSAs by the external model their competency derives from, with their share."""
    by_model = ksas_by_source_framework(fw)
    rows = list(zip(by_model["source_framework"], by_model["ksas"], by_model["total"],
                    strict=True))

    # a model's KSAs follow from the published tables of the tree (each node's count and the
    # model it derives from), where no published share prints them
    by = tuple(TREE_TABLES.values())

    def count(model: str, value: int) -> PrintedNumber:
        if model:
            return numbers.record(value, "ksas_by_source_framework", part="numerator", by=by,
                                  frameworks=[model])
        return numbers.record(value, "ksas_without_source_framework", by=by)

    def share(model: str, value: int, total: int) -> PrintedNumber:
        inputs = [count(model, value), numbers.record(total, "ksas_total")]
        params: dict[str, Any] = {"frameworks": [model]} if model else {}
        return numbers.derived_record(
            Share(value, total).percent, "ksas_by_source_framework" if model else
            "ksas_without_source_framework", inputs, part="percent", **params)
    frame = pd.DataFrame({
        "Model the competency derives from": [m or "Defined for this framework"
                                              for m, _, _ in rows],
        "Essential KSAs": [count(m, int(k)) for m, k, _ in rows],
        "Share": [share(m, int(k), int(t)) for m, k, t in rows],
    })
    return ReportTable(frame, "Essential KSAs by the model they align with.",
                       "tbl-ksas-by-model")


def ksas_by_institutes_table(fw: Framework, numbers: Numbers) -> ReportTable:
    """How many essential KSAs one, two, three ... institutes selected."""
    by_institutes = ksas_by_institute_count(fw)
    counts = [int(n) for n in by_institutes["institutes"]]
    frame = pd.DataFrame({
        # the row labels are categories, numbers of the published institutes (as the area
        # table's are of the area's): fixed with the institutes' published count
        "Institutes selecting the KSA": [numbers.record(k, "institutes_selecting_ksa",
                                                        by=INSTITUTES_TOTAL)
                                         for k in counts],
        "Essential KSAs": [numbers.record(int(n), "ksas_shared_by_institutes", min_institutes=k,
                                          max_institutes=k)
                           for k, n in zip(counts, by_institutes["ksas"], strict=True)]})
    return ReportTable(frame, "Essential KSAs by the number of institutes that selected them.",
                       "tbl-ksas-by-institutes")


def top_ksas_table(fw: Framework, numbers: Numbers, n: int) -> ReportTable:
    """The `n` most highly selected KSAs, lettered as in the network map (reading 2); their
    counts are parts of the rows of `top_ksas` (by letter)."""
    top = most_selected_ksas(fw, n)

    def cells(column: str) -> list[PrintedNumber]:
        return [numbers.record(int(v), "top_ksas", part=column, row={"letter": letter}, n=n)
                for letter, v in zip(top["letter"], top[column], strict=True)]

    frame = pd.DataFrame({
        "": top["letter"], "Essential KSA": entity_refs("ksa", top["ksa_id"], top["statement"]),
        "Code": top["code"],
        "Connections": cells("connections"), "Institutes": cells("institutes"),
    })
    return ReportTable(frame, "The most highly selected essential KSAs across the network.",
                       "tbl-top-ksas")


def ranking_boundary_table(fw: Framework, numbers: Numbers, n: int,
                           listed: Entry | None = None) -> ReportTable:
    """The KSAs ranked around the boundary of the top `n` (two above it, two below; none when
    the edition has no more than `n` KSAs). Numbers: `ksa_rank`, `ksa_connections` and
    `ksa_institutes` of each KSA (`ksa=<id>`); a rank is fixed by the published lettered list
    `listed` (its entry) where the KSA is printed in that place and ties with neither
    neighbour (else the tie-break, not the list, placed it)."""
    ranking = ksa_ranking(fw)
    around = ranking.iloc[max(n - 2, 0): n + 2] if len(ranking) > n else ranking.iloc[:0]
    places = [str(i.get("statement", "")) for i in (listed.value if listed else [])]
    connections = [int(c) for c in ranking["connections"]]

    def strict(r: int) -> bool:  # no tie with the KSA above or below: no tie-break placed it
        c = connections[r - 1]
        return ((r == 1 or connections[r - 2] > c)
                and (r == len(connections) or c > connections[r]))

    def rank(r: int, ksa: str, statement: str) -> PrintedNumber:
        printed_there = (0 < r <= len(places) and places[r - 1] == statement
                         and r <= len(connections) and strict(r))
        return numbers.record(r, "ksa_rank", ksa=ksa,
                              by=(listed.id,) if printed_there and listed else ())

    frame = pd.DataFrame({
        "Rank": [rank(int(r), k, str(t)) for r, k, t in
                 zip(around["rank"], around["ksa_id"], around["statement"], strict=True)],
        "Essential KSA": entity_refs("ksa", around["ksa_id"], around["statement"]),
        "Connections": [numbers.record(int(c), "ksa_connections", ksa=k)
                        for c, k in zip(around["connections"], around["ksa_id"], strict=True)],
        "Institutes": [numbers.record(int(i), "ksa_institutes", ksa=k)
                       for i, k in zip(around["institutes"], around["ksa_id"], strict=True)],
    })
    return ReportTable(frame, "KSAs ranked around the boundary of the lettered list.",
                       "tbl-reading-2-boundary")


# ----------------------------------------------------------------------------- areas


def area_overview_table(fw: Framework, numbers: Numbers) -> ReportTable:
    """The technology areas at a glance: institutes, selections, KSAs, specific KSAs and
    connections of each."""
    areas = area_overview(fw)
    ids = list(areas["area_id"])

    def column(name: str) -> list[int]:
        return [int(n) for n in areas[name]]

    frame = pd.DataFrame({
        "Technology area": areas["name"],
        "Institutes": [numbers.record(n, AREA_INSTITUTES, part="rows", row={"area_id": a},
                                      columns=AREA_INSTITUTES_COLUMNS)
                       for a, n in zip(ids, column("institutes"), strict=True)],
        "Occupation selections": [numbers.record(n, "area_occupation_selections", area=a)
                                  for a, n in zip(ids, column("selections"), strict=True)],
        "Essential KSAs": [ksas_record(numbers, n, a, {"min_institutes": 1})
                           for a, n in zip(ids, column("ksas"), strict=True)],
        "Specific to the area": [
            ksas_record(numbers, n, a, {"min_institutes": 1, "specific": True})
            for a, n in zip(ids, column("specific_ksas"), strict=True)],
        "Connections": [numbers.record(n, "area_connections_total", area=a)
                        for a, n in zip(ids, column("connections"), strict=True)],
    })
    return ReportTable(frame, "The technology areas at a glance.", "tbl-area-overview")


def area_sharing_table(fw: Framework, numbers: Numbers, area_id: str) -> ReportTable:
    """One area's KSAs by how many of its own institutes selected them (reading 4): all of
    them, those specific to the area, and of those the tier-5 ones. The row of all the area's
    institutes is the published report's "selected by all" (`all_institutes`); the numbers of
    institutes run up to the area's count in Table 2."""
    area = area_summary(fw, area_id)
    n = int(area["institutes"])
    counts = range(1, n + 1)

    def cells(specific: bool | None = None, tier: int | None = None) -> list[PrintedNumber]:
        kw = {k: v for k, v in (("specific", specific), ("tier", tier)) if v is not None}

        def at_least(k: int) -> PrintedNumber:
            value = area_ksa_count(fw, area_id, min_institutes=k, specific=specific, tier=tier)
            same = [{"all_institutes": True, **kw}] if k == n else []
            return ksas_record(numbers, value, area_id, {"min_institutes": k, **kw}, *same)
        out = []
        for k in counts:
            value = area_ksa_count(fw, area_id, min_institutes=k, max_institutes=k,
                                   specific=specific, tier=tier)
            exactly: dict[str, Any] = {"min_institutes": k, "max_institutes": k, **kw}
            same = [{"all_institutes": True, **kw}, {"min_institutes": k, **kw}] if k == n else []
            shown = ksas_record(numbers, value, area_id, exactly, *same)
            if k < n:  # k or more, less k + 1 or more: fixed where both are
                shown = numbers.derived_record(value, AREA_KSAS, [at_least(k), at_least(k + 1)],
                                               area=area_id, **exactly)
            out.append(shown)
        return out

    frame = pd.DataFrame({
        "Institutes of the area selecting the KSA": [
            numbers.record(k, "area_institutes_selecting_ksa", area=area_id, by=(TABLE_2,))
            for k in counts],
        "Essential KSAs": cells(),
        "Specific to the area": cells(specific=True),
        "Of those, in tier 5": cells(specific=True, tier=5),
    })
    return ReportTable(
        frame, f"KSAs of the {area['name']} area by the number of its institutes selecting them.",
        f"tbl-area-sharing-{label_id(area_id)}")


def frequent_ksas_table(fw: Framework, numbers: Numbers, area_id: str, scope: str,
                        n: int) -> ReportTable:
    """One area's `n` frequently selected KSAs of `scope`: "specific" to it or "network-wide"
    (shared with other areas); their numbers are parts of the rows of the published list
    (`area_frequent_specific_ksas` or `area_frequent_network_ksas`, by code and statement)."""
    name = area_summary(fw, area_id)["name"]
    rows = area_frequent_ksas(fw, area_id, scope, n)
    code_names = fw.competencies.set_index("code")["name"]
    statistic = ("area_frequent_specific_ksas" if scope == "specific"
                 else "area_frequent_network_ksas")

    def cells(column: str) -> list[PrintedNumber]:
        return [numbers.record(int(v), statistic, part=column,
                               row={"code": code, "statement": statement}, area=area_id)
                for code, statement, v in zip(rows["code"], rows["statement"], rows[column],
                                              strict=True)]

    frame = pd.DataFrame({  # in rank order (reading 6), which the rows' order shows
        "Code": rows["code"],
        "Sub-competency": [code_names.get(c, "") for c in rows["code"]],
        "Essential KSA": entity_refs("ksa", rows["ksa_id"], rows["statement"]),
        "Connections": cells("connections"),
        "Institutes of the area": cells("institutes"),
    })
    if scope == "specific":
        caption, kind = f"Frequently selected KSAs specific to the {name} area.", "specific"
    else:
        caption = f"Frequently selected KSAs the {name} area shares with other areas."
        kind = "network"
    return ReportTable(frame, caption, f"tbl-area-{kind}-{label_id(area_id)}")


def area_directions_table(fw: Framework, numbers: Numbers) -> ReportTable:
    """For every pair of areas, the connections of one area's institutes to KSAs the other
    also selects, both directions (reading 3): a row per area, a column per other area; with
    more than `AREA_COLUMNS_MAX` areas, a row per pair instead, most connections first
    (numbers: the published figures' `area_connections_to_other_area`)."""
    pairs = area_connections_to_other_areas(fw)
    names = area_overview(fw).set_index("area_id")["name"]
    caption = "Connections from each area's institutes to KSAs that another area also selects."

    def cell(a: str, other: str, n: int) -> PrintedNumber:
        return numbers.record(int(n), "area_connections_to_other_area", area=a, other_area=other)
    if len(names) > AREA_COLUMNS_MAX:
        long = pairs.loc[pairs["area_id"] != pairs["other_area_id"]]
        long = long.assign(_a=long["area_id"].map(names).str.casefold(),
                           _o=long["other_area_id"].map(names).str.casefold()).sort_values(
            ["_a", "connections", "_o"], ascending=[True, False, True])
        frame = pd.DataFrame({
            "From the institutes of": [names[a] for a in long["area_id"]],
            "To KSAs also selected by": [names[o] for o in long["other_area_id"]],
            "Connections": [cell(a, o, n) for a, o, n in zip(
                long["area_id"], long["other_area_id"], long["connections"], strict=True)]})
        return ReportTable(frame, caption, "tbl-reading-3-directions")
    grid = pairs.pivot(index="area_id", columns="other_area_id", values="connections")
    columns: dict[str, list[object]] = {"From the institutes of": [names[a] for a in grid.index]}
    for other in grid.columns:
        columns[f"to {names[other]}"] = [
            "–" if a == other else cell(a, other, n)
            for a, n in zip(grid.index, grid[other], strict=True)]
    return ReportTable(pd.DataFrame(columns), caption, "tbl-reading-3-directions")


# ----------------------------------------------------------------------------- institutes


TOP_TITLES = 4  # the titles the published report lists with their institutes


# the rows of a profile's lists the PDF prints (the web page and the CSV have them all), so that a
# profile's length does not grow with the institute's size or the number of institutes
PROFILE_PRINT_ROWS = 20


def profile_occupations_table(fw: Framework, numbers: Numbers, institute_id: str) -> ReportTable:
    """The occupations an institute selected, with its KSAs for each and how many institutes
    chose the title (for the `TOP_TITLES` titles chosen most often, the published list's
    `top_occupation_titles`)."""
    name = institute_summary(fw, institute_id)["name"]
    occupations = institute_occupations(fw, institute_id)
    top = set(most_frequent_titles(fw, TOP_TITLES)["title"])

    def institutes(title: str, k: int) -> PrintedNumber:
        if title in top:
            return numbers.record(k, "top_occupation_titles", part="institutes",
                                  row={"title": title}, n=TOP_TITLES)
        return numbers.record(k, "occupation_title_institutes", title=title)
    frame = pd.DataFrame({
        "Occupation": entity_refs("occupation", occupations["occupation_id"],
                                  occupations["title"]),
        "SOC code": occupations["soc_code"],
        "Essential KSAs": [numbers.record(int(k), "institute_occupation_ksas",
                                          institute=institute_id, occupation=o)
                           for o, k in zip(occupations["occupation_id"], occupations["ksas"],
                                           strict=True)],
        "Institutes selecting it": [institutes(t, int(k)) for t, k in
                                    zip(occupations["title"], occupations["institutes"],
                                        strict=True)],
    })
    return ReportTable(frame, f"Occupations selected by {name}.",
                       f"tbl-profile-occupations-{label_id(institute_id)}",
                       print_rows=PROFILE_PRINT_ROWS)


def profile_competencies_table(fw: Framework, numbers: Numbers, institute_id: str
                               ) -> ReportTable:
    """An institute's KSAs and connections by competency, beside the framework's KSAs there
    (fixed by the published table of the competency's tier, `TREE_TABLES`)."""
    name = institute_summary(fw, institute_id)["name"]
    rows = institute_ksas_by_competency(fw, institute_id)
    codes = [str(c) for c in rows["code"]]

    def column(values: pd.Series, statistic: str) -> list[PrintedNumber]:
        return [numbers.record(int(k), statistic, institute=institute_id, code=c)
                for c, k in zip(codes, values, strict=True)]

    def framework_ksas(code: str, tier: int, k: int) -> PrintedNumber:
        by = (TREE_TABLES[tier],) if tier in TREE_TABLES else ()
        return numbers.record(k, "ksas_under_competency", part="numerator", by=by, code=code)
    frame = pd.DataFrame({
        "Code": rows["code"], "Competency": rows["name"],
        "Its KSAs": column(rows["ksas"], "institute_ksas_under_competency"),
        "Its connections": column(rows["connections"], "institute_connections_under_competency"),
        "KSAs in the framework": [framework_ksas(c, int(t), int(k)) for c, t, k in
                                  zip(codes, rows["tier"], rows["framework_ksas"], strict=True)],
    })
    return ReportTable(frame, f"The KSAs of {name} by competency.",
                       f"tbl-profile-competencies-{label_id(institute_id)}")


def profile_shared_table(fw: Framework, numbers: Numbers, institute_id: str) -> ReportTable:
    """The KSAs an institute has in common with each other institute, as a count and a share
    of its own."""
    name = institute_summary(fw, institute_id)["name"]
    shared = institute_shared_ksas(fw, institute_id)

    def cell(other: str, value: int | None, part: str) -> PrintedNumber | str:
        if value is None:
            return "–"
        return numbers.record(int(value), "institute_shared_ksas", part=part,
                              institute=institute_id, other=other)
    others = shared["other_institute_id"]
    frame = pd.DataFrame({
        "Institute": shared["name"], "Technology area": shared["area_name"],
        "KSAs in common": [cell(o, k, "numerator")
                           for o, k in zip(others, shared["shared_ksas"], strict=True)],
        "Share of its KSAs": [cell(o, p, "percent")
                              for o, p in zip(others, shared["percent"], strict=True)],
    })
    return ReportTable(frame, f"KSAs {name} has in common with each other institute.",
                       f"tbl-profile-shared-{label_id(institute_id)}",
                       print_rows=PROFILE_PRINT_ROWS)


def profile_distinctive_table(fw: Framework, numbers: Numbers, institute_id: str, n: int
                              ) -> ReportTable:
    """An institute's `n` most distinctive KSAs (fewest other institutes, then most of its
    connections)."""
    name = institute_summary(fw, institute_id)["name"]
    distinct = distinctive_ksas(fw, institute_id, n=n)

    def column(key: str, statistic: str) -> list[PrintedNumber]:
        return [numbers.record(int(v), statistic, institute=institute_id, ksa=k)
                for k, v in zip(distinct["ksa_id"], distinct[key], strict=True)]
    frame = pd.DataFrame({
        "Rank": column("rank", "institute_distinctive_ksa_rank"), "Code": distinct["code"],
        "Sub-competency": distinct["code_name"],
        "Essential KSA": entity_refs("ksa", distinct["ksa_id"], distinct["statement"]),
        "Its connections": column("connections", "institute_ksa_connections"),
        "Other institutes": column("other_institutes", "other_institutes_selecting_ksa"),
    })
    return ReportTable(frame, f"The most distinctive KSAs of {name}.",
                       f"tbl-profile-distinctive-{label_id(institute_id)}")


# ----------------------------------------------------------------------------- the data contract


# the contract table's columns: the share of the page width each gets (a file's name is one
# long word, "institute_occupations.csv", that its column must hold whole)
CONTRACT_WIDTHS = {"File": 30, "Holds": 28, "Columns": 40}


def contract_table(fw: Framework, numbers: Numbers) -> ReportTable:
    """The tables of an edition (the data contract): file, what it holds, its columns (keys
    marked with an asterisk, a column a file may leave out "(optional)") and its rows in `fw`
    (`exports.table_rows_record`)."""
    frame = pd.DataFrame({
        "File": [t.filename for t in TABLES],
        "Holds": [t.title for t in TABLES],
        "Columns": [", ".join(f"{f.name}*" if f.name in t.primary_key else
                              f"{f.name} (optional)" if f.omittable else f.name
                              for f in t.fields) for t in TABLES],
        "Rows": [table_rows_record(fw, numbers, t.name) for t in TABLES],
    })
    # the edition in the caption, not the heading, which a table split over pages repeats
    return ReportTable(frame, f"The tables of an edition, with their rows in the {fw.edition} "
                       "edition.", "tbl-contract")


_TABLE_BLOCK = re.compile(
    r"((?:^\|.*\|[ \t]*\n)+)\n?^: .*?\{#(tbl-[A-Za-z0-9_:-]+)[^{}]*\}[ \t]*$", re.MULTILINE)


_OTHER_SPAN = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\](?:\([^()\s]*\))?\{[^{}]*\}")
_GROUPED = re.compile(r"-?\d{1,3}(?:,\d{3})+")


def _cells(line: str) -> list[str]:
    """The cells of a pipe-table row, split at each `|` that no backslash escapes."""
    cells, current, escaped = [], [], False
    for ch in line.strip()[1:]:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    return cells


def _cell_value(cell: str) -> object:
    """What a cell shows: the value of a number span that is the whole cell, a whole number
    printed with thousands separators as that number, else its text as printed (numbers as
    their text, with a model's choice's mark) without the Markdown."""
    shown = printed_numbers(cell)
    if len(shown) == 1 and SPAN.fullmatch(re.sub(r"^\*\*(.*)\*\*$", r"\1", cell)):
        return shown[0].value
    cell = SPAN.sub(lambda m: m["text"] + (m["mark"] or "").replace("^", ""), cell)
    cell = _OTHER_SPAN.sub(r"\1", cell).replace("\u200b", "")  # anchors, notes, break points
    text = re.sub(r"\\(.)", r"\1", re.sub(r"^\*\*(.*)\*\*$", r"\1", cell))
    return int(text.replace(",", "")) if _GROUPED.fullmatch(text) else text


def printed_tables(markdown: str) -> dict[str, pd.DataFrame]:
    """Every captioned pipe table in `markdown` (as `ReportTable.markdown` writes them), by
    label: its heading and rows, each cell as the value it shows (a number's value, the text
    of a text cell)."""
    out = {}
    for m in _TABLE_BLOCK.finditer(markdown):
        lines = m[1].strip("\n").split("\n")
        if len(lines) < 2:
            continue
        header = [str(_cell_value(c)) for c in _cells(lines[0])]
        rows = [[_cell_value(c) for c in _cells(line)] for line in lines[2:]]
        out[m[2]] = pd.DataFrame(rows, columns=header)
    return out


def table_csv(frame: pd.DataFrame) -> str:
    """A printed table as CSV text (UTF-8, LF line ends, quoted only where needed)."""
    return frame.to_csv(index=False, lineterminator="\n")
