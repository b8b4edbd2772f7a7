"""The embedded index's layout, and fast reading of its postings.

Each notice is two Whoosh documents: a "notice" document holding the
notice-level values (stored JSON: facets, date, fingerprint, title and
issuing-body names as runs), and a "content" document whose terms are every
1- to 4-character substring of the notice's title and parts (runs of letters
and digits, see :mod:`search.analysis`). A query piece of up to four
characters is then one term lookup; a longer piece is found through the
4-grams that cover it, whose postings keep their offsets.

Terms are made here directly from the text's runs, not through Whoosh's
token pipeline: a posting's weight is the term's count in the document, the
4-gram postings add their offsets as an unsigned 32-bit array. Scores are
computed by the backend from these counts and the notice lengths kept in the
notice document.

This module's path is pickled into the index schema: keep it stable. An index
written with an older layout must be rebuilt (``manage.py rebuild_index``).
"""

from __future__ import annotations

import sys
from array import array

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, STORED, FieldType, Schema
from whoosh.formats import Format
from whoosh.reading import TermNotFound

from .. import analysis

NOTICE_KIND = "notice"
CONTENT_KIND = "content"
GRAM_FIELDS = {size: f"g{size}" for size in range(1, analysis.GRAM_SIZE + 1)}
# The longest grams keep their offsets too. A field of their own would make 4-character lookups
# a little faster, but every write would then carry a quarter more terms (a block each).
OFFSETS_FIELD = GRAM_FIELDS[analysis.GRAM_SIZE]
_LITTLE_ENDIAN = sys.byteorder == "little"


def encode_offsets(offsets: list[int]) -> bytes:
    packed = array("I", offsets)
    if not _LITTLE_ENDIAN:
        packed.byteswap()
    return packed.tobytes()


def decode_offsets(value: bytes) -> array:
    offsets = array("I")
    offsets.frombytes(value)
    if not _LITTLE_ENDIAN:
        offsets.byteswap()
    return offsets


class CountFormat(Format):
    """Postings that keep only their weight, the term's count in the document (no value bytes)."""

    posting_size = 0


class OffsetsFormat(Format):
    """Postings whose value is every start offset of the term in the document."""

    def decode_frequency(self, value: bytes) -> int:
        return len(value) // 4

    def decode_weight(self, value: bytes) -> float:
        return self.decode_frequency(value) * self.field_boost

    def decode_positions(self, value: bytes) -> list[int]:
        return list(decode_offsets(value))


class GramField(FieldType):
    """The ``size``-character substrings of a text; ``add_document`` takes the text's runs.

    With ``offsets`` each posting also records where the substring starts in
    the runs joined by :data:`search.analysis.RUN_SEPARATOR`.
    """

    def __init__(self, size: int, *, offsets: bool = False):
        # Scorable (a length per document) although scores are computed elsewhere: without a
        # lengths column Whoosh looks for that column on disk once per posting when it commits.
        super().__init__(OffsetsFormat() if offsets else CountFormat(), analyzer=None, scorable=True)
        self.size = size
        self.offsets = offsets

    def index(self, value, **kwargs):
        """(term bytes, count, weight, value bytes) for each distinct substring of the runs ``value``."""
        for term, weight, encoded in self.postings(value):
            yield term, int(weight), weight, encoded

    def postings(self, runs: list[str]) -> list[tuple[bytes, float, bytes]]:
        """(term bytes, weight = count, value bytes) for each distinct substring of ``runs``."""
        if self.offsets:
            return [
                (gram.encode("utf-8"), float(len(offsets)), encode_offsets(offsets))
                for gram, offsets in analysis.ngram_offsets(runs, self.size).items()
            ]
        counts = analysis.ngram_counts(runs, self.size)
        return [(gram.encode("utf-8"), float(count), b"") for gram, count in counts.items()]


def build_schema() -> Schema:
    """The index layout: ids, the notice-level values, and one n-gram field per size."""
    fields = {
        "doc_id": ID(unique=True, stored=True),
        "notice": ID(stored=True, sortable=True),
        "kind": ID(stored=True),
        "meta": STORED(),
    }
    for size, name in GRAM_FIELDS.items():
        fields[name] = GramField(size, offsets=name == OFFSETS_FIELD)
    return Schema(**fields)


def posting_blocks(reader, field: str, term: str, *, values: bool = False):
    """(docnums, weights, values or None) of the live documents holding ``term``, a block at a time.

    Reads Whoosh's posting blocks directly: its matcher interface costs a few
    Python calls per posting, which adds up to milliseconds for a term found
    in every notice.
    """
    for segment, base in reader.leaf_readers():
        try:
            matcher = segment.postings(field, term)
        except TermNotFound:
            continue
        deleted = segment.deleted_docs_set if segment.has_deletions() else frozenset()
        leaf = getattr(matcher, "child", matcher) if deleted else matcher
        for docnums, weights, found in _leaf_blocks(leaf, values):
            if deleted:
                live = [i for i, docnum in enumerate(docnums) if docnum not in deleted]
                docnums = [docnums[i] for i in live]
                weights = [weights[i] for i in live]
                found = [found[i] for i in live] if values else None
            if base:
                docnums = [base + docnum for docnum in docnums]
            yield docnums, weights, found


def _leaf_blocks(matcher, values: bool):
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
        if values:
            matcher._read_values()
        yield matcher._ids, matcher._weights, matcher._values if values else None
        matcher._next_block()
