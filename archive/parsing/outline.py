"""The notice's outline: which paragraphs are numbered headings, and the tree they form.

Notices number their sections in four styles, from the outermost in:

====== =========== ==========================================
level  style       examples
====== =========== ==========================================
1      一、        一、 十一、
2      (一)        (一) (十二)   — also written （一）, normalised
3      1.          1. 1、 1． １．  — full-width forms normalised
4      (1)         (1) (18)
====== =========== ==========================================

Any level may be missing (a notice may start at (一), or go from 一、 straight
to 1.), and numbering may run on across parents (1.…11. through several (一)).
A section's ``path`` joins the printed numbers of its ancestors and itself, so
the tree does not depend on which levels a notice uses.

A paragraph is a heading only when the marker opens the paragraph and is
followed by heading-like text: a Chinese character, an opening quote or book
title mark. ``16.12.2015 15:21``, ``1.5亿元`` or ``2017.`` are therefore never
headings, and ``一是…二是…`` enumerations stay body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .result import ParsedSection

#: Chinese ordinal numerals as they appear in section markers (up to 九十九).
CN_ORDINAL = "[一二三四五六七八九十]{1,3}"
#: Arabic ordinals in markers; two digits at most, so years are never markers.
ARABIC_ORDINAL = r"\d{1,2}"


@dataclass(frozen=True)
class HeadingStyle:
    """One numbering style: its outline level and the marker that opens a heading paragraph."""

    level: int
    name: str
    marker: re.Pattern[str]  # matched at the paragraph start; group ``num`` is the ordinal
    digit_may_follow: bool  # whether the heading text may begin with a digit


HEADING_STYLES: tuple[HeadingStyle, ...] = (
    # 一、提高政治站位
    HeadingStyle(1, "一、", re.compile(rf"(?P<num>{CN_ORDINAL})、"), True),
    # 【一】院党委履行整改主体责任情况 / [二]…  — markers left as bracket tokens by a page's markup
    HeadingStyle(1, "【一】", re.compile(rf"[【\[](?P<num>{CN_ORDINAL})[】\]]"), True),
    # 一)强化政治担当  — a malformed 一、 (one bracket, no opening one)
    HeadingStyle(1, "一)", re.compile(rf"(?P<num>{CN_ORDINAL})\)(?!\))"), True),
    # (一)加强党的领导方面   — a stray 、 after the bracket is tolerated
    HeadingStyle(2, "(一)", re.compile(rf"\((?P<num>{CN_ORDINAL})\)、?"), True),
    # 1.关于…  1、关于…  — ``1.5`` or ``16.12.2015`` are numbers, not markers
    HeadingStyle(3, "1.", re.compile(rf"(?P<num>{ARABIC_ORDINAL})(?:\.(?!\d)|、)"), False),
    # (1)积极整改…
    HeadingStyle(4, "(1)", re.compile(rf"\((?P<num>{ARABIC_ORDINAL})\)、?"), True),
)

#: Heading text must begin like words do: a Chinese character, an opening
#: quote, book-title mark or bracket.
_HEADING_START = re.compile(r"[\u4e00-\u9fff“‘《(]")
#: ... or, where the style allows it, with a number that a word follows (2017年).
_NUMBER_THEN_WORD = re.compile(r"\d+(?:\.\d+)?[\u4e00-\u9fff]")

#: Sentence ends that close a heading sharing its line with text.
_SENTENCE_END = "。!?"
#: Weaker ends, accepted only after a short heading (``整改措施:…``).
_CLAUSE_END = ":;"
_SHORT_HEADING = 25
#: Openers of a first enumerated point: such a line has no heading of its own.
_ENUMERATION_START = re.compile(r"(?:一是|首先|第一[,,、])")

_OPENING = "“‘《(〔【「"
_CLOSING = "”’》)〕】」"

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


@dataclass(frozen=True)
class Heading:
    """A paragraph recognised as a section heading."""

    index: int  # position of the paragraph in the list it was found in
    level: int
    number: str  # the marker as printed (normalised), e.g. "(三)" or "2."
    ordinal: int
    heading: str
    text: str  # the rest of the heading's line, when the heading shares it with text


def cn_ordinal(numeral: str) -> int | None:
    """The value of a Chinese ordinal up to 九十九 (``十一`` → 11), or ``None``."""
    if not numeral or any(c not in _CN_DIGITS and c != "十" for c in numeral):
        return None
    if "十" not in numeral:
        return (_CN_DIGITS[numeral] or None) if len(numeral) == 1 else None
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    value = (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return value or None


def match_heading(paragraph: str, index: int = 0) -> Heading | None:
    """The heading a normalised paragraph opens with, or ``None`` when it is body text."""
    for style in HEADING_STYLES:
        found = style.marker.match(paragraph)
        if not found:
            continue
        rest = paragraph[found.end() :].strip()
        if not _looks_like_heading_text(rest, style):
            return None
        ordinal = _ordinal(found["num"])
        if ordinal is None:
            return None
        heading, text = split_heading(rest)
        number = found.group(0).rstrip("、") if style.level in (2, 4) else found.group(0)
        if style.name == "【一】":
            number = f"{found['num']}、"  # the markup's brackets are not the notice's numbering
        return Heading(index, style.level, number, ordinal, heading, text)
    return None


def split_heading(line: str) -> tuple[str, str]:
    """Split a heading line into (heading, text).

    The heading ends at the first sentence end (。!?) outside quotes and
    brackets; a ``:`` or ``;`` ends it instead when it comes first and the
    heading before it is short. A line that opens with a first enumerated
    point (``一是…``) has no heading of its own: it is all text.
    """
    if _ENUMERATION_START.match(line):
        return "", line
    end = _first_outside_brackets(line, _SENTENCE_END)
    clause = _first_outside_brackets(line, _CLAUSE_END)
    if clause is not None and clause <= _SHORT_HEADING and (end is None or clause < end):
        end = clause
    if end is None:
        return line, ""
    return line[:end].strip(), line[end + 1 :].strip()


def build_sections(paragraphs: list[str], headings: list[Heading], warnings: list[str]) -> list[ParsedSection]:
    """The section tree for ``paragraphs``, whose first paragraph is ``headings[0]``.

    Paragraphs between two headings are the body of the first. A heading nests
    under the nearest open heading of an outer style; paths are kept unique.
    """
    roots: list[ParsedSection] = []
    stack: list[ParsedSection] = []
    paths: dict[str, int] = {}
    numbering = _NumberingCheck(warnings)
    bounds = [h.index for h in headings[1:]] + [len(paragraphs)]
    for heading, end in zip(headings, bounds, strict=True):
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        parent = stack[-1] if stack else None
        numbering.check(heading, parent)
        body = [heading.text] if heading.text else []
        body += paragraphs[heading.index + 1 : end]
        section = ParsedSection(
            path=_unique_path(parent, heading, paths, warnings),
            number=heading.number,
            level=heading.level,
            heading=heading.heading,
            text="\n".join(body),
        )
        (parent.children if parent else roots).append(section)
        stack.append(section)
    return roots


def find_headings(paragraphs: list[str]) -> list[Heading]:
    """Every heading among ``paragraphs``, in order, indexed by position.

    A notice without any 一、-level heading may open its main parts with
    一是/二是/三是 paragraphs: those become the top level (see :func:`_enumerated_parts`).
    """
    found = [h for h in (match_heading(p, i) for i, p in enumerate(paragraphs)) if h is not None]
    if not any(h.level == 1 for h in found):
        parts = _enumerated_parts(paragraphs)
        if parts:
            found = sorted([*parts, *found], key=lambda h: h.index)
    return found


#: 一是…, 二是… opening a paragraph.
_ENUMERATED_PART = re.compile(rf"(?P<num>{CN_ORDINAL})是(?P<rest>.+)")


def _enumerated_parts(paragraphs: list[str]) -> list[Heading]:
    """一是/二是/三是 paragraphs that structure the notice: at least two, each opening its own
    paragraph, numbered in order from 一是. An enumeration inside one paragraph stays text."""
    parts: list[Heading] = []
    for index, paragraph in enumerate(paragraphs):
        found = _ENUMERATED_PART.match(paragraph)
        if not found or cn_ordinal(found["num"]) != len(parts) + 1:
            continue
        rest = found["rest"].lstrip(":,")
        if not _HEADING_START.match(rest):
            continue
        heading, text = split_heading(rest)
        parts.append(Heading(index, 1, f"{found['num']}是", len(parts) + 1, heading, text))
    return parts if len(parts) >= 2 else []


def _looks_like_heading_text(rest: str, style: HeadingStyle) -> bool:
    if len(rest) < 2:
        return False
    if _HEADING_START.match(rest):
        return True
    return style.digit_may_follow and bool(_NUMBER_THEN_WORD.match(rest))


def _ordinal(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral) or None
    return cn_ordinal(numeral)


def _first_outside_brackets(line: str, stops: str) -> int | None:
    """Index of the first character of ``stops`` that is not inside quotes or brackets."""
    depth = 0
    for i, char in enumerate(line):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif char in stops and depth == 0:
            return i
    return None


def _unique_path(parent: ParsedSection | None, heading: Heading, paths: dict[str, int], warnings: list[str]) -> str:
    """``parent.path + ordinal``; a repeated path gets a ``-2``, ``-3`` … suffix and a warning.

    ``paths`` counts how often each plain path has been used so far.
    """
    path = f"{parent.path}.{heading.ordinal}" if parent else str(heading.ordinal)
    seen = paths.get(path, 0)
    paths[path] = seen + 1
    if not seen:
        return path
    unique = f"{path}-{seen + 1}"
    warnings.append(f"章节编号 {heading.number} 在同一上级下重复出现,它的永久路径记为 {unique}:请核对编号。")
    return unique


class _NumberingCheck:
    """Warns when a heading's number is neither the next under its parent nor the next in the notice.

    Both are normal: (1)…(18) may run through a whole notice, or restart at
    (1) under each parent. Anything else hints at a lost or misread heading.
    """

    def __init__(self, warnings: list[str]):
        self.warnings = warnings
        self.last_in_notice: dict[int, int] = {}
        self.last_under: dict[tuple[int, int], int] = {}  # (id(parent), level) → ordinal

    def check(self, heading: Heading, parent: ParsedSection | None) -> None:
        key = (id(parent), heading.level)
        expected = {self.last_under.get(key, 0) + 1, self.last_in_notice.get(heading.level, 0) + 1}
        if heading.ordinal not in expected:
            self.warnings.append(
                f"章节编号跳到 {heading.number}(应为第 "
                f"{'或'.join(str(n) for n in sorted(expected))} 个):可能漏了一个标题,请对照原文核对。"
            )
        self.last_under[key] = heading.ordinal
        self.last_in_notice[heading.level] = heading.ordinal
