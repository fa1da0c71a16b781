"""What the report says about technology areas (`present.areas_text`): the highlights on the
handmade edition (see test_statistics_areas.py for its data), the area chapter's prose on the
tiny edition (Biomanufacturing: Alpha and Beta, KSAs k1 k2 k3, k3 its own; Digital/Automation:
Gamma, KSAs k1 k2 k4 k5) and on the tiny edition cut down to one area."""

from dataclasses import replace

import pytest
from chapter_helpers import entry
from paths import EDITION_2025, TINY

from competency_framework.present import areas_text as at
from competency_framework.present.chapter import Chapter, open_chapter
from competency_framework.present.numbers import SPAN, PlainNumbers, printed_numbers

PLAIN = PlainNumbers()


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
        "**2 of its 5 KSAs (40%)** were selected by two or more of the area's institutes.",
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
        "**1 of its 2 KSAs (50%)** are specific to the area: no institute of another area "
        "selected them.",
        "None of its specific KSAs fall under the tier-5 competencies, "
        "*Advanced Manufacturing Sector Technical Competencies*.",
    ]


def test_areas_intro_counts_institutes_and_areas(tiny_chapter):
    assert at.areas_intro_paragraph(tiny_chapter.fw, PLAIN).endswith(
        "the analysis groups the 3 institutes into 2 technology areas (@tbl-area-institutes).")


def test_areas_overview_names_the_area_with_most_ksas_of_its_own(tiny_chapter):
    text = at.areas_overview_paragraph(tiny_chapter.fw, PLAIN)
    assert "Digital\\/Automation has the most KSAs of its own: 2 that no other area selected." in (
        text)
    assert text.startswith("**Working with peers in the same area")


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


def test_no_another_after_none():
    """Digital/Automation 2025: no KSA that all five institutes select, 36 that exactly two
    do; "and another 36" would count on from nothing."""
    from paths import EDITION_2025

    from competency_framework import load_edition

    lines = at.area_highlights(load_edition(EDITION_2025), PLAIN, "digital_automation")
    assert ("**None of its KSAs** were selected by all five institutes, and 36 by exactly two."
            in lines)
    # and none that three or more select: "none", not "0 ..., 0 of them specific"
    assert "**None** were selected by three or more." in lines
    assert not any(line.startswith("**0") or " 0 of them" in line for line in lines)
    electronics = at.area_highlights(load_edition(EDITION_2025), PLAIN, "electronics")
    assert "**9** were selected by three or more, 4 of them specific to the area." in electronics
    # the word keeps the number's status: a zero no published figure fixes is marked
    ch = open_chapter(EDITION_2025)
    marked = at.area_highlights(ch.fw, ch.numbers, "digital_automation")
    line = next(x for x in marked if "three or more" in x)
    assert line.startswith("**[None^\N{DAGGER}^]{.number data-status=\"model-choice\"")


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
    assert caveated == {"biomanufacturing", "digital_automation"}
    # the ground all of an area's institutes share, where some but not all of its KSAs are
    energy = plain(at.area_closing_paragraph(ch.fw, ch.numbers, "energy_processes"))
    assert "Training on the 4 KSAs that all three institutes select would serve each" in energy
    assert "Training on" not in at.area_closing_paragraph(ch.fw, ch.numbers, "electronics")
