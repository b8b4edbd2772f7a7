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
from .header import is_breadcrumb, is_chrome, read_header, read_metadata
from .normalize import normalize
from .outline import Heading, build_sections, find_headings
from .result import Contact, DateValue, ParsedFigure, ParsedNotice, ParsedSection, ParseError
from .script import Restorer, is_traditional, restore_printed, simplified_copy
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

#: The 原标题 line; its value stands in for a missing title line.
ORIGINAL_TITLE = re.compile(r"原标题\s*:\s*(?P<title>.+)")
TITLE_ANNOTATION = re.compile(r"\s*\((?:附)?(?:全文|图|组图|图文|视频)\)\s*$")

#: Paragraphs that open the closing part wherever they follow the last section.
CLOSING_START = re.compile(
    r"欢迎.{0,40}(?:监督|反映|来信)"
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
    text = text or ""
    simplified = simplified_copy(text) if text else text
    traditional = is_traditional(text, simplified)
    notice = ParsedNotice(raw_text=text, text="")
    normalized = normalize(simplified, printed=text) if traditional else normalize(text)
    notice.text = normalized.text
    notice.warnings.extend(normalized.warnings)
    if not normalized.paragraphs:
        notice.warnings.append("文本是空的,没有可解析的内容:请确认上传的是通报正文。")
    else:
        _fill_structure(notice, normalized.paragraphs)
    extract_facts(notice, rules=rules)
    if traditional:
        # Everything was matched on the simplified copy; store and show what was printed.
        printed_text = "\n".join(normalized.printed)
        restore_printed(notice, Restorer(notice.text, printed_text))
        notice.text = printed_text
        notice.script = "traditional"
        notice.warnings.append("原文为繁体字:已借助简体对照本识别,保存和显示的仍是原文字形。")
    return notice


def _fill_structure(notice: ParsedNotice, paragraphs: list[str]) -> None:
    """Set header, title, preamble, sections and closing from the normalised paragraphs."""
    header = read_header(paragraphs, lambda line: bool(find_headings([line])))
    notice.header = paragraphs[: header.end]
    notice.metadata = header.metadata
    notice.signer = header.signer
    notice.title = header.title or _original_title(notice.header)
    if header.headline:
        notice.warnings.append(f"“{header.headline}”像是转载网站自拟的新闻标题,不作为通报的标题。")
    body = []
    for paragraph in paragraphs[header.end :]:
        # Page furniture below the header is set aside (kept in page_lines), never read as content.
        (notice.page_lines if _is_page_line(paragraph, notice.metadata) else body).append(paragraph)
    headings = find_headings(body)
    body = _split_closing_sentences(body, headings[-1].index + 1 if headings else len(body))
    closing_start = _closing_start(body, headings)
    notice.closing = "\n".join(body[closing_start:])
    headings = [h for h in headings if h.index < closing_start]
    if not headings:
        notice.preamble = "\n".join(body[:closing_start])
        notice.warnings.append("没有找到带编号的章节标题(一、二、三……),全文作为导语保存:请在审核页核对。")
        return
    notice.preamble = "\n".join(body[: headings[0].index])
    notice.sections = build_sections(body[:closing_start], headings, notice.warnings)


def _is_page_line(paragraph: str, metadata: dict[str, str]) -> bool:
    """Whether a paragraph of the body is the page's, not the notice's: chrome, a breadcrumb or metadata."""
    if is_chrome(paragraph) or is_breadcrumb(paragraph):
        return True
    pairs = read_metadata(paragraph)
    if pairs is None:
        return False
    for key, value in pairs.items():
        metadata.setdefault(key, value)
    return True


def _original_title(header: list[str]) -> str | None:
    """The ``原标题`` of a header line: it stands in for a missing title line."""
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


#: A sentence inside a paragraph that opens the closing: the invitation to supervise or a contact line.
_CLOSING_SENTENCE_RE = re.compile(r"(?<=[。!?])(?=欢迎.{0,40}(?:监督|反映|来信)|(?:联系电话|举报电话|联系方式)\s*:)")


def _split_closing_sentences(body: list[str], after: int) -> list[str]:
    """``body`` with a last paragraph that runs on into the closing split where the closing begins.

    下一步,…确保整改取得实效。欢迎干部群众监督。联系电话:… — the first sentence is the
    last part's text, the invitation and the phone speak for the whole notice.
    """
    result = body[:after]
    for paragraph in body[after:]:
        split = _CLOSING_SENTENCE_RE.search(paragraph)
        if split and not CLOSING_START.match(paragraph):
            result += [paragraph[: split.start()], paragraph[split.start() :]]
        else:
            result.append(paragraph)
    return result


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
