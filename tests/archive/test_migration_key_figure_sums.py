"""Migration 0017: stored notices get their key-figure sums, under their archive year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.archive.migrating import migrate_to

BEFORE = [("archive", "0016_issue_type_rules_beside_headings")]
AFTER = [("archive", "0017_key_figure_sums")]


@pytest.mark.django_db(transaction=True)
def test_stored_figures_are_summed_per_notice_and_key_figure():
    old = migrate_to(BEFORE)
    Notice, Figure = old.get_model("archive", "Notice"), old.get_model("archive", "Figure")
    dated = Notice.objects.create(
        key="a", raw_text="a", text="a", content_hash="a", feedback_on=None, published_on=dt.date(2019, 5, 1)
    )
    undated = Notice.objects.create(key="b", raw_text="b", text="b", content_hash="b")
    for notice, key_figure, value in [
        (dated, "discipline", "5"),
        (dated, "discipline", "2.5"),
        (dated, "money", "100"),
        (dated, "", "6"),
        (undated, "cases", "3"),
    ]:
        Figure.objects.create(
            notice=notice, measure="m", value=Decimal(value), unit="人", clause="c", key_figure=key_figure
        )
    new = migrate_to(AFTER)
    rows = new.get_model("archive", "NoticeKeyFigure").objects.order_by("notice__key", "key_figure")
    assert list(rows.values_list("notice__key", "key_figure", "total", "figures", "year")) == [
        ("a", "discipline", Decimal("7.5"), 2, 2019),
        ("a", "money", Decimal(100), 1, 2019),
        ("b", "cases", Decimal(3), 1, None),
    ]
