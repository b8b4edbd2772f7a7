"""The limits of a body's name, and the reason given to the editor for each rejection."""

from __future__ import annotations

import pytest

from archive.parsing.names import MAX_NAME, name_problem, unit_problem


@pytest.mark.parametrize(("name", "problem"), [("委", "太短"), ("县委", None), ("市局", None)])
def test_a_name_has_at_least_two_characters(name, problem):
    assert name_problem(name) == problem


def test_a_name_has_at_most_the_longest_bodys_length():
    longest = "某" * (MAX_NAME - 2) + "党委"
    assert len(longest) == MAX_NAME
    assert name_problem(longest) is None
    assert name_problem("某" + longest) == f"超过{MAX_NAME}个字"


def test_an_inspected_unit_has_at_most_the_longest_bodys_length():
    longest = "某" * (MAX_NAME - 2) + "党委"
    assert unit_problem(longest) is None
    assert unit_problem("某" + longest) == f"超过{MAX_NAME}个字"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("3个党组织", "含有单位数量"),
        ("县林业局会议纪要", "结尾不像机关或单位名称"),
        ("县委和被巡察单位党委", "含有“和被”,像是句子的一部分"),
    ],
)
def test_each_rejection_says_why(name, problem):
    assert name_problem(name) == problem
