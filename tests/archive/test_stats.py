"""Statistics queries checked against the samples' hand-checked facts and a small generated corpus."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.http import QueryDict

from archive import stats
from archive.figure_sums import refresh_key_figure_sums
from archive.key_figures import BY_SLUG
from archive.models import Committee, Figure, IssueType, Notice, NoticeIssueType
from archive.services import reparse_notice
from archive.type_counts import refresh_type_counts
from search.services import filtered_notices
from tests.conftest import GOLD

from .reading_factories import import_sample, make_notice, make_outline

pytestmark = pytest.mark.django_db

LEVEL_OF_ORGAN = {"市委": "市", "省委": "省"}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value and len(value) == 10 else None


def _year(item: dict) -> int | None:
    value = item["feedback_on"] or item["published_on"]
    return int(value[:4]) if value else None


@pytest.fixture
def samples() -> list[Notice]:
    return [import_sample(item) for item in GOLD]


def test_notices_by_year_and_kind_and_level_match_the_gold_facts(samples):
    notices = Notice.objects.published().rectification()
    expected_kind, expected_level = {}, {}
    for item in GOLD:
        key = (_year(item), item["inspection_kind"])
        expected_kind[key] = expected_kind.get(key, 0) + 1
        key = (_year(item), LEVEL_OF_ORGAN[item["inspecting_organ"]])
        expected_level[key] = expected_level.get(key, 0) + 1
    assert dict(stats.by_year_and_kind(notices)) == expected_kind
    assert dict(stats.by_year_and_level(notices)) == expected_level


def test_days_from_feedback_to_publication_match_the_gold_dates(samples):
    found = stats.delays(Notice.objects.published())
    expected = sorted(
        ((_date(i["published_on"]) - _date(i["feedback_on"])).days for i in GOLD if _date(i["published_on"])),
        reverse=True,
    )
    assert [d.days for d in found] == expected == [354, 111, 93]
    assert stats.median_delays(found, "level") == {"市": (232.5, 2), "省": (93, 1)}
    assert dict(stats.delay_distribution(found))["91–180 天"] == 2


def test_key_figures_include_the_gold_figures_and_sum_them(samples):
    notices = Notice.objects.published()
    for item in GOLD:
        for gold in item["figures_include"] or []:
            for figure in BY_SLUG.values():
                if any(w in gold["measure"] for w in figure.keywords):
                    counted = stats.key_figure_figures(notices, figure.slug).filter(value=gold["value"])
                    assert counted.filter(unit=gold["unit"]).exists(), (item["file"], gold)
    by_year = stats.key_figure_totals(notices, "year")
    # 天心区 2016: 立案39件; 党纪政纪处分37人 and 党纪处分5人. 温州 2018: 组织处理3人.
    assert by_year["cases"][2016] == (Decimal(39), 1)
    assert by_year["discipline"][2016] == (Decimal(42), 2)
    assert by_year["organisational"][2018] == (Decimal(3), 1)
    for slug, groups in stats.key_figure_totals(notices, "level").items():
        for level, (total, n) in groups.items():
            clauses = stats.key_figure_clauses(notices, slug, level=level)
            assert (sum(f.value for f in clauses), clauses.count()) == (total, n)


def test_stored_type_counts_follow_the_sections_of_imported_notices(samples):
    shares = Notice.objects.all().type_shares()
    for notice in Notice.objects.all():
        stored = {row.issue_type.name: row.sections for row in NoticeIssueType.objects.filter(notice=notice)}
        assert stored == {t.name: n for t, n, _ in shares[notice.pk]}
        assert notice.section_count == notice.sections.count() > 0


def counted_from_sections(notices) -> tuple[dict, Counter]:
    """Type shares by year counted the slow way: every section of every notice, the year from its dates."""
    totals, tagged = Counter(), Counter()
    for notice in notices:
        for section in notice.sections.prefetch_related("issue_types"):
            totals[notice.year] += 1
            for issue_type in section.issue_types.all():
                tagged[(notice.year, issue_type.name)] += 1
    return dict(totals), tagged


def test_type_shares_follow_a_corrected_date_a_reparse_and_unpublishing(samples, admin_client):
    from .test_admin import change_form_data

    def check():
        notices = Notice.objects.published().rectification()
        assert stats.type_shares_by_year(notices) == counted_from_sections(notices)
        for row in NoticeIssueType.objects.select_related("notice"):
            assert row.year == row.notice.year

    check()
    dapeng = Notice.objects.get(inspected_unit="大鹏新区党工委")
    assert dapeng.year == 2017
    data = change_form_data(admin_client, dapeng)
    data["feedback_on"] = "2014-03-03"  # an editor's correction moves the notice to another year
    assert admin_client.post(f"/admin/archive/notice/{dapeng.pk}/change/", data).status_code == 302
    totals, tagged = stats.type_shares_by_year(Notice.objects.published().rectification())
    assert totals[2014] == dapeng.sections.count() and set(
        NoticeIssueType.objects.filter(notice=dapeng).values_list("year", flat=True)
    ) == {2014}
    check()
    reparse_notice(notice=Notice.objects.get(pk=dapeng.pk))  # the corrected date survives a re-parse
    assert Notice.objects.get(pk=dapeng.pk).year == 2014
    check()
    # Unpublished or deleted notices leave every statistic.
    Notice.objects.filter(pk=dapeng.pk).update(status=Notice.Status.REVIEW)
    assert 2014 not in stats.type_shares_by_year(Notice.objects.published().rectification())[0]
    assert dapeng.key not in {d.key for d in stats.delays(Notice.objects.published())}
    check()
    tianxin = Notice.objects.get(inspected_unit__contains="天心")
    tianxin.delete()
    assert 2016 not in stats.key_figure_totals(Notice.objects.published(), "year")["cases"]
    check()


def test_a_feedback_date_corrected_in_the_admin_changes_the_days_to_publish(samples, admin_client):
    from .test_admin import change_form_data

    dapeng = Notice.objects.get(inspected_unit="大鹏新区党工委")
    before = {d.key: d.days for d in stats.delays(Notice.objects.published())}[dapeng.key]
    data = change_form_data(admin_client, dapeng)
    data["feedback_on"] = "2017-10-05"
    response = admin_client.post(f"/admin/archive/notice/{dapeng.pk}/change/", data)
    assert response.status_code == 302
    after = {d.key: d.days for d in stats.delays(Notice.objects.published())}[dapeng.key]
    assert (before, after) == (111, 81)


# --- a generated corpus ---------------------------------------------------------------------------------


@pytest.fixture
def corpus():
    """Six notices with known facts: kinds, levels, dates, sections with types, and figures."""
    city = Committee.objects.create(name="测试市委", level="市")
    province = Committee.objects.create(name="测试省委", level="省")
    eight = IssueType.objects.get(name="八项规定")
    cadres = IssueType.objects.get(name="选人用人")
    rows = [
        ("巡察", city, "2020-03-01", "2020-04-30", [("八项规定", 1), ("选人用人", 1), ("", 2)]),
        ("巡察", city, "2020-06-01", "2020-10-01", [("八项规定", 2), ("", 2)]),
        ("巡视", province, "2021-01-10", "2021-02-09", [("选人用人", 1), ("", 1)]),
        ("巡视", province, "2021-05-01", "2022-06-01", [("", 3)]),
        ("巡视", None, "2022-02-01", None, [("八项规定", 1)]),
    ]
    made = []
    for kind, committee, feedback, published, sections in rows:
        notice = make_notice(
            inspection_kind=kind,
            inspecting_committee=committee,
            feedback_on=dt.date.fromisoformat(feedback),
            published_on=published and dt.date.fromisoformat(published),
        )
        outline, n = {}, 0
        for name, count in sections:
            for _ in range(count):
                n += 1
                outline[str(n)] = (name or "其他", "正文")
        for section in make_outline(notice, outline).values():
            if section.heading == "八项规定":
                section.issue_types.add(eight)
            elif section.heading == "选人用人":
                section.issue_types.add(cadres)
        made.append(notice)
    make_notice(document_kind=Notice.DocumentKind.FEEDBACK, inspection_kind="巡察", feedback_on=dt.date(2020, 1, 1))
    Figure.objects.create(notice=made[0], measure="立案", value=5, unit="件", clause="立案5件")
    Figure.objects.create(notice=made[0], measure="初核转立案", value=2, unit="件", clause="初核转立案2件")
    Figure.objects.create(notice=made[1], measure="给予党纪政务处分", value=7, unit="人", clause="给予党纪政务处分7人")
    Figure.objects.create(notice=made[2], measure="挽回经济损失", value=Decimal("12.5"), unit="元", clause="x")
    Figure.objects.create(notice=made[2], measure="清退考务费每人超发部分", value=300, unit="元", clause="x")
    # The factories store sections and figures directly; the import service would have counted and
    # summed them through its signal.
    refresh_type_counts(notice_ids=[n.pk for n in made])
    refresh_key_figure_sums(notice_ids=[n.pk for n in made])
    return made


def test_generated_corpus_counts(corpus):
    notices = Notice.objects.published().rectification()
    assert dict(stats.by_year_and_kind(notices)) == {(2020, "巡察"): 2, (2021, "巡视"): 2, (2022, "巡视"): 1}
    assert dict(stats.by_year_and_level(notices)) == {(2020, "市"): 2, (2021, "省"): 2, (2022, ""): 1}
    found = stats.delays(notices)
    assert [d.days for d in found] == [396, 122, 60, 30]
    assert stats.median_delays(found, "year") == {2020: (91, 2), 2021: (213, 2)}
    assert stats.delay_distribution(found) == [
        ("30 天以内", 1), ("31–60 天", 1), ("61–90 天", 0), ("91–180 天", 1), ("181–365 天", 0), ("一年以上", 1)
    ]  # fmt: skip


def test_generated_corpus_issue_type_shares(corpus):
    totals, tagged = stats.type_shares_by_year(Notice.objects.published().rectification())
    assert totals == {2020: 8, 2021: 5, 2022: 1}
    assert tagged == {(2020, "八项规定"): 3, (2020, "选人用人"): 1, (2021, "选人用人"): 1, (2022, "八项规定"): 1}
    shares = Notice.objects.filter(pk=corpus[0].pk).type_shares()[corpus[0].pk]
    assert [(t.name, n, share) for t, n, share in shares] == [("八项规定", 1, 0.25), ("选人用人", 1, 0.25)]


def test_generated_corpus_key_figures_leave_out_parts_and_rates(corpus):
    totals = stats.key_figure_totals(Notice.objects.published(), "year")
    assert totals["cases"] == {2020: (Decimal(5), 1)}
    assert totals["discipline"] == {2020: (Decimal(7), 1)}
    assert totals["money"] == {2021: (Decimal("12.5"), 1)}
    assert totals["organisational"] == {}


def test_a_type_filter_counts_each_notice_and_figure_once(corpus):
    # The second notice has two sections of the type: each of its figures still counts once.
    notices, messages = filtered_notices(QueryDict(f"type={IssueType.objects.get(name='八项规定').slug}"))
    assert messages == []
    notices = notices.rectification()
    assert notices.count() == 3
    assert dict(stats.by_year_and_kind(notices)) == {(2020, "巡察"): 2, (2022, "巡视"): 1}
    totals = stats.key_figure_totals(notices, "year")
    assert totals["cases"] == {2020: (Decimal(5), 1)}
    assert totals["discipline"] == {2020: (Decimal(7), 1)}
    assert stats.key_figure_totals(notices, "level")["discipline"] == {"市": (Decimal(7), 1)}
    assert stats.type_shares_by_year(notices)[0] == {2020: 8, 2022: 1}


def test_statistics_follow_the_search_filters(corpus):
    notices, messages = filtered_notices(QueryDict("kind=巡视&year=2021"))
    assert messages == []
    assert dict(stats.by_year_and_kind(notices.rectification())) == {(2021, "巡视"): 2}
    notices, messages = filtered_notices(QueryDict("year=abc&organ=99999"))
    assert messages and notices.rectification().count() == 5
