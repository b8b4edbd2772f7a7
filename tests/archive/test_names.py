"""Names that look like bodies' names, and phrases that only look like them."""

from __future__ import annotations

import pytest

from archive.parsing import parse_notice
from archive.parsing.names import expand_self_reference, name_problem, strip_name_notes, unit_problem


@pytest.mark.parametrize(
    "name",
    [
        "中共深圳市大鹏新区工作委员会",
        "天心区委",
        "中共中华人民共和国国家发展和改革委员会党组",
        "某某集团有限公司党委",
        "某某县人民医院",
        "中共某某省委巡视工作领导小组",
    ],
)
def test_real_names(name):
    assert name_problem(name) is None


@pytest.mark.parametrize(
    "name",
    [
        "某县纪委监委党委书记和被巡察单位领导班子分别",
        "12家被巡察单位党组织全面",
        "认真落实整改要求的局党组",
        "中共某某市某某区某某街道某某社区某某股份合作公司某某分公司党支部委员会",
    ],
)
def test_phrases_are_not_names(name):
    assert name_problem(name)


def test_abbreviation_note_is_removed():
    assert strip_name_notes("中共某省某厅党组(以下简称“厅党组”)") == "中共某省某厅党组"
    assert strip_name_notes("某区委(简称区委)") == "某区委"


def test_units_may_be_groups_but_not_counts():
    assert unit_problem("广州市党政领导班子") is None
    assert unit_problem("全县12个乡镇") is not None


def test_a_junk_body_is_dropped_with_a_warning():
    text = (
        "根据县委统一部署,县委第一巡察组对城关镇党委开展了巡察。"
        "巡察组向城关镇党委书记和被巡察单位领导班子分别反馈了巡察意见。现将整改情况予以公布。\n"
        "一、整改落实情况\n已完成整改措施12条。\n"
    )
    notice = parse_notice(text)
    assert notice.issuing_body == "城关镇党委"
    assert any("不予采用" in warning for warning in notice.warnings)


@pytest.mark.parametrize(
    ("unit", "issuing_body", "expected"),
    [
        ("我镇党委", "中共屏山县锦屏镇委员会", "锦屏镇党委"),
        ("我街道党工委", "中共大余县南安街道工作委员会", "南安街道党工委"),
        ("我镇党委", "中共某县新市镇委员会", "新市镇党委"),
        ("我局党组", "中共临澧县林业局党组", "临澧县林业局党组"),
        ("本局党组", "中共临澧县林业局党组", "临澧县林业局党组"),
        ("我院党委", "中共某县人民医院委员会", "某县人民医院党委"),
        ("我委党组", "中共某市发展和改革委员会党组", "某市发展和改革委员会党组"),
        ("我县", "中共岳阳市平江县委员会", "平江县"),
        ("我公司党委", "中共某某集团有限公司委员会", "某某集团有限公司党委"),
    ],
)
def test_a_unit_that_names_itself_takes_the_issuing_bodys_name(unit, issuing_body, expected):
    assert expand_self_reference(unit, issuing_body) == expected


@pytest.mark.parametrize(
    ("unit", "issuing_body"),
    [
        ("我镇党委", "中共某县林业局党组"),  # the kinds disagree: a bureau is no 镇
        ("我县", "中共屏山县锦屏镇委员会"),  # a town's notice does not speak as the county
        ("我镇党委", None),
        ("我镇党委", "镇党委书记和被巡察单位领导班子分别"),  # no name at all
        ("锦屏镇党委", "中共屏山县锦屏镇委员会"),  # already named
    ],
)
def test_a_self_reference_is_left_alone_when_the_issuing_body_is_not_of_its_kind(unit, issuing_body):
    assert expand_self_reference(unit, issuing_body) is None


def test_a_parsed_self_reference_keeps_its_source():
    text = (
        "根据县委统一部署,2020年8月24日至10月23日,县委第一巡察组对我镇党委进行了巡察。\n"
        "一、整改工作总体情况\n镇党委制定整改措施49条。\n二、下一步工作\n持续整改。\n"
        "中共屏山县锦屏镇委员会\n2021年4月8日\n"
    )
    notice = parse_notice(text)
    assert notice.inspected_unit == "锦屏镇党委"
    source = notice.provenance["inspected_unit"]
    assert notice.text[source["start"] : source["end"]] == "我镇党委"
    assert "发布机关自称" in source["method"]
