"""Template tags and filters of the news pages."""
