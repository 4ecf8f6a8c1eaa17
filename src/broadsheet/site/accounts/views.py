"""Sign-up, sign-in and sign-out over ``django.contrib.auth``.

Sign-in and sign-out are Django's own views (sign-out is POST-only, CSRF-checked); sign-up
creates the account with Django's form, signs the new user in and follows a safe
``next`` link back (only to this site).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import LoginView, LogoutView
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods


class SignInView(LoginView):
    """Django's sign-in, with our template; signed-in users are sent on."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    """Django's sign-out (POST only)."""


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account, sign it in and go back to where the reader came from."""
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form: UserCreationForm[Any]
    if request.method == "POST":
        form = UserCreationForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next_url(request))
    else:
        form = UserCreationForm()
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/signup.html", context)
