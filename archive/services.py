"""Writes to the archive: import, re-parse and publish notices.

Both the admin and the management commands call these functions, so a notice
is stored the same way whichever door it came in by.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.text import slugify

from . import formats, signals
from .key_figures import classify as classify_figure
from .models import (
    Committee,
    Figure,
    IngestRecord,
    InspectionRound,
    IssueType,
    IssuingBody,
    Notice,
    OcrPage,
    Section,
)
from .ocr.layout import join_pages, text_lines
from .parsing import ParsedNotice, ParsedSection, parse_notice
from .parsing.dates import numeric_date
from .parsing.facts import canonical_body_name
from .parsing.places import committee_named
from .parsing.tagging import Rule, tag_sections
from .retry import BUSY_MESSAGE, DatabaseBusyError, with_retry
from .signals import notice_changed

# Notice fields that an editor may correct; a corrected one survives re-parsing.
FACT_FIELDS = [
    "title",
    "issuing_body_text",
    "source",
    "source_url",
    "published_on",
    "signed_on",
    "inspection_kind",
    "inspecting_organ",
    "inspecting_committee",
    "inspection_group",
    "group_number",
    "inspection_round",
    "inspected_unit",
    "inspection_start",
    "inspection_end",
    "feedback_on",
    "problem_counts",
    "contact_phone",
    "contact_email",
    "contact_postcode",
    "document_kind",
]
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
            changed = _apply_parsed(existing, parsed, content_hash=content_hash, metadata=metadata)
            status = "updated" if changed else "unchanged"
            notice = existing
        else:
            notice = Notice(key=_new_key(content_hash), status=Notice.Status.REVIEW)
            _apply_parsed(notice, parsed, content_hash=content_hash, metadata=metadata)
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


def reparse_notice(*, notice: Notice) -> bool:
    """Parse the notice again from its stored original; returns whether anything changed.

    The key, the section paths of an unchanged outline and the edited facts stay.
    """
    if notice.ocr_pages.exists():
        # The pages' text (as an editor corrected it) is the source; OCR is never run again here.
        text, metadata = join_pages([text_lines(page.text) for page in notice.ocr_pages.all()]), notice.metadata
    elif notice.original_file:
        with notice.original_file.open("rb") as fh:
            data = fh.read()
        extracted = formats.extract_text(notice.original_name or notice.original_file.name, data)
        text, metadata = extracted.text, extracted.metadata
    else:
        text, metadata = notice.raw_text, notice.metadata
    parsed = parse_notice(text, rules=IssueType.objects.rules())
    fill_from_metadata(parsed, metadata)
    content_hash = hashlib.sha256(parsed.text.encode("utf-8")).hexdigest()
    same = Notice.objects.filter(content_hash=content_hash).exclude(pk=notice.pk).first()
    if same is not None:
        raise formats.ExtractionError(f"解析后的文本与《{same}》({same.key})相同,没有保存。")

    def write() -> bool:
        with transaction.atomic():
            changed = _apply_parsed(notice, parsed, content_hash=content_hash, metadata=metadata)
            notice.save()
            if changed:
                notice_changed.send(sender=Notice, notice=notice)
        return changed

    return with_retry(write)


def correct_ocr_pages(*, notice: Notice, texts: dict[int, str]) -> bool:
    """Save an editor's corrected text of OCR pages (by page number) and re-parse; returns whether it changed.

    Raises :class:`formats.ExtractionError` when the corrected text equals another notice's.
    """
    with transaction.atomic():
        for page in notice.ocr_pages.select_for_update():
            text = texts.get(page.number)
            if text is not None and text.replace("\r\n", "\n").strip() != page.text.strip():
                page.text = text.replace("\r\n", "\n").strip()
                page.corrected = True
                page.save(update_fields=["text", "corrected"])
        return reparse_notice(notice=notice)


def publish_notice(*, notice: Notice) -> None:
    """Make a notice public (pages, search, API); its pending ingest records become published.

    An earlier version it points at stays published: its page lists this one as newer.
    A database that stays locked raises :class:`DatabaseBusyError`.
    """

    def write() -> None:
        with transaction.atomic():
            notice.status = Notice.Status.PUBLISHED
            notice.save(update_fields=["status", "updated_at"])
            pending = [IngestRecord.Status.NEEDS_REVIEW, IngestRecord.Status.PARSED]
            notice.ingest_records.filter(status__in=pending).update(status=IngestRecord.Status.PUBLISHED)
            notice_changed.send(sender=Notice, notice=notice)

    with_retry(write)


def retag_notices(*, notices: Iterable[Notice], progress: Callable[[Notice, int], None] | None = None) -> int:
    """Re-tag the notices' sections with the issue-type rules as editors left them; returns sections changed.

    A notice whose tags changed is re-indexed (its issue-type facet values changed).
    """
    rules = IssueType.objects.rules()
    types = {t.name: t.pk for t in IssueType.objects.all()}
    total = 0
    with signals.batch():
        for notice in notices:
            with transaction.atomic():
                changed = _retag(notice, rules, types)
                if changed:
                    notice_changed.send(sender=Notice, notice=notice)
            total += changed
            if progress:
                progress(notice, changed)
    return total


def _retag(notice: Notice, rules: list[Rule], types: dict[str, int]) -> int:
    rows = list(notice.sections.prefetch_related("issue_types"))
    parsed = [ParsedSection(row.path, row.number, row.level, row.heading, row.text) for row in rows]
    tag_sections(parsed, rules)
    changed = 0
    for row, section in zip(rows, parsed, strict=True):
        wanted = {types[name] for name in section.issue_types}
        if wanted != {t.pk for t in row.issue_types.all()}:
            row.issue_types.set(wanted)
            changed += 1
    return changed


def fill_from_metadata(parsed: ParsedNotice, metadata: dict) -> None:
    """Facts the text lacks, taken from the file's metadata (a web page's 标题/发布日期/来源 block)."""
    title = (metadata.get("标题") or "").strip()
    if parsed.title is None and title:
        parsed.title = parsed.display_title = title[:500]
        parsed.title_derived = False
    if parsed.published_on is None and metadata.get("发布日期"):
        parsed.published_on = numeric_date(metadata["发布日期"])
    if parsed.signed_on is None and metadata.get("成文日期"):
        parsed.signed_on = numeric_date(metadata["成文日期"])
    if not parsed.source and metadata.get("来源"):
        parsed.source = metadata["来源"].strip()[:200]
    if not parsed.issuing_body and metadata.get("发布机构"):
        parsed.issuing_body = metadata["发布机构"].strip()[:200]


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


def _digest(parsed: ParsedNotice, metadata: dict) -> str:
    payload = json.dumps([parsed.to_json(), metadata], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _apply_parsed(notice: Notice, parsed: ParsedNotice, *, content_hash: str, metadata: dict) -> bool:
    """Copy a parse onto ``notice`` (saving it); returns False when nothing differs."""
    digest = _digest(parsed, metadata)
    if notice.pk and notice.parse_digest == digest and notice.content_hash == content_hash:
        return False
    facts = _facts_from(parsed)
    for name, value in facts.items():
        if name not in notice.edited_fields:
            setattr(notice, name, value)
    if "inspection_round" not in notice.edited_fields:
        # The round belongs to the notice's committee, as parsed or as an editor corrected it.
        notice.inspection_round = link_round(committee=notice.inspecting_committee, label=parsed.round_label or "")
    if "title" not in notice.edited_fields:
        notice.title_derived = parsed.title is None
    if "issuing_body_text" not in notice.edited_fields:
        notice.issuing_body = link_issuing_body(notice.issuing_body_text)
    for name in ("inspection_start", "inspection_end", "feedback_on"):
        value = getattr(parsed, name)
        if name not in notice.edited_fields:
            setattr(notice, f"{name}_precision", value.precision if value else "day")
    notice.date_notes = parsed.to_json()["date_notes"]
    notice.raw_text = parsed.raw_text
    notice.text = parsed.text
    notice.preamble = parsed.preamble
    notice.closing = parsed.closing
    notice.warnings = parsed.all_warnings()
    # Where a fact was read from; a corrected fact was not read from the text.
    notice.provenance = {
        name: value for name, value in _provenance_with_parts(parsed).items() if name not in notice.edited_fields
    }
    notice.metadata = {**parsed.metadata, **metadata}
    # The original address comes from the file's metadata, never from the text; without one the
    # address an editor (or a URL import) recorded stays.
    if "source_url" not in notice.edited_fields and metadata.get(formats.SOURCE_URL_LABEL):
        notice.source_url = metadata[formats.SOURCE_URL_LABEL]
    notice.content_hash = content_hash
    notice.parse_digest = digest
    notice.save()
    _store_sections(notice, parsed)
    return True


def _provenance_with_parts(parsed: ParsedNotice) -> dict:
    """The parse's provenance, each entry with the part of the notice (section path, preamble,
    closing) whose text holds its quote, so the facts panel can link to it without a query."""
    provenance = parsed.to_json()["provenance"]
    for entry in provenance.values():
        probe = (entry.get("quote") or "")[:30]
        if not probe or entry.get("start") is None:
            continue
        if probe in parsed.preamble:
            entry["part"] = "preamble"
        elif section := next((s for s in parsed.iter_sections() if probe in s.heading or probe in s.text), None):
            entry["part"] = section.path
        elif probe in parsed.closing:
            entry["part"] = "closing"
    return provenance


def link_issuing_body(name: str) -> IssuingBody | None:
    """The archive's canonical body for a name as a notice writes it."""
    if not name:
        return None
    canonical = canonical_body_name(name)
    body, _ = IssuingBody.objects.get_or_create(name=canonical)
    if name != canonical and name not in body.aliases:
        with transaction.atomic():
            # Re-read under a row lock: two imports adding different aliases at once must both keep theirs.
            body = IssuingBody.objects.select_for_update().get(pk=body.pk)
            if name not in body.aliases:
                body.aliases = [*body.aliases, name]
                body.save(update_fields=["aliases"])
    return body


def link_committee(name: str) -> Committee | None:
    """The archive's committee called ``name`` (深圳市委); created on first use, safe under concurrent imports."""
    if not name:
        return None
    known = committee_named(name)
    defaults = {"full_name": known.full_name, "level": known.level, "place_code": known.place_code} if known else {}
    return _get_or_create(Committee, {"name": name}, defaults, slug_base=name)


def link_round(*, committee: Committee | None, label: str) -> InspectionRound | None:
    """The round ``label`` of ``committee`` (or of an unknown committee); created on first use, safely."""
    if not label:
        return None
    base = f"{committee.slug}-{label}" if committee else label
    return _get_or_create(InspectionRound, {"committee": committee, "label": label}, {}, slug_base=base)


def _get_or_create(model, lookup: dict, defaults: dict, *, slug_base: str):
    """``get_or_create`` that survives a concurrent creator and a slug taken by another row.

    Each try runs in its own savepoint, so a lost race leaves the caller's
    transaction usable; the row another creator made is then read back.
    """
    base = slugify(slug_base, allow_unicode=True)[:90] or model._meta.model_name
    for attempt in range(1, 20):
        slug = base if attempt == 1 else f"{base}-{attempt}"
        if attempt > 1 and model.objects.filter(slug=slug).exists():
            continue
        try:
            with transaction.atomic():
                return model.objects.get_or_create(**lookup, defaults={**defaults, "slug": slug})[0]
        except IntegrityError:
            existing = model.objects.filter(**lookup).first()
            if existing is not None:
                return existing
    raise IntegrityError(f"no free slug for {model.__name__} {slug_base!r}")


def correct_notice_committee(*, notice: Notice) -> None:
    """After an editor set a notice's committee: move its round to the same committee.

    A round the editor chose by hand stays; otherwise the notice gets the
    round of the same label under the corrected committee (created if needed).
    """
    if notice.inspection_round_id and "inspection_round" not in notice.edited_fields:
        label = notice.inspection_round.label
        notice.inspection_round = link_round(committee=notice.inspecting_committee, label=label)


def correct_round_committee(*, round_: InspectionRound, committee: Committee | None) -> InspectionRound:
    """An editor's correction of a round's committee; returns the round its notices now belong to.

    The round's notices take the committee as a correction of their own (kept
    on re-parse). When the committee already has a round of this label, the
    two are merged into that one and this one is deleted.
    """
    with transaction.atomic():
        round_ = InspectionRound.objects.select_for_update().get(pk=round_.pk)
        target = InspectionRound.objects.filter(committee=committee, label=round_.label).exclude(pk=round_.pk).first()
        notices = list(round_.notices.all())
        if target is None:
            round_.committee = committee
            round_.save(update_fields=["committee"])
            target = round_
        for notice in notices:
            notice.inspection_round = target
            notice.inspecting_committee = committee
            if "inspecting_committee" not in notice.edited_fields:
                notice.edited_fields = [*notice.edited_fields, "inspecting_committee"]
            notice.provenance = {k: v for k, v in notice.provenance.items() if k != "inspecting_committee"}
            notice.save(
                update_fields=["inspection_round", "inspecting_committee", "edited_fields", "provenance", "updated_at"]
            )
        if target != round_:
            round_.delete()
        for notice in notices:
            notice_changed.send(sender=Notice, notice=notice)
    return target


def _facts_from(parsed: ParsedNotice) -> dict:
    def date(value):
        return value.value if value else None

    return {
        "title": parsed.title or parsed.display_title,
        "issuing_body_text": parsed.issuing_body or "",
        "source": parsed.source or "",
        "published_on": date(parsed.published_on),
        "signed_on": date(parsed.signed_on),
        "inspection_kind": parsed.inspection_kind or "",
        "inspecting_organ": parsed.inspecting_organ or "",
        "inspecting_committee": link_committee(parsed.inspecting_committee or ""),
        "inspection_group": parsed.inspection_group or "",
        "group_number": parsed.group_number,
        "inspected_unit": parsed.inspected_unit or "",
        "inspection_start": date(parsed.inspection_start),
        "inspection_end": date(parsed.inspection_end),
        "feedback_on": date(parsed.feedback_on),
        "problem_counts": parsed.problem_counts,
        "contact_phone": parsed.contact.phone or "",
        "contact_email": parsed.contact.email or "",
        "contact_postcode": parsed.contact.postcode or "",
        "document_kind": parsed.document_kind,
    }


def _store_sections(notice: Notice, parsed: ParsedNotice) -> None:
    # Sections are rebuilt wholesale; their paths come from the outline, so links stay valid.
    notice.sections.all().delete()
    notice.figures.all().delete()
    types = {t.name: t.pk for t in IssueType.objects.all()}
    by_path: dict[str, Section] = {}
    levels: dict[int, list[tuple[Section, list[str]]]] = {}
    for order, item in enumerate(parsed.iter_sections(), start=1):
        section = Section(
            notice=notice,
            level=item.level,
            depth=item.depth,
            number=item.number,
            path=item.path,
            heading=item.heading,
            text=item.text,
            order=order,
        )
        by_path[item.path] = section
        levels.setdefault(item.depth, []).append((section, item.issue_types))
    # One insert per depth: a section's parent is stored (and has its key) before the section.
    parent_of = {child.path: node.path for node in parsed.iter_sections() for child in node.children}
    for depth in sorted(levels):
        rows = [section for section, _types in levels[depth]]
        for section in rows:
            section.parent = by_path.get(parent_of.get(section.path, ""))
        Section.objects.bulk_create(rows)
    Through = Section.issue_types.through
    Through.objects.bulk_create(
        Through(section_id=section.pk, issuetype_id=types[name])
        for rows in levels.values()
        for section, names in rows
        for name in names
        if name in types
    )
    Figure.objects.bulk_create(
        Figure(
            notice=notice,
            section=by_path.get(fig.section_path or ""),
            measure=fig.measure[:200],
            value=fig.value,
            unit=fig.unit,
            amount=fig.amount[:40],
            clause=fig.clause,
            order=i,
            key_figure=classify_figure(fig.measure[:200], fig.unit),
        )
        for i, fig in enumerate(parsed.figures)
    )
