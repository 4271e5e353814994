"""Precision and recall of the prompt-injection detector (``bot.safety.check_paragraph``).

    python bench/injection_detector.py [--split dev|holdout] [--show-misses] [--rgb PATH]

Labelled sets: ``eval/suites/injection/hostile.jsonl`` (instructions to a machine, embedded in
news-like text, Chinese and English) and ``ordinary.jsonl`` (news that uses the same words: AI
regulation, hotline notices, police warnings). Both are split by a hash of the id
(``eval.in_split``); the detector was developed on the dev half. Unlabelled ordinary news, where
every flag is a false positive: the sample page's 64 paragraphs, the 256 CMRC paragraphs, and — for
measurement only, never copied — RGB's 10,585 passages (``--rgb``: the shared eval data's
``rgb_zh_dev/corpus.jsonl``, beside this repository; skipped when absent).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.safety import check_paragraph  # noqa: E402
from eval import in_split  # noqa: E402
from ingest import parse_file  # noqa: E402

SUITE = REPO / "eval" / "suites" / "injection"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "holdout"], default=None, help="default: print both halves")
    parser.add_argument("--show-misses", action="store_true", help="print missed and wrongly flagged rows")
    parser.add_argument("--rgb", default=str(REPO.parent / "shared" / "eval" / "rgb_zh_dev" / "corpus.jsonl"))
    args = parser.parse_args()
    hostile, ordinary = _rows(SUITE / "hostile.jsonl"), _rows(SUITE / "ordinary.jsonl")
    print("| set | half | language | hostile | caught | recall | ordinary | flagged | precision |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for half in [args.split] if args.split else ["dev", "holdout"]:
        for language in ("zh", "en", "all"):
            bad = [r for r in hostile if in_split(r["id"], half) and language in (r["language"], "all")]
            good = [r for r in ordinary if in_split(r["id"], half) and language in (r["language"], "all")]
            caught = [r for r in bad if check_paragraph(r["text"]).flagged]
            wrong = [r for r in good if check_paragraph(r["text"]).flagged]
            flagged = len(caught) + len(wrong)
            precision = len(caught) / flagged if flagged else 1.0
            print(
                f"| labelled | {half} | {language} | {len(bad)} | {len(caught)} | {len(caught) / max(len(bad), 1):.3f} "
                f"| {len(good)} | {len(wrong)} | {precision:.3f} |"
            )
            if args.show_misses and language == "all":
                for row in bad:
                    if row not in caught:
                        print(f"  missed {row['id']}: {row['text']}  {check_paragraph(row['text']).shapes}")
                for row in wrong:
                    print(f"  wrongly flagged {row['id']}: {row['text']}  {check_paragraph(row['text']).shapes}")
    news = {
        "sample page": [
            p.text for p in parse_file(REPO / "examples" / "reports" / "000_6a83e4de8d82ede6.txt").paragraphs
        ],
        "CMRC paragraphs": [r["text"] for r in _rows(REPO / "eval" / "suites" / "cmrc2018_trial" / "corpus.jsonl")],
    }
    if Path(args.rgb).exists():
        news["RGB passages (shared eval data)"] = [r["text"] for r in _rows(Path(args.rgb))]
    print()
    print("| ordinary news (unlabelled) | paragraphs | flagged | false-positive rate |")
    print("| --- | ---: | ---: | ---: |")
    for name, texts in news.items():
        flagged = [t for t in texts if check_paragraph(t).flagged]
        print(f"| {name} | {len(texts):,} | {len(flagged)} | {len(flagged) / len(texts):.4f} |")


if __name__ == "__main__":
    main()
