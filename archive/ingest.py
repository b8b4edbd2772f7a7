"""Slow ingest work, done by the worker (``process_ingest``, ``run_indexer``) or a command, never a web request.

A web request only queues: a scan to read by OCR (``import_notice`` with
``ocr=False``) or an address to fetch (:func:`queue_urls`). The worker claims
queued records one at a time (:func:`process_pending`) and finishes each
through :func:`archive.services.import_notice`, so review, duplicates and
versions work as for an upload.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta

import lxml.html
from django.utils import timezone
from lxml import etree

from . import fetch
from .formats import ExtractionError
from .models import IngestRecord
from .queues import drain
from .services import ImportOutcome, ImportSource, import_notice, store_original

logger = logging.getLogger(__name__)

#: A record still "processing" after this long belongs to a worker that died; it is queued again.
STALE_AFTER = timedelta(minutes=15)
#: A page with less main text than this that links a PDF or Word file is a wrapper around it.
WRAPPER_MAX_CHARS = 200
DOCUMENT_SUFFIXES = (".pdf", ".docx")


def queue_urls(*, urls: list[str], uploaded_by=None, publish: bool = False) -> list[IngestRecord]:
    """One queued record per address (the worker fetches them); invalid addresses are recorded as failed."""
    records = []
    for url in urls:
        try:
            fetch.check_scheme(url)
        except fetch.FetchError as exc:
            status, messages = IngestRecord.Status.FAILED, [str(exc)]
        else:
            status, messages = IngestRecord.Status.QUEUED, ["等待后台获取网页。"]
        records.append(
            IngestRecord.objects.create(
                original_name=url[:300],
                source_url=url[:1000],
                sha256="",
                status=status,
                messages=messages,
                uploaded_by=uploaded_by,
                publish=publish,
            )
        )
    return records


def process_pending(*, limit: int | None = None, report: Callable[[IngestRecord], None] | None = None) -> int:
    """Process queued records, oldest first, until none is left (or ``limit``); returns how many."""
    requeue_stale()
    return drain(claim_next, lambda record: process_record(record=record), limit=limit, report=report)


def requeue_stale() -> int:
    cutoff = timezone.now() - STALE_AFTER
    return IngestRecord.objects.filter(status=IngestRecord.Status.PROCESSING, updated_at__lt=cutoff).update(
        status=IngestRecord.Status.QUEUED
    )


def claim_next() -> IngestRecord | None:
    """Take the oldest queued record; two workers never take the same one (a conditional update)."""
    for pk in IngestRecord.objects.pending().values_list("pk", flat=True)[:10]:
        claimed = IngestRecord.objects.filter(pk=pk, status=IngestRecord.Status.QUEUED).update(
            status=IngestRecord.Status.PROCESSING, pages_done=0, pages_total=0, updated_at=timezone.now()
        )
        if claimed:
            return IngestRecord.objects.get(pk=pk)
    return None


def process_record(*, record: IngestRecord) -> ImportOutcome:
    """Finish one claimed record: fetch it if it is an address, read (OCR included), parse, store."""
    try:
        if record.source_url and not record.file:
            return import_url(
                url=record.source_url, uploaded_by=record.uploaded_by, publish=record.publish, record=record
            )
        with record.file.open("rb") as fh:
            source = ImportSource(name=record.original_name, data=fh.read())
        return import_notice(
            source=source,
            uploaded_by=record.uploaded_by,
            publish=record.publish,
            record=record,
            source_url=record.source_url,
            progress=_progress(record),
        )
    except Exception:
        logger.exception("Ingest record %s failed", record.pk)
        record.status = IngestRecord.Status.FAILED
        record.messages = ["处理时出错,原始内容已保存:请检查文件或网址,或联系管理员。"]
        record.save(update_fields=["status", "messages", "updated_at"])
        return ImportOutcome(record.original_name, "failed", None, record, record.messages)


def import_url(
    *, url: str, uploaded_by=None, publish: bool = True, record: IngestRecord | None = None
) -> ImportOutcome:
    """Fetch ``url`` and import what it holds; never raises for a bad address or page.

    The page is kept as the record's original. An HTML page is read as the
    notice, unless it is only a wrapper around a PDF or Word file it links to,
    which is then fetched (same checks) and read instead. The notice keeps
    ``url`` as its ``source_url``.
    """
    page = None
    try:
        page = fetch.fetch(url)
        source, extra = _notice_source(page)
    except fetch.FetchError as exc:
        return _refused(url, str(exc), uploaded_by=uploaded_by, record=record, page=page)
    outcome = import_notice(
        source=source,
        uploaded_by=uploaded_by,
        publish=publish,
        record=record,
        source_url=url,
        notice_only=True,
        progress=_progress(record) if record else None,
    )
    if extra and outcome.record is not None:
        # The wrapper page is kept too, and the record says which file was read in its place.
        stored = store_original(name=page.name, data=page.data, sha=hashlib.sha256(page.data).hexdigest())
        note = f"网页只是附件的外壳:读取的是它链接的文件 {source.name};网页本身已保存({stored})。"
        outcome.record.messages = [*outcome.record.messages, note]
        outcome.record.save(update_fields=["messages", "updated_at"])
        outcome.messages.append(note)
    return outcome


def _notice_source(page: fetch.Fetched) -> tuple[ImportSource, bool]:
    """What to read for a fetched page: the page itself, or the document a wrapper page links to."""
    if page.suffix != ".html":
        return ImportSource(name=page.name, data=page.data), False
    tree = _tree(page.data)
    if tree is None:
        raise fetch.FetchError("网页无法解析,请检查网址。")
    if tree.xpath("//input[translate(@type, 'PASSWORD', 'password')='password']"):
        raise fetch.FetchError("网址打开的是登录页面,没有通报正文:请登录后在浏览器中保存页面再上传。")
    text = "".join(tree.xpath("normalize-space(//body)")).replace(" ", "")
    links = _document_links(tree, page.final_url)
    if links and len(text) < WRAPPER_MAX_CHARS + sum(len(a) for a in tree.xpath("//a/text()")):
        document = fetch.fetch(links[0])
        if document.suffix not in DOCUMENT_SUFFIXES:
            raise fetch.FetchError("网页链接的附件不是 PDF 或 Word 文件,无法读取。")
        return ImportSource(name=document.name, data=document.data), True
    if len(text) < 20 and tree.xpath("//img"):
        raise fetch.FetchError("网页中只有图片,没有文字:请把图片保存下来上传,由文字识别(OCR)读取。")
    return ImportSource(name=page.name, data=page.data), False


def _tree(data: bytes):
    from .formats.html import decode_html

    try:
        html, _warnings = decode_html(data)
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError, UnicodeError, ExtractionError):
        return None
    for element in tree.xpath("//script|//style|//noscript"):
        element.drop_tree()
    return tree


def _document_links(tree, base: str) -> list[str]:
    tree.make_links_absolute(base, resolve_base_href=True)
    links = []
    for href in tree.xpath("//a/@href"):
        path = href.split("?", 1)[0].split("#", 1)[0].lower()
        if path.endswith(DOCUMENT_SUFFIXES) and href not in links:
            links.append(href)
    return links


def _refused(url: str, message: str, *, uploaded_by, record, page) -> ImportOutcome:
    data = page.data if page is not None else b""
    sha = hashlib.sha256(data).hexdigest() if data else ""
    stored = store_original(name=page.name, data=data, sha=sha) if data else ""
    fields = {
        "file": stored,
        "original_name": url[:300],
        "sha256": sha,
        "size": len(data),
        "status": IngestRecord.Status.FAILED,
        "messages": [message],
        "uploaded_by": uploaded_by,
        "source_url": url[:1000],
    }
    if record is None:
        record = IngestRecord.objects.create(**fields)
    else:
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()
    return ImportOutcome(url, "failed", None, record, [message])


def _progress(record: IngestRecord | None):
    if record is None:
        return None

    def update(done: int, total: int) -> None:
        record.pages_done, record.pages_total = done, total
        record.save(update_fields=["pages_done", "pages_total", "updated_at"])

    return update
