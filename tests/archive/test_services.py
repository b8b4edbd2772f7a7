"""The import service: idempotence, broken files kept, re-parse keeping key, paths and edited facts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from archive import formats
from archive.models import IngestRecord, Notice
from archive.services import ImportSource, import_notice, import_source_file, reparse_notice
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

    monkeypatch.setattr("archive.services.parse_notice", explode)
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
