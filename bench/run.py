"""Benchmark kb against grep on synthetic knowledge bases, and print one table of figures.

    python bench/run.py                      # 1k, 10k and 100k claims (100k takes some minutes)
    python bench/run.py --sizes 1000,10000   # a quicker run
    python bench/run.py --kb .venv/bin/kb    # which kb command to time (default: the one on PATH)

Knowledge bases are generated once (deterministically) under bench/.data/ and kept.
Every time is the median of --repeat runs with a warm page cache. "cold" means no kb
index (.kb-cache/ removed before the run); "warm" means the index is there and fresh;
"edit" means one claim file was changed just before the run. The ratio column divides
kb's warm time by grep's time for the equivalent search, measured in the same run.
Peak memory is the largest resident size of the kb process.

Targets (issue 5), for 100k claims: warm list <= 0.5 x grep; after an edit <= 1 x grep;
cold list and check <= 8 s; --help/--version <= 0.15 s above `python -c pass`;
a 10,000-row list on a terminal starts printing within 0.5 s; peak memory <= 200 MiB.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"


def run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """(seconds, peak MiB) of one run of command, its output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=env or os.environ.copy())
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or (code == 1 and command[1:2] != ["check"] and "grep" not in command[0]):
        raise SystemExit(f"benchmark stopped: {' '.join(command)} exited with {code} in {cwd}")
    return elapsed, usage.ru_maxrss / 1024


def first_output(command: list[str], cwd: Path) -> float:
    """Seconds until command, writing to a terminal, prints its first bytes."""
    leader, follower = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=follower, stderr=subprocess.DEVNULL,
                               env={**os.environ, "COLUMNS": "160"})
    os.close(follower)
    took = float("nan")
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if chunk and took != took:
            took = time.perf_counter() - start
        if not chunk:
            break
    process.wait()
    os.close(leader)
    return took


def median(command: list[str], cwd: Path, repeat: int, before=None) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(repeat):
        if before:
            before()
        seconds, peak = run(command, cwd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def ensure(size: int) -> Path:
    root = DATA / f"kb-{size}"
    if not (root / ".git").exists():
        if root.exists():
            shutil.rmtree(root)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(root), "--claims", str(size), "--git"],
                       check=True, stdout=subprocess.DEVNULL)
    return root


def bench(size: int, kb: str, repeat: int) -> list[tuple]:
    root = ensure(size)
    company = "co-00001"
    some_claim = next((root / "claims").rglob("c-000007.yaml"))
    cache = root / ".kb-cache"
    drop = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731

    subprocess.run(["git", "-C", str(root), "checkout", "-q", "--", "claims"], check=True)
    original = some_claim.read_text(encoding="utf-8")

    def edit() -> None:
        some_claim.write_text(original + f"note: edited at {time.time()}\n", encoding="utf-8")

    grep, _ = median(["grep", "-rl", f"company: {company}", "claims/"], root, repeat)
    git_grep, _ = median(["git", "grep", "-l", f"company: {company}"], root, repeat)
    rows = []
    commands = {
        "list --company X --format ids": [kb, "list", "--company", company, "--format", "ids"],
        "show ID": [kb, "show", "c-000007", "--format", "plain"],
        "check": [kb, "check"],
        "search WORD": [kb, "search", "dornetron", "--format", "ids"],
    }
    for name, command in commands.items():
        cold, cold_peak = median(command, root, 1 if size >= 100000 else repeat, before=drop)
        run(command, root)  # make sure the index is built and fresh
        warm, warm_peak = median(command, root, repeat)
        rows.append((size, name, cold, warm, grep, git_grep, warm / grep, max(cold_peak, warm_peak)))
    edited, edited_peak = median(commands["list --company X --format ids"], root, repeat, before=edit)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "--", str(some_claim)], check=True)
    rows.append((size, "list after editing one file", float("nan"), edited, grep, git_grep, edited / grep,
                 edited_peak))
    run(commands["list --company X --format ids"], root)  # take the restored file in, then let it settle
    time.sleep(2.5)
    terminal = statistics.median(first_output([kb, "list", "--status", "planned"], root) for _ in range(repeat))
    rows.append((size, "list of ~1/7 of claims on a terminal: first output", float("nan"), terminal, grep,
                 git_grep, terminal / grep, float("nan")))
    return rows


WHOLE_KB = [["timeline"], ["due"], ["conflicts"], ["companies"], ["stats"], ["graph", "--company", "co-00001"],
            ["list", "--format", "json"], ["export", "bench-export.sqlite", "--force"]]


def whole_kb_commands(size: int, kb: str) -> list[str]:
    """Seconds and peak memory of the commands that read every claim (one warm run each)."""
    root = ensure(size)
    run([kb, "list", "--format", "ids"], root)
    lines = []
    for args in WHOLE_KB:
        seconds, peak = run([kb, *args], root)
        lines.append(f"| {size:,} | kb {' '.join(args)} | {seconds:.2f} | {peak:.0f} |")
    (root / "bench-export.sqlite").unlink(missing_ok=True)
    return lines


TRACKING = [["track", "--format", "plain"], ["track", "--company", "co-00001"], ["track", "--suggest"],
            ["record"], ["record", "--company", "co-00001"], ["list", "--current", "--format", "ids"],
            ["list", "--company", "co-00001", "--current", "--format", "ids"]]


def tracking_commands(size: int, kb: str, repeat: int) -> list[str]:
    """Seconds (median of repeat warm runs) and peak memory of plan histories and track records (issue 13)."""
    root = ensure(size)
    run([kb, "list", "--format", "ids"], root)
    lines = []
    for args in TRACKING:
        seconds, peak = median([kb, *args], root, repeat)
        lines.append(f"| {size:,} | kb {' '.join(args)} | {seconds:.2f} | {peak:.0f} |")
    return lines


def startup(kb: str, repeat: int) -> list[str]:
    python = [sys.executable, "-c", "pass"]
    base, _ = median(python, HERE, repeat)
    lines = [f"python -c pass: {base:.3f} s"]
    for args in (["--version"], ["--help"]):
        seconds, peak = median([kb, *args], HERE, repeat)
        lines.append(f"kb {args[0]}: {seconds:.3f} s ({seconds - base:+.3f} s over python), {peak:.0f} MiB")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--kb", default=shutil.which("kb") or "kb")
    args = parser.parse_args()
    print(f"kb: {args.kb}; {os.cpu_count()} cores; medians of {args.repeat} runs\n")
    for line in startup(args.kb, args.repeat):
        print(line)
    print()
    header = ("claims", "command", "cold s", "warm s", "grep -rl s", "git grep s", "warm/grep", "peak MiB")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        for size_, name, *figures in bench(size, args.kb, args.repeat):
            cells = [("-" if value != value else f"{value:.0f}" if i == 5 else f"{value:.2f}")
                     for i, value in enumerate(figures)]  # value != value: not measured (NaN)
            print(f"| {size_:,} | {name} | " + " | ".join(cells) + " |", flush=True)
    print("\nCommands that read every claim (warm index, one run each):\n")
    print("| claims | command | s | peak MiB |\n|---|---|---|---|")
    for line in whole_kb_commands(max(sizes), args.kb):
        print(line, flush=True)
    print("\nPlan histories and track records (warm index, medians):\n")
    print("| claims | command | s | peak MiB |\n|---|---|---|---|")
    for line in tracking_commands(max(sizes), args.kb, args.repeat):
        print(line, flush=True)


if __name__ == "__main__":
    main()
