"""The query parser on any input (Hypothesis): it never raises and it reads what was written.

That the backends accept whatever it returns is checked in ``test_query_backends.py``.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from search import analysis
from search.query import MAX_CLAUSES, MAX_QUERY_LENGTH, AnyOf, Phrase, Term, parse_query

SYNTAX = [
    '"',
    "“",
    "”",
    "「",
    "」",
    "-",
    "−",
    "OR",
    "or",
    "title:",
    "body:",
    "标题:",
    "机关\uff1a",
    "title\uff1a",
    ":",
    " ",
    "　",
]
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
