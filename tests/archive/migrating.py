"""Moving the test database to given migrations, for the tests of data migrations."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to ``targets`` ([(app, migration name)]) and return the historical apps at that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Bring the test database back to the newest migrations."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _stored_keywords(apps) -> dict[str, str]:
    return dict(apps.get_model("archive", "IssueType").objects.values_list("name", "keywords"))


def assert_keyword_revision(*, before, after, previous: dict[str, str], edited: str) -> None:
    """A migration shipping revised keyword lists, run from ``before`` to ``after`` and back.

    The table starts as ``before`` left it: ``previous`` lists for the revised
    types, the current lists for the rest, and the ``edited`` type (one of
    ``previous``) changed by an editor. Forwards, the unedited revised types get
    the current lists and the editor's list stays; backwards, the revised
    types get ``previous`` again and the editor's list still stays.
    """
    from archive.parsing.vocabulary import VOCABULARY

    current = {spec.name: "\n".join(spec.keywords) for spec in VOCABULARY}
    own = "*高质量发展\n*营商环境\n*两个维护"
    IssueType = migrate_to(before).get_model("archive", "IssueType")
    for order, spec in enumerate(VOCABULARY):
        keywords = previous.get(spec.name, current[spec.name])
        IssueType.objects.update_or_create(
            name=spec.name, defaults={"slug": spec.slug, "keywords": keywords, "order": order}
        )
    IssueType.objects.filter(name=edited).update(keywords=own)
    try:
        stored = _stored_keywords(migrate_to(after))
        assert stored == {name: own if name == edited else keywords for name, keywords in current.items()}
        stored = _stored_keywords(migrate_to(before))
        expected = {**current, **previous, edited: own}
        assert stored == expected
    finally:
        migrate_to_latest()
