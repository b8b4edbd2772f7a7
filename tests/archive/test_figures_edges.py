"""Figures at the edges: full-width signs, exact values, labels found as a last resort."""

from __future__ import annotations

from decimal import Decimal

import pytest

from archive.parsing.figures import find_figures


def only(text):
    figures = find_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


def test_a_full_width_percent_sign_is_stored_as_percent():
    figure = only("信访件办结率达到100％")
    assert (figure.value, figure.unit) == (Decimal(100), "%")


@pytest.mark.parametrize(("text", "value"), [("办结率为87.5%", "87.5"), ("追缴资金0.5万元", "5000")])
def test_a_value_keeps_its_decimals(text, value):
    assert str(only(text).value) == value


def test_a_whole_amount_in_ten_thousands_is_written_without_exponent_or_decimals():
    assert str(only("收回清退违规资金246.46万元").value) == "2464600"


def test_the_last_resort_label_leaves_out_a_clauses_leading_words():
    figure = only("其中党员领导干部“述责述廉述德”100%全覆盖")
    assert figure.measure == "党员领导干部述责述廉述德"


def test_a_quoted_number_is_no_figure_even_with_clauses_after_it():
    assert [(f.measure, f.value) for f in find_figures("推行“3项清单”制度,立案5件")] == [("立案", 5)]


def test_a_full_width_percentage_never_counts_the_noun_after_it():
    assert only("全覆盖率达到100％的区").measure == only("全覆盖率达到100%的区").measure == "全覆盖率"


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("选派干部273名第一书记", "选派干部第一书记"),  # up to four words before join the noun after
        ("下派村干部273名第一书记", "第一书记"),  # five or more words before: the noun alone
        ("选派年轻干部273名第一书记", "第一书记"),
        ("查处违规违纪党员干部5名科级干部", "科级干部"),
        ("新增的5名干部", "干部"),  # words ending in 的 describe, they do not name
    ],
)
def test_words_before_join_the_noun_after_only_when_short(text, measure):
    assert only(text).measure == measure


@pytest.mark.parametrize(("text", "measure"), [("1.立案39件", "立案"), ("共计金额100万元", "金额")])
def test_list_numbers_and_leading_words_stay_out_of_the_label(text, measure):
    assert only(text).measure == measure


def test_spaces_inside_a_figure_leave_its_amount():
    figure = only("立案 39 件")
    assert (figure.clause, figure.amount) == ("立案 39 件", "39件")
    assert only("收回清退违规资金246.46万元").amount == "246.46万元"


@pytest.mark.parametrize("text", ["增长9.4%", "增长9.4％", "学习十九届四中全会精神"])
def test_changes_and_meetings_at_the_start_of_a_text_are_no_figures(text):
    assert find_figures(text) == []


@pytest.mark.parametrize("text", ["，立案5件", "整改以来,共发现问题,立案5件"])
def test_a_figures_clause_starts_after_the_nearest_clause_end(text):
    assert only(text).clause == "立案5件"


def test_only_the_figures_own_clause_tells_whether_it_is_quoted():
    assert only("立案5件,开展“三查三改").measure == "立案"


def test_values_from_ten_to_the_fifteen_are_digit_runs_and_are_skipped():
    assert only("金额999999999999999元").value == Decimal("999999999999999")
    assert find_figures("金额1000000000000000元") == []
    assert [f.measure for f in find_figures("编号9999999999999999999999万元,立案3件")] == ["立案"]


def test_figures_come_from_the_preamble_and_sections_with_their_paths():
    from archive.parsing import parse_notice

    text = (
        "中共某县林业局党组关于巡察整改情况的通报\n县委第二巡察组对县林业局党组开展了巡察,谈话提醒12人。现将整改情况予以公布。\n"
        "一、整改工作\n（一）严肃执纪\n立案3件。\n欢迎监督。本期共收到来信5件。\n"
    )
    parsed = parse_notice(text)
    assert [(f.measure, int(f.value), f.section_path) for f in parsed.figures] == [
        ("谈话提醒", 12, None),
        ("立案", 3, "1.1"),
    ]
    unsectioned = parse_notice("县委第二巡察组对县林业局党组开展了巡察。立案3件。\n")
    assert [(f.measure, f.section_path) for f in unsectioned.figures] == [("立案", None)]


def test_a_figures_clause_ends_at_the_nearest_clause_end():
    assert [f.clause for f in find_figures("立案5件,了结4件,处分3人")] == ["立案5件", "了结4件", "处分3人"]


@pytest.mark.parametrize("after", ["以上", "以下", "以内", "及以上", "及以下", "左右", "上下"])
def test_a_threshold_or_an_estimate_is_no_figure(after):
    assert [f.measure for f in find_figures(f"排查资金3000万元{after}的项目,立案5件")] == ["立案"]


def test_a_count_written_straight_after_a_plenary_session_is_a_figure():
    # 四中全会 holds no unit after its numeral; a count that follows the words is an ordinary figure.
    figure = only("组织学习四中全会120人次")
    assert (figure.value, figure.unit) == (Decimal(120), "人次")


@pytest.mark.parametrize(("spaces", "is_figure"), [(8, False), (9, True)])
def test_a_rate_word_counts_within_twelve_characters_before_a_percentage(spaces, is_figure):
    # 完成率为 and the spaces after it: the word must start at most twelve characters before the number.
    text = "完成率为" + " " * spaces + "100%"
    assert (find_figures(text) != []) is is_figure


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("连续2次年度考核为优秀,立案5件", ["立案"]),  # 次年度 also reads "the following year"
        ("每2次季度例会通报一次,立案5件", ["立案"]),
        ("整改期限为3个月,立案5件", ["立案"]),
        ("召开专题会议2次,立案5件", ["召开专题会议", "立案"]),
    ],
)
def test_a_count_of_times_followed_by_a_period_of_time_is_no_figure(text, measures):
    assert [f.measure for f in find_figures(text)] == measures
