"""The `Framework`: one validated edition in memory, and the joined views statistics need."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

import pandas as pd


@dataclass(frozen=True)
class Network:
    """What the edition calls its network, its institutes and their sponsors (the descriptor's
    optional `network` property); where the descriptor is silent, plain words that fit any."""

    name: str = ""  # "Manufacturing USA"; empty: the report says "the network"
    member: str = "institute"
    members: str = "institutes"
    sponsor: str = "sponsoring agency"
    sponsors: str = "sponsoring agencies"
    description: str = ""  # a sentence or two on what the network is

    FIELDS: ClassVar[tuple[str, ...]] = (
        "name", "member", "members", "sponsor", "sponsors", "description")

    @classmethod
    def from_descriptor(cls, value: object) -> Network:
        """The `network` property as read (already validated); plurals default to the singular's
        regular plural when only the singular is given."""
        given = {k: v.strip() for k, v in value.items()
                 if k in cls.FIELDS and isinstance(v, str) and v.strip()} \
            if isinstance(value, dict) else {}
        for one, many in (("member", "members"), ("sponsor", "sponsors")):
            if one in given and many not in given:
                given[many] = _plural(given[one])
        return cls(**given)


def _plural(word: str) -> str:
    """The regular English plural of a noun phrase's last word ("agency" -> "agencies")."""
    if len(word) > 1 and word.endswith("y") and word[-2].lower() not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


@dataclass(frozen=True, eq=False)
class Framework:
    """One edition's tables as typed DataFrames (columns as in the data contract).

    Build it with `competency_framework.edition.load.load_edition`; statistics take it as their only
    input and never change it.
    """

    edition: str
    provenance: str
    data_hash: str
    technology_areas: pd.DataFrame
    agencies: pd.DataFrame
    institutes: pd.DataFrame
    competencies: pd.DataFrame
    ksas: pd.DataFrame
    occupations: pd.DataFrame
    institute_occupations: pd.DataFrame
    essential_ksas: pd.DataFrame
    title: str = ""
    source: str = ""
    previous: str = ""  # the previous edition's folder, relative to `source` ("" for none)
    network: Network = Network()

    @property
    def is_reconstructed(self) -> bool:
        return self.provenance == "reconstructed"

    @cached_property
    def ksa_nodes(self) -> pd.DataFrame:
        """Each KSA with the tier, competency and sub-competency it is catalogued under.

        Columns: ksa_id, statement, code, tier, competency, sub_competency (empty string where
        the KSA hangs directly on a competency), statement_source.
        """
        parent = dict(zip(self.competencies["code"], self.competencies["parent_code"], strict=True))
        level = dict(zip(self.competencies["code"], self.competencies["level"], strict=True))
        tier = dict(zip(self.competencies["code"], self.competencies["tier"], strict=True))

        def ancestor(code: str, wanted: str) -> str:
            while code:
                if level.get(code) == wanted:
                    return code
                code = parent.get(code, "")
            return ""

        out = self.ksas.copy()
        out["tier"] = [int(tier[c]) for c in out["code"]]
        out["competency"] = [ancestor(c, "competency") for c in out["code"]]
        out["sub_competency"] = [ancestor(c, "sub_competency") for c in out["code"]]
        return out[
            ["ksa_id", "statement", "code", "tier", "competency", "sub_competency",
             "statement_source"]
        ]

    @cached_property
    def connections(self) -> pd.DataFrame:
        """One row per KSA/occupation connection, with its institute's area and agency and
        its KSA's place in the tree.

        Columns: institute_id, occupation_id, ksa_id, area_id, agency_id, code, tier,
        competency, sub_competency.
        """
        inst = self.institutes[["institute_id", "area_id", "agency_id"]]
        nodes = self.ksa_nodes[["ksa_id", "code", "tier", "competency", "sub_competency"]]
        out = self.essential_ksas.merge(inst, on="institute_id", how="left", validate="m:1")
        return out.merge(nodes, on="ksa_id", how="left", validate="m:1")

    @cached_property
    def ksa_institutes(self) -> pd.DataFrame:
        """Distinct (KSA, institute) pairs that have at least one connection, with the area.

        Columns: ksa_id, institute_id, area_id.
        """
        pairs = self.connections[["ksa_id", "institute_id", "area_id"]].drop_duplicates()
        return pairs.sort_values(["ksa_id", "institute_id"], ignore_index=True)

    @cached_property
    def selections(self) -> pd.DataFrame:
        """The occupation selections with their titles, SOC codes and institutes' areas.

        Columns: institute_id, occupation_id, title, soc_code, area_id, agency_id.
        """
        out = self.institute_occupations.merge(
            self.occupations, on="occupation_id", how="left", validate="m:1"
        )
        inst = self.institutes[["institute_id", "area_id", "agency_id"]]
        return out.merge(inst, on="institute_id", how="left", validate="m:1")
