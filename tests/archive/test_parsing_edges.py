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
    "body",
    ["欢迎广大干部职工监督。\n联系电话:0731-7654321", "如有意见建议,可来信反映。", "联系电话:0731-7654321"],
)
def test_a_text_without_sections_that_opens_with_its_closing_is_all_closing(body):
    parsed = parse_notice(TITLE + body + "\n")
    assert (parsed.preamble, parsed.closing) == ("", body)


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


def test_empty_text_gives_an_empty_notice_with_a_warning():
    parsed = parse_notice("")
    assert parsed.sections == [] and parsed.warnings == ["文本是空的,没有可解析的内容:请确认上传的是通报正文。"]


def test_the_rules_given_tag_the_sections():
    from archive.parsing.tagging import Rule

    parsed = parse_notice(TITLE + "一、严肃查处违纪问题\n立案3件。\n", rules=[Rule.from_lines("纪律审查", ["查处"])])
    assert parsed.sections[0].issue_types == ["纪律审查"]


def test_a_traditional_notice_is_read_on_a_simplified_copy_and_kept_as_printed():
    text = (
        "中共某縣林業局黨組關於巡察整改情況的通報\n縣委巡察組對縣林業局開展了巡察。現將整改情況予以公布。\n"
        "一、整改工作\n召開會議。\n"
    )
    parsed = parse_notice(text)
    assert parsed.script == "traditional"
    assert parsed.text.startswith("中共某縣林業局黨組關於巡察整改情況的通報")
    assert "原文为繁体字:已借助简体对照本识别,保存和显示的仍是原文字形。" in parsed.warnings


def test_a_metadata_line_below_the_header_is_set_aside_and_read():
    parsed = parse_notice(
        TITLE + "县委巡察组对县林业局开展了巡察。\n一、整改工作\n召开会议。\n来源:某县林业局 发布时间:2023-08-01\n"
        "二、下步打算\n继续推进。\n"
    )
    assert [s.text for s in parsed.sections] == ["召开会议。", "继续推进。"]
    assert len(parsed.page_lines) == 1 and parsed.page_lines[0].startswith("来源:某县林业局")
    assert parsed.metadata == {"来源": "某县林业局", "发布日期": "2023-08-01"}


def test_a_reposting_sites_headline_is_no_title_and_says_so():
    headline = "问责12人!某县林业局通报巡察整改进展"
    parsed = parse_notice(headline + "\n县委巡察组对县林业局开展了巡察。\n一、整改工作\n召开会议。\n")
    assert parsed.title is None
    assert f"“{headline}”像是转载网站自拟的新闻标题,不作为通报的标题。" in parsed.warnings


def test_a_closing_sentence_before_the_last_heading_stays_in_its_section():
    parsed = parse_notice(TITLE + "一、整改工作\n召开会议。欢迎干部群众监督。\n二、下步打算\n继续推进。\n")
    assert [(s.number, s.text) for s in parsed.sections] == [
        ("一、", "召开会议。欢迎干部群众监督。"),
        ("二、", "继续推进。"),
    ]
    assert parsed.closing == ""
