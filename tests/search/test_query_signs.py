"""Signs and prefixes in the query language: what is required, what is excluded, which field."""

from __future__ import annotations

import pytest

from search.query import AnyOf, Phrase, Term, parse_query


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ('-"巡察整改"', Phrase("巡察整改")),
        ("-“巡察整改”", Phrase("巡察整改")),
        ("−「巡察整改」", Phrase("巡察整改")),
        ('-title:"整改 情况"', Phrase("整改 情况", "title")),
        ("-body:广州", Term("广州", "body")),
        ("-深圳", Term("深圳")),
    ],
)
def test_a_minus_excludes_what_follows_it(text, excluded):
    query = parse_query(f"整改 {text}").query
    assert query.must == (Term("整改"),)
    assert query.must_not == (excluded,)


def test_an_excluded_phrase_is_not_required_nor_highlighted():
    query = parse_query('"公务用车" -"违规 津补贴"').query
    assert query.must == (Phrase("公务用车"),)
    assert query.must_not == (Phrase("违规 津补贴"),)
    assert query.positive_leaves() == [Phrase("公务用车")]


def test_a_minus_inside_a_word_is_part_of_the_word():
    assert parse_query("covid-19").query.must == (Term("covid-19"),)


def test_or_does_not_join_an_exclusion():
    parsed = parse_query("广州 OR -深圳")
    assert parsed.query.must == (Term("广州"),)
    assert parsed.query.must_not == (Term("深圳"),)
    assert any("OR 不能连接排除的词" in m for m in parsed.messages)


def test_or_chains_collect_every_option():
    query = parse_query('广州 OR 深圳 OR "大鹏新区" 整改').query
    assert query.must == (AnyOf((Term("广州"), Term("深圳"), Phrase("大鹏新区"))), Term("整改"))


def test_lowercase_or_is_a_word():
    assert parse_query("广州 or 深圳").query.must == (Term("广州"), Term("or"), Term("深圳"))


@pytest.mark.parametrize(
    ("text", "field"),
    [("title:整改", "title"), ("标题:整改", "title"), ("body:整改", "body"), ("机关:整改", "body")],
)
def test_field_prefixes_with_either_colon(text, field):
    assert parse_query(text).query.must == (Term("整改", field),)
    assert parse_query(text.replace(":", "\uff1a")).query.must == (Term("整改", field),)  # full-width colon


def test_a_field_prefix_applies_to_a_phrase():
    assert parse_query('title:"巡察 整改"').query.must == (Phrase("巡察 整改", "title"),)


def test_an_unknown_prefix_is_part_of_the_word():
    assert parse_query("date:2017").query.must == (Term("date:2017"),)
