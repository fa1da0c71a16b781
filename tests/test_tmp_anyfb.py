"""Any text through the whole build. Hypothesis draws arbitrary Unicode (any character
`validate` accepts: every plane, bidi and zero-width characters, line breaks; markup of each
of the report's targets; strings of 10,000 characters) for every free-text cell of the tiny
edition and for its descriptor's title, description and source. Each drawn edition is built
with the fallback and with Quarto (where installed; always in CI), every page of each site is
opened in Chromium, and each PDF is read by poppler:

- the build succeeds;
- no element, attribute or URL scheme is in Chromium's DOM that the clean tiny report's same
  page lacks, no script ran (no dialog, no page error);
- every string the report prints is in the page text whole, and in the PDF text.

The examples are derandomized (the same on every run) and not shrunk (each is a whole build);
a failure prints the drawn strings.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hostile_edition import free_text_cells, write_hostile_edition
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from paths import TINY
from report_project import chromium, copy_project, need_tool, printed_paths, run_report, served

from competency_framework.edition.validate import CONTROL

pytestmark = pytest.mark.build

EXAMPLES = int(os.environ.get("ANY_TEXT_EXAMPLES", "3"))  # more: a longer, wider search
CELLS = len(free_text_cells(TINY))
# The columns the report prints in its text (the others only in downloads, alt text or not
# at all): checked whole in the HTML and in the PDF.
PRINTED = {("technology_areas", "name"), ("institutes", "name"), ("competencies", "name"),
           ("ksas", "statement"), ("occupations", "title")}

REFUSED = "".join(c for c in map(chr, range(128)) if CONTROL.fullmatch(c))  # by `validate`
# What long text may add to a page: pandoc gives a table whose rows are wider than the page
# column widths (the tiny report's tables are narrow enough not to need them).
# And what Quarto's and Bootstrap's scripts set after the load event, at times that vary
# from run to run (scrollspy, the sticky header): the same on any page, whatever its text.
LAYOUT = {"tags": {"col", "colgroup"},
          "attributes": {"col style", "table style", "body style", "body data-bs-offset",
                         "div style", "nav style", "style id"},
          "schemes": set()}

ALPHABET = st.characters(codec="utf-8", exclude_characters=REFUSED)
MARKUP = (
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<a href='javascript:alert(3)'>",
    "[a](javascript:alert(4))", "![i](x.png)", '{#fig-x .c onclick="alert(5)"}', '"}', "'",
    "`", "```", "*", "_", "~~", "^", "$x$", "$$", "#set text(red)", "#{1 + 1}", "#", "@fig-x",
    "<lbl>", "//", "/*", "\\textbf{x}", "\\input{/etc/passwd}", "%", "&", "&amp;", "&#60;",
    "&lt;b&gt;", "]]>", "<!--", "-->", ":::", "{{< meta title >}}", "{{< include x.qmd >}}",
    "\\", "|", "- ", "1. ", "> ", "\n", "\r\n", "\n\n", "\t", "\u202e", "\u202c", "\u2066",
    "\u2069", "\u200b", "\u200d", "\ufeff", "\u2028", "\x85", "\u00ad", "\ufffd", "\U0001f600",
    "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0633\u0644\u0627\u0645", "e\u0301", "\u0130",
)
PIECES = st.one_of(st.sampled_from(MARKUP), st.text(ALPHABET, min_size=1, max_size=12))
SHORT = st.one_of(st.lists(PIECES, min_size=1, max_size=10).map("".join),
                  st.text(ALPHABET, min_size=1, max_size=60))
LONG = SHORT.map(lambda s: (s * (10_000 // len(s) + 1))[:10_000])


@st.composite
def editions(draw) -> tuple[list[str], tuple[str, str, str]]:
    """Strings for every free-text cell (two of them 10,000 characters long) and the
    descriptor's title, description and source title."""
    strings = draw(st.lists(SHORT, min_size=CELLS, max_size=CELLS))
    for i in draw(st.lists(st.integers(0, CELLS - 1), min_size=2, max_size=2, unique=True)):
        strings[i] = draw(LONG)
    return strings, (draw(SHORT), draw(LONG), draw(SHORT))


def words(text: str) -> str:
    return " ".join(text.split())


# Chromium's DOM after the page's scripts ran: each element, attribute and URL scheme once;
# the text, without scripts and styles.
DOM_FACTS = """() => {
  const tags = new Set(), attributes = new Set(), schemes = new Set();
  const urls = ['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href', 'poster'];
  for (const el of document.querySelectorAll('*')) {
    tags.add(el.localName);
    for (const a of el.attributes) {
      attributes.add(el.localName + ' ' + a.name);
      if (urls.includes(a.name)) {
        const m = a.value.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase()
                   .match(/^([a-z][a-z0-9+.-]*):/);
        schemes.add(m ? m[1] : '');
      }
    }
  }
  const body = document.body.cloneNode(true);
  body.querySelectorAll('script, style, template').forEach(e => e.remove());
  return {tags: [...tags].sort(), attributes: [...attributes].sort(),
          schemes: [...schemes].sort(), text: body.textContent};
}"""


def visit(out: Path, browser) -> dict[str, dict]:
    """Every HTML page of the site in `out`, opened in Chromium: its DOM facts, and whatever
    ran (dialogs, page errors)."""
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    facts = {}
    with served(out) as url:
        page = browser.new_page()
        ran: list[str] = []
        page.on("dialog", lambda d: (ran.append(f"dialog {d.message!r}"), d.dismiss()))
        page.on("pageerror", lambda e: ran.append(f"page error {e}"))
        for name in pages:
            page.goto(url + name, wait_until="load")
            facts[name] = {**page.evaluate(DOM_FACTS), "ran": list(ran)}
            ran.clear()
        page.close()
    return facts


def pdf_text(pdf: Path) -> str:
    need_tool("pdftotext")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def in_pdf(string: str, text: str) -> list[str]:
    """The runs of `string` the PDF text lacks. A run is a stretch of ASCII letters and digits
    (4 or more): what any font shows and poppler gives back in order (bidi reordering,
    shaping and line breaking move or join the rest)."""
    flat = re.sub(r"[^A-Za-z0-9]", "", text)
    runs = re.findall(r"[A-Za-z0-9]{4,}", string)
    return [run for run in runs if run not in flat]


CLEAN: dict[str, dict] = {}


def renderers() -> list[str]:
    if shutil.which("quarto"):
        return ["fallback"]
    need_tool("quarto")  # fails in CI
    return ["fallback"]


def clean_facts(renderer: str, tmp_path_factory, browser) -> dict:
    """The clean tiny report's DOM facts, page by page, built here once per renderer."""
    if renderer not in CLEAN:
        project, inside = copy_project(tmp_path_factory.mktemp(f"clean-{renderer}"))
        done = run_report(project, edition=inside, renderer=renderer)
        assert done.returncode == 0, done.stdout + done.stderr
        CLEAN[renderer] = visit(project / "out", browser)
    return CLEAN[renderer]


@pytest.fixture(scope="module")
def browser():
    with chromium() as opened:
        yield opened


@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          phases=[Phase.generate], print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(drawn=editions())
def test_any_text_builds_runs_nothing_and_is_printed(drawn, tmp_path_factory, browser):
    strings, descriptor = drawn
    project, _ = copy_project(tmp_path_factory.mktemp("project-any-text"))
    edition = project / "tests" / "data" / "any"
    write_hostile_edition(TINY, edition, strings, descriptor)
    cells = free_text_cells(TINY)
    printed = [f"{strings[i]} #{i}" for i, cell in enumerate(cells) if cell in PRINTED]
    printed.append(descriptor[0])  # the title, on the title page and the cover
    for renderer in renderers():
        clean = clean_facts(renderer, tmp_path_factory, browser)
        done = run_report(project, edition="tests/data/any", renderer=renderer,
                          out=f"out-{renderer}")
        assert done.returncode == 0, done.stdout + done.stderr
        facts = visit(project / f"out-{renderer}", browser)
        assert facts.keys() == clean.keys(), renderer
        for name, page in facts.items():
            assert page["ran"] == [], (renderer, name)
            for key in ("tags", "attributes", "schemes"):
                new = set(page[key]) - set(clean[name][key]) - LAYOUT[key]
                assert not new, (renderer, name, key, new)
        site = words(" ".join(page["text"] for page in facts.values()))
        missing = [s[:80] for s in printed if words(s) not in site]
        assert missing == [], renderer
        _, pdf = printed_paths(done.stdout, project)
        text = pdf_text(pdf)
        lacking = {s[:80]: runs for s in printed if (runs := in_pdf(s, text))}
        assert lacking == {}, renderer
