"""Comments on articles, with moderation state."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Comment(models.Model):
    """A reader's comment. Text is stored as written and escaped when shown."""

    class Status(models.TextChoices):
        VISIBLE = "visible", "Visible"
        HIDDEN = "hidden", "Hidden by a moderator"

    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="comments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(max_length=5000)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.VISIBLE, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.user} on {self.article_id}: {self.body[:40]}"
