"""Running totals of the PostgreSQL search table, for searches that match (nearly) every notice.

A search matching most notices spends much of its time counting facets over
every matching row. The counts over *all* notices are kept in
``search_facettally`` as a log of signed rows, written in the same transaction
as the notice rows they describe: replacing a notice's row logs -1 for the old
row and +1 for the new one. Summed by any statement, the log therefore gives
exactly the totals of the table as that statement sees it, with no version to
check and no cache to invalidate. A search's facets are then the totals less
those of the few notices it leaves out (:func:`complement`).

The log only ever receives INSERTs, so concurrent writers never wait for each
other on it (counters updated in place would queue every import behind one
row, and could deadlock). :func:`compact` folds it to one row per value; the
ingest worker runs it when the log has grown (never a request).

Rows: facet ``''`` holds each notice's ±1, its indexed parts and its packed
type counts (see :func:`search.backends.pg_query.pack_type_counts`); a facet
name with a value holds ±1 for each notice with that value.
"""

from __future__ import annotations

from dataclasses import dataclass

from .pg_query import FACET_COLUMNS, NOTICE_TABLE, Sql

TALLY_TABLE = "search_facettally"
# Folded when the log holds more rows than this (a write adds about a dozen).
COMPACT_ABOVE = 20_000


def record(source: str, sign: int) -> str:
    """SQL logging the notice rows of the relation ``source`` (aliased ``d``) with ``sign`` (+1 or -1)."""
    if sign not in (1, -1):
        raise ValueError("sign must be +1 or -1")
    rows = [f"('', '', {sign}, {sign} * d.parts, {sign} * d.type_counts)"]
    rows += [f"('{name}', d.{column}::text, {sign}, 0, 0)" for name, column in FACET_COLUMNS.items()]
    return (
        f"INSERT INTO {TALLY_TABLE} (facet, value, notices, parts, type_counts) SELECT x.facet, x.value,"
        f" x.notices, x.parts, x.type_counts FROM {source} CROSS JOIN LATERAL (VALUES {', '.join(rows)})"
        " AS x(facet, value, notices, parts, type_counts) WHERE x.facet = '' OR x.value <> ''"
    )


def delete_rows(cursor, keys: list[str] | None) -> None:
    """Delete these notices' rows (``None``: every row) and log them out, in one statement.

    The log records exactly the rows the DELETE removed, so a writer committing meanwhile
    (whose new row this statement does not see, and so leaves) keeps its own entries.
    """
    where, params = ("WHERE key = ANY(%s)", [keys]) if keys is not None else ("", [])
    cursor.execute(f"WITH d AS (DELETE FROM {NOTICE_TABLE} {where} RETURNING *) {record('d', -1)}", params)


def log_rows(cursor, keys: list[str]) -> None:
    """Log these notices' rows, just written, in."""
    cursor.execute(f"{record(f'(SELECT * FROM {NOTICE_TABLE} WHERE key = ANY(%s)) AS d', 1)}", [keys])


def _serialise_folds(cursor) -> None:
    """Queue behind any other fold or recount until this transaction ends.

    A fold sums only what it deletes and needs no lock against writers; but a recount
    writes the table's totals, and would count a concurrent fold's new rows twice.
    Taken before the statement, so the statement's snapshot sees the other's result.
    """
    cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended('search-tally:fold', 7))")


def compact(cursor) -> None:
    """Fold the log to one row per value.

    The rows summed are exactly those this statement deletes (``RETURNING``), so
    writers logging meanwhile never see a row twice or lose one.
    """
    _serialise_folds(cursor)
    cursor.execute(
        f"WITH old AS (DELETE FROM {TALLY_TABLE} RETURNING *) INSERT INTO {TALLY_TABLE}"
        " (facet, value, notices, parts, type_counts) SELECT facet, value, sum(notices), sum(parts),"
        " sum(type_counts) FROM old GROUP BY facet, value"
        " HAVING sum(notices) <> 0 OR sum(parts) <> 0 OR sum(type_counts) <> 0"
    )


def compact_if_grown(cursor, limit: int = COMPACT_ABOVE) -> bool:
    """Compact when the log holds more than ``limit`` rows; whether it did."""
    cursor.execute(f"SELECT count(*) > %s FROM (SELECT 1 FROM {TALLY_TABLE} LIMIT %s) AS x", [limit, limit + 1])
    if not cursor.fetchone()[0]:
        return False
    compact(cursor)
    return True


def archive_totals(cursor) -> tuple[int, int]:
    """(notices, indexed parts) of the whole table."""
    cursor.execute(f"SELECT coalesce(sum(notices), 0), coalesce(sum(parts), 0) FROM {TALLY_TABLE} WHERE facet = ''")
    notices, parts = cursor.fetchone()
    return int(notices), int(parts)


@dataclass
class Complement:
    """What :func:`search.backends.pg_query.page_select` adds to count facets as totals less what is left out.

    ``ctes`` decide once per statement (``flip.flipped``: the matches ``m`` are at least the
    share asked of all notices) and name the notices left out (``gone``, read only when flipped
    and some are left out). The planner turns the guards into one-time filters, so the way not
    taken is never computed. ``totals`` are every notice's facet rows from the log.
    """

    ctes: Sql
    totals: Sql
    direct_guard: str = "NOT (SELECT flipped FROM flip)"
    complement_guard: str = "(SELECT flipped FROM flip)"


def complement(share: float, facets: tuple[str, ...]) -> Complement:
    """The complement counting for ``facets``, taken when the matches are at least ``share`` of all notices."""
    guard = Complement.complement_guard
    ctes = Sql(
        f", whole AS (SELECT coalesce(sum(t.notices), 0) AS notices FROM {TALLY_TABLE} t WHERE t.facet = ''),"
        " flip AS (SELECT w.notices > 0 AND c.n >= %s * w.notices AS flipped, c.n < w.notices AS some_left"
        " FROM whole w, (SELECT count(*) AS n FROM m) AS c),"
        f" gone AS MATERIALIZED (SELECT n.key, {', '.join(f'n.{c}' for c in FACET_COLUMNS.values())}, n.type_counts"
        f" FROM {NOTICE_TABLE} n WHERE (SELECT flipped AND some_left FROM flip)"
        " AND NOT EXISTS (SELECT 1 FROM m WHERE m.key = n.key))",
        [share],
    )
    selects = []
    if names := [facet for facet in facets if facet != "type"]:
        selects.append(
            Sql(
                f"SELECT 'facet', t.facet, t.value, sum(t.notices)::bigint, NULL::float8 FROM {TALLY_TABLE} t"
                f" WHERE t.facet = ANY(%s) AND {guard} GROUP BY t.facet, t.value",
                [names],
            )
        )
    if "type" in facets:
        selects.append(
            Sql(
                "SELECT 'types', NULL::text, coalesce(sum(t.type_counts), 0)::text, NULL::bigint, NULL::float8"
                f" FROM {TALLY_TABLE} t WHERE t.facet = '' AND {guard}"
            )
        )
    totals = Sql(" UNION ALL ".join(f"({s.sql})" for s in selects), [p for s in selects for p in s.params])
    return Complement(ctes, totals)


def _counted_rows() -> str:
    """The totals as the table itself gives them: (facet, value, notices, parts, type_counts) rows."""
    counted = [f"SELECT '', '', count(*), coalesce(sum(parts), 0), coalesce(sum(type_counts), 0) FROM {NOTICE_TABLE}"]
    counted += [
        f"SELECT '{name}', {column}::text, count(*), 0, 0 FROM {NOTICE_TABLE} WHERE {column} <> '' GROUP BY {column}"
        for name, column in FACET_COLUMNS.items()
    ]
    return " UNION ALL ".join(counted)


def recount(cursor) -> None:
    """Replace the log by the table's own totals, in one statement (so one snapshot: writers lose nothing)."""
    _serialise_folds(cursor)
    cursor.execute(
        f"WITH old AS (DELETE FROM {TALLY_TABLE}) INSERT INTO {TALLY_TABLE} (facet, value, notices, parts,"
        f" type_counts) SELECT * FROM ({_counted_rows()}) AS c(facet, value, notices, parts, type_counts)"
        " WHERE c.notices > 0"
    )


def differences(cursor) -> list[tuple[str, str, int, int]]:
    """(facet, value, logged, counted) wherever the log's sums differ from the table's own counts."""
    cursor.execute(
        f"WITH logged AS (SELECT facet, value, sum(notices) AS notices, sum(parts) AS parts,"
        f" sum(type_counts) AS type_counts FROM {TALLY_TABLE} GROUP BY facet, value),"
        f" counted AS ({_counted_rows()})"
        " SELECT coalesce(l.facet, c.facet), coalesce(l.value, c.value), coalesce(l.notices, 0), coalesce(c.n, 0)"
        " FROM logged l FULL JOIN (SELECT * FROM counted) AS c(facet, value, n, parts, type_counts)"
        " ON c.facet = l.facet AND c.value = l.value"
        " WHERE coalesce(l.notices, 0) <> coalesce(c.n, 0) OR coalesce(l.parts, 0) <> coalesce(c.parts, 0)"
        " OR coalesce(l.type_counts, 0) <> coalesce(c.type_counts, 0)"
    )
    return [row for row in cursor.fetchall() if row[2] or row[3]]
