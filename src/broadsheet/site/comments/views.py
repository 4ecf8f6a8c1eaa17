"""Thin views of the comments app: post, hide and unhide (POST only, CSRF-checked).

Posting needs a signed-in user; hiding and unhiding need staff. Each view calls one
service and redirects back to the comment on the article page (post/redirect/get).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from broadsheet.site.comments import services
from broadsheet.site.comments.forms import CommentForm
from broadsheet.site.comments.selectors import comment_get
from broadsheet.site.news.selectors import article_get


@require_POST
def post(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a comment on article ``pk``; anonymous readers are sent to sign in first."""
    article = article_get(pk)
    back = article.get_absolute_url()
    if not request.user.is_authenticated:
        login = reverse("accounts:login") + "?" + urlencode({"next": back + "#comments"})
        return HttpResponseRedirect(login)
    form = CommentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Your comment was not posted: {error}")
        return HttpResponseRedirect(back + "#comments")
    comment = services.comment_post(
        article=article, user=request.user, body=form.cleaned_data["body"]
    )
    messages.success(request, "Your comment is posted.")
    return HttpResponseRedirect(f"{back}#comment-{comment.pk}")


def _moderate(request: HttpRequest, pk: int, *, hide: bool) -> HttpResponse:
    if not (request.user.is_authenticated and request.user.is_staff):
        raise PermissionDenied("only staff can moderate comments")
    comment = comment_get(pk)
    if hide:
        services.comment_hide(comment=comment, moderator=request.user)
        messages.success(request, "The comment is hidden from readers.")
    else:
        services.comment_unhide(comment=comment, moderator=request.user)
        messages.success(request, "The comment is visible again.")
    return redirect(f"{comment.article.get_absolute_url()}#comment-{comment.pk}")


@require_POST
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide comment ``pk`` (staff only)."""
    return _moderate(request, pk, hide=True)


@require_POST
def unhide(request: HttpRequest, pk: int) -> HttpResponse:
    """Show hidden comment ``pk`` again (staff only)."""
    return _moderate(request, pk, hide=False)
