"""OCR on generated scanned pages: accuracy, reading order, a whole notice through the worker, limits.

The pages are set from the samples' text at test time (``ocr_pages``). The
engine runs for real here, on a few pages only: the shortest sample (its
outline compared with the gold file), one skewed and noisy page at 150 dpi,
one two-column page and part of a page inside a PDF. Timings are measured in
``bench/ocr.py``, never here.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from archive import formats
from archive.ingest import process_pending
from archive.models import IngestRecord, Notice
from archive.ocr import engine as engine_module
from archive.ocr.engine import recognize
from archive.ocr.layout import page_lines
from archive.services import ImportSource, import_notice
from tests.archive.documents import mixed_pdf, short_lines
from tests.archive.ocr_pages import char_accuracy, page_accuracy, render_pages, squeeze
from tests.conftest import GOLD, seed_text

SHORTEST = min(GOLD, key=lambda item: len(seed_text(item)))
OTHER = next(item for item in GOLD if item is not SHORTEST)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def outline_checks(notice: Notice, gold: dict) -> list[bool]:
    """Each gold outline check (top-level count, children counts, sections_include) as passed or not."""
    sections = {s.path: s for s in notice.sections.all()}
    paths = list(sections)
    checks = [len([p for p in paths if "." not in p]) == gold["outline"]["top_level"]]
    for parent, count in gold["outline"].get("children", {}).items():
        checks.append(
            len([p for p in paths if p.rsplit(".", 1)[0] == parent and p.count(".") == parent.count(".") + 1]) == count
        )
    for expected in gold["sections_include"]:
        section = sections.get(expected["path"])
        checks.append(
            section is not None and squeeze(section.heading + section.text).startswith(squeeze(expected["starts_with"]))
        )
    return checks


@pytest.mark.django_db
def test_a_scanned_notice_is_queued_then_read_by_the_worker_and_parsed_like_any_other(settings):
    pages = render_pages(seed_text(SHORTEST), dpi=300, header="巡察整改情况通报")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for page in pages:
            bundle.writestr(f"scan/page-{page.number}.png", png(page.image))
    queued = import_notice(source=ImportSource("scan.zip", archive.getvalue()), publish=False, ocr=False)
    assert queued.status == "queued" and queued.record.status == IngestRecord.Status.QUEUED
    assert Notice.objects.count() == 0

    assert process_pending() == 1
    record = IngestRecord.objects.get()
    assert record.status == IngestRecord.Status.NEEDS_REVIEW, record.messages
    assert (record.pages_done, record.pages_total) == (len(pages), len(pages))
    notice = record.notice
    assert notice.ocr_engine.startswith("RapidOCR") and notice.status == Notice.Status.REVIEW
    stored = list(notice.ocr_pages.all())
    assert [p.number for p in stored] == [p.number for p in pages]
    assert all(0.9 < p.confidence <= 1 for p in stored)
    # Character accuracy at 300 dpi, page by page, against the text as set.
    accuracies = [page_accuracy(s.text.splitlines(), p) for s, p in zip(stored, pages, strict=True)]
    assert min(accuracies) >= 0.98, accuracies
    # Page numbers and running headers are gone from the notice's text; the outline is the gold one.
    assert "巡察整改情况通报" not in notice.text and "— 2 —" not in notice.text
    checks = outline_checks(notice, SHORTEST)
    assert sum(checks) / len(checks) >= 0.9, checks
    assert any("文字识别" in w for w in notice.warnings)


def test_a_skewed_noisy_page_at_150_dpi_reads_at_95_percent():
    (page,) = render_pages(seed_text(OTHER), dpi=150, skew=0.8, noise=0.004, header="通报", max_pages=1, seed=7)
    assert page_accuracy(page_lines(recognize(page.image)), page) >= 0.95


def test_a_two_column_page_is_read_column_by_column():
    (page,) = render_pages(seed_text(OTHER), dpi=300, columns=2, skew=0.3, max_pages=1)
    lines = page_lines(recognize(page.image))
    assert page_accuracy(lines, page) >= 0.98
    # Reading order: the last line of the left column comes before the first of the right one.
    half = len(page.lines) // 2
    text = squeeze("".join(lines))
    assert text.index(squeeze(page.lines[half - 1])[:8]) < text.index(squeeze(page.lines[half])[:8])


def test_a_scanned_pdf_is_read_from_its_page_images(tmp_path):
    from fpdf import FPDF

    (page,) = render_pages(seed_text(OTHER), dpi=200, max_pages=1)
    top = page.image.crop((0, 0, page.image.width, page.image.height // 4))
    path = tmp_path / "top.png"
    top.save(path)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(str(path), x=0, y=0, w=210)
    data = bytes(pdf.output())
    with pytest.raises(formats.NeedsOcr):
        formats.extract_text("scan.pdf", data)
    extracted = formats.extract_text("scan.pdf", data, ocr=True)
    assert len(extracted.pages) == 1 and extracted.ocr_engine
    first_lines = "".join(page.lines[:3])
    assert char_accuracy(squeeze(extracted.text)[: len(squeeze(first_lines))], first_lines) >= 0.95


@pytest.mark.django_db
def test_page_and_pixel_limits_are_refused_with_a_message(settings):
    settings.ARCHIVE_OCR_MAX_PAGES = 2
    blank = png(Image.new("L", (100, 100), 255))
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        for number in range(3):
            archive.writestr(f"{number}.png", blank)
    outcome = import_notice(source=ImportSource("pages.zip", bundle.getvalue()))
    assert outcome.failed and "共有 3 页,超过文字识别的上限 2 页" in outcome.messages[0]

    settings.ARCHIVE_OCR_MAX_PIXELS = 1_000_000
    outcome = import_notice(source=ImportSource("big.png", png(Image.new("L", (2000, 1000), 255))))
    assert outcome.failed and "2000×1000 像素" in outcome.messages[0]
    assert Notice.objects.count() == 0
    assert set(IngestRecord.objects.values_list("status", flat=True)) == {IngestRecord.Status.FAILED}


@pytest.mark.django_db
def test_an_image_that_is_not_an_image_or_has_no_text_is_refused():
    outcome = import_notice(source=ImportSource("scan.jpg", b"not a jpeg"))
    assert outcome.failed and "不是可以识别的图像文件" in outcome.messages[0]
    outcome = import_notice(source=ImportSource("blank.png", png(Image.new("L", (800, 1100), 255))))
    assert outcome.failed and "没有在页面中找到文字" in outcome.messages[0]


def test_a_pdf_mixing_text_pages_and_scanned_pages_is_read_page_by_page(tmp_path):
    lines = [line for line in seed_text(SHORTEST).splitlines() if line.strip()]
    first, last = short_lines(lines), short_lines(lines[::-1])[::-1]
    (scanned,) = render_pages(seed_text(OTHER), dpi=200, max_pages=1)
    # The top of a page keeps the engine's work to a few lines.
    top = scanned.image.crop((0, 0, scanned.image.width, scanned.image.height // 4))
    data = mixed_pdf(tmp_path, ["\n".join(first), top, "\n".join(last)])
    assert len(PdfReader(io.BytesIO(data)).pages) == 3

    with pytest.raises(formats.NeedsOcr, match="第 2 页是扫描图像"):
        formats.extract_text("mixed.pdf", data)
    extracted = formats.extract_text("mixed.pdf", data, ocr=True)

    assert [(page.number, page.ocr) for page in extracted.pages] == [(1, False), (2, True), (3, False)]
    assert not extracted.pages[0].image and not extracted.pages[2].image and extracted.pages[1].image
    assert extracted.pages[1].confidence > 0.9
    # The text pages keep their text layer; the scanned page is read; all in page order.
    text = squeeze(extracted.text)
    opening, ocr_lines, closing = squeeze(first[0])[:20], squeeze("".join(scanned.lines[:3])), squeeze(last[-1])[-20:]
    assert opening in text and closing in text
    read = text[text.index(opening) + len(squeeze("".join(first))) :][: len(ocr_lines)]
    assert char_accuracy(read, ocr_lines) >= 0.95, read
    assert text.index(opening) < text.index(read) < text.index(closing)
    assert "第 2 页是扫描图像" in extracted.warnings[0]


def test_a_text_pdf_with_a_small_picture_on_an_empty_page_is_not_sent_to_ocr(tmp_path):
    logo = Image.new("L", (120, 120), 0)
    body = "\n".join(short_lines(seed_text(SHORTEST).splitlines()))
    extracted = formats.extract_text("logo.pdf", mixed_pdf(tmp_path, [body, logo]))
    assert not extracted.pages and squeeze(body)[:20] in squeeze(extracted.text)
    assert "第 2 页没有文字" in extracted.warnings[0]


def test_a_large_page_is_scaled_down_for_the_engine_and_boxes_come_back_in_page_pixels(monkeypatch):
    seen = []

    def engine(array):
        seen.append(array.shape)
        return [[[[100, 50], [900, 50], [900, 90], [100, 90]], "一、总体情况", 0.99]], None

    monkeypatch.setattr(engine_module, "_engine", lambda threads: engine)
    (line,) = recognize(Image.new("L", (2480, 3508), 255))  # A4 at 300 dpi
    assert seen == [(2000, 1414, 3)]
    assert (round(line.left), round(line.top), round(line.right), round(line.bottom)) == (175, 88, 1579, 158)
    recognize(Image.new("L", (1240, 1754), 255))  # 150 dpi: already small enough
    assert seen[-1] == (1754, 1240, 3)


def test_the_engine_threads_sleep_when_idle_instead_of_spinning():
    engine = engine_module._engine(settings.ARCHIVE_OCR_THREADS)
    for session in (engine.text_det.infer.session, engine.text_rec.session.session):
        options = session.get_session_options()
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
        assert options.intra_op_num_threads == settings.ARCHIVE_OCR_THREADS
