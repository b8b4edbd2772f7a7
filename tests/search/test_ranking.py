"""Section ranking rules on small hand-made parts (no index needed)."""

from __future__ import annotations

from search import analysis
from search.query import AnyOf, Phrase, Query, Term, parse_query
from search.ranking import Part, RankedPart, Word, group_by_notice, partial_query, query_words, rank_parts


def part(key: str, path: str, text: str, *, heading: str = "", above: str = "") -> Part:
    squeeze = analysis.squeeze
    return Part(key, path, "section", int(path.replace(".", "")), squeeze(heading), squeeze(text), squeeze(above))


FILLER = "会议强调要提高政治站位,压实工作责任,持续推进各项工作落实。" * 4
IDF = {"公车": 2.0, "整治": 1.0, "三重一大": 2.0, "国企": 2.0}


def order(words, parts) -> list[str]:
    by_key: dict[str, list[Part]] = {}
    for p in parts:
        by_key.setdefault(p.key, []).append(p)
    return [f"{r.key}:{r.path}" for r in rank_parts(words, by_key, IDF)]


def test_a_section_about_the_word_ranks_above_a_passing_mention():
    about = part("a", "2", "规范公车使用,建立公车台账。全面排查公车。", heading="规范公车管理")
    passing = part("b", "1", FILLER + "开展公车、文山会海等问题整治。" + FILLER)
    assert order(query_words(parse_query("公车").query), [passing, about]) == ["a:2", "b:1"]


def test_a_bare_heading_ranks_below_the_section_about_the_word():
    bare = part("a", "1", "", heading="关于公车问题")
    about = part("b", "3", "已收回违规使用的公车,公车统一停放,公车使用登记。" + FILLER)
    assert order(query_words(parse_query("公车").query), [bare, about]) == ["b:3", "a:1"]


def test_a_point_under_an_aspect_heading_is_about_the_aspect():
    point = part("a", "1.2", "收回违规车辆,统一调度使用。", above="违规使用公车方面")
    unrelated = part("a", "2", FILLER)
    assert order(query_words(parse_query("公车").query), [unrelated, point]) == ["a:1.2"]


def test_sections_holding_every_word_come_first_whatever_their_score():
    both = part("a", "1", FILLER + "对国企三重一大事项开展检查。" + FILLER)
    one = part("b", "1", "三重一大决策制度。三重一大事项备案。三重一大监督。", heading="规范三重一大")
    ranked = rank_parts(query_words(parse_query("三重一大 国企").query), {"b": [one], "a": [both]}, IDF)
    assert [(r.key, r.coverage, r.found) for r in ranked] == [("a", 2, (True, True)), ("b", 1, (True, False))]


def test_a_compound_counts_its_words_and_a_synonym_holds_them_all():
    widened = Query(must=(AnyOf((Term("超标准公务接待"), Phrase("超标准接待"))),))
    words = query_words(widened, frozenset({"超标准接待"}))
    assert [w.label for w in words] == ["超标准", "公务", "接待"]
    assert all(("超标准接待",) in w.alternatives for w in words)
    assert len({w.group for w in words}) == 1


def test_words_or_options_and_phrases_are_one_word_each():
    words = query_words(parse_query('公车 OR 公务用车 "违规 使用" title:广州').query)
    assert [w.label for w in words] == ["公车 或 公务用车", "违规 使用"]


def test_grouping_never_puts_a_weaker_section_before_another_notices_better_one():
    ranked = [
        RankedPart("a", "1", "section", 9, (True,), 1),
        RankedPart("b", "1", "section", 8, (True,), 1),
        RankedPart("b", "2", "section", 7, (True,), 1),
        RankedPart("a", "2", "section", 6, (True,), 1),
        RankedPart("c", "1", "section", 5, (True,), 1),
    ]
    groups = group_by_notice(ranked, per_notice=3)
    assert [(key, [p.path for p in parts]) for key, parts in groups] == [
        ("a", ["1"]),
        ("b", ["1", "2"]),
        ("c", ["1"]),
    ]
    shown = [p for _key, parts in groups for p in parts]
    assert shown == sorted(shown, key=ranked.index)


def test_partial_query_asks_for_any_word_and_keeps_field_words_and_exclusions():
    query = parse_query("三重一大 国企 title:广州 -深圳").query
    partial = partial_query(query, query_words(query))
    assert partial.must_not == query.must_not
    assert partial.must[0] == Term("广州", "title")
    assert {o.text for o in partial.must[1].options} == {"三重一大", "国企"}
    assert Word("三重一大", (("三重一大",),)) in query_words(query)
