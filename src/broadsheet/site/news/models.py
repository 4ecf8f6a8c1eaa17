"""What Broadsheet stores about news: sources, documents, articles and what enrichment found.

The flow of rows mirrors the pipeline. A :class:`Document` is an item as it arrived
(stored exactly once, keyed by its ``identity``: feed GUID, then canonical URL, then
content hash); processing it yields one :class:`Article` (unique by canonical URL; a
second document with the same content hash links to the existing article instead of
storing it twice). Enrichment adds :class:`Mention` rows (article ↔ canonical
:class:`Entity`), :class:`Quote` rows and :class:`ArticleTag` rows; the connect stage puts
the article in a :class:`Story`. Models hold data and simple derived properties only:
reads live in ``selectors.py`` and writes in ``services.py``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse


class Source(models.Model):
    """A feed, sitemap or site Broadsheet reads, with its polling state."""

    class Kind(models.TextChoices):
        FEED = "feed", "Feed"
        SITEMAP = "sitemap", "Sitemap"
        PAGE = "page", "Web page"
        FILE = "file", "Local files"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FEED)
    url = models.URLField(max_length=2000, unique=True, null=True, blank=True)
    site_url = models.URLField(max_length=2000, blank=True)
    folder = models.CharField(max_length=200, blank=True, help_text="OPML folder.")
    active = models.BooleanField(default=True)
    # Conditional GET and polling state, owned by the fetch services.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    poll_interval = models.PositiveIntegerField(default=3600, help_text="Seconds.")
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failure_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_failing(self) -> bool:
        return self.failure_count > 0


class Document(models.Model):
    """An item as it arrived, before extraction; stored exactly once by ``identity``."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Processed"
        FAILED = "failed", "Failed"

    identity = models.CharField(max_length=600, unique=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField(max_length=2000, help_text="Path or URL, for messages.")
    url = models.URLField(max_length=2000, blank=True)
    content = models.BinaryField()
    content_type = models.CharField(max_length=200, blank=True)
    input_format = models.CharField(max_length=32, default="auto")
    hints = models.JSONField(default=dict, blank=True)
    fetched_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    error = models.TextField(blank=True)
    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    """Articles about the same event across outlets."""

    label = models.CharField(max_length=500)
    first_published = models.DateTimeField(null=True, blank=True, db_index=True)
    last_published = models.DateTimeField(null=True, blank=True, db_index=True)
    article_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0)
    state = models.JSONField(default=dict, blank=True, help_text="The connect stage's centroid.")
    locked = models.BooleanField(
        default=False, help_text="Set by a manual merge or split: automatic clustering keeps off."
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_published"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("news:story", args=[self.pk])


class Article(models.Model):
    """A clean, enriched article."""

    class Status(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        ENRICHED = "enriched", "Enriched"

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL)
    source_name = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, null=True, blank=True)
    guid = models.CharField(max_length=600, blank=True)
    title = models.CharField(max_length=1000)
    byline = models.CharField(max_length=500, blank=True)
    published = models.DateTimeField(null=True, blank=True, db_index=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    body = models.TextField()
    paragraphs = models.JSONField(default=list, help_text="[{text, start, end, kind}]")
    description = models.TextField(blank=True)
    image = models.URLField(max_length=2000, blank=True)
    input_format = models.CharField(max_length=32, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    fingerprint = models.BinaryField(null=True, blank=True)
    features = models.JSONField(default=dict, blank=True, help_text="Story features.")
    summary = models.JSONField(default=list, blank=True, help_text="[{text, start, end, sentence}]")
    key_points = models.JSONField(default=list, blank=True)
    sentences = models.JSONField(default=list, blank=True)
    section = models.CharField(max_length=64, blank=True, db_index=True)
    section_confidence = models.FloatField(default=0.0)
    related_listings = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.EXTRACTED)
    # Indexed by a partial index (Meta.indexes) over copies only: a plain index made
    # SQLite's planner, once ANALYZE had run, estimate "duplicate_of IS NULL" (every
    # original) at ~16 rows and scan 900k originals to list the newest 20.
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        db_index=False,
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=Q(url__isnull=False), name="article_unique_url"
            )
        ]
        indexes = [
            models.Index(fields=["story", "published"]),
            models.Index(
                fields=["duplicate_of"],
                condition=Q(duplicate_of__isnull=False),
                name="article_copies",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:article", args=[self.pk])

    @property
    def when(self):  # type: ignore[no-untyped-def]
        """The time to show: published, else when it was fetched, else stored."""
        return self.published or self.fetched_at or self.created_at


class Entity(models.Model):
    """A canonical person, organisation or place, across the whole corpus."""

    class Type(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organisation"
        PLACE = "place", "Place"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300)
    type = models.CharField(max_length=16, choices=Type.choices)
    key = models.CharField(max_length=300, help_text="Cross-corpus key (entity_key).")
    role = models.CharField(max_length=500, blank=True, help_text="Most recent role given.")
    article_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "entities"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["type", "key"], name="entity_unique_type_key")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:entity", args=[self.pk])


class EntityAlias(models.Model):
    """A name key that resolves to an entity: how cross-site merges are explained and undone.

    Automatic aliases come from enrichment; an alias made in the admin (``manual``) wins
    and is never overwritten by automatic matching. Deleting an alias undoes a merge for
    articles processed afterwards (and :func:`services.entity_split_alias` re-points the
    mentions already stored).
    """

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    type = models.CharField(max_length=16, choices=Entity.Type.choices)
    key = models.CharField(max_length=300)
    name = models.CharField(max_length=300, help_text="The name as first written.")
    manual = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "entity aliases"
        constraints = [models.UniqueConstraint(fields=["type", "key"], name="alias_unique")]

    def __str__(self) -> str:
        return f"{self.name} → {self.entity.name}"


class Mention(models.Model):
    """An entity in an article: its role there and where it is mentioned (offsets)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    name = models.CharField(max_length=300, help_text="Canonical name within the article.")
    role = models.CharField(max_length=500, blank=True)
    salience = models.FloatField(default=0.0)
    spans = models.JSONField(default=list, help_text="[{text, start, end}] into the body.")
    # The article's time (``Article.when``), copied here so that "newest articles naming
    # this entity" is a scan of the (entity, published) index, not a join and a sort
    # over every mention of a popular entity. Kept in step by save() and the services.
    published = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-salience"]
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="mention_unique")]
        # Covering: the related-articles scan reads article and salience from the index
        # alone (no random visit of the mention table per row).
        indexes = [
            models.Index(
                fields=["entity", "published", "article", "salience"],
                name="mention_entity_published_cov",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.published is None and self.article_id is not None:
            self.published = self.article.when
        super().save(*args, **kwargs)


class Quote(models.Model):
    """A direct quote in an article with its speaker."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker_entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    speaker = models.CharField(max_length=300, blank=True)
    speaker_mention = models.JSONField(null=True, blank=True)
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    cue = models.CharField(max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["article", "position"]


class Tag(models.Model):
    """A hashtag, in its readable CamelCase form (without '#')."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"#{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("news:tag", args=[self.slug])


class ArticleTag(models.Model):
    """A hashtag on an article with its salience score."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="article_tags")
    score = models.FloatField(default=0.0)
    position = models.PositiveIntegerField(default=0)
    # The article's time, as on Mention: newest articles with this tag by index.
    published = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["article", "tag"], name="tag_unique")]
        indexes = [
            models.Index(
                fields=["tag", "published", "article"], name="articletag_tag_published_cov"
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.published is None and self.article_id is not None:
            self.published = self.article.when
        super().save(*args, **kwargs)


class TermFrequency(models.Model):
    """How many original articles carry a term or entity key (the connect stage's IDF).

    ``key = ""`` holds the corpus size (the number of original articles counted).
    """

    key = models.CharField(max_length=200, unique=True)
    df = models.PositiveIntegerField(default=0)


class StoryKey(models.Model):
    """Inverted index for story candidate retrieval: a story's top entity keys and terms."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=200)
    last_published = models.DateTimeField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Place among the story's keys, most distinctive first (0); empty on rows "
                  "written before ranks were kept.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "story"], name="storykey_unique")]
        indexes = [models.Index(fields=["key", "last_published"])]


class FingerprintBand(models.Model):
    """MinHash LSH bands of original articles, to find near-duplicate copies by index."""

    band = models.BigIntegerField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")

    class Meta:
        indexes = [models.Index(fields=["band"])]
