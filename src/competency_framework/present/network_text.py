"""What the report says about the Manufacturing USA network, from the edition and from the
figures the published documents give: its sponsors (`sponsors_paragraph`), its activity
(`network_activity`), the network in 2020 beside 2024 (`network_comparison` and its table and
prose) and the roles of the future (`roles_paragraph`).

The published documents' figures are quoted as printed (`published_text`), as text, not as
numbers of this report; the edition's own counts and the growth this report computes from the
quoted figures print through `present.numbers`."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.present.chapter import Chapter
from competency_framework.present.citations import NETWORK_PIECE, cite
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import Numbers, PrintedNumber
from competency_framework.present.prose import capital, number_word, plural, prose_list
from competency_framework.present.published_text import published_text, source_year
from competency_framework.present.tables import ReportTable
from competency_framework.reference.published import Entry
from competency_framework.statistics.competencies import competency_definitions
from competency_framework.statistics.profiles import institutes_by_agency

NETWORK_MEASURES: tuple[tuple[str, str, str], ...] = (
    # (label, entry id in the 2020 piece, entry id in the 2025 report's 2024 figures)
    ("Manufacturing innovation institutes", "network_2020.institutes", "network_2024.institutes"),
    ("Member organizations", "network_2020.member_organizations",
     "network_2024.member_organizations"),
    ("Research and development projects", "network_2020.projects", "network_2024.projects"),
    ("People engaged in workforce learning", "network_2020.people_engaged",
     "network_2024.people_engaged"),
    ("Funds for the institutes' work (state, industry or private, and federal)",
     "network_2020.funds", "network_2024.funds_attracted"),
    ("Base federal funding, stated separately", "", "network_2024.base_federal_funding"),
)
ROLES_PIECE = "roles_of_the_future"  # the 2020 piece's roles, by group


def quote(ch: Chapter, entry_id: str | None, missing: str = "not stated") -> str:
    """A published figure as printed ("over 3,100", `published_text`), through the chapter's
    numbers (`Numbers.quoted`); `missing` where there is no entry."""
    if not isinstance(entry_id, str):  # None, or NaN in a frame
        return missing
    entry = ch.published[entry_id]
    return ch.numbers.quoted(entry.value, entry_id, text=published_text(entry))


def quote_record(ch: Chapter, entry_id: str | None) -> PrintedNumber | str:
    """`quote` as a table cell."""
    if not isinstance(entry_id, str):
        return "not stated"
    entry = ch.published[entry_id]
    return ch.numbers.quoted_record(entry.value, entry_id, text=published_text(entry))


def network_years() -> tuple[str, str]:
    """The two years the network's published figures describe, from the entry ids of
    `NETWORK_MEASURES` ("network_2020.*" and "network_2024.*")."""
    earlier = {source_year(old.split(".")[0]) for _, old, _ in NETWORK_MEASURES if old}
    later = {source_year(new.split(".")[0]) for _, _, new in NETWORK_MEASURES if new}
    return min(earlier), max(later)


def network_comparison(entries: Iterable[Entry]) -> pd.DataFrame:
    """The network's published figures for the earlier year (the 2020 piece) beside those
    for the later one (the 2025 report's 2024 figures), one row per measure, with the later
    figure as a multiple of the earlier where both are plain counts of the same thing.

    Columns: measure, before, after (as printed, "not stated" when absent), before_id,
    after_id (their entries), value_before, value_after (None when absent), ratio (float, NaN
    when not comparable).
    """
    by_id = {e.id: e for e in entries}
    rows = []
    for label, old_id, new_id in NETWORK_MEASURES:
        old, new = by_id.get(old_id), by_id.get(new_id)
        ratio = (new.value / old.value if old and new and old.kind == new.kind == "count"
                 and old.value else None)
        rows.append({
            "measure": label,
            "before": published_text(old) if old else "not stated",
            "after": published_text(new) if new else "not stated",
            "before_id": old_id if old else None,
            "after_id": new_id if new else None,
            "value_before": old.value if old else None,
            "value_after": new.value if new else None,
            "ratio": ratio,
        })
    out = pd.DataFrame(rows)
    out["ratio"] = out["ratio"].astype(float)
    return out


def members_phrase(fw: Framework, shown: str) -> str:
    """The edition's institutes as a sentence counts them, in its own words: "18
    manufacturing innovation institutes of Manufacturing USA" (`shown`: the printed count)."""
    net = fw.network
    members = plural(len(fw.institutes), markdown_text(net.member), markdown_text(net.members),
                     shown=shown)
    return f"{members} of {markdown_text(net.name)}" if net.name else members


def sponsors_paragraph(ch: Chapter, numbers: Numbers) -> str:
    """What the network is (the edition's own description, where it gives one), the sponsors
    of the edition's institutes, in the edition's words for them, and the further federal
    partners the published report counts, where it counts them."""
    fw = ch.fw
    net, esc = fw.network, markdown_text
    by_agency = institutes_by_agency(fw)
    departments = prose_list(markdown_text(n) for n in by_agency["agency_name"])
    agencies = numbers(len(by_agency), "agencies", part="rows")  # the departments listed
    n = numbers(len(fw.institutes), "institutes_total")
    text = f"{markdown_text(net.description)} " if net.description else ""
    sponsors = plural(len(by_agency), esc(net.sponsor), esc(net.sponsors), shown=agencies)
    text += (
        f"In this edition {sponsors} "
        f"({departments}) {'sponsors' if len(by_agency) == 1 else 'sponsor'} "
        f"{plural(len(fw.institutes), esc(net.member), esc(net.members), shown=n)} "
        "(@tbl-agency-institutes)"
    )
    partners = ch.published.get("network_2024.federal_agency_partners")
    if partners is None:
        return text + "."
    return text + (
        f"; the {ch.report_year} report counts "
        f"{numbers.quoted(partners.value, partners.id, text=number_word(partners.value))} "
        "further federal agencies among the network's partners."
    )


def network_activity(ch: Chapter) -> str:
    """A section on the network's own activity figures of the later year, quoted as the
    published report prints them."""
    def figure(entry_id: str) -> str:
        return quote(ch, entry_id)

    earlier, later = network_years()
    return (
        f"## The network's activity in {later}\n\n"
        f"The {ch.report_year} report gives the network's own figures for {later}: "
        f"the institutes worked with {figure('network_2024.member_organizations')} member "
        f"organizations on {figure('network_2024.projects')} applied research and development "
        "projects that industry ranks as high priority, and reached "
        f"{figure('network_2024.people_engaged')} people through education and workforce "
        f"activities. They drew {figure('network_2024.funds_attracted')} from state, federal "
        f"and private sources, on top of {figure('network_2024.base_federal_funding')} of base "
        "federal funding.\n\n"
        "These figures describe the network, not the framework: its record-level data cannot "
        "recompute them, so they are quoted as printed and the audit carries them as context. A "
        f"later chapter sets them beside the network's figures in the {earlier} piece *Our "
        "Network @ Work*."
    )


def network_change_paragraph(ch: Chapter, numbers: Numbers) -> str:
    """How the network changed between the two years in the counts both documents give, which
    grew most, and what the framework's own data adds."""
    fw = ch.fw
    _, later = network_years()
    piece_year = source_year(ch.published[ROLES_PIECE].source)
    years = network_comparison(ch.published.values())
    both = years.loc[years["ratio"].notna()]
    growth = prose_list(
        f"{markdown_text(m[0].lower() + m[1:])} from {quote(ch, a)} to {quote(ch, b)}"
        for m, a, b in zip(both["measure"], both["before_id"], both["after_id"], strict=True))
    fastest = both.iloc[int(both["ratio"].to_numpy().argmax())]
    # the ratio of two published figures, fixed by them as they are printed
    quoted = [numbers.quoted_record(ch.published[i].value, i) for i in
              (fastest["before_id"], fastest["after_id"])]
    fold = numbers.derived(round(float(fastest["ratio"]), 1), "network_growth_ratio", quoted,
                           text=f"{fastest['ratio']:.1f}", measure=fastest["measure"])
    most = (f"{capital(markdown_text(fastest['measure'].lower()))} grew most, "
            f"{fold}-fold. " if fastest["ratio"] > 1 else "")
    institutes = plural(len(fw.institutes), "institute",
                        shown=numbers(len(fw.institutes), "institutes_total"))
    return (
        f"In {piece_year}, Manufacturing USA described its workforce work in a short piece, "
        "*Our Network @ Work: Connecting Manufacturers and Workers Through Technology* "
        f"{cite(NETWORK_PIECE)}. Set "
        f"beside the figures the {ch.report_year} report gives for {later} "
        "(@tbl-network-years), it shows how the network changed in the counts both documents "
        f"give: {growth}. {most}The funding figures are not directly comparable, because the "
        "later report separates the base federal funding from the funds the institutes "
        "attracted.\n\n"
        f"The framework's data has {institutes} in the "
        f"{markdown_text(fw.edition)} edition. All other figures in this chapter are quoted as "
        "the two documents print them; the framework's data cannot recompute them."
    )


def network_years_table(ch: Chapter) -> ReportTable:
    """The network's figures in the earlier piece beside the published report's."""
    earlier, later = network_years()
    piece_year = source_year(ch.published[ROLES_PIECE].source)
    years = network_comparison(ch.published.values())
    frame = pd.DataFrame({"Measure": years["measure"],
                          earlier: [quote_record(ch, i) for i in years["before_id"]],
                          later: [quote_record(ch, i) for i in years["after_id"]]})
    return ReportTable(
        frame, f"The network as the {piece_year} piece and the {ch.report_year} report describe "
        "it.", "tbl-network-years")


def roles_paragraph(ch: Chapter) -> str:
    """The roles of the future the earlier piece lists, by group, and how they relate to the
    framework's tier-5 competencies."""
    piece = ch.published[ROLES_PIECE]
    groups = piece.value
    taxonomy = ch.published["roles_2020.taxonomy_roles"]
    tier5 = competency_definitions(ch.fw, 5)
    n_roles = sum(len(g["roles"]) for g in groups)
    groups_word = ch.numbers.quoted(len(groups), piece.id, part="rows",
                                    text=number_word(len(groups)))
    listing = "\n".join(f"- **{markdown_text(g['group'])}**: "
                        + prose_list(markdown_text(r) for r in g["roles"]) for g in groups)
    fields = prose_list(f"{markdown_text(c)} {markdown_text(n)}"
                        for c, n in zip(tier5["code"], tier5["name"], strict=True))
    return (
        f"The {source_year(piece.source)} piece reports on the Digital Manufacturing Jobs "
        f"Taxonomy that MxD built with ManpowerGroup: {quote(ch, taxonomy.id)} manufacturing "
        "roles that digital technology will create or change. From them, its Digital Workforce "
        "Succession in Manufacturing project picked "
        f"{plural(n_roles, 'role', shown=ch.numbers.quoted(n_roles, piece.id, part='roles'))} "
        f"in {groups_word} "
        "groups as the bridge from today's workforce to "
        f"tomorrow's:\n\n{listing}\n\n"
        "These roles sit above the entry level that the framework describes, and the piece "
        "does not map them onto it. We take the framework's tier-5 competencies "
        f"({fields}) as its nearest part; which of them a given role draws on is for the "
        "reader to judge."
    )
