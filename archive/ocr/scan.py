"""A scanned file → :class:`ExtractedText` with one :class:`ScannedPage` per page (the OCR pipeline).

A PDF may mix pages of text with scanned pages: only the scanned ones are read
by OCR, the others keep their text layer, and the pages are joined in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from PIL import Image

from ..formats import ExtractedText, ExtractionError
from .engine import ENGINE_NAME, page_confidence
from .images import source_pages
from .layout import join_pages, page_lines, page_text, text_lines
from .pool import read_pages

#: Page images kept for the review page are scaled down to this width.
REVIEW_WIDTH = 1240


@dataclass
class ScannedPage:
    number: int
    image: bytes  # JPEG for the review page; empty for a page taken from a PDF's text layer
    text: str
    confidence: float
    ocr: bool = True  # False: the page's text came from the PDF's text layer


def read_scan(name: str, data: bytes, *, progress: Callable[[int, int], None] | None = None) -> ExtractedText:
    """Read every page, by OCR unless it is a PDF page with a text layer; pages stay in order.

    The OCR pages are read in the processes of :mod:`.pool` (several at once).
    ``progress(done, total)`` is called before the first page and as pages are
    done; ``done`` only grows and ends at ``total``. A page the engine fails on
    raises :class:`~.pool.PageFailed`, an :class:`ExtractionError` naming it.
    """
    sources = source_pages(name, data)
    if progress:
        progress(0, len(sources))
    scanned = [source for source in sources if source.image is not None]
    text_pages = len(sources) - len(scanned)
    if progress and text_pages:
        progress(text_pages, len(sources))  # pages of text are taken at once; the count then follows OCR

    def read(done: int) -> None:
        if progress:
            progress(text_pages + done, len(sources))

    runs = iter(read_pages([s.image for s in scanned], numbers=[s.number for s in scanned], progress=read))
    pages = []
    for source in sources:
        if source.image is None:
            pages.append(ScannedPage(source.number, b"", page_text(text_lines(source.text)), 1.0, ocr=False))
        else:
            page_runs = next(runs)
            pages.append(
                ScannedPage(
                    source.number,
                    review_jpeg(source.image),
                    page_text(page_lines(page_runs)),
                    page_confidence(page_runs),
                )
            )
    text = join_pages([text_lines(page.text) for page in pages])
    if not text.strip():
        raise ExtractionError("文字识别没有在页面中找到文字:请确认扫描件清晰、方向正确。")
    threshold = settings.ARCHIVE_OCR_LOW_CONFIDENCE
    low = [str(page.number) for page in pages if page.ocr and page.confidence < threshold]
    warnings = ["正文由文字识别(OCR)得到:请对照页面图像核对后再发布。"]
    if any(not page.ocr for page in pages):
        scanned = "、".join(str(page.number) for page in pages if page.ocr)
        warnings = [
            f"第 {scanned} 页是扫描图像,其文字由文字识别(OCR)得到:请对照页面图像核对后再发布;其余页取自 PDF 文字层。"
        ]
    if low:
        warnings.append(f"第 {'、'.join(low)} 页的识别置信度低于 {threshold:.0%},请重点核对。")
    return ExtractedText(text=text, warnings=warnings, pages=pages, ocr_engine=ENGINE_NAME)


def review_jpeg(image: Image.Image) -> bytes:
    if image.width > REVIEW_WIDTH:
        image = image.resize((REVIEW_WIDTH, round(image.height * REVIEW_WIDTH / image.width)), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.convert("L").save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()
