"""Run as a process: ``import_notices`` that stops dead at a chosen point, for tests that kill it there.

    python -m tests.archive.fault_runner POINT NTH PATH...

POINT is where the NTH occurrence pauses (prints ``PAUSED`` and sleeps until
killed): ``before_transaction`` (the original is stored, nothing in the
database yet), ``in_transaction`` (the notice and its sections are written,
not committed), ``before_index`` (committed, the search index not yet
written) or ``in_index_write`` (a Whoosh writer holds the lock and has
taken some of the notices, nothing committed). Settings come from the environment, as for ``manage.py``.
"""

from __future__ import annotations

import sys
import time


def pause_at(owner, name: str, nth: int) -> None:
    """Make the ``nth`` call of ``owner.name`` announce itself and hang."""
    original = getattr(owner, name)
    calls = 0

    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == nth:
            print("PAUSED", flush=True)
            time.sleep(600)
        return original(*args, **kwargs)

    setattr(owner, name, wrapper)


def main(point: str, nth: int, paths: list[str]) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from archive.services import imports
    from search.backends.whoosh import WhooshBackend

    targets = {
        "before_transaction": (imports, "_store_import"),
        "in_transaction": (imports, "_record"),
        "before_index": (WhooshBackend, "apply_pending"),
        "in_index_write": (WhooshBackend, "_refresh"),
    }
    owner, name = targets[point]
    pause_at(owner, name, nth)
    call_command("import_notices", *paths)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
