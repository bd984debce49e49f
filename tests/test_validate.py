"""kb.validate: each value checked against the schema, each problem on its line and column.

The files are read as `kb` reads them (kb.load), and every problem is compared as the whole
line a user sees; the expected lines are written out by hand.
"""

from __future__ import annotations

import pytest

from conftest import claim_text
from kb.load import claim_from, entities_from, parse_text
from kb.schema import where


def claim_problems(text: str) -> list[str]:
    doc, problems = parse_text("claims/x.yaml", text)
    assert problems == []
    claim, problems = claim_from("claims/x.yaml", doc)
    assert (claim is None) == bool(problems)
    return [str(p) for p in problems]


def registry_problems(name: str, text: str) -> list[str]:
    doc, problems = parse_text(f"claims/registry/{name}", text, is_registry=True)
    assert problems == []
    return [str(p) for p in entities_from(f"claims/registry/{name}", doc)[1]]


def source(**fields: str) -> str:
    return "- id: s\n  title: S\n  kind: article\n" + "".join(f"  {k}: {v}\n" for k, v in fields.items())


# ---------------------------------------------------------------- paths, web addresses, dates, years

@pytest.mark.parametrize("archive", ["../..", "../outside.txt", "sources/../../x.txt", "/etc/passwd",
                                     "sources\\\\x.txt", "2024", "..", "sources/.."])
def test_an_archive_outside_the_repository_or_not_a_relative_path_is_refused(archive):
    assert registry_problems("sources.yaml", source(archive=f'"{archive}"' if "\\" in archive else archive)) == [
        "claims/registry/sources.yaml:4:12: error: 'archive': expected a path relative to the repository root, "
        "without '..' [bad-value]"]


@pytest.mark.parametrize("archive", ["sources/a.txt", "a.txt", "sources/x..y.txt", "sources/.hidden/a.txt"])
def test_a_relative_archive_path_is_accepted(archive):
    assert registry_problems("sources.yaml", source(archive=archive)) == []


@pytest.mark.parametrize("url, ok", [("https://example.com/a", True), ("http://example.com", True),
                                     ("ftp://example.com", False), ("https://", False), ("example.com", False),
                                     ('"https://example.com/a b"', False)])
def test_web_addresses(url, ok):
    expected = [] if ok else ["claims/registry/sources.yaml:4:8: error: 'url': expected a web address starting "
                              "with http:// or https:// [bad-value]"]
    assert registry_problems("sources.yaml", source(url=url)) == expected


@pytest.mark.parametrize("said, message", [
    ("2024", None), ("2024-02", None), ("2024-02-29", None), ("1900-01-01", None), ("2100-12-31", None),
    ("2023-02-29", "'said': '2023-02-29' is not a real date (day is out of range for month)"),
    ("2024-00", "'said': '2024-00' is not a real date (month must be in 1..12)"),
    ("1899-12-31", "'said': year 1899 is outside 1900..2100"),
    ("2101", "'said': year 2101 is outside 1900..2100"),
    ("2024-1", "'said': '2024-1' is not a date like 2024, 2024-03 or 2024-03-06"),
    ("24-01-01", "'said': '24-01-01' is not a date like 2024, 2024-03 or 2024-03-06"),
    ("true", "'said': expected a date like 2024, 2024-03 or 2024-03-06, got true/false"),
    ("[2024]", "'said': expected a date like 2024, 2024-03 or 2024-03-06, got a list"),
    ("2024.5", "'said': expected a date like 2024, 2024-03 or 2024-03-06, got a number"),
])
def test_dates(said, message):
    expected = [] if message is None else [f"claims/x.yaml:8:7: error: {message} [bad-value]"]
    assert claim_problems(claim_text("x", said=said)) == expected


@pytest.mark.parametrize("key", ["when", "year"])  # an old `year:` loads as `when:`, named as the file names it
@pytest.mark.parametrize("value, message", [
    ("1900", None), ("2100", None), ("2024", None),
    ('"2024"', None),  # a period is text: quoted or not, the same year
    ("1899", "year 1899 is outside 1900..2100"), ("2101", "year 2101 is outside 1900..2100"),
    ("true", "expected a period such as 2026, 2026-H2 or 2025-late, got true/false"),
    ("[2024]", "expected a period such as 2026, 2026-H2 or 2025-late, got a list"),
])
def test_years(key, value, message):
    expected = [] if message is None else [f"claims/x.yaml:8:7: error: '{key}': {message} [bad-value]"]
    assert claim_problems(claim_text("x", **{key: value})) == expected


# ---------------------------------------------------------------- ids, references, choices, text

@pytest.mark.parametrize("value, got", [("42", "a number"), ("[jane-doe]", "a list"), ("true", "true/false"),
                                        ('"jane-doe\\nacme"', "text")])
def test_a_malformed_reference_says_an_id_was_expected(value, got):
    assert claim_problems(claim_text("x", speaker=value)) == [
        f"claims/x.yaml:3:10: error: 'speaker': expected an id (person, company, source), got {got} [bad-value]"]


@pytest.mark.parametrize("value", ["Jane Doe", "jane_doe"])
def test_a_name_where_an_id_belongs_is_left_to_kb_check(value):
    """One line of text loads: only the whole knowledge base knows which id it names (kb.checks.references)."""
    assert claim_problems(claim_text("x", speaker=value)) == []


def test_a_malformed_reference_in_a_list_is_reported_at_its_item():
    assert claim_problems(claim_text("x", concerns="[globex, Initech Corp, 7, [a]]")) == [
        "claims/x.yaml:8:34: error: 'concerns': expected an id (company), got a number [bad-value]",
        "claims/x.yaml:8:37: error: 'concerns': expected an id (company), got a list [bad-value]",
    ]


@pytest.mark.parametrize("value", ["X", "-x", "x-", "x y", "é"])
def test_bad_ids(value):
    assert claim_problems(claim_text(value)) == [
        f"claims/x.yaml:1:5: error: 'id': '{value}' is not a valid id: use lowercase letters, digits and "
        "hyphens [bad-value]"]


def test_a_misspelt_choice_gets_a_suggestion():
    assert claim_problems(claim_text("x", status="planed")) == [
        "claims/x.yaml:5:9: error: 'status': 'planed' is not allowed; did you mean 'planned'? use one of: planned, "
        "considering, underway, done, cancelled, statement, opinion [bad-status]"]


def test_text_limits():
    assert claim_problems(claim_text("x", claim='"' + "a" * 5000 + '"')) == []
    assert claim_problems(claim_text("x", claim='"' + "a" * 5001 + '"')) == [
        "claims/x.yaml:2:8: error: 'claim' is 5001 characters long, over the 5000 limit [bad-value]"]
    assert claim_problems(claim_text("x", claim='" "')) == [
        "claims/x.yaml:2:8: error: 'claim' is empty; write the value or remove the key [bad-value]"]
    assert claim_problems(claim_text("x", note='"first line\\nsecond line"')) == []
    assert claim_problems(claim_text("x", product='"4680\\nLFP"')) == [
        "claims/x.yaml:8:10: error: 'product' must be one line [bad-value]"]
    assert claim_problems(claim_text("x", product='" 4680\\n"')) == []


def test_list_items():
    assert claim_problems(claim_text("x", tags="[2024, a-b, Big]")) == [
        "claims/x.yaml:8:19: error: 'tags': tag 'Big' must be lowercase letters, digits and hyphens [bad-value]"]
    assert claim_problems(claim_text("x", tags="[a, b, a]")) == [
        "claims/x.yaml:8:14: error: 'tags': 'a' is listed twice; remove one [bad-value]"]
    assert claim_problems(claim_text("x", tags="cells")) == [
        "claims/x.yaml:8:7: error: 'tags': expected a list such as [a, b], got text [wrong-type]"]
    assert registry_problems("companies.yaml", "- id: c\n  name: C\n  aliases: [C1, '', C1]\n") == [
        "claims/registry/companies.yaml:3:17: error: 'aliases' is empty; write the value or remove the key "
        "[bad-value]",
        "claims/registry/companies.yaml:3:21: error: 'aliases': 'C1' is listed twice; remove one [bad-value]",
    ]


# ---------------------------------------------------------------- inferred

@pytest.mark.parametrize("name", ["id", "inferred", "colour"])
def test_inferred_names_only_fields_that_can_be_implied(name):
    text = claim_text("x", when=2024) + f"inferred:\n  {name}: next year\n"
    assert claim_problems(text) == [
        f"claims/x.yaml:10:3: error: 'inferred' names '{name}', which is not a field [bad-value]"]


def test_inferred_problems():
    assert claim_problems(claim_text("x") + "inferred:\n  when: next year\n") == [
        "claims/x.yaml:9:3: error: 'inferred' explains 'when', which the claim does not set; add it or remove "
        "this line [bad-value]"]
    # an old `inferred: {year: ...}` explains `when` (its new name), which this claim does not set either
    assert claim_problems(claim_text("x") + "inferred:\n  year: next year\n") == [
        "claims/x.yaml:9:3: error: 'inferred' explains 'when', which the claim does not set; add it or remove "
        "this line [bad-value]"]
    assert claim_problems(claim_text("x", when=2024) + 'inferred:\n  when: ""\n') == [
        "claims/x.yaml:10:9: error: 'inferred' is empty; write the value or remove the key [bad-value]"]
    assert claim_problems(claim_text("x", when=2024, inferred="next year")) == [
        "claims/x.yaml:9:11: error: 'inferred' must be 'key: value' lines under it, e.g. 'when: later this year' "
        "[wrong-type]"]


# ---------------------------------------------------------------- keys

def test_a_misspelt_key_is_not_also_reported_missing():
    assert claim_problems(claim_text("x").replace("quote:", "qoute:")) == [
        "claims/x.yaml:7:1: error: unknown key 'qoute'; did you mean 'quote'? [unknown-key]"]


def test_a_key_close_to_one_already_present_gets_the_list_of_keys():
    assert claim_problems(claim_text("x") + "speakerr: globex\n") == [
        "claims/x.yaml:8:1: error: unknown key 'speakerr'; allowed keys: id, claim, speaker, company, concerns, "
        "product, factory, when, said, status, source, quote, quote_kind, quantities, attributes, tags, supports, "
        "contradicts, supersedes, elaborates, related, inferred, external, note [unknown-key]"]


def test_missing_keys():
    assert claim_problems("id: x\nclaim: C.\n") == [
        "claims/x.yaml:1:1: error: missing required keys: speaker, status, source, quote; see `kb schema` or README "
        "[missing-key]"]
    assert claim_problems(claim_text("x", status=None)) == [
        "claims/x.yaml:1:1: error: missing required key 'status' (what kind of claim this is) [missing-key]"]


def test_empty_values_and_documents():
    assert claim_problems(claim_text("x", factory="")) == [
        "claims/x.yaml:8:9: error: 'factory' is empty; write its value, or remove the key when it is unknown "
        "[empty-value]"]
    assert claim_problems("[a, b]\n") == [
        "claims/x.yaml:1:1: error: expected a claim as 'key: value' lines, got a list [not-a-mapping]"]


def test_a_valid_claim_keeps_every_value_and_its_place():
    doc, _ = parse_text("claims/x.yaml", claim_text("x", concerns="[globex]", when="2024-H2", said=2024,
                                                     tags="[cells, 4680]", note="Checked."))
    claim, problems = claim_from("claims/x.yaml", doc)
    assert problems == []
    assert (claim.id, claim.concerns, claim.when, claim.said, claim.tags, claim.note) == (
        "x", ("globex",), "2024-H2", "2024", ("cells", "4680"), "Checked.")
    assert claim.positions == ("id 1 5;claim 2 8;speaker 3 10;company 4 10;status 5 9;source 6 9;quote 7 8;"
                               "concerns 8 11;concerns.0 8 12;when 9 7;said 10 7;tags 11 7;tags.0 11 8;"
                               "tags.1 11 15;note 12 7")


def test_an_old_year_key_loads_as_when_at_its_place():
    doc, _ = parse_text("claims/x.yaml", claim_text("x", year=2024) + "inferred:\n  year: next year\n")
    claim, problems = claim_from("claims/x.yaml", doc)
    assert problems == []
    assert (claim.when, claim.inferred) == ("2024", {"when": "next year"})
    assert (where(claim, "when"), where(claim, "inferred.when")) == ((8, 7), (10, 9))


def test_registry_entries():
    assert registry_problems("sources.yaml", "- id: s\n  title: S\n  kind: blog\n") == [
        "claims/registry/sources.yaml:3:9: error: 'kind': 'blog' is not allowed; use one of: article, press-release, "
        "filing, transcript, report, social, other [bad-value]"]
    assert registry_problems("companies.yaml", "- just a name\n- id: c\n  name: C\n- 7\n- \n") == [
        "claims/registry/companies.yaml:1:3: error: expected a company as 'key: value' lines, got text "
        "[not-a-mapping]",
        "claims/registry/companies.yaml:4:3: error: expected a company as 'key: value' lines, got a number "
        "[not-a-mapping]",
        "claims/registry/companies.yaml:5:2: error: expected a company as 'key: value' lines, got empty "
        "[not-a-mapping]",
    ]


def test_every_problem_of_a_file_is_reported_not_only_the_first():
    text = ("id: x\ncolour: red\nclaim: C.\nfactory:\nspeaker: jane-doe\ninferred: later\nstatus: rumour\n"
            "source: daily-news\nquote: Q.\n")
    assert claim_problems(text) == [
        "claims/x.yaml:2:1: error: unknown key 'colour'; allowed keys: id, claim, speaker, company, concerns, "
        "product, factory, when, said, status, source, quote, quote_kind, quantities, attributes, tags, supports, "
        "contradicts, supersedes, elaborates, related, inferred, external, note [unknown-key]",
        "claims/x.yaml:4:9: error: 'factory' is empty; write its value, or remove the key when it is unknown "
        "[empty-value]",
        "claims/x.yaml:6:11: error: 'inferred' must be 'key: value' lines under it, e.g. 'when: later this year' "
        "[wrong-type]",
        "claims/x.yaml:7:9: error: 'status': 'rumour' is not allowed; use one of: planned, considering, underway, "
        "done, cancelled, statement, opinion [bad-status]",
    ]


def test_only_the_closest_key_counts_as_misspelt():
    """'statsource' is close to both missing keys; it is taken for 'source' only, so 'status' is missing."""
    assert claim_problems(claim_text("x", status=None, source=None) + "statsource: planned\n") == [
        "claims/x.yaml:6:1: error: unknown key 'statsource'; did you mean 'source'? [unknown-key]",
        "claims/x.yaml:1:1: error: missing required key 'status' (what kind of claim this is) [missing-key]",
    ]


def test_one_line_values_in_lists_and_inferred():
    assert registry_problems("companies.yaml", '- id: c\n  name: C\n  aliases: ["C\\nD", E]\n') == [
        "claims/registry/companies.yaml:3:13: error: 'aliases' must be one line [bad-value]"]
    assert claim_problems(claim_text("x", when=2024) + 'inferred:\n  when: "next\\nyear"\n') == [
        "claims/x.yaml:10:9: error: 'inferred' must be one line [bad-value]"]


def test_quantities_that_are_not_amounts():
    assert claim_problems(claim_text("x") + "quantities:\n  capacity: {a: 1}\n  jobs: [[5]]\n  workers: true\n") == [
        "claims/x.yaml:9:13: error: 'quantities': expected an amount such as '53 GWh/yr', got dict [bad-value]",
        "claims/x.yaml:10:9: error: 'quantities': expected an amount such as '53 GWh/yr', got list [bad-value]",
        "claims/x.yaml:11:12: error: 'quantities': expected an amount such as '53 GWh/yr', got bool [bad-value]",
    ]
