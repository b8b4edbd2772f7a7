"""Quantitative statements (立案39件, 51件信访件, 246.46万元) as :class:`ParsedFigure`.

A figure is a number directly followed by a unit of :data:`UNITS`. Its
measure label is the noun after the unit when there is one (``51件信访件``,
``273名“第一书记”``), otherwise the words before the number in the same clause
(``立案39件``, ``给予党纪处分5人``), trimmed of function words. Money is
converted to 元.

Not figures, by rule:

* numbers without a unit: dates, phone numbers, postcodes, document numbers
  (``中办发〔2013〕17号``) and list counters (``一是``, ``1.``) never carry one;
* ordinals (``第一``, ``第3次``), numbers glued to digits, ``-`` or ``.``
  (parts of phone or document numbers), durations (``3个月``);
* a bare 一 (一次, 一个 are idioms far more often than counts);
* set phrases (``八项规定``, ``两个责任``) and anything inside quotation marks;
* plans and estimates (``将对34家单位开展巡视``, ``拟于年底前完成8项``, ``预计…``);
* the feedback's problem counts (``四个方面``, ``18个问题``, ``34个小项``):
  they are kept in ``ParsedNotice.problem_counts`` instead, once.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .numerals import NUMBER, to_decimal
from .result import ParsedFigure, ParsedNotice

#: Units a figure may carry. 万元/亿元 are written as a multiplier plus 元.
UNITS = (
    "人次", "人", "件", "名", "项", "宗", "个", "次", "家", "元", "%",
    # things counted or measured: cars, households, cases, areas, lengths, documents
    "辆", "户", "起", "平方米", "亩", "公里", "千米", "米", "处", "座", "套", "份", "卷", "本", "门", "种",
    "条", "间", "台", "篇", "批", "场", "所", "吨",
)  # fmt: skip

#: Multipliers between number and unit; money is stored in 元.
MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}

#: A number, an optional multiplier and a unit. The lookbehind rejects
#: ordinals and numbers that continue a phone, decimal or document number.
FIGURE_RE = re.compile(
    r"(?<![第\d.\-－〔\[［])(?P<num>" + NUMBER + r")\s?(?P<mult>[万亿])?(?P<unit>" + "|".join(UNITS) + r"|％)"
)

#: Values from here on are runs of digits, not statements (and would not fit
#: the archive's figure column).
MAX_VALUE = Decimal(10) ** 15

#: What after 个 or 次 makes a duration or an ordinal-like phrase, not a count.
NOT_A_COUNT_AFTER_RE = re.compile(r"^(?:月|工作日|小时|季度|星期|年度)")

#: Set phrases that begin with a numeral and a unit but count nothing.
SET_PHRASES = (
    "八项规定", "两个责任", "两个维护", "两个确立", "四个意识", "四个自信", "四个全面", "三个代表",
    "一岗双责", "三会一课", "两学一做", "一把手", "一件事", "一次性", "两个务必", "五个必须",
)  # fmt: skip

#: Nouns that make a number a problem count of the feedback, not a figure.
PROBLEM_COUNT_NOUN_RE = re.compile(r"^(?:大)?方面|^类|^(?:具体|突出)?问题(?!线索)|^小项")

#: Characters that end a clause.
CLAUSE_END = ",，。;；!！?？\n"

#: The noun a number counts, after its unit: stops at punctuation, digits and
#: words that start a new phrase (和, 到, 对, 逐一, 已 …).
_NOUN_CHAR = r"[^\s,，。;；:：、()（）“”\"0-9和及与到在对向从于逐均已被由并]"
NOUN_AFTER_RE = re.compile(r"^的?[“\"]?(?P<noun>(?:" + _NOUN_CHAR + r"|\(" + _NOUN_CHAR + r"{1,3}\)){1,16})")

#: Words that begin a clause without naming the measure.
LEADING_WORDS_RE = re.compile(r"^(?:其中|共计|合计|总计|累计|先后|共|已经|已|现已|目前|均|并|还|另|对|将|给予|予以)+")

#: Words that end a label without belonging to it.
TRAILING_WORDS_RE = re.compile(r"(?:共计|合计|累计|共|计|约|达到|达|为|了|金额|总额|总数)+$")

#: Characters that bound the words before a number.
LABEL_STOP_RE = re.compile(r"[\s,，。;；:：、()（）“”\"]")

#: Longest label kept from the words before a number.
MAX_LABEL = 20

#: A shorter label (述德”100% → "") says nothing: the clause stands in.
MIN_LABEL = 2


def extract_figures(notice: ParsedNotice) -> list[ParsedFigure]:
    """Figures of the preamble and every section, with the section's path.

    The header and closing (dates, phones, addresses) are not searched. A
    notice without sections is searched whole.
    """
    if not notice.sections:
        return find_figures(notice.text)
    figures = find_figures(notice.preamble)
    for section in notice.iter_sections():
        figures += find_figures(f"{section.heading}\n{section.text}", section.path)
    return figures


def find_figures(text: str, section_path: str | None = None) -> list[ParsedFigure]:
    """Every figure in ``text``, in order."""
    figures: list[ParsedFigure] = []
    last_end, last_clause_start, last_label = 0, -1, ""
    for match in FIGURE_RE.finditer(text):
        if not _is_figure(text, match):
            continue
        clause_start, clause_end = _clause_bounds(text, match.start(), match.end())
        if clause_start != last_clause_start:
            last_end, last_label = clause_start, ""
        label = _label(text, match, max(clause_start, last_end)) or last_label
        if len(label) < MIN_LABEL:
            label = _clause_label(text[clause_start : match.start()]) or label
        value, unit = _value_and_unit(match)
        if value >= MAX_VALUE:
            continue
        amount = text[match.start("num") : match.end()].replace(" ", "")
        figures.append(
            ParsedFigure(label, value, unit, text[clause_start:clause_end].strip(), section_path, amount=amount)
        )
        last_end, last_clause_start, last_label = match.end(), clause_start, label
    return figures


#: A number followed by these words is a threshold or an estimate (3000万元以上的项目), not a figure.
THRESHOLD_AFTER_RE = re.compile(r"^(?:以上|以下|以内|及以上|及以下|左右|上下)")


#: Words before a percentage that make it a change or the rectification's completion rate (kept in the
#: problem counts), not a quantity: 完成率100%, 增长9.4%. Other rates (办结率100%) are figures.
RATE_BEFORE_RE = re.compile(
    r"(?:完成率|增长率|增长|下降|提高|降低|增加|减少|同比|环比|增幅|降幅)(?:为|达到?|了|是)?\s*$"
)


#: Words before a number in its clause that make it a plan or an estimate, not a result:
#: 将对34家中央单位党组织开展巡视, 拟于年底前完成8项, 预计挽回损失300万元. 将 alone is
#: also the object marker (将12名干部调离), so it counts only before 对/于/在/向.
PLAN_BEFORE_RE = re.compile(r"将要?(?:对|于|在|向)|拟(?:于|对|在|向|将)|预计|计划于")


def _is_figure(text: str, match: re.Match) -> bool:
    after = text[match.end() :]
    clause_start, _ = _clause_bounds(text, match.start(), match.start())
    if PLAN_BEFORE_RE.search(text[clause_start : match.start()]):
        return False
    if match["unit"] in ("%", "％") and RATE_BEFORE_RE.search(text[max(0, match.start() - 12) : match.start()]):
        return False
    if THRESHOLD_AFTER_RE.match(after):
        return False
    if match["num"] == "一" or _in_quotes(text, match.start()):
        return False
    if match["unit"] in ("个", "次") and NOT_A_COUNT_AFTER_RE.match(after):
        return False
    if match["num"] == "二" and match["unit"] == "次":
        return False  # 二次装修 is "a second", a count says 两次
    if any(text.startswith(phrase, match.start()) for phrase in SET_PHRASES):
        return False
    noun = NOUN_AFTER_RE.match(after)
    return not (noun and PROBLEM_COUNT_NOUN_RE.match(noun["noun"]))


def _in_quotes(text: str, pos: int) -> bool:
    start, _ = _clause_bounds(text, pos, pos)
    before = text[start:pos]
    return before.count("“") > before.count("”")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(ch, 0, start) for ch in CLAUSE_END) + 1
    ends = [i for ch in CLAUSE_END if (i := text.find(ch, end)) >= 0]
    return left, min(ends, default=len(text))


def _value_and_unit(match: re.Match) -> tuple[Decimal, str]:
    value = to_decimal(match["num"]) or Decimal(0)
    if match["mult"]:
        value *= MULTIPLIERS[match["mult"]]
    unit = "%" if match["unit"] == "％" else match["unit"]
    if value == value.to_integral_value():
        value = Decimal(int(value))  # 246.46万 → 2464600, not 2.4646E+6
    return value, unit


def _label(text: str, match: re.Match, floor: int) -> str:
    """The measure: ``<short words before> + <noun after>``, or the longer of the two alone."""
    trimmed, loose = _words_before(text[floor : match.start()])
    # A percentage never counts the noun after it (达到100%的区).
    noun = None if match["unit"] in ("%", "％") else NOUN_AFTER_RE.match(text[match.end() :])
    noun_text = noun["noun"] if noun else ""
    if noun_text and trimmed and len(trimmed) <= 4 and not trimmed.endswith("的"):
        return trimmed + noun_text
    return noun_text or trimmed or loose


def _clause_label(before: str) -> str:
    """The clause's words before the number, without quotes and brackets, as a last-resort label."""
    words = re.sub(r"[“”\"()（）\s]", "", before)
    return LEADING_WORDS_RE.sub("", words)[-MAX_LABEL:]


def _words_before(segment: str) -> tuple[str, str]:
    """The words before a number trimmed of function words, and untrimmed (for 共计金额 and the like)."""
    pieces = LABEL_STOP_RE.split(segment)
    words = re.sub(r"^[\d.]+", "", (pieces[-1] if pieces else "")[-MAX_LABEL:])
    without_lead = LEADING_WORDS_RE.sub("", words)
    return TRAILING_WORDS_RE.sub("", without_lead), without_lead or words
