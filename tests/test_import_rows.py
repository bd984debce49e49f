"""`kb import`, row by row: each broken row of issue 20 ends in the rejects file with its line and
reason while the rest is imported; what kb can read is converted and said; ids, entities and the
mapping file behave as the issue asks."""

from __future__ import annotations

import json
import textwrap

import pytest

BASE_MAP = """\
system: reg
external: id
folder: claims/reg
fields:
  claim: "{text}"
  quote: "{text}"
  quote_kind: paraphrase
  speaker: jane-doe
  status: statement
  source: daily-news
"""


@pytest.fixture
def kb(make_kb, kb_at):
    return kb_at(make_kb({}))


def run(kb, data: str | bytes, mapping: str, name: str = "rows.csv", *more: str):
    """Write the data file and the mapping into the knowledge base's folder and import."""
    path = kb.root / name
    path.write_bytes(data if isinstance(data, bytes) else textwrap.dedent(data).encode())
    (kb.root / "map.yaml").write_text(textwrap.dedent(mapping))
    return kb("import", str(path), "--map", str(kb.root / "map.yaml"), *more)


def rejects(kb, system: str = "reg", fmt: str = "csv") -> list[str]:
    return (kb.root / f".kb-import/{system}.rejects.{fmt}").read_bytes().decode("utf-8", "replace").splitlines()[1:]


def claim(kb, external: str, system: str = "reg") -> str:
    for path in sorted((kb.root / "claims" / system).glob("*.yaml")):
        text = path.read_text()
        if f"\n  {system}: {external}\n" in text or f"\n  {system}: \"{external}\"\n" in text:
            return text
    raise AssertionError(f"no claim of row {external}")


def test_a_short_row_and_a_huge_cell_are_rejected_the_rest_imported(kb):
    huge = "x" * 131_073
    tsv = f"id\ttext\nA\tFirst claim.\nB\n\nC\t{huge}\nD\tLast claim.\n"
    result = run(kb, tsv, BASE_MAP, "rows.tsv")
    assert result.exit_code == 1
    assert "5 rows: 2 written (2 new, 0 changed)" not in result.stderr  # 4 rows: the blank line is none
    assert "4 rows: 2 written (2 new, 0 changed); 0 left as they are (0 unchanged, 0 conflicts); 2 rejected " \
           "(2 to fix, 0 copies of other rows skipped)" in result.stderr
    assert rejects(kb, fmt="tsv") == [
        "id\ttext",
        "# kb: line 3: 1 cells where the header has 2; fix: check a tab inside a cell, or a cell missing; each row "
        "needs 2 cells",
        "B",
        "# kb: line 5: 'claim' is 131073 characters long, over the 5000 limit; 'quote' is 131073 characters long, "
        "over the 5000 limit; fix: shorten the cell, or map a shorter column",
        f"C\t{huge}",
    ]
    assert "claim: First claim.\n" in claim(kb, "A") and "claim: Last claim.\n" in claim(kb, "D")
    # the same in CSV, where a cell over the csv module's default limit (131,072) used to stop the file
    (kb.root / ".kb-import").rename(kb.root / "first-import")
    result = run(kb, f"id,text\nE,Fine.\nF,{huge}\nG\n", BASE_MAP.replace("system: reg", "system: reg2")
                 .replace("claims/reg", "claims/reg2"))
    assert "3 rows: 1 written (1 new, 0 changed); 0 left as they are (0 unchanged, 0 conflicts); 2 rejected" \
        in result.stderr


def test_line_numbers_after_blank_rows_and_a_byte_that_is_not_utf8(kb):
    data = b"id,text\n\nA,First claim.\n\n\nB,Caf\xe9 claim.\nC,\"Two\nlines\"\n\nD,\n"
    result = run(kb, data, BASE_MAP)
    assert result.exit_code == 1
    out = result.stdout.replace(f"{kb.root}/", "").splitlines()
    assert out[0] == ("rows.csv:6: rejected: byte 0xe9 at line 6, column 6 is not UTF-8; fix: save the file as "
                      "UTF-8, or name its encoding in the mapping (encoding: latin-1, cp1252, ...)")
    assert out[1].startswith("rows.csv:10: rejected: missing required keys: claim, quote")
    assert rejects(kb)[2] == "B,Caf\ufffd claim."  # the bytes as they were (shown here decoded)
    assert (kb.root / ".kb-import/reg.rejects.csv").read_bytes().splitlines()[3] == b"B,Caf\xe9 claim."
    assert 'claim: "Two\\nlines"\n' in claim(kb, "C")  # a line break in a claim is kept
    # named in the mapping, the encoding reads the row
    result = run(kb, data, "encoding: latin-1\n" + BASE_MAP)
    assert "claim: Café claim.\n" in claim(kb, "B")


def test_periods_amounts_and_values_kb_can_read_are_converted_and_said(kb, make_kb):
    mapping = BASE_MAP.replace("  status: statement\n", "") + (
        '  status: "{status}"\n  when: "{when}"\n  quantities:\n    capacity: "{mwh} MWh"\n'
        "values:\n  status: {Operation: done, planning: planned}\n")
    csv = ("id,text,status,when,mwh\n"
           "A,First.,Operation,late 2024,\"1,200\"\n"
           "B,Second.,OPERATION,Q3 2025,1.2 GWh\n"
           "C,Third.,Planning,2022Q4,80\n"
           "D,Fourth.,planning,2024 H1,1.2 MW\n")
    result = run(kb, csv, mapping)
    out = result.stdout.replace(f"{kb.root}/", "")
    assert "rows.csv:2: when 'late 2024' -> '2024-late' (normalised)" in out
    assert "rows.csv:2: quantities.capacity '1,200 MWh' -> '1200 MWh' (normalised)" in out
    assert "rows.csv:3: when 'Q3 2025' -> '2025-Q3' (normalised)" in out
    assert "rows.csv:3: quantities.capacity '1.2 GWh MWh' -> '1.2 GWh' (normalised)" in out
    assert "rows.csv:4: when '2022Q4' -> '2022-Q4' (normalised)" in out
    a, b, c = claim(kb, "A"), claim(kb, "B"), claim(kb, "C")
    assert "status: done\n" in a and "when: 2024-late\n" in a and "  capacity: 1200 MWh\n" in a
    assert "status: done\n" in b and "when: 2025-Q3\n" in b and "  capacity: 1.2 GWh\n" in b
    assert "status: planned\n" in c and "when: 2022-Q4\n" in c
    # a power in an energy column is no amount kb can mend: the row is rejected, and says why
    assert "rows.csv:5: rejected: 'quantities': '1.2 MW MWh' is not an amount" in out
    assert result.exit_code == 1
    found = rejects(kb)
    assert found[0] == "id,text,status,when,mwh" and found[2] == "D,Fourth.,planning,2024 H1,1.2 MW"
    assert found[1].startswith("# kb: line 5: 'quantities': '1.2 MW MWh' is not an amount")
    assert len(found) == 3


def test_fallbacks_defaults_cells_meaning_nothing_and_escapes(kb):
    mapping = textwrap.dedent("""\
        system: reg
        external: id
        empty: [N/A]
        fields:
          claim: "{name} is built by {owner|developer}."
          quote: "{name}"
          speaker: jane-doe
          status: statement
          source: daily-news
          note: "{{kb}}: {remark}"
          tags: "{topic}"
        defaults:
          claim: "{name} is built."
          note: "{{no remark}}"
        """)
    csv = "id,name,owner,developer,remark,topic\nA,Plant A,Acme,,ok,Pants on Fire\nB,Plant B,,Globex,,\n" \
          "C,Plant C,N/A,,N/A,\n"
    result = run(kb, csv, mapping)
    assert result.exit_code == 0, result.output
    a, b, c = claim(kb, "A"), claim(kb, "B"), claim(kb, "C")
    assert "claim: Plant A is built by Acme.\n" in a and "note: \"{kb}: ok\"\n" in a
    assert "tags: [pants-on-fire]\n" in a  # one cell, one tag: never a list of its letters
    assert "claim: Plant B is built by Globex.\n" in b and "note: \"{no remark}\"\n" in b and "tags" not in b
    assert "claim: Plant C is built.\n" in c


def test_json_lines_nested_columns_objects_and_nulls(kb):
    mapping = BASE_MAP + '  note: "Rated {meta.rating}."\n  product: "{meta}"\n  tags: "{labels}"\n'
    rows = ('{"id": "A", "text": "First.", "meta": {"rating": "low"}, "labels": ["Grid Storage", "LFP"]}\n'
            '{"id": "B", "text": "Second.", "meta": null, "labels": null}\n')
    result = run(kb, rows, mapping, "rows.jsonl")
    assert result.exit_code == 0, result.output
    a, b = claim(kb, "A"), claim(kb, "B")
    assert "note: Rated low.\n" in a and "product" not in a and "tags: [grid-storage, lfp]\n" in a
    assert "None" not in b and "note" not in b and "product" not in b and "tags" not in b


def test_mapping_errors_name_the_mapping_file_and_the_place(kb):
    rule = BASE_MAP.replace("speaker: jane-doe", 'speaker: "{who}"') + textwrap.dedent("""\
        entities:
          speaker:
            kind: person
            create: true
            fields:
              role: "{job}"
              bogus: "{x}"
        """)
    result = run(kb, "id,text,who\n", rule)
    assert result.exit_code == 2
    assert result.stderr == (f"kb: error: {kb.root}/map.yaml:17:7: unknown person field 'bogus'; use one of: "
                             "name, aliases, role, company, roles, external, note\n")
    crash = BASE_MAP + "values:\n  attributes: {barely-true: mostly-false}\n"
    result = run(kb, "id,text\n", crash)
    assert result.exit_code == 2
    assert result.stderr == (f"kb: error: {kb.root}/map.yaml:12:29: values: attributes takes a table per attribute, "
                             "e.g. attributes: {rating: {barely-true: mostly-false}}\n")


def test_entities_display_names_kinds_and_one_site_per_owner(kb):
    mapping = BASE_MAP.replace("speaker: jane-doe", 'speaker: "{who}"') + textwrap.dedent("""\
          company: "{owner}"
          factory: "{site}"
        entities:
          speaker:
            kind: person
            by: "{party}"
            kinds: {chain-email: source, organization: company}
            create: true
            fields: {role: "{job}"}
          company: {create: true}
          factory:
            create: true
            fields: {owner: "{owner}"}
        """)
    csv = ("id,text,who,party,job,owner,site\n"
           "1,One.,barack-obama,democrat,President,Acme,Holes Bay\n"
           "2,Two.,chain-email,none,,Globex,Holes Bay\n"
           "3,Three.,club-growth,organization,,Acme,Holes Bay\n"
           "4,Four.,---,none,,Acme,Other\n"
           "5,Five.,Jack_Graham,republican,,Globex,Holes Bay\n")
    result = run(kb, csv, mapping)
    assert result.exit_code == 1
    assert f"{kb.root}/rows.csv:5: rejected: speaker '---' has no letters or digits to name an entity by" \
        in result.stdout
    assert rejects(kb)[1:] == ["# kb: line 5: speaker '---' has no letters or digits to name an entity by; fix: "
                               "write the speaker's name in the cell, or give the field a default in the mapping "
                               "(defaults:)", "4,Four.,---,none,,Acme,Other"]
    root = kb.root
    people = (root / "claims/registry/people.yaml").read_text()
    assert "- id: barack-obama\n  name: Barack Obama\n  role: President\n" in people
    assert "- id: jack-graham\n  name: Jack Graham\n  aliases: [Jack_Graham]\n" in people
    assert "- id: chain-email\n  title: Chain Email\n  kind: other\n" in (root / "claims/registry/sources.yaml").read_text()
    assert "- id: club-growth\n  name: Club Growth\n" in (root / "claims/registry/companies.yaml").read_text()
    factories = (root / "claims/registry/factories.yaml").read_text()
    assert "- id: acme-holes-bay\n  name: Holes Bay\n  owner: acme\n" in factories
    assert "- id: globex-holes-bay\n  name: Holes Bay (Globex)\n  owner: globex\n" in factories
    assert "factory: acme-holes-bay\n" in claim(kb, "3") and "factory: globex-holes-bay\n" in claim(kb, "5")
    assert kb("check", "--strict").exit_code == 0


def test_ids_collide_with_no_id_of_any_kind_and_hold_no_date(kb):
    mapping = BASE_MAP + '  company: "{owner}"\n  factory: "{site}"\n  when: "{year}"\n' + textwrap.dedent("""\
        entities:
          factory:
            create: true
            fields: {owner: "{owner}"}
        """)
    factories = kb.root / "claims/registry/factories.yaml"
    factories.write_text(factories.read_text() + "\n- id: globex-nova\n  name: Nova (old)\n  owner: globex\n")
    # row 1's claim would be globex-nova, an existing factory's id; row 2 adds a factory whose id would be the id
    # row 1's claim took, acme-rio
    csv = "id,text,owner,site,year\n1,Nova.,globex,,2026\n2,Rio.,acme,,2027\n3,Other.,acme,Rio,2027\n"
    result = run(kb, csv, mapping)
    assert result.exit_code == 0, result.output
    assert "id: globex-nova-1\n" in claim(kb, "1") and "id: acme-rio\n" in claim(kb, "2")
    assert "- id: acme-rio-2\n  name: Rio\n  owner: acme\n" in factories.read_text()
    check = kb("check", "--strict")
    assert check.exit_code == 0, check.output
    # the row's year changes: its claim is updated and keeps its id (no date in it to go stale)
    result = run(kb, csv.replace("2,Rio.,acme,,2027", "2,Rio.,acme,,2029"), mapping)
    assert "1 written (0 new, 1 changed)" in result.stderr
    assert "id: acme-rio\n" in claim(kb, "2") and "when: 2029\n" in claim(kb, "2")


def test_records_of_any_size_are_read_and_kept_by_import_and_mv(kb):
    records = kb.root / ".kb-import/reg.tsv"
    records.parent.mkdir()
    lines = "".join(f"old-{i}\tgone-claim-{i}\t{'0' * 64}\n" for i in range(16_000))  # over 1 MiB
    records.write_text("# header\n" + lines)
    assert records.stat().st_size > 1_048_576
    result = run(kb, "id,text\nA,First claim.\n", BASE_MAP)
    assert result.exit_code == 0, result.output
    cid = claim(kb, "A").split("\n")[0][4:]
    assert kb("import", str(kb.root / "rows.csv"), "--map", str(kb.root / "map.yaml"), "--dry-run").exit_code == 0
    assert kb("mv", cid, "first-claim").exit_code == 0
    text = records.read_text()
    assert "\nA\tfirst-claim\t" in text and "\nold-15999\tgone-claim-15999\t" in text
    again = kb("import", str(kb.root / "rows.csv"), "--map", str(kb.root / "map.yaml"))
    assert "1 left as it is (1 unchanged, 0 conflicts)" in again.stderr


def test_identical_rows_are_skipped_rows_that_differ_kept_and_related(kb):
    mapping = BASE_MAP + '  attributes: {rating: "{rating}"}\n'
    (kb.root / "claims/registry/attributes.yaml").write_text(
        "- name: rating\n  type: choice\n  values: [low, high]\n")
    csv = "id,text,rating\nA,Prices fell by half.,low\nB,Prices fell by half.,low\nC,Prices fell by half.,high\n" \
          "D,Prices fell by half again.,high\n"
    result = run(kb, csv, mapping)
    assert result.exit_code == 0, result.output
    assert rejects(kb)[1:] == ["# kb: line 3: the same as line 2 in every mapped field (only the external id "
                               "differs); fix: nothing to do if it is a copy; if not, map the column that tells the "
                               "rows apart", "B,Prices fell by half.,low"]
    a = claim(kb, "A").split("\n")[0][4:]
    c = claim(kb, "C").split("\n")[0][4:]
    assert f"related: [{a}]\n" in claim(kb, "C")
    assert f"related: [{a}, {c}]\n" in claim(kb, "D")  # one word more than both
    assert kb("check", "--strict").exit_code == 0
    # a claim written by hand that nearly repeats one is still warned about: only related pairs are let off
    (kb.root / "claims/reg/by-hand.yaml").write_text(
        "id: by-hand\nclaim: Prices fell by half!\nspeaker: jane-doe\nstatus: statement\nsource: daily-news\n"
        "quote: Prices fell by half.\n")
    check = kb("check", "--strict")
    assert check.exit_code == 1
    assert "warning: nearly the same claim by the same speaker as 'by-hand'" in check.stdout


def test_plan_import_reports_progress_as_rows_are_planned(make_kb):
    from kb.edit.import_mapping import load_mapping
    from kb.edit.importer import View, plan_import, read_rows
    from kb.store.parse import load_kb

    root = make_kb({"map.yaml": BASE_MAP,
                    "rows.csv": "id,text\n" + "".join(f"{i},Claim number {i} of many.\n" for i in range(600))})
    kb, _ = load_kb(root)
    calls = []
    plan = plan_import(View.of(kb), load_mapping(root / "map.yaml"), read_rows(root / "rows.csv", "csv", "rows.csv"),
                       "rows.csv", progress=lambda done, total: calls.append((done, total)), total=601)
    assert plan.count("new") == 600
    assert calls == [(257, 601), (513, 601), (601, 601)]  # the line reached, every 256 rows, then the end


@pytest.mark.parametrize("args, expected, written", [
    (["rating", "--type", "choice", "--values", "low,high", "--values", "top", "--description", "A rating."],
     "- name: rating\n  type: choice\n  values: [low, high, top]\n  description: A rating.\n", True),
    (["cells", "--type", "number"], "- name: cells\n  type: number\n", True),
    (["opened", "--type", "date"], "- name: opened\n  type: date\n", True),
    (["size", "--type", "quantity"], "- name: size\n  type: quantity\n", True),
    (["remark", "--type", "text"], "- name: remark\n  type: text\n", True),
    (["rating", "--type", "choice"], "a choice needs its values: --values a,b,c", False),
    (["cells", "--type", "number", "--values", "1,2"], "values only apply to type choice, not number", False),
    (["cells", "--type", "nmber"], "type 'nmber' is not one of text, number, choice, date, quantity; did you mean "
                                   "'number'?", False),
])
def test_kb_add_attribute(kb, args, expected, written):
    path = kb.root / "claims/registry/attributes.yaml"
    result = kb("add", "attribute", *args)
    assert result.exit_code == (0 if written else 1), result.output
    if written:
        assert path.read_text() == expected
        assert kb("check", "--strict").exit_code == 0
        again = kb("add", "attribute", *args)
        assert again.exit_code == 1 and f"attribute '{args[0]}' is already declared at " \
                                           "claims/registry/attributes.yaml:1" in again.stderr
    else:
        assert expected in result.stderr and not path.exists()


def test_an_attribute_declared_with_kb_add_takes_imported_values_in_any_case(kb):
    assert kb("add", "attribute", "rating", "--type", "choice", "--values", "half-true,false").exit_code == 0
    assert kb("add", "attribute", "cells", "--type", "number").exit_code == 0
    mapping = BASE_MAP + '  attributes: {rating: "{rating}", cells: "{cells}"}\nvalues:\n' \
                         '  attributes: {rating: {Barely-True: "false"}}\n'
    result = run(kb, 'id,text,rating,cells\nA,One.,HALF-TRUE,"1,500"\nB,Two.,barely-true,7\n', mapping)
    assert result.exit_code == 0, result.output
    assert "attributes:\n  rating: half-true\n  cells: 1500\n" in claim(kb, "A")
    assert "attributes:\n  rating: \"false\"\n  cells: 7\n" in claim(kb, "B")
    assert "rows.csv:2: attributes.rating 'HALF-TRUE' -> 'half-true' (normalised)" in result.stdout
    assert json.loads(kb("stats", "--format", "json").stdout)  # the attribute answers


def test_a_line_break_in_a_one_line_field_is_folded_and_said_and_names_come_from_a_column(kb):
    mapping = BASE_MAP.replace("speaker: jane-doe", 'speaker: "{who}"') + '  product: "{product}"\n' + textwrap.dedent("""\
        entities:
          speaker:
            create: true
            name: "{full_name}"
            fields: {role: "{job}"}
        """)
    csv = 'id,text,who,full_name,job,product\nA,"One\nclaim.",jd-7,Jo Doe,"Chief\nExecutive","Cell\nA"\n'
    result = run(kb, csv, mapping)
    assert result.exit_code == 0, result.output
    out = result.stdout.replace(f"{kb.root}/", "")
    assert "rows.csv:2: product: a line break folded to a space (1 in all) (normalised)" in out
    assert "rows.csv:2: person 'jd-7': role: a line break folded to a space (1 in all) (normalised)" in out
    a = claim(kb, "A")
    assert 'claim: "One\\nclaim."\n' in a and "product: Cell A\n" in a and "speaker: jo-doe\n" in a
    assert "- id: jo-doe\n  name: Jo Doe\n  aliases: [jd-7]\n  role: Chief Executive\n" in \
        (kb.root / "claims/registry/people.yaml").read_text()


def test_json_true_and_false_are_written_as_the_words(kb):
    rows = '{"id": "1", "text": "Acme will open a plant.", "public": true}\n' \
           '{"id": "2", "text": "Acme will close a plant.", "public": false}\n'
    result = run(kb, rows, BASE_MAP + '  note: "public: {public}"\n', "rows.jsonl")
    assert result.exit_code == 0, result.output
    notes = {path.name: [line for line in path.read_text().splitlines() if line.startswith("note:")]
             for path in (kb.root / "claims/reg").glob("*.yaml")}
    assert notes == {"jane-doe-acme-open-plant.yaml": ['note: "public: true"'],
                     "jane-doe-acme-close-plant.yaml": ['note: "public: false"']}


def test_mistakes_in_a_mapping_file_are_named_at_their_place(tmp_path):
    from kb.edit.import_mapping import MappingError, load_mapping

    def refusal(text: str) -> str:
        (tmp_path / "map.yaml").write_text(text)
        with pytest.raises(MappingError) as refused:
            load_mapping(tmp_path / "map.yaml", "map.yaml")
        return str(refused.value)

    fields = 'fields:\n  claim: "{text}"\n'
    assert refusal("# to be written\n") == \
        "map.yaml:1:1: a mapping file is 'key: value' lines: system, external, fields, ..."
    assert refusal("external: id\n" + fields) == \
        "map.yaml:1:1: 'system' is required: the data set's name, e.g. politifact"
    assert refusal("system: reg\nexternal: id\nfields: {}\n") == \
        "map.yaml:3:9: 'fields' is required: claim field -> template"
    assert refusal("system: reg\nexternal: id\nencoding: undefined\n" + fields) == \
        "map.yaml:3:11: 'encoding: undefined' is not an encoding kb can read line by line; use utf-8, latin-1, " \
        "cp1252 or another that writes a newline as one byte"
    assert refusal("system: reg\nexternal: id\n" + fields + "entities:\n  company:\n    kind: company\n"
                   "    file: claims/registry/makers.txt\n") == \
        "map.yaml:8:11: 'file' must be a .yaml file in claims/registry/"
    assert refusal("system: reg\nexternal: id\nfields: [claim\n").startswith("map.yaml:4:1: ")


def test_a_header_that_is_not_utf8_is_named_with_what_to_do(kb):
    result = run(kb, b"id,t\xe9xt\nA,First claim.\n", BASE_MAP)
    assert (result.exit_code, result.stderr) == (
        1, f"kb: error: {kb.root}/rows.csv:1: the header: byte 0xe9 at line 1, column 5 is not UTF-8; save the file "
           "as UTF-8, or name its encoding in the mapping (encoding: latin-1, cp1252, ...)\n")


def test_a_quote_inside_a_cell_is_read_as_spreadsheets_read_it(kb):
    result = run(kb, 'id,text\nA,"Acme" will open a plant.\n', BASE_MAP)
    assert result.exit_code == 0, result.output
    assert "\nclaim: Acme will open a plant.\n" in claim(kb, "A")


def test_a_number_attribute_that_is_no_number_rejects_its_row(kb):
    (kb.root / "claims/registry/attributes.yaml").write_text("- name: jobs\n  type: number\n")
    result = run(kb, "id,text,jobs\nA,First claim.,\"1,500\"\nB,Second claim.,about 900\n",
                 BASE_MAP + '  attributes: {jobs: "{jobs}"}\n')
    assert result.exit_code == 1
    assert "attributes:\n  jobs: 1500\n" in claim(kb, "A")
    assert f"{kb.root}/rows.csv:3: rejected: attribute jobs: expected a number, got text; fix: correct the cell " \
           "named, or map it through the mapping's values:, defaults: or formats:\n" in result.stdout
    assert rejects(kb)[1:] == ["# kb: line 3: attribute jobs: expected a number, got text; fix: correct the cell "
                               "named, or map it through the mapping's values:, defaults: or formats:",
                               "B,Second claim.,about 900"]


def test_an_owner_is_translated_as_the_company_is(kb):
    mapping = BASE_MAP + '  company: "{owner}"\n  factory: "{site}"\nvalues:\n  company: {"acme inc.": acme}\n' \
                         'entities:\n  factory:\n    create: true\n    fields: {owner: "{owner}"}\n'
    result = run(kb, "id,text,owner,site\nA,First claim.,ACME Inc.,Lorain\n", mapping)
    assert result.exit_code == 0, result.output
    assert "company: acme\n" in claim(kb, "A")
    factories = (kb.root / "claims/registry/factories.yaml").read_text()
    assert "- id: acme-lorain\n  name: Lorain\n  owner: acme\n" in factories


def test_a_row_nearly_the_same_as_a_claim_of_the_knowledge_base_is_said(kb):
    from conftest import claim_text

    (kb.root / "claims/a.yaml").write_text(claim_text("a", claim="Acme will open a plant in Ohio."))
    result = run(kb, "id,text\nA,Acme will open a new plant in Ohio.\nB,Globex will close a mine.\n", BASE_MAP)
    assert result.exit_code == 0, result.output
    new = claim(kb, "A").split("\n")[0][4:]
    assert [line for line in result.stdout.splitlines() if "near-duplicate" in line] == [
        f"{kb.root}/rows.csv:2: {new} is nearly the same claim by the same speaker as a, already in the knowledge "
        "base; kb check will warn: merge them, or relate them if they differ (near-duplicate)"]


def test_a_large_import_writes_what_a_small_one_writes(make_kb, kb_at, monkeypatch, tmp_path_factory):
    # from SPOOL_FROM rows on, the texts to write wait in a temporary file instead of in memory
    import shutil

    import kb.commands.importing

    small = make_kb({})
    large = tmp_path_factory.mktemp("large") / "kb"
    shutil.copytree(small, large)
    data = "id,text\nA,First claim.\nB,Second claim with a longer text.\nC,Third.\n"
    written = []
    for root, spool_from in ((small, 1_000_000), (large, 1)):
        monkeypatch.setattr(kb.commands.importing, "SPOOL_FROM", spool_from)
        assert run(kb_at(root), data, BASE_MAP).exit_code == 0
        written.append({p.name: p.read_text() for p in (root / "claims/reg").glob("*.yaml")})
    assert len(written[0]) == 3 and written[1] == written[0]
    assert written[1]["jane-doe-second-claim-longer-text.yaml"].startswith(
        "id: jane-doe-second-claim-longer-text\nclaim: Second claim with a longer text.\n")


def test_rows_nearly_the_same_as_rows_of_a_thousand_before_are_found(kb):
    letters = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike".split()
    texts = [f"Acme line {i} in {letters[i % 13]} {letters[i // 13 % 13]} {letters[i // 169]} makes cells."
             for i in range(1100)]  # 9,900 words: the near-duplicate index grows twice
    echoes = [0, *range(7, 1100, 37)]  # a word added to the first row, a word left out of 30 others
    later = [texts[0].replace(".", " again.")] + [texts[k].replace(" makes", "") for k in echoes[1:]]
    data = "id,text\n" + "".join(f"{i},{t}\n" for i, t in enumerate(texts + later))
    result = run(kb, data, BASE_MAP)
    assert result.exit_code == 0, result.output
    ids = {}
    for path in (kb.root / "claims/reg").glob("*.yaml"):
        text = path.read_text()
        ids[int(text.split("\n  reg: ")[1].split("\n")[0].strip('"'))] = text.split("\n")[0][4:]
    assert [line for line in result.stdout.splitlines() if "near-duplicate" in line] == [
        f"{kb.root}/rows.csv:{1102 + n}: {ids[1100 + n]} is nearly the same claim by the same speaker as {ids[k]} "
        f"(line {k + 2}), and differs in another field; imported, related to it (near-duplicate)"
        for n, k in enumerate(echoes)]
    assert f"related: [{ids[0]}]\n" in claim(kb, "1100")


def test_mv_keeps_a_record_written_before_fingerprints(kb):
    import hashlib

    assert run(kb, "id,text\nA,First claim.\n", BASE_MAP).exit_code == 0
    records = kb.root / ".kb-import/reg.tsv"
    old = claim(kb, "A").split("\n")[0][4:]
    lines = records.read_text().splitlines()
    three = [line if line.startswith("#") else "\t".join(line.split("\t")[:3]) for line in lines]  # an older kb's
    records.write_text("\n".join(three) + "\n")
    moved = kb("mv", old, "first-claim")
    assert (moved.exit_code, moved.stderr) == (0, f"claim {old} renamed first-claim; 1 reference in 2 files\n")
    entry = [line for line in records.read_text().splitlines() if not line.startswith("#")]
    written = hashlib.sha256((kb.root / "claims/reg/first-claim.yaml").read_bytes()).hexdigest()
    assert entry == [f"A\tfirst-claim\t{written}"]


def test_a_product_named_after_its_plant_is_not_said_twice_in_the_id(kb):
    mapping = BASE_MAP + '  company: acme\n  factory: acme-springfield\n  product: "{product}"\n'
    result = run(kb, "id,text,product\nA,Acme will open its cell line.,Springfield Cells\n"
                     "B,Acme will open its cathode line.,Cathode Materials\n", mapping)
    assert result.exit_code == 0, result.output
    assert claim(kb, "A").startswith("id: acme-springfield-open-cell-line\n")
    assert claim(kb, "B").startswith("id: acme-springfield-cathode-open-line\n")


def test_a_default_for_a_field_the_mapping_does_not_fill_is_written(kb):
    result = run(kb, "id,text\nA,First claim.\n", BASE_MAP + "defaults:\n  note: From the register.\n")
    assert result.exit_code == 0, result.output
    assert "\nnote: From the register.\n" in claim(kb, "A")


def test_a_cell_over_the_size_csv_reads_rejects_its_row_and_the_next_rows_are_read(kb, monkeypatch):
    from kb.edit import importer

    monkeypatch.setattr(importer, "CSV_FIELD_LIMIT", 1000)  # 64 MiB, made small for the test
    result = run(kb, 'id,text\nA,"' + "x" * 1500 + '"\nB,Second claim.\n', BASE_MAP)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (f"{kb.root}/rows.csv:2: rejected: not CSV (field larger than field "
                                             "limit (1000)); fix: check the quoting of this row")
    assert "\nclaim: Second claim.\n" in claim(kb, "B")


def test_the_progress_bar_s_total_is_the_file_s_line_count(tmp_path):
    from kb.edit.importer import count_lines

    path = tmp_path / "rows.csv"
    path.write_bytes(b"id,text\n" + b"A,First claim.\n" * 150_000)  # over a megabyte: read in blocks
    assert count_lines(path) == 150_001
    assert count_lines(tmp_path / "gone.csv") == 0


def test_a_thousand_id_collisions_are_listed_and_the_rest_counted(kb):
    rows = "".join(f"{i},Acme will open its big cell plant in Ohio as number {i}.\n" for i in range(1002))
    result = run(kb, "id,text\n" + rows, BASE_MAP, "rows.csv", "--dry-run")
    assert result.exit_code == 0, result.output
    listed = [line for line in result.stdout.splitlines() if line.endswith("(id collision)")]
    assert len(listed) == 1000 and listed[0].startswith(f"{kb.root}/rows.csv:3: id ")  # the second row's
    assert "... and 1 more id collisions\n" in result.stdout
    assert "1001 id collisions (resolved with the external id)" in result.stderr


def test_a_short_csv_row_is_rejected_with_the_headers_count(kb):
    # found by mutation testing (docs/testing.md): the reason names the header, which gave the columns
    result = run(kb, "id,text\nA,Fine.\nB\n", BASE_MAP)
    assert result.exit_code == 1
    assert rejects(kb) == [
        "id,text",
        "# kb: line 3: 1 cells where the header has 2; fix: check the quoting of this row; each row needs 2 cells",
        "B"]


def test_a_large_import_with_a_rejected_row_writes_and_says_what_a_small_one_does(make_kb, kb_at, monkeypatch,
                                                                                   tmp_path_factory):
    # found by mutation testing (docs/testing.md): a rejected row has no text to set aside in the spool
    import shutil

    import kb.commands.importing

    small = make_kb({})
    large = tmp_path_factory.mktemp("large") / "kb"
    shutil.copytree(small, large)
    data = "id,text\nA,First claim.\nB\nC,Third claim.\n"
    seen = []
    for root, spool_from in ((small, 1_000_000), (large, 1)):
        monkeypatch.setattr(kb.commands.importing, "SPOOL_FROM", spool_from)
        result = run(kb_at(root), data, BASE_MAP)
        seen.append((result.exit_code, sorted(p.name for p in (root / "claims/reg").glob("*.yaml")),
                     result.stderr.replace(str(root), "ROOT")))
    assert seen[1] == seen[0]
    assert seen[0][:2] == (1, ["jane-doe-first-claim.yaml", "jane-doe-third-claim.yaml"])


def test_an_entity_of_a_rejected_row_is_added_by_the_next_row_naming_it_once_and_plainly(kb):
    # found by mutation testing (docs/testing.md): what a rejected row added is taken back whole
    mapping = BASE_MAP.replace("speaker: jane-doe", 'speaker: "{who}"') + textwrap.dedent("""\
        entities:
          speaker:
            kind: person
            create: true
        """)
    result = run(kb, "id,text,who\n1,,zeta-lind\n2,Two.,zeta-lind\n", mapping)
    assert result.exit_code == 1
    assert "rows.csv:2: rejected: " in result.stdout and "probably" not in result.stdout
    people = (kb.root / "claims/registry/people.yaml").read_text()
    assert people.count("- id: zeta-lind\n  name: Zeta Lind\n") == 1 and "zeta-lind-2" not in people
    assert "speaker: zeta-lind\n" in claim(kb, "2")
    assert kb("check", "--strict").exit_code == 0


def test_a_choice_written_in_another_case_is_the_choice(kb):
    # found by mutation testing (docs/testing.md)
    result = run(kb, "id,text,status\nA,First claim.,Planned\n", BASE_MAP.replace("status: statement",
                                                                                  'status: "{status}"'))
    assert result.exit_code == 0, result.output
    assert "status: planned\n" in claim(kb, "A")


def test_a_milestone_and_a_when_in_the_mappings_format_are_written_and_a_date_not_in_it_rejects_its_row(kb):
    # found by mutation testing (docs/testing.md)
    mapping = BASE_MAP + '  milestone: "{step}"\n  when: "{day}"\nformats:\n  when: "%d/%m/%Y"\n'
    result = run(kb, "id,text,step,day\nA,First claim.,mass-production,15/03/2026\n"
                     "B,Second claim.,mass-production,2026-03-15\n", mapping)
    assert result.exit_code == 1
    assert "milestone: mass-production\nwhen: 2026-03-15\n" in claim(kb, "A")
    assert rejects(kb)[1] == ("# kb: line 3: when '2026-03-15' does not match the format %d/%m/%Y; fix: write it "
                              "as %d/%m/%Y (or change formats: when in the mapping)")


def test_a_companys_long_id_gives_a_claim_id_its_first_two_words(kb):
    # found by mutation testing (docs/testing.md): an id over 24 characters is cut to two words, at 25 too
    companies = kb.root / "claims/registry/companies.yaml"
    companies.write_text(companies.read_text() + "\n- id: northern-lights-batteries\n  name: Northern Lights Batteries\n")
    result = run(kb, "id,text\nA,Northern Lights will open a cell plant.\n",
                 BASE_MAP + "  company: northern-lights-batteries\n")
    assert result.exit_code == 0, result.output
    assert claim(kb, "A").startswith("id: northern-lights-open-cell-plant\n")


def test_a_registry_file_an_import_would_grow_over_the_limit_is_named_at_its_first_line(kb, monkeypatch):
    # found by mutation testing (docs/testing.md); the limit lowered, as a real one would take a 10 MB file
    import kb.edit.importer as importer

    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 50)
    mapping = BASE_MAP.replace("speaker: jane-doe", 'speaker: "{who}"') + textwrap.dedent("""\
        entities:
          speaker:
            kind: person
            create: true
        """)
    people = (kb.root / "claims/registry/people.yaml").read_text()
    result = run(kb, "id,text,who\n1,One.,zeta-lind\n", mapping)
    assert result.exit_code == 1
    assert result.stderr.startswith(  # 60 bytes of people.yaml, and 35 for zeta-lind
        "claims/registry/people.yaml:1:1: error: would grow to 95 bytes, over kb's 50-byte limit for a file; give the "
        "entities a file of their own in a kind folder (entities: ...: file: claims/registry/people/reg.yaml) "
        "[too-large]\n")
    assert result.stderr.endswith("kb: error: nothing imported: the new entities above do not validate\n")
    assert (kb.root / "claims/registry/people.yaml").read_text() == people and not (kb.root / "claims/reg").exists()


def test_an_import_that_fails_while_writing_puts_back_every_file_it_wrote(kb, monkeypatch):
    # found by mutation testing (docs/testing.md): the registry file and the claims written before the record
    # failed are put back as they were
    import kb.store.atomic as atomic

    real = atomic.write_many_atomic
    calls = []

    def failing_third(items, root=None, done=None):
        calls.append(len(items))
        if len(calls) == 3:  # the registry files, the claims, then the record
            raise OSError("disk full")
        return real(items, root, done)

    monkeypatch.setattr(atomic, "write_many_atomic", failing_third)
    mapping = BASE_MAP.replace("speaker: jane-doe", 'speaker: "{who}"') + textwrap.dedent("""\
        entities:
          speaker:
            kind: person
            create: true
        """)
    people = (kb.root / "claims/registry/people.yaml").read_text()
    result = run(kb, "id,text,who\n1,One.,zeta-lind\n2,Two.,zeta-lind\n", mapping)
    assert (result.exit_code, calls) == (1, [1, 2, 1]), result.stderr
    assert result.stderr.endswith("kb: error: nothing imported: disk full\n")
    assert (kb.root / "claims/registry/people.yaml").read_text() == people
    assert list((kb.root / "claims/reg").glob("*.yaml")) == [] and not (kb.root / ".kb-import/reg.tsv").exists()
