"""Keyword lexicon for the section classifier, kept as data.

Hand-written from general knowledge of news vocabulary (not fitted to any corpus);
each word has a weight of 1 (topical) or 2 (nearly unambiguous). Words are stemmed at
import with the same stemmer the classifier uses. ``SECTION_ALIASES`` maps category
labels and URL path words to sections.
"""

from __future__ import annotations

from broadsheet.pipeline.enrich.text import stem

__all__ = ["LEXICON", "SECTION_ALIASES"]

_RAW: dict[str, tuple[str, str]] = {
    # section: (weight-2 words, weight-1 words)
    "politics": (
        "election elections parliament parliamentary mps mp senate senator congress "
        "congressional minister ministers labour tory tories conservatives democrats "
        "republicans republican democrat democratic campaign candidate candidates "
        "voters ballot referendum legislation lawmakers cabinet chancellor premier "
        "opposition manifesto constituency whitehall downing",
        "government party parties vote votes voted voting policy policies bill law "
        "president prime leader leaders political politics politician politicians "
        "reform tax taxes spending secretary spokesman official officials committee "
        "council mayor governor state immigration asylum police crime court judge "
        "nuclear war military sanctions diplomatic diplomats treaty",
    ),
    "business": (
        "shares investors profits profit revenue revenues earnings economy economic "
        "economists inflation gdp stock stocks markets dividend bankruptcy takeover "
        "merger acquisition retailer retailers sales quarter quarterly shareholders "
        "ftse dow nasdaq imf",
        "bank banks company companies firm firms business businesses market prices "
        "price growth trade trading deficit rate rates interest oil dollar euro "
        "industry jobs unemployment consumer consumers spending debt loans billion "
        "million exports imports chief executive boss deal deals investment fund funds",
    ),
    "technology": (
        "software internet online computer computers broadband mobile phones "
        "smartphone smartphones technology technologies digital microsoft apple google "
        "virus hackers hacker spam website websites gadgets gadget chip chips "
        "processor browser apps app download downloads users cyber ai algorithm "
        "robot robots",
        "net web network networks device devices tech data users service services "
        "video games game gaming console consoles electronic search music screen "
        "wireless satellite system systems program programs security",
    ),
    "sport": (
        "match matches cup championship championships league tournament coach "
        "football soccer rugby cricket tennis golf olympic olympics athletics "
        "striker goal goals midfielder defender squad injury injured semi-final final "
        "finals medal medals seeded wimbledon premiership batsman wicket",
        "team teams player players win won victory defeat season game games play "
        "played playing club clubs race champion champions title fans stadium "
        "manager captain scored score side international world record",
    ),
    "entertainment": (
        "film films movie movies actor actress actors oscar oscars box-office album "
        "albums singer band bands music musical festival comedy director directors "
        "hollywood grammy bafta star stars chart charts concert theatre celebrity",
        "show shows award awards tv television series drama song songs book books "
        "novel artist artists fans audience premiere studio role stage dance",
    ),
    "science": (
        "scientists researchers research study studies species climate nasa space "
        "planet planets astronomers physics chemistry biology fossil fossils genome "
        "genetic evolution telescope",
        "science scientific university experiment data discovery discovered earth "
        "ocean energy environment environmental carbon emissions",
    ),
    "health": (
        "patients hospital hospitals doctors nurses disease diseases cancer vaccine "
        "vaccines virus infection infections nhs medical medicine drugs treatment "
        "obesity diabetes surgery pandemic outbreak",
        "health care healthcare drug symptoms risk clinic clinical trial trials "
        "mental diet",
    ),
}

LEXICON: dict[str, dict[str, float]] = {}
for _section, (_strong, _weak) in _RAW.items():
    terms: dict[str, float] = {}
    for _word in _weak.split():
        terms[stem(_word)] = 1.0
    for _word in _strong.split():
        terms[stem(_word)] = 2.0
    LEXICON[_section] = terms

#: Category labels and URL path words that name a section outright.
SECTION_ALIASES: dict[str, str] = {
    "politics": "politics", "political": "politics", "election": "politics",
    "elections": "politics", "government": "politics", "policy": "politics",
    "world": "world", "international": "world", "global": "world", "foreign": "world",
    "europe": "world", "asia": "world", "africa": "world", "americas": "world",
    "middle-east": "world", "middleeast": "world",
    "business": "business", "economy": "business", "money": "business",
    "markets": "business", "finance": "business", "companies": "business",
    "technology": "technology", "tech": "technology", "science-technology": "technology",
    "gadgets": "technology", "internet": "technology", "computing": "technology",
    "sport": "sport", "sports": "sport", "football": "sport", "soccer": "sport",
    "cricket": "sport", "rugby": "sport", "tennis": "sport", "golf": "sport",
    "nba": "sport", "nfl": "sport", "mlb": "sport", "nhl": "sport", "olympics": "sport",
    "entertainment": "entertainment", "arts": "entertainment", "culture": "entertainment",
    "film": "entertainment", "movies": "entertainment", "music": "entertainment",
    "tv": "entertainment", "television": "entertainment", "celebrity": "entertainment",
    "showbiz": "entertainment", "books": "entertainment",
    "science": "science", "environment": "science", "climate": "science",
    "space": "science",
    "health": "health", "wellness": "health", "medicine": "health",
}
