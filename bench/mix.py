"""The benchmark's query mix, chosen on the corpus itself so its terms are rare, medium or common by measure.

Terms are picked by their share of notices (a plain substring scan of the
texts): a rare name is one of the open sets' names found in about 0.1 % of
notices, a medium place in about 5 %, and so on. The mix is printed with each
query's share, so a reader sees what "rare" means in that run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    label: str
    q: str  # the archive's query syntax (plain words are ANDed, "..." a phrase, OR between words)

    def groups(self) -> list[list[str]]:
        """The query as an AND of OR-groups of plain strings, as the peers and the scan answer it."""
        return string_groups(self.q)


def string_groups(q: str) -> list[list[str]]:
    groups: list[list[str]] = []
    tokens = q.replace('"', " ").split()
    for i, token in enumerate(tokens):
        if token == "OR":
            continue
        if i > 0 and tokens[i - 1] == "OR":
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


def scan_count(texts: Iterable[str], groups: list[list[str]]) -> int:
    """Notices containing, for every group, at least one of its strings: the exact answer."""
    return sum(1 for text in texts if all(any(s in text for s in group) for group in groups))


def _closest(texts: list[str], names, share: float, *, keep=lambda name: True, skip=()) -> str:
    """The name of an open set whose share of notices is closest to ``share``.

    The generator's draw counts pick a few candidates near the target; the
    substring scan then decides, since a name can also occur inside others.
    """
    target = share * len(texts)
    pool = [n for n in names.names if keep(n) and n not in skip]
    candidates = sorted(pool, key=lambda n: (abs(names.counts[n] - target), n))[:40]
    best, best_gap = None, None
    for name in candidates:
        count = scan_count(texts, [[name]])
        gap = abs(count - target)
        if count and (best_gap is None or gap < best_gap):
            best, best_gap = name, gap
    if best is None:
        raise ValueError(f"no name found near {share:.1%} of notices")
    return best


def build_mix(texts: list[str], open_sets: dict) -> list[Query]:
    """The mix for this corpus: ``open_sets`` are the generator's (bench/corpus.py) name sets."""
    three = lambda name: len(name) == 3  # noqa: E731 - two-character names hide inside other words
    rare = _closest(texts, open_sets["person"], 0.001, keep=three)
    rare2 = _closest(texts, open_sets["person"], 0.002, keep=three, skip={rare})
    medium = _closest(texts, open_sets["place"], 0.05)
    project = _closest(texts, open_sets["project"], 0.005)
    return [
        Query("common word", "整改"),
        Query("medium place", medium),
        Query("rare name", rare),
        Query("single character", "车"),
        Query("year", "2015"),
        Query("phrase, project", f'"{project}"'),
        Query("long phrase", '"违反中央八项规定精神"'),
        Query("two-word AND", f"{medium} 公务用车"),
        Query("OR of rare names", f"{rare} OR {rare2}"),
        Query("common AND medium", f"整改 {medium}"),
    ]


def describe(mix: list[Query], texts: list[str]) -> list[dict]:
    """Each query with its exact hit count and share of notices."""
    rows = []
    for query in mix:
        count = scan_count(texts, query.groups())
        rows.append({"label": query.label, "q": query.q, "scan": count, "share": count / len(texts)})
    return rows


def corpus_mix(n: int, corpus_dir, seed: int = 0):
    """The corpus of ``n`` notices (bench/corpus.py) and its query mix."""
    from corpus import CorpusGenerator, seed_texts

    generator = CorpusGenerator(seed_texts(corpus_dir), seed)
    notices = [next(generator) for _ in range(n)]
    return notices, build_mix([item.text for item in notices], generator.open_sets())


def print_mix(mix: list[Query], texts: list[str], file=None) -> list[dict]:
    """Print each query with its share of notices (substring scan); returns the rows."""
    rows = describe(mix, texts)
    for row in rows:
        print(f"  {row['label']:20} {row['q']:32} {row['scan']:6d} notices  {row['share']:7.2%}", file=file)
    return rows
