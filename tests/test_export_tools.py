"""The exports in the tools analysts use (issue 22): Datasette on the SQLite export, DuckDB and pandas on the
Parquet, JSON and CSV exports. tests/fixtures/real-sources has periods at every precision (2024-H2,
2025-late, 2026-spring, ..2026-mid, 2026-end, ..2027, FY2027 of a company whose year ends in March) and
amounts in several units; one claim is added with a capacity in MWh/yr, so that normalising shows.

Expected values are worked out by hand from the fixture's files.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, Kb

FIXTURE = REPO / "tests/fixtures/real-sources"
MWH = """id: lges-arizona-ess-line
claim: A storage line in Arizona will add 500 MWh of cells a year.
speaker: lges
company: lges
product: "4680"
factory: lges-arizona
said: 2023-03-24
status: planned
source: arizona-plan-2023
quote: The complex will have an annual capacity of 53 GWh
quantities:
  capacity: 500 MWh/yr
"""
AS_OF = datetime.date(2026, 1, 15)
# when_start as kb places each period ('..X' where X starts; FY2027 of a March year-end: April 2026)
STARTS = {
    "lges-arizona-cylindrical-2024-h2": "2024-07-01", "lges-arizona-completion-late-2025": "2025-09-01",
    "lges-arizona-production-spring-2026": "2026-03-01", "panasonic-kansas-full-production-fy2027": "2026-04-01",
    "lges-arizona-sample-mid-2026": "2026-05-01", "lges-arizona-commercial-end-2026": "2026-11-01",
    "arizona-jobs-2027": "2027-01-01",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Kb:
    root = tmp_path_factory.mktemp("tools") / "kb"
    shutil.copytree(FIXTURE, root)
    (root / "claims/arizona/lges-arizona-ess-line.yaml").write_text(MWH, encoding="utf-8")
    kb = Kb(root)
    assert kb("check", "--strict").exit_code == 0
    return kb


def test_period_and_amount_columns(kb):
    rows = {r["id"]: r for r in json.loads(kb("export", "-").stdout)}
    assert len(rows) == 13
    assert {i: r["when_start"] for i, r in rows.items() if r["when_start"]} == STARTS
    fy = rows["panasonic-kansas-full-production-fy2027"]
    assert (fy["when"], fy["when_start"], fy["when_end"], fy["when_fiscal"]) == (
        "FY2027", "2026-04-01", "2027-03-31", "year ends in March")
    by = rows["lges-arizona-sample-mid-2026"]
    assert (by["when"], by["when_start"], by["when_end"], by["when_fiscal"]) == ("..2026-mid", "2026-05-01",
                                                                                "2026-08-31", None)
    ess, big = rows["lges-arizona-ess-line"], rows["lges-arizona-capacity"]
    assert [ess[f"capacity_{p}"] for p in ("value", "unit", "normalised", "normalised_unit")] == [
        500.0, "MWh/yr", 0.5, "GWh/yr"]
    assert [big[f"capacity_{p}"] for p in ("value", "unit", "normalised", "normalised_unit")] == [
        53.0, "GWh/yr", 53.0, "GWh/yr"]
    assert big["capacity-lfp_normalised"] == 17.0
    money = rows["lges-arizona-investment"]  # the first of the same amount in two currencies; no rate invented
    assert (money["investment_value"], money["investment_unit"], money["investment_normalised_unit"]) == (
        5.5e9, "USD", "USD")
    jobs = rows["arizona-register-jobs"]  # a bare number of jobs counts jobs
    assert (jobs["jobs_value"], jobs["jobs_unit"], jobs["jobs_normalised"]) == (1500.0, "jobs", 1500.0)
    # every key in every row, null when absent, whatever the selection
    assert len({tuple(r) for r in rows.values()}) == 1
    panasonic = json.loads(kb("export", "-", "--company", "Panasonic").stdout)
    assert list(panasonic[0]) == list(big) and panasonic[0]["capacity_value"] is None


# ---------------------------------------------------------------- Datasette

def _datasette(path: Path, metadata: dict):
    datasette = pytest.importorskip("datasette.app", reason="Datasette is the web extra: pip install '.[web]'")
    return datasette.Datasette([str(path)], metadata=metadata)


def test_datasette_sorts_filters_facets_and_sums_the_export(kb, tmp_path):
    from kb.answers.export import datasette_metadata, export
    from kb.answers.state import state_of
    from kb.store.parse import load_kb

    loaded, _ = load_kb(kb.root)
    target = tmp_path / "kb.sqlite"
    export(loaded, "sqlite", target, False, state=lambda c: state_of(loaded, c, AS_OF))
    ds = _datasette(target, datasette_metadata("kb"))

    async def get(path: str) -> dict:
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text)
        return response.json()

    async def run():
        # no _sort given: the metadata sorts claims by their period's start, latest first, undated ones last
        shown = await get("/kb/claims.json?_shape=objects&_size=100")
        assert [(r["id"], r["when_start"]) for r in shown["rows"]][:7] == sorted(
            STARTS.items(), key=lambda kv: kv[1], reverse=True)
        assert [r["when_start"] for r in shown["rows"][7:]] == [None] * 6
        assert "sorted by when_start descending" in shown["human_description_en"]
        oldest = await get("/kb/claims.json?_shape=objects&_sort=when_start&when_start__notblank=1")
        assert [r["id"] for r in oldest["rows"]] == sorted(STARTS, key=STARTS.get)
        later = await get("/kb/claims.json?_shape=objects&when_start__gte=2026-01-01&_sort=when_start")
        assert [r["id"] for r in later["rows"]] == [
            "lges-arizona-production-spring-2026", "panasonic-kansas-full-production-fy2027",
            "lges-arizona-sample-mid-2026", "lges-arizona-commercial-end-2026", "arizona-jobs-2027"]
        faceted = await get("/kb/claims.json?_facet=state&_size=0")
        states = {f["value"]: f["count"] for f in faceted["facet_results"]["state"]["results"]}
        # as of 2026-01-15: 2024-H2 superseded by spring 2026, the underway late-2025 work overdue
        assert states == {"current": 11, "superseded": 1, "overdue": 1}
        assert set(faceted["facet_results"]) >= {"company", "status", "state"}  # the metadata's facets too
        total = await get("/kb.json?_shape=objects&sql=" + "select sum(capacity_normalised) as total, "
                          "capacity_normalised_unit as unit from claims where unit is not null group by unit")
        assert total["rows"] == [{"total": 53.5, "unit": "GWh/yr"}]  # 53 GWh/yr + 500 MWh/yr

    asyncio.run(run())
    # the same five claims as kb's own filter on periods from 2026 on
    assert kb("list", "--year", "2026..", "--format", "ids").stdout.split() == sorted(
        ["lges-arizona-production-spring-2026", "panasonic-kansas-full-production-fy2027",
         "lges-arizona-sample-mid-2026", "lges-arizona-commercial-end-2026", "arizona-jobs-2027"])


def test_export_writes_datasette_metadata_beside_the_database(kb, tmp_path):
    result = kb("export", str(tmp_path / "kb.sqlite"), "--metadata", str(tmp_path / "meta.json"))
    assert result.exit_code == 0, result.output
    tables = json.loads((tmp_path / "meta.json").read_text())["databases"]["kb"]["tables"]
    assert tables["claims"]["sort_desc"] == "when_start"
    assert tables["claims"]["facets"] == ["company", "status", "state"]
    assert tables["companies"]["label_column"] == "name" and tables["sources"]["label_column"] == "title"
    refused = kb("export", str(tmp_path / "kb.csv"), "--metadata", str(tmp_path / "m.json"))
    assert refused.exit_code == 2 and "SQLite" in refused.stderr


# ---------------------------------------------------------------- DuckDB and pandas

COMPARED = ("id", "product", "when", "said", "when_start", "when_end", "capacity_value", "capacity_unit",
            "capacity_normalised", "investment_value", "jobs_value")


@pytest.fixture(scope="module")
def exports(kb, tmp_path_factory):
    pytest.importorskip("pyarrow", reason="the Parquet export is the parquet extra: pip install '.[parquet]'")
    folder = tmp_path_factory.mktemp("exports")
    for name in ("kb.parquet", "kb.json", "kb.csv"):
        result = kb("export", str(folder / name))
        assert result.exit_code == 0, result.output
    return folder


def test_parquet_is_a_file(kb, tmp_path):
    result = kb("export", "-", "--format", "parquet")
    assert result.exit_code == 2 and "a Parquet file cannot go to standard output" in result.stderr
    pytest.importorskip("pyarrow", reason="the Parquet export is the parquet extra: pip install '.[parquet]'")
    assert kb("export", str(tmp_path / "x.parquet")).exit_code == 0
    assert (tmp_path / "x.parquet").read_bytes()[:4] == b"PAR1"


def _types(names):
    from kb.answers.export import column_types

    return column_types(names)


def test_duckdb_reads_every_export_with_the_same_rows_and_types(exports):
    duckdb = pytest.importorskip("duckdb", reason="duckdb is a test extra: pip install '.[test]'")
    from kb.answers.export import DUCKDB_TYPES

    header = (exports / "kb.csv").read_text().split("\n", 1)[0].split(",")
    given = {name: DUCKDB_TYPES[kind] for name, kind in _types(header).items()}
    reads = {"parquet": f"read_parquet('{exports / 'kb.parquet'}')",
             "json": f"read_json('{exports / 'kb.json'}', columns={given!r})",
             "csv": f"read_csv('{exports / 'kb.csv'}', header=true, types={given!r})"}
    seen = {}
    for fmt, source in reads.items():
        types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        rows = duckdb.sql(f"SELECT {', '.join(map(json.dumps, COMPARED))} FROM {source} ORDER BY id").fetchall()
        seen[fmt] = ({c: types[c] for c in COMPARED}, rows)
    assert seen["parquet"][0] == {"id": "VARCHAR", "product": "VARCHAR", "when": "VARCHAR", "said": "VARCHAR",
                                  "when_start": "DATE", "when_end": "DATE", "capacity_value": "DOUBLE",
                                  "capacity_unit": "VARCHAR", "capacity_normalised": "DOUBLE",
                                  "investment_value": "DOUBLE", "jobs_value": "DOUBLE"}
    assert seen["json"] == seen["parquet"] and seen["csv"] == seen["parquet"]
    rows = {r[0]: r for r in seen["parquet"][1]}
    assert len(rows) == 13
    assert rows["lges-arizona-ess-line"][1:3] == ("4680", None)  # the product stays text
    assert rows["panasonic-kansas-full-production-fy2027"][2:6] == (
        "FY2027", "2025-05-09", datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))


def test_pandas_reads_every_export_with_the_same_rows_and_types(exports):
    pd = pytest.importorskip("pandas", reason="pandas is a test extra: pip install '.[test]'")
    from pandas.api import types as ptypes

    header = (exports / "kb.csv").read_text().split("\n", 1)[0].split(",")
    kinds = _types(header)
    dtypes = {name: "float64" if kind == "number" else "string" for name, kind in kinds.items()}
    frames = {"parquet": pd.read_parquet(exports / "kb.parquet"),
              "json": pd.read_json(exports / "kb.json", dtype=dtypes),
              "csv": pd.read_csv(exports / "kb.csv", dtype=dtypes)}
    for frame in frames.values():  # ISO dates read as text, then as dates (Parquet's are dates already)
        for name in (n for n, k in kinds.items() if k == "date"):
            frame[name] = pd.to_datetime(frame[name])

    def kind(series) -> str:
        if ptypes.is_float_dtype(series):
            return "number"
        if ptypes.is_datetime64_any_dtype(series):
            return "date"
        if ptypes.is_string_dtype(series) or (  # pandas 2 (Python 3.10) reads Parquet's strings as objects
                series.dtype == object and all(isinstance(v, str) for v in series.dropna())):
            return "text"
        return str(series.dtype)

    described = {}
    for fmt, frame in frames.items():
        frame = frame.sort_values("id").reset_index(drop=True)
        values = [[None if pd.isna(v) else v.date() if hasattr(v, "date") and not isinstance(v, str) else v
                   for v in frame[c]] for c in COMPARED]
        described[fmt] = ({c: kind(frame[c]) for c in COMPARED}, values)
    assert described["parquet"][0] == {"id": "text", "product": "text", "when": "text", "said": "text",
                                       "when_start": "date", "when_end": "date", "capacity_value": "number",
                                       "capacity_unit": "text", "capacity_normalised": "number",
                                       "investment_value": "number", "jobs_value": "number"}
    assert described["json"] == described["parquet"] and described["csv"] == described["parquet"]
    products = dict(zip(described["csv"][1][0], described["csv"][1][1]))
    assert products["lges-arizona-ess-line"] == "4680" and len(products) == 13  # not 4680.0


def test_metadata_named_like_the_export_itself_is_refused_before_anything_is_written(kb_repo, tmp_path):
    target = tmp_path / "e.sqlite"
    for force in ([], ["--force"]):
        result = kb_repo("export", str(target), "--metadata", str(target), *force)
        assert result.exit_code == 2
        assert result.stderr == (f"kb: error: --metadata {target}: that is the export's own file; name another "
                                 "(e.g. e.metadata.json)\n")
        assert not target.exists()
