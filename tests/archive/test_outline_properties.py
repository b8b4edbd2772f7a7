"""Properties of normalise → outline that must hold for every text.

**Nothing is lost.** The *content* of a notice is the sequence of non-space
characters of its normalised text (``ParsedNotice.text``: page furniture and
noise already removed by normalisation). Reading header, preamble, every
section in document order (printed number, heading, text) and the closing,
and dropping spaces, gives that sequence back, except for two marks the
outline consumes as punctuation: the stray ``、`` after a bracketed marker
(``(一)、``) and the one mark that ends a heading sharing its line with text
(``。!?:;``) — at most two per section.

**Paths are sound.** Every section has a unique path that the URL resolver
maps to the section view and back.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import resolve, reverse
from hypothesis import HealthCheck, assume, given, settings

from archive import reading
from archive.parsing import ParsedNotice, parse_notice
from archive.parsing.normalize import normalize
from archive.services import ImportSource, import_notice

from .notice_strategies import notice_text, outline_text

CONSUMED = set("、。!?:;")


def nonspace(text: str) -> str:
    return "".join(text.split())


def parts_in_order(notice: ParsedNotice) -> str:
    pieces = [*notice.header, notice.preamble]
    for section in notice.iter_sections():
        pieces += [section.number, section.heading, section.text]
    pieces.append(notice.closing)
    return nonspace("".join(pieces))


def is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(char in it for char in short)


def assert_nothing_lost(text: str) -> ParsedNotice:
    notice = parse_notice(text)
    content = nonspace(notice.text)
    parts = parts_in_order(notice)
    assert is_subsequence(parts, content), (content, parts)
    dropped = Counter(content) - Counter(parts)
    assert set(dropped) <= CONSUMED, dropped
    assert sum(dropped.values()) <= 2 * len(list(notice.iter_sections())), dropped
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


@pytest.mark.django_db
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=outline_text)
def test_every_imported_section_answers_at_its_url(client, settings, text):
    """Through the import service and the section view: each section's URL shows that section."""
    settings.SEARCH_INDEX_INLINE = False  # indexing is not under test here
    outcome = import_notice(source=ImportSource("通报.txt", text.encode("utf-8")), publish=True)
    assume(not outcome.failed and outcome.notice is not None)
    for section in outcome.notice.sections.all():
        url = section.get_absolute_url()
        assert resolve(url).kwargs == {"key": outcome.notice.key, "path": section.path}
        response = client.get(url)
        assert response.status_code == 200, (section.path, text)
        assert response.context["section"].pk == section.pk
