"""PostgreSQL search rows written before numbers were indexed whole are stale.

A number query is now decided by the notice row's number lexemes alone, which
older rows lack; emptying their fingerprints makes ``check_index`` report them
stale, and ``check_index --repair`` (or ``rebuild_index``) writes them again.
"""

from django.db import migrations

FORWARD = ["UPDATE search_searchnotice SET fingerprint = ''"]


def _mark_stale(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # the Whoosh index has no such rows
    for statement in FORWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_synonym_groups")]

    operations = [migrations.RunPython(_mark_stale, migrations.RunPython.noop)]
