"""Tables of the PostgreSQL search backend (``SEARCH_BACKEND=postgres``).

They are derived from the published notices and can be rebuilt at any time.
The search columns and their GIN indexes exist only on PostgreSQL (added by
migrations there); on SQLite the table is present but unused.

* :class:`SearchNotice`: one row per published notice with its facet values,
  plus ``title_tsv`` and ``names_tsv`` (for ``title:`` / ``body:`` queries),
  ``content``, the notice's normalised text, whose lexemes (characters,
  bigrams, number pieces, without positions) are indexed through the
  ``search_lexemes`` expression, and ``words_tsv``, the jieba words prefixed
  with ``_`` for ranking, heading weighted above body.
"""

from django.db import models


class SearchNotice(models.Model):
    key = models.CharField(max_length=32, primary_key=True)
    body = models.CharField(max_length=20, blank=True)
    round = models.CharField(max_length=20, blank=True)
    types = models.JSONField(default=list, blank=True)
    type_paths = models.JSONField(default=dict, blank=True)  # type slug → paths of the sections carrying it
    kind = models.CharField(max_length=4, blank=True)
    organ = models.CharField(max_length=10, blank=True)
    year = models.CharField(max_length=4, blank=True)
    date = models.CharField(max_length=10, blank=True)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "检索通报"

    def __str__(self) -> str:
        return self.key


class IndexTask(models.Model):
    """A notice whose entry in the Whoosh index must be brought in line with the database.

    Writers to a Whoosh index take turns (one file lock). A change is first
    recorded here, in the database, and whichever process next holds the lock
    (the request itself, ``run_indexer`` or a rebuild) applies every pending
    task: nothing is lost when the lock is busy. The task says only which
    notice; the indexer reads its current state, so the newest version wins.
    """

    notice_key = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "待索引通报"

    def __str__(self) -> str:
        return self.notice_key


class SynonymGroup(models.Model):
    """Spellings the notices use for one thing; a query for one of them also finds the others.

    ``words`` holds the spellings, separated by spaces, line breaks, 、 or ，.
    A one-way group widens only its first word (三公经费 → its three kinds of
    spending), never the others back.
    """

    words = models.TextField(
        "词语", help_text="同一事物的不同写法,用空格、换行或顿号分隔,如:公车 公务用车 公务车辆。每个词至少两个字。"
    )
    one_way = models.BooleanField(
        "单向", default=False, help_text="勾选后只把第一个词扩展为其余各词;检索其余各词时不扩展。"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "同义词"

    def __str__(self) -> str:
        words = self.word_list()
        if self.one_way and words:
            return f"{words[0]} → {'、'.join(words[1:])}"
        return " ↔ ".join(words)

    def word_list(self) -> list[str]:
        """The group's spellings in the order written, without repeats."""
        from .synonyms import split_words

        return split_words(self.words)
