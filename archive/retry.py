"""Writes that meet a busy database: wait, try again a few times, then say so plainly.

SQLite serialises writers (immediate transactions and a busy timeout make a
writer wait its turn); a lock that outlasts the timeout, or a parallel
writer that stored the same row first (an IntegrityError, on any database),
is worth another attempt after a pause that grows each time.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, OperationalError, transaction

# A write that meets a busy database is tried again this many times, waiting longer each time.
WRITE_ATTEMPTS = 5
WRITE_BACKOFF_SECONDS = 0.5
BUSY_MESSAGE = "数据库正忙(其他导入或编辑正在写入),这个文件没有导入,原始文件已保存:请稍后重试。"

logger = logging.getLogger(__name__)
T = TypeVar("T")


class DatabaseBusyError(RuntimeError):
    """The database stayed locked by other writers through every retry."""


def with_retry(write: Callable[[], T]) -> T:
    """Run a write transaction, again after a pause when the database is locked or a parallel writer won a race.

    A lock that outlasts every attempt raises :class:`DatabaseBusyError`. Inside
    an enclosing transaction nothing is retried (only the outermost one can be).
    """
    if transaction.get_connection().in_atomic_block:
        return write()
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            return write()
        except OperationalError as exc:
            if not any(word in str(exc) for word in ("locked", "busy", "deadlock")):
                raise
            logger.warning("Database busy (attempt %d of %d): %s", attempt, WRITE_ATTEMPTS, exc)
            error: Exception = exc
        except IntegrityError as exc:
            # Another process stored the same text or a name first; the next attempt finds its row.
            logger.warning("Parallel writer won a race (attempt %d of %d): %s", attempt, WRITE_ATTEMPTS, exc)
            error = exc
        if attempt < WRITE_ATTEMPTS:
            time.sleep(WRITE_BACKOFF_SECONDS * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
    raise DatabaseBusyError(BUSY_MESSAGE) from error
