"""Root URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api.docs import docs
from api.routes import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/docs/", docs, name="api_docs"),
    path("api/", api.urls),
    path("", include("search.urls")),
    path("", include("archive.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
