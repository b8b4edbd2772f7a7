"""The contract every search backend fulfils.

A backend indexes :class:`~search.documents.NoticeDocument` objects (one per
published notice, its sections searchable separately) and answers a
:class:`SearchRequest`: a parsed :class:`~search.query.Query`, facet filters,
a sort and a page. Matching is per NOTICE: every ``must`` node must occur
somewhere in the notice (title or any section; ``title``/``body`` fields only
in the title / issuing-body names), no ``must_not`` node anywhere. A Term's
text is cut with :func:`search.analysis.query_units` and each unit must occur
as a substring of the normalised text (:func:`search.analysis.runs`); a
Phrase's runs must occur as written.

Facets (:data:`FACETS`) count NOTICES: for each facet, the notices matching
the query, the date range and every *other* facet's selection (values within
one facet are ORed, facets ANDed). Backends return counts; labels, links and
HTML are the search service's job.

Issue types belong to SECTIONS. The ``type`` facet also counts, per type, the
sections carrying it in the notices it counts (``SearchResult.type_sections``).
With a type chosen, a notice passes when it has a section of a chosen type,
and the sections listed for a hit are only those sections (ranked by the
query's content pieces, in document order without a query). Constructors must not touch the disk or
the network: open lazily.
"""

from __future__ import annotations

import datetime as dt
import math
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .. import analysis
from ..documents import NoticeDocument, document_for_key, notice_document, notices_for_indexing
from ..highlight import GENERIC_WORDS
from ..query import AnyOf, Query, Term

FACETS = ("body", "round", "type", "kind", "organ", "year")
SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class KeyOnly:
    """What ``index_notice`` needs of a notice: its key (the backend reads the notice's current state itself)."""

    key: str


@dataclass(frozen=True)
class SearchFilters:
    """Facet selections (facet → allowed values) and an inclusive date range."""

    selected: Mapping[str, frozenset[str]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def allows(self, values: Mapping[str, tuple[str, ...]], date: str, *, ignore: str | None = None) -> bool:
        """Whether a notice with these facet ``values`` and ISO ``date`` passes (skipping facet ``ignore``)."""
        for facet, chosen in self.selected.items():
            if facet != ignore and chosen and not chosen.intersection(values.get(facet, ())):
                return False
        if self.date_from and (not date or date < self.date_from.isoformat()):
            return False
        return not (self.date_to and (not date or date > self.date_to.isoformat()))


@dataclass(frozen=True)
class SearchRequest:
    query: Query = field(default_factory=Query)
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "relevance"  # without a query, relevance means newest
    offset: int = 0
    limit: int = 20
    sections_per_hit: int = 3
    facets: tuple[str, ...] = FACETS
    facet_size: int | None = None  # at most facet_size + 1 values per facet (so the caller sees a cut)
    exclude_notices: frozenset[str] = frozenset()


@dataclass
class SectionMatch:
    """A matching part of a notice: a section path, or a pseudo-section kind with path ""."""

    path: str
    kind: str
    score: float


@dataclass
class NoticeMatch:
    key: str
    score: float
    sections: list[SectionMatch] = field(default_factory=list)


@dataclass
class SearchResult:
    total: int
    hits: list[NoticeMatch]
    # facet → [(value, count)], counts > 0, by count descending then value; selected values always present.
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # type slug → sections carrying it in the notices the type facet counts (for the listed type values).
    type_sections: dict[str, int] = field(default_factory=dict)


@dataclass
class HealthReport:
    ok: bool
    documents: int = 0
    messages: list[str] = field(default_factory=list)


class IndexBusyError(RuntimeError):
    """The index stayed locked by another writer for longer than the backend waits."""


class SearchBackend(ABC):
    """Abstract search backend; see the module docstring for the matching rules."""

    name = "abstract"
    #: Whether writes go through the IndexTask queue (a single-writer index such as Whoosh).
    queues_writes = False

    @abstractmethod
    def index_documents(self, documents: Iterable[NoticeDocument]) -> int:
        """Add or replace these notices (all their parts); returns how many were written."""

    @abstractmethod
    def remove_notice(self, key: str) -> None:
        """Remove a notice from the index; removing an absent notice is not an error."""

    @abstractmethod
    def clear(self) -> None:
        """Empty the index (creating it if needed)."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """Matching notices for ``request``: total, the requested page, facet counts."""

    @abstractmethod
    def fingerprints(self) -> dict[str, str]:
        """Indexed notice key → the fingerprint stored with it."""

    @abstractmethod
    def word_frequencies(self, words: Iterable[str]) -> tuple[int, dict[str, int]]:
        """(number of indexed parts, word → number of parts containing it as a word)."""

    @abstractmethod
    def health(self) -> HealthReport:
        """Whether the index can be opened and searched, with a short explanation."""

    def index_notice(self, notice) -> None:
        """Bring the index in line with the stored notice: index it if published, else remove it.

        The notice is read again from the database, so the freshest version wins.
        """
        document = document_for_key(notice.key)
        if document is None:
            self.remove_notice(notice.key)
        else:
            self.index_documents([document])

    def apply_pending(self, *, wait: bool = True, lock_wait: float | None = None, max_chars: int | None = None) -> int:
        """Apply queued index tasks (backends that queue writes); returns how many notices were written."""
        return 0

    def segment_count(self) -> int:
        """How many separately written pieces the index has (backends that merge them later)."""
        return 0

    def merge_segments(self, *, optimize: bool = False, threshold: int = 0) -> tuple[int, int]:
        """Index maintenance (merging what writes appended); (pieces before, after). Never run in a request."""
        return 0, 0

    def derived_problems(self) -> list[str]:
        """Messages (Chinese) on totals the backend keeps beside its entries that disagree with them."""
        return []

    def repair_derived(self) -> None:
        """Recount what :meth:`derived_problems` reports from the backend's own entries."""
        return None  # a backend keeping no totals beside its entries has nothing to recount

    def rebuild(self, *, batch_size: int = 50, progress: Callable[[int], None] | None = None) -> int:
        """Empty the index and index every published notice; returns the number indexed."""
        self.clear()
        total, batch = 0, []
        for notice in notices_for_indexing().iterator(chunk_size=batch_size):
            batch.append(notice_document(notice))
            if len(batch) >= batch_size:
                total += self._flush(batch, progress)
        return total + self._flush(batch, progress)

    def _flush(self, batch: list[NoticeDocument], progress) -> int:
        if not batch:
            return 0
        written = self.index_documents(batch)
        if progress:
            progress(len(batch))
        batch.clear()
        return written

    def facet_counts(self, request: SearchRequest) -> dict[str, list[tuple[str, int]]]:
        """Only the facet counts of ``request``."""
        return self.search(SearchRequest(**{**request.__dict__, "limit": 0})).facets

    def similar_query(self, section, *, terms: int = 8) -> Query | None:
        """A query of the section's most distinctive words (tf × idf), any of which may match."""
        # Words every notice uses (问题, 整改 …) make no passage like another.
        text = f"{section.heading}\n{section.text}"
        words = Counter(w for w in analysis.query_tokens(text) if len(w) >= 2 and w not in GENERIC_WORDS)
        if not words:
            return None
        total, frequencies = self.word_frequencies(words)
        scored = {w: tf * math.log((total + 1) / (1 + frequencies.get(w, 0))) for w, tf in words.items()}
        best = sorted(scored, key=lambda w: (-scored[w], w))[:terms]
        return Query(must=(AnyOf(tuple(Term(w) for w in best)),))

    def similar_sections(self, section, *, limit: int = 5) -> list:
        """Sections of OTHER notices that share the most distinctive words of ``section``.

        Returns :class:`search.services.SimilarHit` items (key, title, path, heading, snippet, url).
        """
        from ..services import similar_hits

        query = self.similar_query(section)
        if query is None:
            return []
        request = SearchRequest(
            query=query, limit=limit, sections_per_hit=1, facets=(), exclude_notices=frozenset({section.notice.key})
        )
        return similar_hits(self.search(request), query, limit=limit)
