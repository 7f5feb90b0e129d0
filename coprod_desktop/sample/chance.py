"""Drawing from the sample's random generators: weighted choices and UUIDs.

Every part of the sample draws from its own `random.Random`, so that the same seed gives the
same records; nothing here keeps any state of its own.
"""

from __future__ import annotations

import uuid
from bisect import bisect
from collections.abc import Iterable
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Choose among weighted items with one random number and a binary search."""

    __slots__ = ("cumulative", "items", "total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        self.items: list[T] = []
        self.cumulative: list[float] = []
        total = 0.0
        for item, weight in pairs:
            if weight > 0:
                total += weight
                self.items.append(item)
                self.cumulative.append(total)
        if not self.items:
            raise ValueError("nothing to choose from")
        self.total = total

    def pick(self, rng: Random) -> T:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def new_uuid(rng: Random) -> str:
    """Return a version-4 UUID made from `rng`, so that the same seed gives the same IDs."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
