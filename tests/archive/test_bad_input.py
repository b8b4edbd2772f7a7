"""Bad input at every door: malformed admin URLs, refused uploads (each recorded), unsafe or bloated zips."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from archive import formats
from archive.models import IngestRecord, Notice
from archive.services import ImportSource, import_notice, import_source_file
from tests.archive.test_upload import editor, upload  # noqa: F401  (the editor fixture)
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db

SEED = SEEDS_DIR / "004_195f715780a3b4c8.txt"
BAD_IDS = ["abc", "0", "999999", "1x", "１２", "9" * 30, "1/2"]


@pytest.fixture
def notice() -> Notice:
    return import_notice(source=ImportSource(SEED.name, SEED.read_bytes()), publish=False).notice


@pytest.mark.parametrize("object_id", BAD_IDS)
@pytest.mark.parametrize("action, method", [("review", "get"), ("publish", "post"), ("reparse", "post")])
def test_malformed_or_unknown_ids_in_admin_urls_are_404(client, editor, notice, object_id, action, method):  # noqa: F811
    response = getattr(client, method)(f"/admin/archive/notice/{object_id}/{action}/")
    assert response.status_code == 404


@pytest.mark.parametrize("object_id", BAD_IDS)
@pytest.mark.parametrize("page", ["change/", "history/", "delete/"])
def test_django_admin_pages_with_bad_ids_never_fail(client, editor, object_id, page):  # noqa: F811
    response = client.get(f"/admin/archive/notice/{object_id}/{page}")
    assert response.status_code in (302, 403, 404)  # 403: this editor may not delete


def test_the_review_page_of_a_real_notice_still_opens(client, editor, notice):  # noqa: F811
    assert client.get(f"/admin/archive/notice/{notice.pk}/review/").status_code == 200


def test_an_empty_upload_is_recorded_with_what_to_do(client, editor):  # noqa: F811
    response = upload(client, ("empty.txt", b""))
    assert response.status_code == 200
    record = IngestRecord.objects.get()
    assert record.status == IngestRecord.Status.FAILED and record.original_name == "empty.txt"
    assert "文件是空的" in record.messages[0] and "重新保存后再上传" in record.messages[0]
    assert "文件是空的" in response.content.decode()


def test_an_oversized_upload_is_recorded_with_what_to_do(client, editor, settings):  # noqa: F811
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1000
    upload(client, ("big.txt", "巡察".encode() * 1000))
    record = IngestRecord.objects.get()
    assert record.status == IngestRecord.Status.FAILED
    assert "文件过大" in record.messages[0] and "请拆分" in record.messages[0]


def test_an_unreadable_file_is_recorded(monkeypatch, tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("巡察整改", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    outcomes = [import_source_file(item=item) for item in formats.iter_sources([path])]
    assert [o.status for o in outcomes] == ["failed"]
    assert "无法读取这个文件" in outcomes[0].record.messages[0]
    assert "检查文件权限" in outcomes[0].record.messages[0]


def _zip_with_special_entries(good: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notice.txt", good)
        for name, mode in (("link.txt", stat.S_IFLNK | 0o777), ("device.txt", stat.S_IFCHR | 0o644)):
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = mode << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def test_symlinks_and_devices_in_a_zip_are_refused_and_recorded(client, editor):  # noqa: F811
    page = upload(client, ("mixed.zip", _zip_with_special_entries(SEED.read_bytes()))).content.decode()
    assert Notice.objects.count() == 1  # only the plain file
    failed = {r.original_name: r.messages[0] for r in IngestRecord.objects.filter(status="failed")}
    assert set(failed) == {"link.txt", "device.txt"}
    assert "符号链接" in failed["link.txt"] and "字符设备" in failed["device.txt"]
    assert "请把文件本身放进压缩包" in page
    assert not Notice.objects.filter(raw_text__contains="/etc/passwd").exists()


def test_a_zip_of_inflated_junk_stores_no_more_than_the_zip(client, editor, settings):  # noqa: F811
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    zeros = b"\0" * (1900 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(10):
            archive.writestr(f"zero-{number}.txt", zeros)
    data = buffer.getvalue()
    assert len(data) < 100 * 1024
    upload(client, ("zeros.zip", data))
    records = IngestRecord.objects.all()
    assert len(records) == 10 and all(r.status == IngestRecord.Status.FAILED for r in records)
    stored = {r.file.name for r in records}
    assert sum(default_storage.size(name) for name in stored) <= len(data)
    assert records[0].messages[0]  # each says why


def test_a_file_from_a_zip_that_imports_keeps_its_own_bytes(client, editor):  # noqa: F811
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notice.txt", SEED.read_bytes())
    upload(client, ("one.zip", buffer.getvalue()))
    notice = Notice.objects.get()
    with notice.original_file.open("rb") as fh:
        assert fh.read() == SEED.read_bytes()
