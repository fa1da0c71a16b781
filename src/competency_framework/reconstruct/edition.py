"""The reconstructed edition: every stage in turn, then the contract's tables and descriptor.

`build_edition(out)` writes `out/` as a data package with `provenance: reconstructed`: the
framework tree, institutes, areas, agencies and printed KSA statements as the report prints
them, and, where it is silent, placeholders, O*NET titles and connections chosen by the
models of `model.py`, `institutes.py` and `occupations.py` to agree with every published
aggregate. Same targets, same bytes.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from competency_framework.edition.contract import slug
from competency_framework.edition.write import write_edition
from competency_framework.reconstruct.institutes import assign_institutes
from competency_framework.reconstruct.ksa_plan import KsaPlan, place_placeholders, plan_ksas
from competency_framework.reconstruct.occupations import (
    ONET_OCCUPATIONS,
    choose_titles,
    connect_occupations,
    onet_codes,
)
from competency_framework.reconstruct.static import (
    AGENCIES,
    AREA_DESCRIPTIONS,
    FOUNDATIONAL_SOURCE,
    FOUNDATIONAL_TIERS,
    NETWORK,
    SPONSORS,
    TIER4_SOURCE,
    TIER_DEFINITIONS,
)
from competency_framework.reconstruct.targets import AREA_ORDER, Targets, load_targets

TITLE = ("Manufacturing USA Advanced Manufacturing Occupation and Competency Framework, "
         "2025 (reconstructed)")
DESCRIPTION = (
    "A reconstruction, not the institutes' submissions: the 2025 report publishes aggregates "
    "only, so these records were built by scripts/reconstruct_2025.py to agree with every "
    "aggregate it prints. The framework tree, institutes, technology areas, agencies and the "
    "KSA statements the report quotes are real; the other KSA statements are placeholders, "
    "occupation titles other than the report's four are O*NET 29.2 titles chosen to fit each "
    "institute's field, and who selected what is a model's choice. See README.md."
)
SOURCES = [
    {"title": "Manufacturing USA Advanced Manufacturing Occupation and Competency Framework "
              "(NIST Office of Advanced Manufacturing, 2025)",
     "path": "data/published/report_2025.yaml"},
    {"title": "O*NET 29.2 Database, Occupation Data (USDOL/ETA), used under CC BY 4.0. This "
              "product includes information from the O*NET 29.2 Database by the U.S. "
              "Department of Labor, Employment and Training Administration (USDOL/ETA). Used "
              "under the CC BY 4.0 license. O*NET(R) is a trademark of USDOL/ETA.",
     "path": "https://www.onetcenter.org/license_db.html"},
]


def competency_rows(targets: Targets) -> list[dict[str, str]]:
    """competencies.csv: the five tiers, then Tables A1 and A2 in printed order."""
    rows: list[dict[str, str]] = []

    def add(code, name, parent, level, tier, source="", ref="", definition=""):
        rows.append({"code": code, "name": name, "parent_code": parent, "level": level,
                     "tier": str(tier), "source_framework": source or "",
                     "source_ref": ref or "", "definition": definition or ""})

    for tier, name in FOUNDATIONAL_TIERS:
        add(str(tier), name, "", "tier", tier, FOUNDATIONAL_SOURCE,
            definition=TIER_DEFINITIONS[tier])
    add("4", targets.tier_names[4], "", "tier", 4, TIER4_SOURCE, definition=TIER_DEFINITIONS[4])
    add("5", targets.tier_names[5], "", "tier", 5, definition=TIER_DEFINITIONS[5])
    seen = set()
    for r in targets.tree:
        code = str(r["competency_code"])
        tier = int(code[0])
        if code not in seen:
            seen.add(code)
            source = TIER4_SOURCE if tier == 4 else r.get("competency_framework")
            add(code, r["competency_name"], code[0], "competency", tier, source,
                r.get("competency_reference"), targets.definitions.get(code))
        sub = r.get("sub_competency_code")
        if sub:
            source = TIER4_SOURCE if tier == 4 else r.get("deriving_framework")
            add(str(sub), r["sub_competency_name"], code, "sub_competency", tier, source,
                r.get("external_reference"))
    return rows


def ksa_rows(targets: Targets, ksas: list[KsaPlan]) -> tuple[list[str], list[dict[str, str]]]:
    """KSA ids (in `ksas` order) and ksas.csv: printed statements as printed, placeholders
    saying what they stand for."""
    names = {r["code"]: r["name"] for r in competency_rows(targets)}
    per_code: dict[str, int] = defaultdict(int)
    ids, rows = [], []
    for k in ksas:
        per_code[k.code] += 1
        n = per_code[k.code]
        ksa_id = f"ksa_{k.code.replace('.', '_')}_{n:02d}"
        if k.key is not None:
            statement, source = targets.printed[k.key].statement, "published"
        else:
            statement = (f"Placeholder for an unpublished essential KSA under {k.code} "
                         f"{names[k.code]} ({n} of {targets.code_counts[k.code]})")
            source = "reconstructed"
        ids.append(ksa_id)
        rows.append({"ksa_id": ksa_id, "statement": statement, "code": k.code,
                     "statement_source": source})
    return ids, rows


def edition_tables(targets: Targets, *, log=print) -> dict[str, list[dict[str, str]]]:
    """Every table of the contract for the reconstructed edition."""
    started = time.perf_counter()

    def step(what: str) -> None:
        log(f"  {what} ({time.perf_counter() - started:.1f} s)")

    ksas = plan_ksas(targets)
    step("stage 1: KSA types and connections per area")
    ksas = place_placeholders(targets, ksas)
    step("stage 2: placeholders placed under sub-competencies")
    connections = assign_institutes(targets, ksas)
    step("stage 3: institutes of each KSA")
    titles = choose_titles(targets)
    step("stage 4: occupation titles")
    soc = onet_codes(ONET_OCCUPATIONS)
    links = connect_occupations([k.code for k in ksas], connections, titles, soc)
    step("stage 4: connections to occupations")

    ksa_ids, ksa_table = ksa_rows(targets, ksas)
    inst_id = {name: slug(name) for names in targets.institutes.values() for name in names}
    occ_id = {t: slug(t) for ts in titles.values() for t in ts}
    return {
        "technology_areas": [{"area_id": a, "name": targets.areas[a],
                              "description": AREA_DESCRIPTIONS[a]} for a in AREA_ORDER],
        "agencies": [{"agency_id": a, "name": n} for a, n in AGENCIES],
        "institutes": sorted(
            ({"institute_id": inst_id[name], "name": name, "area_id": a,
              "agency_id": SPONSORS[name]}
             for a in AREA_ORDER for name in targets.institutes[a]),
            key=lambda r: r["institute_id"]),
        "competencies": competency_rows(targets),
        "ksas": ksa_table,
        "occupations": sorted(({"occupation_id": occ_id[t], "title": t,
                                "soc_code": soc.get(t, "")} for t in set(occ_id)),
                              key=lambda r: r["occupation_id"]),
        "institute_occupations": sorted(
            ({"institute_id": inst_id[i], "occupation_id": occ_id[t]}
             for i, ts in titles.items() for t in ts),
            key=lambda r: (r["institute_id"], r["occupation_id"])),
        "essential_ksas": sorted(
            ({"institute_id": inst_id[i], "occupation_id": occ_id[t], "ksa_id": ksa_ids[k]}
             for i, t, k in links),
            key=lambda r: (r["institute_id"], r["occupation_id"], r["ksa_id"])),
    }


def build_edition(out: str | Path, published: str | Path | None = None, *, log=print) -> Path:
    """Write the reconstructed 2025 edition into `out` (its CSV files and descriptor replaced;
    other files, such as its README, kept). Nothing is written unless every stage succeeds."""
    targets = load_targets(published) if published else load_targets()
    tables = edition_tables(targets, log=log)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_edition(out, tables, edition="2025", provenance="reconstructed", title=TITLE,
                         description=DESCRIPTION, sources=SOURCES, network=NETWORK,
                         keep_other_files=True)
