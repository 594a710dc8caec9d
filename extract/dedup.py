"""Near-duplicate articles: news aggregators republish one story from several papers, so
sums over an archive would count its figures several times.

Each article becomes a MinHash of its word 5-gram shingles (NFC, lower case), queried
against a MinHash LSH index (datasketch) of the articles before it in input order. An
article whose estimated Jaccard similarity with an earlier one reaches ``THRESHOLD`` is
marked ``duplicate_of`` that earlier article (the first of its group); only articles that
are nobody's duplicate enter the index. Deterministic for a given input order, and the
same on a resumed run (finished inputs are still read and hashed).

Memory: the index keeps ``BANDS`` band keys per kept article (about 0.5 KB each).
"""
from __future__ import annotations

import unicodedata

import regex

THRESHOLD = 0.8
NUM_PERM = 64
SHINGLE = 5

_WORD = regex.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class NearDuplicates:
    """``check(doc_id, text)`` -> the doc_id of an earlier near-duplicate, or None."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHash, MinHashLSH

        self._minhash = MinHash
        self._num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._n = 0

    def check(self, doc_id: str, text: str) -> str | None:
        grams = shingles(text)
        if not grams:
            return None
        m = self._minhash(num_perm=self._num_perm, seed=1)
        m.update_batch(list(grams))
        hits = self._lsh.query(m)
        if hits:
            return min(hits).split("\0", 1)[1]  # keys sort in input order: the first of the group
        self._lsh.insert(f"{self._n:012d}\0{doc_id}", m, check_duplication=False)
        self._n += 1
        return None
