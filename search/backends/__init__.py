"""The configured search backend: ``settings.SEARCH_BACKEND`` is "whoosh" or a dotted class path.

:func:`get_backend` returns one shared instance per setting and index folder;
creating it opens nothing (the backend opens its index on first use).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import SearchBackend

ALIASES = {"whoosh": "search.backends.whoosh.WhooshBackend", "postgres": "search.backends.postgres.PostgresBackend"}

_lock = threading.Lock()
_current: tuple[tuple[str, str], SearchBackend] | None = None


def backend_class(name: str | None = None) -> type[SearchBackend]:
    """The backend class for a setting value; ImproperlyConfigured says what is wrong."""
    name = name if name is not None else getattr(settings, "SEARCH_BACKEND", "whoosh")
    path = ALIASES.get(name, name)
    if "." not in path:
        raise ImproperlyConfigured(f"未知的 SEARCH_BACKEND “{name}”:可用 {', '.join(ALIASES)} 或类的完整路径。")
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"无法导入 SEARCH_BACKEND “{name}”:{exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, SearchBackend)):
        raise ImproperlyConfigured(f"SEARCH_BACKEND “{name}”不是 search.backends.base.SearchBackend 的子类。")
    return cls


def get_backend() -> SearchBackend:
    """The shared backend for the current settings (a new one when the setting or index folder changes)."""
    global _current
    key = (str(settings.SEARCH_BACKEND), str(getattr(settings, "SEARCH_INDEX_DIR", "")))
    with _lock:
        if _current is None or _current[0] != key:
            _current = (key, backend_class()())
        return _current[1]
