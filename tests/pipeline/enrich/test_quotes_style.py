"""An article's quote style: the other kind of marks are headline or nested quotes."""

from __future__ import annotations

from broadsheet.pipeline.enrich import Enricher

from .conftest import make_article


def test_single_quotes_in_double_quote_copy_are_not_quotes(enricher: Enricher) -> None:
    article = make_article("Style", [
        "Cruz 'glad to finish the fight' with Trump.",
        "“We will finish this fight in Iowa,” Ted Cruz said on Monday.",
        "“Nobody expected the race to last this long,” he added.",
    ])
    quotes = enricher.enrich(article).quotes
    assert [q.text for q in quotes] == ["We will finish this fight in Iowa",
                                        "Nobody expected the race to last this long"]


def test_single_quote_copy_keeps_its_quotes(enricher: Enricher) -> None:
    article = make_article("Style", [
        "'We will finish this fight in Iowa,' Ted Cruz said on Monday.",
        "The rally was billed as \"the last stand of the campaign\" by his aides.",
        "'Nobody expected the race to last this long,' he added.",
        "'It is a long road to the convention,' said Mary Lee.",
    ])
    quotes = enricher.enrich(article).quotes
    assert [q.text for q in quotes] == ["We will finish this fight in Iowa",
                                        "Nobody expected the race to last this long",
                                        "It is a long road to the convention"]
