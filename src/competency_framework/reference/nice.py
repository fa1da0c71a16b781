"""The NICE Framework Components (NIST SP 800-181 Rev. 1), read from the official CPRT JSON
export in `data/external/nice-framework-v2.1.0/`, so the audit can check the NICE ids and
titles the report cites. Read-only; the folder's SOURCE.md says where the files came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from competency_framework.paths import NICE_DIR as DEFAULT_NICE_DIR

CPRT_GLOB = "cprt_SP_800_181_*.json"


@dataclass(frozen=True)
class NiceComponents:
    """One version of the NICE Framework Components: its elements by identifier."""

    name: str
    version: str
    doc_identifier: str
    path: Path
    elements: dict[str, tuple[str, str]]  # identifier -> (element_type, title)

    def title(self, identifier: str) -> str | None:
        """The official title of an element (None when the version has no such id)."""
        found = self.elements.get(identifier)
        return found[1] if found else None

    def element_type(self, identifier: str) -> str | None:
        found = self.elements.get(identifier)
        return found[0] if found else None

    @property
    def label(self) -> str:
        """How to cite this version, e.g. "NICE Framework Components v2.1.0 (SP_800_181_2_1_0)"."""
        return f"NICE Framework Components v{self.version} ({self.doc_identifier})"


def load_nice_components(folder: str | Path = DEFAULT_NICE_DIR) -> NiceComponents | None:
    """The NICE components in `folder` (the CPRT JSON), or None when the folder or file is
    absent (callers skip NICE checks and say so)."""
    folder = Path(folder)
    paths = sorted(folder.glob(CPRT_GLOB)) if folder.is_dir() else []
    if not paths:
        return None
    data = json.loads(paths[-1].read_text(encoding="utf-8"))["response"]["elements"]
    doc = data["documents"][0]
    elements = {
        e["element_identifier"]: (e["element_type"], e["title"])
        for e in data["elements"]
        if e["element_type"] != "sort"
    }
    return NiceComponents(
        name=doc["name"], version=doc["version"], doc_identifier=doc["doc_identifier"],
        path=paths[-1], elements=elements,
    )
