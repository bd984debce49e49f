"""Documentation derived from the schema: the README's format tables come from here.

`tests/test_docs.py` fails when README.md and the schema disagree, so the
documentation cannot drift from what `kb check` enforces.
"""

from __future__ import annotations

import json

from .schema import ENTITY_TYPES, SOURCE_KINDS, STATUSES, Claim, RELATIONS, schema_fields

_KIND_WORDS = {
    "id": "id", "text": "text", "ref": "id ({refs})", "refs": "list of ids ({refs})",
    "strings": "list of text", "tags": "list of tags", "year": "year", "date": "partial date",
    "choice": "one of the values below", "url": "web address", "path": "path in the repository",
    "inferred": "mapping: field → words",
}


def _example(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return "`" + json.dumps(value, ensure_ascii=False).replace('"', "") + "`"
    return f"`{value}`"


def field_table(record_type: type) -> str:
    """A markdown table of a record type's fields: key, required, type, meaning, example."""
    lines = ["| key | required | type | meaning | example |", "| --- | --- | --- | --- | --- |"]
    for spec in schema_fields(record_type):
        meta = spec.metadata
        kind = _KIND_WORDS[meta["kind"]].format(refs=", ".join(meta["refs"]))
        lines.append(f"| `{spec.name}` | {'yes' if meta['required'] else ''} | {kind} | {meta['doc']} | "
                     f"{_example(meta['example'])} |")
    return "\n".join(lines)


def choices_list(choices: dict[str, str]) -> str:
    return "\n".join(f"- `{name}`: {doc}" for name, doc in choices.items())


def format_reference() -> str:
    """The generated part of README's format section."""
    parts = ["### Claim files", field_table(Claim), "", "Statuses:", choices_list(STATUSES), "",
             "Relations (each a list of claim ids; the inverse is computed, never written):",
             choices_list(RELATIONS)]
    for kind, record_type in ENTITY_TYPES.items():
        file_name = {"company": "companies", "person": "people", "factory": "factories", "source": "sources"}[kind]
        parts += ["", f"### `claims/registry/{file_name}.yaml`: {kind} entries", field_table(record_type)]
    parts += ["", "Source kinds:", choices_list(SOURCE_KINDS)]
    return "\n".join(parts)


START, END = "<!-- format-reference:start -->", "<!-- format-reference:end -->"


def with_reference(readme: str) -> str:
    """README text with the generated format reference between its markers."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{format_reference()}\n{END}{tail}"


if __name__ == "__main__":  # python -m kb.docs: refresh README.md after changing the schema
    from pathlib import Path

    from .atomic import write_text_atomic

    path = Path("README.md")
    write_text_atomic(path, with_reference(path.read_text(encoding="utf-8")), overwrite=True)
    print(f"updated {path}")
