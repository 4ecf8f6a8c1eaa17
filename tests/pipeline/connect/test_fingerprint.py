"""Tests for connect.fingerprint: exact hashes, MinHash copies and the LSH index."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.errors import InputError
from broadsheet.pipeline.connect import (
    Fingerprint,
    NearDuplicateIndex,
    content_hash,
    fingerprint,
    is_copy,
)

WIRE = (
    "Rescue teams in the mountain town of Valdoria pulled eleven survivors from a collapsed "
    "apartment block on Sunday after a magnitude 6.4 earthquake shook the northern province "
    "before dawn, officials said. The regional governor said at least 37 people had died and "
    "more than 200 were injured, and warned the toll would rise as crews searched the rubble "
    "with sniffer dogs. The quake struck at a depth of ten kilometres and was followed by "
    "dozens of aftershocks that sent residents fleeing into the streets. Hospitals set up "
    "field wards in car parks. The prime minister flew to the region and promised emergency "
    "funds for rebuilding homes, schools and the damaged bridge over the river."
)
OTHER = (
    "Parliament approved the government's budget late on Thursday by 181 votes to 164 after a "
    "fourteen-hour session, handing the prime minister a narrow victory. The finance minister "
    "said the plan cuts the deficit while raising pensions. The opposition leader called the "
    "vote a betrayal of pensioners and vowed to challenge the spending plan in court. Bond "
    "markets rallied on the news, with the ten-year yield falling to its lowest since January."
)


def test_content_hash_ignores_case_and_spacing() -> None:
    assert content_hash("A  Story\nabout it") == content_hash("a story about it")
    assert content_hash("a story") != content_hash("another story")


@pytest.mark.parametrize(
    "variant",
    [
        WIRE,  # exact copy
        WIRE.rsplit(" The prime minister", 1)[0],  # trimmed ending
        WIRE + " Local radio said schools in the province would stay closed all week.",  # added
        "UPDATED: " + WIRE.replace("eleven", "twelve"),  # small edits
    ],
)
def test_syndicated_variants_are_copies(variant: str) -> None:
    copy, estimate = is_copy(fingerprint(WIRE), fingerprint(variant))
    assert copy, estimate


def test_different_stories_are_not_copies() -> None:
    copy, estimate = is_copy(fingerprint(WIRE), fingerprint(OTHER))
    assert not copy
    assert estimate < 0.2


def test_short_identical_boilerplate_is_not_a_copy() -> None:
    boiler = "Chat with us in Facebook Messenger. Find out what's happening in the world."
    assert not is_copy(fingerprint(boiler), fingerprint(boiler))[0]


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_fingerprint_round_trips_through_bytes(text: str) -> None:
    fp = fingerprint(text)
    assert Fingerprint.from_bytes(fp.to_bytes()) == fp


def test_from_bytes_rejects_garbage() -> None:
    with pytest.raises(InputError):
        Fingerprint.from_bytes(b"not a fingerprint")


def test_index_finds_the_original_and_forgets_removed_items() -> None:
    index = NearDuplicateIndex()
    index.add("wire", fingerprint(WIRE))
    index.add("budget", fingerprint(OTHER))
    trimmed = fingerprint(WIRE.rsplit(" Hospitals", 1)[0])
    found = index.find_copy(trimmed)
    assert found is not None and found[0] == "wire"
    assert index.query(fingerprint(WIRE))[0] == ("wire", 1.0)
    index.remove("wire")
    assert index.find_copy(trimmed) is None
    assert len(index) == 1


def test_index_refuses_a_duplicate_id() -> None:
    index = NearDuplicateIndex()
    index.add("a", fingerprint(WIRE))
    with pytest.raises(InputError):
        index.add("a", fingerprint(OTHER))


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_is_copy_is_symmetric(a: str, b: str) -> None:
    assert is_copy(fingerprint(a), fingerprint(b)) == is_copy(fingerprint(b), fingerprint(a))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="abcxyz ", min_size=1, max_size=8), max_size=20))
def test_content_hash_ignores_spacing_and_case(words: list[str]) -> None:
    text = " ".join(words)
    assert content_hash(text) == content_hash("  " + text.upper().replace(" ", "\n ") + "\t")
