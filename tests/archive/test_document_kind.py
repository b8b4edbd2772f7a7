"""Documents that are not rectification notices: recognised, held for review, publishable on purpose."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Notice
from archive.parsing import parse_notice
from archive.parsing.kind import classify
from archive.services import ImportSource, import_notice, publish_notice
from tests.conftest import GOLD, seed_text

NEWS = """某县召开巡察整改工作推进会
日前,某县召开县委巡察反馈问题整改工作推进会,县委副书记出席会议并讲话。
会议指出,各被巡察单位要对照反馈意见,逐条制定整改措施,确保按期完成整改。
会议要求,要压实整改责任,坚持立行立改。
"""

FEEDBACK = """县委第二巡察组向县林业局党组反馈巡察情况
根据县委统一部署,县委第二巡察组于3月1日至4月20日对县林业局党组开展了常规巡察。5月12日,县委第二巡察组向县林业局党组反馈了巡察情况。
巡察组指出,县林业局党组在落实全面从严治党主体责任方面存在薄弱环节,选人用人不够规范。
巡察组要求,县林业局党组要认真抓好问题整改,整改情况按规定向社会公开。
"""

AUDIT = """关于2023年度县本级预算执行审计查出问题整改情况的报告
县人民政府高度重视审计查出问题的整改工作,现将整改情况报告如下。
一、整改工作部署
县政府召开常务会议研究部署审计整改工作,已完成整改问题21个。
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [(NEWS, "news"), (FEEDBACK, "feedback"), (AUDIT, "other_rectification")],
)
def test_near_misses_get_their_kind_and_a_reason(text, kind):
    parsed = parse_notice(text)
    assert parsed.document_kind == kind
    assert parsed.kind_reason.startswith("文件类别:")
    assert parsed.to_json()["warnings"][0] == parsed.kind_reason


def test_the_samples_are_notices(gold_notice):
    parsed = parse_notice(seed_text(gold_notice))
    assert parsed.document_kind == "notice" and parsed.kind_reason == ""


def test_a_round_announcement_is_an_announcement():
    verdict = classify(
        title="十五届县委第五轮巡察完成进驻",
        opening="近日,县委5个巡察组完成进驻。巡察期间,各巡察组设立值班电话和邮政信箱,受理来信来电来访。",
        text="近日,县委5个巡察组完成进驻。",
    )
    assert verdict.kind == "announcement"


@pytest.mark.django_db
def test_a_near_miss_is_held_for_review_and_can_still_be_published(admin_client):
    outcome = import_notice(source=ImportSource(name="news.txt", data=NEWS.encode()), publish=True)
    notice = outcome.notice
    assert notice.status == Notice.Status.REVIEW and notice.document_kind == "news"
    assert outcome.messages[0].startswith("未自动发布")
    review = admin_client.get(reverse("admin:archive_notice_review", args=[notice.pk]))
    assert "新闻报道" in review.content.decode()
    publish_notice(notice=notice)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED


@pytest.mark.django_db
def test_notice_page_shows_where_each_fact_comes_from(client):
    outcome = import_notice(source=ImportSource(name="a.txt", data=seed_text(GOLD[0]).encode()), publish=True)
    notice = outcome.notice
    assert notice.provenance["feedback_on"]["quote"]
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "出处" in page
    quote = notice.provenance["inspection_group"]["quote"]
    assert quote in page
    start, end = notice.provenance["inspection_group"]["start"], notice.provenance["inspection_group"]["end"]
    assert notice.text[start:end] in quote


@pytest.mark.django_db
def test_import_command_says_which_files_it_held_for_review(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "notice.txt").write_text(seed_text(GOLD[0]), encoding="utf-8")
    out = StringIO()
    call_command("import_notices", str(tmp_path), stdout=out)
    assert "留待审核 1 个" in out.getvalue() and "news.txt" in out.getvalue()
    assert Notice.objects.filter(status=Notice.Status.PUBLISHED).count() == 1
