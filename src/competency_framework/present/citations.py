"""Citations in the report's prose, in pandoc's syntax (`[@cmc-bioscience]`): the keys of the
works in `report/references.json` (the bibliography `_quarto.yml` names), cited where the
published report cites them.

`MODEL_WORKS` names the work behind each outside model an edition's competencies may derive
from (`competencies.csv`'s `source_framework`); a model it does not know is named uncited.
"""

from __future__ import annotations

ORIGINAL = "nist-oam-2025"  # the report this one regenerates
ABOUT_MODELS = "cmc-about-models"  # the Clearinghouse's terms: KSA, competency, model
OCCUPATION = "census-occupation"  # the Census Bureau's "occupation"
INDUSTRY_MODELS = "cmc-industry-models"  # the Clearinghouse's industry models
BUILDING_BLOCKS = "cmc-building-blocks"  # the tiers of the Clearinghouse's models
NETWORK_PIECE = "mfgusa-network-at-work-2020"  # the 2020 piece on the network's workforce work
MODEL_WORKS = {
    "DOL AMCM": "cmc-advanced-manufacturing",
    "DOL BCM": "cmc-bioscience",
    "DOL ITCM": "cmc-information-technology",
    "NICE Framework": "niccs-nice-framework",
}


def cite(*keys: str) -> str:
    """A citation of the works `keys`, as pandoc writes it: "[@a; @b]"."""
    return "[" + "; ".join(f"@{key}" for key in keys) + "]"


def model_citation(model: str) -> str:
    """What follows the name of an outside model whose work the report knows, its citation
    after a space (" [@cmc-bioscience]" for "DOL BCM"), else ""."""
    return f" {cite(MODEL_WORKS[model])}" if model in MODEL_WORKS else ""
