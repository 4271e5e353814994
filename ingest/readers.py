"""Turn a file of any supported format into normalised text documents.

Every reader produces line-oriented text in the same light markup the newspaper parser reads:
one block a line, ``#`` headings. That text is the "normalised text" that character offsets refer to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from vectorstore.errors import ReportbotError

from .text import for_display

__all__ = ["SUPPORTED_SUFFIXES", "RawDocument", "ReportError", "decode_bytes", "read_documents"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".jsonl")


class ReportError(ReportbotError):
    """A file that cannot be read as a report; the message says why and what to do."""


@dataclass(frozen=True)
class RawDocument:
    """One document's normalised text, plus what the container said about it."""

    text: str
    encoding: str
    doc_id: str | None = None
    title: str | None = None
    date: str | None = None
    origin: str | None = None


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode report bytes, detecting the encoding (UTF-8, UTF-8/16 with BOM, GB18030/GBK, ...)."""
    if not data.strip():
        raise ReportError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        raise ReportError("binary file (contains NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReportError("cannot detect the text encoding; save it as UTF-8 (or GB18030/GBK) and retry")
    encoding = best.encoding
    # GB2312 and GBK are subsets of GB18030: decoding with the superset loses nothing.
    if encoding.replace("_", "").lower() in {"gb2312", "gbk", "cp936", "hz"}:
        encoding = "gb18030"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReportError(f"cannot decode as {encoding}: {exc}") from exc
    printable = sum(ch.isprintable() or ch in "\n\t" for ch in text)
    if printable < 0.95 * len(text):
        raise ReportError(f"does not look like text (decoded as {encoding}); is it a binary file?")
    return text, encoding


def _read_text(path: Path) -> list[RawDocument]:
    text, encoding = decode_bytes(path.read_bytes(), path.name)
    return [RawDocument(for_display(text), encoding)]


def _read_html(path: Path) -> list[RawDocument]:
    import trafilatura

    html, encoding = decode_bytes(path.read_bytes(), path.name)
    # Markdown output keeps headings as '#' lines and paragraphs as lines, without navigation.
    extracted = trafilatura.extract(
        html,
        output_format="markdown",
        include_formatting=True,
        include_tables=False,
        include_comments=False,
        favor_recall=True,
    )
    meta = trafilatura.extract_metadata(html)
    if not extracted or not extracted.strip():
        raise ReportError("no article text found in this HTML page")
    title = meta.title if meta and meta.title else None
    text = for_display(extracted)
    if title and not text.lstrip().startswith("#"):
        text = f"# {title}\n\n{text}"
    # trafilatura marks emphasis with '*' / '_'; they are not part of the report's words.
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return [RawDocument(text, encoding, title=title, date=meta.date if meta else None)]


def _read_pdf(path: Path) -> list[RawDocument]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ReportError(f"cannot read this PDF: {exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise ReportError("the PDF has no text layer (a scan?); OCR it first")
    # Lone page numbers are layout, not report text.
    lines = [ln for ln in for_display(text).split("\n") if not re.fullmatch(r"\s*-?\s*\d{1,4}\s*-?\s*", ln)]
    return [RawDocument("\n".join(lines), "pdf")]


def _read_docx(path: Path) -> list[RawDocument]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ReportError(f"cannot read this .docx file: {exc}") from exc
    lines = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        match = re.match(r"(?:Heading|标题)\s*(\d)", style)
        if style == "Title":
            lines.append(f"# {text}")
        elif match:
            lines.append(f"{'#' * min(int(match.group(1)) + 1, 6)} {text}")
        else:
            lines.append(text)
    if not lines:
        raise ReportError("the .docx file has no text")
    return [RawDocument(for_display("\n\n".join(lines)), "docx")]


def _read_jsonl(path: Path, notes: list[str] | None = None) -> list[RawDocument]:
    """One document per line; a broken line is named in ``notes`` and the others still go in."""
    text, encoding = decode_bytes(path.read_bytes(), path.name)
    documents = []
    bad: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(f"line {number}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            bad.append(f"line {number}: expected an object with a string 'text' field")
            continue
        title = str(record["title"]) if record.get("title") else None
        documents.append(
            RawDocument(
                for_display(record["text"]),
                encoding,
                doc_id=str(record.get("doc_id") or record.get("id") or number),
                title=title,
                date=str(record["date"]) if record.get("date") else None,
                origin=str(record["source"]) if record.get("source") else None,
            )
        )
    if not documents:
        raise ReportError("; ".join(bad[:3]) if bad else "no documents in this JSONL file")
    if notes is not None:
        notes.extend(f"{line} (left out; the file's other lines went in)" for line in bad)
    return documents


_READERS = {
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
    ".jsonl": _read_jsonl,
}


def read_documents(path: Path, notes: list[str] | None = None) -> list[RawDocument]:
    """Read one report file into its documents; raises ReportError with a user-facing reason.
    Parts left out of a file that still went in (a JSONL file's broken lines) go to ``notes``."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise ReportError(
            f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    try:
        return _read_jsonl(path, notes) if reader is _read_jsonl else reader(path)
    except ReportError:
        raise
    except UnicodeDecodeError as exc:
        raise ReportError(f"undecodable bytes: {exc}") from exc
    except OSError as exc:
        raise ReportError(f"cannot read file: {exc.strerror or exc}") from exc
