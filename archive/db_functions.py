"""Database functions the statistics compute with, written so that SQLite runs them in C, not Python."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Coalesce


class Year(models.Func):
    """The year of a date as an integer; on SQLite through the built-in ``strftime``.

    Django's ``ExtractYear`` calls a Python function for every row on SQLite, which
    dominates statistics over many thousand rows; PostgreSQL extracts natively.
    """

    function = "EXTRACT"
    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS INTEGER)"
    output_field = models.IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(strftime('%%%%Y', %(expressions)s) AS INTEGER)")


class DaysBetween(models.Func):
    """Whole days from the first date to the second (negative when the second is earlier), as an integer.

    Computed by the database, so statistics over thousands of notices need not turn
    every date into a Python object: PostgreSQL subtracts dates into days, SQLite
    subtracts their Julian day numbers (whole numbers apart for two dates).
    """

    arity = 2
    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = models.IntegerField()

    def __init__(self, start, end, **extra):
        super().__init__(end, start, **extra)  # the SQL subtracts the start from the end

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def archive_year(prefix: str = ""):
    """The archive's year of a notice (feedback, else publication) as an expression; ``prefix`` such as ``notice__``."""
    return Coalesce(Year(f"{prefix}feedback_on"), Year(f"{prefix}published_on"))
