"""What the parser tells the user about a query it had to repair, word for word, and what it kept."""

from __future__ import annotations

import pytest

from search.query import MAX_CLAUSES, MAX_QUERY_LENGTH, AnyOf, Phrase, Query, Term, parse_query

UNPAIRED = "引号不成对:已把引号后的全部文字当作短语。"
NOTHING_AFTER_SIGN = "“-”或字段前缀后面缺少要检索的词,已忽略。"
STRAY_OR = "OR 需要写在两个词之间,已忽略多余的 OR。"
OR_WITH_EXCLUSION = "OR 不能连接排除的词,已按排除处理。"
NOTHING_SEARCHABLE = "检索式中没有可检索的词。"


@pytest.mark.parametrize(
    ("text", "must", "must_not", "messages"),
    [
        ('"巡察整改', (Phrase("巡察整改"),), (), [UNPAIRED]),
        ("-", (), (), [NOTHING_AFTER_SIGN, NOTHING_SEARCHABLE]),
        ("title:", (), (), [NOTHING_AFTER_SIGN, NOTHING_SEARCHABLE]),
        ("- 整改", (Term("整改"),), (), [NOTHING_AFTER_SIGN]),
        ("title: 整改", (Term("整改"),), (), [NOTHING_AFTER_SIGN]),
        ("OR", (), (), [STRAY_OR, NOTHING_SEARCHABLE]),
        ("整改 OR", (Term("整改"),), (), [STRAY_OR]),
        ("OR 整改", (Term("整改"),), (), [STRAY_OR]),
        ("整改 OR OR 深圳", (AnyOf((Term("整改"), Term("深圳"))),), (), [STRAY_OR]),
        ("广州 OR -深圳 上海", (Term("广州"), Term("上海")), (Term("深圳"),), [OR_WITH_EXCLUSION]),
        ("!!!", (), (), ["“!!!”中没有可检索的文字,已忽略。", NOTHING_SEARCHABLE]),
        ('"" 整改', (Term("整改"),), (), ["“”中没有可检索的文字,已忽略。"]),
        ('"巡察"整改', (Phrase("巡察"), Term("整改")), (), []),
        ('"车" "酒"', (Phrase("车"), Phrase("酒")), (), []),
        ("Xian -Xu", (Term("Xian"),), (Term("Xu"),), []),
        ("广州 OR 深圳 上海", (AnyOf((Term("广州"), Term("深圳"))), Term("上海")), (), []),
    ],
)
def test_repairs_and_their_messages(text, must, must_not, messages):
    parsed = parse_query(text)
    assert parsed.query == Query(must, must_not)
    assert parsed.messages == messages


def test_a_query_too_long_is_cut_with_a_message():
    parsed = parse_query("巡" * (MAX_QUERY_LENGTH + 5))
    assert parsed.query.must == (Term("巡" * MAX_QUERY_LENGTH),)
    assert parsed.messages == [f"检索式过长,只使用了前 {MAX_QUERY_LENGTH} 个字符。"]


def test_too_many_exclusions_are_cut_too():
    parsed = parse_query(" ".join(f"-词{i}" for i in range(MAX_CLAUSES + 1)))
    assert parsed.query.must == ()
    assert parsed.query.must_not == tuple(Term(f"词{i}") for i in range(MAX_CLAUSES))
    assert parsed.messages == [f"检索词过多,只使用了前 {MAX_CLAUSES} 个。"]


def test_the_same_message_is_given_once():
    assert parse_query("OR OR 整改 OR").messages == [STRAY_OR]
