"""Public reading URLs. Notice keys and section paths are permanent: do not rename these patterns."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "archive"
urlpatterns = [
    path("", views.home, name="home"),
    # The list of all notices is the search page without a query (newest first, with facets).
    path("notices/", RedirectView.as_view(pattern_name="search:search", query_string=True), name="notices"),
    path("notices/<str:key>/", views.notice, name="notice"),
    path("notices/<str:key>/s/<str:path>/", views.section, name="section"),
    path("bodies/", views.bodies, name="bodies"),
    path("rounds/", views.rounds, name="rounds"),
    path("issues/", views.issue_types, name="issue_types"),
    path("issues/<str:slug>/", views.issue_type, name="issue_type"),
    path("years/", views.years, name="years"),
]
