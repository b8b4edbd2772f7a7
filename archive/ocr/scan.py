"""A scanned file → :class:`ExtractedText` with one :class:`ScannedPage` per page (the OCR pipeline)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from PIL import Image

from ..formats import ExtractedText, ExtractionError
from .engine import ENGINE_NAME, page_confidence, recognize
from .images import page_images
from .layout import join_pages, page_lines, page_text, text_lines

#: Page images kept for the review page are scaled down to this width.
REVIEW_WIDTH = 1240


@dataclass
class ScannedPage:
    number: int
    image: bytes  # JPEG for the review page
    text: str
    confidence: float


def read_scan(name: str, data: bytes, *, progress: Callable[[int, int], None] | None = None) -> ExtractedText:
    """OCR every page; ``progress(done, total)`` is called before the first page and after each."""
    images = page_images(name, data)
    if progress:
        progress(0, len(images))
    pages = []
    for number, image in enumerate(images, start=1):
        runs = recognize(image)
        pages.append(ScannedPage(number, review_jpeg(image), page_text(page_lines(runs)), page_confidence(runs)))
        if progress:
            progress(number, len(images))
    text = join_pages([text_lines(page.text) for page in pages])
    if not text.strip():
        raise ExtractionError("文字识别没有在页面中找到文字:请确认扫描件清晰、方向正确。")
    threshold = settings.ARCHIVE_OCR_LOW_CONFIDENCE
    low = [str(page.number) for page in pages if page.confidence < threshold]
    warnings = ["正文由文字识别(OCR)得到:请对照页面图像核对后再发布。"]
    if low:
        warnings.append(f"第 {'、'.join(low)} 页的识别置信度低于 {threshold:.0%},请重点核对。")
    return ExtractedText(text=text, warnings=warnings, pages=pages, ocr_engine=ENGINE_NAME)


def review_jpeg(image: Image.Image) -> bytes:
    if image.width > REVIEW_WIDTH:
        image = image.resize((REVIEW_WIDTH, round(image.height * REVIEW_WIDTH / image.width)), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.convert("L").save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()
