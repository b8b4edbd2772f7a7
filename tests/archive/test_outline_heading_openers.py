"""Headings whose text opens with a quote, book-title mark or bracket after the number.

Notices often name a rule or a slogan right after the section number
(``一、《条例》学习不深入`` / ``（二）“三重一大”制度…``); such a line is a heading
like any other and must open its own section, not run into the one before.
"""

from __future__ import annotations

import pytest

from archive.parsing import parse_notice
from archive.parsing.normalize import normalize_line
from archive.parsing.outline import match_heading


@pytest.mark.parametrize(
    ("line", "level", "heading"),
    [
        ("一、《中国共产党纪律处分条例》学习不深入", 1, "《中国共产党纪律处分条例》学习不深入"),
        ("（二）“三重一大”制度执行不到位", 2, "“三重一大”制度执行不到位"),
        ("（三）‘一把手’监督偏弱", 2, "‘一把手’监督偏弱"),
        ("3.《预算法》执行不严格", 3, "《预算法》执行不严格"),
        ("（4）（含下属单位）公务用车管理不规范", 4, "(含下属单位)公务用车管理不规范"),
        ("二、（一季度）整改推进情况", 1, "(一季度)整改推进情况"),
    ],
)
def test_a_heading_may_open_with_a_quote_book_title_or_bracket(line, level, heading):
    found = match_heading(normalize_line(line))
    assert found is not None, line
    assert (found.level, found.heading) == (level, heading)


def test_such_headings_open_their_own_sections():
    notice = parse_notice(
        "现将整改情况通报如下。\n"
        "一、总体情况\n正文一。\n"
        "二、《条例》执行方面\n"
        "（一）“三重一大”制度方面\n正文二。\n"
        "（二）（含下属单位）用车方面\n正文三。\n"
        "三、‘四风’问题方面\n正文四。"
    )
    tops = notice.sections
    assert [s.heading for s in tops] == ["总体情况", "《条例》执行方面", "‘四风’问题方面"]
    assert [s.text for s in tops] == ["正文一。", "", "正文四。"]
    assert [(s.path, s.heading, s.text) for s in tops[1].children] == [
        ("2.1", "“三重一大”制度方面", "正文二。"),
        ("2.2", "(含下属单位)用车方面", "正文三。"),
    ]
