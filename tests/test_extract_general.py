"""Drafts that hold on text nobody tuned on (the second round of issue 21): each rule added after an
independent writer's plan histories (tests/extract_eval/plans-dev2/) were first measured, on a sentence of
our own with the shape it reads. Expected values are written out by hand; the figures before and after are
in docs/extraction.md.
"""

from __future__ import annotations

from datetime import date

import pytest

from kb.extract import explain_text, extract_text, registry_from
from kb.extract.amounts import amounts
from kb.extract.clauses import split
from kb.extract.milestones import milestone_of
from kb.extract.segment import passages
from kb.extract.status import status_of
from kb.model import period_words as periods
from kb.model.schema import Company, Factory, Person, Product

REGISTRY = registry_from([
    Company(id="orin", name="Orin Cells", aliases=("Orin",)),
    Company(id="teller", name="Teller Motors", aliases=("Teller",)),
    Person(id="ada-voss", name="Ada Voss", role="President and CEO", company="orin"),
    Person(id="ben-kroll", name="Ben Kroll", role="Mayor of Larchmont"),
    Factory(id="orin-larchmont", name="Larchmont cell plant", owner="orin", city="Larchmont", region="Oregon",
            country="United States"),
    Factory(id="orin-pilot", name="Fenwick pilot line", owner="orin", city="Fenwick", country="United States"),
    Factory(id="teller-dresden", name="Dresden gigafactory", owner="teller", city="Dresden", country="Germany"),
    Product(id="lfp", name="LFP cells", aliases=("LFP", "lithium iron phosphate")),
    Product(id="prismatic", name="prismatic cells", aliases=("prismatic",)),
    Product(id="sodium-ion", name="sodium-ion cells", aliases=("sodium-ion",)),
])
DAY = date(2025, 9, 17)  # a Wednesday


def drafts(text: str, day: date | None = DAY, statements: bool = False) -> list[dict]:
    return extract_text(text, REGISTRY, "the-wire", day, statements=statements)


def article(*paragraphs: str, title: str = "Orin news", day: date | None = DAY, statements: bool = False) -> list[dict]:
    return drafts("\n\n".join([title, *paragraphs]) + "\n", day, statements)


def one(text: str, day: date | None = DAY, statements: bool = False) -> dict:
    found = drafts(text, day, statements)
    assert len(found) == 1, [d["quote"] for d in found]
    return found[0]


def fields(draft: dict, *names: str) -> tuple:
    return tuple(draft.get(name) for name in names)


# ---------------------------------------------------------------- statuses

@pytest.mark.parametrize("sentence, status", [
    ("Orin said it had no plans to revive the second line.", "cancelled"),
    ("Orin would decide on a third line after 2027.", "considering"),
    ("Orin is studying whether to add a recycling unit.", "considering"),
    ("Orin has hired 300 of the 900 workers it plans to employ.", "underway"),
    ("Orin has hired about 150 technicians so far.", "underway"),
    ("Roughly 420 people now work at the Larchmont site.", "underway"),
    ("The shell is 60 percent complete and will be finished in the spring.", "planned"),  # the date is the claim
    ("Orin has raised its budget for the plant to $3 billion.", "planned"),  # a plan revised, not a thing done
    ("An analyst said the start could slip into 2028.", "opinion"),
    ("Orin began shipping cells in May, as planned.", "done"),  # "as planned" compares; it plans nothing
    ("The first production line was installed in July.", "done"),
    ("The pilot line closed on Friday.", "done"),
    ("Orin said the pilot line had been making sample cells since March.", "done"),
    ("Officials gathered in a field on Monday to break ground on the plant.", "done"),
    ("Volume output is targeted for the first half of 2027.", "planned"),
    ("All six lines should be installed by December.", "planned"),
    ("plans serial output in 2027, she said.", "planned"),  # a clause cut before its verb opens with the plan
    ("The cathode supplier now guides to start-up in 2026.", "planned"),
    ("Work at the site was halted for three weeks this spring.", "statement"),  # a pause, over
    ("Orin paused the line in May to retool it for a new cell.", "statement"),
    ("A councillor asked whether the second phase would go ahead.", "statement"),  # a question asked
    ("Work was paused for two weeks after a court suspended the permit.", "statement"),  # the court's act: a cause
    ("Sample shipments to customers started in August.", "done"),  # "to customers" is no "to be"
    ("Orin has pushed volume production into 2028.", "planned"),
    ("Orin brought forward the start of production to late 2026.", "planned"),
    ("Orin said it would delay the plant by about a year.", "planned"),
    ("Orin has put its Larchmont expansion on ice.", "cancelled"),
    ("Orin is in the process of installing equipment.", "underway"),
    ("The first cells came off the line in August.", "done"),  # a finite verb after "cells", not a participle
    ("Higher costs are accelerating the shift to LFP.", "statement"),  # nobody's plan brought forward
])
def test_status(sentence, status):
    assert status_of(sentence) == status


# ---------------------------------------------------------------- milestones

@pytest.mark.parametrize("sentence, milestone", [
    ("The pilot line, which made sample cells, closed on Friday.", "closure"),  # the relative clause is another matter
    ("Orin plans to double the plant's capacity to 30 GWh in a second phase.", "capacity-expansion"),
    ("A phase 2 of about 5 GWh is under study.", "capacity-expansion"),
    ("Recruiting for the night shift will begin in January.", "hiring"),
    ("The plant employs about 650 people today.", "hiring"),
    ("Installation of its four coating lines was completed in June.", "equipment-installation"),
    ("Construction of the 900,000-square-foot factory on the edge of town began in August.", "construction-start"),
    ("The main hall, roughly 1.1 million square feet, is due to be completed in May.", "construction-complete"),
    ("Construction of the plant near the river, in the county's north, was completed in April.",
     "construction-complete"),
    ("The plant should reach its full annual capacity of 12 GWh in 2028.", "full-production"),
    ("The plant is unlikely to run at full capacity before 2029.", "full-production"),
    ("Shipments to Teller will begin in October.", "supply-start"),
    ("The first cells were shipped from the Larchmont plant to Teller in May.", "supply-start"),
    ("Orin told investors it would open the plant in 2026.", "mass-production"),  # investors are no investment
    ("The line will resume trial production in March.", "trial-production"),  # resuming what it names
    ("The stalled project will resume next year.", "construction-start"),  # naming nothing else
    ("Orin will consider adding a line for sodium-ion cells.", "mass-production"),  # another product's line
    ("Orin will invest $2 billion to build a pilot line for sodium-ion cells.", "investment"),  # a step named wins
    ("Ground will be broken in the third quarter.", "groundbreaking"),
    ("Production in Oregon will not go ahead as planned.", "mass-production"),
    ("An analyst doubts cells will be made at Larchmont before 2030.", "mass-production"),
    ("The supplier now guides to start-up in the second half of 2026.", "mass-production"),
    ("Orin sold its Fenwick plant in March.", "closure"),
    ("Residents worry about jobs and traffic.", None),  # "jobs" without a number is no hiring
    ("Orin held a topping-out ceremony on Tuesday.", "construction-complete"),
    ("Orin expects to energize the first line early next year.", "equipment-installation"),
    ("The first cells came off the line in August.", "mass-production"),
    ("The plant will ramp to 12 GWh by 2030.", "full-production"),
])
def test_milestone(sentence, milestone):
    assert milestone_of(sentence) == milestone


# ---------------------------------------------------------------- clauses

def _clauses(sentence: str) -> list[str]:
    return [sentence[c.start:c.end] for p in passages(sentence) for c in split(sentence, p, [])]


@pytest.mark.parametrize("sentence, pieces", [
    ("Site work should begin in early 2026, and the company aims to start production by the end of 2027.",
     ["Site work should begin in early 2026", "the company aims to start production by the end of 2027."]),
    ("Orin plans to break ground next spring and start volume production in 2028.",
     ["Orin plans to break ground next spring", "start volume production in 2028."]),
    ("Construction has reached the halfway point, the company said, but the start of serial production has been "
     "pushed back to 2027.", ["Construction has reached the halfway point, the company said",
                              "the start of serial production has been pushed back to 2027."]),
    ("Orin makes LFP cells at Larchmont, where volume production began in May after sample shipments started in "
     "February.", ["Orin makes LFP cells at Larchmont, where volume production began in May",
                   "sample shipments started in February."]),
    ("Orin has delayed volume production to 2027 and dropped plans for a sodium-ion line.",
     ["Orin has delayed volume production to 2027", "dropped plans for a sodium-ion line."]),
    ("Orin's supplier, Mesa Materials, which broke ground on its plant in June, now expects to start production in "
     "2026.", ["Orin's supplier, Mesa Materials, which broke ground on its plant in June",
               "now expects to start production in 2026."]),
    ("The hall was completed in March, and equipment installation began in April.",
     ["The hall was completed in March", "equipment installation began in April."]),
    ("The plant is about 70% complete, and equipment is being installed in the first hall.",  # one progress report
     ["The plant is about 70% complete, and equipment is being installed in the first hall."]),
    ("Orin will build a gigafactory in Larchmont, in southern Oregon, and start construction in 2026.",
     ["Orin will build a gigafactory in Larchmont, in southern Oregon, and start construction in 2026."]),
])
def test_clauses(sentence, pieces):
    assert _clauses(sentence) == pieces


# ---------------------------------------------------------------- periods

@pytest.mark.parametrize("words, text", [
    ("The last line was installed in February of last year.", "2024-02"),
    ("Output is planned for the late second quarter or early third quarter of 2026.", "2026-Q2..2026-Q3"),
    ("The plant will reach 12 GWh in FY3/28.", "FY2028"),
    ("The line will close at the end of November.", "2025-11"),
    ("She would be surprised to see cells before 2030.", "2030.."),  # a hedge: not before then
    ("The plant is unlikely to be full before fiscal 2029.", "FY2029.."),
    ("Production is expected to start within 18 months.", "..2027-03"),
])
def test_periods(words, text):
    assert [w.text for w in periods.find(words, DAY)] == [text]


# ---------------------------------------------------------------- amounts

@pytest.mark.parametrize("words, found", [
    ("will have 12 gigawatt-hours a year of capacity", {"capacity": "12 GWh/yr"}),
    ("at its 30 MWh-a-year pilot line", {"capacity": "30 MWh/yr"}),
    ("will invest about 90 billion yen ($610 million) in the plant", {"investment": "about 90 billion JPY"}),
    ("expects headcount to reach about 1,400 by 2028, down from the 2,000 jobs it promised",
     {"jobs": "about 1400"}),
    ("The plant employs about 700 people and will grow to about 950 by 2027.", {"jobs": "about 950"}),
])
def test_amounts(words, found):
    assert amounts(words) == found


# ---------------------------------------------------------------- what is proposed

def test_a_remark_is_no_draft_unless_asked_for_and_explain_says_why():
    text = 'Orin news\n\n"Oregon has the people we need," said Ada Voss.\n'
    assert drafts(text) == []
    assert [d["speaker"] for d in drafts(text, statements=True)] == ["ada-voss"]
    reasons = dict(explain_text(text, REGISTRY, "the-wire", DAY))
    assert reasons['"Oregon has the people we need," said Ada Voss.'].startswith("a remark that tells of no plan")


@pytest.mark.parametrize("sentence", [
    "Orin had previously targeted the first half of 2026.",  # what was planned before
    "Orin, which had aimed to open the plant in 2025, said a lender had pulled out.",
    "Founded in 2011, Orin posted revenue of $900 million last year.",  # history and results
    "Orin shares rose 4% in Portland on Tuesday.",
    "The closure follows Orin's decision in May to suspend its Larchmont plans.",
    "Several start-ups have pushed back plant openings this year.",  # many companies, no one's plan
    "The county will widen the road to the plant by 2026.",  # a public body's work
])
def test_background_is_no_plan(sentence):
    assert drafts(sentence) == []


def test_a_plan_a_judgement_and_the_publications_expectation_are_proposed():
    found = drafts("Orin will start volume production at Larchmont in 2027. The delay is a bold but risky bet. "
                   "Teller is expected to be among the first customers for the plant's cells.")
    assert [d["status"] for d in found] == ["planned", "opinion", "opinion"]


def test_a_lede_said_again_with_its_date_is_one_draft():
    found = article("Orin will start volume production at its Oregon plant a year later than planned.",
                    "Volume production at Larchmont is now expected in the second half of 2027, the company said.")
    assert len(found) == 1
    assert fields(found[0], "milestone", "when") == ("mass-production", "2027-H2")
    assert found[0]["also"] == ["Orin will start volume production at its Oregon plant a year later than planned."]


# ---------------------------------------------------------------- the plant

def test_the_title_and_the_dateline_say_which_company_and_plant_the_article_is_about():
    found = article("- Construction to begin in the spring", "LARCHMONT — Work on the site will start soon.",
                    title="Orin Cells picks 'Larchmont'")
    assert fields(found[0], "company", "factory", "speaker") == ("orin", "orin-larchmont", "orin")


def test_a_name_the_article_gives_the_plant_names_it_afterwards_and_is_proposed_as_an_alias():
    found = article("LARCHMONT — The plant, which the company has named Cascade Cell Works, will open in 2027.",
                    "Hiring at Cascade Cell Works will begin in March, Orin said.")
    assert [(d["factory"], d["status"]) for d in found] == [("orin-larchmont", "planned"), ("orin-larchmont", "planned")]
    assert found[1]["new"] == ['kb set orin-larchmont aliases --add "Cascade Cell Works"']


@pytest.mark.parametrize("sentence, factory", [
    ("The Dresden plant will open in 2027, Teller said.", "teller-dresden"),
    ("Teller will start production at Dresden in 2027.", "teller-dresden"),  # the head of its name
    ("Orin will close the pilot line in December.", "orin-pilot"),  # the kind of plant its name says
    ("Orin's US factory will start volume production in 2027.", None),  # two plants in the United States
    ("Teller will start production at its plant in Germany in 2027.", "teller-dresden"),  # its one plant there
    ("Orin will restart its pilot line in Fenwick in 2026.", "orin-pilot"),
])
def test_the_plant_a_claim_is_about(sentence, factory):
    assert one(sentence)["factory"] == factory


def test_a_plant_beside_another_an_aside_and_a_longer_name_are_not_the_claims_plant():
    found = article("Mesa Materials will break ground on a cathode plant next to the Larchmont plant in 2026.",
                    title="Mesa news")
    assert fields(found[0], "company", "factory") == ("Mesa Materials", None)
    aside = article("Orin has hired about 150 people for Larchmont so far, most of them engineers trained at the "
                    "company's plant in Fenwick, Ada Voss said.")
    assert aside[0]["factory"] == "orin-larchmont"
    assert drafts("Orin will work with Larchmont Community College on a training plan.") == []


def test_a_step_at_a_plant_naming_none_is_at_the_companys_one_plant_unless_another_place_is_named():
    registry = registry_from([Company(id="orin", name="Orin Cells", aliases=("Orin",)),
                              Factory(id="orin-larchmont", name="Larchmont cell plant", owner="orin")])
    found = extract_text("Orin news\n\nOrin will start construction in 2026.\n", registry, "w", DAY)
    assert found[0]["factory"] == "orin-larchmont"
    found = extract_text("Orin news\n\nOrin will expand its pilot line in Salem to 1 GWh in 2026.\n", registry, "w",
                         DAY)
    assert found[0]["factory"] is None


# ---------------------------------------------------------------- products

def test_the_product_is_the_one_cells_follows_and_a_later_step_at_the_plant_makes_it_too():
    found = article("Orin will make prismatic LFP cells at Larchmont, with 12 GWh a year of capacity.",
                    "Volume production will start in 2027.", "Orin also makes prismatic cells in Fenwick.")
    assert [(d["product"], (d.get("inferred") or {}).get("product")) for d in found] == [
        ("lfp", None), ("lfp", "the plant's, above")]  # the plant's product as the article first named it


def test_a_plants_product_comes_from_its_earlier_claims():
    from types import SimpleNamespace

    claims = [SimpleNamespace(factory="orin-larchmont", product="lfp", milestone="mass-production",
                              claim="Orin will start volume production of LFP cells.", quote="")]
    registry = registry_from([Company(id="orin", name="Orin Cells", aliases=("Orin",)),
                              Factory(id="orin-larchmont", name="Larchmont cell plant", owner="orin"),
                              Product(id="lfp", name="LFP cells", aliases=("LFP",))], claims=claims)
    draft = extract_text("Orin news\n\nOrin now expects volume production at Larchmont in 2028.\n", registry, "w",
                         DAY)[0]
    assert fields(draft, "product", "inferred") == ("lfp", {"product": "the plant's earlier claims",
                                                           "said": "the source's date"})


# ---------------------------------------------------------------- speakers and companies

def test_a_speaker_named_by_role_only_is_the_one_person_holding_it():
    found = article("Orin will start volume production at Larchmont in 2027, its president said on Tuesday.",
                    "Construction of the plant began in June, according to the town's mayor.")
    assert [d["speaker"] for d in found] == ["ada-voss", "ben-kroll"]


def test_reported_speech_goes_on_in_its_paragraph_but_a_quotation_does_not():
    reported = article("The main hall will be completed in March, Ada Voss said. Equipment will be moved in after "
                       "that.")
    assert [d["speaker"] for d in reported] == ["ada-voss", "ada-voss"]
    quoted = article('"Oregon has the people," Ada Voss said. Construction will begin in the spring.')
    assert [d["speaker"] for d in quoted] == ["orin"]


def test_x_said_a_and_that_b_b_is_xs_even_with_its_own_subject():
    found = article("Ben Kroll said the hall was scheduled to be completed in 2026 and that Orin would begin hiring "
                    "in the spring.")
    assert [(d["speaker"], d["company"], d["milestone"]) for d in found] == [
        ("ben-kroll", "orin", "construction-complete"), ("ben-kroll", "orin", "hiring")]


def test_a_persons_words_on_another_companys_plan_are_that_companys():
    found = drafts("Orin's cathode supplier, Mesa Materials, which broke ground on its plant in June, now expects "
                   "to start production in 2026, Ada Voss said.")
    assert [(d["company"], d["milestone"], d["status"]) for d in found] == [
        ("Mesa Materials", "groundbreaking", "done"), ("Mesa Materials", "mass-production", "planned")]


def test_an_analyst_on_a_step_of_a_plan_speaks_of_that_companys_plan():
    draft = drafts("Orin will start volume production at Larchmont in 2027. Rosa Lind, an analyst at Birch Securities, "
                   "said the start of volume production could slip into 2028.")[1]
    assert fields(draft, "speaker", "company", "factory", "milestone", "status", "when") == (
        "Rosa Lind", "orin", "orin-larchmont", "mass-production", "opinion", "2028")


def test_an_interviews_answer_giving_a_date_is_about_the_questions_step():
    found = drafts("Ada Voss on Larchmont\n\nAda Voss, president of Orin, spoke to us on Monday.\n\n"
                   "Q: When will volume production start at Larchmont?\n\nA: Realistically, in the spring of 2027.\n")
    assert fields(found[0], "speaker", "milestone", "status", "when") == ("ada-voss", "mass-production", "planned",
                                                                          "2027-spring")


# ---------------------------------------------------------------- when and said

def test_a_step_begun_that_takes_time_is_under_way_and_not_due_when_it_began():
    draft = one("Equipment installation at Larchmont began in April, Orin said.")
    assert fields(draft, "status", "milestone", "when") == ("underway", "equipment-installation", None)


def test_a_target_a_done_step_beat_is_not_when_it_was_done():
    draft = one("Orin has started sample production at Larchmont, ahead of the mid-2026 target it set last year.")
    assert fields(draft, "status", "milestone", "when") == ("done", "sample-production", None)


def test_a_forum_on_monday_evening_dates_the_words_and_a_bare_weekday_dates_the_event():
    found = article("At a public forum on Monday evening attended by 300 residents, Ben Kroll said Orin would begin "
                    "hiring in the spring.", "Orin broke ground Thursday at Larchmont.", day=date(2025, 9, 17))
    assert [(d["said"], d["when"]) for d in found] == [("2025-09-15", "2026-spring"), ("2025-09-17", "2025-09-11")]


def test_a_statements_day_carries_to_the_next_paragraph_only():
    found = article("Orin will start volume production in 2027, Ada Voss told analysts on Monday.",
                    "Trial runs will start in 2026, she said.", "Orin expects to hire 500 people.",
                    "The hall will be finished in March, Ada Voss said.")
    assert [d["said"] for d in found] == ["2025-09-15", "2025-09-15", "2025-09-17", "2025-09-17"]


def test_a_unit_named_after_a_known_company_is_no_new_person():
    found = article("Lena Marsh, president of Orin Battery Oregon, said the plant is on track to begin volume "
                    "production in 2027. Hiring for 400 jobs will start in the spring, she said.")
    assert [(d["speaker"], d["company"]) for d in found] == [("Lena Marsh", "orin"), ("Lena Marsh", "orin")]
    assert found[0]["new"] == ['kb add person --name "Lena Marsh" --role "president" --company orin']


def test_a_plants_amount_said_in_the_present_is_its_plan():
    draft = one("The first phase of Orin's Larchmont plant is now about $1.7 billion.")
    assert fields(draft, "status", "milestone", "quantities") == ("planned", "investment",
                                                                  {"investment": "about 1.7 billion USD"})


def test_analysts_on_further_delays_judge_and_they_is_those_analysts():
    found = article("Orin will start volume production at Larchmont in 2027.",
                    'Analysts at Birch Securities said further delays were likely. "We would not be surprised to see '
                    'volume output slip into 2028," they wrote in a note.')
    assert [(d["speaker"], d["company"], d["status"], d.get("milestone"), d.get("when")) for d in found] == [
        ("orin", "orin", "planned", "mass-production", "2027"),
        ("Birch Securities", None, "opinion", None, None),
        ("Birch Securities", "orin", "opinion", "mass-production", "2028")]


def test_what_a_company_had_told_before_is_background():
    assert article("Orin had told suppliers in March that production would begin in late 2026.") == []


def test_a_customer_to_receive_its_first_cells_from_a_plant_is_the_plants_supply():
    draft = one("Teller Motors said it expects to receive its first cells from Larchmont in mid-2027.")
    assert fields(draft, "speaker", "company", "factory", "milestone", "when") == (
        "teller", "orin", "orin-larchmont", "supply-start", "2027-mid")


def test_people_a_plant_employs_are_no_anonymous_source_and_a_head_count_to_reach_is_the_plan():
    draft = article("It currently employs about 540 people and expects to employ 900 by the end of 2026.")[0]
    assert fields(draft, "speaker", "status", "milestone", "when", "quantities") == (
        "orin", "planned", "hiring", "..2026", {"jobs": 900})
    assert article("Orin is in talks with Teller, people familiar with the matter said.")[0]["speaker"] == "the-wire"


def test_an_interview_answers_the_step_its_question_asks_after_and_says_its_own_plans():
    found = drafts("Ada Voss on Larchmont\n\nAda Voss, president of Orin, spoke to us on Monday.\n\n"
                   "Q: Larchmont started production in August. When will it be at full speed?\n\n"
                   "A: We expect to run all six lines by the middle of next year. Full output should come in 2027.\n\n"
                   "Q: How many people work there?\n\nA: We have about 540 people today.\n\n"
                   "Q: A second plant?\n\nA: We are looking at sites, but we will not decide before 2027.\n")
    assert [(d["milestone"], d["status"], d["when"]) for d in found] == [
        ("full-production", "planned", "..2026-mid"), ("full-production", "planned", "2027"),
        ("hiring", "underway", None), (None, "considering", "2027")]


def test_a_plant_called_off_whole_names_no_step_and_money_paid_back_is_no_investment():
    found = article("Orin has scrapped plans for a $3 billion battery plant in Larchmont, the company said on "
                    "Tuesday.", "Orin said it would pay back $40 million in state incentives.")
    assert [(d["status"], d["milestone"], d["factory"]) for d in found] == [("cancelled", None, "orin-larchmont")]
    assert amounts("received $200 million in federal grants") == {}


def test_a_must_alone_is_how_people_talk_not_a_judgement():
    assert drafts('"Oregon is a place where we must be local," Ada Voss said.') == []
    assert [d["status"] for d in drafts("Orin's move is a bold but risky bet.")] == ["opinion"]


def test_the_plant_near_a_landmark_is_the_plant_in_focus():
    found = article("LARCHMONT — Orin will start volume production in 2027. Equipment at the plant near Lake Ames "
                    "will be installed next year.")
    assert [d["factory"] for d in found] == ["orin-larchmont", "orin-larchmont"]


# ---------------------------------------------------------------- the third round (plans-dev3, a third writer)
# Each rule added after tests/extract_eval/plans-dev3/ was first measured, on sentences of our own.

def test_an_interview_without_q_and_a_marks_is_read_as_one():
    found = drafts("“We are ready”: Orin's Ada Voss\n\nThe plant's president talks about the ramp-up and the next "
                   "phase. The interview was held in Larchmont on Monday.\n\nHow is the ramp-up going?\n\n"
                   "We reached full output on both lines in August.\n\nAre customers getting cells?\n\n"
                   "Yes. Teller has been receiving packs since early June.\n\nWhat comes next?\n\n"
                   "We expect to break ground on a second phase in the spring of 2026, and the new lines should come "
                   "on stream in 2027.\n")
    assert [fields(d, "speaker", "company", "factory", "said", "status", "milestone", "when") for d in found] == [
        ("ada-voss", "orin", "orin-larchmont", "2025-09-15", "done", "full-production", "2025-08"),
        ("ada-voss", "orin", "orin-larchmont", "2025-09-15", "done", "supply-start", "2025-06"),
        ("ada-voss", "orin", "orin-larchmont", "2025-09-15", "planned", "groundbreaking", "2026-spring"),
        ("ada-voss", "orin", "orin-larchmont", "2025-09-15", "planned", "capacity-expansion", "2027")]


def test_a_few_questions_in_a_news_story_make_no_interview():
    found = article("Orin will start volume production at Larchmont in 2027. Will it be on time?",
                    "Ada Voss said the first lines would be installed next year.")
    assert [d["speaker"] for d in found] == ["orin", "ada-voss"]


@pytest.mark.parametrize("sentence, milestone", [
    ("The plant will employ about 1,000 people at full operation.", "hiring"),  # "at full operation": when it runs
    ("The plant will absorb around 1,500 workers when it runs at full capacity.", "hiring"),
    ("Orin is studying a sodium-ion line, but only if the second phase lines run well.", "mass-production"),
    ("The first of two commercial-scale lines is being installed.", "equipment-installation"),
    ("Deliveries for Teller's new truck are planned to begin in the spring.", "supply-start"),
    ("Teller has been receiving packs since July.", "supply-start"),
    ("Orin suspended indefinitely the commercial stage of its plant.", "mass-production"),
    ("The LFP cell project planned for the site will not be resumed.", "mass-production"),
    ("Orin is considering converting the plant to produce lithium iron phosphate (LFP) cells.", "mass-production"),
    ("Output could start between 2026 and 2027.", "mass-production"),
    ("Orin laid the first stone for the plant on Thursday.", "groundbreaking"),
    ("Work on the plant, inside the port complex, began last November.", "construction-start"),
    ("The new lines should come on stream in 2027.", "capacity-expansion"),
    ("Orin has not decided whether to build a second building at the site.", "capacity-expansion"),
    ("The expansion will bring the site to 20 GWh a year.", "capacity-expansion"),
    ("Orin began shipping prismatic cells from its Larchmont plant to Teller last month.", "supply-start"),
])
def test_milestone_third_round(sentence, milestone):
    assert milestone_of(sentence) == milestone


def test_the_words_of_an_attribution_name_no_step():
    found = article("LARCHMONT — Orin will build a plant. The plant is expected to create about 900 jobs, according to "
                    "the Investment Ministry.")
    assert fields(found[-1], "milestone", "quantities") == ("hiring", {"jobs": "about 900"})


def test_what_a_plant_will_make_undated_is_no_step():
    assert milestone_of("The plant will make prismatic LFP cells for buses.", undated=True) is None
    assert milestone_of("The plant will produce LFP cells from 2027.", undated=False) == "mass-production"
    assert milestone_of("Orin already produces LFP cells at Larchmont.", undated=True) == "mass-production"


@pytest.mark.parametrize("sentence, status", [
    ("The LFP cell project planned for the site will not be resumed.", "cancelled"),
    ("Plans to hire another 90 workers have been dropped.", "cancelled"),
    ("Orin has not yet decided whether to build a second building.", "considering"),
    ("Full output of 20 GWh a year should follow in 2027.", "planned"),
    ("Orin today celebrated the start of mass production at Larchmont.", "done"),
    ("Bulldozers moved onto the site on Monday, marking the start of construction.", "done"),
    ("Orin and its partner laid the first stone on Thursday.", "done"),
    ("Orin made its final investment decision on the plant in February.", "done"),
    ("The plant, which cost about $2 billion", "done"),
    ("It's 300-odd jobs for the county once it's running, and more while it's being built.", "planned"),
    ("Teller has been receiving packs since July.", "done"),
])
def test_status_third_round(sentence, status):
    assert status_of(sentence) == status


@pytest.mark.parametrize("text, expected", [
    ("estimated to cost approximately A$260 million", {"investment": "about 260 million AUD"}),
    ("worth about Rp 16 trillion (US$1.1 billion)", {"investment": "about 16 trillion IDR"}),
    ("to invest about 3 billion reais ($600 million)", {"investment": "about 3 billion BRL"}),
    ("a further R$ 2.5 billion", {"investment": "2.5 billion BRL"}),
    ("a nameplate capacity of 1 GWh per annum", {"capacity": "1 GWh/yr"}),
    ("up to 250 operational jobs, with a further 400 jobs during construction", {"jobs": "up to 250"}),
    ("It's 200-odd jobs for the shire", {"jobs": "about 200"}),
])
def test_amounts_third_round(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize("words, day, text", [
    ("in the fiscal year ending March 2026", date(2023, 11, 9), "FY2026"),
    ("targeted for the 2025 financial year", date(2023, 5, 10), "FY2025"),
    ("in the second half of calendar 2025", date(2024, 9, 10), "2025-H2"),
    ("guides to 2H CY25", date(2024, 9, 10), "2025-H2"),
    ("an expansion later this decade", date(2025, 5, 20), "..2029"),
    ("began last November", date(2024, 7, 16), "2023-11"),
    ("since late July", date(2025, 10, 21), "2025-07"),
])
def test_periods_third_round(words, day, text):
    assert [w.text for w in periods.find(words, day)] == [text]


def test_this_decade_is_no_december():
    assert periods.find("it is not where we will be competitive this decade", DAY) == []


def test_clauses_third_round():
    def pieces(sentence: str) -> list[str]:
        text = sentence + "\n"
        return [p.text(text) for p in split(text, passages(text)[0], REGISTRY.find(text))]

    assert pieces("The shell was completed in June and the first of two lines is being installed.") == [
        "The shell was completed in June", "the first of two lines is being installed."]
    assert pieces("Installation of the first line has been halted, and plans for a second stage have been "
                  "scrapped.") == ["Installation of the first line has been halted",
                                   "plans for a second stage have been scrapped."]
    assert pieces("The retooling will cost about $300 million, on top of the $900 million the company has "
                  "already invested.") == ["The retooling will cost about $300 million",
                                           "the $900 million the company has already invested."]
    assert pieces("The Larchmont plant, which cost about $2 billion, is the first in the state to make LFP "
                  "cells.") == ["The Larchmont plant, which cost about $2 billion",
                                "is the first in the state to make LFP cells."]
    assert pieces("Stage 1: 2 GWh a year; production targeted for 2027.") == [
        "Stage 1: 2 GWh a year; production targeted for 2027."]  # a heading and its claim
    assert pieces("Orin had hired 300 of the 900 workers planned; hiring has been frozen.") == [
        "Orin had hired 300 of the 900 workers planned; hiring has been frozen."]
    assert pieces("The plant will make LFP cells with a capacity of 8 GWh a year, and will employ about 900 "
                  "people.") == ["The plant will make LFP cells with a capacity of 8 GWh a year",
                                 "will employ about 900 people."]


def test_a_headcount_cut_beside_hiring_called_off():
    found = article("About 60 of Orin's 110 staff at Larchmont will be made redundant, and plans to hire another 90 "
                    "workers have been dropped.")
    assert [fields(d, "status", "milestone") for d in found][-1] == ("cancelled", "hiring")


def test_a_title_in_capitals_names_the_company_and_plant_its_bullets_are_about():
    found = drafts("ORIN SELECTS LARCHMONT FOR CELL PLANT\n\n• Construction expected to commence in Q1 2026\n\n"
                   "Orin Cells is pleased to announce the site.\n")
    assert fields(found[0], "speaker", "company", "factory", "milestone", "when") == (
        "orin", "orin", "orin-larchmont", "construction-start", "2026-Q1")


def test_a_customer_receiving_packs_is_the_supply_of_the_plant_in_focus():
    draft = article("LARCHMONT — Orin's plant is running well.", "Teller has been receiving packs since July, Ada "
                    "Voss said.")[-1]
    assert fields(draft, "company", "factory", "milestone", "status", "when") == (
        "orin", "orin-larchmont", "supply-start", "done", "2025-07")


def test_a_supply_step_is_at_the_plant_in_focus():
    draft = article("LARCHMONT — Orin started mass production on Monday.", "First deliveries to Teller are "
                    "scheduled for July 2026.")[-1]
    assert fields(draft, "factory", "milestone", "when") == ("orin-larchmont", "supply-start", "2026-07")


def test_an_official_on_what_the_project_is_worth_and_its_jobs_speaks_of_the_plants_plan():
    found = article("LARCHMONT — Orin broke ground on its plant on Monday.",
                    "The project is worth about $2 billion, according to the mayor.",
                    '"It\'s 300-odd jobs for the county once it\'s running," Mayor Ben Kroll said.')
    assert [fields(d, "speaker", "company", "factory", "milestone", "status") for d in found[1:]] == [
        ("ben-kroll", "orin", "orin-larchmont", "investment", "planned"),
        ("ben-kroll", "orin", "orin-larchmont", "hiring", "planned")]


def test_a_clause_after_and_in_the_tense_of_the_first_is_a_claim_of_its_own():
    found = article("Orin already produces LFP cells at its Larchmont plant, and ships packs to Teller.")
    assert [fields(d, "status", "milestone", "company") for d in found] == [
        ("done", "mass-production", "orin"), ("done", "supply-start", "orin")]


def test_the_articles_company_is_in_focus_again_once_it_speaks():
    found = article("• Teller signed an agreement in January to buy cells from the plant.",
                    "Orin Cells, the Oregon-based maker, said on Monday that it now expects volume production at "
                    "Larchmont in 2027.", "The plant is about 70% complete.", title="Orin delays Larchmont")
    assert [d["company"] for d in found][-1] == "orin"


def test_today_is_the_day_of_a_done_event():
    draft = one("Orin today celebrated the start of mass production at its Larchmont plant.")
    assert fields(draft, "status", "milestone", "when") == ("done", "mass-production", "2025-09-17")


def test_a_plant_converted_to_make_another_product_makes_it_from_then_on():
    found = article("Orin will convert its Larchmont plant to produce LFP cells, the company said.",
                    "Trial production is scheduled to begin in 2026, with mass production to follow in 2027.")
    assert [fields(d, "product", "milestone", "when") for d in found] == [
        ("lfp", None, None), ("lfp", "trial-production", "2026"), ("lfp", "mass-production", "2027")]
    part = article("Orin will convert part of its Larchmont plant to make LFP cells.",
                   "Mass production of prismatic cells will start in 2027.")
    assert part[-1]["product"] == "prismatic"  # a part converted: the plant's own product stays


def test_what_a_plant_will_make_is_a_claim_with_no_step():
    draft = article("LARCHMONT — Orin broke ground on Monday.", "The plant will make prismatic cells for buses.")[-1]
    assert fields(draft, "status", "milestone", "factory", "product", "when") == (
        "planned", None, "orin-larchmont", "prismatic", None)


def test_plans_of_others_tied_to_the_plant():
    found = article("LARCHMONT — Orin will build a $2 billion cell plant, it said on Monday.",
                    "The venture will buy lithium from mines in Chile, according to the company.",
                    "Orin signed a joint venture agreement with Kestrel Mining on Tuesday.",
                    "Teller plans to use the cells in an electric pickup.",
                    "Teller, Orin's customer, said it remained committed to the project.")
    assert [fields(d, "company", "status") for d in found[1:]] == [
        ("orin", "planned"), ("orin", "done"), ("teller", "planned"), ("teller", "statement")]


def test_leasing_a_site_for_a_plant_is_a_claim():
    draft = one("Orin said it had executed an option to lease a 30-hectare site for its first cell plant.")
    assert fields(draft, "company", "status") == ("orin", "done")


def test_remarks_that_are_no_plans():
    assert article("A group of residents from the valley has asked the city to publish water studies and plans "
                   "to hold a meeting next month.") == []
    assert article('"The question is whether demand will be there in 2027," said Ben Kroll.') == []
    assert article("The state government's $95 million loan to the project is secured against the site.") == []
    assert drafts("Orin's Ada Voss on Larchmont\n\nSeven months after Orin started production at Larchmont, its "
                  "president talks about the ramp-up.\n") == []


def test_a_bullet_and_the_sentence_telling_it_in_full_are_one_draft():
    found = drafts("Orin ends LFP project\n\n• LFP project formally ended\n\nLARCHMONT — The LFP cell project planned "
                   "for the Larchmont site will not be resumed, Orin said on Monday.\n")
    assert [fields(d, "status", "milestone", "factory") for d in found] == [
        ("cancelled", "mass-production", "orin-larchmont")]


def test_a_bullet_and_a_sentence_on_another_plant_are_two_drafts():
    found = drafts("Orin news\n\n• Orin to start production at Larchmont in 2027\n\nOrin will begin mass production of "
                   "LFP cells at its Fenwick pilot line in 2026.\n")
    assert [fields(d, "factory", "milestone", "when", "also") for d in found] == [
        ("orin-larchmont", "mass-production", "2027", []), ("orin-pilot", "mass-production", "2026", [])]
    told = drafts("Orin news\n\n• Orin to start Larchmont output in 2027\n\nTeller will start output at Dresden in "
                  "2027.\n")  # most of the bullet's words, another company's plant
    assert [fields(d, "company", "factory", "also") for d in told] == [
        ("orin", "orin-larchmont", []), ("teller", "teller-dresden", [])]


def test_a_bullet_sharing_only_its_company_with_a_sentence_is_a_draft_of_its_own():
    found = drafts("Orin news\n\n• Orin to hire 300 workers at Larchmont this year\n\nOrin expects to employ 1,200 "
                   "people by 2028.\n")  # the same step of the same plant, two claims: one word in common
    assert [fields(d, "quote", "milestone", "when", "also") for d in found] == [
        ("Orin to hire 300 workers at Larchmont this year", "hiring", "2025", []),
        ("Orin expects to employ 1,200 people by 2028.", "hiring", "..2028", [])]


def test_a_bullet_and_a_sentence_of_another_status_are_two_drafts():
    found = drafts("Orin news\n\n• Orin to start production at Larchmont in 2027\n\nOrin finished building the "
                   "Larchmont hall in 2024.\n")  # two words in common (Orin, Larchmont): a step done is another claim
    assert [fields(d, "status", "milestone", "when", "also") for d in found] == [
        ("planned", "mass-production", "2027", []), ("done", "construction-complete", "2024", [])]


def test_a_bullet_and_the_sentence_telling_more_of_it_quote_the_sentence():
    found = drafts("Orin news\n\n• Orin to start mass production at Larchmont\n\nOrin will start mass production at "
                   "its Larchmont plant in 2027.\n")
    assert [fields(d, "quote", "when", "also") for d in found] == [
        ("Orin will start mass production at its Larchmont plant in 2027.", "2027",
         ["Orin to start mass production at Larchmont"])]  # the sentence gives the date the bullet leaves out


def test_a_quotation_after_a_speakers_words_is_their_companys_plan():
    found = article("Teller will build a gigafactory at Dresden.",
                    '"We are hiring," said Ada Voss. "Our Fenwick line will start mass production in 2027."')
    assert fields(found[-1], "speaker", "company", "factory", "milestone", "when") == (
        "ada-voss", "orin", "orin-pilot", "mass-production", "2027")  # Orin's president, not Teller in focus


def test_an_analysts_quotation_on_a_step_is_about_the_plant_in_focus():
    found = article("Orin will start production at Larchmont in 2027.",
                    '"The timeline is tight," said Kim Lee, an analyst at Ridge Securities. "I would not be surprised '
                    'if mass production slipped into 2028."')
    assert fields(found[-1], "speaker", "company", "factory", "status", "milestone", "when") == (
        "Kim Lee", "orin", "orin-larchmont", "opinion", "mass-production", "2028")


def test_a_plant_named_with_its_owner_after_another_plant_in_focus_is_its_owners():
    found = article("Orin will start production at Larchmont in 2026.", "The Dresden gigafactory of Teller will open in 2027.")
    assert [fields(d, "company", "factory", "when") for d in found] == [
        ("orin", "orin-larchmont", "2026"), ("teller", "teller-dresden", "2027")]


def test_a_company_named_in_the_speakers_words_is_not_the_claims():
    draft = one("Teller will open its Dresden plant in 2026, Ada Voss, the president of Orin, said.")
    assert fields(draft, "speaker", "company", "factory", "when") == ("ada-voss", "teller", "teller-dresden", "2026")


def test_a_product_named_in_the_reason_given_is_not_the_claims():
    draft = one("Orin will start mass production of LFP cells at Larchmont in 2026, saying customers had asked for "
                "sodium-ion cells.")
    assert fields(draft, "product", "milestone", "when") == ("lfp", "mass-production", "2026")


def test_a_bullet_and_a_sentence_on_another_step_of_the_plant_are_two_drafts():
    found = drafts("Orin news\n\n• Orin to start production at Larchmont in 2027\n\nOrin will hire 500 workers at "
                   "Larchmont in 2026.\n")  # two words in common, the same plant and status: another step
    assert [fields(d, "milestone", "when", "also") for d in found] == [
        ("mass-production", "2027", []), ("hiring", "2026", [])]


def test_a_quotation_two_sentences_after_its_speaker_is_theirs():
    found = article('"Larchmont is ready," said Ada Voss. "We have hired 300 people. Mass production will start in 2027."')
    assert [fields(d, "speaker", "company", "milestone", "when") for d in found] == [
        ("ada-voss", "orin", "hiring", None), ("ada-voss", "orin", "mass-production", "2027")]


def test_he_doubts_after_an_analysts_words_is_the_analysts_view():
    found = article('"The timeline is tight," said Kim Lee, an analyst at Ridge Securities.',
                    "He doubts Teller will start production at Dresden before 2029.")
    assert fields(found[-1], "speaker", "company", "factory", "status", "when") == (
        "Kim Lee", "teller", "teller-dresden", "opinion", "2029..")


def test_a_speakers_company_named_beside_their_name_is_theirs():
    draft = one("Teller is a demanding customer, said Rafael Ortiz, Orin's head of sales.", statements=True)
    assert fields(draft, "speaker", "company", "status") == ("Rafael Ortiz", "orin", "statement")


def test_a_plant_named_in_an_aside_about_the_company_is_not_the_claims():
    draft = one("Orin, which also runs the Fenwick pilot line, will start production at Larchmont in 2027.")
    assert fields(draft, "factory", "milestone", "when") == ("orin-larchmont", "mass-production", "2027")


def test_a_plant_of_another_company_supplied_is_not_the_suppliers_plant():
    draft = one("Orin will supply cells to Teller's Dresden plant from 2027.")
    assert fields(draft, "company", "factory", "milestone", "when") == ("orin", None, "supply-start", "2027..")


def test_a_plain_remark_on_a_plant_is_no_amount_of_a_plan():
    draft = one("The Larchmont plant is set back from the river, Orin said.", statements=True)
    assert fields(draft, "status", "milestone") == ("statement", None)  # "The plant is about $2 billion" would be


def test_the_amount_of_a_cause_after_three_words_is_left_out():
    draft = one("Orin will invest $2 billion in Larchmont, after finalising a $95 million loan.")
    assert fields(draft, "milestone", "quantities") == ("investment", {"investment": "2 billion USD"})


def test_an_attribution_inside_the_sentence_stays_in_the_claim():
    draft = one("Orin will, Ada Voss said on Monday, start mass production at Larchmont in 2027.")
    assert draft["claim"] == "Orin will, Ada Voss said on Monday, start mass production at Larchmont in 2027."
    closing = one("Orin will start mass production at Larchmont in 2027, Ada Voss said.")
    assert closing["claim"] == "Orin will start mass production at Larchmont in 2027."


def test_a_heading_naming_no_entity_is_not_explained_as_a_title():
    reasons = dict(explain_text("Battery news\n\nOrin will start production at Larchmont in 2027.\n", REGISTRY,
                                "the-wire", DAY))
    assert "Battery news" not in reasons
    named = dict(explain_text("Orin picks Larchmont\n\nOrin will start production at Larchmont in 2027.\n", REGISTRY,
                              "the-wire", DAY))
    assert named["Orin picks Larchmont"] == "a title or heading: the article's sentences say it again if it is a claim"


def test_the_mayor_on_another_companys_plant_after_the_plant_in_focus_is_its_owners_plan():
    found = article("Orin will start production at Larchmont in 2026.",
                    "The Dresden gigafactory will open in 2027, Mayor Ben Kroll said.")
    assert fields(found[-1], "speaker", "company", "factory", "when") == ("ben-kroll", "teller", "teller-dresden", "2027")


def test_an_analysts_words_and_the_view_told_after_them():
    found = article('"The timeline is tight," said Kim Lee, an analyst at Ridge Securities. "I would not be surprised '
                    'if mass production slipped into 2028."', "He expects Teller to push back its truck launch to "
                    "2029.", title="Orin to build Larchmont plant")
    assert [fields(d, "speaker", "company", "status", "milestone", "when") for d in found] == [
        ("Kim Lee", "orin", "opinion", "mass-production", "2028"), ("Kim Lee", "teller", "opinion", None, "2029")]


def test_a_reports_own_view_is_its_analysts():
    draft = drafts("Ridge Research | Orin update\n\nAnalyst: Ada Voss\n\nOrin builds Larchmont. In our view, volume "
                   "production could slip into 2028 unless funding is secured.\n")[-1]
    assert fields(draft, "speaker", "company", "status", "milestone", "when") == (
        "ada-voss", "orin", "opinion", "mass-production", "2028")


def test_a_speakers_words_further_on_keep_the_day_of_the_occasion_the_article_reports():
    found = article("Orin will start production at Larchmont in 2027, Ada Voss told an earnings briefing on Monday.",
                    "Orin's shares rose 3%.", "She said the first line would be installed by the end of 2026.")
    assert [d["said"] for d in found] == ["2025-09-15", "2025-09-15"]
    plain = article("Orin will start production at Larchmont in 2027, Ada Voss told the Wire on Monday.",
                    "Orin's shares rose 3%.", "She said the first line would be installed by the end of 2026.")
    assert [d["said"] for d in plain] == ["2025-09-15", "2025-09-17"]  # no occasion: the article's day further on


def test_a_part_of_the_amount_covered_by_a_subsidy_is_an_aside():
    draft = one("The total investment is unchanged at about $2 billion, Ada Voss said, of which $400 million is "
                "covered by a grant awarded in June.")
    assert fields(draft, "status", "milestone", "when", "quantities") == (
        "planned", "investment", None, {"investment": "about 2 billion USD"})


def test_a_company_named_in_a_legal_form_is_a_company():
    from kb.extract.newnames import classify

    text = "PT Sinar Baterai Indonesia said it would invest."
    assert classify(text, 0, len("PT Sinar Baterai Indonesia"), False) == ("company", "PT Sinar Baterai Indonesia")


def test_a_bare_amount_is_a_number_in_the_draft_and_the_claim(tmp_path):
    from kb.extract import drafts_for_source, review, store
    from kb.store.parse import load_kb

    (tmp_path / "claims" / "registry").mkdir(parents=True)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "wire.txt").write_text("Orin will hire 400 workers at its Larchmont plant in 2026.\n",
                                                   encoding="utf-8")
    registry = tmp_path / "claims" / "registry"
    (registry / "companies.yaml").write_text("- id: orin\n  name: Orin Cells\n  aliases: [Orin]\n", encoding="utf-8")
    (registry / "factories.yaml").write_text("- id: orin-larchmont\n  name: Larchmont cell plant\n  owner: orin\n"
                                             "  city: Larchmont\n", encoding="utf-8")
    (registry / "sources.yaml").write_text("- id: wire\n  title: Orin hires\n  kind: article\n  date: 2025-09-17\n"
                                           "  archive: sources/wire.txt\n", encoding="utf-8")
    kb, problems = load_kb(tmp_path)
    assert problems == []
    draft = drafts_for_source(kb, kb.entities_by_id["wire"])[0]
    assert draft["quantities"] == {"jobs": 400}
    assert "  jobs: 400\n" in store.dump(draft)
    outcome = review.plan(kb, draft)
    assert outcome.errors == [] and "  jobs: 400\n" in outcome.plan.text


@pytest.mark.parametrize("sentence, status, milestone, when", [
    ("Orin wound down the Larchmont pilot line last month.", "done", "closure", "2025-08"),
    ("The Larchmont plant was topped out in May.", "done", "construction-complete", "2025-05"),
    ("Orin commissioned the first production line at Larchmont in August.", "done", "equipment-installation",
     "2025-08"),
    ("The Larchmont plant is now operational.", "done", "mass-production", None),
    ("Orin inaugurated the Larchmont plant on Friday.", "done", "mass-production", "2025-09-12"),
    ("Orin now targets 2027 for the start of production at Larchmont.", "planned", "mass-production", "2027"),
    ("Mass production at Larchmont got under way in January.", "done", "mass-production", "2025-01"),
    ("Orin kicked off production at Larchmont last week.", "done", "mass-production", "2025-09"),
    ("Orin restarted construction at Larchmont in May.", "done", "construction-start", "2025-05"),
    ("Orin delayed the opening of Larchmont by a year.", "planned", "mass-production", None),
    ("Teller will take cells from Larchmont starting in 2027.", "planned", "supply-start", "2027.."),
    ("Orin signed a lease for the Larchmont site on Monday.", "done", None, "2025-09-15"),
])
def test_more_ways_news_tells_of_a_step(sentence, status, milestone, when):
    assert fields(one(sentence), "status", "milestone", "when") == (status, milestone, when)


def test_a_deal_to_buy_cells_from_a_plant_is_no_supply_begun():
    assert milestone_of("Teller signed an agreement to buy cells from Larchmont.") != "supply-start"


@pytest.mark.parametrize("words, past, text", [
    ("production in 2H26", False, "2026-H2"),
    ("samples in 1H27", False, "2027-H1"),
    ("trial runs in the second quarter", False, "2026-Q2"),  # said in September: the coming one
    ("trial runs began in the second quarter", True, "2025-Q2"),
    ("finished by year end", False, "..2025"),
])
def test_periods_short_and_lone_quarters(words, past, text):
    found = periods.find(words, DAY)
    assert [periods.resolve_month(w, DAY, past).text for w in found] == [text]


def test_the_industrial_estate_a_plant_is_in_names_it():
    found = article("The plant, to be built at the Larchmont Integrated Industrial Estate, will start production in "
                    "2027.", "Orin chose a site in the Larchmont Strategic Industrial Area for its plant, it said.",
                    "The Larchmont Industrial Area already hosts a refinery, and a second refinery has been mothballed.")
    assert [fields(d, "company", "factory", "status") for d in found] == [
        ("orin", "orin-larchmont", "planned"), ("orin", "orin-larchmont", "done")]  # the estate as a subject: a place


def test_a_scoop_is_the_publications_own_reporting():
    found = article("Orin has suspended indefinitely its plan to start production at Larchmont, the Wire has learned.",
                    "Orin had hired 300 of the 900 workers planned; hiring has been frozen.",
                    "Orin is considering a switch to LFP cells, a company official said.")
    assert [d["speaker"] for d in found] == ["the-wire", "the-wire", "orin"]


@pytest.mark.parametrize("text, now, expected", [
    ("raise annual capacity to 20 gigawatt hours from 8 GWh", False, {"capacity": "20 GWh/yr"}),
    ("cut the budget to about $1 billion from $1.3 billion", False, {"investment": "about 1 billion USD"}),
    ("bringing the site to 20 GWh", False, {"capacity": "20 GWh/yr"}),
    ("The 5 GWh second-stage expansion is under review", False, {"capacity": "5 GWh/yr"}),
    ("It now employs 850 people, a figure expected to reach about 1,200 at full production", True, {"jobs": 850}),
    ("It now employs 850 people, a figure expected to reach about 1,200 at full production", False,
     {"jobs": "about 1200"}),
    ("Orin had hired around 300 of the roughly 1,500 workers planned", False, {"jobs": "about 300"}),
])
def test_amounts_the_one_the_claim_is_about(text, now, expected):
    assert amounts(text, now=now) == expected


@pytest.mark.parametrize("sentence, status", [
    ("The pilot line will keep running at a reduced rate to make sample cells.", "underway"),
    ("Construction has reached the halfway point and is now slated for completion in June 2026.", "planned"),
])
def test_status_of_what_goes_on_and_what_is_dated_to_finish(sentence, status):
    assert status_of(sentence) == status


def test_a_cancellation_is_for_no_date_and_an_aside_of_the_plan_before_dates_nothing():
    assert one("Orin halted equipment installation at Larchmont in July.")["when"] is None
    draft = one("Installation of equipment at Larchmont, originally due to begin this year, has been pushed back to "
                "the first quarter of 2026.")
    assert fields(draft, "status", "when") == ("planned", "2026-Q1")


def test_a_relative_clause_gives_the_step_done_and_its_date():
    draft = one("Orin already produces about 8 GWh a year of LFP cells at Larchmont, which has been running at full "
                "capacity since March.")
    assert fields(draft, "status", "milestone", "when") == ("done", "full-production", "2025-03")


def test_money_for_a_plant_and_room_added_to_it_name_no_product():
    found = article("Orin will invest $2 billion in an LFP cell plant in Larchmont.",
                    "A second phase would raise capacity to 20 GWh a year by 2029.")
    assert [fields(d, "milestone", "product") for d in found] == [("investment", None), ("capacity-expansion", None)]


def test_a_reports_view_is_an_analysts_opinion_only_when_its_author_is_an_analyst():
    # found by mutation testing (docs/testing.md): the author's role decides, and an author without one is read too
    registry = registry_from([
        Company(id="orin", name="Orin Cells", aliases=("Orin",)),
        Person(id="kim-lee", name="Kim Lee", role="Battery analyst, Ridge Research"),
        Person(id="ada-voss", name="Ada Voss"),
        Factory(id="orin-larchmont", name="Larchmont cell plant", owner="orin", city="Larchmont",
                country="United States"),
    ])
    found = {}
    for author in ("Kim Lee", "Ada Voss"):
        text = (f"Ridge Research | Orin update\n\nAnalyst: {author}\n\nOrin builds Larchmont. In our view, Orin will "
                "start volume production at Larchmont in 2027.\n")
        found[author] = [fields(d, "speaker", "company", "status", "when")
                         for d in extract_text(text, registry, "the-wire", DAY)]
    assert found == {"Kim Lee": [("kim-lee", "orin", "opinion", "2027")],
                     "Ada Voss": [("ada-voss", "orin", "planned", "2027")]}


def test_a_clause_naming_its_own_company_further_in_is_that_companys_not_the_one_before():
    # found by mutation testing (docs/testing.md): "..., and by the end of 2027 Teller will ..." is Teller's plan
    found = drafts("Orin will open the Larchmont plant in 2026, and by the end of 2027 Teller will open its Dresden "
                   "plant.")
    assert [fields(d, "company", "factory", "when") for d in found] == [
        ("orin", "orin-larchmont", "2026"), ("teller", "teller-dresden", "..2027")]


def test_a_plant_owners_own_view_of_its_plant_is_that_companys():
    # found by mutation testing (docs/testing.md): an opinion names no company, the plant's owner saying it does
    draft = one("Production at Larchmont could slip into 2028, Orin said.")
    assert fields(draft, "speaker", "company", "status", "factory", "when") == (
        "orin", "orin", "opinion", "orin-larchmont", "2028")


def test_a_step_begun_is_under_way_with_no_date_and_no_word_taken_for_one():
    # found by mutation testing (docs/testing.md): "in April" is when it began, so no when and no inferred when
    draft = one("Orin began equipment installation at Larchmont in April.")
    assert fields(draft, "status", "milestone", "when", "inferred") == (
        "underway", "equipment-installation", None, {"said": "the source's date"})


def test_a_date_opening_the_sentence_is_its_when():
    # a bug found by mutation testing (docs/testing.md): a date at a clause's very start was taken for the words
    # saying when it was said, though no such words were found, and the draft had no when
    assert one("By 2027, Orin will start production at Larchmont.")["when"] == "..2027"
    assert one("2027 will see Orin start production at Larchmont.")["when"] == "2027"


def test_a_state_naming_a_plant_is_that_plant_when_the_owners_people_speak():
    # found by mutation testing (docs/testing.md): Oregon is Orin's plant when Orin's chief speaks of it
    draft = one("Production in Oregon will start in 2027, Ada Voss said.")
    assert fields(draft, "speaker", "company", "factory", "when") == ("ada-voss", "orin", "orin-larchmont", "2027")


def test_a_plant_named_as_where_another_is_is_not_the_claims_even_first_in_the_text():
    # found by mutation testing (docs/testing.md): "Beside ..." at the text's first character
    draft = one("Beside the Larchmont plant, Teller will open its Dresden gigafactory in 2027.")
    assert fields(draft, "company", "factory", "when") == ("teller", "teller-dresden", "2027")


def test_the_company_is_the_one_named_before_it_not_after():
    # found by mutation testing (docs/testing.md)
    draft = one("Thanks to a grant for Orin, the company will start production at Larchmont in 2027, a year before "
                "Teller.")
    assert fields(draft, "speaker", "company", "factory", "when") == ("orin", "orin", "orin-larchmont", "2027")


def test_each_answer_is_about_the_plant_its_question_named():
    # found by mutation testing (docs/testing.md)
    found = drafts("Ada Voss interview\n\nAda Voss, president of Orin, spoke to us on Monday.\n\n"
                   "Q: When will the Fenwick pilot line make samples?\n\nA: We expect samples in 2026.\n\n"
                   "Q: When will volume production start at Larchmont?\n\nA: Realistically, in the spring of 2027.\n")
    assert [fields(d, "company", "milestone", "factory", "when") for d in found] == [
        ("orin", "sample-production", "orin-pilot", "2026"), ("orin", "mass-production", "orin-larchmont", "2027-spring")]


def test_a_plants_product_is_taken_from_a_step_making_it_not_from_hiring_for_a_line():
    # found by mutation testing (docs/testing.md): only a product step or capacity names the plant's product
    found = article("Orin will hire 500 people for its LFP line at Larchmont in 2026.",
                    "Mass production at Larchmont will start in 2027.")
    assert [fields(d, "milestone", "product", "when") for d in found] == [
        ("hiring", "lfp", "2026"), ("mass-production", None, "2027")]
