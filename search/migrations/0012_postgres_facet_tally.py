"""PostgreSQL search: the facet totals' log (``search_facettally``, see :mod:`search.backends.pg_tally`).

Each write to the search table logs its rows' facet values, parts and packed
type counts, signed, in the same transaction, so a search matching nearly
every notice counts its facets as the totals less the few notices it leaves
out. The log starts here from the rows already written, folded to one row per
value, so no re-indexing is needed.
"""

from django.db import migrations

from ._postgres import on_postgres

COLUMNS = ("body", "round", "kind", "organ", "year")

FORWARD = [
    "CREATE TABLE IF NOT EXISTS search_facettally (facet text NOT NULL, value text NOT NULL,"
    " notices bigint NOT NULL, parts bigint NOT NULL, type_counts numeric NOT NULL)",
    "INSERT INTO search_facettally (facet, value, notices, parts, type_counts) SELECT '', '', count(*),"
    " coalesce(sum(parts), 0), coalesce(sum(type_counts), 0) FROM search_searchnotice HAVING count(*) > 0",
    *(
        f"INSERT INTO search_facettally (facet, value, notices, parts, type_counts) SELECT '{column}', {column},"
        f" count(*), 0, 0 FROM search_searchnotice WHERE {column} <> '' GROUP BY {column}"
        for column in COLUMNS
    ),
]
BACKWARD = ["DROP TABLE IF EXISTS search_facettally"]



class Migration(migrations.Migration):
    dependencies = [("search", "0011_postgres_packed_type_counts")]

    operations = [migrations.RunPython(on_postgres(FORWARD), on_postgres(BACKWARD))]
