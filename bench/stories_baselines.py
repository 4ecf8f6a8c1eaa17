"""Peer clusterers for bench/stories.py: TF-IDF cosine single-pass and average-link.

Both are the textbook baselines of topic detection and tracking, built on
scikit-learn (the ``bench`` extra): documents become TF-IDF vectors fitted on the set
being clustered (which gives the baselines corpus-wide IDF that Broadsheet, being
online, does not have); *single-pass* puts each document, in stream order, into the
cluster with the most similar centroid if the cosine reaches a threshold, else opens a
new cluster; *average-link* is agglomerative clustering cut at a cosine distance.
Thresholds are tuned on the development data by the caller. Benchmark support only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer


def _vectors(texts: Sequence[str]) -> np.ndarray:
    vectoriser = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
    matrix = vectoriser.fit_transform(texts)
    return matrix.toarray()


def single_pass(texts: Sequence[str], threshold: float) -> list[int]:
    """Cluster ids from TF-IDF single-pass clustering (texts in stream order)."""
    vectors = _vectors(texts)
    sums: list[np.ndarray] = []
    labels: list[int] = []
    for vector in vectors:
        best, best_sim = -1, -1.0
        if sums:
            centroids = np.vstack(sums)
            norms = np.linalg.norm(centroids, axis=1) * (np.linalg.norm(vector) or 1.0)
            sims = centroids @ vector / np.where(norms == 0, 1.0, norms)
            best = int(np.argmax(sims))
            best_sim = float(sims[best])
        if best_sim >= threshold:
            sums[best] = sums[best] + vector
            labels.append(best)
        else:
            sums.append(vector.copy())
            labels.append(len(sums) - 1)
    return labels


def average_link(texts: Sequence[str], threshold: float) -> list[int]:
    """Cluster ids from average-link agglomerative clustering cut at cosine ``threshold``."""
    vectors = _vectors(texts)
    if len(texts) < 2:
        return [0] * len(texts)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1.0 - threshold
    )
    return [int(label) for label in model.fit_predict(vectors)]


def tfidf_neighbours(texts: Sequence[str], k: int) -> list[list[int]]:
    """For each text, the indices of its ``k`` most cosine-similar other texts."""
    vectors = _vectors(texts)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms == 0, 1.0, norms)
    sims = unit @ unit.T
    np.fill_diagonal(sims, -1.0)
    return [list(np.argsort(-row)[:k]) for row in sims]
