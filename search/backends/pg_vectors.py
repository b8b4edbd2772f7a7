"""tsvector and tsquery text for the PostgreSQL backend, from the archive's own analysis.

PostgreSQL's parser would keep a whole run of Chinese as one token, so the
literals are written here, for the ``simple`` configuration, from the same
views :mod:`search.analysis` gives the Whoosh backend:

* character bigrams at their character positions: a run of three or more
  characters is the phrase of its bigrams (``'巡察' <-> '察整' <-> '整改'``),
  which matches exactly where the run occurs;
* single characters, without positions (a one-character query);
* jieba words and their sub-words, prefixed with ``_`` so they never collide
  with a bigram, at word positions, for ranking only.

Heading terms carry weight A, body terms the default D. A tsvector holds at
most 16,383 positions and 256 per lexeme, so long parts are cut into
overlapping chunks (see :func:`part_vectors`), smaller where a bigram repeats
more than 256 times; the overlap is the longest possible query, so any query
run that occurs in a part occurs whole in one chunk, with all its positions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .. import analysis
from ..query import MAX_QUERY_LENGTH

WORD_PREFIX = "_"
MAX_POSITION = 16383
MAX_PER_LEXEME = 256
CHUNK_CHARS = 4000
CHUNK_OVERLAP = MAX_QUERY_LENGTH
# 257 characters hold at most 256 bigrams: no lexeme can lose a position.
MIN_CHUNK_CHARS = MAX_PER_LEXEME + 1


def quote(lexeme: str) -> str:
    """A lexeme as a quoted tsvector/tsquery literal."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """``text`` whole if short, else pieces of ``size`` characters overlapping by CHUNK_OVERLAP."""
    if len(text) <= size:
        yield text
        return
    step = size - CHUNK_OVERLAP
    for start in range(0, len(text) - CHUNK_OVERLAP, step):
        yield text[start : start + size]


class _Vector:
    """Lexeme → positions with weights, respecting PostgreSQL's limits."""

    def __init__(self) -> None:
        self.positions: dict[str, list[str]] = {}
        self.overflow = False  # a matching lexeme lost positions: phrases could be missed

    def add(self, lexeme: str, position: int | None, weight: str = "", *, exact: bool = True) -> None:
        found = self.positions.setdefault(lexeme, [])
        if position is None:
            return
        if len(found) < MAX_PER_LEXEME and position < MAX_POSITION:
            found.append(f"{position + 1}{weight}")
        elif exact:
            self.overflow = True

    def literal(self) -> str:
        return " ".join(
            f"{quote(lexeme)}:{','.join(ps)}" if ps else quote(lexeme) for lexeme, ps in self.positions.items()
        )


def _heading_extent(heading: str) -> tuple[int, int]:
    """How many bigram positions and word positions the heading takes at the start of a part."""
    grams = sum(len(run) + 1 for run in analysis.runs(heading))
    return grams, len(analysis.segment(heading)) if heading else 0


def _vector(content: str, heading: str = "", *, words: bool = True) -> _Vector:
    vector = _Vector()
    gram_end, word_end = _heading_extent(heading)
    for gram, position in analysis.index_grams(content):
        vector.add(gram, position, "A" if position < gram_end else "")
    for char, _position in analysis.index_chars(content):
        vector.add(char, None)
    if words:
        # Words only rank: a word past PostgreSQL's limits costs a little score, never a hit.
        for word, position in analysis.index_words(content):
            vector.add(WORD_PREFIX + word, position, "A" if position < word_end else "", exact=False)
    return vector


def part_vector(content: str, heading: str = "") -> str:
    """The tsvector literal of one short part (or chunk) whose text starts with ``heading``."""
    return _vector(content, heading).literal()


def part_vectors(content: str, heading: str = "", size: int = CHUNK_CHARS) -> list[str]:
    """tsvector literals for a part of any length: overlapping chunks, each within the limits."""
    found = []
    for number, chunk in enumerate(chunks(content, size)):
        chunk_heading = heading if number == 0 else ""
        vector = _vector(chunk, chunk_heading)
        if vector.overflow and size > MIN_CHUNK_CHARS:
            found.extend(part_vectors(chunk, chunk_heading, max(MIN_CHUNK_CHARS, size // 2)))
        else:
            found.append(vector.literal())
    return found


def text_vector(text: str) -> str:
    """Bigrams with positions and characters of a text without words (a title, body names)."""
    return _vector(text, words=False).literal()


def lexemes(texts: Iterable[str]) -> str:
    """Every bigram and character of ``texts``, without positions (a notice's ``content_lex``)."""
    found: set[str] = set()
    for text in texts:
        found.update(gram for gram, _ in analysis.index_grams(text))
        found.update(char for char, _ in analysis.index_chars(text))
    return " ".join(quote(lexeme) for lexeme in sorted(found))


# Queries


def run_query(run: str) -> str:
    """The tsquery for one run of letters and digits occurring exactly."""
    if len(run) <= 2:
        return quote(run)
    return " <-> ".join(quote(gram) for gram in analysis.bigrams_of(run))


def unit_query(runs: list[str]) -> str:
    """All ``runs`` in one part (a Term's word or a Phrase)."""
    return " & ".join(f"({run_query(run)})" for run in runs)


def prefilter_query(runs: list[str]) -> str:
    """Every lexeme of ``runs`` ANDed: true for a notice whose part could match :func:`unit_query`."""
    needed: list[str] = []
    for run in runs:
        needed.extend([run] if len(run) <= 2 else analysis.bigrams_of(run))
    return " & ".join(quote(lexeme) for lexeme in dict.fromkeys(needed))


def words_query(words: Iterable[str]) -> str:
    """Any of these jieba words (for ranking), or '' when there are none."""
    return " | ".join(quote(WORD_PREFIX + word) for word in dict.fromkeys(words))
