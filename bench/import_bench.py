"""Time `kb import` of a 10,000-row data set, then `kb check`, in a copy of this repository's knowledge base.

    python bench/import_bench.py --kb .venv/bin/kb [--rows 10000] [--keep DIR]

The data set is generated deterministically in the shape of a public fact-checking data
set (statement, speaker, job title, context, rating, date), with speakers' names in
Latin, Hangul, Chinese and Cyrillic script and about one row in fifty repeated. Prints
the seconds for the first import, `kb check`, and a second import of the same file
(which must change nothing).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST = ["Kim", "Lee", "Park", "Choi", "Anna", "Jörg", "Zoë", "Wang", "Li", "Maria", "José", "Olga"]
LAST = ["Dong-myeong", "Müller", "Smith", "Nguyen", "García", "Ivanova", "Chen", "Tanaka"]
NATIVE = ["김동명", "이재용", "최윤호", "王传福", "曾毓群", "李想", "Ольга Иванова", "Сергей Петров"]
JOBS = ["CEO", "Governor", "U.S. Senator", "Mayor", "Minister of Industry", "Spokesperson", ""]
CONTEXTS = ["a TV interview", "a press release", "a tweet", "an earnings call", "a campaign rally", "a speech"]
RATINGS = ["true", "mostly-true", "half-true", "mostly-false", "false", "pants-fire"]
SUBJECTS = ["battery prices", "gigafactory jobs", "EV subsidies", "lithium mining", "grid storage", "cell imports"]
VERBS = ["doubled", "fell by half", "created 5,000 jobs", "will open in 2027", "cost taxpayers $2 billion",
         "is the largest in Europe", "imports most of its cells", "never received subsidies"]

MAPPING = """\
system: factcheck
external: id
fields:
  claim: "{statement}"
  quote: "{statement}"
  speaker: "{speaker}"
  said: "{date}"
  status: statement
  source: factcheck-archive
  tags: ["{rating}"]
  note: "Said in {context}."
formats:
  said: "%m/%d/%Y"
entities:
  speaker:
    kind: person
    create: true
    fields: {role: "{speaker_job}"}
"""

SOURCE = """
- id: factcheck-archive
  title: Fact-check archive
  kind: other
"""


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    speakers = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(max(10, rows // 12))] + NATIVE
    written = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "statement", "speaker", "speaker_job", "context", "rating", "date"])
        for i in range(rows):
            if written and rng.random() < 0.02:
                out.writerow(rng.choice(written))  # a repeated row, as scraped data sets have
                continue
            row = [str(20000 + i),
                   f"Says {rng.choice(SUBJECTS)} in {rng.choice(['Ohio', 'Bavaria', 'Ulsan', 'Fujian'])} "
                   f"{rng.choice(VERBS)} (statement {i}).",
                   rng.choice(speakers), rng.choice(JOBS), rng.choice(CONTEXTS), rng.choice(RATINGS),
                   f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(2015, 2025)}"]
            written.append(row)
            out.writerow(row)


CPU: list[float] = []


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    """Wall seconds (and, in CPU, the CPU seconds: on a shared machine the wall clock includes waiting)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", default=str(Path(sys.executable).parent / "kb"))
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--keep", type=Path, help="Build in this folder and keep it.")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kb-import-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "claims", root / "claims", dirs_exist_ok=True)
    shutil.copytree(REPO / "sources", root / "sources", dirs_exist_ok=True)
    with (root / "claims/registry/sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write(SOURCE)
    (root / "factcheck.map.yaml").write_text(MAPPING, encoding="utf-8")
    generate(root / "statements.csv", args.rows)
    load = os.getloadavg()[0]
    command = [args.kb, "--root", str(root)]
    first, result = timed([*command, "import", "statements.csv", "--map", "factcheck.map.yaml"], root)
    summary = [line for line in result.stderr.strip().splitlines() if " rows: " in line] or [result.stderr]
    check, checked = timed([*command, "check"], root)
    again, second = timed([*command, "import", "statements.csv", "--map", "factcheck.map.yaml"], root)
    print(f"rows: {args.rows:,}; load average before: {load:.1f}")
    print(f"kb import (first): {first:.2f} s ({CPU[0]:.2f} s CPU)  [{summary[0]}]")
    print(f"kb check: {check:.2f} s ({CPU[1]:.2f} s CPU)  [{checked.stderr.strip().splitlines()[-1]}]")
    print(f"import + check: {first + check:.2f} s ({CPU[0] + CPU[1]:.2f} s CPU)")
    print(f"kb import (again, same file): {again:.2f} s ({CPU[2]:.2f} s CPU)  "
          f"[{next((line for line in second.stderr.splitlines() if ' rows: ' in line), second.stderr)}]")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
