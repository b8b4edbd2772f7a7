"""Show how a file will be read, without saving: ``manage.py parse_notice FILE [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import formats
from archive.parsing import parse_notice
from archive.services import fill_from_metadata


class Command(BaseCommand):
    help = "解析一个通报文件并显示结果(不保存)。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print one JSON object (gold.json field names)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        items = list(formats.iter_sources([path]))  # a zip gives each file inside it
        errors = []
        for item in items:
            if len(items) > 1:
                self.stdout.write(self.style.MIGRATE_HEADING(f"== {item.name}"))
            try:
                if item.error:
                    raise formats.ExtractionError(item.error)
                self.show(formats.extract_text(item.name, item.data), options)
            except formats.ExtractionError as exc:
                errors.append(f"{path.parent / item.name}: {exc}")
                if len(items) > 1:
                    self.stderr.write(self.style.ERROR(errors[-1]))
        if errors:
            raise CommandError("\n".join(errors))

    def show(self, extracted: formats.ExtractedText, options) -> None:
        """Print one file's parse: a summary, or the JSON object with ``--json``."""
        parsed = parse_notice(extracted.text)
        parsed.warnings[:0] = extracted.warnings
        fill_from_metadata(parsed, extracted.metadata)
        if options["json"]:
            data = parsed.to_json()
            data["metadata"] = {**data["metadata"], **extracted.metadata}
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
