"""Readers for each format and the zip unpacker, on files built inside the test."""

from __future__ import annotations

import io
import zipfile

import pytest

from archive import formats
from archive.formats.pdf import OCR_MESSAGE, clean, join_lines
from tests.archive.documents import docx_bytes, html_page, paragraphs_of, pdf_bytes, zip_bytes
from tests.conftest import GOLD, seed_text

GUANGZHOU = GOLD[3]


def test_txt_in_utf16_and_gb18030():
    text = seed_text(GUANGZHOU)
    assert formats.extract_text("a.txt", text.encode("utf-16")).text.strip() == text.strip()
    assert formats.extract_text("a.txt", text.encode("gb18030")).text == text


def test_html_keeps_paragraphs_and_drops_furniture():
    text = seed_text(GUANGZHOU)
    page = html_page(text, title=GUANGZHOU["title"], metadata={"成文日期": "2015-12-14", "来源": "广州日报"})
    extracted = formats.extract_text("a.html", page)
    assert extracted.metadata["成文日期"] == "2015-12-14"
    assert extracted.metadata["来源"] == "广州日报"
    assert extracted.metadata["标题"] == GUANGZHOU["title"]
    assert paragraphs_of(extracted.text)[0].startswith(GUANGZHOU["title"])
    assert len(paragraphs_of(extracted.text)) >= len(paragraphs_of(text)) - 1
    for furniture in ("首页", "当前位置", "分享到", "微博", "版权所有", "ICP", "字号"):
        assert furniture not in extracted.text


def test_html_charset_from_meta_and_without_declaration():
    text = seed_text(GUANGZHOU)
    declared = html_page(text, title=GUANGZHOU["title"], charset="gbk")
    assert "巡视整改" in formats.extract_text("a.htm", declared).text
    undeclared = declared.replace(b"charset=gbk", b"")
    assert "巡视整改" in formats.extract_text("a.htm", undeclared).text


def test_html_metadata_in_government_meta_tags():
    page = (
        b"""<html><head><meta charset="utf-8"><meta name="PubDate" content="2020-01-02 10:00">
    <meta name="ContentSource" content="some source"></head><body><div><p>"""
        + ("正文段落。" * 40).encode()
        + (b"</p></div></body></html>")
    )
    metadata = formats.extract_text("a.html", page).metadata
    assert metadata["发布日期"] == "2020-01-02 10:00" and metadata["来源"] == "some source"


def test_html_visible_metadata_with_full_width_colons_and_label_on_its_own_line():
    # <dl><dt>来源：</dt><dd>…</dd>: the label and its value are separate lines of the page.
    page = (
        "<html><head><meta charset='utf-8'></head><body><h1>某县委关于巡察整改情况的通报</h1>"
        "<dl><dt>来源：</dt><dd>某县日报</dd><dt>发布时间：</dt><dd>2023-12-29</dd>"
        "<dt>浏览次数：</dt><dd>88</dd></dl><p>索引号：11/2023-0042</p><div><p>"
        + "正文段落。" * 40
        + "</p></div></body></html>"
    ).encode()
    metadata = formats.extract_text("a.html", page).metadata
    assert metadata["来源"] == "某县日报"
    assert metadata["发布日期"] == "2023-12-29"
    assert metadata["索引号"] == "11/2023-0042"
    assert "浏览次数" not in metadata


def test_docx_numbering_and_table():
    data = docx_bytes(seed_text(GUANGZHOU), numbered_outline=True, table_rows=[["甲", "乙"], ["1", "2"]])
    text = formats.extract_text("a.docx", data).text
    assert "一、整改工作总体推进情况" in text and "三、整改后续工作" in text
    assert "甲 | 乙" in text


def test_pdf_paragraphs_rejoined():
    text = seed_text(GOLD[1])
    extracted = formats.extract_text("a.pdf", pdf_bytes(text))
    expected = [p.replace(" ", "").replace("\u3000", "") for p in paragraphs_of(text)]
    assert [p.replace(" ", "") for p in paragraphs_of(extracted.text)] == expected


def test_pdf_without_text_layer_needs_ocr():
    with pytest.raises(formats.NeedsOcr, match="需要进行文字识别"):
        formats.extract_text("scan.pdf", pdf_bytes("", with_text=False))
    assert "OCR" in OCR_MESSAGE


def test_scanned_pdf_without_page_images_is_refused_by_ocr():
    with pytest.raises(formats.ExtractionError, match="没有找到可以识别的页面图像"):
        formats.extract_text("scan.pdf", pdf_bytes("", with_text=False), ocr=True)


def test_pdf_radical_look_alikes_and_line_joining():
    assert clean("⼀、⻅⻋⻓⻔") == "一、见车长门"
    lines = ["根据部署,巡察组对某单位开展了巡察工作并反馈了", "意见。现将情况公布。", "一、总体情况", "- 2 -"]
    assert join_lines(lines) == ["根据部署,巡察组对某单位开展了巡察工作并反馈了意见。现将情况公布。", "一、总体情况"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.doc", b"\xd0\xcf\x11\xe0", "另存为"),
        ("a.wps", b"\xd0\xcf\x11\xe0", "另存为"),
        ("a.xls", b"data", "不支持的文件类型"),
        ("a.txt", b"", "文件是空的"),
        ("a.docx", b"not a zip", "Word 文件已损坏"),
        ("a.pdf", b"%PDF-1.4 garbage", "PDF"),
        ("a.html", b"<html><head><title>t</title></head><body></body></html>", "没有找到正文"),
    ],
)
def test_refusals_say_what_to_do(name, data, message):
    with pytest.raises(formats.ExtractionError, match=message):
        formats.extract_text(name, data)


def test_unpack_reads_entries_and_refuses_unsafe_ones():
    data = zip_bytes({"dir/a.txt": b"abc", "../b.txt": b"x", "/abs.txt": b"y", "inner.zip": b"z", "__MACOSX/._a": b""})
    items = {item.name: item for item in formats.unpack("batch.zip", data)}
    assert items["batch.zip/dir/a.txt"].data == b"abc" and not items["batch.zip/dir/a.txt"].error
    assert "不安全" in items["batch.zip/../b.txt"].error
    assert "不安全" in items["batch.zip//abs.txt"].error
    assert "压缩包" in items["batch.zip/inner.zip"].error
    assert not any("__MACOSX" in name for name in items)


def test_unpack_gbk_entry_names():
    # Archivers on Chinese Windows store names as GBK bytes without the UTF-8 flag.
    data = _zip_with_raw_name("通报.txt".encode("gbk"), b"abc")
    assert [item.name for item in formats.unpack("a.zip", data)] == ["a.zip/通报.txt"]


def _zip_with_raw_name(raw_name: bytes, data: bytes) -> bytes:
    placeholder = b"N" * (len(raw_name) - 4) + b".txt"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(placeholder.decode(), data)
    return buffer.getvalue().replace(placeholder, raw_name)


def test_zip_limits(settings):
    settings.ARCHIVE_MAX_ZIP_FILES = 2
    (only,) = formats.unpack("a.zip", zip_bytes({"1.txt": b"a", "2.txt": b"b", "3.txt": b"c"}))
    assert "超过上限" in only.error
    settings.ARCHIVE_MAX_ZIP_FILES = 10
    settings.ARCHIVE_MAX_ZIP_UNPACKED_BYTES = 100
    (only,) = formats.unpack("a.zip", zip_bytes({"1.txt": b"a" * 200}))
    assert "解压后" in only.error


def test_zip_bomb_lying_about_its_size_is_caught():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * 1_000_000)
    data = bytearray(buffer.getvalue())
    # Declare 100 bytes in both headers while the entry inflates to a megabyte.
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    data[local + 22 : local + 26] = (100).to_bytes(4, "little")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    (item,) = formats.unpack("bomb.zip", bytes(data))
    assert item.error and not item.data


def test_broken_zip_is_refused_whole():
    (item,) = formats.unpack("a.zip", b"PK\x03\x04broken")
    assert "损坏" in item.error and item.data  # the uploaded bytes are kept for the record


def test_iter_sources_refuses_oversized_files_without_reading(tmp_path, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 10
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    (item,) = formats.iter_sources([path])
    assert "文件过大" in item.error and item.data == b""


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<link rel="canonical" href="https://www.example.gov.cn/a/t1.html">', "https://www.example.gov.cn/a/t1.html"),
        ('<meta property="og:url" content="http://example.gov.cn/b.html">', "http://example.gov.cn/b.html"),
        (
            '<meta property="og:url" content="http://og.example/x"><link rel="canonical" href="http://canon.example/y">',
            "http://canon.example/y",
        ),
        ('<link rel="canonical" href="/relative/only.html">', None),
        ('<link rel="canonical" href="javascript:alert(1)">', None),
        ("", None),
    ],
)
def test_html_original_address_from_canonical_link_or_og_url(head, expected):
    gold = GOLD[0]
    page = html_page(seed_text(gold), title=gold["title"] or "通报").replace(b"</head>", f"{head}</head>".encode())
    metadata = formats.extract_text("page.html", page).metadata
    assert metadata.get(formats.SOURCE_URL_LABEL) == expected
