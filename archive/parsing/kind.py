"""What kind of document a text is: a rectification notice, or one of its near-misses.

Sites publish beside the rectification notices (``notice``) documents in the
same vocabulary that are something else:

* ``feedback`` — the inspection group's findings announced (巡视组向…反馈巡视情况):
  problems found, no rectification done yet;
* ``announcement`` — a group has arrived (巡察组进驻…, with a phone line and a
  mailbox for letters) or a round's groups and units are announced;
* ``news`` — a report about a notice or about rectification work, written by a
  reporter or the site (日前, 近日, 记者, 召开…推进会);
* ``other_rectification`` — rectification of something that is not an
  inspection: audit (审计), environmental or other 督察, petitions (信访),
  a campaign (主题教育), a special check;
* ``unknown`` — none of these can be told.

:func:`classify` weighs the title first (where a document says what it is)
and then the opening and the whole text, and returns the kind with a reason
in Chinese for the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOTICE = "notice"
FEEDBACK = "feedback"
ANNOUNCEMENT = "announcement"
NEWS = "news"
OTHER_RECTIFICATION = "other_rectification"
UNKNOWN = "unknown"

KIND_LABELS = {
    NOTICE: "巡视巡察整改情况通报",
    FEEDBACK: "巡视巡察反馈情况",
    ANNOUNCEMENT: "进驻或轮次公告",
    NEWS: "新闻报道",
    OTHER_RECTIFICATION: "其他整改报告(非巡视巡察)",
    UNKNOWN: "无法判断",
}

INSPECTION_RE = re.compile(r"巡视|巡察")
#: A title that announces a rectification: 整改情况的通报, 整改进展情况, 集中整改进展.
RECTIFICATION_TITLE_RE = re.compile(
    r"整改.{0,12}(?:情况|进展)(?:的)?(?:通报|公告|公示|报告|公开)?$|整改.{0,16}(?:通报|公告|公示|报告)"
)
#: The sentence with which a notice publishes itself: 现将…整改(进展)情况予以公布 / 通报如下.
SELF_PUBLISH_RE = re.compile(
    r"现将.{0,40}?整改.{0,20}?(?:情况|进展).{0,10}?(?:予以|进行|向社会)?(?:公布|通报|公告|公开|报告)"
    r"|(?:整改|进展)情况(?:予以|现予|特此|向社会)(?:公布|通报|公告|公开)"
    r"|整改.{0,10}情况(?:通报|公告|报告)如下"
)
#: Words of a body reporting on its own rectification.
OWN_WORK_RE = re.compile(r"(?:已|已经)?(?:完成整改|整改到位|立行立改|制定.{0,10}整改方案|整改落实情况|整改工作)")
#: The group's findings announced.
FEEDBACK_TITLE_RE = re.compile(r"反馈(?:巡视|巡察|专项巡视|专项巡察)?(?:情况|意见)|巡视反馈|巡察反馈|反馈会")
FEEDBACK_BODY_RE = re.compile(
    r"(?:巡视组|巡察组).{0,20}(?:指出|发现|认为)|(?:巡视|巡察)(?:发现|指出)(?:的)?(?:主要)?问题"
)
#: A group's arrival or a round's start.
ANNOUNCEMENT_RE = re.compile(
    r"进驻|完成进驻|巡视(?:工作)?动员会|巡察(?:工作)?动员会|巡视公告|巡察公告"
    r"|(?:受理|接受).{0,12}(?:来信|来电|来访)|设立(?:专门)?(?:值班电话|邮政信箱)"
)
ROUND_ANNOUNCEMENT_RE = re.compile(r"第[一二三四五六七八九十\d]+轮(?:巡视|巡察).{0,10}(?:进驻|启动|部署|动员)")
#: News writing: a dateline, a reporter, the site's third-person voice.
NEWS_RE = re.compile(
    r"(?m)^(?:本报讯|本网讯|新华社|[^。]{0,12}讯\s*[(（]|日前|近日|近期|据悉|记者)"
    r"|记者\s*[^\s]{0,8}\s*(?:报道|摄)|(?:通讯员|记者)[:：]|[(（]记者"
)
NEWS_TITLE_RE = re.compile(r"召开|举行|部署|推进会|座谈会|专题会|学习会|动员会|督导|调研|会议|公布.{0,10}整改")
#: Rectification of something other than an inspection.
OTHER_SOURCES_RE = re.compile(
    r"审计|督察|督查|环保|生态环境|信访|主题教育|专项检查|专项治理|巡查|考核|评估|检查组|调研组|"
    r"安全生产|扫黑除恶|警示教育|民主生活会|组织生活会|专题生活会|第二批|问题清单"
)


@dataclass(frozen=True)
class Verdict:
    kind: str
    reason: str


def classify(*, title: str | None, opening: str, text: str) -> Verdict:
    """The document's kind and why, from its title, its opening (header and preamble) and its text."""
    title = title or ""
    head = title or opening[:200]
    start = opening[:300] if opening else text[:300]
    self_publishes = bool(SELF_PUBLISH_RE.search(text))
    inspection_in_title = bool(INSPECTION_RE.search(title))
    rectification_title = bool(RECTIFICATION_TITLE_RE.search(title))

    if (
        title
        and not INSPECTION_RE.search(title)
        and (
            "整改" in title
            and OTHER_SOURCES_RE.search(title)
            or ("整改" in title and not INSPECTION_RE.search(text[:1500]))
        )
    ):
        return Verdict(OTHER_RECTIFICATION, f"标题“{title}”说的是其他来源问题的整改,不是巡视巡察整改")
    if title and ANNOUNCEMENT_RE.search(title) and not rectification_title and not self_publishes:
        return Verdict(ANNOUNCEMENT, "这是巡视巡察进驻或轮次安排的公告,不是整改情况通报")
    if title and FEEDBACK_TITLE_RE.search(title) and "整改" not in title:
        return Verdict(FEEDBACK, f"标题“{title}”是巡视巡察组反馈情况,不是整改情况通报")
    if NEWS_RE.search(start) or (title and NEWS_TITLE_RE.search(title) and not rectification_title):
        if not self_publishes:
            return Verdict(NEWS, "正文以新闻报道的口吻写成(如“日前”“记者”“召开…会议”),不是机关发布的整改通报")
    if inspection_in_title and rectification_title:
        return Verdict(NOTICE, "")
    if (title and ANNOUNCEMENT_RE.search(title) or ROUND_ANNOUNCEMENT_RE.search(head)) and not self_publishes:
        return Verdict(ANNOUNCEMENT, "这是巡视巡察进驻或轮次安排的公告,不是整改情况通报")
    if self_publishes and INSPECTION_RE.search(text):
        return Verdict(NOTICE, "")
    if not INSPECTION_RE.search(text):
        if "整改" in text:
            return Verdict(OTHER_RECTIFICATION, "全文没有提到巡视或巡察,是其他来源问题的整改")
        return Verdict(UNKNOWN, "全文没有提到巡视或巡察整改,无法判断是否为整改情况通报")
    if FEEDBACK_BODY_RE.search(text) and not OWN_WORK_RE.search(text):
        return Verdict(FEEDBACK, "正文列出巡视巡察发现的问题,但没有整改进展,像是反馈情况")
    if ANNOUNCEMENT_RE.search(start) and not OWN_WORK_RE.search(text):
        return Verdict(ANNOUNCEMENT, "正文是巡视巡察进驻或受理信访的公告,不是整改情况通报")
    if "整改" in text and OWN_WORK_RE.search(text):
        return Verdict(NOTICE, "")
    return Verdict(UNKNOWN, "没有找到整改情况通报的标志(如“现将整改情况予以公布”),无法判断文件类别")
