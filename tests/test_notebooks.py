"""Every notebook of the report is thin: it opens its chapter and calls the library, with no
logic of its own (`logic_in` says what that means). Every notebook runs on the tiny edition
(papermill, in tmp_path) and says what a reader should read: a heading, prose without stray
"None" or "nan", figures that exist. The technology-area and institute notebooks run once each,
for the first area and institute.

The full build (`make report`) runs the same notebooks; these tests keep a broken chapter from
reaching it and name the notebook that broke.
"""

from __future__ import annotations

import ast
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
# Python's missing values leaking into prose ("None of its KSAs ..." is prose, not a leak, and
# so is a number printed as a word, "[None^†^]{.number ...}")
STRAY = re.compile(r"(?<!\[)\bNone\b(?! of\b)|\bnan\b|\bNaN\b|Traceback|<NA>")
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


# Runs that need another edition than the tiny one: the chapter on what changed runs on the tiny
# edition's revision, compared with the tiny edition (what the build passes as `previous`).
EDITIONS = {"notebooks/75_changes.ipynb": {"edition": str(TINY.parent / "tiny_revision"),
                                          "previous": str(TINY)}}


# Known defects outside the notebooks, by run: a strict xfail mark each, which fails once the
# defect is fixed, as a reminder to remove it. None at present.
KNOWN: dict[str, pytest.MarkDecorator] = {}
RUNS = [pytest.param(*first_run(e), e["notebook"], id=first_run(e)[0],
                     marks=KNOWN.get(first_run(e)[0], ()))
        for e in MANIFEST["runs"]]


# What a notebook's code may hold: imports from the library (and IPython's Markdown),
# assignments to names, and expressions calling what it imported. Logic lives in the library:
# no definitions (def, class, lambda), no loops or comprehensions, no branches (if, conditional
# expressions, comparisons, and/or), no slicing, no method calls (where pandas and string logic
# would hide), no call of anything it did not import but `len` and `int`, and no import of
# anything else (pandas included). The one exception: the chapter's number printer, a name
# bound to `ch.numbers`, may be called and its methods too (`n(235, "ksas_total")`,
# `n.share(...)`, `n.explanation()`).
STATEMENTS = (ast.Import, ast.ImportFrom, ast.Assign, ast.Expr)
LOGIC = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.For, ast.AsyncFor,
         ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.If, ast.IfExp,
         ast.Compare, ast.BoolOp, ast.Slice, ast.NamedExpr, ast.Try, ast.With, ast.Match)
IMPORTABLE = ("competency_framework", "IPython.display")
BUILTINS = {"len", "int"}


def logic_in(sources: list[str]) -> list[str]:
    """What breaks the rule above in a notebook's code cells (in order), one line each."""
    problems, imported, printers = [], set(BUILTINS), set()
    for n, source in enumerate(sources, start=1):
        tree = ast.parse(source)
        printers.update(t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                        and ast.unparse(node.value) == "ch.numbers"
                        for t in node.targets if isinstance(t, ast.Name))
        for node in ast.walk(tree):
            where = f"cell {n} line {getattr(node, 'lineno', '?')}"
            if isinstance(node, LOGIC) or (isinstance(node, ast.stmt)
                                           and not isinstance(node, STATEMENTS)):
                problems.append(f"{where}: {type(node).__name__}")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                    node.module or ""]
                outside = [m for m in modules if not m.startswith(IMPORTABLE)]
                if outside:
                    problems.append(f"{where}: imports {', '.join(outside)}")
                imported.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.Assign) and not all(
                    isinstance(t, ast.Name) or (isinstance(t, ast.Tuple) and all(
                        isinstance(e, ast.Name) for e in t.elts)) for t in node.targets):
                problems.append(f"{where}: assigns to {ast.unparse(node.targets[0])}")
            elif isinstance(node, ast.Call) and not (
                    isinstance(node.func, ast.Name) and node.func.id in imported | printers
                    or ast.unparse(node.func).split(".")[0] in printers
                    or ast.unparse(node.func).startswith("ch.numbers")):
                problems.append(f"{where}: calls {ast.unparse(node.func)}")
    return problems


@pytest.mark.parametrize("entry", MANIFEST["runs"], ids=lambda e: Path(e["notebook"]).stem)
def test_notebook_holds_no_logic_and_opens_its_chapter(entry):
    cells = [c for c in nbformat.read(ROOT / entry["notebook"], as_version=4).cells
             if c.cell_type == "code"]
    sources = [c.source for c in cells]
    assert logic_in(sources) == []
    calls = [node for source in sources for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "open_chapter"]
    assert len(calls) == 1, "one call opens the chapter"
    # a notebook that takes the build's audit passes it on
    parameters = next(c.source for c in cells if "parameters" in c.metadata.get("tags", []))
    takes_audit = re.search(r"^audit_rows = ", parameters, re.M) is not None
    assert [ast.unparse(a) for a in calls[0].args] == (
        ["edition", "audit_rows"] if takes_audit else ["edition"])


def test_the_rule_finds_logic():
    cells = ["import pandas as pd\nfrom competency_framework.present.prose import plural",
             "def f(x):\n    return x\nrows = [r for r in range(3)]",
             "if len(rows) > 1:\n    pass\ntext = 'a' if rows else 'b'",
             "n = rows.count(1) + plural(rows[1:], 'x')\nfor r in rows:\n    pass",
             "key = lambda r: r\ntop = frame.loc[frame['n'] == 1]\nfw.x = 1\nprint(n)"]
    found = logic_in(cells)
    for what in ("imports pandas", "FunctionDef", "ListComp", "If", "Compare", "IfExp",
                 "calls rows.count", "Slice", "For", "Lambda", "assigns to fw.x", "calls print"):
        assert any(what in p for p in found), what
    assert logic_in(["from IPython.display import Markdown\n"
                     "from competency_framework.present.prose import plural\n"
                     "a, b = 1, 2\nMarkdown(f'{plural(len(x), \"KSA\")}' + x['y'].z)"]) == []


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


@pytest.mark.build
@pytest.mark.parametrize("output, parameters, notebook", RUNS)
def test_notebook_runs_on_the_tiny_edition(tmp_path, output, parameters, notebook):
    figures = f"figures/{Path(output).stem}"
    done = tmp_path / output
    papermill.execute_notebook(
        str(ROOT / notebook), str(done), cwd=str(tmp_path), kernel_name="python3",
        progress_bar=False, parameters={"edition": str(TINY), "notebook": notebook,
                                        "figures": figures, **parameters,
                                        **EDITIONS.get(notebook, {})})
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
    if notebook == "notebooks/70_institute_profile.ipynb":  # the tiny edition is reconstructed
        assert texts[0].endswith(" (illustrative)"), texts[0]
        assert texts[1].startswith("::: {.callout-important}\n**Illustrative profile.**")
        assert "Do not quote them as facts about" in texts[1]
