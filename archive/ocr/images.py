"""A received file → its pages for OCR, within the page and pixel limits.

Images (JPEG, PNG, TIFF with one page per frame), PDFs and zips of page images
(in name order). A PDF is taken page by page: a page with a text layer keeps
it (no OCR), a page without one gives the largest image drawn on it, as a
scanner stores it; a page with neither is left out. Sizes are read from the headers before any page is decoded, so an
oversized image is refused without being inflated in memory.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath, PurePosixPath

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from ..formats import IMAGE_SUFFIXES, ExtractionError


def is_image_name(name: str) -> bool:
    return PurePath(name).suffix.lower() in IMAGE_SUFFIXES


def is_image_zip(data: bytes) -> bool:
    """Whether a zip holds page images only (it is then one scanned notice, not a batch of files)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/") and not n.startswith("__MACOSX/")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        return False
    return bool(names) and all(is_image_name(n) for n in names)


@dataclass
class SourcePage:
    """One page of the file: an image to read by OCR, or (PDF pages with a text layer) that text."""

    number: int
    image: Image.Image | None = None
    text: str = ""


def source_pages(name: str, data: bytes) -> list[SourcePage]:
    """The pages in order, checked against ``ARCHIVE_OCR_MAX_PAGES`` and ``ARCHIVE_OCR_MAX_PIXELS``."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".pdf":
        pages = list(_pdf_pages(data))
    else:
        images = _zip_images(data) if suffix == ".zip" else _frames(data)
        pages = [SourcePage(number, image) for number, image in enumerate(images, start=1)]
    if not any(page.image is not None for page in pages):
        raise ExtractionError("文件中没有找到可以识别的页面图像。")
    check_page_count(sum(1 for page in pages if page.image is not None))
    return pages


def check_page_count(count: int) -> None:
    limit = settings.ARCHIVE_OCR_MAX_PAGES
    if count > limit:
        raise ExtractionError(f"共有 {count} 页,超过文字识别的上限 {limit} 页:请拆分后分批上传。")


def _check_pixels(image: Image.Image, label: str) -> None:
    limit = settings.ARCHIVE_OCR_MAX_PIXELS
    width, height = image.size
    if width * height > limit:
        raise ExtractionError(
            f"{label}图像过大({width}×{height} 像素),超过文字识别的上限 {limit // 1_000_000} 百万像素:"
            "请以 300 dpi 或更低的分辨率重新扫描。"
        )


def _open(data: bytes, label: str) -> Image.Image:
    try:
        image = Image.open(BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ExtractionError(f"{label}不是可以识别的图像文件(支持 JPEG、PNG、TIFF)。") from exc
    except Image.DecompressionBombError as exc:
        raise ExtractionError(f"{label}图像过大,无法识别:请以 300 dpi 或更低的分辨率重新扫描。") from exc
    _check_pixels(image, label)
    return image


def _frames(data: bytes, label: str = "") -> Iterator[Image.Image]:
    image = _open(data, label)
    frames = getattr(image, "n_frames", 1)
    check_page_count(frames)
    for index in range(frames):
        image.seek(index)
        _check_pixels(image, label)
        yield _upright(image)


def _upright(image: Image.Image) -> Image.Image:
    # Phone photos carry their rotation in EXIF; greyscale is all OCR needs and a third of the memory.
    return ImageOps.exif_transpose(image).convert("L")


def _zip_images(data: bytes) -> Iterator[Image.Image]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        entries = sorted(
            (info for info in archive.infolist() if not info.is_dir() and is_image_name(info.filename)),
            key=lambda info: _natural(info.filename),
        )
        check_page_count(len(entries))
        for info in entries:
            if info.file_size > settings.ARCHIVE_MAX_UPLOAD_BYTES:
                raise ExtractionError(f"压缩包中的图像 {PurePosixPath(info.filename).name} 过大。")
            yield from _frames(archive.read(info), f"压缩包中的 {PurePosixPath(info.filename).name} ")


def _pdf_pages(data: bytes) -> Iterator[SourcePage]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from ..formats.pdf import has_text, pdf_pages

    texts = pdf_pages(data).texts
    try:
        reader = PdfReader(BytesIO(data))
        # The limit is on pages read by OCR: those without a text layer.
        check_page_count(sum(1 for number in range(len(reader.pages)) if not has_text(_text(texts, number))))
        for number, page in enumerate(reader.pages, start=1):
            text = _text(texts, number - 1)
            if has_text(text):
                yield SourcePage(number, text=text)
                continue
            images = list(page.images)
            if not images:
                continue
            largest = max(images, key=lambda item: _area(item.image))
            _check_pixels(largest.image, f"第 {number} 页的")
            yield SourcePage(number, _upright(largest.image))
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        raise ExtractionError("无法从这个 PDF 中取出页面图像,文件可能已损坏:请重新扫描或导出后上传。") from exc


def _text(texts: list[str], index: int) -> str:
    # pdfminer's page list (the fallback) can be shorter than pypdf's.
    return texts[index] if index < len(texts) else ""


def _area(image: Image.Image) -> int:
    return image.size[0] * image.size[1]


def _natural(name: str) -> list:
    """Page 2 before page 10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]
