"""Start-up time of `kb serve` (issue 24): from the command to the first page served, on a synthetic
knowledge base (bench/generate.py), cold (the export, plans and charts built) and warm (reused: the index
has not changed), each the median of --runs runs after the first.

    python bench/serve_bench.py --kb .venv/bin/kb --claims 100000
    python bench/serve_bench.py --kb .venv/bin/kb --claims 1000 --keep /tmp/kb-1k

Each run starts `kb serve --port 0`, reads the address it prints, asks for the home page and the claims
table, and stops it with Ctrl-C; the time is from start to the claims page's answer. Peak memory of the
(cold) build is measured with `kb serve --build-only` under /usr/bin/time when it exists.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def start_to_page(kb: str, root: Path) -> float:
    """Seconds from `kb serve` starting to its claims page answering; the server is then stopped."""
    began = time.perf_counter()
    process = subprocess.Popen([kb, "serve", "--port", "0"], cwd=root, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        match = re.search(r"http://[^ ]+/", line)
        if not match:
            raise SystemExit(f"kb serve printed no address: {line!r} {process.stderr.read()}")
        for path in ("", "kb/claims"):
            with urllib.request.urlopen(match.group(0) + path, timeout=120) as response:
                response.read()
        return time.perf_counter() - began
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def peak_mib(kb: str, root: Path) -> str:
    if not Path("/usr/bin/time").exists():
        return "-"
    result = subprocess.run(["/usr/bin/time", "-f", "%M", kb, "serve", "--build-only"], cwd=root,
                            capture_output=True, text=True)
    return f"{int(result.stderr.strip().splitlines()[-1]) / 1024:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", default=str(Path(sys.executable).parent / "kb"))
    parser.add_argument("--claims", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Build the knowledge base in this folder and keep it.")
    args = parser.parse_args()
    args.kb = str(Path(args.kb).resolve()) if os.sep in args.kb else shutil.which(args.kb) or args.kb
    root = args.keep or Path(tempfile.mkdtemp(prefix="kb-serve-bench-"))
    try:
        if not (root / "claims").is_dir():
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(root), "--claims", str(args.claims),
                            "--git"], check=True, stdout=subprocess.DEVNULL)
        began = time.perf_counter()
        subprocess.run([args.kb, "list", "--format", "ids"], cwd=root, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)  # the index, built first: not kb serve's to pay for
        index = time.perf_counter() - began
        shutil.rmtree(root / ".kb-cache" / "serve", ignore_errors=True)
        cold = start_to_page(args.kb, root)
        warm = statistics.median(start_to_page(args.kb, root) for _ in range(args.runs))
        shutil.rmtree(root / ".kb-cache" / "serve", ignore_errors=True)
        memory = peak_mib(args.kb, root)  # of a cold build
        print(f"| claims | index build s | kb serve cold s | kb serve warm s (export reused) | cold build peak MiB |")
        print("|---|---|---|---|---|")
        print(f"| {args.claims:,} | {index:.1f} | {cold:.2f} | {warm:.2f} | {memory} |")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
