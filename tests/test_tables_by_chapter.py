"""The tables this report adds to the published ones (`present.tables`), on the tiny edition
(agencies: Alpha by Defense, Beta by Commerce, Gamma by Energy; KSAs k1-k5 with 3, 3, 2, 1, 1
connections), and `table_markdown`, which sizes a table's columns for the page."""

from dataclasses import replace

import pandas as pd
import pytest
from paths import EDITION_2025, TINY

from competency_framework.present import tables as t
from competency_framework.present.chapter import open_chapter
from competency_framework.present.entities import EntityRef, mentioned_entities
from competency_framework.present.exports import downloads_text, table_rows_record
from competency_framework.present.numbers import PlainNumbers, PrintedNumber, printed_numbers

PLAIN = PlainNumbers()


def rows(table: t.ReportTable) -> list[list]:
    """The table's cells, a printed number as its value, a link to a KSA's or an
    occupation's view as its text."""
    return [[v.value if isinstance(v, PrintedNumber) else str(v) if isinstance(v, EntityRef)
             else v for v in r]
            for r in table.frame.itertuples(index=False)]


def test_table_markdown_sizes_the_header_rule_by_content():
    frame = pd.DataFrame({"Rank": [1, 2], "Essential KSA": ["Use basic hand tools " * 3, "x"],
                          "Connections": [1200, 3], "Institutes selecting it": [1, 2]})
    table = t.ReportTable(frame, "Caption.", "tbl-x")
    lines = t.table_markdown(table).split("\n")
    # Rank: its heading (4); the KSA: its longest cell, capped at 40; Connections: its heading
    # (11); a heading over 12 characters may wrap: its longest word, "Institutes" (10)
    assert lines[1] == "|----:|:" + "-" * 40 + "|" + "-" * 11 + ":|" + "-" * 10 + ":|"
    assert lines[0] == table.markdown().split("\n")[0]
    assert lines[2:] == table.markdown().split("\n")[2:]  # cells and caption unchanged
    assert t.table_markdown(table, {"Rank": 9}).split("\n")[1].startswith("|---------:|")


def test_label_id():
    assert t.label_id("digital_automation") == "digital-automation"


def test_agency_institutes_table(tiny):
    table = t.agency_institutes_table(tiny, PlainNumbers())
    assert rows(table) == [["Department of Commerce", 1, "Beta Institute"],
                           ["Department of Defense", 1, "Alpha Institute"],
                           ["Department of Energy", 1, "Gamma Institute"]]
    assert table.label == "tbl-agency-institutes"


def test_ksa_tables_of_the_network(tiny):
    assert rows(t.ksas_by_model_table(tiny, PlainNumbers())) == [
        ["DOL AMCM", 3, 60], ["Defined for this framework", 1, 20],
        ["NICE Framework", 1, 20]]
    assert "| 60% |" in t.ksas_by_model_table(tiny, PlainNumbers()).markdown().replace("\\", "")
    by_institutes = t.ksas_by_institutes_table(tiny, PLAIN)
    assert rows(by_institutes) == [[1, 2], [2, 2], [3, 1]]
    assert rows_as_printed(by_institutes)[2][1].statistic == (
        "ksas_shared_by_institutes(min_institutes=3, max_institutes=3)")
    top = t.top_ksas_table(tiny, PLAIN, 2)
    assert rows(top) == [["A", "Data collection and analysis", "4.1.7", 3, 3],
                         ["B", "Machine and equipment operations", "4.2.5", 3, 2]]
    assert top.label == "tbl-top-ksas"
    assert {c.statistic for r in rows_as_printed(top) for c in r[3:]} == {
        f"top_ksas(n=2)[letter={k}].{c}" for k in "AB" for c in ("connections", "institutes")}
    boundary = t.ranking_boundary_table(tiny, PLAIN, 2)  # two above the boundary, two below
    assert [r[0] for r in rows(boundary)] == [1, 2, 3, 4]
    assert rows(t.ranking_boundary_table(tiny, PLAIN, 4))[0][0] == 3
    assert rows(t.ranking_boundary_table(tiny, PLAIN, 5)) == []  # no KSA outside the list


def test_area_tables(tiny):
    assert rows(t.area_overview_table(tiny, PLAIN)) == [
        ["Biomanufacturing", 2, 3, 3, 1, 6], ["Digital/Automation", 1, 2, 4, 2, 4]]
    sharing = t.area_sharing_table(tiny, PLAIN, "biomanufacturing")
    assert rows(sharing) == [[1, 1, 0, 0], [2, 2, 1, 0]]  # k2; k1 and k3 (k3 its own)
    assert sharing.label == "tbl-area-sharing-biomanufacturing"
    assert sharing.caption == (
        "KSAs of the Biomanufacturing area by the number of its institutes selecting them.")
    specific = t.frequent_ksas_table(tiny, PLAIN, "biomanufacturing", "specific", 5)
    assert rows(specific) == [["4.2.5", "Manufacturing Tool and Equipment Operations",
                                 'Placeholder for an unpublished KSA under 4.2.5, "quoted"', 2,
                                 2]]
    assert specific.label == "tbl-area-specific-biomanufacturing"
    shared = t.frequent_ksas_table(tiny, PLAIN, "digital_automation", "network-wide", 1)
    assert rows(shared) == [["4.1.7", "Testing/Troubleshooting",
                               "Data collection and analysis", 1, 1]]
    assert {c.statistic.split("[")[0] for c in rows_as_printed(shared)[0]
            if isinstance(c, PrintedNumber)} == {
        "area_frequent_network_ksas(area=digital_automation)"}
    assert (shared.label, shared.caption) == (
        "tbl-area-network-digital-automation",
        "Frequently selected KSAs the Digital/Automation area shares with other areas.")
    directions = t.area_directions_table(tiny, PLAIN)
    assert list(directions.frame.columns) == ["From the institutes of", "to Biomanufacturing",
                                              "to Digital/Automation"]
    assert rows(directions) == [["Biomanufacturing", "–", 4], ["Digital/Automation", 2, "–"]]


def test_profile_tables(tiny):
    occupations = t.profile_occupations_table(tiny, PlainNumbers(), "alpha")
    assert rows(occupations) == [["Biological Technicians", "19-4021.00", 2, 1],
                                 ["Process Engineers", "17-2199.00", 2, 3]]
    assert (occupations.label, occupations.caption) == (
        "tbl-profile-occupations-alpha", "Occupations selected by Alpha Institute.")
    assert rows(t.profile_competencies_table(tiny, PlainNumbers(), "alpha")) == [
        ["4.1", "Manufacturing Process Design/Development", 1, 1, 1],
        ["4.2", "Operations Management", 2, 3, 2]]
    shared = t.profile_shared_table(tiny, PlainNumbers(), "alpha")
    assert rows(shared) == [["Beta Institute", "Biomanufacturing", 2, 67],
                            ["Gamma Institute", "Digital/Automation", 2, 67]]
    assert "| 2 | 67% |" in shared.markdown().replace("\\", "")
    distinct = t.profile_distinctive_table(tiny, PlainNumbers(), "alpha", 2)
    assert [r[3] for r in rows(distinct)] == [  # k2 (2 of its connections), then k3 (1)
        "Machine and equipment operations",
        'Placeholder for an unpublished KSA under 4.2.5, "quoted"']
    assert distinct.label == "tbl-profile-distinctive-alpha"


def test_profile_tables_print_the_published_counts_they_repeat():
    """On the 2025 edition: the framework's KSAs under a competency follow from Tables A1 and
    A2 (and 4.2 is printed as such); a title among the four the report lists is pinned by
    that list; the institute's own numbers are the model's."""
    ch = open_chapter("data/raw/2025")
    competencies = t.profile_competencies_table(ch.fw, ch.numbers, "niimbl").frame
    status = {c: n.status for c, n in zip(competencies["Code"],
                                          competencies["KSAs in the framework"], strict=True)}
    assert set(status.values()) == {"pinned"}
    assert competencies["KSAs in the framework"].iloc[1].entry == (
        "alignment.operations_management_pct")
    assert {n.status for n in competencies["Its KSAs"]} == {"model-choice"}
    occupations = t.profile_occupations_table(ch.fw, ch.numbers, "niimbl").frame
    institutes = dict(zip(map(str, occupations["Occupation"]),
                          occupations["Institutes selecting it"],
                          strict=True))
    assert (institutes["Process Engineers"].status, institutes["Process Engineers"].value) == (
        "pinned", 8)
    assert institutes["Microbiologists"].status == "model-choice"


def test_contract_table(tiny):
    table = t.contract_table(tiny, PLAIN)
    assert list(table.frame.columns) == ["File", "Holds", "Columns", "Rows"]
    assert table.caption == "The tables of an edition, with their rows in the tiny edition."
    assert rows(table)[0] == ["technology_areas.csv", "Technology areas",
                              "area_id*, name, description (optional)", 2]
    assert rows(table)[-1][2:] == ["institute_id*, occupation_id*, ksa_id*", 10]


def test_contract_table_pins_the_row_counts_the_published_report_prints():
    from competency_framework.present.chapter import open_chapter
    ch = open_chapter("data/raw/2025")
    status = {r[0]: r[3].status for r in rows_as_printed(t.contract_table(ch.fw, ch.numbers))}
    assert status["ksas.csv"] == "pinned"
    assert status["essential_ksas.csv"] == "model-choice"  # "over 1,200" fixes no value
    assert status["competencies.csv"] == "model-choice"
    # the three departments the report lists, and the 95 titles its figures imply, print as
    # the same statistics print elsewhere (the network chapter, the summary)
    printed = {r[0]: r[3] for r in rows_as_printed(t.contract_table(ch.fw, ch.numbers))}
    assert (printed["agencies.csv"].statistic, printed["agencies.csv"].status) == (
        "agencies.rows", "pinned")
    assert (printed["occupations.csv"].statistic, printed["occupations.csv"].status) == (
        "occupation_titles(min_institutes=1)", "pinned")
    assert printed["occupations.csv"] in printed_numbers(downloads_text(ch.fw, ch.numbers))


def test_an_occupation_no_institute_selects_is_not_counted_as_a_selected_title(tiny):
    extra = pd.concat([tiny.occupations, tiny.occupations.tail(1).assign(
        occupation_id="unselected")], ignore_index=True)
    fw = replace(tiny, occupations=extra)
    numbers = open_chapter(TINY).numbers
    assert table_rows_record(fw, numbers, "occupations").statistic == (
        "table_rows(table=occupations)")
    assert table_rows_record(tiny, numbers, "occupations").statistic == (
        "occupation_titles(min_institutes=1)")


def test_the_number_of_institutes_selecting_a_ksa_is_a_category_not_a_choice():
    ch = open_chapter("data/raw/2025")
    frame = t.ksas_by_institutes_table(ch.fw, ch.numbers).frame
    assert {n.status for n in frame["Institutes selecting the KSA"]} == {"pinned"}
    assert "model-choice" in {n.status for n in frame["Essential KSAs"]}


def rows_as_printed(table: t.ReportTable) -> list[list]:
    return [list(r) for r in table.frame.itertuples(index=False)]


def test_area_tables_print_their_numbers_as_spans(tiny):
    numbers = open_chapter(TINY).numbers
    overview = t.area_overview_table(tiny, numbers)
    institutes = rows_as_printed(overview)[0][1]
    assert (institutes.statistic, institutes.value) == (
        "area_institutes(columns=[area, area_id, institute])[area_id=biomanufacturing].rows", 2)
    markdown = t.area_sharing_table(tiny, numbers, "biomanufacturing").markdown()
    assert markdown.count('{.number data-status="model-choice"') == 8  # the tiny edition
    assert ('data-statistic="area_ksas_by_institute_count(area=biomanufacturing, '
            'min_institutes=2, max_institutes=2)"') in markdown


def test_tables_link_the_ksas_and_occupations_they_name(tiny):
    """A named KSA or occupation links to its view; the CSV of the table keeps the text."""
    top = t.top_ksas_table(tiny, PLAIN, 2)
    assert [(v.kind, v.identifier) for v in top.frame["Essential KSA"]] == [("ksa", "k1"),
                                                                            ("ksa", "k2")]
    markdown = top.markdown()
    assert "[Data collection and analysis](95_data.html?ksa=k1){.entity}" in markdown
    assert mentioned_entities(markdown) == {("ksa", "k1"), ("ksa", "k2")}
    assert t.printed_tables(markdown)["tbl-top-ksas"]["Essential KSA"].tolist() == [
        "Data collection and analysis", "Machine and equipment operations"]
    occupations = t.profile_occupations_table(tiny, PLAIN, "alpha").markdown()
    assert mentioned_entities(occupations) == {("occupation", "technicians"),
                                               ("occupation", "process_engineers")}


@pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(), reason="no 2025 data")
def test_a_rank_the_published_lettered_list_prints_is_pinned():
    """2025: I and J are the lettered list's 9th and 10th, fixed by it; 11 and 12 are the
    model's ranking."""
    ch = open_chapter(EDITION_2025)
    table = t.ranking_boundary_table(ch.fw, ch.numbers, 10, ch.published["top_ksas"])
    assert [(r.value, r.status) for r in table.frame["Rank"]] == [
        (9, "pinned"), (10, "pinned"), (11, "model-choice"), (12, "model-choice")]
    unlisted = t.ranking_boundary_table(ch.fw, ch.numbers, 10)
    assert {r.status for r in unlisted.frame["Rank"]} == {"model-choice"}
