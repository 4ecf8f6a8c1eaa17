"""News: sources, documents, articles, entities, quotes, tags and stories."""
