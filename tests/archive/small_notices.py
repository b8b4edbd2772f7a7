"""Small, distinct notices in bulk for tests of many writers: few issuing bodies and rounds, so writers race on them."""

from __future__ import annotations

from pathlib import Path

PLACES = ["南山", "东城", "西湖", "北塘"]
LEVELS = ["区委", "县委"]
ROUNDS = ["第一轮", "第二轮", "第三轮"]


def small_notice(index: int) -> tuple[str, str]:
    """The ``index``-th notice: (file name, text), about 1 KB; the same index always gives the same text."""
    place = PLACES[index % len(PLACES)]
    level = LEVELS[index // len(PLACES) % len(LEVELS)]
    round_ = ROUNDS[index % len(ROUNDS)]
    body = f"中共{place}{level}"
    month = index % 12 + 1
    text = f"""{body}关于十二届{level}{round_}巡察整改进展情况的通报
根据{level}统一部署,2023年{month}月6日至{month}月19日,{level}第二巡察组对{body}开展了常规巡察,并于2023年{month}月28日反馈了巡察意见。现将巡察整改进展情况予以公布。
一、提高政治站位,扛起整改责任
党委把巡察整改作为重要政治任务,成立整改工作领导小组,第{index}次专题研究整改工作。
二、巡察反馈问题整改落实情况
(一)关于落实中央八项规定精神方面
清理超标办公用房{index % 9 + 1}处,收回公务用车{index % 5 + 1}辆,追缴违规发放津贴补贴{index}万元。
(二)关于选人用人方面
完善干部选拔任用制度{index % 7 + 1}项,立案审查调查{index % 4 + 1}件。
三、下一步工作打算
持续巩固整改成果,建立长效机制。
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0755-1234{index:04d}。
{body}
2023年12月{index % 28 + 1}日
(编号 {index})
"""
    return f"notice-{index:04d}.txt", text


def write_small_notices(folder: Path, indexes: range) -> list[Path]:
    """Write the notices with these indexes into ``folder`` (created); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in indexes:
        name, text = small_notice(index)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
