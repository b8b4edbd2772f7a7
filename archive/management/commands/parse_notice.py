"""Show how a file will be read, without saving: ``manage.py parse_notice FILE [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import formats
from archive.parsing import parse_notice


class Command(BaseCommand):
    help = "解析一个通报文件并显示结果(不保存)。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print one JSON object (gold.json field names)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            extracted = formats.extract_text(path.name, path.read_bytes())
        except formats.ExtractionError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        parsed = parse_notice(extracted.text)
        parsed.warnings[:0] = extracted.warnings
        if options["json"]:
            data = parsed.to_json()
            data["metadata"] = extracted.metadata
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(parsed.display_title or "(无标题)")
        for name, value in parsed.to_json().items():
            if name not in {"sections", "figures", "preamble", "closing", "warnings", "display_title"} and value:
                self.stdout.write(f"  {name}: {value}")
        for section in parsed.iter_sections():
            indent = "  " * section.depth
            self.stdout.write(f"{indent}{section.path:<10} {section.number}{section.heading[:40]}")
        for figure in parsed.figures:
            self.stdout.write(f"  figure: {figure.measure} = {figure.value} {figure.unit}")
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
