"""The package's layout keeps the data flow visible: each module imports only from its own stage
or an earlier one, and no module uses another's private (`_name`) names."""

from __future__ import annotations

import ast
from pathlib import Path

from competency_framework.paths import PACKAGE_DIR

PACKAGE = "competency_framework"
# the stages in the order data flows through them; cli drives them all
STAGES = ("base", "edition", "reference", "statistics", "audit", "present", "render", "build",
          "collect", "reconstruct", "cli")
# modules at the package's top: its entry points, and the base every stage may use
FACADE = {"__init__": "edition", "__main__": "cli", "paths": "base", "files": "base",
          "processes": "base", "archives": "base", "xlsx_writer": "base"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    first = module.split(".")[1] if "." in module else "__init__"
    return FACADE.get(first, first)


def modules() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p))
            for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def imports(tree: ast.Module) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every import of the package, nested ones too."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"line {node.lineno}: relative import; write it absolute")
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == PACKAGE:
            found.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names
                      if a.name.split(".")[0] == PACKAGE]
    return found


def layering_problems(trees: dict[str, ast.Module]) -> list[str]:
    problems = []
    for module, tree in trees.items():
        rank = STAGES.index(stage(module))
        aliases: dict[str, str] = {}  # local name -> module of the package it is bound to
        for line, target, names in imports(tree):
            where = f"{module} line {line}"
            if STAGES.index(stage(target)) > rank:
                problems.append(f"{where}: {stage(module)} imports {target} "
                                f"from the later stage {stage(target)}")
            for name in names:
                if name.startswith("_") and f"{target}.{name}" not in trees:
                    problems.append(f"{where}: imports the private name {name} from {target}")
                if f"{target}.{name}" in trees:
                    aliases[name] = f"{target}.{name}"
        for node in ast.walk(tree):
            if isinstance(node, ast.alias) and node.asname and node.name in aliases:
                aliases[node.asname] = aliases[node.name]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                problems.append(f"{module} line {node.lineno}: uses the private name "
                                f"{node.attr} of {aliases[node.value.id]}")
    return problems


def test_every_module_belongs_to_a_stage():
    assert {stage(m) for m in modules()} <= set(STAGES)


def test_modules_import_only_their_own_or_earlier_stages_and_no_private_names():
    assert layering_problems(modules()) == []


def test_the_check_finds_a_later_stage_and_a_private_name():
    trees = {
        "competency_framework.edition.load": ast.parse(
            "from competency_framework.render.site import _write\n"
            "from competency_framework.statistics import areas as ar\nar._memo\n"),
        "competency_framework.render.site": ast.parse(""),
        "competency_framework.statistics": ast.parse(""),
        "competency_framework.statistics.areas": ast.parse(""),
    }
    assert layering_problems(trees) == [
        "competency_framework.edition.load line 1: edition imports "
        "competency_framework.render.site from the later stage render",
        "competency_framework.edition.load line 1: imports the private name _write from "
        "competency_framework.render.site",
        "competency_framework.edition.load line 2: edition imports "
        "competency_framework.statistics from the later stage statistics",
        "competency_framework.edition.load line 3: uses the private name _memo of "
        "competency_framework.statistics.areas",
    ]
