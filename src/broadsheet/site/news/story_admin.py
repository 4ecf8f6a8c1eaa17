"""Editors' corrections to stories: merge several into one, split articles off into a new one.

Called by the admin actions in ``news/admin.py``. Each function is one transaction and
leaves the stories *locked*, which tells automatic clustering to keep off, so an
editor's decision sticks. A merged story is kept (its id may be linked from outside) with
``merged_into`` pointing at the story that absorbed it; pages and feeds follow that link.
When every story involved has a connect-stage centroid (``Story.state``) the result's
centroid is rebuilt too, so new articles keep joining the right story. The automatic
split and merge checks of ``stories.py`` use the same :func:`story_split` and
:func:`story_merge`, unlocked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.db.models.functions import Coalesce

from broadsheet.errors import InputError
from broadsheet.site.news.models import Article, Story, StoryKey
from broadsheet.site.news.stories import story_index_refresh

__all__ = ["story_counts_refresh", "story_merge", "story_split"]


def story_counts_refresh(story: Story) -> None:
    """Recompute a story's article and source counts and its published span from its rows.

    A story of undated articles only has no first published time and, as its last, the
    latest time one of them was fetched or stored: what clustering records for it too
    (``StoryState.last_active``), so it stays in listings and in the candidate window.
    """
    members = Article.objects.filter(story=story)
    span = members.aggregate(
        first=Min("published"),
        last=Max("published"),
        seen=Max(Coalesce("fetched_at", "created_at")),
    )
    outlets = {
        source_id if source_id is not None else name
        for source_id, name in members.values_list("source_id", "source_name")
    }
    story.article_count = members.count()
    story.source_count = len(outlets)
    story.first_published = span["first"]
    story.last_published = span["last"] or span["seen"]


def _merged_state(target: Story, others: list[Story]) -> dict[str, Any]:
    from broadsheet.pipeline.connect import StoryState

    if not target.state or not all(o.state for o in others):
        return dict(target.state or {})
    state = StoryState.from_dict(target.state)
    for other in others:
        state = state.merged_with(StoryState.from_dict(other.state))
    return state.to_dict()


def _rebuilt_state(story: Story) -> dict[str, Any]:
    """The centroid of the story's current members, or {} if a member has no features."""
    from broadsheet.pipeline.connect import StoryFeatures, StoryState

    members = list(Article.objects.filter(story=story).order_by("published", "id"))
    if not members or not all(m.features for m in members):
        return {}
    state: Any = None
    for member in members:
        features = StoryFeatures.from_dict(member.features)
        if state is None:
            state = StoryState.start(features, when=member.when)
        else:
            state = state.update(features, copy=member.duplicate_of_id is not None,
                                 when=member.when)
    return {**state.to_dict(), "id": str(story.pk)}


@transaction.atomic
def story_merge(*, target: Story, others: Iterable[Story], lock: bool = True) -> Story:
    """Merge ``others`` into ``target``: their articles move, they point at it, all lock.

    Stories merged earlier into one of ``others`` are re-pointed at ``target`` too, so
    ``merged_into`` never chains. The target keeps its label.

    Args:
        target: the story that stays.
        others: stories to fold into it (``target`` itself is ignored if included).
        lock: lock the target (an editor's merge). False is the automatic merge
            check's: the target stays open to clustering and split checks.

    Returns:
        The target, saved with fresh counts (and ``locked=True`` when ``lock``).

    Raises:
        InputError: nothing to merge, or ``target`` was itself merged away.
    """
    target = Story.objects.select_for_update().get(pk=target.pk)
    ids = sorted({o.pk for o in others} - {target.pk})
    if not ids:
        raise InputError("choose at least two stories to merge", input="stories")
    if target.merged_into_id is not None:
        raise InputError("was merged into another story; merge into that one", input=str(target))
    absorbed = list(Story.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    target.state = _merged_state(target, absorbed)
    Article.objects.filter(story_id__in=ids).update(story=target)
    Story.objects.filter(merged_into_id__in=ids).update(merged_into=target)
    Story.objects.filter(pk__in=ids).update(
        merged_into=target, locked=True, article_count=0, source_count=0
    )
    # The target answers for the absorbed stories' retrieval keys from now on.
    have = set(StoryKey.objects.filter(story=target).values_list("key", flat=True))
    for key in StoryKey.objects.filter(story_id__in=ids).order_by("pk"):
        if key.key not in have:
            have.add(key.key)
            StoryKey.objects.create(story=target, key=key.key, rank=key.rank,
                                    last_published=key.last_published)
    StoryKey.objects.filter(story_id__in=ids).delete()
    story_counts_refresh(target)
    target.locked = target.locked or lock
    target.save()
    return target


@transaction.atomic
def story_split(*, articles: Iterable[Article], label: str = "", lock: bool = True) -> Story:
    """Move ``articles`` (all of one story) into a new story; both stories lock (by default).

    Copies of a moved article move with it, so a wire story and its reprints stay
    together.

    Args:
        articles: some, not all, of one story's articles.
        label: the new story's label; default, the earliest moved article's title.
        lock: lock both stories (an editor's split). False is the automatic split
            check's: the stories stay open to clustering and both take their rebuilt
            centroid's label (the most central headline), as clustered stories do.

    Returns:
        The new story.

    Raises:
        InputError: no articles, articles of several stories or of none, or every
            article of the story (that would only rename it).
    """
    chosen = list(Article.objects.filter(pk__in={a.pk for a in articles}))
    if not chosen:
        raise InputError("choose the articles to split off", input="articles")
    story_ids = {a.story_id for a in chosen}
    story_id = story_ids.pop() if len(story_ids) == 1 else None
    if story_id is None:
        raise InputError("choose articles of exactly one story", input="articles")
    story = Story.objects.select_for_update().get(pk=story_id)
    moving = {a.pk for a in chosen} | set(
        Article.objects.filter(story=story, duplicate_of__in=[a.pk for a in chosen])
        .values_list("pk", flat=True)
    )
    if not Article.objects.filter(story=story).exclude(pk__in=moving).exists():
        raise InputError("that is the whole story; choose only the articles to split off",
                         input="articles")
    earliest = min(chosen, key=lambda a: (a.when, a.pk))
    new = Story.objects.create(label=(label or earliest.title)[:500], locked=lock)
    Article.objects.filter(pk__in=moving).update(story=new)
    for changed in (story, new):
        story_counts_refresh(changed)
        changed.state = _rebuilt_state(changed)
        if not lock and changed.state:
            changed.label = str(changed.state["label"])[:500] or changed.label
        changed.locked = changed.locked or lock
        changed.save()
        story_index_refresh(changed)  # the new story becomes a retrieval candidate
    return new
