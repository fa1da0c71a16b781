"""Zip archives and spreadsheets written reproducibly (the same input gives the same bytes: every
member carries one fixed time) and atomically (a temporary file, then a rename)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook

FIXED_TIME = dt.datetime(2000, 1, 1)  # a workbook's created and modified dates
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every zip member's time


class FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose members all carry `ZIP_TIME` (byte-identical output)."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: Any = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o644 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

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


def write_zip(out: Path, members: Iterable[tuple[str, bytes]]) -> Path:
    """A zip archive at `out` holding `members` (name, bytes) in the order given."""
    out = Path(out)
    tmp = _atomic(out)
    try:
        with FixedTimeZip(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return out


def save_workbook(wb: Workbook, out: Path) -> Path:
    """Save `wb` to `out` reproducibly and atomically."""
    from openpyxl.writer.excel import ExcelWriter

    out = Path(out)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    tmp = _atomic(out)
    try:
        with FixedTimeZip(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(wb, archive).write_data()
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return out
