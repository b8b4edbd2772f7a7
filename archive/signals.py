"""Signals the archive sends; the search app connects its indexing to them.

``notice_changed`` is sent after a notice *and* its sections and figures are
stored (import, re-parse, admin edit, publish); ``notice_removed`` after a
notice is deleted or withdrawn. Receivers get ``notice`` (for removal, the
notice's ``key`` is what matters: the row may be gone).
"""

from django.dispatch import Signal

notice_changed = Signal()
notice_removed = Signal()
