"""Accounts: sign up, sign in, sign out (POST only), safe redirects."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PASSWORD = "gulls-over-skerry-41"


def test_sign_up_creates_the_account_signs_in_and_returns(client: Client):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert "csrfmiddlewaretoken" in page and 'name="password2"' in page
    response = client.post(
        reverse("accounts:signup"),
        {"username": "morag", "password1": PASSWORD, "password2": PASSWORD, "next": "/tags/x/"},
    )
    assert response.status_code == 302 and response["Location"] == "/tags/x/"
    assert get_user_model().objects.filter(username="morag").exists()
    home = client.get(reverse("news:home")).content.decode()
    assert "morag" in home and "Sign out" in home


def test_sign_up_refuses_weak_or_mismatched_passwords(client: Client):
    response = client.post(
        reverse("accounts:signup"), {"username": "x", "password1": "123", "password2": "124"}
    )
    assert response.status_code == 200
    assert not get_user_model().objects.exists()
    assert "errorlist" in response.content.decode()


def test_sign_up_does_not_redirect_off_site(client: Client):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "iona", "password1": PASSWORD, "password2": PASSWORD,
         "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("news:home")


def test_sign_in_and_sign_out(client: Client):
    get_user_model().objects.create_user("iona", password=PASSWORD)
    response = client.post(
        reverse("accounts:login"), {"username": "iona", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("news:home")
    assert "Sign out" in client.get(reverse("news:home")).content.decode()
    assert client.get(reverse("accounts:logout")).status_code == 405  # never via GET
    client.post(reverse("accounts:logout"))
    assert "Sign in" in client.get(reverse("news:home")).content.decode()


def test_wrong_password_is_refused(client: Client):
    get_user_model().objects.create_user("iona", password=PASSWORD)
    response = client.post(reverse("accounts:login"), {"username": "iona", "password": "nope"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_sign_in_form_is_csrf_protected():
    client = Client(enforce_csrf_checks=True)
    get_user_model().objects.create_user("iona", password=PASSWORD)
    response = client.post(reverse("accounts:login"), {"username": "iona", "password": PASSWORD})
    assert response.status_code == 403


def test_sign_in_keeps_next(client: Client):
    html = client.get(reverse("accounts:login") + "?next=/articles/1/%23comments").content.decode()
    assert 'name="next" value="/articles/1/#comments"' in html
