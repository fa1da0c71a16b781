"""The Manufacturing USA network in prose (`present.network_text`), from the tiny edition and
the published figures of data/published."""

import re
from dataclasses import replace

import pandas as pd
import pytest
from paths import TINY

from competency_framework.edition.framework import Network
from competency_framework.present import network_text as nt
from competency_framework.present.chapter import open_chapter
from competency_framework.present.numbers import SPAN, PlainNumbers, printed_numbers
from competency_framework.reference.published import load_published

PLAIN = PlainNumbers()


def plain(text: str) -> str:
    """`text` with each number span as the text it shows."""
    return SPAN.sub(lambda m: re.sub(r"\\(.)", r"\1", m["text"]), text)


@pytest.fixture(scope="module")
def ch():
    return open_chapter(TINY)


def test_network_comparison_pairs_2020_with_2024():
    assert nt.network_years() == ("2020", "2024")
    years = nt.network_comparison(load_published()).set_index("measure")
    institutes = years.loc["Manufacturing innovation institutes"]
    assert [institutes["before"], institutes["after"]] == ["16", "18"]
    assert institutes["ratio"] == pytest.approx(18 / 16)
    people = years.loc["People engaged in workforce learning"]
    assert [people["before"], people["after"]] == ["over 70,000", "over 200,000"]
    funds = years.iloc[-2]
    assert [funds["before"], funds["after"]] == ["$400 million", "$392 million"]
    assert pd.isna(funds["ratio"])  # money: the two years count different funds
    base = years.iloc[-1]
    assert [base["before"], base["after"]] == ["not stated", "$133 million"]
    assert pd.isna(base["value_before"])


def test_sponsors_paragraph(ch):
    text = nt.sponsors_paragraph(ch, PLAIN)
    partners = ch.published["network_2024.federal_agency_partners"].value
    assert text.startswith(  # the tiny edition names no network: plain words, no description
        "In this edition 3 sponsoring agencies (Department of Commerce, Department of "
        "Defense, and Department of Energy) sponsor 3 institutes "
        "(@tbl-agency-institutes); the 2025 report counts ")
    assert f"counts {['no', 'one', 'two', 'three', 'four', 'five', 'six'][partners]} further" in (
        text)


def test_the_network_in_the_editions_own_words(ch):
    """The descriptor's `network` words replace the plain ones, singular and plural."""
    words = Network.from_descriptor({"name": "Fab_Net", "member": "hub", "sponsor": "ministry",
                                     "sponsors": "ministries",
                                     "description": "Fab_Net *links* hubs."})
    named = replace(ch, fw=replace(ch.fw, network=words))
    text = nt.sponsors_paragraph(named, PLAIN)
    assert text.startswith("Fab\\_Net \\*links\\* hubs\\. In this edition 3 ministries (")
    assert ") sponsor 3 hubs (@tbl-agency-institutes)" in text
    assert nt.members_phrase(named.fw, "3") == "3 hubs of Fab\\_Net"
    assert nt.members_phrase(ch.fw, "3") == "3 institutes"
    one = replace(ch.fw, institutes=ch.fw.institutes.iloc[:1], network=words)
    assert nt.members_phrase(one, "one") == "one hub of Fab\\_Net"
    # words are text: escaped; a plural made from a singular follows English spelling
    hostile = Network.from_descriptor({"member": "<img src=x>", "sponsor": "agency *[@x]*"})
    assert hostile.sponsors == "agency *[@x]*s" and Network.from_descriptor(
        {"sponsor": "agency"}).sponsors == "agencies"
    text = nt.sponsors_paragraph(replace(ch, fw=replace(ch.fw, network=hostile)), PLAIN)
    assert "\\<img src\\=x\\>" in text and "[@x]" not in text  # Markdown-escaped
    assert "3 sponsoring" not in text and ") sponsor 3 " in text


def test_network_activity_quotes_the_published_figures(ch):
    text = plain(nt.network_activity(ch))
    assert text.startswith("## The network's activity in 2024\n\nThe 2025 report gives the "
                           "network's own figures for 2024: the institutes worked with over "
                           "3,100 member organizations on over 875 applied research")
    assert "They drew $392 million from state, federal and private sources, on top of $133 " in (
        text)
    assert text.endswith("in the 2020 piece *Our Network @ Work*.")


def test_network_change_paragraph(ch):
    text = plain(nt.network_change_paragraph(ch, PLAIN))
    assert text.startswith("In 2020, Manufacturing USA described its workforce work")
    assert "Through Technology* [@mfgusa-network-at-work-2020]. Set beside" in text
    assert ("it shows how the network changed in the counts both documents give: manufacturing "
            "innovation institutes from 16 to 18, member organizations from over 2,000 to over "
            "3,100, research and development projects from over 500 to over 875, and people "
            "engaged in workforce learning from over 70,000 to over 200,000. People engaged in "
            "workforce learning grew most, 2.9-fold. The funding figures") in text
    assert "The framework's data has 3 institutes in the tiny edition." in text


def test_network_years_table(ch):
    table = nt.network_years_table(ch)
    assert list(table.frame.columns) == ["Measure", "2020", "2024"]
    assert table.values().iloc[0].tolist() == ["Manufacturing innovation institutes", 16, 18]
    assert [n.status for n in table.frame.iloc[0, 1:]] == ["pinned", "pinned"]
    assert table.caption == "The network as the 2020 piece and the 2025 report describe it."
    assert table.label == "tbl-network-years"


def test_roles_paragraph(ch):
    text = plain(nt.roles_paragraph(ch))
    groups = ch.published["roles_of_the_future"].value
    assert len(groups) == 6 and sum(len(g["roles"]) for g in groups) == 20
    assert ("its Digital Workforce Succession in Manufacturing project picked 20 roles in six "
            "groups") in text
    assert text.count("\n- **") == 6
    # the piece maps no role onto the framework: nearest ground named, no claim made
    assert ("We take the framework's tier-5 competencies (5\\.1 Additive Manufacturing and "
            "5\\.4 NICE Framework\\/Cybersecurity) as its nearest part") in text
    assert "build on" not in text


def test_the_edition_s_counts_print_as_numbers():
    ch = open_chapter("data/raw/2025")
    found = {n.statistic: n.status
             for n in printed_numbers(nt.sponsors_paragraph(ch, ch.numbers))}
    assert found == {"agencies.rows": "pinned", "institutes_total": "pinned",
                     "published(entry=network_2024.federal_agency_partners)": "pinned"}
    change = printed_numbers(nt.network_change_paragraph(ch, ch.numbers))
    # the ratio of two published figures is fixed by them
    ratio = [n for n in change if n.statistic.startswith("network_growth_ratio")]
    assert [(n.text, n.status) for n in ratio] == [("2.9", "pinned")]
    quoted = [n for n in change if n.statistic.startswith("published(")]
    assert quoted and {n.status for n in quoted} == {"pinned"} and all(n.entry for n in quoted)
