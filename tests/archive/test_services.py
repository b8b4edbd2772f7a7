"""The import service: idempotence, broken files kept, re-parse keeping key, paths and edited facts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError

from archive import formats
from archive.models import Committee, IngestRecord, InspectionRound, Notice
from archive.services import (
    ImportSource,
    import_notice,
    import_source_file,
    link_committee,
    link_round,
    reparse_notice,
)
from archive.signals import notice_changed
from tests.archive.documents import docx_bytes, zip_bytes
from tests.conftest import GOLD, seed_text

pytestmark = pytest.mark.django_db

DAPENG = GOLD[0]


def _import(name: str, data: bytes, **kwargs):
    return import_notice(source=ImportSource(name=name, data=data), **kwargs)


def test_import_is_idempotent():
    data = seed_text(DAPENG).encode()
    first = _import("a.txt", data)
    second = _import("a.txt", data)
    assert (first.status, second.status) == ("imported", "unchanged")
    assert second.notice == first.notice
    assert Notice.objects.count() == 1 and IngestRecord.objects.count() == 1


def test_same_text_in_another_format_is_a_duplicate_of_the_same_notice():
    text = seed_text(GOLD[3])
    first = _import("a.txt", text.encode("gb18030"))
    second = _import("a.docx", docx_bytes(text))
    assert second.notice == first.notice
    assert second.record.status == IngestRecord.Status.DUPLICATE
    assert "已在档案中" in second.messages[0]


def test_broken_file_is_kept_with_its_error():
    outcome = _import("broken.pdf", b"%PDF-1.4 nothing here")
    assert outcome.failed and outcome.record.status == IngestRecord.Status.FAILED
    assert outcome.record.messages == outcome.messages and "PDF" in outcome.messages[0]
    assert default_storage.open(outcome.record.file.name).read() == b"%PDF-1.4 nothing here"


def test_parser_crash_in_a_batch_is_recorded(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr("archive.services.imports.parse_notice", explode)
    outcome = import_source_file(item=formats.SourceFile("a.txt", seed_text(DAPENG).encode()))
    assert outcome.failed and default_storage.exists(outcome.record.file.name)


def test_reparse_keeps_key_paths_and_edited_facts():
    outcome = _import("a.txt", seed_text(DAPENG).encode(), publish=False)
    notice = outcome.notice
    key, paths = notice.key, list(notice.sections.values_list("path", flat=True))
    notice.feedback_on = dt.date(2017, 9, 6)
    notice.title = "更正后的标题"
    notice.edited_fields = ["feedback_on", "title"]
    notice.inspected_unit = "被改坏的单位"  # not marked as edited: re-parse restores it
    notice.parse_digest = ""  # as after a parser upgrade
    notice.save()
    received = []
    notice_changed.connect(lambda **kw: received.append(kw["notice"].key), weak=False, dispatch_uid="t-reparse")
    try:
        assert reparse_notice(notice=notice) is True
    finally:
        notice_changed.disconnect(dispatch_uid="t-reparse")
    notice.refresh_from_db()
    assert notice.key == key
    assert list(notice.sections.values_list("path", flat=True)) == paths
    assert notice.feedback_on == dt.date(2017, 9, 6) and notice.title == "更正后的标题"
    assert notice.inspected_unit == DAPENG["inspected_unit"]
    assert received == [key]


def test_metadata_fills_facts_the_text_lacks():
    text = "\n".join(line for line in seed_text(DAPENG).splitlines() if "发布日期" not in line)
    page = (
        "<html><head><meta charset='utf-8'></head><body><div class='meta'>发布日期:2017-12-25 来源:深圳市纪委</div>"
        "<div class='content'>"
        + "".join(f"<p>{p}</p>" for p in text.splitlines() if p.strip())
        + "</div></body></html>"
    )
    notice = _import("a.html", page.encode()).notice
    assert notice.published_on == dt.date(2017, 12, 25)
    assert notice.metadata["来源"] == "深圳市纪委"


def test_import_command_reads_a_zip(tmp_path):
    archive = tmp_path / "batch.zip"
    archive.write_bytes(zip_bytes({"a.txt": seed_text(DAPENG).encode(), "b.docx": docx_bytes(seed_text(GOLD[3]))}))
    call_command("import_notices", str(tmp_path), verbosity=0)
    assert Notice.objects.published().count() == 2


def test_committee_and_round_are_stored_with_the_notice():
    notice = _import("b.txt", seed_text(GOLD[1]).encode()).notice
    committee = notice.inspecting_committee
    assert (committee.name, committee.full_name, committee.level, committee.slug) == (
        "深圳市委",
        "中共深圳市委员会",
        "市",
        "深圳市委",
    )
    assert notice.inspecting_organ == "市委"
    assert notice.inspection_round.committee == committee
    assert notice.inspection_round.slug == "深圳市委-七届市委第八轮巡察"
    assert notice.provenance["inspecting_committee"]["quote"] in notice.text


def test_a_concurrent_creator_of_the_same_committee_is_not_an_error(monkeypatch):
    # Another import has stored the row after our look-up missed it, so our insert fails.
    theirs = Committee.objects.create(name="深圳市委", slug="深圳市委")
    calls = []

    def lose_the_race(**kwargs):
        calls.append(kwargs)
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Committee.objects, "get_or_create", lose_the_race)
    assert link_committee("深圳市委") == theirs
    assert len(calls) == 1 and Committee.objects.count() == 1


def test_a_round_slug_taken_by_another_round_gets_a_suffix():
    shenzhen = link_committee("深圳市委")
    taken = InspectionRound.objects.create(label="别的轮次", slug="深圳市委-七届市委第八轮巡察")
    round_ = link_round(committee=shenzhen, label="七届市委第八轮巡察")
    assert round_ != taken and round_.slug == "深圳市委-七届市委第八轮巡察-2"
    assert link_round(committee=shenzhen, label="七届市委第八轮巡察") == round_
    unknown = link_round(committee=None, label="七届市委第八轮巡察")
    assert unknown.committee is None and unknown != round_
    assert link_round(committee=None, label="七届市委第八轮巡察") == unknown


def test_a_party_group_committee_is_stored_with_its_level():
    committee = link_committee("国家卫生健康委党组")
    assert committee.level == Committee.Level.DEPARTMENT
    assert committee.full_name == "中共国家卫生健康委党组" and committee.place_code == ""
    assert link_committee("国家卫生健康委党组") == committee
