"""Zip archives and spreadsheets written reproducibly (the same input gives the same bytes: every
member carries one fixed time) and atomically (a temporary file, then a rename)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from openpyxl import Workbook

FIXED_TIME = dt.datetime(2000, 1, 1)  # a workbook's created and modified dates
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every zip member's time


def member_info(name: str) -> zipfile.ZipInfo:
    """A deflated, world-readable zip member `name` dated `ZIP_TIME`."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


class FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose members all carry `ZIP_TIME` (byte-identical output), whether
    written whole (`writestr`, `write`) or streamed (`open(name, "w")`)."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: Any = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = member_info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def open(self, name: Any, mode: Literal["r", "w"] = "r", pwd: Any = None, *,
             force_zip64: bool = False) -> Any:
        if mode == "w" and isinstance(name, str):
            name = member_info(name)
        return super().open(name, mode, pwd, force_zip64=force_zip64)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None,
              compresslevel: Any = None) -> None:
        with open(filename, "rb") as fh:
            self.writestr(str(arcname or filename), fh.read())


def _atomic(out: Path) -> str:
    """A temporary file beside `out`, readable by all as the file it becomes."""
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)
    return tmp


@contextmanager
def atomic_zip(out: Path) -> Iterator[FixedTimeZip]:
    """A `FixedTimeZip` to write, which becomes the file `out` once closed without error
    (until then `out` is left as it was)."""
    tmp = _atomic(Path(out))
    try:
        with FixedTimeZip(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            yield archive
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_zip(out: Path, members: Iterable[tuple[str, bytes]]) -> Path:
    """A zip archive at `out` holding `members` (name, bytes) in the order given."""
    out = Path(out)
    with atomic_zip(out) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out


def save_workbook(wb: Workbook, out: Path) -> Path:
    """Save `wb` to `out` reproducibly and atomically."""
    from openpyxl.writer.excel import ExcelWriter

    out = Path(out)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    with atomic_zip(out) as archive:
        ExcelWriter(wb, archive).write_data()
    return out
