"""Retrieval: hybrid search over chunks, BM25 (bm25s) and dense (FAISS), fused by reciprocal rank.

Queries are expanded with the review's own abbreviations both ways, and everyday phrasings
with the review's terms for them (lay.py), before either search, so "TECs" finds
"tumor-associated endothelial cells" and "bloodstream" finds "circulation".
The fusion is a setting (`Fusion`), so BM25-only and dense-only runs are an
ablation, not a code edit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

import bm25s
import numpy as np
from rapidfuzz import fuzz, process

from .chunk import Chunk
from .embed import Embedder
from .index import Index, chunk_text_for_search
from .ingest import PassageKind
from .lay import LayVocabulary
from .text import english, name_key, terms

# Cormack, Clarke & Büttcher (SIGIR 2009), "Reciprocal rank fusion outperforms Condorcet
# and individual rank learning methods", damp the top ranks with k = 60 for rankings thousands
# deep; over this review's ~200 chunks that let a chunk middling in all three rankings outrank one
# second in two of them. k = 10 keeps a ranking's top few decisive (evidence in the top five:
# dev 0.952 -> 0.962, test 0.900 -> 0.927, the m cases 0.875 -> 0.917; 20 and 5 lower).
RRF_K = 10
# rapidfuzz ratio (0-100) above which an unknown word is taken for a misspelling of a known one:
# "tumour"/"tumor" scores 90.9, "neutrophill"/"neutrophil" 95.2; unrelated words stay below 80.
SPELLING_CUTOFF = 85
# How deep each ranking goes into fusion: reciprocal-rank terms past ~100 are below 1/110, a
# tenth of a first place's, and cannot lift a chunk into the top few; a bounded depth keeps a
# large index's cost flat.
DENSE_DEPTH = 100
BM25_DEPTH = 100
# Dense rankings are corrected for hubness (CSLS; Conneau et al., ICLR 2018, "Word translation
# without parallel data"): a chunk close to every question (the introduction, a figure caption
# overviewing the cascade) outranks the one that answers. A chunk's or sentence's hubness is its
# mean similarity to its HUB_NEIGHBOURS nearest sentences of other chunks, standing in for
# questions; HUB_WEIGHT of it is subtracted. (Dev answers unchanged at 0.25, evidence in the
# top five 0.954 -> 0.963; answers worse at 0.5-1.0.) At most HUB_PROBES sentences probe, so a
# large index still loads in seconds (100x the review: ~2 s more).
HUB_WEIGHT = 0.25
HUB_NEIGHBOURS = 10
HUB_PROBES = 2000
# Rows of one table in the hits: the rows share their table's topic words, so for any question on
# that topic they crowd the prose out; a table question still gets every row (answer.py adds them).
ROWS_PER_TABLE = 2


# A question that names a part of the review ("according to the abstract", "in Table 1",
# "section 2.3", "what do the authors conclude") searches that part first. Topic titles need no
# rule: their words do that.
_NAMED_PART = re.compile(
    r"\bthe\s+(?P<part>abstract|introduction|conclusions?)\b(?!\s+of\b)|\b(?P<concluded>conclude[sd]?)\b"
    r"|\b(?P<kind>table|fig(?:ure)?\.?)\s*(?P<number>\d+)\b"
    r"|\bsection\s+(?P<section>\d+(?:\.\d+)*)\b",
    re.I,
)


# A question asking what an abbreviation stands for: "what does RAMS11 stand for", "What is SRC
# short for?", "the meaning of TME" (not "by what means", "the mean age", "what does it mean for").
_ASKS_MEANING = re.compile(
    r"\b(?:does|do|is|are)\s+(?:the\s+)?(?:abbreviation\s+|acronym\s+|term\s+)?(?P<a>[\w\-/+]+)\s+"
    r"(?:stand\s+for|mean|short\s+for|an?\s+abbreviation)\b(?!\s+for)"
    r"|\b(?P<b>[\w\-/+]+)\s+(?:stands\s+for|is\s+short\s+for)\b"
    r"|\b(?:meaning|expansion|long\s+form)\s+of\s+(?:the\s+)?(?:abbreviation\s+|acronym\s+)?(?P<c>[\w\-/+]+)",
    re.I,
)
# Where the review defines an abbreviation: "long form (ABBREVIATION)".
_DEFINED = re.compile(r"\(([A-Za-z0-9][\w\-/+]{0,14})\)")
# Chunks holding the definition that join the hits of a question asking for it.
DEFINING_CHUNKS = 2


def asked_abbreviations(text: str) -> list[str]:
    """The abbreviations a question asks the meaning of ("what does RAMS11 stand for" -> RAMS11)."""
    return [next(g for g in m.group("a", "b", "c") if g) for m in _ASKS_MEANING.finditer(text)]


class Fusion(StrEnum):
    HYBRID = "hybrid"
    BM25 = "bm25"
    DENSE = "dense"

    @classmethod
    def parse(cls, value: str) -> Fusion:
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"unknown fusion {value!r}; choose one of: {', '.join(f.value for f in cls)}") from None


@dataclass(frozen=True)
class Query:
    text: str  # the standalone question
    expansions: tuple[str, ...]  # abbreviation long/short forms and terms for everyday phrasings added to it
    terms: tuple[str, ...]  # stemmed lexical terms of text + expansions
    vector: np.ndarray
    variant_terms: tuple[tuple[str, ...], ...] = ()  # terms of each phrasing BM25 searches
    # Per abbreviation named: the terms of its short form and of its long form, one concept; per
    # everyday phrasing: its terms and the review's term for it.
    synonyms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    # Sentences defining an abbreviation whose meaning the question asks.
    defining: frozenset[int] = frozenset()
    # Chunks of the parts of the review the question names ("according to the abstract", "Table 2");
    # a follow-up naming one ("And in Table 2?" after a Table 1 question) names only its own.
    named: tuple[int, ...] = ()
    # The everyday phrasings the text is also searched for, and those it glosses its terms with, as
    # matched in lower case ("keytruda", "breaks down").
    everyday: tuple[str, ...] = ()

    @property
    def expanded(self) -> str:
        return " ".join((self.text, *self.expansions))


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    chunk_index: int
    rank: int  # 0-based, after fusion
    score: float  # fused score
    bm25_rank: int | None
    bm25_score: float
    dense_rank: int | None
    dense_score: float


def hubness(vectors: np.ndarray, probes: np.ndarray, own: list[list[int]]) -> np.ndarray:
    """Each vector's mean similarity to its nearest probes, its `own` (same chunk) left out (see HUB_WEIGHT)."""
    out = np.zeros(len(vectors), dtype=np.float32)
    k = min(HUB_NEIGHBOURS, len(probes))
    if not k:
        return out
    for start in range(0, len(vectors), 4096):  # blocks keep a large index's matrix small
        block = vectors[start : start + 4096] @ probes.T
        for row, columns in enumerate(own[start : start + 4096]):
            block[row, columns] = -np.inf
        nearest = np.partition(block, -k, axis=1)[:, -k:]
        counted = np.isfinite(nearest)
        total = np.where(counted, nearest, 0.0).sum(axis=1)
        out[start : start + 4096] = total / np.maximum(counted.sum(axis=1), 1)
    return out


class Retriever:
    """Ranks the index's chunks for a query; BM25 statistics are built once, at load."""

    def __init__(self, index: Index, embedder: Embedder, *, fusion: Fusion = Fusion.HYBRID):
        self.index = index
        self.embedder = embedder
        self.fusion = fusion
        self._bm25 = bm25s.BM25()
        self._bm25.index([terms(chunk_text_for_search(index.review, c)) for c in index.chunks], show_progress=False)
        vocabulary: dict[str, int] = {}
        for chunk in index.chunks:
            for term in set(terms(f"{chunk.heading} {chunk.text}")):
                vocabulary[term] = vocabulary.get(term, 0) + 1
        self._chunk_matrix = index.chunk_vectors.reconstruct_n(0, index.chunk_vectors.ntotal)
        pairs = [(c, s) for c, ids in enumerate(index.chunk_sentence_ids) for s in ids]
        self._sentence_chunk = np.array([c for c, _ in pairs], dtype=np.int64)
        self._sentence_chunk_sentence = np.array([s for _, s in pairs], dtype=np.int64)
        self._words = {w.lower() for c in index.chunks for w in re.findall(r"[A-Za-z]+", c.text)}
        # English words are never "corrected" into the review's nearest word: "decides" is not a
        # typo of "decades", nor "teams" of "TAMs". pyspellchecker's American English list is
        # only asked whether it knows a word ("tumour" it does not, so that still becomes "tumor").
        self._english = english()
        self._words_by_initial: dict[str, list[str]] = {}
        for word in sorted(w for w in self._words if len(w) >= 4):
            self._words_by_initial.setdefault(word[0], []).append(word)
        self._defining: dict[str, set[int]] = {}  # abbreviation key -> sentences defining it
        for sentence_id, sentence in enumerate(index.sentences):
            for defined in _DEFINED.findall(sentence.text):
                self._defining.setdefault(name_key(defined), set()).add(sentence_id)
        self._chunk_hubness, self._sentence_hubness = self._hubness()
        total = len(index.chunks)
        # Robertson-Sparck Jones IDF, floored at a small positive value for very common terms.
        self.idf = {t: max(0.05, math.log((total - n + 0.5) / (n + 0.5) + 1)) for t, n in vocabulary.items()}
        self.unseen_idf = math.log(total + 1.5)
        self.lay = LayVocabulary(self.idf)

    def _hubness(self) -> tuple[np.ndarray, np.ndarray]:
        """Each chunk's and each sentence's hubness, probed by sentences of the other chunks."""
        index = self.index
        probes = np.linspace(0, len(index.sentences) - 1, min(HUB_PROBES, len(index.sentences))).astype(np.int64)
        column = {int(sentence_id): j for j, sentence_id in enumerate(probes)}
        chunk_probes = [[column[s] for s in ids if s in column] for ids in index.chunk_sentence_ids]
        sentence_probes: list[set[int]] = [set() for _ in index.sentences]  # probes sharing a chunk
        for ids, columns in zip(index.chunk_sentence_ids, chunk_probes, strict=True):
            for sentence_id in ids:
                sentence_probes[sentence_id].update(columns)
        probe_vectors = index.sentence_vectors[probes]
        return (
            hubness(self._chunk_matrix, probe_vectors, chunk_probes),
            hubness(index.sentence_vectors, probe_vectors, [sorted(p) for p in sentence_probes]),
        )

    def correct_spelling(self, text: str) -> str:
        """Replace words the review never uses by its closest word ("extracelular" -> "extracellular")."""

        def fix(match: re.Match) -> str:
            word = match.group()
            lower = word.lower()
            if (
                len(word) < 5
                or lower in self._words
                or lower in self._english
                or any(t in self.idf for t in terms(word))
            ):
                return word
            # Typos keep the first letter; "infusion" is not a misspelling of "fusion".
            candidates = self._words_by_initial.get(lower[0], [])
            found = process.extractOne(lower, candidates, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
            return found[0] if found else word

        return re.sub(r"[A-Za-z]+", fix, text)

    def query(self, text: str, own_words: str = "") -> Query:
        """Expand and embed a standalone question: the one model call an answer costs.

        `own_words` is what the user typed (spelling corrected) when `text` is a follow-up resolved
        against the conversation: only a meaning asked there is looked up."""
        text = self.correct_spelling(text)
        mentioned = self.index.abbreviations.mentioned(text)
        phrasings = self.lay.phrasings(text)
        lay = self.lay.found(text, phrasings)
        expansions = tuple(long if written_short else short for short, long, written_short in mentioned)
        expansions += tuple(term for _, term in lay)
        expanded = " ".join((text, *expansions))
        vector = self.embedder.embed([expanded])[0]
        lay_terms = tuple(t for _, term in lay for t in terms(term))
        variants = tuple(tuple(terms(v)) + lay_terms for v in self.index.abbreviations.variants(text))
        synonyms = tuple((tuple(terms(short)), tuple(terms(long))) for short, long, _ in mentioned)
        synonyms += tuple((tuple(terms(phrase)), tuple(terms(term))) for phrase, term in lay)
        defining = self.defining_sentences(own_words or text)
        named = tuple(self.named_part(own_words) or self.named_part(text))
        everyday = tuple(phrase for phrase, _ in lay) + tuple(self.lay.glossed(text, phrasings))
        return Query(text, expansions, tuple(terms(expanded)), vector, variants, synonyms, defining, named, everyday)

    def defining_sentences(self, text: str) -> frozenset[int]:
        """Sentences that define an abbreviation the question asks the meaning of ("… (RAMS11)")."""
        found: set[int] = set()
        for abbreviation in asked_abbreviations(text):
            found |= self._defining.get(name_key(abbreviation), set())
        return frozenset(found)

    def named_part(self, text: str) -> list[int]:
        """Chunks of the parts of the review the question names, if it names any."""
        chunks = self.index.chunks
        wanted: set[int] = set()
        for match in _NAMED_PART.finditer(text):
            if match.group("part") or match.group("concluded"):
                word = (match.group("part") or "conclusion").lower().rstrip("s")
                sections = {s.number for s in self.index.review.sections if s.title.lower().startswith(word)}
                wanted |= {i for i, c in enumerate(chunks) if c.section in sections}
            elif match.group("kind"):
                kind = "Table" if match.group("kind").lower().startswith("t") else "Figure"
                label = f"{kind} {match.group('number')}"
                wanted |= {i for i, c in enumerate(chunks) if re.match(rf"{label}\b", c.heading)}
            else:
                number = match.group("section")
                wanted |= {i for i, c in enumerate(chunks) if c.section == number or c.section.startswith(number + ".")}
        return sorted(wanted)

    def _diverse(self, ranked: list[int], k: int) -> list[int]:
        """The first k chunks of a ranking, with at most ROWS_PER_TABLE rows of any one table."""
        order: list[int] = []
        rows: dict[str, int] = {}
        for i in ranked:
            chunk = self.index.chunks[i]
            if chunk.kind is PassageKind.TABLE_ROW:
                if rows.get(chunk.heading, 0) >= ROWS_PER_TABLE:
                    continue
                rows[chunk.heading] = rows.get(chunk.heading, 0) + 1
            order.append(i)
            if len(order) == k:
                break
        return order

    def _sentence_order(self, query: Query) -> list[int]:
        """Chunks ranked by their single closest sentence: a precise fact in a long chunk still surfaces."""
        similarity = self.index.sentence_similarity(query.vector) - HUB_WEIGHT * self._sentence_hubness
        best = np.full(len(self.index.chunks), -1.0, dtype=np.float32)
        np.maximum.at(best, self._sentence_chunk, similarity[self._sentence_chunk_sentence])
        return [int(i) for i in np.argsort(-best, kind="stable")[:DENSE_DEPTH]]

    def search(self, query: Query, k: int = 8, *, fusion: Fusion | None = None, keep_each: int = 0) -> list[Hit]:
        """Top-k chunks for the query under the given fusion (the retriever's own by default)."""
        fusion = fusion or self.fusion
        count = len(self.index.chunks)
        bm25_scores = np.zeros(count, dtype=np.float32)
        for variant in query.variant_terms or (query.terms,):
            if variant:
                bm25_scores = np.maximum(bm25_scores, np.asarray(self._bm25.get_scores(list(variant)), np.float32))
        _, ids = self.index.chunk_vectors.search(query.vector.reshape(1, -1), min(DENSE_DEPTH, count))
        bm25_order = [int(i) for i in np.argsort(-bm25_scores, kind="stable")[:BM25_DEPTH] if bm25_scores[i] > 0]
        found = [int(i) for i in ids[0] if i >= 0]
        corrected = self._chunk_matrix[found] @ query.vector - HUB_WEIGHT * self._chunk_hubness[found]
        dense_order = [found[j] for j in np.argsort(-corrected, kind="stable")]
        part = list(query.named) if fusion is Fusion.HYBRID else []
        named = set(part)
        bm25_rank = {i: r for r, i in enumerate(bm25_order)}
        dense_rank = {i: r for r, i in enumerate(dense_order)}
        if fusion is Fusion.BM25:
            fused = {i: float(bm25_scores[i]) for i in bm25_order}
        elif fusion is Fusion.DENSE:
            fused = dict(zip(found, corrected.tolist(), strict=True))
        else:
            fused = {}
            sentence_order = self._sentence_order(query)
            rankings = [bm25_order, dense_order, sentence_order]
            if part:
                # The named part's chunks, closest first, as one more ranking to fuse.
                similarity = self._chunk_matrix[part] @ query.vector
                rankings.append([part[j] for j in np.argsort(-similarity, kind="stable")])
            for ranking in rankings:
                for rank, i in enumerate(ranking):
                    fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
        # A part the question names ("According to the conclusions, …") is searched first.
        order = self._diverse(sorted(fused, key=lambda i: (i not in named, -fused[i], i)), k)
        if fusion is Fusion.HYBRID and keep_each:
            # Each ranking's own best chunks join the fused top k: a passage that only one
            # retriever finds (a paraphrase for dense, a rare term for BM25, one precise sentence
            # in a long chunk) still reaches answering.
            for i in bm25_order[:keep_each] + dense_order[:keep_each] + sentence_order[:keep_each]:
                if i not in order:
                    order.append(i)
        if query.defining:
            # A definition is looked up, not searched for: its first chunks join the hits.
            defining = sorted({self.index.first_chunk_of_sentence[s] for s in query.defining})[:DEFINING_CHUNKS]
            order += [i for i in defining if i not in order]
            for i in defining:
                fused.setdefault(i, 0.0)
        dense_scores = dict(zip(order, (self._chunk_matrix[order] @ query.vector).tolist(), strict=True))
        return [
            Hit(
                self.index.chunks[i],
                i,
                rank,
                fused[i],
                bm25_rank.get(i),
                float(bm25_scores[i]),
                dense_rank.get(i),
                dense_scores[i],
            )
            for rank, i in enumerate(order)
        ]
