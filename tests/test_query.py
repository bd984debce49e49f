"""kb.answers.query, used from Python: filters, year ranges and periods, sorting, finding a record by id, prefix or name.

Each expected answer is written out by hand from the small knowledge bases below.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from conftest import REGISTRY, claim_text

from kb.answers.query import (
    Filters,
    QueryError,
    find_record,
    match_entities,
    parse_due,
    parse_year_range,
    select,
    sort_claims,
)
from kb.model.period import parse
from kb.store.parse import load_kb


def build(root, files: dict[str, str]):
    for name, text in {**{f"claims/registry/{n}": t for n, t in REGISTRY.items()}, **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    kb, problems = load_kb(root)
    assert problems == []
    return kb


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return build(tmp_path_factory.mktemp("query"), {
        "claims/a1.yaml": claim_text("a1", when=2023, factory="acme-springfield", product='"4680"',
                                     tags="[cells, us]", claim="Acme will build cells.", said="2023-05"),
        "claims/a2.yaml": claim_text("a2", when=2025, status="considering", product="LFP",
                                     claim="Acme may build LFP.", said="2022"),
        "claims/g1.yaml": claim_text("g1", speaker="globex", company="globex", when=2024, status="done",
                                     concerns="[acme]", claim="Globex delivered.", quote="Delivered a RAMP-UP."),
        "claims/n1.yaml": claim_text("n1", speaker="daily-news", company=None, status="opinion",
                                     concerns="[globex]", tags="[cells]", claim="Nobody knows."),
    })


def ids(claims) -> list[str]:
    return [c.id for c in claims]


# ---------------------------------------------------------------- year ranges

@pytest.mark.parametrize("text, start, end", [
    ("2024", date(2024, 1, 1), date(2024, 12, 31)), ("2023..2025", date(2023, 1, 1), date(2025, 12, 31)),
    ("2023..", date(2023, 1, 1), None), ("..2025", None, date(2025, 12, 31)),
    (" 2024 .. 2024 ", date(2024, 1, 1), date(2024, 12, 31)),
])
def test_year_ranges(text, start, end):
    """A `--year` filter is the period from the first day of its first year to the last day of its last."""
    years = parse_year_range(text)
    assert (years.start, years.end, years.text) == (start, end, text.strip())


@pytest.mark.parametrize("text, message", [
    ("", "'' is not a year or range; use 2024, 2023..2025, 2023.. or ..2025"),
    ("..", "'..' is not a year or range; use 2024, 2023..2025, 2023.. or ..2025"),
    ("2024 2025", "'2024 2025' is not a year or range; use 2024, 2023..2025, 2023.. or ..2025"),
    ("24", "'24' is not a year or range; use 2024, 2023..2025, 2023.. or ..2025"),
    ("2025..2023", "'2025..2023' runs backwards; write the earlier year first"),
    ("0000", "'0000': there is no year 0; write a year such as 2024"),  # was an open range: every claim
    ("0000..2024", "'0000..2024': there is no year 0; write a year such as 2024"),
])
def test_malformed_year_ranges(text, message):
    with pytest.raises(ValueError) as error:
        parse_year_range(text)
    assert str(error.value) == message


def within(text: str, years: str) -> bool:
    return parse(text).within(parse_year_range(years))


def test_a_year_range_holds_its_ends_and_only_periods_that_lie_within_it():
    assert [within(str(year), "2023..2025") for year in (2022, 2023, 2024, 2025, 2026)] == [
        False, True, True, True, False]
    assert [within(str(year), "..2025") for year in (1900, 2025, 2026)] == [True, True, False]
    assert [within(str(year), "2023..") for year in (2022, 2023, 2100)] == [False, True, True]
    # a period lies within the years, or it does not: overlapping them is not enough
    assert [within(text, "2024") for text in ("2024-H2", "2024-12-31", "2024-winter", "2023-late..2024-Q1",
                                              "2024-spring..2024-autumn")] == [True, True, False, False, True]
    # a period due "by X" falls due where X starts; one with no end lies within no closed range
    assert [within(text, "2024") for text in ("..2024-H2", "..2025", "2024..", "2024-H2..")] == [
        True, False, False, False]
    assert [within(text, "2024..") for text in ("2024..", "2025-Q3..", "2023-late..")] == [True, True, False]


# ---------------------------------------------------------------- filters

@pytest.mark.parametrize("filters, expected", [
    (Filters(), ["a1", "a2", "g1", "n1"]),
    (Filters(company=("acme",)), ["a1", "a2", "g1"]),              # made, or concerned (g1)
    (Filters(company=("Globex",)), ["g1", "n1"]),                   # made and said (g1), concerned (n1)
    (Filters(company=("acb", "globex")), ["a1", "a2", "g1", "n1"]),  # an alias; values of one field are ORed
    (Filters(speaker=("Jane Doe",)), ["a1", "a2"]),
    (Filters(speaker=("daily news",)), ["n1"]),                     # a source may speak, found by its title
    (Filters(factory=("springfield",)), ["a1"]),
    (Filters(source=("daily-news",)), ["a1", "a2", "g1", "n1"]),
    (Filters(year=(parse_year_range("2024.."),)), ["a2", "g1"]),
    (Filters(year=(parse_year_range("2023"), parse_year_range("2025"))), ["a1", "a2"]),
    (Filters(due=(parse_due("2024-h2"),)), ["g1"]),                 # g1's 2024 overlaps its second half
    (Filters(due=(parse_due("..2023"), parse_due("2025-Q4"))), ["a1", "a2"]),
    (Filters(year=(parse_year_range("2023..2024"),), due=(parse_due("2024-H1"),)), ["g1"]),
    (Filters(status=("done", "opinion")), ["g1", "n1"]),
    (Filters(product=("lfp",)), ["a2"]),
    (Filters(tag=("CELLS",)), ["a1", "n1"]),
    (Filters(text=("ramp-up",)), ["g1"]),                           # found in the quote, in any case
    (Filters(text=("acme may",)), ["a2"]),                          # found in the claim
    (Filters(company=("acme",), year=(parse_year_range("2024..2025"),)), ["a2", "g1"]),  # fields are ANDed
    (Filters(company=("acme",), status=("opinion",)), []),
])
def test_filters(kb, filters, expected):
    assert ids(select(kb, filters)) == expected


@pytest.mark.parametrize("filters, message", [
    (Filters(company=("acme batteriez",)), "no company called 'acme batteriez'; did you mean 'Acme Batteries'?"),
    (Filters(company=("glob",)), "no company called 'glob'; did you mean 'globex', 'Globex'?"),
    (Filters(company=("zzz",)), "no company called 'zzz'; `kb companies` lists them"),
    (Filters(factory=("Shelbyville",)), "no factory called 'Shelbyville'; `kb factories` lists them"),
    (Filters(speaker=("John",)), "no person or company or source called 'John'; `kb people` lists them"),
    (Filters(status=("rumour",)), "unknown status 'rumour'; use one of: planned, considering, underway, done, "
                                  "cancelled, statement, opinion"),
    (Filters(status=("planned", "rumour", "maybe")), "unknown status 'rumour'; use one of: planned, considering, "
                                                     "underway, done, cancelled, statement, opinion"),
    (Filters(company=("e",)), "no company called 'e'; did you mean 'Acme Batteries', 'Globex', 'acme'?"),
])
def test_a_name_nobody_has_is_an_error_with_a_hint(kb, filters, message):
    with pytest.raises(QueryError) as error:
        select(kb, filters)
    assert str(error.value) == message


def test_an_entity_is_matched_by_id_name_or_alias_in_any_case(kb):
    assert match_entities(kb, ("company",), "ACME") == {"acme"}
    assert match_entities(kb, ("company",), "acme batteries") == {"acme"}
    assert match_entities(kb, ("company",), "acb") == {"acme"}
    assert match_entities(kb, ("factory", "company"), "Springfield plant") == {"acme-springfield"}


# ---------------------------------------------------------------- sorting

def test_sort_by_year_both_ways_with_unknown_years_last(kb):
    assert ids(sort_claims(kb.claims, "when")) == ["a1", "g1", "a2", "n1"]
    assert ids(sort_claims(kb.claims, "year")) == ["a1", "g1", "a2", "n1"]  # the old name of the key
    assert ids(sort_claims(kb.claims)) == ["a1", "a2", "g1", "n1"]
    assert ids(select(kb, Filters(), sort="year")) == ["a1", "g1", "a2", "n1"]
    assert ids(select(kb, Filters(), sort="year", reverse=True)) == ["a2", "g1", "a1", "n1"]


def test_sort_by_text_fields_then_id(kb):
    assert ids(select(kb, Filters(), sort="said")) == ["a2", "a1", "g1", "n1"]
    assert ids(select(kb, Filters(), sort="status")) == ["a2", "g1", "n1", "a1"]
    assert ids(select(kb, Filters(), sort="company", reverse=True)) == ["g1", "a2", "a1", "n1"]


def test_limit(kb):
    assert ids(select(kb, Filters(), sort="year", limit=2)) == ["a1", "g1"]
    assert ids(select(kb, Filters(), limit=0)) == []


def test_unknown_sort_key(kb):
    with pytest.raises(QueryError) as error:
        sort_claims(kb.claims, "colour")
    assert str(error.value) == ("cannot sort by 'colour'; use one of: id, when, said, status, company, speaker, "
                                "factory, source")


# ---------------------------------------------------------------- finding one record

@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Eleven claims p-00 .. p-10, and a person who shares a company's name."""
    files = {f"claims/p-{i:02}.yaml": claim_text(f"p-{i:02}", claim=f"Claim number {i}.") for i in range(11)}
    files["claims/registry/people.yaml"] = textwrap.dedent(REGISTRY["people.yaml"]) + "- id: acme-founder\n  name: Acme Batteries\n"
    files["claims/registry/companies.yaml"] = textwrap.dedent(REGISTRY["companies.yaml"]) + "".join(
        f"- id: cell-{n}\n  name: Cell {n.title()}\n" for n in ("one", "two", "three", "four"))
    return build(tmp_path_factory.mktemp("many"), files)


def test_exact_ids_names_and_unique_prefixes(kb):
    assert find_record(kb, "a1").id == "a1"
    assert find_record(kb, "acme").id == "acme"
    assert find_record(kb, "Springfield plant").id == "acme-springfield"
    assert find_record(kb, "ACB").id == "acme"
    assert find_record(kb, "acme-spr").id == "acme-springfield"      # a unique prefix of an entity's id
    assert find_record(kb, "ACME-SPR").id == "acme-springfield"
    assert find_record(kb, "jane").id == "jane-doe"
    assert find_record(kb, "n").id == "n1"                          # n1 is the only id starting with n


def test_an_ambiguous_prefix_lists_ten_candidates_and_counts_the_rest(many):
    with pytest.raises(QueryError) as error:
        find_record(many, "p-")
    assert str(error.value) == ("'p-' is ambiguous: it could be p-00, p-01, p-02, p-03, p-04, p-05, p-06, p-07, "
                                "p-08, p-09 and 1 more; give more of the id")
    with pytest.raises(QueryError) as error:
        find_record(many, "p-0")
    assert str(error.value) == ("'p-0' is ambiguous: it could be p-00, p-01, p-02, p-03, p-04, p-05, p-06, p-07, "
                                "p-08, p-09; give more of the id")
    assert find_record(many, "p-1").id == "p-10"
    with pytest.raises(QueryError) as error:
        find_record(many, "ac")
    assert str(error.value) == "'ac' is ambiguous: it could be acme, acme-founder, acme-springfield; give more of the id"
    with pytest.raises(QueryError) as error:
        find_record(many, "acme-")
    assert str(error.value) == "'acme-' is ambiguous: it could be acme-founder, acme-springfield; give more of the id"


def test_a_name_two_entities_share_is_ambiguous(many):
    with pytest.raises(QueryError) as error:
        find_record(many, "Acme Batteries")
    assert str(error.value) == ("'Acme Batteries' is ambiguous: it could be acme, acme-founder; give more of "
                                "the id")
    assert find_record(many, "acme-f").id == "acme-founder"


def test_suggestions_are_the_three_closest_and_three_containing_the_words(many):
    with pytest.raises(QueryError) as error:
        find_record(many, "p-0x")
    assert str(error.value) == "no claim or entity 'p-0x'; did you mean p-10, p-09, p-08?"  # all as close: the last ids first
    with pytest.raises(QueryError) as error:
        select(many, Filters(company=("cell",)))
    assert str(error.value) == ("no company called 'cell'; did you mean 'cell-two', 'cell-one', 'cell-four', "
                                "'Cell Four', 'Cell One', 'Cell Three'?")


def test_an_unknown_id_suggests_a_close_one(kb):
    with pytest.raises(QueryError) as error:
        find_record(kb, "acme-springfeld")
    assert str(error.value) == "no claim or entity 'acme-springfeld'; did you mean acme-springfield?"
    with pytest.raises(QueryError) as error:
        find_record(kb, "zzzz")
    assert str(error.value) == "no claim or entity 'zzzz'; `kb list --format ids` lists claim ids"


# ---------------------------------------------------------------- quantities, attributes, external ids, --current

@pytest.fixture(scope="module")
def model(tmp_path_factory):
    def q(text: str) -> str:
        return "".join(f"  {line}\n" for line in text.split("; "))

    return build(tmp_path_factory.mktemp("model"), {
        "claims/m1.yaml": claim_text("m1", tags="[cells, us]") + "quantities:\n" + q(
            "capacity: [20 GWh/yr, 20000 MWh/yr]; jobs: 1500") + "attributes:\n" + q(
            'rating: "false"; chemistry: LFP') + "external:\n" + q('politifact: "123"'),
        "claims/m2.yaml": claim_text("m2", tags="[cells]") + "quantities:\n" + q(
            "capacity: 500 MWh/yr; investment: 2 billion USD") + "attributes:\n" + q("rating: half-true"),
        "claims/m3.yaml": claim_text("m3", supersedes="[m2]") + "quantities:\n" + q("capacity: 40; jobs: 300 jobs; lines: 4")
        + "external:\n" + q("mastr: SEE1"),
        "claims/m4.yaml": claim_text("m4") + "quantities:\n" + q("investment: [5 billion EUR, 6 billion USD]"),
        "claims/registry/attributes.yaml": (Path(__file__).parent / "data/attributes.yaml").read_text()
        + "- name: chemistry\n  type: text\n  description: The cell chemistry.\n",
    })


def amounts(*texts: str) -> tuple:
    from kb.answers.query import parse_amount_filter

    return tuple(parse_amount_filter(t) for t in texts)


@pytest.mark.parametrize("filters, expected", [
    (Filters(minimum=amounts("capacity=10GWh/yr")), ["m1"]),
    (Filters(minimum=amounts("capacity=20000MWh/yr")), ["m1"]),     # at least: the bound itself is in
    (Filters(maximum=amounts("capacity=1GWh/yr")), ["m2"]),          # m3's bare 40 is in no unit
    (Filters(maximum=amounts("capacity=500MWh/yr")), ["m2"]),
    (Filters(minimum=amounts("lines=3")), ["m3"]),                   # a bound without a unit: bare amounts
    (Filters(minimum=amounts("jobs=1000")), ["m1"]),                 # a bare number of jobs is jobs
    (Filters(maximum=amounts("jobs=300")), ["m3"]),
    (Filters(minimum=amounts("investment=5billionUSD")), ["m4"]),
    (Filters(maximum=amounts("investment=5billionEUR")), ["m4"]),    # no exchange rate: USD is not compared
    (Filters(minimum=amounts("investment=1billionUSD"), maximum=amounts("investment=3billionUSD")), ["m2"]),
    (Filters(minimum=amounts("workers=1")), []),
    (Filters(where=(("rating", "FALSE"),)), ["m1"]),
    (Filters(where=(("rating", "false"), ("rating", "half-true"))), ["m1", "m2"]),  # ORed per attribute
    (Filters(where=(("rating", "false"), ("chemistry", "nmc"))), []),               # ANDed across
    (Filters(where=(("rating", "false"), ("chemistry", "lfp"))), ["m1"]),
    (Filters(external=(("politifact", None),)), ["m1"]),
    (Filters(external=(("mastr", "SEE1"),)), ["m3"]),
    (Filters(external=(("mastr", "SEE2"),)), []),
    (Filters(external=(("politifact", "123"), ("mastr", None))), ["m1", "m3"]),
    (Filters(current=True), ["m1", "m3", "m4"]),                     # m3 supersedes m2
    (Filters(all_tags=("cells", "US")), ["m1"]),
    (Filters(tag=("us", "cells")), ["m1", "m2"]),
])
def test_filters_of_the_claim_model(model, filters, expected):
    assert ids(select(model, filters)) == expected


@pytest.mark.parametrize("text, message", [
    ("capacity", "'capacity' is not NAME=AMOUNT, e.g. capacity=10GWh/yr"),
    ("=5GWh", "'=5GWh' is not NAME=AMOUNT, e.g. capacity=10GWh/yr"),
    ("capacity=10 bananas", "'10 bananas' is not an amount such as 10GWh/yr, 1billionUSD or 500"),
    ("capacity=30", "'capacity=30': capacity is compared in a unit; give one, e.g. capacity=10GWh/yr"),
    ("investment=5", "'investment=5': investment is compared in a unit; give one, e.g. investment=1billionUSD"),
])
def test_malformed_amount_filters(text, message):
    with pytest.raises(ValueError) as error:
        amounts(text)
    assert str(error.value) == message


def test_name_value_pairs_and_due_periods():
    from kb.answers.query import parse_pair

    assert parse_pair(" rating = false ", "NAME=VALUE", "rating=false") == ("rating", "false")
    assert parse_pair("politifact", "SYSTEM[=ID]", "mastr=SEE1") == ("politifact", None)
    for text in ("=x", "rating=", " =x"):
        with pytest.raises(ValueError) as error:
            parse_pair(text, "NAME=VALUE", "rating=false")
        assert str(error.value) == f"'{text}' is not NAME=VALUE, e.g. rating=false"
    due = parse_due("2026-h1")
    assert (due.text, due.start, due.end) == ("2026-H1", date(2026, 1, 1), date(2026, 6, 30))
