"""The claim format and the claim model: what a claim, an entity, a period and an amount are.

Pure definitions and functions of values, no files and no terminal: the schema (`schema`, one
definition from which validation, the documents and the JSON Schema are derived), the kinds of
values (`kinds`), periods (`period`, and `period_words` for the words people write them in),
quantities (`quantity`), readable ids (`ids`), validation of one record (`validate`), the
problems every layer reports (`problem`), the records and the knowledge base in memory
(`records`), safe text (`text`), did-you-mean (`closest`), the generated format reference (`docs`)
and JSON Schema (`schema_json`).

May import: nothing of kb outside this package.
"""

from __future__ import annotations

_RECORDS = ("KnowledgeBase", "display_name", "entity_names", "kind_of", "short_name")


def __getattr__(name: str):
    """`from kb.model import KnowledgeBase`: the records module was `kb.model` before the layers."""
    if name in _RECORDS:
        from . import records

        return getattr(records, name)
    raise AttributeError(f"module 'kb.model' has no attribute {name!r}")
