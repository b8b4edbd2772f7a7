"""Text, tsvector and tsquery literals for the PostgreSQL backend, from the archive's own analysis.

PostgreSQL's parser would keep a whole run of Chinese as one token, so the
searchable forms are written here, for the ``simple`` configuration, from the
same views :mod:`search.analysis` gives the Whoosh backend:

* matching (per notice): :func:`content_text`, the notice's parts (title,
  sections, pseudo-sections) as their normalised runs, runs separated by a
  space and parts by a line break. The database indexes it through the SQL
  function ``search_lexemes`` (migration 0009; :func:`lexemes` is the same
  set in Python): every character, every bigram within a run and every
  substring of 3 to :data:`MAX_NUMBER_GRAM` digits of a digit sequence,
  without positions, in a GIN index. A query unit is prefiltered there; a
  unit of one run of one or two characters, or of up to eight digits, is
  decided there; a longer one is confirmed with ``strpos`` on the text, which
  is exact (a run never spans a space or a line break). Digit bigrams are in
  nearly every notice (any date has 20, 01, 15), so their prefilter alone
  would leave almost every notice to confirm: numbers have their own lexemes.
* ``title:`` and ``body:`` (per notice, short texts): character bigrams at
  their positions and single characters, matched as bigram phrases.
* ranking (per notice): the jieba words and their sub-words at word
  positions, prefixed with ``_``, title and headings with weight A.

A tsvector holds at most 16,383 positions and 256 per lexeme: the title and
names vectors are short, and the ranking vector may lose positions past the
limits (it only orders hits). The matching text has no such limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import analysis
from ..documents import NoticeDocument

WORD_PREFIX = "_"
MAX_POSITION = 16383
MAX_PER_LEXEME = 256
RUN_SEPARATOR = " "
PART_SEPARATOR = "\n"
# Longest digit string indexed whole: years, compact dates (20150101), hotlines; longer numbers are
# prefiltered by their pieces of this length and confirmed on the parts.
MAX_NUMBER_GRAM = 8
_DIGITS = re.compile(r"[0-9]{3,}")


def quote(lexeme: str) -> str:
    """A lexeme as a quoted tsvector/tsquery literal."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


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


def text_vector(text: str) -> str:
    """Bigrams with positions and characters of a short text (a title, body names).

    Positions follow :func:`search.analysis.index_grams` (runs one position apart); those past
    PostgreSQL's limits are dropped, which a title or a list of names never reaches.
    """
    grams: dict[str, list[int]] = {}
    chars: dict[str, None] = {}  # in order of first occurrence: the same text gives the same literal
    for gram, position in analysis.index_grams(text):
        found = grams.setdefault(gram, [])
        if len(found) < MAX_PER_LEXEME and position < MAX_POSITION:
            found.append(position + 1)
    for run in analysis.runs(text):
        chars.update(dict.fromkeys(run))
    entries = [f"{quote(gram)}:{','.join(map(str, ps))}" if ps else quote(gram) for gram, ps in grams.items()]
    entries.extend(quote(char) for char in chars)
    return " ".join(entries)


def content_text(texts: Iterable[str]) -> str:
    """The matching text of a notice's parts: runs joined by a space, parts by a line break."""
    return PART_SEPARATOR.join(RUN_SEPARATOR.join(analysis.runs(text)) for text in texts)


def lexemes(content: str) -> set[str]:
    """What ``search_lexemes`` makes of a :func:`content_text`: characters, bigrams within runs, number grams."""
    found: set[str] = set()
    for part in content.split(PART_SEPARATOR):
        for run in part.split(RUN_SEPARATOR):
            found.update(run)
            found.update(analysis.bigrams_of(run))
            found |= number_grams(run)
    found.discard("")
    return found


@dataclass
class NoticeVectors:
    """Everything the backend writes for one notice besides its facet values."""

    title: str
    names: str
    content: str
    parts: int  # the title, sections and pseudo-sections: lines of ``content``
    words: str


def notice_vectors(document: NoticeDocument) -> NoticeVectors:
    """The notice row's matching text and vectors; each text is analysed once."""
    words, word_position = _WordVector(), 0
    texts = [(document.title, document.title)] + [(p.content, p.heading) for p in document.sections]
    for content, heading in texts:
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
        content=content_text(content for content, _heading in texts),
        parts=len(texts),
        words=words.literal(),
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
