"""What one notebook run depends on, as hashes: the library code it imports and the data it
reads. The build re-runs a notebook only when one of these (or the notebook, its parameters,
the edition's metadata or the installed dependencies) changed.

Code: the `competency_framework` modules a notebook imports, followed through their own imports
(relative ones too), with each package's `__init__.py` and the data files beside each module.
A notebook (or module) that imports dynamically (`importlib`, `__import__`) or that cannot be
parsed depends on the whole package: a stale report is worse than a slow one.

Data (`reads` in the manifest): a list of names, each a table of the edition or a joined view
of `Framework`, optionally filtered on column values:

- tables: technology_areas, agencies, institutes, competencies, ksas, occupations,
  institute_occupations, essential_ksas;
- views: ksa_nodes, connections (essential_ksas with the institute's area and agency and the
  KSA's place in the tree), ksa_institutes (each institute's set of KSAs, with its area),
  selections;
- filters: `connections[area_id=additive]`, `essential_ksas[institute_id=alpha]`,
  several as `[a=x,b=y]`.

Each named slice is hashed as its rows sorted, so a change that leaves the slice's rows the
same (another institute's connections, the row order of a file) does not re-run the notebook.

Reference data the library reads from outside the package (the published figures, the NICE
components: `REFERENCE_DATA`) is part of every run's inputs. A module that starts reading
another folder must be added there.
"""

from __future__ import annotations

import ast
import hashlib
import json
import platform
import re
from collections.abc import Iterator
from functools import cache
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path

import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.paths import PACKAGE_DIR

PACKAGE = "competency_framework"
TABLES = ("technology_areas", "agencies", "institutes", "competencies", "ksas", "occupations",
          "institute_occupations", "essential_ksas")
VIEWS = ("ksa_nodes", "connections", "ksa_institutes", "selections")
SLICE = re.compile(r"^\s*([a-z_]+)\s*(?:\[(.*)\])?\s*$")
DYNAMIC = re.compile(r"\bimportlib\b|\b__import__\b")
# folders the library reads besides an edition: (module, attribute holding the folder)
REFERENCE_DATA = (("competency_framework.paths", "PUBLISHED_DIR"),
                  ("competency_framework.paths", "NICE_DIR"))
# the kernel's own packages: a new version may change what a notebook prints
KERNEL_PACKAGES = ("papermill", "ipykernel", "nbformat", "jupyter-client")


class ReadsError(ValueError):
    """A `reads` name the edition cannot answer; the message says which and why."""


def digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each length-prefixed (so ("ab", "c") and ("a", "bc") differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


# --- code -------------------------------------------------------------------------------------


def _module_file(name: str) -> Path | None:
    """The file of module `name` of the package, or None when it is not one."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _statements(nodes: list) -> Iterator[ast.AST]:
    """Every statement, nested ones included (an import is a statement: expressions, the most
    of a tree, need no visit)."""
    for node in nodes:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from _statements(getattr(node, name, None) or [])


def _imports(source: str, module: str = "", is_package: bool = False) -> set[str] | None:
    """The package modules `source` imports (None: dynamic imports, or not parseable)."""
    if DYNAMIC.search(source):
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {n for n in found if _module_file(n)}


@cache
def _module_imports(name: str) -> frozenset[str] | None:
    path = _module_file(name)
    if path is None:
        raise ValueError(f"{name} is not a module of the package")
    found = _imports(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    return None if found is None else frozenset(found)


def library_files(sources: list[str]) -> list[Path] | None:
    """The package files code made of `sources` depends on (None: the whole package)."""
    todo = _imports("\n".join(sources))
    if todo is None:
        return None
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.update(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages
        found = _module_imports(name)
        if found is None:
            return None
        todo.update(found - seen)
    files = {path for n in seen if (path := _module_file(n)) is not None}
    for folder in {f.parent for f in files}:  # data files beside the modules (styles, schemas)
        files.update(p for p in folder.iterdir()
                     if p.is_file() and p.suffix not in (".py", ".pyc"))
    return sorted(files)


def _files_digest(files: list[Path]) -> str:
    return digest(*(f"{p.relative_to(PACKAGE_DIR).as_posix()}\0".encode() + p.read_bytes()
                    for p in files))


def package_fingerprint() -> str:
    """Hash of every file of the package as installed (code, styles, templates)."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*")
                   if p.is_file() and p.suffix != ".pyc" and "__pycache__" not in p.parts)
    return _files_digest(files)


def notebook_code_sources(path: Path) -> list[str]:
    """A notebook's code cells, without IPython magics and shell lines (not Python)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    out = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        out.append("\n".join(line for line in source.splitlines()
                             if not line.lstrip().startswith(("%", "!"))))
    return out


def _sources_digest(sources: list[str]) -> str:
    files = library_files(sources)
    if files is None:
        return "package:" + package_fingerprint()
    return _files_digest(files)


def code_digest(notebook: Path) -> str:
    """Hash of the library code `notebook` imports (all of it when that cannot be told)."""
    return _sources_digest(notebook_code_sources(notebook))


def module_digest(module: str) -> str:
    """Hash of the library code importing `module` (a package module) loads."""
    return _sources_digest([f"import {module}"])


@cache
def environment_digest() -> str:
    """Python's version and the installed versions of the package's dependencies and of the
    kernel's packages."""
    names: list[str] = []
    try:
        for spec in requires("competency-framework") or []:
            if "extra ==" not in spec:
                names.append(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0])
    except PackageNotFoundError:
        pass
    found = {}
    for name in sorted({*names, *KERNEL_PACKAGES}):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = ""
    return digest(platform.python_version(), json.dumps(found, sort_keys=True))


def reference_digest() -> str:
    """Hash of every file of the reference data folders (absent folders count as empty)."""
    import importlib

    parts = []
    for module, attribute in REFERENCE_DATA:
        folder = Path(getattr(importlib.import_module(module), attribute))
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        parts += [f"{module}\0{p.relative_to(folder).as_posix()}\0".encode() + p.read_bytes()
                  for p in files]
    return digest(*parts)


# --- data -------------------------------------------------------------------------------------


def _slice(fw: Framework, name: str) -> pd.DataFrame:
    m = SLICE.match(name)
    if not m or m[1] not in TABLES + VIEWS:
        raise ReadsError(f"reads: {name!r} is not a table or view of the edition "
                         f"(one of {', '.join(TABLES + VIEWS)}, optionally [column=value])")
    frame: pd.DataFrame = getattr(fw, m[1])
    for condition in filter(None, (m[2] or "").split(",")):
        column, sep, value = (s.strip() for s in condition.partition("="))
        if not sep or column not in frame.columns:
            raise ReadsError(f"reads: {name!r}: {m[1]} has no column {column!r} "
                             f"(columns: {', '.join(frame.columns)})")
        frame = frame[frame[column].astype(str) == value]
    return frame


def data_digest(fw: Framework, reads: tuple[str, ...] | None,
                memo: dict[str, str] | None = None) -> str:
    """Hash of the data a run reads: the edition's metadata and each slice of `reads` (the
    whole edition when `reads` is None). `memo` caches slice hashes across runs."""
    meta = json.dumps([fw.edition, fw.provenance, fw.title], ensure_ascii=False)
    if reads is None:
        return digest(meta, fw.data_hash)
    memo = {} if memo is None else memo
    parts = [meta]
    for name in sorted(set(reads)):
        if name not in memo:
            frame = _slice(fw, name)
            frame = frame.astype(str).sort_values(list(frame.columns), kind="stable")
            memo[name] = digest(name, frame.to_csv(index=False, lineterminator="\n"))
        parts.append(memo[name])
    return digest(*parts)
