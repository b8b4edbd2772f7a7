"""A deterministic synthetic corpus made from the sample notices.

Each synthetic notice is a sample with another issuing body, dates moved by
whole years, its figures replaced by other numbers of the same length, and
one paragraph borrowed from another sample. The same ``n`` and ``seed``
always give the same texts, so runs and backends can be compared.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

PLACES = [
    "东城", "西湖", "南山", "北塘", "青山", "白云", "长宁", "永安", "新华", "金水",
    "滨江", "丰泽", "武侯", "秀峰", "龙华", "鼓楼", "江岸", "河西", "天宁", "雁塔",
]  # fmt: skip
LEVELS = ["区委", "县委", "市委"]
BODY_PATTERN = re.compile(r"(中共)?[\u4e00-\u9fff]{2,12}?(工作委员会|党工委|市委|区委|县委)")
YEAR_PATTERN = re.compile(r"(?<!\d)(20[12]\d)(?=年|-|\.|/)")
NUMBER_PATTERN = re.compile(r"(?<![\d-])\d{1,4}(?=[个项件人次万元起条名家])")


@dataclass(frozen=True)
class SyntheticNotice:
    name: str
    text: str


def seed_texts(corpus_dir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((corpus_dir / "seeds").glob("*.txt"))]


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if len(p.strip()) > 40]


def make_notice(seeds: list[str], index: int, seed: int = 0) -> SyntheticNotice:
    """The ``index``-th synthetic notice."""
    rng = random.Random(seed * 1_000_003 + index)
    base = seeds[index % len(seeds)]
    body = f"{rng.choice(PLACES)}{rng.choice(PLACES)}{rng.choice(LEVELS)}"
    text = BODY_PATTERN.sub(body, base)
    shift = rng.randint(-4, 4)
    text = YEAR_PATTERN.sub(lambda m: str(min(2025, max(2010, int(m.group(1)) + shift))), text)
    text = NUMBER_PATTERN.sub(lambda m: str(rng.randint(1, 10 ** len(m.group(0)) - 1)), text)
    donor = _paragraphs(seeds[(index + 1 + rng.randrange(len(seeds) - 1)) % len(seeds)])
    lines = text.split("\n")
    insert_at = rng.randrange(len(lines) // 3, 2 * len(lines) // 3)
    lines.insert(insert_at, rng.choice(donor))
    # A unique closing line keeps every notice's content distinct.
    lines.append(f"(编号 {seed}-{index})")
    return SyntheticNotice(f"synthetic-{index:06d}.txt", "\n".join(lines))


def make_corpus(n: int, corpus_dir: Path, seed: int = 0) -> list[SyntheticNotice]:
    seeds = seed_texts(corpus_dir)
    return [make_notice(seeds, i, seed) for i in range(n)]
