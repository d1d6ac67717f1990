"""Clusters of repeated quotes and claim sentences across documents and outlets.

The same quote travels from outlet to outlet lightly edited: other quote marks, an ellipsis, a
trimmed end, a changed word, other case. :func:`cluster_texts` groups such spans and
:class:`Cluster` says how far each group spread (outlets, documents, first and last date).

Method: texts are normalised (NFKC, casefold, punctuation dropped) and identical normalised texts
always share a cluster. Distinct normalised texts are compared through their sets of word
2-shingles: MinHash signatures with LSH banding propose candidate pairs, each candidate is
verified exactly, and accepted pairs are merged transitively with union-find.

Translations share no words, so with ``translations=True`` a second stage joins the MinHash groups
whose wordings mean the same in different languages: one representative per group is embedded
(sentence vectors, :func:`slant.encoder.vectors.embed` unless another function is passed),
candidate pairs come from blocking (every pair up to :data:`EXACT_UNITS` groups; beyond, the
neighbours of each vector in sorted random-hyperplane signatures), and a candidate joins when its
two representatives' languages differ and their cosine reaches :data:`TRANSLATION_COSINE`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["TRANSLATION_COSINE", "Cluster", "ClusterItem", "cluster_texts", "normalise", "words"]

# Word 2-shingles rather than 3-shingles: quotes are short (10-40 words), and one changed word
# removes 2 bigrams but 3 trigrams, so a 15-word quote with one word changed keeps Jaccard 0.75
# with bigrams against 0.63 with trigrams. Bigrams still keep word order, which is what separates
# two different quotes on the same topic (they share words, rarely word pairs).
SHINGLE = 2

# A shorter text whose shingles lie at least this much inside a longer one is "the same quote,
# trimmed" (one outlet quotes half a sentence) ...
CONTAINMENT = 0.8
# ... but only when it keeps at least this share of the longer text's shingles and at least
# MIN_CONTAINED shingles, so a short stock phrase is not absorbed by every long quote that uses it.
CONTAINMENT_SIZE_RATIO = 0.4
MIN_CONTAINED = 3

# 64 MinHash values in 32 bands of 2 rows: a pair with Jaccard j becomes a candidate with
# probability 1 - (1 - j**2)**32, i.e. 1.0 at j=0.6, 0.99 at j=0.36 (the lowest Jaccard a
# contained pair can have under the guards above), 0.27 at j=0.1. Candidates are verified
# exactly, so the low threshold costs verification time only, never false merges.
NUM_PERM = 64
ROWS = 2
BANDS = NUM_PERM // ROWS
SEED = 20261014

# A band bucket this large is made of unrelated texts sharing a very common bigram ("of the")
# whose hash happened to be small: it is split by the next band's values before pairs are listed.
MAX_BUCKET = 64
# Candidate pairs verified exactly, at most, per distinct text (the most alike by MinHash
# first). Text made of a few stock words (boilerplate, a synthetic corpus of 12 words) makes
# almost every pair a candidate: without a budget 20,000 such claims took 17 s; with it they
# take about a second, and real quotes (clusters_bench) stay far below it.
MAX_PAIRS_PER_TEXT = 10

# Cosine of the two representatives' sentence vectors (multilingual-e5-small q4) at or above which
# two groups in different languages join: chosen on the calibration half of
# benchmarks/data/match_queries.jsonl (pairs of sentences in different languages, positive when
# they state the same known claim) as the lowest cosine above which pair precision stays >= 0.97,
# rounded up (0.9177); pairs join transitively, hence more precision than matching asks.
# `python benchmarks/match_bench.py` reports both halves.
TRANSLATION_COSINE = 0.918
# Up to this many groups every pair is compared (chunked matrix products, n**2 * 384 multiply-adds,
# ~0.1 s at 2,048); beyond, blocking keeps the work near n log n.
EXACT_UNITS = 2048
# Blocking beyond EXACT_UNITS: 64-bit signatures (signs of random projections of the vectors after
# removing their mean, which e5 vectors share), sorted under SORTS random bit orders; each vector is
# compared with the WINDOW next ones in every order (Charikar 2002). Candidates <= n * SORTS *
# WINDOW; on planted pairs at cosine 0.92 among 50,000 e5-like vectors (clusters_bench
# --translations) this finds the pairs the exact search finds, in about a second.
SIGNATURE_BITS = 64
SORTS = 24
WINDOW = 6

# Combining marks that belong inside words (Devanagari and other Indic vowel signs, Cyrillic and
# Latin combining accents, Hebrew points, Thai vowels); Python's \w alone would split words there.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0900-\u0963\u0966-\u0dff\u0e31-\u0e4e"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_WORD = re.compile(f"[\\w{_MARKS}]+")
# Arabic short-vowel marks and tatweel are optional in writing: one copy may carry them, one not.
# The underscore is a \w character but punctuation here.
_OPTIONAL: dict[int, str | None] = {ord("_"): " ", **dict.fromkeys([*range(0x064B, 0x0653), 0x0670, 0x0640])}
_OPTIONAL_POINTS = np.array(sorted(c for c, v in _OPTIONAL.items() if v is None), dtype=np.uint32)


@dataclass(frozen=True)
class ClusterItem:
    """One span to cluster: a quote or a claim sentence from one document."""

    span_id: int
    document_id: str
    text: str
    outlet: str | None
    published: str | None
    language: str | None = None


@dataclass
class Cluster:
    """Near-duplicate spans from several documents, with how far they spread."""

    items: list[ClusterItem]
    representative: ClusterItem
    #: True when sentence vectors joined wordings in different languages into this cluster.
    translated: bool = False

    @property
    def documents(self) -> int:
        """Number of distinct documents among the members."""
        return len({item.document_id for item in self.items})

    @property
    def outlets(self) -> dict[str | None, int]:
        """Members per outlet, most first (ties by name, unknown outlet last)."""
        counts = Counter(item.outlet for item in self.items)
        order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
        return dict(order)

    @property
    def first_published(self) -> str | None:
        """Earliest non-empty publication date (ISO strings and prefixes compare as text)."""
        dates = [item.published for item in self.items if item.published]
        return min(dates) if dates else None

    @property
    def last_published(self) -> str | None:
        """Latest non-empty publication date."""
        dates = [item.published for item in self.items if item.published]
        return max(dates) if dates else None

    @property
    def languages(self) -> list[str]:
        """Distinct known languages of the members, sorted."""
        return sorted({item.language for item in self.items if item.language})


def words(text: str) -> list[str]:
    """Split a text into normalised words.

    NFKC, casefold, optional Arabic vowel marks dropped; words are runs of word characters (and
    the combining marks inside them), so quote marks, dashes, ellipses and punctuation vanish.

    Args:
        text: Any text.

    Returns:
        The words in order.
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold().translate(_OPTIONAL))


def normalise(text: str) -> str:
    """Return the normalised form of a text: its :func:`words` joined by single spaces."""
    return " ".join(words(text))


def cluster_texts(
    items: Sequence[ClusterItem],
    *,
    similarity: float = 0.6,
    min_documents: int = 2,
    min_words: int = 4,
    translations: bool = False,
    translation_similarity: float = TRANSLATION_COSINE,
    vectors: Callable[[Sequence[str]], np.ndarray] | None = None,
    max_translation_units: int | None = None,
) -> list[Cluster]:
    """Group repeated, possibly lightly edited quotes or claims into clusters.

    Two distinct normalised texts are merged when the Jaccard similarity of their word 2-shingle
    sets is at least ``similarity``, or when the smaller set lies at least 80 % inside the larger
    one (containment |A∩B|/min(|A|,|B|)), the smaller having at least 3 shingles and 40 % of the
    larger's size. Candidate pairs come from MinHash LSH (fixed seed, so the output is
    deterministic); merging is transitive.

    Args:
        items: Spans to cluster.
        similarity: Minimum Jaccard similarity of the shingle sets for a near duplicate.
        min_documents: Keep only clusters spanning at least this many distinct documents.
        min_words: Leave out items with fewer normalised words than this.
        translations: Also join groups whose representatives are in different known languages
            and whose sentence vectors have a cosine of at least ``translation_similarity``.
            Costs one encoder pass per group (~10-25 ms a sentence on a CPU core): off by default.
        translation_similarity: The cosine threshold of the translation stage.
        vectors: Function from texts to L2-normalised vectors (default: the encoder's
            :func:`slant.encoder.vectors.embed`, which needs ``slant[accurate]``).
        max_translation_units: Embed at most this many groups (those spanning the most
            documents first, then in input order); the rest take no part in the translation stage.

    Returns:
        Clusters sorted by distinct known outlets, documents, members (all descending), then
        representative text. Members keep input order.
    """
    if not items:
        return []
    word_hashes, word_counts = _word_hashes([item.text for item in items])
    kept = np.flatnonzero(word_counts >= max(min_words, 1))
    if not len(kept):
        return []
    word_starts = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum(word_counts, out=word_starts[1:])
    offsets, shingles, text_keys = _shingles(word_hashes, word_starts, kept)

    # Distinct normalised texts are the units compared; identical ones are one unit by design.
    # Units are numbered in order of first appearance.
    _, first, inverse = np.unique(text_keys, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    unit_of_kept = rank[inverse.reshape(-1)]
    unit_first = np.sort(first)  # position in `kept` of each unit's first member
    units = len(unit_first)

    parent = list(range(units))
    if units > 1:
        signatures = _minhash(offsets, shingles)[:, unit_first]
        pairs = _candidates(signatures)
        if len(pairs):
            # Cheap vectorised filter before the exact check: the share of equal MinHash values
            # estimates the Jaccard; 0.15 is about 2.5 standard errors below the lowest Jaccard
            # the rules accept (a contained pair at the size guard, ~0.3).
            agree = (signatures[:, pairs[:, 0]] == signatures[:, pairs[:, 1]]).mean(axis=0)
            hopeful = agree >= min(0.15, similarity / 2)
            pairs, agree = pairs[hopeful], agree[hopeful]
            budget = MAX_PAIRS_PER_TEXT * units
            if len(pairs) > budget:  # most alike first; the rest would cost more than they add
                pairs = pairs[np.sort(np.argsort(-agree, kind="stable")[:budget])]
        sets: dict[int, frozenset[int]] = {}

        def shingle_set(unit: int) -> frozenset[int]:
            """Return a unit's shingle set, built on first use (most units are never verified)."""
            found = sets.get(unit)
            if found is None:
                at = int(unit_first[unit])
                found = sets[unit] = frozenset(shingles[offsets[at] : offsets[at + 1]].tolist())
            return found

        for a, b in pairs.tolist():
            if _find(parent, a) != _find(parent, b) and _similar(shingle_set(a), shingle_set(b), similarity):
                _union(parent, a, b)

    kept_list, unit_list = kept.tolist(), unit_of_kept.tolist()
    counts = word_counts.tolist()
    unit_of_item = dict(zip(kept_list, unit_list, strict=True))

    def grouped() -> dict[int, list[int]]:
        """Item indices per union-find root, in input order."""
        roots = [_find(parent, unit) for unit in range(units)]
        found: dict[int, list[int]] = {}
        for index, unit in zip(kept_list, unit_list, strict=True):
            found.setdefault(roots[unit], []).append(index)
        return found

    def typical(indices: list[int]) -> int:
        """The most typical wording: the normalised form most members share; ties go to the
        longest form, then to the one seen first."""
        per_unit = Counter(unit_of_item[i] for i in indices)
        return min(indices, key=lambda i: (-per_unit[unit_of_item[i]], -counts[i], i))

    groups = grouped()
    translated: set[int] = set()
    if translations and len(groups) > 1:
        roots_before = list(groups)
        joined = _join_translations(
            items,
            [(root, typical(indices), indices) for root, indices in groups.items()],
            translation_similarity,
            vectors,
            max_translation_units,
        )
        for a, b in joined:
            _union(parent, a, b)
        if joined:
            groups = grouped()
            merged = {_find(parent, root) for root in roots_before}
            before = Counter(_find(parent, root) for root in roots_before)
            translated = {root for root in merged if before[root] > 1}

    clusters = []
    for root, indices in groups.items():
        if len({items[i].document_id for i in indices}) < min_documents:
            continue
        clusters.append(Cluster([items[i] for i in indices], items[typical(indices)], root in translated))
    clusters.sort(
        key=lambda c: (
            -len({item.outlet for item in c.items if item.outlet is not None}),
            -c.documents,
            -len(c.items),
            c.representative.text,
            c.items[0].span_id,
        )
    )
    return clusters


def _join_translations(
    items: Sequence[ClusterItem],
    groups: list[tuple[int, int, list[int]]],
    similarity: float,
    vectors: Callable[[Sequence[str]], np.ndarray] | None,
    limit: int | None,
) -> list[tuple[int, int]]:
    """Return the pairs of group roots to join as translations of each other.

    ``groups``: (root, representative item, member items). A group takes part when its
    representative's language is known; two groups join when their languages differ and the
    cosine of their representatives' vectors reaches ``similarity``.
    """
    taking = [g for g in groups if items[g[1]].language]
    # The groups spanning the most documents first (stable: input order among equals).
    taking.sort(key=lambda g: -len({items[i].document_id for i in g[2]}))
    if limit is not None:
        taking = taking[: max(limit, 0)]
    if len(taking) < 2 or len({items[g[1]].language for g in taking}) < 2:
        return []
    if vectors is None:
        from slant.encoder.vectors import embed

        vectors = embed
    matrix = np.asarray(vectors([items[g[1]].text for g in taking]), dtype=np.float32)
    codes = np.unique([items[g[1]].language or "" for g in taking], return_inverse=True)[1].reshape(-1)
    if len(taking) <= EXACT_UNITS:
        pairs = _exact_pairs(matrix, codes, similarity)
    else:
        pairs = _blocked_pairs(matrix, codes, similarity)
    return [(taking[a][0], taking[b][0]) for a, b in pairs.tolist()]


def _exact_pairs(matrix: np.ndarray, languages: np.ndarray, similarity: float) -> np.ndarray:
    """Every pair (i < j) in different languages with cosine >= similarity (row chunks of 1,024)."""
    found = []
    for first in range(0, len(matrix), 1024):
        block = matrix[first : first + 1024] @ matrix.T
        rows, cols = np.nonzero(block >= similarity)
        rows += first
        keep = (cols > rows) & (languages[rows] != languages[cols])
        found.append(np.stack((rows[keep], cols[keep]), axis=1))
    return np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)


def _blocked_pairs(matrix: np.ndarray, languages: np.ndarray, similarity: float) -> np.ndarray:
    """Pairs in different languages with cosine >= similarity among the candidates of sorted
    random-hyperplane signatures (see :data:`SORTS`): O(n * SORTS * (log n + WINDOW))."""
    count = len(matrix)
    rng = np.random.default_rng(SEED)
    planes = rng.standard_normal((matrix.shape[1], SIGNATURE_BITS)).astype(np.float32)
    bits = ((matrix - matrix.mean(axis=0)) @ planes) > 0
    codes: list[np.ndarray] = []
    for _ in range(SORTS):
        order_bits = rng.permutation(SIGNATURE_BITS)
        keys = np.ascontiguousarray(np.packbits(bits[:, order_bits], axis=1)).view(">u8").reshape(-1)
        order = np.argsort(keys, kind="stable")
        for step in range(1, WINDOW + 1):
            a, b = order[:-step], order[step:]
            other = languages[a] != languages[b]
            a, b = a[other], b[other]
            codes.append(np.minimum(a, b).astype(np.int64) * count + np.maximum(a, b))
    flat = np.sort(np.concatenate(codes))  # sorting beats np.unique's hashing here
    unique = flat[np.concatenate(([True], flat[1:] != flat[:-1]))] if len(flat) else flat
    a, b = unique // count, unique % count
    hit = np.zeros(len(a), dtype=bool)
    for first in range(0, len(a), 65536):  # bounds the gathered rows to 2 x 65,536 vectors
        part = slice(first, first + 65536)
        hit[part] = np.einsum("ij,ij->i", matrix[a[part]], matrix[b[part]]) >= similarity
    return np.stack((a[hit], b[hit]), axis=1)


def _similar(a: frozenset[int], b: frozenset[int], similarity: float) -> bool:
    """Exact check of a candidate pair: Jaccard, or containment of the smaller set with size guards."""
    shared = len(a & b)
    if not shared:
        return False
    small, large = sorted((len(a), len(b)))
    if shared / (small + large - shared) >= similarity:
        return True
    return (
        small >= MIN_CONTAINED and small >= CONTAINMENT_SIZE_RATIO * large and shared / small >= CONTAINMENT
    )


_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(values: np.ndarray) -> np.ndarray:
    """Return a 64-bit finaliser (splitmix64) of uint64 values: spreads nearby values apart."""
    values = values ^ (values >> np.uint64(30))
    values *= np.uint64(0xBF58476D1CE4E5B9)
    values ^= values >> np.uint64(27)
    values *= np.uint64(0x94D049BB133111EB)
    values ^= values >> np.uint64(31)
    return values


_BMP_WORD: np.ndarray | None = None


def _word_table() -> np.ndarray:
    """Return (and cache) which BMP code points are word characters, as :func:`words` sees them."""
    global _BMP_WORD
    if _BMP_WORD is None:
        table = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
        for low, high in re.findall(r"(.)-(.)", _MARKS):
            table[ord(low) : ord(high) + 1] = True
        _BMP_WORD = table
    return _BMP_WORD


def _word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return 64-bit hashes of every normalised word of all texts (flat) and the words per text.

    Same words as :func:`words`, found with numpy over the code points of all texts at once
    (a regular expression per text costs more than the whole rest of the clustering).
    """
    normal = [unicodedata.normalize("NFKC", text).casefold() for text in texts]
    # One space after each text keeps words from running across texts.
    points = np.frombuffer(" ".join([*normal, ""]).encode("utf-32-le"), dtype=np.uint32)
    ends = np.cumsum(np.fromiter(map(len, normal), dtype=np.int64, count=len(normal)) + 1)
    optional = np.isin(points, _OPTIONAL_POINTS)
    if optional.any():
        removed = np.cumsum(optional)
        ends = ends - removed[ends - 1]
        points = points[~optional]
    table = _word_table()
    if len(points) and int(points.max()) < 0x10000:
        wordy = table[points]
    else:
        wordy = np.zeros(len(points), dtype=bool)
        bmp = points < 0x10000
        wordy[bmp] = table[points[bmp]]
        astral = np.flatnonzero(~bmp)
        wordy[astral] = [chr(c).isalnum() for c in points[astral].tolist()]
    edges = np.diff(wordy.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    if not len(starts):
        return np.empty(0, dtype=np.uint64), np.zeros(len(texts), dtype=np.int64)
    lengths = np.flatnonzero(edges == -1) - starts
    # Polynomial hash of each word, sum of (code point + 1) * BASE**(position in word) mod 2**64,
    # then mixed; the word characters are exactly the runs, one after the other.
    inside = points[wordy].astype(np.uint64)
    run_offsets = np.cumsum(lengths) - lengths
    position = np.arange(len(inside), dtype=np.int64) - np.repeat(run_offsets, lengths)
    powers = np.cumprod(np.full(int(lengths.max()), 0x100000001B3, dtype=np.uint64))
    inside += np.uint64(1)
    inside *= powers[position]
    hashes = _mix(np.add.reduceat(inside, run_offsets) ^ lengths.astype(np.uint64))
    counts = np.diff(np.searchsorted(starts, ends), prepend=0).astype(np.int64)
    return hashes, counts


def _shingles(
    word_hashes: np.ndarray, word_starts: np.ndarray, kept: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return shingle offsets, flat shingle hashes and a whole-text key for the kept texts.

    Shingles are word bigrams; a text shorter than the shingle size uses its words instead.
    """
    counts = word_starts[kept + 1] - word_starts[kept]
    # Gather the kept texts' words into one flat array.
    first = np.repeat(word_starts[kept] - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    flat = word_hashes[first + np.arange(int(counts.sum()), dtype=np.int64)]
    bounds = np.zeros(len(kept) + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])
    owner = np.repeat(np.arange(len(kept)), counts)
    bigrams = _mix(flat[:-1] * np.uint64(0x9E3779B97F4A7C15) + (flat[1:] ^ np.uint64(0x5851F42D4C957F2D)))
    same = owner[:-1] == owner[1:]
    short = counts < SHINGLE
    if short.any():
        # Rare (only with min_words < 2): the words of short texts stand in for their bigrams.
        lone = np.zeros(len(flat), dtype=bool)
        lone[bounds[:-1][short]] = True
        values = np.concatenate((bigrams[same], flat[lone]))
        where = np.concatenate((np.flatnonzero(same), np.flatnonzero(lone)))
        order = np.argsort(where, kind="stable")
        shingles = values[order]
        per_text = np.where(short, counts, counts - 1)
    else:
        shingles = bigrams[same]
        per_text = counts - 1
    offsets = np.zeros(len(kept) + 1, dtype=np.int64)
    np.cumsum(per_text, out=offsets[1:])
    # Whole-text key: an order-sensitive hash of the word sequence, with the word count.
    step = np.arange(len(flat), dtype=np.int64) - np.repeat(bounds[:-1], counts)
    weighted = _mix(flat + step.astype(np.uint64))
    keys = _mix(np.add.reduceat(weighted, bounds[:-1]) ^ counts.astype(np.uint64))
    return offsets, shingles, keys


def _minhash(offsets: np.ndarray, shingles: np.ndarray) -> np.ndarray:
    """Return a (NUM_PERM, texts) array of MinHash values (multiply-shift hashes, top 32 bits)."""
    rng = np.random.default_rng(SEED)
    multipliers = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
    addends = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    starts = offsets[:-1]
    signatures = np.empty((NUM_PERM, len(starts)), dtype=np.uint32)
    block = 16  # hashing 16 permutations at a time bounds the temporary array
    shift = np.uint64(32)
    for first in range(0, NUM_PERM, block):
        hashed = multipliers[first : first + block, None] * shingles[None, :]
        hashed += addends[first : first + block, None]
        hashed >>= shift
        signatures[first : first + block] = np.minimum.reduceat(hashed, starts, axis=1)
    return signatures


def _candidates(signatures: np.ndarray) -> np.ndarray:
    """Return unique candidate pairs (i < j) of texts that share an LSH band bucket."""
    count = signatures.shape[1]
    pair_codes: list[np.ndarray] = []
    for band in range(BANDS):
        rows = signatures[band * ROWS : (band + 1) * ROWS].astype(np.uint64)
        keys = (rows[0] << np.uint64(32)) | rows[1]
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        bounds = np.flatnonzero(np.diff(sorted_keys)) + 1
        starts = np.concatenate(([0], bounds))
        sizes = np.diff(np.concatenate((starts, [count])))
        small = (sizes > 1) & (sizes <= MAX_BUCKET)
        if small.any():
            pair_codes.append(_bucket_pairs(order, starts[small], sizes[small], count))
        parts = [
            part
            for start, size in zip(
                starts[sizes > MAX_BUCKET].tolist(), sizes[sizes > MAX_BUCKET].tolist(), strict=True
            )
            for part in _split(order[start : start + size], signatures, band)
        ]
        if parts:  # all the parts of this band's split buckets in one vectorised call
            part_sizes = np.array([len(part) for part in parts])
            part_starts = np.concatenate(([0], np.cumsum(part_sizes)[:-1]))
            pair_codes.append(_bucket_pairs(np.concatenate(parts), part_starts, part_sizes, count))
    if not pair_codes:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(pair_codes))
    return np.stack((codes // count, codes % count), axis=1)


def _bucket_pairs(order: np.ndarray, starts: np.ndarray, sizes: np.ndarray, count: int) -> np.ndarray:
    """Return the codes min*count + max of the candidate pairs within each bucket
    order[start:start+size]: each member with the bucket's first (a star) and with the next
    one (a chain).

    Not every pair: union-find merging is transitive, so linking a bucket's near duplicates
    needs a spanning set of pairs, and the 32 bands give each text 32 different buckets. The
    bound matters on text of a few stock words, where every bucket is full: all pairs of
    full buckets made 20,000 synthetic claims take 17 s, almost all of it listing pairs."""
    firsts = np.repeat(starts, sizes - 1)
    members = (
        firsts
        + (np.arange(int((sizes - 1).sum())) - np.repeat(np.cumsum(sizes - 1) - (sizes - 1), sizes - 1))
        + 1
    )
    star = (order[firsts], order[members])
    chained = members[members - 1 != firsts]
    chain = (order[chained - 1], order[chained])
    a = np.concatenate((star[0], chain[0])).astype(np.int64)
    b = np.concatenate((star[1], chain[1])).astype(np.int64)
    return np.minimum(a, b) * count + np.maximum(a, b)


def _split(bucket: np.ndarray, signatures: np.ndarray, band: int) -> list[np.ndarray]:
    """Split an oversized bucket by the following bands' values until the parts are small enough."""
    parts = [bucket]
    for extra in range(1, BANDS):
        if all(len(part) <= MAX_BUCKET for part in parts):
            break
        row = ((band + extra) * ROWS) % NUM_PERM
        refined = []
        for part in parts:
            if len(part) <= MAX_BUCKET:
                refined.append(part)
                continue
            values = signatures[row, part]
            order = np.argsort(values, kind="stable")
            bounds = np.flatnonzero(np.diff(values[order])) + 1
            refined.extend(p for p in np.split(part[order], bounds) if len(p) > 1)
        parts = refined
    # A bucket still too large after every refinement holds texts alike in all 64 values:
    # near duplicates in practice, so listing its pairs is the right work.
    return parts


def _find(parent: list[int], node: int) -> int:
    """Return the root of a node, halving the path on the way."""
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _union(parent: list[int], a: int, b: int) -> None:
    """Join the sets of two nodes; the smaller root id becomes the root (keeps runs deterministic)."""
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)
