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
