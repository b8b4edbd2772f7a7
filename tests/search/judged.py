"""The judged researcher queries, nDCG@10, and the plain BM25 baseline.

Two sets: ``judged_queries.json``, judged before the ranking was tuned and
used to tune it, and ``judged_queries_heldout.json``, judged the same way
and never used for tuning (it checks that the ranking holds up on queries
it was not fitted to).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from search import analysis


@dataclass(frozen=True)
class JudgedSet:
    name: str
    queries: list[dict]  # {"q", "kind", "grades": {part id: 0–3}}

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q["kind"] for q in self.queries))


def load(name: str, filename: str) -> JudgedSet:
    judged = json.loads(Path(__file__).with_name(filename).read_text(encoding="utf-8"))
    return JudgedSet(name, judged["queries"])


TUNED = load("tuned", "judged_queries.json")
HELDOUT = load("held-out", "judged_queries_heldout.json")
SETS = (TUNED, HELDOUT)


def part_id(sid: str, path: str, kind: str) -> str:
    """``sample:path`` as the judgments name parts (``preamble`` / ``closing`` for the parts outside the outline)."""
    return f"{sid}:{path or kind}"


def ndcg(ranked_ids: list[str], grades: dict[str, int], k: int = 10) -> float:
    """nDCG@k with gains 2^grade - 1; unjudged parts count 0."""

    def dcg(gains):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(i, 0) for i in ranked_ids]) / ideal if ideal else 0.0


class PlainBM25:
    """BM25 (k1 1.2, b 0.75) over the jieba words of each part's heading and text; a query is its jieba words ORed."""

    def __init__(self, parts: dict[str, str]):
        self.ids = list(parts)
        self.tf = [Counter(analysis.query_tokens(text)) for text in parts.values()]
        self.lengths = [sum(c.values()) for c in self.tf]
        self.average = sum(self.lengths) / len(self.lengths)
        self.df = Counter(word for counts in self.tf for word in counts)

    def rank(self, q: str) -> list[str]:
        text = q.replace('"', " ").replace("“", " ").replace("”", " ")
        words = list(dict.fromkeys(analysis.query_tokens(text)))
        n = len(self.ids)
        scored = []
        for index, counts in enumerate(self.tf):
            score = 0.0
            for word in words:
                tf = counts.get(word, 0)
                if tf:
                    idf = math.log(1 + (n - self.df[word] + 0.5) / (self.df[word] + 0.5))
                    norm = 1.2 * (1 - 0.75 + 0.75 * self.lengths[index] / self.average)
                    score += idf * tf * 2.2 / (tf + norm)
            if score > 0:
                scored.append((-score, index))
        return [self.ids[index] for _score, index in sorted(scored)]


def table(rows: dict[str, dict[str, float]], kinds: tuple[str, ...]) -> str:
    """A per-kind table of mean nDCG@10 (rows: system → kind → score)."""
    header = f"{'kind':<10}" + "".join(f"{name:>12}" for name in rows)
    lines = [header]
    for kind in (*kinds, "overall"):
        lines.append(f"{kind:<10}" + "".join(f"{rows[name][kind]:>12.3f}" for name in rows))
    return "\n".join(lines)
