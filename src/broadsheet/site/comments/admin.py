"""The Django admin for comments: a moderation queue with hide and unhide actions.

Thin: the actions call ``comments.services.comment_hide`` / ``comment_unhide``, which
check the moderator is staff and record who moderated and when. Comment text is shown
escaped (the admin escapes every value) and cannot be edited here: moderators hide, they
do not rewrite what readers wrote.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator

from broadsheet.errors import BroadsheetError
from broadsheet.site.comments.models import Comment
from broadsheet.site.comments.services import comment_hide, comment_unhide

#: Characters of a comment shown in the list.
LIST_BODY_CHARS = 80


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["short_body", "user", "article", "status", "created_at", "moderated_by",
                    "moderated_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["body", "user__username", "article__title"]
    list_select_related = ["user", "article", "moderated_by"]
    date_hierarchy = "created_at"
    fields = ["article", "user", "body", "status", "created_at", "moderated_by", "moderated_at"]
    readonly_fields = ["article", "user", "body", "status", "created_at", "moderated_by",
                       "moderated_at"]
    actions = ["hide", "unhide"]

    @admin.display(description="comment")
    def short_body(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(LIST_BODY_CHARS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # readers write comments on the site, not here

    def _moderate(self, request: HttpRequest, queryset: QuerySet[Comment], hide: bool) -> None:
        service = comment_hide if hide else comment_unhide
        done = 0
        for comment in queryset.order_by("pk"):
            try:
                service(comment=comment, moderator=request.user)  # type: ignore[arg-type]
            except BroadsheetError as error:
                self.message_user(request, f"Not changed: {error}", messages.ERROR)
                return
            done += 1
        self.message_user(request, f"{done} comment(s) {'hidden' if hide else 'shown again'}.")

    @admin.action(description="Hide selected comments from readers")
    def hide(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, hide=True)

    @admin.action(description="Show selected comments again")
    def unhide(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, hide=False)
