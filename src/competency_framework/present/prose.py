"""Counts, lists and shares as prose says them, as pure functions: `plural` ("3 KSAs"),
`number_word` ("three"), `every` ("all three institutes"), `prose_list` ("A, B, and C"),
`share_text` ("56 of 104 KSAs (54%)", always through `statistics.shares`), `share_or_all` and
`capital`. Figures and tables take their words from here too.

Each function that prints a number takes it as the reader should see it through `shown`: the
Markdown `present.numbers` makes of it (`ch.numbers(n, statistic)`, `ch.numbers.share(...)`),
which says what the number is and how far it can be trusted. Without `shown` the number is
plain text (alt text, figure labels)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from competency_framework.statistics.shares import Share

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def plural(n: int, singular: str, many: str | None = None, *, shown: str | None = None) -> str:
    """`n` with its noun, "1 KSA", "1,247 connections"; `many` when the plural is not
    `singular` + "s" ("competency", "competencies")."""
    return f"{shown or f'{n:,}'} {singular if n == 1 else (many or singular + 's')}"


def number_word(n: int) -> str:
    """Whole numbers below ten as words ("three"), larger ones as digits ("1,247")."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def every(n: int, singular: str, many: str | None = None, *, shown: str | None = None) -> str:
    """All `n` of something, as prose says it: "the only institute", "both institutes",
    "all three institutes", "all 12 institutes" (`shown`: the number word as printed)."""
    noun = singular if n == 1 else (many or singular + "s")
    if n == 1:
        return f"the only {noun}"
    if n == 2:
        return f"both {noun}"
    return f"all {shown or number_word(n)} {noun}"


def prose_list(items: Iterable[str], conjunction: str = "and") -> str:
    """Items joined as a sentence lists them, with the serial comma: "A", "A and B",
    "A, B, and C"; "" for none."""
    items = [str(i) for i in items]
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}"


@dataclass(frozen=True)
class ShownShare:
    """A share's parts as printed (`present.numbers.Numbers.share`)."""

    numerator: str
    denominator: str
    percent: str


def share_text(share: Share, singular: str = "", many: str | None = None, of: str = "", *,
               shown: ShownShare | None = None) -> str:
    """"56 of 104 KSAs (54%)": the count, its total with the noun (and a determiner `of`:
    "56 of its 104 KSAs"), the percent rounded half up (`statistics.shares`); no percent when
    the total is 0."""
    den = shown.denominator if shown else f"{share.denominator:,}"
    num = shown.numerator if shown else f"{share.numerator:,}"
    total = plural(share.denominator, singular, many, shown=den) if singular else den
    total = f"{of} {total}" if of else total
    if share.percent is None:
        return f"{num} of {total}"
    return f"{num} of {total} ({shown.percent if shown else f'{share.percent}%'})"


def share_or_all(share: Share, singular: str, many: str | None = None, of: str = "the", *,
                 shown: ShownShare | None = None, shown_word: str | None = None,
                 shown_none: str | None = None) -> str:
    """`share_text`, except that a share of everything reads "all six tier-4 competencies"
    (or "the only ..." of one; `shown_word`: the number word as printed) and a share of
    nothing "none of the ..." (`shown_none`: "none" as printed, with the zero's status)."""
    if share.denominator and share.numerator == share.denominator:
        return every(share.denominator, singular, many, shown=shown_word)
    if share.denominator and share.numerator == 0:
        return f"{shown_none or 'none'} of {of} {many or singular + 's'}".replace("  ", " ")
    return share_text(share, singular, many, of=of, shown=shown)


def capital(text: str) -> str:
    """`text` with its first letter upper-cased and the rest untouched (unlike str.capitalize,
    which would lower-case "KSAs")."""
    return text[:1].upper() + text[1:]
