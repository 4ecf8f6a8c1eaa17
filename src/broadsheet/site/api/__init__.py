"""The JSON API and its OpenAPI schema: reads are open, writes need staff."""
