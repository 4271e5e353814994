"""Where reports live once ingested: Chroma vectors, a keyword index, and the models behind them."""

from .lazy import lazy_exports

# Each public name and the module that defines it; imported on first use (see .lazy).
_EXPORTS = {
    "Article": ".store",
    "DEFAULT_MODEL": ".settings",
    "DocumentInfo": ".store",
    "E5_INT8_MODEL_ID": ".embeddings",
    "EmptyIndexError": ".store",
    "FilterError": ".errors",
    "Hit": ".retrieval",
    "IndexStats": ".store",
    "KeywordBackend": ".keyword",
    "ModelError": ".embeddings",
    "OnnxEmbedder": ".embeddings",
    "Printing": ".reprints",
    "QuestionError": ".errors",
    "ReportIndex": ".store",
    "ReportIndexError": ".store",
    "ReportRetriever": ".retrieval",
    "Reprint": ".reprints",
    "ReportbotError": ".errors",
    "SearchFilter": ".retrieval",
    "Searcher": ".retrieval",
    "SQLKeywordIndex": ".keyword",
    "SentenceEmbedder": ".embeddings",
    "StoredParagraph": ".store",
    "collapse_reprints": ".retrieval",
    "WriteResult": ".store",
    "default_database_url": ".settings",
    "default_index_dir": ".settings",
    "period": ".filters",
    "load_embedder": ".embeddings",
    "reportbot_home": ".settings",
    "search": ".retrieval",
    "tokenize": ".keyword",
}

__all__ = list(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
