"""A helper for the search migrations that change PostgreSQL-only tables (the loader skips this module)."""


def on_postgres(statements):
    """A RunPython function executing ``statements`` on PostgreSQL; elsewhere (the Whoosh set-up) nothing."""

    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # the search tables' PostgreSQL columns and rows exist only there
        for statement in statements:
            schema_editor.execute(statement)

    return apply
