"""Files and folders written whole: `files.replace_folder` and `edition.write.write_edition`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from paths import TINY

from competency_framework import load_edition
from competency_framework.edition.contract import TABLES
from competency_framework.edition.validate import edition_problems
from competency_framework.edition.write import write_edition
from competency_framework.files import replace_folder


def folder(path: Path, **files: str) -> Path:
    path.mkdir()
    for name, text in files.items():
        (path / name).write_text(text)
    return path


def test_a_replaced_folder_is_whole_and_nothing_is_left_beside_it(tmp_path):
    out = folder(tmp_path / "out", a="old", b="old")
    replace_folder(folder(tmp_path / "new", a="new"), out)
    assert sorted(p.name for p in out.iterdir()) == ["a"] and (out / "a").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    replace_folder(folder(tmp_path / "new", c="c"), tmp_path / "fresh")  # nothing there yet
    assert (tmp_path / "fresh" / "c").read_text() == "c"


def test_a_failed_swap_puts_the_old_folder_back(tmp_path, monkeypatch):
    out = folder(tmp_path / "out", a="old")
    new = folder(tmp_path / "new", a="new")
    real = os.replace

    def failing(src, dst):
        if Path(src) == new:
            raise OSError("disk gone")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="disk gone"):
        replace_folder(new, out)
    assert (out / "a").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "out"]


def test_an_edition_written_back_is_the_same_bytes_and_keeps_its_other_files(tmp_path):
    fw = load_edition(TINY)
    tables = {t.name: getattr(fw, t.name).astype(str) for t in TABLES}
    out = folder(tmp_path / "e", **{"README.md": "notes", "stale.csv": "x"})
    write_edition(out, tables, edition=fw.edition, provenance=fw.provenance, title="T",
                  keep_other_files=True)
    for t in TABLES:
        assert (out / t.filename).read_bytes() == (TINY / t.filename).read_bytes(), t.name
    assert (out / "README.md").read_text() == "notes" and (out / "stale.csv").exists()
    assert edition_problems(out) == []
    write_edition(out, tables, edition=fw.edition, provenance=fw.provenance, title="T")
    assert not (out / "README.md").exists()  # replaced whole without keep_other_files


def test_an_edition_a_check_refuses_is_not_written(tmp_path):
    fw = load_edition(TINY)
    tables = {t.name: getattr(fw, t.name).astype(str) for t in TABLES}
    out = folder(tmp_path / "e", **{"README.md": "notes"})

    def refuse(written: Path) -> None:
        assert (written / "datapackage.json").is_file()
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        write_edition(out, tables, edition="x", provenance="collected", title="T", check=refuse)
    assert [p.name for p in out.iterdir()] == ["README.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e"]
