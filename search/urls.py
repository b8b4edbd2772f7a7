from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/export.csv", views.export_results, {"fmt": "csv"}, name="export_csv"),
    path("search/export.jsonl", views.export_results, {"fmt": "jsonl"}, name="export_jsonl"),
    path("search/feed/", views.feed, name="feed"),
]
