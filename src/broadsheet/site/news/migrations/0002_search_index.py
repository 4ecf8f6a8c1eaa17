"""Full-text search over articles: FTS5 on SQLite, a tsvector GIN index on PostgreSQL.

The SQLite index is an external-content FTS5 table kept in step by triggers, so every
write path (services, admin, raw SQL) keeps it right without application code.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE news_article_fts USING fts5("
    "title, body, content='news_article', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER news_article_fts_ai AFTER INSERT ON news_article BEGIN "
    "INSERT INTO news_article_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER news_article_fts_ad AFTER DELETE ON news_article BEGIN "
    "INSERT INTO news_article_fts(news_article_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER news_article_fts_au AFTER UPDATE OF title, body ON news_article BEGIN "
    "INSERT INTO news_article_fts(news_article_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO news_article_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS news_article_fts_au",
    "DROP TRIGGER IF EXISTS news_article_fts_ad",
    "DROP TRIGGER IF EXISTS news_article_fts_ai",
    "DROP TABLE IF EXISTS news_article_fts",
]
POSTGRES_CREATE = [
    "CREATE INDEX news_article_search ON news_article USING GIN "
    "(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(body, '')))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS news_article_search"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
