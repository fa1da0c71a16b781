"""The data contract: the tables of one edition, their fields and keys, as data.

This module is the single description in code of the data contract (the design's
DATA_CONTRACT.md). The loader, the validator, the importers and the reconstruction all read it;
nothing else spells out a column name list.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SLUG_PATTERN = "^[a-z0-9_]+$"
CODE_PATTERN = r"^[1-5](\.[0-9]+){0,2}$"
PROVENANCES = ("collected", "reconstructed")
EDITION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # an edition's name
LEVELS = ("tier", "competency", "sub_competency")
STATEMENT_SOURCES = ("published", "reconstructed")


def slug(text: str) -> str:
    """A lowercase `[a-z0-9_]` id made from a title ('' when nothing usable is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


@dataclass(frozen=True)
class Field:
    """One column of a contract table."""

    name: str
    type: str = "string"  # Table Schema type: string or integer
    required: bool = True
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    description: str = ""
    omittable: bool = False  # the file may leave the whole column out (read as empty)

    def schema(self) -> dict[str, Any]:
        """This field as a Frictionless Table Schema field descriptor."""
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            out["description"] = self.description
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.type == "integer" and self.name == "tier":
            constraints.update(minimum=1, maximum=5)
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    """Columns of this table that must match the primary key of another."""

    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]

    def schema(self) -> dict[str, Any]:
        return {
            "fields": list(self.fields),
            "reference": {"resource": self.resource, "fields": list(self.reference)},
        }


@dataclass(frozen=True)
class Table:
    """One CSV file of an edition."""

    name: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)
    title: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def needed_columns(self) -> list[str]:
        """The columns every file must have (`columns` less the omittable ones)."""
        return [f.name for f in self.fields if not f.omittable]

    def schema(self, header: list[str] | None = None) -> dict[str, Any]:
        """This table as a Frictionless Table Schema (for a file of columns `header`: without
        the omittable fields it leaves out)."""
        out: dict[str, Any] = {
            "fields": [f.schema() for f in self.fields
                       if header is None or not f.omittable or f.name in header],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            out["foreignKeys"] = [fk.schema() for fk in self.foreign_keys]
        return out


def _slug(name: str, description: str = "") -> Field:
    return Field(name, pattern=SLUG_PATTERN, description=description)


TABLES: tuple[Table, ...] = (
    Table(
        "technology_areas",
        (_slug("area_id"), Field("name"),
         Field("description", required=False, omittable=True,
               description="what the area's technology is, in a sentence or two (optional)")),
        ("area_id",),
        title="Technology areas",
    ),
    Table(
        "agencies",
        (_slug("agency_id"), Field("name")),
        ("agency_id",),
        title="Sponsoring agencies",
    ),
    Table(
        "institutes",
        (_slug("institute_id"), Field("name"), _slug("area_id"), _slug("agency_id")),
        ("institute_id",),
        (
            ForeignKey(("area_id",), "technology_areas", ("area_id",)),
            ForeignKey(("agency_id",), "agencies", ("agency_id",)),
        ),
        title="Manufacturing USA institutes",
    ),
    Table(
        "competencies",
        (
            Field("code", pattern=CODE_PATTERN),
            Field("name"),
            Field("parent_code", required=False, pattern=CODE_PATTERN),
            Field("level", enum=LEVELS),
            Field("tier", type="integer"),
            Field("source_framework", required=False),
            Field("source_ref", required=False),
            Field("definition", required=False),
        ),
        ("code",),
        (ForeignKey(("parent_code",), "competencies", ("code",)),),
        title="Competency tree: tiers, competencies, sub-competencies",
    ),
    Table(
        "ksas",
        (
            _slug("ksa_id"),
            Field("statement"),
            Field("code", pattern=CODE_PATTERN),
            Field("statement_source", enum=STATEMENT_SOURCES),
        ),
        ("ksa_id",),
        (ForeignKey(("code",), "competencies", ("code",)),),
        title="Essential knowledge, skills and abilities",
    ),
    Table(
        "occupations",
        (_slug("occupation_id"), Field("title"), Field("soc_code", required=False)),
        ("occupation_id",),
        title="Occupation titles",
    ),
    Table(
        "institute_occupations",
        (_slug("institute_id"), _slug("occupation_id")),
        ("institute_id", "occupation_id"),
        (
            ForeignKey(("institute_id",), "institutes", ("institute_id",)),
            ForeignKey(("occupation_id",), "occupations", ("occupation_id",)),
        ),
        title="Occupation selections",
    ),
    Table(
        "essential_ksas",
        (_slug("institute_id"), _slug("occupation_id"), _slug("ksa_id")),
        ("institute_id", "occupation_id", "ksa_id"),
        (
            ForeignKey(
                ("institute_id", "occupation_id"),
                "institute_occupations",
                ("institute_id", "occupation_id"),
            ),
            ForeignKey(("ksa_id",), "ksas", ("ksa_id",)),
        ),
        title="KSA/occupation connections",
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _header(path: Path) -> list[str] | None:
    """The column names of the CSV file `path` (its first record); None where it cannot be
    read so (the validator says why, naming the file)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def descriptor(
    folder: Path,
    *,
    edition: str,
    provenance: str,
    title: str,
    description: str = "",
    sources: list[dict[str, Any]] | None = None,
    previous: str = "",
    network: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The `datapackage.json` descriptor for the CSV files in `folder`, with their hashes;
    `previous`: the folder of the edition this one revises, relative to `folder`; `network`:
    the words for the network, its institutes and sponsors (see `Framework.network`)."""
    if provenance not in PROVENANCES:
        raise ValueError(f"provenance must be one of {PROVENANCES}, not {provenance!r}")
    folder = Path(folder)
    resources = []
    for table in TABLES:
        path = folder / table.filename
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "path": table.filename,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": f"sha256:{file_sha256(path)}",
                "bytes": path.stat().st_size,
                "schema": table.schema(_header(path)),
            }
        )
    out: dict[str, Any] = {
        "name": f"manufacturing-usa-competency-framework-{edition}",
        "title": title,
        "version": f"{edition}.0.0",
        "edition": str(edition),
        "provenance": provenance,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "resources": resources,
    }
    if description:
        out["description"] = description
    if sources:
        out["sources"] = sources
    if previous:
        out["previous"] = previous
    if network:
        out["network"] = dict(network)
    return out


def write_descriptor(folder: Path, **kwargs: Any) -> Path:
    """Write `datapackage.json` into `folder` (see `descriptor`); returns its path."""
    folder = Path(folder)
    path = folder / "datapackage.json"
    text = json.dumps(descriptor(folder, **kwargs), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


# what the contract decides in each resource of a descriptor; every other property is kept
RESOURCE_FIELDS = ("name", "path", "profile", "format", "mediatype", "encoding", "hash",
                   "bytes", "schema")


@dataclass(frozen=True)
class Rewritten:
    """What `rewrite_descriptor` did: the file written, the package properties kept from the
    old descriptor, and the resources dropped (no table of the contract)."""

    path: Path
    kept: tuple[str, ...]
    dropped: tuple[str, ...]


def rewrite_descriptor(folder: Path, *, edition: str | None = None,
                       provenance: str | None = None) -> Rewritten:
    """Write `datapackage.json` in `folder` anew for its CSV files: the contract's resources
    (schemas, hashes, sizes), keeping everything else the old descriptor says (the package's
    name, title, licences, sources, any other property, and each resource's own properties
    besides those of `RESOURCE_FIELDS`). `edition` and `provenance` replace the old ones, and
    are needed where it has none; with no old descriptor, the package gets `descriptor`'s.
    Raises ValueError, naming the file, when the old descriptor cannot be read or an edition or
    provenance is missing; nothing is written then."""
    folder = Path(folder)
    path = folder / "datapackage.json"
    old: dict[str, Any] = {}
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(f"{path}: cannot be read ({err}); fix it, or delete it to write a "
                             "new one") from err
        if not isinstance(old, dict):
            raise ValueError(f"{path}: not a JSON object; delete it to write a new one")
    edition = edition or (str(old["edition"]) if old.get("edition") not in (None, "") else None)
    provenance = provenance or old.get("provenance")
    if not edition:
        raise ValueError(f"{path}: no edition named; give one (--edition NAME)")
    if provenance not in PROVENANCES:
        raise ValueError(f"{path}: provenance {provenance!r} is not one of "
                         f"{', '.join(PROVENANCES)}; give one (--provenance)")
    if not EDITION_NAME.fullmatch(edition):
        raise ValueError(f"{path}: {edition!r} is not an edition name: use letters, digits, "
                         "'.', '_' and '-'")
    missing = [t.filename for t in TABLES if not (folder / t.filename).is_file()]
    if missing:
        raise ValueError(f"{folder}: no {', '.join(missing)}; an edition has all eight tables")
    title = old.get("title") if isinstance(old.get("title"), str) else None
    new = descriptor(folder, edition=edition, provenance=str(provenance),
                     title=title or f"Competency framework, edition {edition}")
    listed = old.get("resources")
    if "resources" in old and not isinstance(listed, list):
        raise ValueError(f"{path}: resources is not a list; make it one, or delete it")
    by_name: dict[str, dict[str, Any]] = {}
    for r in listed or []:
        if isinstance(r, dict) and isinstance(r.get("name"), str):
            by_name.setdefault(r["name"], r)
    # the contract's parts anew; the resource's own title, description and the rest kept
    resources = [{**r, **{k: v for k, v in by_name.get(r["name"], {}).items()
                          if k not in RESOURCE_FIELDS}} for r in new["resources"]]
    dropped = tuple(sorted(n for n in by_name if n not in TABLES_BY_NAME))
    if old:
        out = {**old, "edition": edition, "provenance": provenance, "resources": resources}
        for key in ("name", "title"):
            out.setdefault(key, new[key])
        kept = tuple(k for k in old if k not in ("edition", "provenance", "resources"))
    else:
        out, kept = {**new, "resources": resources}, ()
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Rewritten(path, kept, dropped)
