"""Heading recognition and the section tree, on crafted lines and small notices."""

from __future__ import annotations

import pytest

from archive.parsing import parse_notice
from archive.parsing.normalize import normalize_line
from archive.parsing.outline import cn_ordinal, match_heading, split_heading


@pytest.mark.parametrize(
    ("line", "level", "number", "ordinal", "heading"),
    [
        ("一、提高政治站位,抓紧抓实巡察整改工作", 1, "一、", 1, "提高政治站位,抓紧抓实巡察整改工作"),
        ("十一、其他方面", 1, "十一、", 11, "其他方面"),
        ("二十三、其他方面", 1, "二十三、", 23, "其他方面"),
        ("(一)加强党的领导方面。", 2, "(一)", 1, "加强党的领导方面"),
        ("（四）廉政风险防控方面", 2, "(四)", 4, "廉政风险防控方面"),
        ("(十二)、规范管理", 2, "(十二)", 12, "规范管理"),
        ("1.关于“开展党内政治生活不认真”问题的整改情况。", 3, "1.", 1, "关于“开展党内政治生活不认真”问题的整改情况"),
        ("2、健全镇街承载服务功能", 3, "2、", 2, "健全镇街承载服务功能"),
        ("3．规范公务用车管理", 3, "3.", 3, "规范公务用车管理"),
        ("１２．干部监督管理仍有空档的问题。", 3, "12.", 12, "干部监督管理仍有空档的问题"),
        ("15.“四风”顽疾仍未根治的问题。部署开展", 3, "15.", 15, "“四风”顽疾仍未根治的问题"),
        ("(18)积极整改城市更新无序竞争问题。一是全面排查清理。", 4, "(18)", 18, "积极整改城市更新无序竞争问题"),
        ("（3）2017年以来新建制度12项", 4, "(3)", 3, "2017年以来新建制度12项"),
    ],
)
def test_heading_styles(line, level, number, ordinal, heading):
    found = match_heading(normalize_line(line))
    assert found is not None
    assert (found.level, found.number, found.ordinal, found.heading) == (level, number, ordinal, heading)


@pytest.mark.parametrize(
    "line",
    [
        "16.12.2015 15:21",
        "1.5亿元资金已全部到位。",
        "2017.12.25",
        "2017年12月21日",
        "100.整改",
        "一是迅速部署,立行立改。二是跟踪督办,强力推进。",
        "一、",
        "(1)",
        "3. 12项",
        "(一) 123",
        "整改情况如下:1.加强领导;2.完善制度。",
        "零、无效编号",
        "十十、无效编号",
    ],
)
def test_lines_that_are_not_headings(line):
    assert match_heading(normalize_line(line)) is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("九十九", 99),
        ("零", None),
        ("十十", None),
        ("一二", None),
    ],
)
def test_cn_ordinal(numeral, value):
    assert cn_ordinal(numeral) == value


@pytest.mark.parametrize(
    ("rest", "heading", "text"),
    [
        ("统一思想认识,坚决扛起责任。9月5日,召开反馈会。", "统一思想认识,坚决扛起责任", "9月5日,召开反馈会。"),
        ("积极整改“文件多。会议多”的问题。一是控制发文。", "积极整改“文件多。会议多”的问题", "一是控制发文。"),
        ("整改措施:成立领导小组。", "整改措施", "成立领导小组。"),
        ("关于纪委(纪检组)履行监督责任有所缺失的问题", "关于纪委(纪检组)履行监督责任有所缺失的问题", ""),
        (
            "对巡察组反馈的四个方面的问题,全部由领导班子成员牵头整改,具体安排如下:一是。",
            "对巡察组反馈的四个方面的问题,全部由领导班子成员牵头整改,具体安排如下:一是",
            "",
        ),
        ("一是切实强化预算审批管控。二是严格执行。", "", "一是切实强化预算审批管控。二是严格执行。"),
    ],
)
def test_split_heading(rest, heading, text):
    assert split_heading(rest) == (heading, text)


def outline(notice):
    return [(s.path, s.level, s.depth, s.heading) for s in notice.iter_sections()]


def test_notice_starting_at_second_level():
    notice = parse_notice("根据部署,现将整改情况通报如下。\n(一)加强领导。\n正文一。\n(二)完善制度。\n正文二。")
    assert outline(notice) == [(("1"), 2, 1, "加强领导"), ("2", 2, 1, "完善制度")]
    assert [s.text for s in notice.sections] == ["正文一。", "正文二。"]


def test_missing_level_nests_under_the_nearest_outer_heading():
    notice = parse_notice("一、总体情况\n1.加强领导。\n正文。\n2.完善制度。\n二、下一步打算\n(一)持续整改。")
    assert outline(notice) == [
        ("1", 1, 1, "总体情况"),
        ("1.1", 3, 2, "加强领导"),
        ("1.2", 3, 2, "完善制度"),
        ("2", 1, 1, "下一步打算"),
        ("2.1", 2, 2, "持续整改"),
    ]


def test_numbering_across_parents_keeps_printed_numbers():
    lines = ["一、总体情况", "二、整改情况", "(一)党的领导方面", "1.第一类问题", "(1)问题甲。", "(2)问题乙。"]
    lines += ["2.第二类问题", "(3)问题丙。", "(二)从严治党方面", "3.第三类问题", "(4)问题丁。"]
    text = "\n".join(lines)
    notice = parse_notice(text)
    assert [s.path for s in notice.iter_sections()] == [
        "1",
        "2",
        "2.1",
        "2.1.1",
        "2.1.1.1",
        "2.1.1.2",
        "2.1.2",
        "2.1.2.3",
        "2.2",
        "2.2.3",
        "2.2.3.4",
    ]
    assert notice.warnings == []


def test_numbering_restarting_under_each_parent_is_normal():
    notice = parse_notice("一、甲方面\n1.第一项\n2.第二项\n二、乙方面\n1.第一项")
    assert [s.path for s in notice.iter_sections()] == ["1", "1.1", "1.2", "2", "2.1"]
    assert notice.warnings == []


def test_repeated_numbers_keep_paths_unique_and_warn():
    notice = parse_notice("一、甲方面\n1.第一项\n1.又是第一项\n1.再一次")
    paths = [s.path for s in notice.iter_sections()]
    assert paths == ["1", "1.1", "1.1-2", "1.1-3"]
    assert len(set(paths)) == len(paths)
    assert any("重复出现" in w for w in notice.warnings)


def test_numbering_jump_warns():
    notice = parse_notice("一、甲方面\n二、乙方面\n五、戊方面")
    assert [s.path for s in notice.sections] == ["1", "2", "5"]
    assert any("章节编号跳到 五、" in w for w in notice.warnings)


def test_heading_sharing_its_line_with_text():
    notice = parse_notice("一、总体情况\n(一)统一思想认识,坚决扛起责任。9月5日,召开反馈会。\n会后部署整改。")
    section = notice.sections[0].children[0]
    assert section.heading == "统一思想认识,坚决扛起责任"
    assert section.text == "9月5日,召开反馈会。\n会后部署整改。"


def test_enumerations_stay_body_text():
    points = ["一是迅速部署,立行立改。", "二是跟踪督办,强力推进。", "三是总结提升。"]
    notice = parse_notice("\n".join(["一、切实履行主体责任", "区委深刻认识到整改的重要性。", *points]))
    assert len(list(notice.iter_sections())) == 1
    assert notice.sections[0].text.splitlines()[1:] == points


def test_date_and_number_lines_inside_a_section_are_body_text():
    text = "一、整改情况\n2017.\n1.5亿元资金已到位。\n16.12.2015 15:21\n二、下一步"
    notice = parse_notice(text)
    assert [s.path for s in notice.iter_sections()] == ["1", "2"]
    assert notice.sections[0].text == "2017.\n1.5亿元资金已到位。\n16.12.2015 15:21"


def test_full_width_and_half_width_markers_build_the_same_tree():
    full = parse_notice("一、总体\n（一）加强领导\n１．建立制度\n（１）细化措施。")
    half = parse_notice("一、总体\n(一)加强领导\n1.建立制度\n(1)细化措施。")
    assert outline(full) == outline(half)
    assert [s.path for s in full.iter_sections()] == ["1", "1.1", "1.1.1", "1.1.1.1"]


# --- heading styles other than numbering -------------------------------------

PARTS = (
    "根据县委统一部署,县委第二巡察组对某乡党委开展了巡察。现将整改情况公布如下。一是提高认识,二是压实责任。\n"
    "一是强化组织领导,压紧压实整改责任。乡党委成立整改领导小组。\n"
    "二是逐项对账销号,推动问题整改落地。\n"
    "1.关于村级财务管理不规范的问题。对11个村开展审计。\n"
    "2.关于惠民资金发放审核把关不严的问题。全面复核。\n"
    "三是注重建章立制,巩固拓展整改成果。\n"
)


def test_enumerated_parts_open_the_main_parts_when_nothing_else_does():
    notice = parse_notice(PARTS)
    assert [s.number for s in notice.sections] == ["一是", "二是", "三是"]
    assert [c.path for c in notice.sections[1].children] == ["2.1", "2.2"]
    assert "一是提高认识,二是压实责任" in notice.preamble, "an enumeration inside a paragraph stays text"


def test_enumerated_paragraphs_inside_numbered_parts_stay_text():
    text = "一、整改情况\n一是加强领导。\n二是完善制度。\n二、下一步打算\n继续抓好整改。\n"
    notice = parse_notice(text)
    assert [s.number for s in notice.sections] == ["一、", "二、"]


@pytest.mark.parametrize(
    ("markers", "numbers"),
    [
        (("【一】", "【二】"), ["一、", "二、"]),
        (("[一]", "[二]"), ["一、", "二、"]),
        (("一)", "二)"), ["一)", "二)"]),
    ],
)
def test_bracket_tokens_and_malformed_markers_are_top_level(markers, numbers):
    first, second = markers
    text = f"{first}提高政治站位\n院党委召开会议。\n{second}整改落实情况\n(一)关于收费不规范的问题。退还费用。\n"
    notice = parse_notice(text)
    assert [s.number for s in notice.sections] == numbers
    assert notice.sections[1].children[0].heading.startswith("关于收费不规范的问题")
    assert "【" not in notice.sections[0].heading and "[" not in notice.sections[0].heading


def test_markup_tokens_are_removed_from_text():
    text = "[center][b]一、加强组织领导[/b][/center]\n<b>局党组</b>成立领导小组。<br>\n"
    notice = parse_notice(text)
    assert notice.sections[0].heading == "加强组织领导"
    assert notice.sections[0].text == "局党组成立领导小组。"
