"""The admin: permissions, fact correction kept over re-parse, index updates on save, actions, ingest records."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from archive.forms import EDITED_MARK
from archive.models import Committee, IngestRecord, InspectionRound, Notice
from archive.services import ImportSource, import_notice
from archive.signals import notice_changed
from tests.conftest import GOLD, seed_text

pytestmark = pytest.mark.django_db

DAPENG = GOLD[0]


def staff(client, *codenames: str) -> User:
    user = User.objects.create_user("staff", password="pw-staff-123", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="archive", codename__in=codenames))
    client.force_login(user)
    return user


@pytest.fixture
def notice() -> Notice:
    outcome = import_notice(source=ImportSource("dapeng.txt", seed_text(DAPENG).encode()), publish=False)
    return outcome.notice


@pytest.fixture
def changes():
    """The keys of notices announced to the search index while the test runs."""
    received: list[str] = []

    def receiver(sender, notice, **kwargs):
        received.append(notice.key)

    notice_changed.connect(receiver, dispatch_uid="test-admin-changes")
    yield received
    notice_changed.disconnect(dispatch_uid="test-admin-changes")


def change_form_data(client, notice: Notice) -> dict:
    """The change form as the browser would submit it, unchanged."""
    response = client.get(reverse("admin:archive_notice_change", args=[notice.pk]))
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
        data[name] = "" if data[name] is None else data[name]
    data["problem_counts"] = form["problem_counts"].value() or "null"
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{key}"] = management[key].value()
        for form_ in formset.formset.forms:
            for name in form_.fields:
                value = form_[name].value()
                data[form_.add_prefix(name)] = "" if value is None else value
    return data


def test_upload_needs_the_add_permission(client):
    staff(client, "view_notice")
    assert client.get("/admin/archive/notice/upload/").status_code == 403


def test_publishing_needs_the_publish_permission(client, notice):
    staff(client, "view_notice", "change_notice", "add_notice")
    url = reverse("admin:archive_notice_publish", args=[notice.pk])
    assert client.post(url).status_code == 403
    review = client.get(reverse("admin:archive_notice_review", args=[notice.pk])).content.decode()
    assert 'id="publish-button"' not in review
    response = client.post(
        "/admin/archive/notice/", {"action": "publish_selected", "_selected_action": [notice.pk]}, follow=True
    )
    assert response.status_code == 200
    notice.refresh_from_db()
    assert notice.status == Notice.Status.REVIEW


def test_anonymous_users_are_sent_to_login(client, notice):
    response = client.get("/admin/archive/notice/upload/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_correcting_a_fact_marks_it_edited_updates_the_index_and_survives_reparse(client, notice, changes):
    staff(client, "view_notice", "change_notice")
    data = change_form_data(client, notice)
    data["feedback_on"] = "2017-09-06"
    data["inspected_unit"] = "深圳市大鹏新区党工委"
    response = client.post(reverse("admin:archive_notice_change", args=[notice.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    notice.refresh_from_db()
    assert sorted(notice.edited_fields) == ["feedback_on", "inspected_unit"]
    assert changes == [notice.key]

    form_page = client.get(reverse("admin:archive_notice_change", args=[notice.pk])).content.decode()
    assert EDITED_MARK in form_page
    review = client.get(reverse("admin:archive_notice_review", args=[notice.pk])).content.decode()
    assert "已更正" in review

    client.post(reverse("admin:archive_notice_reparse", args=[notice.pk]))
    notice.refresh_from_db()
    assert str(notice.feedback_on) == "2017-09-06" and notice.inspected_unit == "深圳市大鹏新区党工委"


def test_figures_are_editable_inline(client, notice, changes):
    # Inlines follow the permissions of their own models.
    staff(client, "view_notice", "change_notice", "view_figure", "change_figure", "view_section")
    figure = notice.figures.first()
    assert figure is not None
    data = change_form_data(client, notice)
    prefix = next(key for key, value in data.items() if key.endswith("-id") and str(value) == str(figure.pk))[:-3]
    data[f"{prefix}-value"] = "999"
    response = client.post(reverse("admin:archive_notice_change", args=[notice.pk]), data)
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.value == 999
    assert changes == [notice.key]


def test_publish_and_reparse_actions(client, notice):
    staff(client, "view_notice", "change_notice", "publish_notice")
    client.post("/admin/archive/notice/", {"action": "reparse_selected", "_selected_action": [notice.pk]})
    client.post("/admin/archive/notice/", {"action": "publish_selected", "_selected_action": [notice.pk]})
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED


def test_review_page_shows_outline_facts_text_and_warnings(client, notice):
    staff(client, "view_notice")
    notice.warnings = ["<b>提示</b>"]
    notice.save()
    page = client.get(reverse("admin:archive_notice_review", args=[notice.pk])).content.decode()
    assert "提高政治站位" in page and "市委第一巡察组" in page and 'id="review-text"' in page
    assert "由发布机关“中共深圳市大鹏新区工作委员会”所在地推定" in page  # how the committee was placed
    assert "&lt;b&gt;提示&lt;/b&gt;" in page  # user text is escaped


def test_ingest_records_are_read_only_with_filters(client, notice):
    staff(client, "view_ingestrecord", "view_notice")
    listing = client.get("/admin/archive/ingestrecord/?status__exact=needs_review")
    assert listing.status_code == 200 and "dapeng.txt" in listing.content.decode()
    record = IngestRecord.objects.get()
    assert client.get(f"/admin/archive/ingestrecord/{record.pk}/change/").status_code == 200
    assert client.post(f"/admin/archive/ingestrecord/{record.pk}/change/", {"status": "failed"}).status_code == 403
    assert client.get("/admin/archive/ingestrecord/add/").status_code == 403
    record.refresh_from_db()
    assert record.status == IngestRecord.Status.NEEDS_REVIEW


@pytest.fixture
def shenshan() -> Notice:
    """Sample 001: a 深圳市委 round (七届市委第八轮巡察)."""
    return import_notice(source=ImportSource("shenshan.txt", seed_text(GOLD[1]).encode()), publish=False).notice


def test_correcting_the_committee_of_a_notice_moves_its_round_and_survives_reparse(client, shenshan, changes):
    assert shenshan.inspecting_committee.name == "深圳市委"
    assert shenshan.inspection_round.committee == shenshan.inspecting_committee
    other = Committee.objects.create(name="汕尾市委", full_name="中共汕尾市委员会", level="市")
    staff(client, "view_notice", "change_notice")
    data = change_form_data(client, shenshan)
    data["inspecting_committee"] = str(other.pk)
    response = client.post(reverse("admin:archive_notice_change", args=[shenshan.pk]), data)
    assert response.status_code == 302
    shenshan.refresh_from_db()
    assert shenshan.edited_fields == ["inspecting_committee"]
    assert shenshan.inspecting_committee == other
    assert (shenshan.inspection_round.committee, shenshan.inspection_round.label) == (other, "七届市委第八轮巡察")
    assert "inspecting_committee" not in shenshan.provenance
    round_ = shenshan.inspection_round

    client.post(reverse("admin:archive_notice_reparse", args=[shenshan.pk]))
    shenshan.refresh_from_db()
    assert shenshan.inspecting_committee == other and shenshan.inspection_round == round_
    assert shenshan.inspecting_organ == "市委"  # as printed


def test_correcting_the_committee_of_a_round_survives_reparse(client, shenshan, changes):
    round_ = shenshan.inspection_round
    other = Committee.objects.create(name="汕尾市委", level="市")
    staff(client, "view_inspectionround", "change_inspectionround", "change_notice", "view_notice")
    url = reverse("admin:archive_inspectionround_change", args=[round_.pk])
    assert client.post(url, {"committee": str(other.pk)}).status_code == 302
    round_.refresh_from_db()
    shenshan.refresh_from_db()
    assert round_.committee == other and round_.slug == "深圳市委-七届市委第八轮巡察"  # the slug stays
    assert shenshan.inspecting_committee == other and "inspecting_committee" in shenshan.edited_fields
    assert changes == [shenshan.key]

    client.post(reverse("admin:archive_notice_reparse", args=[shenshan.pk]))
    shenshan.refresh_from_db()
    assert shenshan.inspecting_committee == other and shenshan.inspection_round == round_


def test_a_round_corrected_to_a_committee_that_has_it_is_merged(client, shenshan):
    round_ = shenshan.inspection_round
    other = Committee.objects.create(name="汕尾市委", level="市")
    existing = InspectionRound.objects.create(committee=other, label=round_.label)
    staff(client, "view_inspectionround", "change_inspectionround")
    url = reverse("admin:archive_inspectionround_change", args=[round_.pk])
    assert client.post(url, {"committee": str(other.pk)}).status_code == 302
    shenshan.refresh_from_db()
    assert shenshan.inspection_round == existing
    assert not InspectionRound.objects.filter(pk=round_.pk).exists()


def test_editors_record_the_original_address_and_reparsing_keeps_it(client, notice):
    staff(client, "view_notice", "change_notice")
    data = change_form_data(client, notice)
    data["source_url"] = "javascript:alert(1)"
    response = client.post(reverse("admin:archive_notice_change", args=[notice.pk]), data)
    assert response.status_code == 200 and "source_url" in response.context["adminform"].form.errors
    data["source_url"] = "https://www.example.gov.cn/xsxc/t1.html"
    response = client.post(reverse("admin:archive_notice_change", args=[notice.pk]), data)
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.source_url == "https://www.example.gov.cn/xsxc/t1.html" and notice.edited_fields == ["source_url"]
    client.post(reverse("admin:archive_notice_reparse", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.source_url == "https://www.example.gov.cn/xsxc/t1.html"
