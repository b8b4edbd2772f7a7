"""Notices in traditional characters: read through a simplified copy, kept as printed."""

from __future__ import annotations

from archive.parsing import parse_notice
from archive.parsing.script import Restorer, is_traditional, simplified_copy

TRADITIONAL = """中共某某省某某廳黨組關於巡視整改進展情況的通報
根據省委統一部署,2019年3月4日至5月6日,省委第二巡視組對某某廳黨組進行了巡視。7月10日,省委巡視組向某某廳黨組反饋了巡視意見。現將巡視整改進展情況予以公佈。
一、提高政治站位,切實加強對整改工作的領導
廳黨組召開會議學習十九屆四中全會精神,共處理幹部12人,追繳資金125萬元。
二、整改落實情況
已完成整改措施20條。
歡迎廣大幹部群眾對巡視整改落實情況進行監督。聯繫電話:020-12345678
中共某某省某某廳黨組
2019年9月30日
"""


def test_simplified_copy_keeps_every_position():
    copy = simplified_copy(TRADITIONAL)
    assert len(copy) == len(TRADITIONAL)
    assert "巡视组" in copy and "党组" in copy
    assert is_traditional(TRADITIONAL, copy)
    assert not is_traditional("中共某县委关于巡察整改情况的通报。于是后来发现。")


def test_traditional_notice_is_read_and_stored_as_printed():
    notice = parse_notice(TRADITIONAL)
    assert notice.script == "traditional"
    assert notice.title == "中共某某省某某廳黨組關於巡視整改進展情況的通報"
    assert notice.issuing_body == "中共某某省某某廳黨組"
    assert notice.inspection_kind == "巡视"  # a category, not a quotation
    assert notice.inspection_group == "省委第二巡視組"
    assert (notice.inspection_start.iso(), notice.feedback_on.iso()) == ("2019-03-04", "2019-07-10")
    assert notice.document_kind == "notice"
    assert "巡視" in notice.text and "巡视" not in notice.text
    assert notice.sections[0].heading.startswith("提高政治站位,切實加強")
    assert {(f.value, f.unit) for f in notice.figures} >= {(12, "人"), (1250000, "元")}
    assert all("四中" not in f.clause or f.unit != "次" for f in notice.figures)


def test_restorer_uses_the_printed_span_where_one_simplified_character_has_two_forms():
    printed = "頭髮和發展"
    restorer = Restorer(simplified_copy(printed), printed)
    assert restorer.restore("发展") == "發展"
    assert restorer.restore("头发") == "頭髮"
