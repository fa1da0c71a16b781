"""One view per KSA and per occupation on the report's website, and the links to it.

The views live on the Data page (`EXPLORER_PAGE`): its script (`explorer.js`, an asset the
build copies into the site) draws a searchable, filterable index of every KSA and occupation
and, for `?ksa=<id>` or `?occupation=<id>`, that entity's view, from one data file the build
writes (`entity_bundle`, as `ENTITIES_SCRIPT`). Being drawn in the browser from one file, the
site stays the same size whatever the edition holds, and it works opened from the disk.

Where a table names a KSA or an occupation, its cell is an `EntityRef`, which prints as a link
of class `entity` to that view (on the web pages only: `source-links.lua` keeps the link's text
alone in the PDF). `mentioned_entities` reads those links back out of a chapter's Markdown, so
that each view can say where the report prints its entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text, script_global
from competency_framework.present.exports import (
    DATA_DIR,
    provenance,
    site_link,
    table_rows_record,
)
from competency_framework.present.numbers import MARK, Numbers

EXPLORER_PAGE = "95_data.html"  # the Data page, beside every chapter's page
ENTITIES_SCRIPT = f"{DATA_DIR}/entities.js"
EXPLORER_SCRIPT = f"{DATA_DIR}/explorer.js"
EXPLORER_STYLE = f"{DATA_DIR}/explorer.css"
EXPLORER_ID = "explore"  # the element the script fills
KINDS = ("ksa", "occupation")
ONET_SUMMARY = "https://www.onetonline.org/link/summary/"
_MENTION = re.compile(
    r"\]\(" + re.escape(EXPLORER_PAGE) + r"\?(" + "|".join(KINDS) + r")=([^()\s]+)\)\{\.entity\}")


def entity_href(kind: str, identifier: str) -> str:
    """The view of one KSA or occupation (`kind`: ksa, occupation), from a chapter's page."""
    if kind not in KINDS:
        raise ValueError(f"entity kind must be one of {KINDS}, not {kind!r}")
    return f"{EXPLORER_PAGE}?{kind}={quote(identifier, safe='')}"


@dataclass(frozen=True)
class EntityRef:
    """A table cell naming a KSA or an occupation: `text` as a link to its view."""

    kind: str
    identifier: str
    text: str

    def markdown(self) -> str:
        return f"[{markdown_text(self.text)}]({entity_href(self.kind, self.identifier)}){{.entity}}"

    def __str__(self) -> str:
        return self.text


def entity_refs(kind: str, identifiers: Iterable[object], texts: Iterable[object]
                ) -> list[EntityRef]:
    """One `EntityRef` per identifier and text (a table's column)."""
    return [EntityRef(kind, str(i), str(t)) for i, t in zip(identifiers, texts, strict=True)]


def mentioned_entities(markdown: str) -> set[tuple[str, str]]:
    """The (kind, identifier) of every entity a chapter's Markdown links to."""
    return {(m[1], unquote(m[2])) for m in _MENTION.finditer(markdown)}


def entity_bundle(fw: Framework, chapters: Mapping[str, tuple[str, set[tuple[str, str]]]]
                  ) -> dict[str, Any]:
    """What the views are drawn from: the edition's provenance, its areas, institutes,
    competency tree, KSAs and occupations, the selections and connections (as row numbers
    into those lists), and where the report prints each KSA and occupation. `chapters` maps
    each chapter's page (relative to the Data page) to its title and its mentions."""
    areas = [str(a) for a in fw.technology_areas["area_id"]]
    institutes = [str(i) for i in fw.institutes["institute_id"]]
    ksas = [str(k) for k in fw.ksa_nodes["ksa_id"]]
    occupations = [str(o) for o in fw.occupations["occupation_id"]]
    at = {kind: {x: n for n, x in enumerate(ids)} for kind, ids in
          (("area", areas), ("institute", institutes), ("ksa", ksas),
           ("occupation", occupations))}
    pages = sorted(chapters)
    printed: dict[str, dict[str, list[int]]] = {k: {} for k in KINDS}
    for n, page in enumerate(pages):
        for kind, identifier in sorted(chapters[page][1]):
            if identifier in at[kind]:
                printed[kind].setdefault(identifier, []).append(n)
    c = fw.connections
    return {
        **provenance(fw), "reconstructed": fw.is_reconstructed, "onet": ONET_SUMMARY,
        "areas": [[a, str(name)] for a, name in
                  zip(areas, fw.technology_areas["name"], strict=True)],
        "institutes": [[i, str(name), at["area"].get(str(a), -1)] for i, name, a in
                       zip(institutes, fw.institutes["name"], fw.institutes["area_id"],
                           strict=True)],
        "competencies": {str(code): [str(name), int(str(tier))] for code, name, tier in
                         zip(fw.competencies["code"], fw.competencies["name"],
                             fw.competencies["tier"], strict=True)},
        "ksas": [[k, str(r.statement), str(r.code), str(r.competency), str(r.sub_competency),
                  str(r.statement_source)] for k, r in
                 zip(ksas, fw.ksa_nodes.itertuples(index=False), strict=True)],
        "occupations": [[o, str(t), str(s)] for o, t, s in
                        zip(occupations, fw.occupations["title"],
                            fw.occupations["soc_code"].fillna(""), strict=True)],
        "selections": sorted([at["institute"][str(i)], at["occupation"][str(o)]] for i, o in
                             zip(fw.institute_occupations["institute_id"],
                                 fw.institute_occupations["occupation_id"], strict=True)),
        "connections": sorted([at["institute"][str(i)], at["occupation"][str(o)],
                               at["ksa"][str(k)]] for i, o, k in
                              zip(c["institute_id"], c["occupation_id"], c["ksa_id"],
                                  strict=True)),
        "chapters": [[page, chapters[page][0]] for page in pages],
        "printed": printed,
    }


def bundle_script(bundle: Mapping[str, Any]) -> str:
    """`bundle` as the script that hands it to the page (`window.ENTITIES`), `>` and `&`
    escaped as well as what `escape.script_global` escapes."""
    return script_global("ENTITIES", bundle, also=">&")


def explorer_text(fw: Framework, numbers: Numbers) -> str:
    """The Data page's section on the index of KSAs and occupations; on the web pages it
    holds the element the script fills and the scripts (a raw HTML block, which the PDF
    leaves out)."""
    ksas = numbers(len(fw.ksas), "ksas_total")
    occupations = numbers.show(table_rows_record(fw, numbers, "occupations"))
    marked = (" For this reconstructed edition, which institutes, occupations and connections "
              "go with a KSA or an occupation is the model's choice, and so is what the "
              "reconstruction filled in where the published report is silent: the placeholder "
              "statements and where they sit in the tree, and the occupation titles and SOC "
              f"codes it does not print. Each view marks these with {MARK}."
              if fw.is_reconstructed else "")
    return (
        "## Find a KSA or an occupation\n\n"
        f"On the report's website, this section is an index of the edition's {ksas} KSAs "
        f"and {occupations} occupations: search it by words, or filter it by technology "
        "area, institute or competency. Each KSA has a view of its own, with its statement, "
        "its place in the competency tree, the institutes and areas that select it, its "
        "occupations and where the report prints it; each occupation has one with its title, "
        "its SOC code (linked to O\\*NET OnLine), the institutes that select it and its KSAs "
        "by competency. Wherever a table of the report names a KSA or an occupation, the name "
        f"links to its view.{marked}\n\n"
        "```{=html}\n"
        f'<link rel="stylesheet" href="{site_link(EXPLORER_STYLE)}">\n'
        f'<div id="{EXPLORER_ID}" class="entity-explorer">'
        "<p>The index needs JavaScript.</p></div>\n"
        f'<script src="{site_link(ENTITIES_SCRIPT)}"></script>\n'
        f'<script src="{site_link(EXPLORER_SCRIPT)}"></script>\n'
        "```\n")
