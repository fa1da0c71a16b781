"""One build at a time per project.

`build_lock` holds `LOCK_FILE` (at the project root, gitignored) with `fcntl.flock` for the
whole build and writes into it which build holds it: pid, host, start time and command. A
second build in the same project fails at once with a message naming that build. The kernel
releases a flock when its holder dies, however it dies, so a lock left by a killed build does
not block the next one (the file stays, with the dead build's details, and is taken over).
(`competency_framework.processes` ties the build's workers, kernels and renderers to it.)"""

from __future__ import annotations

import contextlib
import datetime
import os
import shlex
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

from competency_framework.build.plan import BuildError

LOCK_FILE = Path(".build.lock")


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


__all__ = ["LOCK_FILE", "build_lock"]
