"""Every rule of the document-kind classifier, with the reason it gives the editor."""

from __future__ import annotations

import pytest

from archive.parsing.kind import classify

SELF_PUBLISHING = "县委第一巡察组对县林业局开展了巡察。现将巡察整改情况予以公布。"
OWN_WORK = "县林业局召开专题会议,制定了整改方案,已完成整改问题21个。"


@pytest.mark.parametrize(
    ("title", "opening", "text", "kind", "reason"),
    [
        # A title about the rectification of something else.
        (
            "关于审计查出问题整改情况的报告",
            "",
            "县巡察办参与了督导。已完成整改。",
            "other_rectification",
            "标题“关于审计查出问题整改情况的报告”说的是其他来源问题的整改,不是巡视巡察整改",
        ),
        (
            "关于某项工作整改情况的报告",
            "",
            "已完成整改问题3个。",
            "other_rectification",
            "标题“关于某项工作整改情况的报告”说的是其他来源问题的整改,不是巡视巡察整改",
        ),
        # A title with an inspection word is never another kind of rectification.
        ("关于巡察整改情况的通报", "", SELF_PUBLISHING, "notice", ""),
        # A title announcing an arrival, unless the text publishes a rectification.
        (
            "县委第一巡察组进驻县林业局",
            "",
            "巡察期间设立值班电话。",
            "announcement",
            "这是巡视巡察进驻或轮次安排的公告,不是整改情况通报",
        ),
        ("县委第一巡察组进驻县林业局", "", SELF_PUBLISHING, "notice", ""),
        # A title announcing the feedback, unless it speaks of rectification.
        (
            "县委第二巡察组向县林业局反馈巡察情况",
            "",
            "巡察组指出了问题。",
            "feedback",
            "标题“县委第二巡察组向县林业局反馈巡察情况”是巡视巡察组反馈情况,不是整改情况通报",
        ),
        ("关于巡察反馈意见整改情况的通报", "", "巡察组指出了问题。" + SELF_PUBLISHING, "notice", ""),
        # News: by its dateline or by its title.
        (
            "县林业局巡察整改工作取得实效",
            "近日,县林业局召开会议。",
            "近日,县林业局召开会议。巡察整改有序推进。",
            "news",
            "正文以新闻报道的口吻写成(如“日前”“记者”“召开…会议”),不是机关发布的整改通报",
        ),
        (
            "县林业局召开巡察整改推进会",
            "县林业局部署巡察整改工作。",
            "县林业局部署巡察整改工作。",
            "news",
            "正文以新闻报道的口吻写成(如“日前”“记者”“召开…会议”),不是机关发布的整改通报",
        ),
        # ... unless the text publishes the rectification itself.
        ("县林业局召开巡察整改推进会", "近日,县林业局召开会议。", SELF_PUBLISHING, "notice", ""),
        # A round's announcement by its opening when there is no title.
        (
            None,
            "县委第五轮巡察完成进驻,各巡察组设立值班电话。",
            "县委第五轮巡察完成进驻,各巡察组设立值班电话。",
            "announcement",
            "这是巡视巡察进驻或轮次安排的公告,不是整改情况通报",
        ),
        # Without a telling title: the text decides.
        (None, "", SELF_PUBLISHING, "notice", ""),
        (
            None,
            "",
            "县林业局已完成整改问题3个。",
            "other_rectification",
            "全文没有提到巡视或巡察,是其他来源问题的整改",
        ),
        (
            None,
            "",
            "县林业局召开会议。",
            "unknown",
            "全文没有提到巡视或巡察整改,无法判断是否为整改情况通报",
        ),
        (
            None,
            "",
            "县委巡察组指出,县林业局存在薄弱环节。",
            "feedback",
            "正文列出巡视巡察发现的问题,但没有整改进展,像是反馈情况",
        ),
        (None, "", "县委巡察组指出,县林业局存在薄弱环节。" + OWN_WORK, "notice", ""),
        (
            None,
            "县委巡察组受理来信来电。",
            "县委巡察组受理来信来电。",
            "announcement",
            "正文是巡视巡察进驻或受理信访的公告,不是整改情况通报",
        ),
        (None, "县委巡察组受理来信来电。", "县委巡察组受理来信来电。" + OWN_WORK, "notice", ""),
        (
            None,
            "",
            "县委巡察组对县林业局开展了巡察。",
            "unknown",
            "没有找到整改情况通报的标志(如“现将整改情况予以公布”),无法判断文件类别",
        ),
        (
            None,
            "",
            "县委巡察组对县林业局开展了巡察。巡察整改工作有序推进。",
            "notice",
            "",
        ),
    ],
)
def test_each_rule_gives_its_kind_and_reason(title, opening, text, kind, reason):
    verdict = classify(title=title, opening=opening, text=text)
    assert (verdict.kind, verdict.reason) == (kind, reason)


def test_the_opening_is_read_from_the_text_when_there_is_none():
    verdict = classify(title=None, opening="", text="日前,县林业局巡察整改工作有序推进。")
    assert verdict.kind == "news"


def test_only_the_start_of_the_opening_is_read_for_a_dateline():
    late = "县林业局党组高度重视巡察整改工作。" * 20 + "\n近日,县林业局召开会议。"
    assert len(late) > 300
    verdict = classify(title=None, opening=late, text=late + SELF_PUBLISHING)
    assert verdict.kind == "notice"


def test_an_inspection_word_far_into_the_text_does_not_make_a_titled_report_an_inspection():
    text = "已完成整改问题3个。" * 160 + "县巡察办参与了督导。"
    assert text.index("巡察") >= 1500
    verdict = classify(title="关于某项工作整改情况的报告", opening="", text=text)
    assert verdict.kind == "other_rectification"


def test_a_round_is_announced_within_the_first_200_characters_of_an_untitled_opening():
    phrase = "第五轮巡察完成进驻"
    for filler, reason in [(191, "这是巡视巡察进驻或轮次安排的公告"), (192, "正文是巡视巡察进驻或受理信访的公告")]:
        opening = "县" * filler + phrase
        verdict = classify(title=None, opening=opening, text=opening)
        assert verdict.kind == "announcement" and verdict.reason.startswith(reason), filler


def test_the_dateline_is_looked_for_in_the_opening():
    verdict = classify(title=None, opening="近日,县林业局召开会议。", text="县林业局巡察整改工作有序推进。")
    assert verdict.kind == "news"


def test_a_title_naming_another_source_without_rectification_is_not_another_rectification():
    verdict = classify(title="关于审计工作的说明", opening="", text=SELF_PUBLISHING)
    assert verdict.kind == "notice"


@pytest.mark.parametrize(("filler", "kind"), [(297, "news"), (298, "notice")])
def test_a_dateline_is_looked_for_in_the_first_300_characters(filler, kind):
    start = "县" * filler + "\n近日,县林业局召开会议。"
    text = start + OWN_WORK + "县委巡察组对县林业局开展了巡察。"
    assert classify(title=None, opening=start, text=text).kind == kind
    assert classify(title=None, opening="", text=text).kind == kind


@pytest.mark.parametrize(("offset", "kind"), [(1498, "notice"), (1499, "other_rectification")])
def test_an_inspection_word_counts_within_the_first_1500_characters(offset, kind):
    text = "县" * offset + "巡察组对县林业局开展了巡察。" + SELF_PUBLISHING
    assert classify(title="关于某项工作整改情况的报告", opening="", text=text).kind == kind


def test_a_rectification_title_that_mentions_an_arrival_is_a_notice():
    verdict = classify(title="县委第一巡察组进驻县林业局巡察整改情况的通报", opening="", text="巡察组指出了问题。")
    assert (verdict.kind, verdict.reason) == ("notice", "")


@pytest.mark.parametrize(
    ("title", "text", "kind"),
    [
        # A title naming no kind of document leaves the decision to the text.
        ("县林业局巡察整改工作", "县委巡察组对县林业局开展了巡察。巡察整改工作有序推进。", "notice"),
        # A rectification title without an inspection word does not make findings a notice.
        ("关于整改情况的通报", "县委巡察组指出,县林业局存在薄弱环节。", "feedback"),
        # Feedback words in a title about rectification do not make it feedback.
        ("关于巡察反馈问题整改的通知", SELF_PUBLISHING, "notice"),
    ],
)
def test_titles_that_do_not_decide(title, text, kind):
    assert classify(title=title, opening="", text=text).kind == kind


@pytest.mark.parametrize(
    "text",
    ["县委巡察组对县林业局开展了巡察。县林业局立行立改。", "县委巡察组对县林业局开展了巡察,提出整改要求。"],
)
def test_a_notice_needs_both_rectification_and_its_own_work(text):
    assert classify(title=None, opening="", text=text).kind == "unknown"
