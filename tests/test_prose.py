"""Counts, lists and shares in prose (`present.prose`), on values worked out by hand."""

from competency_framework.present import prose as p
from competency_framework.statistics.shares import Share


def test_number_words_and_every():
    assert [p.number_word(n) for n in (0, 3, 9, 10, 1247)] == [
        "no", "three", "nine", "10", "1,247"]
    assert p.every(1, "institute") == "the only institute"
    assert p.every(2, "institute") == "both institutes"
    assert p.every(3, "institute") == "all three institutes"
    assert p.every(12, "competency", "competencies") == "all 12 competencies"


def test_prose_list_uses_the_serial_comma():
    assert p.prose_list([]) == ""
    assert p.prose_list(["A"]) == "A"
    assert p.prose_list(["A", "B"]) == "A and B"
    assert p.prose_list(["A", "B", "C"], "or") == "A, B, or C"


def test_share_text_rounds_half_up_and_names_the_total():
    assert p.share_text(Share(56, 104), "KSA") == "56 of 104 KSAs (54%)"
    assert p.share_text(Share(5, 8), "KSA", of="its") == "5 of its 8 KSAs (63%)"  # 62.5
    assert p.share_text(Share(1, 1), "specific KSA", of="its") == "1 of its 1 specific KSA (100%)"
    assert p.share_text(Share(0, 0), "KSA") == "0 of 0 KSAs"
    assert p.share_text(Share(1200, 2400)) == "1,200 of 2,400 (50%)"


def test_share_or_all_says_all_and_none():
    assert p.share_or_all(Share(6, 6), "tier-4 competency", "tier-4 competencies") == (
        "all six tier-4 competencies")
    assert p.share_or_all(Share(0, 4), "specific KSA", of="its") == "none of its specific KSAs"
    assert p.share_or_all(Share(2, 3), "title", of="its") == "2 of its 3 titles (67%)"
    assert p.capital("none of its KSAs") == "None of its KSAs"
    assert p.capital("") == ""
