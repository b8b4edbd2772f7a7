"""tsvector and tsquery text for the PostgreSQL backend, from the archive's own analysis.

PostgreSQL's parser would keep a whole run of Chinese as one token, so the
literals are written here, for the ``simple`` configuration, from the same
views :mod:`search.analysis` gives the Whoosh backend:

* matching (per part, and per notice without positions): character bigrams
  at their character positions, so a run of three or more characters is the
  phrase of its bigrams (``'巡察' <-> '察整' <-> '整改'``) and matches exactly
  where the run occurs; and single characters (one-character queries);
* numbers (per notice, without positions): every substring of 3 to
  :data:`MAX_NUMBER_GRAM` digits of each digit sequence in a run, so a
  number query is decided exactly by the notice's GIN index. Digit bigrams
  are in nearly every notice (any date has 20, 01, 15), so their phrase
  alone would leave almost every notice to confirm on its parts;
* ranking (per notice): the jieba words and their sub-words at word
  positions, prefixed with ``_``, title and headings with weight A.

A tsvector holds at most 16,383 positions and 256 per lexeme, so long parts
are cut into overlapping chunks (see :func:`part_vectors`), smaller where a
bigram repeats more than 256 times; the overlap is the longest possible
query, so any query run that occurs in a part occurs whole in one chunk, with
all its positions. The ranking vector may lose positions past the limits: it
only orders hits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .. import analysis
from ..documents import NoticeDocument
from ..query import MAX_QUERY_LENGTH

WORD_PREFIX = "_"
MAX_POSITION = 16383
MAX_PER_LEXEME = 256
CHUNK_CHARS = 4000
CHUNK_OVERLAP = MAX_QUERY_LENGTH
# 257 characters hold at most 256 bigrams: no lexeme can lose a position.
MIN_CHUNK_CHARS = MAX_PER_LEXEME + 1
# Longest digit string indexed whole: years, compact dates (20150101), hotlines; longer numbers are
# prefiltered by their pieces of this length and confirmed on the parts.
MAX_NUMBER_GRAM = 8
_DIGITS = re.compile(r"[0-9]{3,}")


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


class _WordVector:
    """Ranking words → positions with weights; positions past PostgreSQL's limits are dropped."""

    def __init__(self) -> None:
        self.positions: dict[str, list[str]] = {}

    def add(self, lexeme: str, position: int, weight: str) -> None:
        found = self.positions.setdefault(lexeme, [])
        if len(found) < MAX_PER_LEXEME and position < MAX_POSITION:
            found.append(f"{position + 1}{weight}")

    def literal(self) -> str:
        return " ".join(f"{quote(lexeme)}:{','.join(ps)}" for lexeme, ps in self.positions.items() if ps)


def number_grams(run: str) -> set[str]:
    """Every substring of 3 to MAX_NUMBER_GRAM digits of the digit sequences in ``run`` (a normalised run)."""
    found: set[str] = set()
    for match in _DIGITS.finditer(run):
        digits = match.group()
        for size in range(3, min(len(digits), MAX_NUMBER_GRAM) + 1):
            found.update(digits[start : start + size] for start in range(len(digits) - size + 1))
    return found


def is_number_lexeme(run: str) -> bool:
    """Whether ``run`` is itself a lexeme of :func:`number_grams` (so the notice's GIN index decides it)."""
    return 3 <= len(run) <= MAX_NUMBER_GRAM and run.isascii() and run.isdigit()


def _positions(positions: list[int], heading_end: int) -> str:
    return ",".join(f"{p + 1}A" if p < heading_end else str(p + 1) for p in positions)


def _match_vector(text: str, heading: str = "") -> tuple[str, set[str], bool]:
    """(tsvector literal, lexemes, overflow) of ``text``: bigrams with positions (weight A within
    ``heading``) and characters; the lexemes also hold the :func:`number_grams`. Positions follow
    :func:`search.analysis.index_grams`: runs one position apart. ``overflow`` says a bigram would
    lose positions to PostgreSQL's limits.
    """
    heading_end = sum(len(run) + 1 for run in analysis.runs(heading)) - 1 if heading else 0
    grams: dict[str, list[int]] = {}
    chars: set[str] = set()
    numbers: set[str] = set()
    position = 0
    # The hot loop of indexing: plain dict and list operations, no helper calls per bigram.
    for run in analysis.runs(text):
        chars.update(run)
        if _DIGITS.search(run):
            numbers |= number_grams(run)
        for offset in range(len(run) - 1):
            found = grams.get(run[offset : offset + 2])
            if found is None:
                grams[run[offset : offset + 2]] = [position + offset]
            else:
                found.append(position + offset)
        position += len(run) + 1
    overflow = position > MAX_POSITION or any(len(ps) > MAX_PER_LEXEME for ps in grams.values())
    entries = []
    for gram, found in grams.items():
        kept = [p for p in found[:MAX_PER_LEXEME] if p < MAX_POSITION]
        entries.append(f"{quote(gram)}:{_positions(kept, heading_end)}" if kept else quote(gram))
    entries.extend(quote(char) for char in chars)
    return " ".join(entries), chars.union(grams, numbers), overflow


def part_vectors(content: str, heading: str = "", size: int = CHUNK_CHARS) -> tuple[list[str], set[str]]:
    """tsvector literals for a part of any length (chunks within the limits), and all its lexemes."""
    literals, lexemes = [], set()
    for number, chunk in enumerate(chunks(content, size)):
        chunk_heading = heading if number == 0 else ""
        literal, found, overflow = _match_vector(chunk, chunk_heading)
        lexemes |= found
        if overflow and size > MIN_CHUNK_CHARS:
            literals.extend(part_vectors(chunk, chunk_heading, max(MIN_CHUNK_CHARS, size // 2))[0])
        else:
            literals.append(literal)
    return literals, lexemes


def text_vector(text: str) -> str:
    """Bigrams with positions and characters of a short text (a title, body names)."""
    return _match_vector(text)[0]


@dataclass
class NoticeVectors:
    """Everything the backend writes for one notice."""

    title: str
    names: str
    content_lex: str
    words: str
    parts: list[tuple[str, str, int, str]] = field(default_factory=list)  # kind, path, order, tsvector


def notice_vectors(document: NoticeDocument, *, title_kind: str) -> NoticeVectors:
    """The notice row's and the part rows' vectors; each text is analysed once."""
    lexemes: set[str] = set()
    words, word_position = _WordVector(), 0
    parts: list[tuple[str, str, int, str]] = []
    texts = [(title_kind, "", 0, document.title, document.title)]
    texts += [(p.kind, p.path, p.order, p.content, p.heading) for p in document.sections]
    for kind, path, order, content, heading in texts:
        literals, found = part_vectors(content, heading)
        lexemes |= found
        parts.extend((kind, path, order, literal) for literal in literals)
        heading_words = len(analysis.segment(heading)) if heading else 0
        last = -1
        for word, position in analysis.index_words(content):
            weight = "A" if position < heading_words else ""
            words.add(WORD_PREFIX + word, word_position + position, weight)
            last = position
        word_position += last + 2  # a gap: no cover spans two parts
    return NoticeVectors(
        title=text_vector(document.title),
        names=text_vector(document.body_names),
        content_lex=" ".join(quote(lexeme) for lexeme in sorted(lexemes)),
        words=words.literal(),
        parts=parts,
    )


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
    """Every lexeme of ``runs`` ANDed: true for a notice whose part could match :func:`unit_query`.

    Exact for a single run of one or two characters or of digits only (up to MAX_NUMBER_GRAM).
    """
    needed: list[str] = []
    for run in runs:
        if len(run) <= 2 or is_number_lexeme(run):
            needed.append(run)
            continue
        needed.extend(analysis.bigrams_of(run))
        # A longer number's pieces narrow the candidates far more than its digit bigrams.
        for match in _DIGITS.finditer(run):
            digits = match.group()
            size = min(len(digits), MAX_NUMBER_GRAM)
            needed.extend(digits[start : start + size] for start in range(len(digits) - size + 1))
    return " & ".join(quote(lexeme) for lexeme in dict.fromkeys(needed))


def words_query(words: Iterable[str]) -> str:
    """Any of these jieba words (for ranking), or '' when there are none."""
    return " | ".join(quote(WORD_PREFIX + word) for word in dict.fromkeys(words))
