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
