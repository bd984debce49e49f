"""Find the registry's names and aliases in a text, all at once.

Every name and alias of every company, person and factory (and every product that claims
already name) goes into one Aho-Corasick automaton (pyahocorasick), which finds all of
them in a single pass over the text, however large the registry. Matches must stand as
whole words and are case-sensitive ("Reno" the place, not "reno-" in a word); where
matches overlap, the longest wins ("LG Energy Solution" over a shorter alias inside it).

Passing: "LGES intends to start 4680 mass production at its Ochang factory" finds lges,
the product 4680 and lges-ochang. Failing (never found): "Teslas" as Tesla.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from ..model.records import kind_of
from .lexicon import REGIONS

KINDS = ("person", "company", "factory", "product")
_PREFERENCE = {"person": 0, "company": 1, "factory": 2, "product": 3}


@dataclass(frozen=True)
class Mention:
    """A name found in the text: text[start:end] names the entity `ref` (an id, or the name of a new one)."""

    start: int
    end: int
    kind: str           # person, company, factory or product
    ref: str            # registry id; for a new entity or a product, its name
    new: bool = False   # not in the registry: proposed with `kb add`


@dataclass
class Registry:
    """What the extractor knows: entity names, people's employers, factories' owners, products."""

    kinds: dict[str, str] = field(default_factory=dict)          # id -> kind
    names: dict[str, str] = field(default_factory=dict)          # id -> display name
    employer: dict[str, str] = field(default_factory=dict)       # person id -> company id
    owner: dict[str, str] = field(default_factory=dict)          # factory id -> company id
    _terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # name -> [(kind, ref)]
    _automaton: object = None

    roles: dict[str, str] = field(default_factory=dict)          # person id -> role
    places: dict[str, str] = field(default_factory=dict)         # a factory's city or region -> factory id
    regions: set = field(default_factory=set)                    # those that are regions (states, provinces)
    countries: dict[str, str] = field(default_factory=dict)      # factory id -> its country
    milestones: dict[str, tuple[str, ...]] = field(default_factory=dict)  # declared milestone id -> its words
    cities: dict[str, str] = field(default_factory=dict)         # factory id -> its city
    plant_products: dict[str, str] = field(default_factory=dict)  # factory id -> the product its claims name most
    kinds_of_plant: dict[str, frozenset] = field(default_factory=dict)  # factory id -> the words of its name
    # that say what kind of plant it is ("pilot" in "Swansea pilot line"): "the pilot line" is that one

    @classmethod
    def from_entities(cls, entities: Iterable, products: Iterable[str] = ()) -> "Registry":
        """Entities' names and aliases; a factory also by its city and its region when no other factory
        is in them; registry products by name and aliases (their id is what a draft names); products
        named otherwise (kb's list, claims' own) by themselves, unless a registry product has the name."""
        registry = cls()
        entities = list(entities)
        places: dict[str, set[str]] = {}
        for entity in entities:
            if kind_of(entity) == "factory":
                for place in (entity.city, entity.region):
                    if place:
                        places.setdefault(place, set()).add(entity.id)
        head_counts: dict[str, int] = {}
        for entity in entities:
            for name in (getattr(entity, "name", None), *getattr(entity, "aliases", ())):
                if name and kind_of(entity) != "factory":
                    head_counts[name] = head_counts.get(name, 0) + 2  # another entity's name: never a plant's head
            if kind_of(entity) == "factory":
                head = _name_parts(entity.name)[0]
                if head:
                    head_counts[head] = head_counts.get(head, 0) + 1
        taken = {name for entity in entities if kind_of(entity) in KINDS
                 for name in (getattr(entity, "name", None), *getattr(entity, "aliases", ())) if name}
        shorts: dict[str, set[str]] = {}  # a company's name without its legal form -> the companies giving it
        for entity in entities:
            if kind_of(entity) == "company":
                for name in (entity.name, *entity.aliases):
                    short = _CORPORATE.sub("", name or "")
                    if short and short != name:
                        shorts.setdefault(short, set()).add(entity.id)
        for entity in entities:
            kind = kind_of(entity)
            if kind == "milestone":
                registry.milestones[entity.id] = tuple(entity.aliases)
            if kind not in KINDS:
                continue
            registry.kinds[entity.id] = kind
            registry.names[entity.id] = entity.name
            if kind == "person" and entity.company:
                registry.employer[entity.id] = entity.company
            if kind == "person" and entity.role:
                registry.roles[entity.id] = entity.role
            if kind == "factory" and entity.owner:
                registry.owner[entity.id] = entity.owner
            if kind == "factory" and entity.country:
                registry.countries[entity.id] = entity.country
            names = [entity.name, *entity.aliases]
            if kind == "factory":
                if entity.city:
                    registry.cities[entity.id] = entity.city
                head, descriptive = _name_parts(entity.name)
                registry.kinds_of_plant[entity.id] = descriptive
                if head and head not in names and head_counts.get(head) == 1 and head not in _NOT_A_HEAD \
                        and head not in REGIONS:
                    names.append(head)  # "Baglan" for "Baglan gigafactory", unless another entity has that name
                for place in (entity.city, entity.region):
                    if place and places.get(place) == {entity.id} and place not in names:
                        names.append(place)
                        registry.places[place] = entity.id
                if entity.region:
                    registry.regions.add(entity.region)
            if kind == "company":
                for name in list(names):
                    short = _CORPORATE.sub("", name or "")
                    if short != name and short and short not in names and short not in taken \
                            and short not in head_counts and shorts.get(short) == {entity.id} \
                            and short not in _NOT_A_HEAD and short not in _GENERIC_SHORT:
                        names.append(short)  # "Panasonic" for "Panasonic Group", unless another entity has that
                        # name, another company's name shortens to it too ("Hyundai Motor" for "Hyundai Motor Group"
                        # and "Hyundai Motor Company"), or it is a common word ("Energy" for "Energy Group")
            for name in names:
                registry.add_term(name, kind, entity.id)
        for product in products:
            if not any(kind == "product" for kind, _ in registry._terms.get(product.strip(), ())):
                registry.add_term(product, "product", product)
        return registry

    def factory_of_kind(self, words: str, company: str | None) -> str | None:
        """The company's one factory whose name says it is of the kind words name ("the pilot line", "its pilot
        plant": the company's "Swansea pilot line"), or None."""
        found = [f for f, kinds in self.kinds_of_plant.items() if kinds and kinds <= set(words.casefold().split())
                 and (company is None or self.owner.get(f) == company)]
        return found[0] if len(found) == 1 else None

    def add_term(self, name: str, kind: str, ref: str) -> None:
        name = name.strip()
        if len(name) < 2 or (kind, ref) in self._terms.get(name, ()):
            return
        self._terms.setdefault(name, []).append((kind, ref))
        self._automaton = None

    def automaton(self):
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for name, refs in self._terms.items():
                automaton.add_word(name, (len(name), sorted(refs, key=lambda r: _PREFERENCE[r[0]])[0]))
            if self._terms:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def find(self, text: str) -> list[Mention]:
        """The registry's names in text: whole words, longest first where they overlap, in text order."""
        if not self._terms:
            return []
        found = []
        for end_index, (length, (kind, ref)) in self.automaton().iter(text):
            start, end = end_index + 1 - length, end_index + 1
            if _word_edge(text, start - 1) and _word_edge(text, end):
                found.append(Mention(start, end, kind, ref))
        return longest_first(found)


# Words of a plant's name that say what it is, not which one it is.
_GENERIC = frozenset("""plant factory gigafactory facility site works mill campus complex park project line lines cell
    cells battery batteries storage ev electric vehicle manufacturing production assembly energy power new""".split())
# Words that open a plant's name but are no name of it ("the", a sentence's first words).
# A company's name with the word that says what kind of company it is ("Panasonic Group", "Acme Holdings Inc."),
# which articles drop ("Panasonic held a ceremony"): the name without it names the company too.
_CORPORATE = re.compile(r"(?:,?\s+(?:Group|Holdings?|Corporation|Corp\.?|Co\.|Company|Inc\.?|Ltd\.?|Limited|"
                        r"plc|PLC|AG|SE|S\.A\.|N\.V\.|LLC))+$")
# A company's name cut of its legal form that is a common noun, never a name in prose ("the Energy Minister").
_GENERIC_SHORT = frozenset("""Energy Power Battery Batteries Cell Cells Motor Motors Group Solutions Solution
    Technologies Technology Materials Material Chemical Chemicals Industries Industry Systems Electric Electronics
    Automotive Mobility Holdings International Global Capital Partners Resources Metals Mining Steel Auto Autos Green
    Future""".split())
_NOT_A_HEAD = frozenset("""The A An New Old First Second Third North South East West Central Battery Cell Pilot Giga
    Plant Factory""".split())


def _name_parts(name: str) -> tuple[str | None, frozenset]:
    """A factory's name as its head (the capitalised words it opens with, when generic words follow: "Baglan" of
    "Baglan gigafactory") and the lowercase words that say what kind of plant it is ("pilot" of "Swansea pilot
    line")."""
    tokens = name.split()
    head = []
    for token in tokens:
        if token[:1].isupper() and token.casefold() not in _GENERIC:
            head.append(token)
        else:
            break
    rest = tokens[len(head):]
    generic = bool(rest) and all(t.casefold() in _GENERIC or t.islower() for t in rest)
    descriptive = frozenset(t.casefold() for t in rest if t.islower() and t.casefold() not in _GENERIC)
    return (" ".join(head) if head and generic else None), descriptive


def _word_edge(text: str, i: int) -> bool:
    """True when position i is outside text or holds no letter or digit (a name's edge)."""
    return i < 0 or i >= len(text) or not text[i].isalnum()


def longest_first(mentions: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, the longer kept where two overlap, in text order."""
    kept: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= a or m.start >= b for a, b in taken):
            kept.append(m)
            taken.append((m.start, m.end))
    return sorted(kept, key=lambda m: m.start)
