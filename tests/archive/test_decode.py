"""decode_bytes: byte-order marks, UTF-8, GB18030, a checked guess, and a clear error."""

from __future__ import annotations

import codecs

import pytest

from archive.parsing import ParseError
from archive.parsing.decode import decode_bytes
from tests.conftest import GOLD, GOLD_IDS, seed_text

SAMPLE = "中共广州市委关于巡视整改情况的通报\n（一）关于解决“两个责任”落实中存在的薄弱环节。\n"


def test_plain_utf8():
    assert decode_bytes(SAMPLE.encode("utf-8")) == (SAMPLE, [])


def test_utf8_with_bom_loses_the_mark():
    text, warnings = decode_bytes(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"))
    assert text == SAMPLE
    assert warnings == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding):
    data = SAMPLE.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    text, warnings = decode_bytes(data)
    assert text == SAMPLE
    assert warnings == []


@pytest.mark.parametrize("gold", GOLD, ids=GOLD_IDS)
def test_gb18030_seed_round_trip(gold):
    original = seed_text(gold)
    text, warnings = decode_bytes(original.encode("gb18030"))
    assert text == original
    assert warnings == ["文件不是 UTF-8 编码,已按 GB18030(GBK)读取:请核对文字是否正确。"]


def test_gbk_bytes_read_as_gb18030():
    text, _ = decode_bytes(SAMPLE.encode("gbk"))
    assert text == SAMPLE


def test_utf16_without_bom_is_guessed_and_reported():
    data = (SAMPLE * 5).encode("utf-16-le")
    text, warnings = decode_bytes(data)
    assert text == SAMPLE * 5
    assert len(warnings) == 1 and "推测为" in warnings[0]


def test_big5_is_not_misread_as_gb18030():
    traditional = "中共某市委關於巡視整改情況的通報。根據省委統一部署,省委巡視組對本市進行了巡視。\n" * 4
    text, warnings = decode_bytes(traditional.encode("big5"))
    assert "GB18030" not in " ".join(warnings)
    assert not any("\ue000" <= c <= "\uf8ff" for c in text)


def test_empty_file():
    assert decode_bytes(b"") == ("", ["文件是空的。"])


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)),
        bytes([0x80, 0xFF, 0xFE, 0x81, 0x00, 0x01]) * 20,
        b"\x00\x01\x02\x03\x04\x05\x06\x07" * 50,
    ],
)
def test_undecodable_bytes_raise_a_clear_error(data):
    with pytest.raises(ParseError, match="无法把文件解码为文字"):
        decode_bytes(data)


def test_bom_with_broken_body_names_the_encoding():
    with pytest.raises(ParseError, match="UTF-8 字节顺序标记"):
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd")
