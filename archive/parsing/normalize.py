"""Text normalisation: one canonical form for every notice, whatever site it came from.

The canonical form is what the hand-checked facts (and readers) expect:

* full-width ASCII forms become ASCII: ``（一）`` → ``(一)``, ``１．`` → ``1.``,
  ``，：；`` → ``,:;``; Chinese quotes “” ‘’ and 、。《》 stay as they are;
* every kind of space (ideographic, no-break, zero-width) becomes a plain space,
  lines lose their indentation, and a space between two Chinese characters or
  punctuation marks is dropped (it is an artefact of page layout, never meaning);
* page furniture is dropped: share / QR-code / print / close-window lines and
  obfuscated e-mail placeholders (``[email protected]``);
* a paragraph cut by a newspaper page jump (``(下转A4版)`` … ``(紧接A1版)``) is
  joined back together.

The result is a list of paragraphs (non-empty lines); ``normalize_text`` joins
them with newlines. Problems are reported as warnings, never raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Full-width ASCII block U+FF01–U+FF5E maps one-to-one onto U+0021–U+007E.
_WIDTH_MAP = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Small-form and other bracket variants seen in web copies.
_WIDTH_MAP.update({ord("﹙"): "(", ord("﹚"): ")", ord("﹐"): ",", ord("﹔"): ";", ord("﹕"): ":"})
# Chinese quotes “” ‘’ lie outside the block and stay as they are.

#: Characters that are spaces in effect; all become a plain space.
_SPACE_CHARS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
#: Characters that are invisible in effect; all are removed.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CHAR_MAP = {**_WIDTH_MAP, **{ord(c): " " for c in _SPACE_CHARS}, **{ord(c): None for c in _INVISIBLE_CHARS}}
# C0/C1 control characters other than newline carry no text.
_CHAR_MAP.update({code: None for code in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)]})

#: HTML entities for a no-break space that survive copy-and-paste from web pages.
_NBSP_ENTITY = re.compile(r"&(?:nbsp|#160|#xa0);", re.IGNORECASE)

#: "Wide" characters: CJK ideographs, CJK and ASCII punctuation. A space with a
#: wide character on both sides is dropped; between ASCII words it is kept.
_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\u2010-\u2027\u2030-\u205e,.;:!?()\[\]<>\"'%]"
_SPACE_BETWEEN_WIDE = re.compile(rf"(?<={_WIDE}) +(?={_WIDE})")
#: A space beside the @ of an e-mail address is a copying artefact (``name @host.cn``).
_SPACED_AT = re.compile(r"(?<=[A-Za-z0-9._-]) *@ *(?=[A-Za-z0-9])")

#: Cloudflare-style e-mail obfuscation left in copied pages; never an address.
OBFUSCATED_EMAIL = re.compile(r"\[\s*email\s*(?:&#160;|&nbsp;)?\s*protected\s*\]", re.IGNORECASE)

#: Newspaper page-jump markers: ``(下转A4版)`` ends a cut paragraph, ``(紧接A1版)``
#: / ``(上接第1版)`` starts its continuation.
PAGE_JUMP_OUT = re.compile(r"\((?:下转|转)(?:第)?[A-Za-z]?\d{1,3}(?:版|页)\)")
PAGE_JUMP_IN = re.compile(r"\((?:紧接|上接|接)(?:第)?[A-Za-z]?\d{1,3}(?:版|页)\)")

#: Link words of page furniture; a line made only of these (with brackets and
#: separators) is dropped: ``【打印本页】 【关闭窗口】``.
_FURNITURE_WORD = (
    r"[【\[]?(?:打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|关闭|返回顶部|收藏本页|收藏|保存网页)[】\]]?"
)

#: Whole lines that are page furniture (share buttons, QR codes, print/close
#: links, font-size switches). Matched against the entire normalised line, so
#: the same words inside a sentence are left alone.
NOISE_LINES = [
    re.compile(p)
    for p in (
        # 手机扫一扫打开当前界面 / 扫描二维码分享本页
        r"(?:用)?(?:手机)?(?:扫一扫|扫描二维码)(?:在手机上)?(?:打开|浏览|阅读|分享)?(?:当前|本)?(?:界面|页面|网页|页|文章)?",
        # 使用“扫一扫”即可将网页分享至朋友圈
        r"(?:使用|用)?[“\"]?扫一扫[”\"]?(?:即可)?(?:将)?(?:本|当前)?(?:网页|页面|文章)?(?:分享|转发)(?:至|到)朋友圈[。.]?",
        # 分享到: 微信 微博 QQ空间
        r"分享(?:到|至)[:]?.{0,40}",
        rf"{_FURNITURE_WORD}(?:[ |]*{_FURNITURE_WORD})*",
        # 上一篇: … / 下一篇: … / 返回… (navigation under an article)
        r"[<《]*(?:上一篇|下一篇|上一条|下一条)[:>》]?.{0,120}",
        r"【?(?:加入收藏|放大|缩小|返回首页|返回列表|返回即时资讯|关闭本页)】?(?:\s*【?(?:放大|缩小|默认|关闭)】?)*",
        r"(?:阅读|浏览)\s*\d+\s*(?:在看|点赞|赞)\s*\d+",
        # 字号: 大 中 小
        r"【?字号[:]?】? ?【?大】? ?【?中】? ?【?小】?",
    )
]


@dataclass
class Normalized:
    """Normalised paragraphs and what was noticed on the way.

    ``printed`` holds the same paragraphs in the characters as printed when the
    text was normalised through a simplified copy (see :mod:`.script`); it is
    empty otherwise.
    """

    paragraphs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def normalize_chars(text: str) -> str:
    """Map width variants, spaces and control characters of one string to the canonical form."""
    text = _NBSP_ENTITY.sub(" ", text)
    return text.translate(_CHAR_MAP)


#: Markup a page's editor left in its text: ``<b>``, ``&lt;strong&gt;``, ``[b]``, ``[/center]``, ``<br>``.
MARKUP_TOKEN_RE = re.compile(
    r"\[img\][^\[]{0,200}\[/img\]|<img\s[^<>]{0,300}>|^【(?:本报讯|本网讯|本報訊|本網訊)】|"
    r"</?(?:b|strong|br|p|span|font|em|i|u|div|center|h[1-6]|sup|sub)(?:\s[^<>]{0,80})?/?>"
    r"|&lt;/?(?:b|strong|br|p|span|font|em|i|u|div|center|h[1-6])(?:\s.{0,80}?)?/?&gt;"
    r"|\[/?(?:b|i|u|center|size|color|font|url|img|quote|align|left|right)(?:=[^\]]{0,40})?\]",
    re.IGNORECASE,
)


def normalize_line(line: str) -> str:
    """One line in canonical form: characters mapped, markup tokens removed, spaces collapsed and trimmed."""
    line = re.sub(r" {2,}", " ", MARKUP_TOKEN_RE.sub("", normalize_chars(line))).strip()
    return _SPACED_AT.sub("@", _SPACE_BETWEEN_WIDE.sub("", line))


def is_noise_line(line: str) -> bool:
    """Whether a normalised line is page furniture (share, QR code, print, close)."""
    return any(pattern.fullmatch(line) for pattern in NOISE_LINES)


def _split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n").split("\n")


def normalize(text: str, *, printed: str | None = None) -> Normalized:
    """Split raw text into canonical paragraphs, dropping page furniture and rejoining page jumps.

    With ``printed`` (the same text as printed, ``text`` being its simplified
    copy of equal length), every decision is taken on ``text`` and applied to
    both, so ``Normalized.printed`` stays aligned with ``Normalized.paragraphs``.
    """
    result = Normalized()
    lines = _split_lines(text)
    shown = _split_lines(printed) if printed is not None else lines
    for raw, raw_shown in zip(lines, shown, strict=True):
        line = _clean_line(raw, result.warnings)
        if line:
            result.paragraphs.append(line)
            result.printed.append(_clean_shown(raw_shown) if printed is not None else line)
    result.paragraphs, result.printed = _join_page_jumps(result.paragraphs, result.printed, result.warnings)
    if printed is None:
        result.printed = []
    return result


def normalize_text(text: str) -> str:
    """The normalised full text: canonical paragraphs joined by newlines."""
    return normalize(text).text


def _clean_line(raw: str, warnings: list[str]) -> str:
    """A canonical line, or ``""`` when nothing of it is content."""
    line = normalize_line(raw)
    if not line:
        return ""
    if OBFUSCATED_EMAIL.search(line):
        line = normalize_line(OBFUSCATED_EMAIL.sub("", line))
        warnings.append("删除了遮蔽电子邮箱的占位符([email protected]),未保留地址:请对照原文。")
    if is_noise_line(line):
        return ""
    return line


def _clean_shown(raw: str) -> str:
    """The printed counterpart of :func:`_clean_line` (the decision to keep it was already taken)."""
    line = normalize_line(raw)
    if OBFUSCATED_EMAIL.search(line):
        line = normalize_line(OBFUSCATED_EMAIL.sub("", line))
    return line


def _join_page_jumps(paragraphs: list[str], printed: list[str], warnings: list[str]) -> tuple[list[str], list[str]]:
    """Remove page-jump markers and join a cut paragraph with its continuation (in both copies)."""
    joined: list[str] = []
    joined_shown: list[str] = []
    waiting = False  # the last kept paragraph ended with a 下转 marker
    for paragraph, shown in zip(paragraphs, printed, strict=True):
        continues = bool(PAGE_JUMP_IN.match(paragraph))
        cut = bool(PAGE_JUMP_OUT.search(paragraph))
        paragraph, shown = _remove_markers(paragraph, shown)
        if not paragraph:
            continue  # a marker on a line of its own: the text it points at follows
        if continues and waiting:
            joined[-1] += paragraph
            joined_shown[-1] += shown
        else:
            if waiting:
                warnings.append(_MISSING_CONTINUATION)
            joined.append(paragraph)
            joined_shown.append(shown)
        waiting = cut
    if waiting:
        warnings.append(_MISSING_CONTINUATION)
    return joined, joined_shown


def _remove_markers(paragraph: str, shown: str) -> tuple[str, str]:
    """``paragraph`` without page-jump markers; the same spans cut from ``shown``."""
    spans = [m.span() for pattern in (PAGE_JUMP_IN, PAGE_JUMP_OUT) for m in pattern.finditer(paragraph)]
    if not spans:
        return paragraph, shown
    keep = [True] * len(paragraph)
    for start, end in spans:
        keep[start:end] = [False] * (end - start)
    cut = "".join(c for c, k in zip(paragraph, keep, strict=True) if k)
    cut_shown = "".join(c for c, k in zip(shown, keep, strict=False) if k) if len(shown) == len(paragraph) else shown
    return normalize_line(cut), normalize_line(cut_shown)


_MISSING_CONTINUATION = "有一段文字写明转到另一页继续,但没有找到接续的内容:请对照原文核对。"
