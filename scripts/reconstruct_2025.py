#!/usr/bin/env python3
"""Build the reconstructed 2025 edition, `data/raw/2025/`, from the published figures in
`data/published/`: `python scripts/reconstruct_2025.py [OUT]` (needs the `reconstruct` extra,
OR-Tools). Deterministic: the same published figures give the same bytes. The logic is
`competency_framework.reconstruct`; the choices it makes are in `data/raw/2025/README.md`."""

import sys
import time
from pathlib import Path

from competency_framework.reconstruct.edition import build_edition

if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "data" / "raw" / "2025"
    started = time.perf_counter()
    build_edition(out)
    print(f"wrote {out} in {time.perf_counter() - started:.1f} s")
