"""Writes of the comments app: post a comment, hide or unhide it (moderation).

Each service is one transaction with keyword-only arguments. Permission checks happen
here, not only in views, so that every caller (views, admin actions, the CLI) obeys
them. Comment text is stored as written; templates escape it when shown.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from broadsheet.errors import EmptyInput, InputError, InputTooLarge, PermissionDenied
from broadsheet.site.comments.models import Comment
from broadsheet.site.news.models import Article

__all__ = [
    "COMMENT_MAX_CHARS",
    "ModerationDenied",
    "comment_hide",
    "comment_post",
    "comment_unhide",
]

# Matches ``Comment.body``'s max_length (the column limit set in the model).
COMMENT_MAX_CHARS = 5000


class ModerationDenied(PermissionDenied):
    """The user is not allowed to moderate comments (not staff); views check first (403)."""


def _can_moderate(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


@transaction.atomic
def comment_post(*, article: Article, user: AbstractBaseUser, body: str) -> Comment:
    """Add a visible comment by ``user`` on ``article``.

    Raises:
        EmptyInput: the text is empty or only white space.
        InputTooLarge: the text is longer than COMMENT_MAX_CHARS.
        InputError: the user is not signed in.
    """
    if not getattr(user, "is_authenticated", False):
        raise InputError("sign in to comment")
    text = body.strip()
    if not text:
        raise EmptyInput("a comment needs some text")
    if len(text) > COMMENT_MAX_CHARS:
        raise InputTooLarge(f"a comment is at most {COMMENT_MAX_CHARS} characters")
    return Comment.objects.create(article=article, user=user, body=text)  # type: ignore[misc]


def _moderate(comment: Comment, moderator: AbstractBaseUser, status: str) -> Comment:
    if not _can_moderate(moderator):
        raise ModerationDenied("only staff can moderate comments", input=str(comment.pk))
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    locked.status = status
    locked.moderated_at = timezone.now()
    locked.moderated_by = moderator  # type: ignore[assignment]
    locked.save(update_fields=["status", "moderated_at", "moderated_by"])
    return locked


@transaction.atomic
def comment_hide(*, comment: Comment, moderator: AbstractBaseUser) -> Comment:
    """Hide a comment from readers (staff still see it, marked hidden).

    Raises:
        ModerationDenied: ``moderator`` is not staff.
    """
    return _moderate(comment, moderator, Comment.Status.HIDDEN)


@transaction.atomic
def comment_unhide(*, comment: Comment, moderator: AbstractBaseUser) -> Comment:
    """Show a hidden comment again.

    Raises:
        ModerationDenied: ``moderator`` is not staff.
    """
    return _moderate(comment, moderator, Comment.Status.VISIBLE)
