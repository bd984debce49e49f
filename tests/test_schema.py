"""The JSON Schema, derived from kb.model.schema, agrees with `kb check` (checked by an independent validator)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from conftest import REPO, claim_text

from kb.model.schema_json import SCHEMA_NAMES, json_schema


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


KEYS = ("id, claim, speaker, company, concerns, product, factory, milestone, when, said, status, source, quote, quote_kind, "
        "quantities, attributes, tags, supports, contradicts, supersedes, elaborates, related, inferred, external, note")
BAD = {  # the file, and the one problem `kb check` reports
    "unknown-key": (claim_text("x", colour="red"), f"8:1: error: unknown key 'colour'; allowed keys: {KEYS} [unknown-key]"),
    "missing-key": (claim_text("x", quote=None), "1:1: error: missing required key 'quote' (the passage of the source "
                                                 "that carries the claim, verbatim unless `quote_kind` says otherwise) "
                                                 "[missing-key]"),
    "bad-status": (claim_text("x", status="rumour"), "5:9: error: 'status': 'rumour' is not allowed; use one of: "
                   "planned, considering, underway, done, cancelled, statement, opinion [bad-status]"),
    "year-as-text": (claim_text("x", when="soon"), "8:7: error: 'when': 'soon' is relative: write the period it "
                                                   "means (e.g. 2025) and add `inferred: {when: soon}` to say the "
                                                   "source only implies it [bad-value]"),
    "year-out-of-range": (claim_text("x", when=3024), "8:7: error: 'when': year 3024 is outside 1900..2100 [bad-value]"),
    "bad-date": (claim_text("x", said="March 2024"), "8:7: error: 'said': 'March 2024' is not a date like 2024, "
                                                     "2024-03 or 2024-03-06 [bad-value]"),
    "list-for-text": (claim_text("x", claim="[a, b]"), "2:8: error: 'claim': expected text, got a list; put quotes "
                                                       "around it if it is meant as text [bad-value]"),
    "text-for-list": (claim_text("x", concerns="globex"), "8:11: error: 'concerns': expected a list such as [a, b], "
                                                          "got text [wrong-type]"),
    # a name where an id belongs loads; `kb check` (kb.checks.references) points to the id it names
    "bad-id": (claim_text("x", speaker="Jane Doe"), "3:10: error: 'speaker': 'Jane Doe' is a name, not an id; did you "
                                                    "mean 'jane-doe'? [unknown-ref]"),
    "bad-id-underscore": (claim_text("x", speaker="jane_doe"), "3:10: error: 'speaker': no person or company or "
                                                               "source 'jane_doe'; did you mean 'jane-doe'? "
                                                               "[unknown-ref]"),
    "empty-value": (claim_text("x", product=""), "8:9: error: 'product' is empty; write its value, or remove the key "
                                                 "when it is unknown [empty-value]"),
    "bad-tag": (claim_text("x", tags="[Not A Tag]"), "8:8: error: 'tags': tag 'Not A Tag' must be lowercase letters, "
                                                     "digits and hyphens [bad-value]"),
    "duplicate-in-list": (claim_text("x", concerns="[globex, globex]"), "8:20: error: 'concerns': 'globex' is listed "
                                                                       "twice; remove one [bad-value]"),
    "inferred-not-a-field": (claim_text("x", inferred="{colour: red}"), "8:12: error: 'inferred' names 'colour', "
                                                                        "which is not a field [bad-value]"),
}
GOOD = {
    "minimal": claim_text("x"),
    "full": claim_text("x", concerns="[globex]", product='"4680"', factory="acme-springfield", when=2024,
                       said="2024-03-06", tags='["4680", cells]', related="[y]", inferred="{year: next year}",
                       note="checked"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_fail_both(case, make_kb, kb_at):
    text, expected = BAD[case]
    assert list(validator().iter_errors(yaml.load(text, Loader=TextDates))), "the JSON Schema accepted it"
    root = make_kb({"claims/x.yaml": text})
    result = kb_at(root)("check", "-o", "parsable")
    assert (result.exit_code, result.stdout.splitlines()) == (1, [f"claims/x.yaml:{expected}"])


@pytest.mark.parametrize("case", sorted(GOOD))
def test_good_files_pass_both(case, make_kb, kb_at):
    text = GOOD[case]
    validator().validate(yaml.load(text, Loader=TextDates))
    root = make_kb({"claims/x.yaml": text, "claims/y.yaml": claim_text("y", claim="Another thing entirely.")})
    result = kb_at(root)("check", "-o", "parsable")
    assert result.exit_code == 0, result.stdout
