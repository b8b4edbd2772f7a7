"""The embedded index's layout, and fast reading of its postings.

Each notice is two Whoosh documents: a "notice" document holding the
notice-level values (stored JSON: facets, date, fingerprint, title and
issuing-body names as runs), and a "content" document with three fields over
the notice's title and parts:

* ``chars``: every letter or digit with its count in the notice. A
  one-character query is one term lookup; the notices holding every character
  of a longer string are the only candidates for it.
* ``offsets``: the same characters, each posting holding the character's
  offsets in the notice's runs (see :mod:`search.analysis`) joined by
  :data:`~search.analysis.RUN_SEPARATOR`. A longer string is a phrase over
  these offsets (its characters' offsets must line up), which is exact for
  any length; they are read only for the candidates still in doubt.
* ``words``: jieba accurate-mode words with the user dictionary (long words
  also give their dictionary sub-words) with their counts. Ranking, similar
  passages and word frequencies work on these, and a query string that is
  itself an indexed word matches every notice holding that word without any
  offset being read.

Terms are made here directly, not through Whoosh's token pipeline: a
posting's weight is the term's count in the document; an ``offsets`` value
is a typecode byte and an unsigned 16- or 32-bit array, read back with
``array.frombytes`` rather than decoded number by number in Python (the
codec, :mod:`.whoosh_pool`, pickles it compactly).

This module's path is pickled into the index schema: keep it stable. An index
written with an older layout must be rebuilt (``manage.py rebuild_index``).
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, STORED, FieldType, Schema
from whoosh.formats import Format
from whoosh.reading import TermNotFound

from .. import analysis

NOTICE_KIND = "notice"
CONTENT_KIND = "content"
CHARS_FIELD = "chars"
OFFSETS_FIELD = "offsets"
WORDS_FIELD = "words"
LAYOUT = 2  # bumped whenever what the index stores changes; an index of another layout is rebuilt
_LITTLE_ENDIAN = sys.byteorder == "little"
_SHORT, _LONG = b"H", b"I"


def encode_positions(positions: list[int]) -> bytes:
    """Ascending offsets as a typecode byte and a 16-bit array, or a 32-bit one when they need it."""
    typecode = _SHORT if not positions or positions[-1] < 65536 else _LONG
    packed = array(typecode.decode(), positions)
    if not _LITTLE_ENDIAN:
        packed.byteswap()
    return typecode + packed.tobytes()


def decode_positions(value: bytes) -> array:
    positions = array(chr(value[0]))
    positions.frombytes(memoryview(value)[1:])
    if not _LITTLE_ENDIAN:
        positions.byteswap()
    return positions


class CountFormat(Format):
    """Postings that keep only their weight, the term's count in the document (no value bytes)."""

    posting_size = 0


class PositionsFormat(Format):
    """Postings whose value is the term's packed positions in the document (see :func:`encode_positions`)."""

    def decode_frequency(self, value: bytes) -> int:
        return (len(value) - 1) // (2 if value[:1] == _SHORT else 4)

    def decode_weight(self, value) -> float:
        return self.decode_frequency(value) * self.field_boost

    def decode_positions(self, value) -> list[int]:
        return list(decode_positions(value))


class ContentField(FieldType):
    """A content field whose postings ``add_document`` takes ready-made (see :meth:`postings`).

    Subclasses say what the terms are with a ``counts(value)`` or a
    ``positions(value)`` method.
    """

    layout = LAYOUT

    def __init__(self, field_format: Format):
        # Scorable (a length per document) although scores are computed elsewhere: without a
        # lengths column Whoosh looks for that column on disk once per posting when it commits.
        super().__init__(field_format, analyzer=None, scorable=True)

    def index(self, value, **kwargs):
        """(term bytes, count, weight, value bytes) for each term of ``value``."""
        for term, weight, encoded in self.postings(value):
            yield term, int(weight), weight, encoded


class CharField(ContentField):
    """Every letter or digit of a text's runs (``value``) with its count."""

    def __init__(self):
        super().__init__(CountFormat())

    def postings(self, value: list[str]) -> list[tuple[bytes, float, bytes]]:
        """(term bytes, weight = count, b"") for each distinct character of the runs ``value``."""
        counts = Counter(char for run in value for char in run)
        return [(char.encode("utf-8"), float(count), b"") for char, count in counts.items()]


class OffsetsField(ContentField):
    """Every letter or digit of a text's runs (``value``) with its offsets in the joined runs."""

    def __init__(self):
        super().__init__(PositionsFormat())

    def postings(self, value: list[str]) -> list[tuple[bytes, float, bytes]]:
        """(term bytes, weight 1, packed offsets) for each distinct character of the runs ``value``.

        The weight is left at 1 (the count is in ``chars``): equal weights take no room in a block.
        """
        return [
            (char.encode("utf-8"), 1.0, encode_positions(offsets))
            for char, offsets in analysis.char_offsets(value).items()
        ]


class WordField(ContentField):
    """The jieba words of a text's parts (``value``, a list of texts) with their counts."""

    def __init__(self):
        super().__init__(CountFormat())

    def postings(self, value: list[str]) -> list[tuple[bytes, float, bytes]]:
        """(term bytes, weight = count, b"") for each distinct word of the texts ``value``."""
        counts = Counter(word for text in value for word, _position in analysis.index_words(text))
        return [(word.encode("utf-8"), float(count), b"") for word, count in counts.items()]


# The n-gram layout before LAYOUT 2 pickled these names into its schema: they stay importable so that
# such an index still opens, is found outdated (is_current) and asks for manage.py rebuild_index.


class GramField(ContentField):
    """A field of the earlier n-gram layout (read only to tell that layout apart)."""

    def __init__(self):
        super().__init__(CountFormat())


class OffsetsFormat(PositionsFormat):
    """The earlier n-gram layout's offsets format (read only to tell that layout apart)."""


def build_schema() -> Schema:
    """The index layout: ids, the notice-level values, characters, their offsets and words."""
    return Schema(
        doc_id=ID(unique=True, stored=True),
        notice=ID(stored=True, sortable=True),
        kind=ID(stored=True),
        meta=STORED(),
        **{CHARS_FIELD: CharField(), OFFSETS_FIELD: OffsetsField(), WORDS_FIELD: WordField()},
    )


def is_current(schema) -> bool:
    """Whether an index's schema is this layout (else the index must be rebuilt)."""
    names = (CHARS_FIELD, OFFSETS_FIELD, WORDS_FIELD)
    fields = [schema[name] if name in schema else None for name in names]
    return all(isinstance(field, ContentField) and field.layout == LAYOUT for field in fields)


def posting_blocks(reader, field: str, term: str, *, values=False):
    """(docnums, weights, values or None) of the live documents holding ``term``, a block at a time.

    Reads Whoosh's posting blocks directly: its matcher interface costs a few
    Python calls per posting, which adds up to milliseconds for a term found
    in every notice. ``values`` may be a set of document numbers: then values
    are read only for blocks holding one of them.
    """
    for segment, base in reader.leaf_readers():
        try:
            matcher = segment.postings(field, term)
        except TermNotFound:
            continue
        deleted = segment.deleted_docs_set if segment.has_deletions() else frozenset()
        leaf = getattr(matcher, "child", matcher) if deleted else matcher
        wanted = values if values is False or values is True else _Shifted(values, base)
        for docnums, weights, found in _leaf_blocks(leaf, wanted):
            if deleted:
                live = [i for i, docnum in enumerate(docnums) if docnum not in deleted]
                docnums = [docnums[i] for i in live]
                weights = [weights[i] for i in live]
                found = [found[i] for i in live] if found is not None else None
            if base:
                docnums = [base + docnum for docnum in docnums]
            yield docnums, weights, found


class _Shifted:
    """A set of reader-wide document numbers seen from one segment (its base subtracted)."""

    def __init__(self, docnums: set[int], base: int):
        self.docnums = docnums
        self.base = base

    def any_of(self, docnums) -> bool:
        base = self.base
        return (
            any(base + docnum in self.docnums for docnum in docnums) if base else not self.docnums.isdisjoint(docnums)
        )


def _leaf_blocks(matcher, values):
    if not isinstance(matcher, W3LeafMatcher):  # another codec: the plain, slower interface
        items = []
        while matcher.is_active():
            items.append((matcher.id(), matcher.weight(), matcher.value() if values else None))
            matcher.next()
        if items:
            docnums, weights, found = zip(*items, strict=True)
            yield docnums, weights, found if values else None
        return
    # The block arrays the matcher decodes for its own id()/weight()/value().
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        found = None
        if values is True or (values is not False and values.any_of(matcher._ids)):
            matcher._read_values()
            found = matcher._values
        yield matcher._ids, matcher._weights, found
        matcher._next_block()
