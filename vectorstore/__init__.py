"""Where reports live once ingested: Chroma vectors, a keyword index, and the models behind them."""

from .embeddings import ModelError, SentenceEmbedder, load_embedder
from .settings import DEFAULT_MODEL, default_index_dir, reportbot_home
from .store import IndexStats, ReportIndex, ReportIndexError, WriteResult

__all__ = [
    "DEFAULT_MODEL",
    "IndexStats",
    "ModelError",
    "ReportIndex",
    "ReportIndexError",
    "SentenceEmbedder",
    "WriteResult",
    "default_index_dir",
    "load_embedder",
    "reportbot_home",
]
