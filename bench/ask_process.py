"""`reportbot ask` as a whole process, as a user types it: cold (its own imports, index and models)
against warm (answered by the reader an earlier ask left behind, bot.warm), side by side.

Usage: python bench/ask_process.py --index DIR [--generator extractive|local] [--rounds 5] [QUESTION...]

Each round runs every question once cold (``REPORTBOT_WARM_MINUTES=0``) and once warm, alternating,
and times the whole ``reportbot`` process (wall clock). Before the first round one ask starts the
warm reader and the script waits for its socket; it is stopped at the end. Prints each round, the
medians and the median per-round ratio warm/cold (figures in bench/README.md, "Query latency").
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTIONS = ["2025年北京12345热线受理了多少件诉求？", "中和·蜂巢职工驿站日均服务量是多少？"]


def _ask(question: str, args: argparse.Namespace, env: dict[str, str]) -> float:
    # The installed `reportbot` command beside this interpreter, as a user runs it.
    script = Path(sys.executable).with_name("reportbot")
    command = [str(script) if script.exists() else shutil.which("reportbot") or "reportbot", "ask", question]
    command += ["--index", args.index]
    command += ["--generator", args.generator]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"reportbot ask failed: {done.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", nargs="*", default=QUESTIONS)
    parser.add_argument("--index", required=True)
    parser.add_argument("--generator", default="extractive")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    warm = dict(os.environ, REPORTBOT_WARM_MINUTES="5")
    cold = dict(os.environ, REPORTBOT_WARM_MINUTES="0")
    home = Path(tempfile.gettempdir()) / f"reportbot-{os.getuid()}"
    before = set(home.glob("*.lock"))
    _ask(args.questions[0], args, warm)  # starts the reader for these settings
    deadline = time.monotonic() + 300
    while not (set(home.glob("*.lock")) - before and list(home.glob("*.sock"))) and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)  # let it finish opening the index and models
    times: dict[str, list[float]] = {"cold": [], "warm": []}
    for round_ in range(1, args.rounds + 1):
        for question in args.questions:
            times["cold"].append(_ask(question, args, cold))
            times["warm"].append(_ask(question, args, warm))
        print(f"round {round_}: cold {times['cold'][-1]:.2f} s, warm {times['warm'][-1]:.2f} s", flush=True)
    ratios = [w / c for w, c in zip(times["warm"], times["cold"])]
    print(f"questions timed: {len(ratios)} each way, generator {args.generator}")
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.2f} s, runs " + " ".join(f"{v:.2f}" for v in values))
    print(f"warm / cold, median per pair: {statistics.median(ratios):.3f}")
    for lock in set(home.glob("*.lock")) - before:
        try:
            os.kill(int(lock.read_text()), signal.SIGTERM)
        except (OSError, ValueError):
            pass


if __name__ == "__main__":
    main()
