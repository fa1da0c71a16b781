"""Checks against official sources outside the edition: the NICE Framework ids and titles the
report cites (`external.nice.<id>`), and its DOL model references (`external.dol`), of which
no official copy is available."""

from __future__ import annotations

from competency_framework.audit.context import Context
from competency_framework.audit.rows import INCONSISTENT, MATCH, NOT_RECOMPUTABLE, Row, norm


def external_rows(ctx: Context) -> list[Row]:
    """NICE ids and titles as printed against the official components; DOL refs noted."""
    rows: list[Row] = []
    cited: list[tuple[str, str, str, str]] = []  # (entry id, code, name, NICE id)
    dol: list[str] = []
    for e in ctx.entries.values():
        if e.kind != "table":
            continue
        for r in e.value:
            ref = r.get("external_reference") or ""
            if ref.startswith("NF-"):
                cited.append((e.id, r["sub_competency_code"], r["sub_competency_name"], ref))
            elif r.get("deriving_framework", "") and str(r["deriving_framework"]).startswith("DOL"):
                dol.append(f"{r['sub_competency_code']} -> {r['deriving_framework']} {ref}")
    for entry_id, code, name, ref in cited:
        section = ctx.entries[entry_id].section
        rid = f"external.nice.{ref.lower().replace('-', '_')}"
        published = {"code": code, "name": name, "nice_id": ref}
        if ctx.nice is None:
            rows.append(Row(rid, section, None, published, None, NOT_RECOMPUTABLE,
                            f"check skipped: no NICE Framework components found in "
                            f"{ctx.nice_dir}"))
            continue
        title = ctx.nice.title(ref)
        kind = ctx.nice.element_type(ref)
        recomputed = {"nice_id": ref, "official_title": title, "element_type": kind,
                      "version": ctx.nice.version}
        versions = (f"the report cites the NICE Framework through niccs.cisa.gov without naming "
                    f"a version (accessed July 14, 2025); checked against {ctx.nice.label}, "
                    "published later (December 2025), the only version available here")
        if title is None:
            status, note = INCONSISTENT, f"{ref} is not an element of {ctx.nice.label}; {versions}"
        elif norm(title) == norm(name):
            status, note = MATCH, ""
        else:
            status = INCONSISTENT
            note = (f"the report maps {code} '{name}' to {ref}, whose official title is "
                    f"'{title}' ({kind}); {versions}")
        rows.append(Row(rid, section, None, published, recomputed, status, note))
    if dol:
        rows.append(Row("external.dol", "Appendix A", None, dol, None, NOT_RECOMPUTABLE,
                        "no official copy of the DOL Competency Model Clearinghouse models "
                        "(AMCM, BCM, ITCM) is available, so these references are checked only "
                        "against the edition's competencies.csv (tables.table_a2)"))
    return rows
