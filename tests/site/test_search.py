"""Search: ranked full-text results with snippets on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from tests.site.factories import make_article

from broadsheet.site.news.search import article_search, fts5_query

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")


@pytest.fixture
def fts() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='porter unicode61')")
    db.execute("INSERT INTO t VALUES ('Harbour bridge reopens', 'The bridge reopened on Friday')")
    db.execute("INSERT INTO t VALUES ('Ferry delays', 'Ferries ran late; the bridge was shut')")
    return db


def _match(db: sqlite3.Connection, text: str) -> list[str]:
    query = fts5_query(text)
    if not query:
        return []
    return [row[0] for row in db.execute("SELECT title FROM t WHERE t MATCH ? ORDER BY rowid",
                                         (query,))]


def test_words_are_anded(fts):
    assert _match(fts, "bridge friday") == ["Harbour bridge reopens"]
    assert _match(fts, "bridge") == ["Harbour bridge reopens", "Ferry delays"]


def test_or_phrase_and_exclusion(fts):
    assert _match(fts, "friday or ferries") == ["Harbour bridge reopens", "Ferry delays"]
    assert _match(fts, '"bridge was shut"') == ["Ferry delays"]
    assert _match(fts, "bridge -ferries") == ["Harbour bridge reopens"]


@pytest.mark.parametrize("text", ['"', "***", "-", "AND OR NOT", "(", 'NEAR("a" "b")', "-bridge",
                                  "title:bridge", "^bridge", "bridge*", "'; DROP TABLE t; --"])
def test_hostile_text_never_breaks_match(fts, text):
    _match(fts, text)  # must not raise sqlite3.OperationalError


def test_keywords_are_searched_as_words(fts):
    assert fts5_query("AND NOT") == '"AND" "NOT"'
    assert fts5_query("!!! ...") == ""


@given(st.text(max_size=80))
def test_any_text_gives_a_valid_fts5_query(text):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='porter unicode61')")
    query = fts5_query(text)
    if query:
        db.execute("SELECT * FROM t WHERE t MATCH ?", (query,)).fetchall()


# --- against the site's database (SQLite or PostgreSQL, per DATABASE_URL) --------------


@pytest.mark.django_db
def test_search_ranks_title_matches_first_and_highlights():
    body_only = make_article(
        title="Weather for the weekend", body="Rain, then a lighthouse beam in fog.\n\nCold."
    )
    in_title = make_article(
        title="Lighthouse keepers return", body="Keepers are back on the rock.\n\nLighthouse."
    )
    make_article(title="Budget vote", body="The council voted.\n\nNo lights.")
    results = article_search("lighthouse")
    assert results.total == 2
    assert [h.article.pk for h in results.hits] == [in_title.pk, body_only.pk]
    marked = [piece.text.lower() for piece in results.hits[1].snippet if piece.hit]
    assert marked and all("lighthouse" in m for m in marked)


@pytest.mark.django_db
def test_search_skips_copies_and_stems():
    original = make_article(title="Ferries cancelled", body="Storms cancelled the ferries.")
    make_article(title="Ferries cancelled (copy)", body="Storms cancelled the ferries!",
                 duplicate_of=original)
    results = article_search("ferry cancel")
    assert [h.article.pk for h in results.hits] == [original.pk]


@pytest.mark.django_db
def test_search_paginates():
    for n in range(5):
        make_article(title=f"Harbour note {n}", body=f"Harbour item {n}.")
    first = article_search("harbour", offset=0, limit=3)
    second = article_search("harbour", offset=3, limit=3)
    assert first.total == 5 and first.has_next and not second.has_next
    assert len(first.hits) == 3 and len(second.hits) == 2
    assert not {h.article.pk for h in first.hits} & {h.article.pk for h in second.hits}


@pytest.mark.django_db
@pytest.mark.parametrize("text", ['"""', "!!!", "-", "((", "AND", "-harbour", 'a"b', "&|!:*"])
def test_punctuation_and_operators_give_results_or_nothing_never_an_error(client: Client, text):
    make_article(title="Harbour", body="Harbour body.")
    response = client.get(reverse("news:search"), {"q": text})
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_page_shows_ranked_hits_with_escaped_snippets(client: Client):
    make_article(title="<i>Tidal</i> power plan", body="A tidal <b>barrage</b> is planned.")
    html = client.get(reverse("news:search"), {"q": "tidal"}).content.decode()
    assert "1 result for" in html
    assert "&lt;i&gt;Tidal&lt;/i&gt; power plan" in html
    assert "<mark>" in html and "<b>barrage</b>" not in html


@pytest.mark.django_db
def test_search_page_without_query_shows_only_the_form(client: Client):
    html = client.get(reverse("news:search")).content.decode()
    assert 'name="q"' in html and "result" not in html


@pytest.mark.django_db
def test_search_bad_parameters_are_400(client: Client):
    assert client.get(reverse("news:search"), {"q": "x", "page": "two"}).status_code == 400
    assert client.get(reverse("news:search"), {"q": "x" * 501}).status_code == 400


@pytest.mark.django_db
def test_search_uses_the_database_engine():
    make_article(title="Quay works", body="Works on the quay.")
    assert connection.vendor in {"sqlite", "postgresql"}
    assert article_search("quay").total == 1


_snippet_text = st.lists(
    st.tuples(st.text(alphabet=st.characters(blacklist_characters="\ue000\ue001"), max_size=12),
              st.booleans()),
    max_size=6,
)


@given(_snippet_text)
def test_snippet_segments_round_trip(pieces):
    from broadsheet.site.news.search import _MARK_CLOSE, _MARK_OPEN, _snippet

    marked = "".join(f"{_MARK_OPEN}{t}{_MARK_CLOSE}" if hit else t for t, hit in pieces)
    segments = _snippet(marked)
    assert "".join(s.text for s in segments) == "".join(t for t, _ in pieces)
    assert "".join(s.text for s in segments if s.hit) == "".join(t for t, hit in pieces if hit)
    assert all(s.text for s in segments)
