"""Hypothesis strategies for notice-like texts: headers, numbered headings, body text, noise and closings.

Lines are drawn from the shapes real notices have (every heading style, full-
and half-width forms, headings opening with quotes or book-title marks, dates
and numbers that are not headings, page furniture) mixed with arbitrary text,
so properties are tried on both plausible and hostile input.
"""

from __future__ import annotations

from hypothesis import strategies as st

CN_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
WORDS = ["加强", "党的领导", "整改", "巡察", "公务用车", "《条例》", "“三重一大”", "(含下属单位)", "2017年", "1.5亿元"]
WORDS += ["违规", "发放", "津补贴", "12388", "PPP", "ａｂｃ", "　", " ", ",", "。", ":", ";", "、", "!", "?"]

phrase = st.lists(st.sampled_from(WORDS) | st.text(max_size=3), min_size=1, max_size=8).map("".join)

marker = st.one_of(
    st.sampled_from(CN_NUMERALS).map(lambda n: f"{n}、"),
    st.sampled_from(CN_NUMERALS).map(lambda n: f"({n})"),
    st.sampled_from(CN_NUMERALS).map(lambda n: f"（{n}）、"),
    st.integers(1, 30).map(lambda n: f"{n}."),
    st.integers(1, 30).map(lambda n: f"{n}、"),
    st.integers(1, 30).map(lambda n: f"({n})"),
    st.integers(1, 9).map(lambda n: f"{chr(0xFF10 + n)}．"),
)
heading_line = st.builds(
    lambda m, h, end, text: f"{m}{h}{end}{text}", marker, phrase, st.sampled_from(["", "。", ":"]), phrase | st.just("")
)
body_line = phrase
header_line = st.sampled_from(
    ["某区委关于巡察整改情况的通报", "发布日期:2017-12-25 来源:某区纪委", "16.12.2015 15:21", "原标题:整改通报"]
)
noise_line = st.sampled_from(["【打印本页】 【关闭窗口】", "分享到:", "[email protected]", "(下转A4版)", "(紧接A1版)"])
closing_line = st.sampled_from(
    ["欢迎广大干部群众对巡察整改落实情况进行监督。", "联系电话:0731-12345678", "中共某区委", "2017年12月21日"]
)

notice_text = st.builds(
    lambda header, lines, closing: "\n".join([*header, *lines, *closing]),
    st.lists(header_line, max_size=3),
    st.lists(heading_line | body_line | noise_line | st.text(max_size=20), max_size=25),
    st.lists(closing_line, max_size=3),
)

#: Texts made mostly of headings, so that deep and odd outlines are common.
outline_text = st.lists(heading_line | body_line, min_size=1, max_size=30).map("\n".join)
