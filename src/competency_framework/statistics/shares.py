"""Shares and percentages: one rounding rule for every percentage the report prints.

Percentages are rounded half up (reading 5 of the lead's readings): 62.5 % prints as 63 %,
never as the banker's 62 %. Statistics return counts with their denominators (`Share`);
the percentage is derived here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction
from math import floor
from typing import Literal, SupportsInt, overload


@overload
def round_half_up(value: Fraction | int | float | str, digits: Literal[0] = 0) -> int: ...
@overload
def round_half_up(value: Fraction | int | float | str, digits: int) -> int | float: ...
def round_half_up(value: Fraction | int | float | str, digits: int = 0) -> int | float:
    """`value` rounded half up to `digits` decimals (an int when `digits` is 0).

    Computed on exact fractions, so 0.125 rounds to 0.13 and 62.5 to 63 regardless of how
    floats represent them (floats go through their shortest decimal text, "0.125").
    """
    exact: Fraction = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    scale: int = 10**digits  # digits >= 0
    scaled = floor(exact * scale + Fraction(1, 2))
    return scaled if digits == 0 else scaled / scale


@overload
def percent(numerator: int, denominator: int, digits: Literal[0] = 0) -> int | None: ...
@overload
def percent(numerator: int, denominator: int, digits: int) -> int | float | None: ...
def percent(numerator: int, denominator: int, digits: int = 0) -> int | float | None:
    """`numerator / denominator` as a percentage rounded half up; None when the denominator is 0."""
    if denominator == 0:
        return None
    return round_half_up(Fraction(100 * numerator, denominator), digits)


def percents(numerators: Collection[SupportsInt], denominator: int) -> list[int | None]:
    """`percent(n, denominator)` of each whole number n, in integer arithmetic: half up is
    floor((200 n + d) / 2d), the same as `percent` without a Fraction per value."""
    if denominator == 0:
        return [None] * len(numerators)
    return [(200 * int(n) + denominator) // (2 * denominator) for n in numerators]


@dataclass(frozen=True)
class Share:
    """A count out of a total, e.g. 56 of 104 KSAs; `percent` rounds it half up."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded half up (None when the denominator is 0)."""
        return percent(self.numerator, self.denominator)

    def as_dict(self) -> dict[str, int | None]:
        return {"numerator": self.numerator, "denominator": self.denominator,
                "percent": self.percent}

    def __str__(self) -> str:
        """"28/55 (51%)"; a share of nothing has no percent: "0/0"."""
        if self.percent is None:
            return f"{self.numerator}/{self.denominator}"
        return f"{self.numerator}/{self.denominator} ({self.percent}%)"
