"""The report of a hostile edition (`hostile_edition.py`: every text cell and the descriptor's
title, description and sources replaced by markup, `javascript:` links, control and bidi
characters and 10,000-character strings) builds, runs nothing the data brought, and shows the
text as text."""

from __future__ import annotations

import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from hostile_edition import HOSTILE, write_hostile_edition
from paths import TINY
from report_project import built_report, copy_project, need_tool, printed_paths, run_report

pytestmark = pytest.mark.build

ACTIVE_TAGS = {"script", "img", "iframe", "object", "embed", "form", "base", "meta", "link",
               "style", "svg", "math", "video", "audio", "source"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}


class _Active(HTMLParser):
    """What in a page can run or load something: elements, event handlers, script URLs; and
    the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.found[f"<{tag}>"] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found[f"{tag} {name}="] += 1
            if name in URL_ATTRIBUTES and "javascript:" in "".join((value or "").split()).lower():
                self.found[f"{tag} {name}=javascript:"] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def scan(path: Path) -> _Active:
    parser = _Active()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(out: Path) -> dict[str, Path]:
    return {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*.html"))}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> SimpleNamespace:
    project, _ = copy_project(tmp_path_factory.mktemp("project-hostile"))
    write_hostile_edition(TINY, project / "tests" / "data" / "hostile")
    done = run_report(project, edition="tests/data/hostile")
    assert done.returncode == 0, done.stdout + done.stderr
    html, pdf = printed_paths(done.stdout, project)
    return SimpleNamespace(out=project / "out", html=html, pdf=pdf)


def test_hostile_pages_run_and_load_only_what_the_clean_pages_do(hostile, tmp_path_factory):
    clean = built_report(tmp_path_factory, TINY)
    ours, theirs = pages(hostile.out), pages(clean.out)
    assert ours.keys() == theirs.keys()
    for name, path in ours.items():
        assert scan(path).found == scan(theirs[name]).found, name


def words(text: str) -> str:
    return " ".join(text.split())


def test_hostile_strings_are_shown_as_text(hostile):
    index = words(" ".join(scan(hostile.html).text))
    for piece in (HOSTILE[0], HOSTILE[1]):  # the edition's title, on the title page
        assert words(piece) in index
    every = words(" ".join(t for p in pages(hostile.out).values() for t in scan(p).text))
    for piece in (HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3], HOSTILE[6], HOSTILE[9]):
        assert words(piece) in every, piece


def test_hostile_strings_are_in_the_pdf(hostile):
    need_tool("pdftotext")
    text = subprocess.run(["pdftotext", "-raw", str(hostile.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for piece in ("<script>alert('s')</script> S", '<img src=x onerror="alert(1)"> I',
                  "[click](javascript:alert(1)) J", "\\textbf{x} \\input{/etc/passwd} % $ &"):
        assert piece in text, piece
