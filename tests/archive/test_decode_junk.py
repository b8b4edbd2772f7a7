"""What counts as junk when judging a decoding, and the messages of files that are not text."""

from __future__ import annotations

import codecs

import pytest

from archive.parsing.decode import MAX_JUNK_SHARE, _junk_share, decode_bytes
from archive.parsing.result import ParseError


@pytest.mark.parametrize(
    ("char", "category"),
    [("\x00", "control"), ("\u0378", "unassigned"), ("\ue000", "private use"), ("\ud800", "surrogate")],
)
def test_characters_no_text_contains_are_junk(char, category):
    assert _junk_share("整改" + char + "情况") == pytest.approx(1 / 5), category


def test_line_breaks_and_tabs_are_not_junk():
    assert _junk_share("整改\n\r\t情况") == 0
    assert _junk_share("\x00\x01") == 1


def test_a_text_at_the_junk_limit_is_still_text():
    limit = round(1 / MAX_JUNK_SHARE)
    text = "\ue000" + "整" * (limit - 1)  # exactly the largest share accepted
    assert _junk_share(text) == pytest.approx(MAX_JUNK_SHARE)
    decoded, _warnings = decode_bytes(text.encode("gb18030"))
    assert decoded == text


def test_a_broken_byte_order_mark_file_says_which_encoding():
    with pytest.raises(ParseError) as caught:
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd")
    assert (
        str(caught.value)
        == "文件以 UTF-8 字节顺序标记开头,但内容不是有效的 UTF-8(第 0 字节处出错):请用文本编辑器另存为 UTF-8 后再上传。"
    )


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("整改情况通报" * 8 + "完\x00", True),  # 1 of 50 characters: exactly the limit
        ("整改情况通报" * 8 + "\x00", False),  # 1 of 49: just over it
        ("整改情况通报" * 8 + "完成\x00", True),  # 1 of 51: under it
    ],
)
def test_a_guessed_reading_at_the_junk_limit_is_still_text(text, accepted):
    data = text.encode("utf-8")  # a NUL byte skips strict UTF-8 and leaves the reading to the guess
    if accepted:
        decoded, warnings = decode_bytes(data)
        assert decoded == text
        assert len(warnings) == 1 and warnings[0].startswith("文件没有声明编码,推测为 ")
    else:
        with pytest.raises(ParseError, match="^无法把文件解码为文字"):
            decode_bytes(data)


def test_a_file_that_is_not_text_says_so_and_what_to_do():
    with pytest.raises(ParseError) as caught:
        decode_bytes(b"\x00\x01\x02\x03\x04\x05\x06\x07" * 50)
    assert str(caught.value) == (
        "无法把文件解码为文字:它不是 UTF-8、UTF-16 或 GB18030 编码,其他编码也读不出可读的文字。"
        "请另存为 UTF-8 文本后再上传。"
    )
