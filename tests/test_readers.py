"""File formats and encodings: each reader yields the same paragraphs a user would read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import ReportError, parse_file

PAGE = "# 标题新闻\n\n(上接01版)\n\n北京市12345热线受理诉求2580.2万件，同比增长明显。\n\n第二段文字说明了热线的升级，从“窗口”向“窗口+智库”\n\n升级。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_encodings_are_detected_not_guessed(tmp_path: Path, encoding: str):
    path = tmp_path / f"page-{encoding}.txt"
    path.write_bytes(PAGE.encode(encoding))
    report = parse_file(path)
    texts = [p.text for p in report.paragraphs]
    assert texts == [
        "北京市12345热线受理诉求2580.2万件，同比增长明显。",
        "第二段文字说明了热线的升级，从“窗口”向“窗口+智库”升级。",
    ]
    assert report.articles[0].title == "标题新闻"
    if encoding in {"gb18030", "gbk"}:
        assert report.encoding == "gb18030"


def test_gbk_page_with_a_md_extension(tmp_path: Path):
    path = tmp_path / "page.md"
    path.write_bytes(PAGE.encode("gbk"))
    assert "2580.2万件" in parse_file(path).paragraphs[0].text


def test_html_keeps_the_article_and_drops_navigation(tmp_path: Path):
    body = "".join(
        f"<p>第{i}段：这是正文内容，报道了社区服务的新进展和具体数据{i * 10}个站点。</p>" for i in range(1, 6)
    )
    html = (
        "<html><head><title>社区新闻</title></head><body>"
        "<nav><a href='/'>首页</a> | <a href='/news'>新闻中心</a> | <a href='/login'>登录注册</a></nav>"
        f"<article><h1>社区驿站服务升级</h1>{body}</article>"
        "<footer>版权所有 © 某某网站 京ICP备12345678号</footer></body></html>"
    )
    path = tmp_path / "news.html"
    path.write_text(html, encoding="utf-8")
    report = parse_file(path)
    texts = [p.text for p in report.paragraphs]
    assert any("30个站点" in t for t in texts)
    assert not any("登录注册" in t or "ICP" in t for t in texts)


def _minimal_pdf(lines: list[str]) -> bytes:
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_text_layer_with_wrapped_lines(tmp_path: Path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_minimal_pdf(["The council approved the new budget", "on Monday evening.", "7"]))
    texts = [p.text for p in parse_file(path).paragraphs]
    assert texts == ["The council approved the new budget on Monday evening."]


def test_docx_headings_and_paragraphs(tmp_path: Path):
    import docx

    document = docx.Document()
    document.add_heading("社区新闻", level=1)
    document.add_paragraph("驿站现已覆盖该辖区82个快递、外卖站点。")
    document.add_paragraph("")
    document.add_paragraph("日均服务量达200人次。")
    path = tmp_path / "news.docx"
    document.save(str(path))
    report = parse_file(path)
    assert report.articles[0].title == "社区新闻"
    assert [p.text for p in report.paragraphs] == ["驿站现已覆盖该辖区82个快递、外卖站点。", "日均服务量达200人次。"]


def test_jsonl_corpus_keeps_doc_ids_titles_and_dates(tmp_path: Path):
    path = tmp_path / "corpus.jsonl"
    rows = [
        {"doc_id": "a-1", "title": "泡泡战士", "text": "第一篇的正文。\n第二段。", "date": "2024-05-01"},
        {"doc_id": "b-2", "title": "另一篇", "text": "第二篇的正文。"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    report = parse_file(path)
    assert [(a.doc_id, a.title, a.date) for a in report.articles] == [
        ("a-1", "泡泡战士", "2024-05-01"),
        ("b-2", "另一篇", None),
    ]
    assert [p.number for p in report.paragraphs] == [1, 2, 3]
    assert report.paragraphs[2].doc_id == "b-2"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
        ("notes.xyz", "正文".encode(), "unsupported file type '.xyz'"),
        ("bad.jsonl", b'not json\n{"x": 1}\n', "line 1: not valid JSON"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip", ".docx"),
    ],
)
def test_bad_files_raise_a_reason_a_user_can_act_on(tmp_path: Path, name: str, content: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReportError) as caught:
        parse_file(path)
    assert reason in str(caught.value)


def test_undecodable_bytes(tmp_path: Path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([0x81, 0xFE, 0xFF, 0x80, 0xC0, 0xC1, 0xF5, 0xFF] * 500))
    with pytest.raises(ReportError) as caught:
        parse_file(path)
    assert "encoding" in str(caught.value) or "text" in str(caught.value)
