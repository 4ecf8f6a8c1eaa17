"""The Django admin for the news app: sources, documents, articles, stories, entities, tags.

Thin: list views, filters and actions only. The corrections editors make — merging and
splitting stories, merging entities and splitting an alias back out — are functions in
``story_admin.py`` and ``entity_admin.py``; each action calls one of them and reports
the outcome (a refused correction is a message, not an error page). To split a story,
follow its article count to its articles, select some and run the split action. Extra inputs an
action needs (the story or entity to merge into, the reason, a label) are fields of the
changelist's action bar, so no extra templates are needed.

How to undo an entity merge: open *Entity aliases*, select the alias of the name that
should stand on its own and run "Split selected aliases into their own entity" (stored
mentions and quotes move back). Deleting the alias instead only changes how articles
processed later are resolved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from broadsheet.errors import BroadsheetError, InputError
from broadsheet.site.news.entity_admin import entity_alias_split, entity_merge
from broadsheet.site.news.models import (
    Article,
    ArticleTag,
    Document,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    Story,
    Tag,
)
from broadsheet.site.news.story_admin import story_merge, story_split

#: Characters of an error or body shown in a list column.
LIST_TEXT_CHARS = 80
#: URL inputs read a scheme-less address as https (Django 6's default; silences its
#: deprecation warning in 5.2).
URL_FIELDS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


def _short(text: str) -> str:
    return Truncator(text or "").chars(LIST_TEXT_CHARS)


# --- sources -------------------------------------------------------------------------


class FailingFilter(admin.SimpleListFilter):
    """Sources whose last polls failed (``failure_count > 0``) or that are healthy."""

    title = "health"
    parameter_name = "failing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Failing"), ("no", "Healthy")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Source]) -> QuerySet[Source]:
        if self.value() == "yes":
            return queryset.filter(failure_count__gt=0)
        if self.value() == "no":
            return queryset.filter(failure_count=0)
        return queryset


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = [
        "name", "kind", "active", "failure_count", "short_error", "next_poll_at",
        "last_success_at", "folder",
    ]
    list_filter = [FailingFilter, "kind", "active", "folder"]
    search_fields = ["name", "url", "site_url"]
    readonly_fields = [
        "etag", "last_modified", "next_poll_at", "last_polled_at", "last_success_at",
        "failure_count", "last_error", "created_at",
    ]
    actions = ["poll_next_round", "activate", "deactivate"]

    @admin.display(description="last error")
    def short_error(self, source: Source) -> str:
        return _short(source.last_error)

    @admin.action(description="Poll selected sources in the next round (mark them due now)")
    def poll_next_round(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        count = queryset.filter(active=True).update(next_poll_at=timezone.now())
        self.message_user(request, f"{count} active source(s) will be polled in the next round.")

    @admin.action(description="Activate selected sources")
    def activate(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        self.message_user(request, f"{queryset.update(active=True)} source(s) activated.")

    @admin.action(description="Deactivate selected sources (stop polling)")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        self.message_user(request, f"{queryset.update(active=False)} source(s) deactivated.")


# --- documents -----------------------------------------------------------------------


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "status", "short_error", "fetched_at", "article"]
    list_filter = ["status", "source"]
    search_fields = ["name", "url", "identity", "error"]
    list_select_related = ["source", "article"]
    readonly_fields = [
        "identity", "source", "name", "url", "content_type", "input_format", "hints",
        "fetched_at", "status", "error", "article", "created_at",
    ]
    date_hierarchy = "fetched_at"

    @admin.display(description="error")
    def short_error(self, document: Document) -> str:
        return _short(document.error)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # documents arrive by ingestion only


# --- articles ------------------------------------------------------------------------


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["entity", "name", "role", "salience"]
    raw_id_fields = ["entity"]
    extra = 0


class QuoteInline(admin.TabularInline):
    model = Quote
    fields = ["position", "speaker", "speaker_entity", "text", "cue"]
    readonly_fields = ["position"]
    raw_id_fields = ["speaker_entity"]
    extra = 0


class ArticleTagInline(admin.TabularInline):
    model = ArticleTag
    fields = ["tag", "score", "position"]
    raw_id_fields = ["tag"]
    extra = 0


class StoryFilter(admin.SimpleListFilter):
    """Articles of one story (``?story=<id>``), reached from the story's "articles" link.

    Only the chosen story is listed as a choice: a list of every story would be useless.
    """

    title = "story"
    parameter_name = "story"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        chosen = request.GET.get(self.parameter_name, "")
        numeric = chosen.isascii() and chosen.isdigit()  # "¹" passes isdigit, not int()
        story = Story.objects.filter(pk=int(chosen)).first() if numeric else None
        return [(str(story.pk), str(story))] if story is not None else []

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        chosen = self.value()
        if chosen:
            return queryset.filter(story_id=chosen)
        return queryset


class SplitForm(ActionForm):
    """Action-bar field of the article list: the label of a story split off."""

    label = forms.CharField(
        required=False, max_length=500, label="New story label (split)",
        help_text="Empty: the earliest selected article's title.",
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "source_name", "section", "status", "published", "story",
                    "duplicate_of"]
    list_filter = [StoryFilter, "source", "section", "status", "language"]
    search_fields = ["title", "url", "byline", "source_name"]
    list_select_related = ["story", "duplicate_of"]
    date_hierarchy = "published"
    raw_id_fields = ["source", "story", "duplicate_of"]
    fields = [
        "title", "url", "source", "source_name", "byline", "published", "fetched_at",
        "language", "section", "section_confidence", "status", "story", "duplicate_of",
        "description", "image", "body", "summary", "key_points", "related_listings", "notes",
        "created_at",
    ]
    readonly_fields = [
        "body", "fetched_at", "section_confidence", "summary", "key_points",
        "related_listings", "notes", "created_at",
    ]
    inlines = [MentionInline, QuoteInline, ArticleTagInline]
    action_form = SplitForm
    actions = ["split_story"]

    @admin.action(description="Split selected articles into a new story (locks both)")
    def split_story(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        label = request.POST.get("label", "")
        try:
            story = story_split(articles=queryset, label=label)
        except BroadsheetError as error:
            self.message_user(request, f"Not split: {error}", messages.ERROR)
            return
        self.message_user(
            request, f"Split {story.article_count} article(s) into story “{story}” "
            f"(#{story.pk}); both stories are locked."
        )


# --- stories -------------------------------------------------------------------------


class StoryArticleInline(admin.TabularInline):
    model = Article
    fk_name = "story"
    fields = ["title", "source_name", "published", "duplicate_of"]
    readonly_fields = ["title", "source_name", "published", "duplicate_of"]
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MergeIntoForm(ActionForm):
    """Action-bar field of merge actions: the id to merge into (default: the largest)."""

    into = forms.IntegerField(
        required=False, min_value=1, label="Merge into id",
        help_text="Empty: the selected one with the most articles.",
    )


def _merge_target(request: HttpRequest, queryset: QuerySet[Any], size: str) -> Any:
    """The row named in the "Merge into id" field, else the selected one largest by ``size``.

    Raises:
        InputError: the field is not a number or names no row.
    """
    into = request.POST.get("into", "").strip()
    if not into:
        return queryset.order_by(f"-{size}", "pk").first()
    if not into.isdigit():
        raise InputError("must be a number", input="Merge into id")
    target = queryset.model.objects.filter(pk=int(into)).first()
    if target is None:
        raise InputError(f"no row with id {into}", input="Merge into id")
    return target


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["label", "first_published", "last_published", "articles_link",
                    "source_count", "locked", "merged_into"]
    list_filter = ["locked", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["label"]
    list_select_related = ["merged_into"]
    date_hierarchy = "last_published"
    fields = ["label", "locked", "merged_into", "first_published", "last_published",
              "articles_link", "source_count", "created_at", "updated_at"]
    readonly_fields = ["merged_into", "first_published", "last_published", "article_count",
                       "articles_link", "source_count", "created_at", "updated_at"]
    inlines = [StoryArticleInline]
    action_form = MergeIntoForm
    actions = ["merge_stories"]

    @admin.display(description="articles", ordering="article_count")
    def articles_link(self, story: Story) -> str:
        """The article count, linking to the story's articles (where split is an action)."""
        url = reverse("admin:news_article_changelist") + f"?story={story.pk}"
        return format_html('<a href="{}">{}</a>', url, story.article_count)

    @admin.action(description="Merge selected stories into one (locks them)")
    def merge_stories(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        try:
            target = _merge_target(request, queryset, "article_count")
            merged = story_merge(target=target, others=list(queryset))
        except BroadsheetError as error:
            self.message_user(request, f"Not merged: {error}", messages.ERROR)
            return
        self.message_user(
            request, f"Merged into “{merged}” (#{merged.pk}), now {merged.article_count} "
            "article(s); the stories are locked."
        )


# --- entities ------------------------------------------------------------------------


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    fields = ["name", "type", "key", "manual", "reason", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0
    verbose_name_plural = (
        "aliases (deleting one only affects articles processed later; to move stored "
        "mentions back, use the split action on Entity aliases)"
    )


class EntityMergeForm(MergeIntoForm):
    """Action-bar fields of the entity list: where to merge and why."""

    reason = forms.CharField(
        required=False, max_length=300, label="Reason",
        help_text="Why these are one entity (kept on the aliases).",
    )


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "key", "role", "article_count"]
    list_filter = ["type"]
    search_fields = ["name", "key", "aliases__name"]
    inlines = [EntityAliasInline]
    readonly_fields = ["article_count"]
    action_form = EntityMergeForm
    actions = ["merge_entities"]

    @admin.action(description="Merge selected entities into one (needs a reason)")
    def merge_entities(self, request: HttpRequest, queryset: QuerySet[Entity]) -> None:
        try:
            target = _merge_target(request, queryset, "article_count")
            merged = entity_merge(
                target=target, others=list(queryset), reason=request.POST.get("reason", "")
            )
        except BroadsheetError as error:
            self.message_user(request, f"Not merged: {error}", messages.ERROR)
            return
        self.message_user(request, f"Merged into “{merged}” (#{merged.pk}).")


@admin.register(EntityAlias)
class EntityAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "type", "entity", "manual", "reason", "created_at"]
    list_filter = ["manual", "type"]
    search_fields = ["name", "key", "entity__name"]
    list_select_related = ["entity"]
    raw_id_fields = ["entity"]
    actions = ["split_aliases"]

    @admin.action(description="Split selected aliases into their own entity")
    def split_aliases(self, request: HttpRequest, queryset: QuerySet[EntityAlias]) -> None:
        for alias in queryset.order_by("pk"):
            try:
                entity = entity_alias_split(alias=alias)
            except BroadsheetError as error:
                self.message_user(request, f"Not split: {error}", messages.ERROR)
                continue
            self.message_user(request, f"“{alias.name}” is now its own entity (#{entity.pk}).")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
