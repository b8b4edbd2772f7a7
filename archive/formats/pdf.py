"""PDF files with a text layer: page lines re-joined into paragraphs.

pypdf reads the text layer; pdfminer.six is the fallback when pypdf fails or
returns garbled text. A PDF without a text layer (a scan), or with some pages
that are scanned images among pages of text, raises :class:`NeedsOcr`: its
pages are then read page by page (``archive.ocr.scan``), the text layer where a
page has one and OCR where it is an image.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO

from . import ExtractedText, ExtractionError, NeedsOcr

logger = logging.getLogger(__name__)

OCR_MESSAGE = "这个 PDF 没有文字层(扫描件),需要进行文字识别(OCR)。"
#: Fewer visible characters than this per page means the page is an image.
MIN_CHARS_PER_PAGE = 10
#: An image at least this many pixels on its short side can hold a scanned page of text (a logo cannot).
MIN_SCAN_SIDE = 400
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


@dataclass
class PdfPages:
    """A PDF's metadata and, page by page, its text layer and whether it draws a scan-sized image."""

    metadata: dict
    texts: list[str]
    scans: list[bool]

    def scanned_numbers(self) -> list[int]:
        """Pages (from 1) whose text layer is (nearly) empty but which draw a scanned image: they need OCR."""
        return [
            n
            for n, (text, scan) in enumerate(zip(self.texts, self.scans, strict=True), 1)
            if scan and not has_text(text)
        ]


def read_pdf(data: bytes) -> ExtractedText:
    """The PDF's text as paragraphs, with NFKC and radical look-alikes fixed; refuses scans, whole or in part."""
    pages = pdf_pages(data)
    if sum(_visible(text) for text in pages.texts) < MIN_CHARS_PER_PAGE:
        raise NeedsOcr(OCR_MESSAGE)
    scanned = pages.scanned_numbers()
    if scanned:
        raise NeedsOcr(f"这个 PDF 的第 {'、'.join(map(str, scanned))} 页是扫描图像(没有文字层),需要进行文字识别(OCR)。")
    warnings = []
    empty = [str(number) for number, text in enumerate(pages.texts, 1) if not has_text(text)]
    if empty:
        warnings.append(f"PDF 第 {'、'.join(empty)} 页没有文字,也没有可以识别的扫描图像:请核对原件。")
    lines = [line for text in pages.texts for line in clean(text).splitlines()]
    return ExtractedText(text="\n\n".join(join_lines(lines)), metadata=pages.metadata, warnings=warnings)


def pdf_pages(data: bytes) -> PdfPages:
    """Each page's text layer (pypdf, else pdfminer) and whether it draws a scan-sized image."""
    metadata, texts, scans = _pypdf_pages(data)
    if texts is None or _garbled("".join(texts)):
        texts = _pdfminer_pages(data)
    if len(scans) != len(texts):  # pypdf could not read the pages: no image is known
        scans = [False] * len(texts)
    return PdfPages(metadata, texts, scans)


def has_text(text: str) -> bool:
    """Whether a page's text layer holds text (not just a page number or stray marks)."""
    return _visible(text) >= MIN_CHARS_PER_PAGE


def _visible(text: str) -> int:
    return len(re.sub(r"\s", "", text))


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


def _pypdf_pages(data: bytes) -> tuple[dict, list[str] | None, list[bool]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("PDF 已加密,无法读取:请提供未加密的文件。")
        pages = [page.extract_text() or "" for page in reader.pages]
        scans = [_draws_a_scan(page) for page in reader.pages]
        metadata = _pdf_metadata(reader)
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.info("pypdf could not read a PDF (%s); trying pdfminer", exc)
        return {}, None, []
    return metadata, pages, scans


def _draws_a_scan(page) -> bool:
    """Whether the page's resources hold an image large enough to be a scanned page (read from its header)."""
    return _holds_a_scan(page.get("/Resources"), depth=0)


def _holds_a_scan(resources, *, depth: int) -> bool:
    # Scanners sometimes wrap the page image in a form; forms nest, but not deeply in practice.
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None or depth > 3:
        return False
    for reference in xobjects.get_object().values():
        xobject = reference.get_object()
        if xobject.get("/Subtype") == "/Image":
            if min(int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))) >= MIN_SCAN_SIDE:
                return True
        elif xobject.get("/Subtype") == "/Form" and _holds_a_scan(xobject.get("/Resources"), depth=depth + 1):
            return True
    return False


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
