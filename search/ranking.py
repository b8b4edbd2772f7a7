"""Ranking of sections, whichever notice holds them.

The backends decide which notices match (every word somewhere in the notice)
and count them; this module orders what a reader reads: sections. It scores
every part (section, preamble, closing) of the candidate notices by the
query's words and orders them

1. by how many of the query's words the section holds (all of them first, then
   most of them), and
2. by a BM25 score over the section's own text in which a word in the
   section's heading weighs more (the section is about it), a word in the
   heading above it counts a little (a point under an aspect heading is
   about that aspect), a section with no text of its own (a bare heading)
   counts little, and a word that only a small share of the section's
   sentences mention (a passing mention) counts less.

It reads only the database and the backend's public word frequencies, so it
ranks alike on every backend.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import analysis
from .documents import SECTION
from .parts import Part, load_parts
from .query import AnyOf, Phrase, Query, Term

K1, B = 1.2, 0.75
HEADING_TF = 3.0  # an occurrence in the section's own heading counts as this many in its text
PARENT_SHARE = 1.0  # a word found only in the heading above counts as this many occurrences
BARE_TEXT = 20  # a section with fewer characters of its own text is a bare heading
BARE_SHARE = 0.3
FOCUS_MAX = 1.5  # a word in the heading, or in half the sentences or more; a single mention among many: 0.5
SYNONYM_SHARE = 0.9  # a synonym the editors listed counts slightly less than the word as typed
_SENTENCE_END = re.compile(r"[。;;!?!?\n]+")


@dataclass(frozen=True)
class Word:
    """One word of the query a section may hold: its label and the spellings that count as it.

    Each alternative is a tuple of pieces that must all occur; the first
    alternative is what the reader typed, the others are synonyms.
    """

    label: str
    alternatives: tuple[tuple[str, ...], ...]
    group: int = 0  # the query node it belongs to (the words of one typed compound share it)
    node: str = ""  # the node as typed, when it is a compound cut into several words


@dataclass
class RankedPart:
    key: str
    path: str
    kind: str
    score: float
    found: tuple[bool, ...]  # per query word
    coverage: int = 0  # query nodes the part holds (a compound: at least two thirds of its words)


def _pieces(leaf: Term | Phrase) -> tuple[str, ...]:
    if isinstance(leaf, Phrase):
        pieces = analysis.runs(leaf.text)
    else:
        pieces = [run for unit in analysis.query_units(leaf.text) for run in analysis.runs(unit)]
    return tuple(dict.fromkeys(pieces))


def query_words(query: Query, synonyms: frozenset[str] = frozenset()) -> list[Word]:
    """The content words of ``query`` a section is scored by, in query order.

    A node (a word, a phrase, or ``A OR B``) is one word; its options and the
    editors' synonyms (``synonyms``: the texts added by synonym expansion) are
    its spellings. A word typed without spaces that the segmenter cuts into
    several (巡视整改主体责任) counts as that many words, so that a section
    holding most of them ranks above one holding few.
    """
    words: list[Word] = []
    for group, node in enumerate(query.must):
        leaves = [leaf for leaf in (node.options if isinstance(node, AnyOf) else (node,)) if not leaf.field]
        if not leaves:
            continue
        typed = [leaf for leaf in leaves if leaf.text not in synonyms]
        added = [leaf for leaf in leaves if leaf.text in synonyms]
        others = tuple(p for p in (_pieces(leaf) for leaf in added) if p)
        if len(typed) == 1 and isinstance(typed[0], Term):
            units = [u for u in analysis.query_units(typed[0].text) if analysis.runs(u)]
            if len(units) > 1:
                # A synonym of the whole compound holds each of its words.
                alternatives = ((tuple(analysis.runs(unit)), *others) for unit in units)
                words.extend(Word(u, a, group, typed[0].text) for u, a in zip(units, alternatives, strict=True))
                continue
        alternatives = tuple(p for p in (_pieces(leaf) for leaf in typed) if p) + others
        if alternatives:
            words.append(Word(" 或 ".join(leaf.text for leaf in typed) or leaves[0].text, alternatives, group))
    return words


def missing_labels(words: list[Word], found: Iterable[bool]) -> list[str]:
    """The words not found, as the reader typed them (a compound none of whose words occur is named whole)."""
    absent = [word for word, there in zip(words, found, strict=True) if not there]
    labels = []
    for word in absent:
        whole = word.node and all(w in absent for w in words if w.group == word.group)
        label = word.node if whole else word.label
        if label not in labels:
            labels.append(label)
    return labels


def idf_table(words: list[Word], frequencies: tuple[int, dict[str, int]], parts: list[Part]) -> dict[str, float]:
    """Piece → BM25 idf, from the backend's part frequencies (or the candidates' own, when larger)."""
    total, counts = frequencies
    pieces = {piece for word in words for alternative in word.alternatives for piece in alternative}
    local = {piece: sum(1 for p in parts if piece in p.heading or piece in p.text) for piece in pieces}
    total = max(total, len(parts), 1)
    table = {}
    for piece in pieces:
        df = min(total, max(counts.get(piece, 0), local[piece]))
        table[piece] = math.log(1 + (total - df + 0.5) / (df + 0.5))
    return table


def _word_score(word: Word, part: Part, idf: dict[str, float], average: float) -> tuple[float, bool]:
    """(score, found) of one query word in one part."""
    text, heading, context = part.text, part.heading, part.context
    best, found = 0.0, False
    for index, alternative in enumerate(word.alternatives):
        first = alternative[0]
        if first not in text and first not in heading and first not in context:
            continue  # most parts hold no word of the query: answered by three substring tests
        share = 1.0 if index == 0 else SYNONYM_SHARE
        here = all(piece in heading or piece in text for piece in alternative)
        above = not here and all(piece in context for piece in alternative)
        if not (here or above):
            continue
        length = len(text) + len(heading)
        score = 0.0
        for piece in alternative:
            if here:
                tf = part.text.count(piece) + HEADING_TF * part.heading.count(piece)
            else:
                tf = PARENT_SHARE
            score += idf[piece] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
        if here and alternative[0] in part.heading:
            score *= FOCUS_MAX  # the section is about the word
        elif here:
            # A passing mention weighs less: the share of the section's sentences that mention the word.
            sentences = part.sentences(_SENTENCE_END)
            mentioned = sum(1 for s in sentences if any(piece in s for piece in alternative))
            score *= FOCUS_MAX - 1 + min(1.0, 2 * mentioned / len(sentences))
        score *= share / len(alternative) ** 0.5
        if score > best:
            best, found = score, True
    return best, found


def rank_parts(words: list[Word], parts_by_key: dict[str, list[Part]], idf: dict[str, float]) -> list[RankedPart]:
    """Every part holding (or headed by) at least one query word, best first."""
    every = [part for parts in parts_by_key.values() for part in parts]
    if not words or not every:
        return []
    average = max(1.0, sum(len(p.text) + len(p.heading) for p in every) / len(every))
    notice_order = {key: index for index, key in enumerate(parts_by_key)}
    groups: dict[int, list[int]] = {}
    for index, word in enumerate(words):
        groups.setdefault(word.group, []).append(index)
    ranked = []
    for part in every:
        scores, found = zip(*[_word_score(word, part, idf, average) for word in words], strict=True)
        if not any(found):
            continue
        score, coverage = 0.0, 0
        for members in groups.values():
            held = sum(found[i] for i in members)
            coverage += held * 3 >= len(members) * 2
            score += sum(scores[i] for i in members) * held / len(members)
        if part.kind == SECTION and len(part.text) < BARE_TEXT:
            score *= BARE_SHARE
        ranked.append(RankedPart(part.key, part.path, part.kind, score, tuple(found), coverage))
    ranked.sort(key=lambda r: (-r.coverage, -r.score, notice_order[r.key], r.path))
    return ranked


def group_by_notice(ranked: list[RankedPart], *, per_notice: int) -> list[tuple[str, list[RankedPart]]]:
    """Notices in the order of their best part, each with its parts that rank above the next notice's best.

    So grouping never puts a notice's weaker section before another notice's
    better one; at least one and at most ``per_notice`` parts per notice.
    """
    by_key: dict[str, list[tuple[int, RankedPart]]] = {}
    for index, part in enumerate(ranked):
        by_key.setdefault(part.key, []).append((index, part))
    keys = list(by_key)
    groups = []
    for position, key in enumerate(keys):
        limit = by_key[keys[position + 1]][0][0] if position + 1 < len(keys) else len(ranked)
        shown = [part for index, part in by_key[key] if index < limit][: max(1, per_notice)]
        groups.append((key, shown))
    return groups


@dataclass
class RankedSearch:
    """A relevance search ranked by section: notices in the order of their best sections."""

    words: list[Word]
    groups: list[tuple[str, list[RankedPart]]]  # strict and partial notices, best first
    flat: list[RankedPart]  # every candidate part, best first (what the groups show a prefix of)
    partial: dict[str, list[str]]  # notices lacking some words → the labels of the missing words
    window: int  # how many strict matches were ranked here (the rest follow in the backend's order)


def partial_query(query: Query, words: list[Word]) -> Query:
    """Notices holding any of the query's words (field-restricted words still required)."""
    options: list[Term | Phrase] = []
    for word in words:
        options.extend(Phrase(" ".join(alternative)) for alternative in word.alternatives)
    kept = tuple(n for n in query.must if all(leaf.field for leaf in (n.options if isinstance(n, AnyOf) else (n,))))
    return Query(must=(*kept, AnyOf(tuple(dict.fromkeys(options)))), must_not=query.must_not)


def rank_search(
    backend,
    query: Query,
    strict,
    *,
    filters,
    synonyms: frozenset[str] = frozenset(),
    per_notice: int = 3,
    partial_depth: int = 20,
) -> RankedSearch:
    """Rank the sections of ``strict`` (the backend's result for the query: its first notices).

    When all strict matches are in hand and the query has several words, up to
    ``partial_depth`` notices holding only some of them are ranked with them,
    after every section holding more words, and named as partial.
    """
    from .backends.base import SearchRequest

    words = query_words(query, synonyms)
    keys = [hit.key for hit in strict.hits]
    partial_keys: list[str] = []
    if len(words) >= 2 and strict.total <= len(keys):
        request = SearchRequest(
            query=partial_query(query, words),
            filters=filters,
            limit=partial_depth,
            sections_per_hit=0,
            facets=(),
            exclude_notices=frozenset(keys),
        )
        partial_keys = [hit.key for hit in backend.search(request).hits]
    parts = load_parts(keys + partial_keys, frozenset(filters.selected.get("type", ())))
    every = [part for notice_parts in parts.values() for part in notice_parts]
    pieces = {piece for word in words for alternative in word.alternatives for piece in alternative}
    idf = idf_table(words, backend.word_frequencies(pieces), every)
    flat = rank_parts(words, parts, idf)
    found: dict[str, list[bool]] = {key: [False] * len(words) for key in parts}
    for part in flat:
        found[part.key] = [a or b for a, b in zip(found[part.key], part.found, strict=True)]
    partial = {key: missing_labels(words, found[key]) for key in partial_keys if not all(found[key])}
    listed = set(keys) | set(partial)
    flat = [p for p in flat if p.key in listed]
    groups = group_by_notice(flat, per_notice=per_notice)
    grouped = {key for key, _ in groups}
    # Strict matches no part holds (a word only in the title or issuing body) follow in the backend's order.
    groups.extend((key, []) for key in keys if key not in grouped)
    return RankedSearch(words, groups, flat, partial, len(keys))
