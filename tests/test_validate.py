"""kb.model.validate: each value checked against the schema, each problem on its line and column.

The files are read as `kb` reads them (kb.store.load), and every problem is compared as the whole
line a user sees; the expected lines are written out by hand.
"""

from __future__ import annotations

import pytest
from conftest import claim_text

from kb.model.schema import where
from kb.store.load import claim_from, entities_from, parse_text


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
        "product, factory, milestone, when, said, status, source, quote, quote_kind, quantities, attributes, tags, supports, "
        "contradicts, supersedes, elaborates, related, inferred, external, note [unknown-key]"]


def test_missing_keys():
    assert claim_problems("id: x\nclaim: C.\n") == [
        "claims/x.yaml:1:1: error: missing required keys: speaker, status, source, quote; see `kb schema` or docs/format.md "
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
        "product, factory, milestone, when, said, status, source, quote, quote_kind, quantities, attributes, tags, supports, "
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


# ---------------------------------------------------------------- the kinds of the claim model (kb.model.kinds)

def claim_of(text: str):
    doc, _ = parse_text("claims/x.yaml", text)
    claim, problems = claim_from("claims/x.yaml", doc)
    assert problems == []
    return claim


@pytest.mark.parametrize("when, message", [
    ("2026-H1..2027", None), ("FY2027-Q3", None), ("..2027", None),
    ("next year", "'next year' is relative: write the period it means (e.g. 2025) and add `inferred: {when: next "
                  "year}` to say the source only implies it"),
    ("Later", "'Later' is relative: write the period it means (e.g. 2025) and add `inferred: {when: Later}` to say "
              "the source only implies it"),
    ("the coming years", "'the coming years' is relative: write the period it means (e.g. 2025) and add "
                         "`inferred: {when: the coming years}` to say the source only implies it"),
    ('"~2025"', "'~2025' is not a period: write the period the words point to (e.g. 2025) and add `inferred: "
                "{when: <the source's words>}` to say the source only implies it"),
    ("2026-ish", "'2026-ish' is not a period: write the period the words point to (e.g. 2026) and add `inferred: "
                 "{when: <the source's words>}` to say the source only implies it"),
    ('"~2025-26"', "'~2025-26' is not a period: write the period the words point to (e.g. 2025) and add `inferred: "
                   "{when: <the source's words>}` to say the source only implies it"),
    ("circa", "'circa' is not a period: write the period the words point to (e.g. 2025) and add `inferred: "
              "{when: <the source's words>}` to say the source only implies it"),
    ("2026-h1", "write '2026-h1' as '2026-H1'"),
    ("2026-fall..2027", "write '2026-fall..2027' as '2026-autumn..2027'"),
    ("2026-Q5", "'2026-Q5' is not a period; write a year (2026), a half (2026-H2), a quarter (2026-Q1), a month "
                "(2026-03), a day (2026-03-15), a part of a year (2026-early, -mid, -late, -end), a season "
                "(2026-spring), a fiscal year (FY2027), or a range (2025..2026, ..2027)"),
    ("{a: 1}", "expected a period such as 2026, 2026-H2 or 2025-late, got a mapping"),
])
def test_periods_and_the_words_that_are_not_one(when, message):
    expected = [] if message is None else [f"claims/x.yaml:8:7: error: 'when': {message} [bad-value]"]
    assert claim_problems(claim_text("x", when=when)) == expected


def test_a_misspelt_quote_kind_is_a_bad_value_not_a_bad_status():
    assert claim_problems(claim_text("x", quote_kind="paraphrased")) == [
        "claims/x.yaml:8:13: error: 'quote_kind': 'paraphrased' is not allowed; did you mean 'paraphrase'? use one "
        "of: verbatim, paraphrase, translation [bad-value]"]


def test_quantities_attributes_and_external_ids_are_kept():
    claim = claim_of(claim_text("x") + "quantities:\n  capacity: 53 GWh/yr\n  investment: [about 5.5 billion USD, "
                     "about 7.2 trillion KRW]\n  jobs: 1500\nattributes:\n  rating: half-true\n  score: 3.5\n"
                     "external:\n  politifact: 21345\n  mastr: SEE912345678\n")
    assert (claim.quantities, claim.attributes, claim.external) == (
        {"capacity": "53 GWh/yr", "investment": ("about 5.5 billion USD", "about 7.2 trillion KRW"), "jobs": 1500},
        {"rating": "half-true", "score": 3.5}, {"politifact": "21345", "mastr": "SEE912345678"})


def test_what_is_wrong_in_quantities():
    text = claim_text("x") + ("quantities:\n  Capacity: 5 GWh\n  capacity: []\n  jobs: [5 jobs, 5 jobs]\n"
                              "  investment: [5 billion USD, 5 GWh]\n  share: 5 bananas\n")
    assert claim_problems(text) == [
        "claims/x.yaml:9:3: error: 'quantities': 'Capacity' is not a valid name: use lowercase letters, digits and "
        "hyphens [bad-value]",
        "claims/x.yaml:10:13: error: 'quantities': an empty list; write the amount [bad-value]",
        "claims/x.yaml:11:9: error: 'quantities': an amount is listed twice; remove one [bad-value]",
        "claims/x.yaml:12:15: error: 'quantities': '5 GWh' is energy; investment takes a currency code [bad-value]",
        "claims/x.yaml:13:10: error: 'quantities': '5 bananas' is not an amount; write [about|at least|more than|up "
        "to|less than] NUMBER [thousand|million|billion|trillion] [UNIT], e.g. '53 GWh/yr', 'about 5.5 billion "
        "USD', '1500 jobs'; units: Wh, Wh/yr, kWh, kWh/yr, MWh, MWh/yr, GWh, GWh/yr, TWh, TWh/yr, W, kW, MW, GW, t, "
        "t/yr, kt, kt/yr, Mt, Mt/yr, cells/yr, modules/yr, packs/yr, vehicles/yr, units/yr, jobs, %, or a currency "
        "code (USD, EUR, KRW, CNY, JPY, GBP, ...) [bad-value]",
    ]


@pytest.mark.parametrize("key, example", [("quantities", "capacity: 53 GWh/yr"), ("attributes", "chemistry: LFP"),
                                          ("external", "mastr: SEE912345678")])
def test_a_mapping_written_as_one_value(key, example):
    assert claim_problems(claim_text("x", **{key: "5"})) == [
        f"claims/x.yaml:8:{len(key) + 3}: error: '{key}' must be 'key: value' lines under it, e.g. '{example}' "
        "[wrong-type]"]


def test_what_is_wrong_in_attributes_and_external_ids():
    text = claim_text("x") + ("attributes:\n  verified: true\n  checked: no\n  rating: [a]\n  note: \"a\\nb\"\n"
                              "external:\n  politifact: [1, 2]\n  mastr: false\n  wiki: \"\"\n")
    assert claim_problems(text) == [
        "claims/x.yaml:9:13: error: 'attributes': got true, which YAML reads as true/false; put quotes around it: "
        "\"true\" [bad-value]",
        "claims/x.yaml:10:12: error: 'attributes': got false, which YAML reads as true/false; put quotes around it: "
        "\"false\" [bad-value]",
        "claims/x.yaml:11:11: error: 'attributes': expected text, got a list; put quotes around it if it is meant "
        "as text [bad-value]",
        "claims/x.yaml:12:9: error: 'attributes' must be one line [bad-value]",
        "claims/x.yaml:14:15: error: 'external': expected an id in that system, got a list [bad-value]",
        "claims/x.yaml:15:10: error: 'external': expected an id in that system, got true/false [bad-value]",
        "claims/x.yaml:16:9: error: 'external' is empty; write the value or remove the key [bad-value]",
    ]


def test_inferred_names_are_field_names():
    assert claim_problems(claim_text("x", when=2024) + "inferred:\n  When: next year\n") == [
        "claims/x.yaml:10:3: error: 'inferred' names 'When', which is not a field [bad-value]"]
    assert claim_of(claim_text("x", when=2024, quote_kind="paraphrase") + "inferred:\n  when: next year\n"
                    "  quote_kind: the article paraphrases\n").inferred == {
        "when": "next year", "quote_kind": "the article paraphrases"}


# ---------------------------------------------------------------- registry kinds: months, roles, values

@pytest.mark.parametrize("value, message", [
    ("1", None), ("12", None),
    ("13", "expected a month number from 1 to 12, got 13"), ("0", "expected a month number from 1 to 12, got 0"),
    ('"3"', "expected a month number from 1 to 12, got '3'"), ("true", "expected a month number from 1 to 12, got True"),
])
def test_fiscal_year_end(value, message):
    expected = [] if message is None else [
        f"claims/registry/companies.yaml:3:20: error: 'fiscal_year_end': {message} [bad-value]"]
    assert registry_problems("companies.yaml", f"- id: c\n  name: C\n  fiscal_year_end: {value}\n") == expected


def person(roles: str) -> str:
    return f"- id: p\n  name: P\n  roles:\n{roles}"


def test_roles_over_time_are_kept_with_their_dates_as_text():
    doc, problems = parse_text("claims/registry/people.yaml", person(
        "    - {role: CEO, company: acme, from: 2023-11, until: 2024}\n    - {role: Adviser, from: 2025}\n"
        "    - {role: CFO, from: 2024-05, until: 2024-05-20}\n"), is_registry=True)
    (entry,), problems = entities_from("claims/registry/people.yaml", doc)
    assert problems == []
    assert entry.roles == ({"role": "CEO", "company": "acme", "from": "2023-11", "until": "2024"},
                           {"role": "Adviser", "from": "2025"}, {"role": "CFO", "from": "2024-05", "until": "2024-05-20"})


@pytest.mark.parametrize("role, message", [
    ("CEO", "'roles': expected {role: ..., company: ..., from: ..., until: ...}, got text"),
    ("{role: CEO, title: boss}", "'roles': unknown key 'title' in a role; use role, company, from, until"),
    ("{company: acme}", "'roles': a role needs 'role:'"),
    ("{role: ''}", "'roles' is empty; write the value or remove the key"),
    ("{role: CEO, company: [acme]}", "'roles': expected an id (company), got a list"),
    ("{role: CEO, from: 2023-13}", "'roles': '2023-13' is not a real date (month must be in 1..12)"),
    ("{role: CEO, until: soon}", "'roles': 'soon' is not a date like 2024, 2024-03 or 2024-03-06"),
    ("{role: CEO, from: 2024-05, until: 2023}", "'roles': 'until: 2023' is before 'from: 2024-05'"),
    ("{role: CEO, from: 2024-05, until: 2024-04}", "'roles': 'until: 2024-04' is before 'from: 2024-05'"),
    ("{role: CEO, from: 2024, until: 2024}", None),  # within the same year
    ("{role: CEO, from: 2024-05-20, until: 2024-05}", None),  # within the same month
])
def test_what_is_wrong_in_a_role(role, message):
    expected = [] if message is None else [f"claims/registry/people.yaml:4:7: error: {message} [bad-value]"]
    assert registry_problems("people.yaml", person(f"    - {role}\n")) == expected


def test_a_role_listed_twice():
    assert registry_problems("people.yaml", person("    - {role: CEO, from: 2024}\n    - {from: 2024, role: CEO}\n")) \
        == ["claims/registry/people.yaml:5:7: error: 'roles': '{'from': '2024', 'role': 'CEO'}' is listed twice; "
            "remove one [bad-value]"]


def test_the_values_of_a_choice_attribute():
    text = "- name: rating\n  type: choice\n  values: [1, 2.5, high, true, high]\n  description: A rating.\n"
    assert registry_problems("attributes.yaml", text) == [
        "claims/registry/attributes.yaml:3:26: error: 'values': expected text, got true/false; put quotes around it "
        "if it is meant as text [bad-value]",
        "claims/registry/attributes.yaml:3:32: error: 'values': 'high' is listed twice; remove one [bad-value]",
    ]
    doc, _ = parse_text("claims/registry/attributes.yaml", text.replace("true, high", "low"), is_registry=True)
    (entry,), problems = entities_from("claims/registry/attributes.yaml", doc)
    assert (problems, entry.values) == ([], ("1", "2.5", "high", "low"))  # numbers kept as the text they are


@pytest.mark.parametrize("tags, message", [
    ("[2024, a-b, x1]", None),
    ("[true]", "tag 'True' must be lowercase letters, digits and hyphens"),
    ("[1.5]", "tag '1.5' must be lowercase letters, digits and hyphens"),
    ("[-a]", "tag '-a' must be lowercase letters, digits and hyphens"),
])
def test_tags(tags, message):
    expected = [] if message is None else [f"claims/x.yaml:8:8: error: 'tags': {message} [bad-value]"]
    assert claim_problems(claim_text("x", tags=tags)) == expected
