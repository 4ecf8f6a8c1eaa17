"""Keep each story key's rank (its place among the story's keys, most distinctive first).

The related list weighs the keys two stories share by their ranks in both, so keys at
the bottom of both lists ("united states", "2017") no longer make two stories related.
Rows written before this have no rank and count as before (each shared key fully);
they get one the next time their story is written.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0007_undated_story_times'),
    ]

    operations = [
        migrations.AddField(
            model_name='storykey',
            name='rank',
            field=models.PositiveSmallIntegerField(blank=True, help_text="Place among the story's keys, most distinctive first (0); empty on rows written before ranks were kept.", null=True),
        ),
    ]
