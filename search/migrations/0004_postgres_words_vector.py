"""The ranking vector of a notice (PostgreSQL only; no index: it is read for the hits being ranked)."""

from django.db import migrations

from ._postgres import on_postgres

FORWARD = ["ALTER TABLE search_searchnotice ADD COLUMN words_tsv tsvector NOT NULL DEFAULT ''"]
BACKWARD = ["ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS words_tsv"]



class Migration(migrations.Migration):
    dependencies = [("search", "0003_part_without_constraint")]

    operations = [migrations.RunPython(on_postgres(FORWARD), on_postgres(BACKWARD))]
