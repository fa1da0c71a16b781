"""Text that reads the same but is not: Unicode compatibility forms and lookalike letters.

The import compares occupation titles and KSA statements by `layout.title_key` (case and runs
of spaces ignored). Two further ways for two texts to differ while a reader sees one:

- Unicode compatibility forms: full-width letters (`Ｐ`), ligatures (`ﬁ`), superscripts and
  the like, which NFKC normalisation turns into their plain forms (`compatibility_key`).
- Letters of another script that look Latin: a Cyrillic `Р` or Greek `Ρ` in place of a Latin
  `P`. `skeleton` replaces the letters of `LOOKALIKES`, a small hand-made table of Cyrillic
  and Greek letters that look like Latin ones in common fonts, by those Latin letters. It is
  not Unicode's full confusables list (UTS #39, thousands of pairs across all scripts): it
  catches the substitutions that keyboards and copy-paste actually produce in English text,
  and nothing else, so a warning from it is never a guess about an unrelated script.

The import does not merge such texts (a reader may mean two things, and merging would change
what an institute typed); it warns, naming both (see `importer.lookalike_warnings`).
"""

from __future__ import annotations

import unicodedata

from competency_framework.collect.layout import title_key

#: Cyrillic and Greek letters that look like a Latin letter, with that letter.
LOOKALIKES: dict[str, str] = {
    # Cyrillic capitals and small letters
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    # Greek capitals and small letters
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "ο": "o", "ν": "v", "α": "a", "ι": "i",
}
_TABLE = str.maketrans(LOOKALIKES)


def compatibility_key(text: str) -> str:
    """`title_key` of the NFKC form: equal for texts that differ only in compatibility forms."""
    return title_key(unicodedata.normalize("NFKC", text))


def skeleton(text: str) -> str:
    """`compatibility_key` with lookalike letters replaced by the Latin letters they resemble."""
    return title_key(unicodedata.normalize("NFKC", text).translate(_TABLE))


def _name(ch: str) -> str:
    return f"{ch} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


def how_they_differ(a: str, b: str) -> str:
    """Why `a` and `b` read alike: the characters of either that are not plain, named."""
    odd: list[str] = []
    for ch in a + b:
        plain = unicodedata.normalize("NFKC", ch).translate(_TABLE)
        if plain != ch and ch not in odd and not ch.isspace():
            odd.append(ch)
    kind = ("they differ only in Unicode compatibility forms"
            if compatibility_key(a) == compatibility_key(b)
            else "they differ only in letters of another script that look Latin")
    return f"{kind}: {', '.join(_name(ch) for ch in odd)}" if odd else kind


__all__ = ["LOOKALIKES", "compatibility_key", "how_they_differ", "skeleton"]
