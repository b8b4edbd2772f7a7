"""The searchable parts of notices as ranking reads them, normalised once per process.

Ranking scores every part of the candidate notices (about 2,000 sections for
50 notices), and reading and normalising their text cost more than scoring
it. A notice's sections come from its parse, which the notice's
``parse_digest`` fingerprints, and they are never changed in place (a new
parse replaces them all), so the digest names a notice's outline and its
sections' text for good: their normalised forms are kept under it in a
bounded cache (least recently used first out). Sections of a notice without
a digest are read each time; so are preambles and closings, which are short
and can be edited.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from . import analysis
from .documents import CLOSING, FULL_TEXT, PREAMBLE, SECTION

_CHUNK = 200  # notices per query: well under every database's parameter limit


@dataclass
class Part:
    key: str
    path: str
    kind: str
    order: int
    heading: str  # normalised, without whitespace
    text: str  # normalised, without whitespace
    context: str  # the headings above, normalised
    _sentences: list[str] | None = field(default=None, repr=False, compare=False)

    def sentences(self, ends) -> list[str]:
        """The text's sentences split by ``ends`` (a compiled pattern), computed once per part."""
        if self._sentences is None:
            self._sentences = [s for s in ends.split(self.text) if s] or [""]
        return self._sentences


Outline = tuple[tuple[str, int, str, str], ...]  # (path, order, normalised heading, normalised text) per section


def _size(outline: Outline) -> int:
    return sum(len(heading) + len(text) for _path, _order, heading, text in outline)


class OutlineCache:
    """Parse digest → the notice's sections, normalised, bounded by the characters held."""

    def __init__(self, limit: int):
        self.limit = limit
        self.held = 0
        self._items: OrderedDict[str, Outline] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, notices: dict[int, str]) -> dict[int, Outline]:
        """Notice pk → its outline, for a {pk: parse digest} map; only what is not held is read.

        Outlines of notices without a digest ("") are read and not kept.
        """
        found: dict[int, Outline] = {}
        with self._lock:
            for pk, digest in notices.items():
                outline = self._items.get(digest) if digest else None
                if outline is not None:
                    self._items.move_to_end(digest)
                    found[pk] = outline
        missing = [pk for pk in notices if pk not in found]
        if missing:
            read = _read_outlines(missing)
            found.update(read)
            self._keep({notices[pk]: outline for pk, outline in read.items() if notices[pk]})
        return found

    def _keep(self, read: dict[str, Outline]) -> None:
        if self.limit <= 0:
            return
        with self._lock:
            for digest, outline in read.items():
                if digest not in self._items:
                    self._items[digest] = outline
                    self.held += _size(outline)
            while self.held > self.limit and self._items:
                _digest, outline = self._items.popitem(last=False)
                self.held -= _size(outline)


def _read_outlines(pks: list[int]) -> dict[int, Outline]:
    from archive.models import Section

    rows: dict[int, list[tuple[str, int, str, str]]] = {pk: [] for pk in pks}
    for start in range(0, len(pks), _CHUNK):
        chunk = Section.objects.filter(notice_id__in=pks[start : start + _CHUNK]).order_by("notice_id", "order")
        for notice_id, path, order, heading, text in chunk.values_list("notice_id", "path", "order", "heading", "text"):
            rows[notice_id].append((path, order, analysis.squeeze(heading), analysis.squeeze(text)))
    return {pk: tuple(sections) for pk, sections in rows.items()}


_cache: OutlineCache | None = None


def outline_cache() -> OutlineCache:
    """The process's cache, sized by ``SEARCH_PART_CACHE_CHARS``."""
    global _cache
    if _cache is None:
        _cache = OutlineCache(settings.SEARCH_PART_CACHE_CHARS)
    return _cache


def load_parts(keys: Iterable[str], types: frozenset[str] = frozenset()) -> dict[str, list[Part]]:
    """The searchable parts of these notices (as the index holds them), with the heading above each section.

    With ``types`` (issue-type slugs), only the sections carrying one of them.
    """
    from archive.models import Notice, Section

    keys = list(keys)
    parts: dict[str, list[Part]] = {key: [] for key in keys}
    rows = list(Notice.objects.filter(key__in=keys).values_list("pk", "key", "parse_digest", "preamble", "closing"))
    outlines = outline_cache().get_many({pk: digest for pk, _key, digest, _p, _c in rows})
    typed = None
    if types:
        chosen = Section.objects.filter(notice_id__in=[row[0] for row in rows], issue_types__slug__in=types).order_by()
        typed = set(chosen.values_list("notice_id", "path"))
    empty = []
    for pk, key, _digest, preamble, closing in rows:
        headings: dict[str, str] = {}
        for path, order, heading, text in outlines[pk]:
            headings[path] = heading
            # The heading right above: a point under an aspect heading (……方面, 关于……问题) is about that aspect.
            above = headings.get(path.rsplit(".", 1)[0], "") if "." in path else ""
            if typed is not None and (pk, path) not in typed:
                continue
            parts[key].append(Part(key, path, SECTION, order, heading, text, above))
        if types:
            continue
        if preamble.strip():
            parts[key].insert(0, Part(key, "", PREAMBLE, 0, "", analysis.squeeze(preamble), ""))
        if closing.strip():
            parts[key].append(Part(key, "", CLOSING, len(parts[key]) + 1, "", analysis.squeeze(closing), ""))
        if not parts[key]:
            empty.append(key)
    for key, text in Notice.objects.filter(key__in=empty).values_list("key", "text"):
        parts[key] = [Part(key, "", FULL_TEXT, 0, "", analysis.squeeze(text), "")]
    return parts
