"""BM25 keyword search over jieba-segmented text (plus character bigrams), persisted beside the vector index.

Chinese has no spaces: without segmentation a keyword index sees one "word" per sentence and finds
nothing. jieba's search mode emits both a compound and its parts (``12345热线`` also yields
``热线``), so either form in a question matches. Text is NFKC-normalised (full-width digits and
letters become ASCII) and lower-cased on both sides.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba
import numpy as np

from ingest.schema import ChunkMetadata
from ingest.text import cjk_bigrams, fold

__all__ = ["KeywordIndex", "KeywordRow", "query_tokens", "tokenize"]

TOKENIZER_VERSION = "jieba-search+bigram-1"  # part of the token cache key

jieba.setLogLevel(60)

_WORD = re.compile(r"\w", re.UNICODE)
# Function words and question words: in a question they name what is asked, not what to match.
_STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 或 也 都 而 并 把 被 从 对 为 以 于 之 其 这 那 有 个 中 上 下 将 等 就 又
    吗 呢 吧 啊 么 什么 多少 哪些 哪个 哪里 哪位 哪天 哪 谁 几 何时 如何 怎么 怎样 为什么 是否 一共 共
    时候 什么时候 哪一 请问 报道 the a an of to in on for and or is are was were be by with what which who
    whom when where how many much does do did at as from that this it its""".split()
)


def _words(normalised: str) -> list[str]:
    words = []
    for token in jieba.cut_for_search(normalised):
        token = token.strip()
        if token and _WORD.search(token) and token not in _STOPWORDS:
            words.append(token)
    return words


def _bigrams(normalised: str) -> list[str]:
    # Marked, so they never collide with jieba's two-character words.
    return ["_" + gram for gram in cjk_bigrams(normalised) if gram not in _STOPWORDS]


def tokenize(text: str) -> list[str]:
    """Index tokens: search-mode jieba words plus the character bigrams of every CJK run,
    normalised, without punctuation or stopwords."""
    normalised = fold(text)
    return _words(normalised) + _bigrams(normalised)


def query_tokens(text: str, vocabulary: dict[str, int] | set[str]) -> list[str]:
    """Query tokens: jieba's words where the index knows them, else the word's bigrams. jieba can
    cut an unknown name differently in a question (``赵希锦是谁`` -> ``赵希锦是``) than in the
    report; its bigrams (``赵希``, ``希锦``) still match, while known words keep their precision."""
    tokens = []
    for word in _words(fold(text)):
        if word in vocabulary:
            tokens.append(word)
        else:
            tokens.extend(gram for gram in _bigrams(word) if gram in vocabulary)
    return tokens


def _bm25s():  # type: ignore[no-untyped-def]
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
    return bm25s


@dataclass(frozen=True)
class KeywordRow:
    """What the keyword side keeps of a chunk: enough to filter without asking Chroma."""

    chunk_id: str
    source: str
    title: str
    day: int  # YYYYMMDD, 0 when unknown
    name: str = ""  # the file name a user sees (``source`` is the identity)


class KeywordIndex:
    """A bm25s index over every chunk in the index, with the rows it was built from."""

    def __init__(self, directory: Path):
        self.directory = directory
        self._bm25 = None
        self.rows: list[KeywordRow] = []
        self._loaded_stamp: str | None = None
        self.current = False  # loaded, and built by this tokenizer version

    # -- building ------------------------------------------------------------------------------

    def rebuild(self, chunks: Iterable[tuple[str, str, dict]]) -> int:
        """Rebuild from (id, text, metadata) of every chunk; tokens are cached by text hash, so
        only new text is segmented. Written beside the old index and swapped in whole."""
        bm25s = _bm25s()
        rows: list[KeywordRow] = []
        texts: list[str] = []
        for chunk_id, text, metadata in chunks:
            meta = ChunkMetadata.from_chroma(metadata)
            rows.append(KeywordRow(chunk_id, meta.source, meta.title, meta.day or 0, meta.name))
            texts.append(text)
        corpus = self._tokens(texts)
        stamp = hashlib.sha256("\n".join(sorted(r.chunk_id for r in rows)).encode()).hexdigest()[:16]
        target = self.directory / "bm25"
        # A staging folder of this call's own: two rebuilds never share one (the index's writer
        # lock orders their swaps).
        staging = Path(tempfile.mkdtemp(prefix="bm25.new-", dir=self.directory))
        try:
            if rows:
                bm25 = bm25s.BM25()
                # An empty document still needs a token for bm25s' matrix shape.
                bm25.index([tokens or ["\u2205"] for tokens in corpus], show_progress=False)
                bm25.save(str(staging), show_progress=False)
            (staging / "rows.json").write_text(
                json.dumps(
                    {
                        "stamp": stamp,
                        "tokenizer": TOKENIZER_VERSION,
                        "rows": [[r.chunk_id, r.source, r.title, r.day, r.name] for r in rows],
                    },
                    ensure_ascii=False,
                )
            )
            old = Path(tempfile.mkdtemp(prefix="bm25.old-", dir=self.directory))
            if target.exists():
                target.rename(old / "bm25")
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._bm25, self._loaded_stamp = None, None
        return len(rows)

    def _tokens(self, texts: list[str]) -> list[list[str]]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(self.directory / "tokens.sqlite", timeout=30) as db:
            db.execute("CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, tokens TEXT NOT NULL)")
            hashes = [hashlib.sha1(f"{TOKENIZER_VERSION}\n{t}".encode()).hexdigest() for t in texts]
            known: dict[str, list[str]] = {}
            unique = list(dict.fromkeys(hashes))
            for start in range(0, len(unique), 500):
                batch = unique[start : start + 500]
                marks = ",".join("?" * len(batch))
                for digest, tokens in db.execute(f"SELECT hash, tokens FROM tokens WHERE hash IN ({marks})", batch):
                    known[digest] = tokens.split(" ") if tokens else []
            fresh = []
            for digest, text in zip(hashes, texts):
                if digest not in known:
                    known[digest] = tokenize(text)
                    fresh.append((digest, " ".join(known[digest])))
            db.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?)", fresh)
        return [known[d] for d in hashes]

    # -- searching -----------------------------------------------------------------------------

    @property
    def stamp(self) -> str | None:
        """The built index's identity; None when missing or built by another tokenizer version."""
        try:
            data = json.loads((self.directory / "bm25" / "rows.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        return str(data["stamp"]) if data.get("tokenizer") == TOKENIZER_VERSION else None

    def _load(self) -> None:
        """Load the built index, again only when ingestion has replaced it since."""
        path = self.directory / "bm25"
        rows_file = path / "rows.json"
        try:
            status = rows_file.stat()
        except FileNotFoundError:
            self.rows, self._bm25, self._loaded_stamp, self.current = [], None, None, False
            return
        signature = f"{status.st_mtime_ns}:{status.st_size}:{status.st_ino}"
        if signature == self._loaded_stamp:
            return
        bm25s = _bm25s()
        try:
            data = json.loads(rows_file.read_text(encoding="utf-8"))
            bm25 = bm25s.BM25.load(str(path), mmap=False, show_progress=False) if data["rows"] else None
        except (FileNotFoundError, json.JSONDecodeError):
            return  # a writer is swapping in a new index: keep the one loaded, read it next time
        self.current = data.get("tokenizer") == TOKENIZER_VERSION
        self.rows = [KeywordRow(*row) for row in data["rows"]]
        self._bm25 = bm25
        self._loaded_stamp = signature

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(row number, BM25 score) of the best ``k`` rows with a positive score, best first."""
        self._load()
        if self._bm25 is None:
            return []
        vocab = self._bm25.vocab_dict
        tokens = query_tokens(query, vocab)
        if not tokens:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if positive.size == 0:
            return []
        top = positive[np.argsort(-scores[positive], kind="stable")[:k]]
        return [(int(i), float(scores[i])) for i in top]
