"""Every claim's state (issue 13): current, superseded, kept, contradicted, overdue; shown by the listings
and exports, `--current` leaving out what is superseded, `kb due` taking in underway work and saying who
contradicts a promise. Expected values are worked out by hand from the claims written here."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3

import pytest
from conftest import REPO, claim_text

OCHANG = "lges-4680-ochang-mass-production"
NEWER = "lges-4680-ochang-2025-update"
UPDATE_SOURCE = """\
Ochang 4680 update

LG Energy Solution now plans to begin 4680 mass production at Ochang in 2025, a test report said.
"""


@pytest.fixture
def seed_plus(tmp_path, kb_at):
    """The seed, and a second source whose claim supersedes the Ochang plan (written for this test)."""
    for folder in ("claims", "sources"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "sources/ochang-update.txt").write_text(UPDATE_SOURCE, encoding="utf-8")
    with open(tmp_path / "claims/registry/sources.yaml", "a", encoding="utf-8") as registry:
        registry.write("\n- id: ochang-update\n  title: Ochang 4680 update\n  kind: report\n  date: 2024-09-02\n"
                       "  archive: sources/ochang-update.txt\n")
    (tmp_path / f"claims/ochang-update/{NEWER}.yaml").parent.mkdir()
    (tmp_path / f"claims/ochang-update/{NEWER}.yaml").write_text(claim_text(
        NEWER, claim="LG Energy Solution plans to begin 4680 mass production at Ochang in 2025.", speaker="lges",
        company="lges", product='"4680"', factory="lges-ochang", when="2025", said="2024-09-02",
        source="ochang-update", quote="LG Energy Solution now plans to begin 4680 mass production at Ochang in 2025",
        supersedes=f"[{OCHANG}]"), encoding="utf-8")
    return kb_at(tmp_path)


def ids(result) -> list[str]:
    assert result.exit_code in (0, 1), result.output
    return result.stdout.split()


def test_current_leaves_out_the_superseded_plan(seed_plus):
    assert seed_plus("check").exit_code == 0
    planned = ["lges-4680-arizona-production", NEWER, OCHANG, "lges-tesla-4680-production-this-year"]
    assert ids(seed_plus("list", "--company", "LGES", "--status", "planned", "-o", "ids")) == planned
    current = [i for i in planned if i != OCHANG]
    for extra in ([], ["--limit", "50"], ["--sort", "-when", "--limit", "3"]):  # from SQL alone, and not
        listed = ids(seed_plus("list", "--company", "LGES", "--status", "planned", "--current", "-o", "ids", *extra))
        assert sorted(listed) == sorted(current[:3] if "-when" in extra else current), extra
    assert ids(seed_plus("--no-cache", "list", "--company", "LGES", "--status", "planned", "--current",
                         "-o", "ids")) == current


def test_without_current_the_superseded_plan_is_listed_and_marked(seed_plus):
    rows = {line.split("\t")[0]: line.split("\t")[:4] for line in
            seed_plus("list", "--company", "LGES", "--status", "planned").stdout.splitlines()}
    assert rows[OCHANG] == [OCHANG, "-", "planned", "superseded"]
    assert rows[NEWER] == [NEWER, "2025", "planned", "overdue"]  # 2025 is over, and nothing newer
    assert rows["lges-4680-arizona-production"][3] == "current"
    for extra in ([], ["--all"]):
        table = seed_plus("list", "--company", "LGES", "--status", "planned", "-o", "table", *extra,
                          env={"COLUMNS": "200"}).stdout
        ochang = next(line for line in table.splitlines() if line.startswith(OCHANG))
        assert " superseded " in ochang
    data = {d["id"]: d for d in json.loads(seed_plus("list", "--factory", "Ochang", "-o", "json").stdout)}
    assert (data[OCHANG]["state"], data[OCHANG]["state_by"], data[OCHANG]["latest"]) == ("superseded", [NEWER], [NEWER])
    assert data[NEWER]["state"] == "overdue" and "state_by" not in data[NEWER]


def test_every_listing_and_export_carries_the_state(seed_plus):
    assert ids(seed_plus("timeline", "--factory", "Ochang", "--current", "-o", "ids")) == [NEWER]
    timeline = [line.split("\t") for line in seed_plus("timeline", "--factory", "Ochang").stdout.splitlines()]
    assert [(r[3], r[5]) for r in timeline] == [(NEWER, "overdue"), (OCHANG, "superseded")]
    stats = [line.split("\t") for line in seed_plus("stats", "--company", "LGES").stdout.splitlines()]
    assert [r[1:] for r in stats if r[0] == "state"] == [["current", "6"], ["overdue", "2"], ["superseded", "1"]]
    assert ids(seed_plus("search", "Ochang", "--current", "-o", "ids")) == [NEWER]
    factories = {line.split("\t")[0]: line.split("\t")[-1]
                 for line in seed_plus("factories", "--current").stdout.splitlines()}
    assert factories["lges-ochang"] == "1"
    assert seed_plus("export", str(seed_plus.root / "out.csv"), "--format", "csv", "--factory", "Ochang").exit_code == 0
    rows = list(csv.DictReader(io.StringIO((seed_plus.root / "out.csv").read_text())))
    assert {r["id"]: (r["state"], r["state_by"]) for r in rows} == {OCHANG: ("superseded", f'["{NEWER}"]'),
                                                                 NEWER: ("overdue", "")}
    assert seed_plus("export", str(seed_plus.root / "out.sqlite"), "--factory", "Ochang").exit_code == 0
    with sqlite3.connect(seed_plus.root / "out.sqlite") as conn:
        assert conn.execute("SELECT id, state, state_by FROM claims ORDER BY id").fetchall() == [
            (NEWER, "overdue", None), (OCHANG, "superseded", f'["{NEWER}"]')]  # lists are JSON, as elsewhere


STATES = {
    "claims/a/plan-2024.yaml": claim_text("plan-2024", when="2024", said="2022", factory="acme-springfield",
                                          product="cells"),
    "claims/a/plan-2025.yaml": claim_text("plan-2025", when="2025", said="2023", factory="acme-springfield",
                                          product="cells", supersedes="[plan-2024]"),
    "claims/a/plan-2026.yaml": claim_text("plan-2026", when="2026", said="2024", factory="acme-springfield",
                                          product="cells", supersedes="[plan-2025]"),
    "claims/a/opened.yaml": claim_text("opened", when="2026-06", said="2026-07", status="done",
                                       factory="acme-springfield", product="cells", supersedes="[plan-2026]"),
    # said dates: `--as-of` answers hold only the claims said by then
    "claims/a/building.yaml": claim_text("building", when="2025-H1", status="underway", said="2024"),
    "claims/a/promise.yaml": claim_text("promise", when="2025-H2", status="planned", said="2024"),
    "claims/a/doubt.yaml": claim_text("doubt", status="opinion", speaker="daily-news", contradicts="[promise]",
                                      said="2025"),
    "claims/a/later.yaml": claim_text("later", when="2030", status="planned"),
}


@pytest.fixture
def states_kb(make_kb, kb_at):
    return kb_at(make_kb(STATES))


def test_each_state_and_by_which_claim(states_kb):
    data = {d["id"]: {k: d.get(k) for k in ("state", "state_by", "latest")}
            for d in json.loads(states_kb("list", "-o", "json").stdout)}
    assert data == {
        "building": {"state": "overdue", "state_by": None, "latest": None},  # underway, due by June 2025
        "doubt": {"state": "current", "state_by": None, "latest": None},
        "later": {"state": "current", "state_by": None, "latest": None},
        "opened": {"state": "current", "state_by": None, "latest": None},
        "plan-2024": {"state": "superseded", "state_by": ["plan-2025"], "latest": ["opened"]},  # through a chain
        "plan-2025": {"state": "superseded", "state_by": ["plan-2026"], "latest": ["opened"]},
        "plan-2026": {"state": "kept", "state_by": ["opened"], "latest": None},  # a done claim supersedes it
        "promise": {"state": "contradicted", "state_by": ["doubt"], "latest": None},
    }
    current = ids(states_kb("list", "--current", "-o", "ids"))
    assert current == ["building", "doubt", "later", "opened", "promise"]


def test_due_takes_underway_work_and_names_who_contradicts(states_kb):
    rows = [line.split("\t")[:5] for line in states_kb("due", "--as-of", "2026-03").stdout.splitlines()]
    assert rows == [["building", "2025-H1", "8m", "underway", "-"],  # since 1 July 2025
                    ["promise", "2025-H2", "2m", "planned", "doubt"]]  # since 1 January 2026
    data = json.loads(states_kb("due", "--as-of", "2026-03", "-o", "json").stdout)
    assert [(d["id"], d["state"], d.get("state_by")) for d in data] == [
        ("building", "overdue", None), ("promise", "contradicted", ["doubt"])]


def test_a_plan_kept_on_time(states_kb):
    # the plan due in 2026 was done in June 2026; its first promise was 2024
    rows = [line.split("\t") for line in states_kb("track", "--factory", "Springfield", "--as-of", "2027").stdout.splitlines()]
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("2022", "2024", "-", "planned", "-"), ("2023", "2025", "+12m", "planned", "-"),
        ("2024", "2026", "+12m", "planned", "-"), ("2026-07", "2026-06", "-6m", "done", "kept late +18m")]
    on_time = dict(STATES)
    on_time["claims/a/opened.yaml"] = claim_text("opened", when="2024-11", said="2024-12", status="done",
                                                 factory="acme-springfield", product="cells", supersedes="[plan-2024]")
    on_time["claims/a/plan-2025.yaml"] = claim_text("plan-2025", when="2025", said="2023", product="other")
    on_time["claims/a/plan-2026.yaml"] = claim_text("plan-2026", when="2026", said="2024", product="other")
    kb = type(states_kb)(states_kb.root)
    for rel, text in on_time.items():
        (states_kb.root / rel).write_text(text)
    record = [line.split("\t")[:3] for line in kb("record", "--factory", "Springfield").stdout.splitlines()]
    assert record[0] == ["kept on time", "1", "-1m"]  # done in November 2024, a month before the deadline


# ---------------------------------------------------------------- kb.answers.state from Python

def python_kb(make_kb, files: dict[str, str]):
    from kb.store.parse import load_kb

    kb, problems = load_kb(make_kb(files))
    assert problems == []
    return kb


def test_states_from_python_with_the_claims_that_make_them(make_kb):
    from datetime import date

    from kb.answers.state import State, state_of, states, superseded_ids

    kb = python_kb(make_kb, {f"claims/{name}.yaml": text for name, text in {
        # a superseded by b and c; b by d: a's newest claims are c and d
        "a": claim_text("a", when=2024), "b": claim_text("b", when=2025, supersedes="[a]"),
        "c": claim_text("c", when=2026, supersedes="[a]"), "d": claim_text("d", when=2027, supersedes="[b]"),
        # f superseded by e (done) and by g: kept by e
        "e": claim_text("e", status="done", supersedes="[f]"), "f": claim_text("f", when=2024),
        "g": claim_text("g", when=2031, supersedes="[f]"),
        # h contradicted twice by i, once by j; k contradicted and superseded: superseded
        "h": claim_text("h", when=2020), "i": claim_text("i", status="opinion", contradicts="[h, k]"),
        "j": claim_text("j", status="statement", contradicts="[h]"),
        "k": claim_text("k", when=2020), "l": claim_text("l", when=2030, supersedes="[k]"),
        # open plans whose period ended, or not; a done one; one with no when
        "m": claim_text("m", when="2025-H2", status="considering"), "n": claim_text("n", when=2025, status="underway"),
        "o": claim_text("o", when="2025-H1", status="done"), "p": claim_text("p"),
        "q": claim_text("q", when="2026-Q1"), "r": claim_text("r", when="..2025", status="cancelled"),
    }.items()})
    found = states(kb, date(2026, 1, 1))
    assert dict(found) == {
        "a": State("superseded", ("b", "c"), ("c", "d")), "b": State("superseded", ("d",), ("d",)),
        "f": State("kept", ("e",)), "h": State("contradicted", ("i", "j")), "k": State("superseded", ("l",), ("l",)),
        "m": State("overdue"), "n": State("overdue"),
    }
    assert [found["a"].text, found["b"].text, found["f"].text, found["h"].text, state_of(kb, kb.claims_by_id["p"],
            date(2026, 1, 1)).text] == ["superseded by b, c (latest d)", "superseded by d", "kept by e",
                                         "contradicted by i, j", "current"]
    assert [found["a"].data(), found["m"].data(), state_of(kb, kb.claims_by_id["q"], date(2026, 1, 1)).data()] == [
        {"state": "superseded", "state_by": ["b", "c"], "latest": ["c", "d"]}, {"state": "overdue"},
        {"state": "current"}]
    assert superseded_ids(kb) == {"a", "b", "f", "k"}
    # on the last day of 2025 the whole year has not ended yet; the first quarter of 2026 ends on 31 March
    on_new_years_eve = states(kb, date(2025, 12, 31))
    assert ("m" in on_new_years_eve, "n" in on_new_years_eve) == (False, False)
    assert [state_of(kb, kb.claims_by_id["q"], day).name for day in (date(2026, 3, 31), date(2026, 4, 1))] == [
        "current", "overdue"]


def test_a_supersedes_cycle_ends_where_it_comes_round(make_kb):
    from datetime import date

    from kb.answers.state import State, states

    kb = python_kb(make_kb, {
        "claims/x.yaml": claim_text("x", supersedes="[y]"), "claims/y.yaml": claim_text("y", supersedes="[x]"),
        "claims/z.yaml": claim_text("z", supersedes="[y]"),
    })
    assert dict(states(kb, date(2026, 1, 1))) == {"x": State("superseded", ("y",), ("z",)),
                                                  "y": State("superseded", ("x", "z"), ("z",))}


def test_a_chain_reaching_one_claim_by_two_ways(make_kb):
    from datetime import date

    from kb.answers.state import State, states

    # b supersedes a and c, c supersedes a: walking up from a meets b twice (directly, and through c)
    kb = python_kb(make_kb, {
        "claims/a.yaml": claim_text("a", when=2024), "claims/b.yaml": claim_text("b", when=2026, supersedes="[a, c]"),
        "claims/c.yaml": claim_text("c", when=2025, supersedes="[a]"),
    })
    assert dict(states(kb, date(2024, 1, 1))) == {"a": State("superseded", ("b", "c"), ("b",)),
                                                  "c": State("superseded", ("b",), ("b",))}


def test_the_knowledge_base_for_a_filter_holds_what_decides_its_claims_states(make_kb):
    """kb.answers.lookup.knowledge_base_for from Python: the claims a filter may match and those that
    supersede or contradict them, whoever said those; without a filter SQL can narrow, every claim."""
    from datetime import date

    from conftest import claim_text

    from kb.answers.lookup import knowledge_base_for
    from kb.answers.query import Filters
    from kb.answers.state import state_of
    from kb.store.index import open_index

    root = make_kb({
        "claims/a.yaml": claim_text("a", when=2026),
        "claims/b.yaml": claim_text("b", company="globex", speaker="globex", when=2027, supersedes="[a]"),
        "claims/c.yaml": claim_text("c", company="globex", speaker="globex", when=2028),
        "claims/d.yaml": claim_text("d", company="globex", speaker="globex", status="opinion"),
    })
    index = open_index(root)
    narrowed = knowledge_base_for(index, Filters(company=("acme",)))
    assert sorted(c.id for c in narrowed.claims) == ["a", "b"]  # b, globex's, supersedes acme's a
    assert state_of(narrowed, narrowed.claims_by_id["a"], date(2025, 1, 1)).text == "superseded by b"
    everything = knowledge_base_for(index, Filters(text=("claim",)))  # a filter SQL leaves to Python
    assert sorted(c.id for c in everything.claims) == ["a", "b", "c", "d"]


def test_only_an_open_plan_can_be_overdue_from_python(make_kb):
    from datetime import date

    from conftest import claim_text

    from kb.answers.state import is_overdue
    from kb.store.parse import load_kb

    root = make_kb({f"claims/{status}.yaml": claim_text(status, status=status, when="2024-H1")
                    for status in ("planned", "underway", "considering", "done", "cancelled", "statement")})
    kb, problems = load_kb(root)
    assert problems == []
    assert {c.id for c in kb.claims if is_overdue(c, kb, date(2025, 1, 1))} == {"planned", "underway", "considering"}
    assert {c.id for c in kb.claims if is_overdue(c, kb, date(2024, 6, 30))} == set()  # H1 ends on June 30
