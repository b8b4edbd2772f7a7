"""Draining the work queues that worker processes empty (ingest records, maintenance jobs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def drain(
    claim: Callable[[], T | None],
    handle: Callable[[T], object],
    *,
    limit: int | None = None,
    report: Callable[[T], None] | None = None,
) -> int:
    """Claim and handle items until ``claim`` finds none (or ``limit`` were handled); returns how many.

    ``claim`` must hand each item to one worker only; ``report`` sees each item after it was handled.
    """
    handled = 0
    while limit is None or handled < limit:
        item = claim()
        if item is None:
            break
        handle(item)
        handled += 1
        if report:
            report(item)
    return handled
