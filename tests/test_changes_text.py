"""The chapter on what changed (`present.changes_text`, `present.figures.changes`), on the tiny
edition and its revision (tests/data/tiny_revision: `revision.revise_tiny`), on the tiny
edition compared with itself, and with the editions' provenance varied."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from paths import TINY
from revision import TINY_REVISION

from competency_framework.edition.load import load_edition
from competency_framework.present import changes_text as c
from competency_framework.present.chapter import Chapter, open_chapter
from competency_framework.present.escape import markdown_text
from competency_framework.present.figures.changes import institute_changes_figure
from competency_framework.present.numbers import printed_numbers


@pytest.fixture(scope="module")
def revised():
    return open_chapter(TINY_REVISION)


@pytest.fixture(scope="module")
def cmp(revised):
    return c.compare_with(revised, TINY)


def numbers(markdown: str) -> list[tuple[str, object, str]]:
    return [(n.statistic, n.value, n.status) for n in printed_numbers(markdown)]


def test_heading_and_opening_name_both_editions(cmp, tiny):
    assert c.changes_heading(cmp) == "# What changed since edition tiny"
    intro = c.changes_intro(cmp)
    assert intro.startswith("This chapter sets edition tiny\\-2, *The tiny edition\\, revised* "
                            "(reconstructed, data hash `")
    assert f"beside edition tiny, *{markdown_text(tiny.title)}* (reconstructed" in intro
    assert numbers(intro) == [("edition_changes(previous=tiny).rows", 10, "model-choice")]
    assert "Edition tiny and edition tiny\\-2 are reconstructed: their rows were rebuilt" in intro


def test_headline_counts_old_new_and_change(cmp):
    table = c.headline_table(cmp)
    rows = [line for line in table.splitlines() if line.startswith("| KSA\\/occupation")]
    assert [v for _, v, _ in numbers(rows[0])] == [10, 11, 1]
    shown = printed_numbers(rows[0])
    assert shown[0].statistic == "connections_total[edition=tiny]" and shown[0].entry is None
    assert shown[2].text == "+1"
    assert "{#tbl-changes-headline}" in table


def test_rows_per_table_match_the_diff(cmp):
    table = c.rows_table(cmp)
    ksas = next(line for line in table.splitlines() if line.startswith("| ksas\\.csv"))
    assert [v for _, v, _ in numbers(ksas)] == [1, 0, 2]
    essential = next(line for line in table.splitlines() if line.startswith("| essential"))
    assert [v for _, v, _ in numbers(essential)] == [2, 1, 0]


def test_areas_and_institutes_gained_and_lost(cmp):
    areas = c.area_changes(cmp)
    assert areas.startswith("The institutes of [1")
    bio = [line for line in areas.splitlines() if line.startswith("| Biomanufacturing")]
    assert [line.split(" | ")[1] for line in bio] == ["gained", "lost"]
    assert [[v for _, v, _ in numbers(line)] for line in bio] == [[1, 1, 2], [0, 1, 1]]
    text = c.institute_changes_text(cmp)
    assert text.startswith("[2^†^]{.number") and " institutes of [3" in text
    lines = text.splitlines()
    alpha = [line for line in lines if line.startswith("| Alpha Institute")]
    assert [[v for _, v, _ in numbers(line)] for line in alpha] == [[0, 0, 1], [0, 1, 1]]
    assert not any(line.startswith("| Gamma") for line in lines)  # unchanged: not listed
    assert "the others are as before" in text


def test_catalogue_changes_each_kind_once(cmp):
    text = c.catalogue_changes(cmp)
    for sentence in ("KSA is new to the catalogue.", "KSA moved to another place in the "
                     "competency tree.", "KSA was reworded.", "competency was renamed.",
                     "occupation is new to the list."):
        assert text.count(sentence) == 1, sentence
    assert "| 4\\.2\\.5 | Machine and equipment operations | Operate machines and equipment |" \
        in text
    assert "| 4\\.2 | Operations Management | Operations and Production Management |" in text
    assert "Renamed: the institute Gamma Institute is now Gamma Manufacturing Institute." in text
    assert "left the catalogue" not in text  # nothing removed: no sentence, no table


def test_an_edition_compared_with_itself_says_nothing_changed(tiny):
    same = c.compare(open_chapter(TINY), tiny)
    assert "The two editions hold the same rows: nothing changed." in c.changes_intro(same)
    assert c.area_changes(same).startswith("No technology area's institutes gained or lost")
    assert c.institute_changes_text(same).startswith("None of the [3")
    assert c.catalogue_changes(same).startswith("The catalogue is as it was")


def test_changes_are_findings_only_between_two_collected_editions(revised, tiny):
    collected_new = Chapter(replace(revised.fw, provenance="collected"), revised.published,
                            revised.report_year)
    both = c.compare(collected_new, replace(tiny, provenance="collected"))
    assert {s for _, _, s in numbers(c.rows_table(both))} == {"collected"}
    assert "reconstructed" not in c.changes_intro(both).split("\n\n", 1)[1]
    one = c.compare(collected_new, tiny)  # against a reconstructed edition: the model's choice
    assert {s for _, _, s in numbers(c.rows_table(one))} == {"model-choice"}
    assert "Edition tiny is reconstructed: its rows" in c.changes_intro(one)


def test_long_lists_are_capped_with_the_rest_counted(revised, tiny, monkeypatch):
    cmp = c.compare(revised, replace(tiny, ksas=tiny.ksas.head(0)))  # all six KSAs "added"
    assert "The table shows" not in c.catalogue_changes(cmp)
    monkeypatch.setattr(c, "LIST_LIMIT", 2)
    text = c.catalogue_changes(cmp)
    assert text.startswith("[6")
    assert "The table shows the first [2" in text and "more are in the output of `diff`" in text
    table = text.split("{#tbl-changes-ksas-added}")[0]
    assert table.count("\n| ") == 3  # the heading and two rows


def test_the_figure_draws_every_institute_with_its_numbers(cmp, tmp_path):
    saved = institute_changes_figure(cmp, tmp_path, source="notebooks/75_changes.ipynb")
    assert saved.svg.is_file()
    assert [(n.statistic, n.value) for n in saved.numbers][:2] == [
        ("edition_changes(previous=tiny)[institute_id=alpha].connections gained", 1),
        ("edition_changes(previous=tiny)[institute_id=alpha].connections lost", 1)]
    assert ("Alpha Institute: 1 gained, 1 lost; Beta Institute: 1 gained, 0 lost; Gamma "
            "Manufacturing Institute: 0 gained, 0 lost. In all, 2 gained and 1 lost.") in saved.alt
    assert saved.print_font_pt >= 7


def test_compare_with_needs_a_previous_edition(revised):
    with pytest.raises(ValueError, match="no previous edition"):
        c.compare_with(revised, "")
    assert load_edition(TINY_REVISION).previous == "../tiny"


def test_an_institute_that_left_is_named_not_counted_as_changed(revised, tiny):
    old = replace(
        tiny,
        institutes=pd.concat([tiny.institutes, pd.DataFrame([{
            "institute_id": "delta", "name": "Delta Institute", "area_id": "biomanufacturing",
            "agency_id": "dod"}])], ignore_index=True),
        institute_occupations=pd.concat([tiny.institute_occupations, pd.DataFrame([{
            "institute_id": "delta", "occupation_id": "technicians"}])], ignore_index=True))
    text = c.institute_changes_text(c.compare(revised, old))
    assert text.startswith("[2^\u2020^]{.number") and " institutes of [3" in text
    assert "the others are as before" in text
    assert "No longer in edition tiny\\-2: Delta Institute." in text


def test_a_retitled_occupation_and_a_single_row(revised, tiny):
    occupations = tiny.occupations.copy()
    occupations.loc[occupations["occupation_id"] == "technicians", "title"] = "Lab Technicians"
    cmp = c.compare(Chapter(tiny, revised.published, revised.report_year),
                    replace(tiny, occupations=occupations))
    assert "In all, [1" in c.changes_intro(cmp) and "row was added, removed or changed" in \
        c.changes_intro(cmp)
    text = c.catalogue_changes(cmp)
    assert text.startswith("[1") and "occupation was retitled." in text
    assert "| Lab Technicians | Biological Technicians |" in text
