"""The JSON Schema, derived from kb.schema, agrees with `kb check` (checked by an independent validator)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import REPO, claim_text
from kb.schema_json import SCHEMA_NAMES, json_schema


class TextDates(yaml.SafeLoader):
    """PyYAML's safe loader, except that dates stay text as they do in kb."""


TextDates.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(name: str = "claim") -> jsonschema.Draft202012Validator:
    schema = json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_claim_and_registry_file_in_the_repository_validates():
    claims = sorted((REPO / "claims").rglob("*.yaml"))
    for path in claims:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=TextDates)
        if path.parent.name == "registry":
            name = {"companies": "company", "people": "person", "factories": "factory",
                    "sources": "source"}[path.stem]
            validator(name).validate(data)
        else:
            validator().validate(data)


@pytest.mark.parametrize("name", sorted(SCHEMA_NAMES))
def test_schema_files_in_the_repository_are_current(name):
    shipped = json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(name), "run: kb schema NAME > schema/NAME.schema.json"


BAD = {
    "unknown-key": claim_text("x", speker="jane-doe"),
    "missing-key": claim_text("x", quote=None),
    "bad-status": claim_text("x", status="rumour"),
    "year-as-text": claim_text("x", when="soon"),
    "year-out-of-range": claim_text("x", when=3024),
    "bad-date": claim_text("x", said="March 2024"),
    "list-for-text": claim_text("x", claim="[a, b]"),
    "text-for-list": claim_text("x", concerns="globex"),
    "bad-id": claim_text("x", speaker="Jane Doe"),
    "empty-value": claim_text("x", product=""),
    "bad-tag": claim_text("x", tags="[Not A Tag]"),
    "duplicate-in-list": claim_text("x", concerns="[globex, globex]"),
    "inferred-not-a-field": claim_text("x", inferred="{colour: red}"),
}
GOOD = {
    "minimal": claim_text("x"),
    "full": claim_text("x", concerns="[globex]", product='"4680"', factory="acme-springfield", when=2024,
                       said="2024-03-06", tags='["4680", cells]', related="[y]", inferred="{year: next year}",
                       note="checked"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_fail_both(case, make_kb, kb_at):
    text = BAD[case]
    assert list(validator().iter_errors(yaml.load(text, Loader=TextDates))), "the JSON Schema accepted it"
    root = make_kb({"claims/x.yaml": text})
    result = kb_at(root)("check", "-o", "parsable")
    assert result.exit_code == 1 and "claims/x.yaml:" in result.stdout


@pytest.mark.parametrize("case", sorted(GOOD))
def test_good_files_pass_both(case, make_kb, kb_at):
    text = GOOD[case]
    validator().validate(yaml.load(text, Loader=TextDates))
    root = make_kb({"claims/x.yaml": text, "claims/y.yaml": claim_text("y", claim="Another thing entirely.")})
    result = kb_at(root)("check", "-o", "parsable")
    assert result.exit_code == 0, result.stdout
