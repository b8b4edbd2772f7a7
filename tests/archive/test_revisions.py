"""Published means reviewed: an editor who may not publish proposes changes; a publisher approves or rejects."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from archive.models import Notice, NoticeRevision
from archive.services import ImportSource, import_notice
from tests.archive.test_admin import DAPENG, change_form_data, changes  # noqa: F401  (the changes fixture)
from tests.conftest import seed_text

pytestmark = pytest.mark.django_db

EDITOR = ("view_notice", "change_notice", "add_notice", "view_figure", "change_figure")
PUBLISHER = (*EDITOR, "publish_notice")
NEW_TITLE = "大鹏新区党工委关于巡察整改进展情况的通报(更正)"


@pytest.fixture
def published() -> Notice:
    return import_notice(source=ImportSource("dapeng.txt", seed_text(DAPENG).encode()), publish=True).notice


def _edit_title(client, notice: Notice, title: str):
    data = change_form_data(client, notice)
    data["title"] = title
    return client.post(reverse("admin:archive_notice_change", args=[notice.pk]), data, follow=True)


def _login(client, django_user_model, name: str, codenames: tuple[str, ...]):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(name, password=f"pw-{name}-123", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="archive", codename__in=codenames))
    client.force_login(user)
    return user


def test_an_editor_without_publish_permission_proposes_and_the_public_page_keeps_the_old_title(
    client,
    django_user_model,
    published,
    changes,  # noqa: F811
):
    old_title = published.title
    editor = _login(client, django_user_model, "editor", EDITOR)
    page = _edit_title(client, published, NEW_TITLE).content.decode()
    assert "修改已提交审核" in page
    published.refresh_from_db()
    assert published.title == old_title and "title" not in published.edited_fields
    assert changes == []  # nothing went to the search index
    revision = NoticeRevision.objects.get()
    assert revision.status == NoticeRevision.Status.PENDING
    assert revision.changes == {"title": NEW_TITLE} and revision.previous == {"title": old_title}
    assert revision.proposed_by == editor
    public = client.get(published.get_absolute_url()).content.decode()
    assert NEW_TITLE not in public and old_title in public
    entry = LogEntry.objects.get(object_id=str(published.pk))
    assert entry.user == editor and "提议修改" in entry.get_change_message() and "标题" in entry.get_change_message()


def test_a_publisher_approves_and_the_change_goes_live_with_who_and_when(
    client,
    django_user_model,
    published,
    changes,  # noqa: F811
):
    editor = _login(client, django_user_model, "editor", EDITOR)
    _edit_title(client, published, NEW_TITLE)
    revision = NoticeRevision.objects.get()
    # The editor cannot approve their own proposal.
    client.post(
        reverse("admin:archive_noticerevision_changelist"),
        {"action": "approve_selected", "_selected_action": [revision.pk]},
    )
    revision.refresh_from_db()
    assert revision.status == NoticeRevision.Status.PENDING
    publisher = _login(client, django_user_model, "publisher", PUBLISHER)
    detail = client.get(reverse("admin:archive_noticerevision_change", args=[revision.pk])).content.decode()
    assert NEW_TITLE in detail and "原值" in detail
    response = client.post(
        reverse("admin:archive_noticerevision_changelist"),
        {"action": "approve_selected", "_selected_action": [revision.pk]},
        follow=True,
    )
    assert "已批准 1 项修改" in response.content.decode()
    published.refresh_from_db()
    assert published.title == NEW_TITLE and "title" in published.edited_fields
    assert changes == [published.key]
    revision.refresh_from_db()
    assert revision.status == NoticeRevision.Status.APPROVED and revision.decided_by == publisher
    assert NEW_TITLE in client.get(published.get_absolute_url()).content.decode()
    history = client.get(reverse("admin:archive_notice_change", args=[published.pk])).content.decode()
    assert "修改记录" in history and "批准了 editor 提议的修改:标题" in history and "editor" in history
    assert editor.username in history and publisher.username in history


def test_a_rejected_revision_changes_nothing(client, django_user_model, published):
    old_title = published.title
    _login(client, django_user_model, "editor", EDITOR)
    _edit_title(client, published, NEW_TITLE)
    _login(client, django_user_model, "publisher", PUBLISHER)
    client.post(
        reverse("admin:archive_noticerevision_changelist"),
        {"action": "reject_selected", "_selected_action": [NoticeRevision.objects.get().pk]},
    )
    published.refresh_from_db()
    assert published.title == old_title
    assert NoticeRevision.objects.get().status == NoticeRevision.Status.REJECTED


def test_a_publisher_edits_a_published_notice_directly_and_the_log_names_the_field(
    client, django_user_model, published
):
    publisher = _login(client, django_user_model, "publisher", PUBLISHER)
    _edit_title(client, published, NEW_TITLE)
    published.refresh_from_db()
    assert published.title == NEW_TITLE
    assert not NoticeRevision.objects.exists()
    entry = LogEntry.objects.get(object_id=str(published.pk))
    assert entry.user == publisher and "标题" in entry.get_change_message()


def test_an_editor_changes_a_notice_under_review_directly(client, django_user_model):
    notice = import_notice(source=ImportSource("dapeng.txt", seed_text(DAPENG).encode()), publish=False).notice
    _login(client, django_user_model, "editor", EDITOR)
    _edit_title(client, notice, NEW_TITLE)
    notice.refresh_from_db()
    assert notice.title == NEW_TITLE and not NoticeRevision.objects.exists()


def test_an_editor_may_not_reparse_or_edit_figures_of_a_published_notice(client, django_user_model, published):
    _login(client, django_user_model, "editor", EDITOR)
    response = client.post(reverse("admin:archive_notice_reparse", args=[published.pk]), follow=True)
    assert "需要发布权限" in response.content.decode()
    page = client.get(reverse("admin:archive_notice_change", args=[published.pk]))
    figures = next(f for f in page.context["inline_admin_formsets"] if f.opts.model.__name__ == "Figure")
    assert not figures.has_change_permission and not figures.has_add_permission


def test_approving_applies_dates_related_rows_and_counts_as_a_form_would(django_user_model, published):
    import datetime as dt

    from archive.models import InspectionRound
    from archive.revisions import RevisionClosedError, approve_revision, propose_revision, reject_revision

    editor = django_user_model.objects.create_user("editor")
    publisher = django_user_model.objects.create_user("publisher")
    round_ = InspectionRound.objects.create(label="十二届区委第三轮巡察")
    proposed = {
        "feedback_on": dt.date(2024, 5, 6),
        "inspection_round": round_,
        "group_number": 3,
        "problem_counts": {"problems": 12},
        "issuing_body_text": "中共深圳市大鹏新区工作委员会",
    }
    revision = propose_revision(notice=published, changes=proposed, user=editor)
    assert revision.changes["feedback_on"] == "2024-05-06" and revision.changes["inspection_round"] == round_.pk
    notice = approve_revision(revision=revision, user=publisher)
    notice.refresh_from_db()
    assert notice.feedback_on == dt.date(2024, 5, 6) and notice.feedback_on_precision == "day"
    assert notice.inspection_round == round_ and notice.group_number == 3
    assert notice.problem_counts == {"problems": 12}
    assert notice.issuing_body.name  # linked to a canonical body, as a direct edit does
    assert set(proposed) <= set(notice.edited_fields)
    with pytest.raises(RevisionClosedError):
        reject_revision(revision=revision, user=publisher)
