"""``manage.py rebuild_index``: index every published notice afresh."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.models import Notice
from search.backends import get_backend


class Command(BaseCommand):
    help = "重建检索索引:清空后重新索引全部已发布的通报。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=50, help="每次从数据库读取的通报数(默认 50)。")

    def handle(self, *args, batch_size: int, verbosity: int, **options):
        backend = get_backend()
        total = Notice.objects.published().count()
        started = time.perf_counter()
        with tqdm(total=total, unit="篇", disable=verbosity < 1, file=self.stderr._out) as bar:
            count = backend.rebuild(batch_size=batch_size, progress=bar.update)
        if verbosity >= 1:
            seconds = time.perf_counter() - started
            self.stdout.write(self.style.SUCCESS(f"已索引 {count} 篇通报,用时 {seconds:.1f} 秒({backend.name})。"))
