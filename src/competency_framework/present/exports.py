"""The edition as its readers download it, shaped for each file (the build writes them:
`build.downloads`): where each file lives in the site (`DownloadPaths`), the provenance every
file carries, the data dictionary, the connections of each institute or technology area with
their KSAs, competencies and occupations, one record per institute, KSA and occupation (its
JSON file), and the Data page's text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from competency_framework.edition.contract import TABLES
from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import Numbers, PrintedNumber

DATA_DIR = "data"  # the downloads' folder at the site's root


@dataclass(frozen=True)
class DownloadPaths:
    """Where an edition's downloads are, relative to the site's root."""

    edition: str

    @property
    def stem(self) -> str:
        return f"competency-framework-{self.edition}"

    @property
    def package(self) -> str:
        """The zipped data package."""
        return f"{DATA_DIR}/{self.stem}.zip"

    @property
    def workbook(self) -> str:
        """The XLSX workbook."""
        return f"{DATA_DIR}/{self.stem}.xlsx"

    @staticmethod
    def shown(label: str) -> str:
        """The CSV of the data a table or figure of the report shows (by its label,
        `tbl-...` or `fig-...`)."""
        kind = "figures" if label.startswith("fig-") else "tables"
        return f"{DATA_DIR}/{kind}/{label}.csv"

    def record(self, kind: str, identifier: str) -> str:
        """The JSON file of one institute, KSA or occupation (`kind`: institutes, ksas,
        occupations)."""
        return f"{DATA_DIR}/{kind}/{identifier}.json"


RECORD_KINDS = ("institutes", "ksas", "occupations")


def provenance(fw: Framework) -> dict[str, str]:
    """What every download says about where its data comes from."""
    note = ("The rows were reconstructed to fit the aggregates the published report prints; "
            "what they say about one institute, occupation or KSA beyond those aggregates is "
            "the reconstruction model's choice, not a finding."
            if fw.is_reconstructed else
            "The rows are the institutes' own answers, as collected.")
    return {"edition": fw.edition, "title": fw.title, "provenance": fw.provenance,
            "data_hash": fw.data_hash, "note": note}


def data_dictionary() -> pd.DataFrame:
    """One row per column of each table of the data contract: table, file, column, type,
    required, key and description."""
    rows = []
    for t in TABLES:
        for f in t.fields:
            rows.append({"table": t.name, "file": t.filename, "column": f.name,
                         "type": f.type, "required": "yes" if f.required else "no",
                         "primary key": "yes" if f.name in t.primary_key else "no",
                         "description": f.description or t.title})
    return pd.DataFrame(rows)


CONNECTION_COLUMNS = ["institute_id", "institute", "area", "occupation_id", "occupation",
                      "soc_code", "ksa_id", "statement", "code", "competency", "sub_competency"]


def competency_names(fw: Framework) -> dict[str, str]:
    """Each code of the competency tree with its name: "4.2" -> "4.2 Operations Management"."""
    return {str(c): f"{c} {n}" for c, n in zip(fw.competencies["code"], fw.competencies["name"],
                                                strict=True)}


def connections_detail(fw: Framework) -> pd.DataFrame:
    """Every connection (one KSA marked essential for one institute's occupation) with the
    names a reader looks for: institute, area, occupation and SOC code, KSA id and statement,
    its code, competency and sub-competency; ordered by institute, occupation, code, KSA."""
    c = fw.connections
    names = dict(zip(fw.institutes["institute_id"], fw.institutes["name"], strict=True))
    areas = dict(zip(fw.technology_areas["area_id"], fw.technology_areas["name"], strict=True))
    titles = fw.occupations.set_index("occupation_id")
    statements = dict(zip(fw.ksas["ksa_id"], fw.ksas["statement"], strict=True))
    named = competency_names(fw)
    out = pd.DataFrame({
        "institute_id": c["institute_id"], "area_id": c["area_id"],
        "occupation_id": c["occupation_id"],
        "institute": c["institute_id"].map(names), "area": c["area_id"].map(areas),
        "occupation": c["occupation_id"].map(titles["title"]),
        "soc_code": c["occupation_id"].map(titles["soc_code"]).fillna(""),
        "ksa_id": c["ksa_id"], "statement": c["ksa_id"].map(statements),
        "code": c["code"], "competency": c["competency"].map(named).fillna(""),
        "sub_competency": c["sub_competency"].map(named).fillna("")})
    return out.sort_values(["institute", "occupation", "code", "ksa_id"],
                           kind="stable").reset_index(drop=True)


def connections_by(detail: pd.DataFrame, key: str) -> dict[str, pd.DataFrame]:
    """`connections_detail`'s rows `detail` split by `key` (institute_id or area_id), each part
    with `CONNECTION_COLUMNS`; an institute or area without connections is absent."""
    return {k: part[CONNECTION_COLUMNS].reset_index(drop=True)
            for k, part in _grouped(detail, key).items()}


def _sorted(values: Any) -> list[str]:
    return sorted({str(v) for v in values})


def _grouped(frame: pd.DataFrame, key: str) -> dict[str, pd.DataFrame]:
    return {str(k): part for k, part in frame.groupby(key, sort=False)}


def entity_records(fw: Framework) -> dict[str, dict[str, dict[str, Any]]]:
    """One JSON-ready record per institute, KSA and occupation (by kind, then id), each with
    the edition's `provenance`."""
    detail = connections_detail(fw)
    empty = detail.head(0)
    about = provenance(fw)
    named = competency_names(fw)
    by_institute, by_ksa = _grouped(detail, "institute_id"), _grouped(detail, "ksa_id")
    by_occupation = _grouped(detail, "occupation_id")
    selections = fw.institute_occupations
    chosen = _grouped(selections, "institute_id")
    choosing = _grouped(selections, "occupation_id")
    out: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in RECORD_KINDS}
    for row in fw.institutes.itertuples(index=False):
        i = str(row.institute_id)
        mine = by_institute.get(i, empty)
        out["institutes"][i] = {
            "institute_id": i, "name": row.name, "area_id": row.area_id,
            "agency_id": row.agency_id,
            "occupations": _sorted(chosen[i]["occupation_id"]) if i in chosen else [],
            "ksas": _sorted(mine["ksa_id"]),
            "connections": [{"occupation_id": o, "ksa_id": k} for o, k in
                            zip(mine["occupation_id"], mine["ksa_id"], strict=True)],
            "about": about}
    for node in fw.ksa_nodes.itertuples(index=False):
        k = str(node.ksa_id)
        mine = by_ksa.get(k, empty)
        out["ksas"][k] = {
            "ksa_id": k, "statement": node.statement, "code": node.code,
            "tier": int(str(node.tier)), "competency": named.get(str(node.competency), ""),
            "sub_competency": named.get(str(node.sub_competency), ""),
            "statement_source": node.statement_source,
            "institutes": _sorted(mine["institute_id"]), "areas": _sorted(mine["area_id"]),
            "occupations": _sorted(mine["occupation_id"]), "connections": len(mine),
            "about": about}
    for row in fw.occupations.itertuples(index=False):
        o = str(row.occupation_id)
        mine = by_occupation.get(o, empty)
        out["occupations"][o] = {
            "occupation_id": o, "title": row.title, "soc_code": row.soc_code,
            "institutes": _sorted(choosing[o]["institute_id"]) if o in choosing else [],
            "ksas": _sorted(mine["ksa_id"]), "connections": len(mine), "about": about}
    return out


# The statistic, parameters and part a table's row count is, where the published figures name
# it: the occupations are the distinct titles selected only when every one is selected.
TABLE_ROW_STATISTICS: dict[str, tuple[str, dict[str, Any], str | None]] = {
    "technology_areas": ("technology_areas_total", {}, None),
    "agencies": ("agencies", {}, "rows"),
    "institutes": ("institutes_total", {}, None),
    "ksas": ("ksas_total", {}, None),
    "occupations": ("occupation_titles", {"min_institutes": 1}, None),
    "institute_occupations": ("occupation_selections", {}, None),
    "essential_ksas": ("connections_total", {}, None),
}


def table_rows_record(fw: Framework, numbers: Numbers, table: str) -> PrintedNumber:
    """The rows of the edition's table `table` as `numbers` prints them: under the statistic
    of `TABLE_ROW_STATISTICS` (so the same count prints the same way wherever it is printed),
    else as `table_rows(table=<name>)`; the occupations as the distinct titles selected only
    when no occupation goes unselected."""
    rows = len(getattr(fw, table))
    named = TABLE_ROW_STATISTICS.get(table)
    if table == "occupations" and rows != fw.institute_occupations["occupation_id"].nunique():
        named = None
    if named is None:
        return numbers.record(rows, "table_rows", table=table)
    statistic, params, part = named
    return numbers.record(rows, statistic, part=part, **params)


def site_link(path: str) -> str:
    """A link target from a chapter's page (report/executed/) to `path` at the site's root."""
    return f"../../{path}"


def downloads_text(fw: Framework, numbers: Numbers) -> str:
    """The Data page: what can be downloaded, where, and how to open it safely."""
    paths = DownloadPaths(fw.edition)
    edition = markdown_text(fw.edition)
    institutes = numbers(len(fw.institutes), "institutes_total")
    ksas = numbers(len(fw.ksas), "ksas_total")
    occupations = numbers.show(table_rows_record(fw, numbers, "occupations"))
    listed = "\n".join(
        f"- [{markdown_text(str(name))}]({site_link(paths.record('institutes', str(i)))})"
        for i, name in zip(fw.institutes["institute_id"], fw.institutes["name"], strict=True))
    return (
        f"Everything this report computes comes from edition {edition} ({fw.provenance}, data "
        f"hash `{fw.data_hash[:12]}`). Its data can be downloaded from the report's website, "
        "in three forms; each file names the edition, its data hash and its provenance.\n\n"
        f"- [The data package]({site_link(paths.package)}) (`{paths.package}`): the eight "
        "CSV tables and their `datapackage.json`, exactly as the edition holds them, with a "
        "README. Unzipped, it validates with `python -m competency_framework validate` and "
        "gives the same data hash.\n"
        f"- [The workbook]({site_link(paths.workbook)}) (`{paths.workbook}`): one sheet per "
        "table, a data dictionary, and one sheet per institute and per technology area "
        "listing its connections with their KSAs, competencies and occupations. Every cell "
        "holds text or a number; none holds a formula.\n"
        f"- One JSON file for each of the {institutes} institutes, {ksas} KSAs and "
        f"{occupations} occupations, at `data/institutes/<id>.json`, `data/ksas/<id>.json` and "
        "`data/occupations/<id>.json`.\n\n"
        "The institutes' files:\n\n" + listed + "\n\n"
        "**Opening the CSV files in a spreadsheet.** A spreadsheet program that opens a CSV "
        "file directly runs any cell that starts with `=`, `+`, `-` or `@` as a formula. "
        "Import the file instead and set every column's type to text (in Excel: Data, From "
        "Text/CSV, then Transform Data and set the columns' type to Text; in LibreOffice "
        "Calc: the import dialogue's column type Text), or use the workbook, whose cells "
        "are already text.\n"
    )
