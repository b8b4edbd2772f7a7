"""A parsed query and facet filters as SQL over the PostgreSQL backend's notice table.

A notice matches a unit (a Term's unit or a Phrase, see :mod:`search.backends.base`)
when one of its parts contains it. Each unit gives three conditions on the
notice row ``n``:

* ``loose``: decided by the GIN index of ``search_lexemes(n.content)`` alone
  (every bigram and character of the unit occurs in the notice). For a run
  of one or two characters, a number of up to eight digits (indexed whole),
  or a ``title:``/``body:`` unit, this is already exact.
* ``scan``: the unit found by ``strpos`` in the notice's text, exact without
  any index; used where the rows are already few (confirming listed
  candidates, excluding with ``-``).
* ``exact``: ``loose``, and ``scan`` where ``loose`` is not exact: the index
  narrows, the text decides, at a cost in proportion to the candidates.

Values always travel as parameters; only fixed SQL text is concatenated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import analysis
from ..query import AnyOf, Phrase, Query
from . import pg_vectors as vec
from .base import SearchRequest

NOTICE_TABLE = "search_searchnotice"
SLOT_TABLE = "search_typeslot"  # (slug, slot): each type's index in a row's type_sections (migration 0010)
LEXEMES = "search_lexemes(n.content)"  # the expression of the GIN index (migration 0009)
FACET_COLUMNS = {"body": "body", "round": "round", "kind": "kind", "organ": "organ", "year": "year"}
RANK_BASE = 0.001
ORDER_BY = {
    "relevance": "score DESC, (f.date = ''), f.date DESC, f.key",
    "newest": "(f.date = ''), f.date DESC, f.key",
    "oldest": "(f.date = ''), f.date ASC, f.key",
}


class Sql:
    """A SQL fragment with its parameters."""

    def __init__(self, sql: str = "", params: Iterable = ()):
        self.sql, self.params = sql, list(params)

    def __and__(self, other: Sql) -> Sql:
        return Sql.join([self, other], "AND")

    @staticmethod
    def join(parts: list[Sql], operator: str) -> Sql:
        if len(parts) == 1:
            return parts[0]
        return Sql(f" {operator} ".join(f"({p.sql})" for p in parts), [x for p in parts for x in p.params])

    def negated(self) -> Sql:
        return Sql(f"NOT ({self.sql})", self.params)


@dataclass
class Match:
    """The conditions for a query or part of one.

    ``loose`` holds at most one condition on the lexeme index, whose tsquery is
    ``lexemes``: the planner answers ``expr @@ a AND expr @@ b`` from one index
    but may choose to answer ``expr @@ a`` from it and compute ``expr`` row by
    row for ``b`` (tens of milliseconds a notice), so conditions on the index
    are always merged into one tsquery.
    """

    loose: Sql
    check: Sql | None  # what ``exact`` adds to ``loose`` (None: loose is exact)
    scan: Sql  # exact without the index: for rows already chosen
    lexemes: str | None = None  # loose is exactly LEXEMES @@ lexemes

    @property
    def verifies(self) -> bool:
        """Whether exact reads the text (loose alone would over-count)."""
        return self.check is not None

    @property
    def exact(self) -> Sql:
        return self.loose if self.check is None else self.loose & self.check

    @staticmethod
    def on_lexemes(query: str, check: Sql | None, scan: Sql) -> Match:
        return Match(Sql(f"{LEXEMES} @@ %s::tsquery", [query]), check, scan, query)

    @staticmethod
    def combine(matches: list[Match], operator: str) -> Match:
        if len(matches) == 1:
            return matches[0]
        scan = Sql.join([m.scan for m in matches], operator)
        symbol = "&" if operator == "AND" else "|"
        indexed = [m.lexemes for m in matches if m.lexemes is not None]
        lexemes = f" {symbol} ".join(f"({q})" for q in indexed) if indexed else None
        others = [m.loose for m in matches if m.lexemes is None]
        if lexemes is not None and (operator == "AND" or not others):
            merged = Match.on_lexemes(lexemes, None, scan)
            loose = Sql.join([merged.loose, *others], operator) if others else merged.loose
        else:
            loose, lexemes = Sql.join([m.loose for m in matches], operator), None
        checks = [m.check for m in matches if m.check is not None]
        if not checks:
            check = None
        elif operator == "AND":
            # Each exact is its loose AND its check: the loose halves gather in ``loose``.
            check = Sql.join(checks, "AND")
        else:
            # Each scan implies its loose, so (OR of loose) AND (OR of scans) is the OR of the exacts.
            check = scan
        return Match(loose, check, scan, lexemes if loose.sql == f"{LEXEMES} @@ %s::tsquery" else None)


def leaf_units(leaf) -> list[list[str]]:
    """The units a Term or Phrase requires, each a list of runs that must occur in one part."""
    if isinstance(leaf, Phrase):
        runs = analysis.runs(leaf.text)
        return [runs] if runs else []
    return [runs for unit in analysis.query_units(leaf.text) if (runs := analysis.runs(unit))]


def _unit(field: str | None, runs: list[str]) -> Match:
    if field in ("title", "body"):
        column = "title_tsv" if field == "title" else "names_tsv"
        condition = Sql(f"n.{column} @@ %s::tsquery", [vec.unit_query(runs)])  # a short text: the recheck is cheap
        return Match(condition, None, condition)
    if len(runs) == 1:
        # A run never spans a space or a line break: found in the text, it is in one part.
        scan = Sql("strpos(n.content, %s) > 0", runs)
    else:
        scan = Sql(
            "EXISTS (SELECT 1 FROM unnest(string_to_array(n.content, chr(10))) AS p(text) WHERE "
            + " AND ".join("strpos(p.text, %s) > 0" for _ in runs)
            + ")",
            runs,
        )
    decided = len(runs) == 1 and (len(runs[0]) <= 2 or vec.is_number_lexeme(runs[0]))
    return Match.on_lexemes(vec.prefilter_query(runs), None if decided else scan, scan)


def _node(node) -> Match | None:
    """The conditions of one query node; None when it has nothing searchable."""
    if isinstance(node, AnyOf):
        options = [m for m in map(_node, node.options) if m is not None]
        return Match.combine(options, "OR") if options else None
    units = leaf_units(node)
    if not units:
        return None
    return Match.combine([_unit(node.field, runs) for runs in units], "AND")


def match_query(query: Query, exclude: frozenset[str]) -> Match:
    """Conditions on ``n`` for notices matching ``query`` and not in ``exclude``."""
    parts = [m for m in map(_node, query.must) if m is not None]
    for node in query.must_not:
        found = _node(node)
        if found is not None:
            # Excluding needs the exact condition even in the loose query, or true hits would be dropped.
            # The text decides, row by row: never the index expression, which would be computed per row.
            negated = found.scan.negated()
            parts.append(Match(negated, None, negated))
    if exclude:
        keys = Sql("NOT (n.key = ANY(%s))", [sorted(exclude)])
        parts.append(Match(keys, None, keys))
    if not parts:
        return Match(Sql("TRUE"), None, Sql("TRUE"))
    return Match.combine(parts, "AND")


def filter_condition(request: SearchRequest, *, ignore: str | None = None, alias: str = "m") -> Sql:
    """Facet selections (all but ``ignore``) and the date range, on the matching rows ``alias``."""
    conditions = [Sql("TRUE")]
    filters = request.filters
    for facet, chosen in filters.selected.items():
        if facet == ignore or not chosen:
            continue
        if facet == "type":
            conditions.append(Sql(f"{alias}.types ?| %s", [sorted(chosen)]))
        else:
            conditions.append(Sql(f"{alias}.{FACET_COLUMNS[facet]} = ANY(%s)", [sorted(chosen)]))
    if filters.date_from:
        conditions.append(Sql(f"{alias}.date <> '' AND {alias}.date >= %s", [filters.date_from.isoformat()]))
    if filters.date_to:
        conditions.append(Sql(f"{alias}.date <> '' AND {alias}.date <= %s", [filters.date_to.isoformat()]))
    return Sql.join(conditions, "AND")


def content_pieces(query: Query) -> dict[str, float]:
    """The runs of the positive content units, each weighing 1: they pick and order the parts shown for a hit."""
    return {
        run: 1.0 for leaf in query.positive_leaves() if leaf.field is None for runs in leaf_units(leaf) for run in runs
    }


def words_query(query: Query) -> str:
    """Any word of the positive leaves, for ranking notices ('' when none)."""
    return vec.words_query(w for leaf in query.positive_leaves() for w in analysis.query_tokens(leaf.text))


def _type_rows(where: Sql, slots: list[tuple[str, int]]) -> Sql:
    """('facet', 'type', slug, notices, sections) rows over ``m`` in one pass of plain aggregates.

    A notice's ``type_sections`` holds, at each of its types' slots, its sections carrying the type
    (NULL elsewhere): counting the non-NULL values counts notices, summing them counts sections.
    Several times cheaper than unnesting each matching notice's types (the largest cost of a query
    matching most notices).
    """
    if not slots:
        return Sql("SELECT 'facet', NULL::text, NULL::text, NULL::bigint, NULL::float8 WHERE FALSE")
    aggregates = ", ".join(
        f"count(m.type_sections[{slot:d}]) AS n{i}, sum(m.type_sections[{slot:d}])::float8 AS s{i}"
        for i, (_slug, slot) in enumerate(slots)
    )
    values = ", ".join(f"(%s::text, a.n{i}, a.s{i})" for i in range(len(slots)))
    return Sql(
        f"SELECT 'facet', 'type', t.value, t.notices, t.sections FROM (SELECT {aggregates} FROM m"
        f" WHERE {where.sql}) AS a CROSS JOIN LATERAL (VALUES {values}) AS t(value, notices, sections)"
        " WHERE t.notices > 0",
        [*where.params, *(slug for slug, _slot in slots)],
    )


def _facet_rows(request: SearchRequest, type_slots: list[tuple[str, int]]) -> Sql:
    """('facet', name, value, count, sections) rows: each facet over ``m`` with the other facets' filters.

    ``sections`` is NULL except for the type facet: the sections carrying the type in the notices counted.
    """
    selects = []
    for facet in request.facets:
        where = filter_condition(request, ignore=facet)
        if facet == "type":
            selects.append(_type_rows(where, type_slots))
            continue
        value = f"m.{FACET_COLUMNS[facet]}"
        selects.append(
            Sql(
                f"SELECT 'facet', %s::text, {value}::text, count(*), NULL::float8 FROM m"
                f" WHERE {value} <> '' AND {where.sql} GROUP BY {value}",
                [facet, *where.params],
            )
        )
    return Sql(" UNION ALL ".join(f"({s.sql})" for s in selects), [p for s in selects for p in s.params])


def _hit_rows(confirm: bool, words: str, request: SearchRequest, *, rank_cap: int, weights: str) -> Sql:
    """('hit', key, NULL, NULL, score) rows in the order shown, from ``f``.

    Relevance ranks the newest ``rank_cap`` matches; older ones follow by date. These
    are the requested page, or with ``confirm`` (more candidates than can all be
    confirmed) up to ``rank_cap`` candidates in order, for the caller to confirm.
    """
    sort = request.sort if request.sort in ORDER_BY else "relevance"
    if sort == "relevance" and not words:
        sort = "newest"  # nothing to rank by: newest first
    score = Sql("0.0::float8")
    if sort == "relevance":
        # The newest rank_cap matches: a top-N sort, cheaper than numbering every match by date.
        score = Sql(
            "CASE WHEN f.key IN (SELECT r.key FROM f AS r ORDER BY (r.date = ''), r.date DESC, r.key LIMIT %s)"
            f" THEN %s + ts_rank_cd('{weights}', f.words_tsv, %s::tsquery) ELSE 0 END",
            [rank_cap, RANK_BASE, words],
        )
    window = [rank_cap, 0] if confirm else [request.limit, request.offset]
    return Sql(
        f"SELECT 'hit', key, NULL, NULL::bigint, score FROM (SELECT f.key, f.date, {score.sql} AS score FROM f"
        f" ORDER BY {ORDER_BY[sort]} LIMIT %s OFFSET %s) AS page",
        [*score.params, *window],
    )


def confirm_select(keys: list[str], scan: Sql) -> Sql:
    """Those of ``keys`` that satisfy the exact condition without the index (each looked up by key)."""
    return Sql(
        f"SELECT n.key FROM (SELECT * FROM {NOTICE_TABLE} WHERE key = ANY(%s) OFFSET 0) AS n WHERE {scan.sql}",
        [keys, *scan.params],
    )


def page_select(
    condition: Sql,
    confirm: bool,
    words: str,
    request: SearchRequest,
    *,
    type_slots: list[tuple[str, int]] = (),
    **ranking,
) -> Sql:
    """One statement for facet counts, the page of hits and the total (a 'total' row).

    ``type_slots``: every (slug, slot) of the slot table, for the type facet.
    """
    where = filter_condition(request)
    # The types (JSON) only when a type is chosen: copying them for every match costs when most notices match.
    types = " n.types," if request.filters.selected.get("type") else ""
    parts = [
        Sql(
            f"WITH m AS MATERIALIZED (SELECT n.key, n.body, n.round,{types} n.type_sections, n.kind, n.organ, n.year,"
            f" n.date, n.words_tsv FROM {NOTICE_TABLE} n WHERE {condition.sql}),"
            # f is narrow (the ranking vector is a TOAST pointer here): sorting it stays in memory.
            f" f AS MATERIALIZED (SELECT m.key, m.date, m.words_tsv FROM m WHERE {where.sql})",
            [*condition.params, *where.params],
        ),
        Sql(" SELECT 'total', NULL, NULL, count(*), NULL::float8 FROM f"),
        Sql(" UNION ALL ("),
        _hit_rows(confirm, words, request, **ranking),
        Sql(")"),
    ]
    if request.facets:
        parts += [Sql(" UNION ALL "), _facet_rows(request, list(type_slots))]
    return Sql("".join(p.sql for p in parts), [x for p in parts for x in p.params])
