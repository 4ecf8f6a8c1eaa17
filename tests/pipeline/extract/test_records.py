"""Article imports in JSON: one object per file, arrays of objects, and JSON Lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.errors import InputError, UnsupportedInput
from broadsheet.pipeline.extract import detect_format, extract, parse_articles_jsonl
from broadsheet.pipeline.extract.records import TEXT_FIELDS, TITLE_FIELDS
from broadsheet.types import RawDocument


@pytest.fixture
def imports(tests_data: Path) -> Path:
    return tests_data / "extract" / "imports"


def _parse(path: Path) -> list[RawDocument | InputError]:
    return list(parse_articles_jsonl(path.read_text("utf-8"), name=str(path)))


@pytest.mark.parametrize("fixture", ["news-please.json", "array.json"])
def test_json_documents_are_article_imports(imports: Path, fixture: str) -> None:
    data = (imports / fixture).read_bytes()
    assert detect_format(RawDocument(data)) == "articles-jsonl"
    assert detect_format(RawDocument(data.decode("utf-8"))) == "articles-jsonl"


def test_news_please_object_maps_its_fields(imports: Path) -> None:
    path = imports / "news-please.json"
    source = json.loads(path.read_text("utf-8"))
    (raw,) = _parse(path)
    assert isinstance(raw, RawDocument)
    assert raw.name == str(path)
    assert raw.input_format == "article-text"
    assert raw.content == source["text"]  # "maintext" is null, so "text" is read
    assert raw.url == source["url"]
    hints = raw.hints
    assert hints.title == "River ferry returns after winter repairs"
    assert hints.guid == source["filename"]
    assert hints.source == "news.riverside.example"
    assert hints.byline == "Ana Ferreira, Tom Walsh"
    assert hints.published == datetime(2021, 3, 4, 9, 30, tzinfo=UTC)
    assert hints.summary == source["description"]
    assert hints.language == "en"

    article = extract(raw)
    assert article.title == hints.title
    assert article.byline == "Ana Ferreira, Tom Walsh"
    assert article.body == source["text"]


def test_array_maps_other_field_names_and_reports_bad_records(imports: Path) -> None:
    path = imports / "array.json"
    first, second, third = _parse(path)
    assert isinstance(first, RawDocument)
    assert first.name == f"{path}#1"
    assert first.hints.title == "Council approves new cycle lanes"
    assert first.content.startswith("The city council approved")
    assert first.hints.guid == "wire-20250611-0042"
    assert first.hints.byline == "Priya Raman"
    assert first.hints.source == "City Wire"
    assert first.url == "https://citywire.example/2025/06/cycle-lanes"
    assert first.hints.published == datetime(
        2025, 6, 11, 18, 45, tzinfo=timezone(timedelta(hours=2))
    )
    # No id and no url: named after the file and its position.
    assert isinstance(second, RawDocument)
    assert second.hints.guid == "array.json#2"
    assert second.hints.byline == "Staff reporter"
    assert isinstance(third, InputError)
    assert str(third) == f"{path}: record 3: missing text"


def test_single_object_without_an_id_is_named_after_the_file() -> None:
    text = json.dumps({"headline": "Tide tables", "content": "High water at six."}, indent=2)
    (raw,) = list(parse_articles_jsonl(text, name="exports/2025/tides.json"))
    assert isinstance(raw, RawDocument)
    assert raw.hints.guid == "tides.json"
    assert raw.content == "High water at six."


def test_single_object_missing_a_title_names_the_file_and_the_field() -> None:
    text = json.dumps({"id": "x", "title": " ", "text": "Body."}, indent=2)
    (error,) = list(parse_articles_jsonl(text, name="in/x.json"))
    assert isinstance(error, InputError)
    assert str(error) == "in/x.json: missing title"


def test_first_non_empty_alias_wins() -> None:
    record = {"title": "T", "text": None, "body": "  ", "maintext": "From maintext."}
    (raw,) = list(parse_articles_jsonl(json.dumps(record, indent=1), name="a.json"))
    assert isinstance(raw, RawDocument)
    assert raw.content == "From maintext."


def test_json_lines_keep_unicode_line_separators_inside_strings() -> None:
    record = {"title": "Line\u2028separator", "text": "Next\x85line\r\nand CRLF"}
    content = "\r\n".join([json.dumps(record, ensure_ascii=False)] * 2) + "\r\n"
    results = list(parse_articles_jsonl(content, name="u.jsonl"))
    assert [r.content for r in results if isinstance(r, RawDocument)] == [record["text"]] * 2
    assert [r.name for r in results if isinstance(r, RawDocument)] == ["u.jsonl:1", "u.jsonl:2"]


def test_broken_pretty_printed_json_is_one_error() -> None:
    text = '{\n  "title": "Cut short",\n  "text": "The file ends in the mid'
    results = list(parse_articles_jsonl(text, name="cut.json"))
    assert len(results) == 1
    assert isinstance(results[0], InputError)
    assert "not valid JSON" in str(results[0])


def test_bad_field_types_are_named() -> None:
    text = json.dumps({"title": "T", "text": "B", "authors": [1, 2]}, indent=1)
    (error,) = list(parse_articles_jsonl(text, name="a.json"))
    assert isinstance(error, InputError)
    assert "'authors'" in str(error)


def test_json_that_is_not_articles_is_not_an_import(imports: Path) -> None:
    for content in ((imports / "settings.json").read_text("utf-8"), "[1, 2, 3]", '{"a": {}}'):
        with pytest.raises(UnsupportedInput, match="no article records"):
            detect_format(RawDocument(content))
        with pytest.raises(UnsupportedInput):
            extract(RawDocument(content))


def test_text_that_merely_starts_like_json_is_still_text() -> None:
    text = "[Updated] The bridge reopened on Sunday.\n\nTraffic was light, police said.\n"
    assert detect_format(RawDocument(text)) == "article-text"


@pytest.mark.parametrize("indent", [None, 2])
def test_json_feed_is_a_feed(indent: int | None) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Valley Wire",
        "items": [{"id": "1", "title": "Harvest", "content_text": "Apples."}],
    }
    assert detect_format(RawDocument(json.dumps(feed, indent=indent))) == "feed"


_NAME = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(_NAME, _NAME), min_size=1, max_size=4),
    st.sampled_from(TITLE_FIELDS),
    st.sampled_from(TEXT_FIELDS),
    st.sampled_from(["object", "array", "jsonl"]),
    st.booleans(),
)
def test_any_shape_round_trips_titles_and_texts(
    records: list[tuple[str, str]], title_key: str, text_key: str, shape: str, ascii: bool
) -> None:
    objects = [{title_key: title, text_key: text} for title, text in records]
    if shape == "object":
        objects = objects[:1]
        content = json.dumps(objects[0], indent=2, ensure_ascii=ascii)
    elif shape == "array":
        content = json.dumps(objects, indent=2, ensure_ascii=ascii)
    else:
        content = "\n".join(json.dumps(item, ensure_ascii=ascii) for item in objects)
    assert detect_format(RawDocument(content)) == "articles-jsonl"
    results = list(parse_articles_jsonl(content, name="gen.json"))
    assert len(results) == len(objects)
    for raw, item in zip(results, objects, strict=True):
        assert isinstance(raw, RawDocument)
        assert raw.hints.title == item[title_key].strip()
        assert raw.content == item[text_key]
    guids = [raw.hints.guid for raw in results if isinstance(raw, RawDocument)]
    assert len(set(guids)) == len(guids)


def test_every_giveme5w1h_article_file_is_an_import(shared_data: Path) -> None:
    paths = sorted((shared_data / "giveme5w1h-news-cluster" / "articles").glob("*.json"))
    assert paths
    for path in paths:
        data = path.read_bytes()
        assert detect_format(RawDocument(data, name=path.name)) == "articles-jsonl", path.name
        source = json.loads(data)
        results = list(parse_articles_jsonl(data.decode("utf-8"), name=path.name))
        assert len(results) == 1, path.name
        (raw,) = results
        assert isinstance(raw, RawDocument), f"{path.name}: {raw}"
        assert raw.hints.title == source["title"].strip()
        assert raw.hints.guid == source["dId"]
        assert raw.content == source["text"]
