"""The benchmark corpus: deterministic, a vocabulary that keeps growing, rare names that are rare."""

from __future__ import annotations

import pytest
from corpus import CorpusGenerator, OpenSet, make_corpus, seed_texts
from mix import build_mix, describe, scan_count

from archive.parsing import parse_notice
from tests.conftest import CORPUS_DIR


@pytest.fixture(scope="module")
def seeds() -> list[str]:
    return seed_texts(CORPUS_DIR)


@pytest.fixture(scope="module")
def corpus_300(seeds):
    generator = CorpusGenerator(seeds, 0)
    texts = [next(generator).text for _ in range(300)]
    return generator, texts


def test_same_seed_same_texts_and_prefixes_agree():
    first = make_corpus(12, CORPUS_DIR, seed=3)
    assert first == make_corpus(12, CORPUS_DIR, seed=3)
    assert make_corpus(5, CORPUS_DIR, seed=3) == first[:5]
    assert [n.text for n in make_corpus(12, CORPUS_DIR, seed=4)] != [n.text for n in first]
    assert len({n.text for n in first}) == 12


def test_every_notice_names_someone_new_and_names_keep_growing(corpus_300):
    generator, texts = corpus_300
    people = generator.people
    assert len(people.names) >= len(texts)  # at least one new person per notice
    # Distinct names keep growing, and more slowly than the text (Heaps' law), for every open set.
    for name, names in generator.open_sets().items():
        first_seen = {}
        for i, draw in enumerate(names.draws):
            first_seen.setdefault(draw, i)
        half = len(names.draws) // 2
        early = sum(1 for i in first_seen.values() if i < half)
        late = len(first_seen) - early
        assert late > 0, name
        assert early >= late, name


def test_open_set_frequencies_follow_a_long_tail():
    import random

    numbers = iter(range(10**6))
    names = OpenSet(random.Random(1), lambda: str(next(numbers)), discount=0.6, strength=4)
    for _ in range(20000):
        names.draw()
    counts = sorted(names.counts.values(), reverse=True)
    singletons = sum(1 for c in counts if c == 1)
    assert 200 < len(counts) < 20000
    assert singletons > len(counts) / 3  # most names are seen once or twice
    assert counts[0] > 50 * counts[len(counts) // 2]  # and a few are very common


def test_rare_terms_are_rare_and_the_common_word_is_common(corpus_300):
    generator, texts = corpus_300
    rows = {row["label"]: row for row in describe(build_mix(texts, generator.open_sets()), texts)}
    assert 0 < rows["rare name"]["scan"] <= 2  # under 1 % of 300 notices
    assert rows["OR of rare names"]["share"] < 0.02
    assert 0.02 <= rows["medium place"]["share"] <= 0.1
    assert rows["common word"]["share"] == 1.0
    assert rows["two-word AND"]["scan"] <= rows["medium place"]["scan"]


def test_most_names_occur_in_under_one_percent_of_notices(corpus_300):
    generator, texts = corpus_300
    # The 200 names introduced first, which had the most time to recur.
    people = [n for n in generator.people.names if len(n) == 3][:200]
    rare = [n for n in people if scan_count(texts, [[n]]) < 3]
    assert len(rare) > 0.7 * len(people)


def test_the_parser_reads_the_structure(seeds):
    generator = CorpusGenerator(seeds, 0)
    for _ in range(10):
        notice = next(generator)
        parsed = parse_notice(notice.text)
        assert len(parsed.sections) >= 3, notice.name
        assert parsed.title or parsed.issuing_body, notice.name
