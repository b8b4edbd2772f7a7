"""The ranking vector of a notice (PostgreSQL only; no index: it is read for the hits being ranked)."""

from django.db import migrations

FORWARD = ["ALTER TABLE search_searchnotice ADD COLUMN words_tsv tsvector NOT NULL DEFAULT ''"]
BACKWARD = ["ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS words_tsv"]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0003_part_without_constraint")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
