"""The readings chapter (`present.readings_text`) on the tiny edition, whose KSAs have 3, 3, 2,
1 and 1 connections (k1 to k5) and 1, 2, 2, 1 and 1 distinct occupation titles, with the
published entries changed where a test needs another threshold."""

import re
from dataclasses import replace

import pandas as pd
import pytest
from chapter_helpers import chapter, entry
from paths import TINY

from competency_framework.present import readings_text as rt
from competency_framework.present.chapter import open_chapter
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import SPAN, PlainNumbers, printed_numbers

PLAIN = PlainNumbers()


ENTITY_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\([^()\s]*\)\{\.entity\}")


def shown(markdown: str) -> str:
    """`markdown` with each number span as its text (table cells print as spans) and each
    link to a KSA's view as its text."""
    return ENTITY_LINK.sub(r"\1", SPAN.sub(lambda m: m["text"], markdown))


@pytest.fixture(scope="module")
def tiny_chapter():
    return open_chapter(TINY)


def checks() -> pd.DataFrame:
    rows = [
        ("a.count", "Intro", "match", None, "12 of them"),
        ("a.count.rounding", "Intro", "inconsistent-in-report", 5.0, None),
        ("b.pct", "Areas", "depends-on-reading", 4.0, "a.count: 12 of them; b.pct: 40%"),
        ("b.pct.rounding", "Areas", "match", None, None),
        ("c.top", "Areas", "mismatch", 2.0, "The top KSAs:"),
    ]
    return pd.DataFrame(rows, columns=["id", "section", "status", "reading", "printed"])


def with_entry(ch, id: str, **changes):
    """The chapter with one published entry changed."""
    return replace(ch, published={**ch.published, id: replace(ch.published[id], **changes)})


def test_reading_dependents_add_every_rounding_check_to_reading_5():
    deps = rt.reading_dependents(checks())
    assert deps[["reading", "id"]].values.tolist() == [
        [2, "c.top"], [4, "b.pct"], [5, "a.count.rounding"], [5, "b.pct.rounding"]]


def test_resting_checks_list_the_checks_of_one_reading(tiny_chapter, tmp_path):
    ch = chapter(tiny_chapter.fw, checks(), tmp_path, [entry("a.count")])
    text = rt.resting_checks(ch, 5, PLAIN)
    assert text.startswith("@tbl-reading-5 lists the two audit checks that rest on this "
                           "reading.\n\n| Section | The report prints | Outcome |")
    assert "| Match |" in text and "| match |" not in text  # outcomes in words, not codes
    # each check by its section and the words it tests, in report order; no check's id
    rows = [line for line in text.splitlines() if line.startswith("| ") and "Section" not in line]
    assert rows == [
        "| Intro | \u201c12 of them\u201d \\(rounded\\) | Report inconsistent |",
        "| Areas | \u201c12 of them\u201d and \u201c40\\%\u201d \\(rounded\\) | Match |"]
    four = rt.resting_checks(ch, 4, PLAIN)  # two printed figures checked against each other
    assert "| Areas | \u201c12 of them\u201d and \u201c40\\%\u201d | Depends on a reading |" in four
    assert "c.top" not in rt.resting_checks(ch, 2, PLAIN)
    rows = checks()
    rows.loc[rows["id"] == "c.top", "printed"] = None  # nothing printed: a dash, unquoted
    nothing = chapter(tiny_chapter.fw, rows, tmp_path, [entry("a.count")])
    assert "| Areas | \u2013 | Mismatch |" in rt.resting_checks(nothing, 2, PLAIN)
    assert text.endswith(": Audit checks that rest on reading 5\\. {#tbl-reading-5}\n")
    assert rt.resting_checks(ch, 2, PLAIN).startswith(
        "@tbl-reading-2 lists the one audit check that rests on this reading.")
    assert rt.resting_checks(ch, 3, PLAIN) == "No check of the audit rests on this reading.\n"


def test_connections_reading_sets_both_readings_side_by_side(tiny_chapter):
    ch = with_entry(tiny_chapter, "insights.aligned_8plus_occupations_pct",
                    params={"min_connections": 2})
    text = rt.connections_reading(ch, PLAIN)
    assert text.startswith(
        f"The 2025 report prints {ch.published['insights.aligned_8plus_occupations_pct'].value}%. "
        "In the tiny edition, 3 of the 5 KSAs (60%) have 2 or more connections (the reading "
        "used); 2 of the 5 KSAs (40%) are linked to 2 or more distinct occupation titles (the "
        "other reading).\n\n")
    assert text.endswith(rt.resting_checks(ch, 1, PLAIN))


def test_ranking_reading_shows_the_boundary_of_the_list(tiny_chapter):
    text = rt.ranking_reading(tiny_chapter, PLAIN)  # the published list has ten, the edition five
    assert "The tiny edition has only 5 KSAs, so no KSA falls outside the list.\n" in text
    assert "{#tbl-reading-2-boundary}" not in text
    two = rt.ranking_reading(with_entry(tiny_chapter, "top_ksas", params={"n": 2}), PLAIN)
    assert ("@tbl-reading-2-boundary shows the KSAs ranked around the boundary of the top two "
            "in the tiny edition.") in two
    assert "| 4 | Placeholder for an unpublished KSA under 5\\.1 | 1 | 1 |" in shown(two)
    # the KSA printed with two codes, as the published list gives it
    [doubled] = [i for i in tiny_chapter.published["top_ksas"].value if i.get("printed_code")]
    assert text.startswith(f"KSA {doubled['letter']} is printed with two sub-competency codes, "
                           f"\u201c{markdown_text(doubled['printed_code'])}\u201d. The project "
                           "holds it as one KSA, catalogued under "
                           f"{markdown_text(doubled['code'])}")


def test_directions_reading_gives_both_directions(tiny_chapter):
    text = rt.directions_reading(tiny_chapter, PLAIN)
    assert "| Biomanufacturing | – | 4 |\n| Digital\\/Automation | 2 | – |" in shown(text)
    assert text.endswith(rt.resting_checks(tiny_chapter, 3, PLAIN))


def test_rounding_reading_names_the_percentages_half_to_even_would_change(tiny_chapter,
                                                                        tmp_path):
    entries = [entry("a", "percent", 63, numerator=5, denominator=8),  # 62.5: 63, even 62
               entry("b", "percent", 50, numerator=1, denominator=2),
               entry("c", "percent", 13, numerator=1, denominator=8),  # 12.5: 13, even 12
               entry("d", "percent", 10, numerator=None, denominator=None)]
    ch = chapter(tiny_chapter.fw, checks(), tmp_path, entries)
    assert rt.rounding_reading(ch, PLAIN).startswith(
        "Of the 3 printed percentages whose count and total the report gives or implies, two "
        "would round differently half to even (`a` and `c`). Every check")
    none = chapter(tiny_chapter.fw, checks(), tmp_path, entries[1:2])
    assert "implies, none would round differently half to even. Every" in rt.rounding_reading(
        none, PLAIN)


def test_the_2025_readings_pin_the_published_figures():
    ch = open_chapter("data/raw/2025")
    found = {(n.statistic, n.value): n.status
             for n in printed_numbers(rt.connections_reading(ch, ch.numbers))}
    assert found["ksas_with_connections(min_connections=8).percent", 29] == "pinned"
    assert found["reading_threshold", 8] == "pinned"
    # the other reading's count is the model's; its base, all KSAs, is the published total
    assert found["ksas_with_titles(min_titles=8).numerator", 58] == "model-choice"
    assert found["ksas_total", 235] == "pinned"
    assert ("ksas_with_titles(min_titles=8).denominator", 235) not in found
    # the printed percentages are counted from the report itself: a tally, never daggered
    rounding = printed_numbers(rt.rounding_reading(ch, ch.numbers))
    assert [(n.statistic, n.status) for n in rounding][0] == (
        "printed_percent_fractions", "pinned")
    directions = printed_numbers(rt.directions_reading(ch, ch.numbers))
    assert {n.status for n in directions if n.entry} == {"pinned"}
