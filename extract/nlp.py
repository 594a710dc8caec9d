"""baocao as a spaCy pipeline.

    >>> nlp = extract.load_pipeline()
    >>> doc = nlp("Góp Quỹ “Vì người nghèo” hơn 4,2 tỷ đồng.")
    >>> [(s.text, s._.record.value) for s in doc.spans["quantities"]]
    [('hơn 4,2 tỷ đồng', Decimal('4200000000'))]

The tokenizer keeps the text as given (``doc.text == text``) and cuts digits,
letters and punctuation apart, so every span baocao finds falls on token
boundaries; the rare span that does not (syllables glued by scraping, as in
"mớiđô") gets its token split. Two factories are registered:

- ``baocao_sentencizer`` sets sentence boundaries from baocao's normaliser and
  splitter (page chrome stays outside every sentence but the first);
- ``baocao`` runs the whole extraction (:func:`extract.pipeline.extract_document`)
  and writes ``doc.spans["quantities" | "areas" | "campaigns" | "periods"]``;
  each span carries its validated record as ``span._.record`` and the whole
  :class:`~extract.pipeline.Extraction` is ``doc._.baocao``.

The extraction is document-level (linking needs the whole article), so the
``baocao`` component does the work once per doc; spaCy adds the tokenizer and
span bookkeeping on top (``bench/bench_extract.py`` measures how much).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable

import numpy
import regex
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from .normalise import clean, layout
from .pipeline import Extraction, body_sentences, extract_document

#: Whitespace runs; digit groups with their separators; letter runs (with marks); any other single character.
_TOKEN = regex.compile(r"(\s+)|\d+(?:[.,]\d+)*|[\p{L}\p{M}]+|\S")

_NOT_START = numpy.array(-1, dtype="int64").astype("uint64")  # how Doc.to_array writes -1 (not a sentence start)

SPAN_KEYS = ("quantities", "areas", "campaigns", "periods")

if not Span.has_extension("record"):
    Span.set_extension("record", default=None)
if not Doc.has_extension("baocao"):
    Doc.set_extension("baocao", default=None)


class Tokenizer:
    """Cuts text into digit groups, letter runs and single punctuation marks, keeping it intact."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in _TOKEN.finditer(text):
            if m.group(1) is not None:  # whitespace
                ws = m.group(1)
                if words and not spaces[-1] and ws == " ":
                    spaces[-1] = True
                else:  # other whitespace is a token of its own, as in spaCy's tokenizers
                    if words and not spaces[-1] and ws.startswith(" "):
                        spaces[-1] = True
                        ws = ws[1:]
                    words.append(ws)
                    spaces.append(False)
            else:
                words.append(m.group())
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    # spaCy serialises the tokenizer with the pipeline; this one has no state.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "Tokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "Tokenizer":
        return self


def _cut_at(doc: Doc, offsets: Iterable[int]) -> Doc:
    """Split tokens so that every offset in ``offsets`` is a token boundary."""
    starts = doc.to_array(IDX).tolist()  # no Token objects: they cost more than the rest
    cuts: dict[int, list[int]] = {}
    for off in offsets:
        i = bisect_right(starts, off) - 1
        if i < 0:
            continue
        tok = doc[i]
        inner = off - tok.idx
        if 0 < inner < len(tok.text):
            cuts.setdefault(i, []).append(inner)
    if not cuts:
        return doc
    with doc.retokenize() as retok:
        for i, inner in cuts.items():
            tok = doc[i]
            bounds = [0, *sorted(set(inner)), len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(bounds, bounds[1:])]
            retok.split(tok, orths, heads=[(tok, k) for k in range(len(orths))])
    return doc


def _set_sentences(doc: Doc, starts: list[int]) -> None:
    """Mark the tokens at ``starts`` (character offsets) as sentence starts, and no others."""
    token_starts = doc.to_array(IDX).tolist()
    flags = numpy.full((len(doc), 1), _NOT_START, dtype="uint64")
    for s in starts:
        i = bisect_left(token_starts, s)
        if i < len(doc):
            flags[i, 0] = 1
    if len(doc):
        flags[0, 0] = 1
        doc.from_array([SENT_START], flags)


@Language.factory("baocao_sentencizer")
def make_sentencizer(nlp: Language, name: str) -> "Sentencizer":
    return Sentencizer()


class Sentencizer:
    """Sentence boundaries from baocao's normaliser and splitter."""

    def __call__(self, doc: Doc) -> Doc:
        mt = clean(doc.text)
        spans = body_sentences(mt.text, layout(mt.text))
        starts = [mt.to_original(sp.start, sp.end)[0] for sp in spans]
        doc = _cut_at(doc, starts)
        _set_sentences(doc, starts)
        return doc


@Language.factory("baocao", default_config={"use_gazetteer": True})
def make_extractor(nlp: Language, name: str, use_gazetteer: bool) -> "Extractor":
    return Extractor(use_gazetteer=use_gazetteer)


class Extractor:
    """The whole baocao extraction as one component: records as span groups."""

    def __init__(self, *, use_gazetteer: bool = True) -> None:
        self.use_gazetteer = use_gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc_id = doc.user_data.get("doc_id", "doc")
        ex = extract_document(doc.text, doc_id, use_gazetteer=self.use_gazetteer)
        return attach(doc, ex)


def attach(doc: Doc, ex: Extraction) -> Doc:
    """Write an extraction's records onto ``doc`` as span groups and sentence starts."""
    groups = {"quantities": ex.quantities, "areas": ex.areas, "campaigns": ex.campaigns, "periods": ex.periods}
    bounds = {r.start for rs in groups.values() for r in rs} | {r.end for rs in groups.values() for r in rs}
    bounds |= {s.start for s in ex.sentences}
    doc = _cut_at(doc, bounds)
    if not doc.to_array(SENT_START)[1:].any():  # none set after the first (has_annotation would build every Token)
        _set_sentences(doc, [s.start for s in ex.sentences])
    for key, records in groups.items():
        spans = []
        for r in records:
            span = doc.char_span(r.start, r.end, label=_label(key, r))
            if span is None:  # whitespace-only edges cannot be tokens; never seen on real text
                span = doc.char_span(r.start, r.end, label=_label(key, r), alignment_mode="expand")
            span._.record = r
            spans.append(span)
        doc.spans[key] = spans
    doc._.baocao = ex
    return doc


def _label(key: str, record) -> str:
    if key == "quantities":
        return record.kind.upper()
    if key == "areas":
        return "PLACE"
    return key[:-1].upper()


def load_pipeline(*, sentences_only: bool = False, use_gazetteer: bool = True) -> Language:
    """A blank Vietnamese spaCy pipeline with baocao's tokenizer and components.

    ``nlp(text)`` gives a Doc whose ``spans`` hold quantities, areas, campaigns and
    periods; ``nlp.pipe(texts)`` streams. Nothing is downloaded: the pipeline is
    built from spaCy's Vietnamese language data and baocao's own tables.
    """
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.meta["name"] = "baocao"
    nlp.tokenizer = Tokenizer(nlp.vocab)
    if sentences_only:
        nlp.add_pipe("baocao_sentencizer")
    else:
        nlp.add_pipe("baocao", config={"use_gazetteer": use_gazetteer})
    return nlp
