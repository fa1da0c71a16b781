"""One Jupyter kernel kept running per build worker, reset between notebooks.

Starting a kernel and importing pandas, matplotlib and the library costs a second or two of CPU
per notebook, most of a short run. A worker of the build keeps one kernel and, before each
notebook, puts it back in the state a new kernel starts in: an empty namespace and history,
execution counts from 1, no open figures and no remembered warnings. What stays is state held
by modules: the imported modules themselves (the build's run keys already hold the library's
code and the installed packages, and one build never changes them), and any process-wide
setting a notebook might change (matplotlib's rcParams, pandas options, random seeds,
environment variables, the working directory). The report's notebooks change none of these
(`tests/test_warm_kernel.py` checks), so what a run gives does not depend on what its kernel
ran before.

`KernelEngine` is the papermill engine that runs a notebook in such a kernel
(`papermill.execute_notebook(..., engine_name=ENGINE, kernel=<WarmKernel>)`).
"""

from __future__ import annotations

from typing import Any

from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

from competency_framework.processes import dies_with_this_process

ENGINE = "warm-kernel"
KERNEL_NAME = "python3"
START_TIMEOUT = 60
# Runs silently before each notebook: what a new kernel would not have is gone afterwards. A
# function, so that it keeps its names while it empties the namespace (and finds IPython even
# if a notebook rebound `get_ipython`).
RESET = """\
def _reset_kernel():
    import sys
    from IPython import get_ipython
    shell = get_ipython()
    shell.reset(new_session=True)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    for module in list(sys.modules.values()):
        getattr(module, "__warningregistry__", {}).clear()
    shell.execution_count = 1
_reset_kernel()
"""


class KernelError(RuntimeError):
    """The kept kernel could not be started or reset."""


class WarmKernel:
    """A kernel started in `cwd`, with its client; `reset()` before each notebook."""

    def __init__(self, cwd: str, extra_arguments: list[str]) -> None:
        self.cwd = cwd
        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        run_sync(self.km.start_kernel)(
            cwd=cwd, extra_arguments=[*extra_arguments, "--HistoryManager.hist_file=:memory:"],
            preexec_fn=dies_with_this_process())  # a killed worker leaves no kernel behind
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            run_sync(self.kc.wait_for_ready)(timeout=START_TIMEOUT)
        except RuntimeError as exc:
            self.shutdown()
            raise KernelError(f"the kernel did not start: {exc}") from exc
        self.kc.allow_stdin = False

    def alive(self) -> bool:
        return bool(run_sync(self.km.is_alive)())

    def reset(self) -> None:
        """Back to a new kernel's state (see RESET); KernelError if that fails."""
        reply = run_sync(self.kc.execute_interactive)(
            RESET, silent=True, store_history=False, timeout=START_TIMEOUT,
            output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise KernelError(f"resetting the kernel failed: {reply['content'].get('evalue')}")

    def shutdown(self) -> None:
        self.kc.stop_channels()
        if run_sync(self.km.is_alive)():
            run_sync(self.km.shutdown_kernel)(now=True)
        run_sync(self.km.cleanup_resources)()


class KernelEngine(NBClientEngine):
    """papermill's nbclient engine, in the `WarmKernel` passed as `kernel=`."""

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                 stdout_file: Any = None, stderr_file: Any = None,
                                 start_timeout: int = START_TIMEOUT,
                                 execution_timeout: int | None = None, *,
                                 kernel: WarmKernel, **kwargs: Any) -> Any:
        kwargs.pop("input_path", None)
        client = PapermillNotebookClient(
            nb_man, km=kernel.km, kernel_name=kernel_name, log=logger, log_output=log_output,
            stdout_file=stdout_file, stderr_file=stderr_file, startup_timeout=start_timeout,
            timeout=execution_timeout or kwargs.pop("timeout", None), **kwargs)
        client.kc = kernel.kc
        return client.execute()


papermill_engines.register(ENGINE, KernelEngine)
