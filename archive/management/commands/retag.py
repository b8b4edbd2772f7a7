"""Re-tag every stored section from the issue types' current keyword rules: ``manage.py retag``."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from archive.models import IssueType, Notice, Section
from archive.parsing.result import ParsedSection
from archive.parsing.tagging import Rule, tag_sections

PROGRESS_FROM = 20  # notices; fewer finish before a progress bar would help


def current_rules() -> tuple[list[Rule], dict[str, IssueType]]:
    """The tagging rules of the ``IssueType`` table as editors left it, and the types by name."""
    return IssueType.objects.rules(), {t.name: t for t in IssueType.objects.all()}


def retag_notice(notice: Notice, rules: list[Rule], types: dict[str, IssueType]) -> int:
    """Recompute the issue types of one notice's sections; returns how many sections changed."""
    rows = list(notice.sections.prefetch_related("issue_types"))
    parsed = [ParsedSection(row.path, row.number, row.level, row.heading, row.text) for row in rows]
    tag_sections(parsed, rules)
    changed = 0
    for row, section in zip(rows, parsed, strict=True):
        wanted = {types[name].pk for name in section.issue_types}
        if wanted != {t.pk for t in row.issue_types.all()}:
            row.issue_types.set(wanted)
            changed += 1
    return changed


class Command(BaseCommand):
    help = "按问题类型表中当前的关键词重新给全部章节打标签(编辑关键词后运行)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--notice", action="append", metavar="KEY", help="only the notice with this key (repeatable)"
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        rules, types = current_rules()
        notices = Notice.objects.order_by("id")
        if options["notice"]:
            notices = notices.filter(key__in=options["notice"])
        total = notices.count()
        progress = tqdm(
            notices.iterator(), total=total, unit="notice", file=sys.stderr,
            disable=verbosity < 1 or total < PROGRESS_FROM,
        )  # fmt: skip
        changed_sections = 0
        for notice in progress:
            with transaction.atomic():
                changed = retag_notice(notice, rules, types)
            changed_sections += changed
            if verbosity >= 2:
                progress.write(f"{notice.key}: {changed} sections changed", file=self.stdout)
        if verbosity >= 1:
            sections = Section.objects.filter(notice__in=notices).count()
            self.stdout.write(
                f"{total} notices, {sections} sections re-tagged with {len(rules)} issue types; "
                f"{changed_sections} sections changed."
            )
