"""`kb import` on slices of two public data sets, through the mappings shipped in examples/: LIAR's
fact-checked statements (TSV, no header, no quoting) and the Tesla Megapack tracker's projects (CSV).
Every row ends written, left as it is or rejected (in the rejects file, with its reason); kb's
answers are those of the same questions asked of the raw slice (the figures below were counted
from the raw files with pandas, `bench/import_oracle.py`, and are written out by hand)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO

SLICES = Path(__file__).parent / "data" / "import"
EXAMPLES = REPO / "examples"
RATINGS = "true,mostly-true,half-true,barely-true,false,pants-fire"


@pytest.fixture
def kb(make_kb, kb_at):
    root = make_kb({})
    kb = kb_at(root)
    assert kb("add", "attribute", "rating", "--type", "choice", "--values", RATINGS).exit_code == 0
    return kb


def claims(root: Path, folder: str) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted((root / "claims" / folder).glob("*.yaml"))}


def by_external(root: Path, folder: str, external: str) -> str:
    found = [text for text in claims(root, folder).values()
             if f"\n  {folder}: {external}\n" in text or f"\n  {folder}: \"{external}\"\n" in text]
    assert len(found) == 1, external
    return found[0]


def stats(kb, *args: str) -> dict:
    result = kb("stats", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_liar_slice_every_row_accounted_for_and_answers_as_the_raw_file(kb):
    root = kb.root
    liar = ["import", str(SLICES / "liar-slice.tsv"), "--map", str(EXAMPLES / "liar.map.yaml")]
    result = kb(*liar)
    assert result.exit_code == 0, result.output
    assert "30 rows: 29 written (29 new, 0 changed); 0 left as they are (0 unchanged, 0 conflicts); 1 rejected " \
           "(0 to fix, 1 copy of other rows skipped)" in result.stderr
    # 4669.json repeats 4668.json in every field but its id: in the rejects file, with why
    rejects = (root / ".kb-import/liar.rejects.tsv").read_bytes().decode()
    lines = rejects.splitlines()
    assert lines[1] == ("# kb: line 20: the same as line 17 in every mapped field (only the external id differs); "
                        "fix: nothing to do if it is a copy; if not, map the column that tells the rows apart")
    assert lines[2].startswith("4669.json\thalf-true\tDuring Sherrod Browns past decade")
    assert len(lines) == 3
    # rows per rating: the raw slice has true 2, mostly-true 2, half-true 9, barely-true 5, false 9,
    # pants-fire 3; the copy rejected is half-true
    ratings = {s["value"]: s["claims"] for s in stats(kb, "--external", "liar") if s["by"] == "attribute:rating"}
    assert ratings == {"true": 2, "mostly-true": 2, "half-true": 8, "barely-true": 5, "false": 9, "pants-fire": 3}
    # speaker x rating: the slice's two speakers with two rows each
    christie = {s["value"]: s["claims"] for s in stats(kb, "--speaker", "chris-christie")
                if s["by"] == "attribute:rating"}
    assert christie == {"half-true": 1, "mostly-true": 1}
    # no quoting: a statement in quote marks keeps them, and a quote mark never closed swallows nothing
    assert by_external(root, "liar", "704.json").split("\n")[1] == (
        "claim: \"\\\"While Sarah was Mayor of Wasilla she tried to fire our highly respected City Librarian because "
        "the Librarian refused to consider removing from the library some books that Sarah wanted removed.\\\"\"")
    opened = by_external(root, "liar", "2007.json")
    assert "speaker: doug-macginnitie\n" in opened and "I want to give" not in opened
    assert "speaker: john-mccain\n" in by_external(root, "liar", "789.json")
    # subjects split into tags
    assert "tags: [bankruptcy, economy, population]\n" in by_external(root, "liar", "12385.json")
    # the same statement, two ratings: both kept, the later related to the earlier, and kb check passes
    later = by_external(root, "liar", "7756.json")
    earlier_id = by_external(root, "liar", "7763.json").split("\n")[0][4:]
    assert f"related: [{earlier_id}]\n" in later and "rating: mostly-true" in later
    check = kb("check", "--strict")
    assert check.exit_code == 0, check.output
    # speakers: display names from slugs, accounts as sources, in the file the mapping names
    people = (root / "claims/registry/people/liar.yaml").read_text()
    assert "- id: barack-obama\n  name: Barack Obama\n  role: President\n" in people
    assert "- id: jack-graham\n  name: Jack Graham\n  aliases: [Jack_Graham]\n" in people
    assert "- id: gagop\n  name: GaGOP\n" in people
    assert "chain-email" not in people and "facebook-posts" not in people
    sources = (root / "claims/registry/sources.yaml").read_text()
    assert "- id: chain-email\n  title: Chain Email\n  kind: other\n" in sources
    assert "- id: politifact\n  title: PolitiFact\n  kind: article\n  url: https://www.politifact.com/\n" in sources


def test_liar_slice_again_unchanged_three_edits_and_a_hand_edit(kb):
    root = kb.root
    data = root / "liar.tsv"
    shutil.copy(SLICES / "liar-slice.tsv", data)
    liar = ["import", str(data), "--map", str(EXAMPLES / "liar.map.yaml")]
    assert kb(*liar).exit_code == 0

    def files() -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and ".kb-cache" not in p.parts}

    before = files()
    again = kb(*liar)
    assert again.exit_code == 0, again.output
    assert "30 rows: 0 written (0 new, 0 changed); 29 left as they are (29 unchanged, 0 conflicts)" in again.stderr
    assert files() == before
    # three rows change in the data set: exactly their three claims change
    raw = data.read_bytes()
    edited = (raw.replace(b"2635.json\tfalse\t", b"2635.json\tbarely-true\t")
              .replace(b"7763.json\thalf-true\t", b"7763.json\tfalse\t")
              .replace(b"12385.json\tmostly-true\tAlmost 100,000 people", b"12385.json\tmostly-true\tAbout 100,000 people"))
    data.write_bytes(edited)
    result = kb(*liar)
    assert result.exit_code == 0, result.output
    assert "3 written (0 new, 3 changed); 26 left as they are (26 unchanged, 0 conflicts)" in result.stderr
    after = files()
    changed = sorted(p for p in after if after[p] != before.get(p))
    assert [p for p in changed if p.startswith("claims/")] == sorted([
        "claims/liar/" + by_external(root, "liar", e).split("\n")[0][4:] + ".yaml"
        for e in ("2635.json", "7763.json", "12385.json")])
    assert "rating: barely-true" in by_external(root, "liar", "2635.json")
    assert "rating: \"false\"" in by_external(root, "liar", "7763.json")
    # a claim edited by hand whose row changed too: a conflict, its file byte for byte as it was
    target = root / "claims/liar" / (by_external(root, "liar", "610.json").split("\n")[0][4:] + ".yaml")
    target.write_text(target.read_text() + "note: Checked by hand.\n")
    hand = target.read_bytes()
    data.write_bytes(edited.replace(b"610.json\tfalse\t", b"610.json\ttrue\t"))
    result = kb(*liar)
    assert result.exit_code == 1
    assert f"{data}:6: conflict: claims/liar/{target.name}: edited by hand since the last import, and the row " \
           "changed too; left as it is" in result.stdout
    assert target.read_bytes() == hand


def test_megapack_slice_every_row_accounted_for_and_answers_as_the_raw_file(kb):
    root = kb.root
    data = root / "projects.csv"
    shutil.copy(SLICES / "megapack-slice.csv", data)
    megapack = ["import", str(data), "--map", str(EXAMPLES / "megapack.map.yaml")]
    result = kb(*megapack)
    assert result.exit_code == 1  # one row to fix
    assert "41 rows: 40 written (40 new, 0 changed); 0 left as they are (0 unchanged, 0 conflicts); 1 rejected " \
           "(1 to fix, 0 copies of other rows skipped)" in result.stderr
    rejects = (root / ".kb-import/megapack.rejects.csv").read_text().splitlines()
    assert rejects[1].startswith("name,city,id,external_id,")  # the header: the file imports again as it is
    assert rejects[2] == ("# kb: line 8: 'when': '2019-19-09': month 19 does not exist; fix: correct the cell named, "
                          "or map it through the mapping's values:, defaults: or formats:")
    assert rejects[3].startswith("Nantucket,Nantucket island,25,")
    # '2024H1' and '2025Q1' read as kb writes them, and said so
    assert f"{data}:16: when '2024H1' -> '2024-H1' (normalised)" in result.stdout
    assert "when: 2024-H1\n" in by_external(root, "megapack", "113")
    # per status (raw: construction 5, operation 12, planning 24; the rejected row is in operation)
    status = {s["value"]: s["claims"] for s in stats(kb, "--external", "megapack") if s["by"] == "status"}
    assert status == {"underway": 5, "done": 11, "planned": 24}
    # capacity sum by go-live year (raw: 2017 15, 2018 150, 2019 48, 2020 15, 2021 2805, 2022 306, 2023 2199,
    # 2024 865, 2025 540, 2027 20000, none 1575 MWh; 2019 is the rejected row's)
    sums = {s["year"]: s["total"] for s in stats(kb, "--sum", "capacity", "--by", "year", "--external", "megapack")}
    assert sums == {"2017": "15 MWh", "2018": "150 MWh", "2020": "15 MWh", "2021": "2805 MWh", "2022": "306 MWh",
                    "2023": "2199 MWh", "2024": "865 MWh", "2025": "540 MWh", "2027": "20000 MWh",
                    "unknown": "1575 MWh"}
    big = kb("list", "--external", "megapack", "--min", "capacity=100MWh", "--format", "ids")
    assert len(big.stdout.split()) == 14
    # ids collide with nothing (the factories the same run made included); no id is the register's
    check = kb("check", "--strict")
    assert check.exit_code == 0, check.output
    assert not [name for name in claims(root, "megapack") if name.startswith("tesla")]
    # Moss Landing (1,600 MWh) is not a copy of Moss Landing / Elkhorn (730 MWh): both kept, related
    moss = by_external(root, "megapack", "37")
    assert "capacity: 1600 MWh" in moss and "related: [moss-landing-elkhorn-usa-battery-storage-project]" in moss
    # one site per name and owner: Holes Bay without an owner and Holes Bay of Harmony Energy
    factories = (root / "claims/registry/factories.yaml").read_text()
    assert "- id: holes-bay\n  name: Holes Bay\n  city: Poole\n" in factories
    assert "- id: harmony-energy-holes-bay\n  name: Holes Bay (Harmony Energy)\n  owner: harmony-energy\n" \
           in factories
    # the owner 'Unknown' is no owner
    assert "company:" not in by_external(root, "megapack", "1288")
    assert "unknown" not in (root / "claims/registry/companies.yaml").read_text().casefold()

    # the rejected row, fixed in the rejects file, imports from there; the rejects file goes
    fixed = root / ".kb-import/megapack.rejects.csv"
    fixed.write_text(fixed.read_text().replace(",2019-19-09,", ",2019-09-19,"))
    result = kb("import", str(fixed), "--map", str(EXAMPLES / "megapack.map.yaml"))
    assert result.exit_code == 0, result.output
    assert "1 row: 1 written (1 new, 0 changed)" in result.stderr
    assert "when: 2019-09-19\n" in by_external(root, "megapack", "25")
    assert not fixed.exists()
    again = kb(*megapack)
    assert "41 rows: 0 written (0 new, 0 changed); 40 left as they are (40 unchanged, 0 conflicts); 1 rejected" \
        in again.stderr  # the data set still holds the bad date


def test_a_rejects_file_being_fixed_is_never_replaced_by_another_import(kb):
    """The rows a user is fixing in the rejects file are theirs: another import that would replace or remove
    that file stops before writing anything and says what to do; importing the file itself is the way on."""
    root = kb.root
    data, other = root / "projects.csv", root / "more.csv"
    shutil.copy(SLICES / "megapack-slice.csv", data)
    lines = (SLICES / "megapack-slice.csv").read_text().splitlines(keepends=True)
    other.write_text(lines[0] + "".join(line for line in lines[1:] if ",2019-19-09," not in line))
    mapping = str(EXAMPLES / "megapack.map.yaml")
    assert kb("import", str(data), "--map", mapping).exit_code == 1  # one row rejected
    fixing = root / ".kb-import/megapack.rejects.csv"
    fixing.write_text(fixing.read_text().replace(",2019-19-09,", ",2019-09-19,"))
    edited = fixing.read_bytes()
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    result = kb("import", str(other), "--map", mapping)
    assert result.exit_code == 1
    assert result.stderr == (".kb-import/megapack.rejects.csv was edited since kb wrote it, and this import would "
                             "replace it: import it first (kb import .kb-import/megapack.rejects.csv --map "
                             f"{mapping}), or move it away; nothing written\n").join(["kb: error: ", ""])
    assert fixing.read_bytes() == edited and {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
    assert kb("import", str(fixing), "--map", mapping).exit_code == 0  # the fix goes in; the file goes
    assert not fixing.exists()
    assert kb("import", str(other), "--map", mapping).exit_code == 0  # nothing in the way any more
    # a rejects file as kb wrote it is kb's to replace
    assert kb("import", str(data), "--map", mapping).exit_code == 1
    written = fixing.read_bytes()
    assert kb("import", str(data), "--map", mapping).exit_code == 1 and fixing.read_bytes() == written
