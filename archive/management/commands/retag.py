"""Re-tag every stored section from the issue types' current keyword rules: ``manage.py retag``."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.models import IssueType, Notice, Section
from archive.services import retag_notices

PROGRESS_FROM = 20  # notices; fewer finish before a progress bar would help


class Command(BaseCommand):
    help = "按问题类型表中当前的关键词重新给全部章节打标签(编辑关键词后运行)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--notice", action="append", metavar="KEY", help="only the notice with this key (repeatable)"
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        notices = Notice.objects.order_by("id")
        if options["notice"]:
            notices = notices.filter(key__in=options["notice"])
        total = notices.count()
        progress = tqdm(
            total=total, unit="notice", file=sys.stderr, disable=verbosity < 1 or total < PROGRESS_FROM,
        )  # fmt: skip

        def report(notice: Notice, changed: int) -> None:
            progress.update(1)
            if verbosity >= 2:
                progress.write(f"{notice.key}: {changed} sections changed", file=self.stdout)

        changed_sections = retag_notices(notices=notices.iterator(), progress=report)
        progress.close()
        if verbosity >= 1:
            sections = Section.objects.filter(notice__in=notices).count()
            self.stdout.write(
                f"{total} notices, {sections} sections re-tagged with {IssueType.objects.count()} issue types; "
                f"{changed_sections} sections changed."
            )
