"""The benchmark machinery on the tiny edition: rows, medians, targets, the table and the JSON
(no timing is asserted)."""

from __future__ import annotations

import json
import shutil

import pytest
from paths import ROOT, TINY

from benchmarks.bench import (
    COLUMNS,
    STAGES,
    Row,
    Target,
    _build_phases,
    _figure_calls,
    _statistics_calls,
    _timed_parts,
    child,
    format_notes,
    format_table,
    main,
    measure_stage,
    project_copy,
    run_benchmarks,
    toggle_one_institute,
    write_json,
)
from competency_framework import load_edition
from competency_framework.edition.validate import edition_problems


def test_row_medians_and_targets():
    row = Row("statistics", "1,000x", 1_250_000, seconds=[3.0, 1.0, 2.0], peak_mb=[900, 700, 800])
    row.judge(1000)
    out = row.as_dict()
    assert (out["runs"], out["median_s"], out["median_peak_mb"]) == (3, 2.0, 800)
    assert out["target"] == "< 2 s, < 2 GB" and out["met"] is False
    row.seconds = [1.5]
    row.judge(1000)
    assert row.met is True
    untargeted = Row("load", "1x", 10, seconds=[0.1])
    untargeted.judge(1)
    assert (untargeted.target, untargeted.met) == ("", None)
    assert Target(peak_mb=100).met(1.0, None) is None


def test_child_times_one_stage_in_process(tmp_path):
    result = child("load", str(TINY), str(tmp_path), memory_limit_gb=0)
    assert result["seconds"] > 0 and result["peak_mb"] > 10
    assert result["note"] == "10 connections"


def test_every_statistic_and_figure_is_called(tmp_path):
    fw = load_edition(TINY)
    calls, skipped = _statistics_calls(fw)
    assert skipped == [], ("bench._example_arguments has no value for these statistics' "
                           f"required parameters: {skipped}")
    names = {name for name, _ in calls}
    assert {"network.ksa_ranking", "areas.area_ksa_count", "competencies.ksas_under"} <= names
    assert not any(n.endswith(("in_tree_order", "code_sort_key", "percent")) for n in names)
    figures, skipped = _figure_calls(fw, tmp_path)
    assert skipped == []
    labels = [label for label, _ in figures]
    assert labels.count("area_mapping.area_mapping_figure") == 2  # one per area of tiny
    assert "network_map.network_map_figure" in labels


@pytest.mark.build
def test_measure_stage_runs_fresh_processes_and_collects_parts():
    row = measure_stage("statistics", TINY, "1x", 10, repeats=2)
    assert row.error == ""
    assert len(row.seconds) == len(row.peak_mb) == 2
    assert all(len(v) == 2 for v in row.parts.values())
    assert "network.ksa_ranking" in row.parts


def test_measure_stage_reports_a_failure_instead_of_numbers(tmp_path):
    row = measure_stage("load", tmp_path / "missing", "1x", 0, repeats=3)
    assert row.seconds == [] and row.error.startswith("exit 1")


@pytest.mark.build
def test_run_benchmarks_result_table_and_json(tmp_path):
    result = run_benchmarks(ROOT, edition=TINY, scales=[2, 1], stages=["load", "audit"],
                            builds=False, repeats=1, log=lambda s: None)
    assert [e["label"] for e in result["editions"]] == ["1x", "2x"]
    assert [e["connections"] for e in result["editions"]] == [10, 20]
    assert [(r["measure"], r["edition"]) for r in result["rows"]] == [
        ("load", "1x"), ("load", "2x"), ("audit", "1x"), ("audit", "2x")]
    assert all(r["runs"] == 1 and r["error"] == "" for r in result["rows"])
    assert result["machine"]["cpus"] >= 1 and result["base"] == str(TINY)
    table = format_table(result).splitlines()
    assert [c.strip() for c in table[2].split("|")[1:-1]] == list(COLUMNS)
    assert "stand-in" not in table[0] and str(TINY) in table[0]
    assert len(table) == 4 + len(result["rows"])
    assert "| load " in table[4] and "20 |" in table[5]
    path = write_json(result, tmp_path / "deep" / "bench.json")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(result))


def test_a_failed_stage_is_not_run_at_larger_scales(tmp_path):
    result = run_benchmarks(ROOT, edition=TINY, scales=[1, 2], stages=["load"], builds=False,
                            repeats=1, timeout=0.01, log=lambda s: None)
    first, second = result["rows"]
    assert first["error"].startswith("timed out")
    assert second["error"] == "not run: failed at 1x" and second["runs"] == 0
    assert "error: not run" in format_table(result)


def test_targets_are_judged_in_the_rows():
    result = {"date": "d", "commit": "c", "base": "b",
              "machine": {"cpus": 2, "cpu_model": "m", "memory_gb": 1.0, "python": "3"},
              "rows": []}
    for measure, scale, seconds in (("figure2", 100, 12.0), ("figure2", 10, 12.0),
                                    ("build-unchanged", None, 1.0)):
        row = Row(measure, f"{scale}x", 1, seconds=[seconds], peak_mb=[1.0])
        row.judge(scale)
        result["rows"].append(row.as_dict())
    met = [line.split("|")[-2].strip() for line in format_table(result).splitlines()[4:]]
    assert met == ["NO", "", "yes"]


def test_toggle_one_institute_keeps_the_edition_valid(tmp_path):
    edition = shutil.copytree(TINY, tmp_path / "ed")
    original = load_edition(edition).essential_ksas
    removed = toggle_one_institute(edition)
    assert removed.startswith("removed ")
    assert edition_problems(edition) == []
    changed = load_edition(edition).essential_ksas
    assert len(changed) == len(original) - 1
    assert toggle_one_institute(edition).replace("restored", "removed") == removed
    assert edition_problems(edition) == []
    back = load_edition(edition).essential_ksas
    key = ["institute_id", "occupation_id", "ksa_id"]
    assert sorted(back[key].itertuples(index=False)) == sorted(original[key].itertuples(
        index=False))


def test_project_copy_has_the_sources_not_the_environment(tmp_path):
    copy = project_copy(ROOT, tmp_path / "p")
    assert (copy / "pyproject.toml").is_file()
    assert (copy / "benchmarks" / "bench.py").is_file()
    assert not (copy / ".venv").exists() and not (copy / ".git").exists()


def test_command_line_rejects_bad_options(capsys):
    for argv in (["--scales", "ten"], ["--stages", "nonsense"], ["--scales", "0"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    assert set(STAGES) == {"load", "statistics", "figures", "figure2", "audit"}


def test_parts_out_of_memory_are_listed_and_miss_the_target():
    def too_big():
        raise MemoryError("Unable to allocate 7.78 GiB")

    details = _timed_parts([("a", lambda: None), ("b", too_big), ("a", lambda: None)], "things")
    assert set(details["parts"]) == {"a"}
    assert details["failed"] == ["b (MemoryError: Unable to allocate 7.78 GiB)"]
    assert details["note"].startswith("1 things; out of memory: b")
    row = Row("statistics", "1,000x", 1, seconds=[0.5], peak_mb=[100], failed=details["failed"])
    row.judge(1000)
    assert row.met is False


def test_build_phases_read_from_the_build_log():
    log = ("edition x (reconstructed) from e, data hash 0123; 31 notebook runs, 2 at a time\n"
           "[ 1/31] ran      10.9 s  00_about.ipynb\n"
           "notebooks: 30 ran, 1 cached (148.3 s)\nrendering 32 chapters with fallback ...\n"
           "rendered in 34.8 s\nrenderer: fallback (pandoc + Typst; Quarto is not on the PATH)\n")
    assert _build_phases(log) == {"notebooks": 148.3, "render": 34.8,
                                  "note": "notebooks 30 ran, 1 cached; renderer: fallback"}
    cached = "notebooks: 0 ran, 31 cached (0.0 s)\nreport: up to date\n"
    assert _build_phases(cached) == {"notebooks": 0.0, "note": "notebooks 0 ran, 31 cached; "
                                     "render up to date"}
    assert _build_phases("") == {"note": ""}


def test_notes_name_the_slowest_parts_and_errors():
    rows = [Row("statistics", "1x", 10, seconds=[1.0], parts={"x": [0.1], "y": [0.7], "z": [0.2],
                                                                "w": [0.05]}, note="4 statistics"),
            Row("audit", "10x", 100, error="timed out after 120 s"),
            Row("load", "1x", 10, seconds=[0.1])]
    result = {"rows": [r.as_dict() for r in rows]}
    assert format_notes(result).splitlines() == [
        "- statistics 1x: 4 statistics; slowest: y 0.70 s, z 0.20 s, x 0.10 s",
        "- audit 10x: error: timed out after 120 s",
    ]
