"""Uploading notices through the admin in every format: parse, review, publish, search; duplicates and refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import IngestRecord, Notice
from tests.archive.documents import docx_bytes, gb18030_bytes, html_page, pdf_bytes, zip_bytes
from tests.conftest import GOLD, seed_text

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/archive/notice/upload/"
BY_ID = {item["file"].split("/")[-1][:3]: item for item in GOLD}


@pytest.fixture
def editor(client):
    """A staff member allowed to upload, correct and publish (not a superuser)."""
    user = User.objects.create_user("editor", password="pw-editor-123", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="archive",
            codename__in=["add_notice", "change_notice", "view_notice", "publish_notice", "view_ingestrecord"],
        )
    )
    client.force_login(user)
    return user


def upload(client, *files: tuple[str, bytes]):
    payload = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(UPLOAD_URL, {"files": payload})


def assert_gold_facts(notice: Notice, gold: dict) -> None:
    assert notice.issuing_body_text in [gold["issuing_body"], *gold.get("issuing_body_also", [])]
    assert notice.feedback_on == dt.date.fromisoformat(gold["feedback_on"])
    assert notice.inspection_kind == gold["inspection_kind"]
    assert notice.inspection_group == gold["inspection_group"]
    if gold["title"]:
        assert notice.title == gold["title"]
    if gold["published_on"]:
        assert notice.published_on == dt.date.fromisoformat(gold["published_on"])
    assert notice.sections.filter(depth=1).count() == gold["outline"]["top_level"]


def search_keys(client, query: str) -> list[str]:
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == 200, response.content
    return [hit["key"] for hit in response.json()["results"]]


# --- every format --------------------------------------------------------------------------------------------


def test_html_page_is_read_without_site_furniture_and_with_its_metadata(client, editor):
    gold = BY_ID["000"]
    page = html_page(
        seed_text(gold),
        title=gold["title"],
        charset="gb2312",
        metadata={"索引号": "11440300/2017-00123", "发布机构": "深圳市纪委", "发布日期": "2017-12-25"},
    )
    response = upload(client, ("dapeng.html", page))
    assert response.status_code == 200
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.REVIEW
    assert_gold_facts(notice, gold)
    assert notice.metadata["索引号"] == "11440300/2017-00123"
    for furniture in ("当前位置", "分享到", "版权所有", "字号", "站点统计脚本", "关闭窗口", "互动交流"):
        assert furniture not in notice.text
    assert "\n" in notice.text  # paragraph breaks kept


def test_html_title_from_the_page_when_the_text_has_none(client, editor):
    gold = BY_ID["001"]  # the notice's text has no title line
    page = html_page(seed_text(gold), title="深汕特别合作区党工委关于巡察整改进展情况的通报")
    upload(client, ("shenshan.htm", page))
    notice = Notice.objects.get()
    assert notice.title == "深汕特别合作区党工委关于巡察整改进展情况的通报"
    assert not notice.title_derived


def test_docx_with_automatic_numbering_and_a_table(client, editor):
    gold = BY_ID["003"]
    data = docx_bytes(
        seed_text(gold), numbered_outline=True, table_rows=[["问题", "整改情况"], ["公车私用", "已整改"]], table_after=8
    )
    upload(client, ("guangzhou.docx", data))
    notice = Notice.objects.get()
    assert_gold_facts(notice, gold)
    assert "公车私用 | 已整改" in notice.text


def test_pdf_with_a_text_layer(client, editor):
    gold = BY_ID["001"]
    upload(client, ("shenshan.pdf", pdf_bytes(seed_text(gold))))
    notice = Notice.objects.get()
    assert_gold_facts(notice, gold)


def test_gb18030_text(client, editor):
    gold = BY_ID["002"]
    upload(client, ("tianxin.txt", gb18030_bytes(seed_text(gold))))
    notice = Notice.objects.get()
    assert_gold_facts(notice, gold)
    assert any("GB18030" in message for message in notice.ingest_records.get().messages)


def test_zip_of_several_formats_imports_each_file(client, editor):
    archive = zip_bytes(
        {
            "通报/dapeng.html": html_page(seed_text(BY_ID["000"]), title=BY_ID["000"]["title"]),
            "通报/zhenan.txt": seed_text(BY_ID["004"]).encode("utf-16"),
        }
    )
    response = upload(client, ("batch.zip", archive))
    assert response.status_code == 200
    assert Notice.objects.count() == 2
    assert IngestRecord.objects.filter(status=IngestRecord.Status.NEEDS_REVIEW).count() == 2
    assert_gold_facts(Notice.objects.get(issuing_body_text__contains="浙南"), BY_ID["004"])


# --- review, correction, publishing, search -----------------------------------------------------------------


def test_review_correct_publish_then_found_by_search(client, editor):
    gold = BY_ID["000"]
    upload(client, ("dapeng.txt", seed_text(gold).encode("utf-8")))
    notice = Notice.objects.get()
    assert notice.key not in search_keys(client, "大鹏新区")  # not public before review

    review = client.get(reverse("admin:archive_notice_review", args=[notice.pk]))
    assert review.status_code == 200
    page = review.content.decode()
    assert "市委第一巡察组" in page and "提高政治站位" in page and 'id="publish-button"' in page

    response = client.post(reverse("admin:archive_notice_publish", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    assert notice.ingest_records.get().status == IngestRecord.Status.PUBLISHED
    assert notice.key in search_keys(client, "大鹏新区")
    assert client.get(notice.get_absolute_url()).status_code == 200


def test_upload_page_is_linked_and_shows_the_result(client, editor):
    assert UPLOAD_URL in client.get("/admin/").content.decode()
    assert UPLOAD_URL in client.get("/admin/archive/notice/").content.decode()
    response = upload(client, ("dapeng.txt", seed_text(BY_ID["000"]).encode("utf-8")))
    notice = Notice.objects.get()
    assert reverse("admin:archive_notice_review", args=[notice.pk]) in response.content.decode()
    assert "待审核" in response.content.decode()


# --- duplicates and versions --------------------------------------------------------------------------------


def test_same_text_again_is_recognised_as_already_in_the_archive(client, editor):
    text = seed_text(BY_ID["003"])
    upload(client, ("guangzhou.txt", text.encode("utf-8")))
    first = Notice.objects.get()
    response = upload(client, ("guangzhou-again.html", html_page(text, title=BY_ID["003"]["title"])))
    page = response.content.decode()
    assert Notice.objects.count() == 1
    assert "已在档案中" in page and reverse("admin:archive_notice_review", args=[first.pk]) in page
    record = IngestRecord.objects.get(original_name="guangzhou-again.html")
    assert record.status == IngestRecord.Status.DUPLICATE and record.notice == first


def test_same_body_and_feedback_date_is_a_possible_new_version(client, editor):
    text = seed_text(BY_ID["003"])
    upload(client, ("v1.txt", text.encode("utf-8")))
    older = Notice.objects.get()
    client.post(reverse("admin:archive_notice_publish", args=[older.pk]))
    revised = text.replace("目前各项整改工作顺利推进", "目前各项整改工作全面推进")
    response = upload(client, ("v2.txt", revised.encode("utf-8")))
    newer = Notice.objects.exclude(pk=older.pk).get()
    assert newer.previous_version == older
    assert "新版本" in response.content.decode()

    client.post(reverse("admin:archive_notice_publish", args=[newer.pk]))
    older.refresh_from_db()
    assert older.status == Notice.Status.PUBLISHED  # still reachable
    assert list(older.newer_versions.all()) == [newer]
    assert client.get(older.get_absolute_url()).status_code == 200


# --- refusals: a clear message, the file kept, the rest of the batch imported ----------------------------------


def test_scanned_pdf_is_queued_for_ocr_not_read_in_the_request(client, editor):
    response = upload(client, ("scan.pdf", pdf_bytes("", with_text=False)))
    page = response.content.decode()
    assert "需要进行文字识别(OCR)" in page and 'id="queued-note"' in page
    record = IngestRecord.objects.get()
    assert record.status == IngestRecord.Status.QUEUED and record.uploaded_by == editor and not record.publish
    assert default_storage.exists(record.file.name)
    assert Notice.objects.count() == 0


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_legacy_word_files_are_refused_with_advice(client, editor, suffix):
    response = upload(client, (f"notice{suffix}", b"\xd0\xcf\x11\xe0legacy"))
    assert "另存为”.docx" in response.content.decode()
    assert IngestRecord.objects.get().status == IngestRecord.Status.FAILED


def test_one_bad_file_does_not_stop_the_others(client, editor):
    good = seed_text(BY_ID["004"]).encode("utf-8")
    response = upload(client, ("broken.docx", b"PK\x03\x04 not really a docx"), ("zhenan.txt", good))
    assert response.status_code == 200
    assert Notice.objects.count() == 1
    failed = IngestRecord.objects.get(status=IngestRecord.Status.FAILED)
    assert failed.original_name == "broken.docx" and default_storage.exists(failed.file.name)
    assert "Word 文件已损坏" in response.content.decode()


def test_too_large_file_is_refused(client, editor, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1000
    response = upload(client, ("big.txt", "巡察".encode() * 1000))
    assert "文件过大" in response.content.decode()
    assert IngestRecord.objects.get().status == IngestRecord.Status.FAILED


def test_zip_limits_and_unsafe_entries(client, editor, settings):
    settings.ARCHIVE_MAX_ZIP_FILES = 2
    many = zip_bytes({f"n{i}.txt": b"x" for i in range(3)})
    assert "超过上限 2 个" in upload(client, ("many.zip", many)).content.decode()

    good = seed_text(BY_ID["004"]).encode("utf-8")
    unsafe = zip_bytes({"../evil.txt": good, "ok.txt": good})
    page = upload(client, ("unsafe.zip", unsafe)).content.decode()
    assert "路径不安全" in page
    assert Notice.objects.count() == 1  # the safe entry was imported


def test_script_in_uploaded_html_is_never_rendered(client, editor):
    gold = BY_ID["000"]
    text = seed_text(gold).replace("欢迎广大干部群众", "<script>alert(1)</script>欢迎广大干部群众")
    upload(client, ("x.html", html_page(text, title=gold["title"])))
    notice = Notice.objects.get()
    page = client.get(reverse("admin:archive_notice_review", args=[notice.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
