"""Percent rounding: half up, exact, one rule for every statistic."""

from fractions import Fraction

import pytest

from competency_framework.statistics.shares import Share, percent, percents, round_half_up


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (62.5, 0, 63),  # half goes up (Python's round() would give 62)
        (Fraction(125, 2), 0, 63),
        (Fraction(2700, 43), 0, 63),  # 27/43 = 62.79 %: the materials figure printed as 62 %
        (0.125, 2, 0.13),  # round(0.125, 2) gives 0.12 in binary floating point
        (2.5, 0, 3),
        (0.49, 0, 0),
        (0, 0, 0),
    ],
)
def test_round_half_up(value, digits, expected):
    assert round_half_up(value, digits) == expected


def test_percent_of_published_pairs():
    # 70/137 = 51.09 -> 51; 67/137 = 48.91 -> 49; 56/104 = 53.85 -> 54; 30/56 = 53.57 -> 54
    assert percent(70, 137) == 51
    assert percent(67, 137) == 49
    assert percent(56, 104) == 54
    assert percent(30, 56) == 54
    # 1/8 = 12.5 % exactly -> 13 under half up
    assert percent(1, 8) == 13
    assert percent(1, 8, digits=1) == 12.5
    assert percent(3, 0) is None


def test_percents_agree_with_percent_everywhere():
    """The integer shortcut gives what the exact rule gives, halves included (1/8 = 12.5%)."""
    for d in range(1, 60):
        assert percents(range(d + 1), d) == [percent(n, d) for n in range(d + 1)]
    assert percents([1], 8) == [13] and percents([0, 3], 0) == [None, None]


def test_share():
    share = Share(28, 55)  # 28/55 = 50.9 % -> 51
    assert share.percent == 51
    assert share.as_dict() == {"numerator": 28, "denominator": 55, "percent": 51}
    assert str(share) == "28/55 (51%)"
    assert Share(0, 0).percent is None


def test_a_share_of_nothing_prints_no_percent():
    assert str(Share(0, 0)) == "0/0"
    assert str(Share(3, 0)) == "3/0"
    assert str(Share(0, 4)) == "0/4 (0%)"
