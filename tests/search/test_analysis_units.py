"""How text becomes search terms, as properties over any text (Hypothesis) and a few exact cases."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from search import analysis

# Chinese words the dictionary knows, Latin and full-width letters, digits, spaces and punctuation.
PIECES = ["巡察", "整改", "八项规定", "集聚区", "公车", "车", "中央八项规定精神", "ＰＰＰ", "Abc", "２０１５", "12388"]
PIECES += [" ", "　", "\n", ",", "。", "_", "-", "ﬁ", "𝐀", "Ⅻ", "é"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join) | st.text(max_size=30)


@given(TEXT)
def test_normalize_keeps_length_and_is_idempotent(text):
    folded = analysis.normalize(text)
    assert len(folded) == len(text)
    assert analysis.normalize(folded) == folded
    assert folded == folded.lower()


def test_normalize_folds_width_and_case_character_by_character():
    assert analysis.normalize("ＡＢＣ１２３全角Ab") == "abc123全角ab"
    assert analysis.normalize("ﬁ") == "ﬁ"  # folds to two letters: kept, to keep offsets
    assert analysis.normalize("𝐀") == "a"  # outside the basic plane
    assert analysis.normalize("ASCII Only") == "ascii only"


@given(TEXT)
def test_segment_offsets_point_into_the_normalised_text(text):
    folded = analysis.normalize(text)
    for word, start, end in analysis.segment(text):
        assert folded[start:end] == word
        assert any(c.isalnum() for c in word)


@given(TEXT)
def test_query_units_regroup_the_tokens_without_losing_any(text):
    units = analysis.query_units(text)
    assert "".join(units) == "".join(analysis.query_tokens(text))
    folded = analysis.normalize(text)
    assert all(unit in folded for unit in units)


def test_query_units_keep_single_characters_with_their_neighbour():
    assert analysis.query_units("区集聚") == ["区集聚"]
    assert analysis.query_units("车 公车") == ["车", "公车"]
    assert analysis.query_units("集聚区 车") == ["集聚区", "车"]
    assert analysis.query_units("a b") == ["a", "b"]
    assert analysis.query_units("") == []


@given(TEXT)
def test_runs_are_the_letters_and_digits_split_at_punctuation(text):
    runs = analysis.runs(text)
    assert all(runs) and all(re.fullmatch(r"[^\W_]+", run) for run in runs)
    squeezed = analysis.squeeze(text)
    assert not re.search(r"\s", squeezed)
    assert all(run in squeezed for run in runs)
    assert "".join(runs) == "".join(re.findall(r"[^\W_]", squeezed))


@given(TEXT)
def test_grams_and_chars_sit_at_their_positions(text):
    joined = analysis.RUN_SEPARATOR.join(analysis.runs(text))
    for gram, position in analysis.index_grams(text):
        assert len(gram) == 2 and joined[position : position + 2] == gram
    chars = list(analysis.index_chars(text))
    assert [c for c, _ in chars] == [c for c in joined if c != analysis.RUN_SEPARATOR]
    for char, position in chars:
        assert joined[position] == char
    assert len(list(analysis.index_grams(text))) == sum(max(len(r) - 1, 0) for r in analysis.runs(text))


@given(st.lists(st.text(alphabet="整改巡察ab1", min_size=1, max_size=9), max_size=4))
def test_char_offsets_agree_with_the_joined_runs(runs):
    joined = analysis.RUN_SEPARATOR.join(runs)
    offsets = analysis.char_offsets(runs)
    assert sorted(o for found in offsets.values() for o in found) == [
        i for i, c in enumerate(joined) if c != analysis.RUN_SEPARATOR
    ]
    for char, found in offsets.items():
        assert found == sorted(found) and all(joined[o] == char for o in found)


def test_bigrams_of_a_run():
    assert analysis.bigrams_of("巡察整改") == ["巡察", "察整", "整改"]
    assert analysis.bigrams_of("车") == []


@given(TEXT)
def test_index_words_follow_the_segmenter_with_sub_words_at_the_same_position(text):
    pairs = list(analysis.index_words(text))
    words = [word for word, _s, _e in analysis.segment(text)]
    first_at: dict[int, str] = {}
    for word, position in pairs:
        first_at.setdefault(position, word)
    assert [first_at.get(i) for i in range(len(words))] == words
    positions = [p for _w, p in pairs]
    assert positions == sorted(positions)
    assert sorted(set(positions)) == list(range(len(words)))
    for word, position in pairs:
        assert word in words[position]


def test_sub_words_are_dictionary_words_inside_longer_words():
    assert analysis._sub_words("整改") == []
    subs = analysis._sub_words("中央八项规定")
    assert "八项规定" in subs and "中央" in subs and "中央八项规定" not in subs
    assert subs == sorted(subs, key=len, reverse=True)
    assert len(subs) == len(set(subs))


def test_tokenizers_give_terms_at_positions():
    tokens = [(t.text, t.pos) for t in analysis.BigramTokenizer()("巡察,整改", positions=True, start_pos=10)]
    assert tokens == [("巡察", 10), ("整改", 13)]
    chars = [(t.text, t.pos, t.original) for t in analysis.CharTokenizer()("车a", positions=True, keeporiginal=True)]
    assert chars == [("车", 0, "车"), ("a", 1, "a")]
    words = [t.text for t in analysis.WordTokenizer()("公务用车")]
    assert words[0] == "公务用车"
    assert all(t.boost == 1.0 and t.stopped is False for t in analysis.WordTokenizer()("巡察整改"))


def token_settings(tokens) -> list[tuple]:
    return [(t.positions, t.chars, t.removestops, t.mode, getattr(t, "original", None)) for t in tokens]


def test_tokens_carry_the_options_whoosh_asked_for():
    plain = analysis.CharTokenizer()("车a")
    assert token_settings(plain) == [(False, False, True, "", None)] * 2
    asked = analysis.CharTokenizer()("车", positions=True, chars=True, removestops=False, mode="index", field="x")
    tokens = [(t.positions, t.chars, t.removestops, t.mode, t.field) for t in asked]
    assert tokens == [(True, True, False, "index", "x")]


def test_sub_words_of_a_long_word_longest_first_then_in_reading_order():
    assert analysis._sub_words("中华人民共和国") == ["人民共和国", "中华人民", "共和国", "中华", "华人", "人民", "共和"]
    assert analysis._sub_words("北京大学") == ["北京", "大学"]
    assert analysis._sub_words("共和国") == ["共和"]  # three characters have sub-words too
    assert "八项规定" not in analysis._sub_words("八项规定")  # a word is not its own sub-word
    assert analysis._sub_words("整改") == analysis._sub_words("车") == []


def test_unknown_words_are_found_by_the_hidden_markov_model():
    # 杭研 is in no dictionary: only jieba's HMM joins the two characters into one word.
    assert analysis.query_tokens("他来到了网易杭研大厦") == ["他", "来到", "了", "网易", "杭研", "大厦"]


def test_the_segmenter_loads_the_user_dictionary_once_on_first_use(monkeypatch):
    loaded = []
    real_load = analysis.jieba.load_userdict
    monkeypatch.setattr(analysis.jieba, "load_userdict", lambda path: loaded.append(path) or real_load(path))
    monkeypatch.setattr(analysis, "_jieba_ready", False)  # as in a fresh process
    assert analysis.segmenter() is analysis.jieba.dt
    assert analysis._jieba_ready is True
    analysis.segmenter()
    assert loaded == [str(analysis.USER_DICT)]
    assert "三重一大" in analysis.query_tokens("落实三重一大制度")
