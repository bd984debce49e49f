"""From an article's text to draft claims: passages, names, attribution, period, status, merging.

`extract` is a pure function of the text, the registry and the source's id and date. The
article is read in order, keeping what news prose leaves implicit: the company in focus
("the company said", "it will"), the last person named ("she said"), the plant in focus
("the plant"), and each person's company once the text has given it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from types import SimpleNamespace

from ..model import period_words as periods
from . import clauses, dedupe, segment
from .amounts import amounts
from .attribution import Attribution, attribute
from .lexicon import DEMONYMS, EVENT_NOUNS, PUBLIC_BODIES, PUBLIC_TITLES, REGIONS
from .milestones import _CAUSE, PLANT_PRODUCT, PRODUCT_LINE, milestone_of
from .names import Mention, Registry
from .newnames import NewEntity, article_mentions
from .said import event_day, said_in
from .status import _RELATIVE, COMPARED, DELAYED, EXPECTED_STANDING, OPINION, PLANNED, has_cue, status_of
from .status import main_clause as status_main_clause

QUANTITY = re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s?%|\b\d[\d,.]*\s?(?:percent|per\s+cent|[kMGT]Wh|[kMG]W|jobs|workers|staff|"
                      r"people|employees|positions|billion|"
                      r"million|trillion|tonnes|tons|units|vehicles|cells|won|yuan|euros?|dollars|zlotys?|yen)\b"
                      r"|\b\d{1,3}(?:,\d{3})+\b")
_COMPANY_REF = re.compile(r"\b(?:the|its)\s+(?:[\w’'-]+\s+){0,2}?(?:company|firm|group|automaker|carmaker|maker|"
                          r"manufacturer|supplier|producer|startup|battery-maker)\b|^(?:It|it)\s", re.IGNORECASE)
_FACTORY_REF = re.compile(r"\b(?:the|its)\s+(?:new\s+|planned\s+|existing\s+|[$€£¥]?\d[\w.,]*\s+(?:billion\s+|million\s+)?"
                          r"(?:[\w-]+\s+)?)?(?:plant|factory|gigafactory|facility|site)\b(?!\s+(?:in|near|at)\b)",
                          re.IGNORECASE)
_PUBLIC_SUBJECT = re.compile(r"^(?:the\s+|a\s+group\s+of\s+|some\s+|local\s+)?(?:[\w-]+\s+)?(?:state|government|ministry|administration|agency|city|"
                             r"council|regulators?|department|commission|parliament|congress|authorities|county|court|"
                             r"courts|tribunal|university|residents|lawmakers|legislature|magistrates|neighbou?rs|villagers|"
                             r"protesters|activists|campaigners)\s+(?:from\s+(?:[\w-]+\s+){1,5}?)?"
                             r"(?:will|would|is|are|has|have|had|was|were|plans|said|says|expects|aims|intends)\b",
                             re.IGNORECASE)
_LEAD = re.compile(r"^(?:(?:moreover|however|meanwhile|separately|additionally|in addition|also|but|and|so|still|"
                   r"as we look ahead|at the same time|in the meantime|in other news)\b[,\s]*)+"
                   r"(?:it[’']?s clear that\s+)?"
                   r"|^(?:as we look ahead,\s+)?it[’']?s clear that\s+|^with\s+", re.IGNORECASE)
PLAN_STATUSES = ("planned", "considering", "underway", "done", "cancelled")
# What was planned before, told as background ("which had aimed to begin construction in 2024", "The company had
# previously targeted 2024"), a company's history, results and shares: no plan of the article's own.
BACKGROUND = re.compile(
    r"\bhad\s+(?:previously\s+|originally\s+|earlier\s+|once\s+|first\s+|initially\s+)?(?:planned|aimed|targeted|"
    r"intended|hoped|expected|promised|said|announced|pledged|been\s+(?:scheduled|expected|due|set|slated|planned|"
    r"aiming|targeting))\b"
    r"|\b(?:was|were)\s+(?:originally|previously|initially|first)\s+(?:planned|scheduled|expected|due|slated|set)\b"
    r"|\b(?:target|plan|date|timeline|schedule)\s+(?:\w+\s+){0,2}(?:gave|set|announced)\s+in\b"
    r"|\b(?:founded|established|headquartered|incorporated)\s+in\b|\bbased\s+in\b[^.;]{0,60}\bsince\b"
    r"|\b(?:has|have)\s+(?:\w+\s+){0,2}?(?:supplied|made|produced|sold|built|operated|served)\b[^.;]{0,60}\bsince\s+(?:19|20)\d\d"
    r"|\b(?:posted|reported|booked|recorded|forecast)\s+(?:an?\s+|its\s+)?(?:[\w-]+\s+){0,3}?(?:profit|loss|revenue|"
    r"sales|income|earnings|ebitda|results)\b|\brevenue\s+of\b"
    r"|\bshares?\b[^.;]{0,40}\b(?:rose|fell|closed|jumped|dropped|climbed|slid|gained|lost|surged|slumped|tumbled|"
    r"traded)\b"
    r"|\bhad\s+(?:told|informed|assured|promised)\s+(?:[\w’'-]+\s+){0,3}?(?:that|in|on)\b"
    r"|\b(?:investor|lender|backer|partner|bank)s?\s+(?:had\s+|has\s+)?(?:pulled\s+out|withdrawn|withdrew|backed\s+out)"
    r"|\b(?:follows|followed|comes\s+after|came\s+after)\s+(?:[\w’'-]+\s+){0,4}?(?:decision|announcement|move|collapse|"
    r"failure|delay|cancellation|bankruptcy)\b", re.IGNORECASE)
# A plant called off whole: "scrapped plans for a $3 billion battery plant", "shelved its $2 billion gigafactory".
_WHOLE_PLANT = re.compile(r"\b(?:plans?\s+(?:for|to\s+build)\s+)?(?:a|an|the|its|their)\s+(?:planned\s+)?(?:[$€£¥₩]\s?)?[\d.,]+\s*"
                          r"(?:billion|million|trillion|bn)?\s*(?:[\w-]+\s+){0,3}?(?:plant|factory|gigafactory|project|"
                          r"facility)\b", re.IGNORECASE)
# Where a plant goes: "plans to build its first U.S. cell plant in Ridgefield", "will move production to Spain".
_SITING = re.compile(r"\b(?:build|construct|set\s+up|establish|locate|move|relocate|shift)\b|\bsign(?:ed|s)?\s+(?:a|the)\s+"
                     r"(?:[\w-]+\s+)?lease\b|\b(?:lease[sd]?|leasing|acquired?|cho(?:se|sen)|select(?:ed|s)?|"
                     r"purchased?|bought|secured?)\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:site|land|plot)\b", re.IGNORECASE)
# What was planned before, in an aside: ", originally due to begin this year,".
_BEFORE_ASIDE = re.compile(r",\s+(?:originally|previously|initially|first|once)\s+[^,;]*(?:,|$)", re.IGNORECASE)
# Why a site was chosen ("among the reasons Orin chose the site"): background, no step.
_REASONS = re.compile(r"\breasons?\b|\bwhy\b", re.IGNORECASE)
# Plans of others tied to the plant: a customer's use of its cells, what the venture will buy ("Teller plans to use them
# in a pickup", "The venture will buy nickel from smelters in Sulawesi"); a deal signed for it; a partner's stand.
_TIED = re.compile(r"\b(?:plans?|intends?|aims?|expects?)\s+to\s+(?:use|buy|purchase|install|put)\s+(?:them|the(?:se)?\s+cells|"
                   r"its\s+cells|(?:[\w-]+\s+){0,2}?cells)\b|\b(?:will|plans?\s+to|is\s+to)\s+(?:buy|source|procure|purchase)\b"
                   r"[^.;]{0,60}\bfrom\b|\bsign(?:ed|s)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:agreement|deal|contract|"
                   r"memorandum|joint\s+venture)\b|\b(?:remains?|remained|is|are|was|were)\s+(?:fully\s+|still\s+)?committed\s+to\s+"
                   r"(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:project|plant|factory|venture|site)\b", re.IGNORECASE)
# Who many companies are, not one: "Several start-ups have pushed back plant openings", "gigafactory developers
# across Europe have warned": nobody's plan in particular.
_GENERIC_SUBJECT = re.compile(r"^(?:(?:several|many|some|other|most|few|rival|the\s+industry's|[A-Z][a-z]+)\s+)?(?:[\w-]+\s+)?"
                              r"(?:start-?ups|makers|carmakers|automakers|developers|companies|firms|manufacturers|"
                              r"producers|suppliers|rivals|peers|players)\b(?!\s+(?:said|says|told))")
PLAN_AMOUNTS = ("capacity", "investment", "jobs")
# "the plant's director talks about the ramp-up and the next phase": what an interview is about, no claim.
_TALKS_ABOUT = re.compile(r"\b(?:talks?|talked|speaks?|spoke|discuss(?:es|ed)?)\s+(?:to\s+\w+\s+)?(?:about\b|"
                          r"(?:the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?(?:plans?|ramp-up|strategy)\b)", re.I)
# Milestones that are a product's (the article's product when the clause names none), and those that
# happen at a plant (the plant in focus when the clause names none).
PRODUCT_MILESTONES = ("sample-production", "trial-production", "mass-production", "full-production", "supply-start")
SITE_MILESTONES = ("groundbreaking", "construction-start", "construction-complete", "equipment-installation",
                   "sample-production", "trial-production", "mass-production", "full-production",
                   "capacity-expansion", "hiring", "closure", "investment", "supply-start")
# Milestones that are a start: "mass production starting in 2026" happens in 2026 (not from 2026 on).
START_MILESTONES = ("construction-start", "sample-production", "trial-production", "mass-production",
                    "groundbreaking")  # supplying goes on: "will supply cells starting in 2026" is 2026..
SOURCE_DAY = "the source's date"
# Steps that take time: begun, they are under way (done when finished); the others are done when begun.
LASTING_STEPS = ("construction-complete", "equipment-installation", "hiring", "capacity-expansion", "full-production")
# Work at the plant in focus, worth a claim with no name or date in its words ("Construction is about half done").
BUILD_MILESTONES = ("groundbreaking", "construction-start", "construction-complete", "equipment-installation",
                    "trial-production", "mass-production")
# An occasion whose words an article reports ("told an earnings briefing on Wednesday"): what the speaker says further on
# in the article was said there too.
_OCCASION = re.compile(r"\b(?:briefing|news\s+conference|press\s+conference|conference\s+call|earnings\s+call|call\s+with\s+"
                       r"analysts|meeting|presentation|ceremony|hearing|forum|webcast|summit|results)\b", re.IGNORECASE)
# A plant converted to make another product ("will convert its plant in Batang to produce LFP cells").
_CONVERT = re.compile(r"\b(?:convert\w*|switch\w*|retool\w*|repurpos\w*|re-equip\w*)\s+(?!(?:part|parts|some|one|a\s+portion|"
                      r"a\s+section|a\s+line|lines|half)\b)[^.;]{0,80}?\b(?:to|for|into)\b", re.I)  # the whole plant
# Spending of a whole company, not of a plant in focus.
_COMPANY_WIDE = re.compile(r"\bcapital\s+(?:spending|expenditures?)\b|\bcapex\b|\bgroup-wide\b|\bcompany-wide\b", re.I)


@dataclass(frozen=True)
class NewAlias:
    """A name an article gives a registry plant ("the plant, which the company has named Cumberland Cell Works"),
    proposed as one of its aliases."""

    entity: str
    name: str

    def command(self) -> str:
        return f'kb set {self.entity} aliases --add "{self.name}"'


@dataclass
class Unit:
    """One clause of the article, read."""

    passage: segment.Passage
    mentions: list[Mention]
    attribution: Attribution | None
    values: dict
    bearing: bool
    words: frozenset = frozenset()
    new: list[NewEntity] = field(default_factory=list)
    quoted: bool = False  # the whole clause is a quotation
    subject: str | None = None  # the company the clause is about
    plan: bool = False    # it tells of a plan (a step, a dated promise, an amount, a plan weighed or called off)
    judgement: bool = False  # a judgement in so many words ("a bold but risky move", "holds the key")
    context: tuple = (None, None)  # the company and plant in focus when it was read


@dataclass
class Focus:
    """What the article is talking about at this point of the reading."""

    company: str | None = None
    factory: str | None = None
    person: str | None = None
    employer: dict = field(default_factory=dict)   # person -> company, as the text gives it
    officials: set = field(default_factory=set)    # people holding a public office
    speaker: dict = field(default_factory=dict)    # paragraph -> the last person quoted in it
    said: str | None = None                        # the day the article last gave for a statement
    said_by: dict = field(default_factory=dict)    # person -> the Said the article gave for their words
    question: tuple = (-1, None)                   # the interviewer's last question: (its paragraph, its step)
    reported: dict = field(default_factory=dict)   # paragraph -> the person whose words it last reported (no quotation)
    products: dict = field(default_factory=dict)   # plant -> the product the article first named for a step there
    voice: str | None = None                       # the last speaker named ("they wrote": those analysts)
    converted: dict = field(default_factory=dict)  # plant -> the product the article says it is converted to make
    analysts: set = field(default_factory=set)     # speakers the article gave as analysts


@dataclass
class Article:
    """What holds for the whole article: its day, the words that gave it, the products it names, and in an
    interview written as questions and answers, who answers and when they spoke."""

    day: date | None
    day_words: str
    products: tuple[str, ...]
    interviewee: Mention | None = None
    author: Mention | None = None  # a report's analyst ("Analyst: Jane Doe" in its head): who "we" and "our view" are
    interview_said: object = None  # kb.extract.said.Said
    aliases: dict = field(default_factory=dict)  # plant id -> names the article gives it that the registry lacks
    company: str | None = None     # the company the article is about (its title's, else the first named)
    plant: str | None = None       # the plant it is about (its dateline's town, its title's plant)
    plants: tuple[str, ...] = ()   # the registry's plants the article names anywhere
    new_plants: bool = False       # the article names a plant the registry lacks
    product: str | None = None     # the product it names most (its title's names too), if one stands out
    scoop: bool = False            # the publication reports what it has learned: its narration is its own


def _read_article(text: str, registry: Registry, source: str, said: date | None, source_names: tuple[str, ...],
                  progress=None):
    passages = segment.passages(text)
    mentions, proposals = article_mentions(text, registry, [(p.start, p.end) for p in passages], source_names)
    line = segment.dateline(text)
    day, day_words = said, SOURCE_DAY
    if day is None and line is not None:
        day, day_words = date.fromisoformat(line[0]), line[1]
    products = tuple(dict.fromkeys(m.ref for m in mentions if m.kind == "product"))
    article = Article(day, day_words, products)
    article.product = _main_product(text, mentions, registry)
    if any(p.role for p in passages):
        first = next(p.start for p in passages if p.role)
        intro = [p for p in passages if p.start < first and not p.role]
        article.interviewee = next((m for p in intro for m in mentions
                                    if m.kind == "person" and p.start <= m.start < p.end), None) or next(
            (m for m in registry.find(text[:intro[0].start if intro else first]) if m.kind == "person"), None)
        # (the person the introduction names, else the one the title names: "... : Acme's Jane Doe")
        article.interview_said = next((s for s in (said_in(text[p.start:p.end], day, None) for p in intro) if s), None)
    _about(text, mentions, registry, article)
    article.scoop = bool(re.search(r"\b(?:has|have)\s+learn(?:ed|t)\b", text))
    byline = _AUTHOR.search(text[:_head_end(text)])
    if byline:
        article.author = next((m for m in registry.find(byline.group("name")) if m.kind == "person"), None)
    mentions = _named_in_article(text, mentions, registry, article, proposals)
    focus = Focus(company=article.company, factory=article.plant)
    units: list[Unit] = []
    titles = {t.strip().rstrip(".").casefold() for t in source_names}
    for done, passage in enumerate(passages):
        if progress is not None:
            progress(done, len(passages))
        if text[passage.start:passage.end].strip().rstrip(".").casefold() in titles:
            continue  # the source's own title, written as the article's first line: no claim of its own
        if passage.role == "question":  # an interviewer's question claims nothing, but says what is talked about
            for m in mentions:
                if passage.start <= m.start < passage.end and m.kind in ("factory", "company"):
                    setattr(focus, m.kind, m.ref)
            if passage.paragraph != focus.question[0]:
                focus.question = (passage.paragraph, None)
            asked = milestone_of(text[passage.start:passage.end], registry.milestones)
            focus.question = (passage.paragraph, asked or focus.question[1])  # the question's own sentence last
            continue
        sentence_attribution = attribute(text[passage.start:passage.end], mentions, passage.start)
        sentence_said = said_in(text[passage.start:passage.end], day, None)
        if sentence_said is not None and sentence_said.span is not None:
            sentence_said = replace(sentence_said, span=(passage.start + sentence_said.span[0],
                                                         passage.start + sentence_said.span[1]))
        previous = None
        for clause in clauses.split(text, passage, mentions):
            previous = _read(text, clause, mentions, sentence_attribution, registry, focus, source, article,
                             proposals, previous, sentence_said)
            units.append(previous)
    _quotations(units, source)
    return passages, mentions, units


def extract(text: str, registry: Registry, source: str, said: date | None = None,
            taken: frozenset[str] = frozenset(), source_names: tuple[str, ...] = (), progress=None,
            statements: bool = False) -> list[dict]:
    """Draft claims (dicts of claim fields, plus `also` and `new`) for the article text; progress(done,
    total), when given, hears how many passages are read; statements: remarks too (see `proposed`)."""
    _, _, units = _read_article(text, registry, source, said, source_names, progress)
    return _drafts(text, units, source, taken, statements)


def explain(text: str, registry: Registry, source: str, said: date | None = None,
            source_names: tuple[str, ...] = (), statements: bool = False) -> list[tuple[str, str]]:
    """(passage, reason) for each passage naming an entity the registry knows that is no draft of its own."""
    return extract_explained(text, registry, source, said, source_names, statements)[1]


def extract_explained(text: str, registry: Registry, source: str, said: date | None = None,
                      source_names: tuple[str, ...] = (), statements: bool = False
                      ) -> tuple[list[dict], list[tuple[str, str]]]:
    """The drafts (`extract`, no ids taken) and the reasons of `explain`, from one reading of the article."""
    passages, mentions, units = _read_article(text, registry, source, said, source_names)
    known = [m for m in mentions if not m.new]
    out: list[tuple[str, str]] = []
    titles = {t.strip().rstrip(".").casefold() for t in source_names}
    for block in segment.blocks(text):
        if block.kind == "heading" and any(block.start <= m.start < block.end for m in known):
            out.append((text[block.start:block.end], "a title or heading: the article's sentences say it again "
                                                     "if it is a claim"))
    for passage in passages:
        words = text[passage.start:passage.end]
        if words.strip().rstrip(".").casefold() in titles:
            out.append((words, "the source's title: the article's sentences say it again if it is a claim"))
        elif passage.role == "question" and any(passage.start <= m.start < passage.end for m in known):
            out.append((words, "an interviewer's question: the answer is the claim"))
    drafted = _drafts(text, units, source, frozenset(), statements)
    for unit in units:
        if not any(m.start >= unit.passage.start and m.end <= unit.passage.end and not m.new for m in mentions):
            continue
        quote = unit.passage.text(text)
        if any(d["quote"] == quote for d in drafted):
            continue
        merged = next((d for d in drafted if quote in (d.get("also") or [])), None)
        if merged is not None:
            out.append((quote, f"says again what the draft quoting “{merged['quote'][:60]}” says (kept under also:)"))
        elif len(quote.split()) < 4:
            out.append((quote, "fewer than four words"))
        elif unit.bearing and BACKGROUND.search(status_main_clause(quote)):
            out.append((quote, "background: what was planned before, a company's history, results or shares "
                               "(kb extract --statements proposes it)"))
        elif unit.bearing and unit.values.get("quantities") and not unit.values.get("factory"):
            out.append((quote, "an amount for no plant (a company's total, a comparison): no plan of a plant "
                               "(kb extract --statements proposes it)"))
        elif unit.bearing:
            out.append((quote, "a remark that tells of no plan's step, date, amount or outcome and judges nothing "
                               "(kb extract --statements proposes it)"))
        elif milestone_of(quote, registry.milestones):
            out.append((quote, f"names the step {milestone_of(quote, registry.milestones)} but not as planned, under way "
                               "or done (a headline's present tense, a date with no year): no claim of its own"))
        else:
            out.append((quote, "names no plan, change, judgement, date or amount, and attributes nothing to anyone"))
    return drafted, out


_DATELINE_PLACE = re.compile(r"^\s*(?P<place>[A-Z][A-Za-z .'’-]{1,30}?)(?:,|\s[—–-]{1,2}\s)")
# "The plant, which the company has named Cumberland Cell Works", "to be known as Gigafactory Cymru": a name the
# article gives the plant it is about.
_NAMED = re.compile(r"\b(?:plant|factory|gigafactory|facility|site)\b,?\s+(?:which\s+(?:the\s+company|it|they)\s+(?:has|have|had)\s+"
                    r"(?:named|called|dubbed)|to\s+be\s+(?:known\s+as|called|named)|known\s+as|(?:named|called|dubbed))\s+"
                    r"(?:the\s+)?(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")


def _about(text: str, mentions: list[Mention], registry: Registry, article: Article) -> None:
    """What the article is about: the company its title names (else the first company it names), the plant its
    dateline's town or its title names (one of that company's), and every registry plant it names."""
    blocks = segment.blocks(text)
    first_body = next((b for b in blocks if b.kind != "heading"), None)
    if blocks and first_body is blocks[0] and first_body.kind == "body" and len(blocks) > 1 and not re.search(
            r"[.!?][\"'”’)]*$", text[first_body.start:first_body.end].rstrip()):
        first_body = next((b for b in blocks[1:] if b.kind != "heading"), None)  # a title ending in a quotation mark
    head_end = first_body.start if first_body else len(text)
    head = registry.find(_capitals_as_names(text[:head_end]))  # the title's names too (which name no speaker)
    article.company = next((m.ref for m in head if m.kind == "company"), None)
    article.plants = tuple(dict.fromkeys(m.ref for m in mentions if m.kind == "factory" and not m.new
                                         and not _regional(text, m, registry)))
    article.new_plants = any(m.kind == "factory" and m.new for m in mentions)
    ours = [f for f in registry.cities if article.company is None or registry.owner.get(f) in (None, article.company)]
    if first_body is not None and first_body.kind == "body":
        line = segment.DATELINE.match(text, first_body.start, first_body.end)
        place = _DATELINE_PLACE.match(line.group()) if line else None
        if place:
            town = place.group("place").strip().casefold()
            found = [f for f in ours if registry.cities[f].casefold() == town]
            if len(found) == 1:
                article.plant = found[0]
    if article.plant is None:
        article.plant = next((m.ref for m in head if m.kind == "factory" and m.ref in ours
                              and not _regional(text, m, registry)), None)


# A report's analyst named in its head: "Analyst: Oliver Quayle".
_AUTHOR = re.compile(r"^\s*(?:Analysts?|Authors?|Written\s+by)\s*:\s*(?P<name>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,2})", re.M)
# A person's view, told after their words: "He expects Teller to push back the launch".
_THEY_EXPECT = re.compile(r"\W*(He|She)\s+(?:also\s+|now\s+)?(?:expects|believes|thinks|predicts|estimates|forecasts|"
                          r"sees|doubts)\b")
# The report's own view: "In our view, ...", "We think ...".
_OUR_VIEW = re.compile(r"^\W*(?:in\s+our\s+(?:view|opinion)|we\s+(?:now\s+)?(?:think|believe|expect|see)\b)", re.I)


def _head_end(text: str) -> int:
    """Where the article's head (title, bylines, a report's header) ends: its first paragraph of prose."""
    first = next((b for b in segment.blocks(text) if b.kind == "body" and len(text[b.start:b.end].split()) > 12
                  and re.search(r"[.!?][\"'”’)]*$", text[b.start:b.end].rstrip())), None)
    return first.start if first else 0


def kind_of_ref(registry: Registry, ref: str | None) -> str | None:
    return registry.kinds.get(ref or "")


def _capitals_as_names(words: str) -> str:
    """A title in capitals ("PARDALOTE SELECTS KEMERTON FOR ...") with each word written as a name ("Pardalote Selects
    Kemerton For ..."), so that the registry's names are found in it; the same length, so offsets hold."""
    letters = [ch for ch in words if ch.isalpha()]
    if not letters or sum(ch.isupper() for ch in letters) < 0.8 * len(letters):
        return words
    return re.sub(r"[A-Z]{2,}", lambda m: m.group()[0] + m.group()[1:].lower(), words)


def _main_product(text: str, mentions: list[Mention], registry: Registry) -> str | None:
    """The product an article names more often than any other (its title included), or None."""
    counts: dict[str, int] = {}
    for m in [*registry.find(text[:_title_end(text)]), *mentions]:
        if m.kind == "product" and not re.match(r"\s+(?:cell\s+)?line\b", text[m.end:m.end + 12]):  # not a line's
            head = _head(text, m)  # "NCM pouch cells": pouch
            counts[m.ref] = counts.get(m.ref, 0) + (2 if head else 1)
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or len(ranked) > 1 and ranked[0] == ranked[1]:
        return None
    return max(counts, key=counts.get)


def _head(text: str, mention: Mention) -> bool:
    """The product is the one the noun "cells" (or "batteries") follows, or its name ends in it."""
    return bool(re.match(r"\)?\s+(?:cells?|batter(?:y|ies))\b", text[mention.end:mention.end + 14])
                or re.search(r"\b(?:cells?|batter(?:y|ies))$", text[mention.start:mention.end], re.IGNORECASE))


def _title_end(text: str) -> int:
    """Where the article's title (its first line, when a blank line follows) ends."""
    first = text.split("\n\n", 1)[0]
    return len(first) if "\n\n" in text and len(first.split()) <= 25 else 0


def _regional(text: str, mention: Mention, registry: Registry) -> bool:
    """The plant is named only by its state or region ("Kentucky"), which other plants may share."""
    words = text[mention.start:mention.end]
    return words in REGIONS or words in registry.regions


def _named_in_article(text: str, mentions: list[Mention], registry: Registry, article: Article,
                      proposals: dict[str, NewEntity]) -> list[Mention]:
    """A name the article gives the plant it is about ("the plant, which the company has named Cumberland Cell
    Works") names that registry plant wherever the article uses it; the draft proposes it as an alias."""
    out = list(mentions)
    for m in _NAMED.finditer(text):
        name = m.group("name")
        plant = article.plant or (article.plants[0] if len(article.plants) == 1 else None)
        if plant is None or name in registry._terms:
            continue
        out = [Mention(x.start, x.end, "factory", plant) if x.new and x.ref == name else x for x in out]
        for found in re.finditer(re.escape(name), text):  # every place the article uses the name
            if not any(x.start < found.end() and found.start() < x.end for x in out):
                out.append(Mention(found.start(), found.end(), "factory", plant))
        out.sort(key=lambda x: x.start)
        proposals.pop(name, None)
        article.aliases[plant] = (*article.aliases.get(plant, ()), name)
    return out


def _read(text: str, clause: segment.Passage, mentions: list[Mention], sentence_attribution: Attribution | None,
          registry: Registry, focus: Focus, source: str, article: Article,
          proposals: dict[str, NewEntity], previous: Unit | None = None, sentence_said=None) -> Unit:
    """One clause read; previous: the clause before it in the same sentence, if any; sentence_said: when the
    whole sentence says its words were said ("A, and B, the company said on Monday": A's too)."""
    said = article.day
    words = text[clause.start:clause.end]
    inside = [m for m in mentions if clause.start <= m.start and m.end <= clause.end]
    inside = [m for m in inside if not _just_a_place(text, m, inside, registry, focus) and not _in_a_name(text, m)]
    attribution = attribute(words, mentions, clause.start)
    if attribution is None and clause.role == "answer" and article.interviewee is not None:
        attribution = Attribution(clause.start, clause.start, article.interviewee)  # the interviewee's answer
        sentence_attribution = attribution
        sentence_said = replace(article.interview_said, span=None) if article.interview_said else None
    own_subject = any(m.start == clause.start and m.kind in ("company", "person") for m in inside) and not re.search(
        r"\band\s+that\s+$", text[max(0, clause.start - 12):clause.start])  # "X said A and that B": B is X's words
    if attribution is None and sentence_attribution is not None and (
            not own_subject or sentence_attribution.start >= clause.end) and not (
            clause.start <= sentence_attribution.start < clause.end):
        attribution = sentence_attribution  # "X said A and that B", "A and B, X said": B is X's too
    last = focus.reported.get(clause.paragraph)
    if attribution is None and last and clause.role != "answer" and not any(
            m.kind in ("company", "person") for m in inside) and not _COMPANY_REF.search(words) and \
            not clause.in_quote and not re.search(r"[\"“”]", words):
        attribution = Attribution(clause.start, clause.start, Mention(clause.start, clause.start, "person", last))
        # "..., Lee said. Equipment will be moved in after that.": Lee's words still
    if attribution is None and focus.person and _THEY_EXPECT.match(words):  # "He expects Teller to push back ...": the
        pronoun = _THEY_EXPECT.match(words).group(1).casefold()         # person named just before, in their own view
        attribution = Attribution(clause.start, clause.start + len(pronoun), Mention(clause.start, clause.start, "person",
                                                                                     focus.person),
                                  analyst=focus.person in focus.analysts)
    if attribution is None and article.author is not None and article.interviewee is None and _OUR_VIEW.search(words):
        attribution = Attribution(clause.start, clause.start, article.author,
                                  analyst="analyst" in (registry.roles.get(article.author.ref) or "").casefold())
    if attribution is not None and attribution.role and attribution.mention is None:
        attribution = _by_role(attribution, text, mentions, registry, proposals, focus, article)
    if attribution is not None and attribution.pronoun in ("he", "she") and attribution.mention is None and \
            focus.person in focus.analysts:
        attribution = replace(attribution, analyst=True)  # "He expects ...", after an analyst's words: still the analyst
    if attribution is not None and attribution.pronoun == "they" and focus.voice:
        attribution = replace(attribution, analyst=attribution.analyst or focus.voice in focus.analysts)
    if attribution is not None and attribution.analyst and attribution.mention is not None:
        focus.analysts.add(attribution.mention.ref)
    subject = _subject_company(words, clause.start, inside, attribution, focus)
    if subject is None and previous is not None and re.match(r"(?:now\s+|also\s+|still\s+)?[a-z]+", words) and \
            not any(m.kind in ("company", "person") for m in inside if m.start - clause.start < 15):
        subject = previous.subject  # "..., which broke ground in November, | now expects to start in 2026"
    named = subject if any(m.kind == "company" and m.ref == subject for m in inside) else None
    agents = [(m.start - clause.start, m.end - clause.start) for m in inside if m.kind != "product"]
    stepped = milestone_of(words, registry.milestones) is not None or bool(
        re.match(r"(?:will|would|plans?|expects?|aims?|intends?)\b", words))  # "... and will instead move ...": its subject's
    status = status_of(_masked(words, inside, clause.start), agents, analyst=bool(attribution and attribution.analyst),
                       stepped=stepped)
    inherited = False
    if status == "statement" and previous is not None and previous.values["status"] in PLAN_STATUSES and \
            (re.match(r"(?:with|and|while|to)\b", words, re.IGNORECASE) or clauses.opens_with_verb(words)):
        status, inherited = previous.values["status"], True  # "..., with mass production starting in 2026": the same plan's
    public = bool(_PUBLIC_SUBJECT.match(_LEAD.sub("", words)))  # "The state will provide ...": no company's plan
    if attribution is not None and attribution.company_in_focus and subject is None:
        subject = next((m.ref for m in inside if m.kind == "company"), None)  # "Acme's plant ..., the company said"
    if public:
        subject = None
    speaker = _speaker(attribution, subject, focus, source, status, inside, registry)
    if attribution is None and article.scoop and kind_of_ref(registry, speaker) == "company":
        speaker = source  # "..., Seoul Battery Insider has learned": the publication's own reporting
    if public and attribution is None:
        speaker = source
    if status == "opinion" and attribution is None and speaker != source and re.search(
            r"\bexpected\s+to\b", words, re.IGNORECASE):
        speaker = source  # "X is expected to be among the first ...": the publication's own expectation
    if (attribution is not None and attribution.mention is not None and attribution.mention.ref == speaker
            and speaker not in registry.employer and _official(text, attribution, registry)):
        focus.officials.add(speaker)
    kind = registry.kinds.get(speaker) or (proposals[speaker].kind if speaker in proposals else None)
    company = _company(speaker, kind, attribution, subject, status, focus, registry, source, inside, public, text)
    if kind == "person" and company and named and named != company and status in PLAN_STATUSES:
        company = named  # the chief executive of Kazeno on what its supplier Aldergrove will do: Aldergrove's plan
    elif kind == "person" and company and subject and previous is not None and subject == previous.subject and \
            previous.values.get("company") == subject and status in PLAN_STATUSES:
        company = subject
    aside = _aside(words, clause.start)
    candidates = [m for m in inside if m.kind == "factory" and not _only_a_place(text, m, company, registry)
                  and not _anothers(text, m, inside, company) and not _beside(text, m)
                  and not (status not in PLAN_STATUSES and _a_region(text, m, registry))]
    factory = next((m.ref for m in candidates if not any(a <= m.start < b for a, b in aside)), None)
    if factory is None and company:
        factory = _of_kind(words, company, registry) or _by_country(words, company, registry)
    if factory is None and candidates and not (focus.factory and registry.owner.get(focus.factory) == company):
        factory = candidates[0].ref  # a plant named only in an aside, when no plant of the company is in focus
    if factory is None and _FACTORY_REF.search(words) and not re.search(r"\bproject\b", words[:20], re.I) and (
            company is None or registry.owner.get(focus.factory or "", company) == company):
        factory = focus.factory
    if company is None and factory and (status in PLAN_STATUSES and not public
                                        or status != "opinion" and speaker != source):
        company = registry.owner.get(factory)  # the plant's plan, whoever reports it
    if company is None and factory and speaker == (registry.owner.get(factory) or "-"):
        company = speaker
    stated = said_in(words, said, focus.said)
    taken = (clause.start + stated.span[0], clause.start + stated.span[1]) if stated and stated.span else None
    if stated is None and sentence_said is not None and (attribution is None or attribution is sentence_attribution):
        stated = sentence_said
        taken = sentence_said.span
    if stated is not None and stated.words and stated.span is not None:
        focus.said = stated.text
    when, inferred, note = _when(words, said, status, attribution, clause.start, taken)
    if status == "done" and when and PLANNED.search(_masked(words, inside, clause.start)) and not _is_past(when, said):
        status = "planned"  # "output had reached 4 GWh and would rise to 16 GWh by 2028"
    counted = _masked(words, [m for m in inside if m.kind != "product"], clause.start)
    because = _CAUSE.search(counted)  # "..., after finalising a $95 million loan": the cause's amount is not the claim's
    if because and len(counted[:because.start()].split()) >= 3:
        after = counted.find(",", because.start() + 2)  # the cause ends at its comma: ", cutting about 90 jobs" is the claim's
        counted = counted[:because.start()] + (counted[after:] if after > 0 else "")
    quantities = amounts(counted)
    if status == "underway" and "jobs" in quantities:
        quantities = amounts(counted, now=True)  # "now employs 850 people, a figure expected to reach 1,200": 850
    main_words = status_main_clause(counted)
    own = amounts(main_words) if main_words != counted and "investment" in quantities else {}
    if "investment" in own:  # "about 180 billion yen, of which 40 billion is covered by a subsidy": the plan's own
        quantities["investment"] = own["investment"]
    if status == "statement" and (company or speaker in focus.officials) and any(
            k in quantities for k in ("investment", "capacity")) and not public \
            and re.match(r"(?:the|its)\s+(?:[\w’'-]+\s+){0,5}?(?:phase|plant|factory|gigafactory|facility|project|site|"
                         r"investment|cost|budget|price\s+tag)\s+(?:is|are)\s+(?:now\s+|still\s+)?(?:worth\s+|valued\s+at\s+|"
                         r"unchanged\s+at\s+|budgeted\s+at\s+|put\s+at\s+)?(?:about|around|roughly|some|approximately|"
                         r"expected|estimated|put|set|[$€£¥₩]|(?:Rp|R|A|C|US)\$?\s?\d|\d)",
                         _LEAD.sub("", words), re.IGNORECASE):
        status = "planned"  # "The first phase is now about £1.7 billion": the plan's amount
    milestone = None
    if status in PLAN_STATUSES or status == "opinion":
        current = _RELATIVE.sub(lambda m: "," if BACKGROUND.search(m.group()) else m.group(),
                                _as_plant(_unattributed(words, attribution, clause.start), inside, clause.start, text))
        milestone = milestone_of(current, registry.milestones,
                                 capacity_only="capacity" in quantities and when is None, undated=when is None)
    if milestone is None and clause.role == "answer" and focus.question[1] and when and status in (
            "statement", "planned"):
        milestone, status = focus.question[1], "planned"  # Q: "When will production start?" A: "In 2026."
    if status == "cancelled" and milestone == "investment" and _WHOLE_PLANT.search(words):
        milestone = None  # "scrapped plans for a $3 billion plant": the plant called off, not only its money
    if milestone == "supply-start" and factory is None and company and re.search(r"\breceiv", words, re.I) and \
            registry.owner.get(focus.factory or "") not in (None, company):
        factory = focus.factory  # "Teller has been receiving packs since July": from the plant in focus
    if milestone == "supply-start" and factory and registry.owner.get(factory) not in (None, company) and company:
        company = registry.owner[factory]  # "Teller expects to receive its first cells from Larchmont": Orin's supply
    if status == "opinion" and milestone and attribution is not None and attribution.analyst:
        company = subject or focus.company  # an analyst on a step of a plan: the plan's company, not the analyst's firm
    elif status == "opinion" and attribution is not None and attribution.analyst and named and when:
        company = named  # an analyst on when a company named will act ("expects Teller to push back its launch to 2026")
    elif milestone and company is None and not public and speaker in focus.officials and status in PLAN_STATUSES \
            and milestone in BUILD_MILESTONES and re.search(
                r"\b(?:said|says|told\s+\w+)\s+(?:that\s+)?(?:the|its)\s+(?:[\w-]+\s+){0,3}?(?:plant|factory|building|hall|"
                r"site|construction|production|line|facility|gigafactory)\b", words, re.IGNORECASE):
        company = subject or focus.company  # the mayor on the plant's building: the company's plan
    elif milestone and company is None and not public and speaker in focus.officials and status in PLAN_STATUSES \
            and re.match(r"(?:the|its|their)\s+(?:[\w$€£.,-]+\s+){0,3}?(?:plant|factory|project|site|facility|"
                         r"gigafactory)\b|it(?:[’']s|\s+is|\s+will)\b", _LEAD.sub("", words.lstrip("\"“‘'")), re.IGNORECASE):
        company = registry.owner.get(focus.factory or "") or focus.company
        # the regent on what the project is worth, the shire's president on its jobs: the plant's plan
    if status == "done" and milestone in LASTING_STEPS and re.search(
            r"\b(?:began|begun|started|commenced|got\s+under\s*way)\b", words, re.IGNORECASE) and not re.search(
            r"\b(?:completed|finished|installed|reached|done)\b", words, re.IGNORECASE):
        status, when, inferred = "underway", None, {k: v for k, v in inferred.items() if k != "when"}
        # "installation began in April": the step is under way, and April is when it began, not when it is done
    if status == "done" and when is None:
        for rel in _RELATIVE.finditer(words):  # "already produces cells at Larchmont, which has been running at full
            found = periods.find(rel.group(), said)  # capacity since September": the step done and its date
            if found and status_of(rel.group().lstrip(", ")) == "done":
                step = milestone_of(rel.group().lstrip(", "), registry.milestones)
                chosen = periods.resolve_month(found[0], said, past=True)
                if chosen.text:
                    milestone, when = step or milestone, chosen.text
                    inferred = {**inferred, "when": chosen.words} if chosen.relative else inferred
                break
    if status == "cancelled" and when and (_is_past(when, said) or said and when.startswith(said.strftime("%Y-%m"))):
        when, inferred = None, {k: v for k, v in inferred.items() if k != "when"}
        # "halted in July": when the plan was called off is its said day's business, not a date the plan is for
    if when is None and status == "done":
        event = event_day(words, said, (taken[0] - clause.start, taken[1] - clause.start) if taken else None)
        if event is not None:
            when, inferred = event[0], {**inferred, "when": event[1]}
    if milestone is None and status in ("planned", "underway") and when and (factory or _FACTORY_REF.search(words)) \
            and "capacity" not in quantities and re.search(r"\b(?:cells?|plant|factory|gigafactory|production|output|"
                                                          r"operations?|open)\b", words, re.IGNORECASE):
        milestone = "mass-production"  # a plant's dated promise naming no other step: when it produces
    if status == "underway" and milestone in START_MILESTONES and re.search(
            r"\bon\s+(?:track|schedule|course)\b", words, re.IGNORECASE) and not re.search(
            r"\bunder\s+construction\b|\bramp\w*|\bhalfway\b|\bbegun\b|\bstarted\b", words, re.IGNORECASE):
        status = "planned"  # "start of production remains on schedule for late 2025": what is on time has not begun
    if when and when.endswith("..") and milestone in START_MILESTONES and _starting(words):
        when = when[:-2]  # "with mass production starting in 2026": it starts in 2026
    cause = _CAUSE.search(words)  # "..., saying customers switched to LFP cells": not the claim's product
    outside_asides = "".join(ch if not any(a <= clause.start + i < b for a, b in aside) else " "
                             for i, ch in enumerate(words))
    if factory is None and milestone in SITE_MILESTONES and company and not _COMPANY_WIDE.search(words) \
            and not _another_plant(outside_asides, registry):
        factory = _site_of(company, focus, article, registry)
    plant_named = next((m.ref for m in inside if m.kind == "factory"), None)
    named = _unique(m.ref for m in inside if m.kind == "product" and not (cause and m.start - clause.start >= cause.start()))
    if factory and named and status in ("planned", "underway", "done") and _CONVERT.search(words):
        focus.converted[factory] = named[-1]  # "will convert its plant in Batang to produce LFP cells": LFP from now on
    known = focus.converted.get(factory or "") or registry.plant_products.get(factory or "") or focus.products.get(
        factory or "")
    known_words = "the plant's earlier claims" if registry.plant_products.get(factory or "") == known and not \
        focus.converted.get(factory or "") else "the plant's, above"
    heads = [m.ref for m in inside if m.kind == "product" and m.ref in named and _head(text, m)]
    product = known if known in named else (heads[0] if heads else named[0] if named else None)
    # "prismatic LFP cells": the plant's own product, else the one the noun "cells" follows
    if milestone in ("investment", "capacity-expansion") and not PRODUCT_LINE.search(words):
        product = None  # money for a plant, room added to it: the plant's, not a product's ("an LFP cell plant")
    if product is None and (milestone in PRODUCT_MILESTONES or milestone is None and "capacity" in quantities):
        product = known or (article.product if article.company in (None, company) else None)
        # the plant's product (its earlier claims'), else the article's, for the company the article is about
        if product:
            inferred = {**inferred, "product": known_words if known else "the article's product"}
    elif product and factory and factory == plant_named and (milestone in PRODUCT_MILESTONES or "capacity" in quantities):
        focus.products.setdefault(factory, product)  # "Orin will make LFP cells at Larchmont": that plant's product
    if stated is None and speaker in focus.said_by and kind == "person" and (
            clause.paragraph - focus.said_by[speaker][1] <= 1 or focus.said_by[speaker][2]):
        stated = focus.said_by[speaker][0]  # "..., he said." right after "Choi told shareholders on Tuesday"
        # (further on only when that day was an occasion's the article reports: a briefing, a call, a conference)
    elif stated is not None and stated.words and kind == "person" and said is not None and \
            abs((_day_of(stated.text) - said).days) <= 7:
        focus.said_by[speaker] = (stated, clause.paragraph, bool(_OCCASION.search(words)))
        # the occasion the article reports, not an earlier one
    said_text = stated.text if stated else (said.isoformat() if said else None)
    if said_text:
        inferred = {**inferred, "said": (stated.words if stated and stated.words else article.day_words)}
    values = {"speaker": speaker, "company": company,
              "concerns": _unique(m.ref for m in inside if m.kind == "company" and m.ref not in (company, speaker)),
              "product": product, "factory": factory, "milestone": milestone, "when": when, "said": said_text,
              "status": status, "quantities": quantities, "inferred": inferred, "note": note}
    has_entity = bool(inside) or attribution is not None or bool(_COMPANY_REF.search(words)
                                                                 or _FACTORY_REF.search(words))
    timed = bool(periods.find(words, said)) or bool(QUANTITY.search(words)) or bool(quantities)
    eventful = bool({w.casefold() for w in re.findall(r"[\w-]+", words)} & EVENT_NOUNS)
    market = bool(re.search(r"\bshares?\s+(?:in|of)\s+\S+(?:\s+\S+)?\s+(?:rose|fell|jumped|dropped|climbed|slid|"
                            r"gained|lost|surged|slumped|tumbled)\b", words, re.IGNORECASE))  # the market, not a plan
    bearing = not market and len(words.split()) >= 4 and (
        (has_entity and (has_cue(words) or timed or attribution is not None))
        or (status == "opinion" and eventful)
        or (status in PLAN_STATUSES and timed)
        or (status in PLAN_STATUSES and factory is not None and milestone in BUILD_MILESTONES)
        or (inherited and milestone is not None and has_entity))  # "..., and ships packs to Teller": the sentence's tense
    owned = company is not None or factory is not None
    current = COMPARED.sub(" ", status_main_clause(words))
    background = bool(BACKGROUND.search(current))
    generic = bool(_GENERIC_SUBJECT.match(_LEAD.sub("", words))) and not any(m.kind == "company" for m in inside) or \
        bool(_TALKS_ABOUT.search(words)) and not when  # an interview's introduction: what is talked about
    planlike = not background and not public and not generic and owned and (
        milestone is not None and (status in PLAN_STATUSES or status == "opinion")
        or status in PLAN_STATUSES and (any(k in quantities for k in PLAN_AMOUNTS)
                                        or bool(when) and status in ("planned", "considering", "cancelled")
                                        or status in ("cancelled", "considering")
                                        or DELAYED.search(words) and (factory is not None or _FACTORY_REF.search(words))
                                        or _SITING.search(words) and not _REASONS.search(words)
                                        and (factory is not None or _FACTORY_REF.search(words)
                                                                      or re.search(r"\b(?:plant|factory|gigafactory|"
                                                                                   r"site|production)\b", words))
                                        or status in ("planned", "considering") and _makes(words, inside, factory))
        or status in ("planned", "done", "statement") and bool(_TIED.search(status_main_clause(words)))
        or status == "opinion" and bool(when))
    if planlike and factory is None and company and milestone is None and status != "cancelled" and (
            _SITING.search(words) or re.search(r"\b(?:joint\s+venture\s+agreement|the\s+(?:[\w-]+\s+)?venture\s+(?!plant)|"
                                               r"the\s+project\b)", words, re.I)):
        venture = re.sub(r"\bventure\b", "plant", words[:1].lower() + words[1:])  # "The Indonesian venture will buy ..."
        factory = values["factory"] = _by_country(venture, company, registry) or _site_of(company, focus, article, registry)
    _remember(focus, clause, inside, subject, factory, speaker, company, attribution, registry, article.company)
    if attribution is not None and attribution.mention is not None and attribution.mention.kind == "person":
        focus.reported[clause.paragraph] = None if re.search(r"[\"“”]", words) or clause.in_quote else \
            attribution.mention.ref  # reported speech (not a quotation) goes on in the paragraph's next sentence
    new = [proposals[m.ref] for m in inside if m.new and m.ref in proposals]
    if factory in proposals and proposals[factory] not in new:
        new.append(proposals[factory])  # the plant in focus, which the registry lacks
    new = [replace(e, company=company) if e.kind == "person" and e.name == speaker and e.role and company
           and company in registry.kinds and speaker not in focus.officials
           and not set(e.role.split()) & PUBLIC_TITLES else e for e in new]  # "chief executive X": the company's
    new += [NewAlias(m.ref, text[m.start:m.end]) for m in inside if m.kind == "factory"
            and text[m.start:m.end] in article.aliases.get(m.ref, ())]  # the name the article gives the plant
    quoted = clause.in_quote or bool(re.fullmatch(r"[\"“][^\"“”]+[\"”]\.?", words))
    words_of = dedupe.content_words(text, clause.start, clause.end, mentions)
    plain = status_main_clause(_masked(words, inside, clause.start))
    judging = [m.group() for m in OPINION.finditer(plain) if m.group().casefold() not in ("should", "must")]
    judgement = status == "opinion" and not background and (bool(judging or EXPECTED_STANDING.search(plain))
                                                            or bool(attribution and attribution.analyst and eventful))
    # (a "must" or a "should" alone is how people talk, not a judgement: "Europe is a market where we must be local")
    return Unit(clause, inside, attribution, values, bearing, words_of, _unique(new), quoted, subject, planlike, judgement,
                (subject or focus.company, factory or focus.factory))


def _as_plant(words: str, inside: list[Mention], offset: int, text: str) -> str:
    """words with a plant named by its place alone after an opening or a closure read as "the plant" ("delayed the
    opening of Larchmont": of the plant), for the milestone's words."""
    for m in sorted((m for m in inside if m.kind == "factory"), key=lambda m: -m.start):
        if not re.search(r"\b(?:opening|open(?:s|ed)?|start-?up|launch|inauguration|inaugurated?|closure|closing|close[sd]?)\s+"
                         r"(?:of\s+)?$", text[max(0, m.start - 30):m.start], re.IGNORECASE) or re.match(
                r"\s+(?:cell\s+|battery\s+)?(?:plant|factory|gigafactory|facility|site|works|line)\b", text[m.end:m.end + 30],
                re.IGNORECASE):
            continue
        a, b = m.start - offset, m.end - offset
        words = words[:a] + "the plant" + words[b:]
    return words


def _unattributed(words: str, attribution: Attribution | None, offset: int) -> str:
    """words with the attribution's own words blanked ("according to the Investment Ministry" names no investment)."""
    if attribution is None or attribution.end <= attribution.start:
        return words
    a, b = max(0, attribution.start - offset), min(len(words), attribution.end - offset)
    return words[:a] + " " * (b - a) + words[b:] if a < b else words


def _in_a_name(text: str, mention: Mention) -> bool:
    """A plant's one-word name inside a longer one ("Somerset Community College", "Swansea University", "Woodstock
    Mayor Jerry Acton"): not the plant."""
    return mention.kind == "factory" and " " not in text[mention.start:mention.end] and bool(re.match(
        r" (?!(?:Plant|Factory|Gigafactory|Works|Site|Park|Energy\s+Park|Campus|Facility)\b)[A-Z][a-z]",
        text[mention.end:mention.end + 20])) and not (_ESTATE.match(text, mention.end) and re.search(
            r"\b(?:at|in|inside|within|on)\s+(?:the\s+)?$", text[max(0, mention.start - 12):mention.start]))
    # (the industrial estate a plant is in names it: "at the Batang Integrated Industrial Estate", "in the Kemerton
    # Strategic Industrial Area"; the estate as a subject is the place)


_ESTATE = re.compile(r"(?:\s+[A-Z][\w-]*){0,3}\s+(?:[Ii]ndustrial|[Ii]ndustry|[Bb]usiness|[Ee]conomic|[Tt]echnology|[Ll]ogistics|"
                     r"[Mm]anufacturing|[Pp]ort)\s+(?:[Pp]ort\s+)?(?:[Ee]state|[Aa]rea|[Pp]ark|[Zz]one|[Cc]omplex|[Dd]istrict|"
                     r"[Cc]luster|[Hh]ub|[Cc]ity)\b")


def _only_a_place(text: str, mention: Mention, company: str | None, registry: Registry) -> bool:
    """A factory's alias that is a place ("Arizona", or the city or region the registry gives for it) named
    as a place ("a site in Arizona"), in a claim about another company: the place, not that factory."""
    owner = registry.owner.get(mention.ref)
    words = text[mention.start:mention.end]
    town = registry.places.get(words) == mention.ref and words not in registry.regions and words not in REGIONS
    place = words in REGIONS or registry.places.get(words) == mention.ref
    return (place and owner is not None and owner != company and not (town and company is None)
            and not re.match(r"\s+(?:plant|factory|gigafactory|facility|site)\b", text[mention.end:mention.end + 12]))


def _just_a_place(text: str, mention: Mention, inside: list[Mention], registry: Registry, focus: Focus) -> bool:
    """A place that is also how the registry knows a factory ("Tennessee" for a plant there), named where
    nothing says that plant is meant: not its owner named in the clause or in focus, no plant noun after it."""
    if mention.kind != "factory":
        return False
    words = text[mention.start:mention.end]
    if not (words in REGIONS or registry.places.get(words) == mention.ref and words in registry.regions):
        return False  # a town names its plant; a state may be anyone's
    owner = registry.owner.get(mention.ref)
    if owner and (owner == focus.company or any(
            m.kind == "company" and m.ref == owner or m.kind == "person" and registry.employer.get(m.ref) == owner
            for m in inside)):
        return False
    return not re.match(r"(?:[\s,]+(?:[\w-]+\s+){0,2})?(?:plant|factory|gigafactory|facility|site|works)\b",
                        text[mention.end:mention.end + 40], re.IGNORECASE)


_PUBLIC_ROLES = ("mayor", "governor", "premier", "regent")


def _by_role(attribution: Attribution, text: str, mentions: list[Mention], registry: Registry,
             proposals: dict[str, NewEntity], focus: Focus, article: Article) -> Attribution:
    """A speaker named by role only ("its president said", "according to the town's mayor"): the one person the
    article names with that role, else the one the registry gives that role at the company in focus (for a
    public office, in the town of the plant in focus); otherwise the company in focus, or no one."""
    role = attribution.role
    words = role.split()

    def holds(ref: str) -> bool:
        given = (registry.roles.get(ref) or (proposals[ref].role if ref in proposals else None) or "").casefold()
        return all(w in given for w in words) or (role in ("ceo", "chief executive", "chief executive officer")
                                                  and any(w in given for w in ("ceo", "chief executive")))

    named = _unique(m.ref for m in mentions if m.kind == "person" and holds(m.ref))
    if len(named) != 1:
        towns = {registry.cities.get(f, "").casefold() for f in (focus.factory, article.plant, *article.plants) if f}
        named = [ref for ref, kind in registry.kinds.items() if kind == "person" and holds(ref) and (
            registry.employer.get(ref) == focus.company if role not in _PUBLIC_ROLES
            else any(t and t in (registry.roles.get(ref) or "").casefold() for t in towns))]
    if len(named) == 1:
        return replace(attribution, mention=Mention(attribution.start, attribution.end, "person", named[0]), role=None)
    return replace(attribution, company_in_focus=role not in _PUBLIC_ROLES, anonymous=role in _PUBLIC_ROLES)


def _site_of(company: str, focus: Focus, article: Article, registry: Registry) -> str | None:
    """The plant a step of the company's plan is at when the clause names none: the plant in focus if it is the
    company's, else the one plant of the company the article names, else, when the article names no plant the
    registry lacks, the company's one plant in the registry."""
    if focus.factory and registry.owner.get(focus.factory, company) == company:
        return focus.factory
    named = [f for f in article.plants if registry.owner.get(f) == company]
    if len(named) == 1:
        return named[0]
    if not named and not article.new_plants:
        owned = [f for f, owner in registry.owner.items() if owner == company]
        if len(owned) == 1:
            return owned[0]
    return None


def _another_plant(words: str, registry: Registry) -> bool:
    """The clause names a plant by a place the registry does not know ("its pilot line in Vasteras"): a plant of its
    own, not the one in focus."""
    for m in re.finditer(r"\b(?:line|plant|factory|gigafactory|facility|site|works)\s+(?:in|at)\s+"
                         r"(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)", words):
        place = m.group("place")
        if place not in REGIONS and place not in registry._terms and place not in DEMONYMS:
            return True
    return False


def _aside(words: str, offset: int) -> list[tuple[int, int]]:
    """Where the clause tells of something beside its claim (", which ...,", ", most of them engineers who trained at
    the company's plant in Jiaxing"), in article offsets."""
    spans = [(m.start(), m.end()) for m in _RELATIVE.finditer(words) if not re.match(r",\s+where\b", m.group())]
    spans += [(m.start(), len(words)) for m in re.finditer(r",\s+(?:most|many|some|all|several|half|none)\s+of\s+"
                                                            r"(?:them|whom|which)\b", words, re.IGNORECASE)]
    return [(a + offset, b + offset) for a, b in spans]


def _beside(text: str, mention: Mention) -> bool:
    """A plant named as where another one is ("a plant next to Kazeno's Woodstock site"): not the claim's plant."""
    return bool(re.search(r"\b(?:next\s+to|beside|adjacent\s+to|alongside|across\s+(?:the\s+road\s+)?from|"
                          r"down\s+the\s+road\s+from)\s+(?:the\s+|its\s+)?(?:[\w’'-]+\s+){0,2}$",
                          text[max(0, mention.start - 60):mention.start], re.IGNORECASE))


_KIND_OF_PLANT = re.compile(r"\b(?P<kind>[a-z][\w-]*)\s+(?:line|plant|facility|factory|site)\b")


def _of_kind(words: str, company: str, registry: Registry) -> str | None:
    """"the pilot line", "its pilot plant": the company's one plant whose name says it is of that kind."""
    for m in _KIND_OF_PLANT.finditer(words):
        found = registry.factory_of_kind(m.group("kind"), company)
        if found:
            return found
    return None


def _by_country(words: str, company: str, registry: Registry) -> str | None:
    """"its French gigafactory", "Acme's US factory", "its plant in Hungary", "its first plant in the United
    States": the company's one plant in that country, when the registry knows just one."""
    m = re.search(r"\b(?:its|the|their|[\w-]+[’']s?)\s+(?:planned\s+|new\s+|first\s+)?(?P<who>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)"
                  r"\s+(?:[\w-]+\s+){0,2}?(?:plant|factory|gigafactory|facility|site)\b", words)
    country = DEMONYMS.get(m.group("who")) if m else None
    if not country:
        m = re.search(r"\b(?:plant|factory|gigafactory|facility|site)\s+(?:in|outside)\s+(?:the\s+)?(?:[a-z]+\s+)?"
                      r"(?P<where>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)", words)
        where = m.group("where") if m else None
        country = DEMONYMS.get(where) or (where if where in set(registry.countries.values()) else None)
    if not country:
        return None
    found = [f for f, owner in registry.owner.items() if owner == company and registry.countries.get(f) == country]
    return found[0] if len(found) == 1 else None


def _a_region(text: str, mention: Mention, registry: Registry) -> bool:
    """A factory named by its state or region alone, with no plant noun after it ("Kentucky offers ...")."""
    words = text[mention.start:mention.end]
    regional = words in REGIONS or (registry.places.get(words) == mention.ref and words in registry.regions)
    return regional and not re.match(r"(?:[\s,]+(?:[\w-]+\s+){0,2})?(?:plant|factory|gigafactory|facility|site|works)\b",
                                      text[mention.end:mention.end + 40], re.IGNORECASE)


def _anothers(text: str, mention: Mention, inside: list[Mention], company: str | None) -> bool:
    """A plant named as another company's ("Corvel's Tennessee plant" in a claim of Daeyang's)."""
    owner = next((m for m in inside if m.kind == "company" and m.end <= mention.start
                  and re.fullmatch(r"(?:’s|'s)\s+(?:[\w-]+\s+){0,2}", text[m.end:mention.start])), None)
    return owner is not None and company is not None and owner.ref != company


def _masked(words: str, inside: list[Mention], offset: int) -> str:
    """words with each name replaced by 'X' letters of the same length: "Lee Jae-won" says nothing of "won"."""
    for m in inside:
        a, b = m.start - offset, m.end - offset
        words = words[:a] + "X" * (b - a) + words[b:]
    return words


def _unique(items) -> list:
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


_PREPOSITION = re.compile(r"\b(?:for|to|from|with|by|at|of|on|than|between|into|over|about|against|like|including|"
                          r"among|and|as|toward|towards|via|under|because|after|since|although|though|until|unless|"
                          r"once|if|when|whereas)\s+(?:[a-z][\w-]*\s+){0,2}$", re.IGNORECASE)


def _subject_company(words: str, offset: int, inside: list[Mention], attribution: Attribution | None,
                     focus: Focus) -> str | None:
    """The company the clause is about: the first company named as a subject, or referred to ("the
    company", "it": the company named just before, else the company in focus)."""
    skip = (attribution.start - offset, attribution.end - offset) if attribution else (0, 0)
    companies = [(m.start - offset, m.end - offset, m.ref) for m in inside if m.kind == "company"]
    candidates = []
    for start, end, ref in companies:
        if skip[0] <= start < skip[1]:
            continue
        if start > 0 and (_PREPOSITION.search(words[max(0, start - 40):start])
                          or re.match(r"(?:’s|'s)\s+(?!chief|ceo|president)", words[end:end + 12]) and start > 3):
            continue
        candidates.append((start, ref))
    appositive = [(s, r) for s, e, r in companies if s > 0 and re.fullmatch(
        r"(?:’s|'s)\s+(?:[\w-]+\s+){0,3}?[\w-]+,\s+", words[companies[0][1]:s] if companies else "")]
    if companies and companies[0][0] == 0 and appositive:
        candidates = [c for c in candidates if c[1] != companies[0][2]] + appositive  # "Kazeno's supplier, Aldergrove,"
    ref = _COMPANY_REF.search(words)
    if ref and not (skip[0] <= ref.start() < skip[1]):
        before = [r for s, _, r in companies if s < ref.start()]
        resolved = before[-1] if before else focus.company
        if resolved:
            candidates.append((ref.start(), resolved))
    return min(candidates)[1] if candidates else None


def _speaker(attribution: Attribution | None, subject: str | None, focus: Focus, source: str, status: str,
             inside: list[Mention], registry: Registry) -> str:
    if attribution is not None:
        if attribution.mention is not None:
            return attribution.mention.ref
        if attribution.pronoun in ("he", "she") and focus.person:
            return focus.person
        if attribution.pronoun == "they" and focus.voice:
            return focus.voice  # "..., they wrote in a note": the analysts named before
        if attribution.company_in_focus or attribution.pronoun in ("it", "we", "they"):
            return subject or focus.company or source
        return source
    if status == "opinion":
        return source
    owner = next((registry.owner.get(m.ref) for m in inside if m.kind == "factory" and registry.owner.get(m.ref)), None)
    return subject or owner or focus.company or source


def _official(text: str, attribution: Attribution | None, registry: Registry | None = None) -> bool:
    """The speaker is named with a public title or body ("Governor X", "X, director of the Y Department"), or the
    registry gives them a public office ("Mayor of Larchmont")."""
    if attribution is None or attribution.mention is None:
        return False
    role = (registry.roles.get(attribution.mention.ref) or "") if registry is not None else ""
    if {w.casefold() for w in re.findall(r"[\w’'-]+", role)} & PUBLIC_TITLES:
        return True
    around = text[max(0, attribution.start - 60):attribution.end + 60]
    tokens = {w.casefold() for w in re.findall(r"[\w’'-]+", around)}
    return bool(tokens & PUBLIC_TITLES) or any(w in PUBLIC_BODIES for w in re.findall(r"\w+", around))


def _company(speaker: str, kind: str | None, attribution: Attribution | None, subject: str | None, status: str,
             focus: Focus, registry: Registry, source: str, inside: list[Mention], public: bool = False,
             text: str = "") -> str | None:
    if kind == "person":
        if speaker in registry.employer:
            return registry.employer[speaker]
        if speaker in focus.officials:  # the governor on what Acme did: Acme's; else no company's
            first = inside[0] if inside else None
            opens = first is not None and first.kind == "company" and _at_start(text, first)
            if opens and status in PLAN_STATUSES:
                return first.ref
            reported = next((m for m in inside if m.kind == "company" and re.search(
                r"\b(?:said|says|told\s+[\w-]+)\s+(?:that\s+)?$", text[max(0, m.start - 30):m.start])), None)
            if reported is not None and status in PLAN_STATUSES:
                return reported.ref  # "the mayor said Orin would begin hiring": Orin's plan
            referred = _COMPANY_REF.match(_LEAD.sub("", _clause_of(text, attribution, inside)))
            return subject if referred and subject and status in PLAN_STATUSES else None
        return focus.employer.get(speaker) or _adjacent_company(attribution, inside) or subject or next(
            (m.ref for m in inside if m.kind == "company"), None) or focus.company
    if kind == "company":
        if status == "opinion" and subject != speaker:
            return None
        return speaker
    if speaker == source and status == "opinion" or public:
        return None
    return subject or (focus.company if speaker != source or status in PLAN_STATUSES else None)


def _clause_of(text: str, attribution: Attribution | None, inside: list[Mention]) -> str:
    """The words of the sentence holding the attribution, from its start (for "The company will ..., the
    minister said")."""
    if attribution is None:
        return ""
    ends = [text.rfind(mark, 0, attribution.start) + len(mark) for mark in (". ", "\n", "-- ")
            if text.rfind(mark, 0, attribution.start) >= 0]
    return text[max(ends, default=0):attribution.start].strip()


def _at_start(text: str, mention: Mention) -> bool:
    """The name opens its sentence or clause (after a connective at most)."""
    before = text[max(0, mention.start - 40):mention.start]
    return not before.strip() or bool(re.search(r"(?:^|[.;:!?\n]\s*|[-–—]\s+|\b(?:and|but)\s+(?:that\s+)?)$", before))


def _adjacent_company(attribution: Attribution | None, inside: list[Mention]) -> str | None:
    """A company named in the attributing words ("Rafael Ortiz, Kestrel's chief executive")."""
    if attribution is None:
        return None
    return next((m.ref for m in inside if m.kind == "company" and attribution.start <= m.start < attribution.end + 40),
                None)


def _is_past(when: str, said: date | None) -> bool:
    years = [int(y) for y in re.findall(r"\d{4}", when)]
    return bool(said and years and max(years) < said.year) or bool(
        said and re.fullmatch(r"\d{4}-\d\d", when) and when < f"{said.year}-{said.month:02d}")


def _day_of(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], *(parts[1:] + [1, 1])[:2])


def _starting(words: str) -> bool:
    """The clause dates a start ("starting in 2026", "from 2026"), not a stretch from then on ("from 2025
    onwards", "2026 and beyond")."""
    return bool(re.search(r"\b(?:starting|beginning|from|as\s+of)\s+(?:in\s+|from\s+)?(?:[\w-]+\s+){0,3}?(?:19|20)\d\d",
                          words, re.IGNORECASE)) and not re.search(r"\b(?:onwards?|and\s+beyond|or\s+later)\b", words,
                                                                 re.IGNORECASE)


# A date the claim is measured against, not its own ("ahead of the mid-2026 target it set last summer", "a quarter
# later than the end-2023 plan", "the second-half-2025 target Belmora gave in November").
_TARGET = re.compile(r"\b(?:ahead\s+of|behind|against|than|beat(?:ing)?|missed?|meet(?:ing)?)\s+(?:the\s+|its\s+|their\s+|a\s+|an\s+)?"
                     r"(?:[\w-]+\s+){0,3}?(?:target|schedule|deadline|plan|goal|date|timeline|promise)\b[^,;]*"
                     r"|\b[\w-]+\s+(?:target|deadline|goal)\s+(?:it|they|the\s+company|[A-Z]\w+)\s+(?:had\s+)?(?:set|gave|"
                     r"announced)\b[^,;]*", re.IGNORECASE)


def _when(words: str, said: date | None, status: str, attribution: Attribution | None,
          offset: int, taken: tuple[int, int] | None = None) -> tuple[str | None, dict, str | None]:
    found = periods.find(words, said)
    relative_spans = [(m.start(), m.end()) for m in _RELATIVE.finditer(words)]
    aside_spans = [(m.start(), m.end()) for m in _RELATIVE.finditer(words) if re.match(r",\s+\w+\s+wh", m.group())]
    aside_spans += [(m.start(), m.end()) for m in _BEFORE_ASIDE.finditer(words)]  # ", originally due to begin this year,"
    skip = (attribution.start - offset, attribution.end - offset) if attribution else (0, 0)
    stated = (taken[0] - offset, taken[1] - offset) if taken else None  # the words saying when it was said

    def in_relative(w) -> bool:
        return any(a <= w.start < b for a, b in relative_spans)

    targets = [(m.start(), m.end()) for m in _TARGET.finditer(words)]
    usable = [w for w in found if not (skip[0] <= w.start < skip[1])
              and not (stated and (stated[0] <= w.start < stated[1] or w.start <= stated[0] < w.end))
              and not any(a <= w.start < b for a, b in targets + aside_spans)]
    main = [w for w in usable if not in_relative(w) and (not w.past or status in ("done", "cancelled"))]
    chosen = main[0] if main else next((w for w in usable if in_relative(w) and not w.past), None)
    if chosen is None:
        return None, {}, None
    chosen = periods.resolve_month(chosen, said, past=status in ("done", "cancelled") or chosen.past)
    if chosen.text is None:
        return None, {}, (f"“{chosen.words}”: the source gives no date, so `when` is left unknown; "
                          "add it if another source dates it.")
    return chosen.text, ({"when": chosen.words} if chosen.relative else {}), None


def _remember(focus: Focus, clause, inside: list[Mention], subject: str | None, factory: str | None, speaker: str,
              company: str | None, attribution: Attribution | None, registry: Registry, main: str | None = None) -> None:
    people = [m.ref for m in inside if m.kind == "person"]
    if people:
        focus.person = people[-1]
    if attribution is not None and attribution.mention is not None and attribution.mention.kind == "person":
        focus.speaker[clause.paragraph] = attribution.mention.ref
    if attribution is not None and attribution.mention is not None:
        focus.voice = attribution.mention.ref  # the last one whose words the article gave
        if company and speaker not in registry.employer:
            focus.employer.setdefault(speaker, company)
    if subject:
        focus.company = subject
    elif company and company == main and attribution is not None and attribution.mention is not None and \
            attribution.mention.ref == company:
        focus.company = company  # "Vantora Cells, the Michigan-based maker, said that it ...": the article's company again
    elif focus.company is None:
        focus.company = next((m.ref for m in inside if m.kind == "company"), None)
    if factory:
        focus.factory = factory


def _quotations(units: list[Unit], source: str) -> None:
    """A quotation with no attribution of its own takes its speaker from the sentences around it."""
    for i, unit in enumerate(units):
        if unit.attribution is not None or not unit.quoted:
            continue
        for j in (i + 1, i - 1, i - 2, i + 2):
            if 0 <= j < len(units) and units[j].passage.paragraph == unit.passage.paragraph:
                other = units[j]
                if other.attribution is not None and other.attribution.mention is not None \
                        and other.attribution.mention.kind == "person":
                    unit.values["speaker"] = other.values["speaker"]
                    unit.values["company"] = other.values["company"]
                    unit.bearing = True
                    if other.attribution.analyst and unit.values["status"] == "opinion" and unit.values["milestone"]:
                        # an analyst's quotation on a step of the plan: that plan's company and plant
                        unit.values["company"], plant = unit.context
                        unit.values["factory"] = unit.values["factory"] or plant
                        unit.plan = bool(unit.values["company"])
                    break


def proposed(unit: Unit, statements: bool) -> bool:
    """Whether a clause is proposed as a draft: one telling of a plan, or a judgement ("a bold but risky move");
    with statements, any clause that says something of an entity (a remark, a company's history)."""
    return unit.bearing and (statements or unit.plan or unit.judgement)


def _drafts(text: str, units: list[Unit], source: str, taken: frozenset[str], statements: bool = True) -> list[dict]:
    bearing = [u for u in units if u.bearing]
    bullets = [u for u in bearing if u.passage.kind == "bullet"]
    body = [u for u in bearing if u.passage.kind == "body"]
    pairs = {i: j for i, j in dedupe.pairs([u.words for u in bullets], [u.words for u in body]).items()
             if not _other_plants(bullets[i], body[j])}
    for i, bullet in enumerate(bullets):  # "NCM pouch project formally ended" and the sentence telling it in full
        if i in pairs or bullet.values["status"] not in PLAN_STATUSES or not bullet.values.get("company"):
            continue
        same = [j for j, u in enumerate(body) if j not in pairs.values() and len(bullet.words & u.words) >= 2
                and u.values["status"] == bullet.values["status"] and u.values.get("company") == bullet.values["company"]
                and any(bullet.values.get(k) and bullet.values.get(k) == u.values.get(k) for k in ("product", "milestone"))
                and (u.plan or u.judgement) and not _other_plants(bullet, u)]
        if len(same) == 1:
            pairs[i] = same[0]
    merged_body = set(pairs.values())
    groups: list[tuple[Unit, list[Unit]]] = []
    for i, bullet in enumerate(bullets):
        if i in pairs:
            other = body[pairs[i]]
            if other.attribution is not None and bullet.attribution is None or _knows(other) > _knows(bullet) and \
                    bullet.values.get("company") in (None, other.values.get("company")):
                groups.append((other, [bullet]))
            else:
                groups.append((bullet, [other]))
        else:
            groups.append((bullet, []))
    groups += [(u, []) for j, u in enumerate(body) if j not in merged_body]
    kept = [g for g in groups if any(proposed(u, statements) for u in (g[0], *g[1]))]
    remarks = [g[0] for g in groups if not g[1] and not any(g[0] is k[0] for k in kept)]
    groups = _dated_by_occasion(text, _retold(_lede(kept)), remarks)
    groups.sort(key=lambda g: min([g[0].passage.start] + [o.passage.start for o in g[1]]))
    drafts, ids = [], set(taken)
    for primary, others in groups:
        drafts.append(_draft(text, primary, others, source, ids))
    return drafts


def _makes(words: str, inside: list[Mention], factory: str | None) -> bool:
    """The clause says what a plant will make ("The plant will make 46-series cells", "will convert its plant in
    Batang to produce LFP cells"): a claim with no step, the plant's product."""
    return (factory is not None or bool(_FACTORY_REF.search(words))) and any(m.kind == "product" for m in inside) and (
        bool(PLANT_PRODUCT.search(words)) or bool(_CONVERT.search(words)))


def _other_plants(bullet: Unit, sentence: Unit) -> bool:
    """A bullet and a body sentence about different plants ("Orin to start production at Larchmont in 2027", "Orin will
    begin mass production at its Fenwick pilot line in 2026"): two claims, whatever words they share."""
    return bool(bullet.values.get("factory") and sentence.values.get("factory")
                and bullet.values["factory"] != sentence.values["factory"])


def _knows(unit: Unit) -> int:
    """How much of a plan's identity a clause gives (the body sentence a bullet repeats may give more)."""
    return sum(1 for k in ("company", "factory", "milestone", "when") if unit.values.get(k))


def _lede(groups: list[tuple[Unit, list[Unit]]]) -> list[tuple[Unit, list[Unit]]]:
    """The article's first sentence (its lede) said again, with its date, a few paragraphs on: one draft, the
    later sentence first ("Acme will start production a year later than planned" ... "Production is now
    expected in the second half of 2025, the chief financial officer said"): the same company, plant, step and
    status, the lede giving no other date, product or amount."""
    body = [g for g in groups if g[0].passage.kind == "body" and not g[1]]
    if not body:
        return groups
    first = min(g[0].passage.start for g in body)
    paragraph = next(g[0].passage.paragraph for g in body if g[0].passage.start == first)
    ledes = [g for g in body if g[0].passage.paragraph == paragraph and g[0].plan]
    out = list(groups)
    for lede in ledes:
        unit = lede[0]
        values = unit.values
        if not values.get("milestone") or not values.get("company"):
            continue
        later = next((g for g in out if g[0].passage.kind == "body" and g[0].passage.start > unit.passage.end
                      and g[0].passage.paragraph <= paragraph + 4 and g[0].plan and not g[1]
                      and g[0].values.get("company") == values["company"]
                      and g[0].values.get("milestone") == values["milestone"]
                      and g[0].values.get("status") == values["status"] and g[0].values.get("when")
                      and values.get("when") in (None, g[0].values.get("when"))
                      and _same_plant(g[0], unit) and _agree(g[0], unit)), None)
        if later is not None and lede in out:
            out[out.index(later)] = (later[0], [unit])
            out.remove(lede)
    return out


_STEP_KEYS = ("speaker", "company", "factory", "milestone", "status", "when")


def _retold(groups: list[tuple[Unit, list[Unit]]]) -> list[tuple[Unit, list[Unit]]]:
    """One step of a plan told again further on in the article ("has officially begun mass production", "announced
    that the plant has ... started its production", "has begun mass production of 2170 cells"): one draft, the first
    telling first and the others under `also`, when the speaker, company, plant, step, status and date are the same
    and so are the product and the amounts. Steps told apart in any of these stay apart, and so do steps at plants
    the article leaves unnamed ("a plant in Texas", "a plant in Poland"): nothing says they are one."""
    out: list[tuple[Unit, list[Unit]]] = []
    for group in sorted(groups, key=lambda g: g[0].passage.start):
        unit = group[0]
        values = unit.values
        same = None
        if unit.plan and unit.passage.kind == "body" and values.get("milestone") and values.get("company") and \
                values["status"] in PLAN_STATUSES:
            same = next((i for i, (first, _) in enumerate(out) if first.plan and first.passage.kind == "body"
                         and all(first.values.get(k) == values.get(k) for k in _STEP_KEYS)
                         and _same_plant(first, unit) and _agree(first, unit)), None)
        if same is None:
            out.append(group)
        else:
            first, others = out[same]
            out[same] = (first, [*others, unit, *group[1]])
    return out


def _same_plant(one: Unit, other: Unit) -> bool:
    """Both clauses are at one plant the reading knows (the registry's, or one the article names): two unknown
    plants are no evidence of one plant ("a new plant in Georgia", "a new plant in Hungary")."""
    return one.values.get("factory") is not None and one.values.get("factory") == other.values.get("factory")


def _agree(one: Unit, other: Unit) -> bool:
    """The two clauses give the same product and the same amounts: a product or an amount only one of them gives
    may tell another step ("... for a second product line, 4695 cells"; "hired 500 engineers", a count kb does
    not read, beside "hired 1,000 workers"), so it keeps them apart as surely as two that differ."""
    a, b = one.values, other.values
    return _stated_product(a) == _stated_product(b) and (a.get("quantities") or {}) == (b.get("quantities") or {})


def _stated_product(values: dict) -> str | None:
    """The product the clause names, or the plant's as known before it (its earlier claims, the article above);
    not the article's product, which may come from the very telling it is compared with."""
    return None if (values.get("inferred") or {}).get("product") == "the article's product" else values.get("product")


# An occasion that marks a step: "held a grand opening ceremony for the facility on Monday".
_MARKING = re.compile(r"\b(?:ceremony|ceremonies|ribbon[- ]cutting|inauguration|inaugurated|grand\s+opening|celebrat\w+|"
                      r"opening\s+event|unveil\w*)\b", re.IGNORECASE)


def _dated_by_occasion(text: str, groups: list[tuple[Unit, list[Unit]]], remarks: list[Unit]
                       ) -> list[tuple[Unit, list[Unit]]]:
    """A step told as done with no date, and the next sentence of its paragraph dating the occasion that marked it
    ("... has opened its doors and started production. Panasonic held a grand opening ceremony for the facility on
    Monday."): the step is dated by that day (inferred from its words), and the sentence goes under `also`."""
    out = list(groups)
    read = sorted([*(u for g in groups for u in (g[0], *g[1])), *remarks], key=lambda u: u.passage.start)
    for i, (primary, others) in enumerate(out):
        if primary.values["status"] != "done" or primary.values.get("when") or not primary.plan:
            continue
        for told in (primary, *others):
            after = next((u for u in read if u.passage.start >= told.passage.end), None)
            alone = next((g for g in out if g[0] is after and not g[1]), None)
            if after is None or after.plan or after.passage.kind != "body" or \
                    after.passage.paragraph != told.passage.paragraph or (alone is None and after not in remarks) or \
                    after.values["status"] != "done" or not after.values.get("when") or \
                    after.values.get("company") != primary.values.get("company") or \
                    after.values.get("factory") not in (None, primary.values.get("factory")) or \
                    not _MARKING.search(after.passage.text(text)):
                continue
            dated = replace(primary, values={**primary.values, "when": after.values["when"], "inferred": _with_when(
                primary.values.get("inferred"), after.values.get("inferred"))})
            out[i] = (dated, [*others, after])
            if alone is not None:
                out.remove(alone)
            break
    return out


def _draft(text: str, primary: Unit, others: list[Unit], source: str, ids: set[str]) -> dict:
    from ..edit.new import choose_id
    from ..model.ids import slug

    values = dict(primary.values)
    for other in others:
        if values["status"] == "statement" and other.values["status"] in PLAN_STATUSES:
            values["status"] = other.values["status"]  # the headline's "X to invest ...": the body says it plainly
        if other.values.get("quantities"):
            values["quantities"] = {**other.values["quantities"], **(values.get("quantities") or {})}
        more = other.values.get("when")
        if more and values.get("when") and more.startswith(values["when"] + "-"):
            values["when"] = more  # "in 2027" in the bullet, "in the first half of 2027" in the body
            values["inferred"] = _with_when(values.get("inferred"), other.values.get("inferred"))
        for key in ("when", "factory", "product", "company", "milestone", "quantities"):
            if key == "company" and other.values["speaker"] != values["speaker"]:
                continue  # "Nevada's governor said" in the bullet is no company's word
            if key in ("factory", "milestone", "product") and other.values.get("company") not in (
                    None, values.get("company")):
                continue  # the other passage read the company (and so its plant) otherwise
            if not values.get(key) and other.values.get(key):
                values[key] = other.values[key]
                if key == "when":
                    values["inferred"] = _with_when(values.get("inferred"), other.values.get("inferred"))
    quote = primary.passage.text(text)
    draft = {"id": None, "claim": claim_text(quote, primary.attribution, primary.passage.start), **values,
             "source": source, "quote": quote, "tags": [],
             "also": [o.passage.text(text) for o in others],
             "new": [e.command() for e in _unique([*primary.new, *(e for o in others for e in o.new)])]}
    naming = {**draft, "company": slug(draft["company"] or "") or None, "speaker": slug(draft["speaker"] or "")}
    draft["id"] = choose_id(SimpleNamespace(claims_by_id=ids, entities_by_id={}), naming)
    ids.add(draft["id"])
    return draft


def _with_when(mine: dict | None, theirs: dict | None) -> dict:
    """inferred words with `when` taken from the other passage's (its when was taken too)."""
    out = {k: v for k, v in (mine or {}).items() if k != "when"}
    if (theirs or {}).get("when"):
        out["when"] = theirs["when"]
    return out


def claim_text(quote: str, attribution: Attribution | None, offset: int) -> str:
    """The quote lightly normalised: a closing attribution (", the company said on Tuesday") and
    leading connectives ("Moreover, ") cut, quotation marks dropped, first letter capital."""
    text = quote
    if attribution is not None:
        a, b = attribution.start - offset, attribution.end - offset
        if 0 < a and b >= len(text.rstrip(" .")) - 1 and len(text[:a].split()) >= 3:
            text = text[:a].rstrip(" ,")
    text = _LEAD.sub("", text.strip()).strip(" ,\"“”")
    if not text:
        text = quote.strip(" \"“”")
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text.rstrip(",;:") + "."
