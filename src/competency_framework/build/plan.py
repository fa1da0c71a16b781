"""The plan of a build: the build options on (`build_options`), the notebook runs
`report/manifest.yml` makes for one edition with them, and the book whose chapters they are."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from competency_framework.build.manifest import ManifestError, Run, expand_runs, read_manifest
from competency_framework.build.run_inputs import TABLES
from competency_framework.edition.framework import Framework
from competency_framework.paths import EXECUTED
from competency_framework.render import Book, read_book

# The page after the last chapter: how the report was built (`build.front_matter`)
COLOPHON = "colophon.qmd"


class BuildError(RuntimeError):
    """The build cannot go on; the message says what to fix. Nothing was replaced."""


class EditionTables(Mapping[str, list[dict[str, str]]]):
    """The edition's tables as rows of strings (what `for_each` entries iterate over), each
    converted when first asked for: the manifest iterates over one or two of them, and an
    edition 50 times 2025's has 62,500 connections."""

    def __init__(self, fw: Framework) -> None:
        self._fw = fw
        self._rows: dict[str, list[dict[str, str]]] = {}

    def __getitem__(self, name: str) -> list[dict[str, str]]:
        if name not in TABLES:
            raise KeyError(name)
        if name not in self._rows:
            self._rows[name] = getattr(self._fw, name).astype(str).to_dict("records")
        return self._rows[name]

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES)

    def __len__(self) -> int:
        return len(TABLES)


def edition_tables(fw: Framework) -> EditionTables:
    """The edition's tables as rows of strings (`EditionTables`)."""
    return EditionTables(fw)


def plan_book(root: Path, runs: list[Run]) -> Book:
    """The book of `_quarto.yml` with the runs' executed notebooks as its chapters, in manifest
    order and parts, and the colophon (`COLOPHON`, when the project has it) last (BuildError
    when `_quarto.yml` lists executed notebooks itself)."""
    listed = read_book(root)
    executed = [c for c in listed.chapters if c.startswith(EXECUTED.as_posix() + "/")]
    if executed:
        raise BuildError(
            f"_quarto.yml lists executed notebooks as chapters ({', '.join(executed)}): the "
            "report's chapters come from report/manifest.yml (each run, with its `part`); "
            "list only the other pages, such as index.qmd, in _quarto.yml")
    colophon = [(COLOPHON, "")] if (Path(root) / COLOPHON).is_file() else []
    return listed.with_appended([((EXECUTED / r.output).as_posix(), r.part) for r in runs]
                                + colophon)


def build_options(fw: Framework, profiles: bool | None = None,
                  previous: bool = False) -> frozenset[str]:
    """The build options on (the names a manifest run's `when` may give). `profiles`: the
    per-institute profiles; None (the default) builds them for a collected edition only, since
    a reconstructed edition's rows per institute are one arrangement fitted to published
    totals, not any institute's answers. `previous`: the build compares the edition with a
    previous one (the chapter on what changed)."""
    if profiles is None:
        profiles = not fw.is_reconstructed
    return frozenset({*(("profiles",) if profiles else ()), *(("previous",) if previous else ())})


def previous_folder(root: Path, edition: Path, fw: Framework,
                    previous: str | None = None) -> Path | None:
    """The folder of the edition the build compares `fw` (from `edition`) with, relative to
    `root`: `previous` when given ("" for none), else the one its descriptor names (`previous`,
    relative to the edition's folder), else None. BuildError when that is not a folder."""
    if previous == "":
        return None
    if previous is None:
        if not fw.previous:
            return None
        folder = Path(edition) / fw.previous
        if not (root / folder).is_dir():
            raise BuildError(
                f"{Path(edition).as_posix()}/datapackage.json names {fw.previous!r} as its "
                f"previous edition (\"previous\"), but {folder.as_posix()} is not a folder: "
                "fix the descriptor, or build with --previous FOLDER (make report "
                "PREVIOUS=FOLDER), or without the comparison (--no-previous, PREVIOUS=none)")
        return Path(os.path.normpath(folder))
    if not (root / previous).is_dir():
        raise BuildError(f"previous edition folder {previous} does not exist")
    return Path(previous)


def plan(root: Path, fw: Framework, profiles: bool | None = None,
         previous: bool = False) -> tuple[list[Run], Book]:
    """The runs of the manifest for this edition and build options (`build_options`), and the
    book fitted to them."""
    try:
        specs = read_manifest(root)
        runs = expand_runs(specs, edition_tables(fw), build_options(fw, profiles, previous))
    except ManifestError as exc:
        raise BuildError(str(exc)) from exc
    return runs, plan_book(root, runs)
