"""Where the PostgreSQL search storage goes: each table and index of the search app, heap and TOAST.

    DATABASE_URL=postgres://… .venv/bin/python bench/pg_sizes.py [--text-bytes N] [--vacuum]

``--vacuum`` runs ``VACUUM FULL ANALYZE`` on the search tables first (a clean
index: no dead rows). With ``--text-bytes`` (the UTF-8 size of the corpus)
each line also gives its size as × the text. Run it on a database the
benchmarks built (e.g. with ``bench/interleaved.py`` kept running) or on a
production copy.
"""

from __future__ import annotations

import argparse
import os

import psycopg

SIZES = """
SELECT c.relname, c.relkind, pg_relation_size(c.oid), coalesce(pg_total_relation_size(c.reltoastrelid), 0)
FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
WHERE s.nspname = current_schema() AND c.relname LIKE 'search\\_%%' AND c.relkind IN ('r', 'i')
ORDER BY pg_relation_size(c.oid) + coalesce(pg_total_relation_size(c.reltoastrelid), 0) DESC, c.relname
"""


def relation_sizes(conn, *, vacuum: bool = False) -> list[tuple[str, str, int, int]]:
    """(relation, 'table' or 'index', bytes, TOAST bytes) of every search table and index, largest first."""
    if vacuum:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'search\\_%%'"
        ).fetchall()
        for (table,) in tables:
            conn.execute(f'VACUUM FULL ANALYZE "{table}"')
    return [(name, "table" if kind == "r" else "index", size, toast) for name, kind, size, toast in conn.execute(SIZES)]


def column_sizes(conn, table: str = "search_searchnotice") -> list[tuple[str, int]]:
    """(column, bytes as stored: compressed or not) of the table's wide columns, largest first."""
    columns = [
        name
        for (name,) in conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped"
            " AND attlen = -1",
            [table],
        )
    ]
    sums = ", ".join(f'coalesce(sum(pg_column_size("{c}")), 0)' for c in columns)
    found = conn.execute(f'SELECT {sums} FROM "{table}"').fetchone() if columns else ()
    return sorted(zip(columns, map(int, found), strict=True), key=lambda item: -item[1])


def report(rows, text_bytes: int | None = None) -> str:
    lines = ["| relation | kind | size, MB | TOAST, MB | × text |", "| --- | --- | ---: | ---: | ---: |"]
    total = 0
    for name, kind, size, toast in rows:
        total += size + toast
        ratio = f"{(size + toast) / text_bytes:.2f}" if text_bytes else "–"
        lines.append(f"| `{name}` | {kind} | {size / 1e6:.2f} | {toast / 1e6:.2f} | {ratio} |")
    ratio = f"{total / text_bytes:.2f}" if text_bytes else "–"
    lines.append(f"| all | | {total / 1e6:.2f} | | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--text-bytes", type=int, help="UTF-8 size of the indexed text, for × text")
    parser.add_argument("--vacuum", action="store_true", help="VACUUM FULL the search tables first")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("needs --database-url or DATABASE_URL=postgres://…")
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        print(report(relation_sizes(conn, vacuum=args.vacuum), args.text_bytes))
        print()
        for column, size in column_sizes(conn):
            ratio = f" ({size / args.text_bytes:.2f} × text)" if args.text_bytes else ""
            print(f"search_searchnotice.{column}: {size / 1e6:.2f} MB{ratio}")


if __name__ == "__main__":
    main()
