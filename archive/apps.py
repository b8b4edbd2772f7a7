from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "通报档案"

    def ready(self):
        from . import figure_sums, round_units, type_counts
        from .signals import notice_changed

        notice_changed.connect(type_counts.on_notice_changed, dispatch_uid="archive.type_counts")
        notice_changed.connect(figure_sums.on_notice_changed, dispatch_uid="archive.figure_sums")
        notice_changed.connect(round_units.on_notice_changed, dispatch_uid="archive.round_units")
