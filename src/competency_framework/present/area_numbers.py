"""A technology area's numbers as the published report names them (`present.numbers`), for the
area chapters' prose and tables: how many institutes an area has (`institutes_shown`, a count
of the rows of Table 2), how many of its KSAs its institutes share (`ksas_shown`,
`ksas_record`, `share_shown`: `area_ksas_by_institute_count` with the published parameters)
and the first of several ways of naming one value that a published figure fixes
(`first_fixed`).

One statistic with one set of parameters is a percent in one area's section and a count in
another's (digital/automation prints its specific KSAs as "56 of 104 (54%)", electronics as
"39"), so a count is printed as whichever part of the published entry fixes it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from competency_framework.present.numbers import PINNED, Numbers, PrintedNumber, printed_numbers
from competency_framework.present.prose import ShownShare, number_word
from competency_framework.statistics.shares import Share

AREA_KSAS = "area_ksas_by_institute_count"
# Table 2 as the published figures hold it: one row per institute and its area
AREA_INSTITUTES = "area_institutes"
AREA_INSTITUTES_COLUMNS = ["area", "area_id", "institute"]
TABLE_2 = "tables.table_2"

Option = tuple[str | None, Mapping[str, Any]]  # (part, params) of a statistic


def _fixing_option(numbers: Numbers, value: int, statistic: str,
                   options: Sequence[Option]) -> Option:
    return next((o for o in options if numbers.record(
        value, statistic, part=o[0], **o[1]).status == PINNED), options[0])


def first_fixed(numbers: Numbers, value: int, statistic: str, options: Sequence[Option], *,
                word: bool = False, text: str | None = None) -> str:
    """`value` printed as the first of `options` of `statistic` that a published figure fixes
    (pinned), else as the first option; `word`: as a number word below ten; `text`: as that
    text ("None" for a zero)."""
    part, params = _fixing_option(numbers, value, statistic, options)
    shown = text if text is not None else number_word(value) if word else None
    return numbers(value, statistic, text=shown, part=part, **params)


def count_options(area_id: str, params: Mapping[str, Any]) -> list[Option]:
    """The ways the published report prints a count of `area_id`'s KSAs (`params` as
    `statistics.areas.area_ksa_count` takes them): as a count, or as the numerator of a
    percent."""
    full = {"area": area_id, **params}
    return [(None, full), ("numerator", full)]


def ksas_shown(numbers: Numbers, value: int, area_id: str, *, word: bool = False,
               text: str | None = None, also: Sequence[Mapping[str, Any]] = (),
               **params: Any) -> str:
    """A count of the area's KSAs (`area_ksa_count(fw, area_id, **params)`), as digits, as a
    number word (`word`) or as `text`; `also`: other parameters that count the same KSAs (all
    of a three-institute area's institutes are three of them), tried when no published figure
    of `params` fixes the value."""
    options = [o for p in (params, *also) for o in count_options(area_id, p)]
    return first_fixed(numbers, value, AREA_KSAS, options, word=word, text=text)


def ksas_record(numbers: Numbers, value: int, area_id: str,
                *params: Mapping[str, Any]) -> PrintedNumber:
    """`ksas_shown` for a table cell: the count of the area's KSAs as the first of `params`
    whose published figure fixes it, else as the first."""
    part, full = _fixing_option(numbers, value, AREA_KSAS,
                                [o for p in params for o in count_options(area_id, p)])
    return numbers.record(value, AREA_KSAS, part=part, **full)


def share_shown(numbers: Numbers, share: Share, area_id: str, params: Mapping[str, Any],
                total: Mapping[str, Any]) -> tuple[ShownShare, str]:
    """A share of the area's KSAs as printed (for `prose.share_text` and `share_or_all`) and
    its denominator as a number word (for "all three"): the KSAs of `params` among those of
    `total` (both as `area_ksa_count` takes them)."""
    full = {"area": area_id, **params}
    # the total as a count of its own first: the name a reader would give it
    den_options = [*count_options(area_id, total), ("denominator", full)]
    num = first_fixed(numbers, share.numerator, AREA_KSAS, count_options(area_id, params))
    den = first_fixed(numbers, share.denominator, AREA_KSAS, den_options)
    # a percent the report does not print is fixed all the same by a pinned count and total
    pct = "" if share.percent is None else numbers.derived(
        share.percent, AREA_KSAS, [num, den], part="percent", **full)
    if pct:  # a count the printed percent and total fix (51% of 55: 28)
        records = [printed_numbers(x) for x in (num, den, pct)]
        if all(len(r) == 1 for r in records):
            fixed = numbers.numerator_fixed(*(r[0] for r in records))
            num = numbers.show(fixed) if fixed != records[0][0] else num
    shown = ShownShare(num, den, pct)
    return shown, first_fixed(numbers, share.denominator, AREA_KSAS, den_options, word=True)


def institutes_shown(numbers: Numbers, n: int, area_id: str, *, word: bool = False) -> str:
    """The number of the area's institutes: the rows of Table 2 in the area."""
    return numbers(n, AREA_INSTITUTES, text=number_word(n) if word else None, part="rows",
                   row={"area_id": area_id}, columns=AREA_INSTITUTES_COLUMNS)
