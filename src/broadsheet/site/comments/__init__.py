"""Comments on articles: posting (signed-in users) and moderation."""
