"""Where the project's files are. Paths relative to the repository are what commands take and
print (`data/raw/2025`); absolute ones are for reading the reference data the package ships
beside it."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parents[1]

DEFAULT_EDITION = Path("data/raw/2025")  # relative to the repository
TINY_EDITION = Path("tests/data/tiny")  # the hand-made edition the build falls back to
EXECUTED = Path("report/executed")  # where the build runs the notebooks and keeps their outputs

PUBLISHED_DIR = REPO_ROOT / "data" / "published"
EXTERNAL_DIR = REPO_ROOT / "data" / "external"
NICE_DIR = EXTERNAL_DIR / "nice-framework-v2.1.0"
ONET_OCCUPATIONS = EXTERNAL_DIR / "onet-29.2" / "Occupation Data.txt"
