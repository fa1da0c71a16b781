"""What an institute's profile says in prose: its counts and how many of its KSAs are its
alone (`profile_summary_paragraph`, `sole_ksas_text`), how many of its occupations others
chose too, where its KSAs sit among the competencies and which institutes it shares the most
with.

Every number is printed through `present.numbers` under a statistic with the parameter
`institute` (the profiled institute's id); the published report prints nothing per institute,
so in a reconstructed edition they are the model's choices, apart from the framework's count
of competencies."""

from __future__ import annotations

from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import Numbers
from competency_framework.present.prose import (
    ShownShare,
    plural,
    prose_list,
    share_or_all,
    share_text,
)
from competency_framework.present.tables import CONTENTS_STATISTICS, label_id
from competency_framework.statistics.profiles import (
    institute_competencies,
    institute_ksas_by_competency,
    institute_occupations,
    institute_shared_ksas,
    institute_summary,
)
from competency_framework.statistics.shares import Share


def sole_ksas_text(numbers: Numbers, institute_id: str, sole: int, total: int) -> str:
    """A sentence on how many of an institute's `total` KSAs no other institute selected."""
    if not total:
        return "It marked no KSA as essential."
    if sole == total:
        return "No other institute selected any of its KSAs."
    if sole == 0:
        return "Every one of its KSAs was selected by at least one other institute too."
    share = Share(sole, total)
    shown = numbers.share(share, "institute_sole_ksas", institute=institute_id)
    return f"No other institute selected {share_text(share, 'KSA', of='its', shown=shown)}."


def _name(fw: Framework, institute_id: str) -> str:
    return markdown_text(institute_summary(fw, institute_id)["name"])


def profile_summary_paragraph(fw: Framework, numbers: Numbers, institute_id: str) -> str:
    """The institute's area and sponsor, its occupation selections, KSAs and connections, and
    how many of its KSAs are its alone (`sole_ksas_text`)."""
    me = institute_summary(fw, institute_id)

    def count(column: str, noun: str, statistic: str) -> str:
        k = int(me[column])
        return plural(k, noun, shown=numbers(k, statistic, institute=institute_id))
    if not int(me["selections"]):
        return (f"{markdown_text(me['name'])} belongs to the {markdown_text(me['area_name'])} "
                f"technology area and is sponsored by the {markdown_text(me['agency_name'])}. "
                "It selected no occupation in this edition, so it has no KSAs or connections.")
    return (
        f"{markdown_text(me['name'])} belongs to the {markdown_text(me['area_name'])} technology "
        f"area and is sponsored by the {markdown_text(me['agency_name'])}. It made "
        f"{count('selections', 'occupation selection', 'institute_occupation_selections')} and "
        f"marked {count('ksas', 'KSA', 'institute_ksas')} as essential to at least one of them, "
        f"through {count('connections', 'connection', 'institute_connections')}. "
        + sole_ksas_text(numbers, institute_id, int(me["sole_ksas"]), int(me["ksas"]))
    )


def profile_occupations_paragraph(fw: Framework, numbers: Numbers, institute_id: str) -> str:
    """What the institute's occupations table lists, and how many of its titles other
    institutes chose as well."""
    occupations = institute_occupations(fw, institute_id)
    if not len(occupations):
        return f"{_name(fw, institute_id)} selected no occupation in this edition."
    shared_titles = Share(int((occupations["institutes"] > 1).sum()), len(occupations))
    statistic, params = "institute_titles_chosen_by_others", {"institute": institute_id}
    shared = share_or_all(shared_titles, "title", of="its",
                          shown=numbers.share(shared_titles, statistic, **params),
                          shown_word=numbers.word(shared_titles.denominator, statistic,
                                                  part="denominator", **params))
    return (
        f"@tbl-profile-occupations-{label_id(institute_id)} lists the occupations "
        f"{_name(fw, institute_id)} selected, with the KSAs it marked essential to each. Other "
        f"institutes chose {shared} as well."
    )


def profile_competencies_paragraph(fw: Framework, numbers: Numbers, institute_id: str) -> str:
    """How many competencies the institute's KSAs fall under and which holds the most of
    them. The competencies of the framework are its count of competencies (as the published
    report counts the core competencies)."""
    name, label = _name(fw, institute_id), label_id(institute_id)
    by_competency = institute_ksas_by_competency(fw, institute_id)
    if not len(by_competency):
        return (f"{name} marked no KSA as essential in this edition "
                f"(@tbl-profile-competencies-{label}).")
    competencies = institute_competencies(fw, institute_id)
    mine = numbers.share(competencies, "institute_competencies", institute=institute_id)
    total, params = CONTENTS_STATISTICS["competencies"]
    shown = ShownShare(mine.numerator, numbers(competencies.denominator, total, **params),
                       mine.percent)
    top = by_competency.sort_values("ksas", ascending=False, kind="stable").iloc[0]
    top_ksas = plural(int(top["ksas"]), "KSA", shown=numbers(
        int(top["ksas"]), "institute_ksas_under_competency", institute=institute_id,
        code=str(top["code"])))
    under = share_or_all(competencies, "competency", "competencies", of="the", shown=shown,
                         shown_word=numbers.word(competencies.denominator, total, **params))
    # "most of them" only where it is more than half of its KSAs; else "the most", and a tie
    # for the most said as such
    counts = by_competency["ksas"].astype(int).sort_values(ascending=False).tolist()
    total_ksas = int(institute_summary(fw, institute_id)["ksas"])
    most = "most of them" if 2 * counts[0] > total_ksas else "the most"
    tied = ", as many as under another" if len(counts) > 1 and counts[1] == counts[0] else ""
    return (
        f"The KSAs of {name} fall under {under}; {most} "
        f"under {markdown_text(top['code'])} {markdown_text(top['name'])} "
        f"({top_ksas}{tied}, @tbl-profile-competencies-{label})."
    )


def profile_shared_paragraph(fw: Framework, numbers: Numbers, institute_id: str) -> str:
    """How many institutes share KSAs with this one, which shares the most, and what it
    shares with the institutes of its own area."""
    shared = institute_shared_ksas(fw, institute_id)
    if not len(shared):
        return "The edition has no other institute to compare with."
    if not int(shared["own_ksas"].iloc[0]):
        return (f"{_name(fw, institute_id)} has no KSA in this edition, so none in common with "
                "another institute.")
    if not int(shared["shared_ksas"].max()):
        return (f"{_name(fw, institute_id)} has no KSA in common with another institute: no "
                "other institute selected any of its KSAs.")

    def in_common(other: str, k: int) -> str:
        return numbers(k, "institute_shared_ksas", part="numerator", institute=institute_id,
                       other=other)

    closest = shared.iloc[0]
    peers = shared.loc[shared["same_area"]]
    if len(peers):
        peer_text = "Within its own area it shares " + prose_list(
            f"{in_common(o, int(k))} with {markdown_text(n)}"
            for o, n, k in zip(peers["other_institute_id"], peers["name"],
                               peers["shared_ksas"], strict=True)) + "."
    else:
        peer_text = "It is the only institute of its area."
    most = Share(int(closest["shared_ksas"]), int(closest["own_ksas"]))
    most_shown = numbers.share(most, "institute_shared_ksas", institute=institute_id,
                               other=closest["other_institute_id"])
    partners = int((shared["shared_ksas"] > 0).sum())
    partners_shown = numbers(partners, "institutes_sharing_ksas", institute=institute_id)
    return (
        f"{_name(fw, institute_id)} has KSAs in common with "
        f"{plural(partners, 'other institute', shown=partners_shown)}; the most with "
        f"{markdown_text(closest['name'])} ({markdown_text(closest['area_name'])}): "
        f"{share_text(most, 'KSA', of='its', shown=most_shown)}. "
        f"{peer_text} @tbl-profile-shared-{label_id(institute_id)} lists the other institutes, "
        "closest first."
    )
