"""Every query the parser returns is one the backends accept (Hypothesis).

Generated queries run through the Whoosh backend's search on a small index, and
through the PostgreSQL backend's when the suite runs on PostgreSQL
(``make test-postgres``).
"""

from __future__ import annotations

import os

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.backends.base import SearchFilters, SearchRequest
from search.backends.postgres import PostgresBackend
from search.backends.whoosh import WhooshBackend
from search.query import parse_query

from .samples import small_document
from .test_query_properties import QUERY

# The backends accept whatever the parser returns.

DOCUMENTS = [
    small_document("a", "巡察整改 公务用车 八项规定", heading="整改"),
    small_document("b", "PPP项目2015年 车辆管理"),
    small_document("c", "量子纠缠 与 巡察"),
]


@pytest.fixture(scope="module")
def whoosh_backend(tmp_path_factory):
    backend = WhooshBackend(tmp_path_factory.mktemp("query-index"))
    backend.index_documents(DOCUMENTS)
    return backend


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERY, st.sampled_from(["relevance", "newest", "oldest"]))
def test_whoosh_answers_every_parsed_query(whoosh_backend, text, sort):
    result = whoosh_backend.search(SearchRequest(parse_query(text).query, SearchFilters(), sort=sort))
    assert result.total >= len(result.hits)
    assert {hit.key for hit in result.hits} <= {"a", "b", "c"}


@pytest.fixture
def postgres_backend(db):
    if connection.vendor != "postgresql":
        if os.environ.get("ARCHIVE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"ARCHIVE_REQUIRE_POSTGRES=1 but the database is {connection.vendor}")
        pytest.skip("the PostgreSQL backend needs DATABASE_URL=postgres://… (make test-postgres starts a server)")
    backend = PostgresBackend()
    backend.clear()
    backend.index_documents(DOCUMENTS)
    return backend


@pytest.mark.postgres
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERY)
def test_postgres_answers_every_parsed_query(postgres_backend, text):
    backend = postgres_backend
    result = backend.search(SearchRequest(parse_query(text).query, SearchFilters()))
    assert result.total >= len(result.hits)
    assert {hit.key for hit in result.hits} <= {"a", "b", "c"}
