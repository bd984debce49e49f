"""`kb import` on two full public data sets, checked against pandas, then at 100,000 rows.

    pip install -e '.[bench]'                                  # pandas, for the oracle
    python bench/import_datasets.py --kb .venv/bin/kb          # fetches the files (below), then runs
    python bench/import_datasets.py --kb .venv/bin/kb --from DIR   # files already fetched into DIR
    python bench/import_datasets.py --kb .venv/bin/kb --skip-scale # without the 100,000-row part

The files, fetched with curl from the two public repositories at pinned commits, each checked
against its SHA-256 (`--from DIR` expects the same layout: DIR/liar/{train,test,valid}.tsv and
DIR/megapack/projects.csv):

    curl -fsSL -o DIR/liar/train.tsv https://raw.githubusercontent.com/nishitpatel01/Fake_News_Detection/\\
    880a2782ab627c10e4f9cf98c3d753d48439a9d1/liar_dataset/train.tsv     # and test.tsv, valid.tsv
    curl -fsSL -o DIR/megapack/projects.csv https://raw.githubusercontent.com/lorenz-g/tesla-megapack-tracker/\\
    5821d8b87bf7d9a6fee9e9d950339e2280b7bfcb/projects.csv

(or `git clone https://github.com/<repository>` and `git -C <clone> checkout <commit>`). LIAR: William Yang
Wang, ACL 2017; the statements' copyright stays with their sources. The tracker: MIT licence.

In a fresh knowledge base (a copy of this repository's claims), with the mappings in examples/:
1. LIAR (the three parts as one file, 12,836 rows) and the tracker (1,649 rows) imported; every row
   accounted for (written + left + rejected = rows, the rejects file holding the rejected ones);
2. kb's answers (kb stats, kb list) against pandas on the raw files (bench/import_oracle.py): rows per
   rating, per speaker x rating (the 20 most frequent speakers), per status, per go-live year, capacity
   sum per go-live year, projects of at least 100 MWh. A rejected row is counted from the rejects file,
   so that kb + rejected = pandas, cell by cell;
3. LIAR imported again unchanged (no file changes, exit 0); three rows edited (exactly their three
   claims change); a claim edited by hand whose row changed (a conflict, the file byte for byte as it was);
4. 100,000 generated rows (bench/import_bench.py's set): first import, then again; seconds (wall and
   CPU) and peak memory (the child's ru_maxrss) against the targets of issue 20: 90 s, 30 s, 300 MiB.
Prints Markdown tables (docs/importing.md keeps them) and exits 1 if an answer differs or a check fails.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import import_oracle as oracle  # noqa: E402  (bench/ is no package)

LIAR_REPO, LIAR_COMMIT = "nishitpatel01/Fake_News_Detection", "880a2782ab627c10e4f9cf98c3d753d48439a9d1"
MEGAPACK_REPO, MEGAPACK_COMMIT = "lorenz-g/tesla-megapack-tracker", "5821d8b87bf7d9a6fee9e9d950339e2280b7bfcb"
FILES = {  # where in DIR: (repository, commit, path in the repository, sha256)
    "liar/train.tsv": (LIAR_REPO, LIAR_COMMIT, "liar_dataset/train.tsv",
                       "23ef8cb7ff57b25c941100d0744039cebc595d65a67ea190f72b330a658d8c36"),
    "liar/test.tsv": (LIAR_REPO, LIAR_COMMIT, "liar_dataset/test.tsv",
                      "ee41e2c741e0019216952625145af8c4aa8c8d3057ec68284b134267bb845e6f"),
    "liar/valid.tsv": (LIAR_REPO, LIAR_COMMIT, "liar_dataset/valid.tsv",
                       "8dd3d7ed1a11e78ed7df090c9eddb0f91147f895850c78d49dd7b4e88fd09a16"),
    "megapack/projects.csv": (MEGAPACK_REPO, MEGAPACK_COMMIT, "projects.csv",
                              "45480f7f6ddab0133efab4b48b4ec528c387c519fbe4c7339e47314325e752e4"),
}
RATINGS = ["true", "mostly-true", "half-true", "barely-true", "false", "pants-fire"]
STATUS = {"planned": "planning", "underway": "construction", "done": "operation", "cancelled": "cancelled"}
FAILURES: list[str] = []


# ---------------------------------------------------------------- the files

def fetch(folder: Path) -> None:
    """The four files, with curl from raw.githubusercontent.com at the pinned commits."""
    for rel, (repo, commit, path, _) in FILES.items():
        target = folder / rel
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        url = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
        print(f"fetching {url}", file=sys.stderr)
        subprocess.run(["curl", "-fsSL", "-o", str(target), url], check=True)


def verify(folder: Path) -> None:
    for rel, (*_, sha256) in FILES.items():
        found = hashlib.sha256((folder / rel).read_bytes()).hexdigest()
        if found != sha256:
            raise SystemExit(f"{folder / rel}: sha256 {found}, expected {sha256} (not the pinned file)")


# ---------------------------------------------------------------- running kb

class Kb:
    def __init__(self, command: str, root: Path) -> None:
        self.command, self.root = command, root

    def __call__(self, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
        result = subprocess.run([self.command, "--root", str(self.root), *args], capture_output=True, text=True)
        if result.returncode not in ok:
            raise SystemExit(f"kb {' '.join(args)} exited {result.returncode}:\n{result.stderr[-3000:]}")
        return result

    def json(self, *args: str) -> list:
        return json.loads(self(*args, "--format", "json").stdout)


def timed(command: list[str], cwd: Path) -> dict:
    """Wall seconds, CPU seconds and peak MiB of one run (the child's own rusage, from wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
            "mib": usage.ru_maxrss / 1024, "code": os.waitstatus_to_exitcode(status), "stderr": stderr}


def fresh_kb(folder: Path) -> Path:
    root = folder / "kb"
    shutil.copytree(REPO / "claims", root / "claims")
    shutil.copytree(REPO / "sources", root / "sources")
    return root


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file kb may write (claims, registry, import records)."""
    out = {}
    for folder in ("claims", ".kb-import"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def summary_counts(stderr: str) -> dict[str, int]:
    """The numbers of kb import's summary line."""
    import re

    line = next(line for line in stderr.splitlines() if " rows: " in line or " row: " in line)
    numbers = dict(zip(["rows", "written", "new", "changed", "left", "unchanged", "conflicts", "rejected"],
                       map(int, re.findall(r"\d+", line.replace("dry run: ", "")))))
    return numbers


def check(name: str, kb_value, pandas_value, rejected_value=0) -> list:
    ok = kb_value + rejected_value == pandas_value
    if not ok:
        FAILURES.append(f"{name}: kb {kb_value} + rejected {rejected_value} != pandas {pandas_value}")
    return [name, pandas_value, kb_value, rejected_value, "yes" if ok else "**no**"]


def table(rows: list[list], head: list[str]) -> str:
    lines = ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value) -> str:
    if isinstance(value, float):
        value = round(value, 3)
        return f"{value:,.1f}" if not value.is_integer() else f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def rejected_rows(root: Path, name: str, header: list[str] | None, delimiter: str) -> list[dict]:
    """The rows of a rejects file, as the raw file had them."""
    path = root / f".kb-import/{name}"
    if not path.exists():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
             if not line.startswith("# kb")]
    if delimiter == "\t":
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in lines]
    return list(csv.DictReader(io.StringIO("".join(lines))))


# ---------------------------------------------------------------- LIAR

def liar(kb: Kb, data: Path, work: Path, out: list[str]) -> None:
    truth = oracle.liar_report([data / "liar/train.tsv", data / "liar/test.tsv", data / "liar/valid.tsv"])
    joined = work / "liar.tsv"
    joined.write_bytes(b"".join((data / f"liar/{n}.tsv").read_bytes() for n in ("train", "test", "valid")))
    mapping = str(REPO / "examples/liar.map.yaml")
    kb("add", "attribute", "rating", "--type", "choice", "--values", ",".join(RATINGS))
    first = timed([kb.command, "--root", str(kb.root), "import", str(joined), "--map", mapping], work)
    counts = summary_counts(first["stderr"])
    columns = oracle.LIAR_COLUMNS
    rejected = rejected_rows(kb.root, "liar.rejects.tsv", columns, "\t")
    out.append(f"LIAR: {counts['rows']:,} rows: {counts['written']:,} written, {counts['left']:,} left as they are, "
               f"{counts['rejected']:,} rejected (in the rejects file: {len(rejected)}); pandas reads "
               f"{truth['rows_total']:,}. First import: {first['wall']:.1f} s ({first['cpu']:.1f} s CPU), "
               f"{first['mib']:.0f} MiB, exit {first['code']}.")
    if counts["written"] + counts["left"] + counts["rejected"] != truth["rows_total"] or \
            counts["rejected"] != len(rejected) or counts["rows"] != truth["rows_total"]:
        FAILURES.append(f"LIAR rows not all accounted for: {counts}")
    stats = kb.json("stats", "--external", "liar")
    ratings = {s["value"]: s["claims"] for s in stats if s["by"] == "attribute:rating"}
    rows = [check(f"rows rated {r}", ratings.get(r, 0), truth["rows_per_label"][r],
                  sum(1 for x in rejected if x["label"] == r)) for r in RATINGS]
    for top in truth["top_speakers"]:
        speaker = top["speaker"]
        mine = {s["value"]: s["claims"] for s in kb.json("stats", "--speaker", speaker, "--external", "liar")
                if s["by"] == "attribute:rating"}
        for rating in RATINGS:
            rows.append(check(f"{speaker}, {rating}", mine.get(rating, 0), top["rows_per_label"][rating],
                              sum(1 for x in rejected if x["label"] == rating and x["speaker"] == speaker)))
    out.append(table(rows, ["LIAR question", "pandas", "kb", "rejected", "kb + rejected = pandas"]))

    # again, unchanged
    before = snapshot(kb.root)
    again = timed([kb.command, "--root", str(kb.root), "import", str(joined), "--map", mapping], work)
    same = snapshot(kb.root) == before
    out.append(f"\nLIAR again, unchanged: {again['wall']:.1f} s ({again['cpu']:.1f} s CPU), {again['mib']:.0f} MiB, "
               f"exit {again['code']}; files changed: {'none' if same else 'SOME'}.")
    if not same or again["code"] != 0:
        FAILURES.append("LIAR re-import changed files or failed")
    # three rows edited: a rating each
    lines = joined.read_bytes().split(b"\n")
    picks = [100, 5000, 12000]
    ids = []
    for number in picks:
        cells = lines[number - 1].split(b"\t")
        ids.append(cells[0].decode())
        cells[1] = (b"false" if cells[1] != b"false" else b"true")
        lines[number - 1] = b"\t".join(cells)
    joined.write_bytes(b"\n".join(lines))
    before = snapshot(kb.root)
    edit = timed([kb.command, "--root", str(kb.root), "import", str(joined), "--map", mapping], work)
    after = snapshot(kb.root)
    changed = sorted(p for p in after if after[p] != before.get(p) and p.startswith("claims/"))
    record = dict(line.split("\t")[:2] for line in (kb.root / ".kb-import/liar.tsv").read_text().splitlines()
                  if not line.startswith("#"))
    expected = sorted(f"claims/liar/{record[i]}.yaml" for i in ids)
    out.append(f"\nThree rows edited (lines {', '.join(map(str, picks))}): claim files changed: {len(changed)} "
               f"({'exactly those rows' if changed == expected else 'NOT those rows'}); exit {edit['code']}.")
    if changed != expected:
        FAILURES.append(f"three edits changed {changed}, expected {expected}")
    # a claim edited by hand, its row changed too
    number = 7000
    cells = lines[number - 1].split(b"\t")
    target = kb.root / f"claims/liar/{record[cells[0].decode()]}.yaml"
    target.write_text(target.read_text() + "# checked by hand\n")
    hand = target.read_bytes()
    cells[1] = b"false" if cells[1] != b"false" else b"true"
    lines[number - 1] = b"\t".join(cells)
    joined.write_bytes(b"\n".join(lines))
    conflict = timed([kb.command, "--root", str(kb.root), "import", str(joined), "--map", mapping], work)
    counts = summary_counts(conflict["stderr"])
    kept = target.read_bytes() == hand
    out.append(f"\nA claim edited by hand whose row changed (line {number}): {counts['conflicts']} conflict, exit "
               f"{conflict['code']}, the file {'byte for byte as it was' if kept else 'CHANGED'}.")
    if not kept or conflict["code"] != 1 or counts["conflicts"] != 1:
        FAILURES.append("the hand-edited claim was not kept as a conflict")


# ---------------------------------------------------------------- the Megapack tracker

def megapack(kb: Kb, data: Path, work: Path, out: list[str]) -> None:
    source = data / "megapack/projects.csv"
    truth = oracle.megapack_report(source)
    mapping = str(REPO / "examples/megapack.map.yaml")
    first = timed([kb.command, "--root", str(kb.root), "import", str(source), "--map", mapping], work)
    counts = summary_counts(first["stderr"])
    rejected = rejected_rows(kb.root, "megapack.rejects.csv", None, ",")
    out.append(f"\nMegapack tracker: {counts['rows']:,} rows: {counts['written']:,} written, {counts['left']:,} left "
               f"as they are, {counts['rejected']:,} rejected (in the rejects file: {len(rejected)}); pandas reads "
               f"{truth['rows_total']:,}. Import: {first['wall']:.1f} s ({first['cpu']:.1f} s CPU), "
               f"{first['mib']:.0f} MiB, exit {first['code']} (1: a row to fix).")
    if counts["written"] + counts["left"] + counts["rejected"] != truth["rows_total"] or \
            counts["rejected"] != len(rejected):
        FAILURES.append(f"Megapack rows not all accounted for: {counts}")
    stats = kb.json("stats", "--external", "megapack")
    status = {STATUS[s["value"]]: s["claims"] for s in stats if s["by"] == "status"}
    rows = [check(f"rows in status {name}", status.get(name, 0), n, sum(1 for r in rejected if r["status"] == name))
            for name, n in truth["rows_per_status"].items()]
    years = {("none" if s["value"] == "unknown" else s["value"]): s["claims"] for s in stats if s["by"] == "year"}

    def year_of(row: dict) -> str:
        try:
            return oracle.go_live_year(row)
        except oracle.DataError:
            return "?"

    for year, n in truth["rows_per_go_live_year"].items():
        rows.append(check(f"rows going live in {year}", years.get(year, 0), n,
                          sum(1 for r in rejected if year_of(r) == year)))
    sums = {("none" if s["year"] == "unknown" else s["year"]): s["amount"] / 1e6
            for s in kb.json("stats", "--sum", "capacity", "--by", "year", "--external", "megapack")}
    figures = truth["capacity_mwh"]
    for year, total in figures["sum_mwh_per_go_live_year"].items():
        extra = sum(oracle.capacity(r["capacity_mwh"], "rejected") or 0 for r in rejected if year_of(r) == year)
        rows.append(check(f"capacity (MWh) going live in {year}", oracle.number(sums.get(year, 0)), total,
                          oracle.number(extra)))
    big = kb("list", "--external", "megapack", "--min", "capacity=100MWh", "--format", "ids").stdout.split()
    rows.append(check("projects of at least 100 MWh", len(big), figures["projects_at_least_100_mwh"],
                      sum(1 for r in rejected if (oracle.capacity(r["capacity_mwh"], "rejected") or 0) >= 100)))
    out.append(table(rows, ["Megapack question", "pandas", "kb", "rejected", "kb + rejected = pandas"]))
    checked = kb("check", "--strict", ok=(0, 1))
    out.append(f"\n`kb check --strict` after both imports: exit {checked.returncode} "
               f"({checked.stderr.strip().splitlines()[-1] if checked.stderr.strip() else checked.stdout.strip()[-200:]}).")
    if checked.returncode != 0:
        FAILURES.append("kb check --strict failed after the imports")


# ---------------------------------------------------------------- 100,000 rows

def scale(command: str, rows: int, work: Path, out: list[str]) -> None:
    import import_bench

    root = work / "scale"
    shutil.copytree(REPO / "claims", root / "claims")
    shutil.copytree(REPO / "sources", root / "sources")
    with (root / "claims/registry/sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write(import_bench.SOURCE)
    (root / "factcheck.map.yaml").write_text(import_bench.MAPPING, encoding="utf-8")
    import_bench.generate(root / "statements.csv", rows)
    run = [command, "--root", str(root), "import", "statements.csv", "--map", "factcheck.map.yaml"]
    load = os.getloadavg()[0]
    first = timed(run, root)
    again = timed(run, root)
    out.append(f"\n{rows:,} generated rows (bench/import_bench.py's set), load average before {load:.1f} on "
               f"{os.cpu_count()} cores:\n")
    results = [["first import", f"{first['wall']:.1f}", f"{first['cpu']:.1f}", f"{first['mib']:.0f}", "90 s",
                "yes" if first["wall"] <= 90 else "**no**"],
               ["again, unchanged", f"{again['wall']:.1f}", f"{again['cpu']:.1f}", f"{again['mib']:.0f}", "30 s",
                "yes" if again["wall"] <= 30 else "**no**"]]
    out.append(table(results, ["kb import", "wall s", "CPU s", "peak MiB", "target", "met"]))
    peak = max(first["mib"], again["mib"])
    out.append(f"\nPeak memory {peak:.0f} MiB against 300 MiB: {'met' if peak <= 300 else '**missed**'}.")
    for name, result in (("first", first), ("again", again)):
        out.append(f"\n{name}: {summary_line(result['stderr'])}")


def summary_line(stderr: str) -> str:
    return next((line for line in stderr.splitlines() if " rows: " in line), stderr.strip()[-200:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", default=str(Path(sys.executable).parent / "kb"))
    parser.add_argument("--from", dest="data", type=Path, help="The files, already fetched (see above).")
    parser.add_argument("--rows", type=int, default=100_000, help="Rows of the scale part (default 100,000).")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--keep", type=Path, help="Work in this folder and keep it.")
    args = parser.parse_args()
    args.kb = str(Path(args.kb).resolve()) if "/" in args.kb else (shutil.which(args.kb) or args.kb)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-import-datasets-"))
    work.mkdir(parents=True, exist_ok=True)
    data = args.data or work / "data"
    if args.data is None:
        fetch(data)
    verify(data)
    out: list[str] = []
    kb = Kb(args.kb, fresh_kb(work))
    liar(kb, data, work, out)
    megapack(kb, data, work, out)
    if not args.skip_scale:
        scale(args.kb, args.rows, work, out)
    print("\n".join(out))
    if not args.keep:
        shutil.rmtree(work)
    if FAILURES:
        print("\nFAILED:\n" + "\n".join(FAILURES))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
