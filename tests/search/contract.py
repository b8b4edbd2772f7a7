"""The search backend contract, as a reusable test mixin.

A backend's test module subclasses :class:`BackendContract` and provides
``make_backend(index_dir)`` returning a fresh, empty backend::

    class TestMyBackend(BackendContract):
        @staticmethod
        def make_backend(index_dir):
            return MyBackend(...)

Every test runs against the five sample notices, indexed once per class.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from archive.models import Committee, InspectionRound, IssueType, IssuingBody, Section
from search import analysis
from search.backends.base import FACETS, HealthReport, SearchFilters, SearchRequest
from search.documents import notice_document, notices_for_indexing
from search.query import AnyOf, Phrase, Query, parse_query
from tests.conftest import SAMPLE_COMMITTEES

from .samples import GOLD_BY_ID, SEED_IDS, SEED_TEXTS, containing, gold_date, sample_archive, small_document, squeeze

ALL = set(SEED_IDS)
# Single words, a word the dictionary keeps whole, one character, numbers, words jieba cuts differently in context.
WORDS = ["巡察", "整改", "公务用车", "两个维护", "八项规定", "三重一大", "车", "酒", "2015", "12388", "津补贴"]
WORDS += ["党工委", "集聚区", "公车"]

# Every kind of query the language has; each backend must give the database's answer for each, under
# every filter combination below (facets alone and with date ranges).
QUERY_KINDS = [*WORDS, '"巡察整改"', '"严格落实中央八项规定精神"', "公务用车 四风", "广州 OR 大鹏", "整改 -深圳"]
QUERY_KINDS += ["-巡察", "title:巡视", "body:广州", "量子纠缠", '"违规发放津补贴"', "车 OR 酒 -2015", ""]
QUERY_KINDS += ['整改 -"巡察整改"', '-"严格落实中央八项规定精神"', 'title:"整改情况" OR body:深圳']
FILTER_KINDS = [
    {},
    {"kind": frozenset({"巡视"})},
    {"year": frozenset({"2015", "2017"}), "kind": frozenset({"巡察"})},
    {"organ": frozenset({"广东省委", "深圳市委"})},  # committee names, turned into ids by with_committee_ids
]
DATE_RANGES = [
    (None, None),
    (dt.date(2016, 1, 1), None),
    (None, dt.date(2017, 12, 31)),
    (dt.date(2016, 1, 1), dt.date(2018, 12, 31)),
]

# Digits that share a number's pieces without holding it (dates have 20, 01 and 15 everywhere), or hold it
# across whitespace (ignored inside a run) or punctuation (which breaks a run), in notices of their own.
NUMBER_TEXTS = {
    "date": "2016年1月15日召开整改会议",
    "split-date": "截至2020年1月底，共15人",
    "longer": "信访编号12015号",
    "space": "20 15年完成整改",
    "line-break": "于201\n5年完成整改",
    "comma": "涉及20,15个单位",
    "enumeration": "第20、15条",
    "chinese-numerals": "二〇一五年",
    "full-width": "２０１５年立行立改",
    "runs-apart": "退回20元。15日内",
    "long-number": "合同号2015010112",
}
NUMBER_QUERIES = ["2015", "015", "12015", "201", "2015年", "2015010112", "015010112", "20 15", '"20 15"']


def number_matches(q: str) -> set[str]:
    """The NUMBER_TEXTS whose title or text holds every unit of ``q`` (the contract, literally)."""
    units = []
    for leaf in parse_query(q).query.must:
        units += [squeeze(leaf.text)] if isinstance(leaf, Phrase) else analysis.query_units(leaf.text)
    return {
        key
        for key, text in NUMBER_TEXTS.items()
        if all(unit in squeeze(f"通报{key}") or unit in squeeze(text) for unit in units)
    }


def number_documents():
    return [small_document(key, text) for key, text in NUMBER_TEXTS.items()]


def with_committee_ids(selected: dict) -> dict:
    """``selected`` with organ values (committee names, readable in the test) as the committee ids searched by."""
    if "organ" not in selected:
        return selected
    ids = Committee.objects.filter(name__in=selected["organ"]).values_list("pk", flat=True)
    return {**selected, "organ": frozenset(str(pk) for pk in ids)}


def gold_values(sid: str) -> dict[str, str]:
    """Facet values of a sample from the hand-checked facts (organ: the id of its committee)."""
    gold = GOLD_BY_ID[sid]
    date = gold_date(sid)
    organ = str(Committee.objects.get(name=SAMPLE_COMMITTEES[sid]).pk)
    return {"kind": gold["inspection_kind"], "organ": organ, "year": str(date.year)}


@pytest.mark.django_db
class BackendContract:
    @staticmethod
    def make_backend(index_dir):
        raise NotImplementedError("a contract test class provides make_backend(index_dir)")

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
            assert backend.rebuild() == len(SEED_IDS)
        return backend

    def run(self, backend, q="", *, sort="relevance", limit=20, offset=0, date_from=None, date_to=None, **selected):
        filters = SearchFilters({f: frozenset(v) for f, v in selected.items()}, date_from, date_to)
        request = SearchRequest(parse_query(q).query, filters, sort=sort, limit=limit, offset=offset)
        return backend.search(request)

    def hit_ids(self, samples, result) -> set[str]:
        assert result.total == len(result.hits) or result.total > len(result.hits)
        return samples.sids(h.key for h in result.hits)

    # Matching

    @pytest.mark.parametrize("word", WORDS)
    def test_a_word_finds_exactly_the_notices_containing_it(self, backend, samples, word):
        expected = containing(word)
        assert expected, f"test word {word} occurs in no sample"
        result = self.run(backend, word)
        assert self.hit_ids(samples, result) == expected
        assert result.total == len(expected)

    def test_words_are_anded_across_the_notice(self, backend, samples):
        expected = containing("公务用车", "四风")
        assert expected and expected != containing("公务用车") and expected != containing("四风")
        assert self.hit_ids(samples, self.run(backend, "公务用车 四风")) == expected

    @pytest.mark.parametrize("phrase", ["巡察整改", "整改情况", "违规发放津补贴", "违反中央八项规定精神"])
    def test_a_phrase_matches_as_written(self, backend, samples, phrase):
        expected = containing(phrase)
        assert expected
        assert self.hit_ids(samples, self.run(backend, f'"{phrase}"')) == expected

    def test_or_needs_either(self, backend, samples):
        guangzhou, dapeng = containing("广州"), containing("大鹏")
        assert guangzhou and dapeng and guangzhou != dapeng
        expected = guangzhou | dapeng
        assert self.hit_ids(samples, self.run(backend, "广州 OR 大鹏")) == expected

    def test_minus_excludes_notices(self, backend, samples):
        expected = containing("整改") - containing("深圳")
        assert expected and expected != containing("整改")
        assert self.hit_ids(samples, self.run(backend, "整改 -深圳")) == expected

    def test_only_exclusions_browse_the_rest(self, backend, samples):
        assert self.hit_ids(samples, self.run(backend, "-巡察")) == ALL - containing("巡察")

    def test_title_prefix_searches_titles_only(self, backend, samples):
        expected = {sid for sid in SEED_IDS if "巡视" in samples.notice(sid).title}
        assert expected and expected != containing("巡视")
        assert self.hit_ids(samples, self.run(backend, "title:巡视")) == expected

    def test_body_prefix_searches_issuing_bodies(self, backend, samples):
        expected = {sid for sid in SEED_IDS if "广州" in notice_document(samples.notice(sid)).body_names}
        assert expected == {"003"}
        assert self.hit_ids(samples, self.run(backend, "body:广州")) == expected

    def test_no_hits(self, backend, samples):
        assert not containing("量子纠缠")
        result = self.run(backend, "量子纠缠")
        assert result.total == 0 and result.hits == []
        assert all(values == [] for values in result.facets.values())

    # Hits point at sections

    def test_hits_carry_their_best_matching_sections(self, backend, samples):
        result = self.run(backend, "公务用车")
        assert result.hits
        for hit in result.hits:
            assert 1 <= len(hit.sections) <= 3
            scores = [s.score for s in hit.sections]
            assert scores == sorted(scores, reverse=True)
            for match in hit.sections:
                if match.kind == "section":
                    section = Section.objects.get(notice__key=hit.key, path=match.path)
                    assert "公务用车" in squeeze(section.heading + section.text)

    def test_relevance_orders_by_score(self, backend, samples):
        scores = [hit.score for hit in self.run(backend, "公务用车").hits]
        assert len(scores) > 1 and all(score > 0 for score in scores)
        assert scores == sorted(scores, reverse=True)

    # Facets, filters, sorting

    def test_browsing_counts_every_facet(self, backend, samples):
        result = self.run(backend)
        assert result.total == len(SEED_IDS)
        for facet in ("kind", "organ", "year"):
            expected = Counter(gold_values(sid)[facet] for sid in SEED_IDS)
            assert dict(result.facets[facet]) == expected
        assert dict(result.facets["body"]) == {str(samples.notice(s).issuing_body_id): 1 for s in SEED_IDS}
        rounds = Counter(str(samples.notice(s).inspection_round_id) for s in SEED_IDS if GOLD_BY_ID[s]["round_label"])
        assert dict(result.facets["round"]) == rounds
        assert set(result.facets) == set(FACETS)

    def test_type_facet_counts_notices_with_a_tagged_section(self, backend, samples):
        result = self.run(backend)
        for slug, count in result.facets["type"]:
            tagged = {s for s in SEED_IDS if samples.notice(s).sections.filter(issue_types__slug=slug).exists()}
            assert count == len(tagged)
        eight = IssueType.objects.get(name="八项规定").slug
        assert dict(result.facets["type"])[eight] == len(SEED_IDS)  # gold: every sample has such a section
        assert self.hit_ids(samples, self.run(backend, type=[eight])) == ALL

    # Issue types belong to sections

    def typed(self, samples, slug: str, sids) -> list[Section]:
        notices = [samples.notice(s) for s in sids]
        return list(Section.objects.filter(notice__in=notices, issue_types__slug=slug))

    def test_type_facet_counts_sections_and_notices_as_the_database(self, backend, samples):
        for selected in ({}, {"kind": ["巡视"]}):
            result = self.run(backend, **selected)
            counted = {s for s in SEED_IDS if not selected or gold_values(s)["kind"] in selected["kind"]}
            assert result.facets["type"]
            for slug, notices in result.facets["type"]:
                sections = self.typed(samples, slug, counted)
                assert notices == len({section.notice_id for section in sections})
                assert result.type_sections[slug] == len(sections)
        # A query narrows the notices counted; each keeps all its sections of the type.
        result = self.run(backend, "公务用车")
        for slug, _notices in result.facets["type"]:
            assert result.type_sections[slug] == len(self.typed(samples, slug, containing("公务用车")))

    def test_choosing_a_type_lists_only_its_sections(self, backend, samples):
        eight = IssueType.objects.get(name="八项规定").slug
        for q in ("", "整改", "公务用车"):
            result = self.run(backend, q, type=[eight])
            assert result.hits
            for hit in result.hits:
                wanted = {s.path for s in Section.objects.filter(notice__key=hit.key, issue_types__slug=eight)}
                assert wanted and 1 <= len(hit.sections) <= 3
                assert all(m.kind == "section" and m.path in wanted for m in hit.sections)
        # Without a query, in document order; with one, sections containing it come first.
        browsing = self.run(backend, type=[eight]).hits[0]
        order = dict(Section.objects.filter(notice__key=browsing.key).values_list("path", "order"))
        assert [order[m.path] for m in browsing.sections] == sorted(order[m.path] for m in browsing.sections)
        for hit in self.run(backend, "公务用车", type=[eight]).hits:
            first = Section.objects.get(notice__key=hit.key, path=hit.sections[0].path)
            typed_texts = [squeeze(s.heading + s.text) for s in self.typed(samples, eight, samples.sids([hit.key]))]
            if any("公务用车" in text for text in typed_texts):
                assert "公务用车" in squeeze(first.heading + first.text)

    def test_other_facets_count_the_notices_a_type_leaves(self, backend, samples):
        slug = IssueType.objects.get(name="信访线索").slug
        having = {s for s in SEED_IDS if self.typed(samples, slug, [s])}
        assert having and having != ALL
        result = self.run(backend, type=[slug])
        assert self.hit_ids(samples, result) == having
        assert dict(result.facets["kind"]) == Counter(gold_values(s)["kind"] for s in having)

    def test_facets_are_disjunctive(self, backend, samples):
        result = self.run(backend, kind=["巡察"])
        xuncha = {s for s in SEED_IDS if gold_values(s)["kind"] == "巡察"}
        assert self.hit_ids(samples, result) == xuncha
        # The kind facet ignores its own selection; the others apply it.
        assert dict(result.facets["kind"]) == Counter(gold_values(s)["kind"] for s in SEED_IDS)
        assert dict(result.facets["organ"]) == Counter(gold_values(s)["organ"] for s in xuncha)

    def test_values_of_one_facet_or_and_facets_and(self, backend, samples):
        both_years = self.run(backend, year=["2015", "2017"])
        assert self.hit_ids(samples, both_years) == {s for s in SEED_IDS if gold_values(s)["year"] in {"2015", "2017"}}
        combined = self.run(backend, year=["2015", "2017"], kind=["巡察"])
        assert self.hit_ids(samples, combined) == {"000"}
        provincial = [str(pk) for pk in Committee.objects.filter(level="省").values_list("pk", flat=True)]
        none = self.run(backend, kind=["巡察"], organ=provincial)
        assert none.total == 0
        assert dict(none.facets["kind"]) == {"巡视": 3, "巡察": 0}  # the chosen value stays, with its count

    def test_body_and_round_filters(self, backend, samples):
        guangzhou = samples.notice("003").issuing_body_id
        assert self.hit_ids(samples, self.run(backend, body=[str(guangzhou)])) == {"003"}
        round_id = InspectionRound.objects.get(label=GOLD_BY_ID["001"]["round_label"]).pk
        assert self.hit_ids(samples, self.run(backend, round=[str(round_id)])) == {"001"}
        assert IssuingBody.objects.count() == len(SEED_IDS)

    def test_organ_filter_is_the_committee_with_its_place(self, backend, samples):
        shenzhen = Committee.objects.get(name="深圳市委")
        assert self.hit_ids(samples, self.run(backend, organ=[str(shenzhen.pk)])) == {"000", "001"}
        provinces = [str(c.pk) for c in Committee.objects.filter(name__in=["广东省委", "浙江省委"])]
        assert self.hit_ids(samples, self.run(backend, organ=provinces)) == {"003", "004"}
        counts = dict(self.run(backend).facets["organ"])
        assert {Committee.objects.get(pk=pk).name: n for pk, n in counts.items()} == Counter(SAMPLE_COMMITTEES.values())

    def test_query_and_facets_combine(self, backend, samples):
        result = self.run(backend, "整改", kind=["巡视"])
        expected = containing("整改") & {s for s in SEED_IDS if gold_values(s)["kind"] == "巡视"}
        assert self.hit_ids(samples, result) == expected
        assert dict(result.facets["kind"]) == Counter(gold_values(s)["kind"] for s in containing("整改"))
        assert self.run(backend, "巡察", kind=["巡视"]).total == 0

    def test_date_range_uses_feedback_then_publication_date(self, backend, samples):
        start, end = dt.date(2016, 1, 1), dt.date(2018, 12, 31)
        expected = {s for s in SEED_IDS if start <= gold_date(s) <= end}
        assert expected == {"000", "002", "004"}
        assert self.hit_ids(samples, self.run(backend, date_from=start, date_to=end)) == expected
        assert self.hit_ids(samples, self.run(backend, date_from=dt.date(2020, 1, 1))) == {"001"}

    @pytest.mark.parametrize("q", QUERY_KINDS)
    def test_hits_totals_and_facets_are_the_databases_answer(self, backend, samples, q):
        truth = DatabaseTruth(samples)
        query = parse_query(q).query
        for selected in map(with_committee_ids, FILTER_KINDS):
            for date_from, date_to in DATE_RANGES:
                case = f"q={q!r} filters={dict(selected)} dates={date_from}..{date_to}"
                filters = SearchFilters(selected, date_from, date_to)
                result = backend.search(SearchRequest(query, filters, limit=50))
                expected = truth.hits(query, filters)
                assert self.hit_ids(samples, result) == expected, case
                assert result.total == len(expected), case
                for facet in FACETS:
                    counts = dict(result.facets[facet])
                    assert {v: c for v, c in counts.items() if c} == truth.facet(facet, query, filters), case
                    assert set(selected.get(facet, ())) <= set(counts), case

    def test_sorting(self, backend, samples):
        by_date = sorted(SEED_IDS, key=gold_date)
        newest = [samples.ids[h.key] for h in self.run(backend, sort="newest").hits]
        oldest = [samples.ids[h.key] for h in self.run(backend, sort="oldest").hits]
        assert newest == by_date[::-1]
        assert oldest == by_date
        # Without a query, relevance means newest first.
        assert [samples.ids[h.key] for h in self.run(backend).hits] == newest

    def test_pagination(self, backend, samples):
        newest = [h.key for h in self.run(backend, sort="newest").hits]
        page = self.run(backend, sort="newest", limit=2, offset=2)
        assert page.total == len(SEED_IDS)
        assert [h.key for h in page.hits] == newest[2:4]

    @pytest.mark.parametrize(("q", "kind"), [("整改", []), ("公务用车", []), ("整改", ["巡视"])])
    def test_a_count_request_gives_the_total_and_the_facets_without_hits(self, backend, samples, q, kind):
        full, count = self.run(backend, q, limit=50, kind=kind), self.run(backend, q, limit=0, kind=kind)
        assert count.total == full.total > 0
        assert count.hits == []
        assert count.facets == full.facets

    def test_facet_size_cuts_lists_after_one_extra_value(self, backend, samples):
        request = SearchRequest(facet_size=2)
        facets = backend.search(request).facets
        assert len(facets["year"]) == 3  # five years, two requested: one more shows the cut

    def test_excluded_notices_are_left_out(self, backend, samples):
        request = SearchRequest(exclude_notices=frozenset({samples.keys["000"]}))
        assert samples.sids(h.key for h in backend.search(request).hits) == ALL - {"000"}

    # Index bookkeeping

    def test_fingerprints_match_the_database(self, backend, samples):
        expected = {n.key: notice_document(n).fingerprint for n in notices_for_indexing()}
        assert backend.fingerprints() == expected

    def test_health(self, backend, samples):
        report = backend.health()
        assert isinstance(report, HealthReport) and report.ok
        assert report.documents == len(SEED_IDS)

    def test_word_frequencies(self, backend, samples):
        total, frequencies = backend.word_frequencies(["整改", "量子纠缠"])
        assert total > len(SEED_IDS)
        assert frequencies["整改"] > 0 and frequencies["量子纠缠"] == 0

    def test_similar_sections_come_from_other_notices(self, backend, samples):
        section = samples.notice("000").sections.get(path="2.2.4")
        hits = backend.similar_sections(section, limit=5)
        assert 1 <= len(hits) <= 5
        assert all(hit.key != samples.keys["000"] for hit in hits)
        assert all(hit.url.startswith(f"/notices/{hit.key}/") for hit in hits)
        assert all(hit.title for hit in hits)

    def test_similar_sections_share_distinctive_words_and_mark_only_those(self, backend, samples):
        """Words every notice uses (问题, 违反, 存在 …) neither make passages similar nor are marked in them."""
        import re

        from search.highlight import GENERIC_WORDS

        marked_words = set()
        for section in samples.notice("000").sections.exclude(text="")[:12]:
            query = backend.similar_query(section)
            if query is None:
                continue
            assert not {leaf.text for leaf in query.positive_leaves()} & GENERIC_WORDS
            for hit in backend.similar_sections(section, limit=5):
                marked_words.update(re.findall(r"<mark>(.*?)</mark>", hit.snippet))
        assert marked_words  # the likeness is shown
        assert not any(word in GENERIC_WORDS for word in marked_words), marked_words & GENERIC_WORDS
        assert not {"问题", "违反", "存在"} & marked_words

    @pytest.mark.parametrize("q", NUMBER_QUERIES)
    def test_a_number_matches_as_a_substring_of_the_runs(self, samples, tmp_path, q):
        backend = self.make_backend(tmp_path / "numbers")
        backend.index_documents(number_documents())
        result = self.run(backend, q, limit=50)
        expected = number_matches(q)
        assert {hit.key for hit in result.hits} == expected
        assert result.total == len(expected)

    def test_writes_replace_and_remove(self, samples, tmp_path):
        backend = self.make_backend(tmp_path / "fresh")
        document = notice_document(samples.notice("003"))
        backend.index_documents([document])
        backend.index_documents([document])  # replacing, not duplicating
        assert backend.fingerprints() == {document.key: document.fingerprint}
        assert self.run(backend, "广州").total == 1
        backend.remove_notice(document.key)
        backend.remove_notice("no-such-key")
        assert backend.fingerprints() == {}
        assert self.run(backend, "广州").total == 0


class DatabaseTruth:
    """What a search over the samples should answer, worked out from the database and the seed texts.

    Matching follows the contract in :mod:`search.backends.base` literally (every
    unit of a word occurs somewhere in the notice's text); facet values come from
    the notice rows and the hand-checked gold facts, dates from the gold facts.
    """

    def __init__(self, samples):
        self.values: dict[str, dict[str, set[str]]] = {}
        self.titles: dict[str, str] = {}
        self.bodies: dict[str, str] = {}
        for sid in SEED_IDS:
            notice = samples.notice(sid)
            gold = gold_values(sid)
            types = set(IssueType.objects.filter(sections__notice=notice).values_list("slug", flat=True))
            self.values[sid] = {
                "body": {str(notice.issuing_body_id)},
                "round": {str(notice.inspection_round_id)} if notice.inspection_round_id else set(),
                "type": types,
                **{facet: {gold[facet]} for facet in ("kind", "organ", "year")},
            }
            self.titles[sid] = squeeze(notice.title)
            names = [notice.issuing_body.name, *notice.issuing_body.aliases, notice.issuing_body_text]
            self.bodies[sid] = "\n".join(squeeze(name) for name in names if name)

    def _text(self, sid: str, field: str | None) -> str:
        if field == "title":
            return self.titles[sid]
        if field == "body":
            return self.bodies[sid]
        return SEED_TEXTS[sid]

    def _leaf(self, sid: str, leaf) -> bool:
        text = self._text(sid, leaf.field)
        if isinstance(leaf, Phrase):
            return squeeze(leaf.text) in text
        return all(unit in text for unit in analysis.query_units(leaf.text))

    def _node(self, sid: str, node) -> bool:
        return (
            any(self._node(sid, option) for option in node.options)
            if isinstance(node, AnyOf)
            else self._leaf(sid, node)
        )

    def matches(self, query: Query) -> set[str]:
        return {
            sid
            for sid in SEED_IDS
            if all(self._node(sid, n) for n in query.must) and not any(self._node(sid, n) for n in query.must_not)
        }

    def _passes(self, sid: str, filters: SearchFilters, ignore: str | None = None) -> bool:
        for facet, chosen in filters.selected.items():
            if facet != ignore and chosen and not chosen & self.values[sid][facet]:
                return False
        date = gold_date(sid)
        if filters.date_from and (date is None or date < filters.date_from):
            return False
        return not (filters.date_to and (date is None or date > filters.date_to))

    def hits(self, query: Query, filters: SearchFilters) -> set[str]:
        return {sid for sid in self.matches(query) if self._passes(sid, filters)}

    def facet(self, facet: str, query: Query, filters: SearchFilters) -> dict[str, int]:
        """Counts of one facet: the notices passing the query, the dates and every other facet's selection."""
        counts: Counter = Counter()
        for sid in self.matches(query):
            if self._passes(sid, filters, ignore=facet):
                counts.update(self.values[sid][facet])
        return dict(counts)
