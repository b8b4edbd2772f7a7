"""Bytes to text for plain-text notices.

Order of attempts, first success wins:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides;
2. strict UTF-8;
3. strict GB18030 (a superset of GBK and GB2312, the usual legacy encodings
   of Chinese government sites), unless it yields characters no text contains;
4. charset-normalizer's best guess, accepted only when the result reads as text.

Anything else raises :class:`ParseError` naming the problem. Every fallback
past strict UTF-8 is reported as a warning, so an editor can check the text.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from .result import ParseError

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Share of characters that may be control or unassigned before a guess is
#: rejected as not being text.
MAX_JUNK_SHARE = 0.02


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode a text file's bytes; returns ``(text, warnings)`` or raises :class:`ParseError`."""
    if not data:
        return "", ["文件是空的。"]
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], encoding), []
    if b"\x00" not in data:  # NUL bytes mean a wide encoding without a mark
        try:
            return data.decode("utf-8"), []
        except UnicodeDecodeError:
            pass
        text = _try_gb18030(data)
        if text is not None:
            return text, ["文件不是 UTF-8 编码,已按 GB18030(GBK)读取:请核对文字是否正确。"]
    return _guess(data)


def _decode_with_bom(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"文件以 {encoding.upper()} 字节顺序标记开头,但内容不是有效的 {encoding.upper()}"
            f"(第 {exc.start} 字节处出错):请用文本编辑器另存为 UTF-8 后再上传。"
        ) from exc


def _try_gb18030(data: bytes) -> str | None:
    """GB18030 text, or ``None``; Big5 and other double-byte encodings often decode
    as GB18030 too, but into private-use and unassigned characters, so those reject it."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _junk_share(text) <= MAX_JUNK_SHARE else None


def _guess(data: bytes) -> tuple[str, list[str]]:
    """charset-normalizer's best reading, if it is plausibly text."""
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if text.strip() and _junk_share(text) <= MAX_JUNK_SHARE:
            return text, [f"文件没有声明编码,推测为 {best.encoding}:请核对文字是否正确。"]
    raise ParseError(
        "无法把文件解码为文字:它不是 UTF-8、UTF-16 或 GB18030 编码,其他编码也读不出可读的文字。"
        "请另存为 UTF-8 文本后再上传。"
    )


def _junk_share(text: str) -> float:
    """Share of characters no text contains: controls (but line breaks, tabs), unassigned, private use."""
    junk = sum(1 for c in text if c not in "\n\r\t" and unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"))
    return junk / len(text)
