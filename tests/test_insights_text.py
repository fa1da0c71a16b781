"""The network insights in prose (`present.insights_text`) on the tiny and handmade editions
(see test_profiles.py and test_statistics_areas.py for their data)."""

from paths import TINY

from competency_framework.present import insights_text as it
from competency_framework.present.chapter import open_chapter
from competency_framework.present.numbers import PlainNumbers, printed_numbers

PLAIN = PlainNumbers()


def test_overlap_paragraph(tiny):
    # k1 k2 in both areas; k1 by three institutes; connections 3, 3, 2, 1, 1
    text = it.overlap_paragraph(tiny, PLAIN, 3, 2)
    assert ("- **40% of essential KSAs cross technology-area lines**: 2 of the 5 KSAs (40%) "
            "were selected by institutes in two or more areas.\n"
            "- **20% are shared by three or more institutes** (1 KSA).\n"
            "- **60% align with two or more occupations** (3 KSAs): each is essential in at "
            "least two occupation selections") in text


def test_overlap_paragraph_marks_each_number(tiny):
    text = it.overlap_paragraph(tiny, open_chapter(TINY).numbers, 3, 2)
    numbers = printed_numbers(text)
    assert [n.text for n in numbers] == ["40%", "2", "5", "40%", "20%", "1", "60%", "3"]
    assert numbers[4].statistic == "ksas_shared_by_institutes(min_institutes=3).percent"
    assert numbers[4].entry == "insights.shared_3plus_pct"
    # the tiny edition is reconstructed, and no published figure fixes its numbers
    assert {n.status for n in numbers} == {"model-choice"}
    assert 'data-status="model-choice"' in text


def test_network_map_paragraph(tiny):
    text = it.network_map_paragraph(tiny, PLAIN, 10)
    assert "the 5 KSAs with the most connections are lettered and listed in @tbl-top-ksas." in (
        text)
    assert text.endswith("fixes only the totals these links add up to.")  # not a callout


def test_top_ksas_note(tiny):
    # ranking: k1 3 connections (3 institutes), k2 3 (2), k3 2, k4 1, k5 1
    assert it.top_ksas_note(tiny, PLAIN, 10).endswith(
        "The edition has only 5 KSAs, so every one is listed.")
    assert it.top_ksas_note(tiny, PLAIN, 2).endswith(
        "Each of the two has more connections than the KSA ranked next, so the list does not "
        "depend on how ties are broken.")
    assert it.top_ksas_note(tiny, PLAIN, 1).endswith(
        "The last of the one has no more connections than the KSA ranked next, so the list "
        "depends on the tie-break.")


def test_title_tie_note(tiny, handmade):
    # handmade titles by institutes: Engineers 4, Developers 2, Technicians 2, two with 1
    assert it.title_tie_note(handmade, PLAIN, 1) == ""
    assert it.title_tie_note(handmade, PLAIN, 2) == (
        "One more title was also chosen by 2 institutes.")
    assert it.title_tie_note(handmade, PLAIN, 4) == "One more title was also chosen by 1 institute."
    assert it.title_tie_note(handmade, PLAIN, 5) == ""  # nothing left out
    # tiny: Process Engineers 3, then two titles with one institute each
    assert it.title_tie_note(tiny, PLAIN, 2) == "One more title was also chosen by 1 institute."


def test_occupations_paragraph(tiny):
    text = it.occupations_paragraph(tiny, PLAIN, 2)
    assert text.startswith(
        "The institutes made 5 occupation selections, naming 3 distinct occupation titles. Of "
        "those selections, 2 of 5 (40%) named a title that only one institute chose; the other "
        "3 (60%) fell on 1 title that two or more institutes chose. The titles chosen most "
        "often:\n\n- **Process Engineers** (3 institutes)\n- **Biological Technicians** (1 "
        "institute)\n\nOne more title was also chosen by 1 institute.\n\nShared titles mark")
    # the provenance is the title page's to say, not a callout in each chapter
    assert text.endswith("best placed to train the workforce.\n") and ":::" not in text
    assert "title was also chosen" not in it.occupations_paragraph(tiny, PLAIN, 3)
    marked = printed_numbers(it.occupations_paragraph(tiny, open_chapter(TINY).numbers, 2))
    assert [(n.statistic, n.text) for n in marked[:3]] == [
        ("occupation_selections", "5"), ("occupation_titles(min_institutes=1)", "3"),
        ("occupation_selections(max_institutes=1).numerator", "2")]
    # the tie's institutes
    assert marked[-1].statistic.startswith("top_occupation_titles(n=2)[title=")
