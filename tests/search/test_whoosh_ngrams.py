"""The embedded index's building blocks: text folding, runs, n-grams, exact long pieces, the posting pool."""

from __future__ import annotations

import random

import pytest

from search import analysis
from search.backends.base import SearchRequest
from search.backends.whoosh import WhooshBackend
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


def test_ngrams_stay_inside_runs():
    runs = ["巡察整改", "车"]
    assert analysis.ngram_counts(runs, 2) == {"巡察": 1, "察整": 1, "整改": 1}
    assert analysis.ngram_counts(runs, 1)["车"] == 1
    assert analysis.ngram_offsets(["abab", "ab"], 2) == {"ab": [0, 2, 5], "ba": [1]}


@pytest.mark.parametrize("piece", ["abcde", "abcdefgh", "abcdefghi"])
def test_covering_grams_cover_the_piece(piece):
    grams = analysis.covering_grams(piece)
    covered = set()
    for start, gram in grams:
        assert piece[start : start + len(gram)] == gram and len(gram) == analysis.GRAM_SIZE
        covered.update(range(start, start + len(gram)))
    assert covered == set(range(len(piece)))


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
