"""Quantitative figures: both word orders, units, money, zeros and what is not a figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from archive.parsing.figures import find_figures
from archive.parsing.numerals import to_decimal, to_int


def only(text):
    figures = find_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("text", "measure", "value", "unit"),
    [
        ("立案39件", "立案", 39, "件"),  # measure before the number
        ("给予党纪处分5人", "党纪处分", 5, "人"),
        ("将51件信访件逐一交办", "信访件", 51, "件"),  # number before the noun
        ("已选派273名“第一书记”", "选派第一书记", 273, "名"),
        ("清退违规兼职取酬金额108.05万元", "清退违规兼职取酬", 1080500, "元"),
        ("收回清退违规资金246.46万元", "收回清退违规资金", 2464600, "元"),
        ("合同金额5.34亿元", "合同", 534000000, "元"),
        ("开展谈话提醒313人次", "开展谈话提醒", 313, "人次"),
        ("办结率为100%", "办结率", 100, "%"),
        ("查处案件２３宗", "查处案件", 23, "宗"),  # full-width digits
        ("组建六个检查组", "组建检查组", 6, "个"),  # Chinese numeral
        ("培训党员1,200人次", "培训党员", 1200, "人次"),
    ],
)
def test_figure_forms(text, measure, value, unit):
    figure = only(text)
    assert (figure.measure, figure.value, figure.unit) == (measure, Decimal(value), unit)
    assert figure.clause == text


def test_explicit_zero_is_a_figure():
    figure = only("政务处分0人")
    assert (figure.measure, figure.value, figure.unit) == ("政务处分", 0, "人")


def test_clause_and_section_path():
    figures = find_figures("整改以来,立案4件、了结4件,给予党纪处分5人(党内严重警告2人)。", "2.3")
    assert [(f.measure, int(f.value)) for f in figures] == [
        ("立案", 4),
        ("了结", 4),
        ("党纪处分", 5),
        ("党内严重警告", 2),
    ]
    assert figures[0].clause == "立案4件、了结4件"
    assert {f.section_path for f in figures} == {"2.3"}


def test_second_number_in_a_clause_keeps_the_measure():
    figures = find_figures("共查处局级以上干部2件2人")
    assert [(f.measure, f.unit) for f in figures] == [("查处局级以上干部", "件"), ("查处局级以上干部", "人")]


@pytest.mark.parametrize(
    "text",
    [
        "2017年5月15日至6月30日巡察组进驻",  # dates
        "联系电话:0755-28333312;12388-1-5(0577-85851359)",  # phone numbers
        "邮政信箱:长沙市湘府中路298号天心区纪委,410004",  # postcodes, house numbers
        "按照中办发〔2013〕17号文件要求",  # document numbers
        "根据长纪发[2013]14号文件",
        "第一书记到村指导,第3次会议",  # ordinals
        "一是迅速部署。二是跟踪督办。1.强化责任。(2)完善制度。",  # list counters
        "落实中央八项规定精神,践行“两个维护”,增强“四个意识”",  # set phrases, quotes
        "从以往的3个月一排查到一个月一排查",  # durations
        "进行一次调度,一件件抓落实",  # a bare 一
        "对巡察反馈的四个方面11类18个问题和34个小项",  # problem counts
        "正在进行二次装修设计",  # 二次 is "a second"
        "超千名党员主动认岗,接待群众300多万人次",  # no leading digit
        "编号9999999999999999999999万元",  # a run of digits, not a statement
    ],
)
def test_not_figures(text):
    assert find_figures(text) == []


@pytest.mark.parametrize(
    ("span", "value"),
    [("39", 39), ("３９", 39), ("十一", 11), ("两", 2), ("二十三", 23), ("246.46", Decimal("246.46")), ("1,080", 1080)],
)
def test_numerals(span, value):
    assert to_decimal(span) == Decimal(value)


def test_numeral_rejects():
    assert to_decimal("") is None
    assert to_decimal("万") is None
    assert to_int("2.5") is None
    assert to_int("第一") is None


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("实现党员领导干部“述责述廉述德”100%全覆盖", "实现党员领导干部述责述廉述德"),
        ("对存在兼职情形的4名退(离)休干部,逐一清理", "退(离)休干部"),
    ],
)
def test_a_figure_label_is_never_empty_or_a_fragment(text, measure):
    (figure,) = find_figures(text)
    assert figure.measure == measure


@pytest.mark.parametrize(
    "text",
    [
        "本轮巡视将对34家中央单位党组织开展常规巡视。",
        "县委拟于年底前完成8项制度修订。",
        "预计挽回经济损失300万元。",
        "下一步将在12个乡镇推广这一做法。",
    ],
)
def test_plans_and_estimates_are_not_figures(text):
    assert find_figures(text) == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("已将12名干部调离原岗位。", 12, "名"),  # 将 as the object marker: a result
        ("按照计划对9个项目进行了验收。", 9, "个"),
        ("对34家单位开展了专项检查。", 34, "家"),
    ],
)
def test_results_written_with_similar_words_are_figures(text, value, unit):
    assert [(f.value, f.unit) for f in find_figures(text)] == [(Decimal(value), unit)]


def test_a_simulated_drill_is_still_a_figure():
    assert [(f.value, f.unit) for f in find_figures("开展模拟演练3次。")] == [(Decimal(3), "次")]
