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
from typing import TYPE_CHECKING

from .. import analysis
from ..query import AnyOf, Phrase, Query
from . import pg_vectors as vec
from .base import SearchRequest

if TYPE_CHECKING:
    from .pg_tally import Complement

NOTICE_TABLE = "search_searchnotice"
SLOT_TABLE = "search_typeslot"  # (slug, slot): each type's fixed place in a row's type_counts (migrations 0010, 0011)
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


# A notice's issue types packed into one number (``type_counts``): the type at slot k adds
# (1 + sections) * TYPE_BASE ** (2k - 2), i.e. a notice and its sections carrying the type, each
# in its own group of ten decimal digits. Summed over any rows the groups never carry into each
# other (fewer than 10**10 notices or sections), so one ``sum()`` counts every type at once:
# about eight times cheaper than a count and a sum of an array element per type and row.
TYPE_BASE = 10**10


def pack_type_counts(sections_by_slot: dict[int, int]) -> int:
    """A notice's ``type_counts``: at each of its types' slots, one notice and its sections carrying it."""
    return sum((1 + sections * TYPE_BASE) * TYPE_BASE ** (2 * slot - 2) for slot, sections in sections_by_slot.items())


def unpack_type_counts(total: int, slots: Iterable[tuple[str, int]]) -> dict[str, tuple[int, int]]:
    """slug → (notices, sections) of a sum of ``type_counts``, for the types with at least one notice."""
    counts = {}
    for slug, slot in slots:
        group = total // TYPE_BASE ** (2 * slot - 2) % TYPE_BASE**2
        if notices := group % TYPE_BASE:
            counts[slug] = (notices, group // TYPE_BASE)
    return counts


def _type_rows(where: Sql, source: str, kind: str) -> Sql:
    """One (kind, NULL, packed sum, NULL, NULL) row: the rows' ``type_counts`` summed, as text."""
    return Sql(
        f"SELECT %s, NULL::text, coalesce(sum(m.type_counts), 0)::text, NULL::bigint, NULL::float8"
        f" FROM {source} AS m WHERE {where.sql}",
        [kind, *where.params],
    )


def _facet_rows(request: SearchRequest, *, source: str = "m", sign: str = "", guard: str | None = None) -> Sql:
    """('facet', name, value, count, NULL) rows: each facet over ``source`` with the other facets' filters.

    The type facet is one packed ('types', …) row instead (see :func:`_type_rows`). Facets
    that share their filters (no value of any of them chosen) are counted in one pass of
    grouping sets, about 40 % cheaper than a pass per facet when most notices match.
    ``sign`` ("-") marks rows to subtract; ``guard`` is a condition every row needs.
    """
    selects, grouped = [], []
    extra = Sql(guard) if guard else Sql("TRUE")
    kinds = (f"facet{sign}", f"types{sign}")
    for facet in request.facets:
        where = filter_condition(request, ignore=facet) & extra
        if facet == "type":
            selects.append(_type_rows(where, source, kinds[1]))
        elif not request.filters.selected.get(facet):
            grouped.append(facet)
        else:
            selects.append(_one_facet(facet, where, source, kinds[0]))
    if len(grouped) == 1:
        selects.append(_one_facet(grouped[0], filter_condition(request) & extra, source, kinds[0]))
    elif grouped:
        selects.append(_grouped_facets(grouped, filter_condition(request) & extra, source, kinds[0]))
    return Sql(" UNION ALL ".join(f"({s.sql})" for s in selects), [p for s in selects for p in s.params])


def _one_facet(facet: str, where: Sql, source: str, kind: str) -> Sql:
    value = f"m.{FACET_COLUMNS[facet]}"
    return Sql(
        f"SELECT %s, %s::text, {value}::text, count(*), NULL::float8 FROM {source} AS m"
        f" WHERE {value} <> '' AND {where.sql} GROUP BY {value}",
        [kind, facet, *where.params],
    )


def _grouped_facets(facets: list[str], where: Sql, source: str, kind: str) -> Sql:
    """Several facets with the same filters, counted in one pass (a grouping set per facet).

    Facet columns are never NULL, so in each set the one grouped column is the only one not NULL.
    """
    columns = [f"m.{FACET_COLUMNS[facet]}" for facet in facets]
    name = " ".join(f"WHEN GROUPING({column}) = 0 THEN %s" for column in columns)
    return Sql(
        f"SELECT %s, g.name, g.value, g.count, NULL::float8 FROM (SELECT CASE {name} END AS name,"
        f" coalesce({', '.join(columns)})::text AS value, count(*) AS count FROM {source} AS m WHERE {where.sql}"
        f" GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in columns)})) AS g WHERE g.value <> ''",
        [kind, *facets, *where.params],
    )


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
    complement: Complement | None = None,
    **ranking,
) -> Sql:
    """One statement for facet counts, the page of hits and the total (a 'total' row).

    With ``complement`` (see :mod:`search.backends.pg_tally`; only without filters, whose
    totals the log does not keep), when the matches are most notices the facets come as
    every notice's totals plus subtracted ('facet-', 'types-') rows of those left out.
    """
    where = filter_condition(request)
    # The types (JSON) only when a type is chosen: copying them for every match costs when most notices match.
    types = " n.types," if request.filters.selected.get("type") else ""
    parts = [
        Sql(
            f"WITH m AS MATERIALIZED (SELECT n.key, n.body, n.round,{types} n.type_counts, n.kind, n.organ, n.year,"
            f" n.date, n.words_tsv FROM {NOTICE_TABLE} n WHERE {condition.sql}),"
            # f is narrow (the ranking vector is a TOAST pointer here): sorting it stays in memory.
            # Without filters it is m itself: not copied, only read through.
            f" f AS {'NOT ' if where.sql == 'TRUE' else ''}MATERIALIZED (SELECT m.key, m.date, m.words_tsv FROM m"
            f" WHERE {where.sql})",
            [*condition.params, *where.params],
        ),
        complement.ctes if complement else Sql(),
        Sql(" SELECT 'total', NULL, NULL, count(*), NULL::float8 FROM f"),
        Sql(" UNION ALL ("),
        _hit_rows(confirm, words, request, **ranking),
        Sql(")"),
    ]
    if request.facets and complement:
        parts += [
            Sql(" UNION ALL "),
            _facet_rows(request, guard=complement.direct_guard),
            Sql(" UNION ALL "),
            complement.totals,
            Sql(" UNION ALL "),
            _facet_rows(request, source="gone", sign="-", guard=complement.complement_guard),
        ]
    elif request.facets:
        parts += [Sql(" UNION ALL "), _facet_rows(request)]
    return Sql("".join(p.sql for p in parts), [x for p in parts for x in p.params])
