"""What the report says about technology areas: how the institutes are grouped
(`areas_intro_paragraph`), the areas compared (`areas_overview_paragraph`) and, for one area,
its headline facts (`area_highlights`), its summary, its reach into other areas (with the
figure of it, when there are other areas) and its frequently selected KSAs. Numbers print
through `present.numbers`, an area's counts as `present.area_numbers` names them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from competency_framework.edition.framework import Framework
from competency_framework.present.area_numbers import (
    AREA_KSAS,
    institutes_shown,
    ksas_shown,
    share_shown,
)
from competency_framework.present.audit_text import audit_applies
from competency_framework.present.chapter import Chapter
from competency_framework.present.escape import markdown_text
from competency_framework.present.figures.area_connections import area_connections_figure
from competency_framework.present.figures.common import SavedFigure
from competency_framework.present.notices import placeholder_note
from competency_framework.present.numbers import MARK, MODEL_CHOICE, PINNED, Numbers
from competency_framework.present.prose import capital, every, plural, prose_list, share_or_all
from competency_framework.present.tables import frequent_ksas_table, label_id, table_markdown
from competency_framework.reference.published import Entry
from competency_framework.statistics.areas import (
    area_connections_to_other_areas,
    area_frequent_ksas,
    area_institutes,
    area_ksa_count,
    area_overview,
    area_summary,
)
from competency_framework.statistics.shares import Share


def areas_intro_paragraph(fw: Framework, numbers: Numbers) -> str:
    """Why the institutes are grouped into technology areas, and how many of each."""
    institutes = plural(len(fw.institutes), "institute",
                        shown=numbers(len(fw.institutes), "institutes_total"))
    areas = plural(len(fw.technology_areas), "technology area",
                   shown=numbers(len(fw.technology_areas), "technology_areas_total"))
    return (
        "Each institute works for one industry and concentrates on one advanced manufacturing "
        "technology or family of technologies, and some of those technologies lie closer together "
        "than others. To compare like with like, and to help institutes find partners, the "
        f"analysis groups the {institutes} into {areas} (@tbl-area-institutes)."
    )


def areas_overview_paragraph(fw: Framework, numbers: Numbers) -> str:
    """Why areas matter for collaboration, which area has the most KSAs of its own, and what
    the area sections hold."""
    areas = area_overview(fw)
    most = areas.sort_values("specific_ksas", ascending=False, kind="stable").iloc[0]
    specific = ksas_shown(numbers, int(most["specific_ksas"]), most["area_id"],
                          min_institutes=1, specific=True)
    return (
        "**Working with peers in the same area is one of the most direct ways for institutes "
        "to advance their education and workforce goals**, and every institute with a peer has "
        "that opening, though its size differs by area (@tbl-area-overview). "
        f"{markdown_text(most['name'])} has the most KSAs of its own: "
        f"{specific} that no other area selected. The areas also overlap, "
        "sharing KSAs, occupations and connections; @fig-competency-areas shows how each "
        "area's connections spread over the core competencies.\n\n"
        "The sections that follow take one area at a time: its headline statistics, the KSAs "
        "with the widest reach, and where its institutes could collaborate inside and outside "
        "the area."
    )


def area_highlights(fw: Framework, numbers: Numbers, area_id: str) -> list[str]:
    """The headline facts of one technology area as Markdown sentences (one bullet each): how
    widely its KSAs are shared among its own institutes (reading 4), how many are specific to
    it, and how many of those sit in tier 5. Sentences that cannot apply (sharing in a
    one-institute area, "exactly two" in a two-institute area) are left out. Each count is
    printed with the parameters of `area_ksas_by_institute_count` the published report uses."""
    row = area_overview(fw).set_index("area_id").loc[[area_id]].iloc[0]
    n, total = int(row["institutes"]), int(row["ksas"])
    every_one = {"all_institutes": True}  # with n institutes: the same as min_institutes=n

    def count(**kw: Any) -> int:
        return area_ksa_count(fw, area_id, **kw)

    def of_its(share: Share, params: dict[str, Any], total_params: dict[str, Any],
               singular: str = "KSA") -> str:
        """The share at a sentence's start: "None of its KSAs" keeps the zero's status, as
        the area's table marks it."""
        shown, word = share_shown(numbers, share, area_id, params, total_params)
        none = ksas_shown(numbers, 0, area_id, text="None", **params) if (
            share.denominator and not share.numerator) else None
        return share_or_all(share, singular, of="its", shown=shown, shown_word=word,
                            shown_none=none)

    everything = {"min_institutes": 1}
    out = []
    multi = count(min_institutes=2)
    if n >= 2 and total:
        out.append(f"**{capital(of_its(Share(multi, total), {'min_institutes': 2}, everything))}"
                   "** were selected by two or more of the area's institutes.")
    if n >= 3 and total:
        everyone = Share(count(all_institutes=True), total)
        # exactly two: those two or more select, less those three or more select (in a
        # three-institute area, all of them)
        exactly_two = count(min_institutes=2, max_institutes=2)
        two = numbers.derived(
            exactly_two, AREA_KSAS,
            [ksas_shown(numbers, multi, area_id, min_institutes=2),
             ksas_shown(numbers, count(min_institutes=3), area_id, min_institutes=3,
                        also=[every_one] if n == 3 else [])],
            area=area_id, min_institutes=2, max_institutes=2)
        everyone_text = capital(of_its(everyone, every_one, everything))
        all_of_them = every(n, "institute",
                            shown=institutes_shown(numbers, n, area_id, word=True))
        # "another" only after some; "none" rather than a zero
        then = ("none" if not exactly_two else
                f"another {two}" if everyone.numerator else two)
        out.append(f"**{everyone_text}** were selected by {all_of_them}, and {then} by "
                   "exactly two.")
    if n >= 4 and total:
        # "none" rather than a zero (still a number, with its status)
        k_three, k_specific = count(min_institutes=3), count(min_institutes=3, specific=True)
        three = ksas_shown(numbers, k_three, area_id, text=None if k_three else "None",
                           min_institutes=3)
        three_specific = ksas_shown(numbers, k_specific, area_id,
                                    text=None if k_specific else "none", min_institutes=3,
                                    specific=True)
        out.append(f"**{three}** were selected by three or more"
                   + (f", {three_specific} of them specific to the area." if k_three else "."))
    specific_params = {"min_institutes": 1, "specific": True}
    specific = count(**specific_params)
    out.append(f"**{capital(of_its(Share(specific, total), specific_params, everything))}** "
               "are specific to the area: no institute of another area selected them.")
    if n >= 2 and specific and multi:
        both: dict[str, Any] = {"min_institutes": 2, "specific": True}
        k = count(**both)
        # the KSAs both shared and specific: as a share of the specific ones where a published
        # figure pins that base (Digital/Automation's "32 of those 56 unique KSAs"), else of
        # the shared ones, as the published report gives it for the other areas
        of_specific = numbers.record(specific, AREA_KSAS, part="denominator", area=area_id,
                                     **both).status == PINNED
        whole = specific if of_specific else multi
        shown, _ = share_shown(numbers, Share(k, whole), area_id, both,
                               specific_params if of_specific else {"min_institutes": 2})
        # "none" and "all" keep the count's status (a model's choice keeps its dagger)
        part = (f"{ksas_shown(numbers, k, area_id, text='none', **both)} is" if not k else
                f"{ksas_shown(numbers, k, area_id, text='all', **both)} are"
                if k == whole > 1 else
                f"{shown.numerator} ({shown.percent}) {'is' if k == 1 else 'are'}")
        if of_specific:
            out.append(f"Of its {plural(specific, 'specific KSA', shown=shown.denominator)}, "
                       f"{part} shared by two or more of its institutes.")
        else:
            out.append(f"Of the {plural(multi, 'KSA', shown=shown.denominator)} that two or "
                       f"more of its institutes share, {part} specific to the area.")
    if specific:
        tier5 = Share(count(min_institutes=1, specific=True, tier=5), specific)
        text = of_its(tier5, {**specific_params, "tier": 5}, specific_params, "specific KSA")
        names = dict(zip(fw.competencies["code"], fw.competencies["name"], strict=True))
        tier = f", *{markdown_text(names['5'])}*" if names.get("5") else ""
        out.append(f"{capital(text)} fall under the tier-5 competencies{tier}.")
    return out


def area_summary_paragraph(ch: Chapter, area_id: str) -> str:
    """One area's opening: its institutes, selections, KSAs and connections, its highlights as
    bullets, and the published report's caveats about its data (when they concern this
    edition)."""
    fw, numbers = ch.fw, ch.numbers
    area = area_summary(fw, area_id)
    name = markdown_text(area["name"])
    n_institutes = int(area["institutes"])
    institutes = area_institutes(fw)
    members = institutes.loc[institutes["area_id"] == area_id, "institute_name"].tolist()
    caveats = [e for e in ch.published.values() if e.id.startswith(f"areas.{area_id}.")
               and e.kind == "text"] if audit_applies(fw, ch.published.values()) else []
    selections, ksas, connections = (int(area[k]) for k in ("selections", "ksas", "connections"))
    institutes_text = plural(n_institutes, "institute",
                             shown=institutes_shown(numbers, n_institutes, area_id))
    described = area_description(fw, area_id)
    return (
        (f"{markdown_text(described)}\n\n" if described else "")
        + f"{name} has {institutes_text}: "
        f"{prose_list(f'**{markdown_text(m)}**' for m in members)}. "
        f"{'Together they' if n_institutes > 1 else 'It'} made "
        + plural(selections, "occupation selection",
                 shown=numbers(selections, "area_occupation_selections", area=area_id))
        + " and marked "
        + plural(ksas, "KSA", shown=ksas_shown(numbers, ksas, area_id, min_institutes=1))
        + " as essential for at least one of them, through "
        + plural(connections, "connection",
                 shown=numbers(connections, "area_connections_total", area=area_id))
        + ".\n\n"
        + "\n".join(f"- {line}" for line in area_highlights(fw, numbers, area_id))
        + f"\n\n@tbl-area-sharing-{label_id(area_id)} breaks the KSAs down by how many of the "
        "area's institutes selected them."
        + "".join(f" The {ch.report_year} report adds a caveat about this area's data: "
                  f"\u201c{markdown_text(e.value)}\u201d" for e in caveats)
    )


def area_description(fw: Framework, area_id: str) -> str:
    """What the area's technology is, as the edition describes it (`technology_areas.csv`'s
    optional `description`; "" where it gives none)."""
    areas = fw.technology_areas.set_index("area_id")
    return str(areas.at[area_id, "description"]).strip() if "description" in areas else ""


def area_closing_paragraph(fw: Framework, numbers: Numbers, area_id: str) -> str:
    """Where the area's numbers point for training, in three parts, each from the numbers:
    its institutes' common ground (the share of its KSAs two or more of them select, when it
    has two or more, and the KSAs all of them select, when it has three or more and some but
    not all of its KSAs are), its own ground (when no area has a larger share of KSAs of its
    own, and that share is over a quarter) and the two areas its connections reach most; and,
    where a number they rest on is the reconstruction model's choice, that they read the
    model, not the institutes."""
    name = markdown_text(area_summary(fw, area_id)["name"])
    overview = area_overview(fw).set_index("area_id")
    row = overview.loc[[area_id]].iloc[0]
    n, total = int(row["institutes"]), int(row["ksas"])
    if not total:
        return f"{name} has no KSA yet, so nothing to build training on."
    everything = {"min_institutes": 1}
    parts: list[str] = []
    shown: list[str] = []  # the numbers the suggestions rest on, as printed
    model = False  # whether a number they rest on but do not print is a model's choice
    if n >= 2:
        common = Share(area_ksa_count(fw, area_id, min_institutes=2), total)
        share, _ = share_shown(numbers, common, area_id, {"min_institutes": 2}, everything)
        shown.append(share.percent)
        if 2 * common.numerator >= total:
            most = "Most" if 2 * common.numerator > total else "Half"
            parts.append(f"{most} of the area's KSAs ({share.percent}) are selected by two or "
                         f"more of its institutes: **the {name} institutes can build training "
                         "together** around the KSAs they share.")
        else:
            parts.append(f"Fewer than half of the area's KSAs ({share.percent}) are selected by "
                         f"two or more of its institutes, so **training the {name} institutes "
                         "build together would start from the KSAs they share** rather "
                         "than from the whole list.")
        k_all = area_ksa_count(fw, area_id, all_institutes=True)
        if n >= 3 and 0 < k_all < total:  # the ground every one of them stands on (with two,
            # the KSAs two or more select)
            all_k = ksas_shown(numbers, k_all, area_id, all_institutes=True,
                               also=[{"min_institutes": n}])
            shown.append(all_k)
            everyone = every(n, "institute",
                             shown=institutes_shown(numbers, n, area_id, word=True))
            parts.append(f"Training on the {plural(k_all, 'KSA', shown=all_k)} that {everyone} "
                         "select would serve each of them.")
    own = overview["specific_ksas"] / overview["ksas"].where(overview["ksas"] > 0)
    specific = Share(int(row["specific_ksas"]), total)
    others_have_ksas = int((overview["ksas"] > 0).sum()) > 1
    if others_have_ksas and 4 * specific.numerator > total and own.max() == own[area_id]:
        share, _ = share_shown(numbers, specific, area_id,
                               {"min_institutes": 1, "specific": True}, everything)
        shown.append(share.percent)
        parts.append(f"No area has a larger share of KSAs of its own ({share.percent}): "
                     f"**{name} will need training of its own**, which no other area's "
                     "programs cover.")
    others = [(o, m, c) for o, m, c in _other_areas(fw, area_id) if c][:2]
    if others:
        partners = prose_list(markdown_text(m) for _, m, _ in others)
        parts.append(f"Beyond the area, its institutes make the most connections to KSAs the "
                     f"{partners} {'area selects' if len(others) == 1 else 'areas select'}: "
                     f"**{'that area is' if len(others) == 1 else 'those areas are'} where "
                     "to look for partners** across the network.")
        model = any(numbers.record(int(c), "area_connections_to_other_area", area=area_id,
                                   other_area=o).status == MODEL_CHOICE for o, _, c in others)
    if model or any(MARK in text for text in shown):  # the model's reading, not the institutes'
        parts.append(f"Some of the numbers these suggestions rest on are the reconstruction "
                     f"model's choice ({MARK}), so they show what the model implies, not what "
                     f"the {name} institutes chose.")
    return " ".join(parts) or (f"{name} has no other institute and the edition no other area "
                               "to set its numbers beside: its training plans are its own.")


def _other_areas(fw: Framework, area_id: str) -> list[tuple[str, str, int]]:
    """(area_id, name, connections) of every other area, most connections first, then by
    name."""
    names = area_overview(fw).set_index("area_id")["name"]
    pairs = area_connections_to_other_areas(fw)
    others = pairs.loc[pairs["area_id"] == area_id]
    others = others.assign(name=others["other_area_id"].map(names)).sort_values(
        ["connections", "name"], ascending=[False, True], kind="stable")
    return list(zip(others["other_area_id"], others["name"], others["connections"],
                    strict=True))


def area_reach_paragraph(fw: Framework, numbers: Numbers, area_id: str) -> str:
    """How far one area's connections reach into each other area (reading 3), or that the
    edition has no other area."""
    others = _other_areas(fw, area_id)
    if not others:
        return "The edition has no other technology area to compare with."
    name = markdown_text(area_summary(fw, area_id)["name"])

    def connections(other_id: str, c: int) -> str:
        return plural(c, "connection", shown=numbers(c, "area_connections_to_other_area",
                                                     area=area_id, other_area=other_id))

    reach = prose_list(f"{markdown_text(n)} ({connections(o, int(c))})" for o, n, c in others)
    return (
        f"Outside the area, the connections of {name} institutes reach KSAs that other areas "
        f"select too (@fig-area-connections-{label_id(area_id)}): {reach}. Each count is the "
        f"number of connections {name} institutes make to KSAs the other area also selects, "
        "so it differs from the count in the other direction."
    )


def other_areas_figure(fw: Framework, area_id: str, out_dir: str | Path, *, numbers: Numbers,
                       source: str = "") -> SavedFigure | None:
    """`area_connections_figure` of the area, or None (no figure) in an edition with no
    other area."""
    if not _other_areas(fw, area_id):
        return None
    return area_connections_figure(fw, area_id, out_dir, numbers=numbers, source=source)


SCOPES = ("specific", "network-wide")
LIST_STATISTICS = {"specific": "area_frequent_specific_ksas",
                   "network-wide": "area_frequent_network_ksas"}


def printed_list_lengths(fw: Framework, published: Mapping[str, Entry], area_id: str,
                         default: int) -> dict[str, int]:
    """How many KSAs each of the area's two frequently selected lists holds ("specific",
    "network-wide"): as many as the published report prints for this edition's area, else
    `default`; so that no list is padded past what the report printed."""
    out = dict.fromkeys(SCOPES, default)
    for scope, statistic in LIST_STATISTICS.items():
        printed = [e for e in published.values() if e.statistic == statistic
                   and e.edition == fw.edition and e.params.get("area") == area_id]
        if printed and isinstance(printed[0].value, list):
            out[scope] = len(printed[0].value)
    return out


def frequent_ksas_paragraph(fw: Framework, numbers: Numbers, area_id: str,
                            lengths: Mapping[str, int]) -> str:
    """What the area's two lists of frequently selected KSAs (`lengths`: how many each holds,
    `printed_list_lengths`) are for (reading 6), with a note on the placeholder statements
    among them; a list with nothing in it is said to be empty (and `frequent_ksas_tables`
    leaves its table out)."""
    name = markdown_text(area_summary(fw, area_id)["name"])
    label = label_id(area_id)
    specific = area_frequent_ksas(fw, area_id, "specific", lengths["specific"])["ksa_id"].tolist()
    shared = area_frequent_ksas(fw, area_id, "network-wide",
                                lengths["network-wide"])["ksa_id"].tolist()
    if not specific and not shared:
        return f"{name} has no KSA yet, so no list of its most frequently selected ones."
    if specific:
        first = ("Ranked by the connections the area's institutes make to them, the KSAs "
                 f"specific to {name} (@tbl-area-specific-{label}) could be where the area's "
                 "training starts, beginning with those its institutes select most")
    else:
        first = (f"No KSA is specific to {name}: another area selects every KSA its "
                 "institutes select")
    if shared:
        second = ("the KSAs it has in common with other areas "
                  f"(@tbl-area-network-{label}) are where it can look to peers across the "
                  "network. ")
    else:
        second = "no other area selects any of its KSAs. "
    return (f"{first}; {second}"
            + placeholder_note(fw, numbers, [*specific, *shared], list="frequent_ksas",
                               area=area_id)).rstrip()


def frequent_ksas_tables(fw: Framework, numbers: Numbers, area_id: str,
                         lengths: Mapping[str, int]) -> str:
    """The area's two tables of frequently selected KSAs (specific to it, and shared with
    other areas; `lengths` rows each at most) as Markdown, each left out when it would be
    empty."""
    tables = [frequent_ksas_table(fw, numbers, area_id, kind, lengths[kind]) for kind in SCOPES]
    return "\n".join(table_markdown(t) for t in tables if len(t.frame))


