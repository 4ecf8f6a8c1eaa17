"""URL map of the comments app (mounted at the site root)."""

from django.urls import path

from broadsheet.site.comments import views

app_name = "comments"
urlpatterns = [
    path("articles/<int:pk>/comments/", views.post, name="post"),
    path("comments/<int:pk>/hide/", views.hide, name="hide"),
    path("comments/<int:pk>/unhide/", views.unhide, name="unhide"),
]
