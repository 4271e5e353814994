"""How fast this machine's llama.cpp build reads a prompt: the local reader's cost is prompt reading.

Usage: python bench/reader_speed.py [--rounds N] [--json OUT]

Prints the instruction sets the installed llama-cpp-python was compiled for, then times
``Llama.eval`` over the first 100/200/400/600 tokens of the bundled sample page (a fresh context
each time, 2 threads as the reader uses) and gives each length's median over the rounds. To compare
two builds side by side, unpack the other wheel into a folder and alternate runs with
``PYTHONPATH=FOLDER:.``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bot.llm import LocalGenerator

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "reports"
LENGTHS = (100, 200, 400, 600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode().removeprefix("CPU :")
    features = [name.strip() for name, _, on in (p.partition("=") for p in info.split("|")) if on.strip() == "1"]
    print("llama.cpp built for:", " ".join(features))
    llama = LocalGenerator.from_env()._llama
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLE.iterdir()) if p.is_file())
    tokens = llama.tokenize(text.encode("utf-8"), add_bos=False)
    seconds: dict[int, list[float]] = {n: [] for n in LENGTHS}
    for _ in range(args.rounds):
        for n in LENGTHS:
            llama.reset()
            start = time.perf_counter()
            llama.eval(tokens[:n])
            seconds[n].append(time.perf_counter() - start)
    result = {
        n: {"median_s": statistics.median(s), "tokens_per_s": n / statistics.median(s)} for n, s in seconds.items()
    }
    for n, r in result.items():
        print(f"{n:4d} tokens: {r['median_s']:.2f} s ({r['tokens_per_s']:.0f} tokens/s)")
    if args.json:
        args.json.write_text(json.dumps({"features": features, "lengths": result}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
