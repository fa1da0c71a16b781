"""Every notebook of the report runs on the tiny edition (papermill, in tmp_path) and says what a
reader should read: a heading, prose without stray "None" or "nan", figures that exist. The
technology-area and institute notebooks run once each, for the first area and institute.

The full build (`make report`) runs the same notebooks; these tests keep a broken chapter from
reaching it and name the notebook that broke.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import nbformat
import papermill
import pytest
import yaml

from competency_framework.edition.load import load_edition

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "tiny"
MANIFEST = yaml.safe_load((ROOT / "report" / "manifest.yml").read_text(encoding="utf-8"))
# Python's missing values leaking into prose ("None of its KSAs ..." is prose, not a leak)
STRAY = re.compile(r"\bNone\b(?! of\b)|\bnan\b|\bNaN\b|Traceback|<NA>")
FIGURE = re.compile(r"!\[.*?\]\(([^)\s]+)\)\{#fig-", re.S)


@cache
def tiny():
    return load_edition(TINY)


def first_run(entry: dict) -> tuple[str, dict]:
    """The entry's output name and parameters; a `for_each` entry's for the first row of its
    table in the tiny edition."""
    if not entry.get("for_each"):
        return entry["output"], dict(entry.get("parameters") or {})
    table = getattr(tiny(), entry["for_each"])
    row = table.iloc[0].astype(str).to_dict()
    params = {k: v.format_map(row) if isinstance(v, str) else v
              for k, v in (entry.get("parameters") or {}).items()}
    return entry["output"].format_map(row), params


# Known defects outside the notebooks, by run: a strict xfail mark each, which fails once the
# defect is fixed, as a reminder to remove it. None at present.
KNOWN: dict[str, pytest.MarkDecorator] = {}
RUNS = [pytest.param(*first_run(e), e["notebook"], id=first_run(e)[0],
                     marks=KNOWN.get(first_run(e)[0], ()))
        for e in MANIFEST["runs"]]


def markdown_outputs(nb) -> list[str]:
    return [out["data"]["text/markdown"] for cell in nb.cells for out in cell.get("outputs", [])
            if "text/markdown" in out.get("data", {})]


def test_every_notebook_is_a_run_of_the_manifest():
    listed = {e["notebook"] for e in MANIFEST["runs"]}
    present = {p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert listed == present


@pytest.mark.parametrize("entry", MANIFEST["runs"], ids=lambda e: Path(e["notebook"]).stem)
def test_parameters_cell_declares_what_the_manifest_passes(entry):
    nb = nbformat.read(ROOT / entry["notebook"], as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "one cell tagged `parameters`"
    source = cells[0].source
    assert source.startswith("#| include: false")
    for name in ["edition", "notebook", "figures", *(entry.get("parameters") or {})]:
        assert re.search(rf"^{name} = ", source, re.M), f"{name} is not a parameter"


@pytest.mark.parametrize("output, parameters, notebook", RUNS)
def test_notebook_runs_on_the_tiny_edition(tmp_path, output, parameters, notebook):
    figures = f"figures/{Path(output).stem}"
    done = tmp_path / output
    papermill.execute_notebook(
        str(ROOT / notebook), str(done), cwd=str(tmp_path), kernel_name="python3",
        progress_bar=False, parameters={"edition": str(TINY), "notebook": notebook,
                                        "figures": figures, **parameters})
    nb = nbformat.read(done, as_version=4)
    texts = markdown_outputs(nb)
    headings = [c.source for c in nb.cells if c.cell_type == "markdown"] + texts
    assert any(re.match(r"# \S", t) for t in headings), "no chapter heading"
    assert all(text.strip() for text in texts), "an empty Markdown output"
    for image in FIGURE.findall("\n".join(texts)):
        assert (tmp_path / image).is_file(), image
        assert image.startswith(figures + "/"), "figures go to the run's own folder"
    strays = [m for text in texts for m in STRAY.finditer(text)]
    assert not strays, [m.string[max(m.start() - 80, 0): m.end() + 40] for m in strays[:3]]
