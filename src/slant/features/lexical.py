"""Lexical features of the fast tier: TF-IDF over character and word n-grams, sentence plus context."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

#: Weight of the paragraph's n-grams added to the sentence's own (same feature space).
CONTEXT_WEIGHT = 0.5
#: Words whose character n-gram ids are kept between calls (then the cache starts again).
CACHE_WORDS = 200_000


def _char() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), lowercase=True, sublinear_tf=True, dtype=np.float32
    )


def _word() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        lowercase=True,
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b|[!?\"“”«»]",
        dtype=np.float32,
    )


class Lexical:
    """Fitted n-gram vocabularies and idf weights; turns sentences (+ paragraphs) into vectors."""

    def __init__(self, char: TfidfVectorizer, word: TfidfVectorizer) -> None:
        self.char, self.word = char, word
        self._word_terms: np.ndarray | None = None
        self._char_cache: dict[str, list[int]] = {}
        self._char_analyze: Callable[[str], list[str]] | None = None

    @property
    def word_terms(self) -> np.ndarray:
        """Word n-grams in column order (cached: cues look them up for every sentence)."""
        if self._word_terms is None:
            self._word_terms = self.word.get_feature_names_out()
        return self._word_terms

    @classmethod
    def fit(cls, texts: Sequence[str], char_features: int, word_features: int) -> Lexical:
        """Learn the most frequent n-grams (at least 3 documents) and their idf from ``texts``."""
        char, word = _char(), _word()
        char.set_params(max_features=char_features, min_df=3)
        word.set_params(max_features=word_features, min_df=3)
        char.fit(texts)
        word.fit(texts)
        return cls(char, word)

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Lexical:
        """Rebuild from :meth:`to_arrays` output (no pickle: plain strings and numbers)."""
        parts = []
        for name, make in (("char", _char), ("word", _word)):
            vectorizer = make()
            terms = arrays[f"{name}_terms"]
            vectorizer.set_params(vocabulary={str(t): i for i, t in enumerate(terms)})
            vectorizer.idf_ = arrays[f"{name}_idf"].astype(np.float64)
            parts.append(vectorizer)
        return cls(*parts)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Vocabularies (in column order) and idf weights as numpy arrays."""
        out = {}
        for name, vectorizer in (("char", self.char), ("word", self.word)):
            terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
            out[f"{name}_terms"] = np.array(terms, dtype=str)
            out[f"{name}_idf"] = vectorizer.idf_.astype(np.float32)
        return out

    def char_ids(self, token: str) -> list[int]:
        """Column ids of the character n-grams of one whitespace-free token (cached)."""
        word = token.lower()
        found = self._char_cache.get(word)
        if found is None:
            if len(self._char_cache) >= CACHE_WORDS:
                self._char_cache.clear()
            if self._char_analyze is None:
                self._char_analyze = self.char.build_analyzer()
            lookup = self.char.vocabulary_.get
            found = self._char_cache[word] = [
                c for c in map(lookup, self._char_analyze(word)) if c is not None
            ]
        return found

    @property
    def size(self) -> int:
        """Number of features."""
        return len(self.char.vocabulary_) + len(self.word.vocabulary_)

    def counts(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Raw n-gram counts of each text (character block, word block).

        scikit-learn's own analyzers make the n-grams (so they are exactly the ones it
        learned); counting them here skips its per-call validation, which costs more than
        the counting for short sentences.
        """
        # char_wb n-grams never cross a word: a text's n-grams are its words' n-grams, looked up
        # once per word.
        char = [[c for word in text.split() for c in self.char_ids(word)] for text in texts]
        analyze, lookup = self.word.build_analyzer(), self.word.vocabulary_.get
        word = [[c for c in map(lookup, analyze(text)) if c is not None] for text in texts]
        return _counts(char, len(self.char.vocabulary_)), _counts(word, len(self.word.vocabulary_))

    def transform(self, texts: Sequence[str], paragraphs: Sequence[Hashable] | None = None) -> sp.csr_matrix:
        """Sentence TF-IDF vectors, plus ``CONTEXT_WEIGHT`` times their paragraph's.

        ``paragraphs`` gives each sentence's paragraph key; a paragraph's vector is made from
        the summed counts of its sentences, so each sentence is read once. (For character
        n-grams, which never cross a word, that equals reading the paragraph; word bigrams
        across two sentences are left out.)
        """
        blocks = []
        for counts, vectorizer in zip(self.counts(texts), (self.char, self.word), strict=True):
            x = _tfidf(counts, vectorizer.idf_)
            if paragraphs is not None:
                keys: dict[Hashable, int] = {}
                group = np.array([keys.setdefault(k, len(keys)) for k in paragraphs], dtype=np.int64)
                member = sp.csr_matrix(
                    (np.ones(len(group), dtype=np.float32), (group, np.arange(len(group)))),
                    shape=(len(keys), len(group)),
                )
                x = x + CONTEXT_WEIGHT * _tfidf(sp.csr_matrix(member @ counts), vectorizer.idf_)[group]
            blocks.append(x)
        return sp.csr_matrix(sp.hstack(blocks, format="csr"), dtype=np.float32)

    def pair(self, texts: Sequence[str], contexts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF of each text plus ``CONTEXT_WEIGHT`` times that of its own context text."""
        blocks = []
        for own, around, vectorizer in zip(
            self.counts(texts), self.counts(contexts), (self.char, self.word), strict=True
        ):
            blocks.append(_tfidf(own, vectorizer.idf_) + CONTEXT_WEIGHT * _tfidf(around, vectorizer.idf_))
        return sp.csr_matrix(sp.hstack(blocks, format="csr"), dtype=np.float32)


def _counts(rows: Sequence[list[int]], width: int) -> sp.csr_matrix:
    """Count matrix from each row's list of column ids (repeats add up)."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = [c for r in rows for c in r]
    data = np.ones(len(indices), dtype=np.float32)
    counts = sp.csr_matrix((data, indices, indptr), shape=(len(rows), width))
    counts.sum_duplicates()
    return counts


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """scikit-learn's ``sublinear_tf`` TF-IDF with L2-normalised rows."""
    x = counts.astype(np.float32, copy=True)
    x.data = (1.0 + np.log(x.data)) * idf[x.indices].astype(np.float32)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ x, dtype=np.float32)
