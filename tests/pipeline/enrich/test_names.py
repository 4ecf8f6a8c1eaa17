"""Names: honorifics, entity keys, alias matching (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.pipeline.enrich import entity_key, match_alias
from broadsheet.pipeline.enrich.names import strip_honorifics


@pytest.mark.parametrize(("raw", "clean"), [
    ("President Vladimir V. Putin's", "Vladimir V. Putin"),
    ("Mr. Putin", "Putin"),
    ("the Carnegie Russia Eurasia Center", "Carnegie Russia Eurasia Center"),
    ("Former President Bill Clinton", "Bill Clinton"),
    ("Sanders’", "Sanders"),
    ("President", "President"),
])
def test_strip_honorifics(raw: str, clean: str) -> None:
    start, end = strip_honorifics(raw)
    assert raw[start:end] == clean


def test_keys_agree_across_sites() -> None:
    assert entity_key("Vladimir V. Putin", "person") == entity_key("Vladimir Putin", "person")
    assert entity_key("President Vladimir Putin's", "person") == "person:vladimir putin"
    assert entity_key("Luiz Inácio Lula da Silva", "person") == (
        "person:luiz inacio lula da silva")
    assert entity_key("U.S.", "place") == entity_key("US", "place") == "place:us"
    assert entity_key("Putin", "person") != entity_key("Putin", "place")


def test_alias_matching_explains_itself() -> None:
    match = match_alias("Mr. Putin", "person", ["Vladimir V. Putin", "Xi Jinping"])
    assert match is not None and match.name == "Vladimir V. Putin" and match.reason
    assert match_alias("Clinton", "person", ["Hillary Clinton", "Bill Clinton"]) is None
    eu = match_alias("EU", "organization", ["European Union", "European Central Bank"])
    assert eu is not None and eu.name == "European Union" and "acronym" in eu.reason


_NAME = st.lists(st.text(alphabet="abcdefghij", min_size=2, max_size=8), min_size=1,
                 max_size=4).map(lambda words: " ".join(w.capitalize() for w in words))


@given(_NAME)
def test_titles_and_possessives_do_not_change_keys(name: str) -> None:
    key = entity_key(name, "person")
    assert entity_key(f"President {name}", "person") == key
    assert entity_key(f"Mr. {name}'s", "person") == key
    assert entity_key(key.split(":", 1)[1], "person") == key  # a key's name is stable
