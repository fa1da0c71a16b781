"""One build at a time per project, and no process of a build outliving it.

`build_lock` holds `LOCK_FILE` (at the project root, gitignored) with `fcntl.flock` for the
whole build and writes into it which build holds it: pid, host, start time and command. A
second build in the same project fails at once with a message naming that build. The kernel
releases a flock when its holder dies, however it dies, so a lock left by a killed build does
not block the next one (the file stays, with the dead build's details, and is taken over).

`die_with_parent` makes the calling process (a build worker) or a child about to exec (a
Jupyter kernel) receive SIGKILL when its parent dies (Linux `prctl(PR_SET_PDEATHSIG)`), so a
build killed with SIGKILL leaves no worker or kernel running."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime
import functools
import os
import shlex
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from competency_framework.build.plan import BuildError

LOCK_FILE = Path(".build.lock")
_PR_SET_PDEATHSIG = 1


def _holder(fd: int) -> str:
    """What the lock file says about the build holding it."""
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text.replace("\n", ", ") if text else "a build that has not yet written its details"


@contextlib.contextmanager
def build_lock(root: Path, command: list[str] | None = None) -> Iterator[Path]:
    """Hold the project's build lock while the block runs; BuildError naming the holder when
    another build holds it."""
    import fcntl

    path = Path(root) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildError(f"cannot open the build lock {path}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another build is running in this project ({_holder(fd)}); wait for it to "
                f"finish, or stop it (lock: {path})") from None
        started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        shown = shlex.join(command if command is not None else [sys.executable, *sys.argv])
        os.ftruncate(fd, 0)
        os.pwrite(fd, (f"pid {os.getpid()}\nhost {socket.gethostname()}\n"
                       f"started {started}\ncommand {shown}\n").encode(), 0)
        yield path
    finally:
        os.close(fd)  # releases the flock


_LIBC: list = []  # libc, loaded before any fork (loading it in a preexec_fn is not safe)


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
    """A `Popen(preexec_fn=...)` that makes the child (a kernel) die with this process."""
    if _prctl() is None:
        return None
    return functools.partial(die_with_parent, os.getpid())


__all__ = ["LOCK_FILE", "build_lock", "die_with_parent", "dies_with_this_process"]
