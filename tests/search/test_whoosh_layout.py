"""The embedded index's building blocks: text folding, runs, packed offsets, exact long pieces, readers, the pool."""

from __future__ import annotations

import random

import pytest

from search import analysis
from search.backends import whoosh_schema
from search.backends.base import SearchRequest
from search.backends.whoosh import WhooshBackend
from search.backends.whoosh_match import _contains
from search.backends.whoosh_pool import TermPool
from search.documents import NoticeDocument, SectionDocument
from search.query import parse_query


def _runs_one_by_one(text: str) -> list[str]:
    """The definition of runs, character by character."""
    found, current = [], []
    for char in "".join(analysis._fold(c) for c in text):
        if char.isalnum():
            current.append(char)
        elif not char.isspace() and current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def test_normalize_folds_every_character_as_fold_does():
    text = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000) + "𝐀𝟙😀"
    assert analysis.normalize(text) == "".join(analysis._fold(c) for c in text)


def test_runs_and_squeeze_agree_with_the_definition():
    alphabet = "整改巡察车ABCａｂｃ１２3_-,。 \u3000\t\n·（）İß"
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        expected = _runs_one_by_one(text)
        assert analysis.runs(text) == expected
        squeezed = analysis.squeeze(text)
        for run in expected:
            assert squeezed.count(run) == analysis.RUN_SEPARATOR.join(expected).count(run)


@pytest.mark.parametrize("positions", [[], [0], [3, 7, 65535], [0, 65536], [5, 2**32 - 1]])
def test_positions_pack_and_unpack(positions):
    value = whoosh_schema.encode_positions(positions)
    assert list(whoosh_schema.decode_positions(value)) == positions
    assert whoosh_schema.PositionsFormat().decode_frequency(value) == len(positions)
    assert len(value) == 1 + len(positions) * (2 if not positions or positions[-1] < 65536 else 4)


@pytest.mark.parametrize(
    ("piece", "runs", "expected"),
    [
        ("abab", ["xababx"], True),
        ("abab", ["abaab", "ab"], False),  # never across runs
        ("aaa", ["aa", "aa"], False),
        ("aaa", ["baaab"], True),
        ("整改", ["改整", "整", "改"], False),
    ],
)
def test_offsets_line_up_only_where_the_piece_is(piece, runs, expected):
    offsets = analysis.char_offsets(runs)
    found = {char: (len(offsets[char]), whoosh_schema.encode_positions(offsets[char])) for char in set(piece)}
    if any(not offsets[char] for char in set(piece)):
        return
    assert _contains(piece, found) is expected


def _document(key: str, *texts: str) -> NoticeDocument:
    parts = tuple(SectionDocument(str(i), "section", "", text, i) for i, text in enumerate(texts, start=1))
    return NoticeDocument(key, f"通报{key}", "", "", "", (), "巡察", "市委", "2020", "2020-01-01", parts)


@pytest.mark.django_db
def test_long_pieces_match_only_as_written(tmp_path):
    backend = WhooshBackend(tmp_path)
    backend.index_documents(
        [
            _document("whole", "一是违反中央八项规定精神问题。"),
            _document("apart", "违反中央八项工作,另有八项规定精神的学习。"),  # every covering gram, not in line
            _document("comma", "违反中央八项,规定精神"),  # punctuation breaks the run
            _document("parts", "坚决反对违反中央", "八项规定精神"),  # parts never join
            _document("spaced", "违反中央 八项规定\n精神"),  # whitespace inside a run is ignored
        ]
    )

    def keys(q: str) -> set[str]:
        return {hit.key for hit in backend.search(SearchRequest(parse_query(q).query)).hits}

    assert keys('"违反中央八项规定精神"') == {"whole", "spaced"}
    assert keys('"中央八项规定"') == {"whole", "spaced"}
    assert keys("八项规定精神") == {"whole", "apart", "parts", "spaced"}
    assert keys('"反中央八"') == {"whole", "apart", "comma", "spaced"}
    assert keys("规") == {"whole", "apart", "comma", "parts", "spaced"}
    assert keys('"精神问题学习"') == set()


@pytest.mark.django_db
def test_offsets_past_65535_characters_are_found(tmp_path):
    backend = WhooshBackend(tmp_path)
    filler = "甲乙丙丁" * 17000  # 68,000 characters
    backend.index_documents([_document("long", filler + "违反中央八项规定精神" + filler, "丁甲乙")])
    hits = backend.search(SearchRequest(parse_query('"中央八项规定"').query)).hits
    assert [hit.key for hit in hits] == ["long"]
    assert backend.search(SearchRequest(parse_query('"丁甲乙丙丁甲"').query)).total == 1
    assert backend.search(SearchRequest(parse_query('"丁甲乙丁"').query)).total == 0


@pytest.mark.django_db
def test_a_write_reopens_only_the_changed_segments(tmp_path):
    backend = WhooshBackend(tmp_path)
    backend.index_documents([_document("a", "巡察整改落实"), _document("b", "巡察整改通报")])
    backend.index_documents([_document("c", "整改台账")])
    first = backend._searcher().reader()
    kept = {id(reader) for reader, _base in first.leaf_readers()}
    assert backend.search(SearchRequest(parse_query("整改").query)).total == 3
    backend.remove_notice("a")  # a deletion inside the first segment
    backend.index_documents([_document("d", "整改完成")])  # and a new segment
    reader = backend._searcher().reader()
    readers = [id(leaf) for leaf, _base in reader.leaf_readers()]
    assert len(readers) == 3 and readers[1] in kept and readers[0] not in kept
    found = backend.search(SearchRequest(parse_query("整改").query))
    assert {hit.key for hit in found.hits} == {"b", "c", "d"} and found.total == 3
    assert backend.fingerprints().keys() == {"b", "c", "d"}
    folder = tmp_path / backend._live_generation()
    assert not list(folder.glob("*.seg"))  # plain segment files, never copied into memory to be read


def test_the_pool_yields_postings_sorted_across_spills(tmp_path):
    pool = TermPool(tmp_path, limitmb=1)
    pool.limit = 2000  # spill every few dozen postings
    rng = random.Random(3)
    added = []
    for docnum in range(300):
        for term in rng.sample([b"a", b"b", b"c", b"d", b"e", b"f"], 3):
            for field in ("g1", "g2"):
                item = (field, term, docnum, float(docnum % 5 + 1), b"x" * (docnum % 3))
                pool.add(item)
                added.append(item)
    assert len(pool.runs) > 3
    assert list(pool.iter_postings()) == sorted(added)
    pool.cleanup()
    assert pool.runs == []


@pytest.mark.django_db
def test_an_index_with_an_older_layout_asks_for_a_rebuild(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, STORED, Schema

    backend = WhooshBackend(tmp_path)
    backend.clear()
    older = Schema(doc_id=ID(unique=True, stored=True), notice=ID(stored=True), kind=ID(stored=True), meta=STORED())
    whoosh_index.create_in(str(tmp_path / backend._live_generation()), older)
    fresh = WhooshBackend(tmp_path)
    report = fresh.health()
    assert not report.ok and "rebuild_index" in report.messages[0]
    assert fresh.fingerprints() == {}
    assert fresh.search(SearchRequest(parse_query("整改").query)).total == 0


@pytest.mark.django_db
def test_merged_segments_keep_offsets_and_counts(tmp_path):
    backend = WhooshBackend(tmp_path)
    backend.index_documents([_document("a", "违反中央八项规定精神"), _document("b", "八项规定")])
    backend.index_documents([_document("c", "中央八项规定精神,规定")])
    before = {q: backend.search(SearchRequest(parse_query(q).query)) for q in ('"中央八项规定"', "规定", "规")}
    assert backend.merge_segments(optimize=True) == (2, 1)
    for q, found in before.items():
        after = backend.search(SearchRequest(parse_query(q).query))
        assert [(h.key, h.score) for h in after.hits] == [(h.key, h.score) for h in found.hits]
    assert backend.search(SearchRequest(parse_query('"中央八项规定"').query)).total == 2


@pytest.mark.django_db
def test_per_segment_answers_are_kept_and_deletions_still_apply(tmp_path):
    backend = WhooshBackend(tmp_path)
    backend.index_documents([_document("a", "落实巡察整改"), _document("b", "巡察整改通报"), _document("c", "整改")])

    def keys(q: str) -> set[str]:
        return {hit.key for hit in backend.search(SearchRequest(parse_query(q).query)).hits}

    assert keys('"巡察整改"') == {"a", "b"}
    first_segment = backend._searcher().reader().segment().segment_id()
    assert backend._segment_results.get((first_segment, "巡察整改")) is not None
    backend.remove_notice("a")  # deleted after its segment's answer was kept
    backend.index_documents([_document("d", "巡察整改台账")])
    assert keys('"巡察整改"') == {"b", "d"}
    assert backend.search(SearchRequest(parse_query('"巡察整改"').query)).total == 2


@pytest.mark.django_db
def test_an_index_of_the_n_gram_layout_opens_and_asks_for_a_rebuild(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, STORED, Schema

    backend = WhooshBackend(tmp_path)
    backend.clear()
    field = whoosh_schema.GramField()
    field.format = whoosh_schema.OffsetsFormat()
    older = Schema(doc_id=ID(unique=True, stored=True), notice=ID(stored=True), kind=ID(stored=True), meta=STORED())
    older.add("g4", field)
    whoosh_index.create_in(str(tmp_path / backend._live_generation()), older)
    fresh = WhooshBackend(tmp_path)
    report = fresh.health()
    assert not report.ok and "rebuild_index" in report.messages[0]
    assert fresh.search(SearchRequest(parse_query("整改").query)).total == 0
