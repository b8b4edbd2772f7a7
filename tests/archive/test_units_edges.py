"""Edges of reading a round's units: which list items count as names, and when two keys name one unit."""

from __future__ import annotations

import pytest

from archive.parsing.units import listed_units, same_unit, unit_key


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # a two-character name is a name, a one-character item is not
        ("省委第三巡视组对农局、丙开展了专项巡视。", ["农局"]),
        # the last item of a list ending in 等 loses the 等
        ("市委巡察组对丁区委、戊局等开展巡察。", ["丁区委", "戊局"]),
        # a unit written with Latin letters keeps them
        ("区委巡察组对X光检测中心开展了常规巡察。", ["X光检测中心"]),
        # an item that names a count or an inspection is not a unit
        ("市委巡察组:己局、庚局4个单位、第二巡察组辛局", ["己局"]),
        # a unit named twice is listed once, in the order first met
        ("对壬局、癸局开展巡察;市委第五巡察组:癸局、壬局、子局", ["壬局", "癸局", "子局"]),
    ],
)
def test_list_items_that_are_units(text, units):
    assert listed_units(text) == units


def test_a_name_of_sixty_characters_is_the_longest_listed():
    name60 = "测" * 57 + "委员会"
    name61 = "试" * 58 + "委员会"
    assert listed_units(f"市委巡察组:{name60}、{name61}") == [name60]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("中共测试市丙区委员会", "测试市丙区委"),
        ("“测试市丁局”党组", "测试市丁局"),
        ("测试市教育局", "测试市教育局"),  # no suffix: unchanged
        ("甲乙党组", "甲乙"),
        ("甲党组", "甲党组"),  # a key of one character besides the suffix keeps it
        ("党委", "党委"),  # the suffix alone is the whole name
        (None, ""),
        ("", ""),
    ],
)
def test_unit_keys(name, key):
    assert unit_key(name) == key


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("", "测试市甲区委", False),
        ("测试市甲区委", "", False),
        ("", "", False),
        ("测试市甲区委", "测试市甲区委", True),
        ("甲区委", "测试市甲区委", True),  # order does not matter
        ("测试市甲区委", "教育局", False),  # three characters, but not the end of the other
        ("测试市甲区委", "区委", False),  # the end of the other, but too short to be a name
        ("测试市甲区委", "测试市乙区委", False),
    ],
)
def test_same_unit(a, b, same):
    assert same_unit(a, b) is same
