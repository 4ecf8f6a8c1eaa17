"""Reads of the comments app: the comments a given viewer may see on an article."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from broadsheet.errors import NotFound
from broadsheet.site.comments.models import Comment
from broadsheet.site.news.models import Article

__all__ = ["comment_get", "comment_list"]


def comment_list(*, article: Article, viewer: Any) -> QuerySet[Comment]:
    """Comments on ``article`` oldest first: visible ones, and hidden ones for staff."""
    comments = Comment.objects.filter(article=article).select_related("user")
    if not (getattr(viewer, "is_authenticated", False) and getattr(viewer, "is_staff", False)):
        comments = comments.filter(status=Comment.Status.VISIBLE)
    return comments.order_by("created_at", "id")


def comment_get(pk: int) -> Comment:
    """The comment with ``pk``.

    Raises:
        NotFound: no such comment.
    """
    try:
        return Comment.objects.select_related("article").get(pk=pk)
    except Comment.DoesNotExist as exc:
        raise NotFound("no such comment", input=str(pk)) from exc
