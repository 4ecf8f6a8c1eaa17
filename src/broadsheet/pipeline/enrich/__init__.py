"""The enrich stage: entities, quotes, hashtags, summary, section and language.

Public surface: :class:`Enricher` (owns the lazily-loaded NER model) and
:func:`entity_key` / :func:`match_alias` (cross-corpus entity keys the site's alias
table stores). The stage is pure: no network, disk writes, database or Django.
"""

from __future__ import annotations

from broadsheet.pipeline.enrich.enricher import Enricher
from broadsheet.pipeline.enrich.names import AliasMatch, entity_key, match_alias

__all__ = ["AliasMatch", "Enricher", "entity_key", "match_alias"]
