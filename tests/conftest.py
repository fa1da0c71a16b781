"""Fixtures every test module shares: the test editions, each loaded once per session.

A module's `fw` is the tiny edition unless the module names another fixture below with
`pytestmark = pytest.mark.edition("handmade")`. The editions are shared by every test of the
session, so a test must not change one in place: derive a copy with `dataclasses.replace` and
new tables instead. Each edition is checked at the end of the session, which fails if a test
changed its tables.

Slow tests carry the `build` marker (registered in pyproject.toml): `make test-fast` runs
`pytest -m "not build"`, `make test` runs everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest
from paths import EDITION_2025, FIGURES_SMALL, HANDMADE, TINY

from competency_framework.edition.framework import Framework
from competency_framework.edition.load import load_edition


def table_digests(fw: Framework) -> dict[str, str]:
    """A digest of each table's columns, types and cells."""
    out = {}
    for field in fields(fw):
        table = getattr(fw, field.name)
        if isinstance(table, pd.DataFrame):
            digest = hashlib.sha256(repr((list(table.columns), list(table.dtypes))).encode())
            digest.update(pd.util.hash_pandas_object(table, index=True).to_numpy().tobytes())
            out[field.name] = digest.hexdigest()
    return out


def shared_edition(folder: Path) -> Iterator[Framework]:
    fw = load_edition(folder)
    loaded = table_digests(fw)
    yield fw
    changed = [name for name, digest in table_digests(fw).items() if loaded[name] != digest]
    assert not changed, (f"a test changed {folder.name}'s {', '.join(changed)} in place; "
                         "shared editions are read-only (use dataclasses.replace and copies)")


@pytest.fixture(scope="session")
def tiny() -> Iterator[Framework]:
    yield from shared_edition(TINY)


@pytest.fixture(scope="session")
def handmade() -> Iterator[Framework]:
    yield from shared_edition(HANDMADE)


@pytest.fixture(scope="session")
def figures_small() -> Iterator[Framework]:
    yield from shared_edition(FIGURES_SMALL)


@pytest.fixture(scope="session")
def edition_2025() -> Iterator[Framework]:
    if not (EDITION_2025 / "datapackage.json").is_file():
        pytest.skip("data/raw/2025 is not built yet")
    yield from shared_edition(EDITION_2025)


EDITIONS = ("tiny", "handmade", "figures_small", "edition_2025")  # the fixtures above


@pytest.fixture(scope="module")
def fw(request: pytest.FixtureRequest) -> Framework:
    """The module's edition: the one its `edition` mark names, the tiny one without a mark."""
    mark = request.node.get_closest_marker("edition")
    name = mark.args[0] if mark else "tiny"
    if name not in EDITIONS:
        raise ValueError(f"unknown edition mark {name!r}; known: {', '.join(EDITIONS)}")
    return request.getfixturevalue(name)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`fw` is module-scoped: an `edition` mark on one test would be ignored, so it is refused."""
    for item in items:
        if any(mark.name == "edition" for mark in item.own_markers):
            raise pytest.UsageError(f"{item.nodeid}: put the edition mark on the module "
                                    "(pytestmark), not on a test")
