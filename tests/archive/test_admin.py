"""The admin: permissions, fact correction kept over re-parse, index updates on save, actions, ingest records."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from archive.forms import EDITED_MARK
from archive.models import IngestRecord, Notice
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
