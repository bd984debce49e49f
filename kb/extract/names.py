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

from dataclasses import dataclass, field
from typing import Iterable

from ..model.records import kind_of

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
                for place in (entity.city, entity.region):
                    if place and places.get(place) == {entity.id} and place not in names:
                        names.append(place)
                        registry.places[place] = entity.id
                if entity.region:
                    registry.regions.add(entity.region)
            for name in names:
                registry.add_term(name, kind, entity.id)
        for product in products:
            if not any(kind == "product" for kind, _ in registry._terms.get(product.strip(), ())):
                registry.add_term(product, "product", product)
        return registry

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
