"""Atom feeds to follow the archive: new notices, one issuing body, one issue type.

The search feed (any search, newest first) lives in :mod:`search.feeds` and
shares :class:`NoticeFeed`. Links and ids are absolute permanent URLs; every
entry has ``updated`` (when the archive last changed the notice).
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import reading
from .models import IssueType, IssuingBody, Notice

FEED_SIZE = 30
SITE_NAME = "巡视巡察整改通报档案"


class NoticeFeed(Feed):
    """An Atom feed whose entries are notices, newest first."""

    feed_type = Atom1Feed
    author_name = SITE_NAME

    def items_from(self, queryset) -> list[Notice]:
        return list(queryset.select_related("issuing_body").defer("raw_text", "text")[:FEED_SIZE])

    def item_title(self, item: Notice) -> str:
        return str(item)

    def item_description(self, item: Notice) -> str:
        facts = "; ".join(f"{f['label']}:{f['value']}" for f in reading.facts(item)[:6])
        return f"{facts}\n{reading.excerpt(item.preamble, 300)}".strip()

    def item_link(self, item: Notice) -> str:
        return item.get_absolute_url()

    def item_author_name(self, item: Notice) -> str:
        return item.issuing_body.name if item.issuing_body else item.issuing_body_text or SITE_NAME

    def item_pubdate(self, item: Notice):
        return item.created_at

    def item_updateddate(self, item: Notice):
        return item.updated_at

    def item_categories(self, item: Notice) -> list[str]:
        return [value for value in (item.inspection_kind, item.get_document_kind_display()) if value]


class NewNoticesFeed(NoticeFeed):
    """``/feeds/notices/``: notices as the archive publishes them."""

    title = f"{SITE_NAME}:新收录的通报"
    subtitle = "档案新公开的巡视巡察整改情况通报。"

    def link(self) -> str:
        return reverse("archive:home")

    def items(self):
        return self.items_from(Notice.objects.published().order_by("-created_at", "-id"))


class IssuingBodyFeed(NoticeFeed):
    """``/feeds/bodies/<slug>/``: new notices of one issuing body."""

    def get_object(self, request, slug):
        return get_object_or_404(IssuingBody, slug=slug)

    def title(self, obj: IssuingBody) -> str:
        return f"{SITE_NAME}:{obj.name}的通报"

    def subtitle(self, obj: IssuingBody) -> str:
        return f"{obj.name}发布的巡视巡察整改情况通报,新收录的在前。"

    def link(self, obj: IssuingBody) -> str:
        return reading.search_url(body=obj.slug, sort="newest")

    def items(self, obj: IssuingBody):
        return self.items_from(Notice.objects.published().filter(issuing_body=obj).order_by("-created_at", "-id"))


class IssueTypeFeed(NoticeFeed):
    """``/feeds/issues/<slug>/``: new notices with sections of one issue type."""

    def get_object(self, request, slug):
        return reading.issue_type_or_404(slug)

    def title(self, obj: IssueType) -> str:
        return f"{SITE_NAME}:问题类型“{obj.name}”"

    def subtitle(self, obj: IssueType) -> str:
        return obj.description or f"含“{obj.name}”类问题整改的通报,新收录的在前。"

    def link(self, obj: IssueType) -> str:
        return reverse("archive:issue_type", kwargs={"slug": obj.slug})

    def items(self, obj: IssueType):
        ids = Notice.objects.published().filter(sections__issue_types=obj).values("id")
        return self.items_from(Notice.objects.filter(id__in=ids).order_by("-created_at", "-id"))


_body_feed = IssuingBodyFeed()


def body_feed(request, slug: str):
    """An issuing body's feed by its slug; an old address with the body's id redirects (301) to it."""
    if slug.isdigit() and len(slug) < 12 and not IssuingBody.objects.filter(slug=slug).exists():
        body = get_object_or_404(IssuingBody, pk=int(slug))
        return redirect("archive:body_feed", slug=body.slug, permanent=True)
    return _body_feed(request, slug=slug)
