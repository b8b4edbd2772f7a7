"""Matching, scoring and facet counting for the embedded index, per notice.

A query leaf (a Term's units, or a Phrase) becomes "pieces": runs of letters
and digits that must each occur as a substring. Content pieces are looked up
in the character postings (one content document per notice): a one-character
piece is one term, a longer one a phrase over the characters' offsets, checked
only in the notices that hold every character of it and do not already hold
it as an indexed word. ``title:`` and ``body:`` pieces are checked against
the notice's title / issuing-body runs held in memory. Notices are ranked by
BM25 over the jieba words of the pieces (title and body pieces by their
counts); the best parts of the notices on the requested page are found
afterwards from their text in the database.
"""

from __future__ import annotations

import heapq
import json
import math
from array import array
from bisect import bisect_left
from collections import Counter
from itertools import islice

from .. import analysis
from ..documents import SECTION
from ..parts import load_parts
from ..query import AnyOf, Phrase, Query
from .base import SearchFilters, SectionMatch
from .whoosh_reader import SegmentResults
from .whoosh_schema import CHARS_FIELD, OFFSETS_FIELD, WORDS_FIELD, decode_positions, posting_blocks
from .whoosh_table import NoticeTable

K1, B = 1.2, 0.75  # BM25's usual constants


def notice_meta(document, content_runs: list[str]) -> str:
    """The stored JSON of a notice document."""
    meta = {
        "values": document.facet_values,
        "date": document.date,
        "fingerprint": document.fingerprint,
        "length": sum(map(len, content_runs)),
        "title": analysis.RUN_SEPARATOR.join(analysis.runs(document.title)),
        "body": analysis.RUN_SEPARATOR.join(analysis.runs(document.body_names)),
        "type_paths": {slug: list(paths) for slug, paths in document.type_paths},
    }
    return json.dumps(meta, ensure_ascii=False)


def content_runs(document) -> list[str]:
    """The runs of everything searchable without a field prefix: the title and every part."""
    found = analysis.runs(document.title)
    for part in document.sections:
        found.extend(analysis.runs(part.content))
    return found


def content_texts(document) -> list[str]:
    """The texts whose words are indexed: the title and every part (words never join across them)."""
    return [document.title, *(part.content for part in document.sections)]


def leaf_pieces(leaf) -> list[str]:
    """The substrings a Term (each unit's runs) or a Phrase (its runs) requires."""
    if isinstance(leaf, Phrase):
        pieces = analysis.runs(leaf.text)
    else:
        pieces = [run for unit in analysis.query_units(leaf.text) for run in analysis.runs(unit)]
    return list(dict.fromkeys(pieces))


class Matcher:
    """Answers one request's pieces against one generation; each piece is looked up once."""

    def __init__(self, reader, table: NoticeTable, results: SegmentResults | None = None):
        self.reader = reader
        self.table = table
        self.results = results
        self._found: dict[tuple[str, str], dict[str, float]] = {}
        self._words: dict[str, dict[str, float]] = {}

    def occurrences(self, group: str, piece: str) -> dict[str, float]:
        """Notice key → weight of the notices whose ``group`` text ("" = content) contains ``piece``.

        The weight is the piece's count for title and body pieces and for
        one-character content pieces; other content pieces weigh 1.
        """
        cache_key = (group, piece)
        if cache_key not in self._found:
            if group:
                self._found[cache_key] = self._in_field(group, piece)
            elif len(piece) == 1:
                self._found[cache_key] = self._postings(CHARS_FIELD, piece)
            else:
                self._found[cache_key] = self._phrase(piece)
        return self._found[cache_key]

    def _in_field(self, group: str, piece: str) -> dict[str, float]:
        return {key: float(m[group].count(piece)) for key, m in self.table.metas.items() if piece in m[group]}

    def _postings(self, field: str, term: str) -> dict[str, float]:
        """Notice key → the term's count in the notice's content."""
        keys = self.table.keys_by_doc
        found: dict[str, float] = {}
        for docnums, weights, _values in posting_blocks(self.reader, field, term):
            found.update(zip(map(keys.__getitem__, docnums), weights, strict=True))
        return found

    def word_counts(self, word: str) -> dict[str, float]:
        """Notice key → how often ``word`` is an indexed word of the notice's content."""
        if word not in self._words:
            self._words[word] = self._postings(WORDS_FIELD, word)
        return self._words[word]

    def _phrase(self, piece: str) -> dict[str, float]:
        """The notices whose content runs contain ``piece`` (two characters or more), segment by segment.

        A segment's answer is kept in the backend's :class:`~.whoosh_reader.SegmentResults`
        (its documents never change; later deletions are left out here), so after a
        write only the new segment is searched.
        """
        keys = self.table.keys_by_doc
        found: dict[str, float] = {}
        for segment, base in self.reader.leaf_readers():
            local = self._in_segment(segment, piece)
            if not local:
                continue
            deleted = segment.deleted_docs_set if segment.has_deletions() else frozenset()
            found.update((keys[base + docnum], 1.0) for docnum in local if docnum not in deleted)
        return found

    def _in_segment(self, segment, piece: str) -> array:
        cache_key = (segment.segment().segment_id(), piece) if segment.segment() is not None else None
        cached = self.results.get(cache_key) if self.results is not None and cache_key else None
        if cached is None:
            cached = array("I", sorted(_matching_documents(segment, piece)))
            if self.results is not None and cache_key:
                self.results.put(cache_key, cached)
        return cached

    # Query nodes to notice sets

    def leaf_keys(self, leaf) -> set[str] | None:
        """Notices containing every piece of the leaf; None when it has nothing searchable."""
        pieces = leaf_pieces(leaf)
        if not pieces:
            return None
        group = leaf.field or ""
        found = sorted((self.occurrences(group, piece) for piece in pieces), key=len)
        return set(found[0]).intersection(*found[1:])

    def node_keys(self, node) -> set[str] | None:
        if isinstance(node, AnyOf):
            found = [self.node_keys(option) for option in node.options]
            found = [f for f in found if f is not None]
            return set().union(*found) if found else None
        return self.leaf_keys(node)

    def candidates(self, query: Query) -> set[str]:
        """Notices matching every ``must`` node and no ``must_not`` node."""
        candidates = set(self.table.metas)
        for node in query.must:
            found = self.node_keys(node)
            if found is not None:
                candidates &= found
        for node in query.must_not:
            found = self.node_keys(node)
            if found:
                candidates -= found
        return candidates

    # Ranking

    def idf(self, group: str, piece: str) -> float:
        """How rare the piece is among the notices (BM25's idf of the notices containing it)."""
        total = len(self.table.metas)
        df = len(self.occurrences(group, piece))
        return math.log(1 + (total - df + 0.5) / (df + 0.5))

    def scores(self, query: Query, matching: set[str]) -> dict[str, float]:
        """BM25 summed per matching notice: content pieces by their jieba words, others by their counts."""
        scores: dict[str, float] = dict.fromkeys(matching, 0.0)
        total = len(self.table.metas)
        for leaf in query.positive_leaves():
            group = leaf.field or ""
            lengths = self.table.lengths[group]
            norm = K1 * (1 - B)
            slope = K1 * B / self.table.average[group]
            for found in self._weighed(group, leaf_pieces(leaf)):
                df = len(found)
                weight = math.log(1 + (total - df + 0.5) / (df + 0.5)) * (K1 + 1)
                for key in matching.intersection(found):
                    tf = found[key]
                    scores[key] += weight * tf / (tf + norm + slope * lengths[key])
        return {key: score for key, score in scores.items() if score > 0}

    def _weighed(self, group: str, pieces: list[str]):
        """Per scoring unit of the pieces, notice key → its count."""
        if group:
            for piece in pieces:
                yield self.occurrences(group, piece)
            return
        words = dict.fromkeys(word for piece in pieces for word in analysis.query_tokens(piece))
        for word in words:
            found = self.word_counts(word)
            if not found and len(word) == 1:  # a character jieba never cuts alone: its own count
                found = self.occurrences("", word)
            yield found

    def content_pieces(self, query: Query) -> dict[str, float]:
        """The positive content pieces with their idf, for ranking a notice's parts."""
        return {
            piece: self.idf("", piece)
            for leaf in query.positive_leaves()
            if not leaf.field
            for piece in leaf_pieces(leaf)
        }


def _matching_documents(segment, piece: str) -> set[int]:
    """The live documents of one segment whose content runs contain ``piece`` (two characters or more).

    Candidates hold every character of the piece (counts only, no offsets
    read); those holding the piece as an indexed word are certain; only the
    rest have their characters' offsets read and lined up.
    """
    counts: dict[str, dict[int, float]] = {}
    for char in sorted(set(piece)):
        counts[char] = found = {}
        for docnums, weights, _values in posting_blocks(segment, CHARS_FIELD, char):
            found.update(zip(docnums, weights, strict=True))
        if not found:
            return set()
    rarest = sorted(counts.values(), key=len)
    candidates = set(rarest[0]).intersection(*rarest[1:])
    certain = set()
    for docnums, _weights, _values in posting_blocks(segment, WORDS_FIELD, piece):
        certain.update(docnums)
    certain &= candidates
    doubtful = candidates - certain
    if doubtful:
        offsets = {char: _offsets(segment, char, doubtful) for char in counts}
        for docnum in doubtful:
            if _contains(piece, {char: (counts[char][docnum], offsets[char][docnum]) for char in counts}):
                certain.add(docnum)
    return certain


def _offsets(segment, char: str, docnums: set[int]) -> dict[int, bytes]:
    """Docnum → the character's packed offsets, for the documents ``docnums``."""
    found = {}
    for block, _weights, values in posting_blocks(segment, OFFSETS_FIELD, char, values=docnums):
        if values is not None:
            found.update(zip(block, values, strict=True))
    return found


def _contains(piece: str, found: dict[str, tuple[float, bytes]]) -> bool:
    """Whether the characters' offsets line up as ``piece`` somewhere: found = char → (count, packed offsets).

    Starts are taken from the character with the fewest offsets in this
    notice; every other character of the piece is looked up by bisection in
    its sorted offsets, fewest first, so a notice costs about (offsets of its
    rarest character) × (length of the piece) lookups.
    """
    anchor = min(found, key=lambda char: found[char][0])
    shift = piece.index(anchor)
    checks = sorted(
        ((index, char) for index, char in enumerate(piece) if index != shift),
        key=lambda item: found[item[1]][0],
    )
    arrays = {char: decode_positions(value) for char, (_count, value) in found.items()}
    checks = [(index - shift, arrays[char], len(arrays[char])) for index, char in checks]
    for start in arrays[anchor]:
        for delta, offsets, size in checks:
            target = start + delta
            at = bisect_left(offsets, target)
            if at == size or offsets[at] != target:
                break
        else:
            return True
    return False


def best_parts(
    keys: list[str], pieces: dict[str, float], limit: int, only: dict[str, set[str]] | None = None
) -> dict[str, list[SectionMatch]]:
    """Per notice key, up to ``limit`` parts containing a piece, best first (read from the database).

    With ``only`` (key → section paths), just those sections are candidates; where
    none contains a piece (or there are no pieces) they come in document order.
    """
    if not keys or limit <= 0 or not (pieces or only is not None):
        return {}
    found = {}
    for key, documents in load_parts(keys).items():
        if only is not None:
            allowed = only.get(key, set())
            documents = [d for d in documents if d.kind == SECTION and d.path in allowed]
            in_order = [SectionMatch(d.path, d.kind, 0.0) for d in documents[:limit]]
            if not pieces:
                found[key] = in_order
                continue
        # The normalised heading and text joined: what the index holds of the part.
        squeezed = [d.heading + d.text for d in documents]
        average = max(1.0, sum(map(len, squeezed)) / max(1, len(squeezed)))
        ranked = []
        for document, text in zip(documents, squeezed, strict=True):
            score = 0.0
            for piece, idf in pieces.items():
                tf = text.count(piece)
                if tf:
                    score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(text) / average))
            if score > 0:
                ranked.append((-score, document.order, document))
        ranked.sort(key=lambda item: item[:2])
        found[key] = [SectionMatch(d.path, d.kind, -score) for score, _order, d in ranked[:limit]]
        if only is not None and not ranked:
            found[key] = in_order
    return found


# Facets, filters and sorting over the notice-level values in memory


def passing(table: NoticeTable, candidates: set[str], filters: SearchFilters) -> tuple[set[str], dict[str, set[str]]]:
    """The candidates within the date range, and per selected facet the notices having a chosen value."""
    dated = candidates
    if filters.date_from or filters.date_to:
        dates = SearchFilters({}, filters.date_from, filters.date_to)
        dated = {key for key in candidates if dates.allows({}, table.metas[key]["date"])}
    having = {
        facet: set().union(*(table.keys_with[facet].get(value, ()) for value in chosen))
        for facet, chosen in filters.selected.items()
        if chosen
    }
    return dated, having


def allowed(dated: set[str], having: dict[str, set[str]]) -> set[str]:
    """The notices passing every filter."""
    return dated.intersection(*having.values()) if having else dated


def facet_counts(
    table: NoticeTable, facets, dated: set[str], having: dict[str, set[str]]
) -> tuple[dict[str, Counter], Counter]:
    """Per facet, value counts over the candidates passing every filter but that facet's own;
    and per type, the sections carrying it in the notices the type facet counts."""
    counts, sections = {}, Counter()
    for facet in facets:
        others = [keys for other, keys in having.items() if other != facet]
        base = dated.intersection(*others) if others else dated
        everything = len(base) == len(table.metas)  # every notice: the same counts for the whole reader
        most = everything or len(base) * 2 > len(table.metas)
        # Most notices: the counts of all (kept per reader), less those of the few left out.
        left_out = table.metas.keys() - base if most and not everything else set()
        if most:
            if facet not in table.counts_of_all:
                table.counts_of_all[facet] = _count(table, facet, set(table.metas))
            counts[facet] = table.counts_of_all[facet]
            if left_out:
                counts[facet] = counts[facet] - _count(table, facet, left_out)
        else:
            counts[facet] = _count(table, facet, base)
        if facet == "type":
            if not most:
                sections = _count_sections(table, base)
            else:
                if table.sections_of_all is None:
                    table.sections_of_all = _count_sections(table, set(table.metas))
                sections = table.sections_of_all
                if left_out:
                    sections = sections - _count_sections(table, left_out)
    return counts, sections


def _count_sections(table: NoticeTable, keys: set[str]) -> Counter:
    # Per type, the notices of ``keys`` carrying it (a set operation) summed through a dict lookup: no Python
    # loop per notice, which would cost tens of milliseconds when most of 10,000 notices match.
    counter: Counter[str] = Counter()
    for slug, by_key in table.type_sections.items():
        found = by_key.keys() & keys
        if found:
            counter[slug] = sum(map(by_key.__getitem__, found))
    return counter


def typed_paths(table: NoticeTable, keys: list[str], chosen: frozenset[str]) -> dict[str, set[str]]:
    """Per notice key, the paths of its sections carrying one of the ``chosen`` types."""
    found = {}
    for key in keys:
        type_paths = dict(table.metas[key]["type_paths"])
        found[key] = {path for slug in chosen for path in type_paths.get(slug, ())}
    return found


def _count(table: NoticeTable, facet: str, keys: set[str]) -> Counter:
    holders = table.keys_with[facet]
    if len(keys) >= len(holders):
        # Many keys: one set intersection (in C) per value of the facet.
        return Counter({value: number for value, having in holders.items() if (number := len(having & keys))})
    counter: Counter[str] = Counter()
    # Few keys: count each distinct tuple of values once (in C), then spread the counts over its values.
    for found, number in Counter(map(table.values[facet].__getitem__, keys)).items():
        for value in found:
            counter[value] += number
    return counter


def ordered(table: NoticeTable, keys: set[str], scores: dict[str, float], sort: str, count: int) -> list[str]:
    """The first ``count`` notice keys in order; notices without a date last, ties by key."""
    metas = table.metas
    if sort == "relevance" and len(scores) >= count > 0:
        # Only notices scoring at least the count-th best score can be on the page.
        threshold = heapq.nlargest(count, scores.values())[-1]
        best = [key for key, score in scores.items() if score >= threshold and key in keys]
        if len(best) >= count:
            return sorted(best, key=lambda k: (-scores[k], metas[k]["order"], k))[:count]
    if sort == "relevance":
        # The scored notices by score, then the unscored ones newest first (the order of ``table.newest``):
        # a query whose words only few notices hold as words (车) scores a handful of its 10,000 matches.
        scored = sorted((k for k in scores if k in keys), key=lambda k: (-scores[k], metas[k]["order"], k))
        if len(scored) >= count:
            return scored[:count]
        rest = (key for key in table.newest if key in keys and key not in scores)
        return scored + list(islice(rest, count - len(scored)))
    return list(islice((key for key in (table.oldest if sort == "oldest" else table.newest) if key in keys), count))
