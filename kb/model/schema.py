"""The one definition of the knowledge base's records.

Every record type is a frozen dataclass whose fields carry their own spec (kind,
doc, example). Validation (`kb.model.validate`), the format reference in docs/format.md
(`kb.model.docs`) and the JSON Schema (`kb.model.schema_json`) are all derived from these
classes, so a field is added or changed in exactly one place.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from typing import Any, Mapping, Optional

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$"
TAG_PATTERN = ID_PATTERN
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
YEAR_RANGE = (1900, 2100)
MAX_TEXT = 5000
MULTI_LINE = ("claim", "quote", "note")  # text fields that may span lines; all others are one line

STATUSES: dict[str, str] = {
    "planned": "an intention the speaker has committed to (announced plans, targets)",
    "considering": "an option under study, not committed",
    "underway": "work in progress (construction, ramp-up, trial production)",
    "done": "completed (production started, plant opened, deal signed)",
    "cancelled": "called off, paused indefinitely or withdrawn",
    "statement": "a statement of fact or position that is not a plan",
    "opinion": "a judgement, forecast or assessment, often the publication's own",
}

QUOTE_KINDS: dict[str, str] = {
    "verbatim": "the source's own words, character for character (the default when absent); checked against "
                "the archived text",
    "paraphrase": "the source's content in other words, when it gives no verbatim words (a data set row, a "
                  "report's summary)",
    "translation": "the source's words translated from another language",
}

ATTRIBUTE_TYPES: dict[str, str] = {
    "text": "one line of text",
    "number": "a number",
    "choice": "one of the declared `values`",
    "date": "a partial date: YYYY, YYYY-MM or YYYY-MM-DD",
    "quantity": "an amount with a unit, as in `quantities`",
}

SOURCE_KINDS: dict[str, str] = {
    "article": "a news or blog article",
    "press-release": "a company's own press release",
    "filing": "a regulatory filing or earnings report",
    "transcript": "an earnings call, interview or talk transcript",
    "report": "an analyst or research report",
    "social": "a post on social media",
    "other": "anything else",
}

RELATIONS: dict[str, str] = {
    "supports": "this claim gives evidence for the target",
    "contradicts": "this claim disagrees with the target",
    "supersedes": "this newer claim replaces the target (an update of the same plan)",
    "elaborates": "this claim adds detail to the target",
    "related": "loosely connected; no stronger relation applies",
}
INVERSE_RELATIONS: dict[str, str] = {
    "supports": "supported by",
    "contradicts": "contradicted by",
    "supersedes": "superseded by",
    "elaborates": "elaborated by",
    "related": "related to",
}


# Field kinds whose value is a mapping or a list (absent = empty); the rest are single values.
MAPPING_KINDS = ("inferred", "quantities", "attributes", "external")
LIST_KINDS = ("refs", "strings", "tags", "roles", "values")


def spec(
    kind: str,
    doc: str,
    *,
    required: bool = False,
    example: Any = None,
    refs: tuple[str, ...] = (),
    choices: Mapping[str, str] | None = None,
) -> Any:
    """A schema field: a dataclass field whose metadata says how to validate and document it."""
    metadata = {"kind": kind, "doc": doc, "required": required, "example": example,
                "refs": refs, "choices": choices}
    if kind in MAPPING_KINDS:
        return field(default_factory=dict, metadata=metadata)
    if kind in LIST_KINDS:
        return field(default=(), metadata=metadata)
    return field(default=MISSING if required else None, metadata=metadata)


def place() -> Any:
    """Where a record was read from; not part of the file format."""
    return field(default=None, compare=False, repr=False, metadata={"kind": None})


def where(record: Any, key: str) -> tuple[int, int]:
    """(line, column) of a field ('factory') or list item ('concerns.1') of a record, else of the record.

    Records keep their positions as one compact string ("id 1 5;claim 2 8;..."): a dict per
    record would cost more memory than the record itself in a knowledge base of 100,000 claims.
    """
    for part in (record.positions or "").split(";"):
        name, _, place_text = part.partition(" ")
        if name == key:
            line, column = place_text.split(" ")
            return int(line), int(column)
    return record.line, 1


@dataclass(frozen=True, kw_only=True, slots=True)
class Claim:
    """One thing someone said, in one file under `claims/`; the file stem is the id."""

    id: str = spec("id", "Stable id, equal to the file's stem: lowercase letters, digits and hyphens.",
                   required=True, example="lges-4680-ochang-mass-production")
    claim: str = spec("text", "The claim itself, in one sentence.", required=True,
                      example="LGES will start mass production of 4680 cells at its Ochang factory.")
    speaker: str = spec("ref", "Who said it: a person, or the company or source when no person is named.",
                        required=True, refs=("person", "company", "source"), example="lges")
    company: Optional[str] = spec("ref", "The company whose plan or statement this is.",
                                  refs=("company",), example="lges")
    concerns: tuple[str, ...] = spec("refs", "Other companies the claim concerns.",
                                     refs=("company",), example=["tesla"])
    product: Optional[str] = spec("text", "The product, as the industry names it.", example="4680")
    factory: Optional[str] = spec("ref", "The factory the claim is about.", refs=("factory",),
                                  example="lges-ochang")
    milestone: Optional[str] = spec("milestone", "The step of a plan the claim is about: one of the milestones "
                                                 "listed below, or one declared in "
                                                 "`claims/registry/milestones.yaml`. With company, factory and "
                                                 "product it names the plan (`kb track --suggest` links on it).",
                                    example="mass-production")
    when: Optional[str] = spec("period", "When its subject happens or is due, as precisely as the source says: "
                                         "a year, half, quarter, month, day, part of a year, season, fiscal "
                                         "year or range (see below). Absent when unknown. Old files' `year:` "
                                         "is read as `when:`.",
                               example="2026-H2")
    said: Optional[str] = spec("date", "When it was said: YYYY, YYYY-MM or YYYY-MM-DD. Absent when unknown.",
                               example="2024-03")
    status: str = spec("choice", "What kind of claim this is.", required=True, choices=STATUSES,
                       example="planned")
    source: str = spec("ref", "Where it was said: a source id from the registry.", required=True,
                       refs=("source",), example="powering-the-future-4680")
    quote: str = spec("text", "The passage of the source that carries the claim, verbatim unless "
                              "`quote_kind` says otherwise.", required=True,
                      example="LGES intends to start 4680 mass production at its Ochang factory in "
                              "North Chungcheong Province.")
    quote_kind: Optional[str] = spec("choice", "How the quote renders the source; absent means verbatim.",
                                     choices=QUOTE_KINDS, example="paraphrase")
    quantities: dict[str, Any] = spec("quantities", "Amounts the claim states, by name: capacity, investment, "
                                                    "jobs or any other; each an amount with its unit (see below), "
                                                    "or a list of the same amount in several currencies.",
                                      example={"capacity": "53 GWh/yr", "investment": "about 5.5 billion USD"})
    attributes: dict[str, Any] = spec("attributes", "Values of the attributes this knowledge base declares in "
                                                    "`claims/registry/attributes.yaml`.",
                                      example={"chemistry": "LFP"})
    tags: tuple[str, ...] = spec("tags", "Free keywords: lowercase letters, digits and hyphens.",
                                 example=["4680", "mass-production"])
    supports: tuple[str, ...] = spec("refs", RELATIONS["supports"].capitalize() + ".", refs=("claim",))
    contradicts: tuple[str, ...] = spec("refs", RELATIONS["contradicts"].capitalize() + ".", refs=("claim",))
    supersedes: tuple[str, ...] = spec("refs", RELATIONS["supersedes"].capitalize() + ".", refs=("claim",))
    elaborates: tuple[str, ...] = spec("refs", RELATIONS["elaborates"].capitalize() + ".", refs=("claim",),
                                       example=["lges-tesla-4680-production-this-year"])
    related: tuple[str, ...] = spec("refs", RELATIONS["related"].capitalize() + ".", refs=("claim",))
    inferred: dict[str, str] = spec("inferred", "Fields the source only implies, each with the words that imply it.",
                                    example={"when": "later this year"})
    external: dict[str, str] = spec("external", "Ids of this claim in other systems (a data set's row id, a "
                                                "fact-check's address), by system; unique per system.",
                                    example={"politifact": "21345"})
    note: Optional[str] = spec("text", "The analyst's remark; not part of the claim.")
    path: str = place()
    line: int = place()
    positions: str = place()


@dataclass(frozen=True, kw_only=True, slots=True)
class Company:
    """A company, listed in `claims/registry/companies.yaml`."""

    id: str = spec("id", "Stable id.", required=True, example="lges")
    name: str = spec("text", "Full name.", required=True, example="LG Energy Solution")
    aliases: tuple[str, ...] = spec("strings", "Other names that match in filters.",
                                    example=["LGES", "LG엔솔"])
    country: Optional[str] = spec("text", "Home country.", example="South Korea")
    fiscal_year_end: Optional[int] = spec("month", "The month its fiscal year ends in; places `FY` "
                                                   "periods of its claims. Absent when unknown.", example=3)
    external: dict[str, str] = spec("external", "Ids in other systems, by system; unique per system.")
    note: Optional[str] = spec("text", "Free remark.")
    path: str = place()
    line: int = place()
    positions: str = place()


@dataclass(frozen=True, kw_only=True, slots=True)
class Person:
    """A person, listed in `claims/registry/people.yaml`."""

    id: str = spec("id", "Stable id.", required=True, example="kim-dong-myeong")
    name: str = spec("text", "Full name.", required=True, example="Kim Dong-myeong")
    aliases: tuple[str, ...] = spec("strings", "Other spellings that match in filters.")
    role: Optional[str] = spec("text", "Role, as the sources give it (the current or only one known).",
                               example="CEO")
    company: Optional[str] = spec("ref", "Employer.", refs=("company",), example="lges")
    roles: tuple[Any, ...] = spec("roles", "Roles with the dates they were held, one `{role: ..., company: ..., "
                                           "from: ..., until: ...}` per line (`from`/`until` partial dates, "
                                           "each optional).",
                                  refs=("company",),
                                  example=[{"role": "CEO", "company": "lges", "from": "2023-11"}])
    external: dict[str, str] = spec("external", "Ids in other systems, by system; unique per system.")
    note: Optional[str] = spec("text", "Free remark.")
    path: str = place()
    line: int = place()
    positions: str = place()


@dataclass(frozen=True, kw_only=True, slots=True)
class Factory:
    """A factory, listed in `claims/registry/factories.yaml`."""

    id: str = spec("id", "Stable id.", required=True, example="lges-ochang")
    name: str = spec("text", "Name.", required=True, example="Ochang factory")
    aliases: tuple[str, ...] = spec("strings", "Other names that match in filters.", example=["Ochang"])
    owner: Optional[str] = spec("ref", "The company that runs it.", refs=("company",), example="lges")
    city: Optional[str] = spec("text", "City or town.", example="Ochang")
    region: Optional[str] = spec("text", "Province or state.", example="North Chungcheong Province")
    country: Optional[str] = spec("text", "Country.", example="South Korea")
    external: dict[str, str] = spec("external", "Ids in other systems, by system; unique per system.")
    note: Optional[str] = spec("text", "Free remark.")
    path: str = place()
    line: int = place()
    positions: str = place()


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    """Where claims were read, listed in `claims/registry/sources.yaml`."""

    id: str = spec("id", "Stable id.", required=True, example="powering-the-future-4680")
    title: str = spec("text", "Title as published.", required=True)
    kind: str = spec("choice", "What kind of source.", required=True, choices=SOURCE_KINDS, example="article")
    aliases: tuple[str, ...] = spec("strings", "Other names that match in filters.")
    publisher: Optional[str] = spec("text", "Who published it. Absent when unknown.")
    date: Optional[str] = spec("date", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD. Absent when unknown.")
    url: Optional[str] = spec("url", "Where it can be read. Absent when unknown.")
    archive: Optional[str] = spec("path", "A copy of its text in this repository, relative to the repository "
                                          "root; quotes citing the source are checked against it.",
                                  example="sources/powering-the-future-4680.txt")
    external: dict[str, str] = spec("external", "Ids in other systems, by system; unique per system.")
    note: Optional[str] = spec("text", "Free remark.")
    path: str = place()
    line: int = place()
    positions: str = place()


@dataclass(frozen=True, kw_only=True, slots=True)
class Attribute:
    """An attribute this knowledge base declares for its claims, in `claims/registry/attributes.yaml`."""

    name: str = spec("id", "The attribute's name, as claims write it under `attributes:`.", required=True,
                     example="rating")
    type: str = spec("choice", "What its values are.", required=True, choices=ATTRIBUTE_TYPES, example="choice")
    values: tuple[str, ...] = spec("values", "The allowed values, for type `choice`.",
                                   example=["true", "mostly-true", "half-true", "mostly-false", "false",
                                            "pants-on-fire"])
    description: Optional[str] = spec("text", "What it means.", example="The fact-checker's rating.")
    path: str = place()
    line: int = place()
    positions: str = place()

    @property
    def id(self) -> str:
        return self.name


@dataclass(frozen=True, kw_only=True, slots=True)
class Product:
    """A product, listed in `claims/registry/products.yaml`: claims name it by id (`product: cylindrical-46`)."""

    id: str = spec("id", "Stable id.", required=True, example="cylindrical-46")
    name: str = spec("text", "Name.", required=True, example="46-series cylindrical cell")
    aliases: tuple[str, ...] = spec("strings", "Other names that match in filters and that `kb extract` reads "
                                               "as this product.", example=["46-series", "4695", "4680"])
    external: dict[str, str] = spec("external", "Ids in other systems, by system; unique per system.")
    note: Optional[str] = spec("text", "Free remark.")
    path: str = place()
    line: int = place()
    positions: str = place()


@dataclass(frozen=True, kw_only=True, slots=True)
class Milestone:
    """A milestone of plans that this knowledge base adds to kb's own list, in
    `claims/registry/milestones.yaml`."""

    id: str = spec("id", "Stable id, as claims write it under `milestone:`.", required=True,
                   example="recycling-start")
    name: str = spec("text", "What it means.", required=True, example="Recycling of production scrap starts")
    aliases: tuple[str, ...] = spec("strings", "Words that `kb extract` reads as this milestone.",
                                    example=["recycling line", "start recycling"])
    note: Optional[str] = spec("text", "Free remark.")
    path: str = place()
    line: int = place()
    positions: str = place()


ENTITY_TYPES: dict[str, type] = {
    "company": Company,
    "person": Person,
    "factory": Factory,
    "source": Source,
    "product": Product,
    "milestone": Milestone,
}
# Registry files, and the folders under claims/registry/ whose files (any depth) hold entries of a kind.
REGISTRY_FILES: dict[str, str] = {
    "companies.yaml": "company",
    "people.yaml": "person",
    "factories.yaml": "factory",
    "sources.yaml": "source",
    "products.yaml": "product",
    "milestones.yaml": "milestone",
    "attributes.yaml": "attribute",
}
REGISTRY_FOLDERS: dict[str, str] = {name[:-len(".yaml")]: kind for name, kind in REGISTRY_FILES.items()}
REGISTRY_TYPES: dict[str, type] = {**ENTITY_TYPES, "attribute": Attribute}
# Keys of older formats, read as their new names (`kb fmt` rewrites them).
LEGACY_KEYS: dict[type, dict[str, str]] = {Claim: {"year": "when"}}


@lru_cache(maxsize=None)
def schema_fields(record_type: type) -> tuple:
    """The fields of a record type that belong to the file format, in canonical order."""
    return tuple(f for f in fields(record_type) if f.metadata.get("kind"))

