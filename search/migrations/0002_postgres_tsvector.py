"""tsvector columns and GIN indexes for the PostgreSQL search backend; nothing on other databases."""

from django.db import migrations

from ._postgres import on_postgres

FORWARD = [
    "ALTER TABLE search_searchnotice ADD COLUMN title_tsv tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE search_searchnotice ADD COLUMN names_tsv tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE search_searchnotice ADD COLUMN content_lex tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE search_searchpart ADD COLUMN tsv tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_notice_title_gin ON search_searchnotice USING gin (title_tsv)",
    "CREATE INDEX search_notice_names_gin ON search_searchnotice USING gin (names_tsv)",
    "CREATE INDEX search_notice_content_gin ON search_searchnotice USING gin (content_lex)",
    "CREATE INDEX search_part_tsv_gin ON search_searchpart USING gin (tsv)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_part_tsv_gin",
    "DROP INDEX IF EXISTS search_notice_content_gin",
    "DROP INDEX IF EXISTS search_notice_names_gin",
    "DROP INDEX IF EXISTS search_notice_title_gin",
    "ALTER TABLE search_searchpart DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS content_lex",
    "ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS names_tsv",
    "ALTER TABLE search_searchnotice DROP COLUMN IF EXISTS title_tsv",
]



class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(on_postgres(FORWARD), on_postgres(BACKWARD))]
