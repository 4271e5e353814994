"""Where reports live once ingested: Chroma vectors, a keyword index, and the models behind them."""

from .embeddings import ModelError, SentenceEmbedder, load_embedder
from .keyword import KeywordIndex, tokenize
from .retrieval import Hit, ReportRetriever, SearchFilter, Searcher, search
from .settings import DEFAULT_MODEL, default_index_dir, reportbot_home
from .store import IndexStats, ReportIndex, ReportIndexError, WriteResult

__all__ = [
    "DEFAULT_MODEL",
    "Hit",
    "IndexStats",
    "KeywordIndex",
    "ModelError",
    "ReportIndex",
    "ReportIndexError",
    "ReportRetriever",
    "SearchFilter",
    "Searcher",
    "SentenceEmbedder",
    "WriteResult",
    "default_index_dir",
    "load_embedder",
    "reportbot_home",
    "search",
    "tokenize",
]
