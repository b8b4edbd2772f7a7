"""System checks for the search configuration."""

from __future__ import annotations

import multiprocessing
import os

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import connections


@register("search")
def check_search_backend(app_configs=None, **kwargs) -> list[Error]:
    """Report a SEARCH_BACKEND that cannot be loaded, or that does not fit the database, with the fix."""
    from .backends import backend_class

    try:
        cls = backend_class()
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint=(
                    '把 SEARCH_BACKEND 设为 "whoosh" 或 "postgres",或设为 SearchBackend 子类的完整路径'
                    "(如 search.backends.whoosh.WhooshBackend)。"
                ),
                id="search.E001",
            )
        ]
    if cls.name == "postgres" and connections["default"].vendor != "postgresql":
        return [
            Error(
                "SEARCH_BACKEND=postgres 需要 PostgreSQL 数据库,当前 DATABASE_URL 指向 "
                f"{connections['default'].vendor}。",
                hint="把 DATABASE_URL 设为 postgres://…,或把 SEARCH_BACKEND 设为 whoosh。",
                id="search.E002",
            )
        ]
    return []


def gunicorn_workers() -> int:
    """The worker count gunicorn.conf.py gives gunicorn: GUNICORN_WORKERS, else WEB_CONCURRENCY, else 2 × CPUs + 1."""
    for name in ("GUNICORN_WORKERS", "WEB_CONCURRENCY"):
        value = os.environ.get(name, "").strip()
        if value.isdigit():
            return int(value)
    return multiprocessing.cpu_count() * 2 + 1


@register("search", deploy=True)
def check_inline_indexing(app_configs=None, **kwargs) -> list[Warning]:
    """Warn when several gunicorn workers would each write (and wait for) the one Whoosh index."""
    from .backends import backend_class

    try:
        queues = backend_class().queues_writes
    except ImproperlyConfigured:
        return []  # reported by check_search_backend
    workers = gunicorn_workers()
    if not (queues and settings.SEARCH_INDEX_INLINE and workers > 1):
        return []
    return [
        Warning(
            f"{workers} 个 gunicorn 工作进程都会在请求中写入同一个 Whoosh 索引(SEARCH_INDEX_INLINE=true):"
            "它们轮流等待索引锁,编辑的请求可能超时。",
            hint=(
                "设置 SEARCH_INDEX_INLINE=false,并在 gunicorn 旁运行一个 manage.py run_indexer 进程"
                "(见 docs/deployment.md);或只用一个工作进程(GUNICORN_WORKERS=1)。"
            ),
            id="search.W001",
        )
    ]
