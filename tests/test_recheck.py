"""The check after an edit is the check from scratch (issue 19): a warm `kb check` (the index's kept problems,
brought up to date) prints what `KB_NO_CACHE=1 kb check` prints, for every check, whatever file the edit
touched; and the problems name the file that must change.

The first three are the reproductions of issue 19 on tests/fixtures/real-sources: before, the recheck ran
five of the eight checks, and these edits passed a warm check that a fresh one (CI's) failed.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import REPO, claim_text

FIXTURE = REPO / "tests/fixtures/real-sources"
KANSAS = "claims/kansas/panasonic-kansas-full-production-fy2027.yaml"


@pytest.fixture
def kb(tmp_path, kb_at):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return kb_at(root)


def both(kb, *args: str) -> tuple[tuple[int, str], tuple[int, str]]:
    """(exit code, problems) of a warm `kb check` and of one with no index."""
    warm = kb("check", "-o", "parsable", *args)
    cold = kb("check", "-o", "parsable", *args, env={"KB_NO_CACHE": "1"})
    return (warm.exit_code, warm.stdout), (cold.exit_code, cold.stdout)


def test_a_value_a_declaration_does_not_allow_fails_the_warm_check_too(kb):
    assert kb("check", "--strict").exit_code == 0  # the index is built, its problems kept
    path = kb.root / KANSAS
    path.write_text(path.read_text().replace("chemistry: NCA", "chemistry: XYZ"))
    expected = (1, f"{KANSAS}:13:14: error: 'attributes.chemistry': 'XYZ' is not one of its values; use one of: NCA, "
                   "NMC, LFP, LMFP (or add it at claims/registry/attributes.yaml:1) [bad-attribute]\n")
    assert both(kb) == (expected, expected)


def test_an_external_id_repeated_by_a_new_claim_fails_the_warm_check_too(kb):
    assert kb("check", "--strict").exit_code == 0
    (kb.root / "claims/arizona/row-again.yaml").write_text(
        "id: row-again\nclaim: The register lists the plant again.\nspeaker: lges\ncompany: lges\nstatus: statement\n"
        "source: arizona-register\nquote: Row 117\nquote_kind: paraphrase\nexternal:\n  aca-row: \"117\"\n")
    expected = (1, "claims/arizona/row-again.yaml:10:12: error: 'aca-row' id '117' already names "
                   "'arizona-register-jobs' (claims/arizona/arizona-register-jobs.yaml:1); an external id names one "
                   "record [duplicate-external-id]\n")
    assert both(kb) == (expected, expected)


def test_a_company_named_like_another_ones_alias_fails_the_strict_warm_check_too(kb):
    assert kb("check", "--strict").exit_code == 0
    companies = kb.root / "claims/registry/companies.yaml"
    companies.write_text(companies.read_text() + "\n- id: lg-chem\n  name: LGES\n  country: South Korea\n")
    expected = (1, "claims/registry/companies.yaml:14:9: warning: 'LGES' names both company 'lges' "
                   "(claims/registry/companies.yaml:1) and company 'lg-chem' (here); a filter on it matches both: "
                   "drop the alias or make it more specific [ambiguous-name]\n")
    assert both(kb, "--strict") == (expected, expected)
    assert both(kb)[0][0] == 0  # a warning: only --strict fails on it


def test_a_changed_declaration_rechecks_the_claims_that_did_not_change(kb):
    assert kb("check").exit_code == 0
    declarations = kb.root / "claims/registry/attributes.yaml"
    declarations.write_text(declarations.read_text().replace("[NCA, NMC, LFP, LMFP]", "[NMC, LFP]"))
    expected = (1, f"{KANSAS}:13:14: error: 'attributes.chemistry': 'NCA' is not one of its values; did you mean "
                   "'NMC'? use one of: NMC, LFP (or add it at claims/registry/attributes.yaml:1) [bad-attribute]\n")
    assert both(kb) == (expected, expected)
    declarations.write_text(declarations.read_text().replace("[NMC, LFP]", "[NCA, NMC, LFP]"))
    assert both(kb) == ((0, ""), (0, ""))


def test_an_archive_edited_to_the_same_size_with_its_old_time_put_back_is_checked_again(kb):
    """`cp -p` and `rsync -t` put a file's old modification time back; its change time still moves."""
    import os

    assert kb("check").exit_code == 0
    archive = kb.root / "sources/kansas-delay-2025.txt"
    text, info = archive.read_text(), archive.stat()
    edited = text.replace("fiscal 2027", "fiscal 2028")
    assert len(edited) == len(text) and edited != text
    archive.write_text(edited)
    os.utime(archive, ns=(info.st_atime_ns, info.st_mtime_ns))
    expected = (1, f"{KANSAS}:11:8: error: the quote is not in the archived text of 'kansas-delay-2025' "
                   "(sources/kansas-delay-2025.txt); copy it verbatim from the source, or mend the archive "
                   "[quote-not-in-source]\n")
    assert both(kb) == (expected, expected)


def test_each_check_keeps_its_own_problems_and_runs_again_only_when_what_it_reads_changed(make_kb, kb_at,
                                                                                          monkeypatch):
    """A check whose reads (READS) did not change is not run; one that declares nothing runs after any edit."""
    import kb.checks as checks
    from kb.checks import aliases, attributes, relations

    kb = kb_at(make_kb({"claims/a.yaml": claim_text("a")}))
    assert kb("check").exit_code == 0
    ran: list[str] = []
    for module in (aliases, attributes, relations):
        monkeypatch.setattr(module, "check", lambda index, scope=None, name=module.ID: ran.append(name) or iter(()))
    (kb.root / "claims/b.yaml").write_text(claim_text("b", claim='"B."'))  # a claim: not the registry's names
    kb("check")
    assert sorted(ran) == ["bad-attribute", "bad-relation"]
    ran.clear()
    monkeypatch.delattr(relations, "READS")  # declares nothing: runs again, in full, after any change
    monkeypatch.delattr(relations, "update")
    people = kb.root / "claims/registry/people.yaml"
    people.write_text(people.read_text().replace("role: CEO", "role: CFO"))
    kb("check")
    assert sorted(ran) == ["ambiguous-name", "bad-relation"]
    assert checks.recheck(None, relations, [], checks.Scope(frozenset(), frozenset(), frozenset())) is None


@pytest.mark.skipif(sys.version_info < (3, 11), reason="lowering SQLite's limits needs sqlite3.Connection.setlimit "
                                                   "(Python 3.11 and later)")
def test_checks_never_ask_sqlite_for_more_variables_than_it_allows(make_kb, kb_at, monkeypatch):
    """SQLite caps the values of one statement (32,766 by default, 999 before 3.32): a registry of ~33,000
    entries must not make an `IN (...)` past it. Here the cap is lowered to 100 and an edit touches more
    ids than that; every command answers, warm as from scratch."""
    import kb.checks as checks
    import kb.store.index as index_module

    connect = index_module._connect

    def capped(path: str) -> sqlite3.Connection:
        conn = connect(path)
        conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100)
        return conn

    monkeypatch.setattr(index_module, "_connect", capped)
    monkeypatch.setattr(index_module, "INLINE_VALUES", 30)  # a statement may hold a few lists: 3 x 30 < 100
    monkeypatch.setattr(checks, "MAX_SCOPE", 10**6)  # recheck in part however large the edit
    people = "".join(f"- id: p{i:03d}\n  name: Person {i}\n" for i in range(120))
    root = make_kb({"claims/registry/people.yaml": "- id: jane-doe\n  name: Jane Doe\n" + people,
                    **{f"claims/c{i:03d}.yaml": claim_text(f"c{i:03d}", speaker=f"p{i:03d}", claim=f'"C {i}."',
                                                            supersedes=f"[c{i - 1:03d}]" if i else None)
                       for i in range(60)}})
    kb = kb_at(root)
    assert kb("check").stdout == ""
    # 240 ids change (the people's, before and after) and 60 claims lose their speaker
    (root / "claims/registry/people.yaml").write_text("- id: jane-doe\n  name: Jane Doe\n" + people.replace("- id: p",
                                                                                                         "- id: q"))
    warm, cold = both(kb)
    assert warm == cold
    assert warm[1].count("[unknown-ref]") == 60
    for args in (["list", "-o", "ids"], ["list", "--company", "acme", "--current", "-o", "ids"], ["due"],
                 ["track", "-o", "plain"], ["record", "-o", "plain"], ["stats", "-o", "plain"],
                 ["list", "--speaker", "Jane Doe", "--speaker", "Person 1", "-o", "ids"]):
        result = kb(*args)
        assert result.exception is None or type(result.exception) is SystemExit, (args, result.exception)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="lowering SQLite's limits needs sqlite3.Connection.setlimit "
                                                   "(Python 3.11 and later)")
def test_the_variable_cap_is_kept_by_every_statement_of_a_scoped_check(make_kb):
    """Each check over a scope of more files and ids than SQLite took before version 3.32 (999): no
    statement goes past that cap."""
    from kb.checks import CHECKS, Scope
    from kb.store.index import open_index

    root = make_kb({f"claims/c{i:03d}.yaml": claim_text(f"c{i:03d}", claim=f'"C {i}."') for i in range(20)})
    index = open_index(Path(root), use_cache=False)
    index.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    paths = frozenset(f"claims/c{i:04d}.yaml" for i in range(1500))
    scope = Scope(paths, frozenset(f"c{i:04d}" for i in range(1500)))
    for module in CHECKS:
        assert list(module.check(index, scope)) == [], module.ID
        if hasattr(module, "update"):
            assert module.update(index, [], scope) in ([], None), module.ID
    assert list(CHECKS[4].check(index, speakers={f"p{i}" for i in range(1500)})) == []  # near-duplicates


def test_the_kept_query_results_are_read_by_the_names_the_checks_keep_them_under(make_kb, kb_at):
    """Commands read the query checks' kept problems by name without importing the checks (start-up time)."""
    from kb.checks import QUERY_CHECKS, result_name
    from kb.commands.common import QUERY_RESULTS
    from kb.store.index import open_index

    assert tuple(result_name(module) for module in QUERY_CHECKS) == QUERY_RESULTS
    root = make_kb({"claims/a.yaml": claim_text("a", factory="nowhere")})
    assert kb_at(root)("list", "-o", "ids").exit_code == 1
    kept = open_index(Path(root)).fresh_results(QUERY_RESULTS)
    assert [p.rule for p in kept] == ["unknown-ref"]


def test_a_cycle_through_an_id_two_files_hold_is_named_at_the_same_file_warm_and_cold(make_kb, kb_at):
    """Found by the differential test: the cycle's place came from the order the index took the rows in, so
    after an edit the warm check named the file edited last and the cold one the other."""
    root = make_kb({"claims/a/c1.yaml": claim_text("c1", supersedes="[c2]"),
                    "claims/twin/c2.yaml": claim_text("c2", supersedes="[c1]"),
                    "claims/x/c2.yaml": claim_text("c2", claim="Acme will also build a plant.", supersedes="[c1]")})
    kb = kb_at(root)
    kb("check")  # the index is built
    (root / "claims/twin/c2.yaml").write_text(claim_text("c2", claim="Acme will build a plant soon.",
                                                         supersedes="[c1]"))
    (warm_code, warm), (cold_code, cold) = both(kb)
    assert (warm_code, warm) == (cold_code, cold)
    cycles = [line for line in cold.splitlines() if line.endswith("[supersedes-cycle]")]
    assert len(cycles) == 1 and cycles[0].startswith("claims/a/c1.yaml:"), cold
