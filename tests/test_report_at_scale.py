"""The whole report of a generated edition of 12 technology areas and 50 institutes
(`benchmarks/generated.py`), with its institute profiles, built by the fallback renderer:
nothing runs off the PDF's pages, no web table is wider than a page can hold, the profiles'
long lists print their first rows in the PDF and every row on the web, and an area with no
KSA of its own is said to have none. The figures' text is checked in
`test_figures_at_scale.py`."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from paths import EDITION_2025
from report_project import copy_project, printed_paths, run_report

from benchmarks.generated import generate_edition
from competency_framework import load_edition
from competency_framework.present.tables import PROFILE_PRINT_ROWS

pytestmark = pytest.mark.build

MARGIN_PT = 36  # half the page margin: text beyond it has left the text column
MOST_COLUMNS = 7  # more than this and a table scrolls sideways or overprints


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not (EDITION_2025 / "datapackage.json").is_file():
        pytest.skip("data/raw/2025 is not built yet")
    project, _ = copy_project(tmp_path_factory.mktemp("at-scale"))
    generate_edition(EDITION_2025, project / "data" / "raw" / "generated", areas=12,
                     institutes=50)
    done = run_report(project, edition="data/raw/generated", profiles=True)
    assert done.returncode == 0, done.stdout + done.stderr
    html, pdf = printed_paths(done.stdout, project)
    return project, html, pdf


def test_no_text_runs_off_the_pdf_pages(built):
    _, _, pdf = built
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    outside = []
    for number, page in enumerate(bbox.split("<page ")[1:], start=1):
        width = float(re.search(r'width="([\d.]+)"', page)[1])
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>'
                             r"([^<]*)</word>", page):
            if float(m[1]) < MARGIN_PT or float(m[2]) > width - MARGIN_PT:
                outside.append((number, m[3]))
    assert outside == []


class _Tables(HTMLParser):
    """Each table's id and the cells of its header row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([dict(attrs).get("id", ""), 0, 0])
        elif tag == "th" and self.tables:
            self.tables[-1][1] += 1
        elif tag == "tr" and self.tables:
            self.tables[-1][2] += 1


def web_tables(out: Path) -> dict[str, tuple[int, int]]:
    """Every table of the site's chapters: id -> (header cells, rows with the header)."""
    found: dict[str, tuple[int, int]] = {}
    for page in sorted(out.rglob("*.html")):
        parser = _Tables()
        parser.feed(page.read_text(encoding="utf-8"))
        found.update({i: (cols, rows) for i, cols, rows in parser.tables if i})
    return found


def test_no_web_table_is_wider_than_a_page(built):
    project, _, _ = built
    tables = web_tables(project / "out")
    assert "tbl-area-institutes" in tables and "tbl-reading-3-directions" in tables
    wide = {i: cols for i, (cols, _) in tables.items() if cols > MOST_COLUMNS}
    assert wide == {}


def test_a_profiles_long_list_prints_its_first_rows_and_the_web_has_them_all(built):
    project, _, pdf = built
    fw = load_edition(project / "data" / "raw" / "generated")
    others = len(fw.institutes) - 1
    tables = web_tables(project / "out")
    shared = {i: rows - 1 for i, (_, rows) in tables.items()
              if i.startswith("tbl-profile-shared-")}
    assert len(shared) == len(fw.institutes) and set(shared.values()) == {others}
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    notes = re.findall(rf"The first {PROFILE_PRINT_ROWS} of (\d+) rows; the website and the "
                       r"table.s CSV file have them all\.", text)
    assert notes.count(str(others)) == len(fw.institutes)


def test_an_area_without_ksas_of_its_own_is_said_to_have_none(built):
    """The generated areas share every KSA they select: no empty table, the prose says so."""
    project, _, _ = built
    pages = [p for p in sorted((project / "out").rglob("41_technology_area_*.html"))
             if not p.name.endswith(".notebook.html")]
    assert len(pages) == 12
    said = [page for page in pages if "No KSA is specific to" in page.read_text("utf-8")]
    assert said  # the generator's areas draw on shared pools: at least one has none of its own
    for page in said:
        assert 'id="tbl-area-specific-' not in page.read_text(encoding="utf-8")
