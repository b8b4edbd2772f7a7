"""Edge cases of a notice's top: metadata in every format, chrome, bylines, split and repeated titles."""

from __future__ import annotations

import re

import pytest

from archive.parsing.header import (
    Header,
    clean_title,
    clean_value,
    dangling_key,
    is_breadcrumb,
    is_chrome,
    is_dated_byline,
    is_reposters_headline,
    read_header,
    read_metadata,
)

TITLE = "某县林业局党组关于县委巡察整改情况的通报"
TEXT = "按县委部署,县委第一巡察组对县林业局党组开展了巡察,现将整改情况公布如下,请社会各界监督。"


def is_heading(line: str) -> bool:
    return bool(re.match(r"[一二三四五六七八九十]+、", line))


def header(*lines: str) -> Header:
    return read_header(list(lines), is_heading)


# --- metadata lines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "pairs"),
    [
        ("(来源:县林业局 日期:2021-03-04)", {"来源": "县林业局", "发布日期": "2021-03-04"}),
        ("2021-03-04 10:20 来源:某县网", {"发布日期": "2021-03-04", "来源": "某县网"}),
        ("2021/3/4 10:20:30 来源:某县网", {"发布日期": "2021/3/4", "来源": "某县网"}),
        ("甲信息来源:县林业局", {"来源": "县林业局"}),
        ("【来源:县林业局】", {"来源": "县林业局"}),
        ("来源：县林业局 |", {"来源": "县林业局"}),
        ("作者:张某 来源:县林业局", {"来源": "县林业局"}),
        ("发布时间:2021-01-01 更新时间:2021-02-02", {"发布日期": "2021-01-01"}),
        ("来源: 发布时间:2021-01-01", {"发布日期": "2021-01-01"}),
        ("来源:" + "林" * 60, {"来源": "林" * 60}),
        ("发文字号:林党〔2021〕3号", {"文号": "林党〔2021〕3号"}),
    ],
)
def test_metadata_in_every_format(line, pairs):
    assert read_metadata(line) == pairs


@pytest.mark.parametrize(
    "line",
    [
        "甲乙信息来源:县林业局",  # a label deep inside a line is part of a sentence
        "来源:" + "林" * 61,  # too long for a value
        "来源:县林业局。",
        "来源|县林业局",
        "",
    ],
)
def test_lines_that_are_no_metadata(line):
    assert read_metadata(line) is None


@pytest.mark.parametrize(
    ("line", "pairs"),
    [
        ("|---|---|", {}),
        ("| :-- | --: |", {}),
        ("| 浏览量 | 12 | 来源 | 县林业局 |", {"来源": "县林业局"}),
        ("| 索引号 |  | 来源 | 县林业局 |", {"来源": "县林业局"}),
        ("| 来源 | 甲局 | 信息来源 | 乙局 |", {"来源": "甲局"}),
        ("| 来源 | 甲局 |  | 乙 |", {"来源": "甲局"}),
        ("|成文日期|2021-05-06|", {"成文日期": "2021-05-06"}),
        ("| 来源 | 甲局 | 公开方式 |", {"来源": "甲局"}),
    ],
)
def test_metadata_tables(line, pairs):
    assert read_metadata(line) == pairs


@pytest.mark.parametrize("line", ["| 来源 | 甲局 | 其他 | 乙 |", "| 其他 | 乙 |", "| 整改情况 | 已完成 | 来源 | 甲 |"])
def test_tables_with_other_cells_are_no_metadata(line):
    assert read_metadata(line) is None


@pytest.mark.parametrize(
    ("value", "clean"),
    [
        ("县纪委  浏览", "县纪委"),
        ("县纪委【打印】", "县纪委"),
        ("县纪委[关闭]", "县纪委"),
        ("县纪委 点击:5", "县纪委"),
        ("县纪委 点击：5", "县纪委"),
        (" 县纪委 ", "县纪委"),
        ("县纪委 办公室", "县纪委 办公室"),
    ],
)
def test_a_value_stops_at_the_chrome_after_it(value, clean):
    assert clean_value(value) == clean


@pytest.mark.parametrize(
    ("line", "key"), [("- 来源:", "来源"), ("• 浏览次数：", "浏览次数"), ("【发布时间】:", "发布时间")]
)
def test_a_label_alone(line, key):
    assert dangling_key(line) == key


@pytest.mark.parametrize("line", ["来源:县林业局", "整改情况", ""])
def test_no_label_alone(line):
    assert dangling_key(line) is None


# --- chrome, breadcrumbs, bylines, headlines --------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "您好!今天是2021年1月1日 星期五",
        "今天是",
        "粤ICP备12345678号",
        "网站备案号:12345",
        "1234567",
        "",
        "浏览量:12 分享 打印",
        "阅读次数:56次",
        "分享到:",
        "【上一篇】【下一篇】",
        "A+ A-",
        "返回顶部 | 关闭窗口",
    ],
)
def test_chrome(line):
    assert is_chrome(line) is True


@pytest.mark.parametrize("line", ["12345678", "整改情况 分享", "县林业局", "分享整改经验"])
def test_not_chrome(line):
    assert is_chrome(line) is False


@pytest.mark.parametrize("line", ["您的位置:首页", "首页 » 工作动态", "首页→通知公告", "位置：巡察工作", "首页/巡察"])
def test_breadcrumb(line):
    assert is_breadcrumb(line) is True


@pytest.mark.parametrize("line", ["当前位置:首页>通报。", "首页工程", "我的位置:后排"])
def test_no_breadcrumb(line):
    assert is_breadcrumb(line) is False


@pytest.mark.parametrize(
    "line",
    [
        "某县林业网 2019-04-25",
        "2025年1月16日 即时资讯",
        "2025年1月16日 星期四",
        "2025年1月16日 10:30",
        "2025年1月16日",
        "甲" * 49 + " 2019-04-25",
    ],
)
def test_dated_bylines(line):
    assert is_dated_byline(line) is True


@pytest.mark.parametrize(
    "line",
    [
        "甲" * 50 + " 2019-04-25",
        "某县林业网 2019-04-25,开会",
        "某县林业网 2019-04-25。",
        "某县林业网",
        "2025年1月16日召开会议,部署整改",
    ],
)
def test_not_dated_bylines(line):
    assert is_dated_byline(line) is False


@pytest.mark.parametrize("title", ["某厅通报巡察整改进展", "整改到位了吗？", "问责3人！某局通报了巡视整改"])
def test_headlines(title):
    assert is_reposters_headline(title) is True


@pytest.mark.parametrize("title", ["关于整改到位了吗？", TITLE, "县林业局巡察整改情况通报"])
def test_no_headlines(title):
    assert is_reposters_headline(title) is False


# --- titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (f"信息公开|{TITLE}", TITLE),
        (f"信息公开｜{TITLE}", TITLE),
        (f"[巡察整改]{TITLE}", TITLE),
        (f"| {TITLE} |", TITLE),
        (f"{TITLE}(附全文)", TITLE),
        (f"{TITLE}(组图)", TITLE),
        (f"{TITLE} (视频)", TITLE),
        ("专题:某县巡察整改情况", "专题:某县巡察整改情况"),  # without 关于 the prefix may be its own words
        ("【要闻】关于召开会议", "【要闻】关于召开会议"),  # no title word after the prefix
    ],
)
def test_clean_title(line, title):
    assert clean_title(line) == title


# --- read_header ------------------------------------------------------------------------------


def test_nothing_gives_an_empty_header():
    found = header()
    assert found == Header()
    assert (found.end, found.title, found.title_index, found.metadata, found.dropped) == (0, None, None, {}, [])
    assert (found.signer, found.headline) == (None, None)


def test_a_title_after_a_banner_a_breadcrumb_and_metadata():
    found = header(
        "某县人民政府",
        "当前位置:首页>巡察工作",
        "发布时间:2021-05-06 来源:县委巡察办",
        TITLE,
        "浏览量:12",
        "A+ A-",
        TEXT,
    )
    assert (found.title, found.title_index, found.end) == (TITLE, 3, 6)
    assert found.metadata == {"发布日期": "2021-05-06", "来源": "县委巡察办"}


def test_metadata_after_the_title_and_before_it_merge_first_wins():
    found = header("来源:甲局", TITLE, "来源:乙局", "索引号:001", TEXT)
    assert found.metadata == {"来源": "甲局", "索引号": "001"}
    assert found.end == 4


def test_a_rectification_title_beats_an_earlier_weak_one():
    found = header("某县召开会议的通知", TITLE, TEXT)
    assert (found.title, found.title_index) == (TITLE, 1)


def test_a_weak_title_when_no_rectification_title():
    found = header("县林业网", "某县林业局年度工作情况", "某县林业局会议通知", TEXT)
    assert (found.title, found.title_index, found.end) == ("某县林业局年度工作情况", 1, 2)


@pytest.mark.parametrize(
    "first",
    [
        "一、总体情况",
        "根据安排开展工作",
        "按照安排开展工作",
        "天气很好。",
        "情况通报。",
        "甲" * 40 + "。",
    ],
)
def test_no_title_after_the_text_began(first):
    assert header(first, TITLE, TEXT).title is None


def test_a_short_sentence_also_ends_the_search_but_a_plain_line_does_not():
    assert header("甲" * 39 + "。", TITLE).title is None
    assert header("县林业网", TITLE).title == TITLE


def test_the_title_is_looked_for_in_the_first_fifteen_lines():
    assert header(*["县林业网"] * 14, TITLE).title_index == 14
    assert header(*["县林业网"] * 15, TITLE).title is None


def test_too_long_or_too_short_lines_are_no_titles():
    assert header("某" * 77 + "整改通报", TEXT).title is None
    assert header("某" * 76 + "整改通报", TEXT).title == "某" * 76 + "整改通报"
    assert header("通", TEXT).title is None


@pytest.mark.parametrize(
    "head",
    [
        "中共某县委员会",
        "某县党委",
        "某县党组",
        "某县林业局",
        "某省水利厅",
        "某某公司",
        "某某集团",
        "某某学校",
        "某某大学",
        "某某学院",
        "某某医院",
    ],
)
def test_a_title_split_after_the_bodys_name(head):
    found = header(head, "关于巡察整改情况的通报", TEXT)
    assert (found.title, found.title_index, found.end) == (head + "关于巡察整改情况的通报", 0, 2)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("关于某县林业局落实县委巡察", "整改情况的通报"),
        ("中共某县林业局党组关于", "县委巡察整改情况的通报"),
        ("某县林业局巡察整改", "进展的通报"),
        ("某县林业局巡察整改", "进展情况通报"),
        ("【专题】中共某县委员会", "关于巡察整改情况的通报"),
    ],
)
def test_titles_split_over_two_lines(first, second):
    found = header(first, second, TEXT)
    assert found.title == clean_title(first + second)
    assert found.end == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("某县林业局巡察整改情况通报", "关于会议的通报"),  # the first line is a whole title
        ("中共某县委员会", "关于巡察整改情况的通报。"),
        ("中共某县委员会。", "关于巡察整改情况的通报"),
        ("某县林业局", "巡察整改情况的通报"),  # a name without 关于 after it
        ("中共某县委员会", "关于会议情况的通报"),
        ("中共" + "某" * 30 + "委员会", "关于" + "某" * 35 + "巡察整改情况的通报"),
        ("某县林业局巡察整改", "进展情况汇总报告"),
    ],
)
def test_lines_that_do_not_join_into_a_title(first, second):
    found = header(first, second, TEXT)
    assert found.end != 2 or found.title != first + second


def test_the_last_line_of_the_window_joins_nothing():
    found = header("中共某县委员会")
    assert found.title is None


def test_the_body_under_an_about_title_is_its_signer():
    found = header("关于县委巡察整改情况的通报", "中共某县林业局委员会", "(2021年11月22日)", "一、总体情况")
    assert found.signer == "中共某县林业局委员会"
    assert found.end == 3


@pytest.mark.parametrize(
    "lines",
    [
        ("某县林业局巡察整改情况的通报", "中共某县林业局委员会", TEXT),  # not an 关于 title
        ("关于县委巡察整改情况的通报", "中共" + "某" * 36 + "委员会", TEXT),  # too long for a name
        ("关于县委巡察整改情况的通报", "县林业局开展整改", TEXT),
    ],
)
def test_no_signer(lines):
    assert header(*lines).signer is None


def test_an_about_title_at_the_very_end_has_no_signer():
    found = header("关于县委巡察整改情况的通报")
    assert (found.signer, found.end) == (None, 1)


def test_a_title_repeated_in_two_lines_after_the_metadata():
    found = header(
        "中共某县林业局党组",
        "关于县委巡察整改情况的通报",
        "来源:县林业局",
        "中共某县林业局党组",
        "关于县委巡察整改情况的通报",
        TEXT,
    )
    assert found.title == "中共某县林业局党组关于县委巡察整改情况的通报"
    assert found.end == 5


def test_a_title_repeated_in_one_line_or_in_part():
    assert header(TITLE, f"【巡察整改】{TITLE}", TEXT).end == 2
    assert header(TITLE, "关于县委巡察整改情况的通报", TEXT).end == 2
    assert header(TITLE, "情况的通报", TEXT).end == 1  # too short a part to be the title again


def test_labels_alone_with_their_values_on_the_next_line():
    found = header(TITLE, "来源:", "某县日报", "浏览次数:", "321", "- 发布时间：", "- 2021-06-07", TEXT)
    assert found.metadata == {"来源": "某县日报", "发布日期": "2021-06-07"}
    assert found.end == 7


@pytest.mark.parametrize(
    "value",
    [
        "某" * 41,
        "县林业局。",
        "发布时间:2021-01-01",
        "某县林业局巡察整改情况的通报",
    ],
)
def test_a_lone_label_takes_no_line_that_is_no_value(value):
    found = header(TITLE, "来源:", value, TEXT)
    assert "来源" not in found.metadata
    assert found.end >= 2


def test_a_lone_label_on_the_last_line():
    found = header(TITLE, "来源:")
    assert (found.metadata, found.end) == ({}, 2)


@pytest.mark.parametrize(
    "line",
    ["2021-06-07 10:00", "(2021年6月7日)", "某县林业网 2021-06-07", "当前位置:首页", "朗读 分享", "- 某县林业局"],
)
def test_lines_under_the_title_that_belong_to_the_header(line):
    found = header(TITLE, line, TEXT)
    assert found.end == 2


def test_without_a_title_only_date_and_chrome_lines_are_header():
    assert header("2021年6月7日", "朗读", "当前位置:首页", TEXT).end == 3
    assert header("某县林业网 2021-06-07", TEXT).end == 0
    assert header("- 某县林业局", TEXT).end == 0


def test_an_info_list_without_labels():
    assert header(TITLE, "- 某县晚报", "- 2021-06-07", TEXT).metadata == {"来源": "某县晚报"}
    assert header(TITLE, "- 某县日报", "- 某县融媒体中心", TEXT).metadata == {}
    assert header(TITLE, "来源:县林业局", "- 某县日报", TEXT).metadata == {"来源": "县林业局"}


@pytest.mark.parametrize("medium", ["某县电视台", "某县客户端", "某县杂志", "某县报社", "某县时报", "某县网"])
def test_media_names(medium):
    assert header(TITLE, f"- {medium}", TEXT).metadata == {"来源": medium}


def test_a_headline_leaves_the_title_to_the_metadata():
    found = header("标题:某县巡察整改情况的通报", "问责3人!某县通报巡察整改进展", TEXT)
    assert found.headline == "问责3人!某县通报巡察整改进展"
    assert found.title == "某县巡察整改情况的通报"


def test_the_metadata_title_only_stands_in_for_a_missing_one():
    found = header("名称:某县会议通知", TITLE, TEXT)
    assert found.title == TITLE
    assert header("名称:某县会议通知", TEXT).title == "某县会议通知"


@pytest.mark.parametrize("first", ["根据县委通知", "按照县委通知"])
def test_a_line_opening_with_according_to_is_the_text_even_with_a_title_word(first):
    assert header(first, TEXT).title is None


def test_a_two_character_title():
    assert header("公告", TEXT).title == "公告"


def test_a_part_of_the_title_of_eight_characters_is_the_title_again():
    assert header(TITLE, "关于县委巡察整改", TEXT).end == 2
    assert header(TITLE, "巡察整改情况的", TEXT).end == 1


@pytest.mark.parametrize(
    ("first", "second"), [("关于县林业局落实巡察。", "整改情况的通报"), ("关于县林业局落实巡察", "整改。情况的通报")]
)
def test_lines_with_a_full_stop_join_into_no_title(first, second):
    assert header(first, second, TEXT).title is None


def test_a_split_title_of_eighty_characters():
    first = "关于" + "某" * 69 + "巡察"
    assert header(first, "整改情况的通报", TEXT).title == first + "整改情况的通报"


def test_a_split_title_on_the_last_two_lines():
    assert header("中共某县委员会", "关于巡察整改情况的通报").title == "中共某县委员会关于巡察整改情况的通报"


def test_an_about_line_without_the_topic_continued_on_the_next():
    assert header("关于某县林业局落实", "巡察整改情况的公告", TEXT).title == "关于某县林业局落实巡察整改情况的公告"


def test_a_lone_labels_value_of_forty_characters_or_with_a_title_word():
    assert header(TITLE, "来源:", "某" * 40, TEXT).metadata == {"来源": "某" * 40}
    assert header(TITLE, "来源:", "某县政务公开网", TEXT).metadata == {"来源": "某县政务公开网"}


def test_only_spaces_and_bars_are_stripped_around_a_title():
    assert clean_title("X县林业局巡察整改情况的通报X") == "X县林业局巡察整改情况的通报X"


def test_a_signer_of_forty_characters_and_the_text_right_under_it():
    signer = "中共" + "某" * 35 + "委员会"
    found = header("关于县委巡察整改情况的通报", signer, TEXT)
    assert (found.signer, found.end) == (signer, 2)


def test_a_title_repeated_in_two_lines_at_the_very_end():
    # Both halves are too short to pass for the title on their own.
    found = header("某县林业局", "关于巡察通报", "来源:县林业局", "某县林业局", "关于巡察通报")
    assert (found.title, found.end) == ("某县林业局关于巡察通报", 5)


def test_a_value_may_end_with_a_bracketed_note():
    assert read_metadata("来源:县林业局(转载)") == {"来源": "县林业局(转载)"}


def test_a_weak_title_before_the_text_began_is_kept():
    assert header("某县林业局工作情况", "天气很好。", TITLE).title == "某县林业局工作情况"


def test_a_page_footer_with_a_full_stop_ends_the_search_past_forty_characters():
    # A frame line (a registration number) is skipped while short; past 40 characters with a full stop
    # it is taken for the text, and no title is looked for below it.
    short = "甲" * 11 + "。" + "ICP备" + "1" * 24
    long = "甲" * 11 + "。" + "ICP备" + "1" * 25
    assert (len(short), len(long)) == (40, 41)
    assert header(short, TITLE, TEXT).title == TITLE
    assert header(long, TITLE, TEXT).title is None


@pytest.mark.parametrize(
    ("line", "pairs"),
    [
        ("|来源|某县林业局", {"来源": "某县林业局"}),
        ("|索引号|001-X|", {"索引号": "001-X"}),
        ("| 来源 | 甲局 |  | 乙 | 索引号 | 001 |", {"来源": "甲局", "索引号": "001"}),
    ],
)
def test_more_metadata_tables(line, pairs):
    assert read_metadata(line) == pairs


def test_a_table_row_opening_with_an_empty_cell_is_no_metadata():
    assert read_metadata("| | 某 | 来源 | 甲局 |") is None


def test_a_value_keeps_its_own_letters_and_loses_the_blanks_before_the_next_key():
    assert read_metadata("索引号:001-X") == {"索引号": "001-X"}
    assert read_metadata("来源:" + "林" * 60 + "\t\t索引号:001") == {"来源": "林" * 60, "索引号": "001"}
