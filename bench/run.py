"""Benchmark kb against grep on synthetic knowledge bases, and print one table of figures.

    python bench/run.py                      # 1k, 10k and 100k claims, and 100,000 registry entities
    python bench/run.py --sizes 1000,10000 --entities 0   # a quicker run
    python bench/run.py --kb .venv/bin/kb    # which kb command to time (default: the one on PATH)

Knowledge bases are generated once (deterministically) under bench/.data/ and kept, each a
git repository with branches for the cases below. Every time is the median of --repeat
runs with a warm page cache. "cold" means no kb index (.kb-cache/ removed before the run);
"warm" means the index is there and fresh. Each row names its target (issues 5 and 14, for
100,000 claims) and whether it was met; grep and git grep run beside the kb commands that
have a grep equivalent. Peak memory is the largest resident size of each command's process
(ru_maxrss of the child, one process per command).

Cases: start-up; cold and warm list/show/check/search; the answer-size sweep (0.01 %, 1 %,
15 %, 50 %, 100 % of claims, through tags of known shares, in five formats); editing one file
then `kb list` and `kb check`; checking out a branch that changes 1,000 or 10,000 claim
files, then `kb list`; 10,000 references to unknown sources (`kb check` against a clean
one); `kb fmt --check` on a formatted knowledge base against `kb check`, cold and warm; the
commands that read every claim; shell completion of ids, names, statuses and periods in bash, zsh
and fish (`--only completion` times just these).
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
COMPANY = "co-00001"
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
# share of claims -> (kb filter, grep -w pattern); the tags come from bench/generate.py's SHARES
SHARES = {"0.01 %": (["--tag", "share-001"], "share-001"), "1 %": (["--tag", "share-1"], "share-1"),
          "15 %": (["--tag", "share-15"], "share-15"), "50 %": (["--tag", "share-50"], "share-50"),
          "100 %": ([], "^claim:")}
FORMATS = {"ids": 0.5, "plain": 1.0, "csv": 1.0, "jsonl": 1.0, "json": 1.5}  # target: at most this x grep
WHOLE_KB = [["timeline"], ["due"], ["conflicts"], ["companies"], ["people"], ["factories"], ["sources"], ["stats"],
            ["graph", "--company", COMPANY], ["list", "--format", "json"], ["export", "bench-export.sqlite", "--force"]]


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one run of command, its output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or (code == 1 and not {"check", "fmt"} & set(command) and "grep" not in command):
        raise SystemExit(f"benchmark stopped: {' '.join(command)} exited with {code} in {cwd}")
    return elapsed, usage.ru_maxrss / 1024


def median(command: list[str], cwd: Path, repeat: int, before=None) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(repeat):
        if before:
            before()
        seconds, peak = run(command, cwd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


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


# ---------------------------------------------------------------- knowledge bases and their branches

def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, env=GIT_ENV, stdout=subprocess.DEVNULL)


def has_branch(root: Path, name: str) -> bool:
    return subprocess.run(["git", "-C", str(root), "rev-parse", "-q", "--verify", f"refs/heads/{name}"],
                          stdout=subprocess.DEVNULL).returncode == 0


def branch(root: Path, name: str, change) -> None:
    """A branch off main whose one commit is what change(root) does to the files."""
    if has_branch(root, name):
        return
    git(root, "checkout", "-q", "-b", name, "main")
    change(root)
    git(root, "commit", "-qam", name)
    git(root, "checkout", "-q", "main")


def claim_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "claims").rglob("c-*.yaml"))


def change_files(count: int):
    def change(root: Path) -> None:
        for path in claim_files(root)[:count]:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write("note: changed on a branch\n")
    return change


def dangle(count: int):
    """count claims name a source the registry lacks: their own source id with an x added."""
    def change(root: Path) -> None:
        for path in claim_files(root)[:count]:
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"^source: (\S+)$", r"source: \1x", text, count=1, flags=re.M), encoding="utf-8")
    return change


def ensure(size: int, kb: str, entities: int = 0) -> Path:
    root = DATA / (f"kb-{size}" if not entities else f"kb-{size}-entities-{entities}")
    if not (root / ".git").exists():
        if root.exists():
            shutil.rmtree(root)
        extra = ["--entities", str(entities)] if entities else []
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(root), "--claims", str(size), "--git", *extra],
                       check=True, stdout=subprocess.DEVNULL)
    git(root, "checkout", "-q", "-f", "main")
    for count in (1000, 10000):
        if count <= size:
            branch(root, f"change-{count}", change_files(count))
    branch(root, "dangling", dangle(min(10000, size)))
    branch(root, "formatted", lambda r: subprocess.run([kb, "fmt"], cwd=r, stdout=subprocess.DEVNULL,
                                                       stderr=subprocess.DEVNULL))
    return root


# ---------------------------------------------------------------- the cases

class Table:
    def __init__(self) -> None:
        header = ("claims", "case", "kb s", "grep -rl s", "git grep s", "kb/grep", "target", "met", "peak MiB")
        print("| " + " | ".join(header) + " |\n|" + "---|" * len(header), flush=True)

    def row(self, size: int, case: str, seconds: float, peak: float = float("nan"), grep: tuple | None = None,
            ratio_target: float | None = None, seconds_target: float | None = None) -> None:
        def cell(value: float, digits: int = 2) -> str:
            return "-" if value != value else f"{value:.{digits}f}"  # value != value: not measured (NaN)

        grep_s, git_grep_s = grep or (float("nan"), float("nan"))
        ratio = seconds / grep_s if grep else float("nan")
        if ratio_target is not None:
            target, met = f"<= {ratio_target:g} x grep", ratio <= ratio_target
        elif seconds_target is not None:
            target, met = f"<= {seconds_target:.2f} s", seconds <= seconds_target
        else:
            target, met = "-", None
        if peak == peak and peak > 200:
            met = False
        print(f"| {size:,} | {case} | {cell(seconds)} | {cell(grep_s)} | {cell(git_grep_s)} | {cell(ratio)} | "
              f"{target} | {'-' if met is None else 'yes' if met else 'NO'} | {cell(peak, 0)} |", flush=True)


def greps(root: Path, pattern: str, repeat: int) -> tuple[float, float]:
    grep, _ = median(["grep", "-rlw", "-E", pattern, "claims/"], root, repeat)
    git_grep, _ = median(["git", "grep", "-lw", "-E", pattern], root, repeat)
    return grep, git_grep


def bench(size: int, kb: str, repeat: int, table: Table) -> None:
    root = ensure(size, kb)
    cache = root / ".kb-cache"
    drop = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
    cold_repeat = 1 if size >= 100000 else repeat
    company = greps(root, f"company: {COMPANY}", repeat)
    ids = [kb, "list", "--company", COMPANY, "--format", "ids"]

    # cold and warm, the everyday commands
    commands = {"list --company X --format ids": ids, "show ID": [kb, "show", "c-000007", "--format", "plain"],
                "check": [kb, "check"], "search WORD": [kb, "search", "dornetron", "--format", "ids"]}
    cold_build = float("nan")
    for name, command in commands.items():
        cold, cold_peak = median(command, root, cold_repeat, before=drop)
        cold_build = cold if name.startswith("list") else cold_build
        table.row(size, f"cold {name}", cold, cold_peak, seconds_target=8.0)
        run(command, root)
        warm, warm_peak = median(command, root, repeat)
        table.row(size, f"warm {name}", warm, warm_peak, company, ratio_target=0.5 if name != "check" else None)

    # the answer-size sweep
    for share, (filters, pattern) in SHARES.items():
        grep = greps(root, pattern, repeat)
        for fmt, target in FORMATS.items():
            seconds, peak = median([kb, "list", *filters, "--format", fmt], root, repeat)
            table.row(size, f"list, {share} of claims, --format {fmt}", seconds, peak, grep, ratio_target=target)

    # editing one file
    some_claim = next((root / "claims").rglob("c-000007.yaml"))
    original = some_claim.read_text(encoding="utf-8")

    def edit() -> None:
        some_claim.write_text(original + f"note: edited at {time.time()}\n", encoding="utf-8")

    for name, command in (("list", ids), ("check", [kb, "check"])):
        seconds, peak = median(command, root, repeat, before=edit)
        table.row(size, f"{name} after editing one file", seconds, peak, company, ratio_target=1.0)
    git(root, "checkout", "-q", "--", str(some_claim.relative_to(root)))
    run(ids, root)
    time.sleep(2.5)  # let the restored file settle
    terminal = statistics.median(first_output([kb, "list", "--status", "planned"], root) for _ in range(repeat))
    table.row(size, "list of ~1/7 of claims on a terminal: first output", terminal, seconds_target=0.5)

    # branch switches
    for count in (1000, 10000):
        if count > size:
            continue
        start = time.perf_counter()
        git(root, "checkout", "-q", f"change-{count}")
        checkout = time.perf_counter() - start
        seconds, peak = run(ids, root)
        table.row(size, f"list after checking out {count:,} changed files (checkout {checkout:.1f} s)", seconds,
                  peak, seconds_target=2.0 if count == 1000 else cold_build / 2)
        git(root, "checkout", "-q", "main")
        run(ids, root)

    # dangling references: a clean check against one with 10,000 unknown references
    clean, clean_peak = median([kb, "check"], root, cold_repeat, before=drop)
    git(root, "checkout", "-q", "dangling")
    dangling, dangling_peak = median([kb, "check"], root, cold_repeat, before=drop)
    table.row(size, f"cold check, {min(size, 10000):,} unknown references (clean: {clean:.2f} s)", dangling,
              max(clean_peak, dangling_peak), seconds_target=2 * clean)
    some_claim = next((root / "claims").rglob("c-000007.yaml"))
    original = some_claim.read_text(encoding="utf-8")
    seconds, peak = median([kb, "check"], root, repeat, before=edit)
    table.row(size, f"check after editing one file, {min(size, 10000):,} unknown references", seconds, peak,
              company, ratio_target=1.0)
    git(root, "checkout", "-q", "-f", "main")

    # kb fmt --check on a formatted knowledge base, against kb check
    git(root, "checkout", "-q", "formatted")
    for state, before in (("cold", drop), ("warm", None)):
        if before is None:
            run([kb, "check"], root)
        check, _ = median([kb, "check"], root, cold_repeat if before else repeat, before=before)
        if before is None:
            run([kb, "fmt", "--check"], root)
        seconds, peak = median([kb, "fmt", "--check"], root, cold_repeat if before else repeat, before=before)
        table.row(size, f"{state} fmt --check, formatted (check: {check:.2f} s)", seconds, peak, seconds_target=check)
    git(root, "checkout", "-q", "main")
    run(ids, root)

    # commands that read every claim
    for args in WHOLE_KB:
        seconds, peak = median([kb, *args], root, repeat)
        table.row(size, f"warm {' '.join(args)}", seconds, peak,
                  seconds_target=1.0 if args[0] not in ("list", "export") else None)
    (root / "bench-export.sqlite").unlink(missing_ok=True)


def registry(entities: int, kb: str, repeat: int, table: Table) -> None:
    """A registry of many entities spread over many files (issue 10), beside 1,000 claims."""
    root = ensure(1000, kb, entities)
    drop = lambda: shutil.rmtree(root / ".kb-cache", ignore_errors=True)  # noqa: E731
    seconds, peak = median([kb, "check"], root, 1, before=drop)
    table.row(1000, f"cold check, {entities:,} registry entities in files", seconds, peak, seconds_target=8.0)
    run([kb, "check"], root)
    seconds, peak = median([kb, "check"], root, repeat)
    table.row(1000, f"warm check, {entities:,} registry entities in files", seconds, peak)
    seconds, peak = median([kb, "companies", "--format", "ids"], root, repeat)
    table.row(1000, f"warm companies ({entities // 5:,}), {entities:,} registry entities in files", seconds, peak,
              seconds_target=1.0)


# ---------------------------------------------------------------- plan histories (issue 13)

TRACKING = [["track", "--format", "plain"], ["track", "--company", COMPANY], ["track", "--suggest"],
            ["record"], ["record", "--company", COMPANY], ["list", "--current", "--format", "ids"],
            ["list", "--company", COMPANY, "--current", "--format", "ids"]]


def tracking(size: int, kb: str, repeat: int, table: Table) -> None:
    """Plan histories, track records and --current, warm (the synthetic claims carry no supersedes
    links: every plan is one claim, which is the most plans a knowledge base of this size can hold)."""
    root = ensure(size, kb)
    run([kb, "list", "--format", "ids"], root)
    for args in TRACKING:
        seconds, peak = median([kb, *args], root, repeat)
        table.row(size, f"warm {' '.join(args)}", seconds, peak)


# ---------------------------------------------------------------- shell completion (issue 22)

# (what is typed, as a shell hands it over) -> what it completes; the last word is the one being completed
COMPLETIONS = [("kb show c-0000", "claim ids"), ("kb link c-000007 supersedes c-00012", "claim ids"),
               ("kb list --company co-0000", "company ids"), ("kb list --company C0000", "company aliases"),
               ("kb list --speaker ", "people, companies, sources"), ("kb list --source ", "source ids"),
               ("kb list --status pl", "statuses"), ("kb list --due 2026-", "period forms"),
               ("kb list --where ra", "attribute names"), ("kb new --tag share-", "tags"),
               ("kb xref co-0001", "claims and entities")]


def completion(size: int, kb: str, repeat: int, table: Table) -> None:
    """One completion as each shell asks for it (bash, zsh, fish), on a warm index: the whole process, from
    the shell's call to the candidates printed. Target: 0.3 s."""
    root = ensure(size, kb)
    run([kb, "list", "--format", "ids"], root)
    for typed, what in COMPLETIONS:
        words = typed.split(" ")
        shells = {"bash": {"_KB_COMPLETE": "complete_bash", "COMP_WORDS": typed, "COMP_CWORD": str(len(words) - 1)},
                  "zsh": {"_KB_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": typed},
                  "fish": {"_KB_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": typed,
                           "_TYPER_COMPLETE_FISH_ACTION": "get-args"}}
        for shell, env in shells.items():
            seconds, peak = median(["env", *(f"{k}={v}" for k, v in env.items()), kb], root, repeat)
            table.row(size, f"completion ({shell}) of {what}: `{typed}<TAB>`", seconds, peak, seconds_target=0.3)


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
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kb", default=shutil.which("kb") or "kb")
    parser.add_argument("--entities", type=int, default=100000,
                        help="also time a registry of this many entities (0: not)")
    parser.add_argument("--only", choices=("completion",), help="time only these cases")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"kb: {args.kb}; {os.cpu_count()} cores; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"medians of {args.repeat} runs (cold runs at 100k: one)\n")
    for line in startup(args.kb, args.repeat):
        print(line)
    print()
    table = Table()
    for size in (int(s) for s in args.sizes.split(",")):
        if args.only != "completion":
            bench(size, args.kb, args.repeat, table)
            tracking(size, args.kb, args.repeat, table)
        completion(size, args.kb, args.repeat, table)
    if args.entities and not args.only:
        registry(args.entities, args.kb, args.repeat, table)
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
