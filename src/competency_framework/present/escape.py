"""Escape text that comes from data for where it lands: HTML, Markdown, pandoc attributes,
Typst, spreadsheets.

The loader keeps cells byte-exact, markup and all: "C++", "<5 µm", "=SUM(A1)", "*bold*" are
valid KSA statements. Whatever puts data text into a page, a document or an export passes it
through the helper for that target, so that it shows as the characters it is and never acts as
markup, a link, a formula or code.

`markdown_text` and `typst_text` also turn every run of white space that holds a line break into
one space: in those languages a line break inside text is not a character, and a blank line
would end the paragraph (or the table row) the text sits in.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")
# what a quoted Pandoc attribute value cannot hold as itself (see `pandoc_attribute`)
_ATTRIBUTE_SPECIAL = re.compile(r'[\\"&!{}\[\]|`<>\x00-\x1f\x7f-\x9f\u2028\u2029]')
_FORMULA_START = re.compile(r"\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r\n]")


def html_text(text: str) -> str:
    """`text` for HTML element content or a quoted attribute value: & < > " ' as entities."""
    return html.escape(text, quote=True)


def markdown_text(text: str) -> str:
    """`text` for inline Markdown (Pandoc's or CommonMark), also inside a pipe-table cell.

    Every ASCII punctuation character gets a backslash, which both languages read as that
    character taken literally; leading and trailing white space is dropped (a line starting
    with spaces can become a code block).
    """
    return _ASCII_PUNCTUATION.sub(r"\\\1", _one_line(text).strip())


def pandoc_attribute(text: str) -> str:
    """`text` as a double-quoted value in a Pandoc Markdown attribute block, quotes included:
    `{#fig-x fig-alt="..."}`.

    Pandoc reads such a value with backslash escapes and HTML character references and stops
    at a line break. So a backslash before each backslash and double quote, `&` as `&#38;`
    (else "&lt;" in the data would come back as "<"), and the characters of Markdown's
    brackets, tables, code and raw HTML (`!{}[]|` and backtick, `<`, `>`) as numeric
    references: pandoc matches a link's brackets and splits a table's cells before it reads an
    attribute, so a "]" in a number's attribute inside a link's text would end the link there,
    and no "![..](..)" or "{#fig-..." in an attribute looks like an image or a label to a pass
    over the Markdown. Also every line break and other control character, and white space at the
    start, as a numeric character reference: pandoc reads the value back as exactly `text`.
    The one exception is NUL, which no document may hold: it becomes U+FFFD.
    """
    escaped = _ATTRIBUTE_SPECIAL.sub(_attribute_char, text.replace("\0", "\ufffd"))
    if text[:1].isspace() and not _ATTRIBUTE_SPECIAL.match(text):
        # pandoc takes a quote followed by white space for no value at all
        escaped = f"&#{ord(text[0])};" + escaped[1:]
    return f'"{escaped}"'


def typst_text(text: str) -> str:
    """`text` for Typst markup (content), e.g. inside `[...]` or a document's body.

    Every ASCII punctuation character gets a backslash, Typst's escape for a character taken
    literally: no markup, no code (#), no maths ($), no comment (//), no smart quote, dash or
    ellipsis shorthand, no automatic link; leading and trailing white space is dropped.
    """
    return _ASCII_PUNCTUATION.sub(r"\\\1", _one_line(text).strip())


def typst_string(text: str) -> str:
    """`text` as a Typst string literal, quotes included (a backslash before each backslash and
    double quote; line breaks as one space)."""
    escaped = re.sub(r'([\\"])', r"\\\1", _one_line(text))
    return f'"{escaped}"'


def spreadsheet_cell(value: object) -> object:
    """`value` for a cell of a CSV or XLSX file that people open in a spreadsheet program.

    Text a spreadsheet would run as a formula (starting, after any spaces, with =, +, - or @,
    or their full-width forms, or starting with a tab, carriage return or line feed) gets a
    leading apostrophe, as OWASP advises against formula injection; anything else is returned
    unchanged. Only for files handed to readers: a file read back as data (the collection
    workbook) keeps the value and marks the cell as text instead, or the apostrophe would
    become part of the value.
    """
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def _attribute_char(match: re.Match[str]) -> str:
    char = match.group()
    return "\\" + char if char in '\\"' else f"&#{ord(char)};"


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def script_global(name: str, value: Any, also: str = "") -> str:
    """`value` as a JavaScript file that sets `window.<name>` (a script, not a JSON file, so
    that a page opened from the disk can load it): JSON with sorted keys, every `<` written
    `\\u003c` (no `</script>` or `<!--` can end or open anything, were the file ever inlined),
    U+2028/U+2029 escaped (line ends in older JavaScript), and the characters of `also` as
    `\\uXXXX` too."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)
    for ch in "<\u2028\u2029" + also:
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return f"window.{name} = {text};\n"
