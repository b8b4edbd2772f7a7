"""The write service for a round's covered units (:class:`~archive.models.RoundUnit`).

Units come from the round's own documents (announcements and feedback
documents attached to it) and from the rectification notices of the round;
each is matched to the round's rectification notice about it. Rows an editor
corrected are never changed.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .models import InspectionRound, Notice, RoundUnit
from .parsing.units import listed_units, same_unit, unit_key

SOURCE_KINDS = (Notice.DocumentKind.ANNOUNCEMENT, Notice.DocumentKind.FEEDBACK)


def derived_units(inspection_round: InspectionRound) -> list[tuple[str, Notice | None, Notice | None]]:
    """(unit name, the document naming it, its rectification notice or None) for the round, in document order."""
    # The announcement names the units as the round saw them: its names come first, then feedback documents'.
    order = {Notice.DocumentKind.ANNOUNCEMENT: 0, Notice.DocumentKind.FEEDBACK: 1, Notice.DocumentKind.NOTICE: 2}
    documents = sorted(
        inspection_round.notices.all(),
        key=lambda d: (order.get(d.document_kind, 3), d.feedback_on or dt.date.max, d.pk),
    )
    rectifications = [n for n in documents if n.document_kind == Notice.DocumentKind.NOTICE]
    named: dict[str, tuple[str, Notice]] = {}
    for document in documents:
        if document.document_kind == Notice.DocumentKind.ANNOUNCEMENT:
            names = listed_units(document.text)
        elif document.document_kind in SOURCE_KINDS or document.document_kind == Notice.DocumentKind.NOTICE:
            names = [document.inspected_unit or document.issuing_body_text]
        else:
            names = []
        for name in names:
            key = unit_key(name)
            known = next((k for k in named if same_unit(key, k)), None)
            if key and known is None:
                named[key] = (name, document)
            elif known and document.document_kind == Notice.DocumentKind.FEEDBACK:
                # The feedback document dates the feedback: it is the better source for the unit.
                named[known] = (named[known][0], document)
    units = []
    for key, (name, document) in named.items():
        match = next(
            (n for n in rectifications if same_unit(key, unit_key(n.inspected_unit or n.issuing_body_text))), None
        )
        units.append((name, document, match))
    return units


@transaction.atomic
def sync_round_units(*, inspection_round: InspectionRound) -> int:
    """Bring the round's RoundUnit rows in line with its documents; returns how many rows it wrote or removed."""
    corrected = list(inspection_round.units.filter(corrected=True))
    changes = 0
    kept_keys = set()
    for name, document, match in derived_units(inspection_round):
        key = unit_key(name)
        if any(same_unit(key, row.key) for row in corrected):
            continue
        kept_keys.add(key)
        row, created = RoundUnit.objects.get_or_create(
            inspection_round=inspection_round, key=key, defaults={"name": name, "source": document, "notice": match}
        )
        if created or (row.name, row.source_id, row.notice_id) != (name, document.pk, match and match.pk):
            row.name, row.source, row.notice = name, document, match
            row.save()
            changes += 1
    stale = inspection_round.units.filter(corrected=False).exclude(key__in=kept_keys)
    changes += stale.delete()[0]
    return changes


def on_notice_changed(sender, notice, **kwargs) -> None:
    """Keep the round's units current when one of its documents changes."""
    if notice.inspection_round_id:
        sync_round_units(inspection_round=notice.inspection_round)
