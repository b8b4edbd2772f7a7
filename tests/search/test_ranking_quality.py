"""Section ranking against the judged researcher queries: nDCG@10 of the search's order and of plain BM25.

Both judged sets are scored alike: the one the ranking was tuned on and the
held-out one it never saw. ``pytest tests/search/test_ranking_quality.py -s``
prints the per-kind tables.
"""

from __future__ import annotations

import os
from statistics import mean

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from archive.models import Notice, Section
from search import ranking
from search.backends.base import SearchRequest
from search.backends.postgres import PostgresBackend
from search.backends.whoosh import WhooshBackend
from search.query import parse_query
from search.services import run_search
from search.synonyms import SynonymTable, added_texts, widen

from .judged import SETS, JudgedSet, PlainBM25, ndcg, part_id, table
from .samples import containing, sample_archive


def search_order(backend, samples, q: str, *, synonyms: bool = True) -> list[str]:
    """The parts a relevance search ranks for ``q``, best first, as judged ids."""
    query = parse_query(q).query
    widenings = []
    if synonyms:
        query, widenings = widen(query, SynonymTable.from_database())
    strict = backend.search(SearchRequest(query=query, limit=50, sections_per_hit=0, facets=()))
    ranked = ranking.rank_search(backend, query, strict, filters=strict_filters(), synonyms=added_texts(widenings))
    return [part_id(samples.ids[p.key], p.path, p.kind) for p in ranked.flat]


def notice_order(backend, samples, q: str) -> list[str]:
    """The order the search had before ranking by section: notices by score, each with its parts."""
    request = SearchRequest(query=parse_query(q).query, limit=50, sections_per_hit=1000, facets=())
    return [part_id(samples.ids[h.key], s.path, s.kind) for h in backend.search(request).hits for s in h.sections]


def strict_filters():
    from search.backends.base import SearchFilters

    return SearchFilters()


def baseline(samples) -> PlainBM25:
    parts = {}
    for notice in Notice.objects.all():
        sid = samples.ids[notice.key]
        if notice.preamble.strip():
            parts[part_id(sid, "", "preamble")] = notice.preamble
        for section in Section.objects.filter(notice=notice).order_by("order"):
            parts[part_id(sid, section.path, "section")] = f"{section.heading}\n{section.text}"
        if notice.closing.strip():
            parts[part_id(sid, "", "closing")] = notice.closing
    return PlainBM25(parts)


def scores(judged: JudgedSet, order) -> dict[str, dict[str, float]]:
    per_query = {q["q"]: ndcg(order(q["q"]), q["grades"]) for q in judged.queries}
    by_kind = {kind: mean(per_query[q["q"]] for q in judged.queries if q["kind"] == kind) for kind in judged.kinds}
    return {**by_kind, "overall": mean(per_query.values()), "_queries": per_query}


@pytest.mark.django_db
class RankingQuality:
    setting = ""  # SEARCH_BACKEND for the search service

    @staticmethod
    def make_backend(index_dir):
        raise NotImplementedError("a test class provides make_backend(index_dir)")

    @pytest.fixture(scope="class")
    @classmethod
    def samples(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        with sample_archive(django_db_blocker, tmp_path_factory.mktemp("media")) as archive:
            yield archive

    @pytest.fixture(scope="class")
    @classmethod
    def backend(cls, samples, django_db_blocker, tmp_path_factory):
        backend = cls.make_backend(tmp_path_factory.mktemp("index"))
        with django_db_blocker.unblock():
            backend.rebuild()
        yield backend
        with django_db_blocker.unblock():
            backend.clear()  # PostgreSQL's search tables outlive the class: later tests must not see the samples

    @pytest.fixture
    def service(self, backend, settings):
        """The search service on this class's backend."""
        settings.SEARCH_BACKEND = self.setting
        if self.setting == "whoosh":
            settings.SEARCH_INDEX_DIR = backend.index_dir

        def search(query_string: str):
            return run_search(QueryDict(query_string), base_url=reverse("search:search"))

        return search

    @pytest.mark.parametrize("judged", SETS, ids=lambda s: s.name)
    def test_search_order_beats_plain_bm25_on_every_kind(self, backend, samples, judged):
        bm25 = baseline(samples)
        ours = scores(judged, lambda q: search_order(backend, samples, q))
        plain = scores(judged, bm25.rank)
        no_synonyms = scores(judged, lambda q: search_order(backend, samples, q, synonyms=False))
        before = scores(judged, lambda q: notice_order(backend, samples, q))
        print(f"\nnDCG@10 on {len(judged.queries)} judged queries, {judged.name} set ({backend.name})")
        rows = {"search": ours, "no synonyms": no_synonyms, "by notice": before, "plain BM25": plain}
        print(table(rows, judged.kinds))
        for q in judged.queries:
            print(f"  {q['kind']:<10} {q['q']:<16} {ours['_queries'][q['q']]:.3f}  {plain['_queries'][q['q']]:.3f}")
        assert ours["overall"] >= 0.85
        for kind in judged.kinds:
            assert ours[kind] > plain[kind], kind

    def test_several_words_rank_sections_holding_all_first(self, backend, samples):
        order = search_order(backend, samples, "三重一大 国企")
        assert order[:2] and set(order[:2]) <= {"003:2.1.3", "003:2.2.2", "001:2.5.1"}

    def test_a_notice_lacking_one_word_still_offers_its_best_section(self, backend, samples):
        # 004 has 三重一大 (its section 1.3 is about it) but never 国企: it used to drop out entirely.
        assert "004:1.3" in search_order(backend, samples, "三重一大 国企")

    def test_the_page_ranks_sections_and_names_partial_notices(self, service, samples):
        page = service("q=三重一大+国企")
        assert page.count == len(containing("三重一大", "国企"))  # the strict count is the backends' own
        partial = {samples.ids[h.key]: h.missing for h in page.hits if h.missing}
        assert partial and all(missing == ["国企"] for missing in partial.values())
        assert set(partial) == containing("三重一大") - containing("国企")
        assert page.partial == len(partial)
        strict = [h for h in page.hits if not h.missing]
        assert {samples.ids[h.key] for h in strict} == containing("三重一大", "国企")
        first = page.hits[0].sections[0]
        assert first.missing == []
        assert any(s.missing == ["国企"] for h in page.hits for s in h.sections)

    def test_the_best_section_comes_first_whichever_notice_holds_it(self, service, samples):
        page = service("q=公车")
        first = (samples.ids[page.hits[0].key], page.hits[0].sections[0].path)
        assert first in {("000", "2.2.4.7"), ("001", "2.4.3")}

    def test_synonyms_widen_the_query_and_can_be_turned_off(self, service, samples):
        widened = service("q=公车")
        assert [(w.word, "公务用车" in w.added) for w in widened.widenings] == [("公车", True)]
        assert widened.count == len(containing("公车") | containing("公务用车") | containing("公务车辆"))
        assert "syn=0" in widened.synonyms_url
        typed = service("q=公车&syn=0")
        assert typed.synonyms_off and typed.count == len(containing("公车"))
        assert "syn" not in typed.synonyms_url
        assert service("q=收缴").count > service("q=收缴&syn=0").count

    def test_a_word_found_nowhere_is_named_and_can_be_dropped(self, service, samples):
        page = service("q=公车+量子纠缠")
        assert page.count == 0 and page.hints.unmatched == ["量子纠缠"]
        assert page.hints.without_q == "公车" and "q=%E5%85%AC%E8%BD%A6" in page.hints.without_url
        assert page.hits and all(h.missing == ["量子纠缠"] for h in page.hits)

    def test_a_misspelling_gets_near_spellings_the_archive_holds(self, service, samples):
        page = service("q=公物用车")
        assert page.count == 0 and page.hints.unmatched == ["公物用车"]
        assert all(h.missing == ["公物"] for h in page.hits)  # notices holding 用车 follow, marked partial
        suggested = {s.spelling: s.notices for s in page.hints.suggestions}
        assert suggested.get("公务用车") == len(containing("公务用车"))
        assert all(n > 0 for n in suggested.values())

    def test_the_api_says_what_the_page_says(self, service, client, samples):
        data = client.get(reverse("api:search"), {"q": "三重一大 国企"}).json()
        assert data["count"] == len(containing("三重一大", "国企")) and data["partial"] >= 1
        partial = [r for r in data["results"] if r["partial"]]
        assert partial and all(r["missing"] == ["国企"] for r in partial)
        assert any(s["missing"] == ["国企"] for r in data["results"] for s in r["sections"])
        data = client.get(reverse("api:search"), {"q": "公车"}).json()
        assert data["synonyms_used"] and data["synonyms"][0]["word"] == "公车"
        assert "公务用车" in data["synonyms"][0]["added"] and "syn=0" in data["synonyms_toggle_url"]
        assert data["hints"] is None
        data = client.get(reverse("api:search"), {"q": "公车 量子纠缠"}).json()
        assert data["hints"]["unmatched"] == ["量子纠缠"] and data["hints"]["without_q"] == "公车"
        assert data["hints"]["without_url"].startswith("http://testserver/search/?q=")

    def test_pages_continue_in_the_backends_order_past_the_ranked_notices(self, service, samples, monkeypatch):
        from search import services

        monkeypatch.setattr(services, "RANK_DEPTH", 2)
        monkeypatch.setattr(services, "PAGE_SIZE", 2)
        pages = [service(f"q=整改&page={n}") for n in (1, 2, 3)]
        keys = [h.key for page in pages for h in page.hits]
        assert len(keys) == len(set(keys)) == pages[0].count == len(containing("整改"))
        assert pages[0].pages == 3 and all(h.sections for h in pages[0].hits)

    def test_a_chosen_type_ranks_only_its_sections(self, service, samples):
        from archive.models import IssueType

        slug = IssueType.objects.get(name="八项规定").slug
        page = service(f"q=公车&type={slug}")
        assert page.hits
        for hit in page.hits:
            for section in hit.sections:
                tagged = Section.objects.get(notice__key=hit.key, path=section.path)
                assert tagged.issue_types.filter(slug=slug).exists(), (hit.key, section.path)


class TestRankingOnWhoosh(RankingQuality):
    setting = "whoosh"

    @staticmethod
    def make_backend(index_dir):
        return WhooshBackend(index_dir)


@pytest.mark.postgres
class TestRankingOnPostgres(RankingQuality):
    setting = "postgres"

    @staticmethod
    def make_backend(index_dir):
        if connection.vendor != "postgresql":
            if os.environ.get("ARCHIVE_REQUIRE_POSTGRES") == "1":
                pytest.fail(f"ARCHIVE_REQUIRE_POSTGRES=1 but the database is {connection.vendor}")
            pytest.skip("the PostgreSQL backend needs DATABASE_URL=postgres://… (make test-postgres starts a server)")
        return PostgresBackend()
