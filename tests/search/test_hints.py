"""Hints for a query that finds nothing: edit distance, dictionary neighbours, removing words."""

from __future__ import annotations

from search.hints import near_spellings, remove_words, within_one_edit
from search.query import parse_query


def test_one_edit_is_a_change_an_insertion_a_deletion_or_a_swap():
    assert within_one_edit("公物用车", "公务用车")
    assert within_one_edit("公务车", "公务用车")
    assert within_one_edit("公务用车", "公务车")
    assert within_one_edit("公用务车", "公务用车")
    assert not within_one_edit("公务用车", "公务用车")
    assert not within_one_edit("公车", "小金库")
    assert not within_one_edit("用务公车", "公务用车")


def test_near_spellings_come_from_the_dictionary():
    assert "公务用车" in near_spellings("公物用车")
    assert "三重一大" in near_spellings("三重壹大")
    assert near_spellings("车") == []


def test_near_spellings_may_be_a_character_longer_or_shorter():
    assert "公务用车" in near_spellings("公务车")  # one dropped
    assert "公务用车" in near_spellings("公务用用车")  # one added
    assert all(abs(len(word) - 4) <= 1 for word in near_spellings("三重壹大"))


def test_near_spellings_take_extra_words():
    assert "账外账" in near_spellings("账外帐", ["账外账"])
    assert "账外账" not in near_spellings("账外帐")


def test_remove_words_drops_them_as_typed():
    query = parse_query('公车 "量子 纠缠" title:火星').query
    assert remove_words('公车 "量子 纠缠" title:火星', [query.must[2]]) == '公车 "量子 纠缠"'
    assert remove_words("公车 量子纠缠", [parse_query("量子纠缠").query.must[0]]) == "公车"
