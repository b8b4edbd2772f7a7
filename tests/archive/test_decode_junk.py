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
