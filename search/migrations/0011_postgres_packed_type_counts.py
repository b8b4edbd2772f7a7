"""PostgreSQL search: each notice's issue types packed into one number, ``type_counts``.

Migration 0010 gave each notice row an array ``type_sections`` (at a type's
slot, its sections carrying the type). Counting the type facet took a count
and a sum of one array element per type and matching row, the largest part of
a search matching most notices (32 ms of 92 for ``整改`` at 10,000 notices).
``type_counts`` holds the same numbers packed in groups of ten digits (see
:func:`search.backends.pg_query.pack_type_counts`), so one ``sum()`` counts
every type. It is filled here from the arrays, so no re-indexing is needed.
"""

from django.db import migrations

from ._postgres import on_postgres

FORWARD = [
    "ALTER TABLE search_searchnotice ADD COLUMN IF NOT EXISTS type_counts numeric NOT NULL DEFAULT 0",
    # The type at slot k: (1 + sections) * 10^(20 (k - 1)); trunc keeps the scale at 0.
    "UPDATE search_searchnotice n SET type_counts = coalesce((SELECT trunc(sum((1 + n.type_sections[k]::numeric"
    " * 10000000000) * power(10::numeric, 20 * (k - 1)))) FROM generate_subscripts(n.type_sections, 1) AS k"
    " WHERE n.type_sections[k] IS NOT NULL), 0) WHERE cardinality(n.type_sections) > 0",
    "ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS type_sections",
]
BACKWARD = [
    "ALTER TABLE search_searchnotice ADD COLUMN IF NOT EXISTS type_sections integer[] NOT NULL DEFAULT '{}'",
    # Back from the JSON of paths, slot by slot (NULL where the notice lacks the type).
    "UPDATE search_searchnotice n SET type_sections = (SELECT array_agg(jsonb_array_length(n.type_paths -> s.slug)"
    " ORDER BY k) FROM generate_series(1, (SELECT max(slot) FROM search_typeslot)) AS k"
    " LEFT JOIN search_typeslot s ON s.slot = k) WHERE n.type_paths <> '{}'::jsonb",
    "ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS type_counts",
]



class Migration(migrations.Migration):
    dependencies = [("search", "0010_postgres_notice_types")]

    operations = [migrations.RunPython(on_postgres(FORWARD), on_postgres(BACKWARD))]
