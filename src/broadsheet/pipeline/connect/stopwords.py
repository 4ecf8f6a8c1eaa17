"""Word lists the connect stage ignores, kept as data.

``STOPWORDS`` are English function words plus the reporting verbs and boilerplate of
news prose ("said", "told", weekdays, wire-agency credits), which appear on every kind
of story and so say nothing about which story an article belongs to.
``NAME_STOPWORDS`` are capitalised words that are not names (articles, honorifics,
weekdays, months, titles of office), so that "Prime Minister Tomas Albarran said on
Tuesday" yields the name "tomas albarran" only.
Nothing here is computed; edit the lists, not code.
"""

from __future__ import annotations

__all__ = ["NAME_STOPWORDS", "STOPWORDS"]

_FUNCTION_WORDS = """
a about above across after afterwards again against all almost alone along already also
although always am among amongst an and another any anyhow anyone anything anyway anywhere
are around as at back be became because become becomes becoming been before beforehand
behind being below beside besides between beyond both but by can cannot could did do does
doing done down due during each either else elsewhere enough etc even ever every everyone
everything everywhere except few for former formerly from further get gets getting give
given go goes going gone got had has have having he hence her here hereafter hereby herein
hers herself him himself his how however i if in indeed into is it its itself just last
latter least less made make makes making many may me meanwhile might mine more moreover
most mostly much must my myself namely neither never nevertheless next no nobody none
noone nor not nothing now nowhere of off often on once one only onto or other others
otherwise our ours ourselves out over own per perhaps please put quite rather re really
same see seem seemed seeming seems several she should since so some somehow someone
something sometime sometimes somewhere still such than that the their theirs them
themselves then thence there thereafter thereby therefore therein thereupon these they
this those though through throughout thru thus to together too toward towards under
until up upon us use used using very via was we well were what whatever when whence
whenever where whereafter whereas whereby wherein whereupon wherever whether which while
whither who whoever whole whom whose why will with within without would yet you your
yours yourself yourselves isn't aren't wasn't weren't don't doesn't didn't won't wouldn't
can't couldn't shouldn't it's i'm he's she's that's there's they're we're you're i've
we've they've let's also like new news
"""

# Words of news prose that appear on every kind of story.
_NEWS_WORDS = """
said says say saying told tell telling according reported report reports reporting
reporter reporters statement added adding asked including include includes included
year years yesterday today tonight week weeks month months day days time times
monday tuesday wednesday thursday friday saturday sunday
january february march april june july august september october november december
mr mrs ms dr
percent people
image images photo photos video videos caption copyright getty ap afp reuters
click share comment comments email facebook twitter subscribe advertisement
read more update updated updates live
"""

STOPWORDS: frozenset[str] = frozenset((_FUNCTION_WORDS + _NEWS_WORDS).split())

NAME_STOPWORDS: frozenset[str] = frozenset(
    """
    a an the this that these those it its he she they we i you his her their our my
    and or but if as at by for from in into of on to with after before when while
    mr mr. mrs mrs. ms ms. dr dr. sir
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    photo video image getty ap afp reuters updated update live breaking read
    president prime minister governor senator chancellor mayor secretary spokesman
    spokeswoman spokesperson officer judge pope king queen prince princess
    """.split()
)
