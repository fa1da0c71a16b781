"""Check an edition folder against the data contract, collecting every problem at once.

`inspect_edition` reads each file once and returns its problems with what it could read;
`edition_problems` is the problems alone; `load.load_edition` builds the `Framework` from an
inspection that found no error. Every problem names its file, its row as a spreadsheet counts
it (the header is row 1; 0 is the whole file) and its column.

How: this module checks the descriptor against the contract, and the rows against the
contract's Table Schemas (required, pattern, enum, integer range, primary and foreign keys),
vectorised with pandas over each column's distinct values; on request (the validate command)
frictionless also checks the descriptor against the Data Package standard, as warnings.
On a synthetic edition 1,000 times the 2025 size (1.25 million connections, 52 MB) loading and
checking takes 4-8 s on a shared 2-core machine; frictionless's own row-by-row validation took
60 s (0.6 GB) there, and 3 s on the five-row test edition, 2-5 s of which is importing its JSON
Schema validator.

What is an error and what is kept:

- Errors: whatever docs/data-contract.md forbids; a file that is a symbolic link (refused, not
  followed: it could lead out of the folder), a folder, a FIFO or a device; a file that is not
  UTF-8 (located at its first undecodable byte); a file over 200 MB (refused unread); a quoted
  cell never closed; a row with more cells than the header; an empty row between rows; a
  required cell holding only spaces; a control character (U+0000-U+001F but tab, line feed
  and carriage return; U+007F); a header cell that is empty or repeated.
- Kept byte-exact as data: cells starting with =, +, - or @; HTML, Markdown or Typst markup;
  line breaks inside a quoted cell (identifiers and codes refuse them through their patterns,
  free text keeps them); spaces around free text. `competency_framework.present.escape` makes such
  text safe where it is shown. A UTF-8 byte-order mark is accepted (and is not data).
- Tolerated: columns in any order; a row with fewer cells than the header (the missing cells
  are empty, as a spreadsheet shows them); empty rows at the end of a file.
- A check lists at most 20 rows of one column, then one line counting the rest.
- A message shows a value from the input only through `problems.quote` or `problems.printable`:
  at most 40 characters, with control, NUL and bidi characters escaped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from competency_framework.edition.contract import (
    CODE_PATTERN,
    EDITION_NAME,
    LEVELS,
    PROVENANCES,
    SLUG_PATTERN,
    TABLES,
    TABLES_BY_NAME,
)
from competency_framework.edition.contract import Field as ContractField
from competency_framework.edition.contract import Table as ContractTable
from competency_framework.edition.framework import Network
from competency_framework.edition.problems import InputError, Problem, printable, quote

DESCRIPTOR = "datapackage.json"
REWRITE = "python -m competency_framework validate <folder> --write-descriptor"
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS_PER_CHECK = 20
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # both exist on POSIX
SHA256 = re.compile(r"sha256:[0-9a-fA-F]{64}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
INTEGER = re.compile(r"-?[0-9]+")
LEADING_ZERO = re.compile(r"\.0[0-9]")
PATTERN_MEANING = {
    SLUG_PATTERN: "an identifier (lowercase letters, digits and _ only)",
    CODE_PATTERN: "a competency code such as 4, 4.2 or 4.2.5",
}
FOREIGN_KEY_ADVICE = {
    ("essential_ksas", "institute_occupations"): (
        "every connection belongs to an occupation selection: add the selection there or "
        "correct this row"
    ),
}
PARENT_LEVEL = {"competency": "tier", "sub_competency": "competency"}


@dataclass
class Inspection:
    """What checking an edition found: every problem, and what could be read.

    `tables` holds, per readable table, the contract columns its file has, as str objects; row
    index i is spreadsheet row i + 2 (rows that could not be read are left out).
    `files` holds the bytes read, by file name.
    """

    problems: list[Problem] = field(default_factory=list)
    descriptor: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def edition_problems(
    folder: Path, *, verify_hash: bool = True, standard: bool = False
) -> list[Problem]:
    """Every way the edition in `folder` breaks the contract, sorted (empty when it is valid).

    Hash mismatches are warnings when `verify_hash` is false, errors otherwise. With
    `standard`, frictionless also checks the descriptor against the Data Package standard
    (warnings; see `_standard_problems`).
    """
    return inspect_edition(folder, verify_hash=verify_hash, standard=standard).problems


def inspect_edition(
    folder: Path, *, verify_hash: bool = True, standard: bool = False
) -> Inspection:
    """Read and check every file of the edition in `folder`; never raises on bad input."""
    folder = Path(folder)
    found = Inspection()
    if not folder.is_dir():
        found.problems.append(
            Problem(str(folder), 0, "", "not a folder; give the edition's folder, the one "
                    "holding datapackage.json")
        )
        return found
    hashes = _read_descriptor(folder, found, standard)
    for table in TABLES:
        frame, problems = inspect_table(folder / table.filename, table, found.files)
        found.problems += problems
        if frame is not None:
            found.tables[table.name] = frame
    found.problems += _hash_problems(hashes, found.files, verify_hash)
    for table in TABLES:
        if table.name in found.tables:
            found.problems += _reference_problems(table, found.tables)
            found.problems += _constraint_problems(
                table, found.tables[table.name], descriptor_constraints(found.descriptor, table))
            found.problems += _left_out_problems(table, found.tables[table.name],
                                                 found.descriptor)
    found.problems += _unconnected_ksa_problems(found.tables)
    found.problems += _tier_ksa_problems(found.tables)
    if "competencies" in found.tables:
        found.problems += _tree_problems(found.tables["competencies"])
    found.problems.sort()
    return found


def inspect_table(
    path: Path, table: ContractTable, files: dict[str, bytes] | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one table and check it on its own: encoding, CSV shape, header, cells, primary key.

    Returns the frame (see `Inspection.tables`; None when the file cannot be read) and the
    problems. The bytes read are stored in `files` under the file name when it is given.
    """
    problems: list[Problem] = []
    name = table.filename
    data = _read_bytes(Path(path), name, problems, "every edition has all eight tables")
    if data is None:
        return None, problems
    if files is not None:
        files[name] = data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return None, [_encoding_problem(name, data, err)]
    if not text.strip():
        expected = ",".join(table.needed_columns)
        return None, [Problem(name, 1, "", f"file is empty; it needs its header row: {expected}")]
    raw = _parse_csv(name, data, text, problems)
    if raw is None:
        return None, problems
    header = [str(h) for h in raw.iloc[0]]
    problems += _header_problems(table, header)
    body = raw.iloc[1:]
    body.index = body.index - 1
    body, blank_problems = _without_empty_rows(name, body)
    problems += blank_problems
    first: dict[str, int] = {}
    for i, h in enumerate(header):
        first.setdefault(h, i)
    present = [c for c in table.columns if c in first]
    frame = body.iloc[:, [first[c] for c in present]]
    frame.columns = present
    left_out = [f.name for f in table.fields if f.omittable and f.name not in first]
    frame = frame.assign(**dict.fromkeys(left_out, ""))  # a column left out reads as empty
    frame = frame[[c for c in table.columns if c in frame.columns]]
    frame.attrs["left_out"] = left_out
    problems += _cell_problems(table, frame)
    problems += _key_problems(table, frame)
    return frame, problems


def read_edition_file(folder: Path, name: str) -> bytes:
    """The bytes of file `name` of the edition in `folder`, read as the validator reads it.

    Raises `InputError` when it is missing, a symbolic link, not a regular file or too large.
    """
    problems: list[Problem] = []
    data = _read_bytes(Path(folder) / name, name, problems, "every edition has all eight "
                       "tables and datapackage.json")
    if data is None:
        raise InputError(problems, str(folder))
    return data


# ---------------------------------------------------------------- reading


def _read_bytes(path: Path, name: str, problems: list[Problem], why: str) -> bytes | None:
    """The bytes of the regular file `path`, or None with the problem appended.

    A symbolic link is refused, not followed (it could lead out of the folder, to a secret or
    to /proc), and so is anything that is not a regular file (a folder, a FIFO, a device): it is
    opened without following a link and without blocking, and checked by what was opened.
    """
    try:
        fd = os.open(path, os.O_RDONLY | NO_FOLLOW)
    except FileNotFoundError:
        problems.append(Problem(name, 0, "", f"file is missing; {why}"))
        return None
    except OSError as err:
        if path.is_symlink():
            problems.append(Problem(name, 0, "", "is a symbolic link; an edition's files must "
                                    "be regular files inside its folder: copy the file in"))
        elif path.is_dir():
            problems.append(Problem(name, 0, "", "is a folder, not a file"))
        else:
            problems.append(Problem(name, 0, "", f"cannot be read: {err.strerror}"))
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        problems.append(Problem(name, 0, "", "is a folder, not a file" if stat.S_ISDIR(
            info.st_mode) else "is not a regular file (a FIFO, socket or device); an edition's "
            "files are ordinary files"))
        return None
    if info.st_size > MAX_FILE_BYTES:
        os.close(fd)
        problems.append(
            Problem(name, 0, "", f"file is {info.st_size / 2**20:,.0f} MB, more than the "
                    f"{MAX_FILE_BYTES // 2**20} MB any edition needs; is it the right file?")
        )
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            return fh.read()
        except OSError as err:
            problems.append(Problem(name, 0, "", f"cannot be read: {err.strerror}"))
            return None


def _encoding_problem(name: str, data: bytes, err: UnicodeDecodeError) -> Problem:
    """Where a file stops being UTF-8: the row and column of its first undecodable byte."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return Problem(name, 0, "", "file is UTF-16 text, not UTF-8; save it as CSV UTF-8")
    message = (
        f"not UTF-8 text: byte 0x{data[err.start]:02X} cannot be decoded (the first such byte "
        "in the file); save the file as CSV UTF-8"
    )
    marker = "\ufdd0"  # a noncharacter: stands for the bad byte while the rows are counted
    try:
        prefix = data[: err.start].decode("utf-8-sig")
        records = list(csv.reader(io.StringIO(prefix + marker, newline="")))
    except (UnicodeDecodeError, csv.Error):
        return Problem(name, 0, "", message)
    row = len(records)
    where = next((i for i, cell in enumerate(records[-1]) if marker in cell), None)
    column = ""
    if row > 1 and where is not None and where < len(records[0]):
        column = printable(records[0][where])
    return Problem(name, row, column, message)


def _parse_csv(
    name: str, data: bytes, text: str, problems: list[Problem]
) -> pd.DataFrame | None:
    """Every record of the file as strings (row 0 is the header), or None when unreadable.

    pandas's C parser reads well-formed files fast; a file it refuses is read again with the
    csv module, which locates each row with too many cells.
    """
    try:
        return pd.read_csv(
            io.BytesIO(data), header=None, dtype=object, na_filter=False,
            skip_blank_lines=False, encoding="utf-8-sig", engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        unclosed = re.search(r"EOF inside string starting at row (\d+)", str(err))
        if unclosed:
            problems.append(
                Problem(name, int(unclosed[1]) + 1, "", 'a quoted cell starts in this row and '
                        'is never closed; add the closing " (or remove the opening one)')
            )
            return None
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        if "field limit" in str(err):
            message = (f"a cell in this row is longer than {csv.field_size_limit():,} "
                       "characters; is it the right file?")
        else:
            message = f"cannot be read as CSV ({err}); check the quotes in this row"
        problems.append(Problem(name, len(records) + 1, "", message))
        return None
    if not records[0]:
        problems.append(Problem(name, 1, "", "the first row is empty; the header must be the "
                                "first row"))
        return None
    width = len(records[0])
    long_rows = [(i, len(r)) for i, r in enumerate(records) if len(r) > width]
    problems += _capped(
        name, "", [i + 1 for i, _ in long_rows],
        (f"row has {n} cells but the header has {width}; remove the extra cells, or put "
         "quotes around a value that contains a comma" for _, n in long_rows),
    )
    kept = [i for i, r in enumerate(records) if len(r) <= width]  # long rows are not checked
    return pd.DataFrame([records[i] + [""] * (width - len(records[i])) for i in kept],
                        index=kept, dtype=object)


def _header_problems(table: ContractTable, header: list[str]) -> list[Problem]:
    name = table.filename
    unnamed, repeated, unknown = [], [], []
    seen: set[str] = set()
    in_header = set(header)
    for i, h in enumerate(header, start=1):
        if not h.strip():
            unnamed.append(Problem(name, 1, "", f"column {i} has no name in the header; name it "
                                   "or delete the column"))
        elif h in seen:
            repeated.append(Problem(name, 1, printable(h), "column appears twice; keep one"))
        elif h not in table.columns:
            guess = re.sub(r"[\s-]+", "_", h.strip().lstrip("\ufeff").strip().lower())
            if guess in table.columns and guess not in in_header:
                advice = f"did you mean {guess!r}?"
            else:
                advice = f"the columns of {name} are {', '.join(table.columns)}"
            unknown.append(Problem(name, 1, printable(h), f"unknown column; {advice}"))
        seen.add(h)
    missing = [Problem(name, 1, c, f"column is missing; add a column headed {c!r}")
               for c in table.needed_columns if c not in in_header]
    return [*_capped_kind(unnamed, "columns without a name"),
            *_capped_kind(repeated, "repeated columns"),
            *_capped_kind(unknown, "unknown columns"), *missing]


def _without_empty_rows(name: str, body: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """`body` without its empty rows; those after the last row with data are dropped
    silently, the others reported."""
    if body.empty or body.shape[1] == 0:
        return body, []
    candidates = body[body.iloc[:, 0].eq("")]
    empty = candidates.index[(candidates.to_numpy() == "").all(axis=1)].tolist()
    if not empty:
        return body, []
    with_data = body.index.difference(empty)
    last = with_data.max() if len(with_data) else -1
    inside = [i for i in empty if i < last]
    problems = _capped(name, "", [i + 2 for i in inside], ["row is empty; delete it"] * len(inside))
    return body.drop(index=empty), problems


def _capped(file: str, column: str, rows: list[int], messages: Iterable[str]) -> list[Problem]:
    """The problems of one check in one column: the first rows, then one line for the rest.

    `messages` go with `rows` in order; only the first few are made (pass a generator).
    """
    n = MAX_ROWS_PER_CHECK
    out = [Problem(file, int(r), column, m) for r, m in zip(rows[:n], messages, strict=False)]
    if len(rows) > n:
        out.append(
            Problem(file, int(rows[n]), column, f"and {len(rows) - n:,} more rows like the ones "
                    f"above, from here to row {int(rows[-1])}; only the first {n} are listed")
        )
    return out


def _capped_kind(problems: list[Problem], what: str) -> list[Problem]:
    """Problems of one kind not tied to rows (header cells, descriptor entries, tree nodes):
    the first few as they sort, then one line counting the rest, placed where the first one
    left out would be."""
    n = MAX_ROWS_PER_CHECK
    if len(problems) <= n:
        return problems
    problems = sorted(problems)
    rest = problems[n]
    return [*problems[:n], Problem(rest.file, rest.row, rest.column, f"and {len(problems) - n:,} "
                                   f"more {what} like the ones above; only the first {n} are "
                                   "listed")]


# ---------------------------------------------------------------- the descriptor


def _read_descriptor(folder: Path, found: Inspection, standard: bool) -> dict[str, object]:
    """Read and check `datapackage.json`; returns each described table's `hash` value."""
    problems = found.problems
    data = _read_bytes(
        folder / DESCRIPTOR, DESCRIPTOR, problems,
        f"write it with `{REWRITE}`",
    )
    if data is None:
        return {}
    found.files[DESCRIPTOR] = data
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems.append(Problem(DESCRIPTOR, line, "", f"not UTF-8 text: byte "
                                f"0x{data[err.start]:02X} cannot be decoded; save it as UTF-8"))
        return {}
    except json.JSONDecodeError as err:
        problems.append(Problem(DESCRIPTOR, err.lineno, "", f"not valid JSON: {err.msg} at "
                                f"line {err.lineno}, column {err.colno}; fix the syntax"))
        return {}
    except RecursionError:
        problems.append(Problem(DESCRIPTOR, 0, "", "not valid JSON: nested too deeply"))
        return {}
    if not isinstance(meta, dict):
        problems.append(Problem(DESCRIPTOR, 0, "", "must be a JSON object with edition, "
                                "provenance and resources"))
        return {}
    found.descriptor = meta
    resources = _descriptor_problems(meta, problems)
    if standard:
        problems += _standard_problems(meta, resources)
    return {name: res.get("hash") for name, res in resources.items()}


def _network_problems(network: object, bad: Callable[[str, str], None]) -> None:
    """The optional `network` property: an object of the words the report uses for the
    network, its institutes and their sponsors, each a non-empty line of text."""
    if network is None:
        return
    if not isinstance(network, dict):
        bad("network", f"{quote(network)} is not an object: give the network's words, e.g. "
            '{"name": "Manufacturing USA", "sponsor": "federal department"}, or leave it out')
        return
    for key, value in network.items():
        if key not in Network.FIELDS:
            bad(f"network.{printable(str(key))}", "not a property the report reads: use "
                + ", ".join(Network.FIELDS))
        elif (not isinstance(value, str) or not value.strip() or "\x00" in value
              or (key != "description" and "\n" in value)):
            bad(f"network.{key}", f"{quote(value)} is not a word or phrase: give non-empty "
                "text on one line (the description may run to several), or leave it out")


def _descriptor_problems(meta: dict[str, Any],
                         problems: list[Problem]) -> dict[str, dict[str, Any]]:
    """Check edition, provenance and the resources against the contract; returns the resources
    that describe contract tables, by name."""

    def bad(column: str, message: str) -> None:
        problems.append(Problem(DESCRIPTOR, 0, column, message))

    edition = meta.get("edition")
    if edition is None or edition == "":
        bad("edition", 'missing; name the edition, e.g. "edition": "2025"')
    elif (isinstance(edition, bool) or not isinstance(edition, str | int)
          or not EDITION_NAME.fullmatch(str(edition))):
        bad("edition", f"{quote(edition)} is not an edition name: use letters, digits, '.', '_' "
            "and '-', e.g. \"2025\"")
    provenance = meta.get("provenance")
    if provenance is None:
        bad("provenance", 'missing; say "collected" or "reconstructed"')
    elif not isinstance(provenance, str) or provenance not in PROVENANCES:
        bad("provenance", f"{quote(provenance)} is not a provenance: use \"collected\" (the "
            "institutes' submissions) or \"reconstructed\"")
    previous = meta.get("previous")
    if previous is not None and (not isinstance(previous, str) or not previous.strip()
                                 or "\x00" in previous):
        bad("previous", f"{quote(previous)} is not a folder: name the previous edition's folder, "
            'relative to this one (e.g. "previous": "../2025"), or leave the property out')
    _network_problems(meta.get("network"), bad)
    resources = meta.get("resources")
    if not isinstance(resources, list):
        bad("resources", "missing; list one resource per table of the data contract "
            f"(`{REWRITE}` writes them)")
        return {}
    described: dict[str, dict[str, Any]] = {}
    unnamed: list[Problem] = []
    unknown: list[Problem] = []
    for i, res in enumerate(resources):
        name = res.get("name") if isinstance(res, dict) else None
        if not isinstance(name, str):
            unnamed.append(Problem(DESCRIPTOR, 0, f"resources[{i}]", "a resource needs a name: "
                                   "one of the contract's tables"))
        elif name not in TABLES_BY_NAME:
            unknown.append(Problem(DESCRIPTOR, 0, f"resources.{printable(name)}", "not a table of "
                                   f"the data contract; remove it (the tables are "
                                   f"{', '.join(TABLES_BY_NAME)})"))
        elif name in described:
            bad(f"resources.{name}", "described twice; keep one")
        else:
            described[name] = res
    problems += _capped_kind(unnamed, "resources without a name")
    problems += _capped_kind(unknown, "resources that are not tables of the contract")
    for table in TABLES:
        label = f"resources.{table.name}"
        res = described.get(table.name)
        if res is None:
            bad(label, f"missing; describe {table.filename} (`{REWRITE}` writes it)")
            continue
        if res.get("path") != table.filename:
            bad(f"{label}.path", f"{quote(res.get('path'))} should be {table.filename!r}")
        schema = res.get("schema")
        if not isinstance(schema, dict):
            bad(f"{label}.schema", "missing; use the contract's Table Schema "
                f"(`{REWRITE}` writes it)")
            continue
        for key, message in _reading_differences(res, schema):
            bad(f"{label}.{key}", f"{message}; correct it, or rewrite the descriptor with "
                f"`{REWRITE}`")
        for key, message in _schema_differences(schema, table):
            bad(f"{label}.schema.{key}", f"{message}; correct it, or rewrite the descriptor "
                f"with `{REWRITE}`")
    return described


def _keys(value: object) -> tuple[str, ...] | None:
    """A Table Schema key's fields (a name or a list of names) as a tuple; None when it is
    neither."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _foreign_keys(schema: dict[str, Any], own: str
                  ) -> set[tuple[tuple[str, ...], str, tuple[str, ...]]] | None:
    """A schema's foreign keys in a form that compares equal when they mean the same (a
    reference to "" is one to the table itself); None when they cannot be read."""
    value = schema.get("foreignKeys", [])
    if not isinstance(value, list):
        return None
    out = set()
    for fk in value:
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(ref, dict) or not isinstance(ref.get("resource"), str):
            return None
        fields, target = _keys(fk.get("fields")), _keys(ref.get("fields"))
        if fields is None or target is None:
            return None
        out.add((fields, ref["resource"] or own, target))
    return out


# Field properties that change nothing about how a cell reads (besides name, type and
# constraints, compared on their own), and those that do, with the value the contract means.
HARMLESS_FIELD_KEYS = ("name", "type", "title", "description", "example", "rdfType",
                       "constraints")
READING_FIELD_KEYS = {"format": "default", "bareNumber": True, "groupChar": "",
                      "decimalChar": ".", "trueValues": None, "falseValues": None}
# How the contract's files read: a resource or schema that says otherwise describes other files
READING_DEFAULTS = {"missingValues": [""], "encoding": "utf-8"}
DIALECT_DEFAULTS = {"delimiter": ",", "header": True, "quoteChar": '"', "doubleQuote": True,
                    "skipInitialSpace": False, "headerRow": 1}
DIALECT_HARMLESS = ("lineTerminator", "csvddfVersion", "caseSensitiveHeader")


def _reading_differences(res: dict[str, Any], schema: dict[str, Any]) -> list[tuple[str, str]]:
    """Where a resource says its file reads otherwise than the contract's files do: missing
    values, encoding, CSV dialect (part, message)."""
    out = []
    missing = schema.get("missingValues", [""])
    if missing != [""]:
        out.append(("schema.missingValues", f"is {quote(missing)}; the contract reads only an "
                    'empty cell as missing ([""])'))
    encoding = res.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower().replace("_", "-") not in (
            "utf-8", "utf8", "utf-8-sig"):
        out.append(("encoding", f"is {quote(encoding)}; the contract's files are UTF-8"))
    dialect = res.get("dialect", {})
    if not isinstance(dialect, dict):
        return [*out, ("dialect", "must be an object")]
    for key, value in _not_the_contract_s(dialect, DIALECT_HARMLESS, DIALECT_DEFAULTS):
        out.append((f"dialect.{key}", f"is {quote(value)}; the contract's files are "
                    "comma-separated with one header row and double quotes"))
    return out


def _not_the_contract_s(properties: dict[str, Any], harmless: Iterable[str],
                        meant: dict[str, Any]) -> list[tuple[str, Any]]:
    """The (key, value) of `properties` that are neither `harmless` nor the value the contract
    means by them (`meant`)."""
    return [(k, v) for k, v in properties.items()
            if k not in harmless and (k not in meant or v != meant[k])]


def _schema_differences(schema: dict[str, Any], table: ContractTable
                        ) -> list[tuple[str, str]]:
    """Where a resource's Table Schema means something other than the contract's (part,
    message). Equivalent forms are accepted, as the Table Schema standard reads them: titles
    and descriptions, a key given as a name or a list, a reference to itself as "" or by its
    name, a field's type left out for a string, properties given their default value, and
    constraints: the contract's own are checked on the data whatever the descriptor says, and
    any the descriptor adds are checked on the data too (`descriptor_constraints`). A foreign
    key the descriptor leaves out is checked all the same."""
    out = []
    fields = schema.get("fields")
    if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
        return [("fields", "must be a list of field descriptors")]
    names = [f.get("name") for f in fields]
    described = [f for f in table.fields if f.name in names or not f.omittable]
    if names != [f.name for f in described]:
        out.append(("fields", f"names the fields {', '.join(map(str, names))}; the contract's "
                    f"are {', '.join(table.columns)}, in that order"
                    + "".join(f" ({f.name} may be left out)" for f in table.fields
                              if f.omittable)))
    else:
        for f, mine in zip(fields, described, strict=True):
            kind = f.get("type", "string")
            if kind != mine.type:
                out.append((f"fields.{mine.name}.type", f"is {quote(kind)}; the contract's "
                            f"is {mine.type!r}"))
            if not isinstance(f.get("constraints", {}), dict):
                out.append((f"fields.{mine.name}.constraints", "must be an object"))
            for key, value in _not_the_contract_s(f, HARMLESS_FIELD_KEYS, READING_FIELD_KEYS):
                out.append((f"fields.{mine.name}.{key}", f"is {quote(value)}: it changes "
                            "how the cells read; the contract reads them as written"))
    if _keys(schema.get("primaryKey")) != table.primary_key:
        out.append(("primaryKey", f"is {quote(schema.get('primaryKey'))}; the contract's is "
                    f"{', '.join(table.primary_key)}"))
    theirs = _foreign_keys(schema, table.name)
    ours = _foreign_keys(table.schema(), table.name) or set()
    if theirs is None:
        out.append(("foreignKeys", "must be a list of foreign keys, each with fields and a "
                    "reference to a resource by name"))
    elif theirs - ours:
        out.append(("foreignKeys", "has foreign keys the contract does not: " + "; ".join(
            printable(f"{', '.join(f)} -> {r}({', '.join(t)})", 200)
            for f, r, t in sorted(theirs - ours))))
    return out


# the Table Schema constraints the validator can check on a column of text cells
CHECKED_CONSTRAINTS = ("required", "unique", "pattern", "enum", "minLength", "maxLength",
                       "minimum", "maximum")


def _described_fields(descriptor: dict[str, Any], table: ContractTable) -> list[Any] | None:
    """The field descriptors of `table`'s schema in the descriptor (None where it has none)."""
    resources = descriptor.get("resources")
    res = next((r for r in resources if isinstance(r, dict) and r.get("name") == table.name),
               None) if isinstance(resources, list) else None
    schema = res.get("schema") if isinstance(res, dict) else None
    fields = schema.get("fields") if isinstance(schema, dict) else None
    return fields if isinstance(fields, list) else None


def _left_out_problems(table: ContractTable, frame: pd.DataFrame,
                       descriptor: dict[str, Any]) -> list[Problem]:
    """A column the file may leave out must be in the descriptor's schema exactly when it is
    in the file."""
    fields = _described_fields(descriptor, table)
    if fields is None:
        return []
    named = {f["name"] for f in fields
             if isinstance(f, dict) and isinstance(f.get("name"), str)}
    out = []
    for f in table.fields:
        if not f.omittable or (f.name in named) == (f.name not in frame.attrs["left_out"]):
            continue
        where = ("lists it but the file has no such column" if f.name in named else
                 "leaves it out but the file has the column")
        out.append(Problem(DESCRIPTOR, 0, f"resources.{table.name}.schema.fields",
                           f"{f.name}: the schema {where}; `{REWRITE}` writes it anew"))
    return out


def descriptor_constraints(descriptor: dict[str, Any], table: ContractTable
                           ) -> dict[str, dict[str, Any]]:
    """The constraints the descriptor's schema of `table` puts on each field beyond the
    contract's own (by field name)."""
    fields = _described_fields(descriptor, table)
    if fields is None:
        return {}
    ours = {f.name: f.schema().get("constraints", {}) for f in table.fields}
    out = {}
    for f in fields:
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or f["name"] not in ours:
            continue
        theirs = f.get("constraints")
        if isinstance(theirs, dict):
            extra = {k: v for k, v in theirs.items() if ours[f["name"]].get(k) != v}
            if extra:
                out[f["name"]] = extra
    return out


def _constraint_problems(table: ContractTable, frame: pd.DataFrame,
                         extra: dict[str, dict[str, Any]]) -> list[Problem]:
    """Each column against the constraints the descriptor adds to the contract's: an error
    where the data breaks one, a warning for one the validator cannot check."""
    out: list[Problem] = []
    for name, constraints in extra.items():
        if name not in frame:
            continue
        column = frame[name]
        where = f"resources.{table.name}.schema.fields.{name}.constraints"
        for key, value in constraints.items():
            if key not in CHECKED_CONSTRAINTS:
                out.append(Problem.warning(DESCRIPTOR, 0, f"{where}.{key}",
                                           "not checked: the validator checks "
                                           + ", ".join(CHECKED_CONSTRAINTS)))
                continue
            try:
                bad = _breaking(column, key, value)
            except (TypeError, ValueError, re.error) as err:
                out.append(Problem(DESCRIPTOR, 0, f"{where}.{key}", f"{quote(value)} cannot be "
                                   f"read as a {key} constraint: {printable(str(err), 120)}"))
                continue
            out += _capped(table.filename, name, (bad.index + 2).tolist(),
                           (f"{quote(v)} breaks the descriptor's constraint {key}: "
                            f"{printable(json.dumps(value, ensure_ascii=False), 80)}"
                            for v in bad.tolist()))
    return out


def _breaking(column: pd.Series, key: str, value: Any) -> pd.Series:
    """The cells of `column` (text) that break the constraint `key`: `value`; raises
    TypeError for a value of the wrong kind (as the Table Schema standard types them)."""
    filled = column[column != ""]
    if key in ("required", "unique"):
        if not isinstance(value, bool):
            raise TypeError("it must be true or false")
        if not value:
            return column.iloc[:0]
        return (column[column.str.strip() == ""] if key == "required"
                else filled[filled.duplicated(keep="first")])
    if key == "pattern":
        if not isinstance(value, str):
            raise TypeError("a pattern is a regular expression, as text")
        compiled = re.compile(value)
        return filled[[not compiled.fullmatch(v) for v in filled]]
    if key == "enum":
        if not isinstance(value, list):
            raise TypeError("an enum is a list")
        allowed = {_cell_text(v) for v in value}
        return filled[~filled.isin(allowed)]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("it must be a number")
    if key in ("minLength", "maxLength"):
        if not isinstance(value, int) or value < 0:
            raise TypeError("a length is a whole number, 0 or more")
        lengths = filled.str.len()
        return filled[lengths < value] if key == "minLength" else filled[lengths > value]
    numbers = pd.to_numeric(filled, errors="coerce")
    return filled[numbers < value] if key == "minimum" else filled[numbers > value]


def _cell_text(value: object) -> str:
    """A JSON value of an enum as the text of a cell that holds it (1.0 and 1 as "1")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else json.dumps(value)


def _standard_problems(meta: dict[str, Any],
                       described: dict[str, dict[str, Any]]) -> list[Problem]:
    """The descriptor against the Data Package standard, by frictionless, as warnings.

    Warnings, and only on request (`validate` asks): the loader relies on the contract's parts
    of the descriptor, checked above, and frictionless's JSON Schema validator takes 2-5 s to
    import. Schemas are the contract's (compared above); profiles are left out so nothing is
    fetched; resources that are no contract table were reported above.
    """
    from frictionless import Package

    unsafe = ("profile", "profiles", "$schema", "schema")
    copy = {k: v for k, v in meta.items() if k not in unsafe and k != "resources"}
    copy["resources"] = [
        {**{k: v for k, v in res.items() if k not in unsafe},
         "schema": TABLES_BY_NAME[name].schema()}
        for name, res in described.items()
    ]
    try:
        notes = [getattr(e, "note", "") or e.message for e in Package.metadata_validate(copy)]
    except Exception as err:  # frictionless raises, rather than reports, on some descriptors
        notes = [str(err)]
    return _capped_kind([Problem.warning(DESCRIPTOR, 0, "", "does not follow the Data Package "
                                         "standard: " + printable(n, 400)) for n in notes],
                        "notes from frictionless")


def _hash_problems(
    hashes: dict[str, object], files: dict[str, bytes], verify: bool
) -> list[Problem]:
    """Each file against the sha256 its resource gives (warnings unless `verify`)."""
    make = Problem if verify else Problem.warning
    out = []
    for table in TABLES:
        if table.name not in hashes or table.filename not in files:
            continue
        expected = hashes[table.name]
        column = f"resources.{table.name}.hash"
        if expected is None:
            out.append(make(DESCRIPTOR, 0, column, "missing; give the file's sha256 "
                            f"(`{REWRITE}` computes it)"))
        elif not isinstance(expected, str) or not SHA256.fullmatch(expected):
            out.append(make(DESCRIPTOR, 0, column, f"{quote(expected)} is not sha256: followed "
                            "by 64 hexadecimal digits"))
        elif hashlib.sha256(files[table.filename]).hexdigest() != expected[7:].lower():
            out.append(make(table.filename, 0, "", "file does not match its sha256 in "
                            "datapackage.json: it changed after the descriptor was written; if "
                            f"the change is right, write the descriptor again (`{REWRITE}`)"))
    return out


# ---------------------------------------------------------------- cells and keys


def _cell_check(f: ContractField) -> Callable[[str], str | None]:
    """The message for a cell of field `f` that breaks its Table Schema constraints, or None."""
    constraints = f.schema().get("constraints", {})
    required = constraints.get("required", False)
    pattern = constraints.get("pattern")
    compiled = re.compile(pattern) if pattern else None
    enum = constraints.get("enum")
    low, high = constraints.get("minimum"), constraints.get("maximum")

    def check(value: str) -> str | None:
        if not value.strip():
            if required:
                return "required cell is empty; fill it in"
            if not value:
                return None
        if compiled and not compiled.fullmatch(value):
            return f"{quote(value)} is not {PATTERN_MEANING.get(pattern, 'valid')}"
        if pattern == CODE_PATTERN and LEADING_ZERO.search(value):
            plain = ".".join(str(int(part)) for part in value.split("."))
            return (f"{quote(value)} has a number with a leading zero; write {quote(plain)} "
                    "(codes are compared as numbers, so the two would be one code)")
        if enum and value not in enum:
            return f"{quote(value)} is not one of: {', '.join(enum)}"
        if f.type == "integer":
            if not INTEGER.fullmatch(value):
                return f"{quote(value)} is not a whole number"
            if (low is not None and int(value) < low) or (high is not None and int(value) > high):
                return f"{int(value)} is outside the range {low} to {high}"
        control = CONTROL.search(value)
        if control:
            return f"contains the control character U+{ord(control.group()):04X}; remove it"
        return None

    return check


def _cell_problems(table: ContractTable, frame: pd.DataFrame) -> list[Problem]:
    """Every cell against its field's constraints, checking each distinct value once."""
    out = []
    for f in table.fields:
        if f.name not in frame:
            continue
        column = frame[f.name]
        check = _cell_check(f)
        bad = {v: m for v in pd.unique(column.to_numpy()).tolist() if (m := check(v))}
        if bad:
            hit = column[column.isin(list(bad))]
            out += _capped(table.filename, f.name, (hit.index + 2).tolist(),
                           (bad[v] for v in hit.tolist()))
    return out


def _key_problems(table: ContractTable, frame: pd.DataFrame) -> list[Problem]:
    """Rows repeating a primary key (rows with an empty key cell were reported already)."""
    key = list(table.primary_key)
    if any(k not in frame for k in key):
        return []
    keys = frame[key]
    keys = keys[~(keys == "").any(axis=1)]
    repeated = keys[keys.duplicated(keep=False)]
    if repeated.empty:
        return []
    first: dict[tuple[str, ...], int] = {}
    repeats: list[tuple[int, tuple[str, ...]]] = []
    for index, values in zip(repeated.index, repeated.itertuples(index=False, name=None),
                             strict=True):
        if values in first:
            repeats.append((index + 2, values))
        else:
            first[values] = index + 2
    each = key[0] if len(key) == 1 else "combination of " + " and ".join(key)
    messages = (
        f"duplicate {', '.join(f'{k} {quote(v)}' for k, v in zip(key, values, strict=True))} "
        f"(first at row {first[values]}); each {each} must appear once"
        for _, values in repeats
    )
    return _capped(table.filename, ", ".join(key), [r for r, _ in repeats], messages)


def _reference_problems(table: ContractTable, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Foreign-key cells whose values the referenced table does not have."""
    frame = tables[table.name]
    out = []
    for fk in table.foreign_keys:
        ref = tables.get(fk.resource)
        cols, ref_cols = list(fk.fields), list(fk.reference)
        if ref is None or any(c not in frame for c in cols) or any(c not in ref for c in ref_cols):
            continue
        child = frame[cols]
        child = child[~(child == "").any(axis=1)]
        ref_file = TABLES_BY_NAME[fk.resource].filename
        advice = FOREIGN_KEY_ADVICE.get((table.name, fk.resource), "correct it or add it there")
        if len(cols) == 1:
            known = set(pd.unique(ref[ref_cols[0]]))
            missing = [v for v in pd.unique(child[cols[0]]) if v not in known]
            if not missing:
                continue
            hit = child[child[cols[0]].isin(missing)]
            article = "an" if ref_cols[0][0] in "aeiou" else "a"
            messages = (f"{quote(v)} is not {article} {ref_cols[0]} in {ref_file}; {advice}"
                        for v in hit[cols[0]].tolist())
        else:
            known = set(ref[ref_cols].itertuples(index=False, name=None))
            distinct = child.drop_duplicates().itertuples(index=False, name=None)
            missing = [t for t in distinct if t not in known]
            if not missing:
                continue
            hit = child[pd.MultiIndex.from_frame(child).isin(missing)]
            messages = (
                " and ".join(f"{c} {quote(v)}" for c, v in zip(cols, t, strict=True))
                + f" are not a row of {ref_file}; {advice}"
                for t in hit.itertuples(index=False, name=None)
            )
        out += _capped(table.filename, ", ".join(cols), (hit.index + 2).tolist(), messages)
    return out


# ---------------------------------------------------------------- rules across tables


def _unconnected_ksa_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """KSAs that no row of essential_ksas.csv connects to an occupation."""
    ksas, connections = tables.get("ksas"), tables.get("essential_ksas")
    if ksas is None or connections is None or "ksa_id" not in ksas or "ksa_id" not in connections:
        return []
    ids = ksas["ksa_id"]
    hit = ids[~ids.isin(pd.unique(connections["ksa_id"])) & (ids != "")]
    return _capped(
        "ksas.csv", "ksa_id", (hit.index + 2).tolist(),
        (f"KSA {quote(v)} has no connection in essential_ksas.csv; connect it to at least one "
         "occupation or remove it" for v in hit.tolist()),
    )


def _tier_ksa_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """KSAs catalogued on a tier itself: a tier is a heading of the tree, not a competency."""
    ksas, nodes = tables.get("ksas"), tables.get("competencies")
    if (ksas is None or nodes is None or "code" not in ksas
            or any(c not in nodes for c in ("code", "level"))):
        return []
    tiers = pd.unique(nodes.loc[nodes["level"] == "tier", "code"])
    hit = ksas.loc[ksas["code"].isin(tiers), "code"]
    return _capped(
        "ksas.csv", "code", (hit.index + 2).tolist(),
        (f"{quote(v)} is a tier; catalogue a KSA under a competency or sub-competency of the "
         "tier" for v in hit.tolist()),
    )


def _tree_problems(frame: pd.DataFrame) -> list[Problem]:
    """The competency tree: one root per tier, levels nest tier > competency > sub_competency,
    a node shares its parent's tier, and following parent_code never loops."""
    if any(c not in frame for c in ("code", "parent_code", "level", "tier")):
        return []
    name = "competencies.csv"
    kinds: dict[str, list[Problem]] = {}

    def add(kind: str, problem: Problem) -> None:
        kinds.setdefault(kind, []).append(problem)

    nodes: dict[str, tuple[int, str, str, int | None]] = {}
    for index, code, parent, level, tier in frame[["code", "parent_code", "level", "tier"]] \
            .itertuples(name=None):
        number = int(tier) if INTEGER.fullmatch(tier) else None
        nodes.setdefault(code, (index + 2, parent, level, number))
    roots: dict[int, int] = {}
    for row, parent, level, tier in nodes.values():
        if level == "tier":
            if parent:
                add("tiers with a parent", Problem(
                    name, row, "parent_code", "a tier has no parent; leave parent_code empty"))
            elif tier is not None and tier in roots:
                add("second roots of a tier", Problem(
                    name, row, "tier", f"tier {tier} already has its root at row {roots[tier]}; "
                    "each tier has one row of level tier"))
            elif tier is not None:
                roots[tier] = row
        elif level in PARENT_LEVEL:
            wanted = PARENT_LEVEL[level]
            if not parent:
                add("nodes without a parent", Problem(
                    name, row, "parent_code", f"a {level} needs a parent_code: the code of the "
                    f"{wanted} it belongs to"))
            elif parent in nodes:
                _, _, parent_level, parent_tier = nodes[parent]
                if parent_level in LEVELS and parent_level != wanted:
                    add("parents of the wrong level", Problem(
                        name, row, "parent_code", f"the parent of a {level} must be a {wanted}, "
                        f"but {quote(parent)} is a {parent_level}"))
                if None not in (tier, parent_tier) and tier != parent_tier:
                    add("tiers differing from their parent's", Problem(
                        name, row, "tier", f"tier {tier} differs from tier {parent_tier} of its "
                        f"parent {quote(parent)}"))
    kinds["cycles"] = _cycle_problems(name, {c: (row, parent)
                                             for c, (row, parent, _, _) in nodes.items()})
    return [p for kind, found in kinds.items() for p in _capped_kind(found, kind)]


def _cycle_problems(name: str, nodes: dict[str, tuple[int, str]]) -> list[Problem]:
    """Loops in parent_code. Each code has one parent, so walking up from every code in turn
    finds each loop once (a few lines here beat importing networkx, 0.7 s, for this)."""
    walked: dict[str, str] = {}  # code -> the code whose walk reached it first
    out = []
    for start in nodes:
        path, code = [], start
        while code in nodes and code not in walked:
            walked[code] = start
            path.append(code)
            code = nodes[code][1]
        if code in nodes and walked[code] == start:  # this walk came back onto itself
            cycle = path[path.index(code):]
            first = min(range(len(cycle)), key=lambda i: nodes[cycle[i]][0])
            cycle = cycle[first:] + cycle[:first]
            shown = " → ".join(quote(c) for c in [*cycle, cycle[0]])
            out.append(Problem(name, nodes[cycle[0]][0], "parent_code", f"cycle in the tree: "
                               f"{shown}; following parent_code up must end at a tier"))
    return out
