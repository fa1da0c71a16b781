"""What the report says about technology areas: the areas compared (`areas_overview_paragraph`)
and, for one area, its headline facts (`area_highlights`), its summary, its reach into other
areas (with the figure of it, when there are other areas) and its frequently selected KSAs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from competency_framework.edition.framework import Framework
from competency_framework.present.audit_text import audit_applies
from competency_framework.present.chapter import Chapter
from competency_framework.present.escape import markdown_text
from competency_framework.present.figures.area_connections import area_connections_figure
from competency_framework.present.figures.common import SavedFigure
from competency_framework.present.notices import placeholder_note
from competency_framework.present.numbers import PlainNumbers
from competency_framework.present.prose import capital, every, plural, prose_list, share_or_all
from competency_framework.present.tables import label_id
from competency_framework.statistics.areas import (
    area_connections_to_other_areas,
    area_frequent_ksas,
    area_institutes,
    area_ksa_count,
    area_overview,
    area_summary,
)
from competency_framework.statistics.shares import Share


def areas_overview_paragraph(fw: Framework) -> str:
    """Why areas matter for collaboration, which area has the most KSAs of its own, and what
    the area sections hold."""
    areas = area_overview(fw)
    most = areas.sort_values("specific_ksas", ascending=False, kind="stable").iloc[0]
    return (
        "**Working with peers in the same area is one of the most direct ways for institutes "
        "to advance their education and workforce goals**, and every institute with a peer has "
        "that opening, though its size differs by area (@tbl-area-overview). "
        f"{markdown_text(most['name'])} has the most KSAs of its own: "
        f"{most['specific_ksas']:,} that no other area selected. The areas also overlap, "
        "sharing KSAs, occupations and connections; @fig-competency-areas shows how each "
        "area's connections spread over the core competencies.\n\n"
        "The sections that follow take one area at a time: its headline statistics, the KSAs "
        "with the widest reach, and where its institutes could collaborate inside and outside "
        "the area."
    )


def area_highlights(fw: Framework, area_id: str) -> list[str]:
    """The headline facts of one technology area as Markdown sentences (one bullet each): how
    widely its KSAs are shared among its own institutes (reading 4), how many are specific to
    it, and how many of those sit in tier 5. Sentences that cannot apply (sharing in a
    one-institute area, "exactly two" in a two-institute area) are left out."""
    row = area_overview(fw).set_index("area_id").loc[[area_id]].iloc[0]
    n, total = int(row["institutes"]), int(row["ksas"])

    def count(**kw: Any) -> int:
        return area_ksa_count(fw, area_id, **kw)

    out = []
    multi = count(min_institutes=2)
    if n >= 2 and total:
        out.append(f"**{capital(share_or_all(Share(multi, total), 'KSA', of='its'))}** were "
                   "selected by two or more of the area's institutes.")
    if n >= 3 and total:
        everyone = Share(count(all_institutes=True), total)
        out.append(f"**{capital(share_or_all(everyone, 'KSA', of='its'))}** were selected by "
                   f"{every(n, 'institute')}, and another "
                   f"{count(min_institutes=2, max_institutes=2):,} by exactly two.")
    if n >= 4 and total:
        out.append(f"**{count(min_institutes=3):,}** were selected by three or more, "
                   f"{count(min_institutes=3, specific=True):,} of them specific to the area.")
    specific = count(specific=True)
    out.append(f"**{capital(share_or_all(Share(specific, total), 'KSA', of='its'))}** are "
               "specific to the area: no institute of another area selected them.")
    if n >= 2 and multi:
        both = count(min_institutes=2, specific=True)
        out.append(f"Of the {plural(multi, 'KSA')} that two or more of its institutes share, "
                   f"{both:,} ({Share(both, multi).percent}%) are specific to the area.")
    if specific:
        tier5 = Share(count(specific=True, tier=5), specific)
        out.append(f"{capital(share_or_all(tier5, 'specific KSA', of='its'))} fall under the "
                   "tier-5 competencies, the sector technical ones at the leading edge.")
    return out


def area_summary_paragraph(ch: Chapter, area_id: str) -> str:
    """One area's opening: its institutes, selections, KSAs and connections, its highlights as
    bullets, and the published report's caveats about its data (when they concern this
    edition)."""
    fw = ch.fw
    area = area_summary(fw, area_id)
    name = markdown_text(area["name"])
    n_institutes = int(area["institutes"])
    institutes = area_institutes(fw)
    members = institutes.loc[institutes["area_id"] == area_id, "institute_name"].tolist()
    caveats = [e for e in ch.published.values() if e.id.startswith(f"areas.{area_id}.")
               and e.kind == "text"] if audit_applies(fw, ch.published.values()) else []
    return (
        f"{name} has {plural(n_institutes, 'institute')}: "
        f"{prose_list(f'**{markdown_text(m)}**' for m in members)}. "
        f"{'Together they' if n_institutes > 1 else 'It'} made "
        f"{plural(int(area['selections']), 'occupation selection')} and marked "
        f"{plural(int(area['ksas']), 'KSA')} as essential for at least one of them, through "
        f"{plural(int(area['connections']), 'connection')}.\n\n"
        + "\n".join(f"- {line}" for line in area_highlights(fw, area_id))
        + f"\n\n@tbl-area-sharing-{label_id(area_id)} breaks the KSAs down by how many of the "
        "area's institutes selected them."
        + "".join(f" The {ch.report_year} report adds a caveat about this area's data: "
                  f"\u201c{markdown_text(e.value)}\u201d" for e in caveats)
    )


def _other_areas(fw: Framework, area_id: str) -> list[tuple[str, int]]:
    """(name, connections) of every other area, most connections first, then by name."""
    names = area_overview(fw).set_index("area_id")["name"]
    pairs = area_connections_to_other_areas(fw)
    others = pairs.loc[pairs["area_id"] == area_id]
    others = others.assign(name=others["other_area_id"].map(names)).sort_values(
        ["connections", "name"], ascending=[False, True], kind="stable")
    return list(zip(others["name"], others["connections"], strict=True))


def area_reach_paragraph(fw: Framework, area_id: str) -> str:
    """How far one area's connections reach into each other area (reading 3), or that the
    edition has no other area."""
    others = _other_areas(fw, area_id)
    if not others:
        return "The edition has no other technology area to compare with."
    name = markdown_text(area_summary(fw, area_id)["name"])
    reach = prose_list(f"{markdown_text(n)} ({plural(int(c), 'connection')})" for n, c in others)
    return (
        f"Outside the area, the connections of {name} institutes reach KSAs that other areas "
        f"select too (@fig-area-connections-{label_id(area_id)}): {reach}. Each count is the "
        f"number of connections {name} institutes make to KSAs the other area also selects, "
        "so it differs from the count in the other direction."
    )


def other_areas_figure(fw: Framework, area_id: str, out_dir: str | Path, *,
                       source: str = "") -> SavedFigure | None:
    """`area_connections_figure` of the area, or None (no figure) in an edition with no
    other area."""
    if not _other_areas(fw, area_id):
        return None
    return area_connections_figure(fw, area_id, out_dir, source=source)


def frequent_ksas_paragraph(fw: Framework, area_id: str, n: int) -> str:
    """What the area's two lists of `n` frequently selected KSAs are for (reading 6), with a
    note on the placeholder statements among them."""
    name = markdown_text(area_summary(fw, area_id)["name"])
    label = label_id(area_id)
    listed = [*area_frequent_ksas(fw, area_id, "specific", n)["ksa_id"],
              *area_frequent_ksas(fw, area_id, "network-wide", n)["ksa_id"]]
    return (
        "Ranked by the connections the area's institutes make to them, the KSAs specific to "
        f"{name} (@tbl-area-specific-{label}) are the natural starting points for training "
        "that all of its institutes can share; the KSAs it has in common with other areas "
        f"(@tbl-area-network-{label}) are where it can look to peers across the network. "
        + placeholder_note(fw, PlainNumbers(), listed, list="frequent_ksas", area=area_id)
    )
