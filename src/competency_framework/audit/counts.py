"""Checks of the framework's totals and network-wide shares: institutes, areas, KSAs,
connections, competencies, and the KSAs by source framework, competency, areas crossed,
institutes sharing them and connections."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from competency_framework.audit.checks import NotInEdition, entry_check
from competency_framework.audit.context import Context
from competency_framework.audit.rows import Row, count_row, share_row
from competency_framework.edition.framework import Framework
from competency_framework.reference.published import Entry
from competency_framework.statistics import alignment, competencies, network
from competency_framework.statistics.overview import framework_contents


def _contents(ctx: Context, measure: str) -> int:
    table = ctx.table(framework_contents)
    return int(dict(zip(table["measure"], table["count"], strict=True))[measure])


def _competency_codes(fw: Framework, tiers: Iterable[int]) -> pd.DataFrame:
    comp = fw.competencies
    return comp.loc[(comp["level"] == "competency") & comp["tier"].isin(list(tiers))]


@entry_check("institutes_total")
def institutes_total(ctx: Context, e: Entry) -> Row:
    return count_row(e, len(ctx.fw.institutes))


@entry_check("technology_areas_total")
def technology_areas_total(ctx: Context, e: Entry) -> Row:
    return count_row(e, len(ctx.fw.technology_areas))


@entry_check("ksas_total")
def ksas_total(ctx: Context, e: Entry) -> Row:
    return count_row(e, _contents(ctx, "ksas"))


@entry_check("connections_total")
def connections_total(ctx: Context, e: Entry) -> Row:
    return count_row(e, _contents(ctx, "connections"))


@entry_check("competencies")
def competencies_in_tiers(ctx: Context, e: Entry) -> Row:
    return count_row(e, len(_competency_codes(ctx.fw, e.params["tiers"])))


@entry_check("foundational_tiers")
def foundational_tiers(ctx: Context, e: Entry) -> Row:
    tiers = competencies.ksa_counts_by_tier(ctx.fw)
    return count_row(e, int((tiers["competencies"] == 0).sum()))


@entry_check("competencies_with_ksas")
def competencies_with_ksas(ctx: Context, e: Entry) -> Row:
    shares = [competencies.competencies_selected(ctx.fw, t) for t in e.params["tiers"]]
    selected = sum(s.numerator for s in shares)
    total = sum(s.denominator for s in shares)
    note = "" if selected == total else f"{selected} of the tiers' {total} competencies"
    return count_row(e, selected, note)


@entry_check("ksas_by_source_framework")
def ksas_by_source_framework(ctx: Context, e: Entry) -> Row:
    return share_row(e, alignment.aligned_ksas(ctx.fw, e.params["frameworks"]))


@entry_check("ksas_under_competency")
def ksas_under_competency(ctx: Context, e: Entry) -> Row:
    code = str(e.params["code"])
    if not ctx.has_node(code):
        raise NotInEdition(f"the edition has no competency {code}")
    return share_row(e, competencies.ksas_under(ctx.fw, code))


@entry_check("ksas_crossing_areas")
def ksas_crossing_areas(ctx: Context, e: Entry) -> Row:
    return share_row(e, network.ksas_crossing_areas(ctx.fw))


@entry_check("ksas_shared_by_institutes")
def ksas_shared_by_institutes(ctx: Context, e: Entry) -> Row:
    return share_row(e, network.ksas_shared_by_institutes(ctx.fw, e.params["min_institutes"]))


@entry_check("ksas_with_connections")
def ksas_with_connections(ctx: Context, e: Entry) -> Row:
    return share_row(e, network.ksas_with_connections(ctx.fw, e.params["min_connections"]))
