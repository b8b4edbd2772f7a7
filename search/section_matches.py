"""Every matching section of each result on a search page, for "N 个章节匹配" and the list behind it.

A result lists its best few sections; the reader is told how many of its
sections match and can open all of them. A section matches as the export
counts it: with a query, it contains one of the query's content words (as the
page marks them); with an issue type chosen, it carries one of the chosen
types (and, with a query too, contains a word). Without a query or a type
nothing is counted: every section would match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from django.urls import reverse
from django.utils.safestring import SafeString

from archive.models import Section

from . import highlight
from .backends.base import FACETS
from .query import Query

#: The search page's parameters: what a link back to the same results carries (``open``: the results whose
#: list of all matching sections is open, by notice key).
STATE_PARAMS = ("q", *FACETS, "from", "to", "sort", "page", "expand", "syn", "open")

SNIPPET_WIDTH = 90


@dataclass
class MatchingSection:
    path: str
    title: str  # number and heading, plain text
    heading: SafeString  # number and heading, escaped, terms marked
    url: str  # the notice page at the section, carrying the search (with this result's list open)
    permalink: str
    snippet: SafeString


@dataclass
class Matching:
    """A result's matching sections in document order; ``count`` of them, ``shown`` already listed above."""

    count: int
    sections: list[MatchingSection] = field(default_factory=list)
    shown: int = 0

    @property
    def more(self) -> int:
        return max(0, self.count - self.shown)


def attach(hits: list, query: Query, types: list[str], state: str) -> None:
    """Set ``hit.matching`` on every result (left ``None`` when nothing is counted; see the module docstring).

    ``state`` is the search's query string (:func:`state_query`), carried by each link so the
    notice page marks the words and leads back to these results; a link in a result's list also
    carries ``open`` for that result, since the list is open when it is followed.
    """
    terms = highlight.search_terms(query, content_only=True)
    if not hits or not (terms or types):
        return
    sections = Section.objects.filter(notice__key__in=[hit.key for hit in hits]).select_related("notice")
    if types:
        sections = sections.filter(issue_types__slug__in=types).distinct()
    by_key: dict[str, list[Section]] = {}
    for section in sections.only("path", "number", "heading", "text", "order", "notice__key").order_by("order"):
        if not terms or highlight.contains_any(f"{section.heading}\n{section.text}", terms):
            by_key.setdefault(section.notice.key, []).append(section)
    for hit in hits:
        found = by_key.get(hit.key, [])
        listed = {s.path for s in hit.sections}
        suffix = f"?{with_open(state, hit.key)}"
        hit.matching = Matching(
            count=len(found),
            sections=[_present(s, terms, suffix) for s in found],
            shown=sum(1 for s in found if s.path in listed),
        )


def with_open(state: str, key: str) -> str:
    """``state`` with the result ``key``'s list of matching sections open."""
    params = parse_qsl(state, keep_blank_values=False)
    if ("open", key) in params:
        return state
    return urlencode([*params, ("open", key)])


def opened(params) -> list[str]:
    """The notice keys whose list of matching sections the URL opens (``open``, repeatable)."""
    return [key[:40] for key in params.getlist("open")[:50] if key]


def _present(section: Section, terms: list[str], suffix: str) -> MatchingSection:
    notice_url = reverse("archive:notice", kwargs={"key": section.notice.key})
    title = f"{section.number}{section.heading}"
    return MatchingSection(
        path=section.path,
        title=title,
        heading=highlight.highlight(title, terms),
        url=f"{notice_url}{suffix}#{section.anchor}",
        permalink=section.get_absolute_url(),
        snippet=highlight.snippet(section.text or section.heading, terms, width=SNIPPET_WIDTH),
    )


def is_search(params) -> bool:
    """Whether ``params`` hold a query or a filter: a search to lead back to."""
    return any(v.strip() for name in ("q", *FACETS, "from", "to") for v in params.getlist(name))


def state_query(params) -> str:
    """The query string of a search page's state (query, filters, sort, page, open lists), for links that lead back.

    Other parameters are dropped, so whatever a link carries only ever leads to the search page.
    """
    return urlencode([(name, v[:200]) for name in STATE_PARAMS for v in params.getlist(name)[:20] if v])
