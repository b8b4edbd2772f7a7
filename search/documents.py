"""What the index holds for a notice, independent of any backend.

A notice becomes one :class:`NoticeDocument`: notice-level values used for
filters, facets and sorting, plus its sections as separately searchable
parts. The preamble and closing are pseudo-sections (``kind`` preamble /
closing, empty path); a notice whose outline could not be read is searchable
through its whole text (``kind`` text). The fingerprint is a hash of all of
this, so any change that matters to search makes the index entry stale.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch

from archive.models import Notice, Section

SECTION = "section"
PREAMBLE = "preamble"
CLOSING = "closing"
FULL_TEXT = "text"
PSEUDO_HEADINGS = {PREAMBLE: "导语", CLOSING: "结尾", FULL_TEXT: "全文"}


@dataclass(frozen=True)
class SectionDocument:
    path: str
    kind: str
    heading: str
    text: str
    order: int

    @property
    def content(self) -> str:
        return f"{self.heading}\n{self.text}" if self.heading else self.text


@dataclass(frozen=True)
class NoticeDocument:
    """Everything a backend indexes for one published notice."""

    key: str
    title: str
    body_names: str  # canonical issuing body, its aliases and the notice's own spelling
    body: str  # IssuingBody id or ""
    round: str  # InspectionRound id or "" (a round is one committee's: same label, other committee, other id)
    types: tuple[str, ...]  # IssueType slugs of any section
    kind: str
    organ: str  # Committee id (the inspecting committee with its place) or ""
    year: str
    date: str  # ISO feedback date, else publication date, else ""
    sections: tuple[SectionDocument, ...] = field(default=())
    # Per type slug (those of ``types``), the paths of the sections carrying it, in document order.
    type_paths: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @property
    def facet_values(self) -> dict[str, tuple[str, ...]]:
        """Values per facet name (see ``search.backends.base.FACETS``); empty tuples for unknown."""

        def one(value: str) -> tuple[str, ...]:
            return (value,) if value else ()

        return {
            "body": one(self.body),
            "round": one(self.round),
            "type": self.types,
            "kind": one(self.kind),
            "organ": one(self.organ),
            "year": one(self.year),
        }

    @property
    def fingerprint(self) -> str:
        payload = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def notices_for_indexing():
    """Published notices with what :func:`notice_document` reads, fetched in few queries."""
    sections = Section.objects.order_by("order").prefetch_related("issue_types")
    return (
        Notice.objects.published()
        .select_related("issuing_body")
        .prefetch_related(Prefetch("sections", queryset=sections))
        .order_by("pk")
    )


def notice_document(notice: Notice) -> NoticeDocument:
    """The index document for ``notice`` (which should be published)."""
    sections = list(notice.sections.all())
    parts = [SectionDocument(s.path, SECTION, s.heading, s.text, s.order) for s in sections]
    if notice.preamble.strip():
        parts.insert(0, SectionDocument("", PREAMBLE, "", notice.preamble, 0))
    if notice.closing.strip():
        parts.append(SectionDocument("", CLOSING, "", notice.closing, len(parts) + 1))
    if not parts:
        parts = [SectionDocument("", FULL_TEXT, "", notice.text, 0)]
    paths: dict[str, list[str]] = {}
    for section in sections:
        for issue_type in section.issue_types.all():
            paths.setdefault(issue_type.slug, []).append(section.path)
    types = sorted(paths)
    body = notice.issuing_body
    names = [body.name, *body.aliases] if body else []
    if notice.issuing_body_text and notice.issuing_body_text not in names:
        names.append(notice.issuing_body_text)
    date = notice.feedback_on or notice.published_on
    return NoticeDocument(
        key=notice.key,
        title=notice.title,
        body_names="\n".join(names),
        body=str(notice.issuing_body_id or ""),
        round=str(notice.inspection_round_id or ""),
        types=tuple(types),
        kind=notice.inspection_kind,
        organ=str(notice.inspecting_committee_id or ""),
        year=str(date.year) if date else "",
        date=date.isoformat() if date else "",
        sections=tuple(parts),
        type_paths=tuple((slug, tuple(paths[slug])) for slug in types),
    )


def document_for_key(key: str) -> NoticeDocument | None:
    """The current document for a notice, or None when it is not (or no longer) published."""
    notice = notices_for_indexing().filter(key=key).first()
    return notice_document(notice) if notice else None
