"""The report's tables as data, shaped as the report prints them, and their rendering.

Each table function takes a `Framework`, calls the statistics and returns a `ReportTable`: a
DataFrame of strings and ints in the printed row and column order, a caption and a label, and
the rows printed in bold (competency rows in Tables A1 and A2). `ReportTable.markdown()`,
`.html()` and `.typst()` render it with every cell escaped for that target (`escape`), so text
from the data ("C++", "<5 µm", "*") shows as itself; a notebook shows a table by ending a cell
with it (Markdown, which both renderers read).

Tables: the "framework contains" summary, Table 1 (tier-5 definitions), Table 2 (institutes
by technology area), Table A1 (tier 4) and Table A2 (tier 5) with their essential-KSA counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.present.escape import html_text, markdown_text, typst_text
from competency_framework.statistics.alignment import external_references
from competency_framework.statistics.areas import area_institutes
from competency_framework.statistics.competencies import competency_definitions, ksa_counts_by_node
from competency_framework.statistics.overview import framework_contents


@dataclass(frozen=True, eq=False)
class ReportTable:
    """A table as printed: `frame` (cells are str or int; "" for an empty cell), caption,
    cross-reference label (`tbl-...`) and the positions of rows printed in bold."""

    frame: pd.DataFrame
    caption: str
    label: str
    strong_rows: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.label.startswith("tbl-"):
            raise ValueError(f"table label must start with 'tbl-', not {self.label!r}")

    def _cells(self) -> list[list[str]]:
        return [[_text(v) for v in row] for row in self.frame.itertuples(index=False)]

    def _numeric(self) -> list[bool]:
        return [all(isinstance(v, int) or v == "" for v in self.frame[c]) and
                any(isinstance(v, int) for v in self.frame[c]) for c in self.frame.columns]

    def markdown(self) -> str:
        """A pipe table with its caption and label (Quarto and pandoc read it)."""
        def row(cells: list[str], strong: bool = False) -> str:
            esc = [markdown_text(c) for c in cells]
            if strong:
                esc = [f"**{c}**" if c else c for c in esc]
            return "| " + " | ".join(esc) + " |"

        lines = [row([str(c) for c in self.frame.columns]),
                 "|" + "|".join("--:" if n else ":--" for n in self._numeric()) + "|"]
        lines += [row(cells, i in self.strong_rows) for i, cells in enumerate(self._cells())]
        return "\n".join(lines) + f"\n\n: {markdown_text(self.caption)} {{#{self.label}}}\n"

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
    if hasattr(value, "item"):
        value = value.item()
    return f"{value:,}" if isinstance(value, int) else str(value)


def framework_contains_table(fw: Framework) -> ReportTable:
    """What the framework contains: the headline counts ("The framework contains:")."""
    contents = framework_contents(fw)
    frame = pd.DataFrame({"Item": contents["label"],
                          "Count": [int(c) for c in contents["count"]]})
    return ReportTable(frame, f"What the {fw.edition} framework contains.", "tbl-contents")


def table_1(fw: Framework) -> ReportTable:
    """Table 1: the working definitions of the tier-5 competencies."""
    defs = competency_definitions(fw, 5)
    frame = pd.DataFrame({"Tier 5": defs["code"], "Competency": defs["name"],
                          "Definition": defs["definition"]})
    return ReportTable(frame, "Working definitions of the tier-5 technical competencies.",
                       "tbl-tier5-definitions")


def table_2(fw: Framework) -> ReportTable:
    """Table 2: the institutes of each technology area, one column per area (by name)."""
    inst = area_institutes(fw)
    columns = {name: part["institute_name"].tolist()
               for name, part in inst.groupby("area_name", sort=False)}
    depth = max((len(v) for v in columns.values()), default=0)
    frame = pd.DataFrame({k: v + [""] * (depth - len(v)) for k, v in columns.items()})
    return ReportTable(frame, "Institutes by technology area.", "tbl-area-institutes")


def _tier_rows(fw: Framework, tier: int) -> tuple[pd.DataFrame, tuple[int, ...]]:
    """A tier's competencies and sub-competencies in tree order with the essential KSAs
    catalogued directly under each; a competency with sub-competencies and none of its own
    prints an empty count, as the report does."""
    nodes = ksa_counts_by_node(fw)
    nodes = nodes.loc[(nodes["tier"] == tier) & (nodes["level"] != "tier")].reset_index(drop=True)
    parents = set(nodes["parent_code"])
    count = [("" if (lvl == "competency" and code in parents and k == 0) else int(k))
             for code, lvl, k in zip(nodes["code"], nodes["level"], nodes["ksas"], strict=True)]
    frame = pd.DataFrame({"Code": nodes["code"], "Competency or sub-competency": nodes["name"],
                          "Essential KSAs": count})
    strong = tuple(i for i, lvl in enumerate(nodes["level"]) if lvl == "competency")
    return frame, strong


def table_a1(fw: Framework) -> ReportTable:
    """Table A1: tier-4 competencies and sub-competencies with their essential KSAs."""
    frame, strong = _tier_rows(fw, 4)
    return ReportTable(frame, "Tier-4 competencies and sub-competencies.", "tbl-tier4", strong)


def table_a2(fw: Framework) -> ReportTable:
    """Table A2: tier-5 competencies and sub-competencies with their essential KSAs and the
    external model (and its reference) each derives from."""
    frame, strong = _tier_rows(fw, 5)
    refs = external_references(fw)
    derived = {c: f"{f} {r}".strip() for c, f, r in
               zip(refs["code"], refs["source_framework"], refs["source_ref"], strict=True)}
    frame["Derived from"] = [derived.get(c, "") for c in frame["Code"]]
    return ReportTable(frame, "Tier-5 competencies and sub-competencies.", "tbl-tier5",
                       strong)
