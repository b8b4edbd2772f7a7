"""Pure notice parsing: text in, a :class:`ParsedNotice` out. No ORM, no request.

A notice reads, top to bottom:

* **header** — the lines before the text proper: the title line, ``发布日期:…
  来源:…``, a bare date/time line, ``原标题:…``. The title is the notice's own
  title line (without annotations such as ``(全文)``), else the ``原标题``, else
  ``None``.
* **preamble** — the paragraphs before the first numbered heading.
* **sections** — the numbered outline (see :mod:`.outline`).
* **closing** — what follows the last section's content: the invitation to
  supervise (``欢迎广大干部群众…监督``), contact lines, 公开期限, signature and
  date. An unnumbered ``下一步…`` / ``今后…`` paragraph after the last section
  also opens the closing when that section is a sub-item (nested) or its
  heading shared its line with its text: such a paragraph speaks for the whole
  notice, not for the last sub-item. Under a plain top-level heading such as
  ``三、整改后续工作`` it stays that section's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .facts import extract_facts
from .normalize import normalize
from .outline import Heading, build_sections, find_headings
from .result import Contact, DateValue, ParsedFigure, ParsedNotice, ParsedSection, ParseError
from .tagging import Rule

__all__ = [
    "Contact",
    "DateValue",
    "ParseError",
    "ParsedFigure",
    "ParsedNotice",
    "ParsedSection",
    "parse_notice",
]

#: Header lines that carry page metadata: ``发布日期:2017-12-25 来源:深圳市纪委``.
HEADER_META = re.compile(
    r"(?:发布日期|发布时间|发文日期|日期|时间|来源|信息来源|文章来源|原标题|作者|编辑|责任编辑|浏览次数|点击数|阅读数)\s*:"
)
#: A bare date / time line: ``16.12.2015 15:21``, ``2017-12-25``, ``2017年12月25日 10:00``.
HEADER_DATE = re.compile(r"[\d .\-/:年月日时分秒]{6,}")
#: The 原标题 line; its value stands in for a missing title line.
ORIGINAL_TITLE = re.compile(r"原标题\s*:\s*(?P<title>.+)")
#: Words a notice title contains; a first line without any of them is text.
TITLE_WORDS = re.compile(r"通报|公告|公示|报告|情况|通知|公开")
#: Annotations a site appends to a title: ``(全文)``, ``(附全文)``, ``(图)``.
TITLE_ANNOTATION = re.compile(r"\s*\((?:附)?(?:全文|图|组图|图文|视频)\)\s*$")
_MAX_TITLE = 80

#: Paragraphs that open the closing part wherever they follow the last section.
CLOSING_START = re.compile(
    r"欢迎.{0,20}(?:监督|反映|来信)"
    r"|如有.{0,10}(?:意见|建议)"
    r"|(?:联系电话|联系方式|联系地址|举报电话|电话|邮政信箱|通信地址|通讯地址|电子邮箱|电子信箱|邮箱|邮政编码|邮编|公开期限)\s*:"
)
#: A notice-wide "next steps" paragraph (see the module docstring for when it closes).
NEXT_STEPS = re.compile(r"(?:下一步|下一阶段|下阶段|今后)")
#: The date under the signature: ``2017年12月21日`` or ``二〇一七年十二月二十一日``.
SIGNATURE_DATE = re.compile(
    r"[\d〇零一二三四五六七八九十]{2,4}年[\d〇一二三四五六七八九十]{1,3}月[\d〇一二三四五六七八九十]{1,3}日"
)
#: A signature line is short and has no punctuation at all.
_PUNCTUATION = re.compile(r"[,.;:!?。、“”()《》]")
_MAX_SIGNATURE = 40


def parse_notice(text: str, *, rules: Iterable[Rule] | None = None) -> ParsedNotice:
    """Parse a notice's text into header, preamble, sections, closing and facts.

    ``rules`` are the issue-type rules to tag sections with (the shipped
    vocabulary when ``None``). Never raises on odd input: problems become
    ``warnings``, and empty text gives an empty notice with a warning.
    """
    notice = ParsedNotice(raw_text=text, text="")
    normalized = normalize(text or "")
    notice.text = normalized.text
    notice.warnings.extend(normalized.warnings)
    if not normalized.paragraphs:
        notice.warnings.append("文本是空的,没有可解析的内容:请确认上传的是通报正文。")
    else:
        _fill_structure(notice, normalized.paragraphs)
    extract_facts(notice, rules=rules)
    return notice


def _fill_structure(notice: ParsedNotice, paragraphs: list[str]) -> None:
    """Set header, title, preamble, sections and closing from the normalised paragraphs."""
    header_end = _header_end(paragraphs)
    notice.header = paragraphs[:header_end]
    notice.title = _title(notice.header)
    body = paragraphs[header_end:]
    headings = find_headings(body)
    closing_start = _closing_start(body, headings)
    notice.closing = "\n".join(body[closing_start:])
    headings = [h for h in headings if h.index < closing_start]
    if not headings:
        notice.preamble = "\n".join(body[:closing_start])
        notice.warnings.append("没有找到带编号的章节标题(一、二、三……),全文作为导语保存:请在审核页核对。")
        return
    notice.preamble = "\n".join(body[: headings[0].index])
    notice.sections = build_sections(body[:closing_start], headings, notice.warnings)


def _header_end(paragraphs: list[str]) -> int:
    """How many leading paragraphs are header lines (title, metadata, date, 原标题)."""
    end = 0
    seen_title = False
    for paragraph in paragraphs:
        if HEADER_META.match(paragraph) or HEADER_DATE.fullmatch(paragraph):
            end += 1
        elif not seen_title and end == 0 and _is_title_line(paragraph):
            seen_title = True
            end += 1
        else:
            break
    return end


def _is_title_line(paragraph: str) -> bool:
    """Whether the first line is a title: short, not a sentence, not a heading, with a title word."""
    return (
        len(paragraph) <= _MAX_TITLE
        and "。" not in paragraph
        and not paragraph.startswith(("根据", "按照"))
        and not find_headings([paragraph])
        and bool(TITLE_WORDS.search(paragraph))
    )


def _title(header: list[str]) -> str | None:
    """The notice's own title from its header lines, or ``None`` when it has none."""
    for line in header:
        if not (HEADER_META.match(line) or HEADER_DATE.fullmatch(line)):
            return TITLE_ANNOTATION.sub("", line) or None
    for line in header:
        if found := ORIGINAL_TITLE.match(line):
            return TITLE_ANNOTATION.sub("", found["title"]).strip() or None
    return None


def _closing_start(body: list[str], headings: list[Heading]) -> int:
    """Index of the first closing paragraph in ``body`` (``len(body)`` when there is none)."""
    after = headings[-1].index + 1 if headings else 0
    for i in range(after, len(body)):
        if CLOSING_START.match(body[i]) or (NEXT_STEPS.match(body[i]) and _closes_notice(headings)):
            return i
    start = len(body)
    if not headings:
        return start  # short lines of a text without sections are its text, not a signature
    while start > after and _is_signature_or_date(body[start - 1]):
        start -= 1
    return start


def _closes_notice(headings: list[Heading]) -> bool:
    """Whether a "next steps" paragraph after the last heading speaks for the whole notice."""
    if not headings:
        return False
    last = headings[-1]
    nested = any(h.level < last.level for h in headings)
    return nested or bool(last.text)


def _is_signature_or_date(paragraph: str) -> bool:
    if SIGNATURE_DATE.fullmatch(paragraph):
        return True
    return len(paragraph) <= _MAX_SIGNATURE and not _PUNCTUATION.search(paragraph)
