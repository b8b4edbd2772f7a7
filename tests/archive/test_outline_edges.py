"""Edges of the outline: ordinals, heading text, where a heading ends, the tree, paths and numbering warnings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archive.parsing.outline import build_sections, cn_ordinal, find_headings, match_heading, split_heading


def tree(paragraphs: list[str]) -> tuple[list[tuple[str, str, int, str, str]], list[str]]:
    """(path, number, level, heading, text) of every section, depth first, and the warnings."""
    warnings: list[str] = []
    headings = find_headings(paragraphs)
    roots = build_sections(paragraphs, headings, warnings) if headings else []
    rows = []

    def walk(sections):
        for s in sections:
            rows.append((s.path, s.number, s.level, s.heading, s.text))
            walk(s.children)

    walk(roots)
    return rows, warnings


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一十", 10),
        ("一十一", 11),
        ("五十", 50),
        ("", None),
        ("百", None),  # not a numeral of the outline
        ("一百", None),
        ("一二十", None),  # tens written with two digits
        ("十一二", None),  # units written with two digits
        ("十十一", None),
        ("零十", None),
    ],
)
def test_chinese_ordinals_outside_the_usual_forms(numeral, value):
    assert cn_ordinal(numeral) == value


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("一、整改", ("一、", 1, "整改")),  # two characters of heading text are enough
        ("一、改", None),  # one is not
        ("(一)整改", ("(一)", 2, "整改")),
        ("(3)、规范管理", ("(3)", 4, "规范管理")),  # a stray 、 after the bracket is not part of the number
        ("12、规范管理", ("12、", 3, "规范管理")),
        ("【三】加强管理", ("三、", 1, "加强管理")),
        ("四)加强管理", ("四)", 1, "加强管理")),
        ("一二十、加强管理", None),  # three characters that are no ordinal
        ("0.加强管理", None),  # number zero
        ("(0)加强管理", None),
        ("(00)加强管理", None),
        ("一、2017年工作回顾", ("一、", 1, "2017年工作回顾")),
        ("(2)1.5亿元资金到位", ("(2)", 4, "1.5亿元资金到位")),
        ("3、2017年工作回顾", None),  # the text of a 1. heading never opens with a number
        ("3.2017年工作回顾", None),  # a decimal number, not a marker
        ("(一)12 345", None),
    ],
)
def test_heading_markers_and_their_text(line, found):
    heading = match_heading(line, 7)
    assert match_heading(line) == (heading and replace(heading, index=0))  # the index defaults to 0
    if found is None:
        assert heading is None
    else:
        assert heading is not None
        assert (heading.number, heading.level, heading.heading) == found
        assert heading.index == 7


@pytest.mark.parametrize(
    ("rest", "heading", "text"),
    [
        # a clause end ends the heading when at most 25 characters come before it
        ("甲" * 25 + ":成立领导小组", "甲" * 25, "成立领导小组"),
        ("乙" * 26 + ":成立领导小组", "乙" * 26 + ":成立领导小组", ""),
        # ... and only when it comes before the sentence end
        ("加强管理。措施:成立小组", "加强管理", "措施:成立小组"),
        ("整改措施;成立领导小组。召开会议", "整改措施", "成立领导小组。召开会议"),
        # quotes inside quotes keep the sentence end inside them
        ("落实“学习《规定。细则》不够。”要求。召开会议", "落实“学习《规定。细则》不够。”要求", "召开会议"),
        # a stray closing mark before any opening one does not hide the sentence end
        ("》整改到位。召开会议", "》整改到位", "召开会议"),
        ("首先加强领导。召开会议", "", "首先加强领导。召开会议"),
        ("第一,加强领导。召开会议", "", "第一,加强领导。召开会议"),
    ],
)
def test_where_a_heading_ends(rest, heading, text):
    assert split_heading(rest) == (heading, text)


def test_a_heading_that_shares_its_line_keeps_the_rest_as_the_first_body_line():
    rows, warnings = tree(["一、加强领导。成立小组。", "召开会议。", "(一)完善制度", "制定办法。", "二、下一步"])
    assert rows == [
        ("1", "一、", 1, "加强领导", "成立小组。\n召开会议。"),
        ("1.1", "(一)", 2, "完善制度", "制定办法。"),
        ("2", "二、", 1, "下一步", ""),
    ]
    assert warnings == []


def test_a_heading_of_the_same_level_closes_the_one_before():
    rows, _ = tree(["(一)甲方面", "(二)乙方面", "1.第一项", "(1)细项", "2.第二项", "(三)丙方面"])
    assert [(path, level) for path, _n, level, _h, _t in rows] == [
        ("1", 2),
        ("2", 2),
        ("2.1", 3),
        ("2.1.1", 4),
        ("2.2", 3),
        ("3", 2),
    ]


def test_repeated_numbers_get_numbered_paths_and_a_warning_each():
    rows, warnings = tree(["一、甲方面", "1.第一项", "1.又是第一项", "1.再一次", "二、乙方面", "1.第一项"])
    assert [row[0] for row in rows] == ["1", "1.1", "1.1-2", "1.1-3", "2", "2.1"]
    assert warnings == [
        "章节编号跳到 1.(应为第 2 个):可能漏了一个标题,请对照原文核对。",
        "章节编号 1. 在同一上级下重复出现,它的永久路径记为 1.1-2:请核对编号。",
        "章节编号跳到 1.(应为第 2 个):可能漏了一个标题,请对照原文核对。",
        "章节编号 1. 在同一上级下重复出现,它的永久路径记为 1.1-3:请核对编号。",
    ]


@pytest.mark.parametrize(
    ("paragraphs", "warnings"),
    [
        # numbering restarting under each parent, or running on through the notice, is normal
        (["一、甲方", "1.第一项", "2.第二项", "二、乙方", "1.第一项", "2.第二项"], []),
        (["一、甲方", "1.第一项", "2.第二项", "二、乙方", "3.第三项", "4.第四项"], []),
        (["(一)甲方", "(二)乙方", "(三)丙方"], []),
        # a gap at the top: one number expected
        (["一、甲方", "二、乙方", "四、丁方"], ["章节编号跳到 四、(应为第 3 个):可能漏了一个标题,请对照原文核对。"]),
        # the first heading of a level is expected to be its first
        (["一、甲方", "(二)乙方"], ["章节编号跳到 (二)(应为第 1 个):可能漏了一个标题,请对照原文核对。"]),
        # a gap under a new parent: either its first or the notice's next number was expected
        (
            ["一、甲方", "1.第一项", "2.第二项", "二、乙方", "5.第五项"],
            ["章节编号跳到 5.(应为第 1或3 个):可能漏了一个标题,请对照原文核对。"],
        ),
    ],
)
def test_numbering_warnings(paragraphs, warnings):
    assert tree(paragraphs)[1] == warnings


@pytest.mark.parametrize(
    ("paragraphs", "numbers"),
    [
        # two parts at least, each opening its own paragraph, counted from 一是
        (["一是加强领导。", "正文。", "二是完善制度。"], ["一是", "二是"]),
        (["一是加强领导。", "正文。"], []),
        (["一是加强领导。", "二是完善制度。", "三是跟踪问效。"], ["一是", "二是", "三是"]),
        # out of order: 三是 right after 一是 is not the second part
        (["一是加强领导。", "三是跟踪问效。", "二是完善制度。"], ["一是", "二是"]),
        (["二是完善制度。", "三是跟踪问效。"], []),
        # a part whose text does not open like words is no part
        (["一是加强领导。", "二是2017年以来。", "二是完善制度。"], ["一是", "二是"]),
        (["一是:加强领导。", "二是,完善制度。"], ["一是", "二是"]),
        (["一是X光检查。", "二是完善制度。"], []),
    ],
)
def test_enumerated_parts(paragraphs, numbers):
    rows, _ = tree(paragraphs)
    assert [row[1] for row in rows] == numbers
    assert all(row[2] == 1 for row in rows)


def test_enumerated_parts_carry_their_heading_text_and_body():
    paragraphs = ["前言。", "一是:加强领导。成立小组。", "召开会议。", "二是,完善制度:制定办法", "(一)细化措施"]
    rows, warnings = tree(paragraphs)
    assert rows == [
        ("1", "一是", 1, "加强领导", "成立小组。\n召开会议。"),
        ("2", "二是", 1, "完善制度", "制定办法"),
        ("2.1", "(一)", 2, "细化措施", ""),
    ]
    assert warnings == []
    assert [h.index for h in find_headings(paragraphs)] == [1, 3, 4]


def test_enumerated_parts_do_not_count_when_the_notice_has_top_level_headings():
    paragraphs = ["一是加强领导。", "二是完善制度。", "一、整改情况", "(一)甲方面"]
    assert [(h.number, h.index) for h in find_headings(paragraphs)] == [("一、", 2), ("(一)", 3)]


def test_second_level_headings_alone_do_not_stop_enumerated_parts():
    paragraphs = ["一是加强领导。", "(一)甲方面", "二是完善制度。"]
    assert [(h.number, h.index) for h in find_headings(paragraphs)] == [("一是", 0), ("(一)", 1), ("二是", 2)]
