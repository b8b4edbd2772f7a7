"""Hints for a query that finds nothing: which words matched nothing, and near spellings that occur.

Each positive word of the query is counted on its own in the whole archive
(the backend's ordinary search). Words found nowhere are named and the query
without them is offered. For each such word, spellings one character edit
away (a character changed, added, dropped, or two neighbours swapped) are
taken from the segmenter's dictionary (with the archive's user dictionary)
and the synonym table, and offered when the archive holds them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from . import analysis
from .backends.base import SearchRequest
from .query import AnyOf, Phrase, Query, Term

MAX_SUGGESTIONS = 3
_CHECKED = 8  # candidates whose notice count is asked of the backend, most frequent first


@dataclass
class Suggestion:
    word: str  # the word as typed
    spelling: str  # what the archive holds
    notices: int
    q: str  # the query with the spelling in place of the word
    url: str = ""  # the search page for ``q`` (filters kept)


@dataclass
class NoHitHints:
    unmatched: list[str] = field(default_factory=list)  # words found in no notice
    without_q: str = ""  # the query without them ("" when nothing would be left)
    without_url: str = ""
    suggestions: list[Suggestion] = field(default_factory=list)


def _leaf_text(node) -> str:
    return node.text if isinstance(node, Term | Phrase) else " OR ".join(o.text for o in node.options)


def _as_typed(node) -> list[str]:
    """The ways a node may appear in the query text, longest first."""
    if isinstance(node, AnyOf):
        return []
    prefixes = [""] + ([f"{node.field}:"] if node.field else [])
    quoted = [f'"{node.text}"', f"“{node.text}”"] if isinstance(node, Phrase) else [node.text]
    return sorted({p + q for p in prefixes for q in quoted}, key=len, reverse=True)


def remove_words(q: str, nodes: list) -> str:
    """The query text without these nodes (whitespace-separated tokens as typed)."""
    tokens = q.split()
    for node in nodes:
        forms = _as_typed(node)
        tokens = [t for t in tokens if t not in forms]
    return " ".join(tokens)


def within_one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one character changed, added or dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


@lru_cache(maxsize=1)
def _vocabulary_by_end() -> dict[tuple[str, int], tuple[str, ...]]:
    """(first or last character, length) → dictionary words (2 to 8 characters); built once per process.

    A word one edit away from another shares its first or its last character
    (unless the edit swaps the two characters of a two-character word), and
    differs from it in length by at most one.
    """
    index: dict[tuple[str, int], list[str]] = defaultdict(list)
    for word, frequency in analysis.segmenter().FREQ.items():
        if frequency and 1 < len(word) < 9:
            index[(word[0], len(word))].append(word)
            if word[-1] != word[0]:
                index[(word[-1], len(word))].append(word)
    return {end: tuple(words) for end, words in index.items()}


def near_spellings(word: str, extra: Iterable[str] = ()) -> list[str]:
    """Dictionary words (and ``extra`` words) one edit away from ``word``."""
    norm = analysis.squeeze(word)
    if not 2 <= len(norm) <= 8:
        return []
    index = _vocabulary_by_end()
    candidates = set(extra)
    for size in (len(norm) - 1, len(norm), len(norm) + 1):
        candidates.update(index.get((norm[0], size), ()), index.get((norm[-1], size), ()))
    return sorted(c for c in candidates if within_one_edit(norm, analysis.squeeze(c)))


def _count(backend, node) -> int:
    return backend.search(SearchRequest(query=Query(must=(node,)), limit=0, sections_per_hit=0, facets=())).total


def no_hit_hints(backend, query: Query, q: str, *, vocabulary: list[str] = ()) -> NoHitHints:
    """What to say when ``query`` finds nothing: its words found nowhere, the query without them, near spellings.

    ``vocabulary`` adds words (the synonym table's) to the dictionary's for near spellings.
    """
    hints = NoHitHints()
    unmatched = [node for node in query.must if _count(backend, node) == 0]
    hints.unmatched = [_leaf_text(node) for node in unmatched]
    if unmatched and len(unmatched) < len(query.must):
        hints.without_q = remove_words(q, unmatched)
    for node in unmatched:
        if not isinstance(node, Term) or node.field:
            continue
        candidates = near_spellings(node.text, vocabulary)
        if not candidates:
            continue
        _total, frequencies = backend.word_frequencies(candidates)
        likely = sorted((c for c in candidates if frequencies.get(c)), key=lambda c: (-frequencies[c], c))
        for spelling in likely[:_CHECKED]:
            notices = _count(backend, Phrase(spelling))
            if notices:
                replaced = " ".join(spelling if token == node.text else token for token in q.split())
                hints.suggestions.append(Suggestion(node.text, spelling, notices, replaced))
            if len([s for s in hints.suggestions if s.word == node.text]) >= MAX_SUGGESTIONS:
                break
    return hints
