"""End to end: a copy of the project builds the tiny edition's report, and a reader gets it.

The HTML is opened in headless Chromium (console, title, table, figure, a screenshot that is
not blank); the PDF is read back with poppler (title, pages, text, the embedded figure). The
build is also run again (nothing to do), from scratch (same bytes), and broken (last good
report kept).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
import yaml

from competency_framework import load_edition
from competency_framework.build import code_fingerprint
from competency_framework.render import read_book
from competency_framework.statistics.overview import framework_contents

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "tiny"
PROJECT_FILES = ("_quarto.yml", "index.qmd", "notebooks", "report/manifest.yml")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
OKABE_ITO_BLUE = (0x00, 0x72, 0xB2)


def need_tool(path_or_name: str) -> None:
    """Skip without the tool on a developer's machine; fail in CI, where .ci/run installs it."""
    if shutil.which(path_or_name):
        return
    message = f"{path_or_name} is not installed (apt-get install chromium poppler-utils)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def copy_project(dest: Path) -> Path:
    """The files a build reads (not the outputs) plus the tiny edition, in a fresh folder."""
    for name in PROJECT_FILES:
        src, dst = ROOT / name, dest / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy2(src, dst)
    shutil.copytree(TINY, dest / "tests" / "data" / "tiny")
    return dest


def run_report(project: Path, *args: str, edition: str = "tests/data/tiny",
               out: str = "out") -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "competency_framework", "report", "--edition", edition,
               "--renderer", "fallback", "--out", out, *args]
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env,
                          timeout=600)


def printed_paths(stdout: str, project: Path) -> tuple[Path, Path]:
    html = re.search(r"^HTML:\s+(.+)$", stdout, re.MULTILINE)
    pdf = re.search(r"^PDF:\s+(.+)$", stdout, re.MULTILINE)
    assert html and pdf, stdout
    return project / html[1].strip(), project / pdf[1].strip()


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SimpleNamespace:
    project = copy_project(tmp_path_factory.mktemp("project"))
    code = code_fingerprint()
    done = run_report(project)
    assert done.returncode == 0, done.stdout + done.stderr
    html, pdf = printed_paths(done.stdout, project)
    return SimpleNamespace(project=project, stdout=done.stdout, html=html, pdf=pdf,
                           out=project / "out", book=read_book(project),
                           fw=load_edition(TINY), code=code)


def test_build_names_renderer_and_outputs(built):
    assert "renderer: fallback" in built.stdout
    assert built.html == built.out / f"{built.book.output_file}.html"
    assert built.pdf == built.out / f"{built.book.output_file}.pdf"
    assert built.html.stat().st_size > 0 and built.pdf.read_bytes().startswith(b"%PDF")
    executed = built.project / "report" / "executed" / "10_overview.ipynb"
    nb = nbformat.read(executed, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "tests/data/tiny" in injected[0].source


def chapter_headings(project: Path) -> list[str]:
    """The level-1 heading each chapter opens with, in _quarto.yml order."""
    out = []
    for chapter in read_book(project).chapters:
        path = project / chapter
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            text = next(c.source for c in nb.cells if c.cell_type == "markdown")
        else:
            text = (project / "report" / "executed" / "title.md").read_text(encoding="utf-8")
        out.append(re.search(r"^# (.+?)(?:\s*\{.*\})?$", text, re.MULTILINE)[1])
    return out


def test_html_as_a_reader_sees_it(built):
    need_tool(CHROMIUM)
    from PIL import Image
    from playwright.sync_api import sync_playwright

    shot = built.out.parent / "screenshot.png"
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"failed to load {r.url}"))
        page.goto(built.html.as_uri(), wait_until="load")
        title = page.title()
        headings = page.locator("h1").all_inner_texts()
        body = page.locator("body").inner_text()
        caption = page.locator("table caption").first.inner_text()
        rows = page.locator("table tbody tr").evaluate_all(
            "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
        images = page.locator("figure img").evaluate_all(
            "imgs => imgs.map(i => ({w: i.naturalWidth, h: i.naturalHeight, alt: i.alt}))")
        figcaptions = page.locator("figure figcaption").all_inner_texts()
        crossrefs = page.locator("a[href^='#fig-'], a[href^='#tbl-']").evaluate_all(
            "links => links.map(a => [a.getAttribute('href'), a.innerText])")
        page.screenshot(path=str(shot), full_page=True)
        browser.close()

    assert problems == []
    assert built.book.title in title
    assert headings[0] == built.book.title
    # chapters in the order _quarto.yml lists them (what Quarto would render)
    numbered = [re.sub(r"^[\d.]+\s+", "", h) for h in headings[1:]]
    assert numbered == chapter_headings(built.project)
    assert "This edition is reconstructed." in body
    assert built.fw.data_hash in body
    # the generated table shows what the library computes
    assert caption == "Table 1: What the tiny edition contains."
    expected = framework_contents(built.fw)
    assert [r[0] for r in rows[-len(expected):]] == list(expected["label"])
    assert [int(r[1]) for r in rows[-len(expected):]] == list(expected["count"])
    # the generated figure loaded, with alt text built from the data
    assert len(images) == 1 and images[0]["w"] > 500 and images[0]["h"] > 100
    assert "4.2 Operations Management: 2" in images[0]["alt"]
    assert figcaptions[0].startswith(
        "Figure 1: Essential KSAs under each competency, tiny edition.")
    # cross-references in the prose (Quarto's @fig-/@tbl- syntax) resolve to the numbered items
    assert sorted(crossrefs) == [["#fig-ksas-by-competency", "Figure 1"],
                                 ["#tbl-contents", "Table 1"]]
    # the screenshot is not blank, and the figure's Okabe-Ito blue bars are in it
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50
    background = max(colours)[0]
    assert sum(n for n, _ in colours) - background > 0.05 * image.width * image.height
    assert any(rgb == OKABE_ITO_BLUE for _, rgb in colours)


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_pdf_as_a_reader_sees_it(built):
    need_tool("pdftotext")
    info = subprocess.run(["pdfinfo", str(built.pdf)], capture_output=True, text=True,
                          check=True).stdout
    fields = dict(re.findall(r"^([^:]+):\s+(.*)$", info, re.MULTILINE))
    assert fields["Title"] == built.book.title
    pages = pdf_pages(built.pdf)
    assert int(fields["Pages"]) == len(pages)

    # the title page carries the home page (edition, provenance, hash, commit, versions),
    # then the contents, then each chapter starts a page of its own, in book order
    home, *chapters = chapter_headings(built.project)
    title_page = re.sub(r"\s+", " ", pages[0])
    assert "Manufacturing USA Advanced Manufacturing" in title_page and home in title_page
    for fact in ("Edition tiny", "This edition is reconstructed.", "Provenance reconstructed",
                 "Data hash", "Code commit", "Tool versions Python"):
        assert fact in title_page, fact
    assert pages[1].lstrip().startswith("Contents")
    starts = []
    for heading in chapters:
        found = [i for i, page in enumerate(pages)
                 if re.match(rf"\s*\d+\s+{re.escape(heading)}", page)]
        assert len(found) == 1, heading
        starts.append(found[0])
    assert starts == sorted(starts) and starts[0] == 2
    assert 2 + len(chapters) <= len(pages) <= 2 + 2 * len(chapters)

    text = re.sub(r"\s+", " ", "\n".join(pages))
    assert "This edition is reconstructed." in text
    assert built.fw.data_hash in text.replace(" ", "")
    assert "Table 1: What the tiny edition contains." in text
    assert "sub-competencies (Table 1)" in text and "; Figure 1 shows every competency" in text
    for label, count in zip(*(framework_contents(built.fw)[c] for c in ("label", "count")),
                            strict=True):
        assert re.search(rf"{re.escape(label)} {count}\b", text), label

    # the figure is embedded at the resolution it was saved with
    from PIL import Image

    figure = built.project / "report" / "executed" / "figures" / "ksas-by-competency.png"
    width, height = Image.open(figure).size
    listing = subprocess.run(["pdfimages", "-list", str(built.pdf)], capture_output=True,
                             text=True, check=True).stdout
    images = [line.split() for line in listing.splitlines()[2:]]
    assert any(row[2] == "image" and (int(row[3]), int(row[4])) == (width, height)
               for row in images), listing


def test_second_build_does_nothing(built):
    if code_fingerprint() != built.code:  # only where others edit the library meanwhile
        pytest.skip("the library changed since the first build, so a rerun is right")
    before = tree_bytes(built.out)
    stamp_before = (built.project / "report" / "executed" / ".stamps.json").read_text()
    done = run_report(built.project)
    assert done.returncode == 0, done.stderr
    assert "[1/1] 10_overview.ipynb: up to date" in done.stdout
    assert "report: up to date" in done.stdout
    assert printed_paths(done.stdout, built.project) == (built.html, built.pdf)
    assert tree_bytes(built.out) == before
    assert (built.project / "report" / "executed" / ".stamps.json").read_text() == stamp_before


def test_same_input_same_bytes(built, tmp_path):
    project = copy_project(tmp_path / "again")
    done = run_report(project)
    assert done.returncode == 0, done.stderr
    assert "running notebooks/10_overview.ipynb" in done.stdout
    html, pdf = printed_paths(done.stdout, project)
    assert html.read_bytes() == built.html.read_bytes()
    assert pdf.read_bytes() == built.pdf.read_bytes()
    figures = "report/executed/figures"
    assert tree_bytes(project / figures) == tree_bytes(built.project / figures)


@pytest.fixture
def built_copy(built, tmp_path) -> SimpleNamespace:
    """A copy of the built project, to break without disturbing the other tests."""
    project = tmp_path / "copy"
    shutil.copytree(built.project, project)
    return SimpleNamespace(project=project, out=project / "out",
                           before=tree_bytes(project / "out"))


def test_bad_edition_keeps_last_good_report(built_copy):
    bad = built_copy.project / "tests" / "data" / "bad"
    shutil.copytree(TINY, bad)
    ksas = bad / "ksas.csv"
    ksas.write_text(ksas.read_text(encoding="utf-8").replace(",statement,", ",text,", 1),
                    encoding="utf-8")
    done = run_report(built_copy.project, edition="tests/data/bad")
    assert done.returncode == 1
    assert "ksas.csv" in done.stderr and "statement" in done.stderr
    assert tree_bytes(built_copy.out) == built_copy.before


def test_failing_notebook_is_named_and_keeps_last_good_report(built_copy):
    project = built_copy.project
    broken = project / "notebooks" / "90_broken.ipynb"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('edition = ""\nnotebook = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("raise ValueError('this chapter is broken on purpose')"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})
    nbformat.write(nb, broken)
    manifest = yaml.safe_load((project / "report" / "manifest.yml").read_text())
    manifest["runs"].append({"notebook": "notebooks/90_broken.ipynb", "output": "90_broken.ipynb"})
    (project / "report" / "manifest.yml").write_text(yaml.safe_dump(manifest))
    quarto = yaml.safe_load((project / "_quarto.yml").read_text())
    quarto["book"]["chapters"].append("report/executed/90_broken.ipynb")
    (project / "_quarto.yml").write_text(yaml.safe_dump(quarto, sort_keys=False))

    done = run_report(project)
    assert done.returncode == 1
    assert "90_broken.ipynb (notebooks/90_broken.ipynb)" in done.stderr
    assert "ValueError: this chapter is broken on purpose" in done.stderr
    assert re.search(r"^\[1/2\] 10_overview.ipynb: (up to date|done in)", done.stdout, re.M)
    assert (project / "report" / "executed" / "failed" / "90_broken.ipynb").is_file()
    assert tree_bytes(built_copy.out) == built_copy.before


def test_manifest_and_quarto_book_disagreeing_stops_the_build(built_copy):
    project = built_copy.project
    quarto = yaml.safe_load((project / "_quarto.yml").read_text())
    quarto["book"]["chapters"].append("report/executed/99_missing.ipynb")
    (project / "_quarto.yml").write_text(yaml.safe_dump(quarto, sort_keys=False))
    done = run_report(project)
    assert done.returncode == 1
    assert "_quarto.yml book.chapters and report/manifest.yml disagree" in done.stderr
    assert tree_bytes(built_copy.out) == built_copy.before


def test_output_stamp_names_the_outputs(built):
    stamp = json.loads((built.out / ".build-stamp").read_text())
    assert (built.out / stamp["html"]) == built.html and (built.out / stamp["pdf"]) == built.pdf
