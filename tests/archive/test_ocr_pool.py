"""Pages of a scan read in several processes: order, progress, a failing page, a dying process.

The engine is replaced by the readers of ``ocr_readers`` (run in the pool's
processes); the real engine goes through the pool in ``test_ocr``.
"""

from __future__ import annotations

import io
import os

import pytest

from archive.ingest import process_pending
from archive.models import IngestRecord, Notice
from archive.ocr import pool
from archive.ocr.pool import PageFailed, read_pages
from archive.services import ImportSource, import_notice
from tests.archive import ocr_readers
from tests.archive.ocr_readers import page_image


@pytest.fixture(autouse=True)
def two_workers(settings):
    settings.ARCHIVE_OCR_WORKERS = 2
    yield
    pool.shutdown()


def test_pages_read_in_other_processes_come_back_in_page_order_with_growing_progress():
    done = []
    pages = read_pages([page_image(n) for n in range(1, 7)], progress=done.append, reader=ocr_readers.slow_reader)
    texts = [lines[0].text for lines in pages]
    assert [text.split()[0] for text in texts] == [f"第{n}页" for n in range(1, 7)]
    assert all(text.split()[1] != f"进程{os.getpid()}" for text in texts)
    assert done == [1, 2, 3, 4, 5, 6]


def test_one_page_or_one_worker_is_read_in_this_process(settings):
    (page,) = read_pages([page_image(1)], reader=ocr_readers.slow_reader)
    assert page[0].text.endswith(f"进程{os.getpid()}")
    settings.ARCHIVE_OCR_WORKERS = 1
    pages = read_pages([page_image(1), page_image(2)], reader=ocr_readers.slow_reader)
    assert {lines[0].text.split()[1] for lines in pages} == {f"进程{os.getpid()}"}


def test_a_page_failing_in_a_worker_is_named_by_its_number(settings):
    images = [page_image(n) for n in range(1, 4)]
    with pytest.raises(PageFailed, match="第 12 页文字识别失败"):
        read_pages(images, numbers=[11, 12, 13], reader=ocr_readers.failing_reader)
    settings.ARCHIVE_OCR_WORKERS = 1  # the same message when read here
    with pytest.raises(PageFailed, match="第 2 页文字识别失败"):
        read_pages(images, reader=ocr_readers.failing_reader)


def test_a_dying_worker_gives_a_message_and_the_next_scan_gets_new_processes():
    with pytest.raises(PageFailed, match="文字识别进程意外退出"):
        read_pages([page_image(n) for n in range(1, 4)], reader=ocr_readers.dying_reader)
    pages = read_pages([page_image(n) for n in range(1, 4)], reader=ocr_readers.slow_reader)
    assert [lines[0].text.split()[0] for lines in pages] == ["第1页", "第2页", "第3页"]


def tiff(count: int) -> bytes:
    frames = [page_image(n).resize((600 + n, 800)) for n in range(1, count + 1)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_page_failing_in_the_worker_fails_the_ingest_record_with_a_message_and_keeps_the_file(monkeypatch):
    monkeypatch.setattr(pool, "recognize_page", ocr_readers.failing_reader)
    queued = import_notice(source=ImportSource("scan.tiff", tiff(3)), publish=False, ocr=False)
    assert queued.status == "queued"
    assert process_pending() == 1
    record = IngestRecord.objects.get()
    assert record.status == IngestRecord.Status.FAILED
    assert record.messages == ["第 2 页文字识别失败,原始文件已保存:请检查这一页的图像是否完整、清晰,或重新扫描后上传。"]
    assert record.file and record.file.size == len(tiff(3)) and Notice.objects.count() == 0


def test_a_mixed_pdf_counts_its_text_pages_at_once_then_the_scanned_ones_in_page_order(monkeypatch, tmp_path):
    from archive.ocr.scan import read_scan
    from tests.archive.documents import mixed_pdf

    monkeypatch.setattr(pool, "recognize_page", ocr_readers.slow_reader)
    text = "一、总体情况\n区委高度重视巡察整改工作。"
    scans = [page_image(n).resize((1200 + n, 1700)) for n in (1, 2, 3)]
    data = mixed_pdf(tmp_path, [text, scans[0], scans[1], text, scans[2]])
    calls = []
    extracted = read_scan("mixed.pdf", data, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert [(page.number, page.ocr) for page in extracted.pages] == [
        (1, False),
        (2, True),
        (3, True),
        (4, False),
        (5, True),
    ]
    assert [page.text.split()[0] for page in extracted.pages if page.ocr] == ["第1页", "第2页", "第3页"]


def test_a_short_scan_starts_only_the_processes_it_needs_in_the_one_pool(settings):
    settings.ARCHIVE_OCR_WORKERS = 4
    read_pages([page_image(1), page_image(2)], reader=ocr_readers.slow_reader)
    (executor,) = pool._pools.values()
    assert 1 <= len(executor._processes) <= 2
    read_pages([page_image(n) for n in range(1, 4)], reader=ocr_readers.slow_reader)
    assert list(pool._pools.values()) == [executor]
