"""`report/manifest.yml`: every notebook run of the report, in report order, and the same runs
for one edition. It is the one list of the report's chapters: each run's executed notebook is a
chapter, and the build adds them to the book `_quarto.yml` declares (which lists only the pages
that are not runs, such as `index.qmd`). Consecutive runs with the same `part` form that part.

```yaml
runs:
  - notebook: notebooks/10_overview.ipynb     # source notebook, from the project root
    output: 10_overview.ipynb                 # executed notebook's name in report/executed/
    parameters: {}                            # the run's own; the build adds its own (below)
  - notebook: notebooks/20_technology_area.ipynb
    for_each: technology_areas                # one run per row of this table, in row order
    output: "20_area_{area_id}.ipynb"         # {column}: the row's value
    parameters: {area_id: "{area_id}"}
    reads: ["connections[area_id={area_id}]", ksa_institutes, competencies, ksas]
    part: Technology areas                    # the book part its chapters belong to
  - notebook: notebooks/30_institute.ipynb
    for_each: institutes
    output: "30_institute_{institute_id}.ipynb"
    parameters: {institute_id: "{institute_id}"}
    when: profiles                            # only in a build with this option on
```

`for_each` names a table of the edition (`technology_areas`, `institutes`, ...); the run is
repeated for each of its rows, and `{column}` in `output` and in string parameters takes the
row's value, so the outputs (and the chapters) follow the edition, whatever its areas and
institutes. `reads` (optional) says which data the run's statistics read, so that a change
elsewhere does not re-run it: see `run_inputs.data_digest` for the names. Without `reads`, a
run depends on the whole edition.

`when` (optional) names a build option (`OPTIONS`): the run is in the build only when that
option is on. `profiles` is on by default for a collected edition and off for a reconstructed
one, whose rows were rebuilt to fit published totals (`report --profiles` turns it on).
`previous` is on when the build compares the edition with a previous one (`report --previous
FOLDER`, or the edition's descriptor names one).

Besides the run's own parameters the build injects `edition` (the edition folder, relative to
report/executed/ where notebooks run), `notebook` (the source notebook's path) and, when the
notebook's parameters cell defines `figures`, `figures`: a folder of its own,
`figures/<output name without .ipynb>`, emptied before the run. A notebook whose parameters
cell defines a build option's name is told about it: `profiles`, whether it is on (a bool);
`previous`, the previous edition's folder relative to report/executed/ ("" for none).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import yaml

MANIFEST = Path("report/manifest.yml")
INJECTED = ("edition", "notebook", "figures")
# build options a run's `when` may name; each is also injected into the notebooks that declare it
OPTIONS = ("profiles", "previous")
OUTPUT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.ipynb")


class ManifestError(RuntimeError):
    """The manifest is malformed or does not fit the edition; the message lists every problem."""


@dataclass(frozen=True)
class RunSpec:
    """One entry of the manifest: a run, or (with `for_each`) a run per row of a table."""

    notebook: str
    output: str
    parameters: dict = field(default_factory=dict)
    reads: tuple[str, ...] | None = None
    for_each: str = ""
    part: str = ""
    when: str = ""  # the build option the run needs ("" for every build)

    @property
    def fields(self) -> list[str]:
        """The `{column}` placeholders of the output name."""
        return [f for _, f, _, _ in string.Formatter().parse(self.output) if f]

    def output_pattern(self) -> re.Pattern:
        """A regex matching every output name this entry can make."""
        parts = []
        for literal, name, _, _ in string.Formatter().parse(self.output):
            parts.append(re.escape(literal))
            if name:
                parts.append(r"[^/]+")
        return re.compile("".join(parts))


@dataclass(frozen=True)
class Run:
    """One papermill run for one edition."""

    notebook: str  # source notebook, relative to the project root
    output: str  # executed notebook's file name in report/executed/
    parameters: dict = field(default_factory=dict)
    reads: tuple[str, ...] | None = None  # data slices read (None: the whole edition)
    entry: int = 0  # index of the manifest entry it comes from
    part: str = ""  # the book part of its chapter ("" outside parts)
    when: str = ""  # the build option that put it in the build ("" for none)

    @property
    def stem(self) -> str:
        return self.output.removesuffix(".ipynb")


def read_manifest(root: Path) -> list[RunSpec]:
    """The entries of `report/manifest.yml`, in report order (ManifestError when malformed)."""
    path = Path(root) / MANIFEST
    if not path.is_file():
        raise ManifestError(f"{MANIFEST} is missing: run the build from the project root")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    specs, problems, seen = [], [], set()
    for i, item in enumerate(data.get("runs") or [], start=1):
        item = item or {}
        reads = item.get("reads")
        if reads is not None and not isinstance(reads, list | str):
            problems.append(f"run {i}: reads must be a list of data names")
        spec = RunSpec(
            notebook=str(item.get("notebook", "")),
            output=str(item.get("output", "")),
            parameters=dict(item.get("parameters") or {}),
            reads=None if reads in (None, "all") else tuple(
                [reads] if isinstance(reads, str) else map(str, reads)),
            for_each=str(item.get("for_each") or ""),
            part=str(item.get("part") or ""),
            when=str(item.get("when") or ""),
        )
        unknown = set(item) - {"notebook", "output", "parameters", "reads", "for_each", "part",
                               "when"}
        if unknown:
            problems.append(f"run {i}: unknown key(s) {sorted(unknown)}")
        if not (Path(root) / spec.notebook).is_file():
            problems.append(f"run {i}: notebook {spec.notebook!r} does not exist")
        if not spec.output.endswith(".ipynb") or "/" in spec.output:
            problems.append(f"run {i}: output must be a file name ending .ipynb, "
                            f"not {spec.output!r}")
        if spec.for_each and not spec.fields:
            problems.append(f"run {i}: for_each {spec.for_each!r} needs a {{column}} in its "
                            f"output name, or every row would write {spec.output!r}")
        if not spec.for_each and spec.fields:
            problems.append(f"run {i}: output {spec.output!r} has placeholders but no for_each")
        if spec.output in seen:
            problems.append(f"run {i}: output {spec.output!r} is produced twice")
        if spec.when and spec.when not in OPTIONS:
            problems.append(f"run {i}: when {spec.when!r} is not a build option (one of "
                            f"{', '.join(OPTIONS)})")
        if {*INJECTED, *OPTIONS} & spec.parameters.keys():
            problems.append(f"run {i}: {', '.join(repr(n) for n in (*INJECTED, *OPTIONS))} are "
                            "set by the build")
        seen.add(spec.output)
        specs.append(spec)
    if not specs:
        problems.append("no runs listed under 'runs:'")
    if problems:
        raise ManifestError(f"{MANIFEST}:\n  " + "\n  ".join(problems))
    return specs


@overload
def _fill(value: str, row: dict[str, str]) -> str: ...
@overload
def _fill(value: list[Any], row: dict[str, str]) -> list[Any]: ...
@overload
def _fill(value: dict[str, Any], row: dict[str, str]) -> dict[str, Any]: ...
def _fill(value: object, row: dict[str, str]) -> object:
    """`value` with `{column}` placeholders filled from `row` (strings, lists, dicts)."""
    if isinstance(value, str):
        return value.format_map(row)
    if isinstance(value, list):
        return [_fill(v, row) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, row) for k, v in value.items()}
    return value


def expand_runs(specs: list[RunSpec], tables: Mapping[str, list[dict[str, str]]],
                options: frozenset[str] = frozenset()) -> list[Run]:
    """The runs for one edition: each `for_each` entry once per row of its table, and an entry
    with `when` only when `options` (the build options on) holds it.

    `tables` maps a table name to its rows (dicts of strings), for the tables entries name.
    """
    runs: list[Run] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for i, spec in enumerate(specs):
        if spec.when and spec.when not in options:
            continue
        if not spec.for_each:
            runs.append(Run(spec.notebook, spec.output, spec.parameters, spec.reads, i,
                            spec.part, spec.when))
            continue
        rows = tables.get(spec.for_each)
        if rows is None:
            problems.append(f"run {i + 1}: for_each {spec.for_each!r} is not a table of the "
                            f"edition (one of {sorted(tables)})")
            continue
        for row in rows:
            try:
                output = spec.output.format_map(row)
                parameters = _fill(spec.parameters, row)
                reads = None if spec.reads is None else tuple(_fill(list(spec.reads), row))
            except KeyError as exc:
                problems.append(f"run {i + 1}: {spec.for_each} has no column {exc}")
                break
            if not OUTPUT_NAME.fullmatch(output):
                problems.append(f"run {i + 1}: output {output!r} (from {spec.for_each} row "
                                f"{row}) is not a plain file name")
                continue
            runs.append(Run(spec.notebook, output, parameters, reads, i, spec.part, spec.when))
    for run in runs:
        if run.output in seen:
            problems.append(f"output {run.output!r} is made by runs {seen[run.output] + 1} and "
                            f"{run.entry + 1}")
        seen.setdefault(run.output, run.entry)
    if problems:
        raise ManifestError(f"{MANIFEST}:\n  " + "\n  ".join(problems))
    return runs
