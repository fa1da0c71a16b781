"""A kernel kept from one notebook to the next must leave no trace of the first in the second:
each run's executed notebook is what a new kernel makes of it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import papermill
import pytest
from paths import ROOT

from competency_framework.build import runner as build
from competency_framework.build.kernels import ENGINE, KernelError, WarmKernel
from competency_framework.build.run_inputs import notebook_code_sources
from competency_framework.build.runner import Job, execute_job

pytestmark = pytest.mark.build

# Leaves a variable, an open figure, imports and warnings behind (a warning is shown once per
# place in a kernel, unless the kernel forgets it was shown: here in the notebook and in a
# module it imports).
NOISY = "import warnings\n\ndef noisy():\n    warnings.warn('a module warns', UserWarning)\n"
FIRST = [
    "import warnings\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt",
    "leak = 1\nplt.figure()\nwarnings.warn('shown in every run', UserWarning)",
    "from noisy import noisy\nnoisy()",
    "get_ipython = None  # a notebook may rebind any name, this one too",
]
SECOND = [
    "print(sorted(k for k in globals() if not k.startswith('_') and k not in "
    "{'In', 'Out', 'get_ipython', 'exit', 'quit', 'open'}))",
    "import matplotlib.pyplot as plt\nprint(plt.get_fignums())",
]


def write(path: Path, cells: list[str]) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells],
                                  metadata={"kernelspec": {"name": "python3", "language": "python",
                                                           "display_name": "Python 3"}})
    nbformat.write(nb, path)
    return path


def outputs(path: Path) -> list:
    """Each cell's execution count and outputs (a kernel's process id made `<pid>`)."""
    nb = nbformat.read(path, as_version=4)
    text = json.dumps([(c.execution_count, c.outputs) for c in nb.cells])
    return json.loads(re.sub(r"ipykernel_\d+", "ipykernel_<pid>", text))


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    work = tmp_path_factory.mktemp("warm")
    (work / "noisy.py").write_text(NOISY)
    kept = WarmKernel(str(work), ["--IPKernelApp.log_level=CRITICAL"])
    yield kept
    kept.shutdown()


def run(path: Path, out: Path, kernel: WarmKernel | None, cwd: str) -> list:
    if kernel is None:
        papermill.execute_notebook(str(path), str(out), kernel_name="python3", cwd=cwd,
                                   progress_bar=False)
    else:
        kernel.reset()
        papermill.execute_notebook(str(path), str(out), kernel_name="python3", cwd=cwd,
                                   progress_bar=False, engine_name=ENGINE, kernel=kernel)
    return outputs(out)


def test_a_kept_kernel_gives_what_a_new_kernel_gives(kernel, tmp_path):
    first, second = write(tmp_path / "first.ipynb", FIRST), write(tmp_path / "second.ipynb",
                                                                   SECOND)
    fresh = [run(nb, tmp_path / f"fresh-{nb.name}", None, kernel.cwd) for nb in (first, second)]
    kept = [run(nb, tmp_path / f"kept-{i}-{nb.name}", kernel, kernel.cwd)
            for i, nb in enumerate((first, second, first, second))]
    assert kept == fresh + fresh
    # what the second run sees: nothing the first left, counts from 1
    names, figures = (c[1][0]["text"] for c in fresh[1])
    assert names == "[]\n" and figures == "[]\n"
    assert [c[0] for c in fresh[1]] == [1, 2]
    warned = [o["text"] for _, cell in fresh[0] for o in cell if o.get("name") == "stderr"]
    assert len(warned) == 2 and "shown in every run" in warned[0] and "a module warns" in (
        warned[1])


# Process-wide settings the reset cannot undo: a notebook of the report must not change them.
GLOBAL_STATE = re.compile(
    r"set_option|rcParams|\brc\(|style\.use|matplotlib\.use|\.seed\(|os\.environ|"
    r"os\.chdir|sys\.path|filterwarnings|simplefilter|setlocale")


def test_the_reports_notebooks_change_no_process_wide_state():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    found = [(nb.name, m.group()) for nb in notebooks
             for m in GLOBAL_STATE.finditer("\n".join(notebook_code_sources(nb)))]
    assert found == []
    assert GLOBAL_STATE.search("\n".join(FIRST))  # the pattern does catch such a line


def test_a_kernel_that_cannot_be_reset_is_replaced(tmp_path, monkeypatch):
    good = write(tmp_path / "good.ipynb", ["print(1 + 1)"])
    job = Job(str(good), good.name, str(tmp_path), "out-good.ipynb", {}, "")
    try:
        assert execute_job(job)[0] == ""
        broken = build._KERNEL

        def fail() -> None:
            raise KernelError("resetting the kernel failed: on purpose")

        monkeypatch.setattr(broken, "reset", fail)
        assert execute_job(job)[0] == ""
        assert build._KERNEL is not broken and not broken.alive()
    finally:
        build._drop_kernel()


def test_a_failed_run_gives_up_its_kernel(tmp_path):
    broken = write(tmp_path / "broken.ipynb", ["raise ValueError('broken on purpose')"])
    good = write(tmp_path / "good.ipynb", ["print(1 + 1)"])

    def job(nb: Path) -> Job:
        return Job(str(nb), nb.name, str(tmp_path), f"out-{nb.name}", {}, "")

    try:
        assert execute_job(job(good))[0] == ""
        kept = build._KERNEL
        assert kept is not None and kept.alive()
        error, _ = execute_job(job(broken))
        assert error == "ValueError: broken on purpose"
        assert build._KERNEL is None and not kept.alive()
        assert execute_job(job(good))[0] == ""
        assert outputs(tmp_path / "out-good.ipynb")[0][1][0]["text"] == "2\n"
    finally:
        build._drop_kernel()
