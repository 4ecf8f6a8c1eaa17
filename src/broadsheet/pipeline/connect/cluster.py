"""StoryIndex: the caller-owned, in-memory, incremental story clusterer.

Each article is assigned once, in arrival order: first checked against the copies index
(a copy joins its original's story without moving the centroid), otherwise scored by
:func:`~broadsheet.pipeline.connect.story.choose_story` against the few stories that an
inverted index over distinctive terms and entity keys proposes. Work per article is
proportional to those candidates, not to the corpus. Stories that see no new article
for ``window`` (measured on the stream's own clock: the latest publication time seen
when the article arrived, so an archive fed out of order keeps its stories) retire:
they leave the inverted index and the copies index, which bounds memory.
Used by the ``broadsheet stories`` command and the benchmark; the site keeps the same
state in its database and calls the same pure decision. No I/O, no module state.
"""

from __future__ import annotations

import heapq
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from broadsheet.errors import InputError, NotFound
from broadsheet.pipeline.connect.features import FUTURE_TOLERANCE, StoryFeatures, TermStats
from broadsheet.pipeline.connect.fingerprint import NearDuplicateIndex
from broadsheet.pipeline.connect.split import check_merge, check_split, check_tail
from broadsheet.pipeline.connect.story import RECENT_MEMBERS, StoryState, choose_story

__all__ = [
    "ACTIVE_WINDOW",
    "MAX_CANDIDATES",
    "MAX_POSTING",
    "STORY_KEYS",
    "Assignment",
    "StoryIndex",
    "query_keys",
]

logger = logging.getLogger(__name__)

# Stories retire after this long without a new article (stream clock). Giveme5W1H's
# gold events include follow-ups months and over a year later: on its training list
# B-cubed F1 was 0.81 with 30 days, 0.85 with 60 and 0.86 with 365 (centroid rule);
# with the split check, 0.909 at 365 days, 0.914 at 420-540 and 0.927 at 600-1095
# (with MAX_GAP_DAYS of story.py moved alike; ECB+ is undated and unchanged). Memory
# is bounded separately by MAX_ACTIVE_ARTICLES, so the window can follow the news.
ACTIVE_WINDOW = timedelta(days=730)
# Most original articles (kept with their features for splits) in active stories;
# beyond it the least recently active stories retire first. 50,000 plateaued at ~1.9 GB
# peak RSS and 5 ms per assignment in bench/stories.py's 100,000-article stream (about
# a month of a 1,500-article-a-day desk); lower it for a smaller worker.
MAX_ACTIVE_ARTICLES = 50_000
# Retrieval: an article looks up its RETRIEVAL_TERMS most distinctive body terms,
# all headline terms and its RETRIEVAL_ENTITIES heaviest entities; a story is posted
# under its STORY_KEYS most distinctive keys. Keys posted by more than MAX_POSTING
# active stories are skipped as too common to discriminate; at most MAX_CANDIDATES
# stories (most shared keys first) are scored. Sized on the ECB+ dev topics so that
# recall of the gold story among candidates is 100% there (bench --diagnose).
RETRIEVAL_TERMS = 25
RETRIEVAL_ENTITIES = 15
STORY_KEYS = 60
MAX_POSTING = 2000
MAX_CANDIDATES = 30
_NEVER = datetime.min.replace(tzinfo=UTC)  # activity time of stories with no dates at all
# Splits: when a story reaches one of these sizes (original members), split.check_split
# bisects it (average-link over member cosines) and it becomes two stories if the
# halves are much less alike across than within. Sizes grow geometrically (x1.33-1.5),
# so the O(m²) check costs O(m) per article on average. ECB+ dev F1 over ten shuffled
# orders (ratio 0.72, halves of >= 4): {12,24,48,96} 0.920, {8,16,32,64} 0.917,
# {10,20,40,80} 0.921, {8,12,18,27,40,60,90} 0.927, {12,16,24,32,48,64,96} 0.930,
# {8,12,16,...,96} 0.926; Giveme5W1H training list 0.909 with every set.
SPLIT_CHECK_SIZES = frozenset({12, 16, 24, 32, 48, 64, 96})


def query_keys(features: StoryFeatures, stats: TermStats) -> list[str]:
    """The keys an article looks its candidate stories up by (StoryIndex and the site).

    Its ``RETRIEVAL_TERMS`` most distinctive body terms (raw count × IDF), every
    headline term and its ``RETRIEVAL_ENTITIES`` heaviest entity keys, sorted. Stories
    are posted under :meth:`StoryState.top_keys` (``STORY_KEYS`` of them).
    """
    idf = stats.idf
    terms = sorted(features.body_terms, key=lambda k: (-features.body_terms[k] * idf(k), k))
    entities = sorted(features.entities, key=lambda k: (-features.entities[k] * idf(k), k))
    keys = set(terms[:RETRIEVAL_TERMS]) | set(features.title_terms)
    keys |= set(entities[:RETRIEVAL_ENTITIES])
    return sorted(keys)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went.

    Attributes:
        id: the article id.
        story: the story id it joined or started.
        duplicate_of: the original it copies (earliest published), or None.
        score: the decision's score (1.0-ish for copies: their Jaccard estimate).
        reason: one line saying why.
        merged: ids of stories merged into ``story`` as a result of this article.
    """

    id: str
    story: str
    duplicate_of: str | None
    score: float
    reason: str
    merged: tuple[str, ...] = ()


class StoryIndex:
    """Incremental story clustering over a stream of :class:`StoryFeatures`.

    Args:
        window: retire stories idle this long on the stream clock (None: never).
        stats: document frequencies to start from (default: empty, grown as we go).
        max_articles: most original articles kept in active stories; past it the least
            recently active stories retire (bounds memory whatever the window).
    """

    def __init__(
        self,
        *,
        window: timedelta | None = ACTIVE_WINDOW,
        stats: TermStats | None = None,
        max_articles: int = MAX_ACTIVE_ARTICLES,
    ) -> None:
        self.window = window
        self.max_articles = max_articles
        self.stats = stats if stats is not None else TermStats()
        self.clock: datetime | None = None
        self._stories: dict[str, StoryState] = {}
        self._posted: dict[str, tuple[str, ...]] = {}
        self._postings: dict[str, set[str]] = {}
        self._copies = NearDuplicateIndex()
        self._story_of: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}  # story -> original members, as they came
        self._arrived: dict[str, int] = {}  # original member -> its place in the stream
        self._everyone: dict[str, list[str]] = {}  # story -> all members, copies too
        self._features: dict[str, StoryFeatures] = {}
        self._copy_of: dict[str, str] = {}
        self._aliases: dict[str, str] = {}
        self._idle: list[tuple[datetime, int, str]] = []  # (last active, seq, story)
        self._touched: dict[str, int] = {}  # story -> seq of its latest heap entry
        self._seq = 0
        self._arrivals = 0
        self.retired = 0

    # --- reading ----------------------------------------------------------------------
    def __len__(self) -> int:
        """Active stories."""
        return len(self._stories)

    def stories(self) -> Iterable[StoryState]:
        """Active story states."""
        return self._stories.values()

    def story(self, story_id: str) -> StoryState:
        """The active state of ``story_id`` (merged ids resolve to the survivor).

        Raises:
            NotFound: the story is unknown or retired.
        """
        state = self._stories.get(self.canonical(story_id))
        if state is None:
            raise NotFound("no active story", input=story_id)
        return state

    def canonical(self, story_id: str) -> str:
        """The surviving id of a story that may have been merged into another."""
        while story_id in self._aliases:
            story_id = self._aliases[story_id]
        return story_id

    def sizes(self) -> dict[str, int]:
        """How big the index is: active stories, articles, posted keys, indexed originals."""
        return {
            "stories": len(self._stories),
            "articles": len(self._story_of),
            "keys": len(self._postings),
            "originals": len(self._copies),
            "retired": self.retired,
            "vocabulary": len(self.stats.df),
        }

    def story_of(self, article_id: str) -> str | None:
        """The current story of an article in an active story, else None."""
        story_id = self._story_of.get(article_id)
        return self.canonical(story_id) if story_id is not None else None

    def duplicate_of(self, article_id: str) -> str | None:
        """The original an article copies, following re-links to earlier originals."""
        original = self._copy_of.get(article_id)
        while original is not None and original in self._copy_of:
            original = self._copy_of[original]
        return original

    def members(self, story_id: str) -> list[StoryFeatures]:
        """Features of the original (non-copy) members of an active story."""
        return [self._features[a] for a in self._members.get(self.canonical(story_id), [])]

    # --- writing ----------------------------------------------------------------------
    def assign(self, features: StoryFeatures, *, now: datetime | None = None) -> Assignment:
        """Put one article into a story: a copy's original story, the best match or a new one.

        Args:
            features: the article (ids must be unique within the index).
            now: the real current time; dates beyond it do not move the clock.

        Returns:
            The :class:`Assignment`.

        Raises:
            InputError: the id was already assigned.
        """
        if features.id in self._story_of:
            raise InputError("article already assigned", input=features.id)
        self._advance_clock(features.published, now)
        when = features.published or self.clock
        self._retire_idle()
        copy = self._assign_copy(features, when)
        if copy is not None:
            return copy
        self.stats.add(features)
        candidates = self._candidates(features)
        decision = choose_story(features, candidates, self.stats)
        merged: tuple[str, ...] = ()
        if decision.story_id is None:
            story = StoryState.start(features, when=when)
            self._members[story.id] = []
            self._everyone[story.id] = []
        else:
            story = self._stories[decision.story_id].update(features, when=when)
            if decision.runner_up is not None:
                story, merged = self._maybe_merge(story, decision.runner_up, features)
        self._store(story)
        self._members[story.id].append(features.id)
        self._everyone[story.id].append(features.id)
        self._features[features.id] = features
        self._arrived[features.id] = self._arrivals
        self._arrivals += 1
        self._story_of[features.id] = story.id
        if features.fingerprint is not None:
            self._copies.add(features.id, features.fingerprint)
        story_id = self._maybe_split(story.id, features.id)
        return Assignment(features.id, story_id, None, decision.score, decision.reason, merged)

    def merge(self, keep: str, absorb: str) -> StoryState:
        """Merge story ``absorb`` into ``keep`` (an editor's hook; also used on evidence).

        Raises:
            NotFound: either story is unknown or retired.
        """
        kept, gone = self.story(keep), self.story(absorb)
        if kept.id == gone.id:
            return kept
        state = kept.merged_with(gone)
        self._unpost(gone.id)
        del self._stories[gone.id]
        self._touched.pop(gone.id, None)
        self._aliases[gone.id] = kept.id
        # Members stay in the order they came (the tail check reads the newest).
        self._members[kept.id] = sorted(
            [*self._members.get(kept.id, []), *self._members.pop(gone.id, [])],
            key=self._arrived.__getitem__,
        )
        moved = self._everyone.pop(gone.id, [])
        self._everyone.setdefault(kept.id, []).extend(moved)
        for article_id in moved:
            self._story_of[article_id] = kept.id
        self._store(state)
        return state

    def split(self, story_id: str, article_ids: Iterable[str]) -> StoryState:
        """Move ``article_ids`` (original members) out of a story into a new one.

        The new story takes the first moved article's id; both centroids are rebuilt
        from their members' features. Copies follow their originals.

        Raises:
            NotFound: the story is unknown or retired, or an id is not a member.
        """
        old = self.story(story_id)
        moving = list(dict.fromkeys(article_ids))
        members = self._members.get(old.id, [])
        missing = [a for a in moving if a not in members]
        if missing or not moving:
            raise NotFound("not an original member of the story", input=", ".join(missing))
        staying = [a for a in members if a not in moving]
        if not staying:
            return old
        rebuilt_old = self._rebuild(old.id, staying)
        new = self._rebuild(moving[0], moving)
        if new.id in self._stories:
            raise InputError("a story with this id already exists", input=new.id)
        self._aliases.pop(new.id, None)  # the id may once have been merged away
        everyone = self._everyone.get(old.id, [])
        moved = [a for a in everyone if a in moving or self.duplicate_of(a) in moving]
        self._members[old.id] = staying
        self._members[new.id] = moving
        self._everyone[old.id] = [a for a in everyone if a not in moved]
        self._everyone[new.id] = moved
        for article_id in moved:
            self._story_of[article_id] = new.id
        rebuilt_old = replace(rebuilt_old, members=len(self._everyone[old.id]))
        new = replace(new, members=len(moved))
        self._store(rebuilt_old)
        self._store(new)
        return new

    # --- internals --------------------------------------------------------------------
    def _advance_clock(self, published: datetime | None, now: datetime | None) -> None:
        if published is None:
            return
        if now is not None and published > now + FUTURE_TOLERANCE:
            return
        if self.clock is None or published > self.clock:
            self.clock = published

    def _assign_copy(self, features: StoryFeatures, when: datetime | None) -> Assignment | None:
        if features.fingerprint is None:
            return None
        hit = self._copies.find_copy(features.fingerprint)
        if hit is None:
            return None
        original_id, jaccard = hit
        story_id = self._story_of[original_id]
        original = self._features[original_id]
        earlier = (
            features.published is not None
            and original.published is not None
            and features.published < original.published
        )
        state = self._stories[story_id].update(features, copy=True, when=when)
        self._store(state, repost=False)
        self._story_of[features.id] = story_id
        self._everyone[story_id].append(features.id)
        if earlier:
            # The copy predates the indexed original: it becomes the original.
            self._copies.remove(original_id)
            self._copies.add(features.id, features.fingerprint)
            self._copy_of[original_id] = features.id
            self._features[features.id] = features
            self._members[story_id] = [
                features.id if a == original_id else a for a in self._members[story_id]
            ]
            del self._features[original_id]
            self._arrived[features.id] = self._arrived.pop(original_id)
            return Assignment(features.id, story_id, None, jaccard,
                              f"original of {original_id} (published earlier)")
        self._copy_of[features.id] = original_id
        return Assignment(features.id, story_id, original_id, jaccard,
                          f"copy of {original_id} (shingle Jaccard ≈ {jaccard:.2f})")

    def _candidates(self, features: StoryFeatures) -> list[StoryState]:
        hits: Counter[str] = Counter()
        for key in query_keys(features, self.stats):
            posting = self._postings.get(key)
            if posting and len(posting) <= MAX_POSTING:
                hits.update(posting)
        best = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]
        return [self._stories[story_id] for story_id, _ in best]

    def _maybe_merge(
        self, story: StoryState, other_id: str, features: StoryFeatures
    ) -> tuple[StoryState, tuple[str, ...]]:
        other = self._stories[other_id]
        check = check_merge(story, other, self.stats)
        if not check.merge:
            return story, ()
        self._stories[story.id] = story
        keep, absorb = (story.id, other.id) if story.members >= other.members else (
            other.id, story.id)
        logger.debug("story %s into %s on %s: %s", absorb, keep, features.id, check.reason)
        return self.merge(keep, absorb), (absorb,)

    def _maybe_split(self, story_id: str, newest: str) -> str:
        """Check a story at the check sizes, and its newest members after every article.

        Returns the story ``newest`` ends up in.
        """
        members = self._members.get(story_id, [])
        if len(members) in SPLIT_CHECK_SIZES:
            check = check_split([self._features[a] for a in members], self.stats)
            if check.split:
                # The half without the article the story is named after moves (members
                # are in the order they came, so after a merge it need not be first).
                half = 0 if any(members[k] == story_id for k in check.groups[1]) else 1
                moving = [members[k] for k in check.groups[half]]
                moved = self.split(story_id, moving)
                logger.debug("story %s %s; moved to %s", story_id, check.reason, moved.id)
                return moved.id if newest in moving else story_id
        window = members[-RECENT_MEMBERS:]
        if not window or window[-1] != newest:
            return story_id
        tail = check_tail([self._features[a] for a in window], self.stats)
        moving = [window[k] for k in tail.groups[1]]
        if not tail.split or story_id in moving:  # the story keeps the article it is named by
            return story_id
        moved = self.split(story_id, moving)
        logger.debug("story %s %s; moved to %s", story_id, tail.reason, moved.id)
        return moved.id

    def _rebuild(self, story_id: str, article_ids: list[str]) -> StoryState:
        first = self._features[article_ids[0]]
        state = replace(StoryState.start(first, when=first.published), id=story_id)
        for article_id in article_ids[1:]:
            state = state.update(self._features[article_id])
        return state

    def _store(self, state: StoryState, *, repost: bool = True) -> None:
        self._stories[state.id] = state
        keys = tuple(state.top_keys(self.stats, STORY_KEYS)) if repost else ()
        old = self._posted.get(state.id, ())
        if repost and keys != old:
            for key in set(old) - set(keys):
                posting = self._postings.get(key)
                if posting is not None:
                    posting.discard(state.id)
                    if not posting:
                        del self._postings[key]
            for key in set(keys) - set(old):
                self._postings.setdefault(key, set()).add(state.id)
            self._posted[state.id] = keys
        self._seq += 1
        self._touched[state.id] = self._seq
        heapq.heappush(self._idle, (self._activity(state), self._seq, state.id))
        if len(self._idle) > 4 * len(self._stories) + 1024:
            # Drop stale entries now and then so the heap stays proportional to stories.
            self._idle = [e for e in self._idle if self._touched.get(e[2]) == e[1]]
            heapq.heapify(self._idle)

    def _activity(self, state: StoryState) -> datetime:
        """When a story last saw an article, on the stream clock: the retirement key.

        A story touched now was active at the clock's time, whatever the article's own
        date: an archive fed out of order (a 2005 article arriving after 2013 ones) must
        not start stories that are already "idle" and retire before the rest of their
        coverage arrives. In a stream in published order the two are the same.
        """
        active = state.last_active or _NEVER
        return max(active, self.clock) if self.clock is not None else active

    def _unpost(self, story_id: str) -> None:
        for key in self._posted.pop(story_id, ()):
            posting = self._postings.get(key)
            if posting is not None:
                posting.discard(story_id)
                if not posting:
                    del self._postings[key]

    def _retire_idle(self) -> None:
        horizon = None
        if self.window is not None and self.clock is not None:
            horizon = self.clock - self.window
        while self._idle and (
            (horizon is not None and self._idle[0][0] < horizon)
            or len(self._features) > self.max_articles
        ):
            _active, seq, story_id = heapq.heappop(self._idle)
            if self._touched.get(story_id) != seq:
                continue  # merged away, or touched since: a newer heap entry exists
            self._retire(story_id)

    def _retire(self, story_id: str) -> None:
        self._unpost(story_id)
        del self._stories[story_id]
        self._touched.pop(story_id, None)
        for article_id in self._members.pop(story_id, []):
            self._copies.remove(article_id)
            self._features.pop(article_id, None)
            self._arrived.pop(article_id, None)
        for article_id in self._everyone.pop(story_id, []):
            self._story_of.pop(article_id, None)
            self._copy_of.pop(article_id, None)
        self.retired += 1
