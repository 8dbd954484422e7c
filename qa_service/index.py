"""Index: build the searchable artifacts under index/ and load them back, checked.

A build writes passages, chunks, the FAISS index over chunk vectors, the
sentence vectors (so answering costs one query embedding), the abbreviation
table, the bibliography and (when the model allows) an ONNX query encoder
checked against the model into a fresh folder, then swaps `manifest.json`
(one atomic rename) to point at it: an interrupted build leaves the previous
index usable. Loading refuses an index built from another corpus, model or
chunker, or whose files do not match the manifest's checksums.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from . import __version__
from .abbrev import AbbreviationTable
from .chunk import ENCODING, Chunk, ChunkSettings, chunk_review
from .config import Settings
from .embed import Embedder
from .ingest import Passage, PassageKind, Review, Section, Sentence, ingest, reference_title

# Bump when ingestion, chunking or abbreviation harvesting output changes, so existing indexes are rebuilt.
FORMAT_VERSION = 11
# A sentence is also embedded as the titles of the papers it cites: a second description of its
# claim, often in other words ("… awaken dormant cancer cells" for "… the proliferation of dormant
# cancer cells by activating integrin α3β1 signaling"). The titles are the cited papers', not the
# sentence's, so that view counts TITLES_DISCOUNT below its cosine and lifts the sentence's own by at
# most TITLES_LIFT (dev evidence 0.938 -> 0.940, test 0.918 -> 0.922; uncapped, "Several forms of
# autophagy have been discovered" answers "What is autophagy?" on its cited review's title).
CITED_TITLES = 4  # the first four: about a hundred tokens, within what the model reads
TITLES_DISCOUNT = 0.05
TITLES_LIFT = 0.1
MANIFEST = "manifest.json"
FIX_BUILD = "qa-service build-index"


class IndexUnavailable(RuntimeError):
    """The index cannot be used; `fix` is the command that repairs it."""

    def __init__(self, reason: str, fix: str = FIX_BUILD):
        super().__init__(reason)
        self.reason = reason
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.reason} (fix: {self.fix})"


class IndexMissing(IndexUnavailable):
    pass


class IndexStale(IndexUnavailable):
    pass


class IndexCorrupt(IndexUnavailable):
    pass


@dataclass
class Index:
    """Everything retrieval and answering read, loaded once per process."""

    manifest: dict
    review: Review
    chunks: list[Chunk]
    chunk_vectors: faiss.Index
    sentences: list[Sentence]  # every sentence once, in reading order
    sentence_vectors: np.ndarray
    chunk_sentence_ids: list[list[int]]  # rows of `sentences` that each chunk holds
    sentence_passage: list[int]  # passage index of each sentence
    abbreviations: AbbreviationTable
    data_dir: Path
    # Prose sentences that use abbreviations, embedded again with them spelled out (see spelled_out).
    spelled_ids: np.ndarray
    spelled_vectors: np.ndarray
    # Prose sentences that cite the bibliography, embedded again as the titles they cite (see cited_titles).
    titles_ids: np.ndarray
    titles_vectors: np.ndarray

    @property
    def has_query_encoder(self) -> bool:
        return bool(self.manifest.get("query_encoder"))

    def passage(self, passage_id: str) -> Passage:
        return self._passages_by_id[passage_id]

    def __post_init__(self) -> None:
        self._passages_by_id = {p.id: p for p in self.review.passages}
        self.chunk_index = {c.id: i for i, c in enumerate(self.chunks)}
        self.first_chunk_of_sentence: dict[int, int] = {}  # overlapping chunks share sentences
        for chunk_index, ids in enumerate(self.chunk_sentence_ids):
            for sentence_id in ids:
                self.first_chunk_of_sentence.setdefault(sentence_id, chunk_index)
        self._spelled_row = _rows_of(self.spelled_ids, len(self.sentences))
        self._titles_row = _rows_of(self.titles_ids, len(self.sentences))

    def sentence_similarity(self, vector: np.ndarray, ids: list[int] | None = None) -> np.ndarray:
        """Cosine of each sentence (all, or `ids`) to `vector`: as written or spelled out, whichever is
        closer, lifted a little by the titles it cites when they are closer still (see TITLES_LIFT)."""
        similarity = self.sentence_vectors @ vector if ids is None else self.sentence_vectors[ids] @ vector
        held, spelled = _view_similarity(self.spelled_ids, self._spelled_row, self.spelled_vectors, ids, vector)
        similarity[held] = np.maximum(similarity[held], spelled)
        held, titles = _view_similarity(self.titles_ids, self._titles_row, self.titles_vectors, ids, vector)
        similarity[held] = np.maximum(
            similarity[held], np.minimum(titles - TITLES_DISCOUNT, similarity[held] + TITLES_LIFT)
        )
        return similarity


def _rows_of(view_ids: np.ndarray, count: int) -> np.ndarray:
    """For each sentence, its row in a view's vectors, or -1."""
    rows = np.full(count, -1, dtype=np.int64)
    rows[view_ids] = np.arange(len(view_ids))
    return rows


def _view_similarity(
    view_ids: np.ndarray, view_row: np.ndarray, vectors: np.ndarray, ids: list[int] | None, vector: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in all sentences, or in `ids`) of the sentences a view holds, and their cosines in it."""
    if ids is None:
        return view_ids, vectors @ vector
    rows = view_row[ids]
    held = np.flatnonzero(rows >= 0)
    return held, vectors[rows[held]] @ vector


def searchable_text(kind: PassageKind, text: str) -> str:
    """Text a search engine indexes: a table row without its column names.

    Every row of Table 1 repeats "Metastasis-related long non-coding RNA:"; indexed, those
    names make all 24 rows outrank the prose about lncRNAs. Users still see the names.
    """
    if kind is PassageKind.TABLE_ROW:
        return re.sub(r"(?:^|; )[^:;]+: ", "; ", text).strip("; ")
    return text


def chunk_text_for_embedding(review: Review, chunk: Chunk) -> str:
    """What search sees of a chunk: its section and heading give a passage its topic."""
    title = review.section(chunk.section).title
    heading = f" {chunk.heading}." if chunk.heading else ""
    return f"{title}.{heading} {searchable_text(chunk.kind, chunk.text)}"


def chunk_text_for_search(review: Review, chunk: Chunk) -> str:
    """What BM25 indexes: prose with its section and heading; table rows by their cells alone.

    A table's caption repeated in each of its chunks would make every chunk of the table
    outrank the prose for any question on the caption's topic; the dense side keeps it.
    """
    if chunk.kind is PassageKind.TABLE_ROW:
        return searchable_text(chunk.kind, chunk.text)
    return chunk_text_for_embedding(review, chunk)


def sentence_text_for_embedding(passage: Passage, sentence: Sentence) -> str:
    """Table rows and captions carry their table's or figure's title; prose stands alone."""
    if passage.kind in (PassageKind.TABLE_ROW, PassageKind.FIGURE, PassageKind.TABLE_NOTE):
        return f"{passage.heading}. {searchable_text(passage.kind, sentence.text)}"
    return sentence.text


def spelled_out(passage: Passage, text: str, abbreviations: AbbreviationTable) -> str | None:
    """A prose sentence with its abbreviations written as their long forms, if it uses any.

    The model reads a short form poorly: against "Which chemokines recruit TAMs?" (expanded, as
    every question is, with "tumor-associated macrophages"), "… the recruitment of TAMs requires
    the participation of CCL2" scores 0.33, and 0.66 spelled out. Rows and captions are left as
    they are: their abbreviations are names in a list, not words of a sentence.
    """
    if passage.kind is not PassageKind.PARAGRAPH:
        return None
    spelled = abbreviations.spelled_out(text)
    return spelled if spelled != text else None


def cited_titles(passage: Passage, sentence: Sentence, references: dict[int, str]) -> str | None:
    """The titles of the papers a prose sentence cites (the first CITED_TITLES), if it cites any."""
    if passage.kind is not PassageKind.PARAGRAPH:
        return None
    titles = [reference_title(references[n]) for n in sentence.references if n in references][:CITED_TITLES]
    return "; ".join(titles) or None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_sha256(path: Path) -> str:
    return _sha256(path)


def expected_manifest(settings: Settings) -> dict:
    """The manifest fields an index must match to serve these settings."""
    return {
        "format": FORMAT_VERSION,
        "model": settings.model,
        "corpus_sha256": corpus_sha256(settings.corpus),
        "chunker": {"max_tokens": settings.max_tokens, "overlap_tokens": settings.overlap_tokens, "encoding": ENCODING},
    }


# Exact search costs one pass over all vectors: ~2 ms at 100,000 chunks of 384 floats here. Past
# that, HNSW answers in well under a millisecond at >0.95 recall (see README, "Growth").
FLAT_LIMIT = 100_000


def vector_index_for(vectors: np.ndarray) -> faiss.Index:
    """Exact inner-product search for this review's size; a graph index past FLAT_LIMIT vectors."""
    dimension = vectors.shape[1]
    if len(vectors) <= FLAT_LIMIT:
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 128
    index.add(vectors)
    return index


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def build_index(settings: Settings, embedder: Embedder, *, progress: bool = True) -> dict:
    """Build the index for `settings` and atomically make it the current one; return its manifest."""
    review = ingest(settings.corpus)
    chunks = chunk_review(review, ChunkSettings(settings.max_tokens, settings.overlap_tokens))
    passage_rows, sentence_texts, sentence_start = [], [], {}
    for passage in review.passages:
        sentence_start[passage.id] = len(sentence_texts)
        sentence_texts += [sentence_text_for_embedding(passage, s) for s in passage.sentences]
        passage_rows.append(
            {
                "id": passage.id,
                "kind": passage.kind.value,
                "section": passage.section,
                "heading": passage.heading,
                "sentences": [asdict(s) for s in passage.sentences],
            }
        )
    sentences = [s for p in review.passages for s in p.sentences]
    sentence_ids = {(s.start, s.end): i for i, s in enumerate(sentences)}
    chunk_rows = [
        {
            "id": c.id,
            "passage_id": c.passage_id,
            "sentences": [sentence_ids[(s.start, s.end)] for s in c.sentences],
            "token_count": c.token_count,
        }
        for c in chunks
    ]
    abbreviations = AbbreviationTable.harvest([s.title for s in review.sections] + [p.text for p in review.passages])

    passage_of = [p for p in review.passages for _ in p.sentences]
    spelled = [spelled_out(passage_of[i], text, abbreviations) for i, text in enumerate(sentence_texts)]
    spelled_ids = np.array([i for i, text in enumerate(spelled) if text], dtype=np.int64)
    titles = [cited_titles(passage_of[i], s, review.references) for i, s in enumerate(sentences)]
    titles_ids = np.array([i for i, text in enumerate(titles) if text], dtype=np.int64)
    if progress:
        print(
            f"Embedding {len(chunks)} chunks and {len(sentence_texts)} sentences ({len(spelled_ids)} of them also"
            f" with their abbreviations spelled out, {len(titles_ids)} as the titles they cite) with {embedder.name} …",
            flush=True,
        )
    chunk_vectors = embedder.embed([chunk_text_for_embedding(review, c) for c in chunks], progress=progress)
    sentence_vectors = embedder.embed(sentence_texts, progress=progress)
    spelled_vectors = embedder.embed([spelled[i] for i in spelled_ids], progress=progress)
    titles_vectors = embedder.embed([titles[i] for i in titles_ids], progress=progress)
    vectors_index = vector_index_for(chunk_vectors)

    settings.index_dir.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="build-", dir=settings.index_dir))
    _write_jsonl(data_dir / "passages.jsonl", passage_rows)
    _write_jsonl(data_dir / "chunks.jsonl", chunk_rows)
    (data_dir / "review.json").write_text(
        json.dumps(
            {
                "title": review.title,
                "authors": review.authors,
                "keywords": review.keywords,
                "sections": [asdict(s) for s in review.sections],
                "references": {str(k): v for k, v in sorted(review.references.items())},
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    (data_dir / "abbreviations.json").write_text(
        json.dumps(abbreviations.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    faiss.write_index(vectors_index, str(data_dir / "chunks.faiss"))
    np.save(data_dir / "sentences.npy", sentence_vectors)
    np.save(data_dir / "spelled_ids.npy", spelled_ids)
    np.save(data_dir / "spelled.npy", spelled_vectors)
    np.save(data_dir / "titles_ids.npy", titles_ids)
    np.save(data_dir / "titles.npy", titles_vectors)
    query_encoder = None
    if export := getattr(embedder, "export_query_encoder", None):
        if progress:
            print("Exporting the query encoder to ONNX and checking its vectors …", flush=True)
        # Short questions and long passage sentences alike, so truncation and padding are both checked.
        longest_chunks = sorted((chunk_text_for_embedding(review, c) for c in chunks), key=len)[-2:]
        check_texts = [
            "What are TAMs?",
            "Which drugs block it?",
            *sentence_texts[:: max(1, len(sentence_texts) // 20)],
            *longest_chunks,
        ]
        query_encoder = export(data_dir, check_texts)

    manifest = expected_manifest(settings) | {
        "package_version": __version__,
        "dimension": embedder.dimension,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "data": data_dir.name,
        "query_encoder": query_encoder,
        "counts": {
            "sections": len(review.sections),
            "passages": len(review.passages),
            "chunks": len(chunks),
            "sentences": len(sentence_texts),
            "references": len(review.references),
            "abbreviations": len(abbreviations.long_forms),
        },
        "files": {p.name: _sha256(p) for p in sorted(data_dir.iterdir())},
    }
    staging = settings.index_dir / f".{MANIFEST}.tmp"
    staging.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    os.replace(staging, settings.index_dir / MANIFEST)  # the switch to the new index is this one rename
    for old in settings.index_dir.glob("build-*"):  # the previous index, or an interrupted build's leftovers
        if old.name != data_dir.name:
            shutil.rmtree(old, ignore_errors=True)
    return manifest


def check_manifest(settings: Settings) -> dict:
    """Return the manifest if it serves `settings`; raise IndexUnavailable saying why not."""
    path = settings.index_dir / MANIFEST
    if not path.exists():
        raise IndexMissing(f"no index in {settings.index_dir}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexCorrupt(f"{path} is not valid JSON ({error.__class__.__name__})") from None
    if not isinstance(manifest, dict):
        raise IndexCorrupt(f"{path} is not an index manifest")
    expected = expected_manifest(settings)
    for key, value in expected.items():
        if manifest.get(key) != value:
            what = {
                "corpus_sha256": "another corpus",
                "model": "another model",
                "chunker": "other chunker settings",
                "format": "another index format",
            }[key]
            raise IndexStale(f"the index in {settings.index_dir} was built from {what}")
    data_dir = settings.index_dir / str(manifest.get("data", ""))
    files = manifest.get("files")
    if not isinstance(files, dict) or not data_dir.is_dir():
        raise IndexCorrupt(f"the index in {settings.index_dir} lacks its data folder")
    for name, digest in files.items():
        file = data_dir / name
        if not file.exists():
            raise IndexCorrupt(f"index file {file} is missing")
        if _sha256(file) != digest:
            raise IndexCorrupt(f"index file {file} is damaged (checksum mismatch)")
    return manifest


def load_index(settings: Settings) -> Index:
    """Load a checked index; raise IndexUnavailable (never a raw parsing error) if it cannot serve."""
    manifest = check_manifest(settings)
    data_dir = settings.index_dir / manifest["data"]
    try:
        meta = json.loads((data_dir / "review.json").read_text(encoding="utf-8"))
        passages, sentences, sentence_passage = [], [], []
        for row in map(json.loads, (data_dir / "passages.jsonl").read_text(encoding="utf-8").splitlines()):
            sents = tuple(Sentence(s["text"], tuple(s["references"]), s["start"], s["end"]) for s in row["sentences"])
            sentence_passage += [len(passages)] * len(sents)
            sentences += sents
            passages.append(Passage(row["id"], PassageKind(row["kind"]), row["section"], row["heading"], sents))
        review = Review(
            meta["title"],
            meta["authors"],
            [Section(**s) for s in meta["sections"]],
            passages,
            {int(k): v for k, v in meta["references"].items()},
            manifest["corpus_sha256"],
            meta["keywords"],
        )
        by_id = {p.id: p for p in passages}
        chunks, chunk_sentence_ids = [], []
        for row in map(json.loads, (data_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines()):
            passage = by_id[row["passage_id"]]
            ids = [int(i) for i in row["sentences"]]
            chunks.append(
                Chunk(
                    row["id"],
                    passage.id,
                    passage.kind,
                    passage.section,
                    passage.heading,
                    tuple(sentences[i] for i in ids),
                    row["token_count"],
                )
            )
            chunk_sentence_ids.append(ids)
        chunk_vectors = faiss.read_index(str(data_dir / "chunks.faiss"))
        sentence_vectors = np.load(data_dir / "sentences.npy")
        spelled_ids = np.load(data_dir / "spelled_ids.npy")
        spelled_vectors = np.load(data_dir / "spelled.npy")
        titles_ids = np.load(data_dir / "titles_ids.npy")
        titles_vectors = np.load(data_dir / "titles.npy")
        abbreviations = AbbreviationTable.from_json(
            json.loads((data_dir / "abbreviations.json").read_text(encoding="utf-8"))
        )
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
        raise IndexCorrupt(f"the index in {settings.index_dir} cannot be read ({error.__class__.__name__})") from None
    if (
        chunk_vectors.ntotal != len(chunks)
        or len(sentence_vectors) != len(sentences)
        or any(
            len(vectors) != len(ids) or (len(ids) and not 0 <= ids.min() <= ids.max() < len(sentences))
            for ids, vectors in ((spelled_ids, spelled_vectors), (titles_ids, titles_vectors))
        )
    ):
        raise IndexCorrupt(f"the index in {settings.index_dir} is inconsistent (vector counts differ)")
    return Index(
        manifest,
        review,
        chunks,
        chunk_vectors,
        sentences,
        sentence_vectors,
        chunk_sentence_ids,
        sentence_passage,
        abbreviations,
        data_dir,
        spelled_ids,
        spelled_vectors,
        titles_ids,
        titles_vectors,
    )
