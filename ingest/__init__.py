"""Parse news reports into articles and paragraphs with provenance, chunk them, and index them."""

from .chunking import CHUNKER_VERSION, chunk_paragraphs
from .models import Article, Chunk, FileProblem, IngestReport, Paragraph, ParsedReport, Span
from .pipeline import ingest_paths, parse_file
from .readers import SUPPORTED_SUFFIXES, ReportError
from .schema import SCHEMA_VERSION, ChunkMetadata

__all__ = [
    "CHUNKER_VERSION",
    "SCHEMA_VERSION",
    "SUPPORTED_SUFFIXES",
    "Article",
    "Chunk",
    "ChunkMetadata",
    "FileProblem",
    "IngestReport",
    "Paragraph",
    "ParsedReport",
    "ReportError",
    "Span",
    "chunk_paragraphs",
    "ingest_paths",
    "parse_file",
]
