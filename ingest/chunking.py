"""Paragraphs to chunks: a chunk is a whole paragraph unless the paragraph is too long to embed well."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .models import Chunk, Paragraph

__all__ = ["CHUNKER_VERSION", "MAX_CHUNK_CHARS", "MIN_CHUNK_CHARS", "chunk_paragraphs"]

CHUNKER_VERSION = "para-1"  # part of every chunk's identity: bump when output changes
MAX_CHUNK_CHARS = 480  # e5-small reads 512 tokens; XLM-R spends ~0.7 token per Chinese character
MIN_CHUNK_CHARS = 6

_SENTENCE = re.compile(r".+?(?:[。！？!?；;]+[”’」』）)]*|\.(?=\s)|$)", re.S)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s]


def _split_long(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for sentence in _sentences(text):
        while len(sentence) > limit:  # one enormous sentence: cut it at the limit
            if current:
                parts.append(current)
                current = ""
            parts.append(sentence[:limit])
            sentence = sentence[limit:]
        if current and len(current) + len(sentence) > limit:
            parts.append(current)
            current = ""
        current += sentence
    if current:
        parts.append(current)
    return parts


def chunk_paragraphs(paragraphs: Iterable[Paragraph], max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """Chunk paragraphs; fragments shorter than MIN_CHUNK_CHARS are too small to retrieve alone."""
    chunks: list[Chunk] = []
    for paragraph in paragraphs:
        if len(paragraph.text.strip()) < MIN_CHUNK_CHARS:
            continue
        pieces = _split_long(paragraph.text, max_chars) if len(paragraph.text) > max_chars else [paragraph.text]
        for index, piece in enumerate(pieces):
            chunks.append(Chunk(paragraph=paragraph, part=index + 1, parts=len(pieces), text=piece))
    return chunks
