"""The PostgreSQL backend's packed issue-type counts: pure arithmetic, tested without a database."""

from __future__ import annotations

import random

from search.backends.pg_query import TYPE_BASE, pack_type_counts, unpack_type_counts

SLOTS = [("ideology", 1), ("integrity-risk", 2), ("late-type", 40)]


def test_one_notice_unpacks_to_its_types_and_sections():
    packed = pack_type_counts({1: 3, 40: 0})
    assert unpack_type_counts(packed, SLOTS) == {"ideology": (1, 3), "late-type": (1, 0)}


def test_no_types_packs_to_zero():
    assert pack_type_counts({}) == 0
    assert unpack_type_counts(0, SLOTS) == {}


def test_a_sum_of_many_notices_counts_each_type_without_carrying_into_the_next():
    rng = random.Random(7)
    notices = [{slot: rng.randrange(0, 400) for _slug, slot in SLOTS if rng.random() < 0.7} for _ in range(5000)]
    expected = {}
    for types in notices:
        for slug, slot in SLOTS:
            if slot in types:
                found, sections = expected.get(slug, (0, 0))
                expected[slug] = (found + 1, sections + types[slot])
    assert unpack_type_counts(sum(map(pack_type_counts, notices)), SLOTS) == expected


def test_groups_hold_counts_up_to_their_width():
    # The largest counts a group holds, side by side: neither spills into its neighbour.
    most = TYPE_BASE - 1
    packed = (most + most * TYPE_BASE) + (most + most * TYPE_BASE) * TYPE_BASE**2
    assert unpack_type_counts(packed, [("a", 1), ("b", 2)]) == {"a": (most, most), "b": (most, most)}
