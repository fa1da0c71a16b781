"""Phrases of the report's prose (`narrative`), on handmade values worked out by hand and on the
tiny and handmade editions (see test_profiles.py and test_statistics_areas.py for their data)."""

from dataclasses import replace

import pandas as pd
import pytest

from competency_framework.present import narrative as nv
from competency_framework.reference.published import Entry, load_published
from competency_framework.statistics.shares import Share


def entry(id: str, kind: str = "count", value=1, source: str = "report_2025", **kw) -> Entry:
    return Entry(id=id, source=source, section=kw.pop("section", "S"), location="paragraph",
                 printed=kw.pop("printed", "p"), kind=kind, value=value, **kw)


# ----------------------------------------------------------------------------- counts, lists


def test_number_words_and_every():
    assert [nv.number_word(n) for n in (0, 3, 9, 10, 1247)] == [
        "no", "three", "nine", "10", "1,247"]
    assert nv.every(1, "institute") == "the only institute"
    assert nv.every(2, "institute") == "both institutes"
    assert nv.every(3, "institute") == "all three institutes"
    assert nv.every(12, "competency", "competencies") == "all 12 competencies"


def test_prose_list_uses_the_serial_comma():
    assert nv.prose_list([]) == ""
    assert nv.prose_list(["A"]) == "A"
    assert nv.prose_list(["A", "B"]) == "A and B"
    assert nv.prose_list(["A", "B", "C"], "or") == "A, B, or C"


def test_share_text_rounds_half_up_and_names_the_total():
    assert nv.share_text(Share(56, 104), "KSA") == "56 of 104 KSAs (54%)"
    assert nv.share_text(Share(5, 8), "KSA", of="its") == "5 of its 8 KSAs (63%)"  # 62.5
    assert nv.share_text(Share(1, 1), "specific KSA", of="its") == "1 of its 1 specific KSA (100%)"
    assert nv.share_text(Share(0, 0), "KSA") == "0 of 0 KSAs"
    assert nv.share_text(Share(1200, 2400)) == "1,200 of 2,400 (50%)"


def test_share_or_all_says_all_and_none():
    assert nv.share_or_all(Share(6, 6), "tier-4 competency", "tier-4 competencies") == (
        "all six tier-4 competencies")
    assert nv.share_or_all(Share(0, 4), "specific KSA", of="its") == "none of its specific KSAs"
    assert nv.share_or_all(Share(2, 3), "title", of="its") == "2 of its 3 titles (67%)"
    assert nv.capital("none of its KSAs") == "None of its KSAs"
    assert nv.capital("") == ""


def test_sole_ksas_text():
    assert nv.sole_ksas_text(0, 3) == (
        "Every one of its KSAs was selected by at least one other institute too.")
    assert nv.sole_ksas_text(4, 4) == "No other institute selected any of its KSAs."
    assert nv.sole_ksas_text(1, 3) == "No other institute selected 1 of its 3 KSAs (33%)."
    assert nv.sole_ksas_text(0, 0) == "It marked no KSA as essential."


# ----------------------------------------------------------------------------- notices


def test_reconstruction_notice_follows_the_provenance(tiny):
    notice = nv.reconstruction_notice(tiny, "which institute chose which occupation")
    assert notice.startswith("::: {.callout-important}\n**Reconstructed data.** The tiny edition")
    assert "Read which institute chose which occupation as one arrangement" in notice
    assert notice.endswith(":::\n")
    collected = replace(tiny, provenance="collected")
    assert nv.reconstruction_notice(collected, "anything") == ""


def test_placeholder_note_counts_reconstructed_statements(tiny):
    assert nv.placeholder_note(tiny, ["k1", "k2", "k5"]) == ""
    note = nv.placeholder_note(tiny, ["k1", "k3", "k4", "k3"])  # k3 once: 2 of 3 listed
    assert note.startswith("Two of the 3 KSAs listed hold a placeholder statement")
    assert nv.placeholder_note(tiny, ["k3"]).startswith("One of the 1 KSA listed holds")


# ----------------------------------------------------------------------------- areas, top KSAs


def test_area_highlights_in_a_three_institute_area(handmade):
    # bio: k01 k02 by all three institutes, k03 k05 k06 by one; specific k02 k06 (tier 4)
    assert nv.area_highlights(handmade, "bio") == [
        "**2 of its 5 KSAs (40%)** were selected by two or more of the area's institutes.",
        "**2 of its 5 KSAs (40%)** were selected by all three institutes, and another 0 by "
        "exactly two.",
        "**2 of its 5 KSAs (40%)** are specific to the area: no institute of another area "
        "selected them.",
        "Of the 2 KSAs that two or more of its institutes share, 1 (50%) are specific to the "
        "area.",
        "None of its specific KSAs fall under the tier-5 competencies, the sector technical "
        "ones at the leading edge.",
    ]


def test_area_highlights_in_two_and_one_institute_areas(handmade):
    # dig: k07 k08 by both institutes; specific k07 k08 k09 k10, all tier 5
    assert nv.area_highlights(handmade, "dig") == [
        "**2 of its 7 KSAs (29%)** were selected by two or more of the area's institutes.",
        "**4 of its 7 KSAs (57%)** are specific to the area: no institute of another area "
        "selected them.",
        "Of the 2 KSAs that two or more of its institutes share, 2 (100%) are specific to the "
        "area.",
        "All four specific KSAs fall under the tier-5 competencies, the sector technical ones "
        "at the leading edge.",
    ]
    # mat: one institute, KSAs k01 (shared with other areas) and k04 (specific, tier 4)
    assert nv.area_highlights(handmade, "mat") == [
        "**1 of its 2 KSAs (50%)** are specific to the area: no institute of another area "
        "selected them.",
        "None of its specific KSAs fall under the tier-5 competencies, the sector technical "
        "ones at the leading edge.",
    ]


def test_top_ksas_note(tiny):
    # ranking: k1 3 connections (3 institutes), k2 3 (2), k3 2, k4 1, k5 1
    assert nv.top_ksas_note(tiny, 10).endswith(
        "The edition has only 5 KSAs, so every one is listed.")
    assert nv.top_ksas_note(tiny, 2).endswith(
        "Each of the two has more connections than the KSA ranked next, so the list does not "
        "depend on how ties are broken.")
    assert nv.top_ksas_note(tiny, 1).endswith(
        "The last of the one has no more connections than the KSA ranked next, so the list "
        "depends on the tie-break.")


def test_title_tie_note(tiny, handmade):
    # handmade titles by institutes: Engineers 4, Developers 2, Technicians 2, two with 1
    assert nv.title_tie_note(handmade, 1) == ""
    assert nv.title_tie_note(handmade, 2) == "One more title was also chosen by 2 institutes."
    assert nv.title_tie_note(handmade, 4) == "One more title was also chosen by 1 institute."
    assert nv.title_tie_note(handmade, 5) == ""  # nothing left out
    # tiny: Process Engineers 3, then two titles with one institute each
    assert nv.title_tie_note(tiny, 2) == "One more title was also chosen by 1 institute."


# ----------------------------------------------------------------------------- published figures


def test_published_text():
    assert nv.published_text(entry("a", "money", 392_000_000)) == "$392 million"
    assert nv.published_text(entry("a", "money", 1_500)) == "$1,500"
    assert nv.published_text(entry("a", "count", 3100, comparison="greater_than")) == (
        "over 3,100")
    assert nv.published_text(entry("a", "percent", 91)) == "91%"


def test_years_and_editions(tiny):
    entries = [entry("a"), entry("b", source="network_2020")]
    assert nv.source_year("network_2020") == "2020"
    assert nv.published_edition(entries) == "2025"
    assert nv.document_title("report_2025") == "The 2025 report"
    assert nv.document_title("network_2020") == "The 2020 network piece"
    assert not nv.audit_applies(tiny, entries)
    assert nv.audit_applies(replace(tiny, edition="2025"), entries)
    with pytest.raises(ValueError, match="names no year"):
        nv.source_year("report")


def test_network_comparison_pairs_2020_with_2024():
    assert nv.network_years() == ("2020", "2024")
    years = nv.network_comparison(load_published()).set_index("measure")
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


# ----------------------------------------------------------------------------- the audit


def test_value_text():
    assert nv.value_text(None) == "–"
    assert nv.value_text(1200) == "1,200"
    assert nv.value_text({"percent": 85, "numerator": 55, "denominator": 65}) == "85% (55/65)"
    assert nv.value_text({"percent": 33, "numerator": None, "denominator": 235}) == "33% (?/235)"
    assert nv.value_text(["a", "b", "c", "d", "e"]) == "a; b; c and 2 more"
    assert nv.value_text([{"letter": "A", "code": "4.1.7", "statement": "Data"}]) == (
        "A. Data (4.1.7)")
    assert nv.value_text([{"title": "Process Engineers", "institutes": 8}]) == (
        "Process Engineers (8)")
    assert nv.value_text([{"code": "5.1", "name": "x"}] * 7) == "7 rows"
    assert nv.value_text({"single": 70, "shared": 67}) == "single: 70; shared: 67"
    assert nv.value_text("x" * 200, width=10) == "xxxxxxxxx…"


def checks() -> pd.DataFrame:
    rows = [
        ("a.count", "Intro", "match", None),
        ("a.count.rounding", "Intro", "inconsistent-in-report", 5.0),
        ("b.pct", "Areas", "depends-on-reading", 4.0),
        ("b.pct.rounding", "Areas", "match", None),
        ("old.people", "Then", "not-recomputable", None),
        ("names.x", "", "inconsistent-in-report", None),
        ("c.top", "Areas", "mismatch", 2.0),
    ]
    return pd.DataFrame(rows, columns=["id", "section", "status", "reading"])


STATUSES = ("match", "depends-on-reading", "inconsistent-in-report", "mismatch",
            "not-recomputable")


def test_status_counts_and_sentence():
    frame = checks()
    overall = nv.status_counts(frame, STATUSES).iloc[0]
    assert overall.tolist() == [2, 1, 2, 1, 1, 7]
    by = nv.status_counts(frame, STATUSES, by="section")
    assert by["section"].tolist() == ["Intro", "Areas", "Then", ""]
    assert by.loc[1, list(STATUSES) + ["total"]].tolist() == [1, 1, 0, 1, 0, 3]
    assert nv.status_sentence(frame.iloc[:2], STATUSES) == (
        "2 checks: 1 match, 1 inconsistent-in-report.")


def test_audit_sections_put_checks_with_their_entry():
    entries = [entry("a.count", section="Intro"), entry("b.pct", section="Areas"),
               entry("old.people", source="network_2020", section="Then"),
               entry("c.top", section="Areas")]
    rows = nv.audit_sections(checks(), entries)
    assert rows["id"].tolist() == ["a.count", "a.count.rounding", "b.pct", "b.pct.rounding",
                                   "names.x", "c.top", "old.people"]
    assert rows["document"].tolist() == ["The 2025 report"] * 6 + ["The 2020 network piece"]
    assert rows.loc[rows["id"] == "names.x", "heading"].item() == "Across sections"


def test_reading_dependents_add_every_rounding_check_to_reading_5():
    deps = nv.reading_dependents(checks())
    assert deps[["reading", "id"]].values.tolist() == [
        [2, "c.top"], [4, "b.pct"], [5, "a.count.rounding"], [5, "b.pct.rounding"]]


# ----------------------------------------------------------------------------- tables


def test_table_markdown_sizes_the_header_rule_by_content():
    from competency_framework.present.tables import ReportTable

    frame = pd.DataFrame({"Rank": [1, 2], "Essential KSA": ["Use basic hand tools " * 3, "x"],
                          "Connections": [1200, 3], "Institutes selecting it": [1, 2]})
    table = ReportTable(frame, "Caption.", "tbl-x")
    lines = nv.table_markdown(table).split("\n")
    # Rank: its heading (4); the KSA: its longest cell, capped at 40; Connections: its heading
    # (11); a heading over 12 characters may wrap: its longest word, "Institutes" (10)
    assert lines[1] == "|----:|:" + "-" * 40 + "|" + "-" * 11 + ":|" + "-" * 10 + ":|"
    assert lines[0] == table.markdown().split("\n")[0]
    assert lines[2:] == table.markdown().split("\n")[2:]  # cells and caption unchanged
    assert nv.table_markdown(table, {"Rank": 9}).split("\n")[1].startswith("|---------:|")


def test_breakable_identifiers_wrap_at_dots_and_underscores():
    assert nv.breakable("areas.materials.multi_institute") == (
        "areas.\u200bmaterials.\u200bmulti_\u200binstitute")
    assert nv.breakable("top_ksas") == "top_\u200bksas"
    assert nv.breakable("a.") == "a."  # no break point at the very end
