"""System checks for the search configuration."""

from __future__ import annotations

from django.core.checks import Error, register
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
