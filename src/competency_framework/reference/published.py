"""The published figures: every number, list and table of the source documents, as typed entries.

`data/published/*.yaml` transcribes what the 2025 report (and the 2020 network piece) print;
the audit compares each entry with its recomputation. This module reads those files, checks
their shape (unique ids, required keys, values of the declared kind, known statistics) and
returns `Entry` objects. Format and conventions: `data/published/README.md`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from competency_framework.edition.contract import EDITION_NAME
from competency_framework.edition.problems import InputError, Problem
from competency_framework.paths import PUBLISHED_DIR

SOURCES: dict[str, str] = {
    "report_2025": "001_58beff37b35552b8.txt",
    "network_2020": "000_217abfb8e0676748.txt",
}
# The edition whose data each document's figures describe (the 2020 piece describes none: it
# is context). A file of figures published about another edition names its own `source` and
# `edition` in its header, and needs no seed.
SOURCE_EDITIONS: dict[str, str | None] = {"report_2025": "2025", "network_2020": None}
SOURCE_PATTERN = re.compile(r"^[a-z0-9_]+$")
KINDS = ("count", "percent", "money", "list", "table", "text")
COMPARISONS = ("greater_than",)
READINGS = (1, 2, 3, 4, 5, 6)  # the numbered readings of /work/brief-readings.md

# The statistic vocabulary: name -> (required params, optional params). The audit dispatches on it.
STATISTICS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    name: (frozenset(required), frozenset(optional))
    for name, required, optional in [
        ("institutes_total", (), ()),
        ("technology_areas_total", (), ()),
        ("agencies", (), ()),
        ("ksas_total", (), ()),
        ("connections_total", (), ()),
        ("competencies", ("tiers",), ()),
        ("competencies_with_ksas", ("tiers",), ()),
        ("foundational_tiers", (), ()),
        ("competency_tree", ("tiers", "columns"), ()),
        ("ksas_by_source_framework", ("frameworks",), ()),
        ("ksas_under_competency", ("code",), ()),
        ("ksas_crossing_areas", (), ()),
        ("ksas_shared_by_institutes", ("min_institutes",), ()),
        ("ksas_with_connections", ("min_connections",), ()),
        ("occupation_selections", (), ("min_institutes", "max_institutes")),
        ("occupation_titles", ("min_institutes",), ()),
        ("top_occupation_titles", ("n",), ()),
        ("top_ksas", ("n",), ()),
        ("area_institutes", (), ("area", "columns")),
        ("area_ksas_by_institute_count", ("area",),
         ("min_institutes", "max_institutes", "all_institutes", "specific", "tier")),
        ("area_connections_to_other_area", ("area", "other_area"), ()),
        ("area_frequent_specific_ksas", ("area",), ()),
        ("area_frequent_network_ksas", ("area",), ()),
    ]
}
PARAM_KINDS = {
    "min_institutes": "a positive integer", "max_institutes": "a positive integer",
    "min_connections": "a positive integer", "n": "a positive integer", "tier": "a tier (1-5)",
    "all_institutes": "true or false", "specific": "true or false", "code": "text",
    "tiers": "a list of tiers", "frameworks": "a list of texts", "columns": "a list of texts",
}
AREAS = ("biomanufacturing", "digital_automation", "electronics", "energy_processes", "materials")

REQUIRED = ("id", "source", "section", "location", "printed", "kind", "value")
OPTIONAL = ("numerator", "denominator", "implied", "comparison", "statistic", "params",
            "reading", "note", "derived_from")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same result, faster
ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


@dataclass(frozen=True)
class Entry:
    """One published number, list, table or text, with where it is printed and how it reads."""

    id: str
    source: str
    section: str
    location: str
    printed: str | None
    kind: str
    value: Any
    numerator: int | None = None
    denominator: int | None = None
    implied: tuple[str, ...] = ()
    comparison: str | None = None
    statistic: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    reading: int | None = None
    note: str | None = None
    derived_from: tuple[str, ...] = ()
    file: str = ""
    line: int = 0
    edition: str | None = None  # the edition whose data the figure describes (its file's)


def normalize_printed(text: str) -> str:
    """`text` as a reader sees it: markup removed, whitespace collapsed.

    Drops HTML tags (`<b>`, `<sup>`), emphasis asterisks, backslash escapes (`\\$`) and link
    targets (`[text](url)` -> `text`), unescapes entities (`&amp;`), and collapses every run of
    whitespace (tabs, newlines, non-breaking spaces) to one space. `printed` strings are
    compared with the seed documents after this normalisation.
    """
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!$])", r"\1", text)
    text = text.replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fits(kind: str, value: Any) -> bool:
    """Whether a statistic param's value is of the kind `PARAM_KINDS` names."""
    if kind == "a positive integer":
        return _is_int(value) and value > 0
    if kind == "a tier (1-5)":
        return _is_int(value) and 1 <= value <= 5
    if kind == "true or false":
        return isinstance(value, bool)
    if kind == "text":
        return isinstance(value, str) and bool(value)
    if kind == "a list of tiers":
        return isinstance(value, list) and bool(value) and all(_fits("a tier (1-5)", v)
                                                               for v in value)
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _entry_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """Line of each entry in a YAML file, and of each of its keys (1-based)."""
    root = yaml.compose(text, Loader=_LOADER)
    out: list[tuple[int, dict[str, int]]] = []
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, node in root.value:
        if key.value == "entries" and isinstance(node, yaml.SequenceNode):
            for item in node.value:
                keys = {}
                if isinstance(item, yaml.MappingNode):
                    keys = {k.value: k.start_mark.line + 1 for k, _ in item.value}
                out.append((item.start_mark.line + 1, keys))
    return out


def _value_problems(kind: str, value: Any) -> list[str]:
    """What is wrong with `value` for an entry of `kind` (empty when it fits)."""
    if kind in ("count", "money"):
        if not _is_int(value) or value < 0:
            return [f"value must be a non-negative integer for kind {kind}, got {value!r}"]
    elif kind == "percent":
        if not (_is_int(value) or isinstance(value, float)) or not 0 <= value <= 100:
            return [f"value must be a number from 0 to 100 for kind percent, got {value!r}"]
    elif kind == "text":
        if not isinstance(value, str) or not value:
            return [f"value must be non-empty text for kind text, got {value!r}"]
    elif kind == "list":
        if not isinstance(value, list) or not value:
            return ["value must be a non-empty list for kind list"]
        for i, item in enumerate(value, 1):
            if isinstance(item, Mapping) and "statement" in item:
                if not isinstance(item.get("statement"), str) or not item["statement"]:
                    return [f"item {i}: statement must be non-empty text"]
                if not re.fullmatch(r"[1-5](\.[0-9]+){1,2}", str(item.get("code", ""))):
                    return [f"item {i}: code {item.get('code')!r} is not a competency code"]
    elif kind == "table":
        if not isinstance(value, list) or not value:
            return ["value must be a non-empty list of rows for kind table"]
        if not all(isinstance(row, Mapping) for row in value):
            return ["every row of a table must be a mapping of column to cell"]
    return []


def _entry_problems(raw: Any, file: str, line: int, keys: dict[str, int],
                    sources: Mapping[str, object] = SOURCES) -> list[Problem]:
    """Every shape problem of one raw entry, located by file, line and key (`sources`: the
    documents its source may name)."""
    if not isinstance(raw, Mapping):
        return [Problem(file, line, "", "an entry must be a mapping of keys to values")]
    ident = raw.get("id", "?")

    def problem(key: str, message: str) -> Problem:
        return Problem(file, keys.get(key, line), key, f"entry {ident}: {message}")

    out = [problem(k, f"missing required key {k!r}") for k in REQUIRED if k not in raw]
    out += [problem(k, f"unknown key {k!r}") for k in raw if k not in REQUIRED + OPTIONAL]
    if "id" in raw and not (isinstance(ident, str) and ID_PATTERN.match(ident)):
        out.append(problem("id", "id must be a dotted lowercase slug like "
                                 "areas.materials.ksas_total"))
    if raw.get("source") not in sources:
        out.append(problem("source", f"source must be one of {', '.join(sources)}"))
    for key in ("section", "location"):
        if key in raw and not (isinstance(raw[key], str) and raw[key]):
            out.append(problem(key, f"{key} must be non-empty text"))
    printed = raw.get("printed")
    if printed is None:
        if "printed" in raw and not raw.get("derived_from"):
            out.append(problem("printed", "printed may be empty only when derived_from names the "
                                          "entries the value is computed from"))
    elif not isinstance(printed, str) or not printed:
        out.append(problem("printed", "printed must be the text as printed"))
    kind = raw.get("kind")
    if kind not in KINDS:
        out.append(problem("kind", f"kind must be one of {', '.join(KINDS)}, got {kind!r}"))
    elif "value" in raw:
        out += [problem("value", m) for m in _value_problems(kind, raw["value"])]
    for key in ("numerator", "denominator"):
        if key in raw:
            if kind != "percent":
                out.append(problem(key, f"{key} belongs to percent entries only"))
            elif not _is_int(raw[key]) or raw[key] < 0:
                out.append(problem(key, f"{key} must be a non-negative integer"))
    if _is_int(raw.get("numerator")) and _is_int(raw.get("denominator")):
        if raw["numerator"] > raw["denominator"]:
            out.append(problem("numerator", "numerator exceeds denominator"))
    implied = raw.get("implied", [])
    if not isinstance(implied, list) or any(
        k not in ("value", "numerator", "denominator") or k not in raw for k in implied
    ):
        out.append(problem("implied", "implied must list keys of this entry among value, "
                                      "numerator, denominator"))
    if "comparison" in raw:
        if kind not in ("count", "money"):
            out.append(problem("comparison", "comparison belongs to count and money entries"))
        elif raw["comparison"] not in COMPARISONS:
            out.append(problem("comparison", f"comparison must be one of {', '.join(COMPARISONS)}"))
    out += _statistic_problems(raw, problem)
    if "reading" in raw and raw["reading"] not in READINGS:
        out.append(problem("reading", f"reading must be one of {READINGS}"))
    if "note" in raw and not (isinstance(raw["note"], str) and raw["note"]):
        out.append(problem("note", "note must be non-empty text"))
    derived = raw.get("derived_from", [])
    if not isinstance(derived, list) or not all(isinstance(d, str) for d in derived):
        out.append(problem("derived_from", "derived_from must be a list of entry ids"))
    return out


def _statistic_problems(raw: Mapping, problem) -> list[Problem]:
    """Problems with an entry's statistic and params against the vocabulary."""
    if "statistic" not in raw:
        return [problem("params", "params without a statistic")] if "params" in raw else []
    name = raw["statistic"]
    if name not in STATISTICS:
        return [problem("statistic", f"unknown statistic {name!r}; the vocabulary is in "
                                     "published.STATISTICS and data/published/README.md")]
    params = raw.get("params", {})
    if not isinstance(params, Mapping):
        return [problem("params", "params must be a mapping")]
    required, optional = STATISTICS[name]
    out = [problem("params", f"statistic {name} needs param {p!r}") for p in sorted(required)
           if p not in params]
    out += [problem("params", f"statistic {name} takes no param {p!r}") for p in params
            if p not in required | optional]
    for key, value in params.items():
        kind = PARAM_KINDS.get(key)
        if kind is not None and not _fits(kind, value):
            out.append(problem("params", f"param {key} must be {kind}, got {value!r}"))
    for key in ("area", "other_area"):
        if key in params and raw.get("source") in SOURCES and params[key] not in AREAS:
            out.append(problem("params", f"{key} {params[key]!r} is not one of {', '.join(AREAS)}"))
    return out


def _to_entry(raw: Mapping, file: str, line: int, edition: str | None = None) -> Entry:
    return Entry(
        id=raw["id"], source=raw["source"], section=raw["section"], location=raw["location"],
        printed=raw["printed"], kind=raw["kind"], value=raw["value"],
        numerator=raw.get("numerator"), denominator=raw.get("denominator"),
        implied=tuple(raw.get("implied", ())), comparison=raw.get("comparison"),
        statistic=raw.get("statistic"), params=dict(raw.get("params", {})),
        reading=raw.get("reading"), note=raw.get("note"),
        derived_from=tuple(raw.get("derived_from", ())), file=file, line=line,
        edition=edition,
    )


def read_file(path: Path) -> tuple[list[Entry], list[Problem]]:
    """The entries of one published-figures file, and every problem found in it."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_LOADER)
        lines = _entry_lines(text)
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(name, 0, "", f"cannot read: {exc}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Problem(name, mark.line + 1 if mark else 0, "", f"not valid YAML: {exc}")]
    if not isinstance(data, Mapping) or not isinstance(data.get("entries"), list):
        return [], [Problem(name, 0, "", "the file must be a mapping with a list under 'entries'")]
    problems = []
    source, edition = data.get("source"), data.get("edition")
    sources: Mapping[str, object] = SOURCES
    if source in SOURCES:
        if data.get("seed") != SOURCES[source]:
            problems.append(Problem(name, 0, "seed", f"seed must be {SOURCES[source]}"))
        if edition is not None and str(edition) != SOURCE_EDITIONS[source]:
            problems.append(Problem(name, 0, "edition", f"{source} describes edition "
                                    f"{SOURCE_EDITIONS[source]}, not {edition!r}"))
        edition = SOURCE_EDITIONS[source]
    elif (isinstance(source, str) and SOURCE_PATTERN.match(source)
          and isinstance(edition, str | int) and not isinstance(edition, bool)
          and EDITION_NAME.fullmatch(str(edition))):
        sources, edition = {source: None}, str(edition)  # figures published about another edition
    else:
        problems.append(Problem(name, 0, "source", f"file source must be one of "
                                f"{', '.join(SOURCES)}, or a lowercase name of your own with "
                                "the edition the figures describe (edition: 2026)"))
        edition = None
    headings = data.get("sections")
    if headings is not None and not _is_headings(headings):
        problems.append(Problem(name, 0, "sections", "sections must map each printed section "
                                "heading to the heading the audit gives it (text to text)"))
        headings = None
    entries = []
    for raw, (line, keys) in zip(data["entries"], lines, strict=True):
        found = _entry_problems(raw, name, line, keys, sources)
        if not found and raw["source"] != data.get("source"):
            found.append(Problem(name, keys.get("source", line), "source",
                                 f"entry {raw['id']}: source differs from the file's source"))
        if not found and headings is not None and raw["section"] not in headings:
            found.append(Problem(name, keys.get("section", line), "section",
                                 f"entry {raw['id']}: section {raw['section']!r} is not among "
                                 "the file's sections"))
        problems += found
        if not found:
            entries.append(_to_entry(raw, name, line, edition))
    return entries, problems


def _is_headings(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and k and isinstance(v, str) and v for k, v in value.items())


def load_sections(folder: str | Path = PUBLISHED_DIR) -> dict[str, dict[str, str]]:
    """Per document (its source), the sections that print its figures in printed order, each
    with the plain heading the audit gives it (a file's `sections`; none when it has none).
    `read_file` checks them."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        if isinstance(data, Mapping) and _is_headings(data.get("sections")):
            out[str(data.get("source"))] = {str(k): str(v) for k, v in data["sections"].items()}
    return out


def described_editions(entries: Iterable[Entry]) -> list[str]:
    """The editions whose data `entries` describe, sorted."""
    return sorted({e.edition for e in entries if e.edition is not None})


def load_published(folder: str | Path = PUBLISHED_DIR) -> list[Entry]:
    """Every entry of every `*.yaml` file in `folder`, validated; file order, then entry order.

    Raises `InputError` listing every problem (file, line, key, entry id) when any entry is
    malformed, an id repeats, or `derived_from` names an unknown id.
    """
    folder = Path(folder)
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise InputError([Problem(str(folder), 0, "", "no published-figures *.yaml files")],
                         str(folder))
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path in paths:
        found, file_problems = read_file(path)
        entries += found
        problems += file_problems
    seen: dict[str, Entry] = {}
    for e in entries:
        if e.id in seen:
            first = seen[e.id]
            problems.append(Problem(e.file, e.line, "id", f"entry {e.id}: id already used in "
                                                         f"{first.file} line {first.line}"))
        seen.setdefault(e.id, e)
    for e in entries:
        problems += [Problem(e.file, e.line, "derived_from", f"entry {e.id}: unknown id {d!r}")
                     for d in e.derived_from if d not in seen]
    letters = {i["letter"] for e in entries if e.kind == "list" for i in e.value
               if isinstance(i, Mapping) and i.get("letter")}
    for e in entries:
        for item in e.value if e.kind == "list" else ():
            for key in ("same_as", "possibly_same_as"):
                if isinstance(item, Mapping) and key in item and item[key] not in letters:
                    problems.append(Problem(e.file, e.line, "value", f"entry {e.id}: {key} "
                                            f"{item[key]!r} is not a lettered top KSA"))
    if problems:
        raise InputError(problems, str(folder))
    return entries


@dataclass(frozen=True)
class PublishedKsa:
    """One KSA the report prints, with its code and every list that prints it."""

    code: str
    statement: str
    lists: tuple[str, ...]
    letter: str | None = None  # A-J when it is one of the most highly selected KSAs
    variants: tuple[str, ...] = ()  # other printed wordings of the same KSA (`same_as`)
    possibly_same_as: str | None = None  # letter of a top KSA it probably abbreviates


def ksa_statements(entries: list[Entry]) -> list[PublishedKsa]:
    """Every distinct KSA printed in a KSA list, in first-printed order.

    Items marked `same_as: <letter>` are merged into that top KSA (their wording kept in
    `variants`); items marked `possibly_same_as` stay separate, for the reader to decide.
    """
    lists = [e for e in entries if e.kind == "list"
             and all(isinstance(i, Mapping) and "statement" in i for i in e.value)]
    lettered = {i["letter"]: (i["code"], i["statement"])
                for e in lists for i in e.value if i.get("letter")}
    found: dict[tuple[str, str], dict] = {}
    for e in lists:
        for item in e.value:
            key = lettered.get(item.get("same_as"), (item["code"], item["statement"]))
            seen = found.setdefault(key, {"lists": [], "letter": None, "variants": [],
                                          "possibly": None})
            if e.id not in seen["lists"]:
                seen["lists"].append(e.id)
            seen["letter"] = seen["letter"] or item.get("letter")
            if item["statement"] != key[1] and item["statement"] not in seen["variants"]:
                seen["variants"].append(item["statement"])
            seen["possibly"] = seen["possibly"] or item.get("possibly_same_as")
    return [PublishedKsa(code, statement, tuple(v["lists"]), v["letter"], tuple(v["variants"]),
                         v["possibly"])
            for (code, statement), v in found.items()]


def entry(id: str, folder: str | Path = PUBLISHED_DIR) -> Entry:
    """The entry with this id (KeyError naming the id when there is none)."""
    for e in load_published(folder):
        if e.id == id:
            return e
    raise KeyError(f"no published entry with id {id!r} in {folder}")
