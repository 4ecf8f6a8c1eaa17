"""The pure pipeline: extract → enrich → connect.

No network, no disk, no database, no Django: every stage is a function over the frozen
dataclasses of :mod:`broadsheet.types`. State that lives between calls (a spaCy model,
a near-duplicate index, story centroids) lives in objects the caller owns.
"""
