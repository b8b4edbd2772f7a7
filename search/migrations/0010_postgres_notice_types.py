"""PostgreSQL search: a narrow table of each notice's issue types, for the type facet.

The type facet counted, over every matching notice, the pairs of its ``types``
and ``type_paths`` JSON: a set-returning function per notice, the largest cost
of a search matching most notices in a large archive. One row per notice and
type (``sections``: how many of its sections carry the type) lets the facet be
counted by joining the matching keys to this table instead. The rows are
filled here from the notice rows already written, so no re-indexing is needed.
"""

from django.db import migrations

FORWARD = [
    "CREATE TABLE IF NOT EXISTS search_noticetype ("
    " notice_key varchar(32) NOT NULL, slug varchar(64) NOT NULL, sections integer NOT NULL,"
    " PRIMARY KEY (notice_key, slug) INCLUDE (sections))",
    "INSERT INTO search_noticetype (notice_key, slug, sections)"
    " SELECT n.key, t.slug, jsonb_array_length(t.paths) FROM search_searchnotice n,"
    " jsonb_each(n.type_paths) AS t(slug, paths) ON CONFLICT DO NOTHING",
    "ANALYZE search_noticetype",
]
BACKWARD = ["DROP TABLE IF EXISTS search_noticetype"]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # the Whoosh index has no such rows
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0009_postgres_notice_text")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
