"""Near-duplicate articles: news aggregators republish one story from several papers, so
sums over an archive would count its figures several times.

Each article becomes a MinHash of its word 5-gram shingles (NFC, lower case), queried
against a MinHash LSH index (datasketch) of the articles before it in input order. An
article whose estimated Jaccard similarity with an earlier one reaches ``THRESHOLD`` is
marked ``duplicate_of`` that earlier article (the first of its group); only articles that
are nobody's duplicate enter the index. Deterministic for a given input order, and the
same on a resumed run (finished inputs are still read and hashed).

Memory: about 0.4 KB per kept article (see :class:`NearDuplicates`).
"""
from __future__ import annotations

import unicodedata
from typing import Iterator

import regex

THRESHOLD = 0.8
NUM_PERM = 64
SHINGLE = 5

_WORD = regex.compile(r"\w+")


#: Characters per slice of a long text: shingles are hashed slice by slice, so a 50 MB
#: article never holds all its words, shingles and their hash matrix at once (a MinHash of a
#: set is the same however its members are fed in, repeated or not).
SLICE_CHARS = 400_000

_NON_WORD = regex.compile(r"\W")


def shingle_batches(text: str, size: int = SHINGLE) -> Iterator[list[bytes]]:
    """The word ``size``-gram shingles of ``text`` (NFC, lower case), in slices; a text of
    ``size`` words or fewer is one shingle, an empty one none."""
    norm = unicodedata.normalize("NFC", text).lower()
    carry: list[str] = []
    short: list[str] = []
    for words in _word_slices(norm):
        words = carry + words
        if len(words) >= size:
            yield [" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)]
            short = []
        else:
            short = words
        carry = words[-(size - 1):] if size > 1 else []
    if short:
        yield [" ".join(short).encode("utf-8")]


def _word_slices(text: str) -> Iterator[list[str]]:
    """The words of ``text``, a slice of about SLICE_CHARS characters at a time (cut where no
    word is: a word is never split)."""
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + SLICE_CHARS)
        if end < n:
            gap = _NON_WORD.search(text, end)
            end = gap.start() if gap is not None else n
        words = _WORD.findall(text, start, end)
        if words:
            yield words
        start = max(end, start + 1)


#: How many kept articles the index remembers: an aggregator republishes a story within days,
#: so a window of recent articles finds its copies while memory stays bounded on any archive.
WINDOW = 100_000


class NearDuplicates:
    """``check(doc_id, text)`` -> the doc_id of an earlier near-duplicate, or None.

    A banded MinHash index (the LSH of datasketch's MinHashLSH, with its band and row
    counts for ``threshold``) kept lean: one dict per band from the band's hash to the
    ordinal of the first article that had it -- about 0.6 KB per article -- over the last
    ``window`` kept articles (older ones are forgotten, so memory is flat on any archive)."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, window: int = WINDOW) -> None:
        from collections import deque

        from datasketch import MinHash
        from datasketch.lsh import _optimal_param

        self._minhash = MinHash
        self._num_perm = num_perm
        # drawn once: a MinHash draws its permutations on every construction otherwise
        template = MinHash(num_perm=num_perm, seed=1)
        self._permutations, self._scheme = template.permutations, template.scheme
        self._bands, self._rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
        self._tables: list[dict[int, int]] = [{} for _ in range(self._bands)]
        self._ids: dict[int, str] = {}
        self._order: deque[tuple[int, list[int]]] = deque()
        self._window = window
        self._next = 0

    def check(self, doc_id: str, text: str) -> str | None:
        m = self._minhash(num_perm=self._num_perm, seed=1, permutations=self._permutations, scheme=self._scheme)
        empty = True
        for grams in shingle_batches(text):
            m.update_batch(grams)
            empty = False
        if empty:
            return None
        values = m.hashvalues
        r = self._rows
        keys = [hash(values[i * r:(i + 1) * r].tobytes()) for i in range(self._bands)]
        hits = [t[k] for t, k in zip(self._tables, keys) if k in t]
        if hits:
            return self._ids[min(hits)]  # the first of its group, in input order
        ordinal = self._next
        self._next += 1
        self._ids[ordinal] = doc_id
        for t, k in zip(self._tables, keys):
            t.setdefault(k, ordinal)
        self._order.append((ordinal, keys))
        if len(self._order) > self._window:
            old, old_keys = self._order.popleft()
            for t, k in zip(self._tables, old_keys):
                if t.get(k) == old:
                    del t[k]
            del self._ids[old]
        return None
