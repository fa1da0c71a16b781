"""End to end: how the build behaves. A copy of the project builds the tiny edition's report
(once per session, shared with test_report_site.py, which reads it as a reader would); here it
is built again with nothing changed (nothing runs), from scratch (same bytes), broken (every
failure named, last good report kept), and after one institute's data changed (only the runs
that read it run again, and what they give equals a build from scratch).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
import yaml
from paths import TINY
from report_project import (
    built_report,
    copy_project,
    notebook_outputs,
    printed_paths,
    run_report,
    run_statuses,
    tree_bytes,
)

from competency_framework import load_edition
from competency_framework.build.manifest import read_manifest
from competency_framework.build.plan import plan
from competency_framework.build.run_inputs import package_fingerprint

pytestmark = pytest.mark.build

EXECUTED = Path("report/executed")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SimpleNamespace:
    code = package_fingerprint()
    report = built_report(tmp_path_factory, TINY)
    fw = load_edition(report.project / report.edition)
    _, book = plan(report.project, fw, profiles=report.profiles)
    return SimpleNamespace(**vars(report), book=book, code=code)


def test_build_names_renderer_outputs_and_progress(built):
    assert "renderer: fallback" in built.stdout
    assert built.html == built.out / "index.html"
    assert built.pdf == built.out / f"{built.book.output_file}.pdf"
    assert built.pdf.read_bytes().startswith(b"%PDF")
    # one progress line per run: k of n, status, seconds, name; every run ran once
    chapters = [c for c in built.book.chapters if c.startswith(EXECUTED.as_posix())]
    lines = re.findall(r"^\[\s*(\d+)/(\d+)\] ran\s+[\d.]+ s\s+(\S+)$", built.stdout, re.M)
    assert sorted(name for _, _, name in lines) == sorted(Path(c).name for c in chapters)
    assert [int(k) for k, _, _ in lines] == list(range(1, len(chapters) + 1))
    assert {int(n) for _, n, _ in lines} == {len(chapters)}
    # papermill's injected parameters are in the executed notebook, hidden from the reader
    nb = nbformat.read(built.project / chapters[0], as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "tests/data/tiny" in injected[0].source
    assert injected[0].source.startswith("#| include: false")


@pytest.fixture
def built_copy(built, tmp_path) -> SimpleNamespace:
    """A copy of the built project, to change without disturbing the other tests."""
    project = tmp_path / "copy"
    shutil.copytree(built.project, project)
    return SimpleNamespace(project=project, out=project / "out",
                           before=tree_bytes(project / "out"))


def test_second_build_does_nothing(built, built_copy):
    if package_fingerprint() != built.code:  # only where others edit the library meanwhile
        pytest.skip("the library changed since the first build, so a rerun is right")
    stamps = built_copy.project / EXECUTED / ".stamps.json"
    stamp_before = stamps.read_text()
    done = run_report(built_copy.project)
    assert done.returncode == 0, done.stderr
    statuses = run_statuses(done.stdout)
    assert statuses and set(statuses.values()) == {"cached"}
    assert "report: up to date" in done.stdout
    assert printed_paths(done.stdout, built_copy.project) == (
        built_copy.out / "index.html", built_copy.out / built.pdf.name)
    assert tree_bytes(built_copy.out) == built_copy.before
    assert stamps.read_text() == stamp_before


def test_profiles_switched_off_and_on_again(built, built_copy):
    """The tiny edition is reconstructed: without --profiles its report has no institute
    profile, and none is left behind from the build that had them; the chapter that names
    the others runs again, the rest stays cached. Asking again brings them back."""
    if package_fingerprint() != built.code:
        pytest.skip("the library changed since the first build, so a rerun is right")
    project = built_copy.project
    profiles = sorted(p.name for p in (project / EXECUTED).glob("70_institute_profile_*.ipynb"))
    assert profiles
    done = run_report(project, profiles=None)  # the default, for a reconstructed edition
    assert done.returncode == 0, done.stderr
    assert "institute profiles: left out" in done.stdout
    statuses = run_statuses(done.stdout)
    assert not any(name.startswith("70_") for name in statuses)
    assert statuses.pop("00_about.ipynb") == "ran"  # it says whether there are profiles
    assert set(statuses.values()) == {"cached"}
    assert not list((project / EXECUTED).glob("70_*.ipynb"))
    assert not [p for p in (project / "out").rglob("70_*") if p.is_file()]
    assert "Institute profiles" not in (project / "out" / "index.html").read_text("utf-8")
    about = nbformat.read(project / EXECUTED / "00_about.ipynb", as_version=4)
    assert "There is no profile of a single institute" in json.dumps(about.cells)
    title = (project / EXECUTED / "title.md").read_text(encoding="utf-8")
    assert "this report has no profile of a single institute" in title

    again = run_report(project)
    assert again.returncode == 0, again.stderr
    statuses = run_statuses(again.stdout)
    assert [statuses[name] for name in profiles] == ["ran"] * len(profiles)
    assert tree_bytes(built_copy.out) == built_copy.before


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


def write_notebook(path: Path, *cells: str, parameters: str = 'edition = ""\nnotebook = ""'):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        *(nbformat.v4.new_markdown_cell(c) if c.startswith("# ")
          else nbformat.v4.new_code_cell(c) for c in cells),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def add_runs(project: Path, runs: list[dict]) -> None:
    manifest = yaml.safe_load((project / "report" / "manifest.yml").read_text())
    manifest["runs"] += runs
    (project / "report" / "manifest.yml").write_text(yaml.safe_dump(manifest))


def test_failing_notebooks_are_all_named_and_keep_last_good_report(built_copy):
    project = built_copy.project
    for name in ("90_broken", "91_broken"):
        write_notebook(project / "notebooks" / f"{name}.ipynb", f"# {name}",
                       f"raise ValueError('{name} is broken on purpose')")
    add_runs(project, [{"notebook": f"notebooks/{n}.ipynb", "output": f"{n}.ipynb"}
                       for n in ("90_broken", "91_broken")])
    done = run_report(project)
    assert done.returncode == 1
    for name in ("90_broken", "91_broken"):
        assert f"{name}.ipynb (notebooks/{name}.ipynb)" in done.stderr
        assert f"ValueError: {name} is broken on purpose" in done.stderr
        assert (project / EXECUTED / "failed" / f"{name}.ipynb").is_file()
        assert run_statuses(done.stdout)[f"{name}.ipynb"] == "FAILED"
    assert "2 of " in done.stderr and "The previous report, if any, was left in place" in (
        done.stderr)
    assert tree_bytes(built_copy.out) == built_copy.before


def test_a_chapter_listed_in_the_quarto_book_stops_the_build(built_copy):
    project = built_copy.project
    quarto = yaml.safe_load((project / "_quarto.yml").read_text())
    quarto["book"]["chapters"].append("report/executed/99_missing.ipynb")
    (project / "_quarto.yml").write_text(yaml.safe_dump(quarto, sort_keys=False))
    done = run_report(project)
    assert done.returncode == 1
    assert "report's chapters come from report/manifest.yml" in done.stderr
    assert tree_bytes(built_copy.out) == built_copy.before


def test_output_stamp_names_the_outputs(built):
    stamp = json.loads((built.out / ".build-stamp").read_text())
    assert (built.out / stamp["html"]) == built.html and (built.out / stamp["pdf"]) == built.pdf


# --- what runs again when one institute's data changes -----------------------------------------


def rewrite_table(edition: Path, name: str, change) -> None:
    """Change one CSV of an edition (`change`: lines -> lines) and its hash in the descriptor."""
    from competency_framework.edition.contract import file_sha256

    path = edition / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(change(lines)), encoding="utf-8")
    descriptor = json.loads((edition / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"] == path.name:
            resource["hash"] = f"sha256:{file_sha256(path)}"
            resource["bytes"] = path.stat().st_size
    (edition / "datapackage.json").write_text(json.dumps(descriptor, indent=2),
                                              encoding="utf-8")


def without(row: str):
    def change(lines: list[str]) -> list[str]:
        assert row + "\n" in lines
        return [line for line in lines if line != row + "\n"]

    return change


STATISTIC = ("import os\nfrom competency_framework import load_edition\n"
             "fw = load_edition(edition)\n")


def synthetic_project(folder: Path) -> Path:
    """A project whose manifest has one run over all data, one per area and one per
    institute, each declaring what it reads, the areas and institutes each a part."""
    project, _ = copy_project(folder)
    params = 'edition = ""\nnotebook = ""\nfigures = "figures"\n'
    write_notebook(project / "notebooks" / "10_all.ipynb", "# Everything",
                   STATISTIC + "print(len(fw.essential_ksas))", "print(os.getppid())")
    write_notebook(project / "notebooks" / "20_area.ipynb", "# An area",
                   STATISTIC + "c = fw.connections\nn = int((c.area_id == area_id).sum())\n"
                   "open(f'{figures}/count.txt', 'w').write(str(n))\nprint(area_id, n)",
                   "print(os.getppid())", parameters=params + 'area_id = ""')
    write_notebook(project / "notebooks" / "30_institute.ipynb", "# An institute",
                   STATISTIC + "mine = fw.essential_ksas.institute_id == institute_id\n"
                   "sets = fw.ksa_institutes.groupby('institute_id').ksa_id.apply(set)\n"
                   "print(institute_id, int(mine.sum()), "
                   "sorted(i for i in sets.index if sets[i] & sets[institute_id]))",
                   "print(os.getppid())", parameters='edition = ""\nnotebook = ""\n'
                   'institute_id = ""')
    manifest = {"runs": [
        {"notebook": "notebooks/10_all.ipynb", "output": "10_all.ipynb"},
        {"notebook": "notebooks/20_area.ipynb", "for_each": "technology_areas",
         "output": "20_area_{area_id}.ipynb", "parameters": {"area_id": "{area_id}"},
         "reads": ["connections[area_id={area_id}]"], "part": "Technology areas"},
        {"notebook": "notebooks/30_institute.ipynb", "for_each": "institutes",
         "output": "30_institute_{institute_id}.ipynb",
         "parameters": {"institute_id": "{institute_id}"},
         "reads": ["essential_ksas[institute_id={institute_id}]", "ksa_institutes"],
         "part": "Institutes"},
    ]}
    (project / "report" / "manifest.yml").write_text(yaml.safe_dump(manifest))
    return project


def test_one_institute_changed_runs_only_what_reads_it(tmp_path):
    project = synthetic_project(tmp_path / "p")
    edition = project / "tests" / "data" / "tiny"
    first = run_report(project, jobs=2)
    assert first.returncode == 0, first.stdout + first.stderr
    outputs = ["10_all.ipynb", "20_area_biomanufacturing.ipynb",
               "20_area_digital_automation.ipynb", "30_institute_alpha.ipynb",
               "30_institute_beta.ipynb", "30_institute_gamma.ipynb"]
    assert run_statuses(first.stdout) == dict.fromkeys(outputs, "ran")
    # the tiny edition's areas and institutes, as chapters of the parts the manifest gives
    pages = sorted(p.name for p in (project / "out" / EXECUTED).glob("*.html")
                   if not p.name.endswith(".notebook.html"))
    assert pages == sorted(o.replace(".ipynb", ".html") for o in outputs)
    index = (project / "out" / "index.html").read_text(encoding="utf-8")
    assert "Technology areas" in index and "Institutes" in index
    # runs spread over two worker processes (the kernels' parents)
    parents = {"".join(notebook_outputs(project / EXECUTED / o)[-1][1][0]["text"])
               for o in outputs}
    assert len(parents) == 2
    # each area run drew into a folder of its own
    counts = {p.parent.name: p.read_text() for p in
              (project / EXECUTED / "figures").glob("*/count.txt")}
    assert counts == {"20_area_biomanufacturing": "6", "20_area_digital_automation": "4"}

    # alpha loses a connection, but keeps its set of KSAs (k2 stays through another occupation)
    rewrite_table(edition, "essential_ksas", without("alpha,technicians,k2"))
    second = run_report(project, jobs=2)
    assert second.returncode == 0, second.stderr
    assert run_statuses(second.stdout) == {
        "10_all.ipynb": "ran", "20_area_biomanufacturing.ipynb": "ran",
        "20_area_digital_automation.ipynb": "cached", "30_institute_alpha.ipynb": "ran",
        "30_institute_beta.ipynb": "cached", "30_institute_gamma.ipynb": "cached"}
    assert (project / EXECUTED / "figures" / "20_area_biomanufacturing" / "count.txt"
            ).read_text() == "5"

    # beta loses its only k3: its KSA set changes, which every institute profile compares with
    rewrite_table(edition, "essential_ksas", without("beta,process_engineers,k3"))
    third = run_report(project, jobs=2)
    assert third.returncode == 0, third.stderr
    assert run_statuses(third.stdout) == {
        "10_all.ipynb": "ran", "20_area_biomanufacturing.ipynb": "ran",
        "20_area_digital_automation.ipynb": "cached", "30_institute_alpha.ipynb": "ran",
        "30_institute_beta.ipynb": "ran", "30_institute_gamma.ipynb": "ran"}


def test_rebuild_from_scratch_gives_the_same_report(built_copy, tmp_path):
    """Same input, same output, and no stale chapter: the report's own manifest, built from
    scratch in a fresh project, gives byte for byte what the first build gave (executed
    notebooks, figures, pages, PDF). When some runs declare what they read, one institute's
    data is changed first and the copy is rebuilt incrementally: what it keeps from before
    must equal what the build from scratch makes of the changed data. (When no run declares
    its reads, any data change re-runs everything, so there is nothing to keep.)"""
    project = built_copy.project
    fresh_project, edition = copy_project(tmp_path / "fresh")
    if any(spec.reads is not None for spec in read_manifest(project)):
        rewrite_table(project / edition, "essential_ksas", without("alpha,technicians,k2"))
        shutil.copy2(project / edition / "essential_ksas.csv",
                     fresh_project / edition / "essential_ksas.csv")
        shutil.copy2(project / edition / "datapackage.json",
                     fresh_project / edition / "datapackage.json")
        incremental = run_report(project)
        assert incremental.returncode == 0, incremental.stderr
        statuses = run_statuses(incremental.stdout)
        assert "ran" in statuses.values() and "cached" in statuses.values(), statuses
    fresh = run_report(fresh_project, edition=edition)
    assert fresh.returncode == 0, fresh.stderr
    assert set(run_statuses(fresh.stdout).values()) == {"ran"}
    names = sorted(p.name for p in (fresh_project / EXECUTED).glob("*.ipynb"))
    assert names == sorted(p.name for p in (project / EXECUTED).glob("*.ipynb"))
    stale = [n for n in names if notebook_outputs(project / EXECUTED / n)
             != notebook_outputs(fresh_project / EXECUTED / n)]
    assert stale == []
    for folder in (EXECUTED, Path("out")):
        ours, theirs = tree_bytes(project / folder), tree_bytes(fresh_project / folder)
        assert ours.keys() == theirs.keys()
        assert [name for name in ours if ours[name] != theirs[name]] == []
