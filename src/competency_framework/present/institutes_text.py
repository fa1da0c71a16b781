"""What an institute's profile says in prose: how many of its KSAs are its alone
(`sole_ksas_text`), how many of its occupations others chose too, where its KSAs sit among
the competencies and which institutes it shares the most with."""

from __future__ import annotations

from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text
from competency_framework.present.prose import plural, prose_list, share_or_all, share_text
from competency_framework.present.tables import label_id
from competency_framework.statistics.profiles import (
    institute_competencies,
    institute_ksas_by_competency,
    institute_occupations,
    institute_shared_ksas,
    institute_summary,
)
from competency_framework.statistics.shares import Share


def sole_ksas_text(sole: int, total: int) -> str:
    """A sentence on how many of an institute's `total` KSAs no other institute selected."""
    if not total:
        return "It marked no KSA as essential."
    if sole == total:
        return "No other institute selected any of its KSAs."
    if sole == 0:
        return "Every one of its KSAs was selected by at least one other institute too."
    return f"No other institute selected {share_text(Share(sole, total), 'KSA', of='its')}."


def _name(fw: Framework, institute_id: str) -> str:
    return markdown_text(institute_summary(fw, institute_id)["name"])


def profile_occupations_paragraph(fw: Framework, institute_id: str) -> str:
    """What the institute's occupations table lists, and how many of its titles other
    institutes chose as well."""
    occupations = institute_occupations(fw, institute_id)
    shared_titles = Share(int((occupations["institutes"] > 1).sum()), len(occupations))
    return (
        f"@tbl-profile-occupations-{label_id(institute_id)} lists the occupations "
        f"{_name(fw, institute_id)} selected, with the KSAs it marked essential to each. Other "
        f"institutes chose {share_or_all(shared_titles, 'title', of='its')} as well."
    )


def profile_competencies_paragraph(fw: Framework, institute_id: str) -> str:
    """How many competencies the institute's KSAs fall under and which holds the most of
    them."""
    name, label = _name(fw, institute_id), label_id(institute_id)
    by_competency = institute_ksas_by_competency(fw, institute_id)
    if not len(by_competency):
        return (f"{name} marked no KSA as essential in this edition "
                f"(@tbl-profile-competencies-{label}).")
    competencies = institute_competencies(fw, institute_id)
    top = by_competency.sort_values("ksas", ascending=False, kind="stable").iloc[0]
    return (
        f"The KSAs of {name} fall under "
        f"{share_or_all(competencies, 'competency', 'competencies', of='the')}; most of them "
        f"under {markdown_text(top['code'])} {markdown_text(top['name'])} "
        f"({plural(int(top['ksas']), 'KSA')}, @tbl-profile-competencies-{label})."
    )


def profile_shared_paragraph(fw: Framework, institute_id: str) -> str:
    """How many institutes share KSAs with this one, which shares the most, and what it
    shares with the institutes of its own area."""
    shared = institute_shared_ksas(fw, institute_id)
    if not len(shared):
        return "The edition has no other institute to compare with."
    closest = shared.iloc[0]
    peers = shared.loc[shared["same_area"]]
    if len(peers):
        peer_text = "Within its own area it shares " + prose_list(
            f"{int(k)} with {markdown_text(n)}"
            for n, k in zip(peers["name"], peers["shared_ksas"], strict=True)) + "."
    else:
        peer_text = "It is the only institute of its area."
    most = Share(int(closest["shared_ksas"]), int(closest["own_ksas"]))
    return (
        f"{_name(fw, institute_id)} has KSAs in common with "
        f"{plural(int((shared['shared_ksas'] > 0).sum()), 'other institute')}; the most with "
        f"{markdown_text(closest['name'])} ({markdown_text(closest['area_name'])}): "
        f"{share_text(most, 'KSA', of='its')}. "
        f"{peer_text} @tbl-profile-shared-{label_id(institute_id)} lists every institute."
    )
