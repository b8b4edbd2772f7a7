"""The parts ranking reads: normalised once, kept under the parse that made them, never stale."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Notice, Section
from archive.services import ImportSource, import_notice, reparse_notice
from search import parts
from search.parts import OutlineCache, load_parts


def _text(measure: str) -> str:
    return (
        "中共示例县委员会关于巡察整改情况的通报\n"
        "根据县委统一部署,2024年4月8日至6月21日,县委第一巡察组对示例县水务局开展了巡察。"
        "2024年9月29日,巡察组反馈了巡察意见。现将整改情况予以公布。\n"
        "一、关于公务用车管理不规范的问题\n"
        f"{measure}\n"
        "二、关于财务报销审核不严的问题\n"
        "修订报销制度,逐笔复核２０２３年以来的报销凭证。\n"
    )


def _import(measure: str = "收回违规使用的ＡＢＣ车辆,建立用车台账。") -> Notice:
    return import_notice(source=ImportSource("示例.txt", _text(measure).encode()), publish=True).notice


@pytest.fixture
def cache(monkeypatch):
    fresh = OutlineCache(limit=1_000_000)
    monkeypatch.setattr(parts, "_cache", fresh)
    return fresh


def _section_parts(key: str) -> dict[str, tuple[str, str]]:
    return {p.path: (p.heading, p.text) for p in load_parts([key])[key] if p.kind == "section"}


@pytest.mark.django_db
def test_parts_are_normalised_and_a_second_read_takes_no_section_text_from_the_database(cache):
    notice = _import()
    first = _section_parts(notice.key)
    assert first["1"] == ("关于公务用车管理不规范的问题", "收回违规使用的abc车辆,建立用车台账。")
    assert "2023" in first["2"][1]  # full-width digits folded
    with CaptureQueriesContext(connection) as queries:
        assert _section_parts(notice.key) == first
    assert not [q for q in queries.captured_queries if "archive_section" in q["sql"]]


@pytest.mark.django_db
def test_with_types_only_the_sections_carrying_one_are_parts(cache):
    notice = _import()
    slugs = {
        path: set(Section.objects.get(notice=notice, path=path).issue_types.values_list("slug", flat=True))
        for path in ("1", "2")
    }
    assert "eight-point-rules" in slugs["1"] and "eight-point-rules" not in slugs["2"]
    typed = load_parts([notice.key], frozenset({"eight-point-rules"}))[notice.key]
    assert [(p.kind, p.path) for p in typed] == [("section", "1")]


@pytest.mark.django_db
def test_a_new_parse_is_read_anew(cache):
    notice = _import()
    assert "台账" in _section_parts(notice.key)["1"][1]
    # An editor's correction of the text makes a new parse: new digest, new sections.
    Notice.objects.filter(pk=notice.pk).update(original_file="", raw_text=_text("公车统一停放,钥匙集中管理。"))
    notice.refresh_from_db()
    reparse_notice(notice=notice)
    text = _section_parts(notice.key)["1"][1]
    assert "集中管理" in text and "台账" not in text


@pytest.mark.django_db
def test_sections_of_a_notice_without_a_parse_digest_are_never_kept(cache):
    notice = _import()
    Notice.objects.filter(pk=notice.pk).update(parse_digest="")
    _section_parts(notice.key)
    assert cache.held == 0
    Section.objects.filter(notice=notice, path="1").update(text="改过的正文")
    assert _section_parts(notice.key)["1"][1] == "改过的正文"


def test_the_cache_drops_the_least_recently_used_past_its_limit(monkeypatch):
    reads: list[list[int]] = []

    def read(pks):
        reads.append(list(pks))
        return {pk: (("1", 1, "标题", "正" * 10),) for pk in pks}

    monkeypatch.setattr(parts, "_read_outlines", read)
    cache = OutlineCache(limit=30)  # two outlines of 12 characters fit, not three
    cache.get_many({1: "a", 2: "b"})
    cache.get_many({1: "a"})  # a is now the most recent
    cache.get_many({3: "c"})  # pushes out b
    assert cache.held == 24
    cache.get_many({1: "a", 2: "b", 3: "c"})
    assert reads == [[1, 2], [3], [2]]


def test_a_cache_without_room_keeps_nothing(monkeypatch):
    monkeypatch.setattr(parts, "_read_outlines", lambda pks: {pk: (("1", 1, "", "文"),) for pk in pks})
    cache = OutlineCache(limit=0)
    assert cache.get_many({1: "a"}) == {1: (("1", 1, "", "文"),)}
    assert cache.held == 0
