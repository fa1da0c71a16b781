"""Counts, lists and shares as prose says them, as pure functions: `plural` ("3 KSAs"),
`number_word` ("three"), `every` ("all three institutes"), `prose_list` ("A, B, and C"),
`share_text` ("56 of 104 KSAs (54%)", always through `statistics.shares`), `share_or_all` and
`capital`. Figures and tables take their words from here too."""

from __future__ import annotations

from collections.abc import Iterable

from competency_framework.statistics.shares import Share

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def plural(n: int, singular: str, many: str | None = None) -> str:
    """`n` with its noun, "1 KSA", "1,247 connections"; `many` when the plural is not
    `singular` + "s" ("competency", "competencies")."""
    return f"{n:,} {singular if n == 1 else (many or singular + 's')}"


def number_word(n: int) -> str:
    """Whole numbers below ten as words ("three"), larger ones as digits ("1,247")."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def every(n: int, singular: str, many: str | None = None) -> str:
    """All `n` of something, as prose says it: "the only institute", "both institutes",
    "all three institutes", "all 12 institutes"."""
    noun = singular if n == 1 else (many or singular + "s")
    if n == 1:
        return f"the only {noun}"
    if n == 2:
        return f"both {noun}"
    return f"all {number_word(n)} {noun}"


def prose_list(items: Iterable[str], conjunction: str = "and") -> str:
    """Items joined as a sentence lists them, with the serial comma: "A", "A and B",
    "A, B, and C"; "" for none."""
    items = [str(i) for i in items]
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}"


def share_text(share: Share, singular: str = "", many: str | None = None, of: str = "") -> str:
    """"56 of 104 KSAs (54%)": the count, its total with the noun (and a determiner `of`:
    "56 of its 104 KSAs"), the percent rounded half up (`statistics.shares`); no percent when
    the total is 0."""
    total = plural(share.denominator, singular, many) if singular else f"{share.denominator:,}"
    total = f"{of} {total}" if of else total
    if share.percent is None:
        return f"{share.numerator:,} of {total}"
    return f"{share.numerator:,} of {total} ({share.percent}%)"


def share_or_all(share: Share, singular: str, many: str | None = None, of: str = "the") -> str:
    """`share_text`, except that a share of everything reads "all six tier-4 competencies"
    (or "the only ..." of one) and a share of nothing "none of the ..."."""
    if share.denominator and share.numerator == share.denominator:
        return every(share.denominator, singular, many)
    if share.denominator and share.numerator == 0:
        return f"none of {of} {many or singular + 's'}".replace("  ", " ")
    return share_text(share, singular, many, of=of)


def capital(text: str) -> str:
    """`text` with its first letter upper-cased and the rest untouched (unlike str.capitalize,
    which would lower-case "KSAs")."""
    return text[:1].upper() + text[1:]
