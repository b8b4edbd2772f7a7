"""PostgreSQL search: each notice's issue types as a small array of section counts, for the type facet.

The type facet counted, over every matching notice, the pairs of its ``types``
and ``type_paths`` JSON: a set-returning function per notice, the largest cost
of a search matching most notices in a large archive. Each type now has a
fixed slot (``search_typeslot``, never reused) and each notice row an integer
array ``type_sections``: at a type's slot, how many of the notice's sections
carry it (NULL where the notice lacks the type). One pass over the matching
rows then counts every type with plain aggregates. The arrays are filled here
from the rows already written, so no re-indexing is needed.
"""

from django.db import migrations

from ._postgres import on_postgres

FORWARD = [
    "CREATE TABLE IF NOT EXISTS search_typeslot (slug varchar(64) PRIMARY KEY, slot serial UNIQUE NOT NULL)",
    "ALTER TABLE search_searchnotice ADD COLUMN IF NOT EXISTS type_sections integer[] NOT NULL DEFAULT '{}'",
    "INSERT INTO search_typeslot (slug) SELECT DISTINCT t.slug FROM search_searchnotice n,"
    " jsonb_object_keys(n.type_paths) AS t(slug) ORDER BY t.slug ON CONFLICT DO NOTHING",
    # Slots are dense from 1 here, so ordering by slot puts each count at its slot's index.
    "UPDATE search_searchnotice n SET type_sections = coalesce((SELECT array_agg(jsonb_array_length(n.type_paths"
    " -> s.slug) ORDER BY s.slot) FROM search_typeslot s), '{}') WHERE n.type_paths <> '{}'::jsonb",
]
BACKWARD = [
    "ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS type_sections",
    "DROP TABLE IF EXISTS search_typeslot",
]



class Migration(migrations.Migration):
    dependencies = [("search", "0009_postgres_notice_text")]

    operations = [migrations.RunPython(on_postgres(FORWARD), on_postgres(BACKWARD))]
