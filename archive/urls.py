"""Public reading URLs. Notice keys and section paths are permanent: do not rename these patterns."""

from django.urls import path
from django.views.generic import RedirectView

from . import downloads, feeds, insight_views, views

app_name = "archive"
urlpatterns = [
    path("", views.home, name="home"),
    # The list of all notices is the search page without a query (newest first, with facets).
    path("notices/", RedirectView.as_view(pattern_name="search:search", query_string=True), name="notices"),
    path("notices/<str:key>/", views.notice, name="notice"),
    path("notices/<str:key>/original/", downloads.original, name="original"),
    path("notices/<str:key>/cite.bib", downloads.bibtex, name="cite_bibtex"),
    path("notices/<str:key>/cite.ris", downloads.ris, name="cite_ris"),
    path("notices/<str:key>/qr.svg", downloads.qr_code, name="qr"),
    path("notices/<str:key>/data.csv", downloads.data_csv, name="data_csv"),
    path("notices/<str:key>/data.json", downloads.data_json, name="data_json"),
    path("notices/<str:key>/s/<str:path>/", views.section, name="section"),
    path("notices/<str:key>/s/<str:path>/cite.bib", downloads.bibtex, name="section_cite_bibtex"),
    path("notices/<str:key>/s/<str:path>/cite.ris", downloads.ris, name="section_cite_ris"),
    path("notices/<str:key>/s/<str:path>/qr.svg", downloads.qr_code, name="section_qr"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<str:slug>/", insight_views.body, name="body"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<str:slug>/", insight_views.round_page, name="round"),
    path("stats/", insight_views.stats, name="stats"),
    path("stats/figures/", insight_views.stats_figures, name="stats_figures"),
    path("stats/<slug:slug>.csv", insight_views.stats_csv, name="stats_csv"),
    path("compare/", insight_views.compare, name="compare"),
    path("issues/", views.issue_types, name="issue_types"),
    path("issues/<str:slug>/", views.issue_type, name="issue_type"),
    path("years/", views.years, name="years"),
    path("feeds/notices/", feeds.NewNoticesFeed(), name="feed"),
    path("feeds/bodies/<str:slug>/", feeds.body_feed, name="body_feed"),
    path("feeds/issues/<str:slug>/", feeds.IssueTypeFeed(), name="issue_type_feed"),
]
