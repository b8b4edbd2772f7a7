"""System checks for the search configuration."""

from __future__ import annotations

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register("search")
def check_search_backend(app_configs=None, **kwargs) -> list[Error]:
    """Report a SEARCH_BACKEND that cannot be loaded, with the fix."""
    from .backends import backend_class

    try:
        backend_class()
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint=(
                    '把 SEARCH_BACKEND 设为 "whoosh",或设为 SearchBackend 子类的完整路径'
                    "(如 search.backends.whoosh.WhooshBackend)。"
                ),
                id="search.E001",
            )
        ]
    return []
