"""The seed case: ``broadsheet extract ../shared/data/seed/aggregator-page.txt --json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadsheet.cli import main

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seed_result(shared_data: Path) -> dict:
    seed = shared_data / "seed" / "aggregator-page.txt"
    capture = pytest.MonkeyPatch()
    import io
    import sys

    out = io.StringIO()
    capture.setattr(sys, "stdout", out)
    try:
        status = main(["extract", str(seed), "--json"])
    finally:
        capture.undo()
    assert status == 0
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1
    return json.loads(lines[0])


def test_title_and_body_bounds(seed_result: dict) -> None:
    article = seed_result["article"]
    assert seed_result["ok"] is True
    assert article["title"] == "Putin Puts on Show of Defiance as Cease-Fire Talks Drag On"
    body = article["body"]
    assert body.startswith("President Vladimir V. Putin of Russia drew attention")
    assert body.endswith("the price you pay for being a partner of China.'")
    for junk in (
        "Hashtags",
        "Try Our AI Features",
        "Comments",
        "Related Articles",
        "Sign in to access your portfolio",
        "Himalayas",
        "5 minutes ago",
    ):
        assert junk not in body


def test_related_listings_are_split_out(seed_result: dict) -> None:
    related = seed_result["related"]
    assert [item["source"] for item in related] == [
        "Wall Street Journal",
        "Washington Post",
        "Yahoo",
    ]
    assert related[0]["age"] == "5 minutes ago"
    assert related[0]["title"] == "The China-India Infrastructure Race Along the Himalayas"
    assert related[1]["title"] == "China's strategy? Let Trump cook."
    assert related[2]["snippet"].startswith("BEIJING (Reuters)")
    assert "Sign in to access your portfolio" not in related[2]["snippet"]
    assert related[2]["snippet"].endswith("international law.")


def test_people_and_organisations(seed_result: dict) -> None:
    people = {e["name"] for e in seed_result["entities"] if e["type"] == "person"}
    orgs = {e["name"] for e in seed_result["entities"] if e["type"] == "organization"}
    assert {
        "Vladimir V. Putin",
        "Xi Jinping",
        "Luiz Inácio Lula da Silva",
        "Alexander Gabuev",
        "Angela Stent",
    } <= people
    assert not any(name in people for name in ("Putin", "Mr. Putin", "Gabuev", "Mr. Gabuev"))
    assert {"Carnegie Russia Eurasia Center", "Georgetown University"} <= orgs
    putin = next(e for e in seed_result["entities"] if e["name"] == "Vladimir V. Putin")
    body = seed_result["article"]["body"]
    assert any(body[m["start"] : m["end"]] == "Putin" for m in putin["mentions"])
    assert len(putin["mentions"]) >= 10  # every "Mr. Putin" merged in
    roles = {e["name"]: e["role"] for e in seed_result["entities"]}
    assert "Carnegie Russia Eurasia Center" in roles["Alexander Gabuev"]
    assert "Georgetown University" in roles["Angela Stent"]


def test_every_direct_quote_with_its_speaker(seed_result: dict) -> None:
    body = seed_result["article"]["body"]
    quotes = seed_result["quotes"]
    for quote in quotes:
        assert body[quote["start"] : quote["end"]] == quote["text"]
    by_start = {q["text"][:30]: q["speaker"] for q in quotes}
    expected = {
        "Truth and justice are on our s": "Vladimir V. Putin",
        "The whole country, society and": "Vladimir V. Putin",
        "If people believe that Russia ": "Alexander Gabuev",
        "That's the message that he's t": "Alexander Gabuev",
        "Not necessarily that this is t": "Alexander Gabuev",
        "Thousands of young soldiers ar": "Trump",
        "I do, and the United States of": "Trump",
        "The question going forward wil": "Angela Stent",
        "I think we don't quite know th": "Angela Stent",
        "enough strength and means to b": "Vladimir V. Putin",
        "The timing and the tone is pro": "Alexander Gabuev",
        "But that's the price you pay f": "Alexander Gabuev",
    }
    for prefix, speaker in expected.items():
        assert prefix in by_start, f"missing quote {prefix!r}"
        assert speaker in (by_start[prefix] or ""), f"{prefix!r} attributed to {by_start[prefix]}"
    assert len(quotes) == 12


def test_hashtags_and_summary_point_into_the_body(seed_result: dict) -> None:
    assert 3 <= len(seed_result["hashtags"]) <= 8
    body = seed_result["article"]["body"]
    assert seed_result["summary"]
    for sentence in seed_result["summary"]:
        assert body[sentence["start"] : sentence["end"]] == sentence["text"]
