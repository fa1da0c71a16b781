"""Compute a base table once per `Framework` object.

A `Framework` never changes after loading, so a table derived from it can be kept for as long
as the object lives. Only private base tables are memoised; public statistics hand out copies,
so a caller cannot alter what the next caller sees.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar
from weakref import WeakKeyDictionary

from competency_framework.edition.framework import Framework

T = TypeVar("T")


def per_framework(func: Callable[[Framework], T]) -> Callable[[Framework], T]:
    """Memoise a one-argument function of a Framework (weakly keyed: no leak)."""
    cache: WeakKeyDictionary[Framework, T] = WeakKeyDictionary()

    @wraps(func)
    def wrapper(fw: Framework) -> T:
        if fw not in cache:
            cache[fw] = func(fw)
        return cache[fw]

    return wrapper
