"""Issue-type tagging: heading vs body weight, strong keywords, no inheritance, the vocabulary."""

from __future__ import annotations

from archive.parsing.result import ParsedNotice, ParsedSection
from archive.parsing.tagging import Rule, section_types, tag_sections
from archive.parsing.vocabulary import VOCABULARY, default_rules

RULES = [
    Rule.from_lines("八项规定", ["*公务用车", "四风", "接待"]),
    Rule.from_lines("选人用人", ["选人用人", "提拔"]),
]


def test_from_lines_marks_strong_and_skips_blanks():
    rule = Rule.from_lines("x", [" *公车 ", "", "四风", "四风", "*"])
    assert rule.keywords == ("公车", "四风")
    assert rule.strong == ("公车",)


def test_heading_match_tags():
    assert section_types("解决“四风”问题", "", RULES) == ["八项规定"]


def test_one_passing_mention_in_the_body_does_not_tag():
    assert section_types("加强班子建设", "会上也谈到接待工作。", RULES) == []


def test_two_body_hits_tag():
    assert section_types("加强班子建设", "规范接待。纠正四风。", RULES) == ["八项规定"]
    assert section_types("加强班子建设", "提拔程序;提拔公示。", RULES) == ["选人用人"]


def test_one_strong_body_keyword_tags():
    assert section_types("加强管理", "清理公务用车。", RULES) == ["八项规定"]


def test_children_inherit_nothing():
    child = ParsedSection("2.1", "(一)", 2, "完善制度", "建立台账。")
    parent = ParsedSection("2", "二、", 1, "关于“四风”问题", "", children=[child])
    notice = ParsedNotice(raw_text="", text="", sections=[parent])
    tag_sections(notice.iter_sections(), RULES)
    assert parent.issue_types == ["八项规定"]
    assert child.issue_types == []
    assert notice.issue_types == ["八项规定"]


def test_notice_carries_the_union_in_first_seen_order():
    a = ParsedSection("1", "一、", 1, "选人用人问题", "")
    b = ParsedSection("2", "二、", 1, "公务用车问题", "")
    notice = ParsedNotice(raw_text="", text="", sections=[a, b])
    tag_sections(notice.iter_sections(), RULES)
    assert notice.issue_types == ["选人用人", "八项规定"]


def test_vocabulary_is_the_twelve_types_with_unique_ascii_slugs():
    assert [spec.name for spec in VOCABULARY] == [
        "党的领导", "两个责任", "八项规定", "廉洁风险", "选人用人", "干部管理",
        "基层党建", "民主集中制", "意识形态", "以往问题整改", "信访线索", "履职发展",
    ]  # fmt: skip
    slugs = [spec.slug for spec in VOCABULARY]
    assert len(set(slugs)) == 12 and all(slug.isascii() for slug in slugs)
    assert all(spec.description and spec.keywords for spec in VOCABULARY)


def test_default_vocabulary_examples():
    rules = default_rules()
    assert "八项规定" in section_types("规范公务用车管理", "", rules)
    assert "选人用人" in section_types("解决选人用人机制和“三超两乱”治理有待完善问题", "", rules)
    assert "干部管理" in section_types("关于报告个人有关事项不如实的问题", "", rules)
    assert "民主集中制" in section_types("完善决策机制", "规范“三重一大”事项集体决策。", rules)
    assert "意识形态" in section_types("关于“意识形态工作重视不够”问题的整改情况", "", rules)
    assert section_types("推进工作", "加强学习。", rules) == []
