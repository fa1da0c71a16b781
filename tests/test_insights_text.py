"""The network insights in prose (`present.insights_text`) on the tiny and handmade editions
(see test_profiles.py and test_statistics_areas.py for their data)."""

from competency_framework.present import insights_text as it


def test_top_ksas_note(tiny):
    # ranking: k1 3 connections (3 institutes), k2 3 (2), k3 2, k4 1, k5 1
    assert it.top_ksas_note(tiny, 10).endswith(
        "The edition has only 5 KSAs, so every one is listed.")
    assert it.top_ksas_note(tiny, 2).endswith(
        "Each of the two has more connections than the KSA ranked next, so the list does not "
        "depend on how ties are broken.")
    assert it.top_ksas_note(tiny, 1).endswith(
        "The last of the one has no more connections than the KSA ranked next, so the list "
        "depends on the tie-break.")


def test_title_tie_note(tiny, handmade):
    # handmade titles by institutes: Engineers 4, Developers 2, Technicians 2, two with 1
    assert it.title_tie_note(handmade, 1) == ""
    assert it.title_tie_note(handmade, 2) == "One more title was also chosen by 2 institutes."
    assert it.title_tie_note(handmade, 4) == "One more title was also chosen by 1 institute."
    assert it.title_tie_note(handmade, 5) == ""  # nothing left out
    # tiny: Process Engineers 3, then two titles with one institute each
    assert it.title_tie_note(tiny, 2) == "One more title was also chosen by 1 institute."


def test_occupations_paragraph(tiny):
    text = it.occupations_paragraph(tiny, 2)
    assert text.startswith(
        "The institutes made 5 occupation selections, naming 3 distinct occupation titles. Of "
        "those selections, 2 of 5 (40%) named a title that only one institute chose; the other "
        "3 (60%) fell on 1 title that two or more institutes chose. The titles chosen most "
        "often:\n\n- **Process Engineers** (3 institutes)\n- **Biological Technicians** (1 "
        "institute)\n\nOne more title was also chosen by 1 institute.\n\nShared titles mark")
    # the provenance is the title page's to say, not a callout in each chapter
    assert text.endswith("best placed to train the workforce.\n") and ":::" not in text
    assert "title was also chosen" not in it.occupations_paragraph(tiny, 3)
