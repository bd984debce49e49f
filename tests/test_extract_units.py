"""kb.extract's steps one by one, with expected values written out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from kb.extract import registry_from
from kb.extract.attribution import attribute
from kb.extract.match import covers
from kb.extract.newnames import article_mentions
from kb.extract.segment import passages
from kb.extract.status import status_of
from kb.model import period_words as periods
from kb.model.period import canonical
from kb.model.schema import Company, Factory, Person

DATED = date(2025, 3, 14)

REGISTRY = registry_from([
    Company(id="acme", name="Acme Batteries", aliases=("Acme",)),
    Company(id="globex", name="Globex"),
    Person(id="jane-doe", name="Jane Doe", role="CEO", company="acme"),
    Factory(id="acme-lorain", name="Lorain plant", aliases=("Lorain",), owner="acme"),
])


@pytest.mark.parametrize("words, said, expected", [
    ("in the second half of 2024", None, "2024-H2"),
    ("by late 2025", None, "..2025-late"),
    ("production starts in late 2025", None, "2025-late"),
    ("around mid-2026", None, "2026-mid"),
    ("until the end of 2026 at least", None, "..2026-end"),
    ("at the end of 2026", None, "2026-end"),
    ("in the spring of 2026", None, "2026-spring"),
    ("by 2027", None, "..2027"),
    ("in fiscal 2027", None, "FY2027"),
    ("in the first quarter of 2026", None, "2026-Q1"),
    ("in Q3 2025", None, "2025-Q3"),
    ("in March 2026", None, "2026-03"),
    ("starting in 2026", None, "2026.."),
    ("from 2025 to 2027", None, "2025..2027"),
    ("by the end of 2026", None, "..2026"),
    ("later this year", DATED, "2025"),
    ("late this year", DATED, "2025-late"),
    ("early next year", DATED, "2026-early"),
    ("next year", DATED, "2026"),
    ("by the end of the year", DATED, "..2025"),
    ("at the end of the year", DATED, "2025-end"),
    ("over the next two years", DATED, "..2027"),
])
def test_periods(words, said, expected):
    found = periods.find(words, said)
    assert [w.text for w in found] == [expected]
    assert found[0].relative == (said is not None)
    assert canonical(expected) == expected  # the claim model reads it as written


@pytest.mark.parametrize("words", ["later this year", "next year", "the end of the year", "over the next two years"])
def test_relative_periods_stay_unknown_without_a_date(words):
    assert [(w.text, w.relative) for w in periods.find(words, None)] == [(None, True)]


@pytest.mark.parametrize("words", ["4680 cells", "2,025 jobs", "the boom of 2021", "$5.5 billion"])
def test_numbers_that_are_not_periods(words):
    assert periods.find(words, DATED) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Acme plans to build a plant in Ohio.", "planned"),
    ("Acme aims to double output.", "planned"),
    ("Acme will open the plant in 2026.", "planned"),
    ("The plant is set to open in 2026.", "planned"),
    ("Acme is considering a second plant.", "considering"),
    ("The government is reviewing the request.", "considering"),
    ("The plant is under construction.", "underway"),
    ("The project is on track.", "underway"),
    ("Acme is ramping up production.", "underway"),
    ("Acme began production in May.", "done"),
    ("Acme started mass production last year.", "done"),
    ("Acme is supplying cells to Globex.", "done"),
    ("Acme signed a deal with Globex.", "done"),
    ("Acme suspended work on the plant.", "cancelled"),
    ("The project has been put on hold.", "cancelled"),
    ("Acme scrapped its plans for Ohio.", "cancelled"),
    ("Acme has delayed the plant to 2027.", "planned"),
    ("Construction will be completed by the end of 2025.", "planned"),
    ("The delay is a bold but risky move.", "opinion"),
    ("Sodium-ion will not replace lithium for cars.", "opinion"),
    ("Acme makes cells for buses.", "statement"),
    ("It did not expect the delay to affect its launch plans.", "statement"),
])
def test_status_from_wording(sentence, expected):
    mentions, _ = article_mentions(sentence, REGISTRY)
    assert status_of(sentence, [(m.start, m.end) for m in mentions]) == expected


def _speaker(sentence: str) -> str | None:
    mentions, _ = article_mentions(sentence, REGISTRY)
    found = attribute(sentence, mentions)
    if found is None:
        return None
    if found.mention is not None:
        return found.mention.ref
    return ("pronoun " + found.pronoun if found.pronoun else "company in focus" if found.company_in_focus
            else "anonymous")


@pytest.mark.parametrize("sentence, expected", [
    ("Jane Doe said Acme would build a second plant.", "jane-doe"),
    ('"We are on track," said Jane Doe, chief executive of Acme.', "jane-doe"),
    ("Acme will build a plant, Jane Doe told reporters.", "jane-doe"),
    ("According to Globex, the plant will open in 2026.", "globex"),
    ("Acme Chief Executive Jane Doe said the plant was on track.", "jane-doe"),
    ("Lydia Marsh, director of the Ohio Department of Development, said the credits remained.", "Lydia Marsh"),
    ("Acme will build a plant, the company said on Tuesday.", "company in focus"),
    ("The line will start next year, according to the company's annual report.", "company in focus"),
    ("Acme is in talks with Globex, two people familiar with the matter told Reuters.", "anonymous"),
    ('"The state kept its side of the bargain," she said.', "pronoun she"),
    ("Acme will build a plant in Ohio.", None),
])
def test_attribution(sentence, expected):
    assert _speaker(sentence) == expected


def test_registry_names_are_found_at_once_longest_first_and_as_whole_words():
    text = "Acme Batteries and Globex met at the Lorain plant; Acmes and Globexes are not names. Jane Doe spoke."
    mentions, _ = article_mentions(text, REGISTRY)
    assert [(text[m.start:m.end], m.ref) for m in mentions] == [
        ("Acme Batteries", "acme"), ("Globex", "globex"), ("Lorain plant", "acme-lorain"), ("Jane Doe", "jane-doe")]


def test_unknown_names_are_proposed_only_when_the_text_says_what_they_are():
    text = ("Kentucky Governor Andrew Hale said the state would help. Kestrel Energy will supply cells from its "
            "factory in Greenville, South Carolina, said Rafael Ortiz, Kestrel's chief executive. Officials in "
            "North America and the Ohio Department of Development said nothing on Monday.")
    _, proposals = article_mentions(text, REGISTRY)
    assert sorted(p.command() for p in proposals.values()) == [
        'kb add company --name "Kestrel Energy"',
        'kb add factory --name "Greenville factory"',
        'kb add person --name "Andrew Hale" --role "governor"',  # the role as the text gives it
        'kb add person --name "Rafael Ortiz" --role "chief executive"',
    ]


def test_passages_are_exact_slices_bullets_without_their_marks():
    text = ("Title of the story\n\n  • 🔋 Acme intends to build a plant.\n  • Globex will too.\n\n"
            'SEOUL, March 4 (Wire) - Acme said so. "It is big. It is new," Jane Doe said.\n')
    found = passages(text)
    assert [(p.kind, text[p.start:p.end]) for p in found] == [
        ("bullet", "Acme intends to build a plant."),
        ("bullet", "Globex will too."),
        ("body", "Acme said so."),
        ("body", "It is big."),
        ("body", 'It is new," Jane Doe said.'),
    ]


def test_covers():
    assert covers("Acme will build a plant in Ohio, the company said.", "Acme will build a plant in Ohio")
    assert covers("Acme will build a plant", "Acme will build a plant in Ohio")
    assert not covers("a plant", "Acme will build a plant in Ohio")
    assert covers("“We are on track,” she said.", '"We are on track,"')
