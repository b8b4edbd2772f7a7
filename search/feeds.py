"""``/search/feed/``: any search as an Atom feed, newest first, with the search page's parameters."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape

from archive.feeds import FEED_SIZE, SITE_NAME, NoticeFeed
from archive.models import Notice

from .services import NoticeHit, SearchPage, run_search


@dataclass
class FeedSearch:
    page: SearchPage
    notices: list[tuple[Notice, NoticeHit]]
    query_string: str

    @property
    def q(self) -> str:
        return self.page.q


class SearchFeed(NoticeFeed):
    """The newest notices matching a search; each entry's summary is the best matching passage."""

    def get_object(self, request):
        # The page of results is the feed: the first page, newest first, whatever the parameters ask.
        params = request.GET.copy()
        params.pop("page", None)
        page = run_search(params, base_url=reverse("search:search"), sort="newest")
        notices = Notice.objects.select_related("issuing_body").defer("raw_text", "text")
        by_key = notices.in_bulk([hit.key for hit in page.hits[:FEED_SIZE]], field_name="key")
        notices = [(by_key[hit.key], hit) for hit in page.hits[:FEED_SIZE] if hit.key in by_key]
        return FeedSearch(page, notices, params.urlencode())

    def title(self, search: FeedSearch) -> str:
        return f"{SITE_NAME}:检索“{search.q}”" if search.q.strip() else f"{SITE_NAME}:检索结果"

    def subtitle(self, search: FeedSearch) -> str:
        conditions = "、".join(f"{chip.facet_label}:{chip.label}" for chip in search.page.chips)
        return f"符合条件的通报,最新的在前。{('筛选条件:' + conditions) if conditions else ''}"

    def link(self, search: FeedSearch) -> str:
        url = reverse("search:search")
        return f"{url}?{search.query_string}" if search.query_string else url

    def feed_url(self, search: FeedSearch) -> str:
        url = reverse("search:feed")
        return f"{url}?{search.query_string}" if search.query_string else url

    def items(self, search: FeedSearch):
        return search.notices

    def item_title(self, item) -> str:
        return super().item_title(item[0])

    def item_description(self, item) -> str:
        notice, hit = item
        if hit.sections:
            best = hit.sections[0]
            return f"<p>{escape(best.heading)}</p><p>{best.snippet}</p>"
        return super().item_description(notice)

    def item_link(self, item) -> str:
        return item[0].get_absolute_url()

    def item_author_name(self, item) -> str:
        return super().item_author_name(item[0])

    def item_pubdate(self, item):
        return item[0].created_at

    def item_updateddate(self, item):
        return item[0].updated_at

    def item_categories(self, item) -> list[str]:
        return super().item_categories(item[0])
