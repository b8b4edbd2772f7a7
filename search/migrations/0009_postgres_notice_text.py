"""PostgreSQL search in one row per notice: its text, indexed through an expression, instead of per-part vectors.

The part rows held every character bigram with its positions (most of the
search storage) and the notice rows every lexeme again, stored. Now a notice
row keeps its normalised text (compressed by TOAST) and a GIN index over
``search_lexemes(content)``, an SQL function computing the lexemes from the
text (see :mod:`search.backends.pg_vectors`), so they take room in the index
only; units of three or more characters are confirmed with ``strpos`` on the
text. The sections shown for a hit are read from the archive's own tables.

Rows written before have no text: emptying their fingerprints makes
``check_index`` report them stale, and ``check_index --repair`` (or
``rebuild_index``) writes them again.
"""

from django.db import migrations

from ._postgres import on_postgres

# Characters, bigrams within a run (runs are separated by a space, parts by a line break) and
# every 3–8-digit substring of a digit sequence: search.backends.pg_vectors.lexemes in SQL.
# Characters are split once and paired by a window (substr on a long multibyte text would be
# quadratic). COST: the planner must never prefer computing it per row to reading the index.
LEXEMES_FUNCTION = r"""
CREATE OR REPLACE FUNCTION search_lexemes(content text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100000 AS $$
SELECT array_to_tsvector(coalesce(array_agg(DISTINCT g.lexeme), '{}'))
FROM (
    SELECT pair.lexeme FROM (
        SELECT c.ch, c.ch || lead(c.ch) OVER (ORDER BY c.i) AS two
        FROM unnest(string_to_array(content, NULL)) WITH ORDINALITY AS c(ch, i)
    ) AS w, LATERAL (VALUES (w.ch), (w.two)) AS pair(lexeme)
    WHERE pair.lexeme IS NOT NULL AND strpos(pair.lexeme, ' ') = 0 AND strpos(pair.lexeme, chr(10)) = 0
    UNION ALL
    SELECT substr(d.m[1], s.start, l.size)
    FROM regexp_matches(content, '[0-9]{3,}', 'g') AS d(m),
        generate_series(3, least(length(d.m[1]), 8)) AS l(size),
        generate_series(1, length(d.m[1]) - l.size + 1) AS s(start)
) AS g
$$
"""

# lz4 for the text where the server has it: strpos reads it decompressed about twice as fast as with
# pglz. Not for the ranking vectors: ts_rank_cd over lz4 ones took about 1.8 × as long (1,000 notices).
# A server without lz4 keeps pglz.
LZ4 = """
DO $$ BEGIN
    ALTER TABLE search_searchnotice ALTER COLUMN content SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;
END $$
"""

FORWARD = [
    "DROP INDEX IF EXISTS search_notice_content_gin",
    "ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS content_lex",
    "ALTER TABLE search_searchnotice ADD COLUMN content text NOT NULL DEFAULT ''",
    "ALTER TABLE search_searchnotice ADD COLUMN parts integer NOT NULL DEFAULT 0",
    LZ4,
    LEXEMES_FUNCTION,
    "CREATE INDEX search_notice_lexemes_gin ON search_searchnotice USING gin (search_lexemes(content))",
    "UPDATE search_searchnotice SET fingerprint = ''",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_notice_lexemes_gin",
    "ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS content",
    "ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS parts",
    "DROP FUNCTION IF EXISTS search_lexemes(text)",
    "ALTER TABLE search_searchnotice ADD COLUMN content_lex tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_notice_content_gin ON search_searchnotice USING gin (content_lex)",
    "UPDATE search_searchnotice SET fingerprint = ''",
]
# The part table comes back empty on the way back; its vector column with it.
PARTS_BACKWARD = [
    "ALTER TABLE search_searchpart ADD COLUMN tsv tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_part_tsv_gin ON search_searchpart USING gin (tsv)",
]



class Migration(migrations.Migration):
    dependencies = [("search", "0008_postgres_number_lexemes")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, on_postgres(PARTS_BACKWARD)),
        migrations.DeleteModel(name="SearchPart"),
        migrations.RunPython(on_postgres(FORWARD), on_postgres(BACKWARD)),
    ]
