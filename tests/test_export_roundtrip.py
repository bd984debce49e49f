"""kb export keeps every field of every record in every format, opens in the tools users run
(Datasette, sqlite-utils), and writes where the user says: any path, or standard output."""

from __future__ import annotations

import csv
import datetime
import io
import json
import sqlite3
import subprocess

import pytest
import yaml
from conftest import REPO, claim_text

from kb.model.schema import Claim, schema_fields

SEED_CLAIMS = sorted((REPO / "claims").glob("*/*.yaml"))
SEED_CLAIMS = [p for p in SEED_CLAIMS if p.parent.name != "registry"]
STATE_KEYS = ("state", "state_by", "latest")  # computed (kb.answers.state), beside what the user wrote
REGISTRY_TABLES = {"companies": "companies.yaml", "people": "people.yaml", "factories": "factories.yaml",
                   "sources": "sources.yaml"}


def _as_written(data):
    """What the user wrote, as PyYAML itself (not kb) reads it, with two of kb's readings: `when: 2024`
    is the period "2024" (text, like `when: 2026-H1`) and `said: 2025-03-06` the text of a date."""
    if isinstance(data, list):
        return [_as_written(item) for item in data]
    if isinstance(data, dict):
        return {k: str(v) if k == "when" else _as_written(v) for k, v in data.items()}
    return data.isoformat() if isinstance(data, datetime.date) else data


def _written(path):
    return _as_written(yaml.safe_load(path.read_text(encoding="utf-8")))


WRITTEN_KEYS = {*(f.name for f in schema_fields(Claim)), "path"}


def _written_part(item: dict) -> dict:
    """An exported claim without what kb works out for it (each export has its state, period dates and
    amounts; kb.answers.export.claim_columns), and without the keys it has no value for (null)."""
    assert item.get("state") in ("current", "superseded", "kept", "contradicted", "overdue"), item
    return {k: v for k, v in item.items() if k in WRITTEN_KEYS and v is not None}


def _as_listed(item: dict) -> dict:
    """An exported claim as `kb list --format json` prints it: what was written and its state, no nulls."""
    return {k: v for k, v in item.items() if (k in WRITTEN_KEYS or k in STATE_KEYS) and v is not None}


def _expected_claims() -> dict[str, dict]:
    return {data["id"]: dict(data, path=p.relative_to(REPO).as_posix()) for p in SEED_CLAIMS
            for data in [_written(p)]}


def _as_text(value) -> str:
    """How a CSV cell holds a value: lists and mappings as JSON, everything else as text."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)


def _export(kb_repo, target, *args):
    result = kb_repo("export", str(target), *args)
    assert result.exit_code == 0, result.output
    return target


# ---------------------------------------------------------------- item 6: nothing lost, every format

def test_json_and_jsonl_exports_hold_every_field_of_every_claim(kb_repo, tmp_path):
    expected = _expected_claims()
    data = json.loads(_export(kb_repo, tmp_path / "kb.json", "--format", "json").read_text())
    assert {d["id"]: _written_part(d) for d in data} == expected
    lines = _export(kb_repo, tmp_path / "kb.jsonl", "--format", "jsonl").read_text().splitlines()
    assert {d["id"]: _written_part(d) for d in map(json.loads, lines)} == expected
    one = {d["id"]: d for d in data}["lges-tesla-4680-production-this-year"]
    assert one["state"] == "overdue"  # planned for 2024, and nothing newer
    assert one["tags"] == ["4680", "production-start"]
    assert one["concerns"] == ["tesla"]
    assert one["inferred"] == {"when": "later this year"}
    assert one["when"] == "2024"


def test_csv_export_holds_every_field_lists_and_mappings_as_json(kb_repo, tmp_path):
    expected = _expected_claims()
    rows = list(csv.DictReader(io.StringIO(_export(kb_repo, tmp_path / "kb.csv", "--format", "csv").read_text())))
    assert len(rows) == len(expected) == 10
    for row in rows:
        wrote = expected[row["id"]]
        assert {k: v for k, v in _written_part(row).items() if v != ""} == {k: _as_text(v) for k, v in wrote.items()}, \
            row["id"]
    one = next(r for r in rows if r["id"] == "lges-tesla-4680-production-this-year")
    assert one["tags"] == '["4680", "production-start"]'
    assert one["concerns"] == '["tesla"]'
    assert one["inferred"] == '{"when": "later this year"}'
    assert one["when"] == "2024" and one["product"] == "4680" and one["said"] == ""
    musk = next(r for r in rows if r["id"] == "musk-4680-supplement-suppliers")
    assert musk["elaborates"] == '["tesla-4680-ramp-up-2024"]'


def _table(conn, name: str) -> list[dict]:
    """The rows of a table, without empty cells (and, for claims, without the state kb computes)."""
    conn.row_factory = sqlite3.Row
    rows = [{k: row[k] for k in row.keys() if row[k] is not None} for row in conn.execute(f"SELECT * FROM {name}")]
    return [_written_part(row) for row in rows] if name == "claims" else rows


def _decoded(row: dict, wrote: dict) -> dict:
    """A SQLite row with the JSON cells of lists and mappings read back."""
    return {k: json.loads(v) if isinstance(wrote.get(k), (list, dict)) else v for k, v in row.items()}


def test_sqlite_export_holds_every_field_of_every_record(kb_repo, tmp_path):
    conn = sqlite3.connect(_export(kb_repo, tmp_path / "kb.sqlite"))
    expected = _expected_claims()
    claims = {row["id"]: row for row in _table(conn, "claims")}
    assert set(claims) == set(expected)
    for claim_id, wrote in expected.items():
        assert _decoded(claims[claim_id], wrote) == wrote, claim_id
    one = claims["lges-tesla-4680-production-this-year"]
    assert one["tags"] == '["4680", "production-start"]'
    assert one["concerns"] == '["tesla"]'
    assert one["inferred"] == '{"when": "later this year"}'
    assert one["when"] == "2024" and one["product"] == "4680"
    assert json.loads(claims["musk-4680-supplement-suppliers"]["elaborates"]) == ["tesla-4680-ramp-up-2024"]
    for table, file_name in REGISTRY_TABLES.items():
        path = f"claims/registry/{file_name}"
        wrote = {e["id"]: dict(e, path=path) for e in yaml.safe_load((REPO / path).read_text(encoding="utf-8"))}
        rows = {row["id"]: row for row in _table(conn, table)}
        assert {i: _decoded(r, wrote[i]) for i, r in rows.items()} == wrote, table
    lges = {row["id"]: row for row in _table(conn, "companies")}["lges"]
    assert lges["aliases"] == '["LGES", "LG엔솔"]' and lges["name"] == "LG Energy Solution"
    conn.close()


def test_sqlite_columns_follow_the_schema(kb_repo, tmp_path):
    """A new schema field becomes a column without touching the export."""
    conn = sqlite3.connect(_export(kb_repo, tmp_path / "kb.sqlite"))
    columns = [name for _, name, *_ in conn.execute("PRAGMA table_info(claims)")]
    # the schema's fields, with the period's days and fiscal placement after `when` (the seed states no amount)
    assert [c for c in columns if c not in ("when_start", "when_end", "when_fiscal")] == \
        [f.name for f in schema_fields(Claim)] + ["path", *STATE_KEYS]
    assert columns[columns.index("when"):columns.index("when") + 4] == ["when", "when_start", "when_end", "when_fiscal"]
    assert columns[:4] == ["id", "claim", "speaker", "company"] and "inferred" in columns
    foreign = {(row[3], row[2]) for row in conn.execute("PRAGMA foreign_key_list(claims)")}
    assert {("company", "companies"), ("factory", "factories"), ("source", "sources"),
            ("speaker", "entities")} <= foreign
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


FULL = {  # every field of the model: periods, quantities, attributes, quote kinds, external ids, roles
    "claims/registry/companies.yaml": "- id: acme\n  name: Acme Batteries\n  aliases: [ACB]\n  fiscal_year_end: 3\n"
                                      "  external:\n    wikidata: Q123\n",
    "claims/registry/people.yaml": "- id: jane-doe\n  name: Jane Doe\n  role: CEO\n  company: acme\n  roles:\n"
                                   "    - {role: CFO, company: acme, from: 2020-01, until: 2022-12}\n"
                                   "    - {role: CEO, company: acme, from: 2023-01}\n",
    "claims/registry/attributes.yaml": '- name: rating\n  type: choice\n  values: ["true", mostly-true, "false"]\n'
                                       "  description: The fact-checker's rating.\n\n- name: chemistry\n  type: text\n",
    "claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n  date: 2025-03\n",
    "claims/a/full.yaml": claim_text(
        "full", when="2026-H1..2027", said="2025-03-06", quote_kind="paraphrase", tags="[plants]",
        quantities="\n  capacity: 53 GWh/yr\n  investment: [about 5.5 billion USD, about 7.2 trillion KRW]\n"
                   "  jobs: 1500", attributes="\n  rating: mostly-true\n  chemistry: LFP",
        inferred="\n  when: next year", external='\n  politifact: "21345"'),
}


def test_every_field_of_the_model_survives_every_format(make_kb, kb_at, tmp_path):
    kb = kb_at(make_kb(FULL))
    assert kb("check", "--strict").exit_code == 0
    claim = dict(_written(kb.root / "claims/a/full.yaml"), path="claims/a/full.yaml")
    assert claim["quantities"]["investment"] == ["about 5.5 billion USD", "about 7.2 trillion KRW"]
    assert claim["when"] == "2026-H1..2027" and claim["said"] == "2025-03-06"
    for fmt in ("json", "jsonl"):
        text = kb("export", "-", "--format", fmt).stdout
        items = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
        assert [_written_part(item) for item in items] == [claim]
    row = next(csv.DictReader(io.StringIO(kb("export", "-", "--format", "csv").stdout)))
    assert {k: v for k, v in _written_part(row).items() if v != ""} == {k: _as_text(v) for k, v in claim.items()}
    assert row["attributes"] == '{"rating": "mostly-true", "chemistry": "LFP"}'
    conn = sqlite3.connect(_export(kb, tmp_path / "full.sqlite"))
    assert [_decoded(r, claim) for r in _table(conn, "claims")] == [claim]
    for table in ("companies", "people", "attributes", "sources"):
        path = f"claims/registry/{table}.yaml"
        wrote = [dict(e, path=path) for e in _written(kb.root / path)]
        assert [_decoded(r, w) for r, w in zip(_table(conn, table), wrote)] == wrote, table
    assert _table(conn, "people")[0]["roles"] == (
        '[{"role": "CFO", "company": "acme", "from": "2020-01", "until": "2022-12"}, '
        '{"role": "CEO", "company": "acme", "from": "2023-01"}]')
    assert _table(conn, "companies")[0]["fiscal_year_end"] == 3
    conn.close()


# ---------------------------------------------------------------- item 5: Datasette and sqlite-utils

def test_sqlite_utils_finds_the_full_text_index(kb_repo, tmp_path):
    sqlite_utils = pytest.importorskip("sqlite_utils")
    db = sqlite_utils.Database(_export(kb_repo, tmp_path / "kb.sqlite"))
    assert db["claims"].detect_fts() == "claims_fts"
    assert [row["id"] for row in db["claims"].search("Nanjing")] == ["lges-4680-nanjing-considering"]
    db.close()


# ---------------------------------------------------------------- item 7: where an export goes

def test_export_writes_any_path_the_user_names_but_never_over_a_file_unasked(kb_repo, tmp_path):
    target = tmp_path / "elsewhere" / "out.json"
    first = kb_repo("export", str(target))
    assert first.exit_code == 0, first.output
    assert first.stderr == f"10 claims written to {target}\n"
    assert len(json.loads(target.read_text())) == 10  # the format follows the extension
    target.write_text("mine")
    again = kb_repo("export", str(target), "--status", "considering")
    assert again.exit_code == 1
    assert again.stderr == f"kb: error: {target} already exists; refusing to overwrite it (add --force)\n"
    assert target.read_text() == "mine"
    assert kb_repo("export", str(target), "--status", "considering", "--force").exit_code == 0
    assert [c["id"] for c in json.loads(target.read_text())] == ["lges-4680-nanjing-considering"]


def test_export_expands_a_tilde(kb_repo, tmp_path):
    result = kb_repo("export", "~/out.csv", env={"HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.csv").read_text().startswith("id,claim,speaker,")


def test_dash_is_standard_output_for_text_formats(kb_repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kb_repo("export", "-", "--format", "json", "--status", "considering")
    assert result.exit_code == 0, result.output
    # kb list's JSON, with every key of the export (null when absent) and the period's days
    assert [_as_listed(item) for item in json.loads(result.stdout)] == \
        json.loads(kb_repo("list", "--status", "considering", "-o", "json").stdout)
    assert [c["id"] for c in json.loads(result.stdout)] == ["lges-4680-nanjing-considering"]
    assert result.stderr == "1 claim written to standard output\n"
    lines = kb_repo("export", "-", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 10
    assert not (tmp_path / "-").exists()


def test_dash_is_json_and_sqlite_is_refused_there(kb_repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kb_repo("export", "-", "--status", "considering")
    assert result.exit_code == 0
    assert [claim["id"] for claim in json.loads(result.stdout)] == ["lges-4680-nanjing-considering"]
    result = kb_repo("export", "-", "--format", "sqlite")
    assert result.exit_code == 2
    assert result.stderr == ("kb: error: a SQLite database cannot go to standard output; name a file "
                             "(kb export exports/kb.sqlite), or choose a text format (--format json, jsonl "
                             "or csv)\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["claims.foo", "claims"])
def test_a_name_that_does_not_tell_the_format_asks_for_one(kb_repo, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = kb_repo("export", name)
    assert result.exit_code == 2
    assert result.stderr == (f"kb: error: cannot tell the format from the name '{name}': end it with .sqlite, .db, "
                             ".json, .jsonl, .csv or .parquet, or add --format sqlite, json, jsonl, csv or parquet\n")
    assert list(tmp_path.iterdir()) == []
    assert kb_repo("export", name, "--format", "csv").exit_code == 0
    assert (tmp_path / name).read_text().startswith("id,")
    assert kb_repo("export", "claims.DB").exit_code == 0
    assert (tmp_path / "claims.DB").read_bytes().startswith(b"SQLite format 3")


def test_exports_folder_is_ignored_by_git():
    result = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", "exports/kb.sqlite"])
    assert result.returncode == 0, "exports/ must be in .gitignore"


def test_csv_header_is_the_schema_whatever_the_selection(kb_repo):
    full = ",".join([f.name for f in schema_fields(Claim)] + ["path", *STATE_KEYS])
    assert full.startswith("id,claim,speaker,company,concerns,product,factory,")
    opinions = kb_repo("list", "--status", "opinion", "--format", "csv").stdout.splitlines()
    assert opinions[0] == full and len(opinions) == 5
    nothing = kb_repo("list", "--status", "done", "--format", "csv").stdout.splitlines()
    assert nothing == [full]
    exported = kb_repo("export", "-", "--format", "csv", "--status", "opinion").stdout.splitlines()
    # the export's header: kb list's with the period's days after `when`, whatever the selection
    header = full.replace(",when,", ",when,when_start,when_end,when_fiscal,")
    assert exported[0] == header and len(exported) == 5
    assert kb_repo("export", "-", "--format", "csv", "--status", "done").stdout.splitlines() == [header]
