"""Imports: a file's bytes in, a stored notice (or a kept, explained refusal) out.

Every source is kept content-addressed with an ingest record saying what
became of it, whichever door it came in by (upload, command, worker).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction

from .. import formats
from ..models import IngestRecord, IssueType, Notice, OcrPage
from ..parsing import parse_notice
from ..retry import BUSY_MESSAGE, DatabaseBusyError, with_retry
from ..signals import notice_changed
from .parsed import apply_parsed, fill_from_metadata

KEY_LENGTH = 10
DATABASE_ERROR_MESSAGE = "保存到数据库时出错,这个文件没有导入,原始文件已保存:请联系管理员查看日志。"
#: A text fetched by URL must speak of an inspection or a rectification to be taken as a notice.
NOTICE_WORDS = re.compile("巡视|巡察|整改")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportSource:
    """A file to import: its name (for the format and messages) and its bytes.

    A file from a zip names the zip too (``container``): if the file is refused,
    the zip is what is kept, so a zip of junk stores no more than the zip.
    """

    name: str
    data: bytes
    container_name: str = ""
    container: bytes = b""


@dataclass
class ImportOutcome:
    """What happened to one source. ``status`` is imported, updated, unchanged, queued or failed."""

    name: str
    status: str
    notice: Notice | None = None
    record: IngestRecord | None = None
    messages: list[str] = field(default_factory=list)
    possible_version_of: Notice | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def import_notice(
    *,
    source: ImportSource,
    uploaded_by=None,
    publish: bool = True,
    ocr: bool = True,
    record: IngestRecord | None = None,
    source_url: str = "",
    notice_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportOutcome:
    """Read, parse and store one file; never raises for bad input.

    The original bytes are always kept (content-addressed) with an ingest record
    saying what happened (``record`` when the worker already made one). The same
    normalised text imported again is ``unchanged``; if the parser now reads it
    differently it is ``updated`` in place, keeping its key, and the facts an
    editor corrected. A scan is read by OCR when ``ocr`` is true; otherwise it
    is queued for the ingest worker (status ``queued``). ``notice_only`` refuses
    text that is not about an inspection's rectification (a page fetched by URL).
    """
    sha = hashlib.sha256(source.data).hexdigest()

    def failed(message: str) -> ImportOutcome:
        # A refused file keeps what it came in (its zip, if any), never bytes inflated from it.
        stored = record.file.name if record is not None and record.file else _keep_refused(source, sha)
        return _failed(source, sha, stored, message, uploaded_by=uploaded_by, record=record, source_url=source_url)

    try:
        extracted = formats.extract_text(source.name, source.data, ocr=ocr, progress=progress)
        parsed = parse_notice(extracted.text, rules=IssueType.objects.rules())
    except formats.NeedsOcr as exc:
        queued = _save_record(
            record,
            file=store_original(name=source.name, data=source.data, sha=sha),
            original_name=PurePath(source.name).name,
            sha256=sha,
            size=len(source.data),
            status=IngestRecord.Status.QUEUED,
            messages=[str(exc)],
            uploaded_by=uploaded_by,
            publish=publish,
            source_url=source_url,
        )
        return ImportOutcome(source.name, "queued", None, queued, [str(exc)])
    except formats.ExtractionError as exc:
        return failed(str(exc))
    parsed.warnings[:0] = extracted.warnings
    fill_from_metadata(parsed, extracted.metadata)
    if not parsed.text.strip():
        return failed("文件中没有可读取的文字:请检查文件是否为空白或已损坏,或上传有文字的版本。")
    if notice_only and not NOTICE_WORDS.search(parsed.text):
        return failed("内容中没有“巡视”“巡察”或“整改”等字样,看起来不是巡视巡察整改通报,没有导入。")

    # Stored before the transaction; an import killed in between leaves a file check_originals finds.
    stored_name = store_original(name=source.name, data=source.data, sha=sha)
    content_hash = hashlib.sha256(parsed.text.encode("utf-8")).hexdigest()
    return with_retry(
        lambda: _store_import(
            source,
            sha,
            stored_name,
            parsed,
            extracted,
            content_hash,
            uploaded_by=uploaded_by,
            publish=publish,
            record=record,
            source_url=source_url,
        )
    )


def _store_import(
    source, sha, stored_name, parsed, extracted, content_hash, *, uploaded_by, publish, record, source_url
) -> ImportOutcome:
    metadata = extracted.metadata
    # The lookup is inside the transaction: a parallel import of the same text is then seen (or retried).
    with transaction.atomic():
        existing = Notice.objects.filter(content_hash=content_hash).first()
        if existing is not None:
            changed = apply_parsed(existing, parsed, content_hash=content_hash, metadata=metadata)
            status = "updated" if changed else "unchanged"
            notice = existing
        else:
            notice = Notice(key=_new_key(content_hash), status=Notice.Status.REVIEW)
            apply_parsed(notice, parsed, content_hash=content_hash, metadata=metadata)
            status = "imported"
        if status == "imported" or not notice.original_file:
            notice.original_file.name = stored_name
            notice.original_name = PurePath(source.name).name
        if source_url and not notice.source_url:
            notice.source_url = source_url
        if extracted.pages and (status == "imported" or not notice.ocr_pages.exists()):
            _store_ocr_pages(notice, extracted)
        version_of = _possible_earlier_version(notice)
        if status == "imported" and version_of is not None:
            notice.previous_version = version_of
        held = notice.document_kind != Notice.DocumentKind.NOTICE
        if publish and notice.status != Notice.Status.PUBLISHED and not held:
            notice.status = Notice.Status.PUBLISHED
        notice.save()
        messages = parsed.all_warnings()
        if publish and held and notice.status != Notice.Status.PUBLISHED:
            messages.insert(
                0, "未自动发布:这份文件看起来不是巡视巡察整改情况通报,已留待编辑审核;确认无误后可在后台手动发布。"
            )
        if existing is not None:
            messages.insert(0, f"已在档案中:与《{notice}》({notice.key})的文本相同,没有新建通报。")
        if version_of is not None:
            messages.append(f"可能是《{version_of}》({version_of.key})的新版本:发布机关和反馈日期相同。")
        record = _record(
            source,
            sha,
            stored_name,
            uploaded_by,
            notice=notice,
            status=status,
            messages=messages,
            record=record,
            source_url=source_url,
        )
        if status != "unchanged":
            notice_changed.send(sender=Notice, notice=notice)
    return ImportOutcome(source.name, status, notice, record, messages, version_of)


def import_source_file(
    *, item: formats.SourceFile, uploaded_by=None, publish: bool = True, ocr: bool = True, progress=None
) -> ImportOutcome:
    """Import one file from :func:`formats.unpack` / :func:`formats.iter_sources`; never raises.

    A file refused while unpacking is recorded as failed; so is one the parser
    chokes on, so that one bad file never stops a batch. With ``ocr=False`` (a
    web request) a scan is queued for the ingest worker instead of read.
    """
    source = ImportSource(item.name, item.data, item.container_name, item.container)
    if item.error:
        return refuse_source(source=source, message=item.error, uploaded_by=uploaded_by)
    try:
        return import_notice(source=source, uploaded_by=uploaded_by, publish=publish, ocr=ocr, progress=progress)
    except DatabaseBusyError:
        return _database_failed(source, uploaded_by, BUSY_MESSAGE)
    except DatabaseError:
        logger.exception("Storing %s failed", item.name)
        return _database_failed(source, uploaded_by, DATABASE_ERROR_MESSAGE)
    except Exception:
        logger.exception("Import of %s failed", item.name)
        message = "解析这个文件时出错,文件已保存:请检查文件内容,或联系管理员。"
        return refuse_source(source=source, message=message, uploaded_by=uploaded_by)


def refuse_source(*, source: ImportSource, message: str, uploaded_by=None) -> ImportOutcome:
    """Record a file refused before reading (too large, unsafe zip entry …); its bytes (or its zip) are kept."""
    sha = hashlib.sha256(source.data).hexdigest()
    return _failed(source, sha, _keep_refused(source, sha), message, uploaded_by=uploaded_by)


def _keep_refused(source: ImportSource, sha: str) -> str:
    """Store what a refused file leaves: its zip if it came from one, else its bytes (nothing for none)."""
    if source.container:
        container_sha = hashlib.sha256(source.container).hexdigest()
        return store_original(name=source.container_name, data=source.container, sha=container_sha)
    if source.data:
        return store_original(name=source.name, data=source.data, sha=sha)
    return ""


def store_original(*, name: str, data: bytes, sha: str) -> str:
    """Keep the bytes under a name derived from their hash; the same file is stored once."""
    suffix = PurePath(name).suffix.lower()[:10]
    path = f"originals/{sha[:2]}/{sha}{suffix}"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(data))
    return path


def _database_failed(source: ImportSource, uploaded_by, message: str) -> ImportOutcome:
    # Recording the failure needs the database too; if even that fails, the outcome still says why.
    sha = hashlib.sha256(source.data).hexdigest()
    stored_name = store_original(name=source.name, data=source.data, sha=sha)  # kept for the retry
    try:
        return _failed(source, sha, stored_name, message, uploaded_by=uploaded_by)
    except DatabaseError:
        logger.exception("Could not record the failure of %s", source.name)
        return ImportOutcome(source.name, "failed", None, None, [message])


def _store_ocr_pages(notice: Notice, extracted: formats.ExtractedText) -> None:
    notice.ocr_pages.all().delete()
    notice.ocr_engine = extracted.ocr_engine
    for page in extracted.pages:
        OcrPage.objects.create(
            notice=notice,
            number=page.number,
            origin=OcrPage.Origin.OCR if page.ocr else OcrPage.Origin.TEXT_LAYER,
            image=_store_page_image(page.image, hashlib.sha256(page.image).hexdigest()) if page.image else "",
            text=page.text,
            confidence=round(page.confidence, 4),
        )


def _store_page_image(data: bytes, sha: str) -> str:
    path = f"ocr/{sha[:2]}/{sha}.jpg"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(data))
    return path


def _save_record(record: IngestRecord | None, **fields) -> IngestRecord:
    """Fill the worker's record, or create one."""
    if record is None:
        return IngestRecord.objects.create(**fields)
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return record


def _failed(
    source: ImportSource, sha: str, stored_name: str, message: str, *, uploaded_by, record=None, source_url=""
) -> ImportOutcome:
    record = _save_record(
        record,
        file=stored_name,
        original_name=PurePath(source.name).name,
        sha256=sha,
        size=len(source.data),
        status=IngestRecord.Status.FAILED,
        messages=[message],
        uploaded_by=uploaded_by,
        source_url=source_url,
    )
    return ImportOutcome(source.name, "failed", None, record, [message])


def _record(
    source, sha, stored_name, uploaded_by, *, notice, status, messages, record=None, source_url=""
) -> IngestRecord | None:
    # Re-running an unattended import over the same files adds nothing; an editor's upload is always recorded.
    if (
        record is None
        and status == "unchanged"
        and uploaded_by is None
        and IngestRecord.objects.filter(sha256=sha, notice=notice).exists()
    ):
        return None
    if status in ("updated", "unchanged"):
        record_status = IngestRecord.Status.DUPLICATE
    elif notice.status == Notice.Status.PUBLISHED:
        record_status = IngestRecord.Status.PUBLISHED
    else:
        record_status = IngestRecord.Status.NEEDS_REVIEW
    return _save_record(
        record,
        file=stored_name,
        original_name=PurePath(source.name).name,
        sha256=sha,
        size=len(source.data),
        status=record_status,
        messages=messages,
        notice=notice,
        uploaded_by=uploaded_by,
        source_url=source_url,
    )


def _new_key(content_hash: str) -> str:
    length = KEY_LENGTH
    while Notice.objects.filter(key=content_hash[:length]).exists():
        length += 2
    return content_hash[:length]


def _possible_earlier_version(notice: Notice) -> Notice | None:
    if not (notice.issuing_body_id and notice.feedback_on):
        return None
    return (
        Notice.objects.filter(issuing_body=notice.issuing_body, feedback_on=notice.feedback_on)
        .exclude(pk=notice.pk)
        .exclude(content_hash=notice.content_hash)
        .order_by("-created_at")
        .first()
    )
