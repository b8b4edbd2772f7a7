"""Writes to notices already stored: parse again, save corrected OCR pages, publish, re-tag."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.db import transaction

from .. import formats, signals
from ..models import IngestRecord, IssueType, Notice
from ..ocr.layout import join_pages, text_lines
from ..parsing import ParsedSection, parse_notice
from ..parsing.tagging import Rule, tag_sections
from ..retry import with_retry
from ..signals import notice_changed
from .parsed import apply_parsed, fill_from_metadata


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
            changed = apply_parsed(notice, parsed, content_hash=content_hash, metadata=metadata)
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
