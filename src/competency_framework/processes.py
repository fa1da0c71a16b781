"""Child processes that do not outlive the build that started them, however it ends.

A build killed with SIGKILL runs no cleanup, so the ties are made by the kernel:

- `die_with_parent` (Linux `prctl(PR_SET_PDEATHSIG)`) makes a process, a pool worker or a child
  about to exec (a Jupyter kernel, pandoc), receive SIGKILL when its parent dies;
- `in_own_group` wraps a command that starts children of its own (Quarto starts Deno, pandoc
  and Typst): a small leader process makes a new process group, runs the command in it, and
  when its parent dies kills the whole group.

Elsewhere than Linux both do nothing but run the command."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
_LIBC: list = []  # libc's prctl, loaded before any fork (loading it in a preexec_fn is unsafe)

# The group leader (`python -c LEADER command...`): a new session and process group; SIGTERM
# when its parent dies; on SIGTERM or SIGINT, SIGKILL to the group (itself included). Else
# it exits with the command's code. Only the standard library, so it starts in ~20 ms.
_LEADER = """\
import ctypes, ctypes.util, os, signal, subprocess, sys
parent = os.getppid()
os.setsid()
def end(*_):
    os.killpg(0, signal.SIGKILL)
signal.signal(signal.SIGTERM, end)
signal.signal(signal.SIGINT, end)
try:
    ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").prctl(1, signal.SIGTERM, 0, 0, 0)
except (OSError, AttributeError):
    pass
if os.getppid() != parent:
    end()
sys.exit(subprocess.call(sys.argv[1:]))
"""


def _prctl() -> object | None:
    if not sys.platform.startswith("linux"):
        return None
    if not _LIBC:
        try:
            _LIBC.append(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6",
                                     use_errno=True).prctl)
        except (OSError, AttributeError):
            _LIBC.append(None)
    return _LIBC[0]


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; if the parent (`parent`, a pid)
    is already gone, exit now. Does nothing where prctl is not available."""
    prctl = _prctl()
    if prctl is None:
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # type: ignore[operator]
    if parent is not None and os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)


def dies_with_this_process() -> Callable[[], None] | None:
    """A `Popen(preexec_fn=...)` that makes the child die with this process."""
    if _prctl() is None:
        return None
    return functools.partial(die_with_parent, os.getpid())


def in_own_group(command: list[str]) -> list[str]:
    """`command` run by a leader of a new process group that is killed whole, children and
    grandchildren, when the caller dies (the command as it is where that cannot be done)."""
    if _prctl() is None:
        return command
    return [sys.executable, "-c", _LEADER, *command]


__all__ = ["die_with_parent", "dies_with_this_process", "in_own_group"]
