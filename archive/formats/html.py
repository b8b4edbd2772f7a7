"""Web pages saved from government sites: the notice's main text and the page's metadata block.

The main text comes from trafilatura, which drops menus, breadcrumbs, share
buttons, font-size switches and footers. The page is only ever parsed, never
rendered: scripts and styles are removed before anything is read.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from ..parsing.header import clean_value
from . import SOURCE_URL_LABEL, ExtractedText, ExtractionError, read_text

#: Labels of the metadata block that government sites print above a notice.
METADATA_LABELS = (
    "索引号", "发布机构", "成文日期", "发布日期", "发布时间", "来源", "信息来源",
    "标题", "文号", "发文字号", "主题分类",
)  # fmt: skip
#: Labels written in other words for the same thing.
LABEL_ALIASES = {"发布时间": "发布日期", "信息来源": "来源"}
#: ``<meta name=…>`` tags of the Chinese government site platform, mapped to the same labels.
META_TAGS = {"articletitle": "标题", "pubdate": "发布日期", "contentsource": "来源", "sitename": "网站"}
#: Where a saved page names its original address, most authoritative first.
SOURCE_URL_XPATHS = (
    "//link[@rel='canonical']/@href",
    "//meta[@property='og:url']/@content",
    "//meta[@name='url']/@content",
)

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_LABEL_RE = re.compile(rf"({'|'.join(METADATA_LABELS)})\s*[:：]\s*")
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "table", "td", "th", "tr",
    "ul",
}  # fmt: skip
# Legacy Chinese charsets are all read as their superset.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


def read_html(data: bytes) -> ExtractedText:
    """The main text of a web page (paragraphs one per line) and its metadata block."""
    html, warnings = decode_html(data)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError("网页无法解析,请检查文件是否完整。") from exc
    for element in tree.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    metadata = read_metadata(tree)
    text = trafilatura.extract(tree, include_comments=False, include_tables=True, favor_recall=True, deduplicate=False)
    if not text or not text.strip():
        raise ExtractionError("网页中没有找到正文:请确认保存的是通报正文页面。")
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    title = metadata.get("标题")
    if title and not any(title in line for line in paragraphs[:3]):
        # The page's own title heads the text when the article body lacks it, as on the page itself.
        paragraphs.insert(0, title)
    return ExtractedText(text="\n\n".join(paragraphs), metadata=metadata, warnings=warnings)


def decode_html(data: bytes) -> tuple[str, list[str]]:
    """Bytes → text: the page's declared charset if it decodes cleanly, else detection."""
    match = _CHARSET_RE.search(data[:4096])
    if match:
        declared = match.group(1).decode("ascii").lower()
        encoding = _CHARSET_ALIASES.get(declared, declared)
        try:
            return data.decode(encoding), []
        except (LookupError, UnicodeDecodeError):
            pass
    extracted = read_text(data)
    return extracted.text, extracted.warnings


def read_metadata(tree: lxml.html.HtmlElement) -> dict:
    """The page's metadata: ``<meta>`` tags, then the visible block (索引号:… 发布日期:…), then h1/title."""
    metadata: dict[str, str] = {}
    for meta in tree.xpath("//meta[@name][@content]"):
        label = META_TAGS.get(meta.get("name", "").lower())
        value = " ".join(meta.get("content", "").split())
        if label and value:
            metadata[label] = value
    metadata.update(_visible_block(tree))
    source_url = original_address(tree)
    if source_url:
        metadata[SOURCE_URL_LABEL] = source_url
    if "标题" not in metadata:
        title = _first_text(tree, "//h1") or _page_title(tree)
        if title:
            metadata["标题"] = title
    return metadata


def original_address(tree: lxml.html.HtmlElement) -> str:
    """The page's own absolute http(s) address (canonical link, else og:url); empty when it names none."""
    for xpath in SOURCE_URL_XPATHS:
        for value in tree.xpath(xpath):
            address = "".join(str(value).split())
            parts = urlsplit(address)
            if parts.scheme in ("http", "https") and parts.netloc and len(address) <= 1000:
                return address
    return ""


def _visible_block(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """``label: value`` pairs written on the page, inline or in table cells."""
    lines = _block_lines(tree)
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        matches = list(_LABEL_RE.finditer(line))
        for position, match in enumerate(matches):
            end = matches[position + 1].start() if position + 1 < len(matches) else len(line)
            value = line[match.end() : end].strip()
            if not value and position + 1 == len(matches) and index + 1 < len(lines):
                value = lines[index + 1] if not _LABEL_RE.match(lines[index + 1]) else ""
            value = clean_value(value)  # 来源:某局 浏览量:3517 — the chrome after a value is no part of it
            label = LABEL_ALIASES.get(match.group(1), match.group(1))
            if value and label not in found:
                found[label] = value[:300]
    return found


def _block_lines(tree: lxml.html.HtmlElement) -> list[str]:
    # A copy with a line break after every block element, so that cells and divs become lines.
    copy = lxml.html.document_fromstring(lxml.html.tostring(tree))
    for element in copy.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    body = copy.find("body")
    text = (body if body is not None else copy).text_content()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _first_text(tree: lxml.html.HtmlElement, xpath: str) -> str:
    for element in tree.xpath(xpath):
        text = " ".join(element.text_content().split())
        if text:
            return text
    return ""


def _page_title(tree: lxml.html.HtmlElement) -> str:
    # Sites append their own name: "通报标题_某某网站" / "通报标题 - 某某网站".
    title = _first_text(tree, "//title")
    return re.split(r"\s*[_|]\s*|\s+-\s+", title)[0] if title else ""
