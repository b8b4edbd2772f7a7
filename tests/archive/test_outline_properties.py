"""Properties of normalise → outline that must hold for every text.

**Nothing is lost.** The *content* of a notice is the sequence of non-space
characters of its normalised text (``ParsedNotice.text``: page furniture and
noise already removed by normalisation). Reading header, preamble, every
section in document order (printed number, heading, text) and the closing,
and dropping spaces, gives that sequence back, except for two marks the
outline consumes as punctuation: the stray ``、`` after a bracketed marker
(``(一)、``) and the one mark that ends a heading sharing its line with text
(``。!?:;``) — at most two per section. Lines the parser sets aside as the page's own (chrome,
breadcrumbs, metadata: ``ParsedNotice.page_lines``) are not content, and a section's printed marker
may be written in canonical form (``【一】`` → ``一、``), so markers are compared apart.

**Paths are sound.** Every section has a unique path that the URL resolver
maps to the section view and back (after an import too: ``test_section_urls.py``).
"""

from __future__ import annotations

from collections import Counter

from django.urls import resolve, reverse
from hypothesis import given

from archive import reading
from archive.parsing import ParsedNotice, parse_notice
from archive.parsing.normalize import normalize

from .notice_strategies import notice_text, outline_text

CONSUMED = set("、。!?:;")


def nonspace(text: str) -> str:
    return "".join(text.split())


def parts_in_order(notice: ParsedNotice) -> str:
    pieces = [*notice.header, notice.preamble]
    for section in notice.iter_sections():
        pieces += [section.heading, section.text]
    pieces.append(notice.closing)
    return nonspace("".join(pieces))


def is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(char in it for char in short)


def content_of(notice: ParsedNotice) -> str:
    lines = notice.text.split("\n")
    for line in notice.page_lines:
        lines.remove(line)
    return nonspace("\n".join(lines))


def assert_nothing_lost(text: str) -> ParsedNotice:
    notice = parse_notice(text)
    content = content_of(notice)
    parts = parts_in_order(notice)
    assert is_subsequence(parts, content), (content, parts)
    dropped = Counter(content) - Counter(parts)
    markers = Counter(nonspace("".join(section.number for section in notice.iter_sections())))
    unexplained = dropped - markers
    assert set(unexplained) <= CONSUMED | set("【】[]()"), dropped
    assert sum(unexplained.values()) <= 3 * len(list(notice.iter_sections())), dropped
    return notice


@given(notice_text)
def test_normalise_then_outline_loses_no_content(text):
    assert_nothing_lost(text)


@given(outline_text)
def test_heading_heavy_texts_lose_no_content(text):
    assert_nothing_lost(text)


@given(notice_text)
def test_the_parser_sees_the_normalised_text(text):
    assert parse_notice(text).text == normalize(text).text


@given(outline_text)
def test_every_section_path_resolves_to_its_section_view_and_back(text):
    notice = parse_notice(text)
    paths = [section.path for section in notice.iter_sections()]
    assert len(paths) == len(set(paths))
    for path in paths:
        assert reading.valid_path(path), path
        url = reverse("archive:section", kwargs={"key": "k1", "path": path})
        match = resolve(url)
        assert match.view_name == "archive:section"
        assert match.kwargs == {"key": "k1", "path": path}


def test_a_repeated_number_keeps_a_valid_path():
    notice = assert_nothing_lost("一、甲方面\n1.第一项\n1.又是第一项\n(1)细项")
    paths = [s.path for s in notice.iter_sections()]
    assert paths == ["1", "1.1", "1.1-2", "1.1-2.1"]
    assert all(reading.valid_path(p) for p in paths), paths
    assert not any(reading.valid_path(p) for p in ["1-", "1--2", "-1", "1.-2", "1-0", "1..2"])
