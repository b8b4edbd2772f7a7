"""``{{ text|marked:terms }}``: text escaped with the search's terms in ``<mark>`` (titles and headings)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from search.highlight import highlight

register = template.Library()


@register.filter
def marked(text, terms) -> SafeString:
    """``text`` escaped, every occurrence of ``terms`` (a list from :func:`search.highlight.query_terms`) marked."""
    return highlight(str(text or ""), terms or [])
