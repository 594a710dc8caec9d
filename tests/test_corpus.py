"""The corpus and its gold: every article annotated, enough real figures, HTML parity."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract import extract_document
from extract.evaluate import gold_sources, load_quantities
from extract.gold import check_gold
from extract.readers import RawDoc, iter_inputs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "gold"
SOURCES = ("seeds", "daksong", "dantri", "baomoi")


def test_every_corpus_article_is_in_the_gold_document_list():
    listed = gold_sources(GOLD)
    on_disk = {p.stem: p.parent.name for p in CORPUS.rglob("*.txt")}
    assert listed == on_disk
    assert set(listed.values()) == set(SOURCES)


def test_the_gold_is_valid_and_has_at_least_800_real_figures():
    assert check_gold(GOLD, CORPUS) == []
    sources = gold_sources(GOLD)
    gold = load_quantities(GOLD)
    real = [d for d in gold["doc_id"] if sources[d] != "seeds"]
    assert len(real) >= 800


def test_every_source_folder_keeps_its_provenance():
    for source in ("daksong", "dantri", "baomoi"):
        rows = (CORPUS / source / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]
        named = {r.split("\t")[0] for r in rows if r.strip()}
        stems = {p.stem for p in (CORPUS / source).glob("*.txt")}
        assert stems <= named, (source, sorted(stems - named))


HTML_PAGES = sorted((CORPUS / "daksong").glob("*.html"))


@pytest.mark.parametrize("page", HTML_PAGES, ids=lambda p: p.stem[:40])
def test_a_daksong_page_yields_the_quantities_of_its_text_rendering(page):
    """The .html page as published and the .txt as its reader sees it give the same figures."""
    docs = {Path(d.source).suffix: d for d in iter_inputs([page, page.with_suffix(".txt")]) if isinstance(d, RawDoc)}
    assert set(docs) == {".html", ".txt"}
    found = {}
    for suffix, d in docs.items():
        ex = extract_document(d.text, d.doc_id, title=d.title, date=d.date)
        found[suffix] = [(q.text, q.kind, q.value, q.unit) for q in ex.quantities]
    assert found[".html"] == found[".txt"]


def test_there_are_28_daksong_pages():
    assert len(HTML_PAGES) == 28
