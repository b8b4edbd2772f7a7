"""Marking query terms in text: everything escaped, hits wrapped in ``<mark>``.

Matching follows the index: case and full-width forms are folded and
whitespace between the characters of a term is allowed, so a term found by
search is also marked on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import analysis
from .query import Phrase, Query, parse_query

SNIPPET_WIDTH = 160
SNIPPET_LEAD = 40


def query_terms(q: str) -> list[str]:
    """The strings to mark for a user query (normalised, longest first, no excluded terms)."""
    return search_terms(parse_query(q).query)


def search_terms(query: Query, *, content_only: bool = False) -> list[str]:
    """The strings to mark for a parsed query: its words, and the runs of its phrases.

    ``content_only`` leaves out words restricted to the title or issuing body (``title:``, ``body:``).
    """
    terms: list[str] = []
    for leaf in query.positive_leaves():
        if content_only and leaf.field:
            continue
        if isinstance(leaf, Phrase):
            terms.extend(analysis.runs(leaf.text))
        else:
            terms.extend(analysis.query_units(leaf.text))
    return sorted(dict.fromkeys(t for t in terms if t), key=len, reverse=True)


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    parts = [r"\s*".join(re.escape(c) for c in analysis.normalize(term)) for term in terms if term]
    if not parts:
        return None
    return re.compile("|".join(sorted(parts, key=len, reverse=True)))


def _spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    pattern = _pattern(tuple(sorted(set(terms), key=len, reverse=True)))
    if pattern is None:
        return []
    # normalize() keeps the length, so spans found in it apply to the original text.
    return [m.span() for m in pattern.finditer(analysis.normalize(text)) if m.end() > m.start()]


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, cursor = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """``text`` escaped, with every occurrence of any of ``terms`` wrapped in ``<mark>``."""
    text = text or ""
    return mark_safe(_render(text, _spans(text, terms), 0, len(text)))


def contains_any(text: str, terms: Iterable[str]) -> bool:
    """Whether ``text`` contains any of ``terms`` as search matches them (folded, spaces allowed)."""
    return bool(_spans(text or "", terms))


def snippet_text(text: str, terms: Iterable[str], *, width: int = SNIPPET_WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """A plain excerpt of about ``width`` characters around the first hit, and the hits in it.

    The hits are ``(start, end)`` character offsets into the excerpt (Python
    string indices, end exclusive). Without a hit the excerpt is the text's
    beginning. Cut ends get an ellipsis.
    """
    text = " ".join((text or "").split())
    spans = _spans(text, terms)
    start = max(0, spans[0][0] - SNIPPET_LEAD) if spans else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    lead = "…" if start > 0 else ""
    excerpt = lead + text[start:end] + ("…" if end < len(text) else "")
    shift = len(lead) - start
    ranges = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end]
    return excerpt, ranges


def render_ranges(text: str, ranges: list[tuple[int, int]]) -> SafeString:
    """``text`` escaped with the given ranges wrapped in ``<mark>``."""
    return mark_safe(_render(text, ranges, 0, len(text)))


def snippet(text: str, terms: Iterable[str], *, width: int = SNIPPET_WIDTH) -> SafeString:
    """An escaped excerpt of about ``width`` characters around the first hit, hits marked (see :func:`snippet_text`)."""
    return render_ranges(*snippet_text(text, terms, width=width))
