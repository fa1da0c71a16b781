"""One call opens a chapter (`present.chapter`), and the audit a build shares among the
chapters that read it: written once, read back as the audit computes it, refused for another
edition, and part of the key of every run that reads it."""

import dataclasses
import json

import nbformat
import pandas as pd
import pytest
from paths import ROOT, TINY
from report_project import built_report

from competency_framework.audit import audit
from competency_framework.build.manifest import Run
from competency_framework.build.runner import AUDIT_ROWS, AUDIT_WRITER, run_key
from competency_framework.paths import EXECUTED
from competency_framework.present.chapter import (
    open_chapter,
    read_audit_rows,
    write_audit_rows,
)
from competency_framework.reference.published import load_published


@pytest.fixture(scope="module")
def ch():
    return open_chapter(TINY)


def test_open_chapter_gives_edition_published_figures_and_year(ch):
    assert ch.fw.edition == "tiny"
    assert list(ch.published) == [e.id for e in load_published()]
    assert ch.report_year == "2025"
    assert ch.audit_rows == ""


def test_the_audit_is_computed_when_first_asked_for_and_kept(ch):
    fresh = open_chapter(TINY)
    assert "audit" not in vars(fresh)
    first = fresh.audit
    assert fresh.audit is first
    pd.testing.assert_frame_equal(first, audit(fresh.fw, load_published()))


def test_audit_rows_read_back_as_the_audit_computes_them(ch, tmp_path):
    path = tmp_path / "rows.json"
    write_audit_rows(path, ch.fw)
    shared = open_chapter(TINY, audit_rows=path)
    pd.testing.assert_frame_equal(shared.audit, ch.audit)
    assert json.loads(path.read_text(encoding="utf-8"))["data_hash"] == ch.fw.data_hash
    other = dataclasses.replace(ch.fw, data_hash="0" * 64)
    with pytest.raises(ValueError, match="holds the audit of edition 'tiny'"):
        read_audit_rows(path, other)


def test_a_run_reading_the_shared_audit_depends_on_the_whole_edition(ch):
    run = Run("notebooks/80_audit.ipynb", "80_audit.ipynb", reads=("technology_areas",))
    changed = dataclasses.replace(ch.fw, data_hash="changed")  # the same technology areas

    def key(fw, **parameters) -> str:
        return run_key(ROOT, run, {"edition": "e", **parameters}, fw, {})

    assert key(ch.fw) == key(changed)  # without the audit, only the declared slice counts
    assert key(ch.fw, audit_rows=AUDIT_ROWS) != key(changed, audit_rows=AUDIT_ROWS)
    assert key(ch.fw, audit_rows=AUDIT_ROWS) == key(ch.fw, audit_rows=AUDIT_ROWS)
    assert AUDIT_WRITER == write_audit_rows.__module__


@pytest.mark.build
def test_the_build_audits_once_for_every_chapter(tmp_path_factory, ch):
    built = built_report(tmp_path_factory, TINY)
    executed = built.project / EXECUTED
    pd.testing.assert_frame_equal(read_audit_rows(executed / AUDIT_ROWS, ch.fw), ch.audit)
    readers, printing = set(), set()
    for path in sorted(executed.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        [injected] = [c.source for c in nb.cells
                      if "injected-parameters" in c.metadata.get("tags", [])]
        if f'audit_rows = "{AUDIT_ROWS}"' in injected:
            readers.add(path.name.split("_")[0])
        if "{.number" in nbformat.writes(nb):
            printing.add(path.name.split("_")[0])
    # every chapter that prints numbers prints them with their status, which the audit
    # decides (the references chapter prints none)
    assert printing <= readers and "55" not in printing
    assert {"10", "41", "70", "80"} <= readers
