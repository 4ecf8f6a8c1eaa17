"""Speech cues: the verbs that introduce a direct quote, kept as data.

Word lists and two small predicates used by :mod:`quotes` to tell a speech verb
("said", "told", "shot back") from other words. Pure; no model, no state.
"""

from __future__ import annotations

__all__ = ["CUE_VERBS", "NOUN_LIKE_CUES", "PHRASAL_CUES", "is_cue", "is_phrasal_cue"]

#: Speech and writing verbs that introduce a direct quote, all inflections listed.
#: Collected from the seed article and the PolNeAR train split's Cue spans.
CUE_VERBS = frozenset(
    """say says said saying tell tells told telling add adds added adding write writes
    wrote written writing note notes noted noting ask asks asked asking explain explains
    explained state states stated declare declares declared insist insists insisted
    argue argues argued claim claims claimed warn warns warned recall recalls recalled
    continue continues continued reply replies replied respond responds responded
    answer answers answered tweet tweets tweeted tweeting announce announces announced
    acknowledge acknowledged admit admits admitted suggest suggests suggested observe
    observed remark remarked predict predicted complain complained complains conclude
    concluded emphasize emphasized emphasised stress stressed contend contended
    charge charged quip quipped joke joked shout shouted yell yelled whisper whispered
    exclaim exclaimed boast boasted vow vowed promise promised pledge pledged urge urged
    demand demanded confirm confirmed deny denied concede conceded counter countered
    retort retorted assert asserted maintain maintained testify testified posted posts
    wondered wonders mused muses recounted recounts describe described describes
    lamented laments cautioned cautions reiterated reiterates agreed agrees
    chimed interjected scoffed sighed texted emailed claiming arguing insisting
    warning stating declaring explaining asserting calling called suggesting noting
    adding writing telling asking answering responding replying barked boomed mocked
    mocks confessed alleged alleges cited cites cried snapped quipped proclaimed
    proclaims pleaded thundered fumed griped bragged touted touts hailed hails dubbed
    labeled labelled praised praises blasted blasts slammed slams accused accuses
    criticized criticised criticizes mocking blasting praising touting beamed groused
    grumbled gushed raved ranted shrugged
    accusing acknowledges acknowledging admitting alleging announcing boasting
    boasts cautioning complaining concedes conceding concludes concluding confesses
    confirming confirms contends contending countering cries crying criticizing
    demanding denies denying describing emphasizes emphasizing emphasises exclaiming
    insisted insists jokes joking lamenting maintains maintaining observes observing
    pleading pledging predicting predicts proclaiming quips quipping recalling
    recounting reiterating remarks remarking retorting scoffing shouting stresses
    stressing testifies testifying urges urging vowing warns whispering wondering
    yelling reported reports read reads revealed reveals denounced denounces
    retaliated chanted chants chanting assured assures elaborated elaborates decried
    decries bemoaned bemoans reacted reacts remembered surmised condemned condemns
    questioned pressed""".split()
)

#: Two-word speech verbs (verb, particle).
PHRASAL_CUES = frozenset({
    ("shot", "back"), ("shoots", "back"), ("fired", "back"), ("fires", "back"),
    ("went", "on"), ("goes", "on"), ("pointed", "out"), ("points", "out"),
    ("chimed", "in"), ("chimes", "in"), ("hit", "back"), ("hits", "back"),
    ("spoke", "up"), ("summed", "up"), ("sums", "up"), ("put", "it"), ("puts", "it"),
})

#: Cue forms that are also nouns ("the tweets", "his claims"): not cues before a quote.
NOUN_LIKE_CUES = frozenset(
    "tweets posts charges claims notes states answers calls promises demands vows "
    "pledges warns counters state note claim charge answer call post counter promise "
    "demand pledge vow tweet remark remarks jokes cries quips".split())


def is_cue(word: str, head: bool = False) -> bool:
    """Whether ``word`` is a speech verb (``head``: before a quote, so no noun forms)."""
    bare = word.lower().strip(".,!?\"'“”‘’")
    return bare in CUE_VERBS and not (head and bare in NOUN_LIKE_CUES)


def is_phrasal_cue(words: list[tuple[str, int, int]], i: int) -> bool:
    """Two-word speech verbs: "shot back", "went on", "pointed out"."""
    if i + 1 >= len(words):
        return False
    pair = (words[i][0].lower(), words[i + 1][0].lower().strip(".,!?:"))
    return pair in PHRASAL_CUES
