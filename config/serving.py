"""Preparing a serving process: what every request needs, loaded once and kept out of the collector's way.

A full garbage collection walks every object the collector tracks. In a
serving process most of them are long-lived — modules, classes, view
functions, URL patterns, settings — and were created before the first
request: at 10,000 notices, one request in about five paid 170–250 ms for
such a walk. :func:`prepare` loads all of that up front and then moves it
into the collector's permanent generation (``gc.freeze()``), so later
collections only look at objects made while serving. Frozen objects are
still freed by reference counting; only cycles among them would stay, and
objects alive at start-up live as long as the process anyway.

What a serving process builds later and keeps (the search index's notice
table: sets and lists of every notice's key) is walked by each full
collection too, about 20 ms at 10,000 notices, and with the default
thresholds a search's short-lived objects set one off every few requests.
:func:`prepare` therefore also raises the thresholds: a young collection
after 50,000 new container objects instead of 700 (a search makes about
10,000; garbage without cycles is freed at once by reference counting
anyway), so full collections become rare.

gunicorn calls it in the master before the workers fork (``gunicorn.conf.py``),
which also keeps the workers from copying the pages of those objects when a
collection would touch them.
"""

from __future__ import annotations

import gc

#: (young generation, middle, old): see the module's docstring.
THRESHOLDS = (50_000, 20, 100)


def prepare() -> int:
    """Import every view, load the tokenizer's dictionaries, collect once, freeze what is left, raise the thresholds.

    Returns the number of objects frozen. Call it after Django is set up and
    before serving; calling it again freezes only what was made in between.
    """
    from django.urls import get_resolver

    from search.analysis import segmenter

    get_resolver().url_patterns  # noqa: B018 - imports every view module through the URLconf
    segmenter()  # jieba's dictionary and the archive's user dictionary
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    return gc.get_freeze_count()
