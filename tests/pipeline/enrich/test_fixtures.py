"""Our own small articles (tests/data/enrich/articles) paired with expected output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadsheet.pipeline.enrich import Enricher

from .conftest import load_article

ARTICLES = sorted((Path(__file__).parents[2] / "data" / "enrich" / "articles").glob("*.txt"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_fixture_article(path: Path, enricher: Enricher) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    result = enricher.enrich(load_article(path))
    body = result.article.body
    got = [(q.text, q.speaker) for q in result.quotes]
    assert len(got) == len(expected["quotes"]), got
    for (text, speaker), want in zip(got, expected["quotes"], strict=True):
        assert text.startswith(want["starts"]), (text, want)
        assert speaker == want["speaker"], (text, speaker, want)
    people = {e.name for e in result.entities if e.type == "person"}
    assert set(expected["people"]) <= people
    orgs = {e.name for e in result.entities if e.type == "organization"}
    assert set(expected.get("organizations", [])) <= orgs
    by_name = {e.name: e for e in result.entities}
    for name, role in expected.get("roles", {}).items():
        assert by_name[name].role == role
        span = by_name[name].role_span
        assert span is not None and body[span.start:span.end] == role
    if "notes_contain" in expected:
        assert any(expected["notes_contain"] in note for note in result.notes)
    for quote in result.quotes:
        assert body[quote.start:quote.end] == quote.text
        if quote.speaker_mention:
            m = quote.speaker_mention
            assert body[m.start:m.end] == m.text
