"""What the report says about technology areas: how the institutes are grouped
(`areas_intro_paragraph`), the areas compared (`areas_overview_paragraph`) and, for one area,
its headline facts (`area_highlights`), its summary, its reach into other areas (with the
figure of it, when there are other areas) and its frequently selected KSAs. Numbers print
through `present.numbers`, an area's counts as `present.area_numbers` names them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
from competency_framework.present.prose import (
    capital,
    every,
    number_word,
    plural,
    prose_list,
    share_or_all,
)
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
    alone = int((areas["institutes"] == 1).sum())  # institutes with no peer in their area
    peers = int((areas["institutes"] >= 2).sum())  # areas where institutes have peers
    opening = ("though no institute of this edition has a peer in its own area" if not peers
               else "every institute has peers in its own area, though how much they share "
               "differs by area" if not alone else
               "every institute with a peer in its area has that opening, though its size "
               "differs by area")
    return (
        "**Working with peers in the same area is one of the most direct ways for institutes "
        f"to advance their education and workforce goals**, and {opening} "
        "(@tbl-area-overview). "
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
    widely its KSAs are shared among its own institutes (reading 4; `_sharing_sentences`, each
    fact once), how many are specific to it, and how many of those sit in tier 5. Sentences
    that cannot apply (sharing in a one-institute area, "exactly two" in a two-institute area)
    are left out. Each count is printed with the parameters of `area_ksas_by_institute_count`
    the published report uses."""
    row = area_overview(fw).set_index("area_id").loc[[area_id]].iloc[0]
    n, total = int(row["institutes"]), int(row["ksas"])

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
        out.extend(_sharing_sentences(numbers, area_id, n, total, count, of_its))
    specific_params = {"min_institutes": 1, "specific": True}
    specific = count(**specific_params)
    out.append(f"**{capital(of_its(Share(specific, total), specific_params, everything))}** "
               f"{'is' if specific == 1 else 'are'} specific to the area: no institute of "
               "another area selected them.")
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
        out.append(f"{capital(text)} {'falls' if tier5.numerator == 1 else 'fall'} under the "
                   f"tier-5 competencies{tier}.")
    return out


EVERY_ONE = {"all_institutes": True}  # with n institutes: the same as min_institutes=n


def _were(k: int) -> str:
    return "was" if k == 1 else "were"


def _sharing_sentences(numbers: Numbers, area_id: str, n: int, total: int,
                       count: Callable[..., int], of_its: Callable[..., str]) -> list[str]:
    """How widely the area's `total` KSAs (> 0) are shared among its `n` (>= 2) institutes,
    each fact said once: the KSAs two or more of them select and, with three or more
    institutes, how those split into the KSAs all of them select, three or more, and exactly
    two. A split with one part only goes into the first sentence ("36 of its 104 KSAs were
    selected by exactly two of the area's institutes, and none by three or more"); a part that
    is zero is said only where the others do not imply it; "three or more" goes unsaid where
    it means all of them."""
    everything: dict[str, Any] = {"min_institutes": 1}
    two_or_more: dict[str, Any] = {"min_institutes": 2}
    three_or_more: dict[str, Any] = {"min_institutes": 3}
    multi = count(**two_or_more)

    def first(k: int, params: dict[str, Any], who: str, tail: str = "") -> str:
        text = capital(of_its(Share(k, total), params, everything))
        return f"**{text}** {_were(k)} selected by {who}{tail}."

    if n == 2 or not multi:
        return [first(multi, two_or_more, "two or more of the area's institutes")]
    everyone, three = count(all_institutes=True), count(**three_or_more)
    two = multi - three
    all_n = every(n, "institute", shown=institutes_shown(numbers, n, area_id, word=True))
    # the KSAs three or more select: in a three-institute area, or where no KSA is selected
    # by fewer than all but more than two, those all of them select
    top_is_all = n == 3 or 0 < three == everyone
    top_params = EVERY_ONE if top_is_all else three_or_more
    # "three or more" itself, for what is derived from it; only in a three-institute area
    # are "all of them" and "three or more" the same KSAs whatever the data (with four, that
    # they are is the edition's, perhaps the model's), so only there is either name tried
    three_params, three_also = (EVERY_ONE, [three_or_more]) if n == 3 else (three_or_more, [])
    # "three or more" as the published report says it, even where none is selected by more
    # (that would make a model's zero the ground of a plain count)
    top_who = all_n if top_is_all else "three or more"

    def exactly_two(text: str | None = None) -> str:
        """Those two or more select less those three or more do."""
        return numbers.derived(two, AREA_KSAS, [
            ksas_shown(numbers, multi, area_id, **two_or_more),
            ksas_shown(numbers, three, area_id, **three_params, also=three_also)],
            text=text, area=area_id, min_institutes=2, max_institutes=2)

    def of_them_specific() -> str:
        """The KSAs three or more select that are specific to the area (the published
        electronics "9 ..., 4 of which are unique", energy/processes "only one of those KSAs
        is specific"); "none" and "all" keep the count's status. Not said where no KSA is
        selected by exactly two: the bullet on the shared KSAs that are specific says it."""
        if n < 3 or not two:
            return ""
        params = {**three_or_more, "specific": True}
        k = count(**params)
        also = [{**EVERY_ONE, "specific": True}]
        if three == 1:
            word = "specific" if k else "not specific"
            return f", {ksas_shown(numbers, k, area_id, text=word, also=also, **params)} " + (
                "to the area")
        which = "none" if not k else "all" if k == three else None
        return (f", {ksas_shown(numbers, k, area_id, text=which, also=also, **params)} of them "
                "specific to the area")

    if not three:  # all of them by exactly two
        none = ksas_shown(numbers, 0, area_id, text="none", **three_params, also=three_also)
        tail = (f", and {none} by {all_n if n == 3 else 'three or more'}" if multi < total
                else "")
        return [first(multi, two_or_more, "exactly two of the area's institutes", tail)]
    tail = f", and {exactly_two('none')} by exactly two" if multi < total else ""
    if not two:  # all of them by three or more
        who = all_n if top_is_all else f"{top_who} of the area's institutes"
        out = [first(three, top_params, who, of_them_specific() + tail)]
        if top_who == "three or more":  # how many of those by all of them, not yet said
            out.append(f"**{capital(of_its(Share(everyone, total), EVERY_ONE, everything))}**"
                       f" {_were(everyone)} selected by {all_n}.")
        return out
    out = [first(multi, two_or_more, "two or more of the area's institutes")]
    if top_is_all:
        out.append(first(everyone, EVERY_ONE, all_n,
                         f"{of_them_specific()}, and another {exactly_two()} by exactly two"))
        return out
    # "another" only after some
    out.append(first(everyone, EVERY_ONE, all_n,
                     f", and {'another ' if everyone else ''}{exactly_two()} by exactly two"))
    shown = ksas_shown(numbers, three, area_id, **three_or_more)
    out.append(f"**{shown}** {_were(three)} selected by {top_who}{of_them_specific()}.")
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
    has two or more; the KSAs all of them select, when it has three or more and some but not
    all of its KSAs are; where none is, the KSAs the most of them select, when that is three or
    more), its own ground (when no area has a larger share of KSAs of its own, and that share
    is over a quarter) and its partners outside (every other area, when each of two or more
    selects some of its KSAs, and the two areas its connections reach most); and, where a
    number they rest on is the reconstruction model's choice, that they read the model, not
    the institutes."""
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
        everyone = every(n, "institute", shown=institutes_shown(numbers, n, area_id, word=True))
        # the most of its institutes any one KSA reaches (two: the KSAs they share, said above)
        top = max((m for m in range(2, n + 1)
                   if area_ksa_count(fw, area_id, min_institutes=m)), default=0)
        if n >= 3 and 0 < k_all < total:  # the ground every one of them stands on (with two,
            # the KSAs two or more select)
            all_k = ksas_shown(numbers, k_all, area_id, all_institutes=True,
                               also=[{"min_institutes": n}])
            shown.append(all_k)
            parts.append(f"Training on the {plural(k_all, 'KSA', shown=all_k)} that {everyone} "
                         "select would serve each of them.")
        elif 3 <= top < n:  # none all of them select: the ground the most of them share
            none = ksas_shown(numbers, 0, area_id, text="None", all_institutes=True,
                              also=[{"min_institutes": n}])
            k_top = area_ksa_count(fw, area_id, min_institutes=top)
            top_k = ksas_shown(numbers, k_top, area_id, min_institutes=top,
                               also=[{"min_institutes": top, "max_institutes": top}])
            shown += [none, top_k]
            parts.append(f"{none} of its KSAs are selected by "
                         f"{everyone}, but training on the {plural(k_top, 'KSA', shown=top_k)} "
                         f"that {number_word(top)} or more of them select would reach more of them "
                         "than training on any other.")
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
    every_other = _other_areas(fw, area_id)
    ranked = [(o, m, c) for o, m, c in every_other if c]
    # the two areas it connects to most, and any tied with the second
    others = [x for i, x in enumerate(ranked) if i < 2 or x[2] == ranked[1][2]]
    # whether every other area (of two or more) selects some of its KSAs: the network is open
    overlap_all = len(every_other) >= 2 and len(ranked) == len(every_other)
    resting = every_other if overlap_all else others  # the counts the words rest on
    if overlap_all:
        if len(others) == len(every_other):  # those it connects to most, if not all of them
            others = [x for x in others if x[2] == others[0][2]]
        first = others if len(others) < len(every_other) else []
        partners = prose_list(markdown_text(m) for _, m, _ in first)
        selects = "area selects" if len(first) == 1 else "areas select"
        lead = "Both other areas select" if len(every_other) == 2 else "Every other area selects"
        parts.append(f"{lead} some of the same KSAs, so **its institutes can look for partners "
                     "anywhere in the network**"
                     + (f", first where they make the most connections: to KSAs the {partners} "
                        f"{selects}." if first else "."))
    elif others:
        partners = prose_list(markdown_text(m) for _, m, _ in others)
        selects = "area selects" if len(others) == 1 else "areas select"
        parts.append(f"Beyond the area, its institutes make the most connections to KSAs "
                     f"the {partners} {selects}: **"
                     f"{'that area is' if len(others) == 1 else 'those areas are'} where "
                     "to look for partners** across the network.")
    if resting:
        model = any(numbers.record(int(c), "area_connections_to_other_area", area=area_id,
                                   other_area=o).status == MODEL_CHOICE for o, _, c in resting)
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


