"""Edges of the fact readers' text windows, the counts of a notice of one unit, and a self-reference's note."""

from __future__ import annotations

from archive.parsing import parse_notice
from archive.parsing.facts import _byline_date, _closing, _opening, _read_inspection
from archive.parsing.result import ParsedNotice

SELF_NAMED = """中共新市镇委员会关于县委巡察反馈意见整改情况的通报
根据县委统一部署,2019年3月至5月,县委第二巡察组对我镇党委进行了巡察,5月20日反馈了巡察意见。现将整改情况通报如下。
一、整改工作开展情况
镇党委召开专题会议研究整改工作。
中共新市镇委员会
2019年8月1日
"""

ONE_UNIT_OF_A_ROUND = """中共某县林业局党组关于县委巡察反馈意见整改情况的通报
根据县委统一部署,县委组建3个巡察组开展第五轮巡察。2019年3月至5月,县委第二巡察组对县林业局党组进行了巡察,5月20日反馈了巡察意见。现将整改情况通报如下。
一、整改工作开展情况
对巡察反馈的12个问题,已整改完成10个,制定整改措施35条。
中共某县林业局党组
2019年8月1日
"""


def test_a_self_named_unit_records_how_its_name_was_written_out():
    parsed = parse_notice(SELF_NAMED)
    assert parsed.inspected_unit == "新市镇党委"
    source = parsed.provenance["inspected_unit"]
    assert source["method"] == "原文“我镇党委”是发布机关自称,按发布机关“中共新市镇委员会”写出"
    assert "我镇党委" in source["quote"]


def test_a_unit_named_in_an_opening_about_several_groups_still_takes_the_counts_of_its_own_text():
    parsed = parse_notice(ONE_UNIT_OF_A_ROUND)
    assert parsed.inspected_unit == "县林业局党组"
    assert parsed.problem_counts == {"problems": 12, "measures": 35, "completed": 10}


def test_a_byline_with_a_site_name_keeps_its_numeric_date():
    assert _byline_date(["某某网 2019-04-25"]).value.isoformat() == "2019-04-25"
    assert _byline_date(["- 2023-12-29"]).value.isoformat() == "2023-12-29"


def _bare(text: str) -> ParsedNotice:
    return ParsedNotice(raw_text=text, text=text)


def test_without_headings_the_opening_is_the_first_thousand_characters():
    text = "甲" * 1500
    assert _opening(_bare(text)) == "甲" * 1000


def test_without_a_closing_or_an_invitation_the_closing_is_the_last_six_hundred_characters():
    text = "乙" * 300 + "丙" * 1000
    assert _closing(_bare(text)) == "丙" * 600


def test_a_unit_is_read_from_the_first_three_thousand_characters_only():
    needed = "县委第二巡察组对县林业局党组进行"  # the shortest text that names the unit
    for end, expected in ((3000, "县林业局党组"), (3001, None)):
        parsed = _bare("。" * (end - len(needed)) + needed + "了巡察。")
        _read_inspection(parsed, "")
        assert parsed.inspected_unit == expected
