"""Edges of normalisation: line breaks, spaces and markup, warnings, page jumps, and the printed copy kept aligned."""

from __future__ import annotations

import pytest

from archive.parsing.normalize import normalize, normalize_line, normalize_text

EMAIL_WARNING = "删除了遮蔽电子邮箱的占位符([email protected]),未保留地址:请对照原文。"
MISSING_CONTINUATION = "有一段文字写明转到另一页继续,但没有找到接续的内容:请对照原文核对。"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028", "\u2029"])
def test_every_kind_of_line_break_ends_a_paragraph(newline):
    result = normalize(f"第一段。{newline}第二段。{newline}")
    assert result.paragraphs == ["第一段。", "第二段。"]
    assert normalize_text(f"第一段。{newline}第二段。") == "第一段。\n第二段。"


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ("整改&nbsp;情况", "整改情况"),
        ("Party&NBSP;building", "Party building"),
        ("Party  building   work", "Party building work"),
        ("  整改 情况 ", "整改情况"),
        ("<b>整改</b>情况", "整改情况"),
        ("邮箱:jubao @example.org", "邮箱:jubao@example.org"),
        ("邮箱:jubao@ example.org", "邮箱:jubao@example.org"),
    ],
)
def test_spaces_markup_and_the_at_sign(raw, line):
    assert normalize_line(raw) == line


def test_an_obfuscated_address_is_removed_with_one_warning_per_line():
    result = normalize("举报邮箱:[email protected]\n正文。\n备用邮箱:[email protected]")
    assert result.paragraphs == ["举报邮箱:", "正文。", "备用邮箱:"]
    assert result.warnings == [EMAIL_WARNING, EMAIL_WARNING]


def test_a_line_left_empty_or_made_of_furniture_is_dropped():
    result = normalize("正文。\n【打印本页】 【关闭窗口】\n[email protected]\n结尾。")
    assert result.paragraphs == ["正文。", "结尾。"]
    assert result.warnings == [EMAIL_WARNING]
    assert result.printed == []  # no printed copy was given


def test_a_text_without_page_jumps_has_no_warning():
    result = normalize("(紧接A1版)开头就是接续的内容。\n正文。")
    assert result.paragraphs == ["开头就是接续的内容。", "正文。"]
    assert result.warnings == []


@pytest.mark.parametrize(
    ("raw", "paragraphs", "warnings"),
    [
        # a marker on a line of its own is dropped; the text after it is kept
        ("前半段,\n(下转A4版)\n(紧接A1版)后半段。\n下一段。", ["前半段,", "后半段。", "下一段。"], []),
        # two cut paragraphs in turn, each joined with its own continuation
        (
            "甲段前,(下转A2版)\n(接A1版)甲段后。\n乙段前,(下转A3版)\n(接A1版)乙段后。",
            ["甲段前,甲段后。", "乙段前,乙段后。"],
            [],
        ),
        # a continuation with nothing cut before it stays a paragraph of its own
        ("前一段。\n(接A1版)后一段。", ["前一段。", "后一段。"], []),
        # a cut paragraph followed by one that is not its continuation
        ("前半段,(下转A4版)\n另一段。\n再一段。", ["前半段,", "另一段。", "再一段。"], [MISSING_CONTINUATION]),
        ("前半段,(下转A4版)", ["前半段,"], [MISSING_CONTINUATION]),
    ],
)
def test_page_jumps(raw, paragraphs, warnings):
    result = normalize(raw)
    assert result.paragraphs == paragraphs
    assert result.warnings == warnings


def test_the_printed_copy_follows_every_decision_taken_on_the_simplified_one():
    simplified = "\n".join(
        ["关于整改。", "打印本页", "联系邮箱:[email protected]", "问题已经整改,(下转A2版)", "(紧接A1版)资金已经退还。"]
        + ["(下转A3版)", "结束。"]
    )
    printed = "\n".join(
        ["關於整改。", "打印本頁", "聯係郵箱:[email protected]", "問題已經整改,(下转A2版)", "(紧接A1版)資金已經退還。"]
        + ["(下转A3版)", "結束。"]
    )
    result = normalize(simplified, printed=printed)
    assert result.paragraphs == ["关于整改。", "联系邮箱:", "问题已经整改,资金已经退还。", "结束。"]
    assert result.printed == ["關於整改。", "聯係郵箱:", "問題已經整改,資金已經退還。", "結束。"]
    assert result.warnings == [EMAIL_WARNING]


def test_the_printed_copy_of_a_noise_line_is_dropped_even_if_it_reads_otherwise():
    result = normalize("正文。\n打印本页", printed="正文。\n列印本頁")
    assert result.printed == ["正文。"]


def test_a_printed_copy_that_does_not_line_up_keeps_its_markers():
    # with a different length, cutting the same spans would cut the wrong characters: the line stays whole
    result = normalize("问题整改,(下转A2版)", printed="問題已整改,(下转A2版)")
    assert result.paragraphs == ["问题整改,"]
    assert result.printed == ["問題已整改,(下转A2版)"]


def test_a_printed_copy_with_other_lines_is_refused_rather_than_misaligned():
    with pytest.raises(ValueError):
        normalize("第一段。\n第二段。", printed="第一段。")
