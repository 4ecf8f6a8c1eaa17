"""Denormalise the article's time onto mentions and article tags, indexed per entity/tag.

``article_related`` reads "the newest articles naming entity X" as a short backward scan
of the (entity, published) index; before, it joined and sorted every mention of a
popular entity. The backfill copies ``Article.when`` (published, else fetched, else
stored) and is plain SQL that SQLite and PostgreSQL both run.
"""

from django.db import migrations, models

_BACKFILL = """
UPDATE {table} SET published = (
    SELECT COALESCE(a.published, a.fetched_at, a.created_at)
    FROM news_article a WHERE a.id = {table}.article_id
)
"""


class Migration(migrations.Migration):

    dependencies = [
        ("news", "0003_connect_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="mention",
            name="published",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="articletag",
            name="published",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunSQL(_BACKFILL.format(table="news_mention"), migrations.RunSQL.noop),
        migrations.RunSQL(_BACKFILL.format(table="news_articletag"), migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(fields=["entity", "published"], name="mention_entity_published"),
        ),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(fields=["tag", "published"], name="articletag_tag_published"),
        ),
    ]
