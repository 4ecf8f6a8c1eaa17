"""The site's URL map: pages, accounts, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("broadsheet.site.accounts.urls")),
    path("api/", include("broadsheet.site.api.urls")),
    path("", include("broadsheet.site.comments.urls")),
    path("", include("broadsheet.site.news.urls")),
]
