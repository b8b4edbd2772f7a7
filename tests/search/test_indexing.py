"""The index follows the database: import, publish, edit and delete update it at once."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from archive.models import Notice
from archive.services import ImportSource, import_notice, publish_notice
from search.backends import get_backend
from search.backends.base import SearchFilters, SearchRequest
from search.facets import value_labels
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


def _round_notice(city_district: str, district: str) -> Notice:
    text = (
        f"中共{city_district}委员会关于巡察整改情况的通报\n"
        f"根据市委统一部署,2024年4月8日至6月21日,市委第二巡察组对{district}委开展了七届市委第八轮巡察。"
        f"2024年9月29日,市委第二巡察组向{district}委反馈了巡察意见。现将巡察整改情况予以公布。\n"
        f"一、整改工作\n{district}委认真整改,规范公务用车管理。\n"
    )
    return import_notice(source=ImportSource(f"{district}.txt", text.encode()), publish=True).notice


@pytest.mark.django_db
def test_rounds_of_one_label_in_two_cities_are_two_facet_values():
    shenzhen, guangzhou = _round_notice("深圳市福田区", "福田区"), _round_notice("广州市天河区", "天河区")
    assert shenzhen.inspection_round != guangzhou.inspection_round
    assert shenzhen.inspection_round.slug != guangzhou.inspection_round.slug
    result = get_backend().search(SearchRequest(parse_query("公务用车").query))
    rounds = dict(result.facets["round"])
    assert rounds == {str(shenzhen.inspection_round_id): 1, str(guangzhou.inspection_round_id): 1}
    assert set(value_labels("round", list(rounds)).values()) == {
        "深圳市委 · 七届市委第八轮巡察",
        "广州市委 · 七届市委第八轮巡察",
    }
    organs = dict(result.facets["organ"])
    assert set(value_labels("organ", list(organs)).values()) == {"深圳市委", "广州市委"}
    one = get_backend().search(
        SearchRequest(filters=SearchFilters({"round": frozenset({str(guangzhou.inspection_round_id)})}))
    )
    assert [hit.key for hit in one.hits] == [guangzhou.key]
