"""The searchable parts of notices as ranking reads them, normalised once per process.

Ranking scores every part of the candidate notices (about 2,000 sections for
50 notices), and reading and normalising their text cost more than scoring
it. A section's heading and text come from its notice's parse, which the
notice's ``parse_digest`` fingerprints, and sections are never changed in
place (a new parse replaces them all), so (parse digest, section path) names
a section's text for good: their normalised forms are kept under that name
in a bounded cache (least recently used first out). Sections of a notice
without a digest are read each time; so are preambles and closings, which
are short and can be edited.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from . import analysis
from .documents import CLOSING, FULL_TEXT, PREAMBLE, SECTION

_CHUNK = 500  # primary keys per query: well under every database's parameter limit


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


CacheKey = tuple[str, str]  # (the notice's parse digest, the section's path)


class SectionTextCache:
    """(parse digest, path) → (normalised heading, normalised text), bounded by characters held."""

    def __init__(self, limit: int):
        self.limit = limit
        self.held = 0
        self._items: OrderedDict[CacheKey, tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, sections: list[tuple[int, CacheKey | None]]) -> dict[int, tuple[str, str]]:
        """Section pk → its normalised heading and text, for (pk, cache key or None) pairs.

        Only sections not held are read from the database; those with a key are kept.
        """
        found: dict[int, tuple[str, str]] = {}
        with self._lock:
            for pk, name in sections:
                item = self._items.get(name) if name is not None else None
                if item is not None:
                    self._items.move_to_end(name)
                    found[pk] = item
        missing = [pk for pk, _name in sections if pk not in found]
        if missing:
            read = _read_sections(missing)
            found.update(read)
            self._keep({name: read[pk] for pk, name in sections if name is not None and pk in read})
        return found

    def _keep(self, read: dict[CacheKey, tuple[str, str]]) -> None:
        if self.limit <= 0:
            return
        with self._lock:
            for name, item in read.items():
                if name not in self._items:
                    self._items[name] = item
                    self.held += len(item[0]) + len(item[1])
            while self.held > self.limit and self._items:
                _name, (heading, text) = self._items.popitem(last=False)
                self.held -= len(heading) + len(text)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.held = 0


def _read_sections(pks: list[int]) -> dict[int, tuple[str, str]]:
    from archive.models import Section

    read = {}
    for start in range(0, len(pks), _CHUNK):
        rows = Section.objects.filter(pk__in=pks[start : start + _CHUNK]).values_list("pk", "heading", "text")
        for pk, heading, text in rows:
            read[pk] = (analysis.squeeze(heading), analysis.squeeze(text))
    return read


_cache: SectionTextCache | None = None


def section_cache() -> SectionTextCache:
    """The process's cache, sized by ``SEARCH_PART_CACHE_CHARS``."""
    global _cache
    if _cache is None:
        _cache = SectionTextCache(settings.SEARCH_PART_CACHE_CHARS)
    return _cache


def load_parts(keys: Iterable[str], types: frozenset[str] = frozenset()) -> dict[str, list[Part]]:
    """The searchable parts of these notices (as the index holds them), with the heading above each section.

    With ``types`` (issue-type slugs), only the sections carrying one of them.
    """
    from archive.models import Notice, Section

    keys = list(keys)
    parts: dict[str, list[Part]] = {key: [] for key in keys}
    rows = Section.objects.filter(notice__key__in=keys).order_by("notice_id", "order")
    typed = set(rows.filter(issue_types__slug__in=types).values_list("pk", flat=True)) if types else None
    outline = list(rows.values_list("pk", "notice__key", "path", "order", "notice__parse_digest"))
    texts = section_cache().get_many([(row[0], (row[4], row[2]) if row[4] else None) for row in outline])
    headings: dict[tuple[str, str], str] = {}
    for pk, key, path, order, _digest in outline:
        heading, text = texts[pk]
        headings[(key, path)] = heading
        # The heading right above: a point under an aspect heading (……方面, 关于……问题) is about that aspect.
        above = headings.get((key, path.rsplit(".", 1)[0]), "") if "." in path else ""
        if typed is not None and pk not in typed:
            continue
        parts[key].append(Part(key, path, SECTION, order, heading, text, above))
    if types:
        return parts
    empty = []
    for key, preamble, closing in Notice.objects.filter(key__in=keys).values_list("key", "preamble", "closing"):
        if preamble.strip():
            parts[key].insert(0, Part(key, "", PREAMBLE, 0, "", analysis.squeeze(preamble), ""))
        if closing.strip():
            parts[key].append(Part(key, "", CLOSING, len(parts[key]) + 1, "", analysis.squeeze(closing), ""))
        if not parts[key]:
            empty.append(key)
    for key, text in Notice.objects.filter(key__in=empty).values_list("key", "text"):
        parts[key] = [Part(key, "", FULL_TEXT, 0, "", analysis.squeeze(text), "")]
    return parts
