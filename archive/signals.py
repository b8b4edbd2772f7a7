"""Signals the archive sends; the search app connects its indexing to them.

``notice_changed`` is sent after a notice *and* its sections and figures are
stored (import, re-parse, admin edit, publish), inside the same database
transaction; ``notice_removed`` after a notice is withdrawn (deletion sends
Django's ``post_delete``). Receivers get ``notice``.

Inside :func:`batch` (a bulk import) receivers may put work off;
``batch_finished`` is sent when the outermost batch ends, even on error.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.dispatch import Signal

notice_changed = Signal()
notice_removed = Signal()
batch_finished = Signal()

_state = threading.local()


@contextmanager
def batch() -> Iterator[None]:
    """Mark many changes as one batch so that receivers can apply them together."""
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1
        if _state.depth == 0:
            batch_finished.send(sender=None)


def in_batch() -> bool:
    return getattr(_state, "depth", 0) > 0
