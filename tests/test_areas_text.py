"""What the report says about technology areas (`present.areas_text`): the highlights on the
handmade edition (see test_statistics_areas.py for its data), the area chapter's prose on the
tiny edition (Biomanufacturing: Alpha and Beta, KSAs k1 k2 k3, k3 its own; Digital/Automation:
Gamma, KSAs k1 k2 k4 k5) and on the tiny edition cut down to one area."""

import re
from dataclasses import replace

import pandas as pd
import pytest
from chapter_helpers import entry
from paths import EDITION_2025, TINY

from competency_framework.present import areas_text as at
from competency_framework.present.chapter import Chapter, open_chapter
from competency_framework.present.numbers import SPAN, PlainNumbers, printed_numbers

PLAIN = PlainNumbers()


def selecting(fw, areas: dict[str, dict[str, str]]):
    """`fw` (the handmade edition) with only the institutes of `areas` ({area_id: {institute:
    "k01 k02 ..."}}), each selecting the KSAs listed for one occupation ("eng")."""
    rows = [(i, a, k) for a, members in areas.items() for i, ksas in members.items()
            for k in ksas.split()]
    ids = list(dict.fromkeys((i, a) for i, a, _ in rows))
    institutes = pd.DataFrame({"institute_id": [i for i, _ in ids],
                               "name": [f"{i.upper()} Institute" for i, _ in ids],
                               "area_id": [a for _, a in ids], "agency_id": "dod"},
                              dtype="string")
    return replace(
        fw, technology_areas=fw.technology_areas.loc[fw.technology_areas["area_id"].isin(
            areas)].reset_index(drop=True),
        institutes=institutes,
        institute_occupations=pd.DataFrame({"institute_id": [i for i, _ in ids],
                                            "occupation_id": "eng"}, dtype="string"),
        essential_ksas=pd.DataFrame({"institute_id": [i for i, _, _ in rows],
                                     "occupation_id": "eng",
                                     "ksa_id": [k for _, _, k in rows]}, dtype="string"))


def sharing(fw, area_id: str = "dig") -> list[str]:
    """The highlights on sharing within the area (those before the specific KSAs')."""
    lines = at.area_highlights(fw, PLAIN, area_id)
    return lines[:next(i for i, x in enumerate(lines) if "no institute of another" in x)]


def plain(markdown: str) -> str:
    """`markdown` with each number span as its text."""
    return SPAN.sub(lambda m: m["text"], markdown)


@pytest.fixture(scope="module")
def tiny_chapter():
    return open_chapter(TINY)


@pytest.fixture(scope="module")
def one_area(tiny_chapter):
    """The tiny edition without Gamma, its area and the KSAs only it selected (k4, k5)."""
    fw = tiny_chapter.fw
    return replace(
        fw, technology_areas=fw.technology_areas.iloc[:1],
        institutes=fw.institutes.loc[fw.institutes["institute_id"] != "gamma"],
        institute_occupations=fw.institute_occupations.loc[
            fw.institute_occupations["institute_id"] != "gamma"],
        essential_ksas=fw.essential_ksas.loc[fw.essential_ksas["institute_id"] != "gamma"],
        ksas=fw.ksas.loc[fw.ksas["ksa_id"].isin(["k1", "k2", "k3"])])


def test_area_highlights_in_a_three_institute_area(handmade):
    # bio: k01 k02 by all three institutes, k03 k05 k06 by one; specific k02 k06 (tier 4)
    assert at.area_highlights(handmade, PLAIN, "bio") == [
        # all two or more select, all three do: said once
        "**2 of its 5 KSAs (40%)** were selected by all three institutes, and none by "
        "exactly two.",
        "**2 of its 5 KSAs (40%)** are specific to the area: no institute of another area "
        "selected them.",
        "Of the 2 KSAs that two or more of its institutes share, 1 (50%) is specific to the "
        "area.",
        "None of its specific KSAs fall under the tier-5 competencies, "
        "*Advanced Manufacturing Sector Technical Competencies*.",
    ]


def test_area_highlights_in_two_and_one_institute_areas(handmade):
    # dig: k07 k08 by both institutes; specific k07 k08 k09 k10, all tier 5
    assert at.area_highlights(handmade, PLAIN, "dig") == [
        "**2 of its 7 KSAs (29%)** were selected by two or more of the area's institutes.",
        "**4 of its 7 KSAs (57%)** are specific to the area: no institute of another area "
        "selected them.",
        "Of the 2 KSAs that two or more of its institutes share, all are specific to the area.",
        "All four specific KSAs fall under the tier-5 competencies, "
        "*Advanced Manufacturing Sector Technical Competencies*.",
    ]
    # mat: one institute, KSAs k01 (shared with other areas) and k04 (specific, tier 4)
    assert at.area_highlights(handmade, PLAIN, "mat") == [
        "**1 of its 2 KSAs (50%)** is specific to the area: no institute of another area "
        "selected them.",
        "None of its specific KSAs fall under the tier-5 competencies, "
        "*Advanced Manufacturing Sector Technical Competencies*.",
    ]


def test_areas_intro_counts_institutes_and_areas(tiny_chapter):
    assert at.areas_intro_paragraph(tiny_chapter.fw, PLAIN).endswith(
        "the analysis groups the 3 institutes into 2 technology areas (@tbl-area-institutes).")


def test_areas_overview_names_the_area_with_most_ksas_of_its_own(tiny_chapter, handmade):
    text = at.areas_overview_paragraph(tiny_chapter.fw, PLAIN)
    assert "Digital\\/Automation has the most KSAs of its own: 2 that no other area selected." in (
        text)
    assert text.startswith("**Working with peers in the same area")
    # the handmade edition's areas: 2 institutes and 1; with no area of one, every one has peers
    assert "every institute with a peer in its area has that opening" in text
    both = selecting(handmade, {"dig": {"d1": "k01", "d2": "k02"}, "mat": {"m1": "k01",
                                                                       "m2": "k03"}})
    assert "every institute has peers in its own area" in at.areas_overview_paragraph(both, PLAIN)
    alone = selecting(handmade, {"dig": {"d1": "k01 k02"}, "mat": {"m1": "k01"}})
    assert "though no institute of this edition has a peer in its own area" in (
        at.areas_overview_paragraph(alone, PLAIN))


def test_area_summary_lists_institutes_highlights_and_caveats(tiny_chapter):
    fw = tiny_chapter.fw
    marked = at.area_summary_paragraph(tiny_chapter, "biomanufacturing")
    text = plain(marked)
    assert text.startswith(
        "Biomanufacturing has 2 institutes: **Alpha Institute** and **Beta Institute**. Together "
        "they made 3 occupation selections and marked 3 KSAs as essential for at least one of "
        "them, through 6 connections.\n\n")
    highlights = at.area_highlights(fw, tiny_chapter.numbers, "biomanufacturing")
    assert "\n".join(f"- {h}" for h in highlights) in marked
    # every number a span: the tiny edition is reconstructed and fits no published figure
    numbers = printed_numbers(marked)
    assert [(n.statistic, n.text, n.status) for n in numbers[:4]] == [
        ("area_institutes(columns=[area, area_id, institute])[area_id=biomanufacturing].rows",
         "2", "model-choice"),
        ("area_occupation_selections(area=biomanufacturing)", "3", "model-choice"),
        ("area_ksas_by_institute_count(area=biomanufacturing, min_institutes=1)", "3",
         "model-choice"),
        ("area_connections_total(area=biomanufacturing)", "6", "model-choice")]
    assert text.endswith("@tbl-area-sharing-biomanufacturing breaks the KSAs down by how many "
                         "of the area's institutes selected them.")
    assert plain(at.area_summary_paragraph(tiny_chapter, "digital_automation")).startswith(
        "Digital\\/Automation has 1 institute: **Gamma Institute**. It made 2 occupation")
    # the published report's caveats, only where its figures describe the edition
    entries = [entry("areas.biomanufacturing.note", "text", "Counts *exclude* one institute."),
               entry("areas.biomanufacturing.ksas"), entry("areas.materials.note", "text", "x")]
    for edition, caveat in (("2025", True), ("tiny", False)):
        ch = Chapter(replace(fw, edition=edition), {e.id: e for e in entries}, "2025")
        text = plain(at.area_summary_paragraph(ch, "biomanufacturing"))
        assert text.endswith(" The 2025 report adds a caveat about this area's data: "
                             "\u201cCounts \\*exclude\\* one institute\\.\u201d") is caveat
        assert text.count("caveat") == caveat


def test_area_reach_counts_connections_into_each_other_area(tiny_chapter, one_area):
    assert at.area_reach_paragraph(tiny_chapter.fw, PLAIN, "biomanufacturing") == (
        "Outside the area, the connections of Biomanufacturing institutes reach KSAs that other "
        "areas select too (@fig-area-connections-biomanufacturing): Digital\\/Automation (4 "
        "connections). Each count is the number of connections Biomanufacturing institutes "
        "make to KSAs the other area also selects, so it differs from the count in the other "
        "direction.")
    assert at.area_reach_paragraph(one_area, PLAIN, "biomanufacturing") == (
        "The edition has no other technology area to compare with.")


def test_other_areas_figure_only_where_there_are_other_areas(tiny_chapter, one_area, tmp_path):
    figure = at.other_areas_figure(tiny_chapter.fw, "digital_automation", tmp_path,
                                   source="notebooks/x.ipynb", numbers=PLAIN)
    assert figure is not None and "{#fig-area-connections-digital-automation" in (
        figure.markdown())
    assert at.other_areas_figure(one_area, "biomanufacturing", tmp_path / "none",
                                 numbers=PLAIN) is None
    assert not (tmp_path / "none").exists()


LENGTHS = {n: dict.fromkeys(at.SCOPES, n) for n in (1, 5)}


def test_each_list_is_as_long_as_the_published_report_prints_it(tiny_chapter):
    # the tiny edition is not the one the published report describes: the default length
    fw = tiny_chapter.fw
    assert at.printed_list_lengths(fw, tiny_chapter.published, "biomanufacturing", 5) == {
        "specific": 5, "network-wide": 5}


@pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(), reason="no 2025 data")
def test_2025_lists_are_as_long_as_the_published_ones():
    ch = open_chapter(EDITION_2025)
    lengths = {a: at.printed_list_lengths(ch.fw, ch.published, a, 5)
               for a in ch.fw.technology_areas["area_id"]}
    # as printed: Energy/Processes lists 3 KSAs of its own and 5 shared ones
    assert lengths["energy_processes"] == {"specific": 3, "network-wide": 5}
    assert lengths["electronics"] == {"specific": 4, "network-wide": 4}
    tables = at.frequent_ksas_tables(ch.fw, ch.numbers, "energy_processes",
                                     lengths["energy_processes"])
    specific = tables.split("{#tbl-area-specific-energy-processes}")[0]
    assert specific.count("\n| ") == 3  # three rows under the heading and its rule


def test_frequent_ksas_paragraph_notes_the_placeholders_listed(tiny_chapter):
    fw = tiny_chapter.fw
    text = at.frequent_ksas_paragraph(fw, PLAIN, "biomanufacturing", LENGTHS[5])
    assert "(@tbl-area-specific-biomanufacturing)" in text
    assert "(@tbl-area-network-biomanufacturing)" in text
    # listed: k3 (specific, a placeholder), k1 and k2 (shared)
    assert text.endswith(" One of the 3 KSAs listed holds a placeholder statement: the "
                         "published report counts it but never prints its wording, so the "
                         "reconstruction marks where it sits without inventing what it says.")
    assert at.frequent_ksas_paragraph(fw, PLAIN, "biomanufacturing", LENGTHS[1]).endswith(
        "where it can look to peers across the network. One of the 2 KSAs listed holds a "
        "placeholder statement: the published report counts it but never prints its "
        "wording, so the reconstruction marks where it sits without inventing what it says.")
    text = at.frequent_ksas_paragraph(fw, PLAIN, "digital_automation", LENGTHS[5])
    assert text.count("placeholder") == 1


def test_an_empty_list_of_frequent_ksas_is_said_and_its_table_left_out(tiny_chapter):
    """Without its one specific KSA (k3), biomanufacturing's specific list is empty: the
    paragraph says so and names no table, and only the shared list's table is printed; with
    every institute in one area, nothing is shared."""
    fw = tiny_chapter.fw
    ek = fw.essential_ksas
    no_k3 = replace(fw, essential_ksas=ek.loc[ek["ksa_id"] != "k3"].reset_index(drop=True))
    text = at.frequent_ksas_paragraph(no_k3, PLAIN, "biomanufacturing", LENGTHS[5])
    assert text.startswith("No KSA is specific to Biomanufacturing: another area selects every "
                           "KSA its institutes select; the KSAs it has in common")
    assert "@tbl-area-specific" not in text
    tables = at.frequent_ksas_tables(no_k3, PLAIN, "biomanufacturing", LENGTHS[5])
    assert "{#tbl-area-network-biomanufacturing}" in tables and "tbl-area-specific" not in tables
    one_area = replace(fw, institutes=fw.institutes.assign(area_id="biomanufacturing"))
    text = at.frequent_ksas_paragraph(one_area, PLAIN, "biomanufacturing", LENGTHS[5])
    assert "; no other area selects any of its KSAs." in text and "@tbl-area-network" not in text
    tables = at.frequent_ksas_tables(one_area, PLAIN, "biomanufacturing", LENGTHS[5])
    assert "tbl-area-specific-biomanufacturing" in tables and "tbl-area-network" not in tables


def test_an_area_closes_on_where_its_numbers_point(tiny_chapter):
    """Common ground when more than half of its KSAs are shared by two or more institutes,
    few shared otherwise; training of its own for the area with the largest share of KSAs
    of its own (over a quarter); the areas its connections reach most."""
    fw = tiny_chapter.fw
    bio = at.area_closing_paragraph(fw, PLAIN, "biomanufacturing")
    assert bio.startswith("Most of the area's KSAs (67%) are selected by two or more of its "
                          "institutes: **the Biomanufacturing institutes can build training "
                          "together**")
    assert "training of its own" not in bio
    assert bio.endswith("KSAs the Digital\\/Automation area selects: **that area is where to "
                        "look for partners** across the network.")
    digital = at.area_closing_paragraph(fw, PLAIN, "digital_automation")
    assert digital.startswith("No area has a larger share of KSAs of its own (50%): "
                              "**Digital\\/Automation will need training of its own**")
    assert "two or more of its institutes" not in digital  # one institute: nothing to share
    one_area = replace(fw, institutes=fw.institutes.assign(area_id="biomanufacturing"))
    alone = at.area_closing_paragraph(one_area, PLAIN, "biomanufacturing")
    assert alone.startswith("Most of the area's KSAs (60%)")  # and nothing to compare with:
    assert "Beyond the area" not in alone and "of its own" not in alone


def test_an_area_description_opens_its_chapter_when_the_edition_has_one(tiny_chapter):
    fw = tiny_chapter.fw
    assert at.area_description(fw, "biomanufacturing") == ""
    described = fw.technology_areas.assign(
        description=["Cells *grown* at scale.", ""])
    ch = replace(tiny_chapter, fw=replace(fw, technology_areas=described))
    assert at.area_summary_paragraph(ch, "biomanufacturing").startswith(
        "Cells \\*grown\\* at scale\\.\n\nBiomanufacturing has ")
    assert at.area_summary_paragraph(ch, "digital_automation").startswith("Digital")


@pytest.mark.build
def test_area_highlights_of_2025_are_pinned_where_the_report_prints_them():
    """Each count takes the part of the published entry that prints it: digital/automation's
    specific KSAs are a percent ("56 of 104 (54%)"), electronics' a count ("39")."""
    if not (EDITION_2025 / "datapackage.json").is_file():
        pytest.skip("data/raw/2025 is not built yet")
    ch = open_chapter(EDITION_2025)

    def status(area_id: str) -> dict[str, str]:
        text = "\n".join(at.area_highlights(ch.fw, ch.numbers, area_id))
        return {f"{n.statistic} {n.text}": n.status for n in printed_numbers(text)}

    digital = status("digital_automation")
    specific = ("area_ksas_by_institute_count(area=digital_automation, min_institutes=1, "
                "specific=True)")
    assert {digital[f"{specific}.{p} {t}"] for p, t in (("numerator", "56"), ("percent", "54%"))
            } == {"pinned"}
    # a share's total is named as a count of its own ("its 104 KSAs")
    total = "area_ksas_by_institute_count(area=digital_automation, min_institutes=1)"
    assert digital[f"{total} 104"] == "pinned"
    tier5 = specific.replace("specific=True)", "specific=True, tier=5)")
    assert digital[f"{tier5}.numerator 30"] == "pinned"
    electronics = status("electronics")
    assert electronics[specific.replace("digital_automation", "electronics") + " 39"] == "pinned"
    assert electronics["area_ksas_by_institute_count(area=electronics, min_institutes=3) 9"] == (
        "pinned")
    # "all three institutes": the rows of Table 2 in the area
    bio = status("biomanufacturing")
    assert bio["area_institutes(columns=[area, area_id, institute])[area_id=biomanufacturing]"
               ".rows three"] == "pinned"
    assert bio["area_ksas_by_institute_count(area=biomanufacturing, all_institutes=True)"
               ".numerator 41"] == (
        "pinned")


def test_2025_sharing_is_said_once():
    """Digital/Automation 2025: 36 KSAs that exactly two of its five institutes select and
    none that three or more do, in one sentence (not "none by all five", then "none by three
    or more"); Electronics: none that all four select, and the 9 that three or more select
    said as the published report says them (not "exactly three", which would rest a plain
    count on the model's zero)."""
    from paths import EDITION_2025

    from competency_framework import load_edition

    fw = load_edition(EDITION_2025)
    assert sharing(fw, "digital_automation") == [
        "**36 of its 104 KSAs (35%)** were selected by exactly two of the area's "
        "institutes, and none by three or more."]
    assert sharing(fw, "electronics") == [
        "**34 of its 78 KSAs (44%)** were selected by two or more of the area's institutes.",
        "**None of its KSAs** were selected by all four institutes, and 25 by exactly two.",
        "**9** were selected by three or more, 4 of them specific to the area."]
    # the word keeps the number's status: a zero no published figure fixes is marked
    ch = open_chapter(EDITION_2025)
    # 51% of the 55 shared: only 28 rounds to it, so the published figures fix the count
    bio = " ".join(at.area_highlights(ch.fw, ch.numbers, "biomanufacturing"))
    assert re.search(r"share, \[28\]\{\.number data-status=\"pinned\"", bio), bio
    marked = at.area_highlights(ch.fw, ch.numbers, "digital_automation")
    assert ", and [none^\N{DAGGER}^]{.number data-status=\"model-choice\" " + (
        "data-statistic=\"area_ksas_by_institute_count(area=digital_automation, "
        "min_institutes=3)\"") in marked[0]


@pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(), reason="no 2025 data")
def test_shared_and_specific_take_the_published_base_and_caveat_the_model():
    """The KSAs both shared and specific, on the base the published report gives them: of the
    specific KSAs where a published figure pins it (Digital/Automation's "32 of those 56"),
    else of the shared ones (Biomanufacturing's 51% of 55); the closing suggestions say when a
    number they rest on is the model's choice, and only then."""
    ch = open_chapter(EDITION_2025)
    line = {a: next(plain(x).replace("\\", "").replace("^", "")
                    for x in at.area_highlights(ch.fw, ch.numbers, a) if x.startswith("Of "))
            for a in ("biomanufacturing", "digital_automation", "materials")}
    assert line["digital_automation"] == ("Of its 56 specific KSAs, 32 (57%) are shared by two "
                                          "or more of its institutes.")
    assert line["biomanufacturing"] == ("Of the 55 KSAs that two or more of its institutes "
                                        "share, 28 (51%) are specific to the area.")
    assert line["materials"].startswith("Of the 27 KSAs that two or more of its institutes")
    # Biomanufacturing's partners rest on daggered counts, Digital/Automation's common
    # ground on a daggered share; the other areas' suggestions on pinned figures
    caveated = {a for a in ch.fw.technology_areas["area_id"]
                if "reconstruction model's choice" in at.area_closing_paragraph(
                    ch.fw, ch.numbers, a)}
    # and Electronics' closing on the KSAs the most of its institutes select, resting on a
    # daggered zero (none selected by all four)
    assert caveated == {"biomanufacturing", "digital_automation", "electronics"}
    # the ground all of an area's institutes share, where some but not all of its KSAs are
    energy = plain(at.area_closing_paragraph(ch.fw, ch.numbers, "energy_processes"))
    assert "Training on the 4 KSAs that all three institutes select would serve each" in energy
    electronics = plain(at.area_closing_paragraph(ch.fw, ch.numbers, "electronics"))
    assert "Training on" not in electronics
    assert ("None of its KSAs are selected by all four institutes, but training on "
            "the 9 KSAs that three or more of them select would reach more of them than "
            "training on any other.") in electronics
    # every other area selects some of each area's KSAs (the published electronics closing)
    for a in ch.fw.technology_areas["area_id"]:
        assert "Every other area selects some of the same KSAs" in at.area_closing_paragraph(
            ch.fw, ch.numbers, a)


# Sharing within an area, each fact said once, on editions made for it: the area under test is
# dig (Digital/Automation); mat (Materials) selects k01, so k01 is not specific to dig.
MAT = {"m1": "k01"}


def test_sharing_with_none_by_three_or_more_is_said_once(handmade):
    """Five institutes, the shared KSAs each by two (most of them: 2 of 3): that none is
    selected by three or more says that none is by all five."""
    fw = selecting(handmade, {"dig": {"d1": "k01", "d2": "k01", "d3": "k02", "d4": "k02",
                                      "d5": "k03"}, "mat": MAT})
    assert sharing(fw) == [
        "**2 of its 3 KSAs (67%)** were selected by exactly two of the area's institutes, and "
        "none by three or more."]
    # every KSA by exactly two: nothing left to be "none"
    fw = selecting(handmade, {"dig": {"d1": "k01", "d2": "k01 k02", "d3": "k02", "d4": ""},
                              "mat": MAT})
    assert sharing(fw) == ["**Both KSAs** were selected by exactly two of the area's "
                           "institutes."]
    # three institutes, none by all three: "all three", not "three or more"
    fw = selecting(handmade, {"dig": {"d1": "k01 k02", "d2": "k01", "d3": "k03"},
                              "mat": MAT})
    assert sharing(fw) == ["**1 of its 3 KSAs (33%)** was selected by exactly two of the "
                           "area's institutes, and none by all three institutes."]
    # nothing shared
    fw = selecting(handmade, {"dig": {"d1": "k01", "d2": "k02", "d3": "k03", "d4": "k04"},
                              "mat": MAT})
    assert sharing(fw) == ["**None of its KSAs** were selected by two or more of the area's "
                           "institutes."]


def test_three_or_more_stays_three_or_more_where_no_ksa_is_selected_by_more(handmade):
    """Four institutes, none by all four (electronics 2025): the KSAs three or more select
    are still "three or more", as the published report prints them; so with five."""
    four = selecting(handmade, {"dig": {"d1": "k01 k03", "d2": "k01 k02 k03", "d3": "k01 k02 k05",
                                        "d4": "k02 k04"}, "mat": MAT})
    assert sharing(four) == [
        "**3 of its 5 KSAs (60%)** were selected by two or more of the area's institutes.",
        "**None of its KSAs** were selected by all four institutes, and 1 by exactly two.",
        "**2** were selected by three or more, 1 of them specific to the area."]
    five = selecting(handmade, {"dig": {"d1": "k01 k02 k03", "d2": "k01 k02 k03",
                                        "d3": "k01 k02", "d4": "k01", "d5": "k04"},
                                "mat": MAT})
    assert sharing(five) == [
        "**3 of its 4 KSAs (75%)** were selected by two or more of the area's institutes.",
        "**None of its KSAs** were selected by all five institutes, and 1 by exactly two.",
        "**2** were selected by three or more, 1 of them specific to the area."]
    # one KSA by three or more, and it not specific; none by exactly two
    one = selecting(handmade, {"dig": {"d1": "k01", "d2": "k01", "d3": "k01 k02",
                                       "d4": "k03"}, "mat": MAT})
    assert sharing(one) == [
        "**1 of its 3 KSAs (33%)** was selected by three or more of the area's institutes, "
        "and none by exactly two.",
        "**None of its KSAs** were selected by all four institutes."]


def test_sharing_by_all_institutes_is_not_said_again_as_three_or_more(handmade):
    """Four institutes, the KSAs three or more select all selected by all four: one sentence
    for them; a tie of two and two (half by all four, half by exactly two)."""
    fw = selecting(handmade, {"dig": {"d1": "k01 k02 k03", "d2": "k01 k02 k04",
                                      "d3": "k01 k02 k03", "d4": "k01 k02 k04"}, "mat": MAT})
    assert sharing(fw) == [
        "**All four KSAs** were selected by two or more of the area's institutes.",
        "**2 of its 4 KSAs (50%)** were selected by all four institutes, 1 of them specific to "
        "the area, and another 2 by exactly two."]
    # everything by all of them: neither "none by exactly two" nor "three or more"
    fw = selecting(handmade, {"dig": {f"d{i}": "k02 k03" for i in range(1, 5)}, "mat": MAT})
    # (that all of them are specific, the bullet on the shared KSAs says)
    assert sharing(fw) == ["**Both KSAs** were selected by all four institutes."]
    # five institutes, none by exactly two, the rest by three or four: how many by all five
    # is not implied, so said
    fw = selecting(handmade, {"dig": {"d1": "k01 k02", "d2": "k01 k02", "d3": "k01 k02",
                                      "d4": "k01", "d5": "k03"}, "mat": MAT})
    assert sharing(fw) == [
        "**2 of its 3 KSAs (67%)** were selected by three or more of the area's institutes, "
        "and none by exactly two.",
        "**None of its KSAs** were selected by all five institutes."]


def test_no_sharing_sentence_repeats_another(handmade):
    """No count is printed twice in an area's sharing sentences, in any of the editions
    above."""
    editions = [
        {"d1": "k01", "d2": "k01", "d3": "k02", "d4": "k02", "d5": "k03"},
        {"d1": "k01 k03", "d2": "k01 k02 k03", "d3": "k01 k02 k05", "d4": "k02 k04"},
        {"d1": "k01 k02 k03", "d2": "k01 k02 k04", "d3": "k01 k02 k03", "d4": "k01 k02 k04"},
        {"d1": "k01 k02", "d2": "k01 k02", "d3": "k01 k02", "d4": "k01", "d5": "k03"},
        {"d1": "k01 k02 k03", "d2": "k01 k02", "d3": "k01", "d4": "k04"},
    ]
    for members in editions:
        lines = sharing(selecting(handmade, {"dig": members, "mat": MAT}))
        said = [x.split(" were ")[0].split(" was ")[0] for x in lines]
        assert len(set(said)) == len(said), lines
        text = " ".join(lines)
        assert not ("none by three or more" in text and "all five" in text), lines


def test_an_area_none_of_whose_ksas_all_institutes_select_closes_on_the_most_shared(handmade):
    """Where no KSA is selected by all of an area's institutes, the closing names those the
    most of them select, when that is three or more (electronics 2025: "benefit all four"),
    as a count of one or more; with two at most, the KSAs they share are said already."""
    four = selecting(handmade, {"dig": {"d1": "k01 k03", "d2": "k01 k02 k03",
                                        "d3": "k01 k02 k05", "d4": "k02 k04"}, "mat": MAT})
    assert ("None of its KSAs are selected by all four institutes, but training on the 2 KSAs "
            "that three or more of them select would reach more of them than training on any other."
            ) in at.area_closing_paragraph(four, PLAIN, "dig")
    five = selecting(handmade, {"dig": {"d1": "k01 k02 k03", "d2": "k01 k02 k03",
                                        "d3": "k01 k02", "d4": "k01", "d5": "k04"},
                                "mat": MAT})
    assert ("None of its KSAs are selected by all five institutes, but training on the 1 KSA "
            "that four or more of them select would reach more of them") in (
                at.area_closing_paragraph(five, PLAIN, "dig"))
    for members in ({"d1": "k01", "d2": "k01", "d3": "k02", "d4": "k02", "d5": "k03"},
                    {"d1": "k01 k02", "d2": "k01", "d3": "k03"}):  # most by two: nothing more
        text = at.area_closing_paragraph(selecting(handmade, {"dig": members, "mat": MAT}),
                                         PLAIN, "dig")
        assert "None of its KSAs" not in text and "raining on" not in text
    # all of them by all three: the KSAs they share, said already
    every_one = selecting(handmade, {"dig": {f"d{i}": "k02 k03" for i in range(1, 4)},
                                     "mat": MAT})
    assert "raining on" not in at.area_closing_paragraph(every_one, PLAIN, "dig")


def test_an_area_every_other_area_shares_with_looks_across_the_network(handmade):
    """Every other area (of two or more) selects some of the area's KSAs: partners anywhere,
    first the areas it connects to most, unless those are all of them; a tie is not broken by
    name; with an area that shares nothing, the areas it connects to most."""
    def closing(bio: str, mat: str, dig: str = "k01 k02") -> str:
        fw = selecting(handmade, {"dig": {"d1": dig, "d2": "k01"}, "mat": {"m1": mat},
                                  "bio": {"b1": bio}})
        return at.area_closing_paragraph(fw, PLAIN, "dig")

    # materials: k01, by both its institutes (2 connections); biomanufacturing: k02 (1)
    assert closing("k02", "k01").endswith(
        "Both other areas select some of the same KSAs, so **its institutes can look for "
        "partners anywhere in the network**, first where they make the most connections: to "
        "KSAs the Materials area selects.")
    # a tie, one connection each: neither comes first
    assert closing("k02", "k03", dig="k02 k03").endswith(
        "Both other areas select some of the same KSAs, so **its institutes can look for "
        "partners anywhere in the network**.")
    assert closing("k05", "k01").endswith(
        "Beyond the area, its institutes make the most connections to KSAs the Materials area "
        "selects: **that area is where to look for partners** across the network.")


def test_areas_tied_with_the_second_are_named_with_it(handmade):
    """Partners tied with the second area the connections reach most are named with it, not
    left out by name order."""
    extra = pd.DataFrame({"area_id": ["ene", "ele"], "name": ["Energy", "Electronics"],
                          "description": ""}, dtype="string")
    fw = replace(handmade, technology_areas=pd.concat([handmade.technology_areas, extra],
                                                      ignore_index=True))
    # materials 2 connections, biomanufacturing and energy 1 each; electronics none
    areas = {"dig": {"d1": "k01 k02 k03", "d2": "k01"}, "mat": {"m1": "k01"},
             "bio": {"b1": "k02"}, "ene": {"e1": "k03"}}
    assert at.area_closing_paragraph(selecting(fw, {**areas, "ele": {"l1": "k09"}}), PLAIN,
                                     "dig").endswith(
        "Beyond the area, its institutes make the most connections to KSAs the Materials, "
        "Biomanufacturing, and Energy areas select: **those areas are where to look for "
        "partners** across the network.")
    # without electronics, every other area shares: the one it connects to most comes first
    assert at.area_closing_paragraph(selecting(fw, areas), PLAIN, "dig").endswith(
        "Every other area selects some of the same KSAs, so **its institutes can look for "
        "partners anywhere in the network**, first where they make the most connections: to "
        "KSAs the Materials area selects.")


def test_a_three_institute_area_says_how_many_of_those_all_three_select_are_specific(handmade):
    """Energy/Processes 2025's "only one of those KSAs is specific": k01 and k02 by all three
    (k01 also selected by mat, so only k02 is specific), k03 by exactly two."""
    fw = selecting(handmade, {"dig": {"d1": "k01 k02 k03 k04", "d2": "k01 k02 k03",
                                      "d3": "k01 k02"}, "mat": MAT})
    assert sharing(fw) == [
        "**3 of its 4 KSAs (75%)** were selected by two or more of the area's institutes.",
        "**2 of its 4 KSAs (50%)** were selected by all three institutes, 1 of them specific "
        "to the area, and another 1 by exactly two."]


def test_exactly_two_is_the_models_where_three_or_more_is_not_published(handmade, tmp_path):
    """Four institutes: the report fixes the KSAs two or more select (4) and those all four
    do (2), not those exactly three do, so "exactly two" (2 here, the model having none by
    three) is not fixed by them and keeps its dagger."""
    from chapter_helpers import chapter

    from competency_framework.present.area_numbers import AREA_KSAS
    from competency_framework.present.numbers import MODEL_CHOICE, PINNED, printed_numbers

    fw = selecting(handmade, {"dig": {"d1": "k01 k02 k03", "d2": "k01 k02 k04",
                                      "d3": "k01 k02 k03", "d4": "k01 k02 k04"}, "mat": MAT})
    published = [entry("multi", statistic=AREA_KSAS, value=4, edition="2025",
                       params={"area": "dig", "min_institutes": 2}),
                 entry("every", statistic=AREA_KSAS, value=2, edition="2025",
                       params={"area": "dig", "all_institutes": True})]
    rows = pd.DataFrame({"id": ["multi", "every"], "section": "S", "status": "match",
                         "reading": None})
    ch = chapter(replace(fw, provenance="reconstructed"), rows, tmp_path, published)
    line = at.area_highlights(ch.fw, ch.numbers, "dig")[1]
    status = {n.statistic: n.status for n in printed_numbers(line)}
    assert status[f"{AREA_KSAS}(area=dig, all_institutes=True)"] == PINNED
    assert status[f"{AREA_KSAS}(area=dig, min_institutes=2, max_institutes=2)"] == MODEL_CHOICE
