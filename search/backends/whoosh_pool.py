"""How the embedded index's writers buffer postings, and the codec they write them with.

Whoosh's own pool keeps one tuple per posting, sorts them all at commit and,
past its memory limit, pickles every posting to a run file and merges the
runs posting by posting: most of the time of a large rebuild. Postings of a
document arrive together and documents arrive in number order, so each
term's postings are already in order; :class:`TermPool` appends them to the
term's lists, sorts only the distinct terms, and spills whole terms with
``marshal``. The backend also hands it a document's postings in one call
(:meth:`TermPool.add_terms`) instead of one call per posting.

:class:`PackedCodec` is Whoosh's codec with smaller, faster-to-read posting
blocks. Its class is recorded in each segment of the index: keep this
module's path stable.
"""

from __future__ import annotations

import heapq
import marshal
import tempfile
from array import array
from pathlib import Path

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter

# The pool's estimate of its memory: per posting (array items, list slot, growth), per value
# (a bytes object), per distinct term (its key, two arrays and a list).
_POSTING_BYTES = 40
_VALUE_BYTES = 33
_TERM_BYTES = 300


class TermPool:
    """Collects ``(field, term, docnum, weight, value)`` postings; yields them sorted."""

    def __init__(self, folder: Path, limitmb: int):
        self.folder = folder
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.fields: dict[str, dict[bytes, tuple[array, array, list]]] = {}
        self.runs: list = []  # temporary files, each holding whole terms in order

    def add(self, item) -> None:
        """Add one posting (Whoosh's writer calls this for each posting it indexes or merges)."""
        field, term, docnum, weight, value = item
        store = self.fields.get(field)
        if store is None:
            store = self.fields[field] = {}
        entry = store.get(term)
        if entry is None:
            entry = store[term] = (array("q"), array("d"), [])
            self.size += _TERM_BYTES
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(value)
        self.size += _POSTING_BYTES + (_VALUE_BYTES + len(value) if value else 0)
        if self.size > self.limit:
            self._spill()

    def add_terms(self, field: str, docnum: int, terms) -> None:
        """Add a document's postings in ``field`` at once: (term bytes, weight, value bytes) items."""
        store = self.fields.setdefault(field, {})
        size = 0
        for term, weight, value in terms:
            entry = store.get(term)
            if entry is None:
                entry = store[term] = (array("q"), array("d"), [])
                size += _TERM_BYTES
            entry[0].append(docnum)
            entry[1].append(weight)
            entry[2].append(value)
            size += _POSTING_BYTES + (_VALUE_BYTES + len(value) if value else 0)
        self.size += size
        if self.size > self.limit:
            self._spill()

    def _memory_run(self):
        for field in sorted(self.fields):
            terms = self.fields[field]
            for term in sorted(terms):
                docnums, weights, values = terms[term]
                yield (field, term), docnums.tobytes(), weights.tobytes(), values

    def _spill(self) -> None:
        run = tempfile.TemporaryFile(dir=self.folder, suffix=".run")
        for entry in self._memory_run():
            marshal.dump(entry, run)
        run.seek(0)
        self.runs.append(run)
        self.fields = {}
        self.size = 0

    @staticmethod
    def _file_run(run):
        while True:
            try:
                yield marshal.load(run)
            except EOFError:
                return

    def iter_postings(self):
        """Every posting, by field, term and document number."""
        sources = [self._file_run(run) for run in self.runs] + [self._memory_run()]
        # Equal terms come from earlier runs first, whose documents come first.
        merged = heapq.merge(*sources, key=lambda entry: entry[0])
        for (field, term), docnum_bytes, weight_bytes, values in merged:
            docnums, weights = array("q"), array("d")
            docnums.frombytes(docnum_bytes)
            weights.frombytes(weight_bytes)
            postings = zip(docnums, weights, values, strict=True)
            if any(docnums[i] > docnums[i + 1] for i in range(len(docnums) - 1)):
                postings = sorted(postings, key=lambda posting: posting[0])
            for docnum, weight, value in postings:
                yield field, term, docnum, weight, value

    def cleanup(self) -> None:
        for run in self.runs:
            run.close()
        self.runs = []
        self.fields = {}


class PackedPostingsWriter(W3PostingsWriter):
    """Whoosh's posting blocks, pickled compactly.

    Whoosh pickles each block with protocol 2, where a bytes value becomes a
    latin-1 text rebuilt through a function call when read: about 1.5 × its
    size on disk and a Python call per posting to read back. Here each byte
    value is written as an int (a plain binary opcode in protocol 2, read in
    C) with a 0x01 byte on top to keep its length, and whole-number weights
    as ints (a float costs 9 bytes). :class:`PackedLeafMatcher` turns the
    values back into bytes.
    """

    def _mini_weights(self):
        weights = super()._mini_weights()
        if isinstance(weights, tuple) and all(weight == int(weight) for weight in weights):
            return tuple(map(int, weights))
        return weights

    def _mini_values(self):
        values = super()._mini_values()
        if isinstance(values, tuple):
            return tuple(
                int.from_bytes(value + b"\x01", "little") if isinstance(value, bytes) else value for value in values
            )
        return values


def _value_bytes(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8, "little")[:-1]


class PackedLeafMatcher(W3LeafMatcher):
    """Whoosh's block reader, giving the values of :class:`PackedPostingsWriter` blocks back as bytes."""

    def _read_values(self):
        super()._read_values()
        values = self._values
        if values and isinstance(values[0], int):
            self._values = tuple(map(_value_bytes, values))


class PackedCodec(W3Codec):
    """Whoosh's codec without zlib block compression, with compactly pickled blocks.

    Every term of a small segment is a block of its own, compressed and
    decompressed again at every merge and read: without compression the index
    is larger, writing and reading faster.
    """

    def __init__(self):
        super().__init__(compression=0)

    def postings_writer(self, dbfile, byteids=False):
        return PackedPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():  # a term's only posting, kept in the terms file as Whoosh writes it
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


def codec() -> W3Codec:
    """The codec the backend writes with."""
    return PackedCodec()


def install(writer, folder: Path, limitmb: int) -> None:
    """Give a fresh Whoosh ``SegmentWriter`` this pool (its ``poolclass`` argument is ignored).

    Also skips the per-block length statistics, which Whoosh reads back one
    posting at a time at commit: they serve only its own BM25 block skipping,
    and this index is scored by the backend.
    """
    writer.pool = TermPool(folder, limitmb)
    writer.codec.length_stats = False
