"""The page-dump cleaner: the seed page and our own dumps of other shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadsheet.pipeline.extract import detect_format, extract
from broadsheet.pipeline.extract.text import clean_page_text
from broadsheet.types import RawDocument

DUMPS = Path(__file__).resolve().parents[2] / "data" / "extract" / "dumps"


def test_seed_page_title_body_and_related(shared_data: Path) -> None:
    path = shared_data / "seed" / "aggregator-page.txt"
    article = extract(RawDocument(path.read_bytes(), name=str(path)))

    assert article.input_format == "page-text"
    assert article.title == "Putin Puts on Show of Defiance as Cease-Fire Talks Drag On"
    assert article.body.startswith(
        "President Vladimir V. Putin of Russia drew attention to the very factors"
    )
    assert article.body.endswith("the price you pay for being a partner of China.'")
    for outside in (
        "Hashtags",
        "Try Our AI Features",
        "Comments",
        "Related Articles",
        "Himalayas",
        "Sign in to access your portfolio",
        "Daily8",
    ):
        assert outside not in article.body
    assert [(r.source, r.age) for r in article.related] == [
        ("Wall Street Journal", "5 minutes ago"),
        ("Washington Post", "5 minutes ago"),
        ("Yahoo", "33 minutes ago"),
    ]
    titles = [r.title for r in article.related]
    assert titles == [
        "The China-India Infrastructure Race Along the Himalayas",
        "China's strategy? Let Trump cook.",
        "China, EU discussed trade cooperation, issues ahead of summit",
    ]
    assert article.related[0].snippet is not None
    assert article.related[0].snippet.startswith("Over the past decade, China has ramped up")
    yahoo = article.related[2].snippet
    assert yahoo is not None
    assert yahoo.endswith("lack basis in international law.")
    assert "Sign in" not in yahoo
    for paragraph in article.paragraphs:
        assert article.body[paragraph.start : paragraph.end] == paragraph.text


CASES = sorted(p.stem for p in DUMPS.glob("*.txt"))


@pytest.mark.parametrize("case", CASES)
def test_own_dumps_match_expected_output(case: str) -> None:
    text = (DUMPS / f"{case}.txt").read_text("utf-8")
    expected = json.loads((DUMPS / f"{case}.json").read_text("utf-8"))
    raw = RawDocument(text, name=case)

    assert detect_format(raw) == expected["format"]
    article = extract(raw)
    assert article.title == expected["title"]
    assert article.byline == expected["byline"]
    assert article.paragraphs[0].text.startswith(expected["body_starts"])
    assert article.paragraphs[-1].text.endswith(expected["body_ends"])
    assert len(article.paragraphs) == expected["paragraphs"]
    assert article.published is not None
    assert article.published.isoformat() == expected["published"]
    for outside in expected["excluded"]:
        assert outside not in article.body, outside
    assert len(article.related) == len(expected["related"])
    for found, wanted in zip(article.related, expected["related"], strict=True):
        for field, value in wanted.items():
            assert getattr(found, field) == value


def test_dump_without_prose_has_no_paragraphs() -> None:
    menu = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Privacy policy"] * 3)
    assert clean_page_text(menu).paragraphs == ()


def test_related_listing_trailing_widget_text_is_removed() -> None:
    text = "\n".join(
        [
            "Headline of the day is right here",
            "A first paragraph that is long enough to count as real prose, with a full stop.",
            "A second paragraph that is also long enough to count as prose in this dump.",
            "Related Articles",
            "Example Wire",
            "2 hours ago",
            "- Example Wire",
            "Another story about something else entirely",
            "Its snippet is one sentence long. Sign in to access your portfolio",
        ]
    )
    page = clean_page_text(text)
    assert len(page.related) == 1
    assert page.related[0].snippet == "Its snippet is one sentence long."
    assert page.related[0].age == "2 hours ago"


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        # dateutil skips a year glued to a bracket and fills in the current year.
        ("(March 20, 2007) - -", "2007-03-20"),
        ("[Updated 12 May 2014]", "2014-05-12"),
        ("Posted: Nov 27, 2005 8:20 AM", "2005-11-27"),
    ],
)
def test_dateline_year_is_the_one_written(dateline: str, expected: str) -> None:
    text = "\n".join(
        [
            "Gang member convicted of murdering a sheriff's deputy",
            dateline,
            "A Superior Court jury today convicted a gang member of murdering a deputy, "
            "the district attorney's office said in a release on Tuesday.",
            "Prosecutors will now seek the death penalty, a spokeswoman for the office said.",
        ]
    )
    page = clean_page_text(text)
    assert page.published is not None
    assert page.published.date().isoformat() == expected


def test_fuzzy_date_that_misreads_the_written_year_is_no_date() -> None:
    from broadsheet.pipeline.extract.metadata import parse_date

    # dateutil skips "2007’s" and "2007:" and fills in the current year: better none.
    assert parse_date("March 20 — 2007’s best", fuzzy=True) is None
    assert parse_date("Mar 20 2007:", fuzzy=True) is None
    assert parse_date("(March 20, 2007)", fuzzy=True).year == 2007  # type: ignore[union-attr]
