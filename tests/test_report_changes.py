"""The chapter on what changed, in the built report: a revision of the 2025 edition
(`revision.revise_2025`) whose descriptor names 2025 as its previous edition, built with
both renderers; the tiny edition's revision built with and without the comparison; a
descriptor naming a folder that is not there."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from number_marks import notebook_text, unmarked
from paths import EDITION_2025, TINY
from report_project import copy_project, need_tool, printed_paths, run_report, run_statuses
from revision import TINY_REVISION, revise_2025, write_revision

pytestmark = pytest.mark.build
CHAPTER = "75_changes"
HEADING = "What changed since edition 2025"
REVISION = "data/raw/2025-revision"


def pdf_text(path) -> str:
    need_tool("pdftotext")
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True)
    return done.stdout


def page_text(html: str) -> str:
    """An HTML page's text, tags and number links dropped, white space collapsed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).replace("&amp;", "&")


@pytest.fixture(scope="module")
def revision_2025(tmp_path_factory):
    if not (EDITION_2025 / "datapackage.json").is_file():
        pytest.skip("data/raw/2025 is not built")
    project, inside = copy_project(tmp_path_factory.mktemp("revision-2025"), EDITION_2025)
    changed = write_revision(project / inside, project / REVISION, revise_2025,
                             edition="2025-revision",
                             title="The 2025 edition, revised for a test (reconstructed)")
    assert isinstance(changed, dict)
    return project, changed


@pytest.fixture(scope="module")
def both(revision_2025):
    """The revision built with the fallback, then with Quarto in the same project (its
    notebooks then come from the cache)."""
    need_tool("quarto")
    project, changed = revision_2025
    built = {}
    for renderer in ("fallback", "quarto"):
        done = run_report(project, edition=REVISION, renderer=renderer, out=f"out-{renderer}",
                          profiles=None)
        assert done.returncode == 0, done.stdout + done.stderr
        html, pdf = printed_paths(done.stdout, project)
        built[renderer] = (done.stdout, html.parent, pdf)
    return project, changed, built


def test_the_descriptor_s_previous_edition_brings_the_chapter(both):
    _, _, built = both
    stdout = built["fallback"][0]
    assert "compared with edition 2025 (reconstructed) from data/raw/2025, data hash" in stdout
    assert run_statuses(stdout)[f"{CHAPTER}.ipynb"] == "ran"
    assert set(run_statuses(built["quarto"][0]).values()) == {"cached"}


@pytest.mark.parametrize("renderer", ["fallback", "quarto"])
def test_the_chapter_in_each_renderer_s_site_and_pdf(both, renderer):
    _, changed, built = both
    _, out, pdf = built[renderer]
    page = out / "report" / "executed" / f"{CHAPTER}.html"
    text = page_text(page.read_text(encoding="utf-8"))
    assert HEADING in text
    # the first institute lost one occupation and its connections, the second gained one
    # occupation, three of its KSAs' connections and a new KSA's
    assert re.search(rf"AFFOA lost 1 † \d+ † {changed['lost']} †", text), text[:3000]
    assert re.search(rf"AIM Photonics gained 1 † 1 † {changed['gained']} †", text)
    assert "Operate a digital twin of a production line" in text
    ksa, old_code, new_code = changed["moved"]
    assert re.search(rf"{re.escape(old_code)} {re.escape(new_code)}", text)
    code, old_name = changed["renamed"]
    assert f"{code} {old_name} {old_name} (revised)" in text
    figure = "Connections each institute gained and lost from edition 2025 to edition " \
             "2025-revision."
    assert figure in text
    assert 'alt="Bar chart of the KSA/occupation connections each of the 18 institutes' \
        in page.read_text(encoding="utf-8")
    printed = re.sub(r"\s+", " ", pdf_text(pdf))
    assert HEADING in printed and figure.replace("-", "") in printed.replace("-", "")
    chapter_pages = out / "report" / "executed"
    about = page_text((chapter_pages / "00_about.html").read_text(encoding="utf-8"))
    assert "what changed since the previous edition" in about


def test_both_renderers_print_the_same_numbers_in_the_chapter(both):
    project, _, built = both
    # every number the chapter prints goes through `present.numbers`
    assert unmarked(notebook_text(project / "report" / "executed" / f"{CHAPTER}.ipynb")) == []

    def chapter_numbers(renderer: str) -> list[dict]:
        _, out, _ = built[renderer]
        found = json.loads((out / "numbers.json").read_text(encoding="utf-8"))
        return [n for n in found if n["chapter"] == CHAPTER]

    fallback = chapter_numbers("fallback")
    assert fallback == chapter_numbers("quarto")
    assert len(fallback) > 100
    lost = [n for n in fallback if n["statistic"] ==
            "edition_changes(previous=2025)[institute_id=affoa].connections lost"]
    assert lost and all(n["status"] == "model-choice" for n in lost)


def test_with_and_without_the_comparison(tmp_path):
    project, _ = copy_project(tmp_path / "project", TINY)
    shutil.copytree(TINY_REVISION, project / "tests" / "data" / "tiny_revision")
    edition = "tests/data/tiny_revision"
    executed = project / "report" / "executed"

    done = run_report(project, edition=edition, profiles=None)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (executed / f"{CHAPTER}.ipynb").is_file()
    assert "What changed since edition tiny" in pdf_text(project / "out" /
                                                         "competency-framework-report.pdf")

    # the site's downloads: the data package, and the data each table and figure shows
    data = project / "out" / "data"
    assert (data / "competency-framework-tiny-2.zip").is_file()
    assert (data / "tables" / "tbl-changes-institutes.csv").read_text(encoding="utf-8") == (
        "Institute,Change,Occupations,KSAs,Connections\n"
        "Alpha Institute,gained,0,0,1\nAlpha Institute,lost,0,1,1\n"
        "Beta Institute,gained,1,1,1\nBeta Institute,lost,0,0,0\n")
    figure = (data / "figures" / "fig-changes-by-institute.csv").read_text(encoding="utf-8")
    assert figure.splitlines()[:2] == [
        "statistic,value,shown as,status", "edition_changes(previous=tiny)[institute_id=alpha]"
        ".connections gained,1,1\u2020,model-choice"]

    done = run_report(project, "--no-previous", edition=edition, profiles=None)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (executed / f"{CHAPTER}.ipynb").exists()
    assert "What changed" not in pdf_text(project / "out" / "competency-framework-report.pdf")
    assert f"{CHAPTER}.ipynb" not in run_statuses(done.stdout)

    # --previous overrides the descriptor: the tiny edition compared with its revision
    done = run_report(project, "--previous", edition, profiles=None)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "What changed since edition tiny-2" in pdf_text(
        project / "out" / "competency-framework-report.pdf").replace("\u2011", "-")

    descriptor = project / edition / "datapackage.json"
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    descriptor.write_text(json.dumps({**meta, "previous": "../nowhere"}), encoding="utf-8")
    before = (project / "out" / "competency-framework-report.pdf").read_bytes()
    done = run_report(project, edition=edition, profiles=None)
    assert done.returncode == 1
    assert ("tests/data/tiny_revision/datapackage.json names '../nowhere' as its previous "
            "edition") in done.stderr and "--no-previous" in done.stderr
    assert (project / "out" / "competency-framework-report.pdf").read_bytes() == before
