"""Comments: reading is open, posting needs sign-in, text is escaped, staff moderate."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from tests.site.factories import make_article

from broadsheet.errors import EmptyInput, InputError, InputTooLarge
from broadsheet.site.comments import services
from broadsheet.site.comments.models import Comment
from broadsheet.site.comments.selectors import comment_list
from broadsheet.site.news.models import Article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def article() -> Article:
    return make_article(title="Ferry timetable changes")


@pytest.fixture
def reader():
    return get_user_model().objects.create_user("reader", password="pw-reader-123")


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("editor", password="pw-editor-123", is_staff=True)


def _post(client: Client, article: Article, body: str):
    return client.post(reverse("comments:post", args=[article.pk]), {"body": body})


def test_anonymous_reader_sees_comments_and_a_sign_in_link(client: Client, article, reader):
    services.comment_post(article=article, user=reader, body="First!")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "First!" in html and "reader" in html
    assert reverse("accounts:login") in html
    assert 'action="' + reverse("comments:post", args=[article.pk]) not in html


def test_posting_needs_sign_in(client: Client, article):
    response = _post(client, article, "Hello")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert Comment.objects.count() == 0


def test_signed_in_reader_posts_and_sees_the_comment(client: Client, article, reader):
    client.force_login(reader)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" in page and "Post comment" in page
    response = _post(client, article, "  Thanks for the update.  ")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.body == "Thanks for the update." and comment.user == reader
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in html and "Thanks for the update." in html


def test_comment_text_is_escaped(client: Client, article, reader):
    client.force_login(reader)
    _post(client, article, "<script>alert('x')</script> & <b>bold</b>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold" in html


def test_empty_comment_is_refused_with_a_message(client: Client, article, reader):
    client.force_login(reader)
    response = _post(client, article, "   ")
    assert response.status_code == 302 and Comment.objects.count() == 0
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Your comment was not posted" in html


def test_posting_is_csrf_protected(article, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert _post(client, article, "No token").status_code == 403
    assert Comment.objects.count() == 0


def test_posting_with_get_is_refused(client: Client, article, reader):
    client.force_login(reader)
    assert client.get(reverse("comments:post", args=[article.pk])).status_code == 405


def test_posting_on_an_unknown_article_is_404(client: Client, reader):
    client.force_login(reader)
    assert client.post(reverse("comments:post", args=[999999]), {"body": "x"}).status_code == 404


def test_hidden_comments_are_shown_only_to_staff(client: Client, article, reader, staff):
    comment = services.comment_post(article=article, user=reader, body="Buy cheap watches")
    services.comment_hide(comment=comment, moderator=staff)
    assert "Buy cheap watches" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(reader)
    assert "Buy cheap watches" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(staff)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Buy cheap watches" in html and "hidden" in html
    assert reverse("comments:unhide", args=[comment.pk]) in html


def test_staff_hide_and_unhide_from_the_article_page(client: Client, article, reader, staff):
    comment = services.comment_post(article=article, user=reader, body="Borderline remark")
    client.force_login(staff)
    html = client.get(article.get_absolute_url()).content.decode()
    assert reverse("comments:hide", args=[comment.pk]) in html
    response = client.post(reverse("comments:hide", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and comment.moderated_by == staff
    client.post(reverse("comments:unhide", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


def test_readers_cannot_moderate(client: Client, article, reader):
    comment = services.comment_post(article=article, user=reader, body="Mine")
    client.force_login(reader)
    assert client.post(reverse("comments:hide", args=[comment.pk])).status_code == 403
    assert "Hide</button>" not in client.get(article.get_absolute_url()).content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


def test_anonymous_cannot_moderate(client: Client, article, reader):
    comment = services.comment_post(article=article, user=reader, body="Mine")
    assert client.post(reverse("comments:hide", args=[comment.pk])).status_code == 403


def test_service_validates_text_and_user(article, reader):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(EmptyInput):
        services.comment_post(article=article, user=reader, body=" \n ")
    with pytest.raises(InputTooLarge):
        services.comment_post(
            article=article, user=reader, body="x" * (services.COMMENT_MAX_CHARS + 1)
        )
    with pytest.raises(InputError):
        services.comment_post(article=article, user=AnonymousUser(), body="hi")  # type: ignore[arg-type]


def test_service_refuses_non_staff_moderator(article, reader):
    comment = services.comment_post(article=article, user=reader, body="hi")
    with pytest.raises(services.ModerationDenied):
        services.comment_hide(comment=comment, moderator=reader)


def test_comment_list_hides_hidden_from_non_staff(article, reader, staff):
    shown = services.comment_post(article=article, user=reader, body="ok")
    hidden = services.comment_hide(
        comment=services.comment_post(article=article, user=reader, body="no"), moderator=staff
    )
    assert list(comment_list(article=article, viewer=reader)) == [shown]
    assert list(comment_list(article=article, viewer=staff)) == [shown, hidden]
