"""Tokenisation, the query language and highlighting, without an index."""

from __future__ import annotations

import pickle

import pytest

from search import analysis
from search.highlight import highlight, query_terms, snippet
from search.query import MAX_CLAUSES, MAX_QUERY_LENGTH, AnyOf, Phrase, Term, parse_query

DICTIONARY_TERMS = ["八项规定", "三重一大", "两个维护", "四个意识", "两个确立", "三会一课", "违规兼职取酬", "津补贴"]


@pytest.mark.parametrize("term", DICTIONARY_TERMS)
def test_user_dictionary_terms_stay_whole(term):
    assert term in analysis.query_tokens(f"认真落实{term}的要求")


def test_long_words_also_index_their_sub_words_at_the_same_position():
    pairs = list(analysis.index_words("中央八项规定精神"))
    positions = {term: pos for term, pos in pairs}
    assert positions["八项规定"] == positions["中央八项规定"] == 0
    assert positions["精神"] == 1


def test_numbers_and_latin_letters_are_terms():
    assert analysis.query_tokens("PPP项目2015年12388") == ["ppp", "项目", "2015", "年", "12388"]
    assert analysis.query_tokens("ＰＰＰ２０１５") == ["ppp2015"]


def test_query_units_glue_single_characters_to_their_neighbour():
    assert analysis.query_tokens("集聚区") == ["集聚", "区"]
    assert analysis.query_units("集聚区") == ["集聚区"]
    assert analysis.query_units("公车辆 整改") == ["公车辆", "整改"]
    assert analysis.query_units("车") == ["车"]


def test_grams_join_across_spaces_and_break_at_punctuation():
    assert analysis.runs("巡 察,整改") == ["巡察", "整改"]
    assert list(analysis.index_grams("巡 察,整改")) == [("巡察", 0), ("整改", 3)]


def test_normalize_keeps_length():
    text = "ＡＢＣ１２３全角"
    assert len(analysis.normalize(text)) == len(text)


def test_analyzers_pickle_by_module_path():
    assert b"search.analysis" in pickle.dumps(analysis.WordTokenizer())


def test_query_language():
    query = parse_query('公务用车 "违规 津补贴" 广州 OR 深圳 -大鹏 title:整改 body:广州').query
    assert query.must == (
        Term("公务用车"),
        Phrase("违规 津补贴"),
        AnyOf((Term("广州"), Term("深圳"))),
        Term("整改", "title"),
        Term("广州", "body"),
    )
    assert query.must_not == (Term("大鹏"),)


def test_chinese_quotes_and_colons():
    assert parse_query("“巡察整改” 标题:广州").query.must == (Phrase("巡察整改"), Term("广州", "title"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"巡察整改', "引号不成对"),
        ("-", "缺少要检索的词"),
        ("OR", "OR 需要写在两个词之间"),
        ("整改 OR", "OR 需要写在两个词之间"),
        ("!!! ???", "没有可检索的文字"),
        ("巡" * (MAX_QUERY_LENGTH + 1), "检索式过长"),
        (" ".join(f"词{i}" for i in range(MAX_CLAUSES + 3)), "检索词过多"),
    ],
)
def test_malformed_queries_give_messages(text, message):
    parsed = parse_query(text)
    assert any(message in m for m in parsed.messages), parsed.messages


def test_unbalanced_quote_is_a_best_effort_phrase():
    assert parse_query('整改 "巡察整改').query.must == (Term("整改"), Phrase("巡察整改"))


def test_query_terms_skip_exclusions_and_cut_like_the_index():
    assert query_terms('公务用车 "两个 维护" -深圳') == ["公务用车", "两个维护"]


def test_highlight_escapes_and_marks():
    marked = highlight("<b>公务用车</b> 与 公务 用车", ["公务用车"])
    assert marked == "&lt;b&gt;<mark>公务用车</mark>&lt;/b&gt; 与 <mark>公务 用车</mark>"


def test_highlight_folds_case_and_width():
    assert highlight("PPP 与 ＰＰＰ", ["ppp"]) == "<mark>PPP</mark> 与 <mark>ＰＰＰ</mark>"


def test_snippet_centres_on_the_first_hit():
    text = "前" * 300 + "公务用车" + "后" * 300
    cut = snippet(text, ["公务用车"])
    assert cut.startswith("…") and cut.endswith("…")
    assert "<mark>公务用车</mark>" in cut
    assert len(cut) < 220


def test_traditional_characters_fold_to_simplified_keeping_offsets():
    text = "省委第二巡視組對某廳黨組進行了巡視"
    folded = analysis.normalize(text)
    assert len(folded) == len(text)
    assert "巡视组" in folded and "党组" in folded
    assert analysis.query_units("巡視") == analysis.query_units("巡视")
