"""Numbers as notices write them: Arabic, full-width or Chinese numerals.

Callers pick a numeral span out of the text first (with :data:`NUMBER`) and
convert only that span: ``cn2an`` run over whole sentences would also rewrite
set phrases such as 三重一大.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

#: Chinese numeral characters, including 两 and the 〇/零 zero forms.
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"

#: A Chinese numeral span such as 十一, 二十三, 两. It starts with a digit or
#: 十, so a lone 千 or 万 (超千名, 300多万) is not read as a number.
CN_NUMBER = f"[零〇一二两三四五六七八九十][{CN_DIGITS}]*"

#: An Arabic number, half- or full-width, optionally with a decimal part and
#: thousands separators (1,080.5).
ARABIC_NUMBER = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?"

#: Any number a notice may write.
NUMBER = f"(?:{ARABIC_NUMBER}|{CN_NUMBER})"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def to_decimal(span: str) -> Decimal | None:
    """The value of one numeral span, or ``None`` when it is not a number."""
    span = span.strip().translate(_FULL_WIDTH)
    if not span:
        return None
    if span[0].isdigit():
        try:
            return Decimal(span.replace(",", ""))
        except InvalidOperation:
            return None
    return _chinese_value(span)


def to_int(span: str) -> int | None:
    """The value of a span that should be a whole number (counts, ordinals)."""
    value = to_decimal(span)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def _chinese_value(span: str) -> Decimal | None:
    if not re.fullmatch(CN_NUMBER, span):
        return None
    try:
        value = cn2an.cn2an(span, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return Decimal(str(value))


def to_chinese(value: int) -> str:
    """``11`` → ``十一``: the form canonical group names use."""
    return cn2an.an2cn(value)
