"""The review page of an OCR notice: page images beside their text, low-confidence flags, corrections re-parsed.

The engine is replaced by one that "recognises" the lines it was given, so
these tests exercise storage, the admin and re-parsing without running OCR.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission, User
from PIL import Image

from archive.models import IngestRecord, Notice, OcrPage
from archive.ocr import pool
from archive.ocr.engine import OcrLine
from archive.services import ImportSource, import_notice
from tests.archive.documents import mixed_pdf

pytestmark = pytest.mark.django_db

PAGE_ONE = [
    "中共某某区委关于巡察整改情况的通报",
    "  根据市委统一部署,市委第一巡察组对某某区委开展了巡察,现将整改情况通报如下。",
    "一、总体情况",
    "  区委高度重视巡察整改工作。",
]
PAGE_TWO = ["二、具体问题的整改情况", "  关于落实主体责任不到位的问题,已经整改到位。", "— 2 —"]


def fake_recognize(pages: list[list[str]], scores: list[float]):
    calls = iter(range(len(pages)))

    def recognize(image):
        index = next(calls)
        return [
            OcrLine(
                line.strip(), 100 + (60 if line.startswith("  ") else 0), 40 * row, 900, 40 * row + 30, scores[index]
            )
            for row, line in enumerate(pages[index])
        ]

    return recognize


def use_engine(monkeypatch, recognize) -> None:
    """Pages read here, in order, by ``recognize`` instead of the engine in the pool's processes."""
    from django.conf import settings

    monkeypatch.setattr(settings, "ARCHIVE_OCR_WORKERS", 1)
    monkeypatch.setattr(pool, "recognize_page", lambda image, threads: recognize(image))


def tiff_pages(count: int) -> bytes:
    frames = [Image.new("L", (600, 800), 255) for _ in range(count)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


@pytest.fixture
def ocr_notice(monkeypatch) -> Notice:
    use_engine(monkeypatch, fake_recognize([PAGE_ONE, PAGE_TWO], [0.98, 0.62]))
    outcome = import_notice(source=ImportSource("scan.tiff", tiff_pages(2)), publish=False)
    assert outcome.status == "imported", outcome.messages
    return outcome.notice


@pytest.fixture
def editor(client) -> User:
    user = User.objects.create_user("editor", password="pw-editor-123", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="archive", codename__in=["view_notice", "change_notice"])
    )
    client.force_login(user)
    return user


def test_ocr_text_is_joined_and_parsed_and_pages_are_kept_with_confidence(ocr_notice):
    assert ocr_notice.ocr_engine
    assert [s.path for s in ocr_notice.sections.all()] == ["1", "2"]
    assert "— 2 —" not in ocr_notice.text
    pages = list(ocr_notice.ocr_pages.all())
    assert [(p.number, p.confidence) for p in pages] == [(1, 0.98), (2, 0.62)]
    assert [p.is_low_confidence for p in pages] == [False, True]
    assert any("第 2 页的识别置信度低于" in w for w in ocr_notice.warnings)


def test_review_page_shows_each_page_image_beside_its_text_and_flags_low_confidence(client, editor, ocr_notice):
    page = client.get(f"/admin/archive/notice/{ocr_notice.pk}/review/").content.decode()
    assert 'id="ocr-origin"' in page and 'id="ocr-pages-form"' in page
    assert f"/admin/archive/notice/{ocr_notice.pk}/ocr-pages/1.jpg" in page
    assert 'class="ocr-page low" id="ocr-page-2"' in page and "置信度低,请仔细核对" in page
    assert "区委高度重视巡察整改工作。" in page
    image = client.get(f"/admin/archive/notice/{ocr_notice.pk}/ocr-pages/1.jpg")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert client.get(f"/admin/archive/notice/{ocr_notice.pk}/ocr-pages/9.jpg").status_code == 404


def test_page_images_are_for_editors_only(client, ocr_notice):
    response = client.get(f"/admin/archive/notice/{ocr_notice.pk}/ocr-pages/1.jpg")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_corrected_page_is_saved_and_the_notice_reparsed(client, editor, ocr_notice):
    corrected = "\n".join([*PAGE_TWO[:2], "三、下一步工作", "  持续巩固整改成果。"])
    response = client.post(f"/admin/archive/notice/{ocr_notice.pk}/ocr-pages/", {"page-2": corrected})
    assert response.status_code == 302
    ocr_notice.refresh_from_db()
    assert [s.path for s in ocr_notice.sections.all()] == ["1", "2", "3"]
    page = ocr_notice.ocr_pages.get(number=2)
    assert page.corrected and not page.is_low_confidence and "持续巩固整改成果" in ocr_notice.text
    # A second reparse reads the corrected pages, never the original scan again.
    client.post(f"/admin/archive/notice/{ocr_notice.pk}/reparse/")
    ocr_notice.refresh_from_db()
    assert "持续巩固整改成果" in ocr_notice.text


def test_correcting_pages_needs_the_change_permission(client, ocr_notice):
    viewer = User.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_notice"))
    client.force_login(viewer)
    response = client.post(f"/admin/archive/notice/{ocr_notice.pk}/ocr-pages/", {"page-1": "改"})
    assert response.status_code == 403
    assert not ocr_notice.ocr_pages.filter(corrected=True).exists()


def test_an_uploaded_image_is_queued_and_the_progress_page_says_so(client, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = User.objects.create_superuser("boss", password="pw-boss-12345")
    client.force_login(admin)

    def never(image):
        raise AssertionError("OCR must not run in a web request")

    use_engine(monkeypatch, never)
    response = client.post("/admin/archive/notice/upload/", {"files": [SimpleUploadedFile("p1.png", tiff_pages(1))]})
    assert "已交给后台处理" in response.content.decode()
    record = IngestRecord.objects.get()
    assert record.status == IngestRecord.Status.QUEUED
    progress = client.get("/admin/archive/notice/ingest/").content.decode()
    assert "等待后台处理" in progress and "p1.png" in progress


@pytest.fixture
def mixed_notice(monkeypatch, tmp_path) -> Notice:
    """A PDF whose first page has a text layer and whose second is a scan (read by the fake engine as PAGE_TWO)."""
    use_engine(monkeypatch, fake_recognize([PAGE_TWO], [0.97]))
    text_page = "\n".join(line.strip() for line in PAGE_ONE)
    data = mixed_pdf(tmp_path, [text_page, Image.new("L", (1240, 1754), 255)])
    outcome = import_notice(source=ImportSource("mixed.pdf", data), publish=False)
    assert outcome.status == "imported", outcome.messages
    return outcome.notice


def test_a_mixed_pdf_keeps_its_text_pages_and_reads_only_the_scanned_ones(mixed_notice):
    pages = list(mixed_notice.ocr_pages.all())
    assert [(p.number, p.origin) for p in pages] == [(1, OcrPage.Origin.TEXT_LAYER), (2, OcrPage.Origin.OCR)]
    assert not pages[0].image and pages[1].image and pages[1].confidence == 0.97
    assert "区委高度重视巡察整改工作" in pages[0].text
    assert [s.path for s in mixed_notice.sections.all()] == ["1", "2"]
    assert "第 2 页是扫描图像" in mixed_notice.warnings[0]
    # Text-layer pages are never flagged as low confidence, whatever their stored score.
    OcrPage.objects.filter(pk=pages[0].pk).update(confidence=0.1)
    assert not OcrPage.objects.get(pk=pages[0].pk).is_low_confidence


def test_the_review_of_a_mixed_pdf_shows_the_scan_only_where_there_is_one(client, editor, mixed_notice):
    page = client.get(f"/admin/archive/notice/{mixed_notice.pk}/review/").content.decode()
    assert f"/admin/archive/notice/{mixed_notice.pk}/ocr-pages/2.jpg" in page
    assert f"/admin/archive/notice/{mixed_notice.pk}/ocr-pages/1.jpg" not in page
    assert "本页有 PDF 文字层" in page and "取自 PDF 文字层" in page
    assert client.get(f"/admin/archive/notice/{mixed_notice.pk}/ocr-pages/1.jpg").status_code == 404
    # Correcting the scanned page re-parses with the text page still in front of it.
    corrected = "\n".join([*PAGE_TWO[:2], "三、下一步工作", "  持续巩固整改成果。"])
    client.post(f"/admin/archive/notice/{mixed_notice.pk}/ocr-pages/", {"page-2": corrected})
    mixed_notice.refresh_from_db()
    assert [s.path for s in mixed_notice.sections.all()] == ["1", "2", "3"]
    assert mixed_notice.text.index("区委高度重视") < mixed_notice.text.index("持续巩固整改成果")


def test_the_ocr_page_limit_counts_scanned_pages_only(monkeypatch, tmp_path, settings):
    use_engine(monkeypatch, fake_recognize([PAGE_TWO], [0.97]))
    settings.ARCHIVE_OCR_MAX_PAGES = 1
    text = "\n".join(line.strip() for line in PAGE_ONE)
    blank = Image.new("L", (1240, 1754), 255)
    outcome = import_notice(source=ImportSource("one-scan.pdf", mixed_pdf(tmp_path, [text, text, blank])))
    assert outcome.status == "imported", outcome.messages
    outcome = import_notice(source=ImportSource("two-scans.pdf", mixed_pdf(tmp_path, [text, blank, blank])))
    assert outcome.failed and "共有 2 页,超过文字识别的上限 1 页" in outcome.messages[0]
