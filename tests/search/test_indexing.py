"""The index follows the database: import, publish, edit and delete update it at once."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from archive.models import Notice
from archive.services import ImportSource, import_notice, publish_notice
from search.backends import get_backend
from search.backends.base import SearchRequest
from search.query import parse_query
from tests.conftest import SEEDS_DIR

SEED = SEEDS_DIR / "003_c3387b14ef64247a.txt"


def _keys(q: str) -> set[str]:
    return {hit.key for hit in get_backend().search(SearchRequest(parse_query(q).query)).hits}


def _import(publish=True) -> Notice:
    return import_notice(source=ImportSource(SEED.name, SEED.read_bytes()), publish=publish).notice


@pytest.mark.django_db
def test_import_indexes_and_delete_removes():
    notice = _import()
    assert _keys("广州") == {notice.key}
    notice.delete()
    assert _keys("广州") == set()


@pytest.mark.django_db
def test_only_published_notices_are_searchable():
    notice = _import(publish=False)
    assert _keys("广州") == set()
    publish_notice(notice=notice)
    assert _keys("广州") == {notice.key}


@pytest.mark.django_db
def test_check_index_and_rebuild_index():
    notice = _import()
    call_command("check_index", verbosity=0)
    Notice.objects.filter(pk=notice.pk).update(title="广州市委整改情况")  # changed without the signal
    with pytest.raises(CommandError, match="rebuild_index"):
        call_command("check_index", verbosity=0)
    call_command("rebuild_index", verbosity=0)
    call_command("check_index", verbosity=0)


@pytest.mark.django_db
def test_a_bad_backend_setting_fails_the_system_check(settings):
    settings.SEARCH_BACKEND = "search.backends.nothing.Backend"
    with pytest.raises(SystemCheckError, match="search.E001"):
        call_command("check")


@pytest.mark.django_db
def test_the_postgres_backend_on_another_database_fails_the_system_check(settings):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("this check is about a non-PostgreSQL database; the suite runs on PostgreSQL here")
    settings.SEARCH_BACKEND = "postgres"
    with pytest.raises(SystemCheckError, match="search.E002"):
        call_command("check")
