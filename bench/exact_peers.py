"""Three exact substring-search engines as peers of the archive: same corpus, same query mix.

Each peer indexes one text per notice and answers a query given as an AND of
OR-groups of plain strings (:func:`mix.string_groups`) with the number of
matching notices and the first page of their ids. Each is exact for strings
of any length, so its count must equal a substring scan:

* :class:`Fts5Trigram`: SQLite FTS5 with the ``trigram`` tokenizer over an
  external-content table; strings of three or more characters through
  ``MATCH``, shorter ones through ``LIKE`` (which FTS5 then answers by a scan).
* :class:`PgTrigram`: PostgreSQL ``pg_trgm`` with a GIN index, ``LIKE
  '%…%'`` (the index finds candidates, the executor rechecks them; sequential
  scans are turned off for its session, see there).
* :class:`Tantivy`: every character a token with its position (a regex
  tokenizer), one character as a term, longer strings as phrase queries.

``index_bytes()`` measures the index alone (not the stored text) on a clean
index: SQLite's FTS shadow tables after ``optimize`` and ``VACUUM``, the GIN
index after ``VACUUM``, tantivy's folder after its merges and a garbage
collection of merged-away files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

PAGE = 20


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Fts5Trigram:
    name = "fts5"

    def __init__(self, path: Path):
        self.db = sqlite3.connect(str(path))

    def build(self, docs: Iterable[tuple[int, str]]) -> None:
        db = self.db
        db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        db.execute("CREATE VIRTUAL TABLE fts USING fts5(body, content='docs', content_rowid='id', tokenize='trigram')")
        db.executemany("INSERT INTO docs (id, body) VALUES (?, ?)", docs)
        db.execute("INSERT INTO fts (fts) VALUES ('rebuild')")
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        db.commit()
        db.execute("VACUUM")

    def index_bytes(self) -> int:
        (size,) = self.db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts%'").fetchone()
        return size

    def search(self, groups: list[list[str]]) -> tuple[int, list[int]]:
        clauses, params = [], []
        matched = [g for g in groups if all(len(s) >= 3 for s in g)]
        if matched:
            expression = " AND ".join(
                "(" + " OR ".join('"' + s.replace('"', '""') + '"' for s in g) + ")" for g in matched
            )
            clauses.append("fts MATCH ?")
            params.append(expression)
        for group in groups:
            if group not in matched:
                clauses.append("(" + " OR ".join("body LIKE ? ESCAPE '\\'" for _ in group) + ")")
                params += [_like(s) for s in group]
        where = " AND ".join(clauses)
        (count,) = self.db.execute(f"SELECT count(*) FROM fts WHERE {where}", params).fetchone()
        ids = [row[0] for row in self.db.execute(f"SELECT rowid FROM fts WHERE {where} LIMIT {PAGE}", params)]
        return count, ids


class PgTrigram:
    name = "pg_trgm"

    def __init__(self, url: str):
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        # The texts live in TOAST, which the planner does not count: it takes a scan of a 1,000-row table
        # for cheap and reads and matches every text (about 1 s at 1,000 notices). The index it must use.
        self.conn.execute("SET enable_seqscan = off")

    def build(self, docs: Iterable[tuple[int, str]]) -> None:
        conn = self.conn
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.execute("DROP TABLE IF EXISTS peer_docs")
        conn.execute("CREATE TABLE peer_docs (id integer PRIMARY KEY, body text NOT NULL)")
        with conn.cursor() as cursor, cursor.copy("COPY peer_docs (id, body) FROM STDIN") as copy:
            for row in docs:
                copy.write_row(row)
        conn.execute("CREATE INDEX peer_docs_trgm ON peer_docs USING gin (body gin_trgm_ops)")
        conn.execute("VACUUM ANALYZE peer_docs")

    def index_bytes(self) -> int:
        return self.conn.execute("SELECT pg_relation_size('peer_docs_trgm')").fetchone()[0]

    def search(self, groups: list[list[str]]) -> tuple[int, list[int]]:
        where = " AND ".join("(" + " OR ".join("body LIKE %s" for _ in g) + ")" for g in groups)
        params = [_like(s) for g in groups for s in g]
        (count,) = self.conn.execute(f"SELECT count(*) FROM peer_docs WHERE {where}", params).fetchone()
        rows = self.conn.execute(f"SELECT id FROM peer_docs WHERE {where} LIMIT {PAGE}", params).fetchall()
        return count, [row[0] for row in rows]


class Tantivy:
    name = "tantivy"
    TOKENIZER = "char"

    def __init__(self, folder: Path):
        self.folder = folder
        self.index = None

    @classmethod
    def _analyzer(cls):
        import tantivy

        # Every character, whitespace included, is one token at its own position: a phrase of
        # characters then matches exactly where the string occurs.
        return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"(?s).")).filter(tantivy.Filter.lowercase()).build()

    def build(self, docs: Iterable[tuple[int, str]]) -> None:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("id", stored=True, indexed=True)
        builder.add_text_field("body", tokenizer_name=self.TOKENIZER, index_option="position")
        self.schema = builder.build()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(self.folder))
        self.index.register_tokenizer(self.TOKENIZER, self._analyzer())
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        for key, text in docs:
            writer.add_document(tantivy.Document(id=key, body=text))
        writer.commit()
        writer.wait_merging_threads()
        # Files of segments merged away are deleted only by a later writer's garbage collection.
        writer = self.index.writer(heap_size=50_000_000, num_threads=1)
        writer.garbage_collect_files()
        writer.wait_merging_threads()
        self.index.reload()

    def index_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.folder.rglob("*") if f.is_file() and not f.name.endswith(".lock"))

    def _query(self, string: str):
        import tantivy

        chars = list(string.lower())
        if len(chars) == 1:
            return tantivy.Query.term_query(self.schema, "body", chars[0], index_option="position")
        return tantivy.Query.phrase_query(self.schema, "body", chars)

    def search(self, groups: list[list[str]]) -> tuple[int, list[int]]:
        import tantivy

        clauses = []
        for group in groups:
            if len(group) == 1:
                clauses.append((tantivy.Occur.Must, self._query(group[0])))
            else:
                any_of = tantivy.Query.boolean_query([(tantivy.Occur.Should, self._query(s)) for s in group])
                clauses.append((tantivy.Occur.Must, any_of))
        query = clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)
        searcher = self.index.searcher()
        result = searcher.search(query, PAGE, count=True)
        ids = [searcher.doc(address)["id"][0] for _score, address in result.hits]
        return result.count, ids
