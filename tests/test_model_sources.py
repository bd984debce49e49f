"""The claim model on real sources (issue 10): the fixture knowledge base in tests/fixtures/real-sources
holds follow-up reports' sentences exactly; filters, sums, `kb due` and `kb show` use what they mean.

Expected answers are worked out by hand from the articles in tests/fixtures/real-sources/sources/.
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import REPO

FIXTURE = REPO / "tests/fixtures/real-sources"


@pytest.fixture
def kb(tmp_path, kb_at):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return kb_at(root)


def ids(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_the_fixture_checks_strictly_and_is_canonical(kb):
    result = kb("check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stderr == "ok: 12 claims, 12 entities checked: 0 error(s), 0 warning(s)\n"
    assert kb("fmt", "--check").exit_code == 0


def test_each_sentence_as_written(kb):
    rows = [line.split("\t") for line in kb("list", "--sort", "when").stdout.splitlines()]
    assert [(r[0], r[1]) for r in rows] == [
        ("lges-arizona-cylindrical-2024-h2", "2024-H2"),
        ("lges-arizona-completion-late-2025", "2025-late"),
        ("lges-arizona-production-spring-2026", "2026-spring"),  # March 2026
        ("panasonic-kansas-full-production-fy2027", "FY2027"),  # April 2026: Panasonic's year ends in March
        ("lges-arizona-sample-mid-2026", "..2026-mid"),  # by mid-2026 sorts where mid-2026 starts
        ("lges-arizona-commercial-end-2026", "2026-end"),
        ("arizona-jobs-2027", "..2027"),
        ("arizona-register-jobs", "-"), ("kim-north-america-investment", "-"),
        ("kwon-arizona-cylindrical-base", "-"), ("lges-arizona-capacity", "-"), ("lges-arizona-investment", "-"),
    ]


@pytest.mark.parametrize("years, expected", [
    ("2024", ["lges-arizona-cylindrical-2024-h2"]),
    ("2025", ["lges-arizona-completion-late-2025"]),
    # FY2027 runs April 2026 to March 2027: in neither calendar year alone
    ("2026", ["lges-arizona-commercial-end-2026", "lges-arizona-production-spring-2026",
              "lges-arizona-sample-mid-2026"]),
    ("2027", ["arizona-jobs-2027"]),
    ("2026..2027", ["arizona-jobs-2027", "lges-arizona-commercial-end-2026", "lges-arizona-production-spring-2026",
                    "lges-arizona-sample-mid-2026", "panasonic-kansas-full-production-fy2027"]),
    ("..2025", ["lges-arizona-completion-late-2025", "lges-arizona-cylindrical-2024-h2"]),
])
def test_year_keeps_claims_due_within_the_years(kb, years, expected):
    assert ids(kb("list", "--year", years, "-o", "ids")) == expected


@pytest.mark.parametrize("period, expected", [
    # spring (Mar-May), by mid-2026 (open start to August), FY2027 (from April 2026), by 2027 (open start)
    ("2026-H1", ["arizona-jobs-2027", "lges-arizona-production-spring-2026", "lges-arizona-sample-mid-2026",
                 "panasonic-kansas-full-production-fy2027"]),
    ("2026-Q4", ["arizona-jobs-2027", "lges-arizona-commercial-end-2026", "panasonic-kansas-full-production-fy2027"]),
    ("2025-12", ["arizona-jobs-2027", "lges-arizona-completion-late-2025", "lges-arizona-sample-mid-2026"]),
    ("..2024", ["arizona-jobs-2027", "lges-arizona-cylindrical-2024-h2", "lges-arizona-sample-mid-2026"]),
    ("2027-04..", ["arizona-jobs-2027"]),
])
def test_due_keeps_claims_whose_period_overlaps(kb, period, expected):
    assert ids(kb("list", "--due", period, "-o", "ids")) == expected
    assert ids(kb("list", "--when", period, "-o", "ids")) == expected


def test_a_malformed_period_is_a_usage_error_with_the_forms(kb):
    result = kb("list", "--due", "H2 2026")
    assert result.exit_code == 2
    assert "'H2 2026' is not a period; did you mean '2026-H2'?" in result.stderr
    result = kb("list", "--due", "2026 H2")  # as data sets write it (2026H2, 2026 H2): the same suggestion
    assert result.exit_code == 2
    assert "'2026 H2' is not a period; did you mean '2026-H2'?" in result.stderr
    result = kb("list", "--due", "2026 the second")
    assert result.exit_code == 2
    assert "'2026 the second' is not a period; write a year (2026), a half (2026-H2)" in result.stderr


LATE_2025 = "lges-arizona-completion-late-2025"  # underway, and due by the end of 2025


SPRING = "lges-arizona-production-spring-2026"  # elaborated by sample-mid-2026 and commercial-end-2026: one plan


@pytest.mark.parametrize("as_of, expected", [
    ("2025-12-31", []),  # the last day of 2025: nothing has ended
    ("2026-05-31", [LATE_2025]),  # the last day of spring
    ("2026-06-01", [LATE_2025, SPRING]),
    ("2026-09-01", [LATE_2025, SPRING]),  # by mid-2026 has passed too: the same plan, listed once (issue 19)
    ("2026-12-31", [LATE_2025, SPRING]),
    ("2027-01-01", [LATE_2025, SPRING]),  # and the end of 2026
    ("2027-03-31", [LATE_2025, SPRING]),
    ("2027-04", [LATE_2025, SPRING, "panasonic-kansas-full-production-fy2027"]),
    ("2028", [LATE_2025, SPRING, "panasonic-kansas-full-production-fy2027", "arizona-jobs-2027"]),
])
def test_a_plan_is_overdue_only_after_its_period_ends(kb, as_of, expected):
    # the 2024-H2 plan is superseded by the spring-2026 one, so it is never listed; work underway
    # past its date is (issue 13); a plan is listed once, by the claim whose date passed first (issue 19)
    assert ids(kb("due", "--as-of", as_of, "-o", "ids")) == expected


def test_overdue_is_counted_from_the_end_of_the_period(kb):
    data = json.loads(kb("due", "--as-of", "2027-04-15", "-o", "json").stdout)
    assert {d["id"]: d["overdue_months"] for d in data} == {
        LATE_2025: 15,  # since 1 January 2026
        "lges-arizona-production-spring-2026": 10,  # since 1 June 2026 (the plan's first date to pass)
        "panasonic-kansas-full-production-fy2027": 0,  # since 1 April 2027
    }


def test_a_fiscal_year_with_no_known_year_end_is_due_only_after_every_month_it_may_cover(kb):
    companies = kb.root / "claims/registry/companies.yaml"
    companies.write_text(companies.read_text().replace("  fiscal_year_end: 3\n", ""))
    assert "panasonic-kansas-full-production-fy2027" not in ids(kb("due", "--as-of", "2027-12-31", "-o", "ids"))
    assert "panasonic-kansas-full-production-fy2027" in ids(kb("due", "--as-of", "2028-01-01", "-o", "ids"))
    out = kb("show", "panasonic-kansas-full-production-fy2027", "-o", "plain").stdout
    assert ("When:      FY2027 (fiscal: 2026-02-01 to 2027-12-31; its company's fiscal year-end is unknown, so "
            "every month it may cover)") in out


def test_timeline_groups_by_year_with_the_finer_period(kb):
    rows = [line.split("\t")[:4] for line in kb("timeline", "--company", "lges").stdout.splitlines()]
    assert rows[:6] == [
        ["2024", "2024-H2", "2023-03-24", "lges-arizona-cylindrical-2024-h2"],
        ["2025", "2025-late", "2024-05-10", "lges-arizona-completion-late-2025"],
        ["2026", "2026-spring", "2025-07-02", "lges-arizona-production-spring-2026"],
        ["2026", "..2026-mid", "2025-07-02", "lges-arizona-sample-mid-2026"],
        ["2026", "2026-end", "2025-07-02", "lges-arizona-commercial-end-2026"],
        ["2027", "..2027", "2023-03-24", "arizona-jobs-2027"],
    ]
    assert {r[0] for r in rows[6:]} == {"unknown"}


@pytest.mark.parametrize("bound, expected", [
    (["--min", "capacity=50GWh/yr"], ["lges-arizona-capacity"]),
    (["--min", "capacity=50000MWh/yr"], ["lges-arizona-capacity"]),  # MWh and GWh compare
    (["--min", "capacity=60GWh/yr"], []),
    (["--max", "capacity-lfp=20GWh/yr"], ["lges-arizona-capacity"]),
    (["--min", "investment=5billionUSD"], ["lges-arizona-investment"]),
    (["--min", "investment=8trillionKRW"], []),
    (["--min", "investment=5billionEUR"], []),  # no exchange rate is invented
    (["--min", "jobs=1000"], ["arizona-jobs-2027", "arizona-register-jobs"]),
    (["--max", "jobs=1000"], []),
])
def test_amount_filters(kb, bound, expected):
    assert ids(kb("list", *bound, "-o", "ids")) == expected


def test_an_amount_filter_needs_a_known_unit(kb):
    result = kb("list", "--min", "capacity=10 gigawatt-hours")
    assert result.exit_code == 2 and "is not an amount such as 10GWh/yr" in result.stderr


def test_sums_by_company_say_what_they_rest_on(kb):
    capacity = json.loads(kb("stats", "--sum", "capacity", "--by", "company", "-o", "json").stdout)
    assert [(d["company"], d["total"], d["counted"]) for d in capacity] == [
        ("lges", "53 GWh/yr", ["lges-arizona-capacity"])]
    investment = json.loads(kb("stats", "--sum", "investment", "--by", "company", "-o", "json").stdout)
    assert [(d["company"], d["dimension"], d["total"], d["claims"]) for d in investment] == [
        ("lges", "money (KRW)", "about 7.2 trillion KRW", 1),
        ("lges", "money (USD)", "about 5.5 billion USD", 1),
    ]


def test_sums_by_year_and_claims_left_out_for_want_of_a_unit(kb):
    (kb.root / "claims/arizona/unitless.yaml").write_text(
        "id: unitless\nclaim: Another 40 of capacity.\nspeaker: lges\ncompany: lges\nstatus: planned\n"
        "source: arizona-register\nquote: Another 40.\nquote_kind: paraphrase\nquantities:\n  capacity: 40\n")
    rows = [line.split("\t") for line in kb("stats", "--sum", "capacity", "--by", "company").stdout.splitlines()]
    assert rows == [["lges", "53 GWh/yr", "1", "lges-arizona-capacity"], ["lges", "no unit", "1", "unitless"]]
    # the register row supports the article's 1,500 jobs: the same fact told twice, counted once
    jobs = [line.split("\t") for line in kb("stats", "--sum", "jobs", "--by", "year").stdout.splitlines()]
    assert jobs == [["2027", "1500 jobs", "1", "arizona-jobs-2027 (backed by arizona-register-jobs)"]]
    by_company = [line.split("\t") for line in kb("stats", "--sum", "jobs", "--by", "company").stdout.splitlines()]
    assert by_company == [["lges", "1500 jobs", "1", "arizona-jobs-2027 (backed by arizona-register-jobs)"]]


def test_a_sum_with_nothing_to_add_says_why(kb):
    def why(*args: str) -> tuple[str, str]:
        result = kb("stats", "--sum", *args)
        assert result.exit_code == 0
        return result.stdout, result.stderr

    assert why("capacty") == ("", "kb: nothing to add up: none of the 12 claims selected state 'capacty'; "
                                  "did you mean 'capacity'?\n")
    assert why("workers") == ("", "kb: nothing to add up: none of the 12 claims selected state 'workers'; they "
                                  "state capacity, capacity-cylindrical, capacity-lfp, investment, jobs\n")
    assert why("jobs", "--status", "considering") == ("", "kb: nothing to add up: no claim matches the filters\n")


def test_an_unknown_unit_is_an_error_with_a_hint(kb):
    path = kb.root / "claims/arizona/lges-arizona-investment.yaml"
    path.write_text(path.read_text().replace("[about 5.5 billion USD, about 7.2 trillion KRW]", "$5.5 billion"))
    path2 = kb.root / "claims/arizona/lges-arizona-capacity.yaml"
    path2.write_text(path2.read_text().replace("53 GWh/yr", "53 GWh/year"))
    result = kb("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/arizona/lges-arizona-capacity.yaml:11:13: error: 'quantities': '53 GWh/year': write '53 GWh/yr' "
        "[bad-value]",
        "claims/arizona/lges-arizona-investment.yaml:11:15: error: 'quantities': '$5.5 billion': write the currency "
        "as a code after the amount: '5.5 billion USD' [bad-value]",
    ]


def test_show_gives_periods_amounts_roles_and_paraphrases(kb):
    fiscal = kb("show", "panasonic-kansas-full-production-fy2027", "-o", "plain").stdout
    assert ("When:      FY2027 (fiscal: 2026-04-01 to 2027-03-31; Panasonic Energy's fiscal year ends in "
            "March)") in fiscal
    assert "Chemistry: NCA" in fiscal
    capacity = kb("show", "lges-arizona-capacity", "-o", "plain").stdout
    assert "Capacity:             53 GWh/yr" in capacity
    assert "Capacity-lfp:         17 GWh/yr" in capacity
    investment = kb("show", "lges-arizona-investment", "-o", "plain").stdout
    assert "Investment: about 5.5 billion USD = about 7.2 trillion KRW" in investment
    # the first source's CEO was not the CEO a year later: each speaker's role when they spoke
    kwon = kb("show", "kwon-arizona-cylindrical-base", "-o", "plain").stdout
    assert "Speaker:   Kwon Young-soo (CEO, LG Energy Solution on 2023-03-24) [kwon-young-soo]" in kwon
    kim = kb("show", "kim-north-america-investment", "-o", "plain").stdout
    assert "Speaker:   Kim Dong-myeong (CEO, LG Energy Solution on 2024-05-10) [kim-dong-myeong]" in kim
    row = kb("show", "arizona-register-jobs", "-o", "plain").stdout
    assert ("Paraphrase:   Project AZ-2023-0117, LG Energy Solution Arizona, battery cell manufacturing, expected "
            "jobs 1,500, approved. (the source's content in other words, not a quote)") in row
    assert "External ids: aca-row 117" in row


def test_quote_verification_skips_paraphrases_only(kb):
    path = kb.root / "claims/arizona/arizona-register-jobs.yaml"
    path.write_text(path.read_text().replace("quote_kind: paraphrase\n", ""))
    result = kb("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/arizona/arizona-register-jobs.yaml:8:8: error: the quote is not in the archived text of "
        "'arizona-register' (sources/arizona-register-row.txt); copy it verbatim from the source, or mend the "
        "archive [quote-not-in-source]"]


def test_external_ids_filter_and_are_unique_per_system(kb):
    assert ids(kb("list", "--external", "aca-row=117", "-o", "ids")) == ["arizona-register-jobs"]
    assert ids(kb("list", "--external", "aca-row", "-o", "ids")) == ["arizona-register-jobs"]
    assert ids(kb("list", "--external", "aca-row=118", "-o", "ids")) == []
    assert "aca AZ-2023-0117" in kb("show", "lges-arizona", "-o", "plain").stdout
    other = kb.root / "claims/arizona/kim-north-america-investment.yaml"
    other.write_text(other.read_text() + "external:\n  aca-row: \"117\"\n")
    result = kb("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/arizona/kim-north-america-investment.yaml:10:12: error: 'aca-row' id '117' already names "
        "'arizona-register-jobs' (claims/arizona/arizona-register-jobs.yaml:1); an external id names one record "
        "[duplicate-external-id]"]


def test_declared_attributes_filter_count_and_are_checked(kb):
    assert ids(kb("list", "--where", "chemistry=nca", "-o", "ids")) == ["panasonic-kansas-full-production-fy2027"]
    assert ids(kb("list", "--where", "chemistry=LFP", "-o", "ids")) == []
    stats = json.loads(kb("stats", "-o", "json").stdout)
    assert {d["value"]: d["claims"] for d in stats if d["by"] == "attribute:chemistry"} == {"unknown": 11, "NCA": 1}
    schema = json.loads(kb("schema").stdout)
    assert schema["properties"]["attributes"]["properties"]["chemistry"]["enum"] == ["NCA", "NMC", "LFP", "LMFP"]
    assert schema["properties"]["attributes"]["additionalProperties"] is False
    path = kb.root / "claims/kansas/panasonic-kansas-full-production-fy2027.yaml"
    path.write_text(path.read_text().replace("chemistry: NCA", "chemistry: NCM\n  chemestry: NCA"))
    result = kb("check", "-o", "parsable")
    assert result.stdout.splitlines() == [
        "claims/kansas/panasonic-kansas-full-production-fy2027.yaml:13:14: error: 'attributes.chemistry': 'NCM' is "
        "not one of its values; did you mean 'NMC'? use one of: NCA, NMC, LFP, LMFP (or add it at "
        "claims/registry/attributes.yaml:1) [bad-attribute]",
        "claims/kansas/panasonic-kansas-full-production-fy2027.yaml:14:14: error: 'attributes': 'chemestry' is not "
        "declared; did you mean 'chemistry'? [bad-attribute]",
    ]


def test_all_tags_is_an_and_filter(make_kb, kb_at):
    root = make_kb({
        "claims/a.yaml": "id: a\nclaim: A.\nspeaker: jane-doe\nstatus: planned\nsource: daily-news\nquote: A.\n"
                         "tags: [cells, us]\n",
        "claims/b.yaml": "id: b\nclaim: B.\nspeaker: jane-doe\nstatus: planned\nsource: daily-news\nquote: B.\n"
                         "tags: [cells]\n",
    })
    kb = kb_at(root)
    assert ids(kb("list", "--tag", "cells", "--tag", "us", "-o", "ids")) == ["a", "b"]
    assert ids(kb("list", "--all-tags", "cells", "--all-tags", "us", "-o", "ids")) == ["a"]


def test_a_filter_that_cannot_match_says_why_instead_of_answering_nothing(kb):
    result = kb("list", "--where", "chem=NCA")
    assert (result.exit_code, result.stderr) == (1, "kb: error: no attribute 'chem' is declared; did you mean "
                                                    "'chemistry'?\n")
    bare = kb("list", "--min", "capacity=10")
    assert bare.exit_code == 2
    assert "'capacity=10': capacity is compared in a unit; give one, e.g. capacity=10GWh/yr" in bare.stderr
    assert kb("list", "--min", "investment=1billion").exit_code == 2
    assert ids(kb("list", "--min", "jobs=1000", "-o", "ids")) == ["arizona-jobs-2027", "arizona-register-jobs"]
