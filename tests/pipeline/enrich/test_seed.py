"""The seed article (shared data): every quote, person, organisation and role.

The body is the seed page's article paragraphs (the lines between the title and the
"Hashtags" line); the extractor is tested elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.pipeline.enrich import Enricher
from broadsheet.types import EnrichedArticle

from .conftest import make_article

EXPECTED_QUOTES = [
    ("Truth and justice are on our side", "Vladimir V. Putin"),
    ("The whole country, society and people", "Vladimir V. Putin"),
    ("If people believe that Russia is exhausted", "Alexander Gabuev"),
    ("That's the message that he's trying to send", "Alexander Gabuev"),
    ("Not necessarily that this is the reality.", "Alexander Gabuev"),
    ("Thousands of young soldiers are dying", "Trump"),
    ("I do, and the United States of America does, also.", "Trump"),
    ("The question going forward will be", "Angela Stent"),
    ("I think we don't quite know that yet.", "Angela Stent"),
    ("enough strength and means to bring", "Vladimir V. Putin"),
    ("The timing and the tone is probably not", "Alexander Gabuev"),
    ("But that's the price you pay", "Alexander Gabuev"),
]


@pytest.fixture(scope="module")
def seed(shared_data: Path, enricher: Enricher) -> EnrichedArticle:
    lines = (shared_data / "seed" / "aggregator-page.txt").read_text(encoding="utf-8")
    rows = lines.split("\n")
    title_at = next(i for i, row in enumerate(rows) if row.strip())
    end = rows.index("Hashtags")
    paragraphs = [row for row in rows[title_at + 1 : end] if row.strip()]
    return enricher.enrich(make_article(rows[title_at], paragraphs))


def test_all_twelve_quotes_with_speakers(seed: EnrichedArticle) -> None:
    got = [(q.text, q.speaker) for q in seed.quotes]
    assert len(got) == len(EXPECTED_QUOTES), got
    for (text, speaker), (start, want) in zip(got, EXPECTED_QUOTES, strict=True):
        assert text.startswith(start)
        assert speaker == want, text


def test_quotes_point_into_body(seed: EnrichedArticle) -> None:
    body = seed.article.body
    for quote in seed.quotes:
        assert body[quote.start:quote.end] == quote.text
        assert quote.text[0] not in "'\"‘“" and quote.text[-1] not in "'\"’”"
        assert quote.cue


def test_people_and_organisations(seed: EnrichedArticle) -> None:
    people = {e.name for e in seed.entities if e.type == "person"}
    assert people == {"Vladimir V. Putin", "Xi Jinping", "Luiz Inácio Lula da Silva",
                      "Alexander Gabuev", "Angela Stent", "Trump"}
    orgs = {e.name for e in seed.entities if e.type == "organization"}
    assert {"Carnegie Russia Eurasia Center", "Georgetown University"} <= orgs
    putin = next(e for e in seed.entities if e.name == "Vladimir V. Putin")
    assert len(putin.mentions) >= 12  # "Mr. Putin", "Mr. Putin's", "Putin" all merged
    assert seed.entities[0].name == "Vladimir V. Putin"  # the headline's subject


def test_roles(seed: EnrichedArticle) -> None:
    roles = {e.name: e.role for e in seed.entities}
    assert roles["Alexander Gabuev"] == "director of the Carnegie Russia Eurasia Center"
    assert roles["Angela Stent"] == (
        "Russia expert and professor emerita at Georgetown University")


def test_hashtags_and_summary(seed: EnrichedArticle) -> None:
    tags = [h.tag for h in seed.hashtags]
    assert 3 <= len(tags) <= 8
    assert tags[0] == "VladimirPutin"
    assert "CeasefireTalks" in tags
    assert len(seed.summary) == 3
    assert seed.language == "en"
    assert seed.section == "politics"
