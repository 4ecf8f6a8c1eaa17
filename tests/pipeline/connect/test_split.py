"""Tests for connect.split: the split and merge checks, alone and inside StoryIndex."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from broadsheet.pipeline.connect import StoryFeatures, StoryIndex, StoryState, TermStats
from broadsheet.pipeline.connect.split import (
    ADOPT_THRESHOLD,
    MERGE_RATIO,
    MIN_MERGE_MEMBERS,
    MIN_SPLIT_SIZE,
    SPLIT_CLEAR_RATIO,
    SPLIT_MAX_ACROSS,
    SPLIT_RATIO,
    TAIL_MAX_ACROSS,
    TAIL_SIZE,
    _bisect,
    _contrastive_cosines,
    _halves,
    _plain_cosines,
    check_merge,
    check_split,
    check_tail,
)
from broadsheet.pipeline.connect.story import (
    NEAR_DAYS,
    RECENT_MEMBERS,
    member_cosine,
    member_vector,
)

SHARED = {"pirate": 3, "navy": 3, "gulf": 2, "aden": 2, "merchant": 1, "vessel": 1}


def _article(id: str, specific: dict[str, int], extra: str) -> StoryFeatures:
    body = {**SHARED, **specific, extra: 1}
    return StoryFeatures(id=id, title="", title_terms={}, body_terms=body, entities={})


def _sibling_events() -> list[StoryFeatures]:
    """Two events of one kind: same topical words, different ship, figures and date."""
    first = [_article(f"a{i}", {"23": 2, "mysore": 2, "gibe": 1, "saturday": 1}, f"x{i}")
             for i in range(5)]
    second = [_article(f"b{i}", {"26": 2, "sukanya": 2, "2011": 1, "thursday": 1}, f"y{i}")
              for i in range(5)]
    return [item for pair in zip(first, second, strict=True) for item in pair]


def _stats(items: list[StoryFeatures]) -> TermStats:
    stats = TermStats()
    for item in items:
        stats.add(item)
    return stats


def test_two_sibling_events_are_split_along_their_specifics() -> None:
    items = _sibling_events()
    check = check_split(items, _stats(items))
    assert check.split, check.reason
    halves = [{items[k].id[0] for k in group} for group in check.groups]
    assert halves == [{"a"}, {"b"}]
    assert check.between < check.within


def test_one_event_told_differently_is_kept() -> None:
    items = [_article(f"a{i}", {"23": 2, "mysore": 2, "gibe": 1}, f"x{i}") for i in range(10)]
    check = check_split(items, _stats(items))
    assert not check.split
    assert check.reason.startswith("kept")


def test_a_small_half_is_not_a_second_event() -> None:
    events = _sibling_events()
    small = [i for i in events if i.id.startswith("a")][: MIN_SPLIT_SIZE - 1]
    items = small + [i for i in events if i.id.startswith("b")]
    check = check_split(items, _stats(items))
    assert not check.split
    assert sorted(len(g) for g in check.groups) == [MIN_SPLIT_SIZE - 1, 5]


def test_story_index_splits_a_chained_story_at_a_check_size() -> None:
    # A story whose members all land in one story (shared vocabulary) is split when it
    # reaches 12 members: each event's articles end up in a story of their own.
    items = _sibling_events() + [
        _article("a5", {"23": 2, "mysore": 2, "gibe": 1, "saturday": 1}, "x5"),
        _article("b5", {"26": 2, "sukanya": 2, "2011": 1, "thursday": 1}, "y5"),
    ]
    index = StoryIndex(window=None)
    for item in items:
        index.assign(item)
    stories = {index.story_of(item.id) for item in items}
    assert len(stories) == 2
    for prefix in "ab":
        assert len({index.story_of(i.id) for i in items if i.id.startswith(prefix)}) == 1


def test_halves_are_found_on_what_varies_within_the_story() -> None:
    # Both events share the topic's words; one long, oblique member ("odd", a court
    # piece that names the first event's ship once) is the least like everyone. On plain
    # cosines average-link peels it off alone (a half of one: kept as one story); on
    # contrastive cosines the words every member holds drop out, so the halves are the
    # two events, with the oblique piece beside the ship it names.
    topic = {"pirate": 2, "navy": 2, "hijack": 1, "gulf": 1}
    items = []
    for i in range(5):
        items.append(_story_member(f"a{i}", {**topic, "mysore": 2, "23": 1, f"x{i}": 1}))
        items.append(_story_member(f"b{i}", {**topic, "sukanya": 2, "26": 1, f"y{i}": 1}))
    court = {"somalia": 3, "ransom": 3, "court": 3, "trial": 3, "lawyer": 3}
    items.append(_story_member("odd", {**topic, "mysore": 1, **court}))
    stats = _stats(items)
    vectors = [member_vector(m) for m in items]
    plain = [[member_cosine(a, b, stats) if a is not b else 0.0 for b in vectors]
             for a in vectors]
    assert sorted(len(group) for group in _bisect(plain)) == [1, 10]

    check = check_split(items, stats)
    assert check.split, check.reason
    halves = [{items[k].id for k in group} for group in check.groups]
    assert halves == [{"a0", "a1", "a2", "a3", "a4", "odd"}, {"b0", "b1", "b2", "b3", "b4"}]
    # The verdict is on plain cosines: the halves are much less alike across than within.
    assert check.between < SPLIT_RATIO * check.within


def test_lone_outliers_are_set_aside_and_rejoin_the_half_they_are_closer_to() -> None:
    # Two events (sharing "somali" and "aden" besides the topic) and two long oblique
    # pieces, each naming one event's ship once. Average-link cuts a lone piece off
    # first (a half of one: kept as one story); set aside, the rest bisects into the
    # events, and each piece rejoins the half whose ship it names.
    topic = {"pirate": 2, "navy": 2, "hijack": 1, "gulf": 1, "somali": 3, "aden": 3}
    first = {"mysore": 2, "23": 1, "tanker": 2, "oil": 1, "freed": 1}
    second = {"sukanya": 2, "26": 1, "trawler": 2, "fish": 1, "seized": 1}
    items = []
    for i in range(5):
        items.append(_story_member(f"a{i}", {**topic, **first, f"x{i}": 1}))
        items.append(_story_member(f"b{i}", {**topic, **second, f"y{i}": 1}))
    court = {"pirate": 2, "navy": 2, "hijack": 1, "gulf": 1}
    items.append(_story_member("odd1", {**court, "mysore": 1, "ransom": 20, "kenya": 20}))
    items.append(_story_member("odd2", {**court, "sukanya": 1, "trial": 20, "judge": 20}))
    stats = _stats(items)
    vectors = [member_vector(m) for m in items]
    contrast = _contrastive_cosines(vectors, [None] * len(items), stats)
    assert sorted(len(group) for group in _bisect(contrast)) == [1, 11]
    first, second, outliers = _halves(contrast)
    assert sorted(items[k].id for k in outliers) == ["odd1", "odd2"]
    assert sorted((len(first), len(second))) == [5, 5]

    check = check_split(items, stats)
    assert check.split, check.reason
    halves = [{items[k].id for k in group} for group in check.groups]
    assert halves == [{"a0", "a1", "a2", "a3", "a4", "odd1"},
                      {"b0", "b1", "b2", "b3", "b4", "odd2"}]


def _two_angles(shared: int) -> list[StoryFeatures]:
    """One event from two angles: ``shared`` words of the event in every member, and
    four words each angle's five members hold (the rescue, the ransom)."""
    event = {f"e{k}": 1 for k in range(shared)}
    rescue = {"rescue": 1, "helicopter": 1, "crew": 1, "freed": 1}
    ransom = {"ransom": 1, "demand": 1, "owner": 1, "paid": 1}
    items = []
    for i in range(5):
        items.append(_story_member(f"r{i}", {**event, **rescue, f"x{i}": 1}))
        items.append(_story_member(f"p{i}", {**event, **ransom, f"y{i}": 1}))
    return items


def test_halves_alike_across_are_kept_together_whatever_the_ratio() -> None:
    # The event's own words make the halves alike across (above SPLIT_MAX_ACROSS) while
    # the angles' words make each half still more alike within: the ratio alone would
    # cut it, the cap keeps it.
    items = _two_angles(15)
    background = [_story_member(f"z{i}", {f"w{i}": 1, f"v{i}": 1}) for i in range(20)]
    check = check_split(items, _stats(items + background))
    assert [{items[k].id[0] for k in group} for group in check.groups] == [{"r"}, {"p"}]
    assert SPLIT_CLEAR_RATIO * check.within <= check.between < SPLIT_RATIO * check.within
    assert check.between >= SPLIT_MAX_ACROSS
    assert not check.split, check.reason
    assert check.reason.startswith(f"kept: across {check.between:.2f} ≥ {SPLIT_MAX_ACROSS}")


def test_halves_far_less_alike_across_than_within_split_above_the_cap() -> None:
    # Two events each told in near-identical words: alike across above the cap, but
    # far less than within (below SPLIT_CLEAR_RATIO ×): two events all the same.
    items = _sibling_events()
    check = check_split(items, _stats(items))
    assert check.between >= SPLIT_MAX_ACROSS
    assert check.between < SPLIT_CLEAR_RATIO * check.within
    assert check.split, check.reason


def test_words_of_one_outlet_weigh_less_than_words_of_many() -> None:
    # The same word held by two members: from one outlet it is house style (weighed by
    # 1/2, the share of distinct outlets among its holders), from two it is news.
    items = [
        _story_member("p", {"dprk": 1, "missile": 1, "p1": 1}),
        _story_member("q", {"dprk": 1, "launch": 1, "q1": 1}),
        _story_member("r", {"japan": 1, "r1": 1}),
    ]
    vectors = [member_vector(m) for m in items]
    stats = _stats(items)
    one_outlet = _contrastive_cosines(vectors, ["cd.cn", "cd.cn", "x.com"], stats)
    two_outlets = _contrastive_cosines(vectors, ["cd.cn", "y.com", "x.com"], stats)
    assert 0.0 < one_outlet[0][1] < two_outlets[0][1]
    assert one_outlet[0][2] == two_outlets[0][2] == 0.0  # nothing shared


def test_contrastive_cosines_ignore_words_every_member_holds() -> None:
    shared_only = [_story_member(f"s{i}", {"pirate": 2, "navy": 1}) for i in range(3)]
    sims = _contrastive_cosines([member_vector(m) for m in shared_only], [None] * 3,
                                _stats(shared_only))
    assert all(value == 0.0 for row in sims for value in row)
    events = _sibling_events()
    sims = _contrastive_cosines([member_vector(m) for m in events], [None] * len(events),
                                _stats(events))
    same = sims[0][2]  # a0 and a1
    other = sims[0][1]  # a0 and b0
    assert same > 0.4
    assert other == 0.0  # they share only the words all ten hold


def test_plain_cosines_are_the_join_rules_member_cosines() -> None:
    items = _sibling_events() + [_story_member("empty", {})]
    vectors = [member_vector(m) for m in items]
    stats = _stats(items)
    sims = _plain_cosines(vectors, stats)
    for i, a in enumerate(vectors):
        for j, b in enumerate(vectors):
            expected = member_cosine(a, b, stats) if i != j else 0.0
            assert abs(sims[i][j] - expected) < 1e-12, (i, j)
    assert sims[0][2] > sims[0][1] > 0.0  # same event above sibling event above nothing


def _story_member(id: str, body: dict[str, int]) -> StoryFeatures:
    return StoryFeatures(id=id, title="", title_terms={}, body_terms=body, entities={})


def _state_of(items: list[StoryFeatures]) -> StoryState:
    state = StoryState.start(items[0])
    for item in items[1:]:
        state = state.update(item)
    return state


def test_two_stories_of_one_event_merge() -> None:
    event = [_article(f"a{i}", {"23": 2, "mysore": 2, "gibe": 1}, f"x{i}") for i in range(6)]
    check = check_merge(_state_of(event[:3]), _state_of(event[3:]), _stats(event))
    assert check.merge, check.reason
    assert check.between >= MERGE_RATIO * check.within


def test_sibling_events_stay_apart() -> None:
    events = _sibling_events()
    first = [i for i in events if i.id.startswith("a")]
    second = [i for i in events if i.id.startswith("b")]
    check = check_merge(_state_of(first), _state_of(second), _stats(events))
    assert not check.merge
    assert check.reason.startswith("kept apart: across")
    assert check.between < MERGE_RATIO * check.within


def test_a_story_of_one_article_is_adopted_when_its_article_fits() -> None:
    event = [_article(f"a{i}", {"23": 2, "mysore": 2, "gibe": 1}, f"x{i}") for i in range(4)]
    lone = _state_of(event[:1])
    grown = _state_of(event[1:])
    check = check_merge(lone, grown, _stats(event))
    assert check.merge, check.reason
    assert check.reason.startswith("adopted")
    assert check.between >= ADOPT_THRESHOLD
    # The verdict does not depend on which story is passed first.
    assert check_merge(grown, lone, _stats(event)).merge


def test_a_story_of_one_article_that_does_not_fit_stays_apart() -> None:
    event = [_article(f"a{i}", {"23": 2, "mysore": 2, "gibe": 1}, f"x{i}") for i in range(4)]
    other = _story_member("o", {"navy": 1, "budget": 3, "senate": 3, "vote": 2})
    stats = _stats([*event, other])
    lone = _state_of([other])
    check = check_merge(lone, _state_of(event), stats)
    assert 0.0 < check.between < ADOPT_THRESHOLD  # shares a word, not the story
    assert not check.merge
    assert check.reason.startswith("kept apart: its one article fits at")


def test_a_dated_story_of_one_article_far_from_the_other_in_time_stays_apart() -> None:
    # The same words a year before the story are its background, not its first report;
    # within NEAR_DAYS of the story's span the lone article is adopted.
    def dated(id: str, day: datetime) -> StoryFeatures:
        return replace(_article(id, {"23": 2, "mysore": 2, "gibe": 1}, f"x{id}"), published=day)

    start = datetime(2017, 7, 1, tzinfo=UTC)
    event = [dated(f"a{i}", start + timedelta(days=i)) for i in range(3)]
    for lone_day, adopted in ((start - timedelta(days=NEAR_DAYS + 30), False),
                              (start - timedelta(days=NEAR_DAYS - 5), True)):
        lone = dated("l", lone_day)
        check = check_merge(_state_of([lone]), _state_of(event), _stats([*event, lone]))
        assert check.merge is adopted, check.reason
        if not adopted:
            assert check.reason.startswith(f"kept apart: its one article is {NEAR_DAYS + 30:.0f}")


def test_two_stories_of_one_article_each_stay_apart() -> None:
    event = [_article(f"a{i}", {"23": 2, "mysore": 2, "gibe": 1}, f"x{i}") for i in range(2)]
    check = check_merge(_state_of(event[:1]), _state_of(event[1:]), _stats(event))
    assert not check.merge
    assert f"fewer than {MIN_MERGE_MEMBERS}" in check.reason


def test_story_index_adopts_an_early_oblique_article_once_a_bridge_arrives() -> None:
    # The first article of an event is oblique (it shares little with the reports that
    # follow) and starts a story of its own; the event grows elsewhere. When an article
    # fits both, the lone story is folded into the grown one, not left as a second
    # story of the same event.
    oblique = _story_member("o", {"mysore": 1, "harbour": 3, "tug": 3, "rescue": 2})
    reports = [_story_member(f"r{i}", {"23": 2, "mysore": 2, "gibe": 1, "pirate": 2,
                                       f"x{i}": 1}) for i in range(3)]
    unrelated = [_story_member(f"u{i}", {"budget": 2, "senate": 2, f"z{i}": 1})
                 for i in range(6)]
    bridge = _story_member("b", {"23": 2, "mysore": 2, "gibe": 1, "pirate": 2, "harbour": 1,
                                 "tug": 1})
    index = StoryIndex(window=None)
    for item in [*unrelated, oblique, *reports]:
        index.assign(item)
    assert index.story_of("o") != index.story_of("r0")
    assignment = index.assign(bridge)
    assert assignment.merged
    assert index.story_of("o") == index.story_of("r0") == index.story_of("b")
    assert index.story_of("u0") != index.story_of("r0")


def test_story_index_merges_two_stories_an_article_fits_both() -> None:
    # One event cut in two (as an editor's or a wrong split leaves it): the next article
    # of the event fits both, the two halves are as alike across as within, so they
    # become one story again and the assignment says which story was absorbed.
    event = [_article(f"a{i}", {"23": 2, "mysore": 2, "gibe": 1}, f"x{i}") for i in range(6)]
    index = StoryIndex(window=None)
    for item in event:
        index.assign(item)
    assert len({index.story_of(i.id) for i in event}) == 1
    moved = index.split(index.story_of("a0") or "", ["a3", "a4", "a5"])
    assert index.story_of("a3") == moved.id != index.story_of("a0")
    assignment = index.assign(_article("a6", {"23": 2, "mysore": 2, "gibe": 1}, "x6"))
    assert assignment.merged
    assert len({index.story_of(i) for i in ("a0", "a3", "a6")}) == 1
    assert len(index) == 1


# --- the tail check: the newest articles start a story of their own -----------------

KOREA = {"kim": 2, "korea": 2, "pyongyang": 1}


def _missile(i: int) -> StoryFeatures:
    body = {**KOREA, "missile": 3, "japan": 2, "launch": 2, "hokkaido": 1, f"m{i}": 2}
    return StoryFeatures(id=f"m{i}", title="", title_terms={}, body_terms=body, entities={},
                         source=f"outlet{i}.example")


def _talks(i: int, source: str, *, bridge: bool = False) -> StoryFeatures:
    """Kim's offer of talks: the story's people, not its missiles (a bridge names both)."""
    body = {**KOREA, "dialogue": 3, "olympics": 2, "hotline": 2, "seoul": 1, f"t{i}": 2}
    if bridge:
        body.update({"missile": 2, "launch": 1})
    return StoryFeatures(id=f"t{i}", title="", title_terms={}, body_terms=body, entities={},
                         source=source)


OUTLETS = ["www.nytimes.com", "edition.cnn.com", "www.dailymail.co.uk", "www.bbc.co.uk"]


def test_newest_articles_of_a_new_development_are_split_off() -> None:
    story = [*(_missile(i) for i in range(RECENT_MEMBERS - TAIL_SIZE)),
             *(_talks(i, OUTLETS[i]) for i in range(TAIL_SIZE))]
    check = check_tail(story, _stats(story))
    assert check.split, check.reason
    assert check.groups == (tuple(range(RECENT_MEMBERS - TAIL_SIZE)),
                            tuple(range(RECENT_MEMBERS - TAIL_SIZE, RECENT_MEMBERS)))
    assert check.between < SPLIT_RATIO * check.within and check.between < TAIL_MAX_ACROSS
    assert check.reason.startswith(f"newest {TAIL_SIZE} split off")


def test_only_the_latest_window_is_read_and_indices_point_into_the_members() -> None:
    # Older members (here: talks long before) are outside the window and stay.
    old = [_talks(100 + i, OUTLETS[i]) for i in range(3)]
    story = [*old, *(_missile(i) for i in range(RECENT_MEMBERS - TAIL_SIZE)),
             *(_talks(i, OUTLETS[i]) for i in range(TAIL_SIZE))]
    check = check_tail(story, _stats(story))
    assert check.split, check.reason
    assert check.groups[1] == tuple(range(len(story) - TAIL_SIZE, len(story)))
    assert check.groups[0][0] == len(old)


def test_a_story_told_on_is_kept() -> None:
    story = [_missile(i) for i in range(RECENT_MEMBERS)]
    check = check_tail(story, _stats(story))
    assert not check.split
    assert check.between >= SPLIT_RATIO * check.within, check.reason


def test_newest_articles_of_one_outlet_are_kept() -> None:
    # One outlet's pieces share its house words; its subdomains are the same outlet.
    subdomains = ["africa.chinadaily.com.cn", "www.chinadaily.com.cn", "europe.chinadaily.com.cn"]
    story = [*(_missile(i) for i in range(RECENT_MEMBERS - TAIL_SIZE)),
             *(_talks(i, subdomains[i]) for i in range(TAIL_SIZE))]
    check = check_tail(story, _stats(story))
    assert not check.split
    assert check.reason == f"kept: the newest {TAIL_SIZE} come from 1 outlet"
    # Without sources each member counts as an outlet of its own (and is judged).
    unsourced = [replace(item, source=None) for item in story]
    assert check_tail(unsourced, _stats(unsourced)).split


def test_newest_articles_alike_the_story_in_absolute_terms_are_kept() -> None:
    # The tail is far tighter within than across (the ratio alone would split), but
    # across it is still as alike as one story's members usually are.
    story = [*(_missile(i) for i in range(RECENT_MEMBERS - TAIL_SIZE)),
             *(replace(_talks(i, OUTLETS[i]), id=f"t{i}", body_terms={
                 **_talks(0, "x").body_terms, "missile": 3, "japan": 2, "launch": 2})
               for i in range(TAIL_SIZE))]
    check = check_tail(story, _stats(story))
    assert check.between < SPLIT_RATIO * check.within
    assert check.between >= TAIL_MAX_ACROSS
    assert not check.split
    assert check.reason.startswith(f"kept: newest {TAIL_SIZE} across")


def test_the_tail_check_waits_for_a_full_window() -> None:
    story = [*(_missile(i) for i in range(RECENT_MEMBERS - TAIL_SIZE - 1)),
             *(_talks(i, OUTLETS[i]) for i in range(TAIL_SIZE))]
    check = check_tail(story, _stats(story))
    assert not check.split
    assert check.reason == f"kept: {len(story)} members < {RECENT_MEMBERS}"


def test_story_index_splits_off_a_new_development_after_its_third_article() -> None:
    # The first report of the talks names the missiles too and joins their story; the
    # next two join through it. The third makes the tail a story of its own, and later
    # reports of the talks join that story, not the missiles'.
    noise = [StoryFeatures(id=f"n{i}", title="", title_terms={}, entities={},
                           body_terms={"budget": 2, "senate": 2, f"n{i}": 1}) for i in range(20)]
    index = StoryIndex(window=None)
    for item in [*noise, *(_missile(i) for i in range(RECENT_MEMBERS - TAIL_SIZE))]:
        index.assign(item)
    first = index.assign(_talks(0, OUTLETS[0], bridge=True))
    assert first.story == index.story_of("m0")
    second = index.assign(_talks(1, OUTLETS[1]))
    assert second.story == index.story_of("m0")
    third = index.assign(_talks(2, OUTLETS[2]))
    assert third.story == index.story_of("t0") == index.story_of("t1") == "t0"
    assert index.story_of("m0") == "m0" != third.story
    assert [f.id for f in index.members("m0")] == [f"m{i}" for i in range(7)]
    assert index.assign(_talks(3, OUTLETS[3])).story == "t0"


def test_story_index_keeps_members_in_arrival_order_across_a_merge() -> None:
    # The tail check reads a story's newest members: a merge interleaves the two
    # stories' members as they came, not one story's after the other's.
    index = StoryIndex(window=None)
    event = [_article(f"a{i}", {"23": 2, "mysore": 2, "gibe": 1}, f"x{i}") for i in range(6)]
    for item in event:
        index.assign(item)
    index.split("a0", ["a1", "a3", "a5"])
    index.merge("a1", "a0")
    assert [f.id for f in index.members("a1")] == [f"a{i}" for i in range(6)]


def test_a_merged_story_splits_off_the_half_it_is_not_named_after() -> None:
    # After a merge the story is named after its kept story's first article, which
    # need not have come first: the split check moves the half without that article,
    # so the story keeps its id and the moved half takes a free one.
    events = _sibling_events()
    index = StoryIndex(window=None)
    for item in events:
        index.assign(item)
    index.split("a0", [i.id for i in events if i.id.startswith("b")])
    index.merge("b0", "a0")
    assert [f.id for f in index.members("b0")][:2] == ["a0", "b0"]
    for item in (_article("a5", {"23": 2, "mysore": 2, "gibe": 1, "saturday": 1}, "x5"),
                 _article("b5", {"26": 2, "sukanya": 2, "2011": 1, "thursday": 1}, "y5")):
        index.assign(item)
    assert {index.story_of(f"b{i}") for i in range(6)} == {"b0"}
    assert {index.story_of(f"a{i}") for i in range(6)} == {"a0"}


def test_the_tail_check_never_moves_the_article_a_story_is_named_after() -> None:
    # Merged by hand into the talks' story, the missiles come first; when the talks'
    # third report arrives the tail holds the article the story is named after, and
    # the story is kept whole rather than renamed.
    index = StoryIndex(window=None)
    for item in (_missile(i) for i in range(RECENT_MEMBERS - TAIL_SIZE)):
        index.assign(item)
    for i in range(TAIL_SIZE - 1):
        index.assign(_talks(i, OUTLETS[i]))
    assert index.story_of("t0") == "t0" != index.story_of("m0")
    index.merge("t0", "m0")
    assignment = index.assign(_talks(TAIL_SIZE - 1, OUTLETS[TAIL_SIZE - 1]))
    assert assignment.story == "t0"
    assert {index.story_of(f"m{i}") for i in range(RECENT_MEMBERS - TAIL_SIZE)} == {"t0"}
