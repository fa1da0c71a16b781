"""The benchmark machinery on the tiny edition: rows, medians, targets, the table and the JSON
(no timing is asserted)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from paths import ROOT, TINY

from benchmarks.bench import (
    BUILD_PEAK_MB,
    COLUMNS,
    STAGES,
    Row,
    Target,
    TreeMemory,
    _build_phases,
    _figure_calls,
    _statistics_calls,
    _timed_parts,
    build_institute_copies,
    child,
    default_build_repeats,
    format_notes,
    format_table,
    main,
    measure_stage,
    parse_options,
    project_copy,
    ratio_rows,
    run_benchmarks,
    run_measured,
    target_for,
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
                            build_scales=[], repeats=1, log=lambda s: None)
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
    result = run_benchmarks(ROOT, edition=TINY, scales=[1, 2], stages=["load"],
                            build_scales=[], repeats=1, timeout=0.01, log=lambda s: None)
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


def test_build_targets_hold_at_every_scale_and_the_clean_build_has_its_own_at_1x():
    assert target_for("build-clean", 1) == Target(seconds=40, peak_mb=BUILD_PEAK_MB)
    assert target_for("build-clean", 50) == Target(peak_mb=BUILD_PEAK_MB)
    for scale in (1, 50, 1000):
        assert target_for("build-unchanged", scale) == Target(seconds=2, peak_mb=1024)
    assert target_for("statistics", 10) is None and target_for("figure2", 100) is not None
    rebuild = Row("build-unchanged", "50x", 62_500, seconds=[1.5], peak_mb=[1100.0])
    rebuild.judge(50)
    assert (rebuild.target, rebuild.met) == ("< 2 s, < 1 GB", False)  # memory over 1 GB
    rebuild.peak_mb = [900.0]
    rebuild.judge(50)
    assert rebuild.met is True


def test_the_ratio_row_divides_the_medians_and_is_judged():
    small = Row("build-clean", "1x", 1250, seconds=[40.0, 60.0, 50.0], cpu_s=[80.0])
    large = Row("build-clean", "50x", 62500, seconds=[130.0, 120.0], cpu_s=[200.0])
    other = Row("build-unchanged", "50x", 62500, seconds=[1.0])
    (row,) = ratio_rows([(small, 1), (large, 50), (other, 50)])
    assert (row.measure, row.edition, row.target) == ("build-clean ratio", "50x / 1x", "<= 2.5x")
    assert row.ratio == 2.5 and row.met is True  # within: 2.5 times is still met
    assert row.note == "125.0 s / 50.0 s wall; CPU 2.50x"
    large.seconds = [126.0]
    (row,) = ratio_rows([(small, 1), (large, 50)])
    assert row.met is False and round(row.ratio, 2) == 2.52
    assert ratio_rows([(small, 1)]) == []  # no 50x build: no ratio
    failed = Row("build-clean", "50x", 62500, error="timed out after 900 s")
    (row,) = ratio_rows([(small, 1), (failed, 50)])
    assert row.met is None and row.error == "not measured: timed out after 900 s"
    result = {"date": "d", "commit": "c", "base": "b",
              "machine": {"cpus": 2, "cpu_model": "m", "memory_gb": 1.0, "python": "3"},
              "rows": [r.as_dict() for r in ratio_rows([(small, 1), (large, 50)])]}
    cells = [c.strip() for c in format_table(result).splitlines()[4].split("|")[1:-1]]
    assert cells[4] == "2.52x" and cells[-1] == "NO"


# a process holding `mb` MB (written, so resident) until its parent closes its stdin
HOLD = ("import sys; b = bytearray(b'x') * ({mb} * 2**20); print('ready', flush=True); "
        "sys.stdin.read()")


def test_tree_memory_adds_up_the_descendants():
    children = [subprocess.Popen([sys.executable, "-c", HOLD.format(mb=mb)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                for mb in (120, 80)]
    try:
        for c in children:
            assert c.stdout is not None and c.stdout.readline() == b"ready\n"
        memory = TreeMemory(os.getpid())
        memory.sample()
    finally:
        for c in children:
            c.communicate(b"")
    assert memory.samples == 1
    assert memory.largest_mb >= 120
    # this process and both children: more than the largest alone, at least the two held
    assert memory.peak_mb >= 200 + 10 and memory.peak_mb > memory.largest_mb + 80
    assert sum(memory.at_peak.values()) == pytest.approx(memory.peak_mb)
    assert "python" in memory.describe() or "build" in memory.describe()


def test_run_measured_sees_the_grandchildren_and_their_peak(tmp_path):
    # a parent (10 MB or so) starting two children holding 150 MB and 100 MB at once
    script = tmp_path / "tree.py"
    script.write_text(
        "import subprocess, sys\n"
        f"hold = {HOLD!r}\n"
        "kids = [subprocess.Popen([sys.executable, '-c', hold.format(mb=mb)],\n"
        "                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)\n"
        "        for mb in (150, 100)]\n"
        "for k in kids: k.stdout.readline()\n"
        "import time; time.sleep(0.5)\n"
        "for k in kids: k.communicate(b'')\n"
        "print('done')\n", encoding="utf-8")
    done = run_measured([sys.executable, str(script)], cwd=tmp_path, env={}, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "done\n", "")
    # the largest child seen (its ru_maxrss, from wait4, can count more than the sampled
    # resident set: 350 MB for the 150 MB child on the CI machine, 160 here)
    assert done.largest_mb >= 150
    assert done.peak_mb >= 250  # the two children at once
    assert done.cpu_s > 0 and done.seconds >= 0.5
    with pytest.raises(subprocess.TimeoutExpired):
        run_measured([sys.executable, "-c", "import time; time.sleep(30)"], cwd=tmp_path,
                     env={}, timeout=0.5)
    failed = run_measured([sys.executable, "-c", "import sys; sys.exit('no')"], cwd=tmp_path,
                          env={}, timeout=60)
    assert (failed.returncode, failed.stderr) == (1, "no\n")


def test_build_editions_keep_the_institutes_few_and_the_big_builds_short():
    assert build_institute_copies(18, 1) == 1
    assert build_institute_copies(18, 50) == 2  # 36 institutes; 5 copies would be 90
    assert build_institute_copies(18, 10) == 2
    assert build_institute_copies(5, 10) == 10 and build_institute_copies(60, 50) == 1
    assert default_build_repeats(1) == {"build-clean": 3, "build-unchanged": 5,
                                        "build-one-institute": 2, "render": 3}
    assert default_build_repeats(50) == {"build-clean": 2, "build-unchanged": 3,
                                         "build-one-institute": 0, "render": 0}
    assert default_build_repeats(50, repeats=1) == {"build-clean": 1, "build-unchanged": 1,
                                                    "build-one-institute": 0, "render": 0}


def test_options_choose_the_build_scales():
    args = parse_options([])
    assert (args.scales, args.build_scales, args.repeats) == ([1, 10, 100, 1000], [1, 50], None)
    args = parse_options(["--build-scales", "50x,1"])
    assert args.build_scales == [50, 1]
    assert parse_options(["--no-build"]).build_scales == []
    assert parse_options(["--build-scales", "none"]).build_scales == []
    quick = parse_options(["--quick"])
    assert (quick.scales, quick.build_scales, quick.repeats) == ([1, 10], [1], 1)
    assert parse_options(["--quick", "--build-scales", "50"]).build_scales == [1]
    assert parse_options(["--quick", "--no-build"]).build_scales == []
    builds_only = parse_options(["--stages", "none", "--build-scales", "1,50"])
    assert (builds_only.stages, builds_only.build_scales) == ([], [1, 50])


def test_options_refuse_nothing_to_measure_and_bad_build_scales():
    for argv in (["--stages", "none", "--no-build"], ["--build-scales", "0"],
                 ["--build-scales", "fifty"], ["--repeats", "0"]):
        with pytest.raises(SystemExit) as exc:
            parse_options(argv)
        assert exc.value.code == 2, argv


def test_tree_memory_counts_pages_shared_by_forked_processes_once():
    # a child forked after this process wrote 150 MB shares those pages until it writes them:
    # the resident sets count them twice, the proportional sets once
    held = bytearray(b"x") * (150 * 2**20)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: wait for the parent's word, touching nothing
        os.read(read, 1)
        os._exit(0)
    try:
        memory = TreeMemory(os.getpid())
        memory.sample()
    finally:
        os.write(write, b"x")
        os.waitpid(child, 0)
        os.close(read)
        os.close(write)
    assert len(held) and memory.rss_peak_mb >= 300
    assert 150 <= memory.peak_mb < memory.rss_peak_mb - 100
