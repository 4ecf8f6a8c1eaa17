"""Copies: exact-duplicate hashes, MinHash fingerprints and a near-duplicate index.

An article is a *copy* of another when their normalised bodies are identical (same
:func:`content_hash`) or when their word-shingle sets overlap enough that only
syndication explains it — a wire story under a new headline, with its ending trimmed or
a paragraph added. Overlap is estimated from MinHash signatures (datasketch) and
candidates are found with an LSH index the caller owns (:class:`NearDuplicateIndex`).
The rule itself is :func:`is_copy`, a pure function of two fingerprints. Nothing here
stores anything beyond the index object, reads files or touches a database.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from broadsheet.errors import InputError
from broadsheet.pipeline.connect.terms import normalise_text, shingles

__all__ = [
    "COPY_CONTAINMENT",
    "COPY_JACCARD",
    "Fingerprint",
    "MIN_COPY_WORDS",
    "NearDuplicateIndex",
    "content_hash",
    "fingerprint",
    "is_copy",
]

# Words per shingle. Five-word shingles are the usual choice for news near-duplicates
# (the shared-data README counts Giveme5W1H copies the same way); shorter ones make
# unrelated articles on one topic overlap through stock phrases.
SHINGLE_WORDS = 5
# Permutations per signature: 128 gives a Jaccard estimate within about ±0.09 (one
# standard error at J=0.5 is sqrt(J(1-J)/128) ≈ 0.044) at 512 bytes a signature.
NUM_PERM = 128
# LSH retrieval threshold, deliberately below COPY_JACCARD so that pairs near the rule's
# boundary are still retrieved and then decided on the estimate. With 128 permutations
# datasketch picks bands that retrieve ~97% of pairs at J=0.5 (checked on the synthetic
# perturbations in tests/pipeline/connect/test_fingerprint.py).
LSH_THRESHOLD = 0.3
# A pair is a copy at this estimated Jaccard. On Giveme5W1H every pair of distinct
# articles above 0.5 (exact shingles) but one shares its gold event; rewrites of one
# event by two outlets stay below 0.2 (bench/stories.py, copies section).
COPY_JACCARD = 0.5
# ... or when the smaller text is this much contained in the larger (trimmed endings,
# a teaser of the full story), provided the Jaccard estimate is at least
# COPY_MIN_JACCARD (so that one shared paragraph in two long articles is not a copy).
COPY_CONTAINMENT = 0.8
COPY_MIN_JACCARD = 0.3
# Texts shorter than this many words are never copies: identical boilerplate ("Chat with
# us in Facebook Messenger", a bare video caption) must not chain unrelated stories.
MIN_COPY_WORDS = 25

# datasketch's hashing scheme; part of the stored format (signatures from another
# scheme are not comparable), so it is pinned rather than left to the library default.
MINHASH_SCHEME = "affine32"
_FORMAT_VERSION = 1
_HEADER = struct.Struct("<BI16sI")  # version, words, hash digest, shingle count


def content_hash(text: str) -> str:
    """Hash of the normalised text: equal for texts that differ only in case/space/quotes.

    Args:
        text: the article body (or any text).

    Returns:
        32 hex characters (BLAKE2b-128 of the normalised UTF-8 text).
    """
    return hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    """What copy detection keeps about one text.

    Attributes:
        content_hash: :func:`content_hash` of the text.
        signature: MinHash values (``NUM_PERM`` unsigned 32-bit integers).
        shingle_count: how many distinct shingles the text has (for containment).
        words: how many words the text has.
    """

    content_hash: str
    signature: np.ndarray
    shingle_count: int
    words: int

    def to_bytes(self) -> bytes:
        """Serialise for storage (a database column); :meth:`from_bytes` reverses it."""
        header = _HEADER.pack(
            _FORMAT_VERSION, self.words, bytes.fromhex(self.content_hash), self.shingle_count
        )
        return header + self.signature.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """Read a fingerprint written by :meth:`to_bytes`.

        Raises:
            InputError: the bytes are not a fingerprint of this format.
        """
        if len(data) != _HEADER.size + 4 * NUM_PERM:
            raise InputError(f"fingerprint has {len(data)} bytes, expected "
                             f"{_HEADER.size + 4 * NUM_PERM}")
        version, words, digest, count = _HEADER.unpack_from(data)
        if version != _FORMAT_VERSION:
            raise InputError(f"fingerprint format {version} is not {_FORMAT_VERSION}")
        signature = np.frombuffer(data, dtype="<u4", offset=_HEADER.size).astype(np.uint32)
        return cls(digest.hex(), signature, count, words)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fingerprint):
            return NotImplemented
        return (
            self.content_hash == other.content_hash
            and self.shingle_count == other.shingle_count
            and self.words == other.words
            and bool(np.array_equal(self.signature, other.signature))
        )

    def __hash__(self) -> int:
        return hash(self.content_hash)

    def minhash(self) -> MinHash:
        """The signature as a datasketch ``MinHash`` (for LSH)."""
        return MinHash(num_perm=NUM_PERM, hashvalues=self.signature, scheme=MINHASH_SCHEME)

    def jaccard(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        if self.content_hash == other.content_hash:
            return 1.0
        return float(np.count_nonzero(self.signature == other.signature)) / NUM_PERM

    def containment(self, other: Fingerprint, jaccard: float | None = None) -> float:
        """Estimated share of the smaller text's shingles found in the larger one."""
        j = self.jaccard(other) if jaccard is None else jaccard
        smaller = min(self.shingle_count, other.shingle_count)
        if smaller == 0:
            return 0.0
        shared = j / (1.0 + j) * (self.shingle_count + other.shingle_count)
        return min(1.0, shared / smaller)


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint a text (normally the article body) for copy detection.

    Args:
        text: the text; may be empty (the fingerprint then matches nothing but itself).

    Returns:
        A :class:`Fingerprint`.
    """
    grams = shingles(text, SHINGLE_WORDS)
    signature = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME)
    if grams:
        signature.update_batch([gram.encode("utf-8") for gram in sorted(grams)])
    word_count = len(normalise_text(text).split())
    return Fingerprint(content_hash(text), signature.hashvalues.astype(np.uint32), len(grams),
                       word_count)


def is_copy(a: Fingerprint, b: Fingerprint) -> tuple[bool, float]:
    """Decide whether two texts are copies of one another.

    Rules (constants above): texts under ``MIN_COPY_WORDS`` words are never copies;
    identical normalised texts are; otherwise estimated Jaccard ≥ ``COPY_JACCARD``, or
    containment ≥ ``COPY_CONTAINMENT`` with Jaccard ≥ ``COPY_MIN_JACCARD``.

    Returns:
        ``(copy?, estimated Jaccard)``.
    """
    if min(a.words, b.words) < MIN_COPY_WORDS:
        return False, a.jaccard(b)
    j = a.jaccard(b)
    if a.content_hash == b.content_hash or j >= COPY_JACCARD:
        return True, j
    return (j >= COPY_MIN_JACCARD and a.containment(b, j) >= COPY_CONTAINMENT), j


class NearDuplicateIndex:
    """A caller-owned index of fingerprints that answers "what is this a copy of?".

    Exact duplicates are found by hash; near-duplicates through MinHash LSH. Only
    originals should be added: a copy found by :meth:`find_copy` is linked to its
    original rather than indexed, which keeps a flood of 10,000 copies of one wire story
    at one index entry and constant work per copy.
    """

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._by_hash: dict[str, str] = {}
        self._fingerprints: dict[str, Fingerprint] = {}

    def __len__(self) -> int:
        return len(self._fingerprints)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._fingerprints

    def add(self, item_id: str, fp: Fingerprint) -> None:
        """Index ``fp`` under ``item_id`` (ids must be unique)."""
        if item_id in self._fingerprints:
            raise InputError("already in the near-duplicate index", input=item_id)
        self._fingerprints[item_id] = fp
        self._by_hash.setdefault(fp.content_hash, item_id)
        self._lsh.insert(item_id, fp.minhash())

    def remove(self, item_id: str) -> None:
        """Forget ``item_id`` (a retired story's articles); unknown ids are ignored."""
        fp = self._fingerprints.pop(item_id, None)
        if fp is None:
            return
        if self._by_hash.get(fp.content_hash) == item_id:
            del self._by_hash[fp.content_hash]
        self._lsh.remove(item_id)

    def get(self, item_id: str) -> Fingerprint | None:
        """The fingerprint indexed under ``item_id``, if any."""
        return self._fingerprints.get(item_id)

    def query(self, fp: Fingerprint) -> list[tuple[str, float]]:
        """Indexed items that may be copies of ``fp``, best first, with Jaccard estimates."""
        found: dict[str, float] = {}
        exact = self._by_hash.get(fp.content_hash)
        if exact is not None:
            found[exact] = 1.0
        for item_id in self._lsh.query(fp.minhash()):
            if item_id not in found:
                found[item_id] = fp.jaccard(self._fingerprints[item_id])
        return sorted(found.items(), key=lambda pair: (-pair[1], pair[0]))

    def find_copy(self, fp: Fingerprint) -> tuple[str, float] | None:
        """The indexed original ``fp`` is a copy of (by :func:`is_copy`), or None."""
        for item_id, _estimate in self.query(fp):
            copy, j = is_copy(fp, self._fingerprints[item_id])
            if copy:
                return item_id, j
        return None

    def ids(self) -> Iterable[str]:
        """Every indexed id."""
        return iter(self._fingerprints)
