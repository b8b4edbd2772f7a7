"""Where the closing starts, and the title a 原标题 line gives."""

from __future__ import annotations

import pytest

from archive.parsing import parse_notice

TITLE = "中共某县林业局党组关于巡察整改情况的通报\n"


def test_a_next_steps_paragraph_without_sections_stays_in_the_text():
    parsed = parse_notice(TITLE + "县委巡察组对县林业局开展了巡察。\n下一步,继续抓好整改。\n")
    assert parsed.sections == [] and parsed.closing == ""
    assert "下一步,继续抓好整改。" in parsed.preamble
    assert "没有找到带编号的章节标题(一、二、三……),全文作为导语保存:请在审核页核对。" in parsed.warnings


@pytest.mark.parametrize(
    ("body", "closes"),
    [
        ("一、整改工作\n（一）组织领导\n召开会议。\n", True),  # after a sub-item: the whole notice's
        ("一、整改工作。召开会议。\n", True),  # after a heading sharing its line with text
        ("一、整改工作\n召开会议。\n二、下步打算\n继续推进。\n", False),  # under a plain top-level heading
    ],
)
def test_a_next_steps_paragraph_after_the_last_section(body, closes):
    parsed = parse_notice(TITLE + body + "下一步,继续抓好整改。\n")
    assert parsed.closing == ("下一步,继续抓好整改。" if closes else "")


def test_contact_lines_before_the_last_heading_belong_to_their_section():
    parsed = parse_notice(TITLE + "一、整改工作\n召开会议。\n联系电话:0755-28333312\n二、下步打算\n继续推进。\n")
    assert [s.number for s in parsed.sections] == ["一、", "二、"]
    assert parsed.closing == ""


@pytest.mark.parametrize(
    "signature", ["某县林业局党组\n2023年8月1日", "某县林业局党组\n某县林业局办公室\n2023年8月1日"]
)
def test_the_signature_lines_at_the_end_are_the_closing(signature):
    parsed = parse_notice(TITLE + "一、整改工作\n召开会议。\n" + signature + "\n")
    assert parsed.closing == signature
    assert parsed.sections[0].text == "召开会议。"


def test_a_section_of_signature_like_lines_keeps_its_heading():
    parsed = parse_notice(TITLE + "一、整改工作\n某县林业局党组\n2023年8月1日\n")
    assert [s.number for s in parsed.sections] == ["一、"]


@pytest.mark.parametrize(("length", "is_signature"), [(40, True), (41, False)])
def test_a_signature_line_has_at_most_40_characters(length, is_signature):
    line = ("某县林业局党组" * 7)[:length]
    parsed = parse_notice(TITLE + "一、整改工作\n召开会议。\n" + line + "\n")
    assert (parsed.closing == line) is is_signature


def test_an_original_title_line_gives_the_title_without_its_annotation():
    parsed = parse_notice(
        "原标题:关于巡察整改情况的通报(全文)\n县委巡察组对县林业局开展了巡察。现将整改情况予以公布。\n"
    )
    assert parsed.title == "关于巡察整改情况的通报"


def test_a_few_traditional_characters_in_a_simplified_text_are_kept_as_printed():
    parsed = parse_notice(TITLE + "县委巡察组对县林业局开展了巡察,發现问题。\n")
    assert parsed.script != "traditional"
    assert "發现问题" in parsed.text


def test_a_sub_item_of_signature_like_lines_keeps_its_heading():
    parsed = parse_notice(TITLE + "一、整改工作\n（一）组织领导\n某县林业局党组\n2023年8月1日\n")
    assert [s.path for s in parsed.iter_sections()] == ["1", "1.1"]
