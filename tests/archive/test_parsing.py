"""parse_notice on the five samples (against gold.json) and on crafted notices."""

from __future__ import annotations

import pytest

from archive.parsing import ParsedNotice, parse_notice
from archive.parsing.normalize import normalize_line, normalize_text
from archive.parsing.outline import match_heading
from tests.conftest import GOLD, seed_text


def parsed(gold: dict) -> ParsedNotice:
    return parse_notice(seed_text(gold))


def sections_by_path(notice: ParsedNotice) -> dict:
    return {s.path: s for s in notice.iter_sections()}


def all_parts(notice: ParsedNotice) -> list[str]:
    """Every piece of content the notice keeps, apart from raw_text."""
    parts = [notice.text, notice.preamble, notice.closing, *notice.header]
    for section in notice.iter_sections():
        parts += [section.heading, section.text]
    return parts


def gold_for(prefix: str) -> dict:
    return next(g for g in GOLD if g["file"].startswith(f"seeds/{prefix}"))


# --- the samples against gold.json ------------------------------------------


def test_title(gold_notice):
    assert parsed(gold_notice).title == gold_notice["title"]


def test_outline_counts(gold_notice):
    notice = parsed(gold_notice)
    assert len(notice.sections) == gold_notice["outline"]["top_level"]
    by_path = sections_by_path(notice)
    for path, count in gold_notice["outline"]["children"].items():
        assert len(by_path[path].children) == count, path


def test_sections_include(gold_notice):
    by_path = sections_by_path(parsed(gold_notice))
    for item in gold_notice["sections_include"]:
        section = by_path[item["path"]]
        assert section.heading.startswith(item["starts_with"]) or section.text.startswith(item["starts_with"])
        if "contains" in item:
            assert item["contains"] in section.text
        for absent in item.get("not_contains", []):
            assert absent not in section.heading + section.text


def test_noise_is_removed_everywhere(gold_notice):
    notice = parsed(gold_notice)
    for noise in gold_notice.get("noise_removed", []):
        assert all(noise not in part for part in all_parts(notice))


def test_not_a_heading(gold_notice):
    notice = parsed(gold_notice)
    for line in gold_notice.get("not_a_heading", []):
        assert match_heading(normalize_line(line)) is None
        assert all(line not in s.number + s.heading for s in notice.iter_sections())


def test_paths_unique_and_consistent(gold_notice):
    notice = parsed(gold_notice)
    sections = list(notice.iter_sections())
    assert len({s.path for s in sections}) == len(sections)
    for section in sections:
        assert section.heading or section.text
        for child in section.children:
            assert child.path.startswith(section.path + ".")
            assert child.level > section.level
            assert child.depth == section.depth + 1


def test_raw_text_is_kept_untouched(gold_notice):
    raw = seed_text(gold_notice)
    notice = parse_notice(raw)
    assert notice.raw_text == raw
    assert notice.text == normalize_text(raw)


def test_closing_is_kept_apart_from_the_last_section(gold_notice):
    notice = parsed(gold_notice)
    last = list(notice.iter_sections())[-1]
    assert "欢迎广大干部群众" in notice.closing
    assert "欢迎广大干部群众" not in last.text
    assert "联系" not in last.text


def test_preamble_is_what_precedes_the_first_heading(gold_notice):
    notice = parsed(gold_notice)
    assert notice.preamble.startswith("根据")
    assert "一、" not in notice.preamble.splitlines()[-1][:2]


def test_header_of_a_page_copy():
    notice = parsed(gold_for("003"))
    assert notice.header == [
        "中共广州市委关于巡视整改情况的通报(全文)",
        "16.12.2015 15:21",
        "原标题:中共广州市委关于巡视整改情况的通报",
    ]
    assert notice.preamble.startswith("根据省委统一部署")


def test_header_with_publication_line():
    notice = parsed(gold_for("000"))
    assert notice.header == [
        "中共深圳市大鹏新区工作委员会关于巡察整改情况的通报",
        "发布日期:2017-12-25 来源:深圳市纪委",
    ]


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_notices_without_title_have_no_header(prefix):
    notice = parsed(gold_for(prefix))
    assert notice.header == []
    assert notice.title is None


def test_signature_and_date_end_the_closing():
    notice = parsed(gold_for("000"))
    assert notice.closing.splitlines()[-2:] == ["中共深圳市大鹏新区工作委员会", "2017年12月21日"]


def test_next_steps_after_a_sub_item_open_the_closing():
    notice = parsed(gold_for("004"))
    last = sections_by_path(notice)["9.5"]
    assert last.heading == "推进移风易俗改革"
    assert "下一步" not in last.text
    assert notice.closing.startswith("下一步,浙南产业集聚区党工委将深入贯彻")
    assert notice.closing.splitlines()[1].startswith("欢迎广大干部群众")


def test_next_steps_under_their_own_top_level_heading_stay_there():
    notice = parsed(gold_for("003"))
    last = notice.sections[-1]
    assert last.heading == "整改后续工作"
    assert last.text.startswith("下一步,我市将严格按照")
    assert notice.closing.startswith("欢迎广大干部群众")


def test_obfuscated_email_is_not_kept():
    notice = parsed(gold_for("003"))
    assert all("protected" not in part for part in all_parts(notice))
    assert any("电子邮箱" in w for w in notice.warnings)


# --- crafted notices ---------------------------------------------------------


CRAFTED = """关于巡察整改情况的通报
发布日期:2020-01-02 来源:区纪委
  根据区委统一部署,区委第二巡察组对某局开展了巡察。
  现将整改情况通报如下。
手机扫一扫打开当前界面
  一、整改工作总体情况
  局党组高度重视整改工作。
  (一)加强组织领导。成立领导小组。
  二、下一步打算
  持续巩固整改成果。
  欢迎广大干部群众对巡察整改落实情况进行监督。
  联系电话:010-12345678。
  中共某局党组
  2020年1月2日
"""


def test_crafted_notice_parts():
    notice = parse_notice(CRAFTED)
    assert notice.title == "关于巡察整改情况的通报"
    assert notice.header == ["关于巡察整改情况的通报", "发布日期:2020-01-02 来源:区纪委"]
    assert notice.preamble == "根据区委统一部署,区委第二巡察组对某局开展了巡察。\n现将整改情况通报如下。"
    assert [s.path for s in notice.iter_sections()] == ["1", "1.1", "2"]
    assert notice.sections[0].text == "局党组高度重视整改工作。"
    assert notice.sections[1].text == "持续巩固整改成果。"
    assert notice.closing.splitlines() == [
        "欢迎广大干部群众对巡察整改落实情况进行监督。",
        "联系电话:010-12345678。",
        "中共某局党组",
        "2020年1月2日",
    ]
    assert "扫一扫" not in notice.text


def test_signature_without_invitation_still_closes():
    notice = parse_notice("一、整改情况\n已完成整改。\n中共某区委\n2020年1月2日")
    assert notice.sections[0].text == "已完成整改。"
    assert notice.closing == "中共某区委\n2020年1月2日"


def test_original_title_stands_in_for_a_missing_title_line():
    lines = ["16.12.2015 15:21", "原标题:某市委关于巡视整改情况的通报", "根据省委部署,开展巡视。", "一、总体情况"]
    notice = parse_notice("\n".join(lines))
    assert notice.title == "某市委关于巡视整改情况的通报"
    assert len(notice.header) == 2


def test_first_sentence_is_not_taken_for_a_title():
    notice = parse_notice("根据市委统一部署,市委巡察组对某区开展了巡察。现将整改情况通报如下。\n一、总体情况")
    assert notice.title is None
    assert notice.header == []


@pytest.mark.parametrize("text", ["", "   \n\u3000\n", "\x00\x01\x02"])
def test_empty_text_gives_an_empty_notice_with_a_warning(text):
    notice = parse_notice(text)
    assert notice.sections == [] and notice.preamble == "" and notice.closing == "" and notice.title is None
    assert notice.raw_text == text
    assert any("文本是空的" in w for w in notice.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "ÿþ\ufffd\ufffd<html><body>%PDF-1.4 \x1b[0m",
        "1.\n(1)\n一、\n(一)\n。。。\n“”“”",
        "(" * 500 + "一、" * 200,
        "一、" + "“" * 1000 + "。" * 10,
        "\n".join(f"{i}.第{i}项" for i in range(1, 200)),
    ],
)
def test_garbage_never_raises(text):
    notice = parse_notice(text)
    assert notice.raw_text == text
    paths = [s.path for s in notice.iter_sections()]
    assert len(set(paths)) == len(paths)


@pytest.mark.parametrize("text", ["这是一段没有编号的文字。\n第二段文字。", "没有编号的文字\n短行"])
def test_text_without_headings_is_kept_as_preamble_with_a_warning(text):
    notice = parse_notice(text)
    assert notice.sections == []
    assert notice.preamble == text
    assert notice.closing == ""
    assert any("没有找到带编号的章节标题" in w for w in notice.warnings)


def test_a_last_paragraph_that_runs_on_into_the_invitation_is_split_there():
    text = (
        "中共某集团有限公司委员会关于巡视整改情况的通报\n根据省委统一部署,省委第一巡视组对集团党委开展了巡视。\n"
        "一、关于选人用人不规范的问题\n一是核查干部档案;二是清理违规兼职43人。\n"
        "二、关于作风建设的问题\n清理公务用车98辆。\n"
        "下一步,集团党委将坚持标本兼治,确保整改取得实效。欢迎干部职工监督。联系电话:029-88329561。\n"
        "中共某集团有限公司委员会\n2015年10月29日\n"
    )
    notice = parse_notice(text)
    last = notice.sections[-1]
    assert last.text.endswith("确保整改取得实效。")
    assert "联系电话" not in last.text
    assert notice.closing.startswith("欢迎干部职工监督。")
    assert notice.contact.phone == "029-88329561"


def test_a_paragraph_that_only_mentions_supervision_mid_sentence_is_not_split():
    text = (
        "根据省委统一部署,省委第一巡视组对集团党委开展了巡视。\n"
        "一、整改情况\n清理公务用车98辆。\n二、下一步工作\n将把欢迎群众监督的做法坚持下去,持续整改。\n"
    )
    notice = parse_notice(text)
    assert notice.sections[-1].text == "将把欢迎群众监督的做法坚持下去,持续整改。"
