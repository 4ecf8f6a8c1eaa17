"""What page chrome looks like in text: the phrase lists the page-dump cleaner uses.

Kept as data, apart from the logic in ``text.py``, in the manner of trafilatura's
selector modules. Each pattern matches a WHOLE line (case-insensitive) of a text
rendering of a web page. ``SECTION_END`` lines start a part of the page that is no
longer the article (related stories, comments, footers); ``CHROME`` lines are buttons,
labels and notices that may sit inside the article and are dropped from it. The lists
were written from how news pages are built in general (menus, share bars, paywalls,
cookie banners, newsletter boxes), then checked against the dev page dumps in
shared/data/page-dumps; no pattern names a site.
"""

from __future__ import annotations

import re

__all__ = [
    "AGE",
    "CHROME",
    "CREDIT",
    "DATELINE",
    "RELATED_HEADING",
    "SECTION_END",
    "TRAILING_CHROME",
]


def _whole_line(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"^\W*(?:" + "|".join(patterns) + r")\W*$", re.IGNORECASE)


# Headings that introduce lists of other articles.
_RELATED = (
    r"related(?: (?:articles?|stories|content|coverage|news|posts?|reading|links|videos?))?",
    r"(?:more|other|latest|top|popular|trending) (?:articles?|stories|news|headlines|posts)",
    r"more (?:from|on|in|about) .{1,40}",
    r"(?:you (?:may|might) (?:also )?like|recommended(?: for you| stories| articles)?)",
    r"(?:read|see|watch) (?:more|next|also)(?: stories| articles)?",
    r"(?:most (?:popular|read|viewed|shared)(?: \w+)?)",
    r"(?:what to read next|up next|also read|editor'?s picks|around the web)",
    r"(?:trending(?: now)?|latest news|top stories|in other news)",
)
RELATED_HEADING = _whole_line(*_RELATED)

# Anything after one of these is not the article (comments, tags, footers, widgets).
SECTION_END = _whole_line(
    *_RELATED,
    r"(?:\d+ )?comments?(?: \(\d+\))?",
    r"(?:show|view|load|read|leave|post|add) (?:a |all |the )?comments?.*",
    r"no comments yet.*",
    r"join the (?:conversation|discussion)",
    r"(?:hashtags|tags|topics|filed under|categories)",
    r"(?:about the author|about us|contact us|follow us(?: on)?|connect with us)",
    r"(?:site ?index|browse|share this:?|like this:?|leave a reply|post navigation)",
    r"\d+ (?:responses|replies|thoughts|comments) (?:to|on) .{1,200}",
    r".{1,60} (?:says|said|wrote|commented)(?: on .{1,60})?:",
    r"reply|report (?:abuse|comment)",
    r"(?:privacy policy|terms of (?:use|service)|cookie policy|site ?map)",
    r"(?:try our ai features|explore what .{1,40} can do for you)",
    r"(?:sponsored(?: content| stories)?|promoted stories|paid content|from our partners)",
    r"(?:to read the full story|subscribe to (?:continue|read).*)",
)

# Buttons, labels and notices; dropped wherever they are.
CHROME = _whole_line(
    r"advertisement|advertising|ad|sponsored|skip (?:ad|advertisement)",
    r"(?:advertisement\W+)?(?:story continues below(?: advertisement)?"
    r"|continue reading(?: below| the main story)?)",
    r"share(?: this(?: article| story)?| on .{0,60})?|tweet|email|print|copy link|save",
    r"facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|flipboard|instagram|youtube",
    r"(?:sign|log) ?(?:in|up|out)(?: .{0,40})?|subscribe(?: now| today)?|register",
    r"(?:get|sign up for|subscribe to) (?:our|the) .{0,40}newsletters?.*",
    r".{0,60}\bnewsletter\b.{0,40}",
    r".{0,80}\b(?:cookies?|consent)\b.{0,120}",
    r"(?:accept|reject|decline|agree|manage)(?: all)?(?: cookies| settings| preferences)?",
    r"(?:ok|got it|close|menu|search|home|back to top|next|previous|loading\.*)",
    r"skip to (?:main )?(?:content|navigation)|skip navigation|jump to .{1,30}",
    r"(?:photo|image|video|credit|source)s?:? .{0,80}|(?:photo|image|video|graphic)s?",
    r"listen to (?:this )?(?:article|story).{0,40}|\d+ min(?:ute)?s? (?:read|listen)",
    r"scroll (?:down )?for (?:the )?(?:video|more)",
    r"(?:enable|turn on) javascript.*|your browser does not support.*",
)

# A trailing sentence of a related item's snippet that is a widget's label.
TRAILING_CHROME = re.compile(
    r"\s*(?:sign in to access your portfolio|read (?:the )?(?:full )?(?:article|story|more)"
    r"|continue reading|click here.{0,40}|subscribe.{0,40})\W*$",
    re.IGNORECASE,
)

# The relative age of a listed item: "5 minutes ago", "yesterday", "just now".
AGE = re.compile(
    r"^(?:\d+|an?|one) (?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s? ago$"
    r"|^(?:\d+ ?[smhdw] ago|yesterday|just now|today)$",
    re.IGNORECASE,
)

# A wire story's credit line ("Reporting by ...; Editing by ..."): part of the article.
CREDIT = re.compile(
    r"^\(?(?:additional )?(?:reporting|writing|editing|compiled|produced) by\b", re.IGNORECASE
)

# A line that carries a date or a time stamp rather than a headline.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATELINE = re.compile(
    r"\b(?:\d{1,2}\s+" + _MONTH + r"\s+\d{4}|" + _MONTH + r"\s+\d{1,2},?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[:.]\d{2}\s*(?:am|pm)?\b)"
    r"|^(?:posted|published|updated|last updated|modified)\b|\bago$",
    re.IGNORECASE,
)
