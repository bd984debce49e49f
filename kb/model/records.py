"""The loaded knowledge base: claims and registry entities, with the lookups every command needs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping, Union

from .schema import Attribute, Claim, Company, Factory, Milestone, Person, Product, Source

Entity = Union[Company, Person, Factory, Source, Product, Milestone]
KIND_OF_TYPE = {Company: "company", Person: "person", Factory: "factory", Source: "source", Product: "product",
                Milestone: "milestone", Attribute: "attribute"}


def kind_of(record: Any) -> str:
    """'claim', 'company', 'person', 'factory', 'source', 'product', 'milestone' or 'attribute'."""
    return "claim" if isinstance(record, Claim) else KIND_OF_TYPE[type(record)]


def display_name(record: Any) -> str:
    """The name a person reads: an entity's name or title, a claim's id."""
    if isinstance(record, Claim):
        return record.id
    return getattr(record, "name", None) or getattr(record, "title", None) or record.id


def short_name(record: Any) -> str:
    """The shortest name an entity goes by ("LGES", "Ochang"), for narrow table columns."""
    if isinstance(record, Person):  # an alias of a person is another spelling, not a short form
        return record.name
    names = [display_name(record), *getattr(record, "aliases", ())]
    return min((n for n in names if len(n) >= 2), key=len, default=record.id)



def entity_names(entity: object) -> list[str]:
    """Every name an entity answers to: id, name or title, aliases."""
    names = [entity.id, getattr(entity, "name", None) or getattr(entity, "title", None)]
    names.extend(getattr(entity, "aliases", ()))
    return [n for n in names if n]


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Everything that loaded. Records that failed validation are absent; their problems were reported.

    Compared and hashed by identity, so that derived indexes can be cached per knowledge base.
    """

    root: Path
    claims: tuple[Claim, ...]
    entities: tuple[Entity, ...]
    attributes: tuple[Attribute, ...] = ()

    @cached_property
    def attributes_by_name(self) -> Mapping[str, Attribute]:
        return {attribute.name: attribute for attribute in self.attributes}

    @cached_property
    def claims_by_id(self) -> Mapping[str, Claim]:
        return {claim.id: claim for claim in self.claims}

    @cached_property
    def entities_by_id(self) -> Mapping[str, Entity]:
        return {entity.id: entity for entity in self.entities}

    def entity(self, entity_id: str | None) -> Entity | None:
        return self.entities_by_id.get(entity_id) if entity_id else None

    def name(self, entity_id: str | None) -> str:
        """The entity's display name, or the id itself when it does not resolve."""
        entity = self.entity(entity_id)
        return display_name(entity) if entity else (entity_id or "")

    def short(self, entity_id: str | None) -> str:
        """The entity's shortest name, or the id itself when it does not resolve."""
        entity = self.entity(entity_id)
        return short_name(entity) if entity else (entity_id or "")
