"""`kb import` on two data sets made to look like public ones: a fact-checker's attributed statements
(CSV) and a register of battery storage projects (JSON Lines), with names in several scripts and
duplicates; imported, checked, imported again, then imported after editing rows and claims."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO

DATA = Path(__file__).parent / "data"


@pytest.fixture
def kb(tmp_path, kb_at):
    shutil.copytree(REPO / "claims", tmp_path / "claims")
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    shutil.copy(DATA / "statements.csv", tmp_path / "statements.csv")
    shutil.copy(DATA / "attributes.yaml", tmp_path / "claims/registry/attributes.yaml")  # declares `rating`
    kb = kb_at(tmp_path)
    assert kb("add", "source", "--title", "Fact-check archive", "--kind", "other", "--id",
              "factcheck-archive").exit_code == 0
    assert kb("add", "source", "--title", "Battery storage register", "--kind", "other", "--id",
              "storage-register").exit_code == 0
    return kb


def lint(root: Path) -> list[str]:
    """yamllint's findings (with the repository's .yamllint.yaml) on the claims and registry kb wrote."""
    from test_yamllint import lint as yamllint

    return yamllint(root)


def texts(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.glob("claims/**/*.yaml"))}


def test_statements_import_reimport_and_edits(kb):
    root = kb.root
    import_ = ["import", str(root / "statements.csv"), "--map", str(DATA / "statements.map.yaml")]
    before = texts(root)
    dry = kb(*import_, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.replace(f"{root}/", "").splitlines() == [
        "statements.csv:8: skipped: the same statement_id '21006' as line 7; only the first is imported",
        # nearly the same words as line 7, and another rating: a row of its own, related to line 7's
        "statements.csv:9: olga-ivanova-battery-cell-prices-fell-90-since is nearly the same claim by the same "
        "speaker as olga-ivanova-battery-cell-prices-fell-90-percent (line 7), and differs in another field; "
        "imported, related to it (near-duplicate)",
    ]
    assert ("9 rows: 8 written (8 new, 0 changed); 0 left as they are (0 unchanged, 0 conflicts); 1 rejected "
            "(0 to fix, 1 copy of other rows skipped)") in dry.stderr
    assert "new entities: 4 people" in dry.stderr
    assert texts(root) == before and not (root / ".kb-import").exists()

    result = kb(*import_, "--verbose")
    assert result.exit_code == 0, result.output
    assert [line.split(": ")[2] for line in result.stdout.splitlines() if ": new: " in line] == [
        "claims/factcheck/elon-musk-lg-energy-solution-build-4680-cells.yaml",  # matched by name
        "claims/factcheck/elon-musk-tesla-buys-battery-cells-china.yaml",  # "Musk": matched by alias
        "claims/factcheck/gimdongmyeong-lgensoleun-ochangeseo-4680.yaml",
        "claims/factcheck/cengyuqun-catl-sodium-ion-cells-cars-next.yaml",
        "claims/factcheck/jorg-muller-buttel-storage-park-largest.yaml",
        "claims/factcheck/olga-ivanova-battery-cell-prices-fell-90-percent.yaml",
        "claims/factcheck/olga-ivanova-battery-cell-prices-fell-90-since.yaml",
        "claims/factcheck/kim-dong-myeong-arizona-factory-employ-3-000.yaml",  # "Kim Dong-myung": an alias
    ]
    assert "related: [olga-ivanova-battery-cell-prices-fell-90-percent]\n" in \
        (root / "claims/factcheck/olga-ivanova-battery-cell-prices-fell-90-since.yaml").read_text()
    assert (root / "claims/factcheck/jorg-muller-buttel-storage-park-largest.yaml").read_text() == (
        "id: jorg-muller-buttel-storage-park-largest\n"
        "claim: Says the Büttel storage park will be the largest in Schleswig-Holstein.\n"
        "speaker: jorg-muller\n"
        "said: 2024-04-03\n"
        "status: statement\n"
        "source: factcheck-archive\n"
        "quote: Says the Büttel storage park will be the largest in Schleswig-Holstein.\n"
        "attributes:\n"
        "  rating: half-true\n"
        "external:\n"
        "  factcheck: \"21005\"\n"
        "note: Said in a town council meeting.\n")
    # a row with no rating leaves the attribute out: unknown stays unknown
    assert "rating" not in (root / "claims/factcheck/kim-dong-myeong-arizona-factory-employ-3-000.yaml").read_text()
    people = (root / "claims/registry/people.yaml").read_text()
    assert people.startswith((REPO / "claims/registry/people.yaml").read_text())
    assert people.endswith(
        "\n\n- id: gimdongmyeong\n  name: 김동명\n  role: LG에너지솔루션 사장\n"
        "\n- id: cengyuqun\n  name: 曾毓群\n  role: Chairman of CATL\n"
        "\n- id: jorg-muller\n  name: Jörg Müller\n  role: Mayor of Büttel\n"
        "\n- id: olga-ivanova\n  name: Ольга Иванова\n  role: Energy analyst\n")
    assert kb("check", "--strict").exit_code == 0
    assert kb("fmt", "--check").exit_code == 0

    imported = texts(root)
    again = kb(*import_)
    assert again.exit_code == 0
    assert "9 rows: 0 written (0 new, 0 changed); 8 left as they are (8 unchanged, 0 conflicts); 1 rejected" \
        in again.stderr
    assert "wrote 0 claim files and 0 entities" in again.stderr
    assert texts(root) == imported

    # The data set corrects a rating; an analyst edits two claims by hand, one of whose rows changes too.
    csv = root / "statements.csv"
    csv.write_text(csv.read_text().replace("a post on X,half-true", "a post on X,mostly-false")
                   .replace("a town council meeting,half-true", "a town council meeting,false"))
    edited = root / "claims/factcheck/jorg-muller-buttel-storage-park-largest.yaml"
    edited.write_text(edited.read_text().replace("note: Said in a town council meeting.",
                                                 "note: Said in a town council meeting; the minutes confirm it."))
    kept = root / "claims/factcheck/cengyuqun-catl-sodium-ion-cells-cars-next.yaml"
    kept.write_text(kept.read_text() + "related: [lges-4680-nanjing-considering]\n")
    hand_texts = texts(root)
    dry = kb(*import_, "--dry-run")
    assert dry.exit_code == 1  # a conflict
    assert "statements.csv:6: conflict: claims/factcheck/jorg-muller-buttel-storage-park-largest.yaml: edited by " \
           "hand since the last import, and the row changed too; left as it is" in dry.stdout.replace(f"{root}/", "")
    assert "9 rows: 1 written (0 new, 1 changed); 7 left as they are (6 unchanged, 1 conflict)" in dry.stderr
    assert texts(root) == hand_texts
    update = kb(*import_)
    assert update.exit_code == 1
    changed = (root / "claims/factcheck/elon-musk-lg-energy-solution-build-4680-cells.yaml").read_text()
    assert "  rating: mostly-false\n" in changed
    assert edited.read_text() == hand_texts["claims/factcheck/jorg-muller-buttel-storage-park-largest.yaml"]
    assert kept.read_text().endswith("related: [lges-4680-nanjing-considering]\n")
    assert kb("check", "--strict").exit_code == 0

    # A renamed claim is still the row's claim: the record follows `kb mv`, nothing is written again.
    assert kb("mv", "olga-ivanova-battery-cell-prices-fell-90-percent", "ivanova-cell-prices-90").exit_code == 0
    record = (root / ".kb-import/factcheck.tsv").read_text()
    assert "\n21006\tivanova-cell-prices-90\t" in record
    after_mv = kb(*import_, "--dry-run")
    assert "9 rows: 0 written (0 new, 0 changed); 8 left as they are (7 unchanged, 1 conflict)" in after_mv.stderr
    assert "rev" not in after_mv.stdout  # the conflict is Jörg Müller's, as before; nothing written again
    assert "related: [ivanova-cell-prices-90]\n" in \
        (root / "claims/factcheck/olga-ivanova-battery-cell-prices-fell-90-since.yaml").read_text()


def test_tab_separated_rows_read_like_comma_separated_ones(kb, tmp_path):
    tsv = tmp_path / "statements.tsv"
    rows = (DATA / "statements.csv").read_text().splitlines()
    import csv as csv_module

    with tsv.open("w", newline="") as handle:
        csv_module.writer(handle, delimiter="\t").writerows(csv_module.reader(rows))
    result = kb("import", str(tsv), "--map", str(DATA / "statements.map.yaml"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "9 rows: 8 written (8 new, 0 changed)" in result.stderr


def test_projects_import_with_created_owners_and_factories(kb):
    root = kb.root
    import_ = ["import", str(DATA / "projects.jsonl"), "--map", str(DATA / "projects.map.yaml")]
    result = kb(*import_, "--verbose")
    assert result.exit_code == 0, result.output
    lines = [line.split(str(DATA) + "/")[1] for line in result.stdout.splitlines()]
    assert lines == [
        # no year in the ids: the register may move a project's year, and an id stays
        "projects.jsonl:1: new: claims/storage-register/eon-buttel-speicher-project-germany.yaml",
        "projects.jsonl:2: new: claims/storage-register/lges-energiespeicher-wroclaw-project-poland.yaml",
        "projects.jsonl:3: new: claims/storage-register/sk-on-ulsan-ess-project-south-korea.yaml",
        "projects.jsonl:4: new: claims/storage-register/ningdeshidai-ningdechunengdianzhan-project-china.yaml",
        "projects.jsonl:5: skipped: the same project_id 'SEE912345678' as line 1; only the first is imported",
        "projects.jsonl:6: new: claims/storage-register/e-on-speicher-nord-project-germany.yaml",
        "projects.jsonl:6: new company 'E.ON' (e-on) is probably 'eon' (Eon) (probable duplicate entity)",
    ]
    assert (root / "claims/storage-register/eon-buttel-speicher-project-germany.yaml").read_text() == (
        "id: eon-buttel-speicher-project-germany\n"
        "claim: \"Büttel Speicher: a battery storage project of Eon in Germany.\"\n"
        "speaker: storage-register\n"
        "company: eon\n"
        "factory: eon-buttel-speicher\n"
        "when: 2026\n"
        "status: planned\n"
        "source: storage-register\n"
        "quote: Büttel Speicher; Eon; 100 MWh; 2026; in Planung\n"
        "quantities:\n"
        "  capacity: 100 MWh\n"
        "tags: [battery-storage]\n"
        "external:\n"
        "  storage-register: SEE912345678\n")
    factories = (root / "claims/registry/factories.yaml").read_text()
    assert "\n- id: eon-buttel-speicher\n  name: Büttel Speicher\n  owner: eon\n  city: Büttel\n  country: Germany\n" \
        in factories
    assert "\n- id: sk-on-ulsan-ess\n  name: 울산 ESS\n  owner: sk-on\n  city: 울산\n  country: South Korea\n" in factories
    # Speicher Nord's city is unknown in the register, and stays unknown
    assert "\n- id: e-on-speicher-nord\n  name: Speicher Nord\n  owner: e-on\n  country: Germany\n" in factories
    # LG Energy Solution is the seed's lges, matched by name: not added again
    assert "owner: lges\n" in factories.split("Energiespeicher Wrocław")[1]
    assert kb("check", "--strict").exit_code == 0
    assert kb("fmt", "--check").exit_code == 0
    assert lint(root) == []
    again = kb(*import_)
    assert "6 rows: 0 written (0 new, 0 changed); 5 left as they are (5 unchanged, 0 conflicts); 1 rejected" \
        in again.stderr
    assert "new entities: none" in again.stderr


def test_mapping_and_data_errors_name_the_place(kb, tmp_path):
    bad_map = tmp_path / "bad.map.yaml"
    bad_map.write_text("system: factcheck\nexternal: statement_id\nfields:\n  claim: \"{statement}\"\n"
                       "  speeker: \"{speaker}\"\n")
    result = kb("import", str(tmp_path / "statements.csv"), "--map", str(bad_map))
    assert result.exit_code == 2
    assert f"{bad_map}:5:3: unknown claim field 'speeker'; did you mean 'speaker'?" in result.stderr
    wrong_column = tmp_path / "column.map.yaml"
    wrong_column.write_text("system: factcheck\nexternal: statement_id\nfields:\n  claim: \"{statment}\"\n")
    result = kb("import", str(tmp_path / "statements.csv"), "--map", str(wrong_column))
    assert result.exit_code == 2
    assert f"{tmp_path}/statements.csv:2: no column 'statment'" in result.stderr
    bad_rating = tmp_path / "rated.csv"
    bad_rating.write_text((DATA / "statements.csv").read_text().replace("a town council meeting,half-true",
                                                                        "a town council meeting,half true-ish"))
    result = kb("import", str(bad_rating), "--map", str(DATA / "statements.map.yaml"), "--dry-run")
    assert result.exit_code == 1
    assert f"{bad_rating}:6: rejected: attribute rating: 'half true-ish' is not one of its values; did you mean " \
           "'half-true'?" in result.stdout
    latin1 = tmp_path / "latin1.map.yaml"
    latin1.write_bytes(b"system: factcheck\n# caf\xe9\n")
    result = kb("import", str(tmp_path / "statements.csv"), "--map", str(latin1))
    assert (result.exit_code, result.stderr) == (2, f"kb: error: {latin1}:2:6: byte 0xe9 is not UTF-8; save the "
                                                     "file as UTF-8\n")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"project_id": "A1", "name": "X"}\n{"project_id": "A2", "name": \n')
    result = kb("import", str(broken), "--map", str(DATA / "projects.map.yaml"))
    assert result.exit_code == 1  # each row rejected with its reason; the file is read to its end
    assert f"{broken}:1: rejected: missing required keys: claim, status, quote" in result.stdout
    assert f"{broken}:2: rejected: not JSON at column 30 (Expecting value); fix: make the line one JSON object" \
        in result.stdout
    assert not (tmp_path / "claims/storage-register").exists()


def test_an_unknown_register_as_speaker_and_source_asks_for_a_source_and_no_stray_dash(make_kb, kb_at, tmp_path):
    root = make_kb({"rows.jsonl": '{"id": "1", "text": "Acme will open a plant."}\n',
                    "register.map.yaml": "system: reg\nexternal: id\nfields:\n  claim: \"{text}\"\n"
                                         "  quote: \"{text}\"\n  speaker: the-register\n  status: statement\n"
                                         "  source: the-register\n",
                    "speaker.map.yaml": "system: reg\nexternal: id\nfields:\n  claim: \"{text}\"\n"
                                        "  quote: \"{text}\"\n  speaker: the-register\n  status: statement\n"
                                        "  source: daily-news\n"})
    kb = kb_at(root)
    result = kb("import", str(root / "rows.jsonl"), "--map", str(root / "register.map.yaml"), "--dry-run")
    assert result.exit_code == 1
    assert result.stdout == (f"{root}/rows.jsonl:1: rejected: source 'the-register' is not in the registry; fix: add "
                             "it (kb add source) or set 'create: true' under entities: source in the mapping\n")
    result = kb("import", str(root / "rows.jsonl"), "--map", str(root / "speaker.map.yaml"), "--dry-run")
    assert result.stdout == (f"{root}/rows.jsonl:1: rejected: speaker 'the-register' is not in the registry; fix: add "
                             "it (kb add person or kb add company or kb add source) or set 'create: true' under "
                             "entities: speaker in the mapping\n")
    assert "1 row: 0 written (0 new, 0 changed); 0 left as they are (0 unchanged, 0 conflicts); 1 rejected (1 to " \
           "fix, 0 copies of other rows skipped)" in result.stderr
