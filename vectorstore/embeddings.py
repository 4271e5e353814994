"""Sentence-transformers embeddings behind langchain's ``Embeddings`` interface."""

from __future__ import annotations

import functools
import logging
import os
import threading
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from .e5_offline import E5_MODEL_ID, build_e5_small
from .settings import DEFAULT_MODEL, reportbot_home

__all__ = ["SentenceEmbedder", "load_embedder", "ModelError"]

log = logging.getLogger(__name__)


class ModelError(RuntimeError):
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
            list(texts), prompt=self.document_prompt, batch_size=32, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        model = self.model
        vector = model.encode(
            [text], prompt=self.query_prompt, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vector[0].tolist()


def _resolve(name: str) -> tuple[str, str]:
    """(what SentenceTransformer loads, the model id recorded in the index)."""
    if name in {DEFAULT_MODEL, "multilingual-e5-small-offline"}:
        folder = reportbot_home() / "models" / "multilingual-e5-small"
        try:
            build_e5_small(folder)
        except OSError as exc:
            raise ModelError(
                f"cannot build the offline e5 model in {folder}: {exc}. "
                "Set REPORTBOT_HOME to a writable directory."
            ) from exc
        return str(folder), E5_MODEL_ID
    path = Path(name).expanduser()
    if path.exists():
        return str(path.resolve()), f"path:{path.resolve().name}"
    return name, name


@functools.lru_cache(maxsize=4)
def load_embedder(name: str = DEFAULT_MODEL) -> SentenceEmbedder:
    """The sentence-transformers model ``name`` (one instance per process): the offline
    ``e5-small``, a local folder, or a hub name for users who have a hub."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    target, model_id = _resolve(name)
    return SentenceEmbedder(target, model_id)
