"""Where reports live once ingested: Chroma vectors, a keyword index, and the models behind them."""

from .embeddings import E5_INT8_MODEL_ID, ModelError, OnnxEmbedder, SentenceEmbedder, load_embedder
from .errors import FilterError, QuestionError, ReportbotError
from .filters import period
from .keyword import KeywordBackend, SQLKeywordIndex, tokenize
from .reprints import Printing, Reprint
from .retrieval import Hit, ReportRetriever, Searcher, SearchFilter, collapse_reprints, search
from .settings import DEFAULT_MODEL, default_database_url, default_index_dir, reportbot_home
from .store import (
    Article,
    DocumentInfo,
    EmptyIndexError,
    IndexStats,
    ReportIndex,
    ReportIndexError,
    StoredParagraph,
    WriteResult,
)

__all__ = [
    "Article",
    "DEFAULT_MODEL",
    "DocumentInfo",
    "E5_INT8_MODEL_ID",
    "EmptyIndexError",
    "FilterError",
    "Hit",
    "IndexStats",
    "KeywordBackend",
    "ModelError",
    "OnnxEmbedder",
    "Printing",
    "QuestionError",
    "ReportIndex",
    "ReportIndexError",
    "ReportRetriever",
    "Reprint",
    "ReportbotError",
    "SearchFilter",
    "Searcher",
    "SQLKeywordIndex",
    "SentenceEmbedder",
    "StoredParagraph",
    "collapse_reprints",
    "WriteResult",
    "default_database_url",
    "default_index_dir",
    "period",
    "load_embedder",
    "reportbot_home",
    "search",
    "tokenize",
]
