"""Keep the index in line with the database: connected in :meth:`SearchConfig.ready`.

A backend that writes inside the database (PostgreSQL) updates its rows in
the transaction that changed the notice. A single-writer index (Whoosh)
records an :class:`~search.models.IndexTask` in that transaction and, unless
``SEARCH_INDEX_INLINE`` is off (a ``run_indexer`` process applies the queue),
applies the queue in the same request: at once if the lock is free, else
when the transaction commits. Within a batch import the queue is applied
every ``SEARCH_BATCH_SIZE`` notices and at the end. If the lock stays busy the
change is logged, not raised: the task stays queued for the next writer, and
``check_index`` reports the notice as stale until then.

Outside a batch (an editor's request) the write stays small: the wait for
the lock is short (``SEARCH_REQUEST_LOCK_WAIT`` seconds), the write only
appends a segment (merging is left to ``run_indexer`` and the commands), and
a notice longer than ``SEARCH_INLINE_MAX_CHARS`` characters, whose index
write takes tens of seconds, is only queued for ``run_indexer``. On
PostgreSQL such a notice (seconds of segmenting) is queued the same way and
indexed by the ingest worker, ``process_ingest``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from archive.signals import in_batch

from .backends import get_backend
from .backends.base import IndexBusyError
from .models import IndexTask

logger = logging.getLogger(__name__)


def on_notice_changed(sender, notice, **kwargs) -> None:
    backend = get_backend()
    if backend.queues_writes:
        _queue(backend, notice.key)
    elif not in_batch() and len(notice.text or "") > settings.SEARCH_INLINE_MAX_CHARS:
        # Indexing it would keep an editor's request busy for seconds: the ingest worker does it.
        IndexTask.objects.create(notice_key=notice.key)
    else:
        backend.index_notice(notice)


def on_notice_removed(sender, notice=None, key=None, instance=None, **kwargs) -> None:
    target = notice or instance
    key = key or (target.key if target is not None else None)
    if not key:
        return
    backend = get_backend()
    if backend.queues_writes:
        _queue(backend, key)
    else:
        backend.remove_notice(key)


def on_batch_finished(sender, **kwargs) -> None:
    backend = get_backend()
    if backend.queues_writes and settings.SEARCH_INDEX_INLINE:
        apply_queue(backend)


def _queue(backend, key: str) -> None:
    IndexTask.objects.create(notice_key=key)
    if not settings.SEARCH_INDEX_INLINE:
        return
    if in_batch():
        if IndexTask.objects.count() >= settings.SEARCH_BATCH_SIZE:
            # After the notice's transaction: indexing a batch must not hold the database's write lock.
            transaction.on_commit(lambda: apply_queue(backend))
        return
    small = {"lock_wait": settings.SEARCH_REQUEST_LOCK_WAIT, "max_chars": settings.SEARCH_INLINE_MAX_CHARS}
    if transaction.get_connection().in_atomic_block:
        # Never wait for the index lock while holding the database's: try once now, the rest after commit.
        backend.apply_pending(wait=False, max_chars=small["max_chars"])
        transaction.on_commit(lambda: apply_queue(backend, **small))
    else:
        apply_queue(backend, **small)


def apply_queue(backend, *, lock_wait: float | None = None, max_chars: int | None = None) -> None:
    try:
        backend.apply_pending(wait=True, lock_wait=lock_wait, max_chars=max_chars)
    except IndexBusyError:
        logger.error("The search index stayed busy; queued changes wait for run_indexer or the next write.")
