"""Keep the index in line with the database: connected in :meth:`SearchConfig.ready`.

Indexing happens in the request that changed the notice. If the index stays
locked for too long the change is logged, not raised: the database change
stands, and ``check_index`` reports the notice as stale until it is indexed.
"""

from __future__ import annotations

import logging

from .backends import get_backend
from .backends.base import IndexBusyError

logger = logging.getLogger(__name__)


def on_notice_changed(sender, notice, **kwargs) -> None:
    try:
        get_backend().index_notice(notice)
    except IndexBusyError:
        logger.error("Notice %s was saved but not indexed (index busy); run check_index.", notice.key)


def on_notice_removed(sender, notice=None, key=None, instance=None, **kwargs) -> None:
    target = notice or instance
    key = key or (target.key if target is not None else None)
    if not key:
        return
    try:
        get_backend().remove_notice(key)
    except IndexBusyError:
        logger.error("Notice %s was removed but is still indexed (index busy); run check_index.", key)
