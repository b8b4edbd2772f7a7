"""Re-classify every figure as a key figure after the keyword lists changed: ``manage.py classify_figures``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from archive.figure_sums import refresh_key_figure_sums
from archive.key_figures import classify
from archive.models import Figure


class Command(BaseCommand):
    help = "按 archive/key_figures.py 中的关键词重新归类全部数据(立案、处分、组织处理、追缴/挽回资金)。"

    def handle(self, *args, **options):
        changed = []
        for figure in Figure.objects.only("notice_id", "measure", "unit", "key_figure").iterator(chunk_size=2000):
            slug = classify(figure.measure, figure.unit)
            if slug != figure.key_figure:
                figure.key_figure = slug
                changed.append(figure)
        Figure.objects.bulk_update(changed, ["key_figure"], batch_size=500)
        # The statistics add up the per-notice sums: those of the notices whose figures moved are summed again.
        notice_ids = sorted({figure.notice_id for figure in changed})
        for start in range(0, len(notice_ids), 500):
            refresh_key_figure_sums(notice_ids=notice_ids[start : start + 500])
        if options["verbosity"] >= 1:
            self.stdout.write(f"已重新归类数据:{len(changed)} 条有变化。")
