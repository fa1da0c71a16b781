"""Where the test suite's files are: the repository and the editions the tests read.

`conftest.py` loads the editions as session fixtures; tests import these paths where they
need a folder itself (to copy it, to parametrize over it, to pass it to a command).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
TINY = DATA / "tiny"  # the hand-made edition the report builds in tests
HANDMADE = DATA / "handmade"  # worked by hand for the statistics and the audit
FIGURES_SMALL = DATA / "figures_small"  # small enough to check a figure's every mark
EDITION_2025 = ROOT / "data" / "raw" / "2025"
