"""PDF files with a text layer: page lines re-joined into paragraphs.

pypdf reads the text layer; pdfminer.six is the fallback when pypdf fails or
returns garbled text. A PDF without a text layer (a scan) raises
:class:`NeedsOcr`: its pages are read by OCR (``archive.ocr``) instead.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from io import BytesIO

from . import ExtractedText, ExtractionError, NeedsOcr

logger = logging.getLogger(__name__)

OCR_MESSAGE = "这个 PDF 没有文字层(扫描件),需要进行文字识别(OCR)。"
#: Fewer visible characters than this per page means the page is an image.
MIN_CHARS_PER_PAGE = 10
#: CJK Radicals Supplement look-alikes that NFKC leaves alone (browser-printed PDFs use them).
RADICAL_MAP = str.maketrans(
    "⺠⻄⻅⻆⻈⻉⻋⻐⻓⻔⻙⻚⻛⻜⻝⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "民西见角讠贝车钅长门韦页风飞食饣马鱼鸟卤麦黄黾齐齿龙龟",
)
_PAGE_NUMBER = re.compile(r"^(?:[-—–]*\s*\d{1,4}\s*[-—–]*|第\s*\d+\s*页(?:\s*[,,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
# A line that opens a new outline item: 一、 (一) 1. (1)
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[((][一二三四五六七八九十\d]+[))]|\d+[.、](?!\d))")
#: A line this much shorter than a full line ends its paragraph.
SHORT_LINE = 0.85


def read_pdf(data: bytes) -> ExtractedText:
    """The PDF's text as paragraphs, with NFKC and radical look-alikes fixed; refuses scans."""
    metadata, pages = _pypdf_pages(data)
    if pages is None or _garbled("".join(pages)):
        pages = _pdfminer_pages(data)
    visible = [len(re.sub(r"\s", "", page)) for page in pages]
    if sum(visible) < MIN_CHARS_PER_PAGE:
        raise NeedsOcr(OCR_MESSAGE)
    warnings = []
    empty = [str(number) for number, count in enumerate(visible, 1) if count < MIN_CHARS_PER_PAGE]
    if empty and len(empty) < len(pages):
        warnings.append(f"PDF 第 {'、'.join(empty)} 页没有文字层,这些页的内容需要先进行文字识别(OCR)。")
    lines = [line for page in pages for line in clean(page).splitlines()]
    return ExtractedText(text="\n\n".join(join_lines(lines)), metadata=metadata, warnings=warnings)


def clean(text: str) -> str:
    """NFKC plus the radical map: ⼀ → 一, ⻅ → 见."""
    return unicodedata.normalize("NFKC", text).translate(RADICAL_MAP)


def join_lines(lines: list[str]) -> list[str]:
    """Lines as laid out on the page → paragraphs.

    A line continues the previous one unless the previous one is short (the end
    of a paragraph, a title, a date), or this one is indented, opens an outline
    item, or follows a blank line.
    """
    stripped = [line.strip() for line in lines]
    full = _full_line_length([line for line in stripped if line])
    paragraphs: list[str] = []
    current = ""
    for raw, line in zip(lines, stripped, strict=True):
        if not line or _PAGE_NUMBER.match(line):
            if not line and current:
                paragraphs.append(current)
                current = ""
            continue
        starts_new = (
            not current
            or raw[:1].isspace()
            or _HEADING_START.match(line)
            or len(_last_line(current)) < SHORT_LINE * full
        )
        if starts_new:
            if current:
                paragraphs.append(current)
            current = line
        else:
            current = _glue(current, line)
    if current:
        paragraphs.append(current)
    return [paragraph.replace("\x00", "") for paragraph in paragraphs]


def _last_line(paragraph: str) -> str:
    return paragraph.rsplit("\x00", 1)[-1]


def _glue(current: str, line: str) -> str:
    # \x00 marks where page lines were joined, so the last line's length stays known; removed at the end.
    space = " " if current[-1:].isascii() and current[-1:].isalnum() and line[:1].isascii() else ""
    return current + space + "\x00" + line


def _full_line_length(lines: list[str]) -> float:
    lengths = sorted(len(line) for line in lines if len(line) >= 10)
    if not lengths:
        return 0.0
    return lengths[int(len(lengths) * 0.75)]


def _pypdf_pages(data: bytes) -> tuple[dict, list[str] | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("PDF 已加密,无法读取:请提供未加密的文件。")
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = _pdf_metadata(reader)
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.info("pypdf could not read a PDF (%s); trying pdfminer", exc)
        return {}, None
    return metadata, pages


def _pdfminer_pages(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        text = extract_text(BytesIO(data))
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise ExtractionError("PDF 已加密,无法读取:请提供未加密的文件。") from exc
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise ExtractionError("PDF 文件已损坏,无法读取:请重新导出后上传。") from exc
    return text.split("\f")


def _pdf_metadata(reader) -> dict:
    info = reader.metadata or {}
    title = str(info.get("/Title") or "").strip()
    metadata = {}
    # Titles such as "Microsoft Word - 通报.doc" name the source file, not the notice.
    if title and not re.search(r"\.(?:docx?|wps|pdf)$", title, re.IGNORECASE):
        metadata["标题"] = title
    author = str(info.get("/Author") or "").strip()
    if author:
        metadata["作者"] = author
    return metadata


def _garbled(text: str) -> bool:
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return False
    bad = sum(1 for c in visible if c == "\ufffd" or unicodedata.category(c) in {"Co", "Cn"})
    return bad / len(visible) > 0.05 or "(cid:" in text
