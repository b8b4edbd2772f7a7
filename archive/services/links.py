"""The archive's issuing bodies, committees and rounds that notices point at: found or created, and corrected."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ..models import Committee, InspectionRound, IssuingBody, Notice
from ..parsing.facts import canonical_body_name
from ..parsing.places import committee_named
from ..signals import notice_changed


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
