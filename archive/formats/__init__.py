"""Bytes of a received file → text to parse, by format.

Every reader returns :class:`ExtractedText`; anything that makes a file
unreadable raises :class:`ExtractionError` with a message that says what to do.
Zip files are not read here but unpacked into their files by :func:`unpack`
(see :mod:`archive.formats.zips`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import PurePath

logger = logging.getLogger(__name__)


class ExtractionError(Exception):
    """The file cannot be read as a notice; the message is shown to the editor."""


class NeedsOcr(ExtractionError):
    """The file is a scan: its text must come from OCR, which the ingest worker or a command does."""


@dataclass
class ExtractedText:
    text: str
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Set when the text came from OCR: one ``archive.ocr.scan.ScannedPage`` per page, and the engine.
    pages: list = field(default_factory=list)
    ocr_engine: str = ""


#: The metadata label under which a file's original web address (a page's canonical link) is kept.
SOURCE_URL_LABEL = "原文地址"

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | IMAGE_SUFFIXES | {".docx", ".pdf"}
ZIP_SUFFIX = ".zip"
# Legacy word-processor formats: python-docx cannot read them, the editor can convert them.
LEGACY_WORD_SUFFIXES = {".doc", ".wps"}


def extract_text(name: str, data: bytes, *, ocr: bool = False, progress=None) -> ExtractedText:
    """Read ``data`` according to the suffix of ``name``; raises :class:`ExtractionError`.

    A scan (image, zip of page images, PDF without a text layer) is read by OCR
    when ``ocr`` is true, else :class:`NeedsOcr` is raised so that the caller
    can hand it to the ingest worker. ``progress(done, total)`` follows the OCR pages.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix in LEGACY_WORD_SUFFIXES:
        raise ExtractionError(f"无法读取 {suffix} 格式:请在 Word 或 WPS 中“另存为”.docx 格式后再上传。")
    if suffix in IMAGE_SUFFIXES or (suffix == ZIP_SUFFIX and is_image_zip(data)):
        if not data:
            raise ExtractionError("文件是空的(0 字节)。")
        return _scan(name, data, ocr=ocr, progress=progress)
    if suffix == ZIP_SUFFIX:
        raise ExtractionError("压缩包需要先解压:请通过上传页面或导入命令提交 .zip 文件。")
    if suffix not in SUPPORTED_SUFFIXES:
        supported = "、".join(sorted(SUPPORTED_SUFFIXES | {ZIP_SUFFIX}))
        raise ExtractionError(f"不支持的文件类型“{suffix or '无扩展名'}”:请上传 {supported} 文件。")
    if not data:
        raise ExtractionError("文件是空的(0 字节)。")
    try:
        return _read(suffix, data)
    except NeedsOcr as exc:
        return _scan(name, data, ocr=ocr, progress=progress, reason=str(exc))
    except ExtractionError:
        raise
    except Exception as exc:
        # The readers are third-party parsers that raise anything on malformed input; one bad file
        # must become a message for the editor, never an error page or a stopped batch.
        logger.exception("Could not read a %s file", suffix)
        raise ExtractionError(f"无法读取这个 {suffix} 文件,文件可能已损坏:请重新保存或导出后再上传。") from exc


def _scan(name: str, data: bytes, *, ocr: bool, progress, reason: str = "") -> ExtractedText:
    if not ocr:
        # The reader's reason says which pages are scans when only some are.
        raise NeedsOcr((reason or "这是扫描件(没有文字层),需要进行文字识别(OCR)。").rstrip("。") + ":已交给后台处理。")
    from ..ocr.scan import read_scan

    try:
        return read_scan(name, data, progress=progress)
    except ExtractionError:
        raise
    except Exception as exc:
        logger.exception("OCR of %s failed", name)
        raise ExtractionError("文字识别失败,图像可能已损坏:请重新扫描或导出后上传。") from exc


def is_image_zip(data: bytes) -> bool:
    """Whether a zip holds page images only: one scanned notice rather than a batch of files."""
    from ..ocr.images import is_image_zip as check

    return check(data)


def _read(suffix: str, data: bytes) -> ExtractedText:
    if suffix in TEXT_SUFFIXES:
        return read_text(data)
    if suffix in HTML_SUFFIXES:
        from .html import read_html

        return read_html(data)
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(data)
    from .pdf import read_pdf

    return read_pdf(data)


def read_text(data: bytes) -> ExtractedText:
    """A plain-text file in UTF-8, GB18030/GBK or UTF-16, its encoding detected, not assumed."""
    from ..parsing.decode import decode_bytes
    from ..parsing.result import ParseError

    try:
        text, warnings = decode_bytes(data)
    except ParseError as exc:
        raise ExtractionError(str(exc)) from exc
    return ExtractedText(text=text, warnings=warnings)


def is_importable(name: str) -> bool:
    """Whether a file of this name is worth offering to the importer (readable or a zip)."""
    suffix = PurePath(name).suffix.lower()
    return suffix in SUPPORTED_SUFFIXES or suffix == ZIP_SUFFIX


from .zips import SourceFile, iter_sources, unpack  # noqa: E402  (zips uses the names above)

__all__ = [
    "ExtractedText",
    "ExtractionError",
    "SOURCE_URL_LABEL",
    "NeedsOcr",
    "SUPPORTED_SUFFIXES",
    "SourceFile",
    "extract_text",
    "is_importable",
    "iter_sources",
    "unpack",
]
