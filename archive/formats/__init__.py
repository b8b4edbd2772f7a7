"""Bytes of a received file → text to parse, by format.

Every reader returns :class:`ExtractedText`; anything that makes a file
unreadable raises :class:`ExtractionError` with a message that says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath


class ExtractionError(Exception):
    """The file cannot be read as a notice; the message is shown to the editor."""


@dataclass
class ExtractedText:
    text: str
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


SUPPORTED_SUFFIXES = {".txt"}


def extract_text(name: str, data: bytes) -> ExtractedText:
    """Read ``data`` according to the suffix of ``name``."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = "、".join(sorted(SUPPORTED_SUFFIXES))
        raise ExtractionError(f"不支持的文件类型“{suffix or '无扩展名'}”:请上传 {supported} 文件。")
    return _read_text(data)


def _read_text(data: bytes) -> ExtractedText:
    from .parsing.decode import decode_bytes
    from .parsing.result import ParseError

    try:
        text, warnings = decode_bytes(data)
    except ParseError as exc:
        raise ExtractionError(str(exc)) from exc
    return ExtractedText(text=text, warnings=warnings)
