"""Marking query terms in text: everything escaped, hits wrapped in ``<mark>``.

Matching follows the index: case and full-width forms are folded and
whitespace between the characters of a term is allowed, so a term found by
search is also marked on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import analysis
from .query import Phrase, Query, parse_query

SNIPPET_WIDTH = 160
SNIPPET_LEAD = 40

#: Words every rectification notice uses whatever it is about: they say nothing about what two
#: passages share, so passages are not found similar by them nor marked for them.
GENERIC_WORDS = frozenset(
    """问题 违反 存在 工作 整改 情况 关于 落实 加强 开展 强化 建设 推进 进一步 完善 制度 管理 规定 要求 有关 相关
    部分 单位 不到位 不够 不严 不力 责任 党委 党组 组织 巡视 巡察 反馈 意见 措施 方面 通报 执行 深入 全面 认真 切实
    持续 进行 机制 建立 健全 实施 专项 领导 坚持 提高 严格 加大 力度 重点 目前 已经 及时 其中 以及 同时 按照
    根据 通过 对于 发现 指出 做好 抓好 着力 督促 一些 个别 仍然 没有 未能""".split()
)


def query_terms(q: str) -> list[str]:
    """The strings to mark for a user query (normalised, longest first, no excluded terms)."""
    return search_terms(parse_query(q).query)


def search_terms(query: Query, *, content_only: bool = False) -> list[str]:
    """The strings to mark for a parsed query: its words, and the runs of its phrases.

    ``content_only`` leaves out words restricted to the title or issuing body (``title:``, ``body:``).
    """
    terms: list[str] = []
    for leaf in query.positive_leaves():
        if content_only and leaf.field:
            continue
        if isinstance(leaf, Phrase):
            terms.extend(analysis.runs(leaf.text))
        else:
            terms.extend(analysis.query_units(leaf.text))
    return sorted(dict.fromkeys(t for t in terms if t), key=len, reverse=True)


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    parts = [r"\s*".join(re.escape(c) for c in analysis.normalize(term)) for term in terms if term]
    if not parts:
        return None
    return re.compile("|".join(sorted(parts, key=len, reverse=True)))


def distinctive_terms(terms: Iterable[str]) -> list[str]:
    """``terms`` without :data:`GENERIC_WORDS` (for passages found by their likeness, not by a reader's query)."""
    return [t for t in terms if analysis.normalize(t) not in GENERIC_WORDS]


def _spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where ``terms`` occur; neighbouring hits (touching, or apart only by spaces) joined into one span."""
    pattern = _pattern(tuple(sorted(set(terms), key=len, reverse=True)))
    if pattern is None:
        return []
    # normalize() keeps the length, so spans found in it apply to the original text.
    return join_spans(text, [m.span() for m in pattern.finditer(analysis.normalize(text)) if m.end() > m.start()])


def join_spans(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ordered ``spans`` with those that overlap, touch or are apart only by whitespace in ``text`` made one.

    Two terms side by side (公务 用车, 违规 + 发放) then read as one mark instead of two with a gap.
    """
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and (start <= joined[-1][1] or not text[joined[-1][1] : start].strip()):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, cursor = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """``text`` escaped, with every occurrence of any of ``terms`` wrapped in ``<mark>``."""
    text = text or ""
    return mark_safe(_render(text, _spans(text, terms), 0, len(text)))


def contains_any(text: str, terms: Iterable[str]) -> bool:
    """Whether ``text`` contains any of ``terms`` as search matches them (folded, spaces allowed)."""
    return bool(_spans(text or "", terms))


def snippet_text(text: str, terms: Iterable[str], *, width: int = SNIPPET_WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """A plain excerpt of about ``width`` characters around the first hit, and the hits in it.

    The hits are ``(start, end)`` character offsets into the excerpt (Python
    string indices, end exclusive). Without a hit the excerpt is the text's
    beginning. Cut ends get an ellipsis.
    """
    text = " ".join((text or "").split())
    spans = _spans(text, terms)
    start = max(0, spans[0][0] - SNIPPET_LEAD) if spans else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    lead = "…" if start > 0 else ""
    excerpt = lead + text[start:end] + ("…" if end < len(text) else "")
    shift = len(lead) - start
    ranges = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end]
    return excerpt, ranges


def render_ranges(text: str, ranges: list[tuple[int, int]]) -> SafeString:
    """``text`` escaped with the given ranges wrapped in ``<mark>`` (neighbouring ranges as one)."""
    return mark_safe(_render(text, join_spans(text, ranges), 0, len(text)))


def snippet(text: str, terms: Iterable[str], *, width: int = SNIPPET_WIDTH) -> SafeString:
    """An escaped excerpt of about ``width`` characters around the first hit, hits marked (see :func:`snippet_text`)."""
    return render_ranges(*snippet_text(text, terms, width=width))
