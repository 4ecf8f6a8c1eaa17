"""The admin: pages render, and editors' corrections (merge, split, moderate) stick."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from tests.site.factories import make_article, make_story
from tests.site.sample_newsroom import Newsroom, build_newsroom

from broadsheet.errors import InputError
from broadsheet.pipeline.connect import StoryFeatures, StoryState
from broadsheet.pipeline.enrich import entity_key
from broadsheet.site.comments.models import Comment
from broadsheet.site.news.models import (
    Article,
    Document,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    Story,
    StoryKey,
)
from broadsheet.site.news.story_admin import story_merge, story_split

pytestmark = pytest.mark.django_db


@pytest.fixture
def room() -> Newsroom:
    return build_newsroom()


def _action(client: Client, model: str, action: str, ids: list[int], **fields: Any) -> Any:
    url = reverse(f"admin:{model}_changelist")
    data = {"action": action, "_selected_action": [str(i) for i in ids], "index": "0", **fields}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    "model",
    ["news_source", "news_document", "news_article", "news_story", "news_entity",
     "news_entityalias", "news_tag", "comments_comment"],
)
def test_changelists_render(admin_client: Client, room: Newsroom, model: str) -> None:
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{model}_changelist"), {"q": "harbour"}).status_code \
        == 200


def test_change_pages_render(admin_client: Client, room: Newsroom) -> None:
    Document.objects.create(identity="doc-1", name="a.html", fetched_at=room.bridge.published,
                            status="failed", error="no article body")
    for model, pk in [
        ("news_article", room.bridge.pk),
        ("news_story", room.story.pk),
        ("news_entity", room.lopez.pk),
        ("news_source", room.gazette.pk),
        ("news_document", Document.objects.get().pk),
        ("comments_comment", Comment.objects.first().pk),  # type: ignore[union-attr]
    ]:
        response = admin_client.get(reverse(f"admin:{model}_change", args=[pk]))
        assert response.status_code == 200, model
    article_page = admin_client.get(reverse("admin:news_article_change", args=[room.bridge.pk]))
    content = article_page.content.decode()
    assert "Ana Lopez" in content  # mention inline
    assert "We are proud of the crews" in content  # quote inline


def test_failing_filter_lists_only_failing_sources(admin_client: Client, room: Newsroom) -> None:
    url = reverse("admin:news_source_changelist")
    failing = admin_client.get(url, {"failing": "yes"}).context["cl"].result_list
    healthy = admin_client.get(url, {"failing": "no"}).context["cl"].result_list
    assert [s.name for s in failing] == ["Bay Gazette"]
    assert [s.name for s in healthy] == ["Coast Herald"]


def test_poll_next_round_marks_sources_due(admin_client: Client, room: Newsroom) -> None:
    _action(admin_client, "news_source", "poll_next_round", [room.herald.pk])
    room.herald.refresh_from_db()
    room.gazette.refresh_from_db()
    assert room.herald.next_poll_at is not None
    assert room.gazette.next_poll_at is None


def test_article_body_is_read_only(admin_client: Client, room: Newsroom) -> None:
    response = admin_client.get(reverse("admin:news_article_change", args=[room.bridge.pk]))
    assert 'name="body"' not in response.content.decode()


# --- stories ---------------------------------------------------------------------------


def test_merge_stories_action_sticks(admin_client: Client, room: Newsroom) -> None:
    small = make_story(label="Ferry chaos")
    stray = make_article(title="Stray ferry piece", story=small)
    earlier = make_story(label="Earlier merge", merged_into=small, locked=True)
    messages = _action(admin_client, "news_story", "merge_stories", [room.story.pk, small.pk])
    assert any("Merged into" in m for m in messages), messages
    room.story.refresh_from_db()
    small.refresh_from_db()
    earlier.refresh_from_db()
    stray.refresh_from_db()
    assert stray.story_id == room.story.pk  # the bigger story absorbed the smaller
    assert small.merged_into_id == room.story.pk and small.locked
    assert earlier.merged_into_id == room.story.pk  # no chains
    assert room.story.locked and room.story.merged_into_id is None
    assert room.story.article_count == 3
    assert small.article_count == 0


def test_merge_into_a_chosen_story(admin_client: Client, room: Newsroom) -> None:
    small = make_story(label="Chosen")
    _action(admin_client, "news_story", "merge_stories", [room.story.pk, small.pk],
            into=str(small.pk))
    assert Article.objects.filter(story=small).count() == 2
    room.story.refresh_from_db()
    assert room.story.merged_into_id == small.pk


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        # Django's IntegerField refuses these before the action runs.
        ("abc", "No action selected"), ("\u00b9", "No action selected"),
        ("-3", "No action selected"),
        # A whole number too large for any id column: no row has it, and the action
        # names the field.
        ("9" * 30, f"Merge into id: no row with id {'9' * 30}"),
    ],
)
def test_a_bad_merge_into_id_is_refused_and_nothing_moves(
    admin_client: Client, room: Newsroom, bad: str, said: str
) -> None:
    small = make_story(label="Chosen")
    messages = _action(admin_client, "news_story", "merge_stories", [room.story.pk, small.pk],
                       into=bad)
    assert any(said in m for m in messages), messages
    room.story.refresh_from_db()
    small.refresh_from_db()
    assert room.story.merged_into_id is None and small.merged_into_id is None
    assert not room.story.locked and not small.locked


def test_merging_one_story_is_refused(admin_client: Client, room: Newsroom) -> None:
    messages = _action(admin_client, "news_story", "merge_stories", [room.story.pk])
    assert any("Not merged" in m for m in messages)
    room.story.refresh_from_db()
    assert not room.story.locked


def _state(story: Story, title: str, terms: dict[str, int]) -> dict[str, Any]:
    features = StoryFeatures(id=str(story.pk), title=title, title_terms=terms,
                             body_terms=terms, entities={})
    return {**StoryState.start(features).to_dict(), "id": str(story.pk)}


def test_merge_combines_centroids_and_retrieval_keys(room: Newsroom) -> None:
    a = make_story(label="A")
    b = make_story(label="B")
    a.state = _state(a, "Bridge reopens", {"bridge": 2})
    b.state = _state(b, "Ferries busy", {"ferry": 3})
    a.save()
    b.save()
    StoryKey.objects.create(story=a, key="bridge")
    StoryKey.objects.create(story=b, key="ferry")
    StoryKey.objects.create(story=b, key="bridge")
    merged = story_merge(target=a, others=[a, b])
    state = StoryState.from_dict(merged.state)
    assert state.id == str(a.pk)
    assert set(state.body) == {"bridge", "ferry"}
    assert sorted(StoryKey.objects.filter(story=a).values_list("key", flat=True)) == [
        "bridge", "ferry"]
    assert not StoryKey.objects.filter(story=b).exists()


def test_split_action_moves_articles_and_locks(admin_client: Client, room: Newsroom) -> None:
    messages = _action(admin_client, "news_article", "split_story", [room.ferry.pk],
                       label="Ferry services")
    assert any("Split" in m for m in messages), messages
    room.ferry.refresh_from_db()
    room.story.refresh_from_db()
    new = room.ferry.story
    assert new is not None and new.pk != room.story.pk
    assert new.label == "Ferry services" and new.locked and new.article_count == 1
    assert room.story.locked and room.story.article_count == 1
    assert room.story.last_published == room.bridge.published


def test_story_links_to_its_articles(admin_client: Client, room: Newsroom) -> None:
    stories = admin_client.get(reverse("admin:news_story_changelist")).content.decode()
    link = reverse("admin:news_article_changelist") + f"?story={room.story.pk}"
    assert link in stories
    listed = admin_client.get(link).context["cl"].result_list
    assert {a.pk for a in listed} == {room.bridge.pk, room.ferry.pk}


def test_split_takes_copies_along(room: Newsroom) -> None:
    room.copy.story = room.story
    room.copy.save()
    new = story_split(articles=[room.bridge])
    assert set(Article.objects.filter(story=new)) == {room.bridge, room.copy}
    assert new.label == room.bridge.title


@pytest.mark.parametrize("which", ["whole", "mixed", "none"])
def test_bad_splits_are_refused(room: Newsroom, which: str) -> None:
    chosen = {
        "whole": [room.bridge, room.ferry],
        "mixed": [room.bridge, room.other],
        "none": [],
    }[which]
    with pytest.raises(InputError):
        story_split(articles=chosen)
    assert Story.objects.count() == 1


# --- entities --------------------------------------------------------------------------


TWIN = "Ana Lopez Garcia"


def _lopez_twin(room: Newsroom) -> Entity:
    key = entity_key(TWIN, "person")
    twin = Entity.objects.create(name=TWIN, type="person", key=key, article_count=2)
    EntityAlias.objects.create(entity=twin, type="person", key=key, name=TWIN,
                               reason="same key")
    # One article mentions both spellings, one only the twin.
    Mention.objects.create(article=room.bridge, entity=twin, name=TWIN, salience=0.9,
                           spans=[{"text": "Mayor Ana Lopez", "start": 84, "end": 99}])
    Mention.objects.create(article=room.other, entity=twin, name=TWIN, salience=0.3)
    Quote.objects.create(article=room.other, speaker_entity=twin, speaker=TWIN,
                         text="We approved it.", start=0, end=15)
    return twin


def test_entity_merge_action_records_a_reason(admin_client: Client, room: Newsroom) -> None:
    twin = _lopez_twin(room)
    messages = _action(admin_client, "news_entity", "merge_entities", [room.lopez.pk, twin.pk],
                       into=str(room.lopez.pk), reason="same mayor, title in name")
    assert any("Merged into" in m for m in messages), messages
    assert not Entity.objects.filter(pk=twin.pk).exists()
    alias = EntityAlias.objects.get(key=entity_key(TWIN, "person"))
    assert alias.entity_id == room.lopez.pk and alias.manual
    assert alias.reason == "same mayor, title in name"
    bridge_mention = Mention.objects.get(article=room.bridge, entity=room.lopez)
    assert len(bridge_mention.spans) == 2 and bridge_mention.salience == 0.9
    assert Mention.objects.filter(article=room.other, entity=room.lopez).exists()
    assert Quote.objects.filter(speaker_entity=room.lopez).count() == 3
    room.lopez.refresh_from_db()
    assert room.lopez.article_count == 3


def test_entity_merge_needs_a_reason(admin_client: Client, room: Newsroom) -> None:
    twin = _lopez_twin(room)
    messages = _action(admin_client, "news_entity", "merge_entities", [room.lopez.pk, twin.pk])
    assert any("reason" in m for m in messages), messages
    assert Entity.objects.filter(pk=twin.pk).exists()


def test_alias_split_undoes_a_merge(admin_client: Client, room: Newsroom) -> None:
    twin = _lopez_twin(room)
    _action(admin_client, "news_entity", "merge_entities", [room.lopez.pk, twin.pk],
            into=str(room.lopez.pk), reason="same mayor")
    alias = EntityAlias.objects.get(key=entity_key(TWIN, "person"))
    messages = _action(admin_client, "news_entityalias", "split_aliases", [alias.pk])
    assert any("its own entity" in m for m in messages), messages
    back = Entity.objects.get(type="person", key=entity_key(TWIN, "person"))
    assert set(Mention.objects.filter(entity=back).values_list("article_id", flat=True)) == {
        room.other.pk}
    assert Quote.objects.filter(speaker_entity=back).count() == 1
    alias.refresh_from_db()
    assert alias.entity_id == back.pk and alias.manual
    room.lopez.refresh_from_db()
    assert room.lopez.article_count == 2


def test_own_key_alias_cannot_be_split(admin_client: Client, room: Newsroom) -> None:
    own = EntityAlias.objects.create(entity=room.council, type="organization",
                                     key=room.council.key, name="City Council")
    messages = _action(admin_client, "news_entityalias", "split_aliases", [own.pk])
    assert any("Not split" in m for m in messages)
    assert Entity.objects.filter(type="organization").count() == 1


# --- comments --------------------------------------------------------------------------


def test_hide_and_unhide_record_the_moderator(admin_client: Client, room: Newsroom) -> None:
    visible = Comment.objects.get(status="visible")
    _action(admin_client, "comments_comment", "hide", [visible.pk])
    visible.refresh_from_db()
    admin_user = get_user_model().objects.get(username="admin")
    assert visible.status == "hidden"
    assert visible.moderated_by == admin_user and visible.moderated_at is not None
    first_time = visible.moderated_at
    _action(admin_client, "comments_comment", "unhide", [visible.pk])
    visible.refresh_from_db()
    assert visible.status == "visible" and visible.moderated_at >= first_time


def test_comment_status_filter(admin_client: Client, room: Newsroom) -> None:
    url = reverse("admin:comments_comment_changelist")
    hidden = admin_client.get(url, {"status__exact": "hidden"}).context["cl"].result_list
    assert [c.body for c in hidden] == ["spam"]


def test_non_staff_cannot_reach_the_admin(client: Client, room: Newsroom) -> None:
    reader = get_user_model().objects.get(username="reader")
    client.force_login(reader)
    response = client.get(reverse("admin:news_source_changelist"))
    assert response.status_code == 302
    assert Source.objects.count() == 2


@pytest.mark.parametrize("bad", ["abc", "\u00b9", "-3", "99999999", "9" * 30])
def test_a_bad_story_filter_is_no_server_error(admin_client: Client, room: Newsroom,
                                               bad: str) -> None:
    response = admin_client.get(reverse("admin:news_article_changelist"), {"story": bad})
    assert response.status_code in (200, 302)  # Django's admin redirects to ?e=1 on bad input
