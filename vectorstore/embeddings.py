"""Sentence-transformers embeddings behind langchain's ``Embeddings`` interface."""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from .e5_offline import E5_MODEL_ID, build_e5_small
from .errors import ReportbotError
from .onnx_int8 import build_onnx_int8
from .settings import DEFAULT_MODEL, reportbot_home

__all__ = ["E5_INT8_MODEL_ID", "ModelError", "OnnxEmbedder", "SentenceEmbedder", "load_embedder"]

# The int8 copy gives slightly different vectors, so it is a model of its own in chunk identities.
E5_INT8_MODEL_ID = E5_MODEL_ID + "+onnx-int8"

log = logging.getLogger(__name__)


class ModelError(ReportbotError, RuntimeError):
    """The configured embedding model cannot be loaded; the message names the setting."""


class SentenceEmbedder(Embeddings):
    """A sentence-transformers model with its query/document prompts applied, loaded on first use
    (re-ingesting unchanged files needs the model's id, not the model).

    ``model_id`` names the model in chunk identities: change the model and everything re-embeds.
    """

    def __init__(self, target: str, model_id: str):
        self.target = target
        self.model_id = model_id
        self._model: Any = None
        self._lock = threading.Lock()
        self.query_prompt = ""
        self.document_prompt = ""

    @property
    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self) -> Any:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        try:
            model = SentenceTransformer(self.target, device="cpu")
        except Exception as exc:  # noqa: BLE001 - hub, file and format errors all look different
            raise ModelError(
                f"cannot load embedding model '{self.target}' ({exc.__class__.__name__}: {exc}). "
                "Use --model / REPORTBOT_MODEL with a local sentence-transformers folder, "
                f"or the built-in '{DEFAULT_MODEL}'."
            ) from exc
        prompts = getattr(model, "prompts", {}) or {}
        self.query_prompt = prompts.get("query", "")
        self.document_prompt = prompts.get("document", "") or prompts.get("passage", "")
        if not self.query_prompt and "e5" in self.model_id.lower():
            self.query_prompt, self.document_prompt = "query: ", "passage: "
        return model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self.model
        # sentence-transformers sorts each call by length, so padding waste stays small.
        vectors = model.encode(
            list(texts),
            prompt=self.document_prompt,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        model = self.model
        vector = model.encode(
            [text],
            prompt=self.query_prompt,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vector[0].tolist()


class OnnxEmbedder(Embeddings):
    """A folder written by :func:`vectorstore.onnx_int8.build_onnx_int8`, run with onnxruntime.

    Same interface and prompts as :class:`SentenceEmbedder`; torch is not loaded at all.
    """

    def __init__(self, folder: Path, model_id: str, batch_size: int = 8):
        self.target = str(folder)
        self.model_id = model_id
        # Small batches of length-sorted texts: measured faster than 1, 16 or 32 (CMRC chunks:
        # 15.9 s at 8, 19.4 s at 1). Activations are quantised per call, so a text's vector moves
        # a little with its batchmates (cosine ~0.997 to itself alone); the index's embedding
        # cache keeps the first one, and queries are always embedded alone.
        self.batch_size = batch_size
        build = json.loads((folder / "reportbot-build.json").read_text())
        self.query_prompt = build["prompts"].get("query", "")
        self.document_prompt = build["prompts"].get("document", "") or build["prompts"].get("passage", "")
        self._model_file = folder / build["model"]
        self._max_length = int(build.get("max_seq_length", 512))
        # The word-embedding rows, read from their file a batch at a time (see vectorstore.onnx_int8).
        self._words: dict[str, Any] | None = build.get("word_vectors")
        self._words_fd: int | None = None
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                import onnxruntime
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(Path(self.target) / "tokenizer.json"))
                tokenizer.enable_truncation(self._max_length)
                tokenizer.no_padding()
                options = onnxruntime.SessionOptions()
                options.log_severity_level = 3
                try:
                    session = onnxruntime.InferenceSession(
                        str(self._model_file), options, providers=["CPUExecutionProvider"]
                    )
                    if self._words is not None:  # opened once the session loads: a retry opens no second one
                        self._words_fd = os.open(Path(self.target) / self._words["file"], os.O_RDONLY)
                    self._session = session
                except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own untyped errors
                    raise ModelError(
                        f"cannot load {self._model_file} ({exc.__class__.__name__}: {exc}). Delete "
                        f"{self.target} to rebuild it, or use --model e5-small."
                    ) from exc
                self._tokenizer = tokenizer
        return self._session, self._tokenizer

    def _word_vectors(self, ids: np.ndarray) -> np.ndarray:
        """The rows of ``ids`` from the word-vector file: read, not mapped, so only these rows are
        ever in this process's memory."""
        assert self._words is not None and self._words_fd is not None
        dims = int(self._words["dims"])
        size = dims * 4
        tokens, where = np.unique(ids, return_inverse=True)
        rows = np.empty((len(tokens), dims), dtype=np.float32)
        for row, token in enumerate(tokens.tolist()):
            rows[row] = np.frombuffer(os.pread(self._words_fd, size, token * size), dtype=np.float32)
        return rows[where.reshape(ids.shape)]

    def preload(self) -> None:
        """Start loading the model in the background (a second core loads it while the caller
        imports Chroma); the first embedding waits for it. A failure resurfaces on that call."""

        def load() -> None:
            try:
                self._load()
            except ModelError:
                pass

        # Not a daemon: interpreter exit waits for it, as onnxruntime aborts if torn down mid-load.
        threading.Thread(target=load, name="reportbot-model-preload", daemon=False).start()

    def _encode(self, texts: list[str]) -> np.ndarray:
        session, tokenizer = self._load()
        encodings = tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        parts = []
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            ids = np.zeros((len(batch), len(encodings[batch[0]].ids)), dtype=np.int64)  # masked padding
            mask = np.zeros_like(ids)
            for row, i in enumerate(batch):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if self._words is not None:
                feed[self._words["input"]] = self._word_vectors(ids)
            parts.append(session.run(None, feed)[0])
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(parts)
        return vectors

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._encode([self.document_prompt + text for text in texts]).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._encode([self.query_prompt + text])[0].tolist()


def _e5_folder() -> Path:
    folder = reportbot_home() / "models" / "multilingual-e5-small"
    try:
        return build_e5_small(folder)
    except OSError as exc:
        raise ModelError(
            f"cannot build the offline e5 model in {folder}: {exc}. Set REPORTBOT_HOME to a writable directory."
        ) from exc


def _e5_int8() -> OnnxEmbedder:
    source = _e5_folder()
    folder = reportbot_home() / "models" / "multilingual-e5-small-onnx-int8"
    try:
        build_onnx_int8(source, folder)
    except (OSError, ImportError) as exc:  # a read-only cache, or onnx missing from the install
        raise ModelError(
            f"cannot build the int8 e5 model in {folder} ({exc.__class__.__name__}: {exc}). "
            "Set REPORTBOT_HOME to a writable directory and `pip install onnx onnxruntime`, "
            "or use --model e5-small (float, torch)."
        ) from exc
    return OnnxEmbedder(folder, E5_INT8_MODEL_ID)


def _resolve(name: str) -> tuple[str, str]:
    """(what SentenceTransformer loads, the model id recorded in the index)."""
    if name in {"e5-small", "multilingual-e5-small-offline"}:
        return str(_e5_folder()), E5_MODEL_ID
    path = Path(name).expanduser()
    if path.exists():
        return str(path.resolve()), f"path:{path.resolve().name}"
    return name, name


@functools.lru_cache(maxsize=4)
def load_embedder(name: str = DEFAULT_MODEL) -> SentenceEmbedder | OnnxEmbedder:
    """The embedding model ``name`` (one instance per process): the offline ``e5-small-int8``
    (default, onnxruntime) or ``e5-small`` (float, torch), a local sentence-transformers folder,
    or a hub name for users who have a hub."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if name == "e5-small-int8":
        return _e5_int8()
    target, model_id = _resolve(name)
    return SentenceEmbedder(target, model_id)
