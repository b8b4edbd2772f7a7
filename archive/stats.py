"""Statistics across notices: pure query functions over a QuerySet of notices.

Every function takes the notices to count (already filtered, e.g. by the
search filters) and returns plain numbers keyed by year, kind, level or issue
type. The pages, the charts and the CSV downloads all read these, so a chart
can never say something its table does not. Years are the archive's year of a
notice: feedback, else publication (``NoticeQuerySet.with_year``). Facts are
read as stored, so an editor's correction is what is counted.
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections import Counter, defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Sum
from django.db.models.functions import Coalesce

from .db_functions import Year, archive_year
from .key_figures import KEY_FIGURES
from .models import Committee, Figure, IssueType, Notice, NoticeIssueType

UNKNOWN = ""
#: The year parameter that asks for undated notices' figures.
UNDATED = "0"
#: Days from feedback to publication, in the bins of the distribution (upper bounds, inclusive).
DELAY_BINS: tuple[tuple[str, int | None], ...] = (
    ("30 天以内", 30),
    ("31–60 天", 60),
    ("61–90 天", 90),
    ("91–180 天", 180),
    ("181–365 天", 365),
    ("一年以上", None),
)
#: The rules expect a public notice within about two months of feedback.
EXPECTED_DAYS = 60


def by_year_and_kind(notices) -> Counter:
    """(year, 巡视/巡察/"") → number of notices; undated notices have year None.

    Like every function here it counts rows of ``notices``, which must not join
    multi-valued relations (the search filters do not), so no DISTINCT is needed.
    """
    rows = notices.with_year().values_list("archive_year", "inspection_kind").annotate(n=Count("id")).order_by()
    return Counter({(year, kind): n for year, kind, n in rows})


def by_year_and_level(notices) -> Counter:
    """(year, committee level 中央/省/市/县 or "") → number of notices.

    Counted by inspecting committee from the notices' statistics index alone; committees
    become levels here, as they stand now.
    """
    rows = notices.with_year().values_list("archive_year", "inspecting_committee").annotate(n=Count("id")).order_by()
    levels = dict(Committee.objects.values_list("pk", "level"))
    counts = Counter()
    for year, committee, n in rows:
        counts[(year, levels.get(committee) or UNKNOWN)] += n
    return counts


class Delay(NamedTuple):
    key: str
    days: int
    year: int  # of the feedback
    level: str


class DelayDetails(NamedTuple):
    title: str
    body: str
    feedback_on: dt.date
    published_on: dt.date


def delays(notices) -> list[Delay]:
    """Days from feedback to publication of every notice with both days known, slowest first (then by key).

    The database computes the days and the year as integers, so no date of the
    thousands of notices becomes a Python object; :func:`delay_details` reads the
    few notices a table lists.
    """
    rows = (
        notices.with_publication_delay()
        .annotate(year=Year("feedback_on"), level=F("inspecting_committee__level"))
        .order_by("-delay_days", "key")
        .values_list("key", "delay_days", "year", "level")
    )
    return [Delay(key, days, year, level or UNKNOWN) for key, days, year, level in rows]


def delay_details(found: list[Delay]) -> dict[str, DelayDetails]:
    """Notice key → title, issuing body and both dates, for the delays given (a table's few rows)."""
    rows = (
        Notice.objects.filter(key__in=[delay.key for delay in found])
        .annotate(body=Coalesce("issuing_body__name", "issuing_body_text"))
        .values_list("key", "title", "body", "feedback_on", "published_on")
    )
    return {
        key: DelayDetails(title or key, body or "", feedback, published)
        for key, title, body, feedback, published in rows
    }


def delay_distribution(found: list[Delay]) -> list[tuple[str, int]]:
    """How many notices fall in each bin of :data:`DELAY_BINS` (a publication before feedback counts in the first)."""
    bounds = [bound for _, bound in DELAY_BINS if bound is not None]
    counts = Counter(bisect.bisect_left(bounds, delay.days) for delay in found)
    return [(label, counts[i]) for i, (label, _) in enumerate(DELAY_BINS)]


def median_delays(found: list[Delay], attribute: str) -> dict:
    """Group value (``year`` or ``level``) → (median days, number of notices)."""
    groups: dict = defaultdict(list)
    for delay in found:
        groups[getattr(delay, attribute)].append(delay.days)
    return {value: (statistics.median(days), len(days)) for value, days in groups.items()}


def type_shares_by_year(notices) -> tuple[dict[int | None, int], Counter]:
    """(sections per year, (year, issue type name) → sections tagged with that type) over the notices' sections.

    Read from the per-notice counts (``Notice.section_count``, ``NoticeIssueType``), which
    are the Section ↔ IssueType relation counted when the sections were stored; each count
    carries its notice's year, so only the counts' statistics index is read.
    """
    totals = dict(
        notices.with_year().values("archive_year").annotate(n=Sum("section_count")).values_list("archive_year", "n")
    )
    # The counts are read in the order of their statistics index (year, issue type, notice), so SQLite
    # adds them up without sorting a hundred thousand rows; "+ 0" keeps it from looking the counts up
    # notice by notice instead, which sorts them all and costs twice as much when most notices count
    # (the unfiltered page), against a few milliseconds more when only a few hundred do.
    unindexed_notice = ExpressionWrapper(F("notice_id") + 0, output_field=IntegerField())
    tagged = (
        NoticeIssueType.objects.alias(notice_key=unindexed_notice)
        .filter(notice_key__in=notices.values("pk"))
        .values_list("year", "issue_type")
        .annotate(n=Sum("sections"))
        .order_by()
    )
    names = dict(IssueType.objects.values_list("pk", "name"))
    counts = Counter()
    for year, issue_type, n in tagged:
        counts[(year, names[issue_type])] += n
    return {y: n for y, n in totals.items() if n}, counts


def key_figure_figures(notices, slug: str):
    """The figures summed for key figure ``slug`` among the notices' figures."""
    return Figure.objects.filter(notice__in=notices.values("pk")).key_figure(slug)


def key_figure_totals(notices, group: str) -> dict[str, dict]:
    """Key figure slug → {year or level: (sum, number of figures)}; ``group`` is ``year`` or ``level``."""
    return key_figure_sums(notices)[group]


def key_figure_sums(notices) -> dict[str, dict[str, dict]]:
    """``{"year": totals, "level": totals}`` as :func:`key_figure_totals` gives them, from one query.

    The database adds up the per-notice sums (:class:`~archive.models.NoticeKeyFigure`,
    kept with the figures) by year, inspecting committee and key figure, driven by the
    notices' statistics index with the sums' index beside it, so no figure, clause or
    notice text is read; committees are turned into levels here, as they stand now.
    ``notices`` must not join multi-valued relations (the search filters do not), or a
    sum would be counted once per joined row.
    """
    rows = (
        notices.filter(key_figure_sums__key_figure__in=[f.slug for f in KEY_FIGURES])
        .values_list("key_figure_sums__year", "inspecting_committee", "key_figure_sums__key_figure")
        .annotate(total=Sum("key_figure_sums__total"), n=Sum("key_figure_sums__figures"))
        .order_by()
    )
    levels = dict(Committee.objects.values_list("pk", "level"))
    sums = {group: {f.slug: defaultdict(lambda: [Decimal(0), 0]) for f in KEY_FIGURES} for group in ("year", "level")}
    for year, committee, slug, total, n in rows:
        for cell in (sums["year"][slug][year], sums["level"][slug][levels.get(committee) or UNKNOWN]):
            cell[0] += total or Decimal(0)
            cell[1] += n
    return {
        group: {slug: {g: (total, n) for g, (total, n) in cells.items()} for slug, cells in by_slug.items()}
        for group, by_slug in sums.items()
    }


def key_figure_clauses(notices, slug: str, *, year: int | None = None, level: str | None = None):
    """The figures behind one total (optionally of one year, 0 for undated, or one level), notice and section loaded."""
    figures = key_figure_figures(notices, slug).select_related("notice", "section").only(*FIGURE_ROW_FIELDS)
    if year is not None:
        figures = figures.annotate(year=archive_year("notice__")).filter(
            **({"year": year} if year else {"year__isnull": True})
        )
    if level is not None:
        figures = (
            figures.filter(notice__inspecting_committee__level=level)
            if level
            else figures.exclude(notice__inspecting_committee__level__in=[v for v, _ in LEVEL_LABELS if v])
        )
    return figures.order_by("notice__feedback_on", "notice_id", "order")


#: What the list of clauses shows: the notice's title and key, the section's number, path and heading.
FIGURE_ROW_FIELDS = (
    "measure", "value", "unit", "amount", "clause", "order", "notice__key", "notice__title", "notice__feedback_on",
    "notice__published_on", "section__path", "section__number", "section__notice_id",
)  # fmt: skip
LEVEL_LABELS = (
    ("中央", "中央"), ("省", "省级"), ("市", "市级"), ("县", "县级"), ("部门", "部门、单位党组"), (UNKNOWN, "未注明"),
)  # fmt: skip
KIND_LABELS = (("巡视", "巡视"), ("巡察", "巡察"), (UNKNOWN, "未注明"))
