#!/usr/bin/env python3
"""Reference counts ("oracle") for importing two real data sets, read from the RAW files with pandas.

    python bench/import_oracle.py --liar train.tsv test.tsv valid.tsv --megapack projects.csv
    python bench/import_oracle.py --liar tests/data/import/liar-slice.tsv      # only the LIAR section
    python bench/import_oracle.py --megapack tests/data/import/megapack-slice.csv --out result.json

`bench/import_datasets.py` fetches the files and compares kb's answers with these. pandas is a
benchmark-only dependency: `pip install -e '.[bench]'`.

Prints one JSON object (and writes it to --out if given). Needs pandas.

LIAR (William Yang Wang, ACL 2017): TSV, no header, 14 columns, and NO quoting. A statement
may start with `"` and never close it, so a CSV reader with quoting merges lines; every line of
the raw files is one row, split on TAB only (`quoting=csv.QUOTE_NONE`). Cells are kept as
given: no NA conversion (`None`, `N/A` are text), no stripping, speakers are the slugs given.
  files (path, sha256, rows), rows_total, rows_per_label (the six ratings), speakers_distinct,
  top_speakers: the TOP_SPEAKERS speakers with the most rows (ties: speaker ascending by code point,
  so 'GaGOP' sorts before 'barack-obama'), each with its rows per label.

Megapack tracker projects.csv: an ordinary comma-separated file with a header and standard
double-quote quoting (fields with commas are quoted). Cells are kept as given (no NA conversion).
  rows_total,
  rows_per_status: as given, and case-folded after stripping spaces,
  go-live year: start_operation (actual) if not empty, else start_estimated (planned); this is
    the tracker's own rule (generate/battery_project.py). The year is the 4-digit year of the
    date, whatever its precision. Patterns accepted (anything else is an error, so a new format
    is noticed, never guessed): YYYY-MM-DD, YYYY-MM, YYYY, YYYYQn, YYYYHn (the ones in the
    file) and 'YYYY Qn', 'Qn YYYY', 'Hn YYYY', 'early|mid|late YYYY'. Only the year is used, so an
    impossible month (the file has '2019-19-09') still gives its year. No date: year "none".
  capacity: two figures, named apart:
    capacity_mwh        the capacity_mwh column only (empty = unknown, not 0);
    capacity_or_estimate_mwh  capacity_mwh if not empty, else estimate_mwh (the tracker's rule:
        for most government-data rows only estimate_mwh is filled, 1 h x power).
    A capacity cell is a plain number (decimals allowed); thousands separators ("1,200") and a
    unit suffix ("MWh", or "GWh" x 1000) are also accepted. Anything else is an error.
  capacity sum per go-live year, rows per go-live year, and projects with capacity >= 100 MWh.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent

LIAR_COLUMNS = [
    "id", "label", "statement", "subjects", "speaker", "speaker_job", "state", "party",
    "barely_true_count", "false_count", "half_true_count", "mostly_true_count", "pants_on_fire_count",
    "context",
]
LIAR_LABELS = ["true", "mostly-true", "half-true", "barely-true", "false", "pants-fire"]
LIAR_COUNT_COLUMNS = LIAR_COLUMNS[8:13]
TOP_SPEAKERS = 20
BIG_MWH = 100


class DataError(Exception):
    pass


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shown(path: Path) -> str:
    """A path as shown in the JSON: relative to this script's folder when inside it."""
    try:
        return str(path.resolve().relative_to(HERE))
    except ValueError:
        return str(path)


def number(value: float) -> int | float:
    """A sum as JSON: an int when whole, else rounded to 3 decimals (float sums drift)."""
    value = round(float(value), 3)
    return int(value) if value.is_integer() else value


# ------------------------------------------------------------------ LIAR

def read_liar(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(
        path, sep="\t", header=None, names=LIAR_COLUMNS, quoting=csv.QUOTE_NONE,
        dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8",
    )
    # One row per line: check it, and that every row had its 14 cells.
    lines = path.read_bytes().count(b"\n")
    if len(frame) != lines:
        raise DataError(f"{path}: {len(frame)} rows read but the file has {lines} lines")
    bad_label = frame[~frame["label"].isin(LIAR_LABELS)]
    if len(bad_label):
        raise DataError(f"{path}: unknown label {bad_label['label'].iloc[0]!r} (row {bad_label.index[0] + 1})")
    for column in LIAR_COUNT_COLUMNS:
        bad = frame[~frame[column].str.fullmatch(r"\d+")]
        if len(bad):
            raise DataError(f"{path}: row {bad.index[0] + 1}: {column} is {bad[column].iloc[0]!r}, "
                            "not a count (a row with fewer than 14 cells?)")
    return frame


def liar_report(paths: list[Path]) -> dict:
    frames = [read_liar(p) for p in paths]
    liar = pd.concat(frames, ignore_index=True)
    duplicates = liar["id"][liar["id"].duplicated()]
    if len(duplicates):
        raise DataError(f"LIAR: id {duplicates.iloc[0]!r} occurs more than once")

    per_label = liar["label"].value_counts()
    speaker_rows = liar["speaker"].value_counts()
    ranked = sorted(speaker_rows.items(), key=lambda item: (-item[1], item[0]))[:TOP_SPEAKERS]
    by_speaker_label = liar.groupby(["speaker", "label"]).size()
    top = []
    for speaker, rows in ranked:
        labels = by_speaker_label[speaker]
        top.append({
            "speaker": speaker,
            "rows": int(rows),
            "rows_per_label": {label: int(labels.get(label, 0)) for label in LIAR_LABELS},
        })
    return {
        "files": [{"path": shown(p), "sha256": sha256(p), "rows": len(f)} for p, f in zip(paths, frames)],
        "rows_total": len(liar),
        "rows_per_label": {label: int(per_label.get(label, 0)) for label in LIAR_LABELS},
        "speakers_distinct": int(liar["speaker"].nunique()),
        "top_speakers": top,
    }


# ------------------------------------------------------------------ Megapack

YEAR_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-\d{2}-\d{2}"),          # 2024-01-11
    re.compile(r"(?P<year>\d{4})-\d{2}"),                # 2023-10
    re.compile(r"(?P<year>\d{4})"),                      # 2022
    re.compile(r"(?P<year>\d{4}) ?[QH][1-4]", re.I),     # 2023Q1, 2024H1
    re.compile(r"[QH][1-4] (?P<year>\d{4})", re.I),      # Q3 2025
    re.compile(r"(?:early|mid|late) (?P<year>\d{4})", re.I),  # late 2024
]
CAPACITY = re.compile(r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>mwh|gwh)?", re.I)


def go_live_year(row: pd.Series) -> str:
    """'none', or the year of start_operation (actual) if given, else of start_estimated (planned)."""
    for column in ("start_operation", "start_estimated"):
        value = row[column].strip()
        if not value:
            continue
        for pattern in YEAR_PATTERNS:
            match = pattern.fullmatch(value)
            if match:
                return match.group("year")
        raise DataError(f"id {row['id']}: {column} {value!r} is in no known date pattern")
    return "none"


def capacity(value: str, where: str) -> float | None:
    """MWh from a capacity cell; None when empty."""
    value = value.strip()
    if not value:
        return None
    match = CAPACITY.fullmatch(value)
    if not match:
        raise DataError(f"{where}: {value!r} is not a capacity")
    mwh = float(match.group("num").replace(",", ""))
    if (match.group("unit") or "").lower() == "gwh":
        mwh *= 1000
    return mwh


def capacity_figures(frame: pd.DataFrame, column: str) -> dict:
    known = frame[frame[column].notna()]
    per_year = known.groupby("go_live_year")[column].sum()
    return {
        "rows_with_capacity": len(known),
        "sum_mwh": number(known[column].sum()),
        "sum_mwh_per_go_live_year": {year: number(per_year[year]) for year in sorted(per_year.index)},
        f"projects_at_least_{BIG_MWH}_mwh": int((known[column] >= BIG_MWH).sum()),
    }


def megapack_report(path: Path) -> dict:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    lines = path.read_bytes().count(b"\n")  # reported: rows + 1 unless a quoted cell holds a newline
    for column in ("id", "status", "capacity_mwh", "estimate_mwh", "start_operation", "start_estimated"):
        if column not in frame.columns:
            raise DataError(f"{path}: no column {column!r}")
    frame["go_live_year"] = frame.apply(go_live_year, axis=1)
    frame["capacity_mwh_value"] = [capacity(v, f"id {i} capacity_mwh") for i, v in zip(frame["id"], frame["capacity_mwh"])]
    frame["estimate_mwh_value"] = [capacity(v, f"id {i} estimate_mwh") for i, v in zip(frame["id"], frame["estimate_mwh"])]
    frame["capacity_or_estimate_mwh"] = frame["capacity_mwh_value"].combine_first(frame["estimate_mwh_value"])
    frame = frame.astype({"capacity_mwh_value": float, "capacity_or_estimate_mwh": float})

    status = frame["status"].value_counts()
    folded = frame["status"].str.strip().str.casefold().value_counts()
    years = frame["go_live_year"].value_counts()
    return {
        "file": {"path": shown(path), "sha256": sha256(path), "lines_including_header": lines},
        "rows_total": len(frame),
        "rows_per_status": {k: int(v) for k, v in sorted(status.items())},
        "rows_per_status_casefolded": {k: int(v) for k, v in sorted(folded.items())},
        "rows_per_go_live_year": {k: int(years[k]) for k in sorted(years.index)},
        "capacity_mwh": capacity_figures(frame, "capacity_mwh_value"),
        "capacity_or_estimate_mwh": capacity_figures(frame, "capacity_or_estimate_mwh"),
    }


# ------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--liar", nargs="+", type=Path, help="LIAR TSV file(s), read as one set")
    parser.add_argument("--megapack", type=Path, help="Megapack tracker projects.csv")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    if args.liar is None and args.megapack is None:
        parser.error("give --liar FILE... and/or --megapack FILE")

    result = {}
    try:
        if args.liar:
            result["liar"] = liar_report(args.liar)
        if args.megapack:
            result["megapack"] = megapack_report(args.megapack)
    except (DataError, OSError, pd.errors.ParserError) as error:
        print(f"oracle: {error}", file=sys.stderr)
        return 1
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    sys.stdout.write(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
