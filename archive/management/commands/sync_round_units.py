"""Re-match every round's covered units with its documents: ``manage.py sync_round_units``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.models import InspectionRound
from archive.round_units import sync_round_units


class Command(BaseCommand):
    help = "按各轮次的公告、反馈文件和整改通报重新匹配覆盖单位(人工更正的行保持不变)。"

    def add_arguments(self, parser):
        parser.add_argument("--round", action="append", metavar="SLUG", help="只处理这些轮次(URL 名,可重复)")

    def handle(self, *args, **options):
        rounds = InspectionRound.objects.order_by("id")
        if options["round"]:
            rounds = rounds.filter(slug__in=options["round"])
            missing = set(options["round"]) - set(rounds.values_list("slug", flat=True))
            if missing:
                raise CommandError("找不到这些轮次:" + "、".join(sorted(missing)))
        changed = 0
        for inspection_round in rounds:
            count = sync_round_units(inspection_round=inspection_round)
            changed += count
            if options["verbosity"] >= 2:
                self.stdout.write(f"{inspection_round.display_name}:{count} 行有变化")
        if options["verbosity"] >= 1:
            self.stdout.write(f"已处理 {rounds.count()} 个轮次,{changed} 行覆盖单位有变化。")
