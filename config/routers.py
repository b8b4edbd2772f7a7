"""Database routing for a PostgreSQL primary with read replicas.

Writes, migrations and search-index writes go to ``default`` (the primary).
Reads go to a replica (``replica1``, ``replica2`` … from ``DATABASE_REPLICA_URLS``)
unless the code is inside a transaction on the primary or has pinned the
primary for the current request, so that a page rendered after a save never
shows the state from before it (replicas lag behind the primary).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_PREFIX = "replica"
_pinned: ContextVar[bool] = ContextVar("archive_db_pinned_to_primary", default=False)


def replica_aliases() -> list[str]:
    """The configured replica aliases, in settings order."""
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@contextmanager
def use_primary() -> Iterator[None]:
    """Within this block every read goes to the primary."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class PrimaryReplicaRouter:
    """Reads to a random replica, everything else to the primary."""

    def db_for_read(self, model, **hints) -> str:
        replicas = replica_aliases()
        if not replicas or _pinned.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            # Follow a relation from where the instance itself came from.
            return instance._state.db
        return random.choice(replicas)

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Replicas hold the same rows as the primary, so objects may relate across them.
        known = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in known and obj2._state.db in known:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class PrimaryForWritesMiddleware:
    """Pins reads to the primary for requests that change data and for the admin.

    A POST and the page that follows an editor's save must see the write; public
    GET pages read from replicas.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response
        self.primary_prefixes = tuple(getattr(settings, "DATABASE_PRIMARY_PATH_PREFIXES", ("/admin/",)))

    def __call__(self, request):
        if request.method not in self.SAFE_METHODS or request.path.startswith(self.primary_prefixes):
            with use_primary():
                return self.get_response(request)
        return self.get_response(request)
