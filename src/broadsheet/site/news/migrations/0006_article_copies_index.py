"""Index copies only: a partial index on ``Article.duplicate_of`` replaces the plain one.

With the plain foreign-key index, SQLite's planner (once ``ANALYZE`` had filled
``sqlite_stat1``) took "duplicate_of IS NULL" — every original — for ~16 rows and
answered "the newest originals" by scanning 900k of them at 1M articles (0.5 s), and the
related-articles query by a full scan (3 s). A partial index over copies
(``duplicate_of IS NOT NULL``) still serves "the copies of X" and cannot be taken for
"IS NULL". The old index is dropped by name as the schema editor reports it, not by
``AlterField``, which on SQLite rebuilds the table and would drop the full-text triggers.
"""

import django.db.models.deletion
from django.db import migrations, models


def _drop_plain_index(apps, schema_editor):
    model = apps.get_model("news", "Article")
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(
            cursor, model._meta.db_table
        )
    for name, info in constraints.items():
        if (
            info["index"]
            and not info["primary_key"]
            and not info["unique"]
            and info["columns"] == ["duplicate_of_id"]
            and name != "article_copies"
        ):
            schema_editor.execute(schema_editor._delete_index_sql(model, name))


def _restore_plain_index(apps, schema_editor):
    model = apps.get_model("news", "Article")
    field = model._meta.get_field("duplicate_of")
    schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [("news", "0005_related_covering")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(_drop_plain_index, _restore_plain_index),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="duplicate_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="copies",
                        to="news.article",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("duplicate_of__isnull", False)),
                fields=["duplicate_of"],
                name="article_copies",
            ),
        ),
    ]
