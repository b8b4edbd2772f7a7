"""Two reference points for the search benchmark, run on the same data as the archive's backends.

* :class:`CommonRecipe`: what a tutorial does: Whoosh with
  ``jieba.analyse.ChineseAnalyzer``, one document per section with its text
  stored, ``groupedby`` facets and Whoosh's own highlighter.
* :class:`IcontainsScan`: no index at all: ``icontains`` over the sections
  table, facets by ``GROUP BY``, snippets from the first matching section.

Both answer the benchmark's query mix the way they naturally would; their hit
counts are printed beside the archive's so differences in meaning show.
"""

from __future__ import annotations

from pathlib import Path

from django.db.models import Count, Exists, OuterRef, Q

PAGE = 20
FACET_FIELDS = {"kind": "inspection_kind", "year": "year", "body": "issuing_body_id"}


def _words(q: str) -> list[list[str]]:
    """The mix's queries as AND of OR-groups of plain strings (quotes dropped)."""
    groups: list[list[str]] = []
    tokens = q.replace('"', " ").split()
    for i, token in enumerate(tokens):
        if token == "OR" or (i > 0 and tokens[i - 1] == "OR"):
            if token != "OR":
                groups[-1].append(token)
            continue
        groups.append([token])
    return groups


class CommonRecipe:
    """Whoosh + jieba's stock ChineseAnalyzer, facets with ``groupedby``."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self.ix = None

    def build(self) -> float:
        """Index every section of every published notice; returns the index size in bytes."""
        from jieba.analyse import ChineseAnalyzer
        from whoosh import index
        from whoosh.fields import ID, STORED, TEXT, Schema

        from archive.models import Section

        schema = Schema(
            notice=ID(stored=True),
            path=STORED(),
            content=TEXT(analyzer=ChineseAnalyzer(), stored=True),
            kind=ID(sortable=True),
            year=ID(sortable=True),
            body=ID(sortable=True),
        )
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self.ix = index.create_in(str(self.index_dir), schema)
        # Two processes, as a tutorial for a large corpus would suggest.
        writer = self.ix.writer(limitmb=256, procs=2, multisegment=True)
        sections = Section.objects.filter(notice__status="published").select_related("notice")
        for s in sections.iterator(chunk_size=2000):
            date = s.notice.feedback_on or s.notice.published_on
            writer.add_document(
                notice=s.notice.key,
                path=s.path,
                content=f"{s.heading}\n{s.text}",
                kind=s.notice.inspection_kind or "-",
                year=str(date.year) if date else "-",
                body=str(s.notice.issuing_body_id or "-"),
            )
        writer.commit()
        return sum(f.stat().st_size for f in self.index_dir.iterdir())

    def search(self, params: dict) -> int:
        from whoosh import query as wq
        from whoosh.qparser import QueryParser

        parsed = QueryParser("content", self.ix.schema).parse(params["q"])
        selected = [wq.Term(f, params[f]) for f in ("kind", "year") if params.get(f)]
        with self.ix.searcher() as searcher:
            results = searcher.search(
                parsed, limit=PAGE, filter=wq.And(selected) if selected else None, groupedby=["kind", "year", "body"]
            )
            for facet in ("kind", "year", "body"):
                results.groups(facet)
            for hit in results:
                hit.highlights("content")
            return len(results)


class IcontainsScan:
    """A plain substring scan of the sections table through the ORM."""

    def search(self, params: dict) -> int:
        from archive.models import Notice, Section
        from search import highlight

        notices = Notice.objects.published()
        for group in _words(params["q"]):
            condition = Q()
            for word in group:
                found = Section.objects.filter(notice=OuterRef("pk")).filter(
                    Q(text__icontains=word) | Q(heading__icontains=word)
                )
                condition |= Q(Exists(found))
            notices = notices.filter(condition)
        filtered = notices
        if params.get("kind"):
            filtered = filtered.filter(inspection_kind=params["kind"])
        if params.get("year"):
            filtered = filtered.filter(feedback_on__year=int(params["year"]))
        for field in ("inspection_kind", "issuing_body_id"):
            list(notices.values(field).annotate(n=Count("id")).order_by())
        list(notices.values("feedback_on__year").annotate(n=Count("id")).order_by())
        page = list(filtered.order_by("-feedback_on", "-id")[:PAGE])
        words = [w for group in _words(params["q"]) for w in group]
        for notice in page:
            section = Section.objects.filter(notice=notice, text__icontains=words[0]).first() if words else None
            highlight.snippet(section.text if section else notice.text[:300], words)
        return filtered.count()
