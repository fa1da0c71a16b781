"""environment.yml (conda) and pyproject.toml (pip) pin the same dependencies, same versions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from paths import ROOT

# conda-only entries: the interpreter, Quarto (not on PyPI) and pip itself
CONDA_ONLY = {"python", "quarto", "pip"}
# conda-forge names that differ from the PyPI names, should a package move to the conda list
CONDA_TO_PYPI = {"playwright-python": "playwright", "ortools-python": "ortools"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for group in project.get("optional-dependencies", {}).values():
        specs += group
    pins: dict[str, str] = {}
    for spec in specs:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s;,]+)\s*", spec)
        assert m, f"pyproject.toml: {spec!r} is not pinned as NAME==VERSION"
        assert normalise(m[1]) not in pins, f"pyproject.toml lists {m[1]} twice"
        pins[normalise(m[1])] = m[2]
    return pins


def environment_pins() -> tuple[dict[str, str], dict]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins: dict[str, str] = {}
    conda_only: dict[str, str] = {}

    def add(name: str, ver: str) -> None:
        key = normalise(CONDA_TO_PYPI.get(name, name))
        assert key not in pins, f"environment.yml lists {name} twice"
        pins[key] = ver

    for item in env["dependencies"]:
        if isinstance(item, dict):
            for spec in item["pip"]:
                if spec.startswith("-e"):
                    continue
                m = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", spec)
                assert m, f"environment.yml pip entry {spec!r} is not pinned as NAME==VERSION"
                add(m[1], m[2])
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:=(\S+))?", item)
        assert m, f"environment.yml entry {item!r} is not NAME=VERSION"
        if m[1] in CONDA_ONLY:
            conda_only[m[1]] = m[2]
            continue
        assert m[2], f"environment.yml: {m[1]} is not pinned"
        add(m[1], m[2])
    return pins, conda_only


def test_every_dependency_and_version_agree():
    py, (env, _) = pyproject_pins(), environment_pins()
    assert set(env) - set(py) == set(), "only in environment.yml"
    assert set(py) - set(env) == set(), "only in pyproject.toml"
    differ = {n: (py[n], env[n]) for n in py if py[n] != env[n]}
    assert differ == {}, f"versions differ (pyproject, environment): {differ}"


def test_environment_python_and_quarto():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    _, conda_only = environment_pins()
    minimum = re.fullmatch(r">=\s*(\d+)\.(\d+)", project["requires-python"])
    assert minimum, project["requires-python"]
    major, minor = map(int, conda_only["python"].split(".")[:2])
    assert (major, minor) >= (int(minimum[1]), int(minimum[2]))
    assert conda_only.get("quarto"), "environment.yml pins Quarto, which renders the book"
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    pip = next(i["pip"] for i in env["dependencies"] if isinstance(i, dict))
    assert "-e ." in pip, "the project itself is installed into the conda environment"


def test_nothing_reads_outside_the_repository():
    """A clone of the repository alone has what the project reads: the external reference data
    is in data/external/, and no code, notebook or script looks for ../shared (only .ci/run,
    which installs tools, may; and the check of the transcribed figures against the source
    documents, which skips without them)."""
    from competency_framework.reconstruct.occupations import ONET_OCCUPATIONS, onet_codes
    from competency_framework.reference.nice import DEFAULT_NICE_DIR, load_nice_components

    root = Path(__file__).resolve().parents[1]
    for path in (DEFAULT_NICE_DIR, ONET_OCCUPATIONS):
        assert path.resolve().is_relative_to(root), path
    assert load_nice_components().version == "2.1.0"
    assert onet_codes()["Industrial Engineers"] == "17-2112.00"
    outside = re.compile(r"""\.\./shared|parents?\b[^\n]*["']shared["']""")
    found = [f"{p.relative_to(root)}:{n}"
             for folder in ("src", "notebooks", "scripts", "benchmarks", "tests")
             for p in sorted((root / folder).rglob("*"))
             if p.suffix in (".py", ".ipynb", ".lua", ".yml")
             and p.name not in (Path(__file__).name, "test_published.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if outside.search(line)]
    assert found == []
