"""How text becomes search terms: one place for indexing and querying.

Three views of the same text are indexed (the PostgreSQL backend stores all
three; the embedded index stores the words, and the characters of the runs
with their offsets, :func:`char_offsets`):

* **words**: jieba accurate-mode words (with the archive's user dictionary),
  positions are word ordinals; a long word also emits its dictionary
  sub-words at its own position, so 整改 is found inside 巡察整改.
* **bigrams**: every pair of adjacent letters/digits, positioned by character
  ordinal. A phrase of bigrams is an exact substring match, whatever way
  jieba cut the text in context.
* **chars**: single letters/digits, for one-character queries (车 inside 公车).

Whitespace inside a run of text is ignored (sources break words with stray
spaces); punctuation breaks a run. Text is lower-cased and full-width forms
are folded character by character, so offsets into the original stay valid.

This module's path is pickled into the Whoosh schema: keep it stable.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import jieba
from whoosh.analysis import Token, Tokenizer

from archive.parsing.script import simplified_char

USER_DICT = Path(__file__).with_name("userdict.txt")

_jieba_lock = threading.Lock()
_jieba_ready = False


def segmenter() -> jieba.Tokenizer:
    """The process-wide jieba segmenter, initialised once with the user dictionary.

    ``load_userdict`` is not thread-safe, hence the lock; cutting afterwards is.
    """
    global _jieba_ready
    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(30)
                jieba.initialize()
                jieba.load_userdict(str(USER_DICT))
                _jieba_ready = True
    return jieba.dt


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:
        return char.lower()
    # Traditional characters fold to simplified ones (巡視 → 巡视), so a notice reposted in
    # traditional script is found by the same words; one character for one keeps offsets valid.
    return simplified_char(folded.lower())


@lru_cache(maxsize=1)
def _fold_map() -> tuple[re.Pattern, dict[str, str]]:
    """Every BMP character that :func:`_fold` changes, and a pattern finding them or any non-BMP character.

    Most text (Chinese characters) folds to itself, so finding the few that do
    not with a regular expression is far faster than folding each character.
    """
    table = {}
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:  # surrogates are not characters
            continue
        char = chr(code)
        folded = _fold(char)
        if folded != char:
            table[char] = folded
    ranges: list[list[int]] = []
    for code in sorted(map(ord, table)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    members = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return re.compile(f"[{members}\U00010000-\U0010ffff]"), table


def normalize(text: str) -> str:
    """Lower-case and fold full-width forms; the result has the same length as ``text``."""
    if text.isascii():
        return text.lower()
    pattern, table = _fold_map()
    return pattern.sub(lambda match: table.get(match.group()) or _fold(match.group()), text)


def _is_term_char(char: str) -> bool:
    return char.isalnum()


# A term character is alphanumeric (``str.isalnum``); ``\w`` is exactly that plus "_".
_SPACES = re.compile(r"\s+")
_BREAKS = re.compile(r"[\W_]+")


def segment(text: str) -> list[tuple[str, int, int]]:
    """Accurate-mode words of ``text`` as (word, start, end), skipping punctuation and space."""
    norm = normalize(text)
    return [
        (word, start, end)
        for word, start, end in segmenter().tokenize(norm, mode="default", HMM=True)
        if any(_is_term_char(c) for c in word)
    ]


def _sub_words(word: str) -> list[str]:
    """Dictionary words strictly inside ``word`` (2 characters or more)."""
    if len(word) <= 2:
        return []
    freq = segmenter().FREQ
    found = []
    for size in range(len(word) - 1, 1, -1):
        for start in range(len(word) - size + 1):
            sub = word[start : start + size]
            if freq.get(sub) and sub not in found:
                found.append(sub)
    return found


def index_words(text: str) -> Iterator[tuple[str, int]]:
    """(term, position) for the words field: each word, then its sub-words at the same position."""
    for position, (word, _start, _end) in enumerate(segment(text)):
        yield word, position
        for sub in _sub_words(word):
            yield sub, position


def query_tokens(text: str) -> list[str]:
    """The words a user's query text stands for, cut the same way as indexed text."""
    return [word for word, _start, _end in segment(text)]


def query_units(text: str) -> list[str]:
    """What a query's words require: each unit must occur as a substring.

    These are :func:`query_tokens`, except that a one-character word joins the
    word it touches (集聚区 is cut 集聚/区; 区 alone would match almost anything),
    so such a query asks for the string as typed.
    """
    units: list[tuple[str, int, int]] = []
    carry: tuple[str, int, int] | None = None
    for word, start, end in segment(text):
        if carry is not None:
            if carry[2] == start:
                word, start = carry[0] + word, carry[1]
            else:
                units.append(carry)
            carry = None
        if len(word) == 1 and units and units[-1][2] == start:
            units[-1] = (units[-1][0] + word, units[-1][1], end)
        elif len(word) == 1:
            carry = (word, start, end)
        else:
            units.append((word, start, end))
    if carry is not None:
        units.append(carry)
    return [unit for unit, _start, _end in units]


def runs(text: str) -> list[str]:
    """Runs of letters and digits (normalised); whitespace is dropped, punctuation splits."""
    return [run for run in _BREAKS.split(_SPACES.sub("", normalize(text))) if run]


def squeeze(text: str) -> str:
    """``text`` normalised without whitespace: a run of :func:`runs` occurs in it exactly as often as in the runs.

    Cheaper than :func:`runs` when only containment or counts of runs matter.
    """
    return _SPACES.sub("", normalize(text))


def bigrams_of(run: str) -> list[str]:
    """The overlapping character pairs of one run (a 1-character run has none)."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_grams(text: str) -> Iterator[tuple[str, int]]:
    """(bigram, position) over all runs; runs are separated by a gap of one position."""
    position = 0
    for run in runs(text):
        for offset, gram in enumerate(bigrams_of(run)):
            yield gram, position + offset
        position += len(run) + 1


def index_chars(text: str) -> Iterator[tuple[str, int]]:
    """(character, position) for every letter or digit."""
    position = 0
    for run in runs(text):
        for offset, char in enumerate(run):
            yield char, position + offset
        position += len(run) + 1


# What the embedded index stores beside words: characters at their offsets.

RUN_SEPARATOR = "\x00"  # joins runs; no term contains it, so nothing matches across runs


def char_offsets(text_runs: list[str]) -> dict[str, list[int]]:
    """Each character's offsets in the runs joined by :data:`RUN_SEPARATOR` (ascending)."""
    offsets: dict[str, list[int]] = defaultdict(list)
    base = 0
    for run in text_runs:
        for offset, char in enumerate(run, base):
            offsets[char].append(offset)
        base += len(run) + 1
    return offsets


class _PairTokenizer(Tokenizer):
    """Whoosh tokenizer over one of the (term, position) generators above."""

    generator = staticmethod(index_words)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, mode="", **kwargs):  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for term, position in self.generator(value):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + position
            yield token


class WordTokenizer(_PairTokenizer):
    generator = staticmethod(index_words)


class BigramTokenizer(_PairTokenizer):
    generator = staticmethod(index_grams)


class CharTokenizer(_PairTokenizer):
    generator = staticmethod(index_chars)
