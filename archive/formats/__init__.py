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


@dataclass
class ExtractedText:
    text: str
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


#: The metadata label under which a file's original web address (a page's canonical link) is kept.
SOURCE_URL_LABEL = "原文地址"

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
ZIP_SUFFIX = ".zip"
# Legacy word-processor formats: python-docx cannot read them, the editor can convert them.
LEGACY_WORD_SUFFIXES = {".doc", ".wps"}


def extract_text(name: str, data: bytes) -> ExtractedText:
    """Read ``data`` according to the suffix of ``name``; raises :class:`ExtractionError`."""
    suffix = PurePath(name).suffix.lower()
    if suffix in LEGACY_WORD_SUFFIXES:
        raise ExtractionError(f"无法读取 {suffix} 格式:请在 Word 或 WPS 中“另存为”.docx 格式后再上传。")
    if suffix == ZIP_SUFFIX:
        raise ExtractionError("压缩包需要先解压:请通过上传页面或导入命令提交 .zip 文件。")
    if suffix not in SUPPORTED_SUFFIXES:
        supported = "、".join(sorted(SUPPORTED_SUFFIXES | {ZIP_SUFFIX}))
        raise ExtractionError(f"不支持的文件类型“{suffix or '无扩展名'}”:请上传 {supported} 文件。")
    if not data:
        raise ExtractionError("文件是空的(0 字节)。")
    try:
        return _read(suffix, data)
    except ExtractionError:
        raise
    except Exception as exc:
        # The readers are third-party parsers that raise anything on malformed input; one bad file
        # must become a message for the editor, never an error page or a stopped batch.
        logger.exception("Could not read a %s file", suffix)
        raise ExtractionError(f"无法读取这个 {suffix} 文件,文件可能已损坏:请重新保存或导出后再上传。") from exc


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
    "SUPPORTED_SUFFIXES",
    "SourceFile",
    "extract_text",
    "is_importable",
    "iter_sources",
    "unpack",
]
