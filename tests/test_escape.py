"""Escape helpers against hostile strings, each judged by the real parser of its target:
Python's HTML parser, pandoc (Markdown), Typst, openpyxl and the csv module (spreadsheets)."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from competency_framework.present.escape import (
    html_text,
    markdown_text,
    pandoc_attribute,
    spreadsheet_cell,
    typst_text,
)

HOSTILE = [
    "C++ and C#", "<script>alert('x')</script>", "<b onclick=\"evil()\">hi</b>",
    "*bold* _it_ **b** `code`", "# Heading", "1. list", "A. list", "- item", "+ item", "> quote",
    "[link](http://x.com)", "![img](x.png)", "<http://auto.link>", "https://example.com/a_b",
    "$x^2$", "$$", "@cite and @{x}", "a | b | c", "\\alpha \\textbf{x}", "&amp; &lt; &#60;",
    "--- and -- and ...", "\"smart\" 'quotes'", "~~strike~~ ^sup^ ~sub~", "[^note]",
    "a  \nb", "x\n\n# heading", "line\r\nbreak", "// comment", "/* block */",
    "#set text(red)", "#{1 + 1}", "= Heading", "<label> @ref", "term: def", "/ Term: def",
    "\\u{1F600}", "{braces} [brackets] (parens)", ":::: div", "% comment", "100% sure; 5 < 6 > 4",
    "=SUM(A1)", "back\\slash at end\\", "tab\there", "   leading", "trailing   ", "-? soft",
    "é ü 中文 😀", "'", "\"", "`", "\\", "*", "_", "```", "#", "...", "a\\", "\\ ", "<!-- x -->",
    "<?php ?>", "]]>", "{{ template }}", "{% raw %}", "\u2028separator", "nbsp\u00a0here",
]


def words(text: str) -> str:
    """`text` as the reader sees it: runs of white space (line breaks included) as one space."""
    return " ".join(text.replace("\u00a0", "\x00").split()).replace("\x00", "\u00a0")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append("<!--")

    def handle_pi(self, data):
        self.tags.append("<?")


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_is_only_text(text: str) -> None:
    for html in (f"<p>{html_text(text)}</p>", f'<p title="{html_text(text)}">x</p>'):
        parser = _Collect()
        parser.feed(html)
        parser.close()
        assert parser.tags == ["p"]
    parser = _Collect()
    parser.feed(f"<p>{html_text(text)}</p>")
    assert "".join(parser.text) == text


def test_html_text_escapes_exactly_the_special_characters() -> None:
    assert html_text("""a<b>&"c'""") == "a&lt;b&gt;&amp;&quot;c&#x27;"
    assert html_text("plain text") == "plain text"


def test_markdown_text_reads_back_as_the_same_words_in_pandoc() -> None:
    import pypandoc

    doc = "\n\n".join(markdown_text(t) for t in HOSTILE)
    ast = json.loads(pypandoc.convert_text(doc, "json", format="markdown"))
    assert [b["t"] for b in ast["blocks"]] == ["Para"] * len(HOSTILE)

    def plain(inlines: list[dict]) -> str:
        kinds = {"Str": lambda x: x["c"], "Space": lambda x: " ", "SoftBreak": lambda x: " "}
        return "".join(kinds.get(x["t"], lambda x: f"<{x['t']}>")(x) for x in inlines)

    assert [plain(b["c"]) for b in ast["blocks"]] == [words(t) for t in HOSTILE]


def test_markdown_text_in_a_pipe_table_cell_stays_in_its_cell() -> None:
    import pypandoc

    rows = "\n".join(f"| {markdown_text(t)} | end |" for t in HOSTILE)
    doc = f"| text | after |\n|---|---|\n{rows}\n"
    ast = json.loads(pypandoc.convert_text(doc, "json", format="markdown"))
    table = ast["blocks"][0]
    assert table["t"] == "Table"
    body = table["c"][4][0][3]
    assert len(body) == len(HOSTILE)
    last_cells = [row[1][1][4][0]["c"][0]["c"] for row in body]
    assert last_cells == ["end"] * len(HOSTILE)


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_typst_text_renders_as_the_same_words() -> None:
    import typst

    cases = "\n".join(f"  ([{typst_text(t)}], {_typst_string(words(t))})," for t in HOSTILE)
    source = (
        "#let plain(it) = if it.has(\"text\") { it.text } "
        "else if it.has(\"children\") { it.children.map(plain).join(\"\") } "
        "else if it.func() == [ ].func() { \" \" } else { \"<\" + repr(it.func()) + \">\" }\n"
        f"#let cases = (\n{cases}\n)\n"
        "#for (content, expected) in cases { let got = plain(content); "
        "if got != expected { "
        "panic(\"typst read \" + repr(got) + \", not \" + repr(expected)) } }\n"
        "done\n"
    )
    typst.compile(source.encode("utf-8"), format="svg")  # panics (raises) on any mismatch


def test_typst_referee_catches_unescaped_markup() -> None:
    import typst

    source = (
        "#let plain(it) = if it.has(\"text\") { it.text } else { \"<markup>\" }\n"
        "#if plain([*bold*]) != \"*bold*\" { panic(\"markup\") }\n"
    )
    with pytest.raises(Exception, match="markup"):
        typst.compile(source.encode("utf-8"), format="svg")


FORMULAS = [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "  =1", "＝1", '=HYPERLINK("x")',
]
SAFE = ["C++", "1-2", "a=b", "k1", "", "Department of Defense", "17-2199.00", "'quoted"]


@pytest.mark.parametrize("value", FORMULAS)
def test_spreadsheet_cell_defuses_formulas(value: str) -> None:
    safe = spreadsheet_cell(value)
    assert safe == "'" + value
    sheet = Workbook().active
    sheet["A1"] = safe
    assert sheet["A1"].data_type == "s"  # openpyxl would store the raw value as a formula
    out = io.StringIO()
    csv.writer(out).writerow([safe])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [safe]


@pytest.mark.parametrize("value", SAFE + [3, 2.5, None])
def test_spreadsheet_cell_leaves_other_values_alone(value: object) -> None:
    assert spreadsheet_cell(value) == value


def test_raw_formula_would_be_a_formula_in_openpyxl() -> None:
    sheet = Workbook().active
    sheet["A1"] = "=1+1"
    assert sheet["A1"].data_type == "f"


def _attributes_read_back(values: list[str]) -> list[tuple[str, str]]:
    """Each value put into a figure's attribute block as `fig-alt`, as pandoc reads the
    figure back: (its identifier, its fig-alt)."""
    import pypandoc

    doc = "\n\n".join(f"![Caption](x.png){{#fig-{i} fig-alt={pandoc_attribute(v)}}}"
                       for i, v in enumerate(values))
    ast = json.loads(pypandoc.convert_text(doc, "json", format="markdown"))
    read = []
    for block in ast["blocks"]:
        assert block["t"] == "Figure", block  # a broken attribute block leaves a paragraph
        ident = block["c"][0][0]
        image = block["c"][2][0]["c"][0]
        read.append((ident, dict(image["c"][0][2])["fig-alt"]))
    return read


def test_pandoc_attribute_reads_back_as_the_same_string() -> None:
    hostile = [*HOSTILE, "", " ", "\t lead", "a\nb\r\nc", "&lt;script&gt;", "&#10;", "} {#x}",
               '"} <img src=x onerror=alert(1)> {"', "\u202e\u2066rtl\u2069", "\x01\x7f\x85",
               "javascript:alert(1)", "x" * 10_000]
    assert _attributes_read_back(hostile) == [(f"fig-{i}", v) for i, v in enumerate(hostile)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                                blacklist_characters="\x00")), min_size=1,
                max_size=12))
def test_pandoc_attribute_round_trips_any_text(values: list[str]) -> None:
    assert _attributes_read_back(values) == [(f"fig-{i}", v) for i, v in enumerate(values)]


def test_pandoc_attribute_replaces_nul_and_escapes_exactly_its_specials() -> None:
    assert pandoc_attribute("a\x00b") == '"a\ufffdb"'
    assert pandoc_attribute('\\ " & \n x') == '"\\\\ \\" &#38; &#10; x"'
    assert pandoc_attribute(" x") == '"&#32;x"'
    assert pandoc_attribute("<script> x} é") == '"&#60;script&#62; x&#125; é"'
    assert pandoc_attribute("{#fig-x}") == '"&#123;#fig-x&#125;"'  # not a label to number
    assert pandoc_attribute("![i](x.png)") == '"&#33;&#91;i&#93;(x.png)"'  # not an image to find


def test_unescaped_attribute_would_break_the_figure() -> None:
    """The referee sees the harm: the old escaping (backslash and quote only) loses the
    figure's label on a blank line or leading space and turns "&lt;" into "<"."""
    import pypandoc

    for value in ["a\n\nb", " lead"]:
        doc = f'![C](x.png){{#fig-0 fig-alt="{value}"}}'
        ast = json.loads(pypandoc.convert_text(doc, "json", format="markdown"))
        assert ast["blocks"][0]["t"] != "Figure"
    doc = '![C](x.png){#fig-0 fig-alt="&lt;b&gt;"}'
    ast = json.loads(pypandoc.convert_text(doc, "json", format="markdown"))
    assert dict(ast["blocks"][0]["c"][2][0]["c"][0]["c"][0][2])["fig-alt"] == "<b>"
