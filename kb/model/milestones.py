"""The milestones of a plan: the steps a company promises and a claim's `milestone:` names.

With the company, the factory and the product, the milestone says which plan a claim is about:
"mass production at the Arizona plant" said in 2022 for 2024 and in 2025 for 2026 is one plan
whose date slipped; "sample production" at the same plant is another. kb's own list is below;
a knowledge base adds its own in `claims/registry/milestones.yaml` (`kb add milestone`), each
with the words `kb extract` reads as it.
"""

from __future__ import annotations

MILESTONES: dict[str, str] = {
    "groundbreaking": "ground is broken for the plant",
    "construction-start": "construction of the plant starts",
    "construction-complete": "construction of the plant is finished",
    "equipment-installation": "production equipment or lines are installed",
    "sample-production": "the first samples are produced (for customers to test)",
    "trial-production": "trial or pilot production runs",
    "mass-production": "mass (volume, commercial) production starts",
    "full-production": "production runs at full capacity or full scale",
    "capacity-expansion": "capacity is added or raised",
    "hiring": "people are hired",
    "investment": "money is invested or committed",
    "supply-start": "deliveries to a customer start",
    "closure": "a plant or line closes",
}


# The steps of building a plant and producing in it, in the order they come: a step under way or done means
# the ones before it were passed (kb track --suggest), and one done keeps a plan of any step before it
# (kb.model.progress). Hiring, investment, capacity, supply and closure are no stage of this order.
STAGES = ("groundbreaking", "construction-start", "construction-complete", "equipment-installation",
          "trial-production", "sample-production", "mass-production", "full-production")


def known_milestones(declared=()) -> dict[str, str]:
    """kb's milestones and those a knowledge base declares (Milestone records), id -> what it means."""
    return {**MILESTONES, **{m.id: m.name for m in declared}}
