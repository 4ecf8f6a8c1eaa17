"""Give split or merged stories of undated articles their latest stored time back.

Before issue 5's fifth session an automatic (or editor's) split or merge set a story's
``last_published`` to its articles' latest published time, None when they are all
undated, and candidate retrieval (``last_published >= when - window``) never found such
a story again; its ``StoryKey`` rows carried the None too. This sets both to the
latest time one of its articles was published, fetched or stored, as
``story_counts_refresh`` now does. Data only; reversing it leaves the times in place.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def _fill_times(apps, schema_editor):
    story_model = apps.get_model("news", "Story")
    article_model = apps.get_model("news", "Article")
    key_model = apps.get_model("news", "StoryKey")
    latest = (
        article_model.objects.filter(story=OuterRef("pk"))
        .annotate(seen=Coalesce("published", "fetched_at", "created_at"))
        .order_by("-seen")
        .values("seen")[:1]
    )
    story_model.objects.filter(last_published__isnull=True).update(
        last_published=Subquery(latest)
    )
    key_model.objects.filter(last_published__isnull=True).update(
        last_published=Subquery(
            story_model.objects.filter(pk=OuterRef("story_id")).values("last_published")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("news", "0006_article_copies_index")]

    operations = [migrations.RunPython(_fill_times, migrations.RunPython.noop)]
