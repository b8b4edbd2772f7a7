"""``manage.py check_originals``: list stored originals no notice or ingest record points at."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from archive.originals import delete_originals, orphan_originals


class Command(BaseCommand):
    help = "列出没有通报或导入记录引用的原始文件(中断的导入留下的);--delete-orphans 删除它们。"

    def add_arguments(self, parser):
        parser.add_argument("--delete-orphans", action="store_true", help="删除列出的无主原始文件")
        parser.add_argument(
            "--min-age",
            type=float,
            default=60.0,
            help="只算保存超过这么多分钟的文件(默认 60),以免误删正在导入的文件",
        )

    def handle(self, *args, delete_orphans: bool, min_age: float, verbosity: int, **options):
        orphans = orphan_originals(min_age=dt.timedelta(minutes=min_age))
        if verbosity >= 1:
            for name in orphans:
                self.stdout.write(f"无主原始文件:{name}")
        if orphans and delete_orphans:
            deleted = delete_originals(names=orphans)
            if verbosity >= 1:
                self.stdout.write(self.style.SUCCESS(f"已删除 {deleted} 个无主原始文件。"))
            return
        if orphans:
            raise CommandError(
                f"有 {len(orphans)} 个原始文件没有通报或导入记录引用:"
                "确认没有导入正在进行后,运行 manage.py check_originals --delete-orphans 删除。"
            )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS("每个原始文件都有通报或导入记录引用。"))
