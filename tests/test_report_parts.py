"""The report's parts, one at a time: the overview statistic, figure and table helpers, the
fallback's notebook preparation, the manifest and book checks, the title page."""

from __future__ import annotations

import base64
import csv
import dataclasses
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest
import yaml
from paths import ROOT, TINY

from competency_framework.build.front_matter import (
    banner_typst,
    colophon_page,
    provenance_banner,
    title_page,
)
from competency_framework.build.manifest import ManifestError, RunSpec, expand_runs, read_manifest
from competency_framework.build.plan import (
    BuildError,
    build_options,
    edition_tables,
    plan,
    plan_book,
    previous_folder,
)
from competency_framework.build.report import replace_output
from competency_framework.build.runner import coalesce_streams
from competency_framework.paths import EXECUTED
from competency_framework.present.figures.common import (
    OKABE_ITO,
    markdown_table,
    save_figure,
)
from competency_framework.present.figures.ksas_by_competency import ksas_by_competency_figure
from competency_framework.present.numbers import PlainNumbers
from competency_framework.render.book import read_book
from competency_framework.render.markdown import (
    BundleMedia,
    RenderError,
    cell_options,
    notebook_markdown,
    text_chapter_markdown,
)
from competency_framework.statistics.competencies import ksa_counts_by_competency
from competency_framework.statistics.overview import framework_contents


def csv_rows(name: str) -> list[dict]:
    with (TINY / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_framework_contents_counts_the_tables(fw):
    got = dict(zip(*(framework_contents(fw)[c] for c in ("measure", "count")), strict=True))
    levels = [r["level"] for r in csv_rows("competencies")]
    selections = csv_rows("institute_occupations")
    assert got == {
        "occupation_selections": len(selections),
        "occupation_titles": len({r["occupation_id"] for r in selections}),
        "competencies": levels.count("competency"),
        "sub_competencies": levels.count("sub_competency"),
        "ksas": len(csv_rows("ksas")),
        "connections": len(csv_rows("essential_ksas")),
    }
    # the tiny edition's own numbers, as a reader would count them by hand
    assert list(got.values()) == [5, 3, 4, 3, 5, 10]


def test_markdown_table_is_a_captioned_pipe_table():
    import pandas as pd

    frame = pd.DataFrame({"Item": ["a|b", "c"], "Count": [1234, 5]})
    text = markdown_table(frame, caption="Two rows.", label="tbl-two")
    assert text.splitlines() == [
        "| Item | Count |",
        "|:--|--:|",
        "| a\\|b | 1,234 |",
        "| c | 5 |",
        "",
        ": Two rows\\. {#tbl-two}",
    ]
    with pytest.raises(ValueError, match="tbl-"):
        markdown_table(frame, caption="x", label="two")


def test_a_long_table_keeps_its_first_rows_in_the_pdf_only(tmp_path):
    """`print_rows` marks a table longer than it; the book's Markdown for the PDF (both
    renderers, `printed_rows`) cuts the table to those rows and says so in its caption, while
    the web page keeps every row; a table no longer than it is left unmarked."""
    import pandas as pd

    from competency_framework.present.tables import ReportTable, printed_tables
    from competency_framework.render.markdown import printed_rows
    from competency_framework.render.pandoc import pandoc_common, run_pandoc, write_filters

    frame = pd.DataFrame({"Occupation": [f"Role {i}" for i in range(5)], "KSAs": range(5)})
    assert "print-rows" not in ReportTable(frame, "Five.", "tbl-five", print_rows=5).markdown()
    table = ReportTable(frame, "Roles.", "tbl-roles", print_rows=2)
    assert table.markdown().endswith(': Roles\\. {#tbl-roles print-rows="2"}\n')
    assert len(printed_tables(table.markdown())["tbl-roles"]) == 5  # the CSV has every row
    page = "Before.\n\n" + table.markdown() + "\nAfter.\n"
    assert printed_rows(page, cut=False) == page.replace(' print-rows="2"', "")
    write_filters(tmp_path)
    (tmp_path / "t.md").write_text(printed_rows(page, cut=True), encoding="utf-8")
    typst = run_pandoc([*pandoc_common(), "--to", "typst", "t.md"], tmp_path)
    (tmp_path / "t.md").write_text(printed_rows(page, cut=False), encoding="utf-8")
    html = run_pandoc([*pandoc_common(), "--to", "html5", "t.md"], tmp_path)
    assert re.findall(r"\[Role (\d)\]", typst) == ["0", "1"]
    assert "Roles. The first 2 of 5 rows; the website and the table's" in typst
    assert re.findall(r"<td[^>]*>Role (\d)</td>", html) == ["0", "1", "2", "3", "4"]
    assert "first 2" not in html and "print-rows" not in html


def draw(out: Path, name: str, alt: str = "Two bars: a 1, b 2."):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [1, 2], color=[OKABE_ITO["blue"], OKABE_ITO["orange"]])
    return save_figure(fig, out, name, caption="Bars.", alt=alt, source="notebooks/x.ipynb")


def test_saved_figures_are_byte_identical_and_undated(tmp_path):
    first, second = draw(tmp_path / "1", "bars"), draw(tmp_path / "2", "bars")
    assert first.svg.read_bytes() == second.svg.read_bytes()
    svg = first.svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert not list((tmp_path / "1").glob("*.png"))  # the SVG is the figure everywhere
    with pytest.raises(ValueError, match="alt text"):
        draw(tmp_path, "no-alt", alt=" ")


def test_figure_markdown_carries_label_caption_source_and_escaped_alt(tmp_path):
    figure = draw(tmp_path, "bars", alt='Bars "a" and b.')
    assert figure.markdown() == (
        "![Bars\\. Source: [notebooks/x.ipynb](../../notebooks/x.ipynb).]"
        f"({figure.svg.as_posix()})"
        '{#fig-bars fig-alt="Bars \\"a\\" and b."}'
    )
    assert figure._repr_markdown_() == (figure.markdown(), {"numbers": [], "data": {
        "columns": ["statistic", "value", "shown as", "status"], "rows": []}})


def test_overview_figure_alt_text_comes_from_the_data(fw, tmp_path):
    counts = ksa_counts_by_competency(fw)
    figure = ksas_by_competency_figure(counts, tmp_path, edition=fw.edition, numbers=PlainNumbers())
    for code, name, ksas in zip(counts["code"], counts["name"], counts["ksas"], strict=True):
        assert f"{code} {name}: {ksas}" in figure.alt
    assert f"each of the {len(counts)} competencies" in figure.alt
    assert figure.label == "fig-ksas-by-competency" and figure.svg.is_file()


def test_cell_options_are_the_leading_hash_pipe_lines():
    options, code = cell_options('#| echo: false\n#| code-summary: "Why"\nx = 1\n#| not: me')
    assert options == {"echo": False, "code-summary": "Why"}
    assert code == "x = 1\n#| not: me"
    assert cell_options("x = 1") == ({}, "x = 1")


def write_notebook(path: Path) -> None:
    png = base64.b64encode((ROOT / "tests" / "data" / "tiny" / "ksas.csv").read_bytes())
    cells = [
        nbformat.v4.new_markdown_cell("# Chapter"),
        nbformat.v4.new_code_cell("#| include: false\nhidden = 1"),
        nbformat.v4.new_code_cell("#| echo: false\nprose()", outputs=[
            nbformat.v4.new_output("display_data", data={"text/markdown": "Computed **5**.",
                                                          "text/plain": "<Markdown>"})]),
        nbformat.v4.new_code_cell("table()", outputs=[
            nbformat.v4.new_output("execute_result", data={"text/plain": "42"},
                                   execution_count=1)]),
        nbformat.v4.new_code_cell("#| code-summary: Plot code\nplot()", outputs=[
            nbformat.v4.new_output("display_data", data={"image/png": png.decode()})]),
        nbformat.v4.new_code_cell("warn()", outputs=[
            nbformat.v4.new_output("stream", name="stderr", text="a warning")]),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)


def test_notebook_markdown_shows_what_quarto_shows(tmp_path):
    path = tmp_path / "nb.ipynb"
    write_notebook(path)
    html = notebook_markdown(path, {"code-fold": True, "warning": False},
                             BundleMedia(tmp_path / "work" / "media"))
    assert "hidden" not in html and "prose()" not in html and "a warning" not in html
    assert "# Chapter" in html and "Computed **5**." in html and "```\n42\n```" in html
    assert "<details>\n<summary>Plot code</summary>\n\n```{.python .cell-code}\nplot()\n```" in (
        html)
    image = re.search(r"!\[\]\((media/[^)]+\.png)\)", html)
    assert image and (tmp_path / "work" / image[1]).read_bytes() == (
        TINY / "ksas.csv").read_bytes()

    pdf = notebook_markdown(path, {"echo": False}, BundleMedia(tmp_path / "work2" / "media"))
    assert "```python" not in pdf and "<details>" not in pdf
    assert "Computed **5**." in pdf and "a warning" in pdf


def test_text_chapters_expand_includes_and_find_images(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "part.md").write_text("Included ![fig](pic.png).\n")
    (tmp_path / "sub" / "pic.png").write_bytes(b"png")
    (tmp_path / "index.qmd").write_text("---\ntitle: x\n---\n{{< include sub/part.md >}}\n")
    media = BundleMedia(tmp_path / "work" / "media")
    text = text_chapter_markdown(tmp_path / "index.qmd", media)
    assert text.startswith("Included ![fig](media/001-pic.png).")
    (tmp_path / "bad.qmd").write_text("{{< include missing.md >}}\n")
    with pytest.raises(RenderError, match="missing.md"):
        text_chapter_markdown(tmp_path / "bad.qmd", media)


def test_repository_manifest_and_book_agree(fw):
    runs, book = plan(ROOT, fw, profiles=True)
    assert book.chapters[0] == "index.qmd"
    assert [c for c in book.chapters if c.startswith(f"{EXECUTED.as_posix()}/")] == [
        f"{EXECUTED.as_posix()}/{run.output}" for run in runs]
    for spec in read_manifest(ROOT):
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", Path(spec.notebook).name), spec.notebook
        nb = nbformat.read(ROOT / spec.notebook, as_version=4)
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and "edition" in params[0].source
        assert params[0].source.startswith("#| include: false")
        for name in spec.parameters:  # every parameter a run sets is one the notebook has
            assert re.search(rf"^{name}\s*=", params[0].source, re.M), (spec.notebook, name)


def test_quarto_project_is_a_book_that_renders_stored_outputs():
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert config["project"]["type"] == "book"
    assert config["execute"]["enabled"] is False
    assert set(config["format"]) == {"html", "typst"}
    assert config["book"]["title"] and config["book"]["output-file"]
    index = (ROOT / "index.qmd").read_text(encoding="utf-8")
    assert f"{{{{< include {EXECUTED.as_posix()}/title.md >}}}}" in index


def test_manifest_problems_are_listed_together(tmp_path):
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "manifest.yml").write_text(yaml.safe_dump({"runs": [
        {"notebook": "notebooks/none.ipynb", "output": "a.ipynb"},
        {"notebook": "notebooks/none.ipynb", "output": "a.ipynb", "parameters": {"edition": 1}},
    ]}))
    with pytest.raises(ManifestError) as err:
        read_manifest(tmp_path)
    message = str(err.value)
    assert message.count("does not exist") == 2
    assert "produced twice" in message and "set by the build" in message


def test_title_page_states_provenance_and_the_colophon_how_it_was_built(fw):
    tools = {"Python": "3.11", "pandoc": "3.9"}
    text = title_page(fw, edition_path="tests/data/tiny")
    assert "**This edition is reconstructed.**" in text
    assert fw.edition in text and "`tests/data/tiny`" in text
    for build_fact in (fw.data_hash, "commit `abc`", "Python 3.11"):  # not on the title page
        assert build_fact not in text
    colophon = colophon_page(fw, commit="abc", tools=tools, renderer="Quarto", runs=[])
    assert colophon.startswith("# Colophon {.unnumbered}")
    for fact in (fw.edition, fw.data_hash, "commit `abc`", "Python 3.11; pandoc 3.9", "Quarto",
                 "## The notebooks behind the figures and tables"):
        assert fact in colophon
    collected = dataclasses.replace(fw, provenance="collected")
    assert "reconstructed" not in title_page(collected, edition_path="x").lower()
    # it cites the publication it regenerates, its authors, and where to find it
    cited = title_page(fw, edition_path="x", book=read_book(ROOT))
    for fact in ("not a publication of NIST", "Bell", "Stephens", "2025",
                 "Office of Advanced Manufacturing", "<https://manufacturingusa.com>"):
        assert fact in cited


def test_title_page_explains_model_choices_once_with_an_id(fw):
    def page(edition, **kwargs) -> str:
        return title_page(edition, edition_path="x", **kwargs)

    text = page(fw)
    # a fenced div with the id other pages link to (`#model-choices`), holding the dagger's
    # meaning: the model's choice, not a finding
    explained = re.search(r"^::: \{#model-choices\}\n(.*?)\n:::$", text, re.M | re.S)
    assert explained, text
    assert text.count("model-choices") == 1
    words = " ".join(explained[1].split())
    assert words.startswith("**Model choices are marked \N{DAGGER}.**")
    for what in ("the reconstruction model's choice", "raised dagger after it (^\N{DAGGER}^)",
                 "Do not read a marked number as a finding"):
        assert what in words, what
    # whether the build has the institute profiles, when the build says
    assert "profile" not in text
    assert "this report has no profile of a single institute" in page(fw, profiles=False)
    assert "profile of each institute shows its occupations" not in page(fw, profiles=False)
    with_profiles = page(fw, profiles=True)
    assert "a profile of each institute shows its occupations" in with_profiles
    assert "They are illustrative, and each says so at its top" in with_profiles
    collected = dataclasses.replace(fw, provenance="collected")
    for profiles in (None, False, True):
        assert "model-choices" not in page(collected, profiles=profiles)
        assert "\N{DAGGER}" not in page(collected, profiles=profiles)
        assert "illustrative" not in page(collected, profiles=profiles)
    assert "a profile of each institute shows" in page(collected, profiles=True)
    assert "profile" not in page(collected, profiles=False)


def profile_runs(runs) -> list[str]:
    return [r.output for r in runs if r.notebook == "notebooks/70_institute_profile.ipynb"]


def test_a_reconstructed_edition_has_profiles_only_when_asked(fw):
    assert fw.is_reconstructed
    assert build_options(fw) == frozenset()
    runs, book = plan(ROOT, fw)
    assert profile_runs(runs) == []
    assert not [c for c in book.chapters if "70_institute_profile" in c]
    assert "Institute profiles" not in {book.part_of(c) for c in book.chapters}
    runs, book = plan(ROOT, fw, profiles=True)
    institutes = list(fw.institutes["institute_id"])
    assert profile_runs(runs) == [f"70_institute_profile_{i}.ipynb" for i in institutes]
    assert {r.when for r in runs if r.output in profile_runs(runs)} == {"profiles"}
    assert {book.part_of(f"report/executed/{o}") for o in profile_runs(runs)} == {
        "Institute profiles"}
    # every other run is the same either way
    assert [r for r in runs if r.when != "profiles"] == plan(ROOT, fw)[0]


def test_a_collected_edition_has_profiles_by_default(fw):
    collected = dataclasses.replace(fw, provenance="collected")
    assert build_options(collected) == frozenset({"profiles"})
    institutes = list(fw.institutes["institute_id"])
    assert profile_runs(plan(ROOT, collected)[0]) == [
        f"70_institute_profile_{i}.ipynb" for i in institutes]
    assert profile_runs(plan(ROOT, collected, profiles=False)[0]) == []


def test_when_names_a_build_option(tmp_path, fw):
    specs = [RunSpec("a", "10_a.ipynb"), RunSpec("b", "20_b.ipynb", when="profiles"),
             RunSpec("c", "30_{institute_id}.ipynb", for_each="institutes", when="profiles")]
    assert [r.output for r in expand_runs(specs, edition_tables(fw))] == ["10_a.ipynb"]
    runs = expand_runs(specs, edition_tables(fw), frozenset({"profiles"}))
    assert [r.output for r in runs][:2] == ["10_a.ipynb", "20_b.ipynb"]
    assert len(runs) == 2 + len(fw.institutes)
    (tmp_path / "report").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "a.ipynb").write_text("{}")
    (tmp_path / "report" / "manifest.yml").write_text(yaml.safe_dump({"runs": [
        {"notebook": "notebooks/a.ipynb", "output": "a.ipynb", "when": "profiles"},
        {"notebook": "notebooks/a.ipynb", "output": "b.ipynb", "when": "someday"},
        {"notebook": "notebooks/a.ipynb", "output": "c.ipynb", "parameters": {"profiles": 1}},
    ]}))
    with pytest.raises(ManifestError) as err:
        read_manifest(tmp_path)
    message = str(err.value)
    assert "run 2: when 'someday' is not a build option (one of profiles, previous)" in message
    assert "run 3:" in message and "set by the build" in message
    assert "run 1" not in message


def test_output_folder_not_made_by_the_build_is_never_replaced(tmp_path):
    mine, theirs = tmp_path / "new", tmp_path / "theirs"
    mine.mkdir()
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me")
    with pytest.raises(BuildError, match="not made by this build"):
        replace_output(mine, theirs)
    assert (theirs / "notes.txt").read_text() == "keep me"


def test_a_print_flushed_in_pieces_is_one_output():
    def out(name: str, text: str) -> dict:
        return {"output_type": "stream", "name": name, "text": text}

    figure = {"output_type": "display_data", "data": {}, "metadata": {}}
    assert coalesce_streams([out("stdout", "315"), out("stdout", "76\n"), out("stderr", "w\n"),
                             figure, out("stdout", "a"), out("stdout", "b")]) == [
        out("stdout", "31576\n"), out("stderr", "w\n"), figure, out("stdout", "ab")]


def test_for_each_runs_follow_the_edition(fw):
    specs = [RunSpec("notebooks/a.ipynb", "10_a.ipynb"),
             RunSpec("notebooks/b.ipynb", "20_area_{area_id}.ipynb", {"area": "{area_id}",
                                                                      "n": 5},
                     reads=("connections[area_id={area_id}]",), for_each="technology_areas")]
    runs = expand_runs(specs, edition_tables(fw))
    areas = list(fw.technology_areas["area_id"])
    assert [r.output for r in runs] == ["10_a.ipynb"] + [f"20_area_{a}.ipynb" for a in areas]
    assert [r.parameters for r in runs[1:]] == [{"area": a, "n": 5} for a in areas]
    assert [r.reads for r in runs[1:]] == [(f"connections[area_id={a}]",) for a in areas]
    with pytest.raises(ManifestError, match="has no column 'nope'"):
        expand_runs([RunSpec("n.ipynb", "x_{nope}.ipynb", for_each="institutes")],
                    edition_tables(fw))
    with pytest.raises(ManifestError, match="not a table"):
        expand_runs([RunSpec("n.ipynb", "x_{a}.ipynb", for_each="areas")], edition_tables(fw))


def test_book_takes_the_chapters_and_parts_of_the_manifest(tmp_path, fw):
    quarto = {"project": {"type": "book"}, "book": {"title": "T", "chapters": ["index.qmd"]}}
    (tmp_path / "_quarto.yml").write_text(yaml.safe_dump(quarto))
    specs = [RunSpec("a", "10_a.ipynb"),
             RunSpec("b", "20_area_{area_id}.ipynb", for_each="technology_areas", part="Areas"),
             RunSpec("c", "25_more.ipynb", part="Areas"),
             RunSpec("d", "30_end.ipynb"), RunSpec("e", "40_late.ipynb", part="Areas")]
    runs = expand_runs(specs, edition_tables(fw))
    book = plan_book(tmp_path, runs)
    areas = [f"report/executed/20_area_{a}.ipynb" for a in fw.technology_areas["area_id"]]
    areas.append("report/executed/25_more.ipynb")
    assert book.chapters == ("index.qmd", "report/executed/10_a.ipynb", *areas,
                             "report/executed/30_end.ipynb", "report/executed/40_late.ipynb")
    assert [book.part_of(c) for c in areas] == ["Areas"] * len(areas)
    assert book.config["book"]["chapters"] == [
        "index.qmd", "report/executed/10_a.ipynb", {"part": "Areas", "chapters": areas},
        "report/executed/30_end.ipynb",
        {"part": "Areas", "chapters": ["report/executed/40_late.ipynb"]}]
    # a chapter listed in _quarto.yml as well stops the build: one list, not two in step
    quarto["book"]["chapters"].append("report/executed/10_a.ipynb")
    (tmp_path / "_quarto.yml").write_text(yaml.safe_dump(quarto))
    with pytest.raises(BuildError, match="chapters come from report/manifest.yml"):
        plan_book(tmp_path, runs)


def test_banner_comes_from_the_provenance(fw):
    text = provenance_banner(fw)
    assert text == (f"Reconstructed edition {fw.edition}: rows rebuilt to fit published "
                    "totals; \N{DAGGER} marks a model's choice, not a finding.")
    assert provenance_banner(dataclasses.replace(fw, provenance="collected")) == ""
    assert banner_typst("") == ""
    assert '\\"quoted\\"' in banner_typst('a "quoted" word')


def test_a_notebook_depends_on_the_modules_it_imports():
    from competency_framework.build.run_inputs import (
        PACKAGE_DIR,
        library_files,
        notebook_code_sources,
    )

    files = library_files(["from competency_framework.present.escape import markdown_text"])
    names = {p.relative_to(PACKAGE_DIR).as_posix() for p in files}
    # the module, its package's __init__ and what that imports, but not unrelated modules
    assert {"present/escape.py", "present/__init__.py", "__init__.py",
            "edition/load.py"} <= names
    assert not {"audit/__init__.py", "build/report.py", "render/site.py"} & names
    assert library_files(["import importlib\nimportlib.import_module('x')"]) is None
    # imports inside functions, classes and compound statements count too
    nested = library_files([
        "def f():\n    if True:\n        import competency_framework.audit\n",
        "class C:\n    def g(self):\n        try:\n            pass\n        except Exception:\n"
        "            from competency_framework.present import tables\n",
        "with open('x') as f:\n    for line in f:\n        while line:\n            "
        "from competency_framework.present import escape\n",
        "match 1:\n    case 1:\n        from competency_framework.present import prose\n",
    ])
    nested = {p.relative_to(PACKAGE_DIR).as_posix() for p in nested}
    assert {"audit/__init__.py", "present/tables.py", "present/escape.py",
            "present/prose.py"} <= nested
    assert library_files(["def broken(:"]) is None
    sources = notebook_code_sources(ROOT / read_manifest(ROOT)[0].notebook)
    assert library_files(sources)  # the report's own notebooks can be followed


def test_data_digest_reads_only_the_declared_slices(fw):
    from competency_framework.build.run_inputs import ReadsError, data_digest

    other = dataclasses.replace(
        fw, data_hash="changed",
        essential_ksas=fw.essential_ksas[
            ~((fw.essential_ksas.institute_id == "gamma")
              & (fw.essential_ksas.ksa_id == "k2"))].reset_index(drop=True))
    mine = ("essential_ksas[institute_id=alpha]",)
    assert data_digest(fw, mine) == data_digest(other, mine)
    assert data_digest(fw, ("essential_ksas[institute_id=gamma]",)) != data_digest(
        other, ("essential_ksas[institute_id=gamma]",))
    assert data_digest(fw, ("ksa_institutes",)) != data_digest(other, ("ksa_institutes",))
    assert data_digest(fw, None) != data_digest(other, None)  # the whole edition
    with pytest.raises(ReadsError, match="no column 'area'"):
        data_digest(fw, ("connections[area=x]",))
    with pytest.raises(ReadsError, match="not a table or view"):
        data_digest(fw, ("everything",))


def test_quarto_renders_a_staged_book_of_the_prepared_chapters(tmp_path, fw):
    from competency_framework.render.quarto import stage

    project = tmp_path / "project"
    (project / "report" / "executed" / "figures").mkdir(parents=True)
    (project / "report" / "executed" / "failed").mkdir()
    png = TINY / "ksas.csv"  # any bytes stand for an image here
    (project / "report" / "executed" / "figures" / "x.png").write_bytes(png.read_bytes())
    (project / "report" / "executed" / "failed" / "b.ipynb").write_text("{}")
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Chapter A\n\n![A figure](figures/x.png){#fig-x}")]),
        project / "report" / "executed" / "10_a.ipynb")
    (project / "report" / "executed" / "title.md").write_text("# About {.unnumbered}\n")
    (project / "report" / "executed" / "banner.html").write_text("<div>banner</div>\n")
    (project / "report" / "executed" / "banner.typ").write_text("// banner\n")
    (project / "index.qmd").write_text("{{< include report/executed/title.md >}}\n")
    (project / "_quarto.yml").write_text(yaml.safe_dump({
        "project": {"type": "book"}, "filters": ["filter.lua"],
        "format": {"html": {"include-before-body": "report/executed/banner.html",
                            "code-fold": True},
                   "typst": {"include-in-header": "report/executed/banner.typ", "toc": True}},
        "book": {"title": "T", "author": "Someone",
                 "chapters": ["index.qmd"]}}))
    specs = [RunSpec("a", "10_a.ipynb"),
             RunSpec("b", "20_area_{area_id}.ipynb", for_each="technology_areas", part="Areas")]
    book = plan_book(project, expand_runs(specs, edition_tables(fw)))
    for chapter in book.chapters[2:]:  # one per technology area of the edition
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A")]),
                       project / chapter)
    for fmt in ("html", "typst"):
        staged = stage(project, book, tmp_path / fmt, fmt)
        config = yaml.safe_load((staged / "_quarto.yml").read_text())
        # this edition's chapters, as the prepared Markdown at the chapters' paths
        chapters = config["book"]["chapters"]
        assert chapters[:2] == ["index.md", "report/executed/10_a.md"]
        assert chapters[2]["part"] == "Areas" and all(
            c.startswith("report/executed/20_area_") for c in chapters[2]["chapters"])
        assert "20_area_x" not in (staged / "_quarto.yml").read_text()
        assert (staged / "report/executed/10_a.md").read_text().startswith("# Chapter A")
        assert (staged / "index.md").read_text().startswith("# About {.unnumbered}")
        # the numbers crossrefs.lua reads: beside each HTML page, its links from there; one
        # file for the PDF
        if fmt == "html":
            refs = json.loads((staged / "report/executed/10_a.refs.json").read_text())
            assert refs["fig-x"] == {"label": "Figure S1", "number": "S1", "href": "#fig-x"}
            home = json.loads((staged / "index.refs.json").read_text())
            assert home["fig-x"]["href"] == "report/executed/10_a.html#fig-x"
        else:
            refs = json.loads((staged / "crossrefs-typst.json").read_text())
            assert refs["fig-x"]["label"] == "Figure S1"
        assert (staged / "report/executed/figures/x.png").read_bytes() == png.read_bytes()
        assert config["source-notebooks"] == {"fig-x": "report/executed/10_a.ipynb"}
        # the numbers and references before Quarto's crossref pass and after it
        assert config["filters"] == ["crossrefs.lua", "source-links.lua", "table-rows.lua",
                                     {"at": "post-quarto", "path": "crossrefs.lua"}]
        assert (staged / "source-links.lua").is_file() and (staged / "crossrefs.lua").is_file()
        assert list(config["format"]) == ["html" if fmt == "html" else "report-typst"]
        assert not (staged / "report" / "executed" / "failed").exists()
    # the PDF: the project's own Typst format (not orange-book), the banner in the header of
    # every page, the contents after the home page
    typst = tmp_path / "typst"
    assert (typst / "_extensions" / "report" / "_extension.yml").is_file()
    assert "// banner" in (typst / "header.typ").read_text()
    assert "#outline" in (typst / "index.md").read_text()
    # the HTML: each notebook's page staged beside the notebook it shows
    html = tmp_path / "html"
    assert (html / "_notebook-pages" / "report/executed/10_a.notebook.md").is_file()
    assert (html / "report/executed/10_a.ipynb").is_file()


def test_typst_for_quarto_compiles_as_the_fallback_does(tmp_path, capsys, monkeypatch):
    from competency_framework.render import typst_cli

    assert typst_cli.main(["--version"]) == 0
    assert re.match(r"typst \d+\.\d+\.\d+", capsys.readouterr().out)  # what Quarto parses
    source = tmp_path / "doc.typ"
    source.write_text("Hello.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdfs = []
    for name in ("a.pdf", "b.pdf"):
        assert typst_cli.main(["compile", "--root", str(tmp_path), str(source),
                               "--font-path", str(tmp_path), str(tmp_path / name)]) == 0
        pdfs.append((tmp_path / name).read_bytes())
    assert pdfs[0] == pdfs[1] and pdfs[0].startswith(b"%PDF")  # dated, not stamped with now
    assert typst_cli.main(["compile", "--watch", str(source)]) == 2
    assert typst_cli.main(["query", str(source)]) == 2
    source.write_text("#nonsense(\n")
    assert typst_cli.main(["compile", str(source)]) == 1


def test_the_chapter_on_what_changed_only_with_a_previous_edition(fw):
    outputs = [r.output for r in plan(ROOT, fw)[0]]
    assert "75_changes.ipynb" not in outputs
    runs, book = plan(ROOT, fw, previous=True)
    assert [r.output for r in runs if r.output not in outputs] == ["75_changes.ipynb"]
    assert book.part_of("report/executed/75_changes.ipynb") == "Beyond the published report"
    assert build_options(fw, previous=True) == frozenset({"previous"})


def test_the_previous_folder_from_the_descriptor_or_the_option(tmp_path, fw):
    (tmp_path / "data" / "new").mkdir(parents=True)
    (tmp_path / "data" / "old").mkdir()
    new = Path("data/new")
    named = dataclasses.replace(fw, previous="../old")
    assert previous_folder(tmp_path, new, fw) is None
    assert previous_folder(tmp_path, new, named) == Path("data/old")
    assert previous_folder(tmp_path, new, named, "") is None  # --no-previous
    assert previous_folder(tmp_path, new, fw, "data/old") == Path("data/old")
    with pytest.raises(BuildError, match=r"data/new/datapackage.json names '\.\./gone' as its "
                       r"previous edition .*--no-previous"):
        previous_folder(tmp_path, new, dataclasses.replace(fw, previous="../gone"))
    with pytest.raises(BuildError, match="previous edition folder data/gone does not exist"):
        previous_folder(tmp_path, new, fw, "data/gone")


def test_a_pdf_that_cannot_meet_pdf_ua_is_still_written_and_says_why(tmp_path):
    """Text no embedded font can show (a C1 control character, which the contract allows)
    breaks PDF/UA-1: `compile_pdf` writes the PDF without the standard and says why; a
    document that meets it gets it. Any other error is raised."""
    from competency_framework.render.typst_cli import compile_pdf

    head = '#set document(title: "T")\n#set text(lang: "en")\n'
    (tmp_path / "ok.typ").write_text(head + "Hello.\n", encoding="utf-8")
    (tmp_path / "odd.typ").write_text(head + "Odd \u009b text.\n", encoding="utf-8")
    (tmp_path / "bad.typ").write_text(head + "#nonsense(\n", encoding="utf-8")
    options = {"ignore_system_fonts": True, "timestamp": 0}
    assert compile_pdf(str(tmp_path / "ok.typ"), str(tmp_path / "ok.pdf"), ["ua-1"],
                       **options) == ""
    assert b"pdfuaid:part>1" in (tmp_path / "ok.pdf").read_bytes()
    why = compile_pdf(str(tmp_path / "odd.typ"), str(tmp_path / "odd.pdf"), ["ua-1"], **options)
    assert why.startswith("the PDF does not conform to ua-1 and was written without it: ")
    assert "PDF/UA-1 error" in why and (tmp_path / "odd.pdf").read_bytes().startswith(b"%PDF")
    assert b"pdfuaid" not in (tmp_path / "odd.pdf").read_bytes()
    with pytest.raises(Exception, match="nonsense|unclosed|expected"):
        compile_pdf(str(tmp_path / "bad.typ"), str(tmp_path / "bad.pdf"), ["ua-1"], **options)
