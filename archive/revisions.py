"""Writes of reviewed changes: an edit to a published notice waits for someone who may publish.

An editor without ``archive.publish_notice`` who changes a published notice
proposes a :class:`~archive.models.NoticeRevision`; the public page, search
and API keep showing the notice as it was until a publisher approves it.
Editors may change a notice under review directly (nobody outside sees it).
"""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.utils import timezone

from .models import Notice, NoticeRevision
from .services import FACT_FIELDS, link_issuing_body
from .signals import notice_changed

REVISABLE_FIELDS = [*FACT_FIELDS, "previous_version"]
PUBLISH_PERMISSION = "archive.publish_notice"


class RevisionClosedError(ValueError):
    """The revision was already approved or rejected."""


def needs_review(*, notice: Notice, user) -> bool:
    """Whether ``user``'s changes to ``notice`` must wait for approval (it is published as stored)."""
    if not notice.pk or user.has_perm(PUBLISH_PERMISSION):
        return False
    return Notice.objects.filter(pk=notice.pk, status=Notice.Status.PUBLISHED).exists()


def propose_revision(*, notice: Notice, changes: dict[str, object], user) -> NoticeRevision:
    """Record proposed values (field name → value as a form cleans it) without touching the notice."""
    unknown = set(changes) - set(REVISABLE_FIELDS)
    if unknown:
        raise ValueError(f"not revisable: {sorted(unknown)}")
    stored = Notice.objects.get(pk=notice.pk)
    return NoticeRevision.objects.create(
        notice=stored,
        changes={name: _encode(name, value) for name, value in changes.items()},
        previous={name: _encode(name, _current(stored, name)) for name in changes},
        proposed_by=user,
    )


def approve_revision(*, revision: NoticeRevision, user) -> Notice:
    """Apply a pending revision to its notice (as a direct edit would) and publish the change."""
    with transaction.atomic():
        revision = _pending(revision)
        notice = Notice.objects.select_for_update().get(pk=revision.notice_id)
        for name, raw in revision.changes.items():
            field = Notice._meta.get_field(name)
            setattr(notice, field.attname, _decode(field, raw))
        if name_list := [n for n in revision.changes if n in FACT_FIELDS]:
            notice.edited_fields = [*notice.edited_fields, *(n for n in name_list if n not in notice.edited_fields)]
        if "title" in revision.changes:
            notice.title_derived = False
        if "issuing_body_text" in revision.changes:
            notice.issuing_body = link_issuing_body(notice.issuing_body_text)
        for name in ("inspection_start", "inspection_end", "feedback_on"):
            if name in revision.changes:
                setattr(notice, f"{name}_precision", "day")
        notice.save()
        _close(revision, NoticeRevision.Status.APPROVED, user)
        notice_changed.send(sender=Notice, notice=notice)
    return notice


def reject_revision(*, revision: NoticeRevision, user) -> None:
    """Close a pending revision without changing the notice."""
    with transaction.atomic():
        _close(_pending(revision), NoticeRevision.Status.REJECTED, user)


def _pending(revision: NoticeRevision) -> NoticeRevision:
    locked = NoticeRevision.objects.select_for_update().get(pk=revision.pk)
    if locked.status != NoticeRevision.Status.PENDING:
        raise RevisionClosedError(f"这项修改已{locked.get_status_display()},不能再次审核。")
    return locked


def _close(revision: NoticeRevision, status: str, user) -> None:
    revision.status = status
    revision.decided_by = user
    revision.decided_at = timezone.now()
    revision.save(update_fields=["status", "decided_by", "decided_at"])


def _current(notice: Notice, name: str):
    field = Notice._meta.get_field(name)
    return getattr(notice, field.attname)


def _encode(name: str, value):
    """A value as JSON stores it: the values came from a validated form, so only rows and dates need converting."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _decode(field, raw):
    if field.is_relation:
        return raw
    if isinstance(field, models.JSONField):
        return raw
    return field.to_python(raw)
