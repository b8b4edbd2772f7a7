"""The top of a notice as sites publish it: chrome, breadcrumbs, metadata blocks and the title."""

from __future__ import annotations

import pytest

from archive.parsing import parse_notice
from archive.parsing.header import clean_title, is_breadcrumb, is_chrome, is_reposters_headline, read_metadata

BODY = (
    "根据县委统一部署,县委第二巡察组于2022年3月1日至4月20日对县水务局党组开展了常规巡察。"
    "5月12日,县委第二巡察组向县水务局党组反馈了巡察意见。现将巡察整改情况予以公布。\n"
    "一、加强组织领导\n局党组成立整改工作领导小组。\n"
    "二、整改落实情况\n已完成整改措施20条。\n"
    "中共某县水务局党组\n2022年8月30日\n"
)
TITLE = "中共某县水务局党组关于县委巡察整改情况的通报"


@pytest.mark.parametrize(
    ("line", "pairs"),
    [
        ("发布时间:2022-09-01 来源:县纪委监委 浏览量:1234", {"发布日期": "2022-09-01", "来源": "县纪委监委"}),
        ("- 索引号: 11/2022-00012", {"索引号": "11/2022-00012"}),
        ("• 成文日期:2022年8月30日", {"成文日期": "2022年8月30日"}),
        ("| 发布机构 | 某县水务局 | 成文日期 | 2022-08-30 |", {"发布机构": "某县水务局", "成文日期": "2022-08-30"}),
        ("2022-09-01 来源:某县人民政府", {"发布日期": "2022-09-01", "来源": "某县人民政府"}),
        ("(编辑:本站 日期:2016年05月06日 浏览: )", {"发布日期": "2016年05月06日"}),
        ("信息来源:坂田街道办事处信息提供日期:2021-12-27", {"来源": "坂田街道办事处", "发布日期": "2021-12-27"}),
        ("浏览量:56", {}),
    ],
)
def test_metadata_lines(line, pairs):
    assert read_metadata(line) == pairs


@pytest.mark.parametrize("line", ["来源于群众的意见建议12条,已全部办结。", "根据县委统一部署,开展巡察。", TITLE])
def test_sentences_and_titles_are_not_metadata(line):
    assert read_metadata(line) is None


@pytest.mark.parametrize("line", ["朗读 分享 打印 关闭窗口", "【字体:大 中 小】", "浏览次数:12", "您好!今天是", "4127"])
def test_chrome_lines(line):
    assert is_chrome(line)


def test_breadcrumbs():
    assert is_breadcrumb("当前位置:首页 > 信息公开 > 巡察工作")
    assert is_breadcrumb("首页>>纪检监察")
    assert not is_breadcrumb("全县首页工程建设情况。")


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (f"巡视整改:{TITLE}", TITLE),
        (f"【巡察整改】{TITLE}", TITLE),
        (f"{TITLE}(全文)", TITLE),
        (f"{TITLE} |", TITLE),
    ],
)
def test_title_prefixes_and_annotations_are_removed(line, title):
    assert clean_title(line) == title


@pytest.mark.parametrize(
    "top",
    [
        f"某县人民政府门户网站\n当前位置:首页 > 政务公开 > 巡察整改\n{TITLE}\n"
        "发布时间:2022-09-01 来源:县水务局 浏览量:88\n",
        f"索引号:1143/2022-0012 发布机构:县水务局\n成文日期:2022-08-30\n发布日期:2022-09-01\n{TITLE}\n{TITLE}\n",
        "中共某县水务局党组\n关于县委巡察整改情况的通报\n发布时间:2022-09-01\n",
        f"【字体:大 中 小】 打印\n{TITLE}\n2022-09-01 来源:县水务局\n朗读 分享\n",
    ],
)
def test_title_found_where_sites_put_it_and_chrome_kept_out(top):
    notice = parse_notice(top + BODY)
    assert notice.title == TITLE
    assert notice.published_on.iso() == "2022-09-01"
    assert notice.preamble.startswith("根据县委统一部署")
    for part in [notice.preamble, notice.closing, *(s.text for s in notice.iter_sections())]:
        for chrome in ("浏览量", "当前位置", "字体", "朗读", "发布时间", "索引号"):
            assert chrome not in part


def test_metadata_feeds_facts_in_plain_text():
    top = f"{TITLE}\n索引号:1143/2022-0012\n发布机构:某县水务局\n来源:某县水务局 作者:办公室\n"
    notice = parse_notice(top + BODY.replace("中共某县水务局党组\n2022年8月30日\n", ""))
    assert notice.metadata["索引号"] == "1143/2022-0012"
    assert notice.source == "某县水务局"
    assert notice.to_json()["index_number"] == "1143/2022-0012"


def test_labels_on_their_own_lines_and_a_title_repeated_over_two_lines():
    # A page's <dl> info list copied as text: each label alone, its value on the next line.
    top = (
        f"{TITLE}\n中共某县水务局党组\n关于县委巡察整改情况的通报\n"
        "- 来源:\n- 某县融媒\n- 发布时间:\n- 2022-09-01\n- 浏览次数:\n- 4127\n"
    )
    notice = parse_notice(top + BODY)
    assert notice.title == TITLE
    assert notice.source == "某县融媒"
    assert notice.published_on.iso() == "2022-09-01"
    assert notice.preamble.startswith("根据县委统一部署")
    assert "4127" not in notice.preamble


def test_a_label_without_a_value_line_takes_no_sentence():
    notice = parse_notice(f"{TITLE}\n来源:\n{BODY}")
    assert notice.source is None
    assert notice.preamble.startswith("根据县委统一部署")


@pytest.mark.parametrize(
    ("line", "date"),
    [("2022年9月1日  即时资讯", "2022-09-01"), ("2022年9月1日 10:30", "2022-09-01"), ("2022年9月1日", "2022-09-01")],
)
def test_a_written_date_line_under_the_title_is_the_publication_date(line, date):
    notice = parse_notice(f"{TITLE}\n{line}\n{BODY}")
    assert notice.published_on.iso() == date
    assert notice.preamble.startswith("根据县委统一部署")


def test_a_dated_sentence_under_the_title_is_no_byline():
    notice = parse_notice(f"{TITLE}\n2022年9月1日召开整改会\n{BODY}")
    assert notice.published_on is None or notice.published_on.iso() != "2022-09-01"


@pytest.mark.parametrize(
    "headline",
    ["问责56人!某县水务局通报巡察整改进展", "某县水务局通报巡察整改情况", "巡察整改成效如何?某县水务局公布整改情况"],
)
def test_a_reposting_sites_headline_is_not_the_notices_title(headline):
    notice = parse_notice(f"首页 > 行业新闻 > {headline}\n{headline}\n发布时间:2022-09-01\n{BODY}")
    assert notice.title is None
    assert any("自拟的新闻标题" in warning for warning in notice.warnings)
    assert notice.published_on.iso() == "2022-09-01"
    assert notice.preamble.startswith("根据县委统一部署")


@pytest.mark.parametrize("title", [TITLE, "关于通报巡察整改情况的通知", "某县水务局党组巡察整改情况通报"])
def test_a_notices_own_title_is_no_headline(title):
    assert is_reposters_headline(title) is False


def test_a_lone_label_never_takes_the_repeated_title_as_its_value():
    notice = parse_notice(f"{TITLE}\n来源:\n{TITLE}\n{BODY}")
    assert notice.source is None
    assert notice.title == TITLE


def test_an_info_list_without_labels_gives_its_newspaper_as_the_source():
    notice = parse_notice(f"{TITLE}\n- 某县日报\n- 2022-09-01\n- 4127\n{BODY}")
    assert notice.source == "某县日报"
    assert notice.published_on.iso() == "2022-09-01"
    assert notice.preamble.startswith("根据县委统一部署")


def test_an_unlabelled_value_that_is_no_medium_is_no_source():
    notice = parse_notice(f"{TITLE}\n- 县水务局办公室\n- 2022-09-01\n{BODY}")
    assert notice.source is None
