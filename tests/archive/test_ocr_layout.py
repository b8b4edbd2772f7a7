"""Ordering recognised runs into lines and joining OCR pages into paragraphs (no engine involved)."""

from __future__ import annotations

from archive.ocr.engine import OcrLine, page_confidence
from archive.ocr.layout import join_pages, page_lines, text_lines


def run(text: str, left: float, top: float, width: float | None = None, score: float = 0.99) -> OcrLine:
    return OcrLine(text, left, top, left + (width if width is not None else 20 * len(text)), top + 20, score)


def test_runs_on_one_row_are_read_left_to_right_and_indents_are_marked():
    runs = [run("第二段", 140, 40), run("一、总体情况", 100, 0), run("正文接续", 100, 80), run("的一行", 180, 80)]
    assert page_lines(runs) == ["一、总体情况", "  第二段", "正文接续的一行"]


def test_two_columns_are_read_left_column_first_with_a_heading_across_both_read_in_place():
    title = run("关于巡察整改情况的通报", 300, 0, width=400)
    left = [run(f"左栏第{i}行文字", 100, 40 + 30 * i, width=300) for i in range(4)]
    right = [run(f"右栏第{i}行文字", 600, 40 + 30 * i, width=300) for i in range(4)]
    lines = page_lines([title, *right, *left])
    assert lines[0].strip() == "关于巡察整改情况的通报"
    assert [line.strip() for line in lines[1:]] == [r.text for r in left] + [r.text for r in right]


def test_a_single_column_with_short_lines_is_not_split():
    runs = [
        run("一、加强领导", 100, 0),
        *[run("正文" * 20, 100, 30 * i) for i in range(1, 8)],
        run("2024年1月1日", 600, 300),
    ]
    assert len(page_lines(runs)) == 9
    assert page_lines(runs)[1] == "正文" * 20


def test_pages_are_joined_into_paragraphs_without_running_headers_or_page_numbers():
    line = "根据市委统一部署巡察组对某单位开展了巡察并反馈了意见现将整改进展情况予以公布如下"
    pages = [
        ["某某区委关于巡察整改情况的通报", "  " + line, line, "— 1 —"],
        ["某某区委关于巡察整改情况的通报", line[:20] + "。", "一、总体情况", "— 2 —"],
    ]
    assert join_pages(pages).split("\n\n") == [line + line + line[:20] + "。", "一、总体情况"]


def test_a_corrected_page_text_goes_back_to_lines_with_indents():
    assert text_lines("  第一段\r\n\r\n接续\n") == ["  第一段", "接续"]


def test_page_confidence_is_weighted_by_characters():
    assert page_confidence([]) == 0.0
    assert page_confidence([run("一二三", 0, 0, score=1.0), run("四", 0, 30, score=0.6)]) == 0.9
