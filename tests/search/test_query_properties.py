"""The query parser on any input (Hypothesis): it never raises, it reads what was written, and
every query it returns is one the backends accept.

The backend half runs generated queries through the Whoosh backend's search on
a small index, and through the PostgreSQL backend's when the suite runs on
PostgreSQL (``make test-postgres``).
"""

from __future__ import annotations

import os

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import analysis
from search.backends.base import SearchFilters, SearchRequest
from search.backends.postgres import PostgresBackend
from search.backends.whoosh import WhooshBackend
from search.query import MAX_CLAUSES, MAX_QUERY_LENGTH, AnyOf, Phrase, Term, parse_query

from .samples import small_document

SYNTAX = ['"', "“", "”", "「", "」", "-", "−", "OR", "or", "title:", "body:", "标题:", "机关:", ":", " ", "　"]
WORDS = ["整改", "巡察", "公务用车", "车", "2015", "PPP", "!!!", "量子纠缠", "八项规定", "a-b"]
QUERY = st.lists(st.sampled_from(SYNTAX + WORDS), max_size=25).map("".join) | st.text(max_size=MAX_QUERY_LENGTH + 20)

# A searchable word: letters, no space, quote, colon or sign of the syntax.
WORD = st.text(alphabet="整改巡察公务用车八项规定abc123", min_size=1, max_size=6)
FIELD = st.sampled_from([None, "title", "body"])


def leaves(query):
    for node in (*query.must, *query.must_not):
        yield from node.options if isinstance(node, AnyOf) else (node,)


@given(QUERY)
def test_parsing_never_raises_and_keeps_its_limits(text):
    parsed = parse_query(text)
    query = parsed.query
    assert len(query.must) + len(query.must_not) <= MAX_CLAUSES
    assert all(analysis.runs(leaf.text) for leaf in leaves(query)), query
    assert all(leaf.field in (None, "title", "body") for leaf in leaves(query))
    assert len(parsed.messages) == len(set(parsed.messages))
    assert all(isinstance(m, str) and m for m in parsed.messages)
    if text.strip() and query.is_empty:
        assert parsed.messages


@st.composite
def written_query(draw):
    """(query text, expected must, expected must_not) for ANDed words and phrases, some negated."""
    units = draw(st.lists(st.tuples(st.booleans(), st.booleans(), FIELD, WORD, WORD), min_size=1, max_size=8))
    parts, must, must_not = [], [], []
    for is_phrase, negated, field, first, second in units:
        prefix = ("-" if negated else "") + (f"{field}:" if field else "")
        if is_phrase:
            node = Phrase(f"{first} {second}", field)
            parts.append(f'{prefix}"{first} {second}"')
        else:
            node = Term(first, field)
            parts.append(prefix + first)
        (must_not if negated else must).append(node)
    return " ".join(parts), tuple(must), tuple(must_not)


@given(written_query())
def test_the_parser_reads_signs_fields_and_phrases_as_written(case):
    text, must, must_not = case
    query = parse_query(text).query
    assert query.must == must
    assert query.must_not == must_not
    assert query.positive_leaves() == list(must)


@given(st.lists(WORD, min_size=2, max_size=5))
def test_or_joins_neighbours_into_one_clause(words):
    query = parse_query(" OR ".join(words)).query
    assert query.must == (AnyOf(tuple(Term(w) for w in words)),)
    assert query.positive_leaves() == [Term(w) for w in words]


def test_long_queries_are_cut_and_counted():
    parsed = parse_query("巡" * MAX_QUERY_LENGTH + " 察")
    assert parsed.query.must == (Term("巡" * MAX_QUERY_LENGTH),)
    assert parse_query("巡" * MAX_QUERY_LENGTH).messages == []
    many = parse_query(" ".join(f"词{i}" for i in range(MAX_CLAUSES)) + " -否")
    assert len(many.query.must) == MAX_CLAUSES and many.query.must_not == ()
    few = parse_query(" ".join(f"词{i}" for i in range(MAX_CLAUSES - 1)) + " -否 -非")
    assert len(few.query.must_not) == 1 and any("检索词过多" in m for m in few.messages)
    assert not parse_query(" ".join(f"词{i}" for i in range(MAX_CLAUSES))).messages


def test_nothing_searchable_in_empty_input_says_nothing():
    assert parse_query("").messages == [] and parse_query(None).query.is_empty
    assert parse_query("   ").messages == []


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
