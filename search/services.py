"""The search service: the HTML page and the JSON API both call :func:`run_search`.

It validates parameters (FilterSet), parses the query, asks the configured
backend, and dresses the answer from the database: titles, sections,
highlighted snippets, links, facet labels and toggle links.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from archive.models import Notice, Section
from archive.reading import main_issue_types

from . import highlight, ranking, section_matches
from .backends import get_backend
from .backends.base import NoticeMatch, SearchFilters, SearchRequest, SearchResult, SectionMatch
from .documents import PSEUDO_HEADINGS, SECTION
from .facets import FACET_SIZE, Chip, Facet, Params, build_chips, build_facets
from .filters import SORT_LABELS, SearchFilterSet, canonical_params
from .hints import NoHitHints, no_hit_hints
from .query import AnyOf, ParsedQuery, Query, Term, parse_query
from .synonyms import SynonymTable, Widening, added_texts, widen

PAGE_SIZE = 20
MAX_PAGE = 500
#: At most this many notices matching a query are counted by the statistics pages.
MAX_MATCHES = 20_000
#: A relevance search ranks the sections of this many best notices (and of notices holding some of its words).
RANK_DEPTH = 50


@dataclass
class SectionHit:
    path: str
    heading: str
    url: str  # the section's permanent page (the notice page for preamble and closing)
    notice_url: str  # the notice page at the section, carrying the search (highlights, the way back)
    snippet_text: str  # plain excerpt
    highlights: list[tuple[int, int]] = field(default_factory=list)  # hits in snippet_text, end exclusive
    missing: list[str] = field(default_factory=list)  # query words this section does not hold

    @property
    def snippet(self) -> SafeString:
        """The excerpt escaped, hits in ``<mark>``."""
        return highlight.render_ranges(self.snippet_text, self.highlights)


@dataclass
class NoticeHit:
    key: str
    title: str
    url: str
    issuing_body: str
    feedback_on: dt.date | None
    kind: str
    sections: list[SectionHit] = field(default_factory=list)
    main_types: list = field(default_factory=list)  # IssueType rows, most-covered first
    matching: object = None  # every matching section, when the page asks (search.section_matches)
    missing: list[str] = field(default_factory=list)  # a partial match: query words the notice does not hold


@dataclass
class SimilarHit:
    """A section of another notice, for "related sections" on the reading pages."""

    key: str
    title: str
    path: str
    heading: str
    snippet: SafeString
    url: str


@dataclass
class SearchPage:
    q: str
    count: int = 0
    page: int = 1
    pages: int = 1
    hits: list[NoticeHit] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # about the query: best effort was made
    errors: list[str] = field(default_factory=list)  # invalid parameters, ignored
    sort: str = "relevance"
    sort_links: list[dict] = field(default_factory=list)
    prev_url: str = ""
    next_url: str = ""
    browsing: bool = True  # no query: all published notices, newest first
    partial: int = 0  # notices listed that hold only some of the query's words
    widenings: list[Widening] = field(default_factory=list)  # synonyms added to the query
    synonyms_url: str = ""  # the same search without synonyms (when added), or with them (when turned off)
    synonyms_off: bool = False
    hints: NoHitHints | None = None  # for a query that found nothing
    query: Query = field(default_factory=Query)  # the query as searched (synonyms added)
    state: str = ""  # the search's own parameters as a query string: what links to notices carry
    opened: list[str] = field(default_factory=list)  # results whose list of all matching sections is open

    @property
    def start(self) -> int:
        """The rank of this page's first hit (for the ordered list)."""
        return (self.page - 1) * PAGE_SIZE + 1


def _page_number(raw: str | None, errors: list[str]) -> int:
    if raw in (None, ""):
        return 1
    try:
        page = int(raw)
    except ValueError:
        errors.append(f"页码(page):“{raw[:20]}”不是数字。")
        return 1
    if page < 1:
        errors.append("页码(page)应从 1 开始。")
        return 1
    # A page past the last one is said once by the page, with a link to the last page.
    return page


@dataclass
class PreparedSearch:
    """A search's validated parameters: what every consumer of the search page's parameters needs."""

    q: str
    parsed: ParsedQuery  # the query widened by synonyms, unless ``synonyms_off``
    filters: SearchFilters
    sort: str
    errors: list[str]
    widenings: list[Widening] = field(default_factory=list)  # synonyms the table has for the query's words
    synonyms_off: bool = False


def widened(parsed: ParsedQuery, params) -> tuple[ParsedQuery, list[Widening], bool]:
    """The query ORed with the synonym table's spellings (not with ``syn=0``), what was found, whether off."""
    off = params.get("syn") == "0"
    if parsed.query.is_empty:
        return parsed, [], off
    query, widenings = widen(parsed.query, SynonymTable.from_database())
    return (parsed if off else ParsedQuery(query, parsed.messages)), widenings, off


def prepare_search(params) -> PreparedSearch:
    """Validate the search page's GET parameters (a QueryDict); invalid ones become ``errors``."""
    filterset = SearchFilterSet(params, queryset=Notice.objects.published())
    errors = filterset.error_messages()
    q = params.get("q", "") or ""
    parsed, widenings, off = widened(parse_query(q), params)
    return PreparedSearch(q, parsed, filterset.search_filters(), filterset.sort_value(), errors, widenings, off)


def matching_keys(prepared: PreparedSearch, *, limit: int, sort: str | None = None) -> SearchResult:
    """Up to ``limit`` matching notice keys in the search's order (no facets, no sections)."""
    request = SearchRequest(
        query=prepared.parsed.query,
        filters=prepared.filters,
        sort=sort or prepared.sort,
        offset=0,
        limit=limit,
        sections_per_hit=0,
        facets=(),
    )
    return get_backend().search(request)


def run_search(params, *, base_url: str, sort: str | None = None, matching: bool = False) -> SearchPage:
    """Search with the page's GET parameters (a QueryDict); never raises for bad input.

    ``sort`` overrides the parameters' sort (feeds are always newest first).
    Synonyms from the admin's table widen the query unless ``syn=0``; by
    relevance, sections are ranked across notices (:mod:`search.ranking`).
    With ``matching``, each result also gets every one of its matching
    sections (:mod:`search.section_matches`), as the page and the API show them.
    """
    prepared = prepare_search(params)
    errors, q, parsed, filters = prepared.errors, prepared.q, prepared.parsed, prepared.filters
    sort = sort or prepared.sort
    page = _page_number(params.get("page"), errors)
    expand = set(params.getlist("expand"))
    links = Params(canonical_params(params) or params, base_url)
    query, widenings, synonyms_off = parsed.query, prepared.widenings, prepared.synonyms_off
    state = section_matches.state_query(params)
    backend = get_backend()
    ranked_request = sort == "relevance" and bool(ranking.query_words(query))
    request = SearchRequest(
        query=query,
        filters=filters,
        sort=sort,
        offset=0 if ranked_request else (min(page, MAX_PAGE) - 1) * PAGE_SIZE,
        limit=RANK_DEPTH if ranked_request else PAGE_SIZE,
        sections_per_hit=0 if ranked_request else 3,
        facet_size=None if expand else FACET_SIZE,
    )
    result = backend.search(request)
    missing: dict = {}
    partial = 0
    if ranked_request:
        ranked = ranking.rank_search(backend, query, result, filters=filters, synonyms=added_texts(widenings))
        matches, items, missing = _ranked_page(backend, request, ranked, result.total, page)
        hits = present_hits(SearchResult(result.total, matches), query, state, missing=missing)
        partial = len(ranked.partial)
    else:
        items = result.total
        hits = present_hits(result, query, state)
    if matching:
        section_matches.attach(hits, query, sorted(filters.selected.get("type", ())), state)
    facets = build_facets(result.facets, dict(filters.selected), links, expand, result.type_sections)
    pages = max(1, -(-min(items, MAX_PAGE * PAGE_SIZE) // PAGE_SIZE))
    browsing = parsed.query.is_empty
    past_last = [f"没有第 {page} 页:共 {pages} 页。"] if page > pages else []
    hints = None
    if page == 1 and not browsing and not result.total:
        hints = no_hit_hints(backend, query, q, vocabulary=SynonymTable.from_database().words())
        hints.without_url = links.url(q=[hints.without_q]) if hints.without_q else ""
        for suggestion in hints.suggestions:
            suggestion.url = links.url(q=[suggestion.q])
    return SearchPage(
        q=q,
        count=result.total,
        page=page,
        pages=pages,
        hits=hits if not past_last else [],
        facets=facets,
        chips=build_chips(facets, links),
        messages=parsed.messages + past_last,
        errors=errors,
        sort="newest" if browsing and sort == "relevance" else sort,
        sort_links=[
            {"value": v, "label": label, "url": links.url(sort=[v]), "current": v == sort}
            for v, label in SORT_LABELS.items()
            if not (browsing and v == "relevance")
        ],
        prev_url=links.page_url(min(page - 1, pages)) if page > 1 else "",
        next_url=links.page_url(page + 1) if page < pages else "",
        browsing=browsing,
        partial=partial,
        widenings=widenings,
        synonyms_url=links.url(syn=None if synonyms_off else ["0"]) if widenings else "",
        synonyms_off=synonyms_off,
        hints=hints,
        query=query,
        state=state,
        opened=section_matches.opened(params),
    )


def _ranked_page(backend, request: SearchRequest, ranked, total: int, page: int) -> tuple[list, int, dict]:
    """(this page's notice matches, how many items all pages hold, (key, path, kind) → missing words)."""
    beyond = max(0, total - ranked.window)  # strict matches past the ranked ones, in the backend's order
    start = (page - 1) * PAGE_SIZE
    several = len(ranked.words) > 1
    missing = {}
    matches = []
    for key, parts in ranked.groups[start : start + PAGE_SIZE]:
        sections = [SectionMatch(p.path, p.kind, p.score) for p in parts]
        matches.append(NoticeMatch(key, parts[0].score if parts else 0.0, sections))
        for p in parts:
            missing[(key, p.path, p.kind)] = ranking.missing_labels(ranked.words, p.found) if several else []
        if key in ranked.partial:
            missing[key] = ranked.partial[key]
    wanted = PAGE_SIZE - len(matches)
    if wanted > 0 and beyond:
        offset = ranked.window + max(0, start - len(ranked.groups))
        more = SearchRequest(**{**request.__dict__, "offset": offset, "limit": wanted, "sections_per_hit": 3})
        matches.extend(backend.search(SearchRequest(**{**more.__dict__, "facets": ()})).hits)
    return matches, len(ranked.groups) + beyond, missing


def filtered_notices(params) -> tuple[QuerySet, list[str]]:
    """Published notices passing the search page's filters and query ``q``, with messages about bad input.

    The same parameters as :func:`run_search` (invalid ones are ignored and
    reported); without a query no index is read. Statistics pages count these.
    """
    filterset = SearchFilterSet(params, queryset=Notice.objects.published())
    errors = filterset.error_messages()
    notices = filterset.qs.order_by()
    parsed, _widenings, _off = widened(parse_query(params.get("q", "") or ""), params)
    if parsed.query.is_empty:
        return notices, errors + parsed.messages
    request = SearchRequest(
        query=parsed.query,
        filters=filterset.search_filters(),
        sort="newest",  # only the set of keys counts here: no scoring
        limit=MAX_MATCHES,
        sections_per_hit=0,
        facets=(),
    )
    keys = [hit.key for hit in get_backend().search(request).hits]
    return notices.filter(key__in=_key_list(keys, notices.db)), errors + parsed.messages


def _key_list(keys: list[str], alias: str) -> RawSQL:
    """The keys as a one-parameter subquery.

    A query can match thousands of notices, and every statistics table filters
    by them: as ``IN (%s, %s, …)`` each table's SQL took longer to compile and
    plan than to run.
    """
    if connections[alias].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", [keys])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(keys)])


def present_hits(result: SearchResult, query: Query, state: str, *, missing: dict | None = None) -> list[NoticeHit]:
    """Backend matches with their database rows: titles, section texts, snippets and links.

    ``state`` is the search's query string, carried by the links to the notice page;
    ``missing`` names query words a notice (by key) or a part (by key, path, kind) does not hold.
    """
    missing = missing or {}
    terms = highlight.search_terms(query)
    keys = [hit.key for hit in result.hits]
    # The long texts and JSON are left in the database: a result shows the title, its facts and a few sections.
    # (A notice without sections reads its text when its snippet is made.)
    heavy = ("raw_text", "text", "provenance", "metadata", "warnings", "date_notes", "problem_counts")
    notices = Notice.objects.select_related("issuing_body").defer(*heavy).in_bulk(keys, field_name="key")
    wanted = {(hit.key, s.path) for hit in result.hits for s in hit.sections if s.kind == SECTION}
    # The notices are loaded already: joining them again per section would read every notice's text once per row.
    by_pk = {notice.pk: notice for notice in notices.values()}
    sections = {}
    # No ordering: Section's default orders by the notice's, joining every notice row.
    for section in Section.objects.filter(notice_id__in=by_pk, path__in={p for _, p in wanted}).order_by():
        section.notice = by_pk[section.notice_id]
        sections[(section.notice.key, section.path)] = section
    main = main_issue_types(by_pk)
    hits = []
    for match in result.hits:
        notice = notices.get(match.key)
        if notice is None:  # deleted since the index was read
            continue
        parts = [_section_hit(notice, sections, part, terms, state) for part in match.sections]
        for part, shown in zip(match.sections, parts, strict=True):
            if shown is not None:
                shown.missing = missing.get((match.key, part.path, part.kind), [])
        hits.append(
            NoticeHit(
                key=notice.key,
                title=str(notice),
                url=notice.get_absolute_url(),
                issuing_body=notice.issuing_body.name if notice.issuing_body else notice.issuing_body_text,
                feedback_on=notice.feedback_on,
                kind=notice.inspection_kind,
                sections=[p for p in parts if p is not None],
                main_types=main[notice.pk],
                missing=missing.get(match.key, []),
            )
        )
    return hits


def _section_hit(notice: Notice, sections: dict, part, terms: list[str], state: str) -> SectionHit | None:
    query_string = f"?{state}" if state else ""
    if part.kind == SECTION:
        section = sections.get((notice.key, part.path))
        if section is None:
            return None
        heading = f"{section.number}{section.heading}"
        text = f"{section.heading}\n{section.text}"
        url = section.get_absolute_url()
        notice_url = f"{notice.get_absolute_url()}{query_string}#{section.anchor}"
    else:
        text = {"preamble": notice.preamble, "closing": notice.closing}.get(part.kind, notice.text)
        heading = PSEUDO_HEADINGS.get(part.kind, "")
        url = notice.get_absolute_url()
        notice_url = f"{url}{query_string}"
    return SectionHit(part.path, heading, url, notice_url, *highlight.snippet_text(text, terms))


def similar_hits(result: SearchResult, query: Query, *, limit: int) -> list[SimilarHit]:
    """The best section of each matching notice, as :class:`SimilarHit` items."""
    hits = []
    # Only the distinctive words are marked: 问题 or 违反 are in every passage and say nothing of the likeness.
    terms = highlight.distinctive_terms(highlight.search_terms(query))
    marked = Query(must=(AnyOf(tuple(Term(t) for t in terms)),)) if terms else Query()
    for notice_hit in present_hits(result, marked, ""):
        for section in notice_hit.sections[:1]:
            hit = SimilarHit(
                notice_hit.key, notice_hit.title, section.path, section.heading, section.snippet, section.url
            )
            hits.append(hit)
    return hits[:limit]
