"""The top of a notice as sites publish it: site chrome, breadcrumbs, metadata blocks and the title.

A notice copied from a web page rarely starts with its title. Before it may
come a site banner, a navigation menu, a breadcrumb (``当前位置:首页 > 巡察工作``),
a metadata block (``索引号`` / ``发布机构`` / ``成文日期`` / ``发布日期`` / ``来源``,
as a table, as ``- 键: 值`` lines or with ``•`` bullets) and buttons (浏览量, 分享,
朗读, ``字体:【大 中 小】``); the title may be split over two lines, carry a
column prefix (``巡视整改:…``) or be repeated after the metadata.

:func:`read_header` finds the title among the first lines and returns how
many lines the header takes; :func:`read_metadata` reads a metadata line into
its pairs wherever it stands, so its values can feed the facts and never leak
into them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Metadata keys whose values the archive keeps, with the name they are kept under.
META_KEYS = {
    "索引号": "索引号",
    "信息索引号": "索引号",
    "发布机构": "发布机构",
    "发文机关": "发布机构",
    "发布单位": "发布机构",
    "信息来源": "来源",
    "文章来源": "来源",
    "来源": "来源",
    "成文日期": "成文日期",
    "生成日期": "发布日期",
    "发布日期": "发布日期",
    "发布时间": "发布日期",
    "信息提供日期": "发布日期",
    "更新时间": "发布日期",
    "更新日期": "发布日期",
    "公开日期": "发布日期",
    "发文日期": "成文日期",
    "文号": "文号",
    "发文字号": "文号",
    "主题分类": "主题分类",
    "分类": "主题分类",
    "信息分类": "主题分类",
    "公开方式": "公开方式",
    "日期": "发布日期",
    "时间": "发布日期",
    "标题": "标题",
    "名称": "标题",
    "原标题": "原标题",
}
#: Keys of site chrome: their values are page counters and buttons, never facts.
CHROME_KEYS = (
    "浏览量", "浏览次数", "浏览", "阅读量", "阅读次数", "阅读数", "点击数", "点击量", "点击率", "访问量",
    "作者", "编辑", "责任编辑", "编审", "审核", "字体", "字号", "分享到", "分享", "视力保护色", "关怀版",
    "今天是", "录入时间", "上传时间", "供稿", "摄影", "浏览", "登记编号", "阅读", "在看",
)  # fmt: skip
_KEYS = sorted([*META_KEYS, *CHROME_KEYS], key=len, reverse=True)
_KEY_RE = re.compile(
    r"(?:(?:^|(?<=[\s|｜•·\-\]】]))[【\[]?(?P<key>" + "|".join(_KEYS) + r")"
    r"|(?P<long>" + "|".join(k for k in _KEYS if len(k) >= 4) + r"))[】\]]?\s*[:：]\s*"
)

#: Leading list marks of a metadata line: ``- 来源:…``, ``• 来源:…``, ``|来源|…``.
_BULLET_RE = re.compile(r"^[\-–•·●▪◆◇■□*|｜>\s]+")

#: Buttons and counters of a page, as whole tokens: 朗读, 分享, 打印, 关闭窗口, 【大 中 小】.
_CHROME_TOKEN = (
    r"(?:[【\[<《]*(?:朗读|语音播报|播报|分享|分享到|打印|打印本页|关闭|关闭窗口|收藏|返回顶部|返回|纠错|"
    r"上一篇|下一篇|返回即时资讯|返回列表|返回首页|加入收藏|"
    r"大|中|小|默认|繁体|简体|繁體|简|繁|无障碍|字体|字号|A\+|A-)[】\]>》]*[:：]?)"
)
_CHROME_LINE_RE = re.compile(rf"(?:{_CHROME_TOKEN}[\s|｜/]*)+")
#: Page counters on a line of their own: ``浏览量:1234``, ``阅读次数:56次``.
_COUNTER_RE = re.compile(r"(?:浏览量|浏览次数|阅读量|阅读次数|阅读数|点击数|点击量|访问量)[:：]?\s*\d*次?")

#: A breadcrumb: 当前位置: 首页 > 信息公开 > 巡察工作 / 首页 >> 纪检监察.
BREADCRUMB_RE = re.compile(
    r"^(?:当前位置|当前页面|您的位置|您现在的位置|您当前所在位置|你的位置|所在位置|位置)\s*[:：]|首页\s*(?:>|»|›|→|/|>>)"
)

#: Words a notice title carries.
TITLE_WORDS_RE = re.compile(r"通报|公告|公示|报告|情况|通知|公开")
#: Words of a rectification title; a line with both kinds is a strong title.
TITLE_TOPIC_RE = re.compile(r"整改|巡视|巡察")
#: A title's column prefix: ``巡视整改:``, ``【巡察整改】``, ``信息公开|``.
COLUMN_PREFIX_RE = re.compile(r"^(?:[【\[](?P<a>[^】\]]{2,10})[】\]]|(?P<b>[^,，。:：|｜关]{2,10})[:：|｜])\s*(?=\S)")
#: The first line of a title split in two: a body's name alone, or ``关于…`` without its end.
SPLIT_TITLE_HEAD_RE = re.compile(
    r"^(?:中共|中国共产党)?\S{2,40}?(?:委员会|党委|党组|党工委|委|局|厅|公司|集团|学校|大学|学院|医院)$"
)
_TITLE_END_RE = re.compile(r"(?:通报|公告|公示|报告|情况|通知)$")
#: Annotations a site appends to a title: ``(全文)``, ``(附全文)``, ``(图)``.
TITLE_ANNOTATION = re.compile(r"\s*\((?:附)?(?:全文|图|组图|图文|视频)\)\s*$")

MAX_TITLE = 80
#: How far down the title is looked for.
TITLE_WINDOW = 15


@dataclass
class Header:
    """What the top of a notice holds."""

    end: int = 0  # paragraphs[:end] are header lines
    title: str | None = None
    title_index: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    dropped: list[int] = field(default_factory=list)  # indexes of chrome/metadata lines after the header
    signer: str | None = None  # a body's name under a 关于… title: the signature placed at the top
    headline: str | None = None  # a reposting site's own headline standing where the title would


#: What a reposting site's headline has and a notice's own title never has: an exclamation or a
#: question, or 通报 as the verb of a sentence (某厅通报巡视整改进展) instead of the title's last word.
HEADLINE_RE = re.compile(r"[!?！？]|(?<!关于)通报了?(?:巡视|巡察)")


def is_reposters_headline(title: str) -> bool:
    """Whether a title line is a news site's headline about a notice rather than the notice's title."""
    return bool(HEADLINE_RE.search(title)) and not title.startswith("关于")


def read_metadata(line: str) -> dict[str, str] | None:
    """The ``key: value`` pairs of a metadata line (``{}`` for chrome only), or ``None`` for any other line.

    A line is metadata when it is made of known keys and short values only:
    ``发布时间:2021-06-30 来源:某县纪委监委 浏览量:1234`` or ``- 索引号: 11/2021-00012``.
    """
    body = _BULLET_RE.sub("", line).strip()
    if body.startswith("(") and body.endswith(")"):
        body = body[1:-1].strip()  # (编辑:本站 日期:2016年05月06日 浏览:)
    if _TABLE_RULE_RE.fullmatch(line):
        return {}
    if table := _table_pairs(line):
        return table
    pairs: dict[str, str] = {}
    if lead := _LEADING_DATE_RE.match(body):
        # 2023-10-09 来源:某县人民医院 — a date before the first key is the publication date.
        pairs["发布日期"] = lead["date"]
        body = body[lead.end() :]
    matches = list(_KEY_RE.finditer(body))
    if not matches or matches[0].start() > 1:
        return None
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        value = body[match.end() : following.start() if following else len(body)]
        value = re.sub(r"[\s|｜]+$", "", value).strip(" |｜【】[]")
        if len(value) > 60 or "。" in value:
            return None
        key = match["key"] or match["long"]
        if key in META_KEYS and value:
            pairs.setdefault(META_KEYS[key], clean_value(value))
    return pairs


_TABLE_RULE_RE = re.compile(r"[|\-:\s]{3,}")
_LEADING_DATE_RE = re.compile(r"^(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?=\S)")


def _table_pairs(line: str) -> dict[str, str] | None:
    """Pairs of a metadata table row: ``| 索引号 | 11/2022-00386 | 主题分类 | 党务公开 |``."""
    if line.count("|") < 2:
        return None
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if not cells or cells[0] not in META_KEYS and cells[0] not in CHROME_KEYS:
        return None
    pairs: dict[str, str] = {}
    for key, value in zip(cells[::2], [*cells[1::2], ""], strict=False):
        if not key:
            continue
        if key not in META_KEYS and key not in CHROME_KEYS:
            return None
        if key in META_KEYS and value:
            pairs.setdefault(META_KEYS[key], value)
    return pairs


def clean_value(value: str) -> str:
    """A metadata value without the chrome or the next label that follows it on its line."""
    # A value runs until the chrome that follows it on the same line: 来源:县纪委 【字体:大 中 小】.
    value = re.split(r"\s{2,}|[【\[]|\s(?=[^\s]{0,6}[:：])", value)[0]
    return value.strip()


#: Lines of a page's frame: a greeting with the date, a registration number, a bare counter.
_FRAME_LINE_RE = re.compile(r"(?:您好[!,]?)?今天是.{0,30}|.{0,12}(?:登记编号|备案号|ICP备).{0,30}|\d{1,7}")


def is_chrome(line: str) -> bool:
    """Whether a line is only page buttons and counters (朗读, 分享, 【大 中 小】, 浏览量:12)."""
    if _FRAME_LINE_RE.fullmatch(line):
        return True
    rest = _COUNTER_RE.sub(" ", line)
    return bool(rest.strip()) is False or bool(_CHROME_LINE_RE.fullmatch(rest.strip()))


#: A byline or site line under a title: a site or author's name and a date, no sentence
#: (南平市人民政府网 2019-04-25 【字体:大 中 小】 / 原创 学院党委办公室 2021-11-25 17:30).
_DATED_BYLINE_RE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")


#: Unlabelled values of a page's info list under the title (``- 绵阳日报``, ``- 2023-12-29``).
_INFO_BULLET_RE = re.compile(r"[-•·]\s*[^\s。,，;；]{1,30}")


#: A newspaper's date line under a title: a written date and a column name (2025年1月16日  即时资讯).
WRITTEN_BYLINE_RE = re.compile(
    r"^(?P<date>\d{4}年\d{1,2}月\d{1,2}日)(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"\s*(?:星期[一二三四五六日天]|周[一二三四五六日])?\s*(?:[^\s,，。;；:：、]{0,8}(?:资讯|新闻|要闻|动态|快讯|信息|头条|专栏|版))?$"
)


def is_dated_byline(line: str) -> bool:
    """A short line under a title that carries its date: ``某某网 2019-04-25``, ``2025年1月16日 即时资讯``."""
    if WRITTEN_BYLINE_RE.match(line):
        return True
    return len(line) <= 60 and "。" not in line and "," not in line and bool(_DATED_BYLINE_RE.search(line))


def is_breadcrumb(line: str) -> bool:
    return bool(BREADCRUMB_RE.search(line)) and "。" not in line


def read_header(paragraphs: list[str], is_heading) -> Header:
    """Find the title among the first lines and the header's extent.

    ``is_heading`` tells a numbered section heading (which ends any header).
    Lines before the title are the page's (banner, menu, breadcrumb, metadata)
    and belong to the header; after the title come metadata, date lines and a
    repeated title, then the text.
    """
    header = Header()
    unlabelled: list[str] = []
    window = paragraphs[:TITLE_WINDOW]
    found = _find_title(window, is_heading)
    if found is not None:
        index, span, title = found
        header.title, header.title_index = title, index
        end = index + span
    else:
        end = 0
    for line in window[:end]:
        if (pairs := read_metadata(line)) is not None:
            _merge(header.metadata, pairs)
    if header.title and header.title.startswith("关于") and end < len(paragraphs):
        below = paragraphs[end]
        if SPLIT_TITLE_HEAD_RE.match(below) and len(below) <= 40:
            header.signer = below  # 关于…的通报 / 某某公司党委 / (2021年11月22日)
            end += 1
    while end < len(paragraphs):
        line = paragraphs[end]
        pairs = read_metadata(line)
        if header.title and end + 1 < len(paragraphs) and _split_title(paragraphs, end) == header.title:
            end += 2  # the title repeated over two lines
            continue
        if pairs == {} and (key := dangling_key(line)) and (value := _value_line(paragraphs, end + 1)):
            # A label on its own line and its value on the next (<dt>来源:</dt><dd>某某日报</dd>).
            if key in META_KEYS:
                _merge(header.metadata, {META_KEYS[key]: value})
            end += 2
            continue
        if pairs is not None:
            _merge(header.metadata, pairs)
        elif not (
            is_chrome(line)
            or is_breadcrumb(line)
            or _is_date_line(line)
            or (header.title and is_dated_byline(line))
            or (header.title and _INFO_BULLET_RE.fullmatch(line) and _note_info_value(line, unlabelled))
            or (header.title and _same_title(line, header.title))
        ):
            break
        end += 1
    header.end = end
    media = [value for value in unlabelled if MEDIA_NAME_RE.search(value)]
    if "来源" not in header.metadata and len(media) == 1:
        # An info list that prints its values without labels (- 某某日报 / - 2023-12-29): a
        # newspaper's or site's name there is the source.
        header.metadata["来源"] = media[0]
    if header.title and is_reposters_headline(header.title):
        # A site that reposts a notice under its own headline (问责326人!某厅通报巡视整改进展):
        # the headline is the site's, and the notice's own title is not given.
        header.headline, header.title = header.title, None
    if header.title is None and "标题" in header.metadata:
        header.title = header.metadata["标题"]
    return header


#: A newspaper's, broadcaster's or site's name, as an info list prints the source without its label.
MEDIA_NAME_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,16}(?:日报|晚报|时报|报社|报|网|电视台|广播电视台|融媒体中心|客户端|杂志)$"
)


def _note_info_value(line: str, values: list[str]) -> bool:
    values.append(_BULLET_RE.sub("", line).strip())
    return True


def dangling_key(line: str) -> str | None:
    """The key of a line that is a metadata label alone (``- 来源:``), or ``None``."""
    body = _BULLET_RE.sub("", line).strip()
    match = _KEY_RE.match(body)
    if match is None or body[match.end() :].strip():
        return None
    return match["key"] or match["long"]


def _value_line(paragraphs: list[str], index: int) -> str | None:
    """The value on the line under a lone label: short, no sentence, no label of its own."""
    if index >= len(paragraphs):
        return None
    line = paragraphs[index]
    value = _BULLET_RE.sub("", line).strip()
    if not value or len(value) > 40 or "。" in value or read_metadata(line) is not None:
        return None
    if TITLE_TOPIC_RE.search(value) and TITLE_WORDS_RE.search(value):
        return None  # the title (repeated), not a value
    return value


def _merge(target: dict[str, str], pairs: dict[str, str]) -> None:
    for key, value in pairs.items():
        target.setdefault(key, value)


def _find_title(window: list[str], is_heading) -> tuple[int, int, str] | None:
    """(index, lines, title) of the best title line among ``window``, or ``None``."""
    weak = None
    for i, line in enumerate(window):
        if is_heading(line) or ("。" in line and len(line) > 40):
            break  # the text has begun
        if read_metadata(line) is not None or is_chrome(line) or is_breadcrumb(line):
            continue
        joined = _split_title(window, i)
        if joined:
            return i, 2, clean_title(joined)
        candidate = clean_title(line)
        if _is_title(candidate):
            if TITLE_TOPIC_RE.search(candidate):
                return i, 1, candidate
            weak = weak or (i, 1, candidate)
        elif "。" in line or line.startswith(("根据", "按照")):
            break
    return weak


def _split_title(window: list[str], i: int) -> str | None:
    """A title written over two lines (``中共某县委员会`` / ``关于巡察整改情况的通报``)."""
    if i + 1 >= len(window):
        return None
    first, second = clean_title(window[i]), window[i + 1]
    if "。" in first or "。" in second or len(first) + len(second) > MAX_TITLE:
        return None
    joined = first + second
    if not (TITLE_TOPIC_RE.search(joined) and _TITLE_END_RE.search(joined)):
        return None
    body_then_about = SPLIT_TITLE_HEAD_RE.match(first) and second.startswith("关于")
    about_unfinished = (first.startswith("关于") or first.endswith("关于")) and not _TITLE_END_RE.search(first)
    unfinished = (
        not _TITLE_END_RE.search(first) and TITLE_TOPIC_RE.search(first) and second.endswith(("的通报", "情况通报"))
    )
    return joined if body_then_about or about_unfinished or unfinished else None


def clean_title(line: str) -> str:
    """A title line without a column prefix (``巡视整改:``) or a site annotation (``(全文)``)."""
    line = TITLE_ANNOTATION.sub("", line.strip(" |｜")).strip()
    prefix = COLUMN_PREFIX_RE.match(line)
    if prefix and TITLE_WORDS_RE.search(line[prefix.end() :]) and "关于" in line[prefix.end() :]:
        line = line[prefix.end() :]
    return line.strip()


def _is_title(line: str) -> bool:
    return (
        2 <= len(line) <= MAX_TITLE
        and "。" not in line
        and not line.startswith(("根据", "按照"))
        and bool(TITLE_WORDS_RE.search(line))
    )


def _same_title(line: str, title: str) -> bool:
    cleaned = clean_title(line)
    return cleaned == title or (len(cleaned) >= 8 and cleaned in title)


_DATE_LINE_RE = re.compile(r"[\d .\-/:年月日时分秒()]{6,}")


def _is_date_line(line: str) -> bool:
    return bool(_DATE_LINE_RE.fullmatch(line))
