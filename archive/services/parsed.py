"""Storing a parse: a notice's facts, provenance, sections, issue types and figures from a ``ParsedNotice``.

Facts an editor corrected (``Notice.edited_fields``) are kept over the parse.
"""

from __future__ import annotations

import hashlib
import json

from .. import formats
from ..key_figures import classify as classify_figure
from ..models import Figure, IssueType, Notice, Section
from ..parsing import ParsedNotice
from ..parsing.dates import numeric_date
from .links import link_committee, link_issuing_body, link_round

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


def apply_parsed(notice: Notice, parsed: ParsedNotice, *, content_hash: str, metadata: dict) -> bool:
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


def _digest(parsed: ParsedNotice, metadata: dict) -> str:
    payload = json.dumps([parsed.to_json(), metadata], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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
